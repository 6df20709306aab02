// SPDX-License-Identifier: BSD-3-Clause
/*
 * The TSS in the GDT (gdt.c), whose IST stacks catch double faults, NMIs
 * and machine checks on known-good stacks (a kernel stack overflow ends in
 * a double fault), and the IDT pointing at the stubs in trap_entry.S.
 */
#include <uk/arch/x86.h>
#include <string.h>
#include <uk/arch/ctx.h>

#define GDT_TSS_SEL	UK_ARCH_TSS_SEL
#define KERNEL_CS	UK_ARCH_KERNEL_CS

#define IST_DOUBLE_FAULT 1
#define IST_NMI		 2
#define IST_MCE		 3
#define IST_STACK_SIZE	 8192

#define UK_TRAP_STUBS	64

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

struct idt_entry {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off_mid;
	uint32_t off_hi;
	uint32_t reserved;
} __packed;

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

extern const char uk_trap_stubs[];

static struct tss64 tss __aligned(16);
static struct idt_entry idt[UK_TRAP_STUBS] __aligned(16);
static char ist_stacks[3][IST_STACK_SIZE] __aligned(16);

void (*uk_arch_irq_handlers[UK_TRAP_STUBS])(struct uk_regs *);

static void tss_init(void)
{
	uint64_t base = (uintptr_t)&tss, limit = sizeof(tss) - 1;

	tss.ist[IST_DOUBLE_FAULT - 1] = (uintptr_t)ist_stacks[0] + IST_STACK_SIZE;
	tss.ist[IST_NMI - 1] = (uintptr_t)ist_stacks[1] + IST_STACK_SIZE;
	tss.ist[IST_MCE - 1] = (uintptr_t)ist_stacks[2] + IST_STACK_SIZE;
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap */

	/* 64-bit available TSS descriptor: 16 bytes at GDT_TSS_SEL */
	uk_arch_gdt[GDT_TSS_SEL / 8] = (limit & 0xffff) |
		((base & 0xffffff) << 16) | (0x89ULL << 40) |
		((limit & 0xf0000) << 32) | ((base & 0xff000000) << 32);
	uk_arch_gdt[GDT_TSS_SEL / 8 + 1] = base >> 32;
	__asm__ __volatile__("ltr %w0" : : "r"(GDT_TSS_SEL));
}

static void idt_init(void)
{
	struct desc_ptr ptr = { sizeof(idt) - 1, (uintptr_t)idt };
	unsigned int v;

	for (v = 0; v < UK_TRAP_STUBS; v++) {
		uintptr_t stub = (uintptr_t)uk_trap_stubs + 16 * v;

		idt[v].off_lo = stub & 0xffff;
		idt[v].sel = KERNEL_CS;
		idt[v].type = 0x8e;	/* present, interrupt gate */
		idt[v].off_mid = (stub >> 16) & 0xffff;
		idt[v].off_hi = stub >> 32;
	}
	idt[8].ist = IST_DOUBLE_FAULT;
	idt[2].ist = IST_NMI;
	idt[18].ist = IST_MCE;
	__asm__ __volatile__("lidt %0" : : "m"(ptr));
}

bool uk_arch_has_fsgsbase;

#define CR4_FSGSBASE	(1UL << 16)

/* wrfsbase: a thread switch sets the TLS base in one instruction */
static void fsgsbase_init(void)
{
	uint32_t a, b, c, d;
	unsigned long cr4;

	cpuid(0, 0, &a, &b, &c, &d);
	if (a < 7)
		return;
	cpuid(7, 0, &a, &b, &c, &d);
	if (!(b & 1))
		return;
	__asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(cr4 | CR4_FSGSBASE));
	uk_arch_has_fsgsbase = true;
	uk_arch_ctx_use_fsgsbase();
}

void uk_arch_cpu_init(void)
{
	tss_init();
	idt_init();
	fsgsbase_init();
	/* x87/SSE state for apps (CR0/CR4 bits are set by the boot code) */
	__asm__ __volatile__("fninit");
}

void uk_arch_irq_register(unsigned int vector, void (*fn)(struct uk_regs *))
{
	if (vector >= 32 && vector < UK_TRAP_STUBS)
		uk_arch_irq_handlers[vector] = fn;
}
