// SPDX-License-Identifier: BSD-3-Clause
/*
 * The wait behind poll and select: look at every file's events; if none
 * is ready, put a watcher on each, look again, and sleep on the set's
 * wait queue until a watcher fires (with the scheduler locked from the
 * last look to the sleep, so no event can slip in between). No
 * allocation: the watchers are in the caller's items.
 */
#include <errno.h>

#include <uk/plat.h>
#include <uk/user.h>

#include "pollset.h"

static bool pollset_woke(struct uk_file_watch *w, unsigned int ev)
{
	struct pollset_item *it = container_of(w, struct pollset_item, w);

	return uk_waitq_wake(&it->set->wq, -1) > 0;
}

/* One look at every item; the number ready. Scheduler locked. */
static unsigned int look(struct pollset *s)
{
	struct pollset_item *it;
	unsigned int i, ready = 0;

	for (i = 0; i < s->n; i++) {
		it = &s->items[i];
		if (it->fd < 0)
			continue;
		if (!it->of) {
			it->revents = POLLSET_NVAL;
		} else {
			it->revents = uk_file_events(it->of->file) &
				      (it->events | UK_EV_ALWAYS);
		}
		ready += it->revents != 0;
	}
	return ready;
}

static void watch_all(struct pollset *s, bool on)
{
	struct pollset_item *it;
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		it = &s->items[i];
		if (!it->of)
			continue;
		if (on) {
			it->set = s;
			it->w.mask = it->events;
			it->w.exclusive = false;
			it->w.fn = pollset_woke;
			uk_file_watch(it->of->file, &it->w);
		} else {
			uk_file_unwatch(it->of->file, &it->w);
		}
	}
	s->watching = on;
}

int pollset_wait(struct pollset_item *items, unsigned int n,
		 uint64_t deadline_ns)
{
	struct pollset s = { .items = items, .n = n };
	unsigned long irq;
	struct uk_wait w;
	unsigned int i;
	int ready, rc = 0;

	uk_waitq_init(&s.wq, "poll", false);
	for (i = 0; i < n; i++) {
		items[i].revents = 0;
		items[i].of = items[i].fd >= 0 ? uk_fd_get(items[i].fd) : NULL;
	}
	for (;;) {
		irq = uk_sched_lock();
		ready = look(&s);
		if (ready || !deadline_ns) {
			uk_sched_unlock(irq);
			break;
		}
		if (!s.watching) {
			/* the first look found nothing: watch, look again */
			uk_sched_unlock(irq);
			watch_all(&s, true);
			continue;
		}
		w.key = 0;
		rc = uk_waitq_wait_locked(&s.wq, &w, deadline_ns);
		uk_sched_unlock(irq);
		if (rc == -EINTR) {
			/* a signal: what is ready counts, else EINTR */
			irq = uk_sched_lock();
			ready = look(&s);
			uk_sched_unlock(irq);
			break;
		}
		if (rc == -ETIMEDOUT)
			deadline_ns = 0;	/* one last look, then 0 */
		rc = 0;
	}
	if (s.watching)
		watch_all(&s, false);
	for (i = 0; i < n; i++)
		if (items[i].of)
			uk_ofile_put(items[i].of);
	uk_sched_deliver();
	return ready ? ready : rc;
}

uint64_t pollset_deadline_ms(int ms)
{
	if (ms < 0)
		return UK_WAIT_FOREVER;
	if (!ms)
		return 0;
	return ukplat_monotonic_ns() + (uint64_t)ms * 1000000ULL;
}

uint64_t pollset_deadline_ns(int64_t sec, long nsec)
{
	if (!sec && !nsec)
		return 0;
	if (sec > (int64_t)(UK_WAIT_FOREVER / 1000000000ULL / 2))
		return UK_WAIT_FOREVER;
	return ukplat_monotonic_ns() + sec * 1000000000ULL + nsec;
}

int pollset_timespec_deadline(const struct timespec *tsp, bool writable,
			       uint64_t *deadline)
{
	*deadline = UK_WAIT_FOREVER;
	if (!tsp)
		return 0;
	if (!uk_user_ok(tsp, sizeof(*tsp), writable))
		return -EFAULT;
	if (tsp->tv_sec < 0 || tsp->tv_nsec < 0 || tsp->tv_nsec >= 1000000000L)
		return -EINVAL;
	*deadline = pollset_deadline_ns(tsp->tv_sec, tsp->tv_nsec);
	return 0;
}

uint64_t pollset_left_ns(uint64_t deadline_ns)
{
	uint64_t now = ukplat_monotonic_ns();

	return deadline_ns > now ? deadline_ns - now : 0;
}

int pollset_sigmask(const uint64_t *mask, size_t size, uint64_t *saved)
{
	struct uk_thread *t = uk_thread_current();

	if (!mask)
		return 0;
	if (size != sizeof(uint64_t))
		return -EINVAL;
	if (!uk_user_read_ok(mask))
		return -EFAULT;
	*saved = t->sig_blocked;
	/* SIGKILL and SIGSTOP cannot be blocked */
	t->sig_blocked = *mask & ~((1ULL << 8) | (1ULL << 18));
	return 0;
}

void pollset_sigmask_restore(const uint64_t *mask, uint64_t saved)
{
	if (mask)
		uk_thread_current()->sig_blocked = saved;
}
