/* SPDX-License-Identifier: BSD-3-Clause */
/* The PVH boot ABI: start info handed over in %ebx (Xen's hvm/start_info.h). */
#ifndef KVM_PVH_H
#define KVM_PVH_H

#include <uk/essentials.h>

#define PVH_START_MAGIC 0x336ec578

struct pvh_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	/* version >= 1 */
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct pvh_module {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

#define PVH_MEMMAP_RAM	1

struct pvh_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

#endif /* KVM_PVH_H */
