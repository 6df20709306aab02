// SPDX-License-Identifier: BSD-3-Clause
/*
 * getrusage: CPU time as the CPU-time clocks count it (the monotonic
 * clock minus the time halted), all of it user time: there is one
 * process and no kernel/user split. RUSAGE_THREAD is the process's, as
 * CLOCK_THREAD_CPUTIME_ID is; there are no children. Every other field
 * (memory, faults, switches) is 0.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/resource.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include <uk/user.h>

#ifndef RUSAGE_THREAD
#define RUSAGE_THREAD	1
#endif

/*
 * The kernel's struct rusage ends at ru_nivcsw; musl's adds reserved
 * words that Linux never writes.
 */
#define KRUSAGE_SIZE	(offsetof(struct rusage, ru_nivcsw) + sizeof(long))
_Static_assert(KRUSAGE_SIZE == 144, "Linux x86_64 struct rusage");

UK_SYSCALL_DEFINE(int, getrusage, int, who, struct rusage *, ru)
{
	uint64_t us = 0;

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN &&
	    who != RUSAGE_THREAD)
		return -EINVAL;
	if (!uk_user_ok(ru, KRUSAGE_SIZE, true))
		return -EFAULT;
	if (who != RUSAGE_CHILDREN)
		us = (ukplat_monotonic_ns() - ukplat_idle_ns()) / 1000;
	memset(ru, 0, KRUSAGE_SIZE);
	ru->ru_utime.tv_sec = (time_t)(us / 1000000);
	ru->ru_utime.tv_usec = (suseconds_t)(us % 1000000);
	return 0;
}
