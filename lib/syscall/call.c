// SPDX-License-Identifier: BSD-3-Clause
/*
 * A syscall whose number is only known at run time (libc's syscall()):
 * one switch over every number, kept out of line so that only the images
 * that make such calls pay for it (it references every provider).
 */
#include <uk/syscall.h>

long uk_syscall_call(long nr, long a1, long a2, long a3, long a4, long a5,
		     long a6)
{
	switch (nr) {
#define UK_ARCH_SYSCALL(n, name)					\
	case n:								\
		return uk_syscall_r_##name(a1, a2, a3, a4, a5, a6);
#include <uk/arch/syscall_table.h>
#undef UK_ARCH_SYSCALL
	}
	return uk_syscall_enosys(nr);
}
