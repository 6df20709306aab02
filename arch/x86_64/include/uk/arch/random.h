/* SPDX-License-Identifier: BSD-3-Clause */
/* The CPU's random number instructions (RDSEED, RDRAND). */
#ifndef UK_ARCH_RANDOM_H
#define UK_ARCH_RANDOM_H

#include <uk/arch/x86.h>

static inline void uk_arch_random_probe(bool *rdseed, bool *rdrand)
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

/* A 64-bit seed from the entropy source; false if none was ready. */
static inline bool uk_arch_rdseed(uint64_t *v)
{
	bool ok;

	__asm__ __volatile__("rdseed %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

/* 64 bits from the CPU's DRBG; false if none was ready. */
static inline bool uk_arch_rdrand(uint64_t *v)
{
	bool ok;

	__asm__ __volatile__("rdrand %0" : "=r"(*v), "=@ccc"(ok));
	return ok;
}

#endif /* UK_ARCH_RANDOM_H */
