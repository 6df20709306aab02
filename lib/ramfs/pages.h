/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A regular file's data: page-sized blocks in a radix tree of 512-way
 * nodes indexed by page number, so a file with holes costs only the pages
 * written (and the nodes above them). A block is owned (allocated,
 * writable) or borrowed: it points into memory that is not ours to
 * change (the initrd's boot module) and is copied on its first write.
 *
 * Invariant kept by the caller (ramfs.c): the bytes of an owned block past
 * the file's size are zero, and a borrowed block is read only within the
 * size (its memory may go on with the next file's bytes).
 */
#ifndef RAMFS_PAGES_H
#define RAMFS_PAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RAMFS_PAGE	4096UL
#define RAMFS_FANOUT	512

struct ramfs_pages {
	void *root;		/* a block (height 0) or a node */
	unsigned int height;	/* node levels above the blocks */
	uint64_t owned;		/* blocks allocated */
	/* a borrowed extent: page i is borrow + i * RAMFS_PAGE while i is
	 * below borrow_pages and its slot is empty (set in O(1), whatever
	 * the size: the initrd's files) */
	const char *borrow;
	uint64_t borrow_pages;
};

void ramfs_pages_init(struct ramfs_pages *p);
/* The block of page idx for reading, or NULL for a hole. */
const void *ramfs_page_read(const struct ramfs_pages *p, uint64_t idx);
/* Whether page idx is borrowed. */
bool ramfs_page_borrowed(const struct ramfs_pages *p, uint64_t idx);
/*
 * The block of page idx for writing: a hole gets a zeroed block, a
 * borrowed block is copied (its first `valid` bytes; the rest zeroed).
 * NULL when out of memory (nothing changed).
 */
void *ramfs_page_write(struct ramfs_pages *p, uint64_t idx, size_t valid);
/* Makes page idx borrow data (a hole before); -ENOMEM, 0. */
int ramfs_page_borrow(struct ramfs_pages *p, uint64_t idx, const void *data);
/* Makes pages 0 .. npages-1 (all holes) borrow data, at no cost a page. */
void ramfs_pages_borrow_extent(struct ramfs_pages *p, const void *data,
			       uint64_t npages);
/* Drops every block from page idx on. */
void ramfs_pages_truncate(struct ramfs_pages *p, uint64_t idx);
void ramfs_pages_free(struct ramfs_pages *p);

#endif /* RAMFS_PAGES_H */
