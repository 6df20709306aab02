// SPDX-License-Identifier: BSD-3-Clause
/*
 * PCI (pc, q35), enumerated on first use through configuration mechanism
 * #1 (ports 0xcf8/0xcfc: the first 256 bytes of each function's space;
 * no ECAM). Every function of every slot of bus 0 and of the buses
 * behind PCI-PCI bridges (numbered here if the firmware left a bridge
 * unnumbered, as qboot does not), at most MAX_PCI functions.
 *
 * BARs are sized by writing all ones (decoding off meanwhile, except on
 * host and ISA bridges); a 64-bit BAR is one entry (mem64) followed by an
 * empty one. qboot, which run uses on pc and q35, assigns no BARs (it
 * programs the PIRQ routers to ISA IRQs 10, 10, 11, 11, sets the
 * interrupt line of every function with a pin to 10 or 11, numbers the
 * buses behind bridges, and leaves their windows closed), so:
 *
 * - memory BARs at 0 get an address in [max(3 GiB, end of RAM), the
 *   I/O APIC at 0xfec00000), aligned to their size (4 KiB at least),
 *   largest first, clear of the memory map's entries (RAM and reserved),
 *   the ECAM windows of the ACPI MCFG, and the BARs firmware assigned;
 *   64-bit ones also go below 4 GiB. Behind a bridge whose memory window
 *   is closed, the subtree gets a window of its own (a power of two, at
 *   least 1 MiB), carved the same way.
 * - I/O BARs at 0 on bus 0 get ports from 0xc000 up (QEMU has nothing
 *   there); behind bridges they stay unassigned.
 * - memory decoding (I/O decoding if an I/O BAR has ports) and bus
 *   mastering are turned on for every function with a BAR, and for
 *   bridges; memory BARs are mapped uncached (paging.c).
 *
 * INTx: the interrupt line register is not to be trusted (SeaBIOS's value
 * differs from the PIIX3 routing QEMU applies), so the pin is followed as
 * the chipset wires it: swizzled through bridges to a root-bus slot, then
 * on pc (PIIX3 at 00:01.0) PIRQ (slot - 1 + pin) & 3 goes to the ISA IRQ
 * in the PIIX3's routing register 0x60 + PIRQ, and on q35 (ICH9) PIRQ
 * (slot + pin) % 4 + 4 goes to GSI 16 + PIRQ. Elsewhere the line register
 * is used (1..15: an ISA IRQ, through the MADT's overrides), else -1.
 * On QEMU these lines are level-triggered and active high.
 */
#include <uk/arch/irq.h>
#include <uk/arch/x86.h>
#include <uk/errno.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <string.h>
#include "kvm.h"

#define CONF_ADDR	0xcf8
#define CONF_DATA	0xcfc
#define CONF_ENABLE	0x80000000u

#define MAX_PCI		64
#define MAX_DEPTH	8

#define PCI_VENDOR	0x00
#define PCI_COMMAND	0x04
#define PCI_STATUS	0x06
#define PCI_REVISION	0x08
#define PCI_HEADER	0x0e
#define PCI_BAR0	0x10
#define PCI_SUBSYS_VENDOR 0x2c
#define PCI_SUBSYS_ID	0x2e
#define PCI_CAP_PTR	0x34
#define PCI_CARDBUS_CAP_PTR 0x14
#define PCI_INT_LINE	0x3c
#define PCI_INT_PIN	0x3d

#define BR_PRIMARY	0x18
#define BR_SECONDARY	0x19
#define BR_SUBORDINATE	0x1a
#define BR_MEM_BASE	0x20
#define BR_MEM_LIMIT	0x22
#define BR_PREF_BASE	0x24
#define BR_PREF_LIMIT	0x26
#define BR_PREF_BASE_HI	0x28
#define BR_PREF_LIMIT_HI 0x2c

#define CMD_IO		0x0001
#define CMD_MEM		0x0002
#define CMD_MASTER	0x0004
#define STATUS_CAPS	0x0010

#define MEM_LO		0xc0000000ULL
#define MEM_HI		0xfec00000ULL	/* the I/O APIC and up: not ours */
#define IO_LO		0xc000
#define IO_HI		0x10000
#define BRIDGE_GRAIN	0x100000ULL
#define PAGE		0x1000ULL

struct pci_fn {
	struct ukplat_pci_dev d;
	uint8_t hdr;		/* header type, without the multi-function bit */
	uint8_t secondary;	/* bridges: the bus behind */
	uint8_t tried;		/* BARs an address was looked for */
	bool window_done;	/* bridges: the subtree was placed */
	uint16_t cmd;		/* the command register as firmware left it */
	uint16_t cmd_now;	/* and after the BARs were sized */
};

static struct pci_fn fns[MAX_PCI];
static unsigned int nr_fns;
static bool enumerated;
static uint8_t max_bus;
static uint8_t buses_seen[256 / 8];

/* --- configuration space --------------------------------------------------- */

static uint32_t conf_addr(unsigned int bus, unsigned int slot,
			  unsigned int func, unsigned int off)
{
	return CONF_ENABLE | bus << 16 | slot << 11 | func << 8 | (off & 0xfc);
}

static uint32_t conf_read(unsigned int bus, unsigned int slot,
			  unsigned int func, unsigned int off,
			  unsigned int size)
{
	unsigned long flags = uk_arch_irq_save();
	uint32_t v;

	outl(CONF_ADDR, conf_addr(bus, slot, func, off));
	if (size == 1)
		v = inb(CONF_DATA + (off & 3));
	else if (size == 2)
		v = inw(CONF_DATA + (off & 2));
	else
		v = inl(CONF_DATA);
	uk_arch_irq_restore(flags);
	return v;
}

static void conf_write(unsigned int bus, unsigned int slot,
		       unsigned int func, unsigned int off, unsigned int size,
		       uint32_t v)
{
	unsigned long flags = uk_arch_irq_save();

	outl(CONF_ADDR, conf_addr(bus, slot, func, off));
	if (size == 1)
		outb(CONF_DATA + (off & 3), v);
	else if (size == 2)
		outw(CONF_DATA + (off & 2), v);
	else
		outl(CONF_DATA, v);
	uk_arch_irq_restore(flags);
}

static bool access_ok(unsigned int off, unsigned int size)
{
	return (size == 1 || size == 2 || size == 4) && off < 256 &&
	       off + size <= 256 && !(off & (size - 1));
}

uint32_t ukplat_pci_read(const struct ukplat_pci_dev *d, unsigned int off,
			 unsigned int size)
{
	if (!d || !access_ok(off, size))
		return size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffffu;
	return conf_read(d->bus, d->slot, d->func, off, size);
}

void ukplat_pci_write(const struct ukplat_pci_dev *d, unsigned int off,
		      unsigned int size, uint32_t v)
{
	if (d && access_ok(off, size))
		conf_write(d->bus, d->slot, d->func, off, size, v);
}

static uint32_t fn_read(const struct pci_fn *f, unsigned int off,
			unsigned int size)
{
	return conf_read(f->d.bus, f->d.slot, f->d.func, off, size);
}

static void fn_write(const struct pci_fn *f, unsigned int off,
		     unsigned int size, uint32_t v)
{
	conf_write(f->d.bus, f->d.slot, f->d.func, off, size, v);
}

unsigned int ukplat_pci_cap_next(const struct ukplat_pci_dev *d, uint8_t id,
				 unsigned int from)
{
	unsigned int p, n, hdr;

	if (!d || from >= 255 ||
	    !(ukplat_pci_read(d, PCI_STATUS, 2) & STATUS_CAPS))
		return 0;
	hdr = ukplat_pci_read(d, PCI_HEADER, 1) & 0x7f;
	if (from)
		p = ukplat_pci_read(d, from + 1, 1);
	else
		p = ukplat_pci_read(d, hdr == 2 ? PCI_CARDBUS_CAP_PTR :
				    PCI_CAP_PTR, 1);
	/* 48 capabilities fit above the header: more is a loop */
	for (n = 0; n < 48; n++) {
		p &= 0xfc;
		if (p < 0x40)
			return 0;
		if (ukplat_pci_read(d, p, 1) == id)
			return p;
		p = ukplat_pci_read(d, p + 1, 1);
	}
	return 0;
}

/* --- enumeration ----------------------------------------------------------- */

static bool conf1_present(void)
{
	unsigned long flags = uk_arch_irq_save();
	uint32_t old = inl(CONF_ADDR), v;

	outl(CONF_ADDR, CONF_ENABLE);
	v = inl(CONF_ADDR);
	outl(CONF_ADDR, old);
	uk_arch_irq_restore(flags);
	return v == CONF_ENABLE;
}

static bool is_host_or_isa_bridge(const struct ukplat_pci_dev *d)
{
	return d->class == 0x06 && (d->subclass == 0x00 || d->subclass == 0x01);
}

/* Sizes and reads the BARs (decoding off meanwhile; the caller restores). */
static void bars_probe(struct pci_fn *f)
{
	unsigned int i, nbars = f->hdr == 0 ? 6 : f->hdr == 1 ? 2 : 0;

	f->cmd = f->cmd_now = fn_read(f, PCI_COMMAND, 2);
	if (!nbars)
		return;
	if (!is_host_or_isa_bridge(&f->d)) {
		f->cmd_now = f->cmd & ~(CMD_IO | CMD_MEM);
		fn_write(f, PCI_COMMAND, 2, f->cmd_now);
	}
	for (i = 0; i < nbars; i++) {
		struct ukplat_pci_bar *b = &f->d.bar[i];
		unsigned int off = PCI_BAR0 + 4 * i;
		uint32_t lo = fn_read(f, off, 4), szlo, hi = 0, szhi = ~0u;
		uint64_t mask;

		fn_write(f, off, 4, ~0u);
		szlo = fn_read(f, off, 4);
		fn_write(f, off, 4, lo);
		if (!szlo || szlo == ~0u)
			continue;
		if (lo & 1) {
			mask = szlo & ~3u;
			/* 16-bit decoders read the upper half as 0 */
			if (!(mask >> 16))
				mask |= 0xffff0000u;
			b->io = true;
			b->addr = lo & ~3u;
			b->size = (uint32_t)(~mask + 1);
			continue;
		}
		b->prefetch = lo & 8;
		if (((lo >> 1) & 3) == 2 && i + 1 < nbars) {
			hi = fn_read(f, off + 4, 4);
			fn_write(f, off + 4, 4, ~0u);
			szhi = fn_read(f, off + 4, 4);
			fn_write(f, off + 4, 4, hi);
			b->mem64 = true;
			i++;
		}
		mask = (uint64_t)szhi << 32 | (szlo & ~0xfu);
		b->addr = (uint64_t)hi << 32 | (lo & ~0xfu);
		b->size = ~mask + 1;
	}
	for (i = 0; i < nbars; i++)
		if (f->d.bar[i].size && f->d.bar[i].addr)
			uk_pr_debug("pci: %02x:%02x.%x: bar%u at 0x%llx as "
				    "firmware left it\n", f->d.bus, f->d.slot,
				    f->d.func, i,
				    (unsigned long long)f->d.bar[i].addr);
}

static void scan_bus(unsigned int bus, unsigned int depth);

static void fn_add(unsigned int bus, unsigned int slot, unsigned int func,
		   uint8_t hdr, unsigned int depth)
{
	struct pci_fn *f;
	uint32_t v;
	uint8_t line;

	if (nr_fns == MAX_PCI) {
		uk_pr_warn("pci: more than %d functions; ignoring "
			   "%02x:%02x.%x\n", MAX_PCI, bus, slot, func);
		return;
	}
	f = &fns[nr_fns++];
	f->d.bus = bus;
	f->d.slot = slot;
	f->d.func = func;
	f->hdr = hdr & 0x7f;
	v = fn_read(f, PCI_VENDOR, 4);
	f->d.vendor = v;
	f->d.device = v >> 16;
	v = fn_read(f, PCI_REVISION, 4);
	f->d.revision = v;
	f->d.prog_if = v >> 8;
	f->d.subclass = v >> 16;
	f->d.class = v >> 24;
	if (f->hdr == 0) {
		f->d.subsys_vendor = fn_read(f, PCI_SUBSYS_VENDOR, 2);
		f->d.subsys_id = fn_read(f, PCI_SUBSYS_ID, 2);
	}
	f->d.irq_pin = fn_read(f, PCI_INT_PIN, 1);
	if (f->d.irq_pin > 4)
		f->d.irq_pin = 0;
	line = fn_read(f, PCI_INT_LINE, 1);
	f->d.gsi = f->d.irq_pin && line >= 1 && line < 16 ?
		   (int)kvm_ioapic_isa_gsi(line) : -1;	/* see intx_route() */
	uk_pr_debug("pci: %02x:%02x.%x %04x:%04x, pin %u, line %u\n", bus,
		    slot, func, f->d.vendor, f->d.device, f->d.irq_pin, line);
	bars_probe(f);
	if (f->hdr != 1 || depth >= MAX_DEPTH)
		return;

	f->secondary = fn_read(f, BR_SECONDARY, 1);
	if (f->secondary <= bus || f->secondary > fn_read(f, BR_SUBORDINATE, 1)) {
		/* unnumbered: the next free number, then what lies behind */
		if (max_bus == 0xff)
			return;
		f->secondary = ++max_bus;
		fn_write(f, BR_PRIMARY, 1, bus);
		fn_write(f, BR_SECONDARY, 1, f->secondary);
		fn_write(f, BR_SUBORDINATE, 1, 0xff);
		scan_bus(f->secondary, depth + 1);
		fn_write(f, BR_SUBORDINATE, 1, max_bus);
		return;
	}
	max_bus = MAX(max_bus, (uint8_t)fn_read(f, BR_SUBORDINATE, 1));
	scan_bus(f->secondary, depth + 1);
}

static void scan_bus(unsigned int bus, unsigned int depth)
{
	unsigned int slot, func;

	if (buses_seen[bus / 8] & (1 << (bus % 8)))
		return;
	buses_seen[bus / 8] |= 1 << (bus % 8);
	for (slot = 0; slot < 32; slot++) {
		for (func = 0; func < 8; func++) {
			uint16_t vendor = conf_read(bus, slot, func,
						    PCI_VENDOR, 2);
			uint8_t hdr;

			if (vendor == 0xffff || vendor == 0) {
				if (func == 0)
					break;
				continue;
			}
			hdr = conf_read(bus, slot, func, PCI_HEADER, 1);
			fn_add(bus, slot, func, hdr, depth);
			if (func == 0 && !(hdr & 0x80))
				break;
		}
	}
}

/* --- address assignment ---------------------------------------------------- */

/* The ACPI MCFG's ECAM windows (q35), kept clear. */
#define MAX_ECAM	4

static uint64_t ecam[MAX_ECAM][2];
static unsigned int nr_ecam;

static void ecam_read(void)
{
	const uint8_t *mcfg = kvm_acpi_table("MCFG");
	uint32_t len;
	unsigned int i;

	if (!mcfg)
		return;
	/* 44 bytes of header, then 16-byte entries */
	memcpy(&len, mcfg + 4, 4);
	for (i = 44; i + 16 <= len && nr_ecam < MAX_ECAM; i += 16) {
		uint8_t first = mcfg[i + 10], last = mcfg[i + 11];

		if (last < first)
			continue;
		memcpy(&ecam[nr_ecam][0], mcfg + i, 8);
		ecam[nr_ecam][1] = ecam[nr_ecam][0] +
				   ((uint64_t)(last - first + 1) << 20);
		nr_ecam++;
	}
}

/*
 * 0 if [a, a + len) is clear of the memory map, the ECAM windows and the
 * BARs with addresses (of its kind); else where the first conflict ends.
 */
static uint64_t conflict(uint64_t a, uint64_t len, bool io)
{
	unsigned int i, j;
	uint64_t end;

	if (!io) {
		end = kvm_e820_overlap(a, len, false);
		if (end)
			return end;
		for (i = 0; i < nr_ecam; i++)
			if (a < ecam[i][1] && ecam[i][0] < a + len)
				return ecam[i][1];
	}
	for (i = 0; i < nr_fns; i++)
		for (j = 0; j < 6; j++) {
			const struct ukplat_pci_bar *b = &fns[i].d.bar[j];

			if (b->size && b->io == io && b->addr &&
			    a < b->addr + b->size && b->addr < a + len)
				return b->addr + b->size;
		}
	return 0;
}

/* The lowest address in [lo, hi) for len bytes aligned to len, or 0. */
static uint64_t place(uint64_t lo, uint64_t hi, uint64_t len, bool io)
{
	uint64_t a = ALIGN_UP(lo, len), end;

	while (a >= lo && a + len > a && a + len <= hi) {
		end = conflict(a, len, io);
		if (!end)
			return a;
		a = ALIGN_UP(MAX(end, a + 1), len);
	}
	return 0;
}

/* What a BAR takes: its size, at least 4 KiB of memory (a page). */
static uint64_t bar_span(const struct ukplat_pci_bar *b)
{
	return b->io ? MAX(b->size, 4) : MAX(b->size, PAGE);
}

static bool bar_wanted(const struct pci_fn *f, unsigned int j, bool io)
{
	const struct ukplat_pci_bar *b = &f->d.bar[j];

	return b->size && !b->addr && b->io == io && !(f->tried & 1 << j);
}

static uint64_t pow2_up(uint64_t v)
{
	return v & (v - 1) ? 1ULL << (64 - __builtin_clzll(v)) : v;
}

/* Is the bridge's memory window closed (base above limit)? */
static bool window_closed(const struct pci_fn *br)
{
	return (fn_read(br, BR_MEM_BASE, 2) & 0xfff0) >
	       (fn_read(br, BR_MEM_LIMIT, 2) & 0xfff0);
}

static bool bridge_below(const struct pci_fn *f, unsigned int bus)
{
	return f->hdr == 1 && f->d.bus == bus && f->secondary > bus &&
	       !f->window_done;
}

/*
 * The window the unassigned memory BARs behind bridge br need: a power
 * of two of at least 1 MiB (the bridge's grain) that holds them all,
 * and the windows of bridges further down; 0 if none is needed.
 */
static uint64_t window_need(const struct pci_fn *br, unsigned int depth)
{
	unsigned int bus = br->secondary, i, j;
	uint64_t need = 0;

	if (depth >= MAX_DEPTH)
		return 0;
	for (i = 0; i < nr_fns; i++) {
		const struct pci_fn *f = &fns[i];

		if (f->d.bus != bus)
			continue;
		for (j = 0; j < 6; j++)
			if (bar_wanted(f, j, false))
				need += bar_span(&f->d.bar[j]);
		if (bridge_below(f, bus) && window_closed(f))
			need += window_need(f, depth + 1);
	}
	return need ? pow2_up(MAX(need, BRIDGE_GRAIN)) : 0;
}

static void bar_write(struct pci_fn *f, unsigned int i)
{
	const struct ukplat_pci_bar *b = &f->d.bar[i];
	unsigned int off = PCI_BAR0 + 4 * i;
	uint32_t lo = fn_read(f, off, 4);

	fn_write(f, off, 4, (lo & (b->io ? 3 : 0xf)) | (uint32_t)b->addr);
	if (b->mem64)
		fn_write(f, off + 4, 4, b->addr >> 32);
}

static void bars_assign(unsigned int bus, uint64_t lo, uint64_t hi,
			unsigned int depth);

/* Opens br's window (size need) in [lo, hi) and fills it. */
static void window_open(struct pci_fn *br, uint64_t need, uint64_t lo,
			uint64_t hi, unsigned int depth)
{
	uint64_t a = place(lo, hi, need, false);

	br->window_done = true;
	if (!a) {
		uk_pr_warn("pci: no room for a %llu KiB window behind bridge "
			   "%02x:%02x.%x\n", (unsigned long long)need >> 10,
			   br->d.bus, br->d.slot, br->d.func);
		return;
	}
	fn_write(br, BR_MEM_BASE, 2, (a >> 16) & 0xfff0);
	fn_write(br, BR_MEM_LIMIT, 2, ((a + need - 1) >> 16) & 0xfff0);
	/* no prefetchable window: prefetchable BARs share this one */
	fn_write(br, BR_PREF_BASE, 2, 0xfff0);
	fn_write(br, BR_PREF_LIMIT, 2, 0);
	fn_write(br, BR_PREF_BASE_HI, 4, 0);
	fn_write(br, BR_PREF_LIMIT_HI, 4, 0);
	bars_assign(br->secondary, a, a + need, depth + 1);
}

/*
 * Places the unassigned memory BARs of bus in [lo, hi), and the windows
 * of its closed bridges, largest first (all powers of two: they pack);
 * then goes down the bridges whose windows firmware opened.
 */
static void bars_assign(unsigned int bus, uint64_t lo, uint64_t hi,
			unsigned int depth)
{
	struct pci_fn *bf, *f;
	uint64_t size, best, a;
	unsigned int i, j, bj;

	if (depth >= MAX_DEPTH)
		return;
	for (;;) {
		best = 0;
		bf = NULL;
		bj = 0;
		for (i = 0; i < nr_fns; i++) {
			f = &fns[i];
			if (f->d.bus != bus)
				continue;
			for (j = 0; j < 6; j++) {
				if (!bar_wanted(f, j, false))
					continue;
				size = bar_span(&f->d.bar[j]);
				if (size > best) {
					best = size;
					bf = f;
					bj = j;
				}
			}
			if (bridge_below(f, bus) && window_closed(f) &&
			    (size = window_need(f, depth + 1)) > best) {
				best = size;
				bf = f;
				bj = 6;		/* the window */
			}
		}
		if (!bf)
			break;
		if (bj == 6) {
			window_open(bf, best, lo, hi, depth);
			continue;
		}
		bf->tried |= 1 << bj;
		a = place(lo, hi, best, false);
		if (!a) {
			uk_pr_warn("pci: no room for BAR %u of %02x:%02x.%x "
				   "(%llu bytes)\n", bj, bf->d.bus, bf->d.slot,
				   bf->d.func,
				   (unsigned long long)bf->d.bar[bj].size);
			continue;
		}
		bf->d.bar[bj].addr = a;
		bar_write(bf, bj);
	}
	/* bridges with windows of their own (or with nothing to place) */
	for (i = 0; i < nr_fns; i++) {
		f = &fns[i];
		if (!bridge_below(f, bus))
			continue;
		f->window_done = true;
		if (window_closed(f))
			continue;
		a = (uint64_t)(fn_read(f, BR_MEM_BASE, 2) & 0xfff0) << 16;
		size = ((uint64_t)(fn_read(f, BR_MEM_LIMIT, 2) & 0xfff0) << 16)
		       + BRIDGE_GRAIN;
		bars_assign(f->secondary, a, size, depth + 1);
	}
}

static void io_assign(void)
{
	unsigned int i, j;
	uint64_t a;

	for (i = 0; i < nr_fns; i++)
		for (j = 0; j < 6; j++) {
			struct ukplat_pci_bar *b = &fns[i].d.bar[j];

			if (fns[i].d.bus || !bar_wanted(&fns[i], j, true))
				continue;
			fns[i].tried |= 1 << j;
			a = place(IO_LO, IO_HI, bar_span(b), true);
			if (!a)
				continue;
			b->addr = a;
			bar_write(&fns[i], j);
		}
}

static void enable(struct pci_fn *f)
{
	uint16_t add = 0;
	unsigned int j;

	for (j = 0; j < 6; j++) {
		const struct ukplat_pci_bar *b = &f->d.bar[j];

		if (!b->size || !b->addr)
			continue;
		add |= (b->io ? CMD_IO : CMD_MEM) | CMD_MASTER;
		if (!b->io)
			kvm_map_device(b->addr, b->size);
	}
	if (f->hdr == 1)
		add |= CMD_MEM | CMD_MASTER;
	if (!is_host_or_isa_bridge(&f->d) && (f->cmd | add) != f->cmd_now)
		fn_write(f, PCI_COMMAND, 2, f->cmd | add);
}

static struct pci_fn *fn_at(unsigned int bus, unsigned int slot,
			    unsigned int func)
{
	unsigned int i;

	for (i = 0; i < nr_fns; i++)
		if (fns[i].d.bus == bus && fns[i].d.slot == slot &&
		    fns[i].d.func == func)
			return &fns[i];
	return NULL;
}

static struct pci_fn *bridge_to(unsigned int bus)
{
	unsigned int i;

	for (i = 0; i < nr_fns; i++)
		if (fns[i].hdr == 1 && fns[i].secondary == bus)
			return &fns[i];
	return NULL;
}

/* The GSI of each function's INTx pin, as QEMU's chipsets wire it. */
static void intx_route(void)
{
	const struct pci_fn *host = fn_at(0, 0, 0), *isa = fn_at(0, 1, 0);
	bool piix = isa && isa->d.vendor == 0x8086 && isa->d.device == 0x7000;
	bool ich9 = host && host->d.vendor == 0x8086 &&
		    host->d.device == 0x29c0;
	unsigned int i, pin, slot, bus, pirq, irq, hops;
	const struct pci_fn *br;

	if (!piix && !ich9)
		return;
	for (i = 0; i < nr_fns; i++) {
		struct pci_fn *f = &fns[i];

		if (!f->d.irq_pin)
			continue;
		pin = f->d.irq_pin - 1;
		slot = f->d.slot;
		bus = f->d.bus;
		for (hops = 0; bus && hops < MAX_DEPTH; hops++) {
			br = bridge_to(bus);
			if (!br)
				break;
			pin = (pin + slot) % 4;	/* the standard swizzle */
			slot = br->d.slot;
			bus = br->d.bus;
		}
		if (bus)
			continue;
		if (ich9) {
			f->d.gsi = 16 + (slot + pin) % 4 + 4;
			continue;
		}
		pirq = (slot - 1 + pin) & 3;
		irq = fn_read(isa, 0x60 + pirq, 1);
		f->d.gsi = irq & 0x80 || !irq || irq > 15 ? -1 :
			   (int)kvm_ioapic_isa_gsi(irq);
	}
}

static void enumerate(void)
{
	unsigned int i;
	uint64_t lo;

	enumerated = true;
	if (!conf1_present())
		return;
	scan_bus(0, 0);
	intx_route();
	ecam_read();
	lo = MAX(MEM_LO, ALIGN_UP((uint64_t)kvm_ram_end, BRIDGE_GRAIN));
	bars_assign(0, lo, MEM_HI, 0);
	io_assign();
	for (i = 0; i < nr_fns; i++)
		enable(&fns[i]);
}

unsigned int ukplat_pci_count(void)
{
	if (!enumerated)
		enumerate();
	return nr_fns;
}

const struct ukplat_pci_dev *ukplat_pci_get(unsigned int i)
{
	if (!enumerated)
		enumerate();
	return i < nr_fns ? &fns[i].d : NULL;
}
