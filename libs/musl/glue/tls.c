// SPDX-License-Identifier: BSD-3-Clause
/*
 * musl sets its thread pointer through __set_thread_area(); on x86_64 it
 * does so with a trapping asm stub, which the build leaves out. Here it is
 * a call to the arch_prctl provider (lib/posix-process): FS base.
 */
#include <uk/syscall.h>

#define ARCH_SET_FS	0x1002

long uk_syscall_r_arch_prctl(long, long, long, long, long, long);
int __set_thread_area(void *p);

int __set_thread_area(void *p)
{
	return (int)uk_syscall_r_arch_prctl(ARCH_SET_FS, (long)p, 0, 0, 0, 0);
}
