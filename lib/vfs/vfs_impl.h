/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by lib/vfs's syscall files. */
#ifndef VFS_IMPL_H
#define VFS_IMPL_H

#include <fcntl.h>
#include <sys/stat.h>

#include <uk/vfs.h>

/*
 * A path from the app and where it starts: copies upath into buf
 * (UK_PATH_MAX bytes) and, for a relative path, takes dirfd's directory
 * (AT_FDCWD: NULL, the walk's cwd) with a reference into *start (put it
 * with vfs_start_put). The path's length, or -EFAULT, -ENAMETOOLONG,
 * -ENOENT (empty, unless
 * empty_ok), -EBADF, -ENOTDIR (dirfd is no directory).
 */
int vfs_path_in(int dirfd, const char *upath, char *buf, bool empty_ok,
		struct uk_vnode **start);

static inline void vfs_start_put(struct uk_vnode *start)
{
	if (start)
		uk_vnode_put(start);
}

/* The umask (applied to the modes of new files). */
extern unsigned int vfs_umask;

/* Read-only file system: for changes to vn's mount. */
static inline bool vfs_readonly(const struct uk_vnode *vn)
{
	return vn->mnt && (vn->mnt->flags & 1);	/* MS_RDONLY */
}

/* Opens vn (referenced; the reference goes to the new file) as open()
 * does after the walk; returns the descriptor or -errno. */
int vfs_open_vnode(struct uk_vnode *vn, int flags);

/* The parent-walk for calls that create or remove a name. */
struct vfs_parent {
	struct uk_vnode *start;
	struct uk_vnode *dir;
	const char *name;
	size_t len;
	bool slash;
	char path[UK_PATH_MAX];
};

/*
 * Copies the path, locks the name space and walks to the parent. On
 * success the name space stays locked: finish with vfs_parent_done.
 */
int vfs_parent_begin(struct vfs_parent *p, int dirfd, const char *upath);
void vfs_parent_done(struct vfs_parent *p);
/* A vfs_parent off the stack (it holds a path buffer). */
struct vfs_parent *vfs_parent_alloc(void);
void vfs_parent_free(struct vfs_parent *p);

/* "." or ".." */
static inline bool vfs_is_dots(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/* Updates a directory's mtime and ctime (a name came or went). */
void vfs_touch_dir(struct uk_vnode *dir);

/* Takes the dirfd's file into *of when upath is "" with AT_EMPTY_PATH. */
int vfs_empty_path(int dirfd, const char *upath, int atflags,
		   struct uk_ofile **of);

/*
 * The path cache (pathcache.c), with the name space locked: a vnode a
 * walk from start (NULL: the cwd's or the root's) ended at before, or
 * NULL (then *hash is for vfs_pathcache_add, if the walk succeeds).
 * Every change that can alter a walk's result calls invalidate.
 */
struct uk_vnode *vfs_pathcache_find(struct uk_vnode *start, const char *path,
				    size_t len, unsigned int flags,
				    uint32_t *hash);
void vfs_pathcache_add(struct uk_vnode *start, const char *path, size_t len,
		       unsigned int flags, uint32_t hash, struct uk_vnode *vn);
void vfs_pathcache_invalidate(void);
/* A hit of the cache, referenced, without the name space lock; or NULL. */
struct uk_vnode *vfs_walk_cached(struct uk_vnode *start, const char *path,
				 size_t len, unsigned int flags);

#endif /* VFS_IMPL_H */
