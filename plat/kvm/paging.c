// SPDX-License-Identifier: BSD-3-Clause
/*
 * Page protection and zeroing over the boot page tables (x86/pvh_entry.S):
 * 0-4 GiB identity-mapped with 2 MiB pages, the first 2 MiB with 4 KiB
 * pages. A 2 MiB page is split into 4 KiB ones the first time a page
 * inside it changes, with a page-table page the caller's allocator
 * provides (the platform has no heap); it stays split.
 *
 * Zeroing uses the CPU's dirty bits: a 4 KiB page whose PTE has D clear
 * has not been written since it was last zeroed (RAM starts zero, and the
 * boot tables start with D clear), so only pages with D set need the
 * memset. A split of a dirty 2 MiB page makes all its 4 KiB pages dirty.
 * Writes that do not go through the CPU (a device's DMA) set no D bit:
 * memory a device writes must be written by the CPU once before it is
 * freed, as drivers do when they set up their buffers.
 *
 * Caching: the boot tables map everything write-back (PCD and PWT clear:
 * PAT entry 0). Device memory (MMIO transports, PCI BARs, the I/O APICs,
 * the xAPIC page) is made uncached when it is found (kvm_map_device:
 * PCD|PWT, PAT entry 3, UC in the architectural default PAT, which is
 * checked), so that reads are never served from a cache and writes are
 * neither combined nor delayed, whatever the MTRRs say. Under QEMU that
 * changes nothing one can see (TCG ignores memory types; KVM traps MMIO,
 * which has no guest memory behind it), but it is what real hardware
 * and passed-through devices need.
 */
#include <string.h>
#include <uk/arch/irq.h>
#include <uk/arch/x86.h>
#include <uk/errno.h>
#include <uk/plat.h>
#include "kvm.h"

#define PTE_P		0x001ULL
#define PTE_RW		0x002ULL
#define PTE_PWT		0x008ULL
#define PTE_PCD		0x010ULL
#define PTE_CACHE	(PTE_PWT | PTE_PCD)
#define PTE_D		0x040ULL
#define PTE_PS		0x080ULL
#define PTE_ADDR	0x000ffffffffff000ULL
#define PAGE		4096UL
#define LARGE		(2UL << 20)

extern uint64_t uk_boot_pd[2048];

/* Past this many pages, one TLB flush is cheaper than a flush a page. */
#define FLUSH_ALL_PAGES	16

static inline void invlpg(uintptr_t a)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(a) : "memory");
}

static inline void flush_tlb(void)
{
	unsigned long cr3;

	__asm__ __volatile__("mov %%cr3, %0; mov %0, %%cr3"
			     : "=r"(cr3) : : "memory");
}

/* The 4 KiB page table of addr's 2 MiB region, split if need be. */
static uint64_t *pt_of(uintptr_t addr, void *(*pt_alloc)(void))
{
	uint64_t *pde = &uk_boot_pd[addr >> 21], *pt, dirty;
	uintptr_t base = addr & ~(LARGE - 1);
	unsigned int i;

	if (!(*pde & PTE_PS))
		return (uint64_t *)(uintptr_t)(*pde & PTE_ADDR);
	if (!pt_alloc || !(pt = pt_alloc()))
		return NULL;
	/* the pages keep the region's dirty bit and memory type */
	dirty = *pde & (PTE_D | PTE_CACHE);
	for (i = 0; i < 512; i++)
		pt[i] = (base + i * PAGE) | PTE_P | PTE_RW | dirty;
	*pde = (uintptr_t)pt | PTE_P | PTE_RW;
	invlpg(base);
	return pt;
}

/*
 * The last pages ukplat_user_range_ok() found readable, and writable
 * (a few: threads take turns), so that the next check of one (a
 * syscall's buffer on a thread's stack, again) is a compare. Any change
 * of protection forgets them all. 1: an empty slot.
 */
#define OK_PAGES	4

static uintptr_t ok_pages[2][OK_PAGES] = { { 1, 1, 1, 1 }, { 1, 1, 1, 1 } };
static unsigned int ok_next[2];

static void ok_pages_forget(void)
{
	unsigned int i;

	for (i = 0; i < OK_PAGES; i++)
		ok_pages[0][i] = ok_pages[1][i] = 1;
}

static bool ok_page_known(uintptr_t page, bool write)
{
	unsigned int i;

	for (i = 0; i < OK_PAGES; i++)
		if (ok_pages[1][i] == page || (!write && ok_pages[0][i] == page))
			return true;
	return false;
}

int ukplat_page_protect(uintptr_t addr, size_t len,
			enum ukplat_page_prot prot, void *(*pt_alloc)(void))
{
	uintptr_t a = addr, end = addr + len, stop;
	uint64_t *pt, bits;
	bool many;

	if ((addr | len) & (PAGE - 1) || end < addr || end > KVM_MAPPED_END ||
	    addr < PAGE)
		return -EINVAL;
	ok_pages_forget();
	bits = prot == UKPLAT_PAGE_NONE ? 0 :
	       prot == UKPLAT_PAGE_RO ? PTE_P : PTE_P | PTE_RW;
	many = len / PAGE > FLUSH_ALL_PAGES;
	while (a < end) {
		uint64_t *pte, *last;

		pt = pt_of(a, pt_alloc);
		if (!pt)
			return -ENOMEM;
		/* the rest of this 2 MiB region, in one pass */
		stop = MIN(end, (a & ~(LARGE - 1)) + LARGE);
		pte = &pt[(a >> 12) & 511];
		last = pte + (stop - a) / PAGE;
		/* identity mapping; dirty bit and memory type stay */
		if (many) {
			uint64_t v = a | bits;

			for (; pte < last; pte++, v += PAGE)
				*pte = (*pte & (PTE_D | PTE_CACHE)) | v;
		} else {
			for (; pte < last; pte++, a += PAGE) {
				*pte = (*pte & (PTE_D | PTE_CACHE)) | a | bits;
				invlpg(a);
			}
		}
		a = stop;
	}
	if (many)
		flush_tlb();
	return 0;
}

size_t ukplat_page_zero(uintptr_t addr, size_t len, void *(*pt_alloc)(void))
{
	uintptr_t a = addr, end = addr + len, stop;
	size_t zeroed = 0;
	uint64_t *pt;

	if ((addr | len) & (PAGE - 1) || end < addr || end > KVM_MAPPED_END) {
		memset((void *)addr, 0, len);
		return len / PAGE;
	}
	while (a < end) {
		stop = MIN(end, (a & ~(LARGE - 1)) + LARGE);
		pt = pt_of(a, pt_alloc);
		if (!pt) {
			/* no page table to track it with: zero it all */
			memset((void *)a, 0, stop - a);
			zeroed += (stop - a) / PAGE;
			a = stop;
			continue;
		}
		uint64_t *pte = &pt[(a >> 12) & 511];
		uint64_t *last = pte + (stop - a) / PAGE;

		for (; pte < last; pte++, a += PAGE) {
			if (!(*pte & PTE_D))
				continue;
			memset((void *)a, 0, PAGE);
			*pte &= ~PTE_D;
			invlpg(a);
			zeroed++;
		}
	}
	return zeroed;
}

bool ukplat_user_range_ok(const void *ptr, size_t len, bool write)
{
	uintptr_t a = (uintptr_t)ptr, end = a + len;
	uint64_t need = write ? PTE_P | PTE_RW : PTE_P, pde, pte;
	uintptr_t page = a & ~(PAGE - 1);
	bool one_page = end - page <= PAGE;

	if (!len)
		return true;
	if (one_page && end >= a && ok_page_known(page, write))
		return true;
	if (a < PAGE || end < a || end > kvm_ram_end)
		return false;
	a = page;
	while (a < end) {
		pde = uk_boot_pd[a >> 21];
		if (pde & PTE_PS) {
			if ((pde & need) != need)
				return false;
			a = (a & ~(LARGE - 1)) + LARGE;
			continue;
		}
		pte = ((uint64_t *)(uintptr_t)(pde & PTE_ADDR))[(a >> 12) & 511];
		if ((pte & need) != need)
			return false;
		a += PAGE;
	}
	if (one_page) {
		ok_pages[write][ok_next[write]] = page;
		ok_next[write] = (ok_next[write] + 1) % OK_PAGES;
	}
	return true;
}

/* Is the page of addr mapped (so that reading it does not fault)? */
bool kvm_page_present(uintptr_t addr)
{
	uint64_t pde, pte;

	if (addr >= KVM_MAPPED_END)
		return false;
	pde = uk_boot_pd[addr >> 21];
	if (!(pde & PTE_P))
		return false;
	if (pde & PTE_PS)
		return true;
	pte = ((uint64_t *)(uintptr_t)(pde & PTE_ADDR))[(addr >> 12) & 511];
	return pte & PTE_P;
}

#define MSR_PAT		0x277
#define PAT_UC		0x00ULL
#define PAT_ENTRY3	24	/* bit offset of PAT entry 3 (PCD|PWT) */

/* Page tables for 2 MiB regions that hold RAM and device memory both. */
#define SPLIT_PAGES	4

static uint64_t split_pool[SPLIT_PAGES][512] __aligned(PAGE);
static unsigned int split_used;

static void *split_alloc(void)
{
	return split_used < SPLIT_PAGES ? split_pool[split_used++] : NULL;
}

/* PAT entry 3 must say UC (the reset value does; firmware may differ). */
static void pat_check(void)
{
	static bool checked;
	uint64_t pat;

	if (checked)
		return;
	checked = true;
	pat = rdmsr(MSR_PAT);
	if (((pat >> PAT_ENTRY3) & 0xff) == PAT_UC)
		return;
	pat &= ~(0xffULL << PAT_ENTRY3);
	wrmsr(MSR_PAT, pat | PAT_UC << PAT_ENTRY3);
	flush_tlb();
	__asm__ __volatile__("wbinvd" : : : "memory");
}

int kvm_map_device(uint64_t base, uint64_t len)
{
	uint64_t a, end = base + len, stop;
	unsigned long flags;
	int rc = 0;

	if (!len || end < base || end > KVM_MAPPED_END || base < PAGE)
		return -EINVAL;
	flags = uk_arch_irq_save();
	pat_check();
	ok_pages_forget();
	for (a = ALIGN_DOWN(base, PAGE); a < end; a = stop) {
		uint64_t *pde = &uk_boot_pd[a >> 21], *pt, *pte;
		uintptr_t region = a & ~(LARGE - 1);

		stop = MIN(end, region + LARGE);
		/* a whole 2 MiB page goes uncached if it holds no RAM */
		if ((*pde & PTE_PS) &&
		    !kvm_e820_overlap(region, LARGE, true) &&
		    region >= kvm_ram_end) {
			*pde |= PTE_CACHE;
			invlpg(region);
			continue;
		}
		pt = pt_of(a, split_alloc);
		if (!pt) {
			rc = -ENOMEM;
			break;
		}
		for (pte = &pt[(a >> 12) & 511]; a < stop; pte++, a += PAGE) {
			*pte |= PTE_CACHE;
			invlpg(a);
		}
	}
	uk_arch_irq_restore(flags);
	return rc;
}
