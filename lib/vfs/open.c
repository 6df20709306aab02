// SPDX-License-Identifier: BSD-3-Clause
/*
 * open, openat, creat: the walk, O_CREAT's creation, the checks Linux
 * makes, then an open file description on the vnode (or, for a device,
 * on the file its driver gives).
 */
#include <errno.h>
#include <fcntl.h>

#include <uk/fdtab.h>
#include <uk/syscall.h>

#include "vfs_impl.h"

#ifndef O_PATH
#define O_PATH		010000000
#endif
#ifndef O_TMPFILE
#define O_TMPFILE	(020000000 | O_DIRECTORY)
#endif

/* flags open() knows; others are ignored, as Linux ignores them */
#define OPEN_FLAGS	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | \
			 O_APPEND | O_NONBLOCK | O_DSYNC | O_ASYNC | \
			 O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | \
			 O_NOATIME | O_CLOEXEC | O_SYNC | O_PATH | O_TMPFILE)
/* what O_PATH keeps */
#define PATH_FLAGS	(O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

static int open_checks(struct uk_vnode *vn, int flags)
{
	int acc = flags & O_ACCMODE;

	if (flags & O_PATH)
		return 0;
	if (S_ISLNK(vn->mode))
		return -ELOOP;		/* O_NOFOLLOW met a symlink */
	if (S_ISDIR(vn->mode) && (acc != O_RDONLY || (flags & O_CREAT)))
		return -EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(vn->mode))
		return -ENOTDIR;
	if (acc == 3)
		return -EINVAL;
	if (acc != O_RDONLY && vfs_readonly(vn))
		return -EROFS;
	if (S_ISSOCK(vn->mode))
		return -ENXIO;
	return 0;
}

int vfs_open_vnode(struct uk_vnode *vn, int flags)
{
	struct uk_file *f = &vn->file;
	int rc;

	if (flags & O_PATH) {
		flags &= PATH_FLAGS;
		flags |= O_RDONLY;
	} else if (vn->vops->open) {
		rc = vn->vops->open(vn, flags, &f);
		uk_vnode_put(vn);
		if (rc)
			return rc;
	}
	return uk_fd_open_file(f, flags);
}

/* O_CREAT: the parent's walk, then the name looked up or created. */
static int open_create(struct uk_vnode *start, const char *path, int flags,
		       unsigned int mode, struct uk_vnode **out)
{
	struct uk_vnode *dir, *vn;
	const char *name;
	size_t len;
	bool slash;
	int rc;

	rc = uk_vfs_walk_parent(start, path, &dir, &name, &len, &slash);
	if (rc)
		return rc;
	if (!len || slash || vfs_is_dots(name, len)) {
		rc = -EISDIR;
		goto out;
	}
	rc = dir->vops->lookup(dir, name, len, &vn);
	if (!rc) {
		if (flags & O_EXCL) {
			uk_vnode_put(vn);
			rc = -EEXIST;
			goto out;
		}
		if (S_ISLNK(vn->mode) && !(flags & O_NOFOLLOW)) {
			/* a symlink: what it names, if that exists */
			uk_vnode_put(vn);
			rc = uk_vfs_walk(start, path, UK_WALK_FOLLOW, &vn);
		} else if (vn->mounted) {
			uk_vnode_put(vn);
			rc = uk_vfs_walk(start, path, 0, &vn);
		}
		if (!rc)
			*out = vn;
		goto out;
	}
	if (rc != -ENOENT)
		goto out;
	if (vfs_readonly(dir)) {
		rc = -EROFS;
		goto out;
	}
	if (!dir->vops->create) {
		rc = -EACCES;
		goto out;
	}
	rc = dir->vops->create(dir, name, len,
			       S_IFREG | (mode & 07777 & ~vfs_umask), 0, out);
	if (!rc)
		vfs_touch_dir(dir);
out:
	uk_vnode_put(dir);
	return rc;
}

static long do_openat(int dirfd, const char *upath, int flags,
		      unsigned int mode)
{
	char path[UK_PATH_MAX];
	struct uk_vnode *start, *vn;
	unsigned int walk;
	size_t len;
	int rc;

	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	if (flags & O_PATH)
		flags &= PATH_FLAGS;
	rc = vfs_path_in(dirfd, upath, path, false, &start);
	if (rc < 0)
		return rc;
	len = rc;
	walk = (flags & O_NOFOLLOW) ? 0 : UK_WALK_FOLLOW;
	vn = (flags & O_CREAT) ? NULL : vfs_walk_cached(start, path, len,
							walk);
	rc = 0;
	if (!vn) {
		uk_mutex_lock(&uk_vfs_lock);
		if (flags & O_CREAT)
			rc = open_create(start, path, flags, mode, &vn);
		else
			rc = uk_vfs_walk_len(start, path, len, walk, &vn);
		uk_mutex_unlock(&uk_vfs_lock);
	}
	vfs_start_put(start);
	if (rc)
		return rc;
	rc = open_checks(vn, flags);
	if (!rc && (flags & O_TRUNC) && S_ISREG(vn->mode) &&
	    (flags & O_ACCMODE) != O_RDONLY && vn->file.ops->truncate)
		rc = vn->file.ops->truncate(&vn->file, 0);
	if (rc) {
		uk_vnode_put(vn);
		return rc;
	}
	return vfs_open_vnode(vn, flags);
}

UK_SYSCALL_DEFINE(int, open, const char *, path, int, flags,
		  unsigned int, mode)
{
	return do_openat(AT_FDCWD, path, flags, mode);
}

UK_SYSCALL_DEFINE(int, openat, int, dirfd, const char *, path, int, flags,
		  unsigned int, mode)
{
	return do_openat(dirfd, path, flags, mode);
}

UK_SYSCALL_DEFINE(int, creat, const char *, path, unsigned int, mode)
{
	return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
