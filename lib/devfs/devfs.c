// SPDX-License-Identifier: BSD-3-Clause
/*
 * devfs, mounted at /dev at boot: a directory of the devices the image's
 * libraries registered (uk/devfs.h), the symlinks stdin, stdout and
 * stderr to fd/0, fd/1, fd/2, and fd/: fd/N names what descriptor N
 * has open, and opening it opens that file again (a new open file
 * description, as Linux's /proc/self/fd/N gives for a pipe or a
 * device; for a regular file Linux reopens by path instead: same file,
 * same result but for the position, which starts at 0 in both).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#include <uk/alloc.h>
#include <uk/devfs.h>
#include <uk/fdtab.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/vfs.h>

#define DEVFS_MAGIC	0x1373	/* Linux's devfs */

UK_TABLE_DEFINE(devtab, struct uk_devfs_device);

struct devfs_node {
	struct uk_vnode vn;
	const char *name;
	const struct uk_devfs_device *dev;	/* a device */
	const char *target;			/* a symlink */
	int fd;					/* fd/N, or -1 */
};

static const char *const links[][2] = {
	{ "stdin", "fd/0" }, { "stdout", "fd/1" }, { "stderr", "fd/2" },
};

/* the fixed nodes: root, fd/, the links, then one per device */
struct devfs {
	struct devfs_node root, fd_dir, link[3];
	struct devfs_node *devs;
	unsigned int ndevs;
	uint64_t next_ino;
};

static const struct uk_vnode_ops devfs_vops;
static const struct uk_file_ops devfs_dir_ops, devfs_node_ops,
	devfs_fd_ops;

static struct devfs_node *node_of(struct uk_vnode *vn)
{
	return (struct devfs_node *)vn;
}

static void node_init(struct devfs *fs, struct uk_mount *m,
		      struct devfs_node *n, const char *name, unsigned int mode,
		      const struct uk_file_ops *fops)
{
	uk_vnode_init(&n->vn, m, &devfs_vops, fops, mode, fs->next_ino++);
	n->vn.nlink = S_ISDIR(mode) ? 2 : 1;
	n->name = name;
	n->fd = -1;
}

/* The nodes of the root, in listing order: index i, or NULL past them. */
static struct devfs_node *root_entry(struct devfs *fs, unsigned int i)
{
	if (i == 0)
		return &fs->fd_dir;
	if (i <= ARRAY_SIZE(links))
		return &fs->link[i - 1];
	i -= 1 + ARRAY_SIZE(links);
	return i < fs->ndevs ? &fs->devs[i] : NULL;
}

/* fd/N: a node for what descriptor N has open now. */
static int fd_lookup(struct devfs *fs, struct uk_mount *m, const char *name,
		     size_t len, struct uk_vnode **out)
{
	struct devfs_node *n;
	struct uk_ofile *of;
	struct uk_statx st;
	char num[12];
	char *end;
	long fd;

	if (!len || len >= sizeof(num) || (name[0] == '0' && len > 1))
		return -ENOENT;
	memcpy(num, name, len);
	num[len] = 0;
	fd = strtol(num, &end, 10);
	if (*end || fd < 0 || fd > INT32_MAX)
		return -ENOENT;
	of = uk_fd_get(fd);
	if (!of)
		return -ENOENT;
	uk_file_stat(of->file, &st);
	uk_ofile_put(of);
	n = uk_calloc(1, sizeof(*n));
	if (!n)
		return -ENOMEM;
	uk_vnode_init(&n->vn, m, &devfs_vops, &devfs_fd_ops, st.stx_mode,
		      0x10000 + fd);
	n->vn.nlink = 1;
	n->vn.parent = NULL;
	n->vn.nocache = true;	/* what fd N is changes without a name */
	n->fd = fd;
	*out = &n->vn;
	return 0;
}

static int devfs_lookup(struct uk_vnode *dir, const char *name, size_t len,
			struct uk_vnode **out)
{
	struct devfs *fs = dir->mnt->priv;
	struct devfs_node *n;
	unsigned int i;

	if (dir == &fs->fd_dir.vn)
		return fd_lookup(fs, dir->mnt, name, len, out);
	if (dir != &fs->root.vn)
		return -ENOTDIR;
	for (i = 0; (n = root_entry(fs, i)); i++)
		if (strlen(n->name) == len && !memcmp(n->name, name, len)) {
			*out = uk_vnode_get(&n->vn);
			return 0;
		}
	return -ENOENT;
}

static const char *devfs_get_link(struct uk_vnode *vn)
{
	return node_of(vn)->target;
}

static int devfs_getname(struct uk_vnode *vn, char *buf, size_t size)
{
	const char *name = node_of(vn)->name;

	if (!name || strlen(name) + 1 > size)
		return -ENOENT;
	strcpy(buf, name);
	return 0;
}

static int devfs_open(struct uk_vnode *vn, int flags, struct uk_file **out)
{
	struct devfs_node *n = node_of(vn);
	struct uk_ofile *of;

	if (n->dev)
		return n->dev->open(flags, out);
	if (n->fd >= 0) {
		of = uk_fd_get(n->fd);
		if (!of)
			return -ENOENT;
		*out = uk_file_get(of->file);
		uk_ofile_put(of);
		return 0;
	}
	/* a directory: the vnode itself */
	*out = uk_file_get(&vn->file);
	return 0;
}

static int devfs_statfs(struct uk_mount *m, struct statfs *st)
{
	st->f_type = DEVFS_MAGIC;
	return 0;
}

static void devfs_release(struct uk_vnode *vn)
{
	/* only fd/N nodes are ever let go */
	if (node_of(vn)->fd >= 0)
		uk_free(vn);
}

static const struct uk_vnode_ops devfs_vops = {
	.lookup = devfs_lookup,
	.getname = devfs_getname,
	.get_link = devfs_get_link,
	.open = devfs_open,
	.statfs = devfs_statfs,
	.release = devfs_release,
};

/* --- files -------------------------------------------------------------- */

static bool emit(char *buf, size_t len, size_t *used, uint64_t ino,
		 uint64_t next, unsigned int mode, const char *name)
{
	return uk_vfs_dirent_emit(buf, len, used, ino, next, mode, name,
				  strlen(name));
}

static ssize_t devfs_getdents(struct uk_file *f, void *buf, size_t len,
			      off_t *pos)
{
	struct uk_vnode *vn = (struct uk_vnode *)f;
	struct devfs *fs = vn->mnt->priv;
	struct devfs_node *n;
	char name[12];
	size_t used = 0;
	off_t p = *pos;
	int fd;

	if (p == 0 && emit(buf, len, &used, vn->ino, 1, S_IFDIR, "."))
		p = 1;
	if (p == 1 && emit(buf, len, &used, fs->root.vn.ino, 2, S_IFDIR, ".."))
		p = 2;
	if (vn == &fs->root.vn) {
		while (p >= 2 && (n = root_entry(fs, p - 2)) &&
		       emit(buf, len, &used, n->vn.ino, p + 1, n->vn.mode,
			    n->name))
			p++;
	} else {
		/* fd/: the open descriptors, the cookie of fd is 2 + fd */
		for (fd = uk_fd_next(p - 2); p >= 2 && fd >= 0;
		     fd = uk_fd_next(fd + 1)) {
			struct uk_ofile *of = uk_fd_get(fd);
			struct uk_statx st;

			if (!of)
				continue;
			uk_file_stat(of->file, &st);
			uk_ofile_put(of);
			snprintf(name, sizeof(name), "%d", fd);
			if (!emit(buf, len, &used, 0x10000 + fd, fd + 3,
				  st.stx_mode, name))
				break;
			p = fd + 3;
		}
		if (fd < 0 && p >= 2)
			p = INT32_MAX;	/* the end */
	}
	*pos = p;
	return used;
}

static const struct uk_file_ops devfs_dir_ops = {
	.stat = uk_vnode_file_stat,
	.getdents = devfs_getdents,
	.release = uk_vnode_file_release,
};

static const struct uk_file_ops devfs_node_ops = {
	.stat = uk_vnode_file_stat,
	.release = uk_vnode_file_release,
};

/* fd/N: stat says what the descriptor has open */
static int fd_node_stat(struct uk_file *f, struct uk_statx *st)
{
	struct uk_ofile *of = uk_fd_get(node_of((struct uk_vnode *)f)->fd);
	int rc;

	if (!of)
		return -ENOENT;
	rc = uk_file_stat(of->file, st);
	uk_ofile_put(of);
	return rc;
}

static const struct uk_file_ops devfs_fd_ops = {
	.stat = fd_node_stat,
	.release = uk_vnode_file_release,
};

/* --- the file system ----------------------------------------------------- */

static int devfs_mount(struct uk_mount *m, const char *source,
		       unsigned long flags, const void *data)
{
	const struct uk_devfs_device *d;
	struct devfs *fs;
	unsigned int i;

	fs = uk_calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->ndevs = uk_table_end(devtab) - uk_table_start(devtab);
	fs->devs = uk_calloc(fs->ndevs ? fs->ndevs : 1, sizeof(*fs->devs));
	if (!fs->devs) {
		uk_free(fs);
		return -ENOMEM;
	}
	fs->next_ino = 1;
	m->priv = fs;
	node_init(fs, m, &fs->root, NULL, S_IFDIR | 0755, &devfs_dir_ops);
	fs->root.vn.parent = &fs->root.vn;
	node_init(fs, m, &fs->fd_dir, "fd", S_IFDIR | 0500, &devfs_dir_ops);
	fs->fd_dir.vn.parent = &fs->root.vn;
	for (i = 0; i < ARRAY_SIZE(links); i++) {
		node_init(fs, m, &fs->link[i], links[i][0], S_IFLNK | 0777,
			  &devfs_node_ops);
		fs->link[i].target = links[i][1];
		fs->link[i].vn.size = strlen(links[i][1]);
	}
	i = 0;
	uk_table_foreach(d, devtab) {
		node_init(fs, m, &fs->devs[i], d->name,
			  S_IFCHR | (d->mode & 07777), &devfs_node_ops);
		fs->devs[i].dev = d;
		fs->devs[i].vn.rdev = makedev(d->major, d->minor);
		i++;
	}
	m->root = &fs->root.vn;
	return 0;
}

uk_fs_type_register(devfs_type) = {
	.name = "devfs",
	.mount = devfs_mount,
};

uk_fs_type_register(devtmpfs_type) = {
	.name = "devtmpfs",
	.mount = devfs_mount,
};

/* At boot: /dev, unless vfs.mount= put something there already. */
static int devfs_init(void)
{
	struct uk_vnode *vn;
	int rc;

	if (!uk_vfs_root)
		return 0;
	rc = uk_vfs_mkdir("/dev", 0755);
	if (rc && rc != -EEXIST)
		goto fail;
	rc = uk_vfs_lookup("/dev", UK_WALK_FOLLOW, &vn);
	if (rc)
		goto fail;
	if (vn->mnt != uk_vfs_root->mnt) {
		uk_vnode_put(vn);
		return 0;	/* something is mounted there */
	}
	uk_vnode_put(vn);
	rc = uk_vfs_mount("devfs", "/dev", "devfs", 0, NULL);
	if (!rc)
		return 0;
fail:
	uk_pr_err("cannot mount devfs at /dev: error %d\n", -rc);
	return rc;
}
uk_initcall_prio(devfs_init, UK_INIT_ROOTFS, 8);
