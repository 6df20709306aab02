// SPDX-License-Identifier: BSD-3-Clause
/*
 * lwiptest: libs/lwip over lwIP's loopback interface, through lwIP's
 * socket functions (lwip_socket, lwip_bind... with musl's, that is Linux's,
 * types and constants):
 *
 *  - a blocking TCP echo between two threads, over 127.0.0.1 and ::1;
 *  - a blocking UDP echo between two threads, over both;
 *  - socket options by their Linux names, and errors in uk_lwip_errno
 *    with musl's errno untouched;
 *  - non-blocking TCP and UDP driven by the socket event hook alone (a
 *    thread that waits only for the hook's reports), with flow control
 *    (the sender runs out of buffer and is woken by the send event), a
 *    partly read buffer, end of stream and a refused connection;
 *  - lwIP's statistics: every memory pool, the heap and the semaphores,
 *    mutexes and mailboxes in use are back at their start values once
 *    TIME-WAIT (1 s here: LIBLWIP_TCP_MSL=500) is over: no leak.
 *
 * Prints what it does; exits 0 when every check passed, 1 at the first
 * that failed (with what it saw).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lwip/init.h>
#include <lwip/memp.h>
#include <lwip/sockets.h>
#include <lwip/stats.h>
#include <uk/lwip.h>
#include <uk/sched.h>

#define PORT_TCP	7001
#define PORT_UDP	7002
#define PORT_NB		7003
#define PORT_NB_UDP	7004
#define PORT_CLOSED	7009

#define WAIT_NS		(5ULL * 1000000000ULL)

static __attribute__((format(printf, 1, 2), noreturn)) void fail(const char *fmt, ...)
{
	va_list ap;

	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(1);
}

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond))						\
			fail(__VA_ARGS__);				\
	} while (0)

/* A call that must succeed: lwIP's error is in uk_lwip_errno. */
#define MUST(call)							\
	({								\
		long __r = (long)(call);				\
		if (__r < 0)						\
			fail("%s: -1, %s", #call,			\
			     strerror(uk_lwip_error()));		\
		__r;							\
	})

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* --- addresses ------------------------------------------------------------ */

static socklen_t make_addr(int family, int port, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		a->sin6_addr = in6addr_loopback;
		return sizeof(*a);
	}
	struct sockaddr_in *a = (struct sockaddr_in *)ss;

	a->sin_family = AF_INET;
	a->sin_port = htons(port);
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(*a);
}

static const char *name_of(int family)
{
	return family == AF_INET6 ? "::1" : "127.0.0.1";
}

static void check_addr(const struct sockaddr_storage *ss, socklen_t len,
		       int family, int port, const char *what)
{
	struct sockaddr_storage want;
	socklen_t wlen = make_addr(family, port, &want);

	CHECK(len == wlen, "%s: address length %u, expected %u", what,
	      (unsigned int)len, (unsigned int)wlen);
	if (family == AF_INET6) {
		const struct sockaddr_in6 *a = (const void *)ss;

		CHECK(a->sin6_family == AF_INET6 &&
		      !memcmp(&a->sin6_addr, &in6addr_loopback, 16) &&
		      (!port || ntohs(a->sin6_port) == port),
		      "%s: not [::1]:%d", what, port);
	} else {
		const struct sockaddr_in *a = (const void *)ss;

		CHECK(a->sin_family == AF_INET &&
		      a->sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
		      (!port || ntohs(a->sin_port) == port),
		      "%s: not 127.0.0.1:%d (family %d, port %d)", what, port,
		      a->sin_family, ntohs(a->sin_port));
	}
}

/* The bytes of the test streams: position-dependent, so that a lost,
 * doubled or reordered byte shows. */
static unsigned char pattern(size_t off)
{
	return (unsigned char)(off * 7 + (off >> 8) * 13 + 1);
}

static void fill(unsigned char *buf, size_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = pattern(off + i);
}

static void verify(const unsigned char *buf, size_t off, size_t len,
		   const char *what)
{
	for (size_t i = 0; i < len; i++)
		CHECK(buf[i] == pattern(off + i),
		      "%s: byte %zu is %u, expected %u", what, off + i, buf[i],
		      pattern(off + i));
}

static void send_all(int s, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len)
		done += MUST(lwip_send(s, (const char *)buf + done,
				       len - done, 0));
}

static void recv_all(int s, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = MUST(lwip_recv(s, (char *)buf + done, len - done,
					   0));

		CHECK(n > 0, "recv: end of stream after %zu of %zu bytes",
		      done, len);
		done += n;
	}
}

/* --- the event hook --------------------------------------------------------- */

struct sock_events {
	int rcv, snd, err, peer_closed;
	unsigned long reports;
};

static struct sock_events evs[UK_LWIP_NUM_SOCKETS];
static struct uk_waitq ev_wq = UK_WAITQ_INITIALIZER(ev_wq, "lwiptest events",
						    false);
static unsigned long ev_reports, ev_rcv_up, ev_rcv_down, ev_snd_up,
	ev_snd_down, ev_err_up, ev_unknown;

/* Scheduler locked, from whichever thread changed a socket's state. */
static void on_socket_event(int s, int rcv, int snd, int err,
			    int peer_closed)
{
	struct sock_events *e;

	ev_reports++;
	if (s < 0 || s >= UK_LWIP_NUM_SOCKETS) {
		ev_unknown++;
		return;
	}
	e = &evs[s];
	ev_rcv_up += rcv > e->rcv;
	ev_rcv_down += rcv < e->rcv;
	ev_snd_up += snd && !e->snd;
	ev_snd_down += !snd && e->snd;
	ev_err_up += err && !e->err;
	e->rcv = rcv;
	e->snd = snd;
	e->err = err;
	e->peer_closed = peer_closed;
	e->reports++;
	uk_waitq_wake(&ev_wq, -1);
}

/* A socket's state now (after creating, accepting or receiving), in
 * order with the hook: the scheduler lock orders both. */
static void refresh(int s)
{
	unsigned long flags = uk_sched_lock();
	int rc = uk_lwip_socket_events(s, &evs[s].rcv, &evs[s].snd,
				       &evs[s].err, &evs[s].peer_closed);

	uk_sched_unlock(flags);
	CHECK(!rc, "uk_lwip_socket_events(%d): %d", s, rc);
}

#define WAIT_FOR(cond, ...)						\
	do {								\
		if (uk_waitq_wait_event(&ev_wq, (cond),			\
					uk_now_plus(WAIT_NS)))		\
			fail(__VA_ARGS__);				\
	} while (0)

static uint64_t uk_now_plus(uint64_t ns)
{
	return now_ns() + ns;
}

/* --- blocking TCP echo --------------------------------------------------------- */

struct echo_server {
	int listener, family;
	size_t bytes;
};

static void *tcp_echo_server(void *arg)
{
	struct echo_server *srv = arg;
	static unsigned char buf[16384];
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	int c = MUST(lwip_accept(srv->listener, (struct sockaddr *)&peer,
				 &plen));
	ssize_t n;

	check_addr(&peer, plen, srv->family, 0, "accept's peer address");
	while ((n = MUST(lwip_recv(c, buf, sizeof(buf), 0))) > 0) {
		send_all(c, buf, n);
		srv->bytes += n;
	}
	MUST(lwip_close(c));
	return NULL;
}

static void tcp_echo(int family)
{
	static const size_t sizes[] = { 1, 100, 1460, 1461, 4000, 9000,
					32768 };
	static unsigned char out[32768], in[32768];
	struct echo_server srv = { .family = family };
	struct sockaddr_storage ss, got;
	socklen_t len = make_addr(family, PORT_TCP, &ss), glen;
	size_t total = 0, rounds = 0;
	int one = 1, c;
	pthread_t t;
	uint64_t t0, t1;

	srv.listener = MUST(lwip_socket(family, SOCK_STREAM, 0));
	MUST(lwip_setsockopt(srv.listener, SOL_SOCKET, SO_REUSEADDR, &one,
			     sizeof(one)));
	MUST(lwip_bind(srv.listener, (struct sockaddr *)&ss, len));
	MUST(lwip_listen(srv.listener, 4));
	CHECK(!pthread_create(&t, NULL, tcp_echo_server, &srv),
	      "pthread_create");

	c = MUST(lwip_socket(family, SOCK_STREAM, 0));
	MUST(lwip_connect(c, (struct sockaddr *)&ss, len));
	glen = sizeof(got);
	MUST(lwip_getpeername(c, (struct sockaddr *)&got, &glen));
	check_addr(&got, glen, family, PORT_TCP, "getpeername");
	glen = sizeof(got);
	MUST(lwip_getsockname(c, (struct sockaddr *)&got, &glen));
	check_addr(&got, glen, family, 0, "getsockname");

	t0 = now_ns();
	while (total < 1024 * 1024) {
		size_t n = sizes[rounds % ARRAY_SIZE(sizes)];

		fill(out, total, n);
		send_all(c, out, n);
		recv_all(c, in, n);
		verify(in, total, n, "tcp echo");
		total += n;
		rounds++;
	}
	t1 = now_ns();
	MUST(lwip_close(c));
	pthread_join(t, NULL);
	MUST(lwip_close(srv.listener));
	CHECK(srv.bytes == total, "the server echoed %zu of %zu bytes",
	      srv.bytes, total);
	printf("tcp echo (blocking, %s): %zu bytes in %zu round trips, "
	       "%llu ms (%llu KiB/s)\n", name_of(family), total, rounds,
	       (unsigned long long)(t1 - t0) / 1000000,
	       (unsigned long long)(total * 1000000000ULL / 1024 /
				    (t1 - t0 + 1)));
}

/* --- blocking UDP echo --------------------------------------------------------- */

static void *udp_echo_server(void *arg)
{
	int s = *(int *)arg;
	static char buf[9000];
	struct sockaddr_storage peer;

	for (;;) {
		socklen_t plen = sizeof(peer);
		ssize_t n = MUST(lwip_recvfrom(s, buf, sizeof(buf), 0,
					       (struct sockaddr *)&peer,
					       &plen));

		MUST(lwip_sendto(s, buf, n, 0, (struct sockaddr *)&peer,
				 plen));
		if (n == 4 && !memcmp(buf, "quit", 4))
			return NULL;
	}
}

static void udp_echo(int family)
{
	static const size_t sizes[] = { 1, 1000, 8000, 0 };
	static unsigned char out[8000], in[9000];
	struct sockaddr_storage ss, from;
	socklen_t len = make_addr(family, PORT_UDP, &ss), flen;
	int srv, c;
	pthread_t t;
	size_t i;

	srv = MUST(lwip_socket(family, SOCK_DGRAM, 0));
	MUST(lwip_bind(srv, (struct sockaddr *)&ss, len));
	CHECK(!pthread_create(&t, NULL, udp_echo_server, &srv),
	      "pthread_create");
	c = MUST(lwip_socket(family, SOCK_DGRAM, 0));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		ssize_t n;

		fill(out, i * 100, sizes[i]);
		MUST(lwip_sendto(c, out, sizes[i], 0, (struct sockaddr *)&ss,
				 len));
		flen = sizeof(from);
		n = MUST(lwip_recvfrom(c, in, sizeof(in), 0,
				       (struct sockaddr *)&from, &flen));
		CHECK((size_t)n == sizes[i], "udp: %zd bytes back, sent %zu",
		      n, sizes[i]);
		verify(in, i * 100, n, "udp echo");
		check_addr(&from, flen, family, PORT_UDP, "recvfrom's source");
	}
	MUST(lwip_sendto(c, "quit", 4, 0, (struct sockaddr *)&ss, len));
	MUST(lwip_recv(c, in, sizeof(in), 0));
	pthread_join(t, NULL);
	MUST(lwip_close(c));
	MUST(lwip_close(srv));
	printf("udp echo (blocking, %s): %zu datagrams of 1 to 8000 bytes "
	       "(and an empty one) back from their source\n", name_of(family),
	       ARRAY_SIZE(sizes));
}

/* --- options and errors ---------------------------------------------------------- */

static int getopt_int(int s, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	MUST(lwip_getsockopt(s, level, name, &v, &len));
	CHECK(len == sizeof(v), "getsockopt(%d, %d): length %u", level, name,
	      (unsigned int)len);
	return v;
}

static void options_and_errors(void)
{
	int s = MUST(lwip_socket(AF_INET, SOCK_STREAM, 0));
	int one = 1, idle = 7;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char buf[4];

	/* Linux's numbers: SOL_SOCKET 1, SO_REUSEADDR 2, TCP_NODELAY 1... */
	CHECK(getopt_int(s, SOL_SOCKET, SO_TYPE) == SOCK_STREAM, "SO_TYPE");
	MUST(lwip_setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
	CHECK(getopt_int(s, SOL_SOCKET, SO_REUSEADDR) != 0, "SO_REUSEADDR");
	MUST(lwip_setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one)));
	CHECK(getopt_int(s, SOL_SOCKET, SO_KEEPALIVE) != 0, "SO_KEEPALIVE");
	MUST(lwip_setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
	CHECK(getopt_int(s, IPPROTO_TCP, TCP_NODELAY) != 0, "TCP_NODELAY");
	MUST(lwip_setsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &idle,
			     sizeof(idle)));
	CHECK(getopt_int(s, IPPROTO_TCP, TCP_KEEPIDLE) == 7, "TCP_KEEPIDLE");
	CHECK(getopt_int(s, SOL_SOCKET, SO_ERROR) == 0, "SO_ERROR");
	CHECK(lwip_fcntl(s, F_GETFL, 0) == O_RDWR, "F_GETFL: %#x",
	      lwip_fcntl(s, F_GETFL, 0));
	MUST(lwip_fcntl(s, F_SETFL, O_NONBLOCK));
	CHECK(lwip_fcntl(s, F_GETFL, 0) == (O_RDWR | O_NONBLOCK),
	      "F_GETFL after O_NONBLOCK: %#x", lwip_fcntl(s, F_GETFL, 0));

	/* errors: in uk_lwip_errno, musl's errno untouched */
	errno = 0;
	CHECK(lwip_getpeername(s, (struct sockaddr *)&ss, &len) == -1 &&
	      uk_lwip_error() == ENOTCONN, "getpeername before connect: %s",
	      strerror(uk_lwip_error()));
	CHECK(lwip_recv(UK_LWIP_NUM_SOCKETS + 5, buf, 1, 0) == -1 &&
	      uk_lwip_error() == EBADF, "recv on a bad socket: %s",
	      strerror(uk_lwip_error()));
	CHECK(lwip_setsockopt(s, SOL_SOCKET, SO_PEERCRED, &one,
			      sizeof(one)) == -1 &&
	      uk_lwip_error() == ENOPROTOOPT, "an unknown option: %s",
	      strerror(uk_lwip_error()));
	CHECK(errno == 0, "lwIP changed errno to %d", errno);
	MUST(lwip_close(s));
	printf("options by their Linux names (SO_TYPE, SO_REUSEADDR, "
	       "SO_KEEPALIVE, TCP_NODELAY, TCP_KEEPIDLE, SO_ERROR, O_NONBLOCK) "
	       "ok; errors in uk_lwip_errno (ENOTCONN, EBADF, ENOPROTOOPT), "
	       "errno untouched\n");
}

/* --- non-blocking TCP and UDP, driven by the hook -------------------------------- */

static int nonblocking_socket(int family, int type)
{
	int s = MUST(lwip_socket(family, type, 0));
	int one = 1;

	MUST(lwip_ioctl(s, FIONBIO, &one));
	refresh(s);
	return s;
}

static int would_block(ssize_t r)
{
	return r == -1 && (uk_lwip_error() == EAGAIN ||
			   uk_lwip_error() == EWOULDBLOCK);
}

static void tcp_nonblocking(void)
{
	enum { TOTAL = 512 * 1024 };
	static unsigned char out[16384], in[8192];
	struct sockaddr_storage ss;
	socklen_t len = make_addr(AF_INET, PORT_NB, &ss);
	size_t sent = 0, got = 0;
	unsigned long send_blocked = 0, waits = 0, snd_before;
	int l, c, a, err;
	socklen_t elen;
	ssize_t n;

	l = nonblocking_socket(AF_INET, SOCK_STREAM);
	MUST(lwip_bind(l, (struct sockaddr *)&ss, len));
	MUST(lwip_listen(l, 4));
	c = nonblocking_socket(AF_INET, SOCK_STREAM);
	CHECK(!evs[c].snd && !evs[c].rcv, "a new TCP socket is ready");
	CHECK(lwip_connect(c, (struct sockaddr *)&ss, len) == -1 &&
	      uk_lwip_error() == EINPROGRESS, "connect: %s",
	      strerror(uk_lwip_error()));
	WAIT_FOR(evs[l].rcv > 0, "no receive event on the listener");
	WAIT_FOR(evs[c].snd, "no send event on the connecting socket");
	a = MUST(lwip_accept(l, NULL, NULL));
	refresh(a);
	refresh(l);
	CHECK(evs[a].snd && !evs[l].rcv, "after accept: send %d, listener "
	      "receive %d", evs[a].snd, evs[l].rcv);
	CHECK(would_block(lwip_accept(l, NULL, NULL)), "a second accept");
	MUST(lwip_ioctl(a, FIONBIO, &(int){ 1 }));
	CHECK(would_block(lwip_recv(a, in, sizeof(in), 0)),
	      "recv with nothing there");

	/* 512 KiB through 64 KiB of buffers: the sender runs out */
	snd_before = ev_snd_up;
	while (sent < TOTAL || got < TOTAL) {
		int progress = 0;

		if (sent < TOTAL) {
			size_t k = MIN(sizeof(out), TOTAL - sent);

			fill(out, sent, k);
			n = lwip_send(c, out, k, 0);
			if (n > 0) {
				sent += n;
				progress = 1;
			} else {
				CHECK(would_block(n), "send: %s",
				      strerror(uk_lwip_error()));
				send_blocked++;
			}
		}
		if (got < TOTAL) {
			n = lwip_recv(a, in, sizeof(in), 0);
			refresh(a);
			if (n > 0) {
				verify(in, got, n, "non-blocking tcp");
				got += n;
				progress = 1;
			} else {
				CHECK(would_block(n), "recv: %s",
				      strerror(uk_lwip_error()));
			}
		}
		if (!progress) {
			waits++;
			WAIT_FOR((sent < TOTAL && evs[c].snd) ||
				 (got < TOTAL && evs[a].rcv > 0),
				 "stuck at %zu sent, %zu received (send %d, "
				 "receive %d)", sent, got, evs[c].snd,
				 evs[a].rcv);
		}
	}
	CHECK(send_blocked > 0 && ev_snd_up > snd_before,
	      "the sender never ran out of buffer (%lu, %lu)", send_blocked,
	      ev_snd_up - snd_before);
	printf("tcp non-blocking (event hook): %d bytes, the sender ran out "
	       "of buffer %lu times, %lu waits for the hook's events\n",
	       TOTAL, send_blocked, waits);

	/* a partly read buffer: no event says it is there, the query does */
	fill(out, 0, 1000);
	send_all(c, out, 1000);
	WAIT_FOR(evs[a].rcv > 0, "no receive event for 1000 bytes");
	CHECK(MUST(lwip_recv(a, in, 100, 0)) == 100, "recv 100");
	{
		int hook_rcv = evs[a].rcv;

		refresh(a);
		CHECK(evs[a].rcv > 0, "after reading 100 of 1000 bytes, "
		      "uk_lwip_socket_events says nothing is left");
		CHECK(MUST(lwip_recv(a, in + 100, 1000, 0)) == 900,
		      "recv the other 900");
		verify(in, 0, 1000, "partly read");
		refresh(a);
		CHECK(!evs[a].rcv, "all read, receive %d", evs[a].rcv);
		printf("partly read buffer: after 100 of 1000 bytes the hook "
		       "said %d, uk_lwip_socket_events %s\n", hook_rcv,
		       "1 (the rest is kept)");
	}

	/* end of stream, both ways: the FIN is told apart from data */
	CHECK(!evs[a].peer_closed, "the peer closed before it did");
	MUST(lwip_shutdown(c, SHUT_WR));
	WAIT_FOR(evs[a].rcv > 0, "no receive event for the end of stream");
	CHECK(evs[a].peer_closed, "the end of stream is not said apart");
	refresh(a);
	CHECK(evs[a].peer_closed, "uk_lwip_socket_events: no peer_closed");
	CHECK(MUST(lwip_recv(a, in, sizeof(in), 0)) == 0, "no end of stream");
	MUST(lwip_close(a));
	WAIT_FOR(evs[c].rcv > 0, "no receive event for the peer's close");
	CHECK(MUST(lwip_recv(c, in, sizeof(in), 0)) == 0,
	      "no end of stream after the peer's close");
	MUST(lwip_close(c));
	MUST(lwip_close(l));

	/* a refused connection: the error event, SO_ERROR */
	c = nonblocking_socket(AF_INET, SOCK_STREAM);
	len = make_addr(AF_INET, PORT_CLOSED, &ss);
	CHECK(lwip_connect(c, (struct sockaddr *)&ss, len) == -1 &&
	      uk_lwip_error() == EINPROGRESS, "connect: %s",
	      strerror(uk_lwip_error()));
	WAIT_FOR(evs[c].err, "no error event for a refused connection");
	elen = sizeof(err);
	MUST(lwip_getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &elen));
	CHECK(err == ECONNRESET || err == ECONNREFUSED, "SO_ERROR: %d", err);
	MUST(lwip_close(c));
	printf("end of stream both ways; a refused connection: error event, "
	       "SO_ERROR %s\n", err == ECONNRESET ? "ECONNRESET" :
	       "ECONNREFUSED");
}

static void udp_nonblocking(void)
{
	struct sockaddr_storage ss, from;
	socklen_t len = make_addr(AF_INET, PORT_NB_UDP, &ss), flen;
	char buf[64];
	int r, s;

	r = nonblocking_socket(AF_INET, SOCK_DGRAM);
	s = nonblocking_socket(AF_INET, SOCK_DGRAM);
	CHECK(evs[r].snd && evs[s].snd && !evs[r].rcv,
	      "a new UDP socket can send");
	MUST(lwip_bind(r, (struct sockaddr *)&ss, len));
	CHECK(would_block(lwip_recv(r, buf, sizeof(buf), 0)), "empty recv");
	MUST(lwip_sendto(s, "one", 3, 0, (struct sockaddr *)&ss, len));
	MUST(lwip_sendto(s, "two", 3, 0, (struct sockaddr *)&ss, len));
	WAIT_FOR(evs[r].rcv == 2, "no two receive events (%d)", evs[r].rcv);
	flen = sizeof(from);
	CHECK(MUST(lwip_recvfrom(r, buf, sizeof(buf), 0,
				 (struct sockaddr *)&from, &flen)) == 3 &&
	      !memcmp(buf, "one", 3), "first datagram");
	refresh(r);
	CHECK(evs[r].rcv == 1, "one left, receive %d", evs[r].rcv);
	CHECK(MUST(lwip_recv(r, buf, sizeof(buf), 0)) == 3 &&
	      !memcmp(buf, "two", 3), "second datagram");
	refresh(r);
	CHECK(!evs[r].rcv, "none left");
	MUST(lwip_close(s));
	MUST(lwip_close(r));
	printf("udp non-blocking (event hook): two datagrams, two receive "
	       "events, counted down as read\n");
}

/* --- statistics ------------------------------------------------------------------ */

struct snapshot {
	unsigned long memp[MEMP_MAX];
	unsigned long heap, sem, mutex, mbox;
};

static void snap(struct snapshot *s)
{
	uk_lwip_lock();
	for (int i = 0; i < MEMP_MAX; i++)
		s->memp[i] = lwip_stats.memp[i]->used;
	s->heap = lwip_stats.mem.used;
	s->sem = lwip_stats.sys.sem.used;
	s->mutex = lwip_stats.sys.mutex.used;
	s->mbox = lwip_stats.sys.mbox.used;
	uk_lwip_unlock();
}

static int same(const struct snapshot *a, const struct snapshot *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static void leak_check(const struct snapshot *start)
{
	struct snapshot end;
	uint64_t t0 = now_ns();
	int i;

	/* TIME-WAIT PCBs go after 2 * TCP_MSL (1 s here) */
	do {
		usleep(100000);
		snap(&end);
	} while (!same(start, &end) && now_ns() - t0 < 10 * 1000000000ULL);

	printf("lwIP's statistics, in use at the start -> at the end (most):\n");
	for (i = 0; i < MEMP_MAX; i++) {
		if (!lwip_stats.memp[i]->max && !start->memp[i])
			continue;
		printf("  pool %-18s %4lu -> %4lu  (%u)%s\n",
		       lwip_stats.memp[i]->name, start->memp[i], end.memp[i],
		       (unsigned int)lwip_stats.memp[i]->max,
		       start->memp[i] != end.memp[i] ? "  LEAK" : "");
	}
	printf("  heap %-18s %4lu -> %4lu  (%u) bytes%s\n", "(PBUF_RAM...)",
	       start->heap, end.heap, (unsigned int)lwip_stats.mem.max,
	       start->heap != end.heap ? "  LEAK" : "");
	printf("  sys  semaphores %lu -> %lu, mutexes %lu -> %lu, mailboxes "
	       "%lu -> %lu\n", start->sem, end.sem, start->mutex, end.mutex,
	       start->mbox, end.mbox);
	printf("  tcp: %lu segments sent, %lu received; udp: %lu sent, %lu "
	       "received\n", (unsigned long)lwip_stats.tcp.xmit,
	       (unsigned long)lwip_stats.tcp.recv,
	       (unsigned long)lwip_stats.udp.xmit,
	       (unsigned long)lwip_stats.udp.recv);
	CHECK(same(start, &end), "lwIP's pools, heap or sys objects are not "
	      "back at their start values");
	printf("no leak: every pool, the heap and the sys objects back at "
	       "their start values (%llu ms after the last close)\n",
	       (unsigned long long)(now_ns() - t0) / 1000000);
}

int main(void)
{
	struct snapshot start;

	printf("lwiptest: lwIP " LWIP_VERSION_STRING " over its loopback "
	       "interface (127.0.0.1%s), %s\n", LWIP_IPV6 ? ", ::1" : "",
	       MEMP_MEM_MALLOC ? "memory from the kit's allocator" :
	       "memory from lwIP's pools");
	snap(&start);
	uk_lwip_set_socket_event_hook(on_socket_event);

	tcp_echo(AF_INET);
#if LWIP_IPV6
	tcp_echo(AF_INET6);
#endif
	udp_echo(AF_INET);
#if LWIP_IPV6
	udp_echo(AF_INET6);
#endif
	options_and_errors();
	tcp_nonblocking();
	udp_nonblocking();

	printf("event hook: %lu reports (receive up %lu, down %lu; send up "
	       "%lu, down %lu; error %lu)\n", ev_reports, ev_rcv_up,
	       ev_rcv_down, ev_snd_up, ev_snd_down, ev_err_up);
	CHECK(ev_rcv_up && ev_rcv_down && ev_snd_up && ev_snd_down &&
	      ev_err_up, "the hook missed a kind of event");
	CHECK(!ev_unknown, "%lu reports for sockets out of range", ev_unknown);
	uk_lwip_set_socket_event_hook(NULL);

	leak_check(&start);
	printf("lwiptest: all tests passed\n");
	return 0;
}
