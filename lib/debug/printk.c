// SPDX-License-Identifier: BSD-3-Clause
/* printk: level filter, library prefix, formatting straight to the console. */
#include <uk/format.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>

int uk_log_level = CONFIG_LIBDEBUG_LOGLEVEL;
UK_PARAM_INT(debug, loglevel, uk_log_level, 0, 3,
	     "log level: 0 errors, 1 warnings, 2 info, 3 debug");

static const char *const level_tags[] = {
	[UK_LOG_ERR] = "error: ",
	[UK_LOG_WARN] = "warning: ",
	[UK_LOG_INFO] = "",
	[UK_LOG_DEBUG] = "debug: ",
};

static void console_out(void *ctx, const char *s, size_t len)
{
	ukplat_console_write(s, len);
}

int uk_console_vprintf(const char *fmt, va_list ap)
{
	return uk_vformat(console_out, NULL, fmt, ap);
}

int uk_console_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_console_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void uk_vprintk(int level, const char *lib, const char *fmt, va_list ap)
{
	if (level > uk_log_level)
		return;
	uk_console_printf("%s: %s", lib, level_tags[level & 3]);
	uk_console_vprintf(fmt, ap);
}

void uk_printk(int level, const char *lib, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vprintk(level, lib, fmt, ap);
	va_end(ap);
}
