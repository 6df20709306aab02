// SPDX-License-Identifier: BSD-3-Clause
/*
 * The current directory: chdir, fchdir, getcwd. getcwd builds the path
 * from the directory up, by the names directories have in their parents,
 * so renaming a directory above the cwd is seen. A cwd that was removed
 * has no path: getcwd is ENOENT, as on Linux.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/user.h>

#include "vfs_impl.h"

static void set_cwd(struct uk_vnode *vn)
{
	struct uk_vnode *old;

	uk_mutex_lock(&uk_vfs_lock);
	old = uk_vfs_cwd;
	uk_vfs_cwd = vn;
	uk_mutex_unlock(&uk_vfs_lock);
	if (old)
		uk_vnode_put(old);
}

/* The directory the app's path names, referenced. */
static long dir_at(const char *upath, struct uk_vnode **vn)
{
	char path[UK_PATH_MAX];
	long rc;

	rc = uk_user_strncpy(path, upath, sizeof(path));
	if (rc < 0)
		return rc;
	if (!rc)
		return -ENOENT;
	uk_mutex_lock(&uk_vfs_lock);
	rc = uk_vfs_walk(NULL, path, UK_WALK_FOLLOW | UK_WALK_DIRECTORY, vn);
	uk_mutex_unlock(&uk_vfs_lock);
	return rc;
}

UK_SYSCALL_DEFINE(int, chdir, const char *, upath)
{
	struct uk_vnode *vn;
	long rc;

	rc = dir_at(upath, &vn);
	if (rc)
		return rc;
	set_cwd(vn);
	return 0;
}

UK_SYSCALL_DEFINE(int, fchdir, int, fd)
{
	struct uk_ofile *of = uk_fd_get(fd);
	struct uk_vnode *vn;

	if (!of)
		return -EBADF;
	vn = uk_vnode_of(of->file);
	if (!vn || !S_ISDIR(vn->mode)) {
		uk_ofile_put(of);
		return -ENOTDIR;
	}
	uk_vnode_get(vn);
	uk_ofile_put(of);
	set_cwd(vn);
	return 0;
}

/* chroot: only to "/" (one name space, as the kit has one root). */
UK_SYSCALL_DEFINE(int, chroot, const char *, upath)
{
	struct uk_vnode *vn;
	long rc;

	rc = dir_at(upath, &vn);
	if (rc)
		return rc;
	rc = vn == uk_vfs_root ? 0 : -EPERM;
	uk_vnode_put(vn);
	return rc;
}

/*
 * The path of dir into buf (size bytes), built from the end: returns the
 * offset where it starts, or -ENOENT (removed), -ERANGE. Locked.
 */
static long path_of(struct uk_vnode *dir, char *buf, size_t size)
{
	char name[UK_NAME_MAX + 1];
	size_t pos = size - 1, len;
	struct uk_vnode *vn = dir;
	int rc;

	buf[pos] = 0;
	while (vn != uk_vfs_root) {
		/* a mounted file system's root: its name is the mount point's */
		while (vn->mnt && vn == vn->mnt->root && vn->mnt->covered)
			vn = vn->mnt->covered;
		if (vn == uk_vfs_root)
			break;
		if (!vn->parent || !vn->vops->getname)
			return -ENOENT;
		rc = vn->vops->getname(vn, name, sizeof(name));
		if (rc)
			return rc;
		len = strlen(name);
		if (len + 1 > pos)
			return -ERANGE;
		pos -= len;
		memcpy(buf + pos, name, len);
		buf[--pos] = '/';
		vn = vn->parent;
	}
	if (pos == size - 1)
		buf[--pos] = '/';
	return pos;
}

UK_SYSCALL_DEFINE(long, getcwd, char *, ubuf, size_t, size)
{
	char buf[UK_PATH_MAX];
	long pos;
	size_t len;

	uk_mutex_lock(&uk_vfs_lock);
	pos = path_of(uk_vfs_cwd, buf, sizeof(buf));
	uk_mutex_unlock(&uk_vfs_lock);
	if (pos < 0)
		return pos == -ERANGE ? -ENAMETOOLONG : pos;
	len = sizeof(buf) - pos;	/* with the NUL */
	if (size < len)
		return -ERANGE;
	if (!uk_user_ok(ubuf, len, true))
		return -EFAULT;
	memcpy(ubuf, buf + pos, len);
	return len;
}
