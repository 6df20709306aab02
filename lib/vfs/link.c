// SPDX-License-Identifier: BSD-3-Clause
/* link, symlink, readlink and their *at forms. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include <uk/syscall.h>
#include <uk/user.h>

#include "vfs_impl.h"

static long do_linkat(int olddirfd, const char *oldpath, int newdirfd,
		      const char *newpath, int flags)
{
	char path[UK_PATH_MAX];
	struct uk_vnode *start, *vn, *existing;
	struct vfs_parent *p;
	int rc;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	rc = vfs_path_in(olddirfd, oldpath, path, flags & AT_EMPTY_PATH,
			 &start);
	if (rc < 0)
		return rc;
	p = vfs_parent_alloc();
	if (!p) {
		vfs_start_put(start);
		return -ENOMEM;
	}
	rc = vfs_parent_begin(p, newdirfd, newpath);
	if (rc)
		goto out_free;
	rc = uk_vfs_walk(start, path, UK_WALK_EMPTY |
			 ((flags & AT_SYMLINK_FOLLOW) ? UK_WALK_FOLLOW : 0),
			 &vn);
	if (rc)
		goto out;
	if (S_ISDIR(vn->mode))
		rc = -EPERM;
	else if (!p->len || vfs_is_dots(p->name, p->len) || p->slash)
		rc = -EEXIST;
	else if (vn->mnt != p->dir->mnt)
		rc = -EXDEV;
	else if (!p->dir->vops->lookup(p->dir, p->name, p->len, &existing)) {
		uk_vnode_put(existing);
		rc = -EEXIST;
	} else if (vn->nlink == 0) {
		rc = -ENOENT;		/* unlinked while open */
	} else if (vfs_readonly(p->dir)) {
		rc = -EROFS;
	} else if (!p->dir->vops->link) {
		rc = -EPERM;
	} else {
		rc = p->dir->vops->link(p->dir, p->name, p->len, vn);
		if (!rc)
			vfs_touch_dir(p->dir);
	}
	uk_vnode_put(vn);
out:
	vfs_parent_done(p);
out_free:
	vfs_parent_free(p);
	vfs_start_put(start);
	return rc;
}

UK_SYSCALL_DEFINE(int, link, const char *, oldpath, const char *, newpath)
{
	return do_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

UK_SYSCALL_DEFINE(int, linkat, int, olddirfd, const char *, oldpath,
		  int, newdirfd, const char *, newpath, int, flags)
{
	return do_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
}

static long do_symlinkat(const char *utarget, int dirfd, const char *upath)
{
	char target[UK_PATH_MAX];
	struct vfs_parent p;
	struct uk_vnode *vn;
	long rc;

	rc = uk_user_strncpy(target, utarget, sizeof(target));
	if (rc < 0)
		return rc;
	if (!rc)
		return -ENOENT;
	rc = vfs_parent_begin(&p, dirfd, upath);
	if (rc)
		return rc;
	if (!p.len || vfs_is_dots(p.name, p.len) || p.slash)
		rc = -EEXIST;
	else if (!p.dir->vops->lookup(p.dir, p.name, p.len, &vn)) {
		uk_vnode_put(vn);
		rc = -EEXIST;
	} else if (vfs_readonly(p.dir)) {
		rc = -EROFS;
	} else if (!p.dir->vops->symlink) {
		rc = -EPERM;
	} else {
		rc = p.dir->vops->symlink(p.dir, p.name, p.len, target, &vn);
		if (!rc) {
			vfs_touch_dir(p.dir);
			uk_vnode_put(vn);
		}
	}
	vfs_parent_done(&p);
	return rc;
}

UK_SYSCALL_DEFINE(int, symlink, const char *, target, const char *, path)
{
	return do_symlinkat(target, AT_FDCWD, path);
}

UK_SYSCALL_DEFINE(int, symlinkat, const char *, target, int, dirfd,
		  const char *, path)
{
	return do_symlinkat(target, dirfd, path);
}

static long do_readlinkat(int dirfd, const char *upath, char *buf,
			  int size)
{
	char path[UK_PATH_MAX];
	struct uk_vnode *start, *vn;
	const char *target;
	size_t len;
	long rc;

	if (size <= 0)
		return -EINVAL;
	if (!uk_user_ok(buf, size, true))
		return -EFAULT;
	/* "" with a dirfd: the symlink the O_PATH descriptor names */
	rc = vfs_path_in(dirfd, upath, path, true, &start);
	if (rc < 0)
		return rc;
	if (!path[0] && !start) {
		rc = -ENOENT;
		goto out;
	}
	uk_mutex_lock(&uk_vfs_lock);
	rc = uk_vfs_walk(start, path, UK_WALK_EMPTY, &vn);
	if (!rc) {
		if (!S_ISLNK(vn->mode) || !vn->vops->get_link) {
			rc = -EINVAL;
		} else {
			target = vn->vops->get_link(vn);
			len = MIN(strlen(target), (size_t)size);
			memcpy(buf, target, len);
			rc = len;
		}
		uk_vnode_put(vn);
	}
	uk_mutex_unlock(&uk_vfs_lock);
out:
	vfs_start_put(start);
	return rc;
}

UK_SYSCALL_DEFINE(ssize_t, readlink, const char *, path, char *, buf,
		  int, size)
{
	return do_readlinkat(AT_FDCWD, path, buf, size);
}

UK_SYSCALL_DEFINE(ssize_t, readlinkat, int, dirfd, const char *, path,
		  char *, buf, int, size)
{
	return do_readlinkat(dirfd, path, buf, size);
}
