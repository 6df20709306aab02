// SPDX-License-Identifier: BSD-3-Clause
/*
 * LD_PRELOAD shim for the load generator (wrk): TCP connects at least
 * PACE_MS milliseconds apart (default 3).
 *
 * QEMU's user-mode networking (libslirp 4.7) listens on a hostfwd port
 * with a backlog of 1 and accepts one connection per pass of its main
 * loop. wrk -c30 opens its 30 connections within a few microseconds; the
 * host kernel's accept queue holds 2, so it drops the other SYNs, and the
 * clients retry on the SYN backoff (1 s, 3 s, 7 s...): a 10 s run then
 * starts with a few connections, reports timeouts and latencies of
 * seconds, and measures the backoff rather than the server. Spacing the
 * connects gives QEMU time to accept each one; connects that are far apart
 * already (wrk reconnecting once in a while) are not delayed. The load on
 * the server is unchanged once the connections are up.
 *
 * Build: gcc -shared -fPIC -O2 -o pace.so pace.c -ldl
 * Use:   LD_PRELOAD=./pace.so PACE_MS=3 wrk ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

static int (*real_connect)(int, const struct sockaddr *, socklen_t);
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long long last_ns = -1;
static long long gap_ns = -1;

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int is_tcp(int fd, const struct sockaddr *sa)
{
	int type = 0;
	socklen_t len = sizeof type;

	if (!sa || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6))
		return 0;
	return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	       type == SOCK_STREAM;
}

int connect(int fd, const struct sockaddr *sa, socklen_t salen)
{
	int saved = errno;

	if (!real_connect)
		real_connect = (int (*)(int, const struct sockaddr *,
					socklen_t))dlsym(RTLD_NEXT, "connect");
	if (!real_connect) {
		errno = ENOSYS;
		return -1;
	}
	if (is_tcp(fd, sa)) {
		long long t, wait;

		pthread_mutex_lock(&lock);
		if (gap_ns < 0) {
			const char *v = getenv("PACE_MS");
			double ms = v && *v ? atof(v) : 3.0;

			gap_ns = ms > 0 ? (long long)(ms * 1e6) : 0;
		}
		t = now_ns();
		wait = last_ns < 0 ? 0 : last_ns + gap_ns - t;
		if (wait > 0) {
			struct timespec d = { wait / 1000000000LL,
					      wait % 1000000000LL };

			while (nanosleep(&d, &d) < 0 && errno == EINTR)
				;
			t = now_ns();
		}
		last_ns = t;
		pthread_mutex_unlock(&lock);
	}
	errno = saved;
	return real_connect(fd, sa, salen);
}
