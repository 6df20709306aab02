// SPDX-License-Identifier: BSD-3-Clause
/*
 * In-guest micro-benchmarks for make bench. Times are TSC ticks: under
 * TCG with -icount shift=0 that is an exact guest instruction count.
 *   bench syscall [N]   getpid() through libc vs a plain call
 *   bench malloc [N]    mixed malloc/free of small and medium blocks
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int main(int argc, char *argv[])
{
	long n = argc > 2 ? atol(argv[2]) : 100000;

	if (argc > 1 && !strcmp(argv[1], "syscall"))
		bench_syscall(n);
	else if (argc > 1 && !strcmp(argv[1], "malloc"))
		bench_malloc(n);
	else {
		printf("usage: bench syscall|malloc [N]\n");
		return 2;
	}
	return 0;
}
