// SPDX-License-Identifier: BSD-3-Clause
/*
 * I/O APICs, found in the ACPI MADT (microvm, pc and q35 all have one;
 * microvm may have a second for GSIs 24-47), else the architectural
 * default at 0xfec00000. An ISA IRQ goes to its GSI through the MADT's
 * interrupt source overrides, which also give polarity and trigger mode
 * (ISA default: edge, active high).
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

int kvm_ioapic_route_isa(unsigned int irq, unsigned int vector)
{
	const struct acpi_madt *madt = kvm_acpi_table("APIC");
	unsigned int gsi, i;
	uint16_t flags;
	uint32_t lo;

	if (!scanned)
		scan(madt);
	gsi = isa_gsi(madt, irq, &flags);
	for (i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi < io->gsi_base || gsi >= io->gsi_base + io->nr_pins)
			continue;
		kvm_lapic_setup();
		lo = vector;
		if ((flags & 3) == 3)
			lo |= RTE_ACTIVE_LOW;
		if (((flags >> 2) & 3) == 3)
			lo |= RTE_LEVEL;
		/* destination: the local APIC of CPU 0 (ID 0), physical */
		ioapic_write(io, IOAPIC_REDTBL(gsi - io->gsi_base) + 1, 0);
		ioapic_write(io, IOAPIC_REDTBL(gsi - io->gsi_base), lo);
		return 0;
	}
	return -ENODEV;
}
