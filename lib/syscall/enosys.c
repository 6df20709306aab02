// SPDX-License-Identifier: BSD-3-Clause
/*
 * The fallback for syscalls no selected library provides: -ENOSYS, and the
 * syscall's name in the log the first time it is asked for.
 */
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include <syscall_names.h>

#define ENOSYS_ERR	38

static unsigned long reported[(ARRAY_SIZE(uk_syscall_names) + 63) / 64];

const char *uk_syscall_name(long nr)
{
	if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(uk_syscall_names))
		return NULL;
	return uk_syscall_names[nr];
}

long uk_syscall_enosys(long nr)
{
	const char *name = uk_syscall_name(nr);

	if (!name) {
		uk_pr_warn("syscall %ld does not exist: -ENOSYS\n", nr);
		return -ENOSYS_ERR;
	}
	if (!(reported[nr / 64] & (1UL << (nr % 64)))) {
		reported[nr / 64] |= 1UL << (nr % 64);
		uk_pr_warn("syscall %s (%ld) is not provided by this image: "
			   "-ENOSYS\n", name, nr);
	}
	return -ENOSYS_ERR;
}
