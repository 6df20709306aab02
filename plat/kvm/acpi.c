// SPDX-License-Identifier: BSD-3-Clause
/*
 * ACPI poweroff, looked up only when it is needed (never on the boot path):
 * RSDP (from the PVH start info, else the BIOS area) -> XSDT/RSDT -> FADT.
 * A hardware-reduced platform (microvm) powers off through the FADT's
 * sleep control register, a legacy one (pc, q35) through PM1a_CNT. The S5
 * sleep type comes from the \_S5 package in the DSDT.
 */
#include <uk/arch/x86.h>
#include <string.h>
#include <uk/plat.h>
#include "kvm.h"

uint64_t kvm_rsdp_paddr;

struct acpi_header {
	char sig[4];
	uint32_t len;
	uint8_t rev;
	uint8_t csum;
	char oem[6];
	char oem_table[8];
	uint32_t oem_rev;
	uint32_t creator;
	uint32_t creator_rev;
} __packed;

struct acpi_rsdp {
	char sig[8];
	uint8_t csum;
	char oem[6];
	uint8_t rev;
	uint32_t rsdt;
	uint32_t len;
	uint64_t xsdt;
} __packed;

struct acpi_gas {
	uint8_t space;		/* 0: memory, 1: I/O port */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t addr;
} __packed;

#define FADT_DSDT		40
#define FADT_PM1A_CNT		64
#define FADT_FLAGS		112
#define FADT_X_DSDT		140
#define FADT_SLEEP_CTL		244
#define FADT_HW_REDUCED		(1u << 20)

#define SLP_EN_PM1		(1u << 13)
#define SLP_EN_SLEEP_CTL	(1u << 5)

/* Every page of [addr, addr + len) can be read (no guard page, no hole). */
static bool mapped(uint64_t addr, uint64_t len)
{
	uint64_t p;

	if (!len || addr + len < addr || addr + len > KVM_MAPPED_END)
		return false;
	for (p = addr & ~0xfffULL; p < addr + len; p += 0x1000)
		if (!ukplat_addr_readable(p))
			return false;
	return true;
}

static const struct acpi_rsdp *find_rsdp(void)
{
	uintptr_t p;

	if (kvm_rsdp_paddr && mapped(kvm_rsdp_paddr, sizeof(struct acpi_rsdp)))
		return (const void *)(uintptr_t)kvm_rsdp_paddr;
	for (p = 0xe0000; p < 0x100000; p += 16)
		if (mapped(p, 8) && !memcmp((const void *)p, "RSD PTR ", 8))
			return (const void *)p;
	return NULL;
}

static const struct acpi_header *table_at(uint64_t addr)
{
	const struct acpi_header *h = (const void *)(uintptr_t)addr;

	if (!mapped(addr, sizeof(*h)) || !mapped(addr, h->len))
		return NULL;
	return h;
}

const void *kvm_acpi_table(const char *sig)
{
	const struct acpi_rsdp *rsdp = find_rsdp();
	const struct acpi_header *root;
	bool wide;
	size_t n, i;

	if (!rsdp)
		return NULL;
	wide = rsdp->rev >= 2 && rsdp->xsdt;
	root = table_at(wide ? rsdp->xsdt : rsdp->rsdt);
	if (!root)
		return NULL;
	n = (root->len - sizeof(*root)) / (wide ? 8 : 4);
	for (i = 0; i < n; i++) {
		const char *ents = (const char *)(root + 1);
		uint64_t a;
		const struct acpi_header *t;

		if (wide)
			memcpy(&a, ents + 8 * i, 8);
		else {
			uint32_t a32;

			memcpy(&a32, ents + 4 * i, 4);
			a = a32;
		}
		t = table_at(a);
		if (t && !memcmp(t->sig, sig, 4))
			return t;
	}
	return NULL;
}

/* The first element of the \_S5 package: Package(){ typ, ... }. */
static int s5_sleep_type(const struct acpi_header *dsdt)
{
	const uint8_t *p = (const uint8_t *)dsdt, *end = p + dsdt->len;

	/* 12: the most the lines below read from p */
	for (p += sizeof(*dsdt); p + 12 <= end; p++) {
		if (memcmp(p, "_S5_", 4) || p[4] != 0x12)	/* PackageOp */
			continue;
		p += 5;
		p += (*p >> 6) + 1;	/* PkgLength: 1 + extra bytes */
		p++;			/* NumElements */
		if (*p == 0x0a)		/* BytePrefix */
			return p[1];
		if (*p == 0x00 || *p == 0x01)	/* ZeroOp, OneOp */
			return *p;
		return -1;
	}
	return -1;
}

/*
 * The VMM may let the CPU run on for a moment after the sleep request (QEMU
 * handles it in its main loop): wait, boundedly, before the caller tries
 * the next way.
 */
static void wait_for_poweroff(void)
{
	unsigned long i;

	for (i = 0; i < 10000000; i++)
		cpu_relax();
}

/* The DSDT, through the FADT (X_DSDT when set, else DSDT). */
static const struct acpi_header *dsdt_of(const struct acpi_header *fadt)
{
	const uint8_t *f = (const uint8_t *)fadt;
	const struct acpi_header *dsdt;
	uint64_t dsdt_addr = 0;
	uint32_t dsdt32;

	if (!fadt || fadt->len < FADT_DSDT + 4)
		return NULL;
	memcpy(&dsdt32, f + FADT_DSDT, 4);
	dsdt_addr = dsdt32;
	if (fadt->len >= FADT_X_DSDT + 8)
		memcpy(&dsdt_addr, f + FADT_X_DSDT, 8);
	if (!dsdt_addr)
		dsdt_addr = dsdt32;
	dsdt = table_at(dsdt_addr);
	if (!dsdt || dsdt->len < sizeof(*dsdt) || memcmp(dsdt->sig, "DSDT", 4))
		return NULL;
	return dsdt;
}

const void *kvm_acpi_dsdt(size_t *len)
{
	const struct acpi_header *dsdt = dsdt_of(kvm_acpi_table("FACP"));

	*len = dsdt ? dsdt->len : 0;
	return dsdt;
}

void kvm_acpi_poweroff(void)
{
	const struct acpi_header *fadt = kvm_acpi_table("FACP");
	const struct acpi_header *dsdt;
	const uint8_t *f = (const uint8_t *)fadt;
	uint32_t flags, pm1a;
	int typ;

	if (!fadt || fadt->len < FADT_FLAGS + 4)
		return;
	dsdt = dsdt_of(fadt);
	typ = dsdt ? s5_sleep_type(dsdt) : -1;
	if (typ < 0)
		typ = 0;

	memcpy(&flags, f + FADT_FLAGS, 4);
	if ((flags & FADT_HW_REDUCED) && fadt->len >= FADT_SLEEP_CTL + 12) {
		struct acpi_gas gas;
		uint8_t v = ((typ & 7) << 2) | SLP_EN_SLEEP_CTL;

		memcpy(&gas, f + FADT_SLEEP_CTL, sizeof(gas));
		if (gas.space == 0 && mapped(gas.addr, 1))
			*(volatile uint8_t *)(uintptr_t)gas.addr = v;
		else if (gas.space == 1)
			outb(gas.addr, v);
		else
			return;
		wait_for_poweroff();
		return;
	}
	memcpy(&pm1a, f + FADT_PM1A_CNT, 4);
	if (pm1a) {
		outw(pm1a, (typ << 10) | SLP_EN_PM1);
		wait_for_poweroff();
	}
}
