/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests for liballoc: the TLSF instance and the uk_malloc() API.
 * Heaps live in host memory; uk_tlsf_check() validates the allocator's
 * structures after each interesting step.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "host-test.h"

/* The stats counters are part of what is tested. */
#ifndef CONFIG_LIBALLOC_STATS
#define CONFIG_LIBALLOC_STATS 1
#endif

#include "../tlsf.c"
#include "../alloc.c"

#define KiB	(1UL << 10)
#define MiB	(1UL << 20)
#define GiB	(1UL << 30)

/* Host buffers backing the global heap, freed by global_reset(). */
static void *host_bufs[16];
static unsigned int nr_host_bufs;

static void global_reset(void)
{
	while (nr_host_bufs)
		free(host_bufs[--nr_host_bufs]);
	alloc_heap = NULL;
	memset(&alloc_counters, 0, sizeof(alloc_counters));
	memset(quick, 0, sizeof(quick));	/* they were in the old heap */
	quick_bytes = 0;
}

static void *host_buf(size_t len)
{
	void *p = malloc(len);

	if (p && nr_host_bufs < ARRAY_SIZE(host_bufs))
		host_bufs[nr_host_bufs++] = p;
	return p;
}

/* A fresh global heap over one host buffer of len bytes. */
static int global_heap(size_t len)
{
	void *p;

	global_reset();
	p = host_buf(len);
	if (!p)
		return -ENOMEM;
	return uk_alloc_add_region(p, len);
}

static struct uk_alloc_stats stats(void)
{
	struct uk_alloc_stats st;

	uk_alloc_get_stats(&st);
	return st;
}

static int heap_check(struct uk_tlsf *t)
{
	int rc = uk_tlsf_check(t);

	if (rc)
		printf("  uk_tlsf_check: %s\n", uk_tlsf_check_error(t));
	return rc;
}

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: fixed seed, reproducible runs. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static void fill(void *p, size_t len, unsigned int seed)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		c[i] = (unsigned char)(seed + i * 31 + (i >> 8));
}

static bool verify(const void *p, size_t len, unsigned int seed)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (c[i] != (unsigned char)(seed + i * 31 + (i >> 8)))
			return false;
	return true;
}

static bool in_range(const void *p, size_t len, const void *base,
		     size_t blen)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)base;

	return a >= b && a + len <= b + blen;
}

HOST_TEST(init_rejects_bad_ranges)
{
	static char small[256] __aligned(16);
	char *buf = malloc(64 * KiB);
	struct uk_tlsf *t;

	CHECK(buf);
	CHECK_EQ_INT(uk_ptr_err(uk_tlsf_init(NULL, 4096)), -EINVAL);
	CHECK_EQ_INT(uk_ptr_err(uk_tlsf_init(buf, 0)), -EINVAL);
	CHECK_EQ_INT(uk_ptr_err(uk_tlsf_init((void *)(UINTPTR_MAX - 100),
					     4096)), -EINVAL);
	/* Too small for the control structure. */
	CHECK_EQ_INT(uk_ptr_err(uk_tlsf_init(small, sizeof(small))), -ENOMEM);

	t = uk_tlsf_init(buf, 32 * KiB);
	CHECK(!uk_is_err(t));
	CHECK_EQ_INT(heap_check(t), 0);
	CHECK_EQ_INT(uk_tlsf_add_pool(t, NULL, 4096), -EINVAL);
	/* Overlapping the first pool, which includes the control. */
	CHECK_EQ_INT(uk_tlsf_add_pool(t, buf + 100, 4096), -EINVAL);
	CHECK_EQ_INT(uk_tlsf_add_pool(t, buf + 32 * KiB - 1, 4096), -EINVAL);
	CHECK_EQ_INT(uk_tlsf_add_pool(t, buf + 32 * KiB, 64), -ENOMEM);
	CHECK_EQ_INT(uk_tlsf_add_pool(t, buf + 32 * KiB, 4096), 0);
	CHECK_EQ_INT(uk_tlsf_add_pool(t, buf + 34 * KiB, 4096), -EINVAL);
	CHECK_EQ_INT(heap_check(t), 0);
	free(buf);

	global_reset();
	CHECK(uk_malloc(16) == NULL);	/* no region yet */
	CHECK_EQ_INT(stats().nr_failed, 1);
	CHECK_EQ_INT(uk_alloc_add_region(small, sizeof(small)), -ENOMEM);
	CHECK_EQ_INT(uk_alloc_add_region(NULL, MiB), -EINVAL);
	CHECK_EQ_INT(global_heap(MiB), 0);
	CHECK(uk_malloc(16) != NULL);
	global_reset();
}

HOST_TEST(class_mapping)
{
	unsigned int fl, sl, pfl = 0, psl = 0;
	size_t span, want, lo;
	int i;

	/* Largest block: must land in the last class, not past it. */
	tlsf_mapping(TLSF_SPAN_MAX, &fl, &sl);
	CHECK_EQ_INT(fl, TLSF_FL_COUNT - 1);
	CHECK(TLSF_SPAN_MAX >= (1UL << 40));
	tlsf_mapping(BLK_MIN_SPAN, &fl, &sl);
	CHECK_EQ_INT(fl, 0);
	CHECK_EQ_INT(sl, BLK_MIN_SPAN / TLSF_ALIGN);

	/* Classes grow with the span. */
	for (span = BLK_MIN_SPAN; span < (1UL << 20); span += TLSF_ALIGN) {
		tlsf_mapping(span, &fl, &sl);
		CHECK(fl > pfl || (fl == pfl && sl >= psl));
		pfl = fl;
		psl = sl;
	}

	/*
	 * The rounded-up class of any span only holds spans at least that
	 * big: its lowest member is >= span.
	 */
	rng_state = 42;
	for (i = 0; i < 100000; i++) {
		span = rnd() % (1UL << (i % 47 + 1));
		span = ALIGN_UP(span + TLSF_SMALL_SPAN, TLSF_ALIGN);
		want = span + (1UL << (tlsf_fls(span) - TLSF_SL_LOG2)) - 1;
		if (want > TLSF_SPAN_MAX)
			continue;
		tlsf_mapping(want, &fl, &sl);
		CHECK(fl >= 1 && fl < TLSF_FL_COUNT);
		lo = (1UL << (fl + TLSF_FL_SHIFT - 1)) +
		     ((size_t)sl << (fl + TLSF_FL_SHIFT - 1 - TLSF_SL_LOG2));
		CHECK(lo >= span && lo <= want);
	}
}

HOST_TEST(malloc_free_basic)
{
	struct uk_alloc_stats st0, st;
	void *p[8];
	unsigned int i;

	CHECK_EQ_INT(global_heap(MiB), 0);
	st0 = stats();
	CHECK(st0.total > MiB - 16 * KiB && st0.total <= MiB);
	CHECK_EQ_INT(st0.used, 0);
	CHECK_EQ_INT(st0.free, st0.total);

	for (i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = uk_malloc(100 * (i + 1));
		CHECK(p[i]);
		CHECK(uk_malloc_usable_size(p[i]) >= 100 * (i + 1));
		fill(p[i], 100 * (i + 1), i);
	}
	for (i = 0; i < ARRAY_SIZE(p); i++)
		CHECK(verify(p[i], 100 * (i + 1), i));
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	st = stats();
	CHECK_EQ_INT(st.nr_allocs, ARRAY_SIZE(p));
	CHECK(st.used > 3600);

	for (i = 0; i < ARRAY_SIZE(p); i += 2)
		uk_free(p[i]);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	for (i = 1; i < ARRAY_SIZE(p); i += 2) {
		CHECK(verify(p[i], 100 * (i + 1), i));
		uk_free(p[i]);
	}
	uk_free(NULL);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	st = stats();
	CHECK_EQ_INT(st.used, 0);
	CHECK_EQ_INT(st.nr_frees, ARRAY_SIZE(p));
	CHECK_EQ_INT(st.largest_free, st0.largest_free);
	global_reset();
}

HOST_TEST(zero_size)
{
	void *a, *b;

	CHECK_EQ_INT(global_heap(64 * KiB), 0);
	a = uk_malloc(0);
	b = uk_malloc(0);
	CHECK(a && b && a != b);
	CHECK(uk_malloc_usable_size(a) >= 1);
	CHECK_EQ_INT(uk_malloc_usable_size(NULL), 0);
	uk_free(a);
	/* realloc to 0 frees. */
	CHECK(uk_realloc(b, 0) == NULL);
	CHECK_EQ_INT(stats().nr_frees, 2);
	CHECK_EQ_INT(stats().used, 0);
	a = uk_calloc(0, 16);
	CHECK(a);
	uk_free(a);
	a = uk_memalign(64, 0);
	CHECK(a && IS_ALIGNED((uintptr_t)a, 64));
	uk_free(a);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	CHECK_EQ_INT(stats().nr_failed, 0);
	global_reset();
}

HOST_TEST(huge_size_fails_cleanly)
{
	static const size_t sizes[] = {
		SIZE_MAX, SIZE_MAX - 7, SIZE_MAX / 2, 1UL << 48,
		(1UL << 48) - 16, 1UL << 40, 2 * MiB,
	};
	struct uk_alloc_stats st0, st;
	unsigned long failed = 0;
	unsigned int i;
	void *p;

	CHECK_EQ_INT(global_heap(MiB), 0);
	st0 = stats();
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		CHECK(uk_malloc(sizes[i]) == NULL);
		CHECK(uk_calloc(1, sizes[i]) == NULL);
		CHECK(uk_memalign(4096, sizes[i]) == NULL);
		failed += 3;
	}
	CHECK(uk_malloc(st0.largest_free + 1) == NULL);
	CHECK(uk_memalign(1UL << 62, 16) == NULL);
	CHECK(uk_memalign(1UL << 47, 16) == NULL);
	failed += 3;
	st = stats();
	CHECK_EQ_INT(st.nr_failed, failed);
	CHECK_EQ_INT(st.nr_allocs, 0);
	CHECK_EQ_INT(st.used, 0);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);

	/* Exactly the largest free size still works. */
	p = uk_malloc(st0.largest_free);
	CHECK(p);
	CHECK_EQ_INT(stats().largest_free, 0);
	/* A failed realloc leaves the block alone. */
	CHECK(uk_realloc(p, SIZE_MAX) == NULL);
	CHECK(uk_realloc(p, st0.largest_free + 1) == NULL);
	CHECK_EQ_INT(stats().nr_failed, failed + 2);
	uk_free(p);
	CHECK_EQ_INT(stats().largest_free, st0.largest_free);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	global_reset();
}

HOST_TEST(exhaustion_and_recovery)
{
	static void *p[MiB / 64];
	struct uk_alloc_stats st0, st;
	unsigned int n = 0, i, again = 0;

	CHECK_EQ_INT(global_heap(MiB), 0);
	st0 = stats();
	while ((p[n] = uk_malloc(64)) != NULL) {
		fill(p[n], 64, n);
		n++;
		CHECK(n < ARRAY_SIZE(p));
	}
	st = stats();
	CHECK_EQ_INT(st.nr_failed, 1);
	CHECK_EQ_INT(st.peak_used, st.used);
	CHECK(st.free < 80);
	CHECK(n > (MiB - 16 * KiB) / 80);
	/* What is left cannot hold another 64-byte block. */
	CHECK(st.largest_free < 64);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);

	for (i = 0; i < n; i += 2) {
		CHECK(verify(p[i], 64, i));
		uk_free(p[i]);
		p[i] = NULL;
	}
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	for (i = 0; i < n; i += 2) {
		p[i] = uk_malloc(64);
		if (!p[i])
			break;
		fill(p[i], 64, i);
		again++;
	}
	CHECK_EQ_INT(again, (n + 1) / 2);
	for (i = 0; i < n; i++) {
		CHECK(verify(p[i], 64, i));
		uk_free(p[i]);
	}
	st = stats();
	CHECK_EQ_INT(st.used, 0);
	CHECK_EQ_INT(st.largest_free, st0.largest_free);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	global_reset();
}

HOST_TEST(every_pointer_aligned)
{
	static void *p[3000];
	unsigned int i;
	size_t sz;

	CHECK_EQ_INT(global_heap(16 * MiB), 0);
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		sz = i < 2048 ? i : (size_t)(i - 2047) * 13;
		p[i] = uk_malloc(sz);
		CHECK(p[i]);
		CHECK(IS_ALIGNED((uintptr_t)p[i], 16));
		CHECK(uk_malloc_usable_size(p[i]) >= sz);
		/* Tight fit: rounding plus a tail too small to split. */
		CHECK(uk_malloc_usable_size(p[i]) < MAX(sz, 24) + 32);
		if (i % 3 == 0) {
			uk_free(p[i]);
			p[i] = NULL;
		}
	}
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	for (i = 0; i < ARRAY_SIZE(p); i++)
		uk_free(p[i]);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	CHECK_EQ_INT(stats().used, 0);
	global_reset();
}

HOST_TEST(memalign_many_alignments)
{
	static void *p[21 * 8];
	struct uk_alloc_stats st0;
	unsigned int n = 0, i, j;
	size_t align, sz;

	CHECK_EQ_INT(global_heap(32 * MiB), 0);
	st0 = stats();
	for (i = 0; i <= 20; i++) {
		align = 1UL << i;
		for (j = 0; j < 8; j++) {
			sz = j * 37 + (j == 7 ? 5000 : 0);
			p[n] = uk_memalign(align, sz);
			CHECK(p[n]);
			CHECK(IS_ALIGNED((uintptr_t)p[n], MAX(align, 16)));
			CHECK(uk_malloc_usable_size(p[n]) >= sz);
			fill(p[n], sz, n);
			/* Interleave small blocks so gaps get reused. */
			if (j & 1)
				uk_free(uk_malloc(j * 8));
			n++;
		}
		CHECK_EQ_INT(heap_check(alloc_heap), 0);
	}
	for (i = 0; i < n; i++) {
		sz = (i % 8) * 37 + (i % 8 == 7 ? 5000 : 0);
		CHECK(verify(p[i], sz, i));
		uk_free(p[i]);
	}
	CHECK_EQ_INT(stats().used, 0);
	CHECK_EQ_INT(stats().largest_free, st0.largest_free);

	/* Not a power of two. */
	CHECK(uk_memalign(0, 16) == NULL);
	CHECK(uk_memalign(3, 16) == NULL);
	CHECK(uk_memalign(24, 16) == NULL);
	CHECK(uk_memalign(4096 + 16, 16) == NULL);
	CHECK_EQ_INT(stats().nr_failed, 4);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	global_reset();
}

HOST_TEST(realloc_grow_shrink)
{
	void *a, *b, *c, *q;
	size_t u;

	CHECK_EQ_INT(global_heap(MiB), 0);
	CHECK(uk_realloc(NULL, 100) != NULL);	/* acts as malloc */
	CHECK_EQ_INT(stats().nr_allocs, 1);

	a = uk_malloc(100);
	b = uk_malloc(100);
	c = uk_malloc(100);
	CHECK(a && b && c);
	fill(a, 100, 1);
	fill(b, 100, 2);

	/* Next block used: growing must move, keeping the contents. */
	q = uk_realloc(a, 5000);
	CHECK(q && q != a);
	CHECK(verify(q, 100, 1));
	a = q;
	fill(a, 5000, 3);

	/* Next block free (back in TLSF, off the quick list): in place. */
	uk_free(c);
	stats();
	u = uk_malloc_usable_size(b);
	q = uk_realloc(b, u + 100);
	CHECK(q == b);
	CHECK(verify(b, 100, 2));
	CHECK(uk_malloc_usable_size(b) >= u + 100);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);

	/* Growing into the free rest of the heap, in place. */
	q = uk_realloc(a, 200 * KiB);
	CHECK(q == a);
	CHECK(verify(a, 5000, 3));
	CHECK_EQ_INT(heap_check(alloc_heap), 0);

	/* Shrinking stays in place and gives the tail back. */
	u = stats().used;
	q = uk_realloc(a, 1000);
	CHECK(q == a);
	CHECK(verify(a, 1000, 3));
	CHECK(stats().used < u - 190 * KiB);
	q = uk_realloc(a, 990);	/* too little to split off */
	CHECK(q == a);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);

	/* Grow and shrink in steps, content kept throughout. */
	fill(a, 990, 4);
	for (u = 990; u < 100 * KiB; u = u * 3 / 2) {
		q = uk_realloc(a, u * 3 / 2);
		CHECK(q);
		CHECK(verify(q, u, 4));
		fill(q, u * 3 / 2, 4);
		a = q;
	}
	for (; u > 10; u /= 3) {
		q = uk_realloc(a, u);
		CHECK(q == a);
		CHECK(verify(q, u, 4));
	}
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	uk_free(a);
	uk_free(b);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	CHECK_EQ_INT(stats().nr_allocs - stats().nr_frees, 1);
	CHECK_EQ_INT(stats().nr_failed, 0);
	global_reset();
}

HOST_TEST(calloc_zeroes_and_overflow)
{
	unsigned char *p;
	size_t i;

	CHECK_EQ_INT(global_heap(MiB), 0);
	/* Dirty the memory calloc will get back. */
	p = uk_malloc(4000);
	CHECK(p);
	memset(p, 0xa5, 4000);
	uk_free(p);
	p = uk_calloc(100, 40);
	CHECK(p);
	for (i = 0; i < 4000; i++)
		CHECK(p[i] == 0);
	uk_free(p);

	CHECK(uk_calloc(SIZE_MAX / 2, 3) == NULL);
	CHECK(uk_calloc(3, SIZE_MAX / 2) == NULL);
	CHECK(uk_calloc(1UL << 32, 1UL << 32) == NULL);
	CHECK(uk_calloc(SIZE_MAX, SIZE_MAX) == NULL);
	CHECK_EQ_INT(stats().nr_failed, 4);
	CHECK_EQ_INT(stats().used, 0);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	global_reset();
}

HOST_TEST(coalescing_restores_largest)
{
	static void *p[20000];
	struct uk_alloc_stats st0, st;
	unsigned int n, i, j;
	void *tmp;

	CHECK_EQ_INT(global_heap(4 * MiB), 0);
	st0 = stats();
	rng_state = 7;
	for (n = 0; n < ARRAY_SIZE(p); n++) {
		p[n] = uk_malloc(rnd() % 2000);
		if (!p[n])
			break;
	}
	CHECK(n > 1000 && n < ARRAY_SIZE(p));
	/* Free in random order: every merge path gets taken. */
	for (i = n - 1; i > 0; i--) {
		j = rnd() % (i + 1);
		tmp = p[i];
		p[i] = p[j];
		p[j] = tmp;
	}
	for (i = 0; i < n; i++) {
		uk_free(p[i]);
		if (i % 1000 == 0)
			CHECK_EQ_INT(heap_check(alloc_heap), 0);
	}
	st = stats();
	CHECK_EQ_INT(st.used, 0);
	CHECK_EQ_INT(st.largest_free, st0.largest_free);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	/* One free block left: its list head and nothing else. */
	CHECK_EQ_INT(__builtin_popcountll(alloc_heap->fl_map), 1);
	global_reset();
}

HOST_TEST(multiple_regions)
{
	static const size_t lens[] = { 64 * KiB, 4 * KiB, MiB, 200, 300 * KiB };
	static void *p[16384];
	void *base[ARRAY_SIZE(lens)];
	struct uk_alloc_stats st0, st;
	unsigned int i, j, n, hits;

	global_reset();
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		base[i] = host_buf(lens[i]);
		CHECK(base[i]);
		CHECK_EQ_INT(uk_alloc_add_region(base[i], lens[i]), 0);
	}
	CHECK_EQ_INT(uk_alloc_add_region(base[1], 100), -EINVAL);
	CHECK_EQ_INT(uk_alloc_add_region((char *)base[2] + 4096, 4096),
		     -EINVAL);
	CHECK_EQ_INT(alloc_heap->nr_pools, ARRAY_SIZE(lens));
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	st0 = stats();
	CHECK(st0.largest_free > MiB - 64 && st0.largest_free < MiB);
	CHECK(st0.total > 64 * KiB + 4 * KiB + MiB + 300 * KiB - 12 * KiB);

	/* Exhaust everything; each block lies in exactly one region. */
	for (n = 0; n < ARRAY_SIZE(p); n++) {
		p[n] = uk_malloc(100);
		if (!p[n])
			break;
		for (hits = 0, j = 0; j < ARRAY_SIZE(lens); j++)
			hits += in_range(p[n], 100, base[j], lens[j]);
		CHECK_EQ_INT(hits, 1);
	}
	CHECK(n < ARRAY_SIZE(p));
	CHECK(n > (st0.total - 5 * 112) / 112);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	for (i = 0; i < n; i++)
		uk_free(p[i]);
	st = stats();
	CHECK_EQ_INT(st.used, 0);
	CHECK_EQ_INT(st.largest_free, st0.largest_free);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	global_reset();
}

/*
 * A block's last 8 usable bytes double as the next block's prev_phys:
 * filling every block completely must not upset the allocator.
 */
HOST_TEST(whole_usable_size_is_writable)
{
	static void *p[512];
	unsigned int i;
	size_t u;

	CHECK_EQ_INT(global_heap(MiB), 0);
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = uk_malloc(i % 64);
		CHECK(p[i]);
		memset(p[i], 0xff, uk_malloc_usable_size(p[i]));
	}
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	for (i = 0; i < ARRAY_SIZE(p); i += 2)
		uk_free(p[i]);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	for (i = 1; i < ARRAY_SIZE(p); i += 2) {
		u = uk_malloc_usable_size(p[i]);
		fill(p[i], u, i);
	}
	for (i = 1; i < ARRAY_SIZE(p); i += 2) {
		CHECK(verify(p[i], uk_malloc_usable_size(p[i]), i));
		uk_free(p[i]);
	}
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	CHECK_EQ_INT(stats().used, 0);
	global_reset();
}

#define STRESS_SLOTS	2048
#define STRESS_OPS	100000

struct slot {
	unsigned char *p;
	size_t size;
	unsigned int seed;
};

static size_t stress_size(void)
{
	uint64_t r = rnd() % 100;

	if (r < 70)
		return rnd() % 257;
	if (r < 97)
		return 256 + rnd() % 8000;
	return 8 * KiB + rnd() % (128 * KiB);
}

HOST_TEST(random_stress)
{
	static struct slot s[STRESS_SLOTS];
	struct uk_alloc_stats st0, st;
	unsigned long live = 0, fails = 0, ops;
	size_t used, align, nsize;
	unsigned int k, kind;
	struct slot *sl;
	void *q;

	CHECK_EQ_INT(global_heap(4 * MiB), 0);
	st0 = stats();
	memset(s, 0, sizeof(s));
	rng_state = 0x5eed1234abcdULL;
	for (ops = 0; ops < STRESS_OPS; ops++) {
		sl = &s[rnd() % STRESS_SLOTS];
		kind = rnd() % 10;
		if (!sl->p) {
			nsize = stress_size();
			if (kind < 6) {
				q = uk_malloc(nsize);
			} else if (kind < 8) {
				q = uk_calloc(1, nsize);
				if (q)
					for (k = 0; k < nsize; k++)
						CHECK(((char *)q)[k] == 0);
			} else if (kind < 9) {
				align = 1UL << (rnd() % 13);
				q = uk_memalign(align, nsize);
				CHECK(IS_ALIGNED((uintptr_t)q, align));
			} else {
				q = uk_realloc(NULL, nsize);
			}
			CHECK(IS_ALIGNED((uintptr_t)q, 16));
			if (!q) {
				fails++;
				continue;
			}
			CHECK(uk_malloc_usable_size(q) >= nsize);
			sl->p = q;
			sl->size = nsize;
			sl->seed = (unsigned int)rnd();
			fill(sl->p, sl->size, sl->seed);
			live++;
		} else if (kind < 5) {
			CHECK(verify(sl->p, sl->size, sl->seed));
			uk_free(sl->p);
			sl->p = NULL;
			live--;
		} else {
			CHECK(verify(sl->p, sl->size, sl->seed));
			nsize = stress_size() + (kind == 9 ? 1 : 0);
			q = uk_realloc(sl->p, nsize);
			if (!nsize) {
				CHECK(!q);	/* freed */
				sl->p = NULL;
				live--;
				continue;
			}
			if (!q) {
				/* The old block must be untouched. */
				CHECK(verify(sl->p, sl->size, sl->seed));
				fails++;
				continue;
			}
			CHECK(IS_ALIGNED((uintptr_t)q, 16));
			CHECK(verify(q, MIN(nsize, sl->size), sl->seed));
			sl->p = q;
			sl->size = nsize;
			sl->seed = (unsigned int)rnd();
			fill(sl->p, sl->size, sl->seed);
		}

		if (ops % 100 == 0) {
			CHECK_EQ_INT(heap_check(alloc_heap), 0);
			st = stats();
			CHECK_EQ_INT(st.used + st.free, st.total);
			CHECK_EQ_INT(st.nr_allocs - st.nr_frees, live);
			CHECK_EQ_INT(st.nr_failed, fails);
			CHECK(st.peak_used >= st.used);
			for (used = 0, k = 0; k < STRESS_SLOTS; k++)
				if (s[k].p)
					used += uk_malloc_usable_size(s[k].p) +
						BLK_OVERHEAD;
			CHECK_EQ_INT(used, st.used);
		}
	}
	/* The heap is small enough that some requests must fail. */
	printf("  stress: %lu ops, %lu failed, peak %zu of %zu\n", ops, fails,
	       stats().peak_used, st0.total);
	CHECK(fails > 0);
	for (k = 0; k < STRESS_SLOTS; k++) {
		if (!s[k].p)
			continue;
		CHECK(verify(s[k].p, s[k].size, s[k].seed));
		uk_free(s[k].p);
	}
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	st = stats();
	CHECK_EQ_INT(st.used, 0);
	CHECK_EQ_INT(st.largest_free, st0.largest_free);
	CHECK(st.peak_used > st0.total / 2);
	global_reset();
}

HOST_TEST(stats_consistency)
{
	struct uk_alloc_stats st;
	void *a, *b, *c;
	size_t used;

	CHECK_EQ_INT(global_heap(MiB), 0);
	a = uk_malloc(1000);
	b = uk_calloc(10, 10);
	c = uk_memalign(256, 300);
	CHECK(a && b && c);
	st = stats();
	used = uk_malloc_usable_size(a) + uk_malloc_usable_size(b) +
	       uk_malloc_usable_size(c) + 3 * BLK_OVERHEAD;
	CHECK_EQ_INT(st.used, used);
	CHECK_EQ_INT(st.used + st.free, st.total);
	CHECK_EQ_INT(st.peak_used, used);
	CHECK_EQ_INT(st.nr_allocs, 3);

	a = uk_realloc(a, 20000);
	CHECK(a);
	st = stats();
	CHECK_EQ_INT(st.nr_allocs, 3);
	CHECK_EQ_INT(st.nr_frees, 0);
	CHECK(st.peak_used >= st.used && st.used > used);
	used = st.peak_used;

	uk_free(a);
	uk_free(b);
	uk_free(c);
	st = stats();
	CHECK_EQ_INT(st.used, 0);
	CHECK_EQ_INT(st.free, st.total);
	CHECK_EQ_INT(st.peak_used, used);
	CHECK_EQ_INT(st.nr_frees, 3);
	CHECK_EQ_INT(st.nr_failed, 0);
	global_reset();
	st = stats();
	CHECK_EQ_INT(st.total, 0);
	CHECK_EQ_INT(st.largest_free, 0);
}

/*
 * Adding memory must cost O(1) whatever its size. Reserve a huge range
 * with only its ends accessible: if init or add touched anything else,
 * the test would fault.
 */
static void *reserve_huge(size_t *len)
{
	static const size_t sizes[] = {
		1UL << 40, 64 * GiB, 4 * GiB, 256 * MiB,
	};
	const size_t edge = 64 * KiB;
	unsigned int i;
	char *p;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		p = mmap(NULL, sizes[i], PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			continue;
		if (mprotect(p, edge, PROT_READ | PROT_WRITE) ||
		    mprotect(p + sizes[i] - edge, edge,
			     PROT_READ | PROT_WRITE)) {
			munmap(p, sizes[i]);
			continue;
		}
		*len = sizes[i];
		return p;
	}
	return NULL;
}

HOST_TEST(add_region_cost_independent_of_size)
{
	struct uk_tlsf_stats ts;
	struct uk_tlsf *t;
	size_t len = 0;
	char *huge, *small;
	void *a, *b;

	huge = reserve_huge(&len);
	CHECK(huge);
	printf("  reserved %zu GiB, %zu KiB of it accessible\n", len / GiB,
	       2 * 64 * KiB / KiB);
	small = malloc(4 * KiB);
	CHECK(small);

	/* Control structure in the huge region itself. */
	t = uk_tlsf_init(huge, len);
	CHECK(!uk_is_err(t));
	uk_tlsf_get_stats(t, &ts);
	CHECK(ts.total > len - 16 * KiB && ts.total <= len);
	CHECK(ts.largest_free == ts.total - BLK_OVERHEAD);
	CHECK_EQ_INT(uk_tlsf_add_pool(t, small, 4 * KiB), 0);
	CHECK_EQ_INT(heap_check(t), 0);
	/* Small blocks come from the low end; freeing merges them back. */
	a = uk_tlsf_malloc(t, 100);
	b = uk_tlsf_malloc(t, 3000);
	CHECK(a && b);
	CHECK(in_range(a, 100, huge, 64 * KiB) ||
	      in_range(a, 100, small, 4 * KiB));
	uk_tlsf_free(t, a);
	uk_tlsf_free(t, b);
	/* The whole huge block, taken and given back. */
	a = uk_tlsf_malloc(t, ts.largest_free);
	CHECK(a);
	uk_tlsf_free(t, a);
	CHECK_EQ_INT(heap_check(t), 0);
	uk_tlsf_get_stats(t, &ts);
	CHECK_EQ_INT(ts.used, 0);
	CHECK_EQ_INT(ts.nr_pools, 2);

	/* And as an added pool, through the global API. */
	global_reset();
	CHECK_EQ_INT(global_heap(64 * KiB), 0);
	CHECK_EQ_INT(uk_alloc_add_region(huge, len), 0);
	CHECK(stats().largest_free > len - 64 * KiB);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	global_reset();

	munmap(huge, len);
	free(small);
}

HOST_TEST(check_detects_corruption)
{
	struct tlsf_block *bq, *bf;
	struct uk_tlsf *t;
	void *p, *q, *r;
	char *buf;
	size_t saved;

	buf = malloc(64 * KiB);
	CHECK(buf);
	t = uk_tlsf_init(buf, 64 * KiB);
	CHECK(!uk_is_err(t));
	p = uk_tlsf_malloc(t, 64);
	q = uk_tlsf_malloc(t, 64);
	r = uk_tlsf_malloc(t, 64);
	CHECK(p && q && r);
	uk_tlsf_free(t, p);
	CHECK_EQ_INT(heap_check(t), 0);
	bq = blk_of(q);
	bf = blk_of(p);

	/* Each corruption is caught, then undone. */
	bq->size ^= BLK_PREV_FREE;
	CHECK_EQ_INT(uk_tlsf_check(t), -EFAULT);
	CHECK(uk_tlsf_check_error(t) != NULL);
	bq->size ^= BLK_PREV_FREE;
	CHECK_EQ_INT(heap_check(t), 0);
	CHECK(uk_tlsf_check_error(t) == NULL);

	bq->prev_phys = NULL;
	CHECK_EQ_INT(uk_tlsf_check(t), -EFAULT);
	bq->prev_phys = bf;
	CHECK_EQ_INT(heap_check(t), 0);

	t->sl_map[0] ^= 1U << 9;
	CHECK_EQ_INT(uk_tlsf_check(t), -EFAULT);
	t->sl_map[0] ^= 1U << 9;
	CHECK_EQ_INT(heap_check(t), 0);

	t->used += 16;
	CHECK_EQ_INT(uk_tlsf_check(t), -EFAULT);
	t->used -= 16;
	CHECK_EQ_INT(heap_check(t), 0);

	/* A free block dropped from its list. */
	tlsf_remove(t, bf);
	CHECK_EQ_INT(uk_tlsf_check(t), -EFAULT);
	tlsf_insert(t, bf);
	CHECK_EQ_INT(heap_check(t), 0);

	/*
	 * A used block claiming to be free. The checker then trusts the
	 * next block's prev_phys, which is q's payload: give it a value.
	 */
	memset(q, 0, uk_tlsf_usable_size(q));
	saved = bq->size;
	bq->size |= BLK_FREE;
	CHECK_EQ_INT(uk_tlsf_check(t), -EFAULT);
	bq->size = saved;
	CHECK_EQ_INT(heap_check(t), 0);

	/* A span running past the sentinel. */
	saved = bq->size;
	bq->size += 64 * KiB;
	CHECK_EQ_INT(uk_tlsf_check(t), -EFAULT);
	bq->size = saved;
	CHECK_EQ_INT(heap_check(t), 0);
	free(buf);
}

HOST_TEST(quick_lists)
{
	void *a, *b, *many[200];
	unsigned int i;

	CHECK_EQ_INT(global_heap(MiB), 0);
	a = uk_malloc(40);
	CHECK(a);
	uk_free(a);
	b = uk_malloc(33);		/* the same span: the same block */
	CHECK(b == a);
	uk_free(b);
	uk_free(b);			/* twice while on the list: refused */
	CHECK_EQ_INT(stats().nr_frees, 2);	/* a and b once each */
	CHECK_EQ_INT(stats().used, 0);	/* stats() gave the lists back */
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	for (i = 0; i < 200; i++)
		CHECK((many[i] = uk_malloc(100)) != NULL);
	for (i = 0; i < 200; i++)
		uk_free(many[i]);
	/* at most QUICK_DEPTH stay on the list, the rest is TLSF's again */
	CHECK(uk_tlsf_used(alloc_heap) <= QUICK_DEPTH * 112);
	CHECK_EQ_INT(quick_bytes, uk_tlsf_used(alloc_heap));
	CHECK_EQ_INT(stats().used, 0);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	global_reset();
}

HOST_TEST(bad_free_refused)
{
	struct uk_alloc_stats st0;
	char *a, *b, *c;

	CHECK_EQ_INT(global_heap(MiB), 0);
	st0 = stats();
	a = uk_malloc(200);
	b = uk_malloc(200);
	c = uk_malloc(200);
	CHECK(a && b && c);
	uk_free(a);
	uk_free(a);		/* plain double free */
	uk_free(b);		/* merges into a's block */
	uk_free(b);		/* double free of a swallowed header */
	uk_free(c + 8);		/* misaligned */
	CHECK_EQ_INT(stats().nr_frees, 2);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	CHECK_EQ_INT(uk_tlsf_free(alloc_heap, c + 8), -EINVAL);
	CHECK(uk_realloc(c + 8, 10) == NULL);
	uk_free(c);
	CHECK_EQ_INT(stats().used, 0);
	CHECK_EQ_INT(stats().largest_free, st0.largest_free);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	global_reset();
}

HOST_TEST(misaligned_region)
{
	struct uk_alloc_stats st;
	char *buf;
	void *p;

	global_reset();
	buf = host_buf(256 * KiB + 64);
	CHECK(buf);
	CHECK_EQ_INT(uk_alloc_add_region(buf + 3, 128 * KiB - 7), 0);
	CHECK_EQ_INT(uk_alloc_add_region(buf + 128 * KiB + 9, 4099), 0);
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	st = stats();
	p = uk_malloc(st.largest_free);
	CHECK(p && IS_ALIGNED((uintptr_t)p, 16));
	CHECK(in_range(p, st.largest_free, buf + 3, 128 * KiB - 7));
	uk_free(p);
	while ((p = uk_malloc(40)) != NULL)
		CHECK(in_range(p, 40, buf + 3, 128 * KiB - 7) ||
		      in_range(p, 40, buf + 128 * KiB + 9, 4099));
	CHECK_EQ_INT(heap_check(alloc_heap), 0);
	global_reset();
}

HOST_TEST_MAIN()
