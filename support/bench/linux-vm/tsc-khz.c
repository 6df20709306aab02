// SPDX-License-Identifier: BSD-3-Clause
/*
 * Prints the host's TSC rate in kHz, measured against CLOCK_MONOTONIC_RAW
 * over about 200 ms (the best of three rounds of 64 ms). Under TCG without
 * -icount the guest's TSC is the host's (QEMU's rdtsc reads the host
 * counter), so this is the tsc_early_khz= a Linux guest needs there.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC_RAW, &t);
	return (uint64_t)t.tv_sec * 1000000000u + t.tv_nsec;
}

int main(void)
{
	double best = 0;

	for (int round = 0; round < 3; round++) {
		struct timespec d = { 0, 64000000 };
		uint64_t t0 = tsc(), n0 = ns(), n1, t1;
		double khz;

		nanosleep(&d, NULL);
		n1 = ns();
		t1 = tsc();
		khz = (double)(t1 - t0) * 1e6 / (double)(n1 - n0);
		/* the TSC reads bracket the clock reads: a delay between two
		 * reads can only make the rate look higher, so keep the
		 * lowest */
		if (!best || khz < best)
			best = khz;
	}
	printf("%.0f\n", best);
	return 0;
}
