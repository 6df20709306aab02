// SPDX-License-Identifier: BSD-3-Clause
/* Counting semaphore over a wait queue. */
#include <uk/errno.h>
#include <uk/lock.h>

void uk_sem_init(struct uk_sem *s, const char *name, long count)
{
	s->count = count;
	uk_waitq_init(&s->wq, name, false);
}

int uk_sem_down(struct uk_sem *s, uint64_t deadline_ns)
{
	unsigned long flags = uk_sched_lock();
	struct uk_wait w = { .key = (uintptr_t)s };
	int rc = 0;

	while (s->count <= 0 && !rc)
		rc = uk_waitq_wait_locked(&s->wq, &w, deadline_ns);
	if (s->count > 0) {
		s->count--;
		rc = 0;
	}
	uk_sched_unlock(flags);
	return rc;
}

int uk_sem_trydown(struct uk_sem *s)
{
	unsigned long flags = uk_sched_lock();
	int rc = -EAGAIN;

	if (s->count > 0) {
		s->count--;
		rc = 0;
	}
	uk_sched_unlock(flags);
	return rc;
}

void uk_sem_up(struct uk_sem *s)
{
	unsigned long flags = uk_sched_lock();

	s->count++;
	uk_waitq_wake(&s->wq, 1);
	uk_sched_unlock(flags);
}
