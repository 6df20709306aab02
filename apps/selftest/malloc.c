// SPDX-License-Identifier: BSD-3-Clause
/*
 * malloc, calloc, realloc and free under a long random workload whose
 * every block carries a pattern checked before it is freed or resized;
 * qsort and bsearch against simple references.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uk/test.h>

#include "selftest.h"

#define MiB	(1024 * 1024)

/* The pattern of block id at offset i: any overlap or loss shows. */
static unsigned char pat(unsigned int id, size_t i)
{
	return (unsigned char)(id * 131 + i * 7 + (i >> 8));
}

static void pat_fill(unsigned char *p, unsigned int id, size_t from,
		     size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		p[i] = pat(id, i);
}

/* The first offset below n that does not hold the pattern, or n. */
static size_t pat_check(const unsigned char *p, unsigned int id, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != pat(id, i))
			return i;
	return n;
}

/* Mostly small, some medium, a few large: as programs allocate. */
static size_t rand_size(uint64_t *seed)
{
	uint64_t r = selftest_rand(seed);

	switch (r % 16) {
	case 0:
		return (r >> 8) % (256 * 1024);
	case 1: case 2: case 3:
		return (r >> 8) % 4096;
	default:
		return (r >> 8) % 256;
	}
}

#define SLOTS	512
#define OPS	20000

static struct {
	unsigned char *p;
	size_t n;
	unsigned int id;
} slot[SLOTS];

/* Resizes slot k to n bytes; the common prefix must survive. */
static void resize(unsigned int op, unsigned int k, size_t n,
		   unsigned long *bad)
{
	unsigned char *q = realloc(slot[k].p, n);
	size_t keep = MIN(n, slot[k].n), at;

	if (!q && n)
		UK_TEST_FAIL("op %u: realloc(%zu) failed", op, n);
	at = pat_check(q, slot[k].id, keep);
	if (at != keep && !(*bad)++)
		UK_TEST_EXPECTF(0, "op %u: realloc %zu -> %zu lost byte %zu",
				op, slot[k].n, n, at);
	pat_fill(q, slot[k].id, keep, n);
	slot[k].p = q;
	slot[k].n = n;
}

UK_TESTCASE(malloc, random_workload_keeps_contents)
{
	uint64_t seed = 0x5eed;
	unsigned int op, id = 0, i, k;
	unsigned long nmalloc = 0, nrealloc = 0, nfree = 0, bad = 0;
	size_t n, at;

	memset(slot, 0, sizeof(slot));
	for (op = 0; op < OPS; op++) {
		k = selftest_rand(&seed) % SLOTS;
		n = rand_size(&seed);
		if (!slot[k].p) {
			slot[k].p = malloc(n);
			if (!slot[k].p && n)
				UK_TEST_FAIL("op %u: malloc(%zu) failed", op,
					     n);
			slot[k].n = n;
			slot[k].id = ++id;
			pat_fill(slot[k].p, id, 0, n);
			nmalloc++;
		} else {
			/* checked before every free and resize */
			at = pat_check(slot[k].p, slot[k].id, slot[k].n);
			if (at != slot[k].n && !bad++)
				UK_TEST_EXPECTF(0, "op %u: block %u (%zu "
						"bytes) corrupt at offset %zu",
						op, slot[k].id, slot[k].n, at);
			if (selftest_rand(&seed) % 2) {
				free(slot[k].p);
				slot[k].p = NULL;
				nfree++;
			} else {
				resize(op, k, n, &bad);
				nrealloc++;
			}
		}
		if (((uintptr_t)slot[k].p & 15) && !bad++)
			UK_TEST_EXPECTF(0, "op %u: %p is not 16-byte aligned",
					op, slot[k].p);
	}
	for (i = 0; i < SLOTS; i++) {
		if (!slot[i].p)
			continue;
		if (pat_check(slot[i].p, slot[i].id, slot[i].n) != slot[i].n)
			bad++;
		free(slot[i].p);
		slot[i].p = NULL;
	}
	UK_TEST_EXPECT_EQ(bad, 0);
	/* the workload really mixed all three */
	UK_TEST_EXPECT_GT(nmalloc, OPS / 4);
	UK_TEST_EXPECT_GT(nrealloc, OPS / 8);
	UK_TEST_EXPECT_GT(nfree, OPS / 8);
}

UK_TESTCASE(malloc, small_blocks_are_distinct_and_aligned)
{
	static void *p[2000];
	unsigned int i;
	int bad = 0;

	for (i = 0; i < 2000; i++) {
		p[i] = malloc(i % 40 + 1);
		UK_TEST_ASSERT_NOT_NULL(p[i]);
		if ((uintptr_t)p[i] & 15)
			bad++;
		memset(p[i], i & 0xff, i % 40 + 1);
	}
	for (i = 0; i < 2000; i++) {
		const unsigned char *c = p[i];
		size_t j;

		for (j = 0; j < i % 40 + 1; j++)
			if (c[j] != (i & 0xff))
				bad++;
		UK_TEST_EXPECT_GE(malloc_usable_size(p[i]), i % 40 + 1);
	}
	for (i = 0; i < 2000; i++)
		free(p[i]);
	UK_TEST_EXPECT_EQ(bad, 0);
	p[0] = malloc(0);	/* NULL or a pointer free() takes */
	free(p[0]);
	free(NULL);
}

UK_TESTCASE(malloc, calloc_zeroes)
{
	size_t n = 3 * 65536 + 17, i, nonzero = 0;
	unsigned char *p;
	unsigned int round;

	/* dirty memory first, so that reuse would show */
	for (round = 0; round < 3; round++) {
		p = malloc(n);
		UK_TEST_ASSERT_NOT_NULL(p);
		memset(p, 0xa5, n);
		free(p);
		p = calloc(n, 1);
		UK_TEST_ASSERT_NOT_NULL(p);
		for (i = 0; i < n; i++)
			nonzero += p[i] != 0;
		free(p);
		n = 100 + round * 1000;
	}
	UK_TEST_EXPECT_EQ(nonzero, 0);
	/* nmemb * size overflows: refused, not truncated */
	errno = 0;
	UK_TEST_EXPECT_NULL(calloc(SIZE_MAX / 2, 4));
	UK_TEST_EXPECT_EQ(errno, ENOMEM);
}

UK_TESTCASE(malloc, realloc_grows_and_shrinks)
{
	unsigned char *p = realloc(NULL, 16), *q;
	size_t n;

	UK_TEST_ASSERT_NOT_NULL(p);
	pat_fill(p, 9, 0, 16);
	for (n = 16; n < 2 * MiB; n *= 3) {
		q = realloc(p, n * 3);
		UK_TEST_ASSERT_NOT_NULL(q);
		UK_TEST_EXPECT_EQ(pat_check(q, 9, n), n);
		pat_fill(q, 9, n, n * 3);
		p = q;
	}
	q = realloc(p, 100);
	UK_TEST_ASSERT_NOT_NULL(q);
	UK_TEST_EXPECT_EQ(pat_check(q, 9, 100), 100);
	free(q);
}

UK_TESTCASE(malloc, large_blocks_of_several_mib)
{
	unsigned char *p[3];
	unsigned int i, round;
	size_t n = 4 * MiB, j, bad = 0;

	/* twice: what was freed must be reusable */
	for (round = 0; round < 2; round++) {
		for (i = 0; i < 3; i++) {
			p[i] = malloc(n);
			UK_TEST_ASSERT_NOT_NULL(p[i]);
			for (j = 0; j < n; j += 4096)
				p[i][j] = pat(i + 1, j);
			p[i][n - 1] = 0x77;
		}
		for (i = 0; i < 3; i++) {
			for (j = 0; j < n; j += 4096)
				bad += p[i][j] != pat(i + 1, j);
			bad += p[i][n - 1] != 0x77;
			free(p[i]);
		}
	}
	UK_TEST_EXPECT_EQ(bad, 0);
	errno = 0;
	UK_TEST_EXPECT_NULL(malloc(SIZE_MAX - 4096));
	UK_TEST_EXPECT_EQ(errno, ENOMEM);
}

UK_TESTCASE(malloc, aligned_allocations)
{
	size_t align;
	void *p;

	for (align = 16; align <= 65536; align *= 4) {
		UK_TEST_ASSERT_EQ(posix_memalign(&p, align, 100), 0);
		UK_TEST_EXPECT_EQ((uintptr_t)p % align, 0);
		memset(p, 1, 100);
		free(p);
	}
	p = aligned_alloc(4096, 8192);
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT_EQ((uintptr_t)p & 4095, 0);
	free(p);
	UK_TEST_EXPECT_EQ(posix_memalign(&p, 24, 100), EINVAL);
}

/* --- qsort and bsearch ---------------------------------------------------- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The reference: insertion sort, too simple to be wrong. */
static void isort(int *a, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		int v = a[i];

		for (j = i; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

#define N	1500

static int arr[N], copy[N];

UK_TESTCASE(sort, qsort_random_array)
{
	uint64_t seed = 42;
	size_t i, unsorted = 0;

	for (i = 0; i < N; i++)
		/* a narrow range: many duplicates */
		arr[i] = (int)(selftest_rand(&seed) % 1000) - 500;
	memcpy(copy, arr, sizeof(arr));
	qsort(arr, N, sizeof(int), cmp_int);
	for (i = 1; i < N; i++)
		unsorted += arr[i - 1] > arr[i];
	UK_TEST_EXPECT_EQ(unsorted, 0);
	/* a permutation of the input: the same as the reference sort */
	isort(copy, N);
	UK_TEST_EXPECT_MEM_EQ(arr, copy, sizeof(arr));
}

UK_TESTCASE(sort, qsort_sorted_reversed_and_tiny)
{
	size_t i, bad = 0;
	int one = 7;

	for (i = 0; i < N; i++)
		arr[i] = i;
	qsort(arr, N, sizeof(int), cmp_int);
	for (i = 0; i < N; i++)
		bad += arr[i] != (int)i;
	for (i = 0; i < N; i++)
		arr[i] = N - i;
	qsort(arr, N, sizeof(int), cmp_int);
	for (i = 0; i < N; i++)
		bad += arr[i] != (int)i + 1;
	UK_TEST_EXPECT_EQ(bad, 0);
	qsort(&one, 1, sizeof(int), cmp_int);
	qsort(NULL, 0, sizeof(int), cmp_int);
	UK_TEST_EXPECT_EQ(one, 7);
}

struct rec {
	long key;
	char name[16];
};

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	return (x->key > y->key) - (x->key < y->key);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

UK_TESTCASE(sort, qsort_records_and_strings)
{
	struct rec r[] = { { 30, "thirty" }, { -1, "minus one" },
			   { 20, "twenty" }, { 0, "zero" }, { 10, "ten" } };
	const char *s[] = { "pear", "apple", "fig", "banana", "cherry" };

	qsort(r, 5, sizeof(r[0]), cmp_rec);
	UK_TEST_EXPECT_STR_EQ(r[0].name, "minus one");
	UK_TEST_EXPECT_STR_EQ(r[2].name, "ten");
	UK_TEST_EXPECT_STR_EQ(r[4].name, "thirty");
	qsort(s, 5, sizeof(s[0]), cmp_str);
	UK_TEST_EXPECT_STR_EQ(s[0], "apple");
	UK_TEST_EXPECT_STR_EQ(s[1], "banana");
	UK_TEST_EXPECT_STR_EQ(s[4], "pear");
}

UK_TESTCASE(sort, bsearch_finds_each_and_only_present)
{
	size_t i, missed = 0, phantom = 0;
	int key;

	for (i = 0; i < N; i++)
		arr[i] = 3 * i;		/* distinct multiples of 3 */
	for (i = 0; i < N; i++) {
		int *hit;

		key = 3 * i;
		hit = bsearch(&key, arr, N, sizeof(int), cmp_int);
		missed += hit != &arr[i];
		key = 3 * i + 1;
		phantom += bsearch(&key, arr, N, sizeof(int), cmp_int) != NULL;
	}
	UK_TEST_EXPECT_EQ(missed, 0);
	UK_TEST_EXPECT_EQ(phantom, 0);
	key = -3;
	UK_TEST_EXPECT_NULL(bsearch(&key, arr, N, sizeof(int), cmp_int));
	UK_TEST_EXPECT_NULL(bsearch(&key, arr, 0, sizeof(int), cmp_int));
}
