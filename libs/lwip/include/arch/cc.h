/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's compiler and platform definitions for the kit (lwIP's
 * src/include/lwip/arch.h reads this first): byte order, diagnostics,
 * assertions, random numbers and errno.
 */
#ifndef UK_LWIP_ARCH_CC_H
#define UK_LWIP_ARCH_CC_H

#include <endian.h>		/* BYTE_ORDER, LITTLE_ENDIAN (musl) */
#include <uk/essentials.h>

/* Byte order: the compiler's builtins (one instruction). musl has htons()
 * and friends, so lwIP does not define them as macros. */
#define LWIP_DONT_PROVIDE_BYTEORDER_FUNCTIONS	1
#define lwip_htons(x)	((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x)	((u32_t)__builtin_bswap32((u32_t)(x)))

/* Messages lwIP prints (stats_display(), LWIP_DEBUGF) come in pieces of
 * lines: they go to the console as they are, without a prefix. */
void uk_lwip_diag(const char *fmt, ...) __printf(1, 2);
#define LWIP_PLATFORM_DIAG(x)		do { uk_lwip_diag x; } while (0)

/* A failed LWIP_ASSERT is a kernel panic with a backtrace. */
__noreturn void uk_lwip_assert_fail(const char *msg, const char *file,
				    int line);
#define LWIP_PLATFORM_ASSERT(x)	uk_lwip_assert_fail((x), __FILE__, __LINE__)
/* LWIP_ASSERT_CORE_LOCKED() (lwipopts.h): the caller holds the core lock */
void uk_lwip_assert_core_locked(void);

/* lib/random's ChaCha20 generator (ports, DHCP transaction ids) */
unsigned int uk_lwip_rand(void);
#define LWIP_RAND()			((u32_t)uk_lwip_rand())

/*
 * errno: the values are musl's (Linux's), from <errno.h>. lwIP's socket
 * functions report an error by set_errno(): it goes to the calling
 * thread's uk_lwip_errno, never to musl's errno, which belongs to the
 * application (the kit's syscalls return -errno and musl sets errno
 * from that) and which a kernel thread does not even have.
 */
#define LWIP_ERRNO_STDINCLUDE		1
extern __thread int uk_lwip_errno;
#define set_errno(err)			do { uk_lwip_errno = (err); } while (0)

#endif /* UK_LWIP_ARCH_CC_H */
