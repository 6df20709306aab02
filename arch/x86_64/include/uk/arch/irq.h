/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupts off and back, inline (the scheduler lock is this, so it
 * costs three instructions; ukplat_irq_save() is the same as a call).
 */
#ifndef UK_ARCH_IRQ_H
#define UK_ARCH_IRQ_H

#include <uk/essentials.h>

#define UK_ARCH_RFLAGS_IF	(1UL << 9)

#ifdef UK_HOST_TEST
/* Host unit tests run in user mode: no interrupts to turn off. */
static inline unsigned long uk_arch_irq_save(void)
{
	return 0;
}

static inline void uk_arch_irq_restore(unsigned long flags)
{
	(void)flags;
}
#else
/* Disables interrupts; returns non-zero if they were enabled. */
static inline unsigned long uk_arch_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0; cli"
			     : "=r"(flags) : : "memory");
	return flags & UK_ARCH_RFLAGS_IF;
}

static inline void uk_arch_irq_restore(unsigned long flags)
{
	if (flags)
		__asm__ __volatile__("sti" : : : "memory");
}
#endif

#endif /* UK_ARCH_IRQ_H */
