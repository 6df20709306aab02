// SPDX-License-Identifier: BSD-3-Clause
/*
 * epoll: a set of (file, fd) items, each a watcher on its file. A raise
 * of an event an item wants puts the item on the set's ready list (once)
 * and wakes one thread waiting in epoll_wait; epoll_wait takes items off
 * the ready list only, so its cost follows the number of ready items,
 * never the number watched. Level-triggered items still ready go back on
 * the list after they are reported (at its end: others get their turn);
 * edge-triggered ones come back with the next raise; EPOLLONESHOT ones
 * are disabled until EPOLL_CTL_MOD.
 *
 * Locks: one mutex for every set's items (epoll_ctl, closes, a set's
 * release; what Linux calls epmutex), so that an item is freed once
 * whoever gets to it first; the ready lists with the scheduler lock
 * (watchers run from raises, which may come from an interrupt handler).
 * An item goes when its fd's open file description does (a closer on
 * it), or by EPOLL_CTL_DEL, or with the set.
 *
 * The set is a file too: readable while an item on its ready list is
 * ready, so a set can be watched by poll or by another set (at most 4
 * deep, and never itself: ELOOP).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/stat.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/lock.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include <uk/user.h>

#include "epoll.h"
#include "pollset.h"

#define EP_MAX_NESTS	4
#define EP_FLAGS	(EPOLLET | EPOLLONESHOT | EPOLLEXCLUSIVE | EPOLLWAKEUP)
/* what EPOLLEXCLUSIVE may be combined with */
#define EXCLUSIVE_OK	(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | \
			 EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)

static const struct uk_file_ops epoll_ops;
static struct uk_mutex ep_mutex = UK_MUTEX_INITIALIZER(ep_mutex, "epoll");

static struct epoll *epoll_of(struct uk_file *f)
{
	return f->ops == &epoll_ops ? container_of(f, struct epoll, file)
				    : NULL;
}

/* --- the item table: by (open file description, fd) ---------------------- */

static unsigned int slot_of(const struct epoll *ep, const struct uk_ofile *of,
			    int fd)
{
	uintptr_t h = ((uintptr_t)of >> 4) ^ (unsigned int)fd * 2654435761U;

	return (h ^ (h >> 16)) & (ep->buckets - 1);
}

static struct epitem *item_find(struct epoll *ep, struct uk_ofile *of, int fd)
{
	struct epitem *it;

	if (!ep->table)
		return NULL;
	for (it = ep->table[slot_of(ep, of, fd)]; it; it = it->hnext)
		if (it->of == of && it->fd == fd)
			return it;
	return NULL;
}

/* Doubles the table when it is full; keeps the old one without memory. */
static void table_grow(struct epoll *ep)
{
	unsigned int n = ep->buckets ? 2 * ep->buckets : 16, i, old;
	struct epitem **t, **ot = ep->table, *it, *next;

	t = uk_calloc(n, sizeof(*t));
	if (!t)
		return;
	old = ep->buckets;
	ep->table = t;
	ep->buckets = n;
	for (i = 0; i < old; i++)
		for (it = ot[i]; it; it = next) {
			next = it->hnext;
			it->hnext = t[slot_of(ep, it->of, it->fd)];
			t[slot_of(ep, it->of, it->fd)] = it;
		}
	uk_free(ot);
}

static void table_del(struct epoll *ep, struct epitem *it)
{
	struct epitem **pp = &ep->table[slot_of(ep, it->of, it->fd)];

	for (; *pp; pp = &(*pp)->hnext)
		if (*pp == it) {
			*pp = it->hnext;
			return;
		}
}

/* --- readiness ------------------------------------------------------------ */

/* The events of it that hold now. Scheduler locked. */
static unsigned int item_events(struct epitem *it)
{
	return uk_file_events(it->file) & (it->events | UK_EV_ALWAYS) &
	       ~EP_FLAGS;
}

/* Queues it (once) and wakes a waiter. Scheduler locked. */
static bool item_ready(struct epitem *it)
{
	struct epoll *ep = it->ep;
	bool woke;

	if (!it->on_ready) {
		uk_list_add_tail(&it->rnode, &ep->ready);
		it->on_ready = true;
	}
	woke = uk_waitq_wake(&ep->wq, 1) > 0;
	/* for whoever watches the set itself (poll, a parent set) */
	uk_file_raise(&ep->file, UK_EV_IN | UK_EV_RDNORM);
	return woke;
}

/* The watcher: a raise of what it wants readies the item. */
static bool item_woke(struct uk_file_watch *w, unsigned int ev)
{
	struct epitem *it = container_of(w, struct epitem, watch);

	if (it->disabled || !(ev & (it->events | UK_EV_ALWAYS)))
		return false;
	return item_ready(it);
}

/* The set's own events: readable while a queued item is ready. */
static unsigned int epoll_poll(struct uk_file *f)
{
	struct epoll *ep = container_of(f, struct epoll, file);
	unsigned int ev = UK_EV_IN | UK_EV_RDNORM;
	unsigned long irq = uk_sched_lock();
	struct uk_list *n, *tmp;
	struct epitem *it;

	uk_list_foreach_safe(n, tmp, &ep->ready) {
		it = uk_list_entry(n, struct epitem, rnode);
		if (!it->disabled && item_events(it))
			goto out;
		/* not ready any more: off the list */
		uk_list_del(&it->rnode);
		it->on_ready = false;
	}
	f->events &= ~ev;
	ev = 0;
out:
	uk_sched_unlock(irq);
	return ev;
}

/* --- items ----------------------------------------------------------------- */

static void item_closed(struct uk_ofile_closer *c, struct uk_ofile *of);

/* Takes it out of everything and frees it. ep_mutex held. */
static void item_free(struct epoll *ep, struct epitem *it)
{
	unsigned long irq;

	uk_file_unwatch(it->file, &it->watch);
	uk_ofile_closer_del(it->of, &it->closer);
	irq = uk_sched_lock();
	if (it->on_ready)
		uk_list_del(&it->rnode);
	uk_sched_unlock(irq);
	table_del(ep, it);
	uk_list_del(&it->anode);
	ep->count--;
	uk_free(it);
}

/*
 * The fd's open file description went: every set drops its items. c may
 * have been freed meanwhile by the set's release or EPOLL_CTL_DEL (which
 * hold ep_mutex): only if it is still on the list is it ours to free.
 */
static void item_closed(struct uk_ofile_closer *c, struct uk_ofile *of)
{
	struct epitem *it;

	uk_mutex_lock(&ep_mutex);
	if (uk_ofile_closer_registered(of, c)) {
		it = container_of(c, struct epitem, closer);
		item_free(it->ep, it);
	}
	uk_mutex_unlock(&ep_mutex);
}

/* Would adding target (a set) to ep make a loop or nest too deep? */
static bool loops(struct epoll *ep, struct epoll *target, int depth)
{
	struct epitem *it;
	struct uk_list *n;
	struct epoll *sub;

	if (target == ep || depth >= EP_MAX_NESTS)
		return true;
	uk_list_foreach(n, &target->items) {
		it = uk_list_entry(n, struct epitem, anode);
		sub = epoll_of(it->file);
		if (sub && loops(ep, sub, depth + 1))
			return true;
	}
	return false;
}

/* Checks it now: if it is ready, it is queued (ADD and MOD). */
static void item_check(struct epitem *it)
{
	unsigned long irq = uk_sched_lock();

	if (!it->disabled && item_events(it))
		item_ready(it);
	uk_sched_unlock(irq);
}

static int item_add(struct epoll *ep, struct uk_ofile *of, int fd,
		    const struct epoll_event *ev)
{
	struct epoll *target = epoll_of(of->file);
	struct epitem *it;

	if (item_find(ep, of, fd))
		return -EEXIST;
	if (target && loops(ep, target, 0))
		return -ELOOP;
	if (ep->count >= ep->buckets)
		table_grow(ep);
	if (!ep->table)
		return -ENOMEM;
	it = uk_calloc(1, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->ep = ep;
	it->of = of;
	it->file = of->file;
	it->fd = fd;
	it->events = ev->events;
	it->data = ev->data.u64;
	it->watch.mask = ev->events & ~EP_FLAGS;
	it->watch.exclusive = ev->events & EPOLLEXCLUSIVE;
	it->watch.fn = item_woke;
	it->closer.fn = item_closed;
	it->hnext = ep->table[slot_of(ep, of, fd)];
	ep->table[slot_of(ep, of, fd)] = it;
	uk_list_add_tail(&it->anode, &ep->items);
	ep->count++;
	uk_ofile_closer_add(of, &it->closer);
	uk_file_watch(it->file, &it->watch);
	item_check(it);
	return 0;
}

static int item_mod(struct epitem *it, const struct epoll_event *ev)
{
	unsigned long irq;

	/* an exclusive item cannot be changed, nor can one become it */
	if ((ev->events | it->events) & EPOLLEXCLUSIVE)
		return -EINVAL;
	irq = uk_sched_lock();
	it->events = ev->events;
	it->data = ev->data.u64;
	it->watch.mask = ev->events & ~EP_FLAGS;
	it->disabled = false;		/* ONESHOT re-armed */
	uk_sched_unlock(irq);
	item_check(it);
	return 0;
}

int uk_epoll_ctl(struct epoll *ep, int op, int fd, struct uk_ofile *of,
		 const struct epoll_event *ev)
{
	struct epitem *it;
	int rc;

	if (of->file == &ep->file)
		return -EINVAL;		/* a set cannot watch itself */
	/* files that never block (ramfs) cannot be watched, as on Linux */
	if (of->file->type == S_IFREG || of->file->type == S_IFDIR)
		return -EPERM;
	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE) &&
	    (ev->events & ~EXCLUSIVE_OK))
		return -EINVAL;
	if (op == EPOLL_CTL_ADD && (ev->events & EPOLLEXCLUSIVE) &&
	    epoll_of(of->file))
		return -EINVAL;
	uk_mutex_lock(&ep_mutex);
	it = item_find(ep, of, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		rc = item_add(ep, of, fd, ev);
		break;
	case EPOLL_CTL_MOD:
		rc = it ? item_mod(it, ev) : -ENOENT;
		break;
	case EPOLL_CTL_DEL:
		rc = -ENOENT;
		if (it) {
			item_free(ep, it);
			rc = 0;
		}
		break;
	default:
		rc = -EINVAL;
	}
	uk_mutex_unlock(&ep_mutex);
	return rc;
}

/* --- waiting --------------------------------------------------------------- */

/* Takes up to max ready items off the list into out. Scheduler locked. */
static int harvest(struct epoll *ep, struct epoll_event *out, int max)
{
	struct uk_list again = UK_LIST_INIT(again);
	struct epitem *it;
	unsigned int ev;
	int n = 0;

	while (n < max && !uk_list_empty(&ep->ready)) {
		it = uk_list_first(&ep->ready, struct epitem, rnode);
		uk_list_del(&it->rnode);
		it->on_ready = false;
		ev = it->disabled ? 0 : item_events(it);
		if (!ev)
			continue;	/* no longer ready: dropped */
		out[n].events = ev;
		out[n].data.u64 = it->data;
		n++;
		if (it->events & EPOLLONESHOT) {
			it->disabled = true;
		} else if (!(it->events & EPOLLET)) {
			/* level-triggered: still there next time */
			uk_list_add_tail(&it->rnode, &again);
			it->on_ready = true;
		}
	}
	/* behind the ones not reached, so that every ready item gets its
	 * turn when more are ready than fit */
	while (!uk_list_empty(&again)) {
		it = uk_list_first(&again, struct epitem, rnode);
		uk_list_del(&it->rnode);
		uk_list_add_tail(&it->rnode, &ep->ready);
	}
	if (uk_list_empty(&ep->ready))
		ep->file.events &= ~(UK_EV_IN | UK_EV_RDNORM);
	return n;
}

int uk_epoll_wait(struct epoll *ep, struct epoll_event *out, int max,
		  uint64_t deadline_ns)
{
	unsigned long irq;
	struct uk_wait w;
	int n, rc;

	for (;;) {
		irq = uk_sched_lock();
		n = harvest(ep, out, max);
		if (n || !deadline_ns) {
			uk_sched_unlock(irq);
			return n;
		}
		w.key = 0;
		rc = uk_waitq_wait_locked(&ep->wq, &w, deadline_ns);
		if (rc) {
			n = harvest(ep, out, max);
			uk_sched_unlock(irq);
			uk_sched_deliver();
			return n ? n : rc == -ETIMEDOUT ? 0 : rc;
		}
		uk_sched_unlock(irq);
	}
}

/* --- the set as a file ------------------------------------------------------ */

static void epoll_release(struct uk_file *f)
{
	struct epoll *ep = container_of(f, struct epoll, file);
	struct epitem *it;

	uk_mutex_lock(&ep_mutex);
	while (!uk_list_empty(&ep->items)) {
		it = uk_list_first(&ep->items, struct epitem, anode);
		item_free(ep, it);
	}
	uk_mutex_unlock(&ep_mutex);
	uk_free(ep->table);
	uk_free(ep);
}

static int epoll_stat(struct uk_file *f, struct uk_statx *st)
{
	struct epoll *ep = container_of(f, struct epoll, file);

	/* an anonymous inode, as Linux shows it */
	uk_statx_init(st, 0600, ep->ino);
	st->stx_dev_minor = 13;
	return 0;
}

static const struct uk_file_ops epoll_ops = {
	.stat = epoll_stat,
	.poll = epoll_poll,
	.release = epoll_release,
};

struct epoll *uk_epoll_new(void)
{
	struct epoll *ep = uk_calloc(1, sizeof(*ep));

	if (!ep)
		return NULL;
	uk_file_init(&ep->file, &epoll_ops, 0, UK_FILE_STREAM, 0);
	uk_waitq_init(&ep->wq, "epoll_wait", false);
	uk_list_init(&ep->items);
	uk_list_init(&ep->ready);
	ep->ino = uk_file_anon_ino();
	return ep;
}

/* --- syscalls ---------------------------------------------------------------- */

UK_SYSCALL_DEFINE(int, epoll_create1, int, flags)
{
	struct epoll *ep;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	ep = uk_epoll_new();
	if (!ep)
		return -ENOMEM;
	return uk_fd_open_file(&ep->file, O_RDWR | (flags & EPOLL_CLOEXEC ?
						     O_CLOEXEC : 0));
}

UK_SYSCALL_DEFINE(int, epoll_create, int, size)
{
	if (size <= 0)
		return -EINVAL;
	return uk_syscall_r_epoll_create1(0, 0, 0, 0, 0, 0);
}

UK_SYSCALL_DEFINE(int, epoll_ctl, int, epfd, int, op, int, fd,
		  struct epoll_event *, uev)
{
	struct uk_ofile *eof, *of;
	struct epoll_event ev = { 0 };
	struct epoll *ep;
	int rc;

	if (op != EPOLL_CTL_DEL) {
		if (!uk_user_read_ok(uev))
			return -EFAULT;
		ev = *uev;
	}
	eof = uk_fd_get(epfd);
	if (!eof)
		return -EBADF;
	of = uk_fd_get(fd);
	if (!of) {
		uk_ofile_put(eof);
		return -EBADF;
	}
	ep = epoll_of(eof->file);
	rc = ep ? uk_epoll_ctl(ep, op, fd, of, &ev) : -EINVAL;
	uk_ofile_put(of);
	uk_ofile_put(eof);
	return rc;
}

static long do_epoll_wait(int epfd, struct epoll_event *events, int max,
			  uint64_t deadline, const uint64_t *sigmask,
			  size_t sigsetsize)
{
	struct uk_ofile *of;
	struct epoll *ep;
	uint64_t saved = 0;
	long rc;

	if (max <= 0 || max > (int)(INT32_MAX / sizeof(*events)))
		return -EINVAL;
	if (!uk_user_ok(events, max * sizeof(*events), true))
		return -EFAULT;
	of = uk_fd_get(epfd);
	if (!of)
		return -EBADF;
	ep = epoll_of(of->file);
	if (!ep) {
		uk_ofile_put(of);
		return -EINVAL;
	}
	rc = pollset_sigmask(sigmask, sigsetsize, &saved);
	if (!rc) {
		rc = uk_epoll_wait(ep, events, max, deadline);
		pollset_sigmask_restore(sigmask, saved);
	}
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(int, epoll_wait, int, epfd, struct epoll_event *, events,
		  int, max, int, timeout)
{
	return do_epoll_wait(epfd, events, max, pollset_deadline_ms(timeout),
			     NULL, 0);
}

UK_SYSCALL_DEFINE(int, epoll_pwait, int, epfd, struct epoll_event *, events,
		  int, max, int, timeout, const uint64_t *, sigmask,
		  size_t, sigsetsize)
{
	return do_epoll_wait(epfd, events, max, pollset_deadline_ms(timeout),
			     sigmask, sigsetsize);
}

UK_SYSCALL_DEFINE(int, epoll_pwait2, int, epfd, struct epoll_event *, events,
		  int, max, const struct timespec *, tsp,
		  const uint64_t *, sigmask, size_t, sigsetsize)
{
	uint64_t deadline;
	int rc = pollset_timespec_deadline(tsp, false, &deadline);

	if (rc)
		return rc;
	return do_epoll_wait(epfd, events, max, deadline, sigmask,
			     sigsetsize);
}
