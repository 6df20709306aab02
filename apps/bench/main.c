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
 * The same source runs in a Linux VM (support/bench/linux-vm), built with
 * musl-gcc -static -pthread, for side-by-side figures.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int main(int argc, char *argv[])
{
	long n = argc > 2 ? atol(argv[2]) : 100000;
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
	else {
		printf("usage: bench syscall|malloc|yield|futex|create|open|"
		       "read4k [N]\n");
		return 2;
	}
	return 0;
}
