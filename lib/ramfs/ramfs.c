// SPDX-License-Identifier: BSD-3-Clause
/*
 * ramfs: files in memory. Regular files keep their data in page-sized
 * blocks (pages.c: holes cost nothing, blocks borrowed from the initrd
 * are copied on first write), directories their entries in dir.c's list
 * and hash table, symlinks their target. Every node is a vnode; lib/vfs
 * holds the name space lock around the directory operations, and a
 * node's own lock guards its data and size.
 *
 * Out of memory, a write stops where it is and returns what it wrote,
 * or ENOSPC if nothing (as tmpfs when full); what was written before
 * stays.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include <uk/alloc.h>
#include <uk/ramfs.h>
#include <uk/rlimit.h>
#include <uk/vfs.h>

#include "dir.h"
#include "pages.h"

#define RAMFS_MAGIC	0x858458f6

struct ramfs_node {
	struct uk_vnode vn;
	union {
		struct ramfs_pages pages;	/* regular files */
		struct ramfs_dir dir;		/* directories */
		char *target;			/* symlinks */
	};
	struct ramfs_dirent *dent;	/* directories: the name in the parent */
};

struct ramfs_mount {
	uint64_t next_ino;
	uint64_t nodes;
};

static const struct uk_vnode_ops ramfs_vops;
static const struct uk_file_ops ramfs_reg_ops, ramfs_dir_ops, ramfs_lnk_ops,
	ramfs_other_ops;

static struct ramfs_node *node_of(struct uk_vnode *vn)
{
	return (struct ramfs_node *)vn;
}

static struct ramfs_node *node_of_file(struct uk_file *f)
{
	return (struct ramfs_node *)f;
}

/* --- nodes ------------------------------------------------------------------ */

static struct ramfs_node *node_new(struct uk_mount *m, unsigned int mode)
{
	struct ramfs_mount *rm = m->priv;
	const struct uk_file_ops *fops;
	struct ramfs_node *n;

	n = uk_calloc(1, sizeof(*n));
	if (!n)
		return NULL;
	switch (mode & S_IFMT) {
	case S_IFREG:
		fops = &ramfs_reg_ops;
		ramfs_pages_init(&n->pages);
		break;
	case S_IFDIR:
		fops = &ramfs_dir_ops;
		ramfs_dir_init(&n->dir);
		break;
	case S_IFLNK:
		fops = &ramfs_lnk_ops;
		break;
	default:
		fops = &ramfs_other_ops;
	}
	uk_vnode_init(&n->vn, m, &ramfs_vops, fops, mode,
		      __atomic_fetch_add(&rm->next_ino, 1, __ATOMIC_RELAXED));
	__atomic_add_fetch(&rm->nodes, 1, __ATOMIC_RELAXED);
	return n;
}

static void ramfs_release(struct uk_vnode *vn)
{
	struct ramfs_node *n = node_of(vn);
	struct ramfs_mount *rm = vn->mnt->priv;

	if (S_ISREG(vn->mode))
		ramfs_pages_free(&n->pages);
	else if (S_ISDIR(vn->mode))
		ramfs_dir_free(&n->dir);
	else if (S_ISLNK(vn->mode))
		uk_free(n->target);
	__atomic_sub_fetch(&rm->nodes, 1, __ATOMIC_RELAXED);
	uk_free(n);
}

/* Links child as name in dir (locked): its first name takes the name
 * space's reference. */
static int dir_link(struct ramfs_node *dir, const char *name, size_t len,
		    struct ramfs_node *child)
{
	struct ramfs_dirent *de = ramfs_dirent_new(name, len, &child->vn);

	if (!de)
		return -ENOSPC;
	ramfs_dir_insert(&dir->dir, de);
	if (S_ISDIR(child->vn.mode)) {
		child->dent = de;
		child->vn.parent = &dir->vn;
		child->vn.nlink = 2;
		dir->vn.nlink++;
		uk_vnode_get(&child->vn);
	} else if (child->vn.nlink++ == 0) {
		uk_vnode_get(&child->vn);
	}
	return 0;
}

/* Takes de out of dir; the node's last name drops the reference. */
static void dir_unlink(struct ramfs_node *dir, struct ramfs_dirent *de)
{
	struct uk_vnode *vn = de->vn;
	bool last;

	ramfs_dir_remove(&dir->dir, de);
	uk_free(de);
	uk_mutex_lock(&vn->lock);
	if (S_ISDIR(vn->mode)) {
		vn->nlink = 0;
		vn->parent = NULL;
		node_of(vn)->dent = NULL;
		dir->vn.nlink--;
		last = true;
	} else {
		last = --vn->nlink == 0;
	}
	uk_vfs_now(&vn->ctime);
	uk_mutex_unlock(&vn->lock);
	if (last)
		uk_vnode_put(vn);
}

/* --- directory operations --------------------------------------------------- */

static int ramfs_lookup(struct uk_vnode *dvn, const char *name, size_t len,
			struct uk_vnode **out)
{
	struct ramfs_dirent *de;

	if (!S_ISDIR(dvn->mode))
		return -ENOTDIR;
	de = ramfs_dir_find(&node_of(dvn)->dir, name, len);
	if (!de)
		return -ENOENT;
	*out = uk_vnode_get(de->vn);
	return 0;
}

static int ramfs_create(struct uk_vnode *dvn, const char *name, size_t len,
			unsigned int mode, dev_t rdev, struct uk_vnode **out)
{
	struct ramfs_node *n = node_new(dvn->mnt, mode);
	int rc;

	if (!n)
		return -ENOSPC;
	n->vn.rdev = rdev;
	rc = dir_link(node_of(dvn), name, len, n);
	if (rc) {
		uk_vnode_put(&n->vn);
		return rc;
	}
	*out = &n->vn;		/* node_new's reference: the caller's */
	return 0;
}

static int ramfs_symlink(struct uk_vnode *dvn, const char *name, size_t len,
			 const char *target, struct uk_vnode **out)
{
	size_t tlen = strlen(target);
	struct ramfs_node *n;
	int rc;

	n = node_new(dvn->mnt, S_IFLNK | 0777);
	if (!n)
		return -ENOSPC;
	n->target = uk_malloc(tlen + 1);
	if (!n->target) {
		uk_vnode_put(&n->vn);
		return -ENOSPC;
	}
	memcpy(n->target, target, tlen + 1);
	n->vn.size = tlen;
	rc = dir_link(node_of(dvn), name, len, n);
	if (rc) {
		uk_vnode_put(&n->vn);
		return rc;
	}
	*out = &n->vn;
	return 0;
}

static int ramfs_link(struct uk_vnode *dvn, const char *name, size_t len,
		      struct uk_vnode *vn)
{
	int rc;

	if (vn->vops != &ramfs_vops)
		return -EXDEV;
	rc = dir_link(node_of(dvn), name, len, node_of(vn));
	if (!rc) {
		uk_mutex_lock(&vn->lock);
		uk_vfs_now(&vn->ctime);
		uk_mutex_unlock(&vn->lock);
	}
	return rc;
}

static int ramfs_unlink(struct uk_vnode *dvn, const char *name, size_t len,
			struct uk_vnode *vn)
{
	struct ramfs_node *dir = node_of(dvn);
	struct ramfs_dirent *de = ramfs_dir_find(&dir->dir, name, len);

	if (!de || de->vn != vn)
		return -ENOENT;
	if (S_ISDIR(vn->mode) && node_of(vn)->dir.count)
		return -ENOTEMPTY;
	dir_unlink(dir, de);
	return 0;
}

static int ramfs_rename(struct uk_vnode *odvn, const char *oname, size_t olen,
			struct uk_vnode *ndvn, const char *nname, size_t nlen,
			unsigned int flags)
{
	struct ramfs_node *odir = node_of(odvn), *ndir = node_of(ndvn);
	struct ramfs_dirent *ode, *nde, *de;
	struct uk_vnode *vn;

	ode = ramfs_dir_find(&odir->dir, oname, olen);
	if (!ode)
		return -ENOENT;
	vn = ode->vn;
	nde = ramfs_dir_find(&ndir->dir, nname, nlen);
	if (nde && S_ISDIR(nde->vn->mode) && node_of(nde->vn)->dir.count)
		return -ENOTEMPTY;
	/* the new entry first: past this point nothing can fail */
	de = ramfs_dirent_new(nname, nlen, vn);
	if (!de)
		return -ENOSPC;
	if (nde)
		dir_unlink(ndir, nde);
	ramfs_dir_remove(&odir->dir, ode);
	uk_free(ode);
	ramfs_dir_insert(&ndir->dir, de);
	if (S_ISDIR(vn->mode)) {
		node_of(vn)->dent = de;
		if (odir != ndir) {
			vn->parent = ndvn;
			odvn->nlink--;
			ndvn->nlink++;
		}
	}
	return 0;
}

static int ramfs_getname(struct uk_vnode *vn, char *buf, size_t size)
{
	struct ramfs_dirent *de = node_of(vn)->dent;

	if (!de)
		return -ENOENT;
	if ((size_t)de->len + 1 > size)
		return -ERANGE;
	memcpy(buf, de->name, de->len + 1);
	return 0;
}

static const char *ramfs_get_link(struct uk_vnode *vn)
{
	return node_of(vn)->target;
}

/* Space: what the kernel's allocator has left; files: one per 4 KiB. */
static int ramfs_statfs(struct uk_mount *m, struct statfs *st)
{
	struct ramfs_mount *rm = m->priv;
	struct uk_alloc_stats as;

	uk_alloc_get_stats(&as);
	st->f_type = RAMFS_MAGIC;
	st->f_blocks = as.total / RAMFS_PAGE;
	st->f_bfree = as.free / RAMFS_PAGE;
	st->f_bavail = st->f_bfree;
	st->f_files = rm->nodes + st->f_bfree;
	st->f_ffree = st->f_bfree;
	return 0;
}

static const struct uk_vnode_ops ramfs_vops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.symlink = ramfs_symlink,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rename = ramfs_rename,
	.getname = ramfs_getname,
	.get_link = ramfs_get_link,
	.statfs = ramfs_statfs,
	.release = ramfs_release,
};

/* --- regular files ----------------------------------------------------------- */

/* Bytes of page idx that hold data in a file of size bytes. */
static size_t page_valid(off_t size, uint64_t idx)
{
	uint64_t start = idx * RAMFS_PAGE;

	if ((uint64_t)size <= start)
		return 0;
	return MIN((uint64_t)size - start, RAMFS_PAGE);
}

/*
 * Before the size grows past a partial last page that is borrowed, it is
 * copied: its memory goes on with bytes that are not this file's.
 */
static int before_growth(struct ramfs_node *n)
{
	off_t size = n->vn.size;
	uint64_t last = size / RAMFS_PAGE;

	if (!(size % RAMFS_PAGE) || !ramfs_page_borrowed(&n->pages, last))
		return 0;
	return ramfs_page_write(&n->pages, last, page_valid(size, last)) ?
	       0 : -ENOSPC;
}

static void update_blocks(struct ramfs_node *n)
{
	n->vn.blocks = n->pages.owned * (RAMFS_PAGE / 512);
}

static ssize_t ramfs_read(struct uk_file *f, const struct iovec *iov,
			  int cnt, off_t *pos, int flags)
{
	struct ramfs_node *n = node_of_file(f);
	struct uk_iov_iter it;
	size_t want, done = 0, chunk, in;
	const void *blk;
	off_t off = *pos;
	uint64_t idx;

	uk_iov_iter_init(&it, iov, cnt);
	want = uk_iov_left(&it);
	uk_mutex_lock(&n->vn.lock);
	if (off < n->vn.size)
		want = MIN(want, (size_t)(n->vn.size - off));
	else
		want = 0;
	while (done < want) {
		idx = (off + done) / RAMFS_PAGE;
		in = (off + done) % RAMFS_PAGE;
		chunk = MIN(RAMFS_PAGE - in, want - done);
		blk = ramfs_page_read(&n->pages, idx);
		if (blk)
			uk_iov_copy_to(&it, (const char *)blk + in, chunk);
		else
			uk_iov_zero(&it, chunk);	/* a hole */
		done += chunk;
	}
	uk_mutex_unlock(&n->vn.lock);
	*pos = off + done;
	return done;
}

/* The most this file may grow to: RLIMIT_FSIZE. */
static off_t size_limit(void)
{
	rlim_t lim = uk_rlimit_cur(RLIMIT_FSIZE);

	return lim > (rlim_t)INT64_MAX ? INT64_MAX : (off_t)lim;
}

static ssize_t ramfs_write(struct uk_file *f, const struct iovec *iov,
			   int cnt, off_t *pos, int flags)
{
	struct ramfs_node *n = node_of_file(f);
	size_t want, done = 0, chunk, in;
	struct uk_iov_iter it;
	off_t off, limit, end;
	uint64_t idx;
	ssize_t rc;
	void *blk;

	uk_iov_iter_init(&it, iov, cnt);
	want = uk_iov_left(&it);
	if (!want)
		return 0;
	limit = size_limit();
	uk_mutex_lock(&n->vn.lock);
	off = (flags & O_APPEND) ? n->vn.size : *pos;
	if (off >= limit) {
		rc = -EFBIG;	/* Linux also sends SIGXFSZ: not here */
		goto out;
	}
	want = MIN(want, (size_t)(limit - off));
	if (off + (off_t)want > n->vn.size) {
		rc = before_growth(n);
		if (rc)
			goto out;
	}
	while (done < want) {
		idx = (off + done) / RAMFS_PAGE;
		in = (off + done) % RAMFS_PAGE;
		chunk = MIN(RAMFS_PAGE - in, want - done);
		blk = ramfs_page_write(&n->pages, idx,
				       page_valid(n->vn.size, idx));
		if (!blk)
			break;		/* out of memory: stop here */
		uk_iov_copy_from(&it, (char *)blk + in, chunk);
		done += chunk;
		end = off + done;
		if (end > n->vn.size)
			n->vn.size = end;
	}
	update_blocks(n);
	if (!done) {
		rc = -ENOSPC;
		goto out;
	}
	uk_vfs_now(&n->vn.mtime);
	n->vn.ctime = n->vn.mtime;
	*pos = off + done;
	rc = done;
out:
	uk_mutex_unlock(&n->vn.lock);
	return rc;
}

static int ramfs_truncate(struct uk_file *f, off_t len)
{
	struct ramfs_node *n = node_of_file(f);
	uint64_t keep = (len + RAMFS_PAGE - 1) / RAMFS_PAGE;
	size_t tail = len % RAMFS_PAGE;
	int rc = 0;
	void *blk;

	if (len > size_limit())
		return -EFBIG;
	uk_mutex_lock(&n->vn.lock);
	if (len > n->vn.size) {
		rc = before_growth(n);
	} else if (len < n->vn.size) {
		ramfs_pages_truncate(&n->pages, keep);
		/* the new last page: zero past the end, so growing again
		 * shows zeros (a borrowed one is copied for that) */
		if (tail && ramfs_page_read(&n->pages, keep - 1)) {
			blk = ramfs_page_write(&n->pages, keep - 1, tail);
			if (blk)
				memset((char *)blk + tail, 0,
				       RAMFS_PAGE - tail);
			else
				ramfs_pages_truncate(&n->pages, keep - 1);
		}
	}
	if (!rc) {
		n->vn.size = len;
		update_blocks(n);
		uk_vfs_now(&n->vn.mtime);
		n->vn.ctime = n->vn.mtime;
	}
	uk_mutex_unlock(&n->vn.lock);
	return rc;
}

/* Gives [off, off + len) blocks of its own, so writes there cannot fail. */
static int ramfs_fallocate(struct uk_file *f, int mode, off_t off, off_t len)
{
	struct ramfs_node *n = node_of_file(f);
	uint64_t idx, last = (off + len - 1) / RAMFS_PAGE;
	int rc = 0;

	if (off + len > size_limit())
		return -EFBIG;
	uk_mutex_lock(&n->vn.lock);
	if (off + len > n->vn.size && !(mode & 1))
		rc = before_growth(n);
	for (idx = off / RAMFS_PAGE; !rc && idx <= last; idx++)
		if (!ramfs_page_write(&n->pages, idx,
				      page_valid(n->vn.size, idx)))
			rc = -ENOSPC;
	if (!rc && !(mode & 1) && off + len > n->vn.size)
		n->vn.size = off + len;	/* not FALLOC_FL_KEEP_SIZE */
	update_blocks(n);
	uk_mutex_unlock(&n->vn.lock);
	return rc;
}

static int ramfs_sync(struct uk_file *f, bool data_only)
{
	return 0;	/* nothing is written back */
}

static const struct uk_file_ops ramfs_reg_ops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.stat = uk_vnode_file_stat,
	.truncate = ramfs_truncate,
	.fallocate = ramfs_fallocate,
	.sync = ramfs_sync,
	.size = uk_vnode_file_size,
	.release = uk_vnode_file_release,
};

/* --- directories -------------------------------------------------------------- */

static ssize_t ramfs_getdents(struct uk_file *f, void *buf, size_t len,
			      off_t *pos)
{
	struct ramfs_node *n = node_of_file(f);
	struct uk_vnode *up;
	struct ramfs_dirent *de;
	size_t used = 0;
	off_t p;

	uk_mutex_lock(&uk_vfs_lock);
	p = *pos;
	if (p == 0) {
		if (!uk_vfs_dirent_emit(buf, len, &used, n->vn.ino, 1,
					S_IFDIR, ".", 1))
			goto full;
		p = 1;
	}
	if (p == 1) {
		/* at the top of the file system, ".." is the directory
		 * itself (as in Linux, whatever it is mounted on) */
		up = n->vn.parent ? n->vn.parent : &n->vn;
		if (!uk_vfs_dirent_emit(buf, len, &used, up->ino,
					RAMFS_DIR_FIRST_SEQ, S_IFDIR, "..", 2))
			goto full;
		p = RAMFS_DIR_FIRST_SEQ;
	}
	for (de = ramfs_dir_seek(&n->dir, p); de;
	     de = ramfs_dir_next(&n->dir, de)) {
		if (!uk_vfs_dirent_emit(buf, len, &used, de->vn->ino,
					de->seq + 1, de->vn->mode, de->name,
					de->len))
			goto full;
		p = de->seq + 1;
	}
full:
	*pos = p;
	uk_mutex_unlock(&uk_vfs_lock);
	if (!used && (p == 0 || p == 1 || ramfs_dir_seek(&n->dir, p)))
		return -EINVAL;	/* not even one entry fits */
	return used;
}

static const struct uk_file_ops ramfs_dir_ops = {
	.stat = uk_vnode_file_stat,
	.sync = ramfs_sync,
	.getdents = ramfs_getdents,
	.release = uk_vnode_file_release,
};

/* symlinks (opened with O_PATH only) and FIFOs/sockets/devices */
static const struct uk_file_ops ramfs_lnk_ops = {
	.stat = uk_vnode_file_stat,
	.release = uk_vnode_file_release,
};

static const struct uk_file_ops ramfs_other_ops = {
	.stat = uk_vnode_file_stat,
	.release = uk_vnode_file_release,
};

/* --- the file system ---------------------------------------------------------- */

static int ramfs_mount(struct uk_mount *m, const char *source,
		       unsigned long flags, const void *data)
{
	struct ramfs_mount *rm = uk_calloc(1, sizeof(*rm));
	struct ramfs_node *root;

	if (!rm)
		return -ENOMEM;
	rm->next_ino = 1;
	m->priv = rm;
	root = node_new(m, S_IFDIR | 0755);
	if (!root) {
		uk_free(rm);
		return -ENOMEM;
	}
	root->vn.parent = &root->vn;	/* ".." of the top is itself */
	root->vn.nlink = 2;
	m->root = &root->vn;
	return 0;
}

/* Drops every name below dir, so that what nobody holds is freed. */
static void drop_tree(struct ramfs_node *dir)
{
	struct ramfs_dirent *de;

	while ((de = ramfs_dir_seek(&dir->dir, 0))) {
		if (S_ISDIR(de->vn->mode))
			drop_tree(node_of(de->vn));
		dir_unlink(dir, de);
	}
}

static void ramfs_unmount(struct uk_mount *m)
{
	drop_tree(node_of(m->root));
	uk_vnode_put(m->root);
	/* m->priv stays: vnodes still open point to it */
}

uk_fs_type_register(ramfs_type) = {
	.name = "ramfs",
	.mount = ramfs_mount,
	.unmount = ramfs_unmount,
};

uk_fs_type_register(tmpfs_type) = {
	.name = "tmpfs",
	.mount = ramfs_mount,
	.unmount = ramfs_unmount,
};

/* --- borrowing the initrd's bytes --------------------------------------------- */

int uk_ramfs_borrow(struct uk_vnode *vn, const void *data, size_t size)
{
	struct ramfs_node *n = node_of(vn);
	int rc = 0;

	if (vn->vops != &ramfs_vops || !S_ISREG(vn->mode))
		return -EINVAL;
	uk_mutex_lock(&vn->lock);
	if (vn->size) {
		rc = -EEXIST;
	} else {
		/* no page tree: the file is one borrowed extent for now */
		ramfs_pages_borrow_extent(&n->pages, data,
					  (size + RAMFS_PAGE - 1) / RAMFS_PAGE);
		vn->size = size;
	}
	uk_mutex_unlock(&vn->lock);
	return rc;
}
