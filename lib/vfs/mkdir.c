// SPDX-License-Identifier: BSD-3-Clause
/* mkdir, mknod and their *at forms. */
#include <errno.h>
#include <sys/stat.h>

#include <uk/syscall.h>

#include "vfs_impl.h"

/* Creates name in p->dir (locked): mode has the type. */
static int make_node(struct vfs_parent *p, unsigned int mode, dev_t rdev)
{
	struct uk_vnode *vn;
	int rc;

	if (!p->len || vfs_is_dots(p->name, p->len))
		return -EEXIST;
	if (p->slash && !S_ISDIR(mode))
		return -ENOENT;		/* "file/" names a directory */
	rc = p->dir->vops->lookup(p->dir, p->name, p->len, &vn);
	if (!rc) {
		uk_vnode_put(vn);
		return -EEXIST;
	}
	if (rc != -ENOENT)
		return rc;
	if (vfs_readonly(p->dir))
		return -EROFS;
	if (!p->dir->vops->create)
		return -EPERM;
	rc = p->dir->vops->create(p->dir, p->name, p->len, mode, rdev, &vn);
	if (rc)
		return rc;
	vfs_touch_dir(p->dir);
	uk_vnode_put(vn);
	return 0;
}

static long do_mknodat(int dirfd, const char *upath, unsigned int mode,
		       dev_t rdev)
{
	struct vfs_parent p;
	int rc;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFDIR:
		break;
	default:
		return -EINVAL;
	}
	rc = vfs_parent_begin(&p, dirfd, upath);
	if (rc)
		return rc;
	rc = make_node(&p, (mode & S_IFMT) | (mode & 07777 & ~vfs_umask),
		       rdev);
	vfs_parent_done(&p);
	return rc;
}

UK_SYSCALL_DEFINE(int, mkdir, const char *, path, unsigned int, mode)
{
	return do_mknodat(AT_FDCWD, path, S_IFDIR | (mode & 07777), 0);
}

UK_SYSCALL_DEFINE(int, mkdirat, int, dirfd, const char *, path,
		  unsigned int, mode)
{
	return do_mknodat(dirfd, path, S_IFDIR | (mode & 07777), 0);
}

UK_SYSCALL_DEFINE(int, mknod, const char *, path, unsigned int, mode,
		  dev_t, dev)
{
	if (S_ISDIR(mode))
		return -EPERM;
	return do_mknodat(AT_FDCWD, path, mode, dev);
}

UK_SYSCALL_DEFINE(int, mknodat, int, dirfd, const char *, path,
		  unsigned int, mode, dev_t, dev)
{
	if (S_ISDIR(mode))
		return -EPERM;
	return do_mknodat(dirfd, path, mode, dev);
}
