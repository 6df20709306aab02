// SPDX-License-Identifier: BSD-3-Clause
/*
 * The name space from inside the kernel: for those who fill it at boot
 * (the initrd, the default files) without going through the syscalls'
 * copies from the app.
 */
#include <errno.h>
#include <sys/stat.h>

#include "vfs_impl.h"

static int create_at(const char *path, unsigned int mode, dev_t rdev,
		     const char *target, struct uk_vnode **out)
{
	struct uk_vnode *dir, *vn;
	const char *name;
	size_t len;
	bool slash;
	int rc;

	uk_mutex_lock(&uk_vfs_lock);
	rc = uk_vfs_walk_parent(NULL, path, &dir, &name, &len, &slash);
	if (rc)
		goto out_unlock;
	rc = -EEXIST;
	if (!len || vfs_is_dots(name, len))
		goto out;
	if (!dir->vops->lookup(dir, name, len, &vn)) {
		uk_vnode_put(vn);
		goto out;
	}
	if (target)
		rc = dir->vops->symlink ?
		     dir->vops->symlink(dir, name, len, target, &vn) : -EPERM;
	else
		rc = dir->vops->create ?
		     dir->vops->create(dir, name, len, mode, rdev, &vn) :
		     -EPERM;
	if (rc)
		goto out;
	vfs_touch_dir(dir);
	if (out)
		*out = vn;
	else
		uk_vnode_put(vn);
out:
	uk_vnode_put(dir);
out_unlock:
	uk_mutex_unlock(&uk_vfs_lock);
	return rc;
}

int uk_vfs_mkdir(const char *path, unsigned int mode)
{
	return create_at(path, S_IFDIR | (mode & 07777), 0, NULL, NULL);
}

int uk_vfs_mknod(const char *path, unsigned int mode, dev_t rdev,
		 struct uk_vnode **out)
{
	if (out)
		*out = NULL;
	return create_at(path, mode, rdev, NULL, out);
}

int uk_vfs_create_file(const char *path, unsigned int mode, const void *data,
		       size_t len)
{
	struct iovec iov = { (void *)data, len };
	struct uk_vnode *vn;
	off_t pos = 0;
	ssize_t n;
	int rc;

	rc = uk_vfs_mknod(path, S_IFREG | (mode & 07777), 0, &vn);
	if (rc)
		return rc;
	n = vn->file.ops->write(&vn->file, &iov, 1, &pos, 0);
	uk_vnode_put(vn);
	return n < 0 ? (int)n : 0;
}

int uk_vfs_symlink(const char *target, const char *path)
{
	return create_at(path, S_IFLNK | 0777, 0, target, NULL);
}

int uk_vfs_link(const char *oldpath, const char *newpath)
{
	struct uk_vnode *vn, *dir, *existing;
	const char *name;
	size_t len;
	bool slash;
	int rc;

	uk_mutex_lock(&uk_vfs_lock);
	rc = uk_vfs_walk(NULL, oldpath, 0, &vn);
	if (rc)
		goto out_unlock;
	rc = uk_vfs_walk_parent(NULL, newpath, &dir, &name, &len, &slash);
	if (rc)
		goto out_vn;
	if (!len || vfs_is_dots(name, len) || S_ISDIR(vn->mode)) {
		rc = -EEXIST;
	} else if (!dir->vops->lookup(dir, name, len, &existing)) {
		uk_vnode_put(existing);
		rc = -EEXIST;
	} else if (vn->mnt != dir->mnt || !dir->vops->link) {
		rc = -EXDEV;
	} else {
		rc = dir->vops->link(dir, name, len, vn);
	}
	uk_vnode_put(dir);
out_vn:
	uk_vnode_put(vn);
out_unlock:
	uk_mutex_unlock(&uk_vfs_lock);
	return rc;
}

int uk_vfs_lookup(const char *path, unsigned int flags, struct uk_vnode **out)
{
	int rc;

	uk_mutex_lock(&uk_vfs_lock);
	rc = uk_vfs_walk(NULL, path, flags, out);
	uk_mutex_unlock(&uk_vfs_lock);
	return rc;
}

/* Every missing directory of path (absolute; changed while it runs). */
int uk_vfs_mkdir_p(char *path)
{
	char *s = path;
	int rc;

	for (;;) {
		while (*s == '/')
			s++;
		while (*s && *s != '/')
			s++;
		if (!*s)
			break;
		*s = 0;
		rc = uk_vfs_mkdir(path, 0755);
		*s = '/';
		if (rc && rc != -EEXIST)
			return rc;
	}
	rc = uk_vfs_mkdir(path, 0755);
	return rc == -EEXIST ? 0 : rc;
}
