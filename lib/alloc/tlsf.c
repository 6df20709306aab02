/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Two-level segregated fit allocator.
 *
 * Free blocks are filed by span into size classes: the first level is a
 * power-of-two range, cut linearly into TLSF_SL_COUNT second-level
 * classes. One bitmap says which first-level ranges hold free blocks, one
 * per range says which of its classes do, so finding a block that fits is
 * two bit scans. Blocks are also linked to their physical neighbours, so
 * free merges in O(1).
 *
 * A block at b (b and every span are multiples of 16):
 *
 *   b + 0   prev_phys   previous block, valid only while that one is free;
 *                       otherwise the last 8 bytes of its payload
 *   b + 8   size        span (b to the next block) | BLK_* flags
 *   b + 16  payload     next_free, prev_free while the block is free
 *
 * so a block's payload runs up to the next block's size field and holds
 * span - 8 bytes. A pool is a header, blocks, and a used block of span 0
 * (the sentinel) that stops merging and walking at the end.
 *
 * Invariants: no two free blocks are adjacent; a block has BLK_PREV_FREE
 * exactly when the block before it is free; every free block is in the
 * list of its class and no used block is in any.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>

#include <uk/essentials.h>
#include <uk/errno.h>

#include "tlsf.h"

_Static_assert(sizeof(void *) == 8 && sizeof(size_t) == 8,
	       "tlsf: 64-bit only");

#define TLSF_ALIGN_LOG2	4
#define TLSF_ALIGN	(1UL << TLSF_ALIGN_LOG2)
#define TLSF_SL_LOG2	5
#define TLSF_SL_COUNT	(1U << TLSF_SL_LOG2)
/* Below this span classes are linear, TLSF_ALIGN apart, all in level 0. */
#define TLSF_FL_SHIFT	(TLSF_SL_LOG2 + TLSF_ALIGN_LOG2)
#define TLSF_SMALL_SPAN	(1UL << TLSF_FL_SHIFT)
#define TLSF_MAX_LOG2	48
#define TLSF_FL_COUNT	(TLSF_MAX_LOG2 - TLSF_FL_SHIFT + 1)
#define TLSF_SPAN_MAX	((1UL << TLSF_MAX_LOG2) - TLSF_ALIGN)

#define BLK_FREE	0x1UL
#define BLK_PREV_FREE	0x2UL
#define BLK_MARK	0x4UL	/* only set while uk_tlsf_check() runs */
#define BLK_FLAGS	(TLSF_ALIGN - 1)

#define BLK_HDR		16UL	/* payload offset */
#define BLK_OVERHEAD	8UL	/* the size field; prev_phys is shared */
#define BLK_MIN_SPAN	32UL	/* room for both free-list links */

struct tlsf_block {
	struct tlsf_block *prev_phys;
	size_t size;
	struct tlsf_block *next_free;
	struct tlsf_block *prev_free;
};

struct tlsf_pool {
	struct tlsf_pool *next;
	uintptr_t start;		/* the range as given, for overlap checks */
	uintptr_t end;
	struct tlsf_block *sentinel;	/* first block follows this header */
};

struct uk_tlsf {
	uint64_t fl_map;
	uint32_t sl_map[TLSF_FL_COUNT];
	struct tlsf_block *heads[TLSF_FL_COUNT][TLSF_SL_COUNT];
	struct tlsf_pool *pools;
	unsigned long nr_pools;
	size_t total;
	size_t used;
	const char *check_err;
};

_Static_assert(TLSF_FL_COUNT < 64, "tlsf: fl_map too small");
_Static_assert(sizeof(struct tlsf_block) == BLK_MIN_SPAN, "tlsf: block");
_Static_assert(sizeof(struct tlsf_pool) % TLSF_ALIGN == 0, "tlsf: pool");

static inline unsigned int tlsf_fls(uint64_t x)
{
	return 63 - __builtin_clzll(x);
}

static inline unsigned int tlsf_ffs(uint64_t x)
{
	return __builtin_ctzll(x);
}

static inline size_t blk_span(const struct tlsf_block *b)
{
	return b->size & ~BLK_FLAGS;
}

static inline struct tlsf_block *blk_next(const struct tlsf_block *b)
{
	return (struct tlsf_block *)((uintptr_t)b + blk_span(b));
}

static inline struct tlsf_block *blk_at(const struct tlsf_block *b,
					size_t off)
{
	return (struct tlsf_block *)((uintptr_t)b + off);
}

static inline void *blk_payload(struct tlsf_block *b)
{
	return (void *)((uintptr_t)b + BLK_HDR);
}

static inline struct tlsf_block *blk_of(const void *ptr)
{
	return (struct tlsf_block *)((uintptr_t)ptr - BLK_HDR);
}

static inline struct tlsf_block *pool_first(const struct tlsf_pool *p)
{
	return (struct tlsf_block *)((uintptr_t)p + sizeof(*p));
}

static void tlsf_mapping(size_t span, unsigned int *fl, unsigned int *sl)
{
	unsigned int f;

	if (span < TLSF_SMALL_SPAN) {
		*fl = 0;
		*sl = (unsigned int)(span >> TLSF_ALIGN_LOG2);
		return;
	}
	f = tlsf_fls(span);
	*fl = f - TLSF_FL_SHIFT + 1;
	*sl = (span >> (f - TLSF_SL_LOG2)) & (TLSF_SL_COUNT - 1);
}

static void tlsf_insert(struct uk_tlsf *t, struct tlsf_block *b)
{
	struct tlsf_block *head;
	unsigned int fl, sl;

	tlsf_mapping(blk_span(b), &fl, &sl);
	head = t->heads[fl][sl];
	b->next_free = head;
	b->prev_free = NULL;
	if (head)
		head->prev_free = b;
	t->heads[fl][sl] = b;
	t->fl_map |= 1ULL << fl;
	t->sl_map[fl] |= 1U << sl;
}

static void tlsf_remove(struct uk_tlsf *t, struct tlsf_block *b)
{
	unsigned int fl, sl;

	if (b->next_free)
		b->next_free->prev_free = b->prev_free;
	if (b->prev_free) {
		b->prev_free->next_free = b->next_free;
		return;
	}
	tlsf_mapping(blk_span(b), &fl, &sl);
	t->heads[fl][sl] = b->next_free;
	if (!b->next_free) {
		t->sl_map[fl] &= ~(1U << sl);
		if (!t->sl_map[fl])
			t->fl_map &= ~(1ULL << fl);
	}
}

/*
 * Finds a free block of at least @span. The class is rounded up first so
 * that any block found fits without looking at it: O(1). Only if that
 * fails is @span's own class scanned, so that requests close to the size
 * of the largest free block still succeed near exhaustion.
 */
static struct tlsf_block *tlsf_find(struct uk_tlsf *t, size_t span)
{
	struct tlsf_block *b;
	unsigned int fl, sl;
	uint32_t sl_map;
	uint64_t fl_map;
	size_t want = span;

	if (span >= TLSF_SMALL_SPAN)
		want += (1UL << (tlsf_fls(span) - TLSF_SL_LOG2)) - 1;
	if (want <= TLSF_SPAN_MAX) {
		tlsf_mapping(want, &fl, &sl);
		sl_map = t->sl_map[fl] & (~0U << sl);
		if (!sl_map) {
			fl_map = t->fl_map & (~0ULL << (fl + 1));
			if (fl_map) {
				fl = tlsf_ffs(fl_map);
				sl_map = t->sl_map[fl];
			}
		}
		if (sl_map)
			return t->heads[fl][tlsf_ffs(sl_map)];
	}

	tlsf_mapping(span, &fl, &sl);
	for (b = t->heads[fl][sl]; b; b = b->next_free)
		if (blk_span(b) >= span)
			return b;
	return NULL;
}

/*
 * Frees @b, a block in no list and not marked free: merges it with free
 * neighbours and files the result.
 */
static void tlsf_release(struct uk_tlsf *t, struct tlsf_block *b)
{
	struct tlsf_block *next;

	if (b->size & BLK_PREV_FREE) {
		struct tlsf_block *prev = b->prev_phys;

		tlsf_remove(t, prev);
		prev->size += blk_span(b);
		b = prev;
	}
	next = blk_next(b);
	if (next->size & BLK_FREE) {
		tlsf_remove(t, next);
		b->size += blk_span(next);
		next = blk_next(b);
	}
	b->size |= BLK_FREE;
	next->prev_phys = b;
	next->size |= BLK_PREV_FREE;
	tlsf_insert(t, b);
}

static void tlsf_mark_used(struct tlsf_block *b)
{
	b->size &= ~BLK_FREE;
	blk_next(b)->size &= ~BLK_PREV_FREE;
}

/* Cuts used block @b down to @span if the tail can be a block of its own. */
static void tlsf_trim(struct uk_tlsf *t, struct tlsf_block *b, size_t span)
{
	size_t have = blk_span(b);
	struct tlsf_block *rest;

	if (have - span < BLK_MIN_SPAN)
		return;
	rest = blk_at(b, span);
	rest->size = have - span;	/* used, and so is its prev: no flags */
	b->size = span | (b->size & BLK_FLAGS);
	tlsf_release(t, rest);
}

/* Span needed to serve @size bytes, 0 if none can be that big. */
static size_t tlsf_req_span(size_t size)
{
	size_t span;

	if (size > TLSF_SPAN_MAX - BLK_OVERHEAD)
		return 0;
	span = ALIGN_UP(size + BLK_OVERHEAD, TLSF_ALIGN);
	return MAX(span, BLK_MIN_SPAN);
}

static bool tlsf_overlaps(const struct uk_tlsf *t, uintptr_t start,
			  uintptr_t end)
{
	const struct tlsf_pool *p;

	for (p = t->pools; p; p = p->next)
		if (start < p->end && p->start < end)
			return true;
	return false;
}

/*
 * Lays out a pool at @hdr inside [start, end), which the caller has
 * checked to be at least TLSF_POOL_MIN long. Touches the pool header, the
 * first block and the sentinel only, whatever the size.
 */
static void tlsf_pool_setup(struct uk_tlsf *t, uintptr_t hdr,
			    uintptr_t start, uintptr_t end)
{
	struct tlsf_pool *p = (struct tlsf_pool *)hdr;
	struct tlsf_block *first = pool_first(p);
	struct tlsf_block *sentinel;
	uintptr_t last;
	size_t span;

	/* The sentinel needs its prev_phys and size fields below end. */
	last = ALIGN_DOWN(end - BLK_HDR, TLSF_ALIGN);
	span = MIN(last - (uintptr_t)first, TLSF_SPAN_MAX);
	sentinel = blk_at(first, span);

	p->start = start;
	p->end = end;
	p->sentinel = sentinel;
	p->next = t->pools;
	t->pools = p;
	t->nr_pools++;
	t->total += span;

	first->size = span;
	sentinel->size = 0;
	tlsf_release(t, first);
}

/* Smallest pool: alignment slack, header, one block, the sentinel. */
#define TLSF_POOL_MIN	(TLSF_ALIGN - 1 + sizeof(struct tlsf_pool) + \
			 BLK_MIN_SPAN + BLK_HDR)

static bool tlsf_range_ok(void *mem, size_t len)
{
	uintptr_t start = (uintptr_t)mem;

	/* end must be representable: a range may not reach the top. */
	return mem && len && start + len > start;
}

struct uk_tlsf *uk_tlsf_init(void *mem, size_t len)
{
	uintptr_t start = (uintptr_t)mem;
	uintptr_t end = start + len;
	uintptr_t hdr;
	struct uk_tlsf *t;

	if (!tlsf_range_ok(mem, len))
		return uk_err_ptr(-EINVAL);
	/* With this much, nothing computed below can pass end. */
	if (len < TLSF_ALIGN - 1 + sizeof(*t) + TLSF_POOL_MIN)
		return uk_err_ptr(-ENOMEM);
	t = (struct uk_tlsf *)ALIGN_UP(start, TLSF_ALIGN);
	hdr = ALIGN_UP((uintptr_t)t + sizeof(*t), TLSF_ALIGN);

	/* Fixed size, whatever len is. */
	memset(t, 0, sizeof(*t));
	tlsf_pool_setup(t, hdr, start, end);
	return t;
}

int uk_tlsf_add_pool(struct uk_tlsf *t, void *mem, size_t len)
{
	uintptr_t start = (uintptr_t)mem;
	uintptr_t end = start + len;
	uintptr_t hdr;

	if (!t || !tlsf_range_ok(mem, len))
		return -EINVAL;
	if (tlsf_overlaps(t, start, end))
		return -EINVAL;
	if (len < TLSF_POOL_MIN)
		return -ENOMEM;
	hdr = ALIGN_UP(start, TLSF_ALIGN);
	tlsf_pool_setup(t, hdr, start, end);
	return 0;
}

void *uk_tlsf_malloc(struct uk_tlsf *t, size_t size)
{
	size_t span = tlsf_req_span(size);
	struct tlsf_block *b;

	if (!span)
		return NULL;
	b = tlsf_find(t, span);
	if (!b)
		return NULL;
	tlsf_remove(t, b);
	tlsf_mark_used(b);
	tlsf_trim(t, b, span);
	t->used += blk_span(b);
	return blk_payload(b);
}

void *uk_tlsf_memalign(struct uk_tlsf *t, size_t align, size_t size)
{
	size_t span = tlsf_req_span(size);
	struct tlsf_block *b, *nb;
	uintptr_t p;
	size_t gap;

	if (!align || (align & (align - 1)))
		return NULL;
	if (align <= TLSF_ALIGN)
		return uk_tlsf_malloc(t, size);
	/*
	 * The payload moves forward by a gap that is 0 or can hold a free
	 * block (>= BLK_MIN_SPAN): at most align + TLSF_ALIGN.
	 */
	if (!span || align > TLSF_SPAN_MAX ||
	    span + align + TLSF_ALIGN > TLSF_SPAN_MAX)
		return NULL;
	b = tlsf_find(t, span + align + TLSF_ALIGN);
	if (!b)
		return NULL;
	tlsf_remove(t, b);

	/* No overflow: b's span covers every address computed here. */
	p = ALIGN_UP((uintptr_t)b + BLK_HDR, align);
	gap = p - BLK_HDR - (uintptr_t)b;
	if (gap && gap < BLK_MIN_SPAN)
		gap += align;
	if (gap) {
		/*
		 * The gap stays free on its own: the block before b is used,
		 * as b was free.
		 */
		nb = blk_at(b, gap);
		nb->size = (blk_span(b) - gap) | BLK_PREV_FREE;
		nb->prev_phys = b;
		b->size = gap | (b->size & BLK_FLAGS);
		tlsf_insert(t, b);
		b = nb;
	}
	tlsf_mark_used(b);
	tlsf_trim(t, b, span);
	t->used += blk_span(b);
	return blk_payload(b);
}

/* Cheap sanity checks on a pointer handed back to us. */
static bool tlsf_ptr_ok(const struct uk_tlsf *t, const void *ptr)
{
	const struct tlsf_block *b = blk_of(ptr);

	if (!IS_ALIGNED((uintptr_t)ptr, TLSF_ALIGN))
		return false;
	return !(b->size & BLK_FREE) && blk_span(b) >= BLK_MIN_SPAN &&
	       blk_span(b) <= t->used;
}

void *uk_tlsf_realloc(struct uk_tlsf *t, void *ptr, size_t size)
{
	struct tlsf_block *b, *next;
	size_t span, have;
	void *np;

	if (!ptr)
		return uk_tlsf_malloc(t, size);
	if (!tlsf_ptr_ok(t, ptr))
		return NULL;
	span = tlsf_req_span(size);
	if (!span)
		return NULL;
	b = blk_of(ptr);
	have = blk_span(b);

	next = blk_next(b);
	if (span > have && (next->size & BLK_FREE) &&
	    blk_span(next) >= span - have) {
		tlsf_remove(t, next);
		b->size += blk_span(next);
		blk_next(b)->size &= ~BLK_PREV_FREE;
	}
	if (span <= blk_span(b)) {
		tlsf_trim(t, b, span);
		t->used += blk_span(b);
		t->used -= have;
		return ptr;
	}

	np = uk_tlsf_malloc(t, size);
	if (!np)
		return NULL;
	memcpy(np, ptr, have - BLK_OVERHEAD);
	uk_tlsf_free(t, ptr);
	return np;
}

size_t uk_tlsf_request_span(size_t size)
{
	return tlsf_req_span(size);
}

size_t uk_tlsf_span(const void *ptr)
{
	return blk_span(blk_of(ptr));
}

bool uk_tlsf_owns(const struct uk_tlsf *t, const void *ptr)
{
	return tlsf_ptr_ok(t, ptr);
}

int uk_tlsf_free(struct uk_tlsf *t, void *ptr)
{
	struct tlsf_block *b;

	if (!ptr)
		return 0;
	if (!tlsf_ptr_ok(t, ptr))
		return -EINVAL;
	b = blk_of(ptr);
	t->used -= blk_span(b);
	/*
	 * Flag the header before merging: if it is swallowed by the block
	 * before, a second free of ptr still finds it marked free.
	 */
	b->size |= BLK_FREE;
	tlsf_release(t, b);
	return 0;
}

size_t uk_tlsf_usable_size(const void *ptr)
{
	if (!ptr)
		return 0;
	return blk_span(blk_of(ptr)) - BLK_OVERHEAD;
}

size_t uk_tlsf_used(const struct uk_tlsf *t)
{
	return t->used;
}

size_t uk_tlsf_total(const struct uk_tlsf *t)
{
	return t->total;
}

static size_t tlsf_largest_free(const struct uk_tlsf *t)
{
	const struct tlsf_block *b;
	unsigned int fl;
	size_t max = 0;

	if (!t->fl_map)
		return 0;
	/* The top class holds the largest block, but is not sorted. */
	fl = tlsf_fls(t->fl_map);
	b = t->heads[fl][tlsf_fls(t->sl_map[fl])];
	for (; b; b = b->next_free)
		max = MAX(max, blk_span(b));
	return max - BLK_OVERHEAD;
}

void uk_tlsf_get_stats(const struct uk_tlsf *t, struct uk_tlsf_stats *st)
{
	st->total = t->total;
	st->used = t->used;
	st->free = t->total - t->used;
	st->largest_free = tlsf_largest_free(t);
	st->nr_pools = t->nr_pools;
}

/* Keeps the first reason, for uk_tlsf_check_error(). */
#define TLSF_BAD(t, err, why)						\
	do {								\
		if (!(t)->check_err)					\
			(t)->check_err = (why);				\
		(err) = -EFAULT;					\
	} while (0)

static bool tlsf_is_block_addr(const struct uk_tlsf *t,
			       const struct tlsf_block *b)
{
	const struct tlsf_pool *p;
	uintptr_t a = (uintptr_t)b;

	if (!IS_ALIGNED(a, TLSF_ALIGN))
		return false;
	for (p = t->pools; p; p = p->next)
		if (a >= (uintptr_t)pool_first(p) &&
		    a < (uintptr_t)p->sentinel)
			return true;
	return false;
}

/* Checks the bitmaps against the list heads. */
static int tlsf_check_maps(struct uk_tlsf *t)
{
	unsigned int fl, sl;
	int err = 0;

	if (t->fl_map >> TLSF_FL_COUNT)
		TLSF_BAD(t, err, "fl_map has bits past the last class");
	for (fl = 0; fl < TLSF_FL_COUNT; fl++) {
		if (!(t->fl_map & (1ULL << fl)) != !t->sl_map[fl])
			TLSF_BAD(t, err, "fl_map disagrees with sl_map");
		for (sl = 0; sl < TLSF_SL_COUNT; sl++)
			if (!(t->sl_map[fl] & (1U << sl)) != !t->heads[fl][sl])
				TLSF_BAD(t, err, "sl_map disagrees with heads");
	}
	return err;
}

/*
 * Checks the blocks of one list and marks them with BLK_MARK, so that
 * the pool walk can tell listed free blocks from unlisted ones in O(1).
 * Stops at a block it cannot trust, as its links may lead anywhere.
 */
static int tlsf_check_list(struct uk_tlsf *t, unsigned int fl,
			   unsigned int sl, size_t *nr_listed)
{
	struct tlsf_block *b, *prev = NULL;
	unsigned int f, s;
	int err = 0;

	for (b = t->heads[fl][sl]; b; prev = b, b = b->next_free) {
		if (!tlsf_is_block_addr(t, b)) {
			TLSF_BAD(t, err, "listed block outside the pools");
			break;
		}
		if (!(b->size & BLK_FREE)) {
			TLSF_BAD(t, err, "listed block not free");
			break;
		}
		if (b->size & BLK_MARK) {
			TLSF_BAD(t, err, "block listed twice");
			break;
		}
		if (b->prev_free != prev)
			TLSF_BAD(t, err, "bad prev_free link");
		tlsf_mapping(blk_span(b), &f, &s);
		if (f != fl || s != sl)
			TLSF_BAD(t, err, "block in the wrong list");
		b->size |= BLK_MARK;
		(*nr_listed)++;
	}
	return err;
}

/* Undoes tlsf_check_list(): it marked a prefix of each list. */
static void tlsf_check_unmark(struct uk_tlsf *t)
{
	struct tlsf_block *b;
	unsigned int fl, sl;

	for (fl = 0; fl < TLSF_FL_COUNT; fl++)
		for (sl = 0; sl < TLSF_SL_COUNT; sl++)
			for (b = t->heads[fl][sl];
			     b && tlsf_is_block_addr(t, b) &&
			     (b->size & BLK_MARK); b = b->next_free)
				b->size &= ~BLK_MARK;
}

/* Walks the pools, checking linkage against the marks. */
static int tlsf_check_pools(struct uk_tlsf *t, size_t *nr_free)
{
	struct tlsf_block *b, *prev;
	struct tlsf_pool *p;
	size_t used = 0, total = 0, span;
	bool prev_free;
	int err = 0;

	*nr_free = 0;
	for (p = t->pools; p; p = p->next) {
		prev = NULL;
		prev_free = false;
		for (b = pool_first(p); b != p->sentinel; b = blk_next(b)) {
			span = blk_span(b);
			if (span < BLK_MIN_SPAN ||
			    span > (uintptr_t)p->sentinel - (uintptr_t)b) {
				TLSF_BAD(t, err, "bad block span");
				break;
			}
			if (!(b->size & BLK_PREV_FREE) != !prev_free)
				TLSF_BAD(t, err, "wrong PREV_FREE flag");
			if (prev_free && b->prev_phys != prev)
				TLSF_BAD(t, err, "wrong prev_phys");
			if (b->size & BLK_FREE) {
				if (prev_free)
					TLSF_BAD(t, err, "adjacent free blocks");
				if (!(b->size & BLK_MARK))
					TLSF_BAD(t, err, "free block not listed");
				(*nr_free)++;
			} else {
				used += span;
			}
			total += span;
			prev_free = b->size & BLK_FREE;
			prev = b;
		}
		if (b != p->sentinel)
			continue;
		if (blk_span(b) || (b->size & BLK_FREE))
			TLSF_BAD(t, err, "bad sentinel");
		if (!(b->size & BLK_PREV_FREE) != !prev_free)
			TLSF_BAD(t, err, "wrong PREV_FREE flag on sentinel");
		if (prev_free && b->prev_phys != prev)
			TLSF_BAD(t, err, "wrong prev_phys on sentinel");
	}
	if (used != t->used)
		TLSF_BAD(t, err, "used byte count is off");
	if (total != t->total)
		TLSF_BAD(t, err, "total byte count is off");
	return err;
}

int uk_tlsf_check(struct uk_tlsf *t)
{
	size_t nr_listed, nr_free;
	unsigned int fl, sl;
	int err;

	if (!t)
		return -EINVAL;
	t->check_err = NULL;
	err = tlsf_check_maps(t);
	nr_listed = 0;
	for (fl = 0; fl < TLSF_FL_COUNT; fl++)
		for (sl = 0; sl < TLSF_SL_COUNT; sl++)
			if (tlsf_check_list(t, fl, sl, &nr_listed))
				err = -EFAULT;
	if (tlsf_check_pools(t, &nr_free))
		err = -EFAULT;
	tlsf_check_unmark(t);
	if (!err && nr_listed != nr_free)
		TLSF_BAD(t, err, "free count differs from listed count");
	return err;
}

const char *uk_tlsf_check_error(const struct uk_tlsf *t)
{
	return t->check_err;
}
