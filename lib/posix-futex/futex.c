// SPDX-License-Identifier: BSD-3-Clause
/*
 * futex(2) over lib/sched's wait queues: waiters are hashed by address
 * into buckets (one wait queue each), so a wake looks only at the
 * waiters of its bucket. WAIT/WAKE with their _BITSET forms, REQUEUE and
 * CMP_REQUEUE (musl's condition variables), WAKE_OP; PRIVATE makes no
 * difference (one address space); CLOCK_REALTIME for absolute waits.
 * The PI operations are -ENOSYS. One CPU: the value check and the
 * enqueue happen with the scheduler locked, so no wake-up is lost.
 *
 * A thread created with CLONE_CHILD_CLEARTID (or after set_tid_address)
 * clears that word and wakes one waiter on it when it exits.
 */
#include <errno.h>
#include <limits.h>
#include <time.h>

#include <uk/futex.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <uk/time.h>

#define NR_BUCKETS	64	/* a power of two */

/* The Linux ABI (musl has no <linux/futex.h>). */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_LOCK_PI		6
#define FUTEX_UNLOCK_PI		7
#define FUTEX_TRYLOCK_PI	8
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_WAIT_REQUEUE_PI	11
#define FUTEX_CMP_REQUEUE_PI	12
#define FUTEX_LOCK_PI2		13
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY	0xffffffffu

#define FUTEX_OP_SET		0
#define FUTEX_OP_ADD		1
#define FUTEX_OP_OR		2
#define FUTEX_OP_ANDN		3
#define FUTEX_OP_XOR		4
#define FUTEX_OP_OPARG_SHIFT	8
#define FUTEX_OP_CMP_EQ		0
#define FUTEX_OP_CMP_NE		1
#define FUTEX_OP_CMP_LT		2
#define FUTEX_OP_CMP_LE		3
#define FUTEX_OP_CMP_GT		4
#define FUTEX_OP_CMP_GE		5

static struct uk_waitq buckets[NR_BUCKETS];

static int futex_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_BUCKETS; i++)
		uk_waitq_init(&buckets[i], "futex", false);
	return 0;
}
uk_initcall(futex_init, UK_INIT_LIB);

static inline struct uk_waitq *bucket_of(const void *addr)
{
	uintptr_t a = (uintptr_t)addr;

	/* words are 4-aligned: mix the bits above */
	a ^= a >> 12;
	return &buckets[(a >> 2) & (NR_BUCKETS - 1)];
}

static inline int futex_wake(uint32_t *addr, int n, uint32_t bitset)
{
	if (!bitset)
		return -EINVAL;
	return uk_waitq_wake_key(bucket_of(addr), (uintptr_t)addr, bitset, n);
}

int uk_futex_wake(uint32_t *addr, int n)
{
	return futex_wake(addr, n, FUTEX_BITSET_MATCH_ANY);
}

static inline int futex_wait(uint32_t *addr, uint32_t val,
			     uint64_t deadline, uint32_t bitset)
{
	struct uk_waitq *wq;
	struct uk_wait w;
	unsigned long flags;
	int rc;

	if (!bitset)
		return -EINVAL;
	wq = bucket_of(addr);
	flags = uk_sched_lock();
	if (__atomic_load_n(addr, __ATOMIC_RELAXED) != val) {
		uk_sched_unlock(flags);
		return -EAGAIN;
	}
	w.key = (uintptr_t)addr;
	w.data = bitset;
	rc = uk_waitq_wait_locked(wq, &w, deadline);
	uk_sched_unlock(flags);
	uk_sched_deliver();
	return rc;
}

/*
 * Moves up to nr_requeue waiters on addr (after waking nr_wake) to addr2,
 * as musl's condition variables do with their mutex.
 */
static int futex_requeue(uint32_t *addr, int nr_wake, int nr_requeue,
			 uint32_t *addr2, bool cmp, uint32_t val)
{
	struct uk_waitq *from = bucket_of(addr), *to = bucket_of(addr2);
	struct uk_list *p, *tmp;
	unsigned long flags;
	int woken = 0, moved = 0;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	flags = uk_sched_lock();
	if (cmp && __atomic_load_n(addr, __ATOMIC_RELAXED) != val) {
		uk_sched_unlock(flags);
		return -EAGAIN;
	}
	uk_list_foreach_safe(p, tmp, &from->waiters) {
		struct uk_wait *w = uk_list_entry(p, struct uk_wait, node);

		if (w->key != (uintptr_t)addr)
			continue;
		if (woken < nr_wake) {
			uk_wait_wake_locked(w, 0);
			woken++;
		} else if (moved < nr_requeue) {
			w->key = (uintptr_t)addr2;
			if (to != from)
				uk_wait_requeue_locked(w, to);
			moved++;
		} else {
			break;
		}
	}
	uk_sched_unlock(flags);
	/* CMP_REQUEUE counts both; REQUEUE only the woken */
	return cmp ? woken + moved : woken;
}

/* FUTEX_WAKE_OP: *addr2 op= oparg, wake on addr, and on addr2 if the
 * old value of *addr2 passes the comparison. */
static int futex_wake_op(uint32_t *addr, int nr_wake, int nr_wake2,
			 uint32_t *addr2, uint32_t encoded)
{
	unsigned int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	/* 12-bit fields, sign-extended */
	int oparg = (int)(encoded << 8) >> 20, cmparg = (int)(encoded << 20) >> 20;
	unsigned long flags;
	int old, n;
	bool hit;

	if ((encoded >> 28) & FUTEX_OP_OPARG_SHIFT)
		oparg = 1 << (oparg & 31);
	flags = uk_sched_lock();
	old = (int)*addr2;
	switch (op) {
	case FUTEX_OP_SET:
		*addr2 = oparg;
		break;
	case FUTEX_OP_ADD:
		*addr2 = old + oparg;
		break;
	case FUTEX_OP_OR:
		*addr2 = old | oparg;
		break;
	case FUTEX_OP_ANDN:
		*addr2 = old & ~oparg;
		break;
	case FUTEX_OP_XOR:
		*addr2 = old ^ oparg;
		break;
	default:
		uk_sched_unlock(flags);
		return -ENOSYS;
	}
	uk_sched_unlock(flags);
	switch (cmp) {
	case FUTEX_OP_CMP_EQ:
		hit = old == cmparg;
		break;
	case FUTEX_OP_CMP_NE:
		hit = old != cmparg;
		break;
	case FUTEX_OP_CMP_LT:
		hit = old < cmparg;
		break;
	case FUTEX_OP_CMP_LE:
		hit = old <= cmparg;
		break;
	case FUTEX_OP_CMP_GT:
		hit = old > cmparg;
		break;
	case FUTEX_OP_CMP_GE:
		hit = old >= cmparg;
		break;
	default:
		return -ENOSYS;
	}
	n = uk_futex_wake(addr, nr_wake);
	if (hit)
		n += uk_futex_wake(addr2, nr_wake2);
	return n;
}

static bool ts_ok(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < 1000000000L;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	if ((uint64_t)ts->tv_sec > UINT64_MAX / 1000000000ULL - 1)
		return UINT64_MAX;
	return (uint64_t)ts->tv_sec * 1000000000ULL + ts->tv_nsec;
}

/* The wait's deadline on the monotonic clock (UK_WAIT_FOREVER: none). */
static int deadline_of(const struct timespec *ts, bool absolute,
		       bool realtime, uint64_t *deadline)
{
	uint64_t ns, now;

	if (!ts) {
		*deadline = UK_WAIT_FOREVER;
		return 0;
	}
	if (!ts_ok(ts))
		return -EINVAL;
	ns = ts_ns(ts);
	now = ukplat_monotonic_ns();
	if (!absolute) {
		*deadline = ns > UINT64_MAX - now ? UK_WAIT_FOREVER - 1 :
			    now + ns;
	} else if (realtime) {
		/* a wall-clock deadline, on the monotonic clock (without
		 * posix-time, the wall clock is the monotonic one) */
#ifdef CONFIG_LIBPOSIX_TIME
		int64_t off = uk_time_realtime_offset();
#else
		int64_t off = 0;
#endif

		if ((int64_t)ns - off <= (int64_t)now)
			*deadline = now;
		else
			*deadline = (uint64_t)((int64_t)ns - off);
	} else {
		*deadline = ns;
	}
	return 0;
}

static __attribute__((noinline)) long
futex_op(uint32_t *addr, int op, uint32_t val, const struct timespec *timeout,
	 uint32_t *addr2, uint32_t val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	uint64_t deadline;
	int rc;

	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		rc = deadline_of(timeout, cmd == FUTEX_WAIT_BITSET, realtime,
				 &deadline);
		if (rc)
			return rc;
		return futex_wait(addr, val, deadline,
				  cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY :
				  val3);
	case FUTEX_WAKE:
		return futex_wake(addr, (int)MIN(val, (uint32_t)INT_MAX),
				  FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(addr, (int)MIN(val, (uint32_t)INT_MAX),
				  val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if (!addr2 || ((uintptr_t)addr2 & 3))
			return !addr2 ? -EFAULT : -EINVAL;
		/* the timeout argument carries the requeue count */
		return futex_requeue(addr, (int)val,
				     (int)MIN((uintptr_t)timeout,
					      (uintptr_t)INT_MAX),
				     addr2, cmd == FUTEX_CMP_REQUEUE, val3);
	case FUTEX_WAKE_OP:
		if (!addr2 || ((uintptr_t)addr2 & 3))
			return !addr2 ? -EFAULT : -EINVAL;
		return futex_wake_op(addr, (int)val,
				     (int)MIN((uintptr_t)timeout,
					      (uintptr_t)INT_MAX),
				     addr2, val3);
	case FUTEX_LOCK_PI:
	case FUTEX_UNLOCK_PI:
	case FUTEX_TRYLOCK_PI:
	case FUTEX_WAIT_REQUEUE_PI:
	case FUTEX_CMP_REQUEUE_PI:
	case FUTEX_LOCK_PI2:
		return -ENOSYS;
	}
	return -ENOSYS;
}

/* What musl's locks do all the time comes first: plain WAKE and WAIT. */
UK_SYSCALL_DEFINE(long, futex, uint32_t *, addr, int, op, uint32_t, val,
		  const struct timespec *, timeout, uint32_t *, addr2,
		  uint32_t, val3)
{
	int cmd = op & ~FUTEX_PRIVATE_FLAG;

	if (unlikely(!addr || ((uintptr_t)addr & 3)))
		return !addr ? -EFAULT : -EINVAL;
	if (cmd == FUTEX_WAKE)
		return futex_wake(addr, (int)MIN(val, (uint32_t)INT_MAX),
				  FUTEX_BITSET_MATCH_ANY);
	if (cmd == FUTEX_WAIT && !timeout)
		return futex_wait(addr, val, UK_WAIT_FOREVER,
				  FUTEX_BITSET_MATCH_ANY);
	return futex_op(addr, op, val, timeout, addr2, val3);
}

/* CLONE_CHILD_CLEARTID: the exiting thread clears the word, wakes one. */
static void clear_tid_on_exit(struct uk_thread *t)
{
	if (!t->clear_tid)
		return;
	__atomic_store_n(t->clear_tid, 0, __ATOMIC_SEQ_CST);
	uk_futex_wake((uint32_t *)t->clear_tid, 1);
	t->clear_tid = NULL;
}
uk_thread_exit_hook(clear_tid_on_exit);
