// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests of epoll's ready list (lib/poll/epoll.c) over fake files
 * whose events a test raises and lowers: level and edge triggering,
 * ONESHOT, more ready items than fit, items freed when their open file
 * goes or the set does, nested sets and loops, EPOLLEXCLUSIVE. lib/file's
 * file objects are the real ones; the scheduler's waits are stubs (a
 * "waiter" is a node on a wait queue that a wake takes off).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "host-test.h"
#include <uk/alloc.h>
#include <uk/lock.h>

#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "../../file/file.c"
#include "../../file/ofile.c"

static long live;

void *uk_malloc(size_t size)
{
	live++;
	return malloc(size);
}

void *uk_calloc(size_t n, size_t size)
{
	live++;
	return calloc(n, size);
}

void uk_free(void *p)
{
	live -= p != NULL;
	free(p);
}

void uk_mutex_lock(struct uk_mutex *m)
{
	m->depth++;
}

void uk_mutex_unlock(struct uk_mutex *m)
{
	m->depth--;
}

void uk_waitq_init(struct uk_waitq *wq, const char *name, bool irq)
{
	uk_list_init(&wq->waiters);
}

/* A wake takes one pretend waiter off the queue. */
int uk_waitq_wake(struct uk_waitq *wq, int n)
{
	int woken = 0;

	while (n-- && !uk_list_empty(&wq->waiters)) {
		uk_list_del(wq->waiters.next);
		woken++;
	}
	return woken;
}

int uk_waitq_wake_key(struct uk_waitq *wq, uintptr_t key, unsigned long bits,
		      int n)
{
	return 0;
}

int uk_waitq_wait_locked(struct uk_waitq *wq, struct uk_wait *w,
			 uint64_t deadline)
{
	return -ETIMEDOUT;
}

static struct uk_thread host_thread = { .tid = 1 };
struct uk_thread *uk_sched_current_thread = &host_thread;

void uk_sched_deliver_pending(void)
{
}

/* epoll.c's syscalls are compiled but not called here */
struct uk_ofile *uk_fd_get(int fd)
{
	return NULL;
}

int uk_fd_open_file(struct uk_file *f, int flags)
{
	return -ENOSYS;
}

uint64_t ukplat_monotonic_ns(void)
{
	return 0;
}

bool ukplat_user_range_ok(const void *p, size_t len, bool write)
{
	return true;
}

#include "../pollset.c"
#include "../epoll.c"

/* A fake pollable file: its events are what the test says. */
static const struct uk_file_ops fake_ops = { 0 };

struct fake {
	struct uk_file f;
	struct uk_ofile *of;
};

static void fake_open(struct fake *x)
{
	uk_file_init(&x->f, &fake_ops, S_IFIFO, UK_FILE_STREAM, 0);
	x->of = uk_ofile_new(&x->f, O_RDWR);
}

static int add(struct epoll *ep, struct fake *x, int fd, uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.u64 = fd };

	return uk_epoll_ctl(ep, EPOLL_CTL_ADD, fd, x->of, &ev);
}

static int wait_now(struct epoll *ep, struct epoll_event *out, int max)
{
	return uk_epoll_wait(ep, out, max, 0);
}

HOST_TEST(level_edge_oneshot)
{
	struct epoll *ep = uk_epoll_new();
	struct fake a, b, c;
	struct epoll_event ev[4];

	fake_open(&a);
	fake_open(&b);
	fake_open(&c);
	CHECK_EQ_INT(add(ep, &a, 1, EPOLLIN), 0);
	CHECK_EQ_INT(add(ep, &b, 2, EPOLLIN | EPOLLET), 0);
	CHECK_EQ_INT(add(ep, &c, 3, EPOLLIN | EPOLLONESHOT), 0);
	CHECK_EQ_INT(wait_now(ep, ev, 4), 0);
	uk_file_raise(&a.f, UK_EV_IN);
	uk_file_raise(&b.f, UK_EV_IN);
	uk_file_raise(&c.f, UK_EV_IN);
	CHECK_EQ_INT(wait_now(ep, ev, 4), 3);
	CHECK_EQ_INT(wait_now(ep, ev, 4), 1);		/* level only */
	CHECK_EQ_INT(ev[0].data.u64, 1);
	/* a raise again: the edge one comes back, the oneshot does not */
	uk_file_raise(&b.f, UK_EV_IN);
	uk_file_raise(&c.f, UK_EV_IN);
	uk_file_lower(&a.f, UK_EV_IN);
	CHECK_EQ_INT(wait_now(ep, ev, 4), 1);
	CHECK_EQ_INT(ev[0].data.u64, 2);
	/* the lowered level item dropped off the list */
	CHECK(uk_list_empty(&ep->ready));
	/* raises while queued do not queue twice */
	uk_file_raise(&b.f, UK_EV_IN);
	uk_file_raise(&b.f, UK_EV_IN);
	CHECK_EQ_INT(wait_now(ep, ev, 4), 1);
	uk_ofile_put(a.of);
	uk_ofile_put(b.of);
	uk_ofile_put(c.of);
	CHECK_EQ_INT(ep->count, 0);		/* closed: items gone */
	uk_file_put(&ep->file);
	CHECK_EQ_INT(live - cached, 0);	/* freed ofiles stay cached */
}

HOST_TEST(more_ready_than_fit_take_turns)
{
	struct epoll *ep = uk_epoll_new();
	struct epoll_event ev[3];
	struct fake x[7];
	unsigned int seen = 0;
	int i, round;

	for (i = 0; i < 7; i++) {
		fake_open(&x[i]);
		CHECK_EQ_INT(add(ep, &x[i], i, EPOLLIN), 0);
		uk_file_raise(&x[i].f, UK_EV_IN);
	}
	/* level-triggered: each round of 3 moves on, all 7 in 3 rounds */
	for (round = 0; round < 3; round++) {
		CHECK_EQ_INT(wait_now(ep, ev, 3), 3);
		for (i = 0; i < 3; i++)
			seen |= 1u << ev[i].data.u64;
	}
	CHECK_EQ_INT(seen, 0x7f);
	for (i = 0; i < 7; i++)
		uk_ofile_put(x[i].of);
	uk_file_put(&ep->file);
	CHECK_EQ_INT(live - cached, 0);	/* freed ofiles stay cached */
}

HOST_TEST(mod_with_the_event_pending_reports_it)
{
	struct epoll *ep = uk_epoll_new();
	struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = 9 };
	struct fake a;

	fake_open(&a);
	CHECK_EQ_INT(add(ep, &a, 1, EPOLLIN), 0);
	uk_file_raise(&a.f, UK_EV_OUT);
	CHECK_EQ_INT(wait_now(ep, &ev, 1), 0);	/* not asked for */
	ev.events = EPOLLOUT;
	ev.data.u64 = 9;
	CHECK_EQ_INT(uk_epoll_ctl(ep, EPOLL_CTL_MOD, 1, a.of, &ev), 0);
	CHECK_EQ_INT(wait_now(ep, &ev, 1), 1);
	CHECK_EQ_INT(ev.data.u64, 9);
	CHECK_EQ_INT(ev.events, EPOLLOUT);
	CHECK_EQ_INT(uk_epoll_ctl(ep, EPOLL_CTL_ADD, 1, a.of, &ev), -EEXIST);
	CHECK_EQ_INT(uk_epoll_ctl(ep, EPOLL_CTL_DEL, 1, a.of, &ev), 0);
	CHECK_EQ_INT(uk_epoll_ctl(ep, EPOLL_CTL_DEL, 1, a.of, &ev), -ENOENT);
	/* the set goes first: its items do, the file stays fine */
	CHECK_EQ_INT(add(ep, &a, 1, EPOLLIN), 0);
	uk_file_put(&ep->file);
	uk_file_raise(&a.f, UK_EV_IN);		/* no watcher left */
	uk_ofile_put(a.of);
	CHECK_EQ_INT(live - cached, 0);	/* freed ofiles stay cached */
}

HOST_TEST(nested_sets_and_loops)
{
	struct epoll *in = uk_epoll_new(), *out = uk_epoll_new();
	struct uk_ofile *in_of = uk_ofile_new(&in->file, O_RDWR);
	struct uk_ofile *out_of = uk_ofile_new(&out->file, O_RDWR);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
	struct fake a;

	fake_open(&a);
	CHECK_EQ_INT(add(in, &a, 1, EPOLLIN), 0);
	CHECK_EQ_INT(uk_epoll_ctl(out, EPOLL_CTL_ADD, 5, in_of, &ev), 0);
	CHECK_EQ_INT(uk_epoll_ctl(in, EPOLL_CTL_ADD, 6, out_of, &ev), -ELOOP);
	CHECK_EQ_INT(uk_epoll_ctl(in, EPOLL_CTL_ADD, 6, in_of, &ev), -EINVAL);
	CHECK_EQ_INT(wait_now(out, &ev, 1), 0);
	uk_file_raise(&a.f, UK_EV_IN);
	CHECK_EQ_INT(wait_now(out, &ev, 1), 1);	/* through the inner set */
	CHECK_EQ_INT(ev.data.u64, 7);
	/* the inner set's item stops being ready: so does the inner set */
	uk_file_lower(&a.f, UK_EV_IN);
	CHECK_EQ_INT(wait_now(out, &ev, 1), 0);
	uk_ofile_put(a.of);
	uk_ofile_put(in_of);
	uk_ofile_put(out_of);
	CHECK_EQ_INT(live - cached, 0);	/* freed ofiles stay cached */
}

HOST_TEST(exclusive_wakes_one_set)
{
	struct epoll *s1 = uk_epoll_new(), *s2 = uk_epoll_new();
	struct uk_list w1, w2;
	struct fake a;

	fake_open(&a);
	CHECK_EQ_INT(add(s1, &a, 1, EPOLLIN | EPOLLEXCLUSIVE), 0);
	CHECK_EQ_INT(add(s2, &a, 1, EPOLLIN | EPOLLEXCLUSIVE), 0);
	/* a thread waits in each set */
	uk_list_add_tail(&w1, &s1->wq.waiters);
	uk_list_add_tail(&w2, &s2->wq.waiters);
	uk_file_raise(&a.f, UK_EV_IN);
	CHECK(uk_list_empty(&s1->wq.waiters));		/* woken */
	CHECK(!uk_list_empty(&s2->wq.waiters));	/* still asleep */
	/* with nobody waiting in the first, the second is woken */
	uk_file_raise(&a.f, UK_EV_IN);
	CHECK(uk_list_empty(&s2->wq.waiters));
	uk_ofile_put(a.of);
	uk_file_put(&s1->file);
	uk_file_put(&s2->file);
	CHECK_EQ_INT(live - cached, 0);	/* freed ofiles stay cached */
}

HOST_TEST_MAIN();
