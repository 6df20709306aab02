// SPDX-License-Identifier: BSD-3-Clause
/*
 * sched.stats=1: the number of context switches, printed at exit (the
 * network benchmark divides it by the requests served).
 */
#include <uk/boot.h>
#include <uk/param.h>
#include <uk/print.h>

#include "sched_impl.h"

unsigned long sched_switches;

static bool stats_on;
UK_PARAM_BOOL(sched, stats, stats_on,
	      "print the number of context switches at exit");

static void sched_exit_stats(int status)
{
	(void)status;
	if (stats_on)
		uk_console_printf("sched: %lu context switches\n",
				  sched_switches);
}
uk_exitcall(sched_exit_stats);
