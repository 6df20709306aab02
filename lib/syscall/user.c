// SPDX-License-Identifier: BSD-3-Clause
/* Copying strings from the app, checked a page at a time. */
#include <uk/errno.h>
#include <stdint.h>
#include <string.h>
#include <uk/user.h>

#define PAGE	4096UL

/* Its lowest set bit is the high bit of w's first 0 byte (none: 0). */
static uint64_t zero_bytes(uint64_t w)
{
	return (w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL;
}

long uk_user_strncpy(char *dst, const char *src, size_t size)
{
	uintptr_t a = (uintptr_t)src;
	size_t n = 0, end;
	uint64_t w, z;

	while (n < size) {
		/* the rest of src's page: check it once, copy it */
		end = n + MIN(PAGE - ((a + n) & (PAGE - 1)), size - n);
		if (!uk_user_ok(src + n, end - n, false))
			return -EFAULT;
		/* 8 bytes at a time while they fit (in the page and dst);
		 * bytes past the NUL land in dst too, which is harmless */
		while (n + 8 <= end) {
			__builtin_memcpy(&w, src + n, 8);
			__builtin_memcpy(dst + n, &w, 8);
			z = zero_bytes(w);
			if (z)
				return n + __builtin_ctzll(z) / 8;
			n += 8;
		}
		for (; n < end; n++) {
			dst[n] = src[n];
			if (!dst[n])
				return n;
		}
	}
	return -ENAMETOOLONG;
}
