// SPDX-License-Identifier: BSD-3-Clause
/*
 * What executes the guest: the CPU itself under KVM (PVM included),
 * which says so with its signature in CPUID's hypervisor leaf, or an
 * emulator (QEMU's TCG), which has none.
 */
#include <uk/arch/x86.h>
#include <uk/plat.h>
#include "kvm.h"

bool kvm_signature(void)
{
	uint32_t a, b, c, d;

	cpuid(0x40000000, 0, &a, &b, &c, &d);
	/* "KVMKVMKVM\0\0\0" */
	return b == 0x4b4d564b && c == 0x564b4d56 && d == 0x4d;
}

bool ukplat_cpu_emulated(void)
{
	static int emulated = -1;

	if (emulated < 0)
		emulated = !kvm_signature();
	return emulated;
}
