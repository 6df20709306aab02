// SPDX-License-Identifier: BSD-3-Clause
/* printf and friends over lib/debug's formatter, to the console. */
#include <stdio.h>
#include <string.h>
#include <uk/format.h>
#include <uk/plat.h>

static void console_out(void *ctx, const char *s, size_t len)
{
	ukplat_console_write(s, len);
}

int vprintf(const char *fmt, va_list ap)
{
	return uk_vformat(console_out, NULL, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return uk_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	ukplat_console_write(s, strlen(s));
	ukplat_console_write("\n", 1);
	return 0;
}

int putchar(int c)
{
	char ch = c;

	ukplat_console_write(&ch, 1);
	return (unsigned char)c;
}
