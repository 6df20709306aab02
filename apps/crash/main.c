// SPDX-License-Identifier: BSD-3-Clause
/*
 * Crashes on purpose, to test crash reports: the first argument picks how.
 *   null | div0 | ud | stack | bigframe | assert | panic | underscore |
 *   exit:N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <assert.h>
#include <uk/print.h>

static volatile int zero;

static int __attribute__((noinline)) crash_null(void)
{
	volatile int *p = NULL;

	return *p;
}

static int __attribute__((noinline)) crash_div0(void)
{
	return 42 / zero;
}

static void __attribute__((noinline)) crash_ud(void)
{
	__asm__ __volatile__("ud2");
}

/* Recurses until the guard page below the stack stops it. */
static int __attribute__((noinline)) crash_stack(int depth)
{
	volatile char frame[512];

	frame[0] = (char)depth;
	if (depth >= 0)
		return crash_stack(depth + 1) + frame[0];
	return frame[0];
}

/* One frame larger than the guard page: it must still hit the guard. */
static int __attribute__((noinline)) crash_bigframe(int depth)
{
	volatile char frame[256 * 1024];

	frame[0] = (char)depth;
	frame[sizeof(frame) - 1] = (char)depth;
	return frame[0] + frame[sizeof(frame) - 1];
}

/* A reserved (__) name, as libc's internals have: reports must name it. */
static int __attribute__((noinline)) __crash_reserved_name(void)
{
	volatile int *p = NULL;

	return p[zero + 4];
}

static void __attribute__((noinline)) crash_assert(int x)
{
	assert(x == 42);
}

int main(int argc, char *argv[])
{
	const char *mode = argc > 1 ? argv[1] : "";

	printf("crash: mode '%s'\n", mode);
	if (!strcmp(mode, "null"))
		return crash_null();
	if (!strcmp(mode, "div0"))
		return crash_div0();
	if (!strcmp(mode, "ud"))
		crash_ud();
	else if (!strcmp(mode, "stack"))
		return crash_stack(0);
	else if (!strcmp(mode, "bigframe"))
		return crash_bigframe(1);
	else if (!strcmp(mode, "assert"))
		crash_assert(zero);
	else if (!strcmp(mode, "panic"))
		UK_CRASH("panic requested (%d)", 7);
	else if (!strcmp(mode, "underscore"))
		return __crash_reserved_name();
	else if (!strncmp(mode, "exit:", 5))
		exit(atoi(mode + 5));
	printf("usage: crash null|div0|ud|stack|bigframe|assert|panic|"
	       "underscore|exit:N\n");
	return 2;
}
