// SPDX-License-Identifier: BSD-3-Clause
/*
 * lwIP's operating system layer (sys.h with NO_SYS=0) over lib/sched and
 * lib/lock: mutexes are uk_mutexes, semaphores uk_sems, a mailbox is a
 * ring of pointers with a wait queue for each side, a thread is a
 * uk_thread, time is the monotonic clock. SYS_ARCH_PROTECT, the
 * scheduler lock, is inline (arch/sys_arch.h).
 *
 * lwIP's waits are not interruptible: it has no way to report an
 * interruption, and a wait that returned at once because a signal is
 * pending would spin. So a thread keeps its signals pending while lwIP
 * waits (they act when it next blocks in the kit or leaves the syscall),
 * as Linux does for an uninterruptible sleep.
 */
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/lock.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>

#include "lwip/opt.h"
#include "lwip/stats.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"

#include "lwip_impl.h"

#define NSEC_PER_MSEC	1000000ULL

struct uk_lwip_mbox {
	unsigned int head;		/* next to fetch */
	unsigned int count;
	unsigned int size;
	struct uk_waitq readers;	/* waiting for a message */
	struct uk_waitq writers;	/* waiting for a free slot */
	void *msg[];
};

/* The deadline of a wait of timeout ms, lwIP's 0 meaning none. */
static uint64_t deadline_of(uint64_t now, u32_t timeout)
{
	return timeout ? now + timeout * NSEC_PER_MSEC : UK_WAIT_FOREVER;
}

/* What lwIP wants back from a wait that did not time out: the time it
 * took, in ms (anything but SYS_ARCH_TIMEOUT). */
static u32_t waited_ms(uint64_t start)
{
	uint64_t ms = (ukplat_monotonic_ns() - start) / NSEC_PER_MSEC;

	return ms < SYS_ARCH_TIMEOUT ? (u32_t)ms : SYS_ARCH_TIMEOUT - 1;
}

/* Signals stay pending during an lwIP wait (see the top of the file). */
static uint64_t signals_hold(void)
{
	struct uk_thread *t = uk_thread_current();
	uint64_t blocked = t->sig_blocked;

	t->sig_blocked = ~0ULL;
	return blocked;
}

static void signals_release(uint64_t blocked)
{
	uk_thread_current()->sig_blocked = blocked;
}

void sys_init(void)
{
}

/*
 * lwIP's clock. Before anything has read the platform clock, it is 0: the
 * timeouts lwIP sets up at boot are relative, and the first timed wait
 * (after main(), with a static address) pays for a TSC calibration where
 * there is one to do (TCG), not the boot.
 */
u32_t sys_now(void)
{
	if (unlikely(!ukplat_clock_ready()))
		return 0;
	return (u32_t)(ukplat_monotonic_ns() / NSEC_PER_MSEC);
}

/* --- threads ------------------------------------------------------------- */

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn fn, void *arg,
			    int stacksize, int prio)
{
	struct uk_thread_attr attr = {
		.name = name,
		.stack_size = stacksize > 0 ?
			MAX((size_t)stacksize, (size_t)UK_THREAD_STACK_MIN) : 0,
		.detached = true,
	};
	struct uk_thread *t;

	LWIP_UNUSED_ARG(prio);
	t = uk_thread_create(fn, arg, &attr);
	if (uk_is_err(t))
		UK_CRASH("lwip: cannot create thread %s: error %ld", name,
			 -uk_ptr_err(t));
	return t;
}

/* --- mutexes ----------------------------------------------------------------- */

err_t sys_mutex_new(sys_mutex_t *m)
{
	uk_mutex_init(&m->mutex, "lwip mutex", false);
	m->valid = true;
	SYS_STATS_INC_USED(mutex);
	return ERR_OK;
}

void sys_mutex_lock(sys_mutex_t *m)
{
	uint64_t held;

	if (likely(!uk_mutex_trylock(&m->mutex)))
		return;
	held = signals_hold();
	uk_mutex_lock(&m->mutex);
	signals_release(held);
}

void sys_mutex_unlock(sys_mutex_t *m)
{
	/* frames that came while the core was busy: its holder takes them */
	if (unlikely(uk_lwip_rx_waiting) && m == &lock_tcpip_core)
		uk_lwip_drain_locked();
	uk_mutex_unlock(&m->mutex);
}

void sys_mutex_free(sys_mutex_t *m)
{
	UK_ASSERT(!m->mutex.owner);
	m->valid = false;
	SYS_STATS_DEC(mutex.used);
}

/* --- semaphores ------------------------------------------------------------- */

err_t sys_sem_new(sys_sem_t *s, u8_t count)
{
	uk_sem_init(&s->sem, "lwip sem", count);
	s->valid = true;
	SYS_STATS_INC_USED(sem);
	return ERR_OK;
}

void sys_sem_signal(sys_sem_t *s)
{
	uk_sem_up(&s->sem);
}

u32_t sys_arch_sem_wait(sys_sem_t *s, u32_t timeout)
{
	uint64_t start, held;
	int rc;

	if (!uk_sem_trydown(&s->sem))
		return 0;
	start = ukplat_monotonic_ns();
	held = signals_hold();
	rc = uk_sem_down(&s->sem, deadline_of(start, timeout));
	signals_release(held);
	return rc ? SYS_ARCH_TIMEOUT : waited_ms(start);
}

void sys_sem_free(sys_sem_t *s)
{
	UK_ASSERT(uk_waitq_empty(&s->sem.wq));
	s->valid = false;
	SYS_STATS_DEC(sem.used);
}

/* --- mailboxes -------------------------------------------------------------- */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	struct uk_lwip_mbox *mb;

	if (size <= 0)
		size = 64;
	mb = uk_malloc(sizeof(*mb) + (size_t)size * sizeof(void *));
	if (!mb) {
		SYS_STATS_INC(mbox.err);
		return ERR_MEM;
	}
	mb->head = mb->count = 0;
	mb->size = (unsigned int)size;
	uk_waitq_init(&mb->readers, "lwip mbox", false);
	uk_waitq_init(&mb->writers, "lwip mbox full", false);
	*mbox = mb;
	SYS_STATS_INC_USED(mbox);
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	struct uk_lwip_mbox *mb = *mbox;

	UK_ASSERT(uk_waitq_empty(&mb->readers) &&
		  uk_waitq_empty(&mb->writers));
	uk_free(mb);
	SYS_STATS_DEC(mbox.used);
}

/* Scheduler locked: a slot is free. */
static void mbox_put(struct uk_lwip_mbox *mb, void *msg)
{
	unsigned int i = mb->head + mb->count;

	mb->msg[i < mb->size ? i : i - mb->size] = msg;
	mb->count++;
	if (!uk_waitq_empty(&mb->readers))
		uk_waitq_wake(&mb->readers, 1);
}

/* Scheduler locked: a message is there. */
static void *mbox_take(struct uk_lwip_mbox *mb)
{
	void *msg = mb->msg[mb->head];

	if (++mb->head == mb->size)
		mb->head = 0;
	mb->count--;
	if (!uk_waitq_empty(&mb->writers))
		uk_waitq_wake(&mb->writers, 1);
	return msg;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	struct uk_lwip_mbox *mb = *mbox;
	unsigned long flags = uk_sched_lock();

	if (unlikely(mb->count == mb->size)) {
		struct uk_wait w = { .key = 0 };
		uint64_t held = signals_hold();

		while (mb->count == mb->size)
			uk_waitq_wait_locked(&mb->writers, &w,
					     UK_WAIT_FOREVER);
		signals_release(held);
	}
	mbox_put(mb, msg);
	uk_sched_unlock(flags);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	struct uk_lwip_mbox *mb = *mbox;
	unsigned long flags = uk_sched_lock();
	err_t err = ERR_MEM;

	if (mb->count < mb->size) {
		mbox_put(mb, msg);
		err = ERR_OK;
	}
	uk_sched_unlock(flags);
	if (err)
		SYS_STATS_INC(mbox.err);
	return err;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	struct uk_lwip_mbox *mb = *mbox;
	unsigned long flags = uk_sched_lock();
	uint64_t start = 0;
	void *m;

	if (unlikely(!mb->count)) {
		struct uk_wait w = { .key = 0 };
		uint64_t deadline, held;
		int rc = 0;

		start = ukplat_monotonic_ns();
		deadline = deadline_of(start, timeout);
		held = signals_hold();
		while (!mb->count && rc != -ETIMEDOUT)
			rc = uk_waitq_wait_locked(&mb->readers, &w, deadline);
		signals_release(held);
		if (!mb->count) {
			uk_sched_unlock(flags);
			return SYS_ARCH_TIMEOUT;
		}
	}
	m = mbox_take(mb);
	uk_sched_unlock(flags);
	if (msg)
		*msg = m;
	return start ? waited_ms(start) : 0;
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	struct uk_lwip_mbox *mb = *mbox;
	unsigned long flags = uk_sched_lock();
	void *m;

	if (!mb->count) {
		uk_sched_unlock(flags);
		return SYS_MBOX_EMPTY;
	}
	m = mbox_take(mb);
	uk_sched_unlock(flags);
	if (msg)
		*msg = m;
	return 0;
}
