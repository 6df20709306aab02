// SPDX-License-Identifier: BSD-3-Clause
/* Kernel mutex: an owner and a wait queue of threads wanting it. */
#include <uk/errno.h>
#include <uk/lock.h>
#include <uk/print.h>

void uk_mutex_init(struct uk_mutex *m, const char *name, bool recursive)
{
	m->owner = NULL;
	m->depth = 0;
	m->recursive = recursive;
	uk_waitq_init(&m->wq, name, false);
}

static bool take(struct uk_mutex *m, struct uk_thread *me)
{
	if (!m->owner) {
		m->owner = me;
		m->depth = 1;
		return true;
	}
	if (m->owner == me) {
		UK_ASSERT(m->recursive);	/* a self-deadlock otherwise */
		m->depth++;
		return true;
	}
	return false;
}

static __attribute__((noinline)) void lock_slow(struct uk_mutex *m,
						 struct uk_thread *me)
{
	struct uk_wait w = { .key = (uintptr_t)m };

	while (!take(m, me))
		uk_waitq_wait_locked(&m->wq, &w, UK_WAIT_FOREVER);
}

void uk_mutex_lock(struct uk_mutex *m)
{
	struct uk_thread *me = uk_thread_current();
	unsigned long flags = uk_sched_lock();

	/* uncontended, the common case: no wait set up */
	if (unlikely(!take(m, me)))
		lock_slow(m, me);
	uk_sched_unlock(flags);
}

int uk_mutex_trylock(struct uk_mutex *m)
{
	unsigned long flags = uk_sched_lock();
	bool ok = take(m, uk_thread_current());

	uk_sched_unlock(flags);
	return ok ? 0 : -EBUSY;
}

void uk_mutex_unlock(struct uk_mutex *m)
{
	unsigned long flags = uk_sched_lock();

	UK_ASSERT(m->owner == uk_thread_current());
	if (!--m->depth) {
		m->owner = NULL;
		if (!uk_waitq_empty(&m->wq))
			uk_waitq_wake(&m->wq, 1);
	}
	uk_sched_unlock(flags);
}

bool uk_mutex_held(const struct uk_mutex *m)
{
	return m->owner == uk_thread_current();
}
