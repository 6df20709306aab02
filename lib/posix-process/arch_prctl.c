// SPDX-License-Identifier: BSD-3-Clause
/*
 * arch_prctl: the FS and GS base registers. musl puts its thread pointer
 * (TLS) in FS at start-up. We run in ring 0, so the MSRs are written
 * directly.
 */
#include <errno.h>

#include <uk/arch/x86.h>
#include <uk/sched.h>
#include <uk/syscall.h>

#ifndef ARCH_SET_GS
#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004
#endif

/* A non-canonical base would make wrmsr fault (#GP). */
static bool canonical(unsigned long addr)
{
	return (unsigned long)((long)(addr << 16) >> 16) == addr;
}

UK_SYSCALL_DEFINE(int, arch_prctl, int, code, unsigned long, addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (!canonical(addr))
			return -EPERM;
		/* the thread's TLS base: lib/sched switches it */
		uk_thread_set_tp(addr);
		return 0;
	case ARCH_SET_GS:
		if (!canonical(addr))
			return -EPERM;
		wrmsr(MSR_GS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		if (!addr)
			return -EFAULT;
		*(unsigned long *)addr =
			rdmsr(code == ARCH_GET_FS ? MSR_FS_BASE : MSR_GS_BASE);
		return 0;
	}
	return -EINVAL;
}
