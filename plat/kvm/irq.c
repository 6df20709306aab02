// SPDX-License-Identifier: BSD-3-Clause
/*
 * Device interrupts: a vector each, from the ones the platform does not
 * use itself (kvm.h: 33..35, 37..46, 48..63, lowest first), with the
 * handlers of that vector in a list. A GSI goes through the I/O APIC
 * that has it (ioapic.c), with the trigger mode and polarity its user
 * asks for unless an MADT interrupt source override says otherwise (on
 * QEMU's pc and q35 the PCI lines 10 and 11 have overrides: level,
 * active high, which is how QEMU's I/O APICs see them although INTx# is
 * active low on a PCI bus; KVM's in-kernel I/O APIC honours the polarity
 * bit, TCG's does not look at it). Devices that share a GSI (PCI INTx
 * lines do) share its vector and their handlers run in turn, each looking
 * whether its device interrupted. An MSI gets a vector of its own and the
 * address and data that make the device's write land on it at CPU 0.
 *
 * The end of interrupt follows the handlers: for a level-triggered GSI
 * the handlers have acknowledged their devices by then, so the line is
 * low when the I/O APIC looks again (the local APIC's EOI reaches it as
 * a broadcast EOI), and a device that still asserts it interrupts again.
 */
#include <uk/arch/irq.h>
#include <uk/arch/x86.h>
#include <uk/errno.h>
#include <uk/plat.h>
#include "kvm.h"

#define MAX_HANDLERS	48
#define MSI_ADDR_BASE	0xfee00000ULL

struct handler {
	void (*fn)(void *arg);
	void *arg;
	struct handler *next;
};

enum vec_kind { VEC_FREE, VEC_GSI, VEC_MSI };

struct vec {
	struct handler *handlers;
	enum vec_kind kind;
	unsigned int gsi;
	bool level, active_low;
};

static struct handler handler_pool[MAX_HANDLERS];
static unsigned int handlers_used;
static struct vec vecs[KVM_VEC_LAST + 1];

static bool vec_reserved(unsigned int v)
{
	return v <= KVM_VEC_TIMER || v == KVM_VEC_COM1 ||
	       v == KVM_VEC_SPURIOUS;
}

static void dispatch(struct uk_regs *regs)
{
	struct handler *h;

	for (h = vecs[regs->vector].handlers; h; h = h->next)
		h->fn(h->arg);
	kvm_lapic_eoi();
}

static int vec_alloc(void)
{
	unsigned int v;

	for (v = KVM_VEC_TIMER + 1; v <= KVM_VEC_LAST; v++)
		if (!vec_reserved(v) && vecs[v].kind == VEC_FREE)
			return v;
	return -ENOSPC;
}

/* Adds fn(arg) at the end of vector v's list. */
static int handler_add(unsigned int v, void (*fn)(void *), void *arg)
{
	struct handler *h, **p;

	if (handlers_used == MAX_HANDLERS)
		return -ENOSPC;
	h = &handler_pool[handlers_used++];
	h->fn = fn;
	h->arg = arg;
	h->next = NULL;
	for (p = &vecs[v].handlers; *p; p = &(*p)->next)
		;
	*p = h;
	return 0;
}

int ukplat_irq_gsi(unsigned int gsi, bool level, bool active_low,
		   void (*fn)(void *arg), void *arg)
{
	unsigned long flags;
	unsigned int v;
	int rc;

	if (!fn)
		return -EINVAL;
	/* the firmware's word on the wiring, where it has one */
	kvm_ioapic_gsi_mode(gsi, &level, &active_low);
	flags = uk_arch_irq_save();
	for (v = KVM_VEC_TIMER + 1; v <= KVM_VEC_LAST; v++)
		if (vecs[v].kind == VEC_GSI && vecs[v].gsi == gsi)
			break;
	if (v <= KVM_VEC_LAST) {
		/* shared: only alike */
		rc = vecs[v].level == level &&
		     vecs[v].active_low == active_low ?
		     handler_add(v, fn, arg) : -EBUSY;
		goto out;
	}
	rc = vec_alloc();
	if (rc < 0)
		goto out;
	v = rc;
	if (handlers_used == MAX_HANDLERS) {
		rc = -ENOSPC;
		goto out;
	}
	uk_arch_irq_register(v, dispatch);
	rc = kvm_ioapic_route(gsi, v, level, active_low);
	if (rc)
		goto out;
	vecs[v].kind = VEC_GSI;
	vecs[v].gsi = gsi;
	vecs[v].level = level;
	vecs[v].active_low = active_low;
	rc = handler_add(v, fn, arg);
out:
	uk_arch_irq_restore(flags);
	return rc;
}

int ukplat_irq_msi(void (*fn)(void *arg), void *arg, uint64_t *addr,
		   uint32_t *data)
{
	unsigned long flags;
	uint32_t id;
	int rc;

	if (!fn || !addr || !data)
		return -EINVAL;
	id = kvm_lapic_id();
	/* an MSI address holds an 8-bit destination (no remapping here) */
	if (id > 0xff)
		return -ENODEV;
	flags = uk_arch_irq_save();
	rc = vec_alloc();
	if (rc < 0 || handlers_used == MAX_HANDLERS) {
		rc = rc < 0 ? rc : -ENOSPC;
		goto out;
	}
	vecs[rc].kind = VEC_MSI;
	uk_arch_irq_register(rc, dispatch);
	handler_add(rc, fn, arg);
	/* physical destination, no redirection hint; fixed, edge */
	*addr = MSI_ADDR_BASE | (uint64_t)id << 12;
	*data = rc;
	rc = 0;
out:
	uk_arch_irq_restore(flags);
	return rc;
}
