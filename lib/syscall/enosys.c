// SPDX-License-Identifier: BSD-3-Clause
/*
 * What a syscall no selected library provides does: -ENOSYS, and its
 * name in the log the first time it is asked for. Every syscall of the
 * architecture has a weak uk_syscall_r_<name>() here that a library's
 * provider (UK_SYSCALL_DEFINE, a strong definition) replaces at link
 * time; --gc-sections drops the ones nothing calls. So libc's syscall
 * sites can call uk_syscall_r_<name>() by name whatever the image holds,
 * and libc is compiled once for every configuration.
 */
#include <uk/errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/syscall.h>

#define NR_MAX	512

static unsigned long reported[NR_MAX / 64];

/* Not inlined into the fallbacks below: each stays a few bytes. */
__attribute__((noinline)) long uk_syscall_enosys(long nr)
{
	const char *name = uk_syscall_name(nr);

	if (!name) {
		uk_pr_warn("syscall %ld does not exist: -ENOSYS\n", nr);
		return -ENOSYS;
	}
	if (nr < NR_MAX && !(reported[nr / 64] & (1UL << (nr % 64)))) {
		reported[nr / 64] |= 1UL << (nr % 64);
		uk_pr_warn("syscall %s (%ld) is not provided by this image: "
			   "-ENOSYS\n", name, nr);
	}
	return -ENOSYS;
}

#define UK_ARCH_SYSCALL(nr, name)					\
	__weak long uk_syscall_r_##name(long a1, long a2, long a3,	\
					long a4, long a5, long a6)	\
	{								\
		return uk_syscall_enosys(nr);				\
	}
#include <uk/arch/syscall_table.h>
#undef UK_ARCH_SYSCALL
