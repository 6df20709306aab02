// SPDX-License-Identifier: BSD-3-Clause
/*
 * 9pfs: a host folder over 9P2000.L (p9.c) as a lib/vfs file system.
 *
 * Nothing of the folder is cached but the vnodes in use: every lookup
 * walks to the server and fetches the attributes, every stat fetches
 * them again, getdents reads the directory from the server, so what the
 * host changes is seen at the next call. A vnode is found again by its
 * qid path (the host's inode) while someone holds it, so one file is one
 * vnode (mount points, rename checks, cwd); it is freed with its last
 * reference (the name space holds none here), and its fids are clunked.
 *
 * Fids of a node: fid (walked to it, never opened: attributes, walks
 * from a directory, names in it) and rfid/wfid (opened for reading and
 * for writing, maybe one O_RDWR fid for both, at the first open() that
 * needs each; they stay valid when the file is renamed or removed, as an
 * open file does). A lookup of a node in use gives it the freshly walked
 * fid, so a file the host renamed is reached by its new path.
 *
 * Locking: lib/vfs's name space mutex around the directory operations
 * (it orders lookups, which replace a node's fid); n->fidlock around
 * every other use of n->fid; vn->lock (lib/vfs's) for the attributes
 * only, never across a round trip. File data goes between the caller's
 * buffers and the device, msize - 24 bytes per round trip at most.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>

#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/vfs.h>

#include "p9.h"

#define V9FS_MAGIC	0x01021997
#define MSIZE		(512 * 1024)
#define TABLE		64		/* nodes in use, by qid path */
#define DATA_SEGS	8		/* iovec pieces per read or write */

struct p9_mount {
	struct p9 c;
	uint32_t root_fid;
	struct uk_mutex lock;		/* the table */
	struct p9_node *table[TABLE];
};

struct p9_node {
	struct uk_vnode vn;
	struct p9_node *next;		/* in the table */
	uint64_t qpath;
	uint32_t fid, rfid, wfid;
	struct uk_mutex fidlock;
	char *target;			/* symlinks */
	char *name;			/* directories: the name in vn.parent */
};

static const struct uk_vnode_ops p9_vops;
static const struct uk_file_ops p9_reg_ops, p9_dir_ops, p9_other_ops;

static struct p9_node *node_of(struct uk_vnode *vn)
{
	return (struct p9_node *)vn;
}

static struct p9_mount *mount_of(struct uk_vnode *vn)
{
	return vn->mnt->priv;
}

static struct p9 *client_of(struct uk_vnode *vn)
{
	return &mount_of(vn)->c;
}

/* --- nodes -------------------------------------------------------------------- */

static void attr_apply(struct uk_vnode *vn, const struct p9_attr *a)
{
	uk_mutex_lock(&vn->lock);
	vn->mode = (vn->mode & S_IFMT) | (a->mode & 07777);
	vn->uid = a->uid;
	vn->gid = a->gid;
	vn->nlink = a->nlink;
	vn->rdev = a->rdev;
	vn->size = a->size;
	vn->blocks = a->blocks;
	vn->atime = a->atime;
	vn->mtime = a->mtime;
	vn->ctime = a->ctime;
	vn->btime = a->btime.tv_sec ? a->btime : a->ctime;
	uk_mutex_unlock(&vn->lock);
}

/* The node with qid path q of type, with a new reference, or NULL. */
static struct p9_node *table_find(struct p9_mount *pm, uint64_t q,
				  unsigned int type)
{
	struct p9_node *n;
	unsigned int refs;

	uk_mutex_lock(&pm->lock);
	for (n = pm->table[q % TABLE]; n; n = n->next) {
		if (n->qpath != q || (n->vn.mode & S_IFMT) != type)
			continue;
		/* one whose last reference went is being freed: not it */
		refs = __atomic_load_n(&n->vn.file.refs, __ATOMIC_RELAXED);
		while (refs && !__atomic_compare_exchange_n(
				&n->vn.file.refs, &refs, refs + 1, false,
				__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			;
		if (refs)
			break;
	}
	uk_mutex_unlock(&pm->lock);
	return n;
}

static void table_del(struct p9_mount *pm, struct p9_node *n)
{
	struct p9_node **p;

	uk_mutex_lock(&pm->lock);
	for (p = &pm->table[n->qpath % TABLE]; *p; p = &(*p)->next)
		if (*p == n) {
			*p = n->next;
			break;
		}
	uk_mutex_unlock(&pm->lock);
}

static char *name_dup(const char *name, size_t len)
{
	char *s = uk_malloc(len + 1);

	if (s) {
		memcpy(s, name, len);
		s[len] = 0;
	}
	return s;
}

/* A directory's place: parent and name (name space locked). */
static void set_place(struct p9_node *n, struct uk_vnode *dir,
		      const char *name, size_t len)
{
	struct uk_vnode *old = n->vn.parent;
	char *s;

	if (!n->name || strlen(n->name) != len || memcmp(n->name, name, len)) {
		s = name_dup(name, len);
		if (s) {
			uk_free(n->name);
			n->name = s;
		}
	}
	if (old == dir)
		return;
	n->vn.parent = uk_vnode_get(dir);
	if (old)
		uk_vnode_put(old);
}

static const struct uk_file_ops *fops_for(unsigned int type)
{
	switch (type) {
	case S_IFREG:
		return &p9_reg_ops;
	case S_IFDIR:
		return &p9_dir_ops;
	default:
		return &p9_other_ops;
	}
}

/*
 * The node that fid (walked to name in dir; NULL dir: the root) with
 * attributes a names: the one in use, which takes the fid, or a new one.
 * The fid is the node's (or clunked) whatever the result.
 */
static int node_get(struct uk_mount *m, struct uk_vnode *dir,
		    const char *name, size_t len, uint32_t fid,
		    const struct p9_attr *a, struct uk_vnode **out)
{
	struct p9_mount *pm = m->priv;
	unsigned int type = a->mode & S_IFMT;
	struct p9_node *n;
	uint32_t old;
	int rc;

	n = table_find(pm, a->qid.path, type);
	if (n) {
		uk_mutex_lock(&n->fidlock);
		old = n->fid;
		n->fid = fid;
		uk_mutex_unlock(&n->fidlock);
		p9_clunk(&pm->c, old);
	} else {
		n = uk_calloc(1, sizeof(*n));
		if (!n) {
			p9_clunk(&pm->c, fid);
			return -ENOMEM;
		}
		uk_vnode_init(&n->vn, m, &p9_vops, fops_for(type), type,
			      a->qid.path);
		n->vn.nocache = true;	/* the host may change any name */
		n->qpath = a->qid.path;
		n->fid = fid;
		n->rfid = n->wfid = P9_NOFID;
		uk_mutex_init(&n->fidlock, "9pfs fid", false);
		if (type == S_IFLNK) {
			rc = p9_readlink(&pm->c, fid, &n->target);
			if (rc) {
				p9_clunk(&pm->c, fid);
				uk_free(n);
				return rc;
			}
		}
		uk_mutex_lock(&pm->lock);
		n->next = pm->table[n->qpath % TABLE];
		pm->table[n->qpath % TABLE] = n;
		uk_mutex_unlock(&pm->lock);
	}
	attr_apply(&n->vn, a);
	if (type == S_IFDIR && dir)
		set_place(n, dir, name, len);
	*out = &n->vn;
	return 0;
}

static void p9_release(struct uk_vnode *vn)
{
	struct p9_node *n = node_of(vn);
	struct p9_mount *pm = mount_of(vn);

	table_del(pm, n);
	if (n->rfid != P9_NOFID)
		p9_clunk(&pm->c, n->rfid);
	if (n->wfid != P9_NOFID && n->wfid != n->rfid)
		p9_clunk(&pm->c, n->wfid);
	p9_clunk(&pm->c, n->fid);
	/* the root's parent is itself, without a reference */
	if (vn->parent && vn->parent != vn)
		uk_vnode_put(vn->parent);
	uk_free(n->target);
	uk_free(n->name);
	uk_free(n);
}

/* --- directory operations ----------------------------------------------------- */

static int p9_lookup(struct uk_vnode *dvn, const char *name, size_t len,
		     struct uk_vnode **out)
{
	struct p9 *c = client_of(dvn);
	struct p9_qid qid;
	struct p9_attr a;
	uint32_t fid;
	int rc;

	if (!S_ISDIR(dvn->mode))
		return -ENOTDIR;
	fid = p9_fid_new(c);
	rc = p9_walk(c, node_of(dvn)->fid, fid, name, len, &qid);
	if (rc)
		return rc;
	rc = p9_getattr(c, fid, &a);
	if (rc) {
		p9_clunk(c, fid);
		return rc;
	}
	return node_get(dvn->mnt, dvn, name, len, fid, &a, out);
}

static int p9_create(struct uk_vnode *dvn, const char *name, size_t len,
		     unsigned int mode, dev_t rdev, struct uk_vnode **out)
{
	struct p9 *c = client_of(dvn);
	uint32_t dfid = node_of(dvn)->fid, ofid = P9_NOFID;
	struct p9_node *n;
	struct p9_qid qid;
	int rc;

	switch (mode & S_IFMT) {
	case S_IFREG:
		/* made open: the fid for its I/O, kept for the open()
		 * that follows (a file made 0444 is writable there) */
		ofid = p9_fid_new(c);
		rc = p9_walk(c, dfid, ofid, NULL, 0, &qid);
		if (rc)
			return rc;
		rc = p9_lcreate(c, ofid, name, len, O_RDWR, mode & 07777,
				&qid);
		if (rc) {
			p9_clunk(c, ofid);
			return rc;
		}
		break;
	case S_IFDIR:
		rc = p9_mkdir(c, dfid, name, len, mode & 07777, &qid);
		break;
	default:
		rc = p9_mknod(c, dfid, name, len, mode, major(rdev),
			      minor(rdev), &qid);
	}
	if (!rc)
		rc = p9_lookup(dvn, name, len, out);
	if (ofid == P9_NOFID)
		return rc;
	if (rc) {
		p9_clunk(c, ofid);
		return rc;
	}
	n = node_of(*out);
	uk_mutex_lock(&n->fidlock);
	if (n->rfid == P9_NOFID && n->wfid == P9_NOFID) {
		n->rfid = n->wfid = ofid;
		ofid = P9_NOFID;
	}
	uk_mutex_unlock(&n->fidlock);
	if (ofid != P9_NOFID)
		p9_clunk(c, ofid);
	return 0;
}

static int p9_symlink_op(struct uk_vnode *dvn, const char *name, size_t len,
			 const char *target, struct uk_vnode **out)
{
	struct p9_qid qid;
	int rc;

	rc = p9_symlink(client_of(dvn), node_of(dvn)->fid, name, len, target,
			&qid);
	return rc ? rc : p9_lookup(dvn, name, len, out);
}

static int p9_link_op(struct uk_vnode *dvn, const char *name, size_t len,
		      struct uk_vnode *vn)
{
	if (vn->vops != &p9_vops || vn->mnt != dvn->mnt)
		return -EXDEV;
	return p9_link(client_of(dvn), node_of(dvn)->fid, node_of(vn)->fid,
		       name, len);
}

static int p9_unlink(struct uk_vnode *dvn, const char *name, size_t len,
		     struct uk_vnode *vn)
{
	struct uk_vnode *parent;
	int rc;

	rc = p9_unlinkat(client_of(dvn), node_of(dvn)->fid, name, len,
			 S_ISDIR(vn->mode) ? P9_AT_REMOVEDIR : 0);
	if (rc)
		return rc;
	uk_mutex_lock(&vn->lock);
	if (S_ISDIR(vn->mode))
		vn->nlink = 0;
	else if (vn->nlink)
		vn->nlink--;
	uk_vfs_now(&vn->ctime);
	uk_mutex_unlock(&vn->lock);
	if (S_ISDIR(vn->mode)) {
		/* removed: the walk finds nothing in it, ".." fails */
		parent = vn->parent;
		vn->parent = NULL;
		if (parent)
			uk_vnode_put(parent);
	}
	return 0;
}

/* A directory in use named oname in odir (name space locked). */
static struct p9_node *dir_in_use(struct p9_mount *pm, struct uk_vnode *odir,
				  const char *oname, size_t olen)
{
	struct p9_node *n, *hit = NULL;
	unsigned int i;

	uk_mutex_lock(&pm->lock);
	for (i = 0; i < TABLE && !hit; i++)
		for (n = pm->table[i]; n; n = n->next)
			if (n->vn.parent == odir && n->name &&
			    strlen(n->name) == olen &&
			    !memcmp(n->name, oname, olen) &&
			    __atomic_load_n(&n->vn.file.refs,
					    __ATOMIC_RELAXED)) {
				hit = n;
				uk_vnode_get(&n->vn);
				break;
			}
	uk_mutex_unlock(&pm->lock);
	return hit;
}

static int p9_rename(struct uk_vnode *odvn, const char *oname, size_t olen,
		     struct uk_vnode *ndvn, const char *nname, size_t nlen,
		     unsigned int flags)
{
	struct p9_mount *pm = mount_of(odvn);
	struct p9_node *moved;
	int rc;

	rc = p9_renameat(&pm->c, node_of(odvn)->fid, oname, olen,
			 node_of(ndvn)->fid, nname, nlen);
	if (rc)
		return rc;
	/* a directory moved: its ".." and its name for getcwd */
	moved = dir_in_use(pm, odvn, oname, olen);
	if (moved) {
		set_place(moved, ndvn, nname, nlen);
		uk_vnode_put(&moved->vn);
	}
	return 0;
}

static int p9_getname(struct uk_vnode *vn, char *buf, size_t size)
{
	const char *name = node_of(vn)->name;

	if (!name)
		return -ENOENT;
	if (strlen(name) + 1 > size)
		return -ERANGE;
	memcpy(buf, name, strlen(name) + 1);
	return 0;
}

static const char *p9_get_link(struct uk_vnode *vn)
{
	return node_of(vn)->target;
}

static int p9_setattr_op(struct uk_vnode *vn, const struct uk_vattr *va)
{
	struct p9_node *n = node_of(vn);
	struct p9_setattr sa = { 0 };
	int rc;

	if (va->mask & UK_VA_MODE) {
		sa.valid |= P9_SETATTR_MODE;
		sa.mode = va->mode & 07777;
	}
	if (va->mask & UK_VA_UID) {
		sa.valid |= P9_SETATTR_UID;
		sa.uid = va->uid;
	}
	if (va->mask & UK_VA_GID) {
		sa.valid |= P9_SETATTR_GID;
		sa.gid = va->gid;
	}
	if (va->mask & UK_VA_ATIME) {
		sa.valid |= P9_SETATTR_ATIME | P9_SETATTR_ATIME_SET;
		sa.atime = va->atime;
	}
	if (va->mask & UK_VA_MTIME) {
		sa.valid |= P9_SETATTR_MTIME | P9_SETATTR_MTIME_SET;
		sa.mtime = va->mtime;
	}
	uk_mutex_lock(&n->fidlock);
	rc = p9_setattr(client_of(vn), n->fid, &sa);
	uk_mutex_unlock(&n->fidlock);
	return rc;
}

/*
 * Opens the fids acc (O_RDONLY, O_WRONLY, O_RDWR) needs that n lacks:
 * a clone of n->fid, Tlopen'd. fidlock held.
 */
static int open_fids(struct p9_node *n, int acc)
{
	struct p9 *c = client_of(&n->vn);
	bool r = acc != O_WRONLY && n->rfid == P9_NOFID;
	bool w = acc != O_RDONLY && n->wfid == P9_NOFID;
	struct p9_qid qid;
	uint32_t fid, flags;
	int rc;

	if (!r && !w)
		return 0;
	flags = r && w ? O_RDWR : w ? O_WRONLY : O_RDONLY;
	if (S_ISDIR(n->vn.mode))
		flags |= O_DIRECTORY;
	fid = p9_fid_new(c);
	rc = p9_walk(c, n->fid, fid, NULL, 0, &qid);
	if (rc)
		return rc;
	rc = p9_lopen(c, fid, flags, &qid);
	if (rc) {
		p9_clunk(c, fid);
		return rc;
	}
	/* published whole: readers load them without the lock */
	if (r)
		__atomic_store_n(&n->rfid, fid, __ATOMIC_RELEASE);
	if (w)
		__atomic_store_n(&n->wfid, fid, __ATOMIC_RELEASE);
	return 0;
}

/* The fid to read (or write) n through, opened if need be. */
static int io_fid(struct p9_node *n, bool write, uint32_t *fid)
{
	uint32_t *p = write ? &n->wfid : &n->rfid;
	int rc = 0;

	*fid = __atomic_load_n(p, __ATOMIC_ACQUIRE);
	if (*fid != P9_NOFID)
		return 0;
	uk_mutex_lock(&n->fidlock);
	rc = open_fids(n, write ? O_WRONLY : O_RDONLY);
	uk_mutex_unlock(&n->fidlock);
	*fid = *p;
	return rc;
}

static int p9_open(struct uk_vnode *vn, int flags, struct uk_file **out)
{
	struct p9_node *n = node_of(vn);
	int rc = 0;

	if (S_ISREG(vn->mode) || S_ISDIR(vn->mode)) {
		uk_mutex_lock(&n->fidlock);
		rc = open_fids(n, flags & O_ACCMODE);
		uk_mutex_unlock(&n->fidlock);
	}
	if (rc)
		return rc;
	*out = uk_file_get(&vn->file);
	return 0;
}

static int p9_statfs_op(struct uk_mount *m, struct statfs *st)
{
	struct p9_mount *pm = m->priv;
	struct p9_statfs s;
	int rc;

	rc = p9_statfs(&pm->c, pm->root_fid, &s);
	if (rc)
		return rc;
	st->f_type = V9FS_MAGIC;
	st->f_bsize = st->f_frsize = s.bsize;
	st->f_blocks = s.blocks;
	st->f_bfree = s.bfree;
	st->f_bavail = s.bavail;
	st->f_files = s.files;
	st->f_ffree = s.ffree;
	st->f_namelen = s.namelen;
	return 0;
}

static const struct uk_vnode_ops p9_vops = {
	.lookup = p9_lookup,
	.create = p9_create,
	.symlink = p9_symlink_op,
	.link = p9_link_op,
	.unlink = p9_unlink,
	.rename = p9_rename,
	.getname = p9_getname,
	.get_link = p9_get_link,
	.setattr = p9_setattr_op,
	.open = p9_open,
	.statfs = p9_statfs_op,
	.release = p9_release,
};

/* --- attributes --------------------------------------------------------------- */

/*
 * Fresh attributes from the server: through an open fid if there is one
 * (it reaches the file after a rename or unlink), else n->fid. A file
 * gone from the host keeps the attributes it had.
 */
static int refresh(struct p9_node *n)
{
	uint32_t fid = __atomic_load_n(&n->rfid, __ATOMIC_ACQUIRE);
	struct p9_attr a;
	int rc;

	if (fid == P9_NOFID)
		fid = __atomic_load_n(&n->wfid, __ATOMIC_ACQUIRE);
	uk_mutex_lock(&n->fidlock);
	rc = p9_getattr(client_of(&n->vn), fid != P9_NOFID ? fid : n->fid,
			&a);
	uk_mutex_unlock(&n->fidlock);
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	attr_apply(&n->vn, &a);
	return 0;
}

static int p9_stat(struct uk_file *f, struct uk_statx *st)
{
	int rc = refresh(node_of((struct uk_vnode *)f));

	return rc ? rc : uk_vnode_file_stat(f, st);
}

static off_t p9_size(struct uk_file *f)
{
	refresh(node_of((struct uk_vnode *)f));
	return uk_vnode_file_size(f);
}

/* --- regular files ------------------------------------------------------------ */

/*
 * The next piece of it for one round trip: up to max bytes in at most
 * DATA_SEGS segments (into seg), advancing it. The bytes, 0 at the end.
 */
static size_t iov_piece(struct uk_iov_iter *it, struct iovec *seg, int *nseg,
			size_t max)
{
	size_t bytes = 0, n;

	*nseg = 0;
	while (it->cnt && *nseg < DATA_SEGS && bytes < max) {
		n = it->iov->iov_len - it->off;
		if (!n) {
			it->iov++;
			it->cnt--;
			it->off = 0;
			continue;
		}
		n = MIN(n, max - bytes);
		seg[*nseg].iov_base = (char *)it->iov->iov_base + it->off;
		seg[*nseg].iov_len = n;
		(*nseg)++;
		bytes += n;
		it->off += n;
	}
	return bytes;
}

static ssize_t p9_read_op(struct uk_file *f, const struct iovec *iov, int cnt,
			  off_t *pos, int flags)
{
	struct p9_node *n = node_of((struct uk_vnode *)f);
	struct p9 *c = client_of(&n->vn);
	struct iovec seg[DATA_SEGS];
	struct uk_iov_iter it;
	size_t want, got, done = 0;
	uint32_t fid;
	int nseg, rc;

	rc = io_fid(n, false, &fid);
	if (rc)
		return rc;
	uk_iov_iter_init(&it, iov, cnt);
	while ((want = iov_piece(&it, seg, &nseg, p9_io_max(c)))) {
		rc = p9_read(c, fid, *pos + done, seg, nseg, &got);
		if (rc)
			break;
		done += got;
		if (got < want)
			break;		/* the end of the file */
	}
	if (!done && rc)
		return rc;
	*pos += done;
	return done;
}

static ssize_t p9_write_op(struct uk_file *f, const struct iovec *iov,
			   int cnt, off_t *pos, int flags)
{
	struct p9_node *n = node_of((struct uk_vnode *)f);
	struct p9 *c = client_of(&n->vn);
	struct iovec seg[DATA_SEGS];
	struct uk_iov_iter it;
	size_t want, put, done = 0;
	uint32_t fid;
	off_t off = *pos;
	int nseg, rc;

	rc = io_fid(n, true, &fid);
	if (rc)
		return rc;
	if (flags & O_APPEND) {
		/* the host's size now (not atomic against host writers) */
		rc = refresh(n);
		if (rc)
			return rc;
		off = __atomic_load_n(&n->vn.size, __ATOMIC_RELAXED);
	}
	uk_iov_iter_init(&it, iov, cnt);
	while ((want = iov_piece(&it, seg, &nseg, p9_io_max(c)))) {
		rc = p9_write(c, fid, off + done, seg, nseg, &put);
		if (rc)
			break;
		done += put;
		if (put < want)
			break;
	}
	if (!done)
		return rc ? rc : -EIO;
	uk_mutex_lock(&n->vn.lock);
	if (off + (off_t)done > n->vn.size)
		n->vn.size = off + done;
	uk_vfs_now(&n->vn.mtime);
	n->vn.ctime = n->vn.mtime;
	uk_mutex_unlock(&n->vn.lock);
	*pos = off + done;
	return done;
}

static int p9_truncate(struct uk_file *f, off_t len)
{
	struct p9_node *n = node_of((struct uk_vnode *)f);
	struct p9_setattr sa = { .valid = P9_SETATTR_SIZE, .size = len };
	int rc;

	if (len < 0)
		return -EINVAL;
	uk_mutex_lock(&n->fidlock);
	rc = p9_setattr(client_of(&n->vn), n->fid, &sa);
	uk_mutex_unlock(&n->fidlock);
	if (rc)
		return rc;
	uk_mutex_lock(&n->vn.lock);
	n->vn.size = len;
	uk_vfs_now(&n->vn.mtime);
	n->vn.ctime = n->vn.mtime;
	uk_mutex_unlock(&n->vn.lock);
	return 0;
}

static int p9_sync(struct uk_file *f, bool data_only)
{
	struct p9_node *n = node_of((struct uk_vnode *)f);
	uint32_t fid = __atomic_load_n(&n->wfid, __ATOMIC_ACQUIRE);

	if (fid == P9_NOFID)
		fid = __atomic_load_n(&n->rfid, __ATOMIC_ACQUIRE);
	if (fid == P9_NOFID)
		return 0;		/* never opened: nothing written */
	return p9_fsync(client_of(&n->vn), fid, data_only);
}

static const struct uk_file_ops p9_reg_ops = {
	.read = p9_read_op,
	.write = p9_write_op,
	.stat = p9_stat,
	.truncate = p9_truncate,
	.sync = p9_sync,
	.size = p9_size,
	.release = uk_vnode_file_release,
};

/* --- directories -------------------------------------------------------------- */

/*
 * linux_dirent64 records from the server's entries at cookie *pos. The
 * records take a few more bytes than the server's entries: what does not
 * fit is asked for again at the next call (its cookie is where we stop).
 */
static ssize_t p9_getdents(struct uk_file *f, void *buf, size_t len,
			   off_t *pos)
{
	struct p9_node *n = node_of((struct uk_vnode *)f);
	struct p9 *c = client_of(&n->vn);
	size_t used = 0, at = 0, count;
	struct p9_dirent de;
	uint32_t fid, got;
	uint8_t *raw;
	off_t p = *pos;
	int rc, k;

	rc = io_fid(n, false, &fid);
	if (rc)
		return rc;
	count = MIN(len, p9_io_max(c));
	raw = uk_malloc(count);
	if (!raw)
		return -ENOMEM;
	rc = p9_readdir(c, fid, p, raw, count, &got);
	if (rc)
		goto out;
	while ((k = p9_dirent_parse(raw + at, got - at, &de)) > 0) {
		if (!uk_vfs_dirent_emit(buf, len, &used, de.qid.path, de.off,
					(unsigned int)de.type << 12, de.name,
					de.len))
			break;
		at += k;
		p = de.off;
	}
	if (k < 0) {
		rc = -EIO;
		goto out;
	}
	if (!used && got)
		rc = -EINVAL;		/* not even one entry fits */
	*pos = p;
out:
	uk_free(raw);
	return rc ? rc : (ssize_t)used;
}

static const struct uk_file_ops p9_dir_ops = {
	.stat = p9_stat,
	.sync = p9_sync,
	.getdents = p9_getdents,
	.release = uk_vnode_file_release,
};

/* symlinks (O_PATH), FIFOs, sockets and device nodes of the host */
static const struct uk_file_ops p9_other_ops = {
	.stat = p9_stat,
	.release = uk_vnode_file_release,
};

/* --- the file system ---------------------------------------------------------- */

/* The device source names: its mount tag; the type's name: the first. */
static struct uk_9pdev *device_for(const char *source)
{
	struct uk_9pdev *d;
	struct uk_list *l;

	if (source && *source && strcmp(source, "9p") &&
	    strcmp(source, "9pfs"))
		return uk_9pdev_find(source);
	uk_list_foreach(l, &uk_9pdevs) {
		d = uk_list_entry(l, struct uk_9pdev, node);
		if (!d->mounted)
			return d;
	}
	return NULL;
}

static int p9fs_mount(struct uk_mount *m, const char *source,
		      unsigned long flags, const void *data)
{
	struct uk_9pdev *dev = device_for(source);
	struct p9_mount *pm;
	struct p9_attr a;
	struct p9_qid qid;
	int rc;

	if (!dev)
		return -ENOENT;		/* as Linux for an unknown tag */
	if (dev->mounted)
		return -EBUSY;
	pm = uk_calloc(1, sizeof(*pm));
	if (!pm)
		return -ENOMEM;
	uk_mutex_init(&pm->lock, "9pfs", false);
	m->priv = pm;
	pm->root_fid = 0;
	rc = p9_connect(&pm->c, dev, MSIZE, "", pm->root_fid, &qid);
	if (rc) {
		uk_pr_err("9pfs: %s (tag \"%s\"): no 9P2000.L session: "
			  "error %d\n", dev->name, dev->tag, -rc);
		goto fail;
	}
	if (p9_io_max(&pm->c) < 64 * 1024)
		uk_pr_warn("9pfs: %s: msize %u: reads of 64 KiB take more "
			   "than one round trip\n", dev->name, pm->c.msize);
	/* the root keeps a fid of its own; node_get's is a clone */
	rc = p9_getattr(&pm->c, pm->root_fid, &a);
	if (!rc && !S_ISDIR(a.mode))
		rc = -ENOTDIR;
	if (!rc) {
		uint32_t fid = p9_fid_new(&pm->c);

		rc = p9_walk(&pm->c, pm->root_fid, fid, NULL, 0, &qid);
		if (!rc)
			rc = node_get(m, NULL, NULL, 0, fid, &a, &m->root);
	}
	if (rc)
		goto fail;
	m->root->parent = m->root;	/* ".." of the top is itself */
	dev->mounted = true;
	return 0;
fail:
	uk_free(pm);
	return rc;
}

static void p9fs_unmount(struct uk_mount *m)
{
	/* open files keep the session (and the device) */
	uk_vnode_put(m->root);
}

uk_fs_type_register(p9fs_type) = {
	.name = "9pfs",
	.mount = p9fs_mount,
	.unmount = p9fs_unmount,
};

/* Linux's name for it (mount -t 9p) */
uk_fs_type_register(p9_type) = {
	.name = "9p",
	.mount = p9fs_mount,
	.unmount = p9fs_unmount,
};
