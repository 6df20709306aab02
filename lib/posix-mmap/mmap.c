// SPDX-License-Identifier: BSD-3-Clause
/*
 * Memory-mapping syscalls over the kernel heap: mmap, munmap, mremap,
 * mprotect, madvise, msync, the mlock family and brk.
 *
 * There is no paging behind them (one address space, identity-mapped):
 * a mapping is a zeroed, page-aligned heap block kept in a registry
 * (maps.c) so that munmap and mremap can check what they are given.
 * Only anonymous memory; protections are accepted but not enforced.
 * Single CPU, no threads: no locking yet.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* MREMAP_*, MAP_FIXED_NOREPLACE, most MADV_* */
#endif
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include "maps.h"

/* Linux ABI values newer than some libc headers */
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ	22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE	23
#endif
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED	24
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE		25
#endif
#define MMAP_PROT_SEM		0x8	/* accepted by Linux on x86 */

#define PAGE_MASK_		(MAPS_PAGE - 1)

static struct maps maps;

/*
 * len rounded up to pages, or 0 if it is 0 or so large that rounding or
 * a + len would wrap.
 */
static size_t page_len(uintptr_t a, size_t len)
{
	size_t plen;

	if (!len || len > PTRDIFF_MAX - MAPS_PAGE)
		return 0;
	plen = ALIGN_UP(len, MAPS_PAGE);
	return a + plen < a ? 0 : plen;
}

/* --- brk ------------------------------------------------------------------ */

static unsigned long brk_max = 8UL << 20;
UK_PARAM_ULONG(mmap, brk_max, brk_max,
	       "bytes reserved for brk() on its first use (0: no brk)");

static uintptr_t brk_base, brk_cur, brk_end;
static bool brk_tried;

/*
 * On the first brk() call of any kind: brk(0) must already return the
 * address later growth extends, and the heap cannot reserve addresses
 * without memory. Programs that never call brk pay nothing.
 */
static void brk_reserve(void)
{
	size_t len = ALIGN_DOWN(MIN(brk_max, (unsigned long)PTRDIFF_MAX),
				MAPS_PAGE);
	void *p;

	brk_tried = true;
	if (!len)
		return;
	p = uk_memalign(MAPS_PAGE, len);
	if (!p) {
		uk_pr_warn("no memory for a %zu-byte brk area (mmap.brk_max): "
			   "brk() cannot grow\n", len);
		return;
	}
	brk_base = brk_cur = (uintptr_t)p;
	brk_end = brk_base + len;
}

/* [a, a + len) within the brk area below the current break? */
static bool brk_holds(uintptr_t a, size_t len)
{
	return brk_base && a >= brk_base && a + len <= brk_cur;
}

/*
 * As Linux: returns the new break, or the current one when addr is 0,
 * out of range or the area is exhausted (that is how a failure shows).
 * Shrinking works; growing hands out zeroed memory.
 */
UK_SYSCALL_DEFINE(long, brk, unsigned long, addr)
{
	if (!brk_tried)
		brk_reserve();
	if (addr < brk_base || addr > brk_end)
		return (long)brk_cur;
	if (addr > brk_cur)
		memset((void *)brk_cur, 0, addr - brk_cur);
	brk_cur = addr;
	return (long)brk_cur;
}

/* --- mmap family ---------------------------------------------------------- */

/*
 * MAP_SHARED and MAP_PRIVATE are the same without fork. File mappings
 * need a VFS: -ENODEV ("the file system does not support mapping").
 * MAP_FIXED works only inside memory that is already ours (a mapping,
 * a hole unmapped from one, or brk memory below the break): we cannot
 * place memory at an arbitrary address, so elsewhere it is -EINVAL.
 * Hints without MAP_FIXED are ignored, as Linux may.
 */
UK_SYSCALL_DEFINE(long, mmap, void *, addr, size_t, len, int, prot,
		  int, flags, int, fd, off_t, off)
{
	uintptr_t a = (uintptr_t)addr;
	bool noreplace = flags & MAP_FIXED_NOREPLACE;
	size_t plen;
	long r;

	(void)prot;
	(void)fd;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
	case MAP_PRIVATE:
	case MAP_SHARED_VALIDATE:
		break;
	default:
		return -EINVAL;
	}
	if ((unsigned long)off & PAGE_MASK_ || !len)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV;

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		plen = page_len(a, len);
		if (a & PAGE_MASK_ || !plen)
			return -EINVAL;
		r = maps_map_fixed(&maps, a, plen, noreplace);
		if (r == -EINVAL && brk_holds(a, plen)) {
			if (noreplace)
				return -EEXIST;
			memset(addr, 0, plen);
			r = (long)a;
		}
		return r;
	}

	plen = page_len(0, len);
	if (!plen)
		return -ENOMEM;
	r = maps_map(&maps, plen);
#ifdef MAP_32BIT
	/* asked for the low 2 GiB: honour it or fail */
	if (!uk_is_err((void *)r) && (flags & MAP_32BIT) &&
	    (uintptr_t)r + plen > (1UL << 31)) {
		maps_unmap(&maps, (uintptr_t)r, plen);
		return -ENOMEM;
	}
#endif
	return r;
}

/* Linux returns 0 for ranges with nothing mapped, and so do we. */
UK_SYSCALL_DEFINE(int, munmap, void *, addr, size_t, len)
{
	uintptr_t a = (uintptr_t)addr;
	size_t plen = page_len(a, len);

	if (a & PAGE_MASK_ || !plen)
		return -EINVAL;
	return maps_unmap(&maps, a, plen);
}

/*
 * MREMAP_FIXED and MREMAP_DONTUNMAP would need memory at a chosen
 * address: -EINVAL. An old_len of 0 (duplicating a shared mapping) is
 * not supported either.
 */
UK_SYSCALL_DEFINE(long, mremap, void *, old_addr, size_t, old_len,
		  size_t, new_len, int, flags, void *, new_addr)
{
	uintptr_t a = (uintptr_t)old_addr;
	size_t old_plen, new_plen;

	(void)new_addr;
	if (flags & ~MREMAP_MAYMOVE || a & PAGE_MASK_)
		return -EINVAL;
	old_plen = page_len(a, old_len);
	new_plen = page_len(0, new_len);
	if (!old_plen || !new_len)
		return -EINVAL;
	if (!new_plen)
		return -ENOMEM;
	return maps_remap(&maps, a, old_plen, new_plen,
			  flags & MREMAP_MAYMOVE);
}

/* No page protections yet: validated, then nothing to do. */
UK_SYSCALL_DEFINE(int, mprotect, void *, addr, size_t, len, int, prot)
{
	(void)len;
	if ((uintptr_t)addr & PAGE_MASK_)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | MMAP_PROT_SEM |
		     PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		return -EINVAL;
	return 0;
}

/*
 * MADV_DONTNEED must leave zeros behind (malloc implementations rely on
 * it), in our mappings and brk memory; other memory (static data,
 * stacks) is left alone. MADV_FREE may keep the contents, so it does.
 * The rest are hints with nothing to act on.
 */
UK_SYSCALL_DEFINE(int, madvise, void *, addr, size_t, len, int, advice)
{
	uintptr_t a = (uintptr_t)addr, s, e;
	size_t plen = page_len(a, len);

	if (a & PAGE_MASK_ || (len && !plen))
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_DONTNEED_LOCKED:
	case MADV_REMOVE:
		if (!plen)
			return 0;
		maps_zero(&maps, a, plen);
		s = MAX(a, brk_base);
		e = MIN(a + plen, brk_cur);
		if (brk_base && s < e)
			memset((void *)s, 0, e - s);
		return 0;
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_FREE:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
	case MADV_COLD:
	case MADV_PAGEOUT:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
	case MADV_COLLAPSE:
		return 0;
	default:
		return -EINVAL;
	}
}

/* Anonymous memory only: nothing to write back. */
UK_SYSCALL_DEFINE(int, msync, void *, addr, size_t, len, int, flags)
{
	(void)len;
	if ((uintptr_t)addr & PAGE_MASK_ ||
	    flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	return 0;
}

/* Nothing is ever paged out: memory is always locked. */
UK_SYSCALL_DEFINE(int, mlock, const void *, addr, size_t, len)
{
	(void)addr;
	(void)len;
	return 0;
}

UK_SYSCALL_DEFINE(int, mlock2, const void *, addr, size_t, len,
		  unsigned int, flags)
{
	(void)addr;
	(void)len;
	return flags & ~MLOCK_ONFAULT ? -EINVAL : 0;
}

UK_SYSCALL_DEFINE(int, munlock, const void *, addr, size_t, len)
{
	(void)addr;
	(void)len;
	return 0;
}

UK_SYSCALL_DEFINE(int, mlockall, int, flags)
{
	if (!(flags & (MCL_CURRENT | MCL_FUTURE)) ||
	    flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT))
		return -EINVAL;
	return 0;
}

UK_SYSCALL_DEFINE(int, munlockall)
{
	return 0;
}
