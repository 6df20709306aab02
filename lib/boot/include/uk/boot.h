/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * From the platform to main(): lib/boot splits the command line, applies
 * the kernel parameters, runs the init levels (uk/init.h) and calls
 * main(argc, argv); main's return value is the VM's exit status.
 */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <uk/essentials.h>
#include <uk/table.h>

/* uk_boot_main(), which the platform calls, is declared in uk/plat.h. */

/*
 * Ends the VM with the app's exit status (see uk/exit.h), after the exit
 * hooks ran. Not used for crashes and panics, which end at once.
 */
__noreturn void uk_exit(int status);

/*
 * Exit hooks: uk_exitcall(fn) registers void fn(int status), run by
 * uk_exit() (statistics, flushing a log), in link order.
 */
struct uk_exitcall {
	void (*fn)(int status);
	const char *name;
} __aligned(8);

UK_TABLE_DECLARE(exittab, struct uk_exitcall);

#define uk_exitcall(func)						\
	static const struct uk_exitcall __uk_exitcall_##func		\
		__uk_table(exittab, "5") = { .fn = func, .name = #func }

/*
 * Runs the app: by default uk_exit(main(argc, argv)); a libc overrides it
 * to set up its runtime first. argv[argc] is NULL.
 */
__noreturn void uk_app_start(int argc, char *argv[]);

/*
 * Called right before main(): with CONFIG_LIBBOOT_TIMING it prints the
 * TSC ticks since the image's first instruction (the boot cost).
 */
void uk_boot_reached_main(void);

#endif /* UK_BOOT_H */
