/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Syscall providers. The library that owns a system call defines it once:
 *
 *	UK_SYSCALL_DEFINE(long, getpid)
 *	{
 *		return 1;
 *	}
 *
 *	UK_SYSCALL_DEFINE(ssize_t, write, int, fd, const void *, buf,
 *			  size_t, len)
 *	{
 *		...
 *		return -EBADF;		// errors: negative errno
 *	}
 *
 * This defines uk_syscall_r_<name>(), the raw entry point: six long
 * arguments (unused ones are ignored, which the x86_64 calling convention
 * makes free) and a long result, negative errno on error. libc's syscall
 * sites call it directly by name (libs/musl's __syscallN() switch over
 * the architecture's numbers folds into one call for a constant number);
 * lib/syscall has a weak fallback for every syscall that returns -ENOSYS,
 * which a provider replaces at link time. The return type must convert
 * to long (use long for calls that do not return).
 *
 * Inside the kernel, call the function a library exports for what it
 * does, not another library's uk_syscall_r_*().
 */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <uk/essentials.h>

/* Logs the syscall's name (once per number) and returns -ENOSYS. */
long uk_syscall_enosys(long nr);
/* The name of syscall nr, or NULL. */
const char *uk_syscall_name(long nr);
/* One more than the highest syscall number of the architecture. */
long uk_syscall_count(void);
/* A syscall by a number known only at run time (libc's syscall()). */
long uk_syscall_call(long nr, long a1, long a2, long a3, long a4, long a5,
		     long a6);

#define UK_ARCH_SYSCALL(nr, name)					\
	long uk_syscall_r_##name(long, long, long, long, long, long);
#include <uk/arch/syscall_table.h>
#undef UK_ARCH_SYSCALL

/* The number of (type, name) pairs: 0..6 */
#define UK_SC_NARGS_(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11,	\
		     _12, n, ...) n
#define UK_SC_NARGS(...)						\
	UK_SC_NARGS_(, ##__VA_ARGS__, 6, x, 5, x, 4, x, 3, x, 2, x, 1, x, 0)
#define UK_SC_CAT_(a, b)	a##b
#define UK_SC_CAT(a, b)		UK_SC_CAT_(a, b)

/* (t1, a1, t2, a2, ...) -> "t1 a1, t2 a2, ..." */
#define UK_SC_PARAMS_0()	void
#define UK_SC_PARAMS_1(t, a)	t a
#define UK_SC_PARAMS_2(t, a, ...) t a, UK_SC_PARAMS_1(__VA_ARGS__)
#define UK_SC_PARAMS_3(t, a, ...) t a, UK_SC_PARAMS_2(__VA_ARGS__)
#define UK_SC_PARAMS_4(t, a, ...) t a, UK_SC_PARAMS_3(__VA_ARGS__)
#define UK_SC_PARAMS_5(t, a, ...) t a, UK_SC_PARAMS_4(__VA_ARGS__)
#define UK_SC_PARAMS_6(t, a, ...) t a, UK_SC_PARAMS_5(__VA_ARGS__)

/* (t1, a1, ...) -> "(t1)r1, (t2)r2, ..." from the raw long arguments */
#define UK_SC_CASTS_0()
#define UK_SC_CASTS_1(...)	UK_SC_C1_1(__VA_ARGS__)
#define UK_SC_C1_1(t, a)	(t)r1
#define UK_SC_CASTS_2(...)	UK_SC_C2_1(__VA_ARGS__)
#define UK_SC_C2_1(t, a, ...) (t)r1, UK_SC_C2_2(__VA_ARGS__)
#define UK_SC_C2_2(t, a)	(t)r2
#define UK_SC_CASTS_3(...)	UK_SC_C3_1(__VA_ARGS__)
#define UK_SC_C3_1(t, a, ...) (t)r1, UK_SC_C3_2(__VA_ARGS__)
#define UK_SC_C3_2(t, a, ...) (t)r2, UK_SC_C3_3(__VA_ARGS__)
#define UK_SC_C3_3(t, a)	(t)r3
#define UK_SC_CASTS_4(...)	UK_SC_C4_1(__VA_ARGS__)
#define UK_SC_C4_1(t, a, ...) (t)r1, UK_SC_C4_2(__VA_ARGS__)
#define UK_SC_C4_2(t, a, ...) (t)r2, UK_SC_C4_3(__VA_ARGS__)
#define UK_SC_C4_3(t, a, ...) (t)r3, UK_SC_C4_4(__VA_ARGS__)
#define UK_SC_C4_4(t, a)	(t)r4
#define UK_SC_CASTS_5(...)	UK_SC_C5_1(__VA_ARGS__)
#define UK_SC_C5_1(t, a, ...) (t)r1, UK_SC_C5_2(__VA_ARGS__)
#define UK_SC_C5_2(t, a, ...) (t)r2, UK_SC_C5_3(__VA_ARGS__)
#define UK_SC_C5_3(t, a, ...) (t)r3, UK_SC_C5_4(__VA_ARGS__)
#define UK_SC_C5_4(t, a, ...) (t)r4, UK_SC_C5_5(__VA_ARGS__)
#define UK_SC_C5_5(t, a)	(t)r5
#define UK_SC_CASTS_6(...)	UK_SC_C6_1(__VA_ARGS__)
#define UK_SC_C6_1(t, a, ...) (t)r1, UK_SC_C6_2(__VA_ARGS__)
#define UK_SC_C6_2(t, a, ...) (t)r2, UK_SC_C6_3(__VA_ARGS__)
#define UK_SC_C6_3(t, a, ...) (t)r3, UK_SC_C6_4(__VA_ARGS__)
#define UK_SC_C6_4(t, a, ...) (t)r4, UK_SC_C6_5(__VA_ARGS__)
#define UK_SC_C6_5(t, a, ...) (t)r5, UK_SC_C6_6(__VA_ARGS__)
#define UK_SC_C6_6(t, a)	(t)r6

#define UK_SYSCALL_DEFINE(rtype, name, ...)				\
	static inline rtype uk_syscall_do_##name(			\
		UK_SC_CAT(UK_SC_PARAMS_, UK_SC_NARGS(__VA_ARGS__))(__VA_ARGS__)); \
	long uk_syscall_r_##name(long r1, long r2, long r3, long r4,	\
				 long r5, long r6)			\
	{								\
		(void)r1; (void)r2; (void)r3;				\
		(void)r4; (void)r5; (void)r6;				\
		return (long)uk_syscall_do_##name(			\
			UK_SC_CAT(UK_SC_CASTS_, UK_SC_NARGS(__VA_ARGS__))(__VA_ARGS__)); \
	}								\
	static inline rtype uk_syscall_do_##name(			\
		UK_SC_CAT(UK_SC_PARAMS_, UK_SC_NARGS(__VA_ARGS__))(__VA_ARGS__))

#endif /* UK_SYSCALL_H */
