/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Replaces musl's arch/x86_64/syscall_arch.h (this folder comes first on
 * musl's include path): a syscall is a direct call to the kernel's
 * uk_syscall_r_<name>(), no trap. The switch covers every number of the
 * architecture's table (uk/arch/syscall_table.h), so it does not depend
 * on which providers an image has: lib/syscall's weak fallbacks stand in
 * for the absent ones at link time, and musl is compiled once for all
 * configurations. With a constant number the switch folds into one call;
 * always_inline, as a switch the compiler chose not to inline would be
 * called with the number as a variable. A number known only at run time
 * (syscall()) goes to lib/syscall's out-of-line uk_syscall_call().
 */
#define UK_ARCH_SYSCALL(nr, name)					\
	long uk_syscall_r_##name(long, long, long, long, long, long);
#include <uk/arch/syscall_table.h>
#undef UK_ARCH_SYSCALL
long uk_syscall_enosys(long);
long uk_syscall_call(long, long, long, long, long, long, long);

/*
 * The call passes only the arguments the site has: a provider takes six
 * longs and reads only those it declares (UK_SYSCALL_DEFINE), so the
 * registers of the others need no zeroing (the x86_64 calling convention
 * makes this safe, and a Linux kernel gets whatever user space left in
 * them too). Hence the cast of the provider by argument count.
 */
static __inline __attribute__((__always_inline__)) long
uk_syscall_dispatch(long n, long a1, long a2, long a3, long a4, long a5,
		    long a6, int cnt)
{
	if (!__builtin_constant_p(n))
		return uk_syscall_call(n, a1, a2, a3, a4, a5, a6);
	switch (n) {
#define UK_ARCH_SYSCALL(nr, name)					\
	case nr:							\
		switch (cnt) {						\
		case 0:							\
			return ((long (*)(void))uk_syscall_r_##name)();	\
		case 1:							\
			return ((long (*)(long))uk_syscall_r_##name)(a1); \
		case 2:							\
			return ((long (*)(long, long))			\
				uk_syscall_r_##name)(a1, a2);		\
		case 3:							\
			return ((long (*)(long, long, long))		\
				uk_syscall_r_##name)(a1, a2, a3);	\
		case 4:							\
			return ((long (*)(long, long, long, long))	\
				uk_syscall_r_##name)(a1, a2, a3, a4);	\
		case 5:							\
			return ((long (*)(long, long, long, long, long)) \
				uk_syscall_r_##name)(a1, a2, a3, a4, a5); \
		default:						\
			return uk_syscall_r_##name(a1, a2, a3, a4, a5,	\
						   a6);			\
		}
#include <uk/arch/syscall_table.h>
#undef UK_ARCH_SYSCALL
	}
	return uk_syscall_enosys(n);
}

#define UK_SYSCALL_FN static __inline __attribute__((__always_inline__)) long

#define __SYSCALL_LL_E(x) (x)
#define __SYSCALL_LL_O(x) (x)

UK_SYSCALL_FN __syscall0(long n)
{
	return uk_syscall_dispatch(n, 0, 0, 0, 0, 0, 0, 0);
}

UK_SYSCALL_FN __syscall1(long n, long a1)
{
	return uk_syscall_dispatch(n, a1, 0, 0, 0, 0, 0, 1);
}

UK_SYSCALL_FN __syscall2(long n, long a1, long a2)
{
	return uk_syscall_dispatch(n, a1, a2, 0, 0, 0, 0, 2);
}

UK_SYSCALL_FN __syscall3(long n, long a1, long a2, long a3)
{
	return uk_syscall_dispatch(n, a1, a2, a3, 0, 0, 0, 3);
}

UK_SYSCALL_FN __syscall4(long n, long a1, long a2, long a3, long a4)
{
	return uk_syscall_dispatch(n, a1, a2, a3, a4, 0, 0, 4);
}

UK_SYSCALL_FN __syscall5(long n, long a1, long a2, long a3, long a4, long a5)
{
	return uk_syscall_dispatch(n, a1, a2, a3, a4, a5, 0, 5);
}

UK_SYSCALL_FN __syscall6(long n, long a1, long a2, long a3, long a4, long a5,
			 long a6)
{
	return uk_syscall_dispatch(n, a1, a2, a3, a4, a5, a6, 6);
}

/* No vDSO: clock_gettime is a direct call already. */
#define IPC_64 0
