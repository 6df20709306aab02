// SPDX-License-Identifier: BSD-3-Clause
/*
 * The registry of live anonymous mappings: see maps.h. A sorted array
 * rather than a tree: programs keep few mappings (musl's malloc maps
 * large allocations only), and a binary search plus a memmove on
 * change is cheap at that size.
 *
 * Invariant: the last live range of a block ends at block + block_len
 * (a dead tail is trimmed at once), so only unmaps can create holes,
 * and those sit in front of a live range.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include "maps.h"

#define MAPS_MIN_CAP	16

/* The first range that ends after addr (ends are sorted too). */
static size_t first_end_after(const struct maps *m, uintptr_t addr)
{
	size_t lo = 0, hi = m->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->r[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Makes room for extra more ranges, so later steps cannot fail. */
static int reserve(struct maps *m, size_t extra)
{
	struct maps_range *r;
	size_t cap;

	if (m->nr + extra <= m->cap)
		return 0;
	cap = m->cap ? m->cap : MAPS_MIN_CAP;
	while (cap < m->nr + extra)
		cap *= 2;
	r = uk_realloc(m->r, cap * sizeof(*r));
	if (!r)
		return -ENOMEM;
	m->r = r;
	m->cap = cap;
	return 0;
}

static void insert_at(struct maps *m, size_t i, const struct maps_range *e)
{
	memmove(&m->r[i + 1], &m->r[i], (m->nr - i) * sizeof(*e));
	m->r[i] = *e;
	m->nr++;
}

static void remove_at(struct maps *m, size_t i, size_t n)
{
	memmove(&m->r[i], &m->r[i + n], (m->nr - i - n) * sizeof(*m->r));
	m->nr -= n;
}

static void insert_block(struct maps *m, uintptr_t block, size_t len)
{
	struct maps_range e = {
		.start = block,
		.end = block + len,
		.block = block,
		.block_len = len,
	};

	insert_at(m, first_end_after(m, block), &e);
}

long maps_map(struct maps *m, size_t len)
{
	void *p;

	if (reserve(m, 1))
		return -ENOMEM;
	p = uk_memalign(MAPS_PAGE, len);
	if (!p)
		return -ENOMEM;
	maps_zero_pages(p, len);
	insert_block(m, (uintptr_t)p, len);
	return (long)(uintptr_t)p;
}

/*
 * Ranges of block were removed or trimmed; pos is where its ranges
 * would sit right of the change. No range left: free the block. The
 * last one no longer reaching the block's end: give the tail back.
 */
static void settle(struct maps *m, size_t pos, uintptr_t block,
		   size_t block_len)
{
	size_t newlen, i;
	void *p;

	if (pos < m->nr && m->r[pos].block == block)
		return;		/* a later range still ends the block */
	if (pos == 0 || m->r[pos - 1].block != block) {
		uk_free((void *)block);
		return;
	}
	newlen = m->r[pos - 1].end - block;
	if (newlen == block_len)
		return;
	p = uk_realloc((void *)block, newlen);
	if (!p)
		return;		/* keep the tail; harmless */
	/* lib/alloc shrinks in place; a move would strand our ranges */
	UK_ASSERT(p == (void *)block);
	for (i = pos; i-- > 0 && m->r[i].block == block;)
		m->r[i].block_len = newlen;
}

int maps_unmap(struct maps *m, uintptr_t a, size_t len)
{
	uintptr_t b = a + len, block;
	size_t i, j, k, block_len;
	struct maps_range e;
	bool tail_cut = false;

	i = first_end_after(m, a);
	if (i == m->nr || m->r[i].start >= b)
		return 0;

	if (m->r[i].start < a && m->r[i].end > b) {
		/* from the middle of one range: split it */
		if (reserve(m, 1))
			return -ENOMEM;
		e = m->r[i];
		e.start = b;
		m->r[i].end = a;
		insert_at(m, i + 1, &e);
		return 0;
	}

	j = i;
	if (m->r[j].start < a) {
		m->r[j].end = a;
		tail_cut = true;
		j++;
	}
	/* ranges wholly inside, one block at a time */
	while (j < m->nr && m->r[j].end <= b) {
		block = m->r[j].block;
		block_len = m->r[j].block_len;
		for (k = j; k < m->nr && m->r[k].end <= b &&
		     m->r[k].block == block; k++)
			;
		remove_at(m, j, k - j);
		settle(m, j, block, block_len);
	}
	if (j < m->nr && m->r[j].start < b)
		m->r[j].start = b;	/* the front of the last one */
	if (tail_cut)
		settle(m, i + 1, m->r[i].block, m->r[i].block_len);
	return 0;
}

static bool block_holds(const struct maps_range *r, uintptr_t a,
			uintptr_t b)
{
	return a >= r->block && b <= r->block + r->block_len;
}

long maps_map_fixed(struct maps *m, uintptr_t a, size_t len, bool noreplace)
{
	uintptr_t b = a + len, block, start = a, end = b;
	size_t i, j, k;
	struct maps_range e;

	/*
	 * If a block of ours holds a, one of its ranges is the first to end
	 * after a, or else the last to end at or before it.
	 */
	i = first_end_after(m, a);
	if (i < m->nr && block_holds(&m->r[i], a, b))
		e = m->r[i];
	else if (i > 0 && block_holds(&m->r[i - 1], a, b))
		e = m->r[i - 1];
	else
		return -EINVAL;
	block = e.block;

	if (noreplace && i < m->nr && m->r[i].start < b)
		return -EEXIST;
	if (reserve(m, 1))
		return -ENOMEM;
	maps_zero_pages((void *)a, len);

	/* merge with the block's ranges that overlap or touch [a, b) */
	j = i;
	if (j > 0 && m->r[j - 1].end == a && m->r[j - 1].block == block)
		j--;
	for (k = j; k < m->nr && m->r[k].block == block &&
	     m->r[k].start <= b; k++) {
		start = MIN(start, m->r[k].start);
		end = MAX(end, m->r[k].end);
	}
	remove_at(m, j, k - j);
	e.start = start;
	e.end = end;
	insert_at(m, j, &e);
	return (long)a;
}

long maps_remap(struct maps *m, uintptr_t old, size_t old_len,
		size_t new_len, bool may_move)
{
	uintptr_t old_end = old + old_len, new_end = old + new_len;
	struct maps_range *r;
	size_t i, newlen;
	void *p;
	int rc;

	i = first_end_after(m, old);
	if (i == m->nr || m->r[i].start > old || m->r[i].end < old_end)
		return -EFAULT;
	if (new_len <= old_len) {
		rc = maps_unmap(m, old + new_len, old_len - new_len);
		return rc ? rc : (long)old;
	}

	/* in place: the block's last range, and the heap block has room */
	r = &m->r[i];
	if (old_end == r->end && new_end > old &&
	    (i + 1 == m->nr || m->r[i + 1].block != r->block) &&
	    new_end - r->block <= uk_malloc_usable_size((void *)r->block)) {
		maps_zero_pages((void *)old_end, new_end - old_end);
		r->end = new_end;
		newlen = new_end - r->block;
		do {
			m->r[i].block_len = newlen;
		} while (i-- > 0 && m->r[i].block == r->block);
		return (long)old;
	}
	if (!may_move)
		return -ENOMEM;

	/* the new block, and a split when unmapping the old range */
	if (reserve(m, 2))
		return -ENOMEM;
	p = uk_memalign(MAPS_PAGE, new_len);
	if (!p)
		return -ENOMEM;
	memcpy(p, (void *)old, old_len);
	maps_zero_pages((char *)p + old_len, new_len - old_len);
	insert_block(m, (uintptr_t)p, new_len);
	rc = maps_unmap(m, old, old_len);
	UK_ASSERT(rc == 0);	/* room was reserved */
	return (long)(uintptr_t)p;
}

void maps_zero(struct maps *m, uintptr_t a, size_t len)
{
	uintptr_t b = a + len, s, e;
	size_t i;

	for (i = first_end_after(m, a); i < m->nr && m->r[i].start < b; i++) {
		s = MAX(a, m->r[i].start);
		e = MIN(b, m->r[i].end);
		maps_zero_pages((void *)s, e - s);
	}
}

const struct maps_range *maps_find(const struct maps *m, uintptr_t addr)
{
	size_t i = first_end_after(m, addr);

	if (i < m->nr && m->r[i].start <= addr)
		return &m->r[i];
	return NULL;
}

void maps_destroy(struct maps *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (i == 0 || m->r[i].block != m->r[i - 1].block)
			uk_free((void *)m->r[i].block);
	uk_free(m->r);
	m->r = NULL;
	m->nr = m->cap = 0;
}
