/* SPDX-License-Identifier: BSD-3-Clause */
/* GDT layout (arch/x86_64/gdt.c); usable from assembly. */
#ifndef UK_ARCH_GDT_H
#define UK_ARCH_GDT_H

#define UK_ARCH_KERNEL_CS	0x08
#define UK_ARCH_KERNEL_DS	0x10
#define UK_ARCH_TSS_SEL		0x18
#define UK_ARCH_GDT_ENTRIES	5	/* null, code, data, TSS (2 slots) */

#endif /* UK_ARCH_GDT_H */
