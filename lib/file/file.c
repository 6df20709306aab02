// SPDX-License-Identifier: BSD-3-Clause
/*
 * File objects: readiness events, their waiters and watchers.
 */
#include <errno.h>
#include <sys/stat.h>

#include <uk/file.h>

void uk_file_init(struct uk_file *f, const struct uk_file_ops *ops,
		  unsigned int type, unsigned int flags, unsigned int events)
{
	f->ops = ops;
	f->refs = 1;
	f->flags = flags;
	f->type = type;
	f->events = events;
	uk_waitq_init(&f->wq, "file", false);
	uk_list_init(&f->watchers);
}

void uk_file_raise(struct uk_file *f, unsigned int ev)
{
	struct uk_list *n, *tmp;
	struct uk_file_watch *w;
	bool exclusive_done = false;
	unsigned long flags;

	flags = uk_sched_lock();
	f->events |= ev;
	if (!uk_waitq_empty(&f->wq))
		uk_waitq_wake_key(&f->wq, 0, ev, -1);
	uk_list_foreach_safe(n, tmp, &f->watchers) {
		w = uk_list_entry(n, struct uk_file_watch, node);
		if (!(ev & (w->mask | UK_EV_ALWAYS)))
			continue;
		if (w->exclusive && exclusive_done)
			continue;
		if (w->fn(w, ev) && w->exclusive)
			exclusive_done = true;
	}
	uk_sched_unlock(flags);
}

void uk_file_lower(struct uk_file *f, unsigned int ev)
{
	__atomic_and_fetch(&f->events, ~ev, __ATOMIC_RELAXED);
}

void uk_file_watch(struct uk_file *f, struct uk_file_watch *w)
{
	unsigned long flags;

	if (f->ops->watched)
		f->ops->watched(f);
	flags = uk_sched_lock();
	uk_list_add_tail(&w->node, &f->watchers);
	uk_sched_unlock(flags);
}

void uk_file_unwatch(struct uk_file *f, struct uk_file_watch *w)
{
	unsigned long flags = uk_sched_lock();

	uk_list_del(&w->node);
	uk_sched_unlock(flags);
}

int uk_file_wait(struct uk_file *f, unsigned int ev, uint64_t deadline_ns)
{
	unsigned long flags;
	struct uk_wait w;
	int rc = 0;

	ev |= UK_EV_ALWAYS;
	flags = uk_sched_lock();
	if (!(f->events & ev)) {
		w.key = 0;
		w.data = ev;
		rc = uk_waitq_wait_locked(&f->wq, &w, deadline_ns);
	}
	uk_sched_unlock(flags);
	uk_sched_deliver();
	return rc;
}

void uk_statx_init(struct uk_statx *st, unsigned int mode, uint64_t ino)
{
	*st = (struct uk_statx){
		.stx_mask = UK_STATX_BASIC_STATS,
		.stx_blksize = 4096,
		.stx_nlink = 1,
		.stx_mode = mode,
		.stx_ino = ino,
	};
}

uint64_t uk_file_anon_ino(void)
{
	static uint64_t next = 1;

	return __atomic_fetch_add(&next, 1, __ATOMIC_RELAXED);
}
