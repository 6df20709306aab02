// SPDX-License-Identifier: BSD-3-Clause
/*
 * Thread cancellation needs the trapping syscall_cp.s, which the build
 * leaves out, and threads, which do not exist yet; our patch makes
 * musl's cancellation points plain syscalls. These definitions only let
 * pthread_cancel() link: no code range is cancellable and the cancellable
 * syscall entry is never reached.
 */
#include <errno.h>

long __syscall_cp_asm(volatile int *cancel, long nr, long u, long v, long w,
		      long x, long y, long z);

const char __cp_begin[1], __cp_end[1], __cp_cancel[1];

long __syscall_cp_asm(volatile int *cancel, long nr, long u, long v, long w,
		      long x, long y, long z)
{
	return -ENOSYS;
}
