/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TLSF (two-level segregated fit) allocator instance, private to liballoc.
 *
 * One instance manages any number of pools. Its control structure lives
 * at the start of the memory given to uk_tlsf_init(); every pool keeps a
 * 32-byte header at its own start. Adding memory creates one free block,
 * so the cost of init and of uk_tlsf_add_pool() does not depend on size.
 *
 * All returned pointers are 16-byte aligned. Each block costs 8 bytes of
 * header; the smallest block is 32 bytes (24 usable). One block spans at
 * most 2^48 - 16 bytes; a larger pool is cut to that size.
 *
 * Not thread-safe: callers serialize.
 */
#ifndef UK_ALLOC_TLSF_H
#define UK_ALLOC_TLSF_H

#include <stddef.h>
#include <stdbool.h>

struct uk_tlsf;

struct uk_tlsf_stats {
	size_t total;		/* bytes in the pools' blocks */
	size_t used;		/* span of allocated blocks, headers included */
	size_t free;		/* total - used */
	size_t largest_free;	/* largest size uk_tlsf_malloc() can serve now */
	unsigned long nr_pools;
};

/*
 * Builds an instance in [mem, mem + len): the control structure first,
 * the rest becomes the first pool. Returns the instance, or an error
 * pointer (uk_is_err()): -EINVAL for a bad range, -ENOMEM if too small.
 */
struct uk_tlsf *uk_tlsf_init(void *mem, size_t len);

/*
 * Adds [mem, mem + len) as a further pool. Returns 0, -EINVAL for a bad
 * range or one overlapping a known pool, -ENOMEM if too small to use.
 */
int uk_tlsf_add_pool(struct uk_tlsf *t, void *mem, size_t len);

/* A size of 0 yields the smallest block. NULL when out of memory. */
void *uk_tlsf_malloc(struct uk_tlsf *t, size_t size);

/* align: a power of two (up to 2^47). NULL if invalid or out of memory. */
void *uk_tlsf_memalign(struct uk_tlsf *t, size_t align, size_t size);

/*
 * Resizes in place when it can (always when shrinking; when growing if
 * the next block is free and big enough), else moves. NULL ptr acts as
 * malloc; a size of 0 shrinks to the smallest block. On failure returns
 * NULL and leaves ptr untouched.
 */
void *uk_tlsf_realloc(struct uk_tlsf *t, void *ptr, size_t size);

/*
 * NULL is a no-op. Returns -EINVAL, changing nothing, for a pointer that
 * is misaligned or whose block is already free (cheap checks only).
 */
int uk_tlsf_free(struct uk_tlsf *t, void *ptr);

/* Bytes usable at ptr (>= the size asked for); 0 for NULL. */
size_t uk_tlsf_usable_size(const void *ptr);
/*
 * Spans (a block's size with its header; a multiple of 16): what a
 * request of @size bytes takes (0: too big), what the block at @ptr
 * has; whether @ptr looks like a block in use (aligned, header sane).
 */
size_t uk_tlsf_request_span(size_t size);
size_t uk_tlsf_span(const void *ptr);
bool uk_tlsf_owns(const struct uk_tlsf *t, const void *ptr);

size_t uk_tlsf_used(const struct uk_tlsf *t);
size_t uk_tlsf_total(const struct uk_tlsf *t);

/* O(1), except largest_free, which walks one free list. */
void uk_tlsf_get_stats(const struct uk_tlsf *t, struct uk_tlsf_stats *st);

/*
 * Walks every pool and free list and checks block linkage, flags,
 * free-list membership, bitmaps and byte counts. Returns 0, -EFAULT on
 * corruption (uk_tlsf_check_error() then says what), -EINVAL for NULL.
 * O(blocks + pools * listed blocks); for tests and debugging.
 */
int uk_tlsf_check(struct uk_tlsf *t);
const char *uk_tlsf_check_error(const struct uk_tlsf *t);

#endif /* UK_ALLOC_TLSF_H */
