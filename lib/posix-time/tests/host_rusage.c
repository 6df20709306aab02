// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests for getrusage over a fake monotonic clock, halted time and
 * page check.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "host-test.h"

#include "../rusage.c"

static uint64_t fake_now, fake_idle;
static bool fake_bad;		/* the app's pointer is not writable */

uint64_t ukplat_monotonic_ns(void)
{
	return fake_now;
}

uint64_t ukplat_idle_ns(void)
{
	return fake_idle;
}

bool ukplat_user_range_ok(const void *p, size_t len, bool write)
{
	(void)len;
	(void)write;
	return p && !fake_bad;
}

static long call(int who, struct rusage *ru)
{
	return uk_syscall_r_getrusage(who, (long)ru, 0, 0, 0, 0);
}

/* CPU time is the time not halted, all of it user time. */
HOST_TEST(self_is_cpu_time)
{
	struct rusage ru;

	fake_now = 5123456789ULL;
	fake_idle = 2000000000ULL;
	memset(&ru, 0xa5, sizeof(ru));
	CHECK_EQ_INT(call(RUSAGE_SELF, &ru), 0);
	CHECK_EQ_INT(ru.ru_utime.tv_sec, 3);
	CHECK_EQ_INT(ru.ru_utime.tv_usec, 123456);
	CHECK_EQ_INT(ru.ru_stime.tv_sec, 0);
	CHECK_EQ_INT(ru.ru_stime.tv_usec, 0);
	CHECK_EQ_INT(ru.ru_maxrss, 0);
	CHECK_EQ_INT(ru.ru_nvcsw, 0);
	CHECK_EQ_INT(call(RUSAGE_THREAD, &ru), 0);
	CHECK_EQ_INT(ru.ru_utime.tv_sec, 3);
	CHECK_EQ_INT(ru.ru_utime.tv_usec, 123456);
}

/* No children: all zero, whatever the clock says. */
HOST_TEST(children_are_zero)
{
	struct rusage ru, zero;

	fake_now = 9000000000ULL;
	fake_idle = 1;
	memset(&ru, 0xa5, sizeof(ru));
	memset(&zero, 0, sizeof(zero));
	CHECK_EQ_INT(call(RUSAGE_CHILDREN, &ru), 0);
	CHECK(memcmp(&ru, &zero, KRUSAGE_SIZE) == 0);
}

HOST_TEST(bad_input)
{
	struct rusage ru;

	CHECK_EQ_INT(call(2, &ru), -EINVAL);
	CHECK_EQ_INT(call(-2, &ru), -EINVAL);
	CHECK_EQ_INT(call(RUSAGE_SELF, NULL), -EFAULT);
	fake_bad = true;
	CHECK_EQ_INT(call(RUSAGE_SELF, &ru), -EFAULT);
	fake_bad = false;
}

HOST_TEST_MAIN()
