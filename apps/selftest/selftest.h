/* SPDX-License-Identifier: BSD-3-Clause */
/* What the selftest suites share. */
#ifndef SELFTEST_H
#define SELFTEST_H

#include <stdbool.h>
#include <stdint.h>

/* "initrd" was among the arguments: the runner passed a boot module. */
extern bool selftest_initrd;
/* main's envp, for the environment suite */
extern char **selftest_envp;

/* The crash, hang and console modes (threads.c); -1: not one of them. */
int selftest_thread_mode(const char *mode);

/* A libc call that fails with errno err. */
#define EXPECT_ERR(call, err)						\
	do {								\
		errno = 0;						\
		UK_TEST_EXPECT_EQ((long)(call), -1);			\
		UK_TEST_EXPECT_EQ(errno, err);				\
	} while (0)

/* A fixed-seed PRNG (xorshift64*): the same sequence on every run. */
static inline uint64_t selftest_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

#endif /* SELFTEST_H */
