// SPDX-License-Identifier: BSD-3-Clause
/*
 * Waiting on many fds through musl: poll, ppoll, select, pselect, epoll
 * and timerfd (lib/poll, lib/timerfd), over pipes, eventfds, timerfds,
 * the console and ramfs files, with Linux's answers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <uk/test.h>

#include "selftest.h"

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ULL + ts.tv_nsec / 1000000;
}

static int ep_add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* --- poll and select ------------------------------------------------------ */

UK_TESTCASE(poll, every_kind_of_file)
{
	struct pollfd p[7];
	int pp[2], efd, tfd, file, ep;
	uint64_t one = 1;

	UK_TEST_ASSERT_EQ(pipe(pp), 0);
	efd = eventfd(0, 0);
	tfd = timerfd_create(CLOCK_MONOTONIC, 0);
	file = open("/etc/hosts", O_RDONLY);
	ep = epoll_create1(0);
	UK_TEST_ASSERT(efd >= 0 && tfd >= 0 && file >= 0 && ep >= 0);
	p[0] = (struct pollfd){ .fd = pp[0], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = pp[1], .events = POLLOUT };
	p[2] = (struct pollfd){ .fd = efd, .events = POLLIN | POLLOUT };
	p[3] = (struct pollfd){ .fd = tfd, .events = POLLIN };
	p[4] = (struct pollfd){ .fd = file, .events = POLLIN | POLLOUT };
	p[5] = (struct pollfd){ .fd = ep, .events = POLLIN };
	p[6] = (struct pollfd){ .fd = 1, .events = POLLOUT };
	UK_TEST_EXPECT_EQ(poll(p, 7, 0), 4);
	UK_TEST_EXPECT_EQ(p[0].revents, 0);
	UK_TEST_EXPECT_EQ(p[1].revents, POLLOUT);
	UK_TEST_EXPECT_EQ(p[2].revents, POLLOUT);
	UK_TEST_EXPECT_EQ(p[3].revents, 0);
	UK_TEST_EXPECT_EQ(p[4].revents, POLLIN | POLLOUT);	/* ramfs */
	UK_TEST_EXPECT_EQ(p[5].revents, 0);
	UK_TEST_EXPECT_EQ(p[6].revents, POLLOUT);		/* console */
	UK_TEST_EXPECT_EQ(write(pp[1], "x", 1), 1);
	UK_TEST_EXPECT_EQ(write(efd, &one, 8), 8);
	UK_TEST_EXPECT_EQ(ep_add(ep, efd, EPOLLIN, 1), 0);
	UK_TEST_EXPECT_EQ(poll(p, 6, 0), 6 - 1);
	UK_TEST_EXPECT_EQ(p[0].revents, POLLIN);
	UK_TEST_EXPECT_EQ(p[2].revents, POLLIN | POLLOUT);
	UK_TEST_EXPECT_EQ(p[5].revents, POLLIN);	/* the epoll set */
	close(pp[0]);
	close(pp[1]);
	close(efd);
	close(tfd);
	close(file);
	close(ep);
}

UK_TESTCASE(poll, console_input_same_fd_twice_and_nval)
{
	struct pollfd p[4] = {
		{ .fd = 0, .events = POLLIN },
		{ .fd = 1, .events = POLLOUT },
		{ .fd = 1, .events = POLLOUT | POLLIN },
		{ .fd = 12345, .events = POLLIN },
	};

	/* no console input is waiting: fd 0 is not readable */
	UK_TEST_EXPECT_EQ(poll(p, 4, 0), 3);
	UK_TEST_EXPECT_EQ(p[0].revents, 0);
	UK_TEST_EXPECT_EQ(p[1].revents, POLLOUT);
	UK_TEST_EXPECT_EQ(p[2].revents, POLLOUT);	/* both answered */
	UK_TEST_EXPECT_EQ(p[3].revents, POLLNVAL);
	p[0].fd = -1;				/* ignored */
	p[0].revents = 77;
	UK_TEST_EXPECT_EQ(poll(p, 1, 0), 0);
	UK_TEST_EXPECT_EQ(p[0].revents, 0);
	EXPECT_ERR(poll(NULL, 1, 0), EFAULT);
	{
		struct rlimit lim;

		getrlimit(RLIMIT_NOFILE, &lim);
		EXPECT_ERR(poll(p, lim.rlim_cur + 1, 0), EINVAL);
	}
}

UK_TESTCASE(poll, hup_timeout_and_a_writer_thread)
{
	struct pollfd p = { .events = POLLIN };
	uint64_t t0;
	int pp[2];

	UK_TEST_ASSERT_EQ(pipe(pp), 0);
	p.fd = pp[0];
	t0 = now_ms();
	UK_TEST_EXPECT_EQ(poll(&p, 1, 30), 0);
	UK_TEST_EXPECT_GE(now_ms() - t0, 30);
	close(pp[1]);
	UK_TEST_EXPECT_EQ(poll(&p, 1, -1), 1);
	UK_TEST_EXPECT_EQ(p.revents, POLLHUP);		/* the writer went */
	close(pp[0]);
}

UK_TESTCASE(poll, select_and_pselect)
{
	struct timeval tv = { 0, 20000 };
	struct timespec ts = { 0, 0 };
	fd_set r, w;
	int pp[2];
	uint64_t t0;

	UK_TEST_ASSERT_EQ(pipe(pp), 0);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(pp[0], &r);
	FD_SET(pp[1], &w);
	UK_TEST_EXPECT_EQ(select(pp[1] + 1, &r, &w, NULL, NULL), 1);
	UK_TEST_EXPECT(!FD_ISSET(pp[0], &r));
	UK_TEST_EXPECT(FD_ISSET(pp[1], &w));
	FD_ZERO(&r);
	FD_SET(pp[0], &r);
	t0 = now_ms();
	/* the raw call: musl's select() hands the kernel a copy */
	UK_TEST_EXPECT_EQ(syscall(SYS_select, pp[0] + 1, &r, NULL, NULL, &tv),
			  0);
	UK_TEST_EXPECT_GE(now_ms() - t0, 20);
	UK_TEST_EXPECT_EQ(tv.tv_sec, 0);	/* the time left, as Linux */
	UK_TEST_EXPECT_EQ(tv.tv_usec, 0);
	tv.tv_usec = 20000;
	UK_TEST_EXPECT_EQ(write(pp[1], "x", 1), 1);
	FD_SET(pp[0], &r);
	UK_TEST_EXPECT_EQ(pselect(pp[0] + 1, &r, NULL, NULL, &ts, NULL), 1);
	UK_TEST_EXPECT(FD_ISSET(pp[0], &r));
	FD_ZERO(&r);
	FD_SET(200, &r);
	EXPECT_ERR(select(201, &r, NULL, NULL, &tv), EBADF);
	EXPECT_ERR(select(-1, NULL, NULL, NULL, &tv), EINVAL);
	close(pp[0]);
	close(pp[1]);
}

/* --- epoll ------------------------------------------------------------------- */

UK_TESTCASE(epoll, level_edge_and_oneshot)
{
	struct epoll_event ev[4];
	int ep = epoll_create1(EPOLL_CLOEXEC), lt[2], et[2], os[2];
	char c;

	UK_TEST_ASSERT_GE(ep, 0);
	UK_TEST_EXPECT_EQ(fcntl(ep, F_GETFD), FD_CLOEXEC);
	UK_TEST_ASSERT(!pipe(lt) && !pipe(et) && !pipe(os));
	UK_TEST_EXPECT_EQ(ep_add(ep, lt[0], EPOLLIN, 1), 0);
	UK_TEST_EXPECT_EQ(ep_add(ep, et[0], EPOLLIN | EPOLLET, 2), 0);
	UK_TEST_EXPECT_EQ(ep_add(ep, os[0], EPOLLIN | EPOLLONESHOT, 3), 0);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 4, 0), 0);
	write(lt[1], "ab", 2);
	write(et[1], "ab", 2);
	write(os[1], "ab", 2);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 4, 0), 3);
	/* data left in all three: only the level-triggered comes again */
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 4, 0), 1);
	UK_TEST_EXPECT_EQ(ev[0].data.u64, 1);
	UK_TEST_EXPECT_EQ(ev[0].events, EPOLLIN);
	/* new data: the edge-triggered again, not the oneshot */
	write(et[1], "c", 1);
	write(os[1], "c", 1);
	read(lt[0], &c, 1);
	read(lt[0], &c, 1);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 4, 0), 1);
	UK_TEST_EXPECT_EQ(ev[0].data.u64, 2);
	/* MOD re-arms the oneshot; it is ready: reported at once */
	ev[0] = (struct epoll_event){ .events = EPOLLIN | EPOLLONESHOT,
				      .data.u64 = 33 };
	UK_TEST_EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, os[0], ev), 0);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 4, 0), 1);
	UK_TEST_EXPECT_EQ(ev[0].data.u64, 33);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 4, 0), 0);
	/* errors */
	EXPECT_ERR(ep_add(ep, lt[0], EPOLLIN, 9), EEXIST);
	EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, lt[1], NULL), ENOENT);
	EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, lt[1], ev), ENOENT);
	EXPECT_ERR(epoll_ctl(ep, 99, lt[0], ev), EINVAL);
	EXPECT_ERR(ep_add(ep, 777, EPOLLIN, 0), EBADF);
	EXPECT_ERR(ep_add(lt[0], lt[1], EPOLLIN, 0), EINVAL);
	EXPECT_ERR(ep_add(ep, ep, EPOLLIN, 0), EINVAL);
	EXPECT_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, lt[1], NULL), EFAULT);
	EXPECT_ERR(epoll_wait(ep, ev, 0, 0), EINVAL);
	EXPECT_ERR(epoll_wait(ep, ev, -1, 0), EINVAL);
	EXPECT_ERR(epoll_wait(ep, NULL, 4, 0), EFAULT);
	EXPECT_ERR(epoll_wait(lt[0], ev, 4, 0), EINVAL);
	{
		int f = open("/etc/hosts", O_RDONLY);

		EXPECT_ERR(ep_add(ep, f, EPOLLIN, 0), EPERM);	/* as Linux */
		close(f);
	}
	UK_TEST_EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, lt[0], NULL), 0);
	close(ep);
	close(lt[0]);
	close(lt[1]);
	close(et[0]);
	close(et[1]);
	close(os[0]);
	close(os[1]);
}

UK_TESTCASE(epoll, more_ready_than_maxevents)
{
	struct epoll_event ev[3];
	int ep = epoll_create1(0), fds[10], i, n, total = 0, dup_seen = 0;
	unsigned int seen = 0;
	uint64_t one = 1;

	for (i = 0; i < 10; i++) {
		fds[i] = eventfd(0, EFD_NONBLOCK);
		UK_TEST_ASSERT_EQ(ep_add(ep, fds[i], EPOLLIN | EPOLLET, i), 0);
		write(fds[i], &one, 8);
	}
	/* edge-triggered: every fd once, three at a time, none lost */
	while ((n = epoll_wait(ep, ev, 3, 0)) > 0) {
		UK_TEST_EXPECT_LE(n, 3);
		for (i = 0; i < n; i++) {
			dup_seen += !!(seen & (1u << ev[i].data.u64));
			seen |= 1u << ev[i].data.u64;
		}
		total += n;
		if (total > 20)
			break;
	}
	UK_TEST_EXPECT_EQ(total, 10);
	UK_TEST_EXPECT_EQ(seen, 0x3ff);
	UK_TEST_EXPECT_EQ(dup_seen, 0);
	/* level-triggered: all ten get their turn, in rounds */
	for (i = 0; i < 10; i++) {
		struct epoll_event e = { .events = EPOLLIN, .data.u64 = i };

		UK_TEST_EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_MOD, fds[i], &e), 0);
	}
	seen = 0;
	for (total = 0; total < 12; total += 3) {
		UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 3, 0), 3);
		for (i = 0; i < 3; i++)
			seen |= 1u << ev[i].data.u64;
	}
	UK_TEST_EXPECT_EQ(seen, 0x3ff);
	for (i = 0; i < 10; i++)
		close(fds[i]);
	/* closed: gone from the set */
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 3, 0), 0);
	close(ep);
}

UK_TESTCASE(epoll, close_hup_nested_and_loops)
{
	struct epoll_event ev[2];
	int ep = epoll_create1(0), outer = epoll_create1(0), p[2], d;

	UK_TEST_ASSERT_EQ(pipe(p), 0);
	UK_TEST_EXPECT_EQ(ep_add(ep, p[0], EPOLLIN | EPOLLRDHUP, 5), 0);
	/* a dup keeps the open file: the item stays until its last fd */
	d = dup(p[0]);
	close(p[0]);
	write(p[1], "x", 1);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 2, 0), 1);
	/* nested: the outer set sees the inner one readable */
	UK_TEST_EXPECT_EQ(ep_add(outer, ep, EPOLLIN, 7), 0);
	UK_TEST_EXPECT_EQ(epoll_wait(outer, ev, 2, 0), 1);
	UK_TEST_EXPECT_EQ(ev[0].data.u64, 7);
	EXPECT_ERR(ep_add(ep, outer, EPOLLIN, 0), ELOOP);
	/* the writer closes: HUP, always reported */
	close(p[1]);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 2, 0), 1);
	UK_TEST_EXPECT(ev[0].events & EPOLLHUP);
	close(d);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, ev, 2, 0), 0);
	UK_TEST_EXPECT_EQ(epoll_wait(outer, ev, 2, 0), 0);
	close(ep);
	close(outer);
}

struct waiter_arg {
	int ep;
	int timeout;
	int got;
	uint64_t woke_ms;
};

static void *waiter(void *p)
{
	struct waiter_arg *a = p;
	struct epoll_event ev;

	a->got = epoll_wait(a->ep, &ev, 1, a->timeout);
	a->woke_ms = now_ms();
	return NULL;
}

UK_TESTCASE(epoll, woken_by_another_thread_and_a_timerfd)
{
	struct itimerspec its = { .it_value = { 0, 20000000 } };
	struct waiter_arg a = { .timeout = -1 };
	int ep = epoll_create1(0), p[2], tfd;
	pthread_t t;
	uint64_t n;

	UK_TEST_ASSERT_EQ(pipe(p), 0);
	a.ep = ep;
	UK_TEST_EXPECT_EQ(ep_add(ep, p[0], EPOLLIN, 1), 0);
	pthread_create(&t, NULL, waiter, &a);
	sched_yield();
	UK_TEST_EXPECT_EQ(write(p[1], "x", 1), 1);
	pthread_join(t, NULL);
	UK_TEST_EXPECT_EQ(a.got, 1);
	UK_TEST_EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), 0);
	/* a timerfd expiry wakes it too */
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	UK_TEST_EXPECT_EQ(ep_add(ep, tfd, EPOLLIN, 2), 0);
	UK_TEST_EXPECT_EQ(timerfd_settime(tfd, 0, &its, NULL), 0);
	a.got = 0;
	pthread_create(&t, NULL, waiter, &a);
	pthread_join(t, NULL);
	UK_TEST_EXPECT_EQ(a.got, 1);
	UK_TEST_EXPECT_EQ(read(tfd, &n, 8), 8);
	UK_TEST_EXPECT_EQ(n, 1);
	close(tfd);
	close(ep);
	close(p[0]);
	close(p[1]);
}

UK_TESTCASE(epoll, timeouts_end_in_deadline_order)
{
	struct waiter_arg a[3];
	static const int ms[3] = { 60, 20, 40 };
	pthread_t t[3];
	uint64_t t0;
	int i;

	t0 = now_ms();
	for (i = 0; i < 3; i++) {
		a[i] = (struct waiter_arg){ .ep = epoll_create1(0),
					    .timeout = ms[i], .got = -5 };
		pthread_create(&t[i], NULL, waiter, &a[i]);
	}
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < 3; i++) {
		UK_TEST_EXPECT_EQ(a[i].got, 0);
		UK_TEST_EXPECT_GE(a[i].woke_ms - t0, (uint64_t)ms[i]);
		close(a[i].ep);
	}
	UK_TEST_EXPECT_LE(a[1].woke_ms, a[2].woke_ms);
	UK_TEST_EXPECT_LE(a[2].woke_ms, a[0].woke_ms);
}

UK_TESTCASE(epoll, exclusive_wakes_one_of_two)
{
	struct waiter_arg a[2];
	pthread_t t[2];
	uint64_t one = 1;
	int efd = eventfd(0, EFD_NONBLOCK), i;

	for (i = 0; i < 2; i++) {
		a[i] = (struct waiter_arg){ .ep = epoll_create1(0),
					    .timeout = 200, .got = -5 };
		UK_TEST_EXPECT_EQ(ep_add(a[i].ep, efd,
					 EPOLLIN | EPOLLEXCLUSIVE, i), 0);
		pthread_create(&t[i], NULL, waiter, &a[i]);
	}
	sched_yield();
	sched_yield();
	UK_TEST_EXPECT_EQ(write(efd, &one, 8), 8);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	/* one woke with the event; the other slept until its timeout */
	UK_TEST_EXPECT_EQ(a[0].got + a[1].got, 1);
	{
		struct epoll_event ev = { .events = EPOLLIN };

		EXPECT_ERR(epoll_ctl(a[0].ep, EPOLL_CTL_MOD, efd, &ev),
			   EINVAL);
		ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
		EXPECT_ERR(epoll_ctl(a[1].ep, EPOLL_CTL_MOD, efd, &ev),
			   EINVAL);
	}
	close(efd);
	close(a[0].ep);
	close(a[1].ep);
}

UK_TESTCASE(epoll, pwait_and_pwait2)
{
	struct timespec ts = { 0, 10000000 };
	struct epoll_event ev;
	sigset_t mask;
	uint64_t t0;
	int ep = epoll_create(1);

	UK_TEST_ASSERT_GE(ep, 0);
	EXPECT_ERR(syscall(SYS_epoll_create, 0), EINVAL);	/* musl: none */
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	t0 = now_ms();
	UK_TEST_EXPECT_EQ(epoll_pwait(ep, &ev, 1, 10, &mask), 0);
	UK_TEST_EXPECT_GE(now_ms() - t0, 10);
	t0 = now_ms();
	UK_TEST_EXPECT_EQ(syscall(SYS_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8),
			  0);
	UK_TEST_EXPECT_GE(now_ms() - t0, 10);
	ts.tv_nsec = -1;
	EXPECT_ERR(syscall(SYS_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8),
		   EINVAL);
	close(ep);
}

/* --- timerfd ---------------------------------------------------------------- */

UK_TESTCASE(timerfd, oneshot_periodic_abstime)
{
	struct itimerspec its = { .it_value = { 0, 5000000 } }, cur;
	struct timespec now;
	uint64_t n;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);

	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(timerfd_gettime(fd, &cur), 0);
	UK_TEST_EXPECT_EQ(cur.it_value.tv_nsec | cur.it_value.tv_sec, 0);
	UK_TEST_EXPECT_EQ(timerfd_settime(fd, 0, &its, NULL), 0);
	UK_TEST_EXPECT_EQ(read(fd, &n, 8), 8);		/* blocks 5 ms */
	UK_TEST_EXPECT_EQ(n, 1);
	/* periodic, read late: every period counts */
	its.it_interval.tv_nsec = 2000000;
	UK_TEST_EXPECT_EQ(timerfd_settime(fd, 0, &its, NULL), 0);
	usleep(20000);
	UK_TEST_EXPECT_EQ(read(fd, &n, 8), 8);
	UK_TEST_EXPECT_GE(n, 8);
	UK_TEST_EXPECT_EQ(timerfd_gettime(fd, &cur), 0);
	UK_TEST_EXPECT_EQ(cur.it_interval.tv_nsec, 2000000);
	/* absolute on CLOCK_REALTIME */
	close(fd);
	fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	EXPECT_ERR(read(fd, &n, 8), EAGAIN);
	EXPECT_ERR(read(fd, &n, 4), EINVAL);
	clock_gettime(CLOCK_REALTIME, &now);
	its.it_value = now;
	its.it_value.tv_nsec += 3000000;
	if (its.it_value.tv_nsec >= 1000000000L) {
		its.it_value.tv_sec++;
		its.it_value.tv_nsec -= 1000000000L;
	}
	its.it_interval.tv_nsec = 0;
	UK_TEST_EXPECT_EQ(timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, &cur),
			  0);
	usleep(10000);
	UK_TEST_EXPECT_EQ(read(fd, &n, 8), 8);
	UK_TEST_EXPECT_EQ(n, 1);
	/* disarmed by a zero value */
	its.it_value.tv_sec = its.it_value.tv_nsec = 0;
	UK_TEST_EXPECT_EQ(timerfd_settime(fd, 0, &its, NULL), 0);
	its.it_value.tv_nsec = 2000000000L;
	EXPECT_ERR(timerfd_settime(fd, 0, &its, NULL), EINVAL);
	EXPECT_ERR(timerfd_settime(fd, 0x100, &its, NULL), EINVAL);
	EXPECT_ERR(timerfd_settime(0, 0, &its, NULL), EINVAL);
	EXPECT_ERR(timerfd_create(12345, 0), EINVAL);
	close(fd);
}
