// SPDX-License-Identifier: BSD-3-Clause
/* ftruncate and fallocate: changing how long a file is. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <uk/fdtab.h>
#include <uk/syscall.h>

UK_SYSCALL_DEFINE(int, ftruncate, int, fd, off_t, len)
{
	struct uk_ofile *of;
	int rc;

	if (len < 0)
		return -EINVAL;
	of = uk_fd_get(fd);
	if (!of)
		return -EBADF;
	if (of->flags & O_PATH)
		rc = -EBADF;
	else if (!uk_ofile_writable(of) || of->file->type != S_IFREG ||
		 !of->file->ops->truncate)
		rc = -EINVAL;
	else if (of->flags & O_APPEND)
		rc = -EPERM;	/* as Linux: an append-only file */
	else
		rc = of->file->ops->truncate(of->file, len);
	uk_ofile_put(of);
	return rc;
}

/* FALLOC_FL_KEEP_SIZE: reserve without growing; the rest: not done. */
#define FALLOC_FL_KEEP_SIZE	0x01

UK_SYSCALL_DEFINE(int, fallocate, int, fd, int, mode, off_t, off, off_t, len)
{
	struct uk_ofile *of;
	struct uk_file *f;
	int rc;

	if (off < 0 || len <= 0)
		return -EINVAL;
	if (off > INT64_MAX - len)
		return -EFBIG;
	of = uk_fd_get(fd);
	if (!of)
		return -EBADF;
	f = of->file;
	if ((of->flags & O_PATH) || !uk_ofile_writable(of))
		rc = -EBADF;
	else if (f->type == S_IFIFO || (f->flags & UK_FILE_STREAM))
		rc = -ESPIPE;
	else if (f->type == S_IFDIR)
		rc = -EISDIR;
	else if (mode & ~FALLOC_FL_KEEP_SIZE)
		rc = -EOPNOTSUPP;
	else if (f->type != S_IFREG || !f->ops->fallocate)
		rc = -ENODEV;
	else
		rc = f->ops->fallocate(f, mode, off, len);
	uk_ofile_put(of);
	return rc;
}
