/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replaces musl's arch/x86_64/syscall_arch.h (this folder comes first on
 * musl's include path): a syscall is a direct call to the provider of the
 * selected library, no trap. uk/syscall_providers.h is generated from the
 * providers that the image's kernel objects define; with a constant
 * syscall number the switch folds into one call. always_inline: a switch
 * the compiler chose not to inline would be called with the number as a
 * variable, costing a jump table and keeping every provider in the image.
 */
#include <uk/syscall_providers.h>

#define UK_SYSCALL_FN static __inline __attribute__((__always_inline__)) long

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

UK_SYSCALL_FN __syscall0(long n)
{
	return uk_syscall_dispatch(n, 0, 0, 0, 0, 0, 0);
}

UK_SYSCALL_FN __syscall1(long n, long a1)
{
	return uk_syscall_dispatch(n, a1, 0, 0, 0, 0, 0);
}

UK_SYSCALL_FN __syscall2(long n, long a1, long a2)
{
	return uk_syscall_dispatch(n, a1, a2, 0, 0, 0, 0);
}

UK_SYSCALL_FN __syscall3(long n, long a1, long a2, long a3)
{
	return uk_syscall_dispatch(n, a1, a2, a3, 0, 0, 0);
}

UK_SYSCALL_FN __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return uk_syscall_dispatch(n, a1, a2, a3, a4, 0, 0);
}

UK_SYSCALL_FN __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	return uk_syscall_dispatch(n, a1, a2, a3, a4, a5, 0);
}

UK_SYSCALL_FN __syscall6(long n, long a1, long a2, long a3, long a4, long a5,
			 long a6)
{
	return uk_syscall_dispatch(n, a1, a2, a3, a4, a5, a6);
}

/* No vDSO: clock_gettime is a direct call already. */
#define IPC_64 0
