// SPDX-License-Identifier: BSD-3-Clause
/* unlink, rmdir, unlinkat: removing a name. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <uk/syscall.h>

#include "vfs_impl.h"

static int remove_name(struct vfs_parent *p, bool dir)
{
	struct uk_vnode *vn;
	int rc;

	if (!p->len)
		return dir ? -EBUSY : -EISDIR;	/* "/" */
	if (vfs_is_dots(p->name, p->len)) {
		if (!dir)
			return -EISDIR;
		return p->len == 1 ? -EINVAL : -ENOTEMPTY;
	}
	rc = p->dir->vops->lookup(p->dir, p->name, p->len, &vn);
	if (rc)
		return rc;
	if (dir && !S_ISDIR(vn->mode))
		rc = -ENOTDIR;
	else if (!dir && S_ISDIR(vn->mode))
		rc = -EISDIR;
	else if (!dir && p->slash)
		rc = -ENOTDIR;
	else if (vn->mounted || vn == uk_vfs_root)
		rc = -EBUSY;
	else if (vfs_readonly(p->dir))
		rc = -EROFS;
	else if (!p->dir->vops->unlink)
		rc = -EPERM;
	else {
		/* before: the path cache must not hand out what goes */
		uk_vfs_names_changed();
		rc = p->dir->vops->unlink(p->dir, p->name, p->len, vn);
	}
	if (!rc)
		vfs_touch_dir(p->dir);
	uk_vnode_put(vn);
	return rc;
}

static long do_unlinkat(int dirfd, const char *upath, int flags)
{
	struct vfs_parent p;
	int rc;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	rc = vfs_parent_begin(&p, dirfd, upath);
	if (rc)
		return rc;
	rc = remove_name(&p, flags & AT_REMOVEDIR);
	vfs_parent_done(&p);
	return rc;
}

UK_SYSCALL_DEFINE(int, unlink, const char *, path)
{
	return do_unlinkat(AT_FDCWD, path, 0);
}

UK_SYSCALL_DEFINE(int, rmdir, const char *, path)
{
	return do_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

UK_SYSCALL_DEFINE(int, unlinkat, int, dirfd, const char *, path, int, flags)
{
	return do_unlinkat(dirfd, path, flags);
}
