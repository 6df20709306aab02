// SPDX-License-Identifier: BSD-3-Clause
/*
 * sched.stats=1: the number of context switches and the time the CPU was
 * busy and halted since boot, printed at exit. Benchmarks divide them by
 * the requests served; under TCG with -icount shift=0 busy nanoseconds
 * are guest instructions.
 */
#include <uk/boot.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>

#include "sched_impl.h"

unsigned long sched_switches;

static bool stats_on;
UK_PARAM_BOOL(sched, stats, stats_on,
	      "print context switches and busy/halted time at exit");

static void sched_exit_stats(int status)
{
	uint64_t idle, now;

	(void)status;
	if (!stats_on)
		return;
	idle = ukplat_idle_ns();
	now = ukplat_monotonic_ns();
	uk_console_printf("sched: %lu context switches; busy %llu ns, "
			  "halted %llu ns\n", sched_switches,
			  (unsigned long long)(now - idle),
			  (unsigned long long)idle);
}
uk_exitcall(sched_exit_stats);
