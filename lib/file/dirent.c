// SPDX-License-Identifier: BSD-3-Clause
/* getdents64: directory entries, from the directory's op. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/user.h>

UK_SYSCALL_DEFINE(ssize_t, getdents64, int, fd, void *, buf, size_t, len)
{
	struct uk_ofile *of;
	ssize_t rc;

	len = MIN(len, (size_t)UK_MAX_RW);
	if (!uk_user_ok(buf, len, true))
		return -EFAULT;
	of = uk_fd_get(fd);
	if (!of)
		return -EBADF;
	if (of->flags & O_PATH)
		rc = -EBADF;
	else if (of->file->type != S_IFDIR || !of->file->ops->getdents)
		rc = -ENOTDIR;
	else
		rc = of->file->ops->getdents(of->file, buf, len, &of->pos);
	uk_ofile_put(of);
	return rc;
}
