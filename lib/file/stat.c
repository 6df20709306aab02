// SPDX-License-Identifier: BSD-3-Clause
/* fstat, and struct stat made from the kernel's struct statx. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/user.h>

void uk_statx_to_stat(const struct uk_statx *x, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = makedev(x->stx_dev_major, x->stx_dev_minor);
	st->st_ino = x->stx_ino;
	st->st_nlink = x->stx_nlink;
	st->st_mode = x->stx_mode;
	st->st_uid = x->stx_uid;
	st->st_gid = x->stx_gid;
	st->st_rdev = makedev(x->stx_rdev_major, x->stx_rdev_minor);
	st->st_size = x->stx_size;
	st->st_blksize = x->stx_blksize;
	st->st_blocks = x->stx_blocks;
	st->st_atim.tv_sec = x->stx_atime.tv_sec;
	st->st_atim.tv_nsec = x->stx_atime.tv_nsec;
	st->st_mtim.tv_sec = x->stx_mtime.tv_sec;
	st->st_mtim.tv_nsec = x->stx_mtime.tv_nsec;
	st->st_ctim.tv_sec = x->stx_ctime.tv_sec;
	st->st_ctim.tv_nsec = x->stx_ctime.tv_nsec;
}

int uk_file_stat(struct uk_file *f, struct uk_statx *st)
{
	if (f->ops->stat)
		return f->ops->stat(f, st);
	/* a kind of file that says nothing about itself */
	uk_statx_init(st, f->type | 0600, 0);
	return 0;
}

UK_SYSCALL_DEFINE(int, fstat, int, fd, struct stat *, st)
{
	struct uk_ofile *of;
	struct uk_statx x;
	int rc;

	if (!uk_user_write_ok(st))
		return -EFAULT;
	of = uk_fd_get(fd);
	if (!of)
		return -EBADF;
	rc = uk_file_stat(of->file, &x);
	uk_ofile_put(of);
	if (!rc)
		uk_statx_to_stat(&x, st);
	return rc;
}
