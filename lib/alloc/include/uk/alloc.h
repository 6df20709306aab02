/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel heap. Boot code hands every free RAM region to
 * uk_alloc_add_region(); the rest of the kernel allocates from it.
 * Pointers returned are 16-byte aligned. Not safe to call concurrently.
 */
#ifndef UK_ALLOC_H
#define UK_ALLOC_H

#include <stddef.h>

struct uk_alloc_stats {
	size_t total;		/* bytes managed, block headers included */
	size_t used;		/* bytes in allocated blocks */
	size_t free;		/* total - used */
	size_t peak_used;	/* highest used seen */
	size_t largest_free;	/* largest size uk_malloc() can serve now */
	unsigned long nr_allocs;
	unsigned long nr_frees;
	unsigned long nr_failed;
};

/*
 * Returns 0, -EINVAL for a bad range or one overlapping a region already
 * added, -ENOMEM for one too small to use. The first region accepted
 * also hosts the heap's control structure (about 10 KiB). The cost does
 * not depend on len.
 */
int uk_alloc_add_region(void *base, size_t len);

/*
 * All return NULL when out of memory. uk_malloc(0) returns a unique
 * pointer to free like any other; uk_realloc(ptr, 0) frees ptr and
 * returns NULL; a failed uk_realloc() leaves ptr as it was.
 */
void *uk_malloc(size_t size);
void *uk_calloc(size_t nmemb, size_t size);	/* overflow-checked */
void *uk_realloc(void *ptr, size_t size);
void *uk_memalign(size_t align, size_t size);	/* align: a power of two */
void uk_free(void *ptr);
size_t uk_malloc_usable_size(const void *ptr);

/*
 * Counters and peak_used are 0 unless CONFIG_LIBALLOC_STATS. From
 * threads; uk_alloc_peek_stats() from any context (an interrupt's), with
 * no largest_free.
 */
void uk_alloc_get_stats(struct uk_alloc_stats *st);
void uk_alloc_peek_stats(struct uk_alloc_stats *st);
/* One line of them on the console (with lib/debug); any context. */
void uk_alloc_print_stats(void);

#endif /* UK_ALLOC_H */
