/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests for futex(2): the hash of wait queues, WAKE with bitsets,
 * REQUEUE and CMP_REQUEUE (waiters move between buckets), WAKE_OP, value
 * checks and timeouts. The scheduler is a fake with lib/sched's queue
 * semantics: a "wait" queues the entry, runs what another thread would
 * do meanwhile (a callback), and ends woken or timed out.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "host-test.h"
#define CONFIG_LIBPOSIX_TIME 1	/* realtime deadlines */
#include "../futex.c"

#define SC(...)	uk_syscall_r_futex(__VA_ARGS__)

static uint64_t now = 1000000000ULL, last_deadline;
static void (*meanwhile)(void);

uint64_t ukplat_monotonic_ns(void)
{
	return now;
}

int64_t uk_time_realtime_offset(void)
{
	return 500 * 1000000000LL;	/* the wall clock is 500 s ahead */
}

static struct uk_thread self_thread = { .tid = 1 };
struct uk_thread *uk_sched_current_thread = &self_thread;


void uk_sched_deliver_pending(void)
{
}

void uk_waitq_init(struct uk_waitq *wq, const char *name, bool irq)
{
	uk_list_init(&wq->waiters);
	wq->name = name;
	wq->irq = irq;
}

void uk_wait_wake_locked(struct uk_wait *w, int result)
{
	if (!w->queued)
		return;
	uk_list_del(&w->node);
	w->queued = false;
	w->result = result;
}

void uk_wait_requeue_locked(struct uk_wait *w, struct uk_waitq *to)
{
	uk_list_del(&w->node);
	w->wq = to;
	uk_list_add_tail(&w->node, &to->waiters);
}

int uk_waitq_wake_key(struct uk_waitq *wq, uintptr_t key, unsigned long bits,
		      int n)
{
	struct uk_list *p, *tmp;
	int woken = 0;

	uk_list_foreach_safe(p, tmp, &wq->waiters) {
		struct uk_wait *w = uk_list_entry(p, struct uk_wait, node);

		if (n >= 0 && woken >= n)
			break;
		if (w->key != key || !(w->data & bits))
			continue;
		uk_wait_wake_locked(w, 0);
		woken++;
	}
	return woken;
}

int uk_waitq_wake_match(struct uk_waitq *wq, int n,
			bool (*match)(struct uk_wait *w, void *arg), void *arg)
{
	struct uk_list *p, *tmp;
	int woken = 0;

	uk_list_foreach_safe(p, tmp, &wq->waiters) {
		struct uk_wait *w = uk_list_entry(p, struct uk_wait, node);

		if (n >= 0 && woken >= n)
			break;
		if (match && !match(w, arg))
			continue;
		uk_wait_wake_locked(w, 0);
		woken++;
	}
	return woken;
}

int uk_waitq_wait_locked(struct uk_waitq *wq, struct uk_wait *w,
			 uint64_t deadline)
{
	last_deadline = deadline;
	w->wq = wq;
	w->queued = true;
	w->result = 0;
	uk_list_add_tail(&w->node, &wq->waiters);
	if (meanwhile)
		meanwhile();
	if (w->queued) {
		uk_list_del(&w->node);
		w->queued = false;
		w->result = deadline == UK_WAIT_FOREVER ? -EINTR : -ETIMEDOUT;
	}
	return w->result;
}

/* Waiters parked by hand, as blocked threads would be. */
static struct uk_wait parked[8];

static void park(int i, uint32_t *addr, uint32_t bitset)
{
	struct uk_wait *w = &parked[i];

	w->key = (uintptr_t)addr;
	w->data = bitset;
	w->wq = bucket_of(addr);
	w->queued = true;
	w->result = 1;
	uk_list_add_tail(&w->node, &w->wq->waiters);
}

static void unpark_all(void)
{
	int i;

	for (i = 0; i < 8; i++)
		if (parked[i].queued)
			uk_wait_wake_locked(&parked[i], 0);
	meanwhile = NULL;
}

static uint32_t word_a = 1, word_b = 2, word_c;

__attribute__((constructor)) static void buckets_init(void)
{
	futex_init();
}

HOST_TEST(bad_arguments)
{
	CHECK_EQ_INT(SC(0, FUTEX_WAKE, 1, 0, 0, 0), -EFAULT);
	CHECK_EQ_INT(SC((long)((char *)&word_a + 1), FUTEX_WAKE, 1, 0, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAIT_BITSET, 1, 0, 0, 0),
		     -EINVAL);		/* empty bitset */
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_LOCK_PI, 0, 0, 0, 0), -ENOSYS);
	CHECK_EQ_INT(SC((long)&word_a, 99, 0, 0, 0, 0), -ENOSYS);
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1,
			0, 0, 0), -ENOSYS);
}

HOST_TEST(wait_checks_the_value_first)
{
	struct timespec ts = { 0, -1 };

	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAIT, 7, 0, 0, 0), -EAGAIN);
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAIT, 1, (long)&ts, 0, 0),
		     -EINVAL);
}

static long woke;

/* another thread, while the caller waits */
static void wake_a(void)
{
	woke = SC((long)&word_a, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0, 0, 0);
}

HOST_TEST(wait_woken_or_timed_out)
{
	struct timespec rel = { 2, 500 };

	meanwhile = wake_a;
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 1, 0,
			0, 0), 0);
	CHECK_EQ_INT(woke, 1);
	CHECK_EQ_INT(last_deadline, UK_WAIT_FOREVER);
	meanwhile = NULL;
	/* relative: from now */
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAIT, 1, (long)&rel, 0, 0),
		     -ETIMEDOUT);
	CHECK_EQ_INT(last_deadline, now + 2000000500ULL);
	/* BITSET: absolute, monotonic or realtime */
	rel.tv_sec = 7;
	rel.tv_nsec = 0;
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAIT_BITSET, 1, (long)&rel, 0,
			~0u), -ETIMEDOUT);
	CHECK_EQ_INT(last_deadline, 7000000000ULL);
	rel.tv_sec = 505;
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME,
			1, (long)&rel, 0, ~0u), -ETIMEDOUT);
	CHECK_EQ_INT(last_deadline, 5000000000ULL);
}

HOST_TEST(wake_counts_and_bitsets)
{
	park(0, &word_a, ~0u);
	park(1, &word_a, 0x1);
	park(2, &word_a, 0x2);
	park(3, &word_b, ~0u);		/* another word, maybe same bucket */
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAKE_BITSET, 10, 0, 0, 0x2), 2);
	CHECK(!parked[0].queued && parked[1].queued && !parked[2].queued);
	CHECK(parked[3].queued);
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAKE, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAKE, 5, 0, 0, 0), 1);
	CHECK_EQ_INT(SC((long)&word_b, FUTEX_WAKE, INT_MAX, 0, 0, 0), 1);
	unpark_all();
}

HOST_TEST(requeue_moves_waiters_to_the_other_word)
{
	int i;

	for (i = 0; i < 5; i++)
		park(i, &word_a, ~0u);
	/* wake 1, move 2 to word_c; CMP_REQUEUE checks *uaddr */
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_CMP_REQUEUE, 1, 2,
			(long)&word_c, 9), -EAGAIN);
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_CMP_REQUEUE, 1, 2,
			(long)&word_c, 1), 3);
	CHECK(!parked[0].queued);
	CHECK(parked[1].key == (uintptr_t)&word_c &&
	      parked[2].key == (uintptr_t)&word_c);
	CHECK(parked[1].wq == bucket_of(&word_c));
	CHECK(parked[3].key == (uintptr_t)&word_a);
	/* the moved ones wake through word_c now */
	CHECK_EQ_INT(SC((long)&word_c, FUTEX_WAKE, 10, 0, 0, 0), 2);
	/* plain REQUEUE: the result counts only the woken */
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_REQUEUE, 0, 10, (long)&word_b, 0),
		     0);
	CHECK_EQ_INT(SC((long)&word_b, FUTEX_WAKE, 10, 0, 0, 0), 2);
	unpark_all();
}

HOST_TEST(wake_op)
{
	uint32_t x = 5;
	/* op ADD 3, compare old value EQ 5 */
	uint32_t op = (FUTEX_OP_ADD << 28) | (FUTEX_OP_CMP_EQ << 24) |
		      (3 << 12) | 5;

	park(0, &word_a, ~0u);
	park(1, &x, ~0u);
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAKE_OP, 1, 1, (long)&x, op), 2);
	CHECK_EQ_INT(x, 8);
	/* shifted oparg: x = 1 << 4; old 8 != 5, so no second wake */
	park(1, &x, ~0u);
	op = ((uint32_t)(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT) << 28) |
	     (FUTEX_OP_CMP_EQ << 24) | (4 << 12) | 5;
	CHECK_EQ_INT(SC((long)&word_a, FUTEX_WAKE_OP, 1, 1, (long)&x, op), 0);
	CHECK_EQ_INT(x, 16);
	unpark_all();
}

HOST_TEST(buckets_spread_neighbouring_words)
{
	static uint32_t words[256];
	bool seen[NR_BUCKETS] = { 0 };
	int i, used = 0;

	for (i = 0; i < 256; i++)
		seen[bucket_of(&words[i]) - buckets] = true;
	for (i = 0; i < NR_BUCKETS; i++)
		used += seen[i];
	CHECK_EQ_INT(used, NR_BUCKETS);
}

HOST_TEST_MAIN()
