/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The file name space: vnodes, file systems mounted at paths, the path
 * walk and the syscalls that take names.
 *
 * A vnode is a file in a file system; its first member is its file object
 * (uk/file.h), so an open vnode is a file like any other and its
 * reference count is the file's. A vnode linked into a directory holds
 * one reference for the name space (taken when it gets its first name,
 * dropped with the last one), so an unlinked file lives on while it is
 * open and is freed by the last close.
 *
 * Walks are cached by path: whoever removes a name or renames (before
 * doing it), mounts or unmounts calls uk_vfs_names_changed() (lib/vfs's
 * own syscalls do).
 *
 * Locking: one mutex for the name space (uk_vfs_lock: every lookup,
 * create, link, unlink, rename, mount and the directories' contents), one
 * per vnode for its data and attributes (vn->lock). The name space mutex
 * is taken first.
 */
#ifndef UK_VFS_H
#define UK_VFS_H

#include <sys/types.h>

#include <uk/file.h>
#include <uk/lock.h>
#include <uk/table.h>

#define UK_NAME_MAX	255
#define UK_PATH_MAX	4096
#define UK_SYMLOOP_MAX	40

struct uk_vnode;
struct uk_mount;
struct statfs;

/* Attribute changes (setattr): which fields of uk_vattr apply. */
#define UK_VA_MODE	0x01
#define UK_VA_UID	0x02
#define UK_VA_GID	0x04
#define UK_VA_ATIME	0x08
#define UK_VA_MTIME	0x10

struct uk_vattr {
	unsigned int mask;
	unsigned int mode;		/* permission bits only */
	unsigned int uid, gid;
	struct timespec atime, mtime;
};

/*
 * What a file system does with names. Directory operations run with the
 * name space locked; names are not NUL-terminated (name, len); a vnode
 * returned has a reference for the caller.
 */
struct uk_vnode_ops {
	int (*lookup)(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode **out);
	/* a regular file, directory, FIFO, socket or device node (mode has
	 * the type) */
	int (*create)(struct uk_vnode *dir, const char *name, size_t len,
		      unsigned int mode, dev_t rdev, struct uk_vnode **out);
	int (*symlink)(struct uk_vnode *dir, const char *name, size_t len,
		       const char *target, struct uk_vnode **out);
	int (*link)(struct uk_vnode *dir, const char *name, size_t len,
		    struct uk_vnode *vn);
	/* removes the name (vn is what it names; a directory must be empty:
	 * -ENOTEMPTY) */
	int (*unlink)(struct uk_vnode *dir, const char *name, size_t len,
		      struct uk_vnode *vn);
	/* lib/vfs checked the types and the loops; replaces the target (if
	 * it exists and RENAME_NOREPLACE is not given) */
	int (*rename)(struct uk_vnode *odir, const char *oname, size_t olen,
		      struct uk_vnode *ndir, const char *nname, size_t nlen,
		      unsigned int flags);
	/* a directory's name in its parent, for getcwd */
	int (*getname)(struct uk_vnode *dir, char *buf, size_t size);
	/* symlinks: the target, NUL-terminated, valid while the name space
	 * stays locked and the caller holds its reference */
	const char *(*get_link)(struct uk_vnode *vn);
	int (*setattr)(struct uk_vnode *vn, const struct uk_vattr *va);
	/* devices: the file to open instead of the vnode itself */
	int (*open)(struct uk_vnode *vn, int flags, struct uk_file **out);
	int (*statfs)(struct uk_mount *mnt, struct statfs *st);
	/* the last reference went: free it (it has no name left) */
	void (*release)(struct uk_vnode *vn);
};

struct uk_vnode {
	struct uk_file file;		/* first: a vnode is a file */
	const struct uk_vnode_ops *vops;
	struct uk_mount *mnt;		/* its file system */
	struct uk_mount *mounted;	/* what is mounted on it, if any */
	struct uk_vnode *parent;	/* directories: ".." (NULL: removed) */
	bool nocache;			/* made per lookup: no path cache */
	struct uk_mutex lock;		/* data and attributes */
	uint64_t ino;
	unsigned int mode;		/* type and permissions */
	unsigned int uid, gid;
	unsigned int nlink;
	dev_t rdev;
	off_t size;
	uint64_t blocks;		/* 512-byte units in use */
	struct timespec atime, mtime, ctime, btime;
};

static inline struct uk_vnode *uk_vnode_of(struct uk_file *f)
{
	return (f->flags & UK_FILE_VNODE) ? (struct uk_vnode *)f : NULL;
}

static inline struct uk_vnode *uk_vnode_get(struct uk_vnode *vn)
{
	uk_file_get(&vn->file);
	return vn;
}

static inline void uk_vnode_put(struct uk_vnode *vn)
{
	uk_file_put(&vn->file);
}

/*
 * Sets up a new vnode (one reference, the caller's). fops are its file
 * operations (read, write... for what open() returns); the file's
 * release must call uk_vnode_release_(), which the generic
 * uk_vnode_file_release does.
 */
void uk_vnode_init(struct uk_vnode *vn, struct uk_mount *mnt,
		   const struct uk_vnode_ops *vops,
		   const struct uk_file_ops *fops, unsigned int mode,
		   uint64_t ino);
/* file op helpers every file system can use */
void uk_vnode_file_release(struct uk_file *f);
int uk_vnode_file_stat(struct uk_file *f, struct uk_statx *st);
off_t uk_vnode_file_size(struct uk_file *f);

/*
 * getdents64 helper: appends a linux_dirent64 record (next: the cookie of
 * the entry after it, type: the S_IF* type) to buf (len bytes, *used of
 * them taken); false if it does not fit.
 */
bool uk_vfs_dirent_emit(void *buf, size_t len, size_t *used, uint64_t ino,
			uint64_t next, unsigned int type, const char *name,
			size_t nlen);

/* The current time for timestamps (CLOCK_REALTIME). */
void uk_vfs_now(struct timespec *ts);

/* --- mounts ---------------------------------------------------------------- */

struct uk_fs_type {
	const char *name;
	/* fills m->root (with a reference); source and data as mount(2) */
	int (*mount)(struct uk_mount *m, const char *source,
		     unsigned long flags, const void *data);
	void (*unmount)(struct uk_mount *m);
	uint64_t reserved;		/* table entries: a multiple of 8 */
};
UK_TABLE_DECLARE(fstypes, struct uk_fs_type);
#define uk_fs_type_register(var)					\
	static const struct uk_fs_type var __uk_table(fstypes, "5")

struct uk_mount {
	struct uk_list node;
	const struct uk_fs_type *type;
	struct uk_vnode *root;		/* the file system's root */
	struct uk_vnode *covered;	/* where it is mounted (NULL: /) */
	unsigned long flags;		/* MS_RDONLY, MS_NOATIME... */
	unsigned int dev;		/* st_dev's minor */
	void *priv;			/* the file system's */
	char source[64];
	char fstype[16];
};

/* The mounts, in mount order (uk_vfs_lock held). */
extern struct uk_list uk_vfs_mounts;

/*
 * Mounts a file system of type fstype at path (which must be a
 * directory; "/" when nothing is mounted yet makes it the root). 0 or
 * -errno; prints nothing.
 */
int uk_vfs_mount(const char *source, const char *path, const char *fstype,
		 unsigned long flags, const void *data);

/* --- the name space ----------------------------------------------------- */

extern struct uk_mutex uk_vfs_lock;

/* The root and the current directory (uk_vfs_lock held to change). */
extern struct uk_vnode *uk_vfs_root;
extern struct uk_vnode *uk_vfs_cwd;

/* Something changed that a cached walk may depend on (locked). */
void uk_vfs_names_changed(void);

/* walk flags */
#define UK_WALK_FOLLOW		0x1	/* follow a symlink at the end */
#define UK_WALK_DIRECTORY	0x2	/* the end must be a directory */
#define UK_WALK_EMPTY		0x4	/* "" names the start (AT_EMPTY_PATH) */

/*
 * Walks path (kernel memory, NUL-terminated) from start (NULL: the cwd,
 * or the root for an absolute path), with uk_vfs_lock held. Returns 0 and
 * the vnode with a reference in *out, or -ENOENT, -ENOTDIR, -ELOOP,
 * -ENAMETOOLONG, -EACCES.
 */
int uk_vfs_walk(struct uk_vnode *start, const char *path, unsigned int flags,
		struct uk_vnode **out);
/* The same for a path whose length (strlen) the caller knows. */
int uk_vfs_walk_len(struct uk_vnode *start, const char *path, size_t len,
		    unsigned int flags, struct uk_vnode **out);

/*
 * Walks all but the last component: *dir (referenced) and the last name
 * (a pointer into path, *len bytes; "" for "/", "." for "a/." and so
 * on). *slash: the path ended in '/'. uk_vfs_lock held.
 */
int uk_vfs_walk_parent(struct uk_vnode *start, const char *path,
		       struct uk_vnode **dir, const char **last, size_t *len,
		       bool *slash);

/*
 * Kernel-side calls for those who build the tree (the initrd, default
 * files): they take uk_vfs_lock themselves. Paths are absolute or from
 * the root. -EEXIST if the name is taken; uk_vfs_mknod's *out (if out is
 * not NULL) is the new node, referenced, on success only.
 */
int uk_vfs_mkdir(const char *path, unsigned int mode);
/* Makes path and every missing directory above it (0755); 0 if it is. */
int uk_vfs_mkdir_p(char *path);

/*
 * Mount lists of kernel parameters (vfs.mount=, 9pfs.mount=):
 * "NAME:/path[:ro|:rw]" entries separated by commas. uk_vfs_mount_list_ok
 * checks them (the parameter's check: a bad list is refused at parse
 * time, by the parameter's name). uk_vfs_mount_list_each, on a list that
 * passed, calls fn(name, path, flags, arg) for each entry in order
 * (flags: MS_RDONLY or 0), stops at the first error and returns it;
 * param names the list in its message for an entry too long.
 */
bool uk_vfs_mount_list_ok(const char *list);
int uk_vfs_mount_list_each(const char *param, const char *list,
			   int (*fn)(const char *name, char *path,
				     unsigned long flags, void *arg),
			   void *arg);
int uk_vfs_mknod(const char *path, unsigned int mode, dev_t rdev,
		 struct uk_vnode **out);
/* A new regular file holding data (files the kernel makes at boot). */
int uk_vfs_create_file(const char *path, unsigned int mode, const void *data,
		       size_t len);
int uk_vfs_symlink(const char *target, const char *path);
int uk_vfs_link(const char *oldpath, const char *newpath);
int uk_vfs_lookup(const char *path, unsigned int flags,
		  struct uk_vnode **out);

#endif /* UK_VFS_H */
