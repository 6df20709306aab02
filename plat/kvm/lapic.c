// SPDX-License-Identifier: BSD-3-Clause
/*
 * Local APIC: the interrupt controller and the one-shot timer a scheduler
 * uses. TSC-deadline mode when the CPU has it (no calibration needed),
 * else the one-shot count mode, its rate measured once against the TSC.
 * x2APIC (MSRs) when available, else xAPIC (MMIO). Set up on first use.
 * The legacy 8259 PICs are masked at boot (setup.c). The deadline is kept:
 * an interrupt that comes early (the one-shot count is 32 bits) re-arms
 * instead of calling the handler.
 */
#include <uk/arch/irq.h>
#include <uk/arch/x86.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "kvm.h"

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_X2APIC	(1u << 10)
#define APIC_BASE_ENABLE	(1u << 11)
#define MSR_TSC_DEADLINE	0x6e0

#define APIC_ID			0x020
#define APIC_EOI		0x0b0
#define APIC_SVR		0x0f0
#define APIC_LVT_TIMER		0x320
#define APIC_TIMER_INIT		0x380
#define APIC_TIMER_CUR		0x390
#define APIC_TIMER_DIV		0x3e0
#define APIC_ICR		0x300
#define ICR_SELF		(1u << 18)	/* destination shorthand */

#define LVT_MASKED		(1u << 16)
#define LVT_TSC_DEADLINE	(2u << 17)

#define TIMER_VECTOR		KVM_VEC_TIMER
#define SPURIOUS_VECTOR		KVM_VEC_SPURIOUS

static bool initialized, x2apic, tsc_deadline;
static volatile uint32_t *xapic;
static uint64_t apic_hz;
static void (*timer_handler)(void);
static uint64_t timer_deadline;	/* ns, 0: none */

static void timer_program(uint64_t deadline_ns);

static void apic_write(uint32_t reg, uint32_t v)
{
	if (x2apic)
		wrmsr(0x800 + (reg >> 4), v);
	else
		xapic[reg / 4] = v;
}

static uint32_t apic_read(uint32_t reg)
{
	return x2apic ? (uint32_t)rdmsr(0x800 + (reg >> 4)) : xapic[reg / 4];
}

static void timer_irq(struct uk_regs *regs)
{
	apic_write(APIC_EOI, 0);
	if (!timer_deadline)
		return;
	if (ukplat_monotonic_ns() < timer_deadline) {
		timer_program(timer_deadline);
		return;
	}
	timer_deadline = 0;
	if (timer_handler)
		timer_handler();
}

static void spurious_irq(struct uk_regs *regs)
{
}

/* APIC timer ticks per second, counted against the (known) TSC. */
static uint64_t measure_apic_hz(void)
{
	uint64_t hz = ukplat_tsc_hz(NULL), t0, wait = hz / 1000;
	uint32_t left;

	apic_write(APIC_TIMER_DIV, 0xb);	/* divide by 1 */
	apic_write(APIC_LVT_TIMER, LVT_MASKED);
	apic_write(APIC_TIMER_INIT, 0xffffffff);
	t0 = rdtsc();
	while (rdtsc() - t0 < wait)
		cpu_relax();
	left = apic_read(APIC_TIMER_CUR);
	apic_write(APIC_TIMER_INIT, 0);
	return (uint64_t)(0xffffffffu - left) * 1000;
}

static void lapic_init(void)
{
	uint32_t a, b, c, d;
	uint64_t base;

	cpuid(1, 0, &a, &b, &c, &d);
	x2apic = c & (1u << 21);
	tsc_deadline = c & (1u << 24);

	base = rdmsr(MSR_APIC_BASE);
	base |= APIC_BASE_ENABLE | (x2apic ? APIC_BASE_X2APIC : 0);
	wrmsr(MSR_APIC_BASE, base);
	xapic = (volatile uint32_t *)(uintptr_t)(base & ~0xfffULL);
	if (!x2apic)
		kvm_map_device((uintptr_t)xapic, 0x1000);

	uk_arch_irq_register(TIMER_VECTOR, timer_irq);
	uk_arch_irq_register(SPURIOUS_VECTOR, spurious_irq);
	apic_write(APIC_SVR, 0x100 | SPURIOUS_VECTOR);
	/* the one-shot timer's rate is measured when first armed: routing
	 * an interrupt (which wants the APIC ID) must not calibrate clocks */
	if (tsc_deadline)
		apic_write(APIC_LVT_TIMER, LVT_TSC_DEADLINE | TIMER_VECTOR);
	initialized = true;
	uk_pr_debug("lapic: %s, timer %s\n", x2apic ? "x2APIC" : "xAPIC",
		    tsc_deadline ? "TSC-deadline" : "one-shot");
}

void kvm_lapic_setup(void)
{
	if (unlikely(!initialized))
		lapic_init();
}

void kvm_lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

uint32_t kvm_lapic_id(void)
{
	if (unlikely(!initialized))
		lapic_init();
	return x2apic ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24;
}

void kvm_lapic_self_ipi(unsigned int vector)
{
	if (unlikely(!initialized))
		lapic_init();
	apic_write(APIC_ICR, ICR_SELF | vector);
}

void ukplat_timer_set_handler(void (*handler)(void))
{
	timer_handler = handler;
}

void ukplat_timer_arm(uint64_t deadline_ns)
{
	if (unlikely(!initialized))
		lapic_init();
	timer_deadline = deadline_ns;
	timer_program(deadline_ns);
}

static void timer_program(uint64_t deadline_ns)
{
	uint64_t now, delta, ticks;

	if (tsc_deadline) {
		wrmsr(MSR_TSC_DEADLINE,
		      deadline_ns ? kvm_ns_to_tsc(deadline_ns) : 0);
		return;
	}
	apic_write(APIC_TIMER_INIT, 0);
	if (!deadline_ns)
		return;
	if (unlikely(!apic_hz))
		apic_hz = measure_apic_hz();
	now = ukplat_monotonic_ns();
	delta = deadline_ns > now ? deadline_ns - now : 1;
	ticks = delta / 1000000000ULL * apic_hz +
		delta % 1000000000ULL * apic_hz / 1000000000ULL;
	apic_write(APIC_TIMER_DIV, 0xb);
	apic_write(APIC_LVT_TIMER, TIMER_VECTOR);	/* one-shot */
	apic_write(APIC_TIMER_INIT, ticks ? MIN(ticks, 0xffffffffULL) : 1);
}

void ukplat_irq_enable(void)
{
	irq_enable();
}

void ukplat_irq_disable(void)
{
	irq_disable();
}

unsigned long ukplat_irq_save(void)
{
	return uk_arch_irq_save();
}

void ukplat_irq_restore(unsigned long flags)
{
	uk_arch_irq_restore(flags);
}

static uint64_t idle_tsc;	/* TSC ticks spent halted */

void ukplat_idle(void)
{
	uint64_t t0 = rdtsc();

	/* sti takes effect after hlt starts: no wake-up is lost */
	__asm__ __volatile__("sti; hlt; cli" ::: "memory");
	idle_tsc += rdtsc() - t0;
}

uint64_t ukplat_idle_ns(void)
{
	return kvm_tsc_to_ns(idle_tsc);
}
