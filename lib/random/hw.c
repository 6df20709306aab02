// SPDX-License-Identifier: BSD-3-Clause
/*
 * RDSEED, RDRAND and the TSC for the random generator, from uk/arch/
 * (in a file of their own so that host tests can fake them).
 */
#include <uk/arch/random.h>
#include <uk/arch/x86.h>
#include "hw.h"

void random_hw_probe(bool *rdseed, bool *rdrand)
{
	uk_arch_random_probe(rdseed, rdrand);
}

bool random_hw_rdseed(uint64_t *v)
{
	return uk_arch_rdseed(v);
}

bool random_hw_rdrand(uint64_t *v)
{
	return uk_arch_rdrand(v);
}

uint64_t random_hw_tsc(void)
{
	return rdtsc();
}
