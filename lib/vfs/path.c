// SPDX-License-Identifier: BSD-3-Clause
/* Paths from the app, and the directories they start from. */
#include <errno.h>
#include <fcntl.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/user.h>

#include "vfs_impl.h"

int vfs_path_in(int dirfd, const char *upath, char *buf, bool empty_ok,
		struct uk_vnode **start)
{
	struct uk_ofile *of;
	struct uk_vnode *vn;
	long len;

	*start = NULL;
	len = uk_user_strncpy(buf, upath, UK_PATH_MAX);
	if (len < 0)
		return len;
	if (!len && !empty_ok)
		return -ENOENT;
	if (buf[0] == '/' || dirfd == AT_FDCWD)
		return len;
	of = uk_fd_get(dirfd);
	if (!of)
		return -EBADF;
	vn = uk_vnode_of(of->file);
	if (!vn || (len && !S_ISDIR(vn->mode))) {
		uk_ofile_put(of);
		return -ENOTDIR;
	}
	*start = uk_vnode_get(vn);
	uk_ofile_put(of);
	return len;
}

int vfs_empty_path(int dirfd, const char *upath, int atflags,
		   struct uk_ofile **of)
{
	if (!(atflags & AT_EMPTY_PATH) || !uk_user_ok(upath, 1, false) ||
	    *upath)
		return 1;
	if (dirfd == AT_FDCWD)
		return 1;	/* the cwd: the walk takes "" with EMPTY */
	*of = uk_fd_get(dirfd);
	return *of ? 0 : -EBADF;
}

int vfs_parent_begin(struct vfs_parent *p, int dirfd, const char *upath)
{
	int rc;

	rc = vfs_path_in(dirfd, upath, p->path, false, &p->start);
	if (rc < 0)
		return rc;
	uk_mutex_lock(&uk_vfs_lock);
	rc = uk_vfs_walk_parent(p->start, p->path, &p->dir, &p->name, &p->len,
				&p->slash);
	if (rc) {
		uk_mutex_unlock(&uk_vfs_lock);
		vfs_start_put(p->start);
	}
	return rc;
}

void vfs_parent_done(struct vfs_parent *p)
{
	uk_mutex_unlock(&uk_vfs_lock);
	uk_vnode_put(p->dir);
	vfs_start_put(p->start);
}

void vfs_touch_dir(struct uk_vnode *dir)
{
	uk_mutex_lock(&dir->lock);
	uk_vfs_now(&dir->mtime);
	dir->ctime = dir->mtime;
	uk_mutex_unlock(&dir->lock);
}

struct vfs_parent *vfs_parent_alloc(void)
{
	return uk_malloc(sizeof(struct vfs_parent));
}

void vfs_parent_free(struct vfs_parent *p)
{
	uk_free(p);
}
