/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel logging. uk_pr_err/warn/info/debug prefix each message with the
 * library's name ("alloc: ..."); messages above CONFIG_LIBDEBUG_MAX_LEVEL
 * are compiled out, and the kernel parameter debug.loglevel=N chooses at
 * boot which of the rest are printed.
 */
#ifndef UK_PRINT_H
#define UK_PRINT_H

#include <stdarg.h>
#include <uk/essentials.h>

#define UK_LOG_ERR	0
#define UK_LOG_WARN	1
#define UK_LOG_INFO	2
#define UK_LOG_DEBUG	3

#ifndef CONFIG_LIBDEBUG_MAX_LEVEL
#define CONFIG_LIBDEBUG_MAX_LEVEL UK_LOG_DEBUG
#endif

#ifndef UK_LIBNAME
#define UK_LIBNAME "kernel"
#endif

extern int uk_log_level;

void uk_printk(int level, const char *lib, const char *fmt, ...)
	__printf(3, 4);
void uk_vprintk(int level, const char *lib, const char *fmt, va_list ap);
/* Plain console output, no prefix, no level. */
int uk_console_printf(const char *fmt, ...) __printf(1, 2);
int uk_console_vprintf(const char *fmt, va_list ap);

#define uk_pr_level(lvl, fmt, ...)					\
	do {								\
		if ((lvl) <= CONFIG_LIBDEBUG_MAX_LEVEL)			\
			uk_printk(lvl, UK_LIBNAME, fmt, ##__VA_ARGS__);	\
	} while (0)

#define uk_pr_err(fmt, ...)	uk_pr_level(UK_LOG_ERR, fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...)	uk_pr_level(UK_LOG_WARN, fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...)	uk_pr_level(UK_LOG_INFO, fmt, ##__VA_ARGS__)
#define uk_pr_debug(fmt, ...)	uk_pr_level(UK_LOG_DEBUG, fmt, ##__VA_ARGS__)

/* Fatal: print a report with a backtrace and power off (status 126). */
__noreturn void uk_panic(const char *fmt, ...) __printf(1, 2);
__noreturn void uk_assert_fail(const char *expr, const char *file, int line,
			       const char *func);

#define UK_CRASH(fmt, ...)	uk_panic(fmt, ##__VA_ARGS__)

#define UK_ASSERT(x)							\
	do {								\
		if (unlikely(!(x)))					\
			uk_assert_fail(#x, __FILE__, __LINE__, __func__); \
	} while (0)

#define UK_BUG_ON(x)	UK_ASSERT(!(x))

#endif /* UK_PRINT_H */
