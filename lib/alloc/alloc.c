/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel heap: the uk_malloc() family over one TLSF instance, which the
 * first RAM region added hosts and later regions extend.
 *
 * One CPU: calls cannot overlap as long as interrupt handlers do not
 * allocate (they must not) and no thread is preempted inside one, which
 * a preempt-disabled region around each entry point ensures (free of
 * cost without CONFIG_LIBSCHED_PREEMPT). SMP will need a real lock.
 *
 * Small blocks (spans up to QUICK_MAX) that are freed go to a short list
 * per span instead of back into TLSF, and a malloc of that span takes
 * one from there: servers allocate and free the same few small sizes per
 * request (redis about five pairs a GET), and a list push or pop is a
 * tenth of TLSF's search, split and merge. A list holds QUICK_DEPTH
 * blocks at most (all lists: under 170 KiB). uk_alloc_get_stats() gives
 * them back to TLSF first, so its figures are TLSF's own, exact. A block
 * on a list carries a mark, so that freeing it again is refused as TLSF
 * refuses a double free.
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

#define QUICK_MAX	256UL	/* the largest span kept on a list */
#define QUICK_SPAN_LOG2	4	/* spans are multiples of 16 */
#define QUICK_LISTS	((QUICK_MAX >> QUICK_SPAN_LOG2) + 1)
#define QUICK_DEPTH	80
#define QUICK_MARK	0x9e3779b97f4a7c15UL	/* ^ the address */

struct quick_block {
	struct quick_block *next;
	uintptr_t mark;
};

static struct {
	struct quick_block *head;
	unsigned int n;
} quick[QUICK_LISTS];
static size_t quick_bytes;	/* spans on the lists */

/* A block of @span from its list, or NULL. Preemption disabled. */
static void *quick_take(size_t span)
{
	unsigned int i = span >> QUICK_SPAN_LOG2;
	struct quick_block *b;

	if (span > QUICK_MAX || !quick[i].head)
		return NULL;
	b = quick[i].head;
	quick[i].head = b->next;
	quick[i].n--;
	quick_bytes -= span;
	b->mark = 0;
	return b;
}

/*
 * Keeps @ptr on its list: 1 kept, 0 for TLSF to free (or refuse),
 * -EINVAL freed twice. Preemption disabled.
 */
static int quick_keep(void *ptr)
{
	struct quick_block *b = ptr;
	size_t span;
	unsigned int i;

	if (!uk_tlsf_owns(alloc_heap, ptr))
		return 0;
	span = uk_tlsf_span(ptr);
	i = span >> QUICK_SPAN_LOG2;
	if (span > QUICK_MAX)
		return 0;
	if (b->mark == (QUICK_MARK ^ (uintptr_t)b))
		return -EINVAL;		/* on a list already */
	if (quick[i].n >= QUICK_DEPTH)
		return 0;
	b->mark = QUICK_MARK ^ (uintptr_t)b;
	b->next = quick[i].head;
	quick[i].head = b;
	quick[i].n++;
	quick_bytes += span;
	return 1;
}

/* Every block on the lists back to TLSF. Preemption disabled. */
static void quick_drain(void)
{
	struct quick_block *b;
	unsigned int i;

	for (i = 0; i < QUICK_LISTS; i++) {
		while ((b = quick[i].head)) {
			quick[i].head = b->next;
			b->mark = 0;
			uk_tlsf_free(alloc_heap, b);
		}
		quick[i].n = 0;
	}
	quick_bytes = 0;
}

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
	p = quick_take(uk_tlsf_request_span(size));
	if (!p)
		p = uk_tlsf_malloc(alloc_heap, size);
	p = alloc_account(p);
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
	p = quick_take(uk_tlsf_request_span(len));
	if (!p)
		p = uk_tlsf_malloc(alloc_heap, len);
	p = alloc_account(p);
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
	bad = quick_keep(ptr);
	bad = bad > 0 ? 0 : bad ? bad : uk_tlsf_free(alloc_heap, ptr);
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

/* the counters alloc.stats keeps (zero without CONFIG_LIBALLOC_STATS) */
static void counters_to(struct uk_alloc_stats *st)
{
#ifdef CONFIG_LIBALLOC_STATS
	st->peak_used = alloc_counters.peak_used;
	st->nr_allocs = alloc_counters.nr_allocs;
	st->nr_frees = alloc_counters.nr_frees;
	st->nr_failed = alloc_counters.nr_failed;
#else
	(void)st;
#endif
}

/* From threads only: the lists go back first. */
void uk_alloc_get_stats(struct uk_alloc_stats *st)
{
	struct uk_tlsf_stats ts;

	memset(st, 0, sizeof(*st));
	if (alloc_heap) {
		uk_preempt_disable();
		quick_drain();
		uk_preempt_enable();
		uk_tlsf_get_stats(alloc_heap, &ts);
		st->total = ts.total;
		st->used = ts.used;
		st->free = ts.free;
		st->largest_free = ts.largest_free;
	}
	counters_to(st);
}

/*
 * Any context, an interrupt's too: counters only, read as they are (no
 * list is walked, so a thread stopped inside malloc cannot mislead it);
 * blocks on the quick lists count as free. largest_free is not known.
 */
void uk_alloc_peek_stats(struct uk_alloc_stats *st)
{
	memset(st, 0, sizeof(*st));
	if (alloc_heap) {
		st->total = uk_tlsf_total(alloc_heap);
		st->used = uk_tlsf_used(alloc_heap) - quick_bytes;
		st->free = st->total - st->used;
	}
	counters_to(st);
}
