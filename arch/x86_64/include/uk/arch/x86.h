/* SPDX-License-Identifier: BSD-3-Clause */
/* x86_64 CPU helpers: port and MSR access, CPUID, TSC, control registers. */
#ifndef UK_ARCH_X86_H
#define UK_ARCH_X86_H

#include <uk/essentials.h>
#include <uk/arch/gdt.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr"
			     : : "c"(msr), "a"((uint32_t)v),
			       "d"((uint32_t)(v >> 32)) : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a,
			 uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline unsigned long read_cr2(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr3(void)
{
	unsigned long v;

	__asm__ __volatile__("mov %%cr3, %0" : "=r"(v));
	return v;
}

#define RFLAGS_IF	(1UL << 9)

static inline unsigned long read_rflags(void)
{
	unsigned long v;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(v) : : "memory");
	return v;
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

/* Descriptor tables (gdt.c, cpu.c); the selectors are in uk/arch/gdt.h. */
struct uk_arch_desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

extern uint64_t uk_arch_gdt[UK_ARCH_GDT_ENTRIES];
extern const struct uk_arch_desc_ptr uk_arch_gdt_ptr;

#define MSR_FS_BASE	0xc0000100
#define MSR_GS_BASE	0xc0000101

/* cpu.c: the CPU has wrfsbase (CR4.FSGSBASE is then on) */
extern bool uk_arch_has_fsgsbase;

/* The thread pointer (TLS): the FS base. */
static inline void uk_arch_tls_set(uintptr_t tp)
{
	if (likely(uk_arch_has_fsgsbase))
		__asm__ __volatile__("wrfsbase %0" : : "r"(tp) : "memory");
	else
		wrmsr(MSR_FS_BASE, tp);
}

static inline uintptr_t uk_arch_tls_get(void)
{
	return rdmsr(MSR_FS_BASE);
}

/* Registers as saved by the trap entry (arch/x86_64/trap_entry.S). */
struct uk_regs {
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
	unsigned long vector, error;
	/* pushed by the CPU */
	unsigned long rip, cs, rflags, rsp, ss;
};

/* Set up the GDT/TSS (with IST stacks) and the IDT. */
void uk_arch_cpu_init(void);

/* Interrupt handler for vectors 32..255; vector 0..31 are exceptions. */
void uk_arch_irq_register(unsigned int vector, void (*fn)(struct uk_regs *));

#endif /* UK_ARCH_X86_H */
