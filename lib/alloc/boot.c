// SPDX-License-Identifier: BSD-3-Clause
/* Hands the platform's free RAM to the allocator, first thing at boot. */
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/print.h>

static int alloc_boot_init(void)
{
	unsigned int i, n = ukplat_memregion_count();
	size_t total = 0;

	for (i = 0; i < n; i++) {
		const struct ukplat_memregion *r = ukplat_memregion_get(i);

		if (r->type != UKPLAT_MEM_FREE)
			continue;
		if (uk_alloc_add_region((void *)r->base, r->len) == 0)
			total += r->len;
	}
	if (!total) {
		uk_pr_err("no free memory for the heap: the image and its "
			  "modules fill the guest's RAM; give the VM more "
			  "memory (make run MEM=...)\n");
		return -ENOMEM;
	}
	uk_pr_debug("heap: %zu KiB in %u regions\n", total / 1024, n);
	return 0;
}
uk_initcall(alloc_boot_init, UK_INIT_EARLY);
