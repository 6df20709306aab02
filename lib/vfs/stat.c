// SPDX-License-Identifier: BSD-3-Clause
/* stat, lstat, newfstatat, statx, statfs, fstatfs. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/user.h>

#include "vfs_impl.h"

#ifndef AT_STATX_SYNC_TYPE
#define AT_STATX_SYNC_TYPE	0x6000
#endif
#ifndef AT_NO_AUTOMOUNT
#define AT_NO_AUTOMOUNT		0x800
#endif

/* The statx of what dirfd + path names (AT_* flags). */
static int stat_at(int dirfd, const char *upath, int flags,
		   struct uk_statx *x)
{
	char path[UK_PATH_MAX];
	struct uk_vnode *start, *vn;
	struct uk_ofile *of;
	unsigned int walk;
	size_t len;
	int rc;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
		      AT_STATX_SYNC_TYPE))
		return -EINVAL;
	rc = vfs_empty_path(dirfd, upath, flags, &of);
	if (rc <= 0) {
		if (rc)
			return rc;
		/* any file: a pipe, a socket, the console */
		rc = uk_file_stat(of->file, x);
		uk_ofile_put(of);
		return rc;
	}
	rc = vfs_path_in(dirfd, upath, path, flags & AT_EMPTY_PATH, &start);
	if (rc < 0)
		return rc;
	len = rc;
	walk = UK_WALK_EMPTY |
	       ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : UK_WALK_FOLLOW);
	vn = vfs_walk_cached(start, path, len, walk);
	rc = 0;
	if (!vn) {
		uk_mutex_lock(&uk_vfs_lock);
		rc = uk_vfs_walk_len(start, path, len, walk, &vn);
		uk_mutex_unlock(&uk_vfs_lock);
	}
	vfs_start_put(start);
	if (rc)
		return rc;
	rc = uk_file_stat(&vn->file, x);
	uk_vnode_put(vn);
	return rc;
}

static long stat_out(int dirfd, const char *path, int flags,
		     struct stat *st)
{
	struct uk_statx x;
	int rc;

	if (!uk_user_write_ok(st))
		return -EFAULT;
	rc = stat_at(dirfd, path, flags, &x);
	if (!rc)
		uk_statx_to_stat(&x, st);
	return rc;
}

UK_SYSCALL_DEFINE(int, stat, const char *, path, struct stat *, st)
{
	return stat_out(AT_FDCWD, path, 0, st);
}

UK_SYSCALL_DEFINE(int, lstat, const char *, path, struct stat *, st)
{
	return stat_out(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, st);
}

UK_SYSCALL_DEFINE(int, newfstatat, int, dirfd, const char *, path,
		  struct stat *, st, int, flags)
{
	return stat_out(dirfd, path, flags, st);
}

#define STATX__RESERVED	0x80000000U

UK_SYSCALL_DEFINE(int, statx, int, dirfd, const char *, path, int, flags,
		  unsigned int, mask, struct uk_statx *, buf)
{
	struct uk_statx x;
	int rc;

	if (mask & STATX__RESERVED)
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (!uk_user_write_ok(buf))
		return -EFAULT;
	rc = stat_at(dirfd, path, flags, &x);
	if (!rc)
		*buf = x;
	return rc;
}

static int statfs_vnode(struct uk_vnode *vn, struct statfs *st)
{
	memset(st, 0, sizeof(*st));
	st->f_bsize = 4096;
	st->f_frsize = 4096;
	st->f_namelen = UK_NAME_MAX;
	if (vn->mnt) {
		st->f_fsid.__val[0] = vn->mnt->dev;
		st->f_flags = vn->mnt->flags;
	}
	if (vn->mnt && vn->vops->statfs)
		return vn->vops->statfs(vn->mnt, st);
	return 0;
}

UK_SYSCALL_DEFINE(int, statfs, const char *, upath, struct statfs *, st)
{
	char path[UK_PATH_MAX];
	struct uk_vnode *vn;
	long rc;

	if (!uk_user_write_ok(st))
		return -EFAULT;
	rc = uk_user_strncpy(path, upath, sizeof(path));
	if (rc < 0)
		return rc;
	uk_mutex_lock(&uk_vfs_lock);
	rc = uk_vfs_walk(NULL, path, UK_WALK_FOLLOW, &vn);
	uk_mutex_unlock(&uk_vfs_lock);
	if (rc)
		return rc;
	rc = statfs_vnode(vn, st);
	uk_vnode_put(vn);
	return rc;
}

UK_SYSCALL_DEFINE(int, fstatfs, int, fd, struct statfs *, st)
{
	struct uk_ofile *of;
	struct uk_vnode *vn;
	int rc = 0;

	if (!uk_user_write_ok(st))
		return -EFAULT;
	of = uk_fd_get(fd);
	if (!of)
		return -EBADF;
	vn = uk_vnode_of(of->file);
	if (vn) {
		rc = statfs_vnode(vn, st);
	} else {
		/* pipes and sockets live in pseudo file systems */
		memset(st, 0, sizeof(*st));
		st->f_bsize = 4096;
		st->f_namelen = UK_NAME_MAX;
	}
	uk_ofile_put(of);
	return rc;
}
