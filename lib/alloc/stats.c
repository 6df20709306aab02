// SPDX-License-Identifier: BSD-3-Clause
/*
 * The heap's figures on the console: at exit with alloc.stats=1, and
 * whenever uk_alloc_print_stats() is called (the console's ^T). All of
 * the guest's memory the app uses comes from this heap (malloc, mmap,
 * thread stacks, file data), so a soak test watches `used` here.
 */
#include <uk/alloc.h>
#include <uk/boot.h>
#include <uk/param.h>
#include <uk/print.h>

static bool stats_on;
UK_PARAM_BOOL(alloc, stats, stats_on,
	      "print the heap's use (bytes used, peak, allocations) at exit");

void uk_alloc_print_stats(void)
{
	struct uk_alloc_stats st;

	uk_alloc_peek_stats(&st);
	uk_console_printf("alloc: used %zu bytes (peak %zu) of %zu; %lu "
			  "allocations, %lu frees, %lu failed\n", st.used,
			  st.peak_used, st.total, st.nr_allocs, st.nr_frees,
			  st.nr_failed);
}

static void alloc_exit_stats(int status)
{
	(void)status;
	if (stats_on)
		uk_alloc_print_stats();
}
uk_exitcall(alloc_exit_stats);
