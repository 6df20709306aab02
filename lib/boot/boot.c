// SPDX-License-Identifier: BSD-3-Clause
/* Boot: command line, kernel parameters, init levels, main, exit status. */
#include <uk/arch/x86.h>
#include <uk/boot.h>
#include <uk/errno.h>
#include <uk/exit.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>

#define ARGV_MAX	64

UK_TABLE_DEFINE(inittab, struct uk_initcall);
UK_TABLE_DEFINE(params, struct uk_param);
UK_TABLE_DEFINE(exittab, struct uk_exitcall);

static char *cmdline_argv[ARGV_MAX + 1];

static void print_param(const struct uk_param *p, void *ctx)
{
	char what[64];

	uk_param_describe(p, what, sizeof(what));
	uk_console_printf("  %-20s %s%s%s\n", p->name, p->help,
			  what[0] ? ": " : "", what);
}

static void apply_params(char **params, int n)
{
	char err[160];

	if (uk_params_apply(uk_table_start(params), uk_table_end(params),
			    params, n, err, sizeof(err)) < 0) {
		uk_pr_err("%s\n", err);
		uk_pr_err("the command line is 'kernel.params ... -- app "
			  "args'; the parameters this image knows:\n");
		uk_params_foreach(uk_table_start(params), uk_table_end(params),
				  print_param, NULL);
		ukplat_halt(UK_EXIT_PANIC);
	}
}

static void run_initcalls(void)
{
	const struct uk_initcall *c;

	uk_table_foreach(c, inittab) {
		int rc = c->fn();

		if (rc < 0)
			uk_panic("init function %s failed: error %d",
				 c->name, rc);
	}
}

__noreturn void uk_exit(int status)
{
	static bool exiting;
	const struct uk_exitcall *c;

	status &= 0xff;		/* as exit() does */
	/* a hook that exits again ends here, without the hooks */
	if (!exiting) {
		exiting = true;
		uk_table_foreach(c, exittab)
			c->fn(status);
	}
	if (status == UK_EXIT_APP_CLAMPED) {
		uk_pr_warn("exit status %d: the VM reports it as is, and also "
			   "for any status above %d\n", status,
			   UK_EXIT_APP_MAX);
	} else if (status > UK_EXIT_APP_MAX) {
		uk_pr_warn("exit status %d is reported as %d (statuses "
			   "above %d are reserved)\n", status,
			   UK_EXIT_APP_CLAMPED, UK_EXIT_APP_MAX);
		status = UK_EXIT_APP_CLAMPED;
	}
	ukplat_halt(status);
}

void uk_boot_reached_main(void)
{
#ifdef CONFIG_LIBBOOT_TIMING
	uint64_t tsc = rdtsc();
	const char *src;
	uint64_t ticks = tsc - ukplat_boot_tsc();
	uint64_t hz = ukplat_tsc_hz(&src);

	uk_console_printf("boot: %llu TSC ticks from the first instruction "
			  "to main() (%llu.%03llu us at %llu kHz, %s)\n",
			  (unsigned long long)ticks,
			  (unsigned long long)(ticks * 1000000 / hz),
			  (unsigned long long)(ticks * 1000000000 / hz % 1000),
			  (unsigned long long)(hz / 1000), src);
#endif
}

int main(int argc, char *argv[]);

/* A libc (libs/musl) replaces this to set up its runtime around main. */
__weak __noreturn void uk_app_start(int argc, char *argv[])
{
	uk_boot_reached_main();
	uk_exit(main(argc, argv));
}

__noreturn void uk_boot_main(void)
{
	int argc, app_start, rc;

	rc = uk_cmdline_split(ukplat_cmdline(), cmdline_argv + 1,
			      ARGV_MAX - 1, &argc, &app_start);
	if (rc < 0) {
		uk_pr_err("cannot parse the command line: %s\n",
			  rc == -E2BIG ? "too many arguments" :
			  "unterminated quote");
		ukplat_halt(UK_EXIT_PANIC);
	}
	apply_params(cmdline_argv + 1, app_start);
	run_initcalls();

	/*
	 * The app runs with interrupts on (the timer, devices); kernel code
	 * turns them off where it must (the scheduler lock).
	 */
	ukplat_irq_enable();
	/* argv[0] is the app's name, followed by the app's arguments */
	cmdline_argv[app_start] = CONFIG_UK_APP_NAME;
	uk_app_start(argc - app_start + 1, cmdline_argv + app_start);
}
