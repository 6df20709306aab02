/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel locks over lib/sched's wait queues: a mutex (optionally
 * recursive) that records its owner, a counting semaphore and a
 * condition variable. They block the calling thread only; none may be
 * used from an interrupt handler (uk_sem_up excepted).
 */
#ifndef UK_LOCK_H
#define UK_LOCK_H

#include <uk/sched.h>

struct uk_mutex {
	struct uk_thread *owner;
	unsigned int depth;	/* recursive: how often the owner locked */
	bool recursive;
	struct uk_waitq wq;
};

#define UK_MUTEX_INITIALIZER(m, nm)					\
	{ .wq = UK_WAITQ_INITIALIZER((m).wq, nm, false) }

void uk_mutex_init(struct uk_mutex *m, const char *name, bool recursive);
void uk_mutex_lock(struct uk_mutex *m);
/* 0, or -EBUSY if another thread holds it. */
int uk_mutex_trylock(struct uk_mutex *m);
/* Only the owner may unlock: anyone else is a bug (an assertion). */
void uk_mutex_unlock(struct uk_mutex *m);
bool uk_mutex_held(const struct uk_mutex *m);

struct uk_sem {
	long count;
	struct uk_waitq wq;
};

void uk_sem_init(struct uk_sem *s, const char *name, long count);
/* Takes one; with a deadline (UK_WAIT_FOREVER: none): 0, -ETIMEDOUT. */
int uk_sem_down(struct uk_sem *s, uint64_t deadline_ns);
/* 0, or -EAGAIN if none is there. */
int uk_sem_trydown(struct uk_sem *s);
/* Gives one back; also from interrupt handlers. */
void uk_sem_up(struct uk_sem *s);

struct uk_cond {
	struct uk_waitq wq;
};

void uk_cond_init(struct uk_cond *c, const char *name);
/*
 * Releases m (held by the caller), waits for a signal or the deadline,
 * and takes m again: 0 or -ETIMEDOUT. Recheck the condition after.
 */
int uk_cond_wait(struct uk_cond *c, struct uk_mutex *m, uint64_t deadline_ns);
void uk_cond_signal(struct uk_cond *c);
void uk_cond_broadcast(struct uk_cond *c);

#endif /* UK_LOCK_H */
