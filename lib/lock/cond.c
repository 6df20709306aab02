// SPDX-License-Identifier: BSD-3-Clause
/*
 * Condition variable. The mutex is released and the wait begins with
 * the scheduler locked, so a signal sent right after the unlock reaches
 * the waiter.
 */
#include <uk/errno.h>
#include <uk/lock.h>

void uk_cond_init(struct uk_cond *c, const char *name)
{
	uk_waitq_init(&c->wq, name, false);
}

int uk_cond_wait(struct uk_cond *c, struct uk_mutex *m, uint64_t deadline_ns)
{
	unsigned long flags = uk_sched_lock();
	struct uk_wait w = { .key = (uintptr_t)c };
	int rc;

	uk_mutex_unlock(m);
	rc = uk_waitq_wait_locked(&c->wq, &w, deadline_ns);
	uk_sched_unlock(flags);
	uk_mutex_lock(m);
	return rc == -ETIMEDOUT ? -ETIMEDOUT : 0;
}

void uk_cond_signal(struct uk_cond *c)
{
	uk_waitq_wake(&c->wq, 1);
}

void uk_cond_broadcast(struct uk_cond *c)
{
	uk_waitq_wake(&c->wq, -1);
}
