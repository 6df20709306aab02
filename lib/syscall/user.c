// SPDX-License-Identifier: BSD-3-Clause
/* Copying strings from the app, checked a page at a time. */
#include <uk/errno.h>
#include <stdint.h>
#include <uk/user.h>

#define PAGE	4096UL

long uk_user_strncpy(char *dst, const char *src, size_t size)
{
	uintptr_t a = (uintptr_t)src;
	size_t n = 0, chunk;

	while (n < size) {
		/* the rest of src's page: check it once, copy it */
		chunk = MIN(PAGE - ((a + n) & (PAGE - 1)), size - n);
		if (!uk_user_ok(src + n, chunk, false))
			return -EFAULT;
		for (; chunk; chunk--, n++) {
			dst[n] = src[n];
			if (!dst[n])
				return n;
		}
	}
	return -ENAMETOOLONG;
}
