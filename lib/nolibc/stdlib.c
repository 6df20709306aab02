// SPDX-License-Identifier: BSD-3-Clause
/* exit/abort over lib/boot, malloc over lib/alloc (when selected). */
#include <stdlib.h>
#include <uk/boot.h>
#include <uk/print.h>
#ifdef CONFIG_LIBALLOC
#include <uk/alloc.h>
#endif

void exit(int status)
{
	uk_exit(status);
}

void abort(void)
{
	uk_panic("abort() called");
}

#ifdef CONFIG_LIBALLOC
void *malloc(size_t size)
{
	return uk_malloc(size);
}

void *calloc(size_t nmemb, size_t size)
{
	return uk_calloc(nmemb, size);
}

void *realloc(void *ptr, size_t size)
{
	return uk_realloc(ptr, size);
}

void free(void *ptr)
{
	uk_free(ptr);
}
#endif

long strtol(const char *s, char **end, int base)
{
	unsigned long v = 0;
	int neg = 0, digits = 0;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (;; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	if (end)
		*end = (char *)s;
	return neg ? -(long)v : (long)v;
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}
