// SPDX-License-Identifier: BSD-3-Clause
/*
 * rename, renameat, renameat2 (RENAME_NOREPLACE; RENAME_EXCHANGE and
 * RENAME_WHITEOUT are EINVAL). Both names are walked and the checks made
 * with the name space locked, so the rename is atomic to every other
 * thread: the new name always names either the old file or the moved one.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <uk/syscall.h>
#include <uk/user.h>

#include "vfs_impl.h"

#define RENAME_NOREPLACE	1

/* Is dir (a directory) vn or inside vn? */
static bool is_inside(struct uk_vnode *dir, struct uk_vnode *vn)
{
	while (dir) {
		if (dir == vn)
			return true;
		if (dir == uk_vfs_root)
			return false;
		if (dir->mnt && dir == dir->mnt->root && dir->mnt->covered)
			dir = dir->mnt->covered;
		else if (dir->parent == dir)
			return false;
		else
			dir = dir->parent;
	}
	return false;
}

static int rename_checks(struct vfs_parent *o, struct vfs_parent *n,
			 struct uk_vnode *ovn, struct uk_vnode *nvn,
			 unsigned int flags)
{
	if (ovn->mounted || ovn == uk_vfs_root || (nvn && nvn->mounted))
		return -EBUSY;
	if (ovn->mnt != n->dir->mnt)
		return -EXDEV;
	if (!S_ISDIR(ovn->mode) && (o->slash || n->slash))
		return -ENOTDIR;
	if (S_ISDIR(ovn->mode) && is_inside(n->dir, ovn))
		return -EINVAL;		/* into itself */
	if (!nvn)
		return 0;
	if (flags & RENAME_NOREPLACE)
		return -EEXIST;
	if (S_ISDIR(ovn->mode) && !S_ISDIR(nvn->mode))
		return -ENOTDIR;
	if (!S_ISDIR(ovn->mode) && S_ISDIR(nvn->mode))
		return -EISDIR;
	if (S_ISDIR(nvn->mode) && is_inside(o->dir, nvn))
		return -ENOTEMPTY;	/* the target holds the source */
	return 0;
}

static long do_renameat2(int olddirfd, const char *oldpath, int newdirfd,
			 const char *newpath, unsigned int flags)
{
	struct uk_vnode *ovn = NULL, *nvn = NULL, *nstart;
	struct vfs_parent o, *n;
	int rc;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	/* the second parent's path buffer is too big for the stack too */
	n = vfs_parent_alloc();
	if (!n)
		return -ENOMEM;
	rc = vfs_path_in(newdirfd, newpath, n->path, false, &nstart);
	if (rc < 0)
		goto out_free;
	n->start = nstart;
	rc = vfs_parent_begin(&o, olddirfd, oldpath);
	if (rc) {
		vfs_start_put(nstart);
		goto out_free;
	}
	rc = uk_vfs_walk_parent(nstart, n->path, &n->dir, &n->name, &n->len,
				&n->slash);
	if (rc) {
		vfs_parent_done(&o);
		vfs_start_put(nstart);
		goto out_free;
	}
	rc = -EBUSY;
	if (!o.len || vfs_is_dots(o.name, o.len))
		goto out;
	if (!n->len || vfs_is_dots(n->name, n->len)) {
		rc = (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
		goto out;
	}
	rc = o.dir->vops->lookup(o.dir, o.name, o.len, &ovn);
	if (rc)
		goto out;
	rc = n->dir->vops->lookup(n->dir, n->name, n->len, &nvn);
	if (rc == -ENOENT)
		nvn = NULL;
	else if (rc)
		goto out;
	rc = 0;
	if (ovn == nvn)
		goto out;		/* two names of one file: nothing to do */
	rc = rename_checks(&o, n, ovn, nvn, flags);
	if (rc)
		goto out;
	if (vfs_readonly(o.dir)) {
		rc = -EROFS;
		goto out;
	}
	uk_vfs_names_changed();		/* before anything goes */
	rc = o.dir->vops->rename ?
	     o.dir->vops->rename(o.dir, o.name, o.len, n->dir, n->name,
				 n->len, flags) : -EPERM;
	if (!rc) {
		vfs_touch_dir(o.dir);
		if (n->dir != o.dir)
			vfs_touch_dir(n->dir);
		uk_mutex_lock(&ovn->lock);
		uk_vfs_now(&ovn->ctime);
		uk_mutex_unlock(&ovn->lock);
	}
out:
	if (ovn)
		uk_vnode_put(ovn);
	if (nvn)
		uk_vnode_put(nvn);
	uk_vnode_put(n->dir);
	vfs_parent_done(&o);
	vfs_start_put(nstart);
out_free:
	vfs_parent_free(n);
	return rc;
}

UK_SYSCALL_DEFINE(int, rename, const char *, oldpath, const char *, newpath)
{
	return do_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

UK_SYSCALL_DEFINE(int, renameat, int, olddirfd, const char *, oldpath,
		  int, newdirfd, const char *, newpath)
{
	return do_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

UK_SYSCALL_DEFINE(int, renameat2, int, olddirfd, const char *, oldpath,
		  int, newdirfd, const char *, newpath, unsigned int, flags)
{
	return do_renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}
