// SPDX-License-Identifier: BSD-3-Clause
/*
 * Page protection over the boot page tables (x86/pvh_entry.S): 0-4 GiB
 * identity-mapped with 2 MiB pages, the first 2 MiB with 4 KiB pages. A
 * 2 MiB page is split into 4 KiB ones the first time a page inside it
 * changes, with a page-table page the caller's allocator provides (the
 * platform has no heap); it stays split.
 */
#include <uk/errno.h>
#include <uk/plat.h>
#include "kvm.h"

#define PTE_P		0x001ULL
#define PTE_RW		0x002ULL
#define PTE_PS		0x080ULL
#define PTE_ADDR	0x000ffffffffff000ULL
#define PAGE		4096UL
#define LARGE		(2UL << 20)

extern uint64_t uk_boot_pd[2048];

static inline void invlpg(uintptr_t a)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(a) : "memory");
}

/* The 4 KiB PTE of addr, splitting its 2 MiB page if need be. */
static uint64_t *pte_of(uintptr_t addr, void *(*pt_alloc)(void))
{
	uint64_t *pde = &uk_boot_pd[addr >> 21], *pt;
	uintptr_t base = addr & ~(LARGE - 1);
	unsigned int i;

	if (!(*pde & PTE_PS))
		return (uint64_t *)(uintptr_t)(*pde & PTE_ADDR) +
		       ((addr >> 12) & 511);
	if (!pt_alloc || !(pt = pt_alloc()))
		return NULL;
	for (i = 0; i < 512; i++)
		pt[i] = (base + i * PAGE) | PTE_P | PTE_RW;
	*pde = (uintptr_t)pt | PTE_P | PTE_RW;
	invlpg(base);
	return &pt[(addr >> 12) & 511];
}

int ukplat_page_protect(uintptr_t addr, size_t len,
			enum ukplat_page_prot prot, void *(*pt_alloc)(void))
{
	uintptr_t a, end = addr + len;
	uint64_t *pte, bits;

	if ((addr | len) & (PAGE - 1) || end < addr || end > KVM_MAPPED_END ||
	    addr < PAGE)
		return -EINVAL;
	bits = prot == UKPLAT_PAGE_NONE ? 0 :
	       prot == UKPLAT_PAGE_RO ? PTE_P : PTE_P | PTE_RW;
	for (a = addr; a < end; a += PAGE) {
		pte = pte_of(a, pt_alloc);
		if (!pte)
			return -ENOMEM;
		*pte = a | bits;	/* identity mapping */
		invlpg(a);
	}
	return 0;
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
