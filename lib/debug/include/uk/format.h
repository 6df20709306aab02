/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printf-style formatting for the kernel, without floating point and
 * without any buffer that grows with the width or precision asked for.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%
 * Flags:       - + space 0 #
 * Width and precision: digits or '*' (a negative '*' width means '-';
 * a negative '*' precision means none).
 * Length:      hh h l ll z t j (on d i u x X o only)
 *
 * The results match C99/glibc for every defined use, including glibc's
 * choices where C leaves things open:
 *  - %p prints "0x" and lowercase hex like %#lx (the + space 0 flags and
 *    precision apply), and "(nil)" for NULL (only the width applies);
 *  - %s with NULL prints "(null)", or nothing when a precision below 6
 *    would cut it short;
 *  - the 0 flag is ignored for %c, %s and NULL %p; %% ignores flags and
 *    width.
 *
 * Anything else - floating point (%f %e %g %a, with or without L), %n,
 * %lc/%ls, positional arguments, unknown letters - is copied to the
 * output literally from the '%' to the conversion letter, e.g. "%5.2f"
 * prints "%5.2f". No argument is consumed for it (beyond those of a '*'
 * width or precision), so callers must not pass one: a double would
 * shift the arguments that follow on ABIs that pass it on the stack. A
 * lone '%' at the end of the format is printed as is.
 *
 * Errors: if the output would exceed INT_MAX characters (or a width or
 * precision in the format does not fit an int), formatting stops before
 * emitting the chunk that does not fit and -EOVERFLOW is returned.
 */
#ifndef UK_FORMAT_H
#define UK_FORMAT_H

#include <stdarg.h>
#include <stddef.h>
#include <uk/essentials.h>

/*
 * Receives the output piece by piece: literal runs of the format and %s
 * strings are passed straight from where they are, padding comes in
 * pieces of at most 32 bytes. len is never 0.
 */
typedef void (*uk_format_out_fn)(void *ctx, const char *s, size_t len);

/* Returns the number of characters passed to out(), or -EOVERFLOW. */
int uk_vformat(uk_format_out_fn out, void *ctx, const char *fmt,
	       va_list ap);

/*
 * C99 vsnprintf: writes at most size - 1 characters plus a NUL (nothing
 * at all, and buf may be NULL, when size is 0) and returns the length the
 * full output would have had, or -EOVERFLOW.
 */
int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int uk_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* UK_FORMAT_H */
