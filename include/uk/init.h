/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Init levels. A library registers a function to run at boot with
 *   uk_initcall(my_init, UK_INIT_LIB);
 * or, to be ordered against others of the same level,
 *   uk_initcall_prio(my_init, UK_INIT_LIB, 2);
 * Priorities go from 0 (first) to 9; uk_initcall() is priority 5. The
 * entries form a registration table (uk/table.h) sorted by level, then
 * priority, so the image runs exactly the init functions of the libraries
 * it contains, in a declared order (ties: link order).
 */
#ifndef UK_INIT_H
#define UK_INIT_H

#include <uk/essentials.h>
#include <uk/table.h>

#define UK_INIT_EARLY	1	/* allocator, anything others need */
#define UK_INIT_PLAT	2	/* platform devices, timers */
#define UK_INIT_LIB	3	/* libraries */
#define UK_INIT_ROOTFS	4	/* mounting the root file system */
#define UK_INIT_SYS	5	/* system services */
#define UK_INIT_LATE	6	/* just before main */

#define UK_INIT_PRIO_DEFAULT	5

struct uk_initcall {
	int (*fn)(void);
	const char *name;
	int level, prio;	/* what the table is sorted by */
} __aligned(8);

UK_TABLE_DECLARE(inittab, struct uk_initcall);

/* Returns 0 or a negative errno; an error stops the boot with a report. */
#define uk_initcall_prio(func, lvl, pri)				\
	_Static_assert((pri) >= 0 && (pri) <= 9,			\
		       "init priority is 0..9");			\
	static const struct uk_initcall __uk_initcall_##func		\
		__uk_table(inittab, UK_STR(lvl) "." UK_STR(pri))	\
		= { .fn = func, .name = #func, .level = (lvl),		\
		    .prio = (pri) }

#define uk_initcall(func, level)					\
	uk_initcall_prio(func, level, UK_INIT_PRIO_DEFAULT)

#endif /* UK_INIT_H */
