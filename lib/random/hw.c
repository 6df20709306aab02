// SPDX-License-Identifier: BSD-3-Clause
/* RDSEED, RDRAND and the TSC for the random generator. */
#include <uk/arch/x86.h>
#include "hw.h"

void random_hw_probe(bool *rdseed, bool *rdrand)
{
	uint32_t a, b, c, d, max;

	cpuid(0, 0, &max, &b, &c, &d);
	cpuid(1, 0, &a, &b, &c, &d);
	*rdrand = c & (1u << 30);
	*rdseed = false;
	if (max >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		*rdseed = b & (1u << 18);
	}
}

bool random_hw_rdseed(uint64_t *v)
{
	bool ok;

	__asm__ __volatile__("rdseed %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

bool random_hw_rdrand(uint64_t *v)
{
	bool ok;

	__asm__ __volatile__("rdrand %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

uint64_t random_hw_tsc(void)
{
	return rdtsc();
}
