// SPDX-License-Identifier: BSD-3-Clause
/*
 * The initrd as the root file system: each boot module that is a cpio
 * archive is unpacked into the root (ramfs) at boot. File data is not
 * copied: a file's pages point into the module, which stays reserved, and
 * are copied when first written (uk_ramfs_borrow), so unpacking costs a
 * name per entry whatever the bytes.
 *
 * An archive is checked whole first: a malformed one is refused before
 * anything of it is in the tree, with the parser's message naming the
 * entry. initrd.on_error=stop (the default) then stops the boot;
 * initrd.on_error=continue boots without it.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/ramfs.h>
#include <uk/vfs.h>

#include "cpio.h"

static const char *on_error = "stop";
UK_PARAM_STR(initrd, on_error, on_error,
	     "a malformed initrd: stop the boot, or continue without it");

/* The files with several names met so far (by archive and inode). */
struct link {
	uint32_t archive, ino, devmajor, devminor;
	struct uk_vnode *vn;
	char *path;		/* its first name */
};

struct unpack {
	struct link *links;
	unsigned int nlinks, cap;
	char path[CPIO_NAME_MAX + 2];
	char target[CPIO_SYMLINK_MAX + 1];
};

static struct link *link_find(struct unpack *u, const struct cpio_entry *e)
{
	unsigned int i;

	for (i = 0; i < u->nlinks; i++)
		if (u->links[i].archive == e->archive &&
		    u->links[i].ino == e->ino &&
		    u->links[i].devmajor == e->devmajor &&
		    u->links[i].devminor == e->devminor)
			return &u->links[i];
	return NULL;
}

static int link_add(struct unpack *u, const struct cpio_entry *e,
		    struct uk_vnode *vn)
{
	size_t len = strlen(u->path);
	struct link *l;
	char *path;

	if (u->nlinks == u->cap) {
		unsigned int cap = u->cap ? 2 * u->cap : 16;

		l = uk_realloc(u->links, cap * sizeof(*l));
		if (!l)
			return -ENOMEM;
		u->links = l;
		u->cap = cap;
	}
	path = uk_malloc(len + 1);
	if (!path)
		return -ENOMEM;
	memcpy(path, u->path, len + 1);
	l = &u->links[u->nlinks++];
	l->archive = e->archive;
	l->ino = e->ino;
	l->devmajor = e->devmajor;
	l->devminor = e->devminor;
	l->vn = uk_vnode_get(vn);
	l->path = path;
	return 0;
}

/* The archive's mode, owner and mtime on vn. */
static void set_attrs(struct uk_vnode *vn, const struct cpio_entry *e)
{
	uk_mutex_lock(&vn->lock);
	vn->mode = (vn->mode & S_IFMT) | (e->mode & 07777);
	vn->uid = e->uid;
	vn->gid = e->gid;
	vn->mtime.tv_sec = e->mtime;
	vn->mtime.tv_nsec = 0;
	vn->ctime = vn->atime = vn->mtime;
	uk_mutex_unlock(&vn->lock);
}

/* Makes the directories above u->path that are missing. */
static int make_parents(struct unpack *u)
{
	char *s;
	int rc;

	for (s = u->path + 1; (s = strchr(s, '/')); s++) {
		*s = 0;
		rc = uk_vfs_mkdir(u->path, 0755);
		*s = '/';
		if (rc && rc != -EEXIST)
			return rc;
	}
	return 0;
}

/*
 * A second entry for a name: the file already there if it is of the same
 * kind (the later entry's data and attributes win), else -EEXIST.
 */
static int existing(const char *path, unsigned int type,
		    struct uk_vnode **vn)
{
	int rc = uk_vfs_lookup(path, 0, vn);

	if (rc)
		return rc;
	if (((*vn)->mode & S_IFMT) == type)
		return 0;
	uk_vnode_put(*vn);
	*vn = NULL;
	return -EEXIST;
}

/* A regular file, or another name of one (a hard link). */
static int add_file(struct unpack *u, const struct cpio_entry *e,
		    struct uk_vnode **vn)
{
	struct link *l = cpio_may_be_linked(e) ? link_find(u, e) : NULL;
	int rc;

	if (l) {
		rc = uk_vfs_link(l->path, u->path);
		if (rc)
			return rc;
		*vn = uk_vnode_get(l->vn);
		return 0;
	}
	rc = uk_vfs_mknod(u->path, S_IFREG | 0644, 0, vn);
	if (rc == -EEXIST)
		rc = existing(u->path, S_IFREG, vn);
	if (rc)
		return rc;
	return cpio_may_be_linked(e) ? link_add(u, e, *vn) : 0;
}

static int add_entry(struct unpack *u, const struct cpio_entry *e)
{
	struct uk_vnode *vn = NULL;
	uint32_t type = e->mode & CPIO_S_IFMT;
	int rc;

	if (!*e->name) {
		/* the root itself: its mode and times */
		set_attrs(uk_vfs_root, e);
		return 0;
	}
	u->path[0] = '/';
	strcpy(u->path + 1, e->name);
	rc = make_parents(u);
	if (rc)
		return rc;
	switch (type) {
	case CPIO_S_IFDIR:
		rc = uk_vfs_mknod(u->path, S_IFDIR | 0755, 0, &vn);
		if (rc == -EEXIST)
			rc = existing(u->path, S_IFDIR, &vn);
		break;
	case CPIO_S_IFREG:
		rc = add_file(u, e, &vn);
		break;
	case CPIO_S_IFLNK:
		memcpy(u->target, e->data, e->size);
		u->target[e->size] = 0;
		rc = uk_vfs_symlink(u->target, u->path);
		if (!rc)
			rc = uk_vfs_lookup(u->path, 0, &vn);
		break;
	default:
		rc = uk_vfs_mknod(u->path, type | 0644,
				  makedev(e->rdevmajor, e->rdevminor), &vn);
		break;
	}
	if (rc == -EEXIST) {
		uk_pr_warn("initrd: entry %u \"%s\": a file of another kind "
			   "has that name: kept the first\n", e->index,
			   e->name);
		return 0;
	}
	if (rc)
		return rc;
	if (type == CPIO_S_IFREG && e->size) {
		/* data on this name (a link group's may come on any) */
		if (vn->size && vn->file.ops->truncate)
			vn->file.ops->truncate(&vn->file, 0);
		rc = uk_ramfs_borrow(vn, e->data, e->size);
	}
	if (!rc)
		set_attrs(vn, e);
	uk_vnode_put(vn);
	return rc;
}

static int check(const void *base, size_t len, unsigned int *entries)
{
	struct cpio_reader *r = uk_malloc(sizeof(*r));
	struct cpio_entry e;
	char err[200];
	int rc;

	if (!r)
		return -ENOMEM;
	cpio_reader_init(r, base, len);
	*entries = 0;
	while ((rc = cpio_next(r, &e, err, sizeof(err))) > 0)
		(*entries)++;
	if (rc < 0)
		uk_pr_err("initrd refused: %s\n", err);
	uk_free(r);
	return rc;
}

static int unpack(const void *base, size_t len)
{
	struct cpio_reader *r = uk_malloc(sizeof(*r));
	struct unpack *u = uk_calloc(1, sizeof(*u));
	struct cpio_entry e;
	char err[200];
	unsigned int i;
	int rc = -ENOMEM;

	if (!r || !u)
		goto out;
	cpio_reader_init(r, base, len);
	while ((rc = cpio_next(r, &e, err, sizeof(err))) > 0) {
		rc = add_entry(u, &e);
		if (rc) {
			uk_pr_err("initrd: entry %u \"%s\": cannot add it: "
				  "error %d\n", e.index, e.name, -rc);
			break;
		}
	}
out:
	if (u) {
		for (i = 0; i < u->nlinks; i++) {
			uk_vnode_put(u->links[i].vn);
			uk_free(u->links[i].path);
		}
		uk_free(u->links);
	}
	uk_free(u);
	uk_free(r);
	return rc;
}

static int initrd_init(void)
{
	const struct ukplat_memregion *m;
	unsigned int i, entries;
	bool cont = !strcmp(on_error, "continue");
	int rc;

	if (!cont && strcmp(on_error, "stop")) {
		uk_pr_err("initrd.on_error=%s: stop or continue\n", on_error);
		return -EINVAL;
	}
	if (!uk_vfs_root)
		return 0;
	for (i = 0; (m = ukplat_memregion_get(i)); i++) {
		if (m->type != UKPLAT_MEM_MODULE)
			continue;
		rc = check((const void *)m->base, m->len, &entries);
		if (!rc)
			rc = unpack((const void *)m->base, m->len);
		if (!rc) {
			uk_pr_info("initrd: %u entries, %zu bytes at 0x%lx\n",
				   entries, (size_t)m->len,
				   (unsigned long)m->base);
			continue;
		}
		if (!cont) {
			uk_pr_err("initrd: the boot stops here "
				  "(initrd.on_error=continue boots without "
				  "it)\n");
			return rc;
		}
		uk_pr_warn("initrd: continuing without it "
			   "(initrd.on_error=continue)\n");
	}
	return 0;
}
uk_initcall_prio(initrd_init, UK_INIT_ROOTFS, 5);
