/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel random numbers: a ChaCha20 generator in fast-key-erasure style,
 * seeded on first use from RDSEED/RDRAND (and the TSC), or from the
 * kernel parameter random.seed=<hex> on CPUs without either. The same
 * generator serves getrandom(). Not safe to call concurrently (single
 * CPU, no preemption: callers need no lock today).
 */
#ifndef UK_RANDOM_H
#define UK_RANDOM_H

#include <stddef.h>

/* Fills buf with len cryptographically strong random bytes. */
void uk_random_fill(void *buf, size_t len);

/*
 * Mixes fresh hardware entropy into the generator now rather than at
 * the next automatic reseed (after every MiB of output).
 */
void uk_random_reseed(void);

#endif /* UK_RANDOM_H */
