/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The registry of live anonymous mappings, over the kernel heap. Portable
 * (no libc beyond <string.h>): host tests build it against a fake heap.
 *
 * Each mapping is one heap block (uk_memalign(MAPS_PAGE, len)). Its live
 * parts are ranges in an array sorted by address; unmapping the middle
 * or the front of a block splits or trims its range but keeps the block
 * (the heap cannot shrink one from the front) until no range is left.
 * A dead tail is given back to the heap at once (uk_realloc shrinks in
 * place). The ranges of one block are adjacent in the array, as blocks
 * never overlap.
 */
#ifndef POSIX_MMAP_MAPS_H
#define POSIX_MMAP_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAPS_PAGE	4096UL

struct maps_range {
	uintptr_t start, end;	/* live: [start, end), page-aligned */
	uintptr_t block;	/* the heap block it lies in */
	size_t block_len;	/* bytes of the block that are ours */
};

struct maps {
	struct maps_range *r;	/* sorted by start; heap-allocated */
	size_t nr, cap;
};

/*
 * All lengths are non-zero multiples of MAPS_PAGE and addresses
 * page-aligned (the syscalls check); a + len must not wrap.
 */

/* A new zero-filled mapping: its address, or -ENOMEM. */
long maps_map(struct maps *m, size_t len);

/*
 * MAP_FIXED: [a, a + len) must lie within one block of ours, in live
 * ranges or in holes unmapped earlier; it is zeroed and becomes live.
 * Returns a; -EINVAL if not ours; with noreplace, -EEXIST if any of it
 * is live; -ENOMEM if the registry cannot grow.
 */
long maps_map_fixed(struct maps *m, uintptr_t a, size_t len, bool noreplace);

/*
 * Unmaps whatever of [a, a + len) is live (nothing is fine). Returns 0,
 * or -ENOMEM (nothing changed) if splitting a range needs an entry the
 * registry cannot get.
 */
int maps_unmap(struct maps *m, uintptr_t a, size_t len);

/*
 * [old, old + old_len) must lie in one live range (else -EFAULT).
 * Shrinking unmaps the tail. Growing extends in place when the range is
 * the block's last and the heap block has room (its usable size), else
 * moves if may_move (new block, copy, unmap the old range), else
 * -ENOMEM. Returns the (new) address.
 */
long maps_remap(struct maps *m, uintptr_t old, size_t old_len,
		size_t new_len, bool may_move);

/* Zeroes the live parts of [a, a + len) (MADV_DONTNEED). */
void maps_zero(struct maps *m, uintptr_t a, size_t len);

/* The live range holding addr, or NULL. */
const struct maps_range *maps_find(const struct maps *m, uintptr_t addr);

/*
 * Makes [p, p + len) (page-aligned) read as zeros: the kernel's
 * ukplat_page_zero() writes only the pages written since they were last
 * zeroed (mmap.c provides it; host tests a memset).
 */
void maps_zero_pages(void *p, size_t len);

/* Frees every block and the array (for tests). */
void maps_destroy(struct maps *m);

#endif /* POSIX_MMAP_MAPS_H */
