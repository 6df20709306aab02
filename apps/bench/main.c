// SPDX-License-Identifier: BSD-3-Clause
/*
 * In-guest micro-benchmarks for make bench. Times are TSC ticks: under
 * TCG with -icount shift=0 that is an exact guest instruction count.
 *   bench syscall [N]   getpid() through libc vs a plain call
 *   bench malloc [N]    mixed malloc/free of small and medium blocks
 *   bench yield [N]     two threads sched_yield() to each other: a switch
 *   bench futex [N]     two threads ping-pong through two semaphores (a
 *                       futex wake and wait each way): a round trip
 *   bench create [N]    pthread_create + pthread_join of a thread that
 *                       returns at once
 *   bench open [N]      open + close of an existing file three directories
 *                       deep (/bench/a/b/file, made first)
 *   bench read4k [N]    pread of 4 KiB at offset 0 of that file
 *   bench epoll N W     epoll_wait (timeout 0) returning the one ready fd
 *                       of W eventfds watched
 *   bench poll N W      poll (timeout 0) on W eventfds, one ready
 *   bench epollpp [N]   two threads ping-pong through two eventfds, each
 *                       waiting in epoll_wait: a round trip
 *   bench fileread N SIZE PATH
 *                       pread of SIZE bytes at offset 0 of PATH (a file of
 *                       a 9p share): ticks and wall microseconds per read
 * The same source runs in a Linux VM (support/bench/linux-vm), built with
 * musl-gcc -static -pthread, for side-by-side figures.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static volatile pid_t sink;

__attribute__((noinline)) static pid_t plain_call(void)
{
	__asm__ __volatile__("");
	return 1;
}

static void bench_syscall(long n)
{
	uint64_t t0, t_call, t_sys;
	long i;

	t0 = tsc();
	for (i = 0; i < n; i++)
		sink = plain_call();
	t_call = tsc() - t0;
	t0 = tsc();
	for (i = 0; i < n; i++)
		sink = getpid();
	t_sys = tsc() - t0;
	printf("bench: syscall getpid n=%ld ticks=%llu per-op=%.2f\n", n,
	       (unsigned long long)t_sys, (double)t_sys / n);
	printf("bench: syscall plain-call n=%ld ticks=%llu per-op=%.2f\n", n,
	       (unsigned long long)t_call, (double)t_call / n);
}

/* xorshift: the same sequence for every allocator */
static uint32_t rng = 2463534242u;

static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

#define SLOTS 1024

static void bench_malloc(long n)
{
	static void *slot[SLOTS];
	uint64_t t0, t;
	long i;

	t0 = tsc();
	for (i = 0; i < n; i++) {
		uint32_t r = next(), k = r % SLOTS;
		/* mostly small blocks, some up to 64 KiB */
		size_t size = (r >> 10) % 16 ? 16 + (r >> 14) % 512 :
			      1024 + (r >> 14) % 65536;

		free(slot[k]);
		slot[k] = malloc(size);
		if (!slot[k]) {
			printf("bench: malloc failed at op %ld\n", i);
			exit(1);
		}
		memset(slot[k], 0xa5, 16);
	}
	t = tsc() - t0;
	for (i = 0; i < SLOTS; i++)
		free(slot[i]);
	printf("bench: malloc mixed n=%ld ticks=%llu per-op=%.1f\n", n,
	       (unsigned long long)t, (double)t / n);
}

static long yield_rounds;

static void *yielder(void *arg)
{
	long i;

	for (i = 0; i < yield_rounds; i++)
		sched_yield();
	return NULL;
}

/* Both threads yield N times: 2N switches between them. */
static void bench_yield(long n)
{
	pthread_t t;
	uint64_t t0, t1;
	long i;

	yield_rounds = n;
	pthread_create(&t, NULL, yielder, NULL);
	sched_yield();		/* let it start */
	t0 = tsc();
	for (i = 0; i < n; i++)
		sched_yield();
	t1 = tsc();
	pthread_join(t, NULL);
	printf("bench: yield switch n=%ld ticks=%llu per-op=%.1f\n", 2 * n,
	       (unsigned long long)(t1 - t0), (double)(t1 - t0) / (2 * n));
}

static sem_t ping, pong;
static long pp_rounds;

static void *ponger(void *arg)
{
	long i;

	for (i = 0; i < pp_rounds; i++) {
		sem_wait(&ping);
		sem_post(&pong);
	}
	return NULL;
}

static void bench_futex(long n)
{
	pthread_t t;
	uint64_t t0, t1;
	long i;

	sem_init(&ping, 0, 0);
	sem_init(&pong, 0, 0);
	pp_rounds = n + 10;
	pthread_create(&t, NULL, ponger, NULL);
	for (i = 0; i < 10; i++) {	/* warm up */
		sem_post(&ping);
		sem_wait(&pong);
	}
	t0 = tsc();
	for (i = 0; i < n; i++) {
		sem_post(&ping);
		sem_wait(&pong);
	}
	t1 = tsc();
	pthread_join(t, NULL);
	printf("bench: futex round-trip n=%ld ticks=%llu per-op=%.1f\n", n,
	       (unsigned long long)(t1 - t0), (double)(t1 - t0) / n);
}

static void *returns(void *arg)
{
	return arg;
}

static void bench_create(long n)
{
	pthread_t t;
	uint64_t t0, t1;
	long i;

	pthread_create(&t, NULL, returns, NULL);	/* warm up */
	pthread_join(t, NULL);
	t0 = tsc();
	for (i = 0; i < n; i++) {
		if (pthread_create(&t, NULL, returns, NULL)) {
			printf("bench: pthread_create failed at %ld\n", i);
			exit(1);
		}
		pthread_join(t, NULL);
	}
	t1 = tsc();
	printf("bench: create+join n=%ld ticks=%llu per-op=%.1f\n", n,
	       (unsigned long long)(t1 - t0), (double)(t1 - t0) / n);
}

/* /bench/a/b/file, 64 KiB of data */
static const char *bench_file(void)
{
	static const char *const dirs[] = { "/bench", "/bench/a",
					    "/bench/a/b" };
	static char buf[65536];
	unsigned int i;
	int fd;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		mkdir(dirs[i], 0755);
	fd = open("/bench/a/b/file", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf)) {
		printf("bench: cannot make /bench/a/b/file\n");
		exit(1);
	}
	close(fd);
	return "/bench/a/b/file";
}

static void bench_open(long n)
{
	const char *path = bench_file();
	uint64_t t0, t;
	long i;

	close(open(path, O_RDONLY));	/* warm up */
	t0 = tsc();
	for (i = 0; i < n; i++)
		close(open(path, O_RDONLY));
	t = tsc() - t0;
	printf("bench: open+close n=%ld ticks=%llu per-op=%.1f\n", n,
	       (unsigned long long)t, (double)t / n);
}

static void bench_read4k(long n)
{
	static char buf[4096];
	int fd = open(bench_file(), O_RDONLY);
	uint64_t t0, t;
	long i;

	pread(fd, buf, sizeof(buf), 0);		/* warm up */
	t0 = tsc();
	for (i = 0; i < n; i++)
		pread(fd, buf, sizeof(buf), 0);
	t = tsc() - t0;
	close(fd);
	printf("bench: read4k n=%ld ticks=%llu per-op=%.1f\n", n,
	       (unsigned long long)t, (double)t / n);
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void bench_fileread(long n, long size, const char *path)
{
	char *buf = malloc(size > 0 ? size : 1);
	int fd = open(path, O_RDONLY);
	uint64_t t0, t;
	double w0, w;
	long i;

	if (fd < 0 || !buf || size <= 0 ||
	    pread(fd, buf, size, 0) != size) {	/* (and a warm-up) */
		printf("bench: fileread: %s: cannot read %ld bytes\n", path,
		       size);
		exit(1);
	}
	w0 = now_us();
	t0 = tsc();
	for (i = 0; i < n; i++)
		if (pread(fd, buf, size, 0) != size)
			exit(1);
	t = tsc() - t0;
	w = now_us() - w0;
	close(fd);
	printf("bench: fileread size=%ld n=%ld ticks=%llu per-op=%.1f "
	       "wall-us=%.2f\n", size, n, (unsigned long long)t,
	       (double)t / n, w / n);
}

/* W eventfds, the first one readable (never read: it stays so). */
static int *eventfds(long w)
{
	struct rlimit lim = { w + 64, w + 64 };
	uint64_t one = 1;
	int *fds = malloc(w * sizeof(*fds));
	long i;

	if (w + 64 > 1024 && setrlimit(RLIMIT_NOFILE, &lim)) {
		printf("bench: setrlimit(RLIMIT_NOFILE, %ld) failed\n", w + 64);
		exit(1);
	}
	for (i = 0; i < w; i++) {
		fds[i] = eventfd(0, EFD_NONBLOCK);
		if (fds[i] < 0) {
			printf("bench: eventfd %ld failed\n", i);
			exit(1);
		}
	}
	if (write(fds[0], &one, 8) != 8)
		exit(1);
	return fds;
}

static void bench_epoll(long n, long w)
{
	struct epoll_event ev[8];
	int *fds = eventfds(w), ep = epoll_create1(0);
	uint64_t t0, t;
	long i;

	for (i = 0; i < w; i++) {
		ev[0].events = EPOLLIN;
		ev[0].data.u64 = i;
		epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev[0]);
	}
	if (epoll_wait(ep, ev, 8, 0) != 1)
		printf("bench: epoll_wait does not see one ready fd\n");
	t0 = tsc();
	for (i = 0; i < n; i++)
		epoll_wait(ep, ev, 8, 0);
	t = tsc() - t0;
	printf("bench: epoll_wait watched=%ld n=%ld ticks=%llu per-op=%.1f\n",
	       w, n, (unsigned long long)t, (double)t / n);
}

static void bench_poll(long n, long w)
{
	struct pollfd *p = malloc(w * sizeof(*p));
	int *fds = eventfds(w);
	uint64_t t0, t;
	long i;

	for (i = 0; i < w; i++)
		p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
	if (poll(p, w, 0) != 1)
		printf("bench: poll does not see one ready fd\n");
	t0 = tsc();
	for (i = 0; i < n; i++)
		poll(p, w, 0);
	t = tsc() - t0;
	printf("bench: poll fds=%ld n=%ld ticks=%llu per-op=%.1f\n", w, n,
	       (unsigned long long)t, (double)t / n);
}

/* ping-pong: each side waits in epoll_wait, reads, writes the other */
static int pp_fd[2], pp_ep[2];
static long pp_n;

static void pp_step(int side)
{
	struct epoll_event ev;
	uint64_t v;

	epoll_wait(pp_ep[side], &ev, 1, -1);
	if (read(pp_fd[side], &v, 8) != 8)
		exit(1);
}

static void *ponger_ep(void *arg)
{
	uint64_t one = 1;
	long i;

	for (i = 0; i < pp_n; i++) {
		pp_step(1);
		if (write(pp_fd[0], &one, 8) != 8)
			exit(1);
	}
	return NULL;
}

static void bench_epollpp(long n)
{
	struct epoll_event ev = { .events = EPOLLIN };
	uint64_t one = 1, t0, t;
	pthread_t th;
	long i;

	for (i = 0; i < 2; i++) {
		pp_fd[i] = eventfd(0, EFD_NONBLOCK);
		pp_ep[i] = epoll_create1(0);
		epoll_ctl(pp_ep[i], EPOLL_CTL_ADD, pp_fd[i], &ev);
	}
	pp_n = n + 1;
	pthread_create(&th, NULL, ponger_ep, NULL);
	if (write(pp_fd[1], &one, 8) != 8)	/* warm up */
		exit(1);
	pp_step(0);
	t0 = tsc();
	for (i = 0; i < n; i++) {
		if (write(pp_fd[1], &one, 8) != 8)
			exit(1);
		pp_step(0);
	}
	t = tsc() - t0;
	pthread_join(th, NULL);
	printf("bench: epoll ping-pong n=%ld ticks=%llu per-op=%.1f\n", n,
	       (unsigned long long)t, (double)t / n);
}

int main(int argc, char *argv[])
{
	long n = argc > 2 ? atol(argv[2]) : 100000;
	long w = argc > 3 ? atol(argv[3]) : 10;
	const char *m = argc > 1 ? argv[1] : "";

	if (!strcmp(m, "syscall"))
		bench_syscall(n);
	else if (!strcmp(m, "malloc"))
		bench_malloc(n);
	else if (!strcmp(m, "yield"))
		bench_yield(n);
	else if (!strcmp(m, "futex"))
		bench_futex(n);
	else if (!strcmp(m, "create"))
		bench_create(n);
	else if (!strcmp(m, "open"))
		bench_open(n);
	else if (!strcmp(m, "read4k"))
		bench_read4k(n);
	else if (!strcmp(m, "epoll"))
		bench_epoll(n, w);
	else if (!strcmp(m, "poll"))
		bench_poll(n, w);
	else if (!strcmp(m, "epollpp"))
		bench_epollpp(n);
	else if (!strcmp(m, "fileread") && argc > 4)
		bench_fileread(n, w, argv[4]);
	else {
		printf("usage: bench syscall|malloc|yield|futex|create|open|"
		       "read4k|epollpp [N], bench epoll|poll N W, bench fileread "
		       "N SIZE PATH\n");
		return 2;
	}
	return 0;
}
