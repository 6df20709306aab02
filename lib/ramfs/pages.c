// SPDX-License-Identifier: BSD-3-Clause
/* A file's blocks: the radix tree of pages.h. */
#include <string.h>

#include <uk/alloc.h>
#include <uk/errno.h>

#include "pages.h"

#define BORROWED	1UL
#define SHIFT		9	/* log2(RAMFS_FANOUT) */

static bool is_borrowed(const void *slot)
{
	return (uintptr_t)slot & BORROWED;
}

static void *block_of(const void *slot)
{
	return (void *)((uintptr_t)slot & ~BORROWED);
}

/* Pages a tree of this height covers (capped: 512^7 overflows nothing). */
static uint64_t capacity(unsigned int height)
{
	return height >= 7 ? UINT64_MAX : 1ULL << (SHIFT * height);
}

void ramfs_pages_init(struct ramfs_pages *p)
{
	p->root = NULL;
	p->height = 0;
	p->owned = 0;
	p->borrow = NULL;
	p->borrow_pages = 0;
}

void ramfs_pages_borrow_extent(struct ramfs_pages *p, const void *data,
			       uint64_t npages)
{
	p->borrow = data;
	p->borrow_pages = npages;
}

/* Page idx of the borrowed extent, or NULL. */
static const void *extent_page(const struct ramfs_pages *p, uint64_t idx)
{
	return idx < p->borrow_pages ? p->borrow + idx * RAMFS_PAGE : NULL;
}

/* The slot of page idx; NULL if a node on the way is missing. */
static void **slot_find(const struct ramfs_pages *p, uint64_t idx)
{
	void **slot = (void **)&p->root;
	unsigned int h;

	if (idx >= capacity(p->height))
		return NULL;
	for (h = p->height; h > 0; h--) {
		if (!*slot)
			return NULL;
		slot = &((void **)*slot)[(idx >> (SHIFT * (h - 1))) &
					  (RAMFS_FANOUT - 1)];
	}
	return slot;
}

/* The slot of page idx, making the nodes it needs; NULL: no memory. */
static void **slot_make(struct ramfs_pages *p, uint64_t idx)
{
	void **slot, **node;
	unsigned int h;

	while (idx >= capacity(p->height)) {
		if (p->root) {
			node = uk_calloc(RAMFS_FANOUT, sizeof(void *));
			if (!node)
				return NULL;
			node[0] = p->root;
			p->root = node;
		}
		p->height++;
	}
	slot = &p->root;
	for (h = p->height; h > 0; h--) {
		if (!*slot) {
			*slot = uk_calloc(RAMFS_FANOUT, sizeof(void *));
			if (!*slot)
				return NULL;	/* empty nodes stay: harmless */
		}
		slot = &((void **)*slot)[(idx >> (SHIFT * (h - 1))) &
					  (RAMFS_FANOUT - 1)];
	}
	return slot;
}

const void *ramfs_page_read(const struct ramfs_pages *p, uint64_t idx)
{
	void **slot = slot_find(p, idx);

	if (slot && *slot)
		return block_of(*slot);
	return extent_page(p, idx);
}

bool ramfs_page_borrowed(const struct ramfs_pages *p, uint64_t idx)
{
	void **slot = slot_find(p, idx);

	if (slot && *slot)
		return is_borrowed(*slot);
	return extent_page(p, idx) != NULL;
}

void *ramfs_page_write(struct ramfs_pages *p, uint64_t idx, size_t valid)
{
	void **slot = slot_find(p, idx), *blk;
	const void *from;

	if (slot && *slot && !is_borrowed(*slot))
		return *slot;
	from = slot && *slot ? block_of(*slot) : extent_page(p, idx);
	if (!slot) {
		slot = slot_make(p, idx);
		if (!slot)
			return NULL;
	}
	blk = uk_malloc(RAMFS_PAGE);
	if (!blk)
		return NULL;
	if (from) {
		valid = valid > RAMFS_PAGE ? RAMFS_PAGE : valid;
		memcpy(blk, from, valid);
		memset((char *)blk + valid, 0, RAMFS_PAGE - valid);
	} else {
		memset(blk, 0, RAMFS_PAGE);
	}
	*slot = blk;
	p->owned++;
	return blk;
}

int ramfs_page_borrow(struct ramfs_pages *p, uint64_t idx, const void *data)
{
	void **slot = slot_make(p, idx);

	if (!slot)
		return -ENOMEM;
	if (*slot && !is_borrowed(*slot)) {
		uk_free(*slot);
		p->owned--;
	}
	*slot = (void *)((uintptr_t)data | BORROWED);
	return 0;
}

/*
 * Frees what the subtree at *slot (height h, covering pages from base)
 * holds from page idx on; clears *slot if nothing is left in it.
 */
static void prune(struct ramfs_pages *p, void **slot, unsigned int h,
		  uint64_t base, uint64_t idx)
{
	void **node = *slot;
	uint64_t span, i;
	bool empty = true;

	if (!node)
		return;
	if (!h) {
		if (base >= idx) {
			if (!is_borrowed(node)) {
				uk_free(node);
				p->owned--;
			}
			*slot = NULL;
		}
		return;
	}
	span = capacity(h - 1);
	for (i = 0; i < RAMFS_FANOUT; i++) {
		if (base + (i + 1) * span > idx)
			prune(p, &node[i], h - 1, base + i * span, idx);
		if (node[i])
			empty = false;
	}
	if (empty) {
		uk_free(node);
		*slot = NULL;
	}
}

void ramfs_pages_truncate(struct ramfs_pages *p, uint64_t idx)
{
	if (p->borrow_pages > idx)
		p->borrow_pages = idx;
	prune(p, &p->root, p->height, 0, idx);
	if (!p->root)
		p->height = 0;
}

void ramfs_pages_free(struct ramfs_pages *p)
{
	ramfs_pages_truncate(p, 0);
}
