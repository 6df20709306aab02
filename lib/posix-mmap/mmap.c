// SPDX-License-Identifier: BSD-3-Clause
/*
 * Memory-mapping syscalls over the kernel heap: mmap, munmap, mremap,
 * mprotect, madvise, msync, the mlock family and brk.
 *
 * There is no paging behind them (one address space, identity-mapped):
 * a mapping is a zeroed, page-aligned heap block kept in a registry
 * (maps.c) so that munmap and mremap can check what they are given.
 * Only anonymous memory. Protections are enforced in part, by the
 * platform's page tables: PROT_NONE makes pages inaccessible (musl's
 * thread stacks get their guard page that way) and read-only ones fault
 * on a write; PROT_EXEC is not enforced. Memory goes back to the heap
 * read-write. Nothing here blocks: with preemption, a preempt-disabled
 * region is all the locking there is.
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
#include <uk/mmap.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#if CONFIG_LIBFILE
#include <fcntl.h>
#include <sys/stat.h>
#include <uk/fdtab.h>
#endif
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

/* A page-table page, when a protection splits a 2 MiB page. */
static void *pt_alloc(void)
{
	return uk_memalign(MAPS_PAGE, MAPS_PAGE);
}

static enum ukplat_page_prot page_prot(int prot)
{
	if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		return UKPLAT_PAGE_NONE;
	return (prot & PROT_WRITE) ? UKPLAT_PAGE_RW : UKPLAT_PAGE_RO;
}

void maps_zero_pages(void *p, size_t len)
{
	ukplat_page_zero((uintptr_t)p, len, pt_alloc);
}

/* Gives [a, a + len) of our mappings a protection. */
static int protect(uintptr_t a, size_t len, int prot)
{
	int rc = ukplat_page_protect(a, len, page_prot(prot), pt_alloc);

	return rc == -EINVAL ? 0 : rc;
}

/* What goes back to the heap (or is zeroed) must be writable again. */
static void unprotect(uintptr_t a, size_t len)
{
	ukplat_page_protect(a, len, UKPLAT_PAGE_RW, NULL);
}

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
 * MAP_SHARED and MAP_PRIVATE are the same without fork. A file is
 * mapped by copying it into anonymous memory (file_fill, below).
 * MAP_FIXED works only inside memory that is already ours (a mapping,
 * a hole unmapped from one, or brk memory below the break): we cannot
 * place memory at an arbitrary address, so elsewhere it is -EINVAL.
 * Hints without MAP_FIXED are ignored, as Linux may.
 */
static long do_mmap(void *addr, size_t len, int prot, int flags, off_t off)
{
	uintptr_t a = (uintptr_t)addr;
	bool noreplace = flags & MAP_FIXED_NOREPLACE;
	size_t plen;
	long r;

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
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		plen = page_len(a, len);
		if (a & PAGE_MASK_ || !plen)
			return -EINVAL;
		if (maps_find(&maps, a) || brk_holds(a, plen))
			unprotect(a, plen);	/* it is zeroed */
		r = maps_map_fixed(&maps, a, plen, noreplace);
		if (r == -EINVAL && brk_holds(a, plen)) {
			if (noreplace)
				return -EEXIST;
			memset(addr, 0, plen);
			r = (long)a;
		}
		if (!uk_is_err((void *)r) && page_prot(prot) != UKPLAT_PAGE_RW)
			protect(a, plen, prot);
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
	if (!uk_is_err((void *)r) && page_prot(prot) != UKPLAT_PAGE_RW &&
	    protect((uintptr_t)r, plen, prot)) {
		unprotect((uintptr_t)r, plen);
		maps_unmap(&maps, (uintptr_t)r, plen);
		return -ENOMEM;
	}
	return r;
}

#if CONFIG_LIBFILE
/*
 * File mappings (with lib/file): a copy of the file taken at mmap() time,
 * in anonymous memory. That is exact for MAP_PRIVATE, and for MAP_SHARED
 * read-only until the file changes (musl maps /etc/localtime that way);
 * a writable MAP_SHARED mapping could not show the app's stores to the
 * file, so it is refused with ENODEV (logged once).
 */
static int file_check(int fd, int prot, int flags, struct uk_ofile **out)
{
	struct uk_ofile *of = uk_fd_get(fd);
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	static bool told;

	if (!of)
		return -EBADF;
	if (!uk_ofile_readable(of) || (of->flags & O_PATH) ||
	    (shared && (prot & PROT_WRITE) && !uk_ofile_writable(of))) {
		uk_ofile_put(of);
		return -EACCES;
	}
	if (of->file->type != S_IFREG || !of->file->ops->read) {
		uk_ofile_put(of);
		return -ENODEV;
	}
	if (shared && (prot & PROT_WRITE)) {
		if (!told) {
			told = true;
			uk_pr_warn("mmap: a writable MAP_SHARED mapping of a "
				   "file is not supported: ENODEV\n");
		}
		uk_ofile_put(of);
		return -ENODEV;
	}
	*out = of;
	return 0;
}

/* Reads the file into the fresh (zeroed, writable) mapping. */
static int file_fill(struct uk_ofile *of, void *addr, size_t len, off_t off)
{
	struct iovec iov = { addr, len };
	ssize_t got;

	while (iov.iov_len) {
		got = uk_ofile_read(of, &iov, 1, &off);
		if (got < 0)
			return got;
		if (!got)
			break;		/* past the end: zeros, as Linux */
		iov.iov_base = (char *)iov.iov_base + got;
		iov.iov_len -= got;
	}
	return 0;
}
#endif

UK_SYSCALL_DEFINE(long, mmap, void *, addr, size_t, len, int, prot,
		  int, flags, int, fd, off_t, off)
{
	struct uk_ofile *of = NULL;
	long r;
	int rc;

	if (!(flags & MAP_ANONYMOUS)) {
#if CONFIG_LIBFILE
		if ((flags & MAP_TYPE) > MAP_SHARED_VALIDATE || !len ||
		    ((unsigned long)off & PAGE_MASK_))
			return -EINVAL;
		rc = file_check(fd, prot, flags, &of);
		if (rc)
			return rc;
#else
		(void)fd;
		return -ENODEV;		/* no files without lib/file */
#endif
	}
	uk_preempt_disable();
	r = do_mmap(addr, len, of ? PROT_READ | PROT_WRITE : prot, flags,
		    of ? 0 : off);
	uk_preempt_enable();
#if CONFIG_LIBFILE
	if (of) {
		if (!uk_is_err((void *)r)) {
			rc = file_fill(of, (void *)r, len, off);
			uk_preempt_disable();
			if (!rc && page_prot(prot) != UKPLAT_PAGE_RW &&
			    protect(r, page_len(r, len), prot))
				rc = -ENOMEM;
			if (rc) {
				unprotect(r, page_len(r, len));
				maps_unmap(&maps, r, page_len(r, len));
				r = rc;
			}
			uk_preempt_enable();
		}
		uk_ofile_put(of);
	}
#else
	(void)rc;
#endif
	return r;
}

int uk_mmap_unmap(void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr;
	size_t plen = page_len(a, len);
	int rc;

	if (a & PAGE_MASK_ || !plen)
		return -EINVAL;
	uk_preempt_disable();
	if (maps_find(&maps, a))
		unprotect(a, plen);
	rc = maps_unmap(&maps, a, plen);
	uk_preempt_enable();
	return rc;
}

bool uk_mmap_find(uintptr_t addr, uintptr_t *start, uintptr_t *end)
{
	const struct maps_range *r;

	uk_preempt_disable();
	r = maps_find(&maps, addr);
	if (r) {
		*start = r->start;
		*end = r->end;
	}
	uk_preempt_enable();
	return r;
}

/* Linux returns 0 for ranges with nothing mapped, and so do we. */
UK_SYSCALL_DEFINE(int, munmap, void *, addr, size_t, len)
{
	return uk_mmap_unmap(addr, len);
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
	long r;

	(void)new_addr;
	if (flags & ~MREMAP_MAYMOVE || a & PAGE_MASK_)
		return -EINVAL;
	old_plen = page_len(a, old_len);
	new_plen = page_len(0, new_len);
	if (!old_plen || !new_len)
		return -EINVAL;
	if (!new_plen)
		return -ENOMEM;
	uk_preempt_disable();
	/* what moves or shrinks goes back to the heap: writable again */
	if (maps_find(&maps, a))
		unprotect(a, old_plen);
	r = maps_remap(&maps, a, old_plen, new_plen, flags & MREMAP_MAYMOVE);
	uk_preempt_enable();
	return r;
}

/*
 * Our mappings and brk memory get the protection; other memory (the
 * image, stacks) is validated and left as it is, so that an app cannot
 * take the kernel's pages away.
 */
UK_SYSCALL_DEFINE(int, mprotect, void *, addr, size_t, len, int, prot)
{
	uintptr_t a = (uintptr_t)addr;
	size_t plen = page_len(a, len);
	const struct maps_range *r;
	int rc = 0;

	if (a & PAGE_MASK_ || (len && !plen))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | MMAP_PROT_SEM |
		     PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		return -EINVAL;
	if (!plen)
		return 0;
	uk_preempt_disable();
	r = maps_find(&maps, a);
	if ((r && a + plen <= r->end) || brk_holds(a, plen))
		rc = protect(a, plen, prot);
	uk_preempt_enable();
	return rc;
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
