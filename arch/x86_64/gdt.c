// SPDX-License-Identifier: BSD-3-Clause
/*
 * The GDT: null, 64-bit code, data, and the TSS (16 bytes, filled by
 * cpu.c). The platform's boot code loads it (lgdt uk_arch_gdt_ptr, in
 * 32-bit mode too: the base is below 4 GiB) to enter long mode.
 */
#include <uk/arch/x86.h>

uint64_t uk_arch_gdt[UK_ARCH_GDT_ENTRIES] __aligned(16) = {
	[UK_ARCH_KERNEL_CS / 8] = 0x00af9a000000ffffULL,	/* 64-bit code */
	[UK_ARCH_KERNEL_DS / 8] = 0x00cf92000000ffffULL,	/* data */
};

const struct uk_arch_desc_ptr uk_arch_gdt_ptr = {
	.limit = sizeof(uk_arch_gdt) - 1,
	.base = (uintptr_t)uk_arch_gdt,
};
