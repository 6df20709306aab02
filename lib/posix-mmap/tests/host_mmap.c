// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests for libposix-mmap: the mapping registry and the syscalls
 * over a fake heap. The fake heap allocates each block separately from
 * the host (so ASan sees any access past a mapping), can give blocks
 * slack (usable size above the request, for in-place growth), shrinks in
 * place like lib/alloc, and can be told to fail.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host-test.h"

#include "../maps.c"
#include "../mmap.c"

#define PG	MAPS_PAGE

/* --- fake heap ------------------------------------------------------------ */

struct fake_blk {
	void *p;
	size_t size, cap;
};

static struct fake_blk blks[4096];
static int nr_blks;
static size_t slack;		/* extra usable bytes per new block */
static int fail_in = -1;	/* fail the allocation after this many */

static struct fake_blk *fake_find(const void *p)
{
	int i;

	for (i = 0; i < nr_blks; i++)
		if (blks[i].p == p)
			return &blks[i];
	printf("  fake heap: unknown pointer %p\n", p);
	abort();
}

static bool fake_fail(void)
{
	if (fail_in < 0)
		return false;
	return fail_in-- == 0;
}

static void *fake_alloc(size_t align, size_t size)
{
	void *p;

	if (fake_fail() || nr_blks == (int)ARRAY_SIZE(blks))
		return NULL;
	if (posix_memalign(&p, align, size + slack))
		return NULL;
	memset(p, 0xa5, size + slack);	/* not zeroed, like the heap */
	blks[nr_blks].p = p;
	blks[nr_blks].size = size;
	blks[nr_blks].cap = size + slack;
	nr_blks++;
	return p;
}

void *uk_memalign(size_t align, size_t size)
{
	return fake_alloc(align, size);
}

void uk_free(void *ptr)
{
	struct fake_blk *b;

	if (!ptr)
		return;
	b = fake_find(ptr);
	free(b->p);
	*b = blks[--nr_blks];
}

void *uk_realloc(void *ptr, size_t size)
{
	struct fake_blk *b;
	void *np;

	if (!ptr)
		return fake_alloc(16, size);
	b = fake_find(ptr);
	if (size <= b->cap) {		/* in place, as lib/alloc */
		b->size = size;
		return ptr;
	}
	np = fake_alloc(16, size);
	if (!np)
		return NULL;
	b = fake_find(ptr);		/* fake_alloc may not move blks[] */
	memcpy(np, ptr, b->size);
	uk_free(ptr);
	return np;
}

size_t uk_malloc_usable_size(const void *ptr)
{
	return ptr ? fake_find(ptr)->cap : 0;
}

static size_t fake_size(uintptr_t p)
{
	return fake_find((void *)p)->size;
}

static char last_msg[256];

size_t ukplat_page_zero(uintptr_t addr, size_t len, void *(*pt_alloc)(void))
{
	(void)pt_alloc;
	memset((void *)addr, 0, len);
	return len / MAPS_PAGE;
}

/* Page protections: recorded per page, for the checks below. */
#define FAKE_PAGES	64
static struct { uintptr_t a; int prot; } fake_prot[FAKE_PAGES];
static int nr_fake_prot;

int ukplat_page_protect(uintptr_t addr, size_t len,
			enum ukplat_page_prot prot, void *(*pt_alloc)(void))
{
	uintptr_t a;
	int i;

	(void)pt_alloc;
	for (a = addr; a < addr + len; a += MAPS_PAGE) {
		for (i = 0; i < nr_fake_prot && fake_prot[i].a != a; i++)
			;
		if (i == nr_fake_prot) {
			if (prot == UKPLAT_PAGE_RW || nr_fake_prot == FAKE_PAGES)
				continue;
			nr_fake_prot++;
		}
		fake_prot[i].a = a;
		fake_prot[i].prot = prot;
	}
	return 0;
}

static int prot_of(uintptr_t a)
{
	int i;

	for (i = 0; i < nr_fake_prot; i++)
		if (fake_prot[i].a == a)
			return fake_prot[i].prot;
	return UKPLAT_PAGE_RW;
}

void uk_printk(int level, const char *lib, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	(void)lib;
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
}

void uk_assert_fail(const char *expr, const char *file, int line,
		    const char *func)
{
	printf("  assertion %s failed at %s:%d (%s)\n", expr, file, line,
	       func);
	abort();
}

int uk_param_set_ulong(const struct uk_param *p, const char *value)
{
	(void)p;
	(void)value;
	return 0;
}

/* --- helpers -------------------------------------------------------------- */

static void reset(void)
{
	nr_fake_prot = 0;
	maps_destroy(&maps);
	if (brk_base)
		uk_free((void *)brk_base);
	brk_base = brk_cur = brk_end = 0;
	brk_tried = false;
	brk_max = 8UL << 20;
	slack = 0;
	fail_in = -1;
	if (nr_blks) {
		printf("  fake heap: %d blocks leaked\n", nr_blks);
		abort();
	}
}

static long xmmap(void *addr, size_t len, int flags)
{
	return uk_syscall_r_mmap((long)addr, (long)len, PROT_READ | PROT_WRITE,
				 flags, -1, 0);
}

static long anon(size_t len)
{
	return xmmap(NULL, len, MAP_PRIVATE | MAP_ANONYMOUS);
}

static long xmunmap(uintptr_t a, size_t len)
{
	return uk_syscall_r_munmap((long)a, (long)len, 0, 0, 0, 0);
}

static long xmremap(uintptr_t a, size_t old, size_t new, int flags)
{
	return uk_syscall_r_mremap((long)a, (long)old, (long)new, flags, 0, 0);
}

static long xmadvise(uintptr_t a, size_t len, int advice)
{
	return uk_syscall_r_madvise((long)a, (long)len, advice, 0, 0, 0);
}

static long xbrk(uintptr_t a)
{
	return uk_syscall_r_brk((long)a, 0, 0, 0, 0, 0);
}

static bool all_bytes(uintptr_t a, size_t len, uint8_t v)
{
	const uint8_t *p = (const uint8_t *)a;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

/*
 * Registry invariants: sorted, disjoint, page-aligned ranges; a block's
 * ranges adjacent and inside it; its last range reaching its end; each
 * block a live heap block at least block_len long.
 */
static const char *check_maps(void)
{
	const struct maps_range *r = maps.r, *p;
	size_t i;

	for (i = 0; i < maps.nr; i++) {
		if (r[i].start >= r[i].end || r[i].start % PG ||
		    r[i].end % PG)
			return "bad range";
		if (r[i].start < r[i].block ||
		    r[i].end > r[i].block + r[i].block_len)
			return "range outside its block";
		if (uk_malloc_usable_size((void *)r[i].block) <
		    r[i].block_len)
			return "block shorter than block_len";
		if (i == 0)
			continue;
		p = &r[i - 1];
		if (p->end > r[i].start)
			return "overlap or unsorted";
		if (p->block == r[i].block) {
			if (p->block_len != r[i].block_len)
				return "block_len differs";
		} else {
			if (p->end != p->block + p->block_len)
				return "dead tail kept";
		}
	}
	if (maps.nr && r[maps.nr - 1].end !=
	    r[maps.nr - 1].block + r[maps.nr - 1].block_len)
		return "dead tail kept (last)";
	return NULL;
}

#define CHECK_MAPS()							\
	do {								\
		const char *why_ = check_maps();			\
		if (why_) {						\
			printf("  registry: %s\n", why_);		\
			CHECK(!why_);					\
		}							\
	} while (0)

/* --- mmap / munmap -------------------------------------------------------- */

HOST_TEST(map_basic)
{
	long a;

	reset();
	a = anon(3 * PG);
	CHECK(!uk_is_err((void *)a));
	CHECK(a % PG == 0);
	CHECK(all_bytes(a, 3 * PG, 0));
	CHECK_EQ_INT(maps.nr, 1);
	CHECK_EQ_INT(nr_blks, 2);		/* block + registry */
	memset((void *)a, 1, 3 * PG);
	CHECK_EQ_INT(xmunmap(a, 3 * PG), 0);
	CHECK_EQ_INT(maps.nr, 0);
	CHECK_EQ_INT(nr_blks, 1);
	CHECK_MAPS();

	a = xmmap(NULL, 1, MAP_SHARED | MAP_ANONYMOUS);	/* one page */
	CHECK(!uk_is_err((void *)a));
	CHECK_EQ_INT(fake_size(a), PG);
	CHECK_EQ_INT(xmunmap(a, 1), 0);			/* rounded too */
	CHECK_EQ_INT(maps.nr, 0);
	reset();
}

HOST_TEST(map_errors)
{
	reset();
	CHECK_EQ_INT(anon(0), -EINVAL);
	CHECK_EQ_INT(xmmap(NULL, PG, MAP_PRIVATE), -ENODEV);	/* file */
	CHECK_EQ_INT(xmmap(NULL, PG, MAP_ANONYMOUS), -EINVAL); /* no type */
	CHECK_EQ_INT(xmmap(NULL, PG, 0xf | MAP_ANONYMOUS), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_mmap(0, PG, PROT_READ,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 100),
		     -EINVAL);
	CHECK_EQ_INT(anon(SIZE_MAX - 10), -ENOMEM);
	CHECK_EQ_INT(anon(PTRDIFF_MAX), -ENOMEM);
	fail_in = 0;				/* registry array */
	CHECK_EQ_INT(anon(PG), -ENOMEM);
	fail_in = 1;				/* the block */
	CHECK_EQ_INT(anon(PG), -ENOMEM);
	CHECK_EQ_INT(maps.nr, 0);
	reset();
}

HOST_TEST(map_hint_ignored)
{
	long a, b;

	reset();
	a = anon(PG);
	b = xmmap((void *)(a + 64 * PG), PG, MAP_PRIVATE | MAP_ANONYMOUS);
	CHECK(!uk_is_err((void *)b));
	CHECK_EQ_INT(maps.nr, 2);
	reset();
}

HOST_TEST(munmap_errors_and_unknown)
{
	long a;

	reset();
	a = anon(2 * PG);
	CHECK_EQ_INT(xmunmap(a + 1, PG), -EINVAL);
	CHECK_EQ_INT(xmunmap(a, 0), -EINVAL);
	CHECK_EQ_INT(xmunmap(a, SIZE_MAX), -EINVAL);
	CHECK_EQ_INT(xmunmap(PG, PG), 0);		/* not ours: fine */
	CHECK_EQ_INT(maps.nr, 1);
	CHECK_EQ_INT(xmunmap(a, 2 * PG), 0);
	CHECK_EQ_INT(xmunmap(a, 2 * PG), 0);		/* twice: fine */
	reset();
}

/* The tail goes back to the heap at once; the rest keeps its data. */
HOST_TEST(munmap_tail)
{
	long a;

	reset();
	a = anon(4 * PG);
	memset((void *)a, 7, 4 * PG);
	CHECK_EQ_INT(xmunmap(a + 3 * PG, PG), 0);
	CHECK_EQ_INT(fake_size(a), 3 * PG);
	CHECK_EQ_INT(xmunmap(a + 2 * PG, 5 * PG), 0);	/* beyond: fine */
	CHECK_EQ_INT(fake_size(a), 2 * PG);
	CHECK(all_bytes(a, 2 * PG, 7));
	CHECK_EQ_INT(maps.nr, 1);
	CHECK_MAPS();
	reset();
}

/* The front cannot go back to the heap: the block stays until empty. */
HOST_TEST(munmap_front_then_rest)
{
	long a;

	reset();
	a = anon(4 * PG);
	memset((void *)a, 7, 4 * PG);
	CHECK_EQ_INT(xmunmap(a, PG), 0);
	CHECK_EQ_INT(maps.nr, 1);
	CHECK_EQ_INT(maps.r[0].start, a + PG);
	CHECK_EQ_INT(fake_size(a), 4 * PG);
	CHECK(maps_find(&maps, a) == NULL);
	CHECK(maps_find(&maps, a + PG) != NULL);
	CHECK(all_bytes(a + PG, 3 * PG, 7));
	CHECK_MAPS();
	CHECK_EQ_INT(xmunmap(a + PG, 3 * PG), 0);
	CHECK_EQ_INT(maps.nr, 0);
	CHECK_EQ_INT(nr_blks, 1);
	reset();
}

HOST_TEST(munmap_middle_split)
{
	long a;

	reset();
	a = anon(5 * PG);
	memset((void *)a, 7, 5 * PG);
	CHECK_EQ_INT(xmunmap(a + PG, 2 * PG), 0);
	CHECK_EQ_INT(maps.nr, 2);
	CHECK_EQ_INT(maps.r[0].end, a + PG);
	CHECK_EQ_INT(maps.r[1].start, a + 3 * PG);
	CHECK(all_bytes(a, PG, 7));
	CHECK(all_bytes(a + 3 * PG, 2 * PG, 7));
	CHECK_MAPS();
	/* the last piece: the first is now the tail, and shrinks */
	CHECK_EQ_INT(xmunmap(a + 3 * PG, 2 * PG), 0);
	CHECK_EQ_INT(maps.nr, 1);
	CHECK_EQ_INT(fake_size(a), PG);
	CHECK_MAPS();
	CHECK_EQ_INT(xmunmap(a, PG), 0);
	CHECK_EQ_INT(nr_blks, 1);
	reset();
}

/* Splitting needs a registry entry; without one nothing changes. */
HOST_TEST(munmap_split_oom)
{
	long m[16];
	int i;

	reset();
	for (i = 0; i < 16; i++)	/* fill the registry's first 16 */
		m[i] = anon(3 * PG);
	CHECK_EQ_INT(maps.cap, 16);
	fail_in = 0;
	CHECK_EQ_INT(xmunmap(m[5] + PG, PG), -ENOMEM);
	CHECK_EQ_INT(maps.nr, 16);
	CHECK_MAPS();
	CHECK_EQ_INT(xmunmap(m[5], PG), 0);		/* no split needed */
	CHECK_EQ_INT(xmunmap(m[5] + 2 * PG, PG), 0);
	CHECK_EQ_INT(maps.nr, 16);
	CHECK_MAPS();
	reset();
}

/* One call over several mappings and the gaps between them. */
HOST_TEST(munmap_across_mappings)
{
	long m[6], lo, hi;
	int i;

	reset();
	for (i = 0; i < 6; i++) {
		m[i] = anon(2 * PG);
		memset((void *)m[i], i + 1, 2 * PG);
	}
	lo = m[0];
	hi = m[0];
	for (i = 1; i < 6; i++) {
		lo = MIN(lo, m[i]);
		hi = MAX(hi, m[i]);
	}
	/* from the middle of the lowest to the middle of the highest */
	CHECK_EQ_INT(xmunmap(lo + PG, hi - lo), 0);
	CHECK_EQ_INT(maps.nr, 2);
	CHECK_EQ_INT(maps.r[0].start, lo);
	CHECK_EQ_INT(maps.r[0].end, lo + PG);
	CHECK_EQ_INT(maps.r[1].start, hi + PG);
	CHECK_EQ_INT(maps.r[1].end, hi + 2 * PG);
	CHECK_EQ_INT(nr_blks, 3);
	CHECK_EQ_INT(fake_size(lo), PG);
	CHECK_MAPS();
	reset();
}

/* --- MAP_FIXED ------------------------------------------------------------ */

HOST_TEST(fixed_inside_mapping)
{
	long a;

	reset();
	a = anon(4 * PG);
	memset((void *)a, 7, 4 * PG);
	CHECK_EQ_INT(xmmap((void *)(a + PG), 2 * PG,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED), a + PG);
	CHECK(all_bytes(a, PG, 7));
	CHECK(all_bytes(a + PG, 2 * PG, 0));
	CHECK(all_bytes(a + 3 * PG, PG, 7));
	CHECK_EQ_INT(maps.nr, 1);
	CHECK_MAPS();
	CHECK_EQ_INT(xmmap((void *)(a + PG), PG, MAP_PRIVATE |
			   MAP_ANONYMOUS | MAP_FIXED_NOREPLACE), -EEXIST);
	/* not ours, unaligned, or past the block */
	CHECK_EQ_INT(xmmap((void *)PG, PG, MAP_PRIVATE | MAP_ANONYMOUS |
			   MAP_FIXED), -EINVAL);
	CHECK_EQ_INT(xmmap((void *)(a + 1), PG, MAP_PRIVATE | MAP_ANONYMOUS |
			   MAP_FIXED), -EINVAL);
	CHECK_EQ_INT(xmmap((void *)(a + 3 * PG), 2 * PG, MAP_PRIVATE |
			   MAP_ANONYMOUS | MAP_FIXED), -EINVAL);
	reset();
}

/* A hole unmapped from a block can be mapped again, and merges back. */
HOST_TEST(fixed_refills_hole)
{
	long a;

	reset();
	a = anon(5 * PG);
	memset((void *)a, 7, 5 * PG);
	CHECK_EQ_INT(xmunmap(a + PG, 3 * PG), 0);
	CHECK_EQ_INT(maps.nr, 2);
	CHECK_EQ_INT(xmmap((void *)(a + 2 * PG), PG, MAP_PRIVATE |
			   MAP_ANONYMOUS | MAP_FIXED_NOREPLACE), a + 2 * PG);
	CHECK_EQ_INT(maps.nr, 3);
	CHECK_MAPS();
	CHECK_EQ_INT(xmmap((void *)(a + PG), 3 * PG, MAP_PRIVATE |
			   MAP_ANONYMOUS | MAP_FIXED), a + PG);
	CHECK_EQ_INT(maps.nr, 1);
	CHECK_EQ_INT(maps.r[0].start, a);
	CHECK_EQ_INT(maps.r[0].end, a + 5 * PG);
	CHECK(all_bytes(a, PG, 7));
	CHECK(all_bytes(a + PG, 3 * PG, 0));
	CHECK(all_bytes(a + 4 * PG, PG, 7));
	CHECK_MAPS();
	/* the front hole too */
	CHECK_EQ_INT(xmunmap(a, 2 * PG), 0);
	CHECK_EQ_INT(xmmap((void *)a, PG, MAP_PRIVATE | MAP_ANONYMOUS |
			   MAP_FIXED), a);
	CHECK_EQ_INT(maps.nr, 2);
	CHECK_MAPS();
	reset();
}

/* musl's malloc maps a guard page over brk memory with MAP_FIXED. */
HOST_TEST(fixed_in_brk)
{
	long base, r;

	reset();
	base = xbrk(0);
	CHECK_EQ_INT(xbrk(base + 2 * PG), base + 2 * PG);
	memset((void *)base, 7, 2 * PG);
	r = xmmap((void *)base, PG, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
	CHECK_EQ_INT(r, base);
	CHECK(all_bytes(base, PG, 0));
	CHECK(all_bytes(base + PG, PG, 7));
	CHECK_EQ_INT(maps.nr, 0);
	CHECK_EQ_INT(xmmap((void *)base, PG, MAP_PRIVATE | MAP_ANONYMOUS |
			   MAP_FIXED_NOREPLACE), -EEXIST);
	/* above the break is not ours */
	CHECK_EQ_INT(xmmap((void *)(base + 2 * PG), PG, MAP_PRIVATE |
			   MAP_ANONYMOUS | MAP_FIXED), -EINVAL);
	reset();
}

/* --- mremap --------------------------------------------------------------- */

HOST_TEST(mremap_shrink)
{
	long a;

	reset();
	a = anon(4 * PG);
	memset((void *)a, 7, 4 * PG);
	CHECK_EQ_INT(xmremap(a, 4 * PG, PG + 1, 0), a);
	CHECK_EQ_INT(fake_size(a), 2 * PG);
	CHECK(all_bytes(a, 2 * PG, 7));
	CHECK_EQ_INT(xmremap(a, 2 * PG, 2 * PG, 0), a);
	CHECK_MAPS();
	reset();
}

HOST_TEST(mremap_grow_in_place)
{
	long a;

	reset();
	slack = 3 * PG;
	a = anon(2 * PG);
	memset((void *)a, 7, 2 * PG);
	memset((void *)(a + 2 * PG), 0x5a, 3 * PG);	/* stale slack */
	CHECK_EQ_INT(xmremap(a, 2 * PG, 5 * PG, 0), a);
	CHECK(all_bytes(a, 2 * PG, 7));
	CHECK(all_bytes(a + 2 * PG, 3 * PG, 0));
	CHECK_EQ_INT(maps.r[0].end, a + 5 * PG);
	CHECK_MAPS();
	CHECK_EQ_INT(xmremap(a, 5 * PG, 6 * PG, 0), -ENOMEM);	/* full */
	reset();
}

HOST_TEST(mremap_move)
{
	long a, b;

	reset();
	a = anon(2 * PG);
	memset((void *)a, 7, 2 * PG);
	b = xmremap(a, 2 * PG, 6 * PG, MREMAP_MAYMOVE);
	CHECK(!uk_is_err((void *)b));
	CHECK(b != a);
	CHECK(b % PG == 0);
	CHECK(all_bytes(b, 2 * PG, 7));
	CHECK(all_bytes(b + 2 * PG, 4 * PG, 0));
	CHECK_EQ_INT(maps.nr, 1);
	CHECK_EQ_INT(nr_blks, 2);			/* old block freed */
	CHECK_MAPS();
	fail_in = 0;
	CHECK_EQ_INT(xmremap(b, 6 * PG, 20 * PG, MREMAP_MAYMOVE), -ENOMEM);
	CHECK(all_bytes(b, 2 * PG, 7));
	reset();
}

/* Part of a mapping moves: the rest stays, split around the hole. */
HOST_TEST(mremap_move_middle)
{
	long a, b;

	reset();
	a = anon(4 * PG);
	memset((void *)a, 7, 4 * PG);
	memset((void *)(a + PG), 8, PG);
	b = xmremap(a + PG, PG, 2 * PG, MREMAP_MAYMOVE);
	CHECK(!uk_is_err((void *)b));
	CHECK(all_bytes(b, PG, 8));
	CHECK(all_bytes(b + PG, PG, 0));
	CHECK(maps_find(&maps, a) != NULL);
	CHECK(maps_find(&maps, a + PG) == NULL);
	CHECK(maps_find(&maps, a + 2 * PG) != NULL);
	CHECK_EQ_INT(maps.nr, 3);
	CHECK_MAPS();
	reset();
}

HOST_TEST(mremap_errors)
{
	long a;

	reset();
	a = anon(2 * PG);
	CHECK_EQ_INT(xmremap(a, 2 * PG, 4 * PG, 0), -ENOMEM);
	CHECK_EQ_INT(xmremap(a, 3 * PG, 4 * PG, MREMAP_MAYMOVE), -EFAULT);
	CHECK_EQ_INT(xmremap(PG, PG, 2 * PG, MREMAP_MAYMOVE), -EFAULT);
	CHECK_EQ_INT(xmremap(a + 1, PG, 2 * PG, MREMAP_MAYMOVE), -EINVAL);
	CHECK_EQ_INT(xmremap(a, PG, 0, MREMAP_MAYMOVE), -EINVAL);
	CHECK_EQ_INT(xmremap(a, 0, PG, MREMAP_MAYMOVE), -EINVAL);
	CHECK_EQ_INT(xmremap(a, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED),
		     -EINVAL);
	CHECK_EQ_INT(xmremap(a, PG, 2 * PG, 0x80), -EINVAL);
	CHECK_EQ_INT(xmremap(a, PG, SIZE_MAX, MREMAP_MAYMOVE), -ENOMEM);
	CHECK_EQ_INT(maps.nr, 1);
	CHECK_MAPS();
	reset();
}

/* --- madvise and friends -------------------------------------------------- */

HOST_TEST(madvise_dontneed_zeroes)
{
	long a, base;

	reset();
	a = anon(4 * PG);
	memset((void *)a, 7, 4 * PG);
	CHECK_EQ_INT(xmadvise(a + PG, 2 * PG, MADV_DONTNEED), 0);
	CHECK(all_bytes(a, PG, 7));
	CHECK(all_bytes(a + PG, 2 * PG, 0));
	CHECK(all_bytes(a + 3 * PG, PG, 7));
	memset((void *)a, 7, 4 * PG);
	CHECK_EQ_INT(xmadvise(a, 4 * PG, MADV_FREE), 0);
	CHECK(all_bytes(a, 4 * PG, 7));
	CHECK_EQ_INT(xmadvise(a, 4 * PG, MADV_WILLNEED), 0);
	CHECK_EQ_INT(xmadvise(a, 4 * PG, MADV_HUGEPAGE), 0);
	CHECK_EQ_INT(xmadvise(a, 4 * PG, 999), -EINVAL);
	CHECK_EQ_INT(xmadvise(a, 4 * PG, MADV_HWPOISON), -EINVAL);
	CHECK_EQ_INT(xmadvise(a + 8, PG, MADV_DONTNEED), -EINVAL);
	CHECK_EQ_INT(xmadvise(a, 0, MADV_DONTNEED), 0);
	/* unknown memory: left alone, no error */
	CHECK_EQ_INT(xmadvise(PG, PG, MADV_DONTNEED), 0);

	base = xbrk(0);
	CHECK_EQ_INT(xbrk(base + 3 * PG), base + 3 * PG);
	memset((void *)base, 7, 3 * PG);
	CHECK_EQ_INT(xmadvise(base + PG, 4 * PG, MADV_DONTNEED), 0);
	CHECK(all_bytes(base, PG, 7));
	CHECK(all_bytes(base + PG, 2 * PG, 0));
	reset();
}

HOST_TEST(mprotect_msync_mlock)
{
	long a;

	reset();
	a = anon(PG);
	CHECK_EQ_INT(uk_syscall_r_mprotect(a, PG, PROT_NONE, 0, 0, 0), 0);
	CHECK_EQ_INT(prot_of(a), UKPLAT_PAGE_NONE);
	CHECK_EQ_INT(uk_syscall_r_mprotect(a, PG, PROT_READ | PROT_EXEC, 0, 0,
					   0), 0);
	CHECK_EQ_INT(prot_of(a), UKPLAT_PAGE_RO);
	CHECK_EQ_INT(uk_syscall_r_mprotect(a + 1, PG, PROT_READ, 0, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_mprotect(a, PG, 0x100, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_mprotect(a, PG, PROT_GROWSDOWN |
					   PROT_GROWSUP, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_msync(a, PG, MS_SYNC, 0, 0, 0), 0);
	CHECK_EQ_INT(uk_syscall_r_msync(a, PG, MS_SYNC | MS_ASYNC, 0, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_msync(a, PG, 0x10, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_msync(a + 4, PG, MS_ASYNC, 0, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_mlock(a, PG, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(uk_syscall_r_munlock(a, PG, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(uk_syscall_r_mlock2(a, PG, MLOCK_ONFAULT, 0, 0, 0), 0);
	CHECK_EQ_INT(uk_syscall_r_mlock2(a, PG, 2, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_mlockall(MCL_CURRENT, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(uk_syscall_r_mlockall(MCL_ONFAULT, 0, 0, 0, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_mlockall(0, 0, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_munlockall(0, 0, 0, 0, 0, 0), 0);
	/* the heap gets its pages back writable */
	CHECK_EQ_INT(uk_syscall_r_munmap(a, PG, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(prot_of(a), UKPLAT_PAGE_RW);
	reset();
}

/* musl's thread stacks: a PROT_NONE mapping made writable but its guard */
HOST_TEST(mmap_prot_none_then_guard)
{
	long a;

	reset();
	a = uk_syscall_r_mmap(0, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			      -1, 0);
	CHECK(!uk_is_err((void *)a));
	CHECK_EQ_INT(prot_of(a + 3 * PG), UKPLAT_PAGE_NONE);
	CHECK_EQ_INT(uk_syscall_r_mprotect(a + PG, 3 * PG,
					   PROT_READ | PROT_WRITE, 0, 0, 0), 0);
	CHECK_EQ_INT(prot_of(a), UKPLAT_PAGE_NONE);
	CHECK_EQ_INT(prot_of(a + PG), UKPLAT_PAGE_RW);
	CHECK_EQ_INT(prot_of(a + 3 * PG), UKPLAT_PAGE_RW);
	CHECK_EQ_INT(uk_syscall_r_munmap(a, 4 * PG, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(prot_of(a), UKPLAT_PAGE_RW);
	/* memory that is not ours keeps its protection */
	CHECK_EQ_INT(uk_syscall_r_mprotect(0x10000, PG, PROT_NONE, 0, 0, 0),
		     0);
	CHECK_EQ_INT(prot_of(0x10000), UKPLAT_PAGE_RW);
	reset();
}

/* --- brk ------------------------------------------------------------------ */

HOST_TEST(brk_grow_shrink)
{
	long base;

	reset();
	brk_max = 4 * PG + 100;		/* rounded down to pages */
	base = xbrk(0);
	CHECK(base != 0 && base % PG == 0);
	CHECK_EQ_INT(xbrk(0), base);
	CHECK_EQ_INT(xbrk(base + 10), base + 10);	/* byte granular */
	CHECK(all_bytes(base, 10, 0));
	memset((void *)base, 7, 10);
	CHECK_EQ_INT(xbrk(base + 3 * PG), base + 3 * PG);
	CHECK(all_bytes(base + 10, 3 * PG - 10, 0));
	CHECK(all_bytes(base, 10, 7));
	/* shrink, then grow: zeroed again */
	memset((void *)base, 7, 3 * PG);
	CHECK_EQ_INT(xbrk(base + PG), base + PG);
	CHECK_EQ_INT(xbrk(base + 2 * PG), base + 2 * PG);
	CHECK(all_bytes(base + PG, PG, 0));
	/* beyond the area or below it: the break stays */
	CHECK_EQ_INT(xbrk(base + 4 * PG + 1), base + 2 * PG);
	CHECK_EQ_INT(xbrk(base - 1), base + 2 * PG);
	CHECK_EQ_INT(xbrk(base + 4 * PG), base + 4 * PG);
	CHECK_EQ_INT(xbrk(base), base);
	reset();
}

HOST_TEST(brk_disabled_or_oom)
{
	reset();
	brk_max = 0;
	CHECK_EQ_INT(xbrk(0), 0);
	CHECK_EQ_INT(xbrk(2 * PG), 0);
	CHECK_EQ_INT(nr_blks, 0);
	reset();
	fail_in = 0;
	CHECK_EQ_INT(xbrk(0), 0);
	CHECK(strstr(last_msg, "mmap.brk_max") != NULL);
	CHECK_EQ_INT(xbrk(PG), 0);
	reset();
}

/* --- random operations against a model ------------------------------------ */

/* The model: every live page and the byte it was last filled with. */
struct mpage {
	uintptr_t addr;
	uint8_t tag;
};

static struct mpage model[4096];
static int nr_model;

static int model_find(uintptr_t a)
{
	int i;

	for (i = 0; i < nr_model; i++)
		if (model[i].addr == a)
			return i;
	return -1;
}

static void model_add(uintptr_t a, uint8_t tag)
{
	int i = model_find(a);

	if (i < 0)
		i = nr_model++;
	model[i].addr = a;
	model[i].tag = tag;
	memset((void *)a, tag, PG);
}

static void model_del(uintptr_t a, size_t len)
{
	int i;

	for (i = 0; i < nr_model;)
		if (model[i].addr >= a && model[i].addr < a + len)
			model[i] = model[--nr_model];
		else
			i++;
}

#define RANDOM_STEPS	5000

static unsigned int rnd_state = 12345;

static unsigned int rnd(unsigned int n)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return (rnd_state >> 8) % n;
}

/*
 * Every model page live with its bytes (all of them when full, else
 * the first and last); nothing else live.
 */
static const char *check_model(bool full)
{
	const uint8_t *p;
	size_t live = 0, i;
	int j;

	for (i = 0; i < maps.nr; i++)
		live += (maps.r[i].end - maps.r[i].start) / PG;
	if (live != (size_t)nr_model)
		return "live page count";
	for (j = 0; j < nr_model; j++) {
		p = (const uint8_t *)model[j].addr;
		if (!maps_find(&maps, model[j].addr))
			return "model page not live";
		if (p[0] != model[j].tag || p[PG - 1] != model[j].tag ||
		    (full && !all_bytes(model[j].addr, PG, model[j].tag)))
			return "page contents";
	}
	return check_maps();
}

HOST_TEST(random_ops)
{
	uintptr_t a, r;
	const struct maps_range *e;
	size_t n, k, len, i;
	uint8_t tag = 1;
	int op, step, j;
	const char *why;

	reset();
	nr_model = 0;
	for (step = 0; step < RANDOM_STEPS; step++) {
		op = rnd(10);
		tag = (uint8_t)(tag % 250 + 1);
		slack = rnd(3) * PG;
		if (op < 3 || maps.nr == 0) {
			if (nr_model > 200)
				continue;
			n = 1 + rnd(8);
			r = (uintptr_t)anon(n * PG);
			if (uk_is_err((void *)r))
				break;
			for (k = 0; k < n; k++)
				model_add(r + k * PG, tag);
			continue;
		}
		e = &maps.r[rnd((unsigned int)maps.nr)];
		a = e->start + rnd((unsigned int)((e->end - e->start) / PG)) *
			       PG;
		len = (1 + rnd(6)) * PG;
		if (op < 6) {			/* munmap, maybe across */
			if (rnd(4) == 0)
				a -= PG * rnd(3);
			if (xmunmap(a, len))
				break;
			model_del(a, len);
		} else if (op == 6) {		/* MAP_FIXED in a block */
			len = MIN(len, e->block + e->block_len - a);
			r = (uintptr_t)xmmap((void *)a, len, MAP_PRIVATE |
					     MAP_ANONYMOUS | MAP_FIXED);
			if (r != a)
				break;
			for (k = 0; k < len / PG; k++)
				model_add(a + k * PG, tag);
		} else if (op == 7) {		/* MADV_DONTNEED */
			len = MIN(len, e->end - a);
			xmadvise(a, len, MADV_DONTNEED);
			for (k = 0; k < len / PG; k++)
				model_add(a + k * PG, 0);
		} else {			/* mremap part of a range */
			uintptr_t old = a;
			size_t old_len = MIN(len, e->end - a);
			size_t new_len = (1 + rnd(10)) * PG;
			uint8_t tags[16];

			for (k = 0; k < old_len / PG; k++)
				tags[k] = model[model_find(old + k * PG)].tag;
			r = (uintptr_t)xmremap(old, old_len, new_len,
					       rnd(2) ? MREMAP_MAYMOVE : 0);
			if (r == (uintptr_t)-ENOMEM)
				continue;
			if (uk_is_err((void *)r))
				break;
			model_del(old, old_len);
			for (k = 0; k < new_len / PG; k++) {
				i = model_find(r + k * PG) < 0 ? 0 : 1;
				if (i) {
					printf("  remap onto live page\n");
					CHECK(0);
				}
				model[nr_model].addr = r + k * PG;
				model[nr_model].tag = k < old_len / PG ?
						      tags[k] : 0;
				nr_model++;
			}
		}
		why = check_model(step % 64 == 0);
		if (why) {
			printf("  step %d op %d: %s\n", step, op, why);
			CHECK(0);
		}
	}
	CHECK_EQ_INT(step, RANDOM_STEPS);
	/* everything unmapped piecewise frees every block */
	for (j = 0; maps.nr && j < 100000; j++) {
		e = &maps.r[rnd((unsigned int)maps.nr)];
		CHECK_EQ_INT(xmunmap(e->start, PG), 0);
		CHECK_MAPS();
	}
	CHECK_EQ_INT(maps.nr, 0);
	CHECK_EQ_INT(nr_blks, 1);		/* the registry array */
	reset();
}

HOST_TEST_MAIN()
