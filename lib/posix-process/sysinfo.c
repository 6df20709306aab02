// SPDX-License-Identifier: BSD-3-Clause
/*
 * sysinfo: uptime from the monotonic clock, memory from the kernel heap
 * (or, without lib/alloc, the free RAM regions), one process. No swap,
 * no load average.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/sysinfo.h>

#include <uk/plat.h>
#include <uk/syscall.h>
#ifdef CONFIG_LIBALLOC
#include <uk/alloc.h>
#endif

/*
 * The kernel's struct sysinfo ends at mem_unit (plus padding); musl's
 * adds 256 reserved bytes that Linux never writes.
 */
#define KSYSINFO_SIZE	ALIGN_UP(offsetof(struct sysinfo, mem_unit) + \
				 sizeof(unsigned int), sizeof(long))
_Static_assert(KSYSINFO_SIZE == 112, "Linux x86_64 struct sysinfo");

static void memory(unsigned long *total, unsigned long *free)
{
#ifdef CONFIG_LIBALLOC
	struct uk_alloc_stats st;

	uk_alloc_get_stats(&st);
	*total = st.total;
	*free = st.free;
#else
	const struct ukplat_memregion *r;
	unsigned int i, n = ukplat_memregion_count();

	*total = 0;
	for (i = 0; i < n; i++) {
		r = ukplat_memregion_get(i);
		if (r && r->type == UKPLAT_MEM_FREE)
			*total += r->len;
	}
	*free = *total;		/* no allocator: nobody takes any */
#endif
}

UK_SYSCALL_DEFINE(int, sysinfo, struct sysinfo *, info)
{
	uint64_t ns = ukplat_monotonic_ns();

	if (!info)
		return -EFAULT;
	memset(info, 0, KSYSINFO_SIZE);
	/* whole seconds, rounded up as Linux does */
	info->uptime = (ns + 999999999ULL) / 1000000000ULL;
	memory(&info->totalram, &info->freeram);
	info->procs = 1;
	info->mem_unit = 1;
	return 0;
}
