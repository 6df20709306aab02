// SPDX-License-Identifier: BSD-3-Clause
/*
 * I/O APICs, found in the ACPI MADT (microvm, pc and q35 all have one;
 * microvm with ACPI has a second for GSIs 24-47, where its virtio-mmio
 * transports are), else the architectural default at 0xfec00000. An ISA
 * IRQ goes to its GSI through the MADT's interrupt source overrides,
 * which also give polarity and trigger mode (ISA default: edge, active
 * high); any other GSI is routed as its user says (irq.c). Every entry
 * goes to the local APIC of CPU 0, in physical destination mode.
 */
#include <string.h>
#include <uk/errno.h>
#include <uk/plat.h>
#include "kvm.h"

#define IOAPIC_DEFAULT		0xfec00000UL
#define IOREGSEL		0x00
#define IOWIN			0x10
#define IOAPIC_VER		0x01
#define IOAPIC_REDTBL(n)	(0x10 + 2 * (n))

#define RTE_MASKED		(1u << 16)
#define RTE_LEVEL		(1u << 15)
#define RTE_ACTIVE_LOW		(1u << 13)

#define MADT_IOAPIC		1
#define MADT_OVERRIDE		2
#define MAX_IOAPICS		4

struct acpi_madt {
	char sig[4];
	uint32_t len;
	uint8_t rev, csum;
	char oem[6], oem_table[8];
	uint32_t oem_rev, creator, creator_rev;
	uint32_t lapic_addr, flags;
} __packed;

struct ioapic {
	volatile uint32_t *base;
	unsigned int gsi_base, nr_pins;
};

static struct ioapic ioapics[MAX_IOAPICS];
static unsigned int nr_ioapics;
static bool scanned;

static uint32_t ioapic_read(struct ioapic *io, uint32_t reg)
{
	io->base[IOREGSEL / 4] = reg;
	return io->base[IOWIN / 4];
}

static void ioapic_write(struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->base[IOREGSEL / 4] = reg;
	io->base[IOWIN / 4] = v;
}

static void ioapic_add(uintptr_t addr, unsigned int gsi_base)
{
	struct ioapic *io;

	if (nr_ioapics == MAX_IOAPICS)
		return;
	if (kvm_map_device(addr, 0x1000))
		return;
	io = &ioapics[nr_ioapics++];
	io->base = (volatile uint32_t *)addr;
	io->gsi_base = gsi_base;
	io->nr_pins = ((ioapic_read(io, IOAPIC_VER) >> 16) & 0xff) + 1;
}

/* The GSI and flags an ISA IRQ has, by the MADT's overrides. */
static unsigned int isa_gsi(const struct acpi_madt *madt, unsigned int irq,
			    uint16_t *flags)
{
	const uint8_t *p, *end;

	*flags = 0;
	if (!madt)
		return irq;
	p = (const uint8_t *)(madt + 1);
	end = (const uint8_t *)madt + madt->len;
	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		uint32_t gsi;

		if (p[0] != MADT_OVERRIDE || p[1] < 10 || p[3] != irq)
			continue;
		memcpy(&gsi, p + 4, 4);
		memcpy(flags, p + 8, 2);
		return gsi;
	}
	return irq;
}

void kvm_ioapic_gsi_mode(unsigned int gsi, bool *level, bool *active_low)
{
	const struct acpi_madt *madt = kvm_acpi_table("APIC");
	const uint8_t *p, *end;

	if (!madt)
		return;
	p = (const uint8_t *)(madt + 1);
	end = (const uint8_t *)madt + madt->len;
	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		uint32_t g;
		uint16_t flags;

		if (p[0] != MADT_OVERRIDE || p[1] < 10)
			continue;
		memcpy(&g, p + 4, 4);
		if (g != gsi)
			continue;
		memcpy(&flags, p + 8, 2);
		/* 0 in a field: "conforms to the bus", the caller knows */
		if (flags & 3)
			*active_low = (flags & 3) == 3;
		if ((flags >> 2) & 3)
			*level = ((flags >> 2) & 3) == 3;
		return;
	}
}

static void scan(const struct acpi_madt *madt)
{
	const uint8_t *p, *end;

	scanned = true;
	if (madt) {
		p = (const uint8_t *)(madt + 1);
		end = (const uint8_t *)madt + madt->len;
		for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end;
		     p += p[1]) {
			uint32_t addr, gsi;

			if (p[0] != MADT_IOAPIC || p[1] < 12)
				continue;
			memcpy(&addr, p + 4, 4);
			memcpy(&gsi, p + 8, 4);
			ioapic_add(addr, gsi);
		}
	}
	if (!nr_ioapics && ukplat_addr_readable(IOAPIC_DEFAULT))
		ioapic_add(IOAPIC_DEFAULT, 0);
}

static void scan_once(void)
{
	if (!scanned)
		scan(kvm_acpi_table("APIC"));
}

unsigned int kvm_ioapic_isa_gsi(unsigned int irq)
{
	uint16_t flags;

	return isa_gsi(kvm_acpi_table("APIC"), irq, &flags);
}

int kvm_ioapic_route(unsigned int gsi, unsigned int vector, bool level,
		     bool active_low)
{
	unsigned int i;
	uint32_t lo;

	scan_once();
	for (i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];
		unsigned int pin = gsi - io->gsi_base;

		if (gsi < io->gsi_base || pin >= io->nr_pins)
			continue;
		lo = vector;
		if (active_low)
			lo |= RTE_ACTIVE_LOW;
		if (level)
			lo |= RTE_LEVEL;
		/* masked while the destination changes */
		ioapic_write(io, IOAPIC_REDTBL(pin), RTE_MASKED);
		ioapic_write(io, IOAPIC_REDTBL(pin) + 1, kvm_lapic_id() << 24);
		ioapic_write(io, IOAPIC_REDTBL(pin), lo);
		return 0;
	}
	return -ENODEV;
}

int kvm_ioapic_route_isa(unsigned int irq, unsigned int vector)
{
	uint16_t flags;
	unsigned int gsi = isa_gsi(kvm_acpi_table("APIC"), irq, &flags);

	/* MPS INTI flags: polarity bits 0-1, trigger 2-3; 3 = low, level */
	return kvm_ioapic_route(gsi, vector, ((flags >> 2) & 3) == 3,
				(flags & 3) == 3);
}
