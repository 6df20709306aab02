// SPDX-License-Identifier: BSD-3-Clause
/*
 * The memory map: the image, the boot modules and free RAM, out of the
 * PVH start info's E820-style table, and the queries uk/plat.h offers
 * on it.
 */
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include "kvm.h"
#include "pvh.h"

#define MAX_REGIONS	32

static struct ukplat_memregion regions[MAX_REGIONS];
static unsigned int nr_regions;

unsigned int ukplat_memregion_count(void)
{
	return nr_regions;
}

const struct ukplat_memregion *ukplat_memregion_get(unsigned int i)
{
	return i < nr_regions ? &regions[i] : NULL;
}

bool ukplat_in_stack_guard(uintptr_t addr)
{
	return addr >= (uintptr_t)__uk_boot_stack_guard &&
	       addr < (uintptr_t)__uk_boot_stack_bottom;
}

bool ukplat_addr_readable(uintptr_t addr)
{
	return addr >= 0x1000 && kvm_page_present(addr);
}

static void region_add(uint64_t base, uint64_t end,
		       enum ukplat_memregion_type type)
{
	if (end <= base)
		return;
	if (nr_regions == MAX_REGIONS) {
		uk_pr_warn("memory map: more than %d regions, ignoring "
			   "0x%llx-0x%llx\n", MAX_REGIONS,
			   (unsigned long long)base, (unsigned long long)end);
		return;
	}
	regions[nr_regions].base = base;
	regions[nr_regions].len = end - base;
	regions[nr_regions].type = type;
	nr_regions++;
}

/* Adds RAM [base, end) as free, minus the holes (sorted, disjoint). */
static void ram_add(uint64_t base, uint64_t end, const uint64_t (*holes)[2],
		    unsigned int nholes)
{
	unsigned int i;

	for (i = 0; i < nholes && base < end; i++) {
		if (holes[i][1] <= base || holes[i][0] >= end)
			continue;
		region_add(base, MIN(end, holes[i][0]), UKPLAT_MEM_FREE);
		base = MAX(base, holes[i][1]);
	}
	region_add(base, end, UKPLAT_MEM_FREE);
}

/* The end of the highest RAM region used, for ukplat_user_range_ok(). */
uintptr_t kvm_ram_end;

/*
 * The start info's table as it was (RAM and every reserved kind), kept
 * for whoever places device memory (pci.c) or maps it (paging.c).
 */
static struct {
	uint64_t base, end;
	bool ram;
} e820[MAX_REGIONS];
static unsigned int nr_e820;

uint64_t kvm_e820_overlap(uint64_t base, uint64_t len, bool ram_only)
{
	unsigned int i;

	for (i = 0; i < nr_e820; i++)
		if ((e820[i].ram || !ram_only) && base < e820[i].end &&
		    e820[i].base < base + len)
			return e820[i].end;
	return 0;
}

void kvm_memmap_init(const struct pvh_start_info *si)
{
	const struct pvh_memmap_entry *mm;
	const struct pvh_module *mods;
	uint64_t holes[MAX_REGIONS][2];
	unsigned int nholes = 0, i, j;

	/* The image with its boot stack and guard page */
	holes[nholes][0] = (uintptr_t)__uk_boot_stack_guard;
	holes[nholes][1] = (uintptr_t)__uk_image_end;
	nholes++;
	mods = (const void *)(uintptr_t)si->modlist_paddr;
	if (si->nr_modules >= ARRAY_SIZE(holes)) {
		uk_pr_err("%u boot modules; at most %zu are supported\n",
			  si->nr_modules, ARRAY_SIZE(holes) - 1);
		ukplat_halt(UK_EXIT_PANIC);
	}
	for (i = 0; i < si->nr_modules; i++) {
		holes[nholes][0] = ALIGN_DOWN(mods[i].paddr, 4096);
		holes[nholes][1] = ALIGN_UP(mods[i].paddr + mods[i].size, 4096);
		nholes++;
	}
	/* sort the holes by base (few: insertion sort) */
	for (i = 1; i < nholes; i++)
		for (j = i; j > 0 && holes[j][0] < holes[j - 1][0]; j--) {
			uint64_t t0 = holes[j][0], t1 = holes[j][1];

			holes[j][0] = holes[j - 1][0];
			holes[j][1] = holes[j - 1][1];
			holes[j - 1][0] = t0;
			holes[j - 1][1] = t1;
		}

	region_add((uintptr_t)__uk_boot_stack_guard, (uintptr_t)__uk_image_end,
		   UKPLAT_MEM_KERNEL);
	for (i = 0; i < si->nr_modules; i++)
		region_add(mods[i].paddr, mods[i].paddr + mods[i].size,
			   UKPLAT_MEM_MODULE);

	kvm_ram_end = (uintptr_t)__uk_image_end;
	if (si->version < 1 || !si->memmap_paddr)
		return;
	mm = (const void *)(uintptr_t)si->memmap_paddr;
	for (i = 0; i < si->memmap_entries; i++) {
		/* Low memory holds the start info and firmware data; RAM
		 * above 4 GiB is not mapped yet. */
		uint64_t base = MAX(mm[i].addr, 0x100000ULL);
		uint64_t end = MIN(mm[i].addr + mm[i].size, KVM_MAPPED_END);

		if (nr_e820 < MAX_REGIONS && mm[i].size) {
			e820[nr_e820].base = mm[i].addr;
			e820[nr_e820].end = mm[i].addr + mm[i].size;
			e820[nr_e820].ram = mm[i].type == PVH_MEMMAP_RAM;
			nr_e820++;
		}
		if (mm[i].type != PVH_MEMMAP_RAM)
			continue;
		if (mm[i].addr + mm[i].size > KVM_MAPPED_END)
			uk_pr_info("memory above 4 GiB is not used yet\n");
		ram_add(base, end, holes, nholes);
		kvm_ram_end = MAX(kvm_ram_end, (uintptr_t)end);
	}
}
