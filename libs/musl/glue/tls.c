// SPDX-License-Identifier: BSD-3-Clause
/*
 * musl sets its thread pointer through __set_thread_area(); on x86_64 it
 * does so with a trapping asm stub, which the build leaves out. Here it
 * is the architecture's thread pointer (the FS base on x86_64).
 */
#include <stdint.h>
#include <uk/arch/x86.h>

int __set_thread_area(void *p);

int __set_thread_area(void *p)
{
	uk_arch_tls_set((uintptr_t)p);
	return 0;
}
