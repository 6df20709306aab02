/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Init levels. A library registers a function to run at boot with
 *   uk_initcall(my_init, UK_INIT_LIB);
 * The linker sorts the entries by level, so the image runs exactly the
 * init functions of the libraries it contains, in level order.
 */
#ifndef UK_INIT_H
#define UK_INIT_H

#include <uk/essentials.h>

#define UK_INIT_EARLY	1	/* allocator, anything others need */
#define UK_INIT_PLAT	2	/* platform devices, timers */
#define UK_INIT_LIB	3	/* libraries */
#define UK_INIT_ROOTFS	4	/* mounting the root file system */
#define UK_INIT_SYS	5	/* system services */
#define UK_INIT_LATE	6	/* just before main */

struct uk_initcall {
	int (*fn)(void);
	const char *name;
};

/* Returns 0 or a negative errno; an error stops the boot with a report. */
#define uk_initcall(func, level)					\
	static const struct uk_initcall __uk_initcall_##func		\
		__used __section(".uk_inittab." UK_STR(level))		\
		__aligned(8) = { .fn = func, .name = #func }

#endif /* UK_INIT_H */
