// SPDX-License-Identifier: BSD-3-Clause
/*
 * The boot entry, from the PVH entry (x86/pvh_entry.S) to lib/boot: CPU
 * tables (arch/), the PICs, the command line (less QEMU's virtio_mmio.device=
 * tokens, which mmio.c takes) and the memory map (memmap.c) out of the
 * start info, then uk_boot_main().
 */
#include <uk/arch/x86.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <string.h>
#include "kvm.h"
#include "pvh.h"

#define CMDLINE_MAX	4096

void uk_kvm_entry(uint32_t start_info_paddr);

static char cmdline[CMDLINE_MAX];
extern uint64_t uk_boot_pt[512];

char *ukplat_cmdline(void)
{
	return cmdline;
}

uint64_t ukplat_boot_tsc(void)
{
	return uk_boot_tsc;
}

/* The TLS template, as the link script laid it out. */
extern char __uk_tls_start[], __uk_tdata_end[], __uk_tls_end[];
extern char __uk_tls_align[];

void ukplat_tls_template(struct ukplat_tls_template *t)
{
	t->data = __uk_tls_start;
	t->filesz = __uk_tdata_end - __uk_tls_start;
	t->memsz = __uk_tls_end - __uk_tls_start;
	t->align = (uintptr_t)__uk_tls_align;
}

static void cmdline_init(const struct pvh_start_info *si)
{
	const char *src = (const char *)(uintptr_t)si->cmdline_paddr;
	size_t len;

	if (!src)
		return;
	len = strlen(src);
	if (len >= sizeof(cmdline)) {
		uk_pr_err("the command line is %zu bytes long; at most %zu "
			  "fit\n", len, sizeof(cmdline) - 1);
		ukplat_halt(UK_EXIT_PANIC);
	}
	memcpy(cmdline, src, len + 1);
	/* QEMU's virtio_mmio.device= tokens are for the platform alone */
	kvm_mmio_cmdline_take(cmdline);
}

/* From now on a NULL dereference faults. */
static void unmap_page0(void)
{
	uk_boot_pt[0] = 0;
	__asm__ __volatile__("invlpg (%0)" : : "r"(0UL) : "memory");
}

/*
 * The legacy 8259 PICs: moved off the exception vectors (their reset
 * mapping puts IRQ0 on vector 8) to 48..63 and masked; interrupts come
 * through the local APIC.
 */
static void pic_disable(void)
{
	outb(0x20, 0x11);	/* ICW1: init, ICW4 follows */
	outb(0xa0, 0x11);
	outb(0x21, 48);		/* ICW2: vector base */
	outb(0xa1, 56);
	outb(0x21, 4);		/* ICW3: slave on IRQ2 */
	outb(0xa1, 2);
	outb(0x21, 1);		/* ICW4: 8086 mode */
	outb(0xa1, 1);
	outb(0x21, 0xff);	/* mask everything */
	outb(0xa1, 0xff);
}

void uk_kvm_entry(uint32_t start_info_paddr)
{
	const struct pvh_start_info *si =
		(const void *)(uintptr_t)start_info_paddr;

	uk_arch_cpu_init();
	pic_disable();
	if (!si || si->magic != PVH_START_MAGIC) {
		uk_pr_err("no PVH start info (bad magic): was this image "
			  "booted by a PVH loader?\n");
		ukplat_halt(UK_EXIT_PANIC);
	}
	kvm_rsdp_paddr = si->rsdp_paddr;
	cmdline_init(si);
	kvm_memmap_init(si);
	unmap_page0();
	uk_boot_main();
}
