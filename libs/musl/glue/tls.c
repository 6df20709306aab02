// SPDX-License-Identifier: BSD-3-Clause
/*
 * musl sets its thread pointer through __set_thread_area(); on x86_64 it
 * does so with a trapping asm stub, which the build leaves out. Here it
 * is the calling thread's TLS base, which lib/sched keeps with the thread
 * and switches (the FS base on x86_64).
 */
#include <stdint.h>
#include <uk/sched.h>

int __set_thread_area(void *p);

int __set_thread_area(void *p)
{
	uk_thread_set_tp((uintptr_t)p);
	return 0;
}
