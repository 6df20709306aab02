// SPDX-License-Identifier: BSD-3-Clause
/* getrandom(), from the kernel generator (random.c). */
#include <uk/errno.h>
#include <uk/essentials.h>
#include <uk/random.h>
#include <uk/syscall.h>

/* Linux ABI values (include/uapi/linux/random.h) */
#define RANDOM_GRND_NONBLOCK	0x0001
#define RANDOM_GRND_RANDOM	0x0002
#define RANDOM_GRND_INSECURE	0x0004

/* Linux returns at most this much per call for large requests. */
#define GETRANDOM_MAX		33554431UL

/*
 * The generator never blocks, so GRND_NONBLOCK changes nothing, and
 * GRND_RANDOM and GRND_INSECURE get the same stream (as on Linux 5.6+).
 */
UK_SYSCALL_DEFINE(long, getrandom, void *, buf, size_t, len,
		  unsigned int, flags)
{
	if (flags & ~(RANDOM_GRND_NONBLOCK | RANDOM_GRND_RANDOM |
		      RANDOM_GRND_INSECURE))
		return -EINVAL;
	if ((flags & RANDOM_GRND_RANDOM) && (flags & RANDOM_GRND_INSECURE))
		return -EINVAL;
	if (!buf && len)
		return -EFAULT;
	len = MIN(len, GETRANDOM_MAX);
	uk_random_fill(buf, len);
	return (long)len;
}
