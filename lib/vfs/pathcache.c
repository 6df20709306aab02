// SPDX-License-Identifier: BSD-3-Clause
/*
 * A cache of whole paths walked recently: (start directory, path, walk
 * flags) -> the vnode the walk ended at, so that opening the same file
 * again is one hash and one compare of the string instead of a lookup
 * per component. Only successful walks are kept, and only while nothing
 * that could change their result has happened: every removal of a name,
 * rename, mount and unmount bumps a generation number that entries must
 * match. Adding a name changes no walk that succeeded, so it does not.
 * The cache holds no references: a vnode can only go away after it lost
 * its names, and the generation is bumped before that. Entries change
 * with the name space locked and interrupts off, so a reader with just
 * interrupts off (one CPU) sees each entry whole: a hit in
 * vfs_walk_cached() takes its reference without the name space lock.
 */
#include <string.h>

#include "vfs_impl.h"

#define ENTRIES		64	/* a power of two */
#define PATH_MAX_CACHED	80

struct entry {
	uint64_t gen;		/* 0: empty */
	struct uk_vnode *start;
	struct uk_vnode *vn;
	uint32_t hash;
	uint16_t len;
	uint16_t flags;
	char path[PATH_MAX_CACHED];
};

static struct entry cache[ENTRIES];
static uint64_t gen = 1;

void vfs_pathcache_invalidate(void)
{
	__atomic_add_fetch(&gen, 1, __ATOMIC_RELAXED);
}

void uk_vfs_names_changed(void)
{
	vfs_pathcache_invalidate();
}

static uint64_t word_at(const char *p)
{
	uint64_t w;

	__builtin_memcpy(&w, p, sizeof(w));	/* one load: -ffreestanding */
	return w;
}

/*
 * A hash of the length and the first and last 8 bytes: paths that share
 * those are told apart by the compare, which the cache makes anyway; this
 * costs the same for any length.
 */
static uint32_t path_hash(const char *path, size_t n)
{
	uint64_t h;
	size_t i;

	if (n >= 8) {
		h = word_at(path) * 0x9e3779b97f4a7c15ULL;
		h ^= word_at(path + n - 8) * 0xc2b2ae3d27d4eb4fULL;
	} else {
		for (h = 0, i = 0; i < n; i++)
			h = (h << 8) | (unsigned char)path[i];
		h *= 0x9e3779b97f4a7c15ULL;
	}
	h ^= n;
	return (uint32_t)(h ^ (h >> 29));
}

/*
 * a and b (len bytes each) are the same: 8 bytes at a time, the last 8
 * overlapping the ones before when len is not a multiple of 8.
 */
static bool same_path(const char *a, const char *b, size_t len)
{
	size_t i;

	if (len < 8) {
		for (i = 0; i < len; i++)
			if (a[i] != b[i])
				return false;
		return true;
	}
	for (i = 0; i + 8 < len; i += 8)
		if (word_at(a + i) != word_at(b + i))
			return false;
	return word_at(a + len - 8) == word_at(b + len - 8);
}

struct uk_vnode *vfs_pathcache_find(struct uk_vnode *start, const char *path,
				    size_t len, unsigned int flags,
				    uint32_t *hash)
{
	struct entry *e;

	if (len >= PATH_MAX_CACHED)
		return NULL;
	*hash = path_hash(path, len);
	e = &cache[*hash & (ENTRIES - 1)];
	if (e->gen != gen || e->hash != *hash || e->start != start ||
	    e->flags != flags || e->len != len ||
	    !same_path(e->path, path, len))
		return NULL;
	return e->vn;
}

void vfs_pathcache_add(struct uk_vnode *start, const char *path, size_t len,
		       unsigned int flags, uint32_t hash, struct uk_vnode *vn)
{
	unsigned long irq;
	struct entry *e;

	if (len >= PATH_MAX_CACHED || vn->nocache)
		return;
	irq = uk_sched_lock();
	e = &cache[hash & (ENTRIES - 1)];
	e->gen = gen;
	e->start = start;
	e->vn = vn;
	e->hash = hash;
	e->len = len;
	e->flags = flags;
	memcpy(e->path, path, len);
	uk_sched_unlock(irq);
}

struct uk_vnode *vfs_walk_cached(struct uk_vnode *start, const char *path,
				 size_t len, unsigned int flags)
{
	struct uk_vnode *key, *vn;
	unsigned long irq;
	uint32_t hash;

	irq = uk_sched_lock();
	key = *path == '/' ? NULL : start ? start : uk_vfs_cwd;
	vn = vfs_pathcache_find(key, path, len, flags, &hash);
	if (vn)
		uk_vnode_get(vn);
	uk_sched_unlock(irq);
	return vn;
}
