// SPDX-License-Identifier: BSD-3-Clause
/*
 * The scheduler: one FIFO run queue, the set of deadlines (the only user
 * of the platform's one-shot timer), wait queues and the idle step.
 *
 * Everything here runs with the scheduler locked: interrupts off, which
 * on one CPU is all the exclusion there is. A switch is a function call
 * (uk_arch_ctx_switch) made with interrupts off; the thread switched to
 * restores its own interrupt state when it leaves its locked region.
 */
#include <uk/arch/ctx.h>
#include <uk/arch/x86.h>
#include <uk/errno.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include "sched_impl.h"
#include "timerset.h"

struct uk_thread *uk_sched_current_thread;

struct uk_list sched_runq = UK_LIST_INIT(sched_runq);
struct uk_list sched_zombies = UK_LIST_INIT(sched_zombies);
unsigned int sched_irq_waiters;
static struct timerset timers;
static uint64_t programmed;	/* the deadline the platform has, or 0 */

UK_TABLE_DEFINE(idlehook, struct uk_sched_idle_hook);
UK_TABLE_DEFINE(resumehook, struct uk_sched_resume_hook);

/* --- timers ------------------------------------------------------------- */

static void timers_program(void)
{
	struct uk_timer *first = timerset_first(&timers);
	uint64_t want = first ? first->deadline : 0;

	/* 0 means "none" to the platform: a deadline of 0 is 1 ns late */
	if (first && !want)
		want = 1;
	if (want != programmed) {
		programmed = want;
		ukplat_timer_arm(want);
	}
}

void uk_timer_init(struct uk_timer *t, void (*fn)(struct uk_timer *t))
{
	t->fn = fn;
	t->armed = false;
	t->child = t->next = t->prev = NULL;
}

void uk_timer_arm(struct uk_timer *t, uint64_t deadline_ns)
{
	unsigned long flags = uk_sched_lock();

	if (t->armed)
		timerset_remove(&timers, t);
	t->deadline = deadline_ns;
	t->armed = true;
	timerset_insert(&timers, t);
	timers_program();
	uk_sched_unlock(flags);
}

void uk_timer_disarm(struct uk_timer *t)
{
	unsigned long flags = uk_sched_lock();

	if (t->armed) {
		timerset_remove(&timers, t);
		t->armed = false;
		timers_program();
	}
	uk_sched_unlock(flags);
}

/* Runs the timers that are due; locked. */
static void timers_expire(void)
{
	struct uk_timer *t;
	uint64_t now = 0;

	while ((t = timerset_first(&timers))) {
		if (t->deadline > now) {
			now = ukplat_monotonic_ns();
			if (t->deadline > now)
				break;
		}
		timerset_remove(&timers, t);
		t->armed = false;
		t->fn(t);
	}
	timers_program();
}

unsigned long sched_timer_count(void)
{
	return timers.count;
}

/* --- the run queue and switching -------------------------------------------- */

void sched_make_runnable(struct uk_thread *t)
{
	t->state = UK_THREAD_RUNNABLE;
	uk_list_add_tail(&t->rq, &sched_runq);
	sched_preempt_check();
}

/* A new thread's first instructions after the switch that started it. */
void sched_thread_started(void)
{
	if (unlikely(!uk_list_empty(&sched_zombies)))
		sched_reap_zombies();
}

static void run_idle_hooks(void)
{
	const struct uk_sched_idle_hook *h;

	uk_table_foreach(h, idlehook)
		h->fn();
}

static bool have_idle_hooks(void)
{
	return (uintptr_t)uk_table_start(idlehook) !=
	       (uintptr_t)uk_table_end(idlehook);
}

/* a hook that can make a thread runnable (not a passive one) */
static bool have_waking_idle_hooks(void)
{
	const struct uk_sched_idle_hook *h;

	uk_table_foreach(h, idlehook)
		if (!h->passive)
			return true;
	return false;
}

/*
 * Nothing is runnable: expire timers, run the idle hooks, then halt
 * until an interrupt (a timer or a device), on the blocking thread's own
 * stack. Returns when the run queue may have something.
 */
static void idle_step(void)
{
	timers_expire();
	if (!uk_list_empty(&sched_runq))
		return;
	if (have_idle_hooks()) {
		run_idle_hooks();
		if (!uk_list_empty(&sched_runq))
			return;
	}
	/* nothing can ever make a thread runnable again */
	if (!timers.count && !sched_irq_waiters && !have_waking_idle_hooks())
		sched_deadlock_report();
	ukplat_idle();
}

/*
 * The current thread stopped being runnable (blocked or exited): run the
 * next one, idling until there is one. Returns in the current thread
 * once it runs again (never for an exited one).
 */
static inline void schedule(struct uk_thread *cur)
{
	struct uk_thread *next;

	sched_slice_stop();
	if (unlikely(uk_list_empty(&sched_runq))) {
		do
			idle_step();
		while (uk_list_empty(&sched_runq));
	}
	next = uk_list_first(&sched_runq, struct uk_thread, rq);
	uk_list_unlink(&next->rq);
	if (next != cur)
		sched_switch_to(next);
}

void sched_schedule(void)
{
	schedule(uk_sched_current_thread);
}

/* The front of the run queue goes, the caller to its end: a rotation. */
static inline void rotate(struct uk_thread *cur)
{
	struct uk_thread *next;

	if (!uk_list_empty(&sched_runq)) {
		next = uk_list_first(&sched_runq, struct uk_thread, rq);
		uk_list_unlink(&next->rq);
		uk_list_add_tail(&cur->rq, &sched_runq);
		sched_switch_to(next);
	}
}

void uk_sched_yield(void)
{
	unsigned long flags = uk_sched_lock();
	struct uk_thread *cur = uk_sched_current_thread;

	rotate(cur);
	uk_sched_unlock(flags);
	sched_resumed(cur);
}

/*
 * The syscall is the scheduler's own, with no call more on the hot path;
 * the app calls it with interrupts on, so there is no state to save.
 */
UK_SYSCALL_DEFINE(int, sched_yield)
{
	struct uk_thread *cur = uk_sched_current_thread;

	irq_disable();
	rotate(cur);
	irq_enable();
	sched_resumed(cur);
	return 0;
}

/* The platform's timer fired (interrupt context). */
static void timer_irq(void)
{
	programmed = 0;
	timers_expire();
	sched_preempt_irq();
}

void sched_timer_start(void)
{
	ukplat_timer_set_handler(timer_irq);
}

/* Signals arrived while the thread waited or yielded: the POSIX layer
 * delivers them now, unlocked. */
void sched_resume_hooks(struct uk_thread *t)
{
	const struct uk_sched_resume_hook *h;

	uk_table_foreach(h, resumehook)
		h->fn(t);
}

void uk_sched_deliver_pending(void)
{
	sched_resume_hooks(uk_sched_current_thread);
}

/* --- wait queues ----------------------------------------------------------------- */

void uk_waitq_init(struct uk_waitq *wq, const char *name, bool irq)
{
	uk_list_init(&wq->waiters);
	wq->name = name;
	wq->irq = irq;
}

/* What a wake rarely has to do: out of the hot path. */
static __attribute__((noinline)) void wake_extra(struct uk_wait *w)
{
	if (w->wq->irq)
		sched_irq_waiters--;
	if (w->timer.armed)
		uk_timer_disarm(&w->timer);
}

static inline void wake_locked(struct uk_wait *w, int result)
{
	uk_list_unlink(&w->node);
	w->queued = false;
	w->result = result;
	if (unlikely(w->wq->irq || w->timer.armed))
		wake_extra(w);
	sched_make_runnable(w->thread);
}

void uk_wait_wake_locked(struct uk_wait *w, int result)
{
	if (w->queued)
		wake_locked(w, result);
}

static void wait_timeout(struct uk_timer *t)
{
	struct uk_wait *w = container_of(t, struct uk_wait, timer);

	if (w->queued)
		wake_locked(w, -ETIMEDOUT);
}

int uk_waitq_wait_locked(struct uk_waitq *wq, struct uk_wait *w,
			 uint64_t deadline_ns)
{
	struct uk_thread *cur = uk_sched_current_thread;

	if (unlikely(cur->sig_pending & ~cur->sig_blocked))
		return -EINTR;
	w->thread = cur;
	w->wq = wq;
	w->result = 0;
	w->queued = true;
	uk_list_add_tail(&w->node, &wq->waiters);
	if (unlikely(wq->irq))
		sched_irq_waiters++;
	w->timer.armed = false;
	if (deadline_ns != UK_WAIT_FOREVER) {
		uk_timer_init(&w->timer, wait_timeout);
		uk_timer_arm(&w->timer, deadline_ns);
	}
	cur->state = UK_THREAD_BLOCKED;
	cur->wait = w;
	schedule(cur);
	cur->wait = NULL;
	return w->result;
}

void uk_wait_requeue_locked(struct uk_wait *w, struct uk_waitq *to)
{
	if (!w->queued)
		return;
	uk_list_del(&w->node);
	if (w->wq->irq)
		sched_irq_waiters--;
	w->wq = to;
	if (to->irq)
		sched_irq_waiters++;
	uk_list_add_tail(&w->node, &to->waiters);
}

int uk_waitq_wake_match(struct uk_waitq *wq, int n,
			bool (*match)(struct uk_wait *w, void *arg),
			void *arg)
{
	unsigned long flags = uk_sched_lock();
	struct uk_list *p, *tmp;
	int woken = 0;

	uk_list_foreach_safe(p, tmp, &wq->waiters) {
		struct uk_wait *w = uk_list_entry(p, struct uk_wait, node);

		if (n >= 0 && woken >= n)
			break;
		if (match && !match(w, arg))
			continue;
		wake_locked(w, 0);
		woken++;
	}
	uk_sched_unlock(flags);
	return woken;
}

/* The plain wake, hot (every pipe and eventfd write): no callback. */
int uk_waitq_wake(struct uk_waitq *wq, int n)
{
	unsigned long flags;
	int woken = 0;

	if (uk_waitq_empty(wq))
		return 0;
	flags = uk_sched_lock();
	while (woken != n && !uk_waitq_empty(wq)) {
		wake_locked(uk_list_entry(wq->waiters.next, struct uk_wait,
					  node), 0);
		woken++;
	}
	uk_sched_unlock(flags);
	return woken;
}

int uk_waitq_wake_key(struct uk_waitq *wq, uintptr_t key, unsigned long bits,
		      int n)
{
	unsigned long flags = uk_sched_lock();
	struct uk_list *p = wq->waiters.next, *next;
	int woken = 0;

	for (; p != &wq->waiters && woken != n; p = next) {
		struct uk_wait *w = uk_list_entry(p, struct uk_wait, node);

		next = p->next;
		if (w->key != key || !(w->data & bits))
			continue;
		wake_locked(w, 0);
		woken++;
	}
	uk_sched_unlock(flags);
	return woken;
}

void uk_thread_interrupt(struct uk_thread *t)
{
	unsigned long flags = uk_sched_lock();

	if (t->state == UK_THREAD_BLOCKED && t->wait && t->wait->queued)
		wake_locked(t->wait, -EINTR);
	uk_sched_unlock(flags);
}

/* --- sleeping ---------------------------------------------------------------------- */

static struct uk_waitq sleepers = UK_WAITQ_INITIALIZER(sleepers, "sleep",
						       false);

int uk_sched_sleep_until(uint64_t deadline_ns)
{
	unsigned long flags;
	struct uk_wait w;
	int rc;

	if (deadline_ns <= ukplat_monotonic_ns())
		return 0;
	flags = uk_sched_lock();
	rc = uk_waitq_wait_locked(&sleepers, &w, deadline_ns);
	uk_sched_unlock(flags);
	sched_resumed(uk_sched_current_thread);
	return rc == -ETIMEDOUT ? 0 : rc;
}
