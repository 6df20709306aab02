// SPDX-License-Identifier: BSD-3-Clause
/*
 * Thread-local storage as the app sees it (musl copies the image's TLS
 * template below the thread pointer in FS), errno (itself thread-local in
 * musl), and syscalls nobody provides.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <uk/test.h>

#ifndef ARCH_GET_FS
#define ARCH_GET_FS	0x1003
#endif

/* the template, as the link script lays it out */
extern char __uk_tls_start[], __uk_tls_end[];

/* not static: the compiler may not fold them into constants */
__thread long selftest_tls_arr[4] = { 1, -2, 3, 0x123456789L };
__thread const char *selftest_tls_str = "thread-local";
static __thread int tls_int = 42;
static __thread int tls_zero;
static __thread char tls_zbuf[200];
static __thread char tls_aligned[8] __aligned(64) = "al";
static int global_int = 42;

/* The thread pointer: musl keeps a pointer to itself at %fs:0. */
static uintptr_t thread_pointer(void)
{
	uintptr_t tp;

	__asm__ ("movq %%fs:0, %0" : "=r"(tp));
	return tp;
}

UK_TESTCASE(tls, initialized_variables_tdata)
{
	UK_TEST_EXPECT_EQ(tls_int, 42);
	UK_TEST_EXPECT_EQ(selftest_tls_arr[0], 1);
	UK_TEST_EXPECT_EQ(selftest_tls_arr[1], -2);
	UK_TEST_EXPECT_EQ(selftest_tls_arr[3], 0x123456789L);
	UK_TEST_EXPECT_STR_EQ(selftest_tls_str, "thread-local");
	UK_TEST_EXPECT_STR_EQ(tls_aligned, "al");
}

UK_TESTCASE(tls, zero_initialized_variables_tbss)
{
	size_t i, nonzero = 0;

	UK_TEST_EXPECT_EQ(tls_zero, 0);
	for (i = 0; i < sizeof(tls_zbuf); i++)
		nonzero += tls_zbuf[i] != 0;
	UK_TEST_EXPECT_EQ(nonzero, 0);
}

UK_TESTCASE(tls, writes_stick_and_template_stays)
{
	int *p = &tls_int;

	tls_int = 7;
	tls_zero = 9;
	tls_zbuf[199] = 'z';
	selftest_tls_arr[2] = -3;
	UK_TEST_EXPECT_EQ(*p, 7);
	UK_TEST_EXPECT_EQ(tls_zero, 9);
	UK_TEST_EXPECT_EQ(tls_zbuf[199], 'z');
	UK_TEST_EXPECT_EQ(selftest_tls_arr[2], -3);
	UK_TEST_EXPECT_EQ(global_int, 42);
	tls_int = 42;
	tls_zero = 0;
	tls_zbuf[199] = 0;
	selftest_tls_arr[2] = 3;
}

UK_TESTCASE(tls, copy_lives_below_the_thread_pointer)
{
	uintptr_t tp = thread_pointer(), fs = 0;
	uintptr_t a = (uintptr_t)&tls_int, tsize;

	tsize = __uk_tls_end - __uk_tls_start;
	UK_TEST_ASSERT_NE(tp, 0);
	UK_TEST_EXPECT_EQ(syscall(SYS_arch_prctl, ARCH_GET_FS, &fs), 0);
	UK_TEST_EXPECT_EQ(fs, tp);
	/* distinct from globals and from the template itself */
	UK_TEST_EXPECT_PTR_NE(&tls_int, &global_int);
	UK_TEST_EXPECT(a < (uintptr_t)__uk_tls_start ||
		       a >= (uintptr_t)__uk_tls_end);
	/* x86_64 (variant II): the block ends at the thread pointer */
	UK_TEST_EXPECT_LT(a, tp);
	UK_TEST_EXPECT_GE(a, tp - tsize - 64);
	UK_TEST_EXPECT_EQ((uintptr_t)tls_aligned % 64, 0);
	UK_TEST_EXPECT_GE(tsize, sizeof(tls_zbuf) + sizeof(selftest_tls_arr));
}

UK_TESTCASE(tls, errno_is_thread_local)
{
	uintptr_t tp = thread_pointer(), e = (uintptr_t)&errno;

	/* musl's errno is a field of the thread structure at tp */
	UK_TEST_EXPECT_GE(e, tp);
	UK_TEST_EXPECT_LT(e, tp + 4096);
}

UK_TESTCASE(errno, set_by_a_failing_call)
{
	struct timespec ts;
	struct rlimit rl;

	errno = 0;
	UK_TEST_EXPECT_EQ(clock_gettime((clockid_t)1234, &ts), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(getrlimit(9999, &rl), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	/* success leaves errno alone */
	errno = 1234;
	UK_TEST_EXPECT_EQ(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	UK_TEST_EXPECT_EQ(errno, 1234);
	errno = 0;
}

UK_TESTCASE(errno, unprovided_syscall_is_enosys)
{
	errno = 0;
	UK_TEST_EXPECT_EQ(syscall(SYS_kexec_load, 0, 0, 0, 0), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
	errno = 0;
	UK_TEST_EXPECT_EQ(syscall(SYS_swapon, "/swap", 0), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
}

/* The number is only known at run time: the dispatch is a real switch. */
UK_TESTCASE(errno, syscall_by_runtime_number)
{
	volatile long nr;

	nr = SYS_getpid;
	UK_TEST_EXPECT_EQ(syscall(nr), getpid());
	nr = 100000;		/* no such syscall */
	errno = 0;
	UK_TEST_EXPECT_EQ(syscall(nr, 1, 2, 3), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
	nr = -1;
	errno = 0;
	UK_TEST_EXPECT_EQ(syscall(nr), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
}
