// SPDX-License-Identifier: BSD-3-Clause
/*
 * setitimer, getitimer (musl's alarm() is setitimer) and pause.
 * ITIMER_REAL is a scheduler timer whose expiry makes SIGALRM pending on
 * the thread that armed it and interrupts its wait (it acts when the
 * thread resumes: one that computes without blocking sees it at its next
 * wait).
 * ITIMER_VIRTUAL and ITIMER_PROF count CPU time, which the kit does not
 * account: EINVAL, and programs fall back or go without.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/signal.h>
#include <uk/syscall.h>
#include <uk/user.h>

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_SEC	1000000000ULL

static struct uk_timer itimer;
static uint64_t interval_ns;
static int owner_tid;

static uint64_t tv_to_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * NSEC_PER_SEC +
	       (uint64_t)tv->tv_usec * NSEC_PER_USEC;
}

static void ns_to_tv(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = ns / NSEC_PER_SEC;
	tv->tv_usec = (ns % NSEC_PER_SEC) / NSEC_PER_USEC;
}

/* Scheduler locked: the timer's context. */
static void itimer_fired(struct uk_timer *t)
{
	struct uk_thread *th = uk_thread_find(owner_tid);

	if (interval_ns)
		uk_timer_arm(t, t->deadline + interval_ns);
	if (th)
		uk_signal_post(th, SIGALRM);
}

/* What is left of the timer now. Scheduler locked. */
static void current(struct itimerval *v)
{
	uint64_t now = ukplat_monotonic_ns();

	ns_to_tv(interval_ns, &v->it_interval);
	ns_to_tv(itimer.armed && itimer.deadline > now ?
		 itimer.deadline - now : itimer.armed ? 1000 : 0,
		 &v->it_value);
}

UK_SYSCALL_DEFINE(int, getitimer, int, which, struct itimerval *, curr)
{
	struct itimerval v;
	unsigned long flags;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (!uk_user_ok(curr, sizeof(*curr), true))
		return -EFAULT;
	flags = uk_sched_lock();
	current(&v);
	uk_sched_unlock(flags);
	memcpy(curr, &v, sizeof(v));
	return 0;
}

UK_SYSCALL_DEFINE(int, setitimer, int, which, const struct itimerval *, nv,
		  struct itimerval *, ov)
{
	struct itimerval v, old;
	unsigned long flags;
	uint64_t value;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (!uk_user_ok(nv, sizeof(*nv), false) ||
	    (ov && !uk_user_ok(ov, sizeof(*ov), true)))
		return -EFAULT;
	memcpy(&v, nv, sizeof(v));
	if (v.it_value.tv_usec < 0 || v.it_value.tv_usec >= 1000000 ||
	    v.it_interval.tv_usec < 0 || v.it_interval.tv_usec >= 1000000 ||
	    v.it_value.tv_sec < 0 || v.it_interval.tv_sec < 0)
		return -EINVAL;
	value = tv_to_ns(&v.it_value);
	flags = uk_sched_lock();
	current(&old);
	if (!itimer.fn)
		uk_timer_init(&itimer, itimer_fired);
	uk_timer_disarm(&itimer);
	interval_ns = tv_to_ns(&v.it_interval);
	owner_tid = uk_thread_current()->tid;
	if (value)
		uk_timer_arm(&itimer, ukplat_monotonic_ns() + value);
	uk_sched_unlock(flags);
	if (ov)
		memcpy(ov, &old, sizeof(old));
	return 0;
}

/* pause(): until a signal interrupts the wait (an alarm, another thread). */
UK_SYSCALL_DEFINE(int, pause)
{
	for (;;) {
		if (uk_sched_sleep_until(UK_WAIT_FOREVER) == -EINTR)
			return -EINTR;
	}
}
