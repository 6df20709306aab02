/* SPDX-License-Identifier: BSD-3-Clause */
/* nolibc: exit, and malloc over lib/alloc when it is selected. */
#ifndef NOLIBC_STDLIB_H
#define NOLIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

__attribute__((noreturn)) void exit(int status);
__attribute__((noreturn)) void abort(void);
void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
long strtol(const char *s, char **end, int base);
int atoi(const char *s);

#endif /* NOLIBC_STDLIB_H */
