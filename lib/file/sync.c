// SPDX-License-Identifier: BSD-3-Clause
/*
 * fsync, fdatasync, syncfs. Files that keep nothing to write back (all of
 * ramfs) succeed at once; files that cannot be synced at all (pipes,
 * sockets, terminals) are EINVAL, as on Linux.
 */
#include <errno.h>
#include <fcntl.h>

#include <uk/fdtab.h>
#include <uk/syscall.h>

static int do_sync(int fd, bool data_only)
{
	struct uk_ofile *of = uk_fd_get(fd);
	int rc;

	if (!of)
		return -EBADF;
	if (of->flags & O_PATH)
		rc = -EBADF;
	else if (of->file->ops->sync)
		rc = of->file->ops->sync(of->file, data_only);
	else
		rc = -EINVAL;
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(int, fsync, int, fd)
{
	return do_sync(fd, false);
}

UK_SYSCALL_DEFINE(int, fdatasync, int, fd)
{
	return do_sync(fd, true);
}

UK_SYSCALL_DEFINE(int, syncfs, int, fd)
{
	struct uk_ofile *of = uk_fd_get(fd);

	if (!of)
		return -EBADF;
	uk_ofile_put(of);
	return 0;
}

/* Nothing is ever waiting to be written back. */
UK_SYSCALL_DEFINE(long, sync)
{
	return 0;
}
