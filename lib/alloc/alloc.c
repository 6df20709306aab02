/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel heap: the uk_malloc() family over one TLSF instance, which the
 * first RAM region added hosts and later regions extend.
 *
 * One CPU: calls cannot overlap as long as interrupt handlers do not
 * allocate (they must not) and no thread is preempted inside one, which
 * a preempt-disabled region around each entry point ensures (free of
 * cost without CONFIG_LIBSCHED_PREEMPT). SMP will need a real lock.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/essentials.h>
#include <uk/sched.h>

#include "tlsf.h"

static struct uk_tlsf *alloc_heap;

#ifdef CONFIG_LIBALLOC_STATS
static struct {
	size_t peak_used;
	unsigned long nr_allocs;
	unsigned long nr_frees;
	unsigned long nr_failed;
} alloc_counters;
#endif

static void alloc_note_used(void)
{
#ifdef CONFIG_LIBALLOC_STATS
	size_t used = uk_tlsf_used(alloc_heap);

	if (used > alloc_counters.peak_used)
		alloc_counters.peak_used = used;
#endif
}

static void alloc_note_failed(void)
{
#ifdef CONFIG_LIBALLOC_STATS
	alloc_counters.nr_failed++;
#endif
}

/* Counts a new allocation, or a failed one. */
static void *alloc_account(void *p)
{
	if (!p) {
		alloc_note_failed();
		return NULL;
	}
#ifdef CONFIG_LIBALLOC_STATS
	alloc_counters.nr_allocs++;
#endif
	alloc_note_used();
	return p;
}

int uk_alloc_add_region(void *base, size_t len)
{
	struct uk_tlsf *t;

	if (alloc_heap)
		return uk_tlsf_add_pool(alloc_heap, base, len);
	t = uk_tlsf_init(base, len);
	if (uk_is_err(t))
		return (int)uk_ptr_err(t);
	alloc_heap = t;
	return 0;
}

void *uk_malloc(size_t size)
{
	void *p;

	if (!alloc_heap)
		return alloc_account(NULL);
	uk_preempt_disable();
	p = alloc_account(uk_tlsf_malloc(alloc_heap, size));
	uk_preempt_enable();
	return p;
}

void *uk_calloc(size_t nmemb, size_t size)
{
	size_t len;
	void *p;

	if (__builtin_mul_overflow(nmemb, size, &len) || !alloc_heap)
		return alloc_account(NULL);
	/* Blocks are recycled, never pre-zeroed. */
	uk_preempt_disable();
	p = alloc_account(uk_tlsf_malloc(alloc_heap, len));
	uk_preempt_enable();
	if (p)
		memset(p, 0, len);
	return p;
}

void *uk_memalign(size_t align, size_t size)
{
	void *p;

	if (!alloc_heap)
		return alloc_account(NULL);
	uk_preempt_disable();
	p = alloc_account(uk_tlsf_memalign(alloc_heap, align, size));
	uk_preempt_enable();
	return p;
}

/*
 * realloc(NULL, n) allocates and realloc(p, 0) frees, returning NULL;
 * a resize counts as neither, so nr_allocs - nr_frees stays the number
 * of live allocations.
 */
void *uk_realloc(void *ptr, size_t size)
{
	void *p;

	if (!ptr)
		return uk_malloc(size);
	if (!size) {
		uk_free(ptr);
		return NULL;
	}
	uk_preempt_disable();
	p = alloc_heap ? uk_tlsf_realloc(alloc_heap, ptr, size) : NULL;
	if (p)
		alloc_note_used();
	else
		alloc_note_failed();
	uk_preempt_enable();
	return p;
}

void uk_free(void *ptr)
{
	int bad;

	if (!ptr || !alloc_heap)
		return;
	/*
	 * A misaligned pointer or a double free is refused without harm;
	 * there is no panic to report it with from here yet.
	 */
	uk_preempt_disable();
	bad = uk_tlsf_free(alloc_heap, ptr);
#ifdef CONFIG_LIBALLOC_STATS
	if (!bad)
		alloc_counters.nr_frees++;
#endif
	(void)bad;
	uk_preempt_enable();
}

size_t uk_malloc_usable_size(const void *ptr)
{
	return uk_tlsf_usable_size(ptr);
}

void uk_alloc_get_stats(struct uk_alloc_stats *st)
{
	struct uk_tlsf_stats ts;

	memset(st, 0, sizeof(*st));
	if (alloc_heap) {
		uk_tlsf_get_stats(alloc_heap, &ts);
		st->total = ts.total;
		st->used = ts.used;
		st->free = ts.free;
		st->largest_free = ts.largest_free;
	}
#ifdef CONFIG_LIBALLOC_STATS
	st->peak_used = alloc_counters.peak_used;
	st->nr_allocs = alloc_counters.nr_allocs;
	st->nr_frees = alloc_counters.nr_frees;
	st->nr_failed = alloc_counters.nr_failed;
#endif
}
