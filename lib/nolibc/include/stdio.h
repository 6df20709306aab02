/* SPDX-License-Identifier: BSD-3-Clause */
/* nolibc: console output for freestanding apps (musl replaces this). */
#ifndef NOLIBC_STDIO_H
#define NOLIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int puts(const char *s);
int putchar(int c);

#endif /* NOLIBC_STDIO_H */
