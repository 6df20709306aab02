/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU's entropy sources, apart from random.c so that host tests can
 * replace them with fakes.
 */
#ifndef RANDOM_HW_H
#define RANDOM_HW_H

#include <stdbool.h>
#include <stdint.h>

/* What CPUID says: RDSEED (leaf 7 EBX bit 18), RDRAND (leaf 1 ECX 30). */
void random_hw_probe(bool *rdseed, bool *rdrand);
/* One attempt each: false when the CPU had nothing ready (CF=0). */
bool random_hw_rdseed(uint64_t *v);
bool random_hw_rdrand(uint64_t *v);
uint64_t random_hw_tsc(void);

#endif /* RANDOM_HW_H */
