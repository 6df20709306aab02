/* SPDX-License-Identifier: BSD-3-Clause */
/* Block copy and fill with the CPU's string instructions, 8 bytes a step. */
#ifndef UK_ARCH_STRING_H
#define UK_ARCH_STRING_H

#include <uk/essentials.h>

static inline void uk_arch_memcpy(void *dst, const void *src, size_t n)
{
	size_t words = n / 8, bytes = n % 8;

	__asm__ __volatile__("rep movsq"
			     : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
	__asm__ __volatile__("rep movsb"
			     : "+D"(dst), "+S"(src), "+c"(bytes) : : "memory");
}

static inline void uk_arch_memset(void *dst, int c, size_t n)
{
	size_t words = n / 8, bytes = n % 8;
	uint64_t pattern = 0x0101010101010101ULL * (unsigned char)c;

	__asm__ __volatile__("rep stosq"
			     : "+D"(dst), "+c"(words) : "a"(pattern) : "memory");
	__asm__ __volatile__("rep stosb"
			     : "+D"(dst), "+c"(bytes) : "a"(pattern) : "memory");
}

#endif /* UK_ARCH_STRING_H */
