/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Small kit-wide helpers that every library may use. Header-only and
 * portable: host unit tests include it too.
 */
#ifndef UK_ESSENTIALS_H
#define UK_ESSENTIALS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define __used		__attribute__((used))
#define __noreturn	__attribute__((noreturn))
#define __packed	__attribute__((packed))
#define __aligned(a)	__attribute__((aligned(a)))
#define __section(s)	__attribute__((section(s)))
#define __weak		__attribute__((weak))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

/* The compiler may assume nothing about memory across it (no CPU fence). */
#define uk_barrier()	__asm__ __volatile__("" : : : "memory")
/* ... and that *p is read: stores to it before are kept. */
#define uk_barrier_data(p) __asm__ __volatile__("" : : "r"(p) : "memory")

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define ALIGN_UP(x, a)	 (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define UK_STR_(x)	#x
#define UK_STR(x)	UK_STR_(x)

/* Pointer-or-error, as in Linux: errors are -4095..-1 cast to a pointer. */
#define UK_MAX_ERRNO	4095
static inline void *uk_err_ptr(long err) { return (void *)err; }
static inline long uk_ptr_err(const void *p) { return (long)p; }
static inline bool uk_is_err(const void *p)
{
	return (uintptr_t)p >= (uintptr_t)-UK_MAX_ERRNO;
}

#endif /* UK_ESSENTIALS_H */
