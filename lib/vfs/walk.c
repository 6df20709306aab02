// SPDX-License-Identifier: BSD-3-Clause
/*
 * The path walk: from a directory, one component at a time, through
 * mount points, "." and "..", and symlinks.
 *
 * Symlinks are expanded without copying: the walk keeps a stack of the
 * strings still to walk (the path, then the target of each symlink met
 * in the middle, which stays put while the name space is locked and the
 * walk holds the symlink's reference), at most UK_SYMLOOP_MAX of them
 * over the whole walk (then ELOOP, as Linux counts).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "vfs_impl.h"

struct walk_frame {
	const char *rest;		/* what is left of this string */
	struct uk_vnode *link;		/* the symlink it is the target of */
	bool slash;			/* a '/' followed its last component */
};

struct walk {
	struct walk_frame stack[UK_SYMLOOP_MAX + 1];
	int sp;				/* frames in use */
	int links;			/* symlinks followed so far */
	struct uk_vnode *cur;		/* where the walk is (referenced) */
};

static bool is_dir(const struct uk_vnode *vn)
{
	return S_ISDIR(vn->mode);
}

/* A directory that was removed (it may still be someone's cwd). */
static bool is_removed(const struct uk_vnode *dir)
{
	return !dir->parent && dir != uk_vfs_root &&
	       !(dir->mnt && dir == dir->mnt->root);
}

static void walk_set(struct walk *w, struct uk_vnode *vn)
{
	struct uk_vnode *old = w->cur;

	w->cur = vn;
	uk_vnode_put(old);
}

static void walk_drop(struct walk *w)
{
	while (w->sp > 0) {
		w->sp--;
		if (w->stack[w->sp].link)
			uk_vnode_put(w->stack[w->sp].link);
	}
	if (w->cur)
		uk_vnode_put(w->cur);
	w->cur = NULL;
}

/* Whether the frames below the top one have nothing left. */
static bool lower_done(const struct walk *w, bool *slash)
{
	int i;

	for (i = w->sp - 2; i >= 0; i--) {
		if (*w->stack[i].rest)
			return false;
		*slash |= w->stack[i].slash;
	}
	return true;
}

/*
 * The next component into *name, *len, with *last (nothing follows it,
 * in any frame) and *slash (a trailing '/' follows it); 0, or 1 when
 * there is none left. Pops the frames it finishes. A frame's rest is
 * kept past the slashes after its last component, so "nothing follows"
 * is an empty rest.
 */
static int next_component(struct walk *w, const char **name, size_t *len,
			  bool *last, bool *slash)
{
	struct walk_frame *f;
	const char *s;

	while (w->sp > 0) {
		f = &w->stack[w->sp - 1];
		for (s = f->rest; *s == '/'; s++)
			;
		if (*s) {
			*name = s;
			while (*s && *s != '/')
				s++;
			*len = s - *name;
			f->slash = *s == '/';
			while (*s == '/')
				s++;
			f->rest = s;
			*slash = f->slash;
			*last = !*s && (w->sp == 1 || lower_done(w, slash));
			return 0;
		}
		f->rest = s;
		if (w->sp == 1)
			return 1;
		w->sp--;
		if (f->link)
			uk_vnode_put(f->link);
	}
	return 1;
}

/* The directory that ".." names from cur (a new reference). */
static int dotdot(struct walk *w)
{
	struct uk_vnode *vn = w->cur;

	if (vn == uk_vfs_root)
		return 0;
	/* the root of a mounted file system: up from where it is mounted */
	while (vn->mnt && vn == vn->mnt->root && vn->mnt->covered) {
		vn = vn->mnt->covered;
		if (vn == uk_vfs_root)
			break;
	}
	if (vn != uk_vfs_root) {
		vn = vn->parent;
		if (!vn)
			return -ENOENT;	/* a removed directory */
	}
	walk_set(w, uk_vnode_get(vn));
	return 0;
}

/* What is mounted on vn, all the way up the stack of mounts. */
static struct uk_vnode *cross_mounts(struct uk_vnode *vn)
{
	struct uk_vnode *top;

	while (vn->mounted) {
		top = uk_vnode_get(vn->mounted->root);
		uk_vnode_put(vn);
		vn = top;
	}
	return vn;
}

static int walk_start(struct walk *w, struct uk_vnode *start,
		      const char *path, unsigned int flags)
{
	if (!*path && !(flags & UK_WALK_EMPTY))
		return -ENOENT;
	if (!uk_vfs_root)
		return -ENOENT;		/* nothing is mounted */
	if (*path == '/' || !start)
		start = *path == '/' ? uk_vfs_root : uk_vfs_cwd;
	w->cur = uk_vnode_get(start);
	w->sp = 1;
	w->links = 0;
	w->stack[0].rest = path;
	w->stack[0].link = NULL;
	w->stack[0].slash = false;
	return 0;
}

/*
 * Takes one component: moves w->cur to it, following a symlink if it is
 * not the end or follow is set. Returns 0 or -errno.
 */
static int step(struct walk *w, const char *name, size_t len, bool follow)
{
	struct uk_vnode *next;
	const char *target;
	int rc;

	if (!is_dir(w->cur))
		return -ENOTDIR;
	if (len > UK_NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return dotdot(w);
	if (is_removed(w->cur))
		return -ENOENT;		/* nothing can be in a removed dir */
	rc = w->cur->vops->lookup(w->cur, name, len, &next);
	if (rc)
		return rc;
	next = cross_mounts(next);
	if (!S_ISLNK(next->mode) || !follow) {
		walk_set(w, next);
		return 0;
	}
	if (++w->links > UK_SYMLOOP_MAX || w->sp > UK_SYMLOOP_MAX) {
		uk_vnode_put(next);
		return -ELOOP;
	}
	target = next->vops->get_link ? next->vops->get_link(next) : NULL;
	if (!target || !*target) {
		uk_vnode_put(next);
		return -ENOENT;
	}
	/* the target is walked from here, or from the root */
	w->stack[w->sp].rest = target;
	w->stack[w->sp].link = next;
	w->stack[w->sp].slash = false;
	w->sp++;
	if (*target == '/')
		walk_set(w, uk_vnode_get(uk_vfs_root));
	return 0;
}

int uk_vfs_walk(struct uk_vnode *start, const char *path, unsigned int flags,
		struct uk_vnode **out)
{
	return uk_vfs_walk_len(start, path, strlen(path), flags, out);
}

int uk_vfs_walk_len(struct uk_vnode *start, const char *path, size_t plen,
		    unsigned int flags, struct uk_vnode **out)
{
	struct uk_vnode *hit, *key;
	struct walk w;
	const char *name;
	uint32_t hash = 0;
	size_t len;
	bool last, slash;
	int rc;

	/* the cache's key: where a relative path starts */
	key = *path == '/' ? NULL : start ? start : uk_vfs_cwd;
	hit = uk_vfs_root ? vfs_pathcache_find(key, path, plen, flags,
						 &hash) : NULL;
	if (hit) {
		*out = uk_vnode_get(hit);
		return 0;
	}
	rc = walk_start(&w, start, path, flags);
	if (rc)
		return rc;
	while (!next_component(&w, &name, &len, &last, &slash)) {
		slash &= last;
		/* a trailing slash follows a symlink, as a middle one does */
		rc = step(&w, name, len,
			  !last || slash || (flags & UK_WALK_FOLLOW));
		if (rc)
			goto fail;
		if (slash && !is_dir(w.cur) && !S_ISLNK(w.cur->mode)) {
			rc = -ENOTDIR;
			goto fail;
		}
	}
	if ((flags & UK_WALK_DIRECTORY) && !is_dir(w.cur)) {
		rc = -ENOTDIR;
		goto fail;
	}
	vfs_pathcache_add(key, path, plen, flags, hash, w.cur);
	*out = w.cur;
	w.cur = NULL;
	walk_drop(&w);
	return 0;
fail:
	walk_drop(&w);
	return rc;
}

int uk_vfs_walk_parent(struct uk_vnode *start, const char *path,
		       struct uk_vnode **dir, const char **last_name,
		       size_t *len, bool *slash)
{
	struct walk w;
	const char *name;
	bool last, trailing;
	size_t n;
	int rc;

	rc = walk_start(&w, start, path, 0);
	if (rc)
		return rc;
	*last_name = "";
	*len = 0;
	*slash = false;
	while (!next_component(&w, &name, &n, &last, &trailing)) {
		if (last) {
			/* the last one is always in the path itself: the
			 * walk follows no symlink at the end */
			if (!is_dir(w.cur)) {
				rc = -ENOTDIR;
				goto fail;
			}
			if (is_removed(w.cur)) {
				rc = -ENOENT;
				goto fail;
			}
			if (n > UK_NAME_MAX) {
				rc = -ENAMETOOLONG;
				goto fail;
			}
			*last_name = name;
			*len = n;
			*slash = trailing;
			break;
		}
		rc = step(&w, name, n, true);
		if (rc)
			goto fail;
	}
	*dir = w.cur;
	w.cur = NULL;
	walk_drop(&w);
	return 0;
fail:
	walk_drop(&w);
	return rc;
}
