/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * From the platform to main(): lib/boot splits the command line, applies
 * the kernel parameters, runs the init levels (uk/init.h) and calls
 * main(argc, argv); main's return value is the VM's exit status.
 */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <uk/essentials.h>

/* Called by the platform once console and memory map are known. */
__noreturn void uk_boot_main(void);

/* Ends the VM with the app's exit status (see uk/exit.h). */
__noreturn void uk_exit(int status);

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
