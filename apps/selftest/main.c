// SPDX-License-Identifier: BSD-3-Clause
/*
 * selftest: in-guest test suites (lib/uktest) for the kernel and the musl
 * layer. Kernel parameters the suites expect (the test runner passes
 * them): selftest.answer=42 libc.env=UNIKIT_TEST=42 libc.env=HOME=/
 *
 *	selftest		run every suite; the status is the number
 *				of failed cases
 *	selftest initrd		also check the boot module (-initrd)
 *	selftest exit:N		exit(N) at once
 *	selftest return:N	return N from main at once
 *	selftest thread-crash | thread-overflow | deadlock | console
 *				(threads.c: crash, hang and console tests)
 *
 * Constructors, atexit handlers and destructors leave traces: the ctors
 * suite checks the first, and the lines printed at exit (by printf, so
 * stdio must be flushed at exit too) show the others ran, in order.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/test.h>

#include "selftest.h"

bool selftest_initrd;
char **selftest_envp;

/* Exit statuses above this are folded into it (the VM's are 0..125). */
#define MAX_STATUS	100

static int main_entered;
static int ctor_seq;
static int ctor_early_at, ctor_late_at, ctor_plain_at, ctor_saw_main;
static char *ctor_made;
static int atexit_in_ctor_rc = -1, atexit_in_main_rc = -1;
static bool atexit_main_ran, atexit_ctor_ran;

/* Registered first, so it runs last of the two. */
static void atexit_registered_in_ctor(void)
{
	atexit_ctor_ran = true;
	printf("selftest: atexit handlers ran, %s\n", atexit_main_ran ?
	       "last registered first" : "in the wrong order");
}

static void atexit_registered_in_main(void)
{
	atexit_main_ran = true;
}

__attribute__((constructor(101))) static void ctor_early(void)
{
	ctor_early_at = ++ctor_seq;
	ctor_saw_main |= main_entered;
	/* libc is ready before any constructor runs */
	ctor_made = strdup("made by a constructor");
	atexit_in_ctor_rc = atexit(atexit_registered_in_ctor);
}

__attribute__((constructor(200))) static void ctor_late(void)
{
	ctor_late_at = ++ctor_seq;
	ctor_saw_main |= main_entered;
}

__attribute__((constructor)) static void ctor_plain(void)
{
	ctor_plain_at = ++ctor_seq;
	ctor_saw_main |= main_entered;
}

/* musl runs destructors after the atexit handlers, before the flush. */
__attribute__((destructor)) static void dtor(void)
{
	printf("selftest: destructor ran %s the atexit handlers\n",
	       atexit_ctor_ran ? "after" : "before");
}

UK_TESTCASE(ctors, ran_before_main)
{
	UK_TEST_EXPECT_EQ(ctor_seq, 3);
	UK_TEST_EXPECT_EQ(ctor_saw_main, 0);
}

UK_TESTCASE(ctors, priorities_in_order)
{
	UK_TEST_EXPECT_EQ(ctor_early_at, 1);
	UK_TEST_EXPECT_EQ(ctor_late_at, 2);
	UK_TEST_EXPECT_EQ(ctor_plain_at, 3);
}

UK_TESTCASE(ctors, libc_usable_in_constructor)
{
	UK_TEST_EXPECT_STR_EQ(ctor_made, "made by a constructor");
	UK_TEST_EXPECT_EQ(atexit_in_ctor_rc, 0);
	UK_TEST_EXPECT_EQ(atexit_in_main_rc, 0);
}

/* "exit:N" or "return:N" with N a number; -1 otherwise */
static int status_arg(const char *arg, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long v;

	if (strncmp(arg, prefix, n) || !arg[n])
		return -1;
	v = strtol(arg + n, &end, 10);
	return *end || v < 0 || v > 255 ? -1 : (int)v;
}

int main(int argc, char *argv[], char *envp[])
{
	int i, n, failed;

	main_entered = 1;
	selftest_envp = envp;
	atexit_in_main_rc = atexit(atexit_registered_in_main);

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "initrd")) {
			selftest_initrd = true;
		} else if ((n = status_arg(argv[i], "exit:")) >= 0) {
			/* fully buffered: only the flush at exit prints it */
			setvbuf(stdout, NULL, _IOFBF, BUFSIZ);
			printf("selftest: calling exit(%d)\n", n);
			exit(n);
		} else if ((n = status_arg(argv[i], "return:")) >= 0) {
			setvbuf(stdout, NULL, _IOFBF, BUFSIZ);
			printf("selftest: returning %d from main\n", n);
			return n;
		} else if ((n = selftest_thread_mode(argv[i])) >= 0) {
			return n;
		} else {
			fprintf(stderr, "selftest: unknown argument '%s' "
				"(initrd, exit:N, return:N, thread-crash, "
				"thread-overflow, deadlock, console)\n",
				argv[i]);
			return 2;
		}
	}

	fflush(stdout);
	failed = uk_test_run_all(NULL);
	return failed > MAX_STATUS ? MAX_STATUS : failed;
}
