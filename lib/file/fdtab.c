// SPDX-License-Identifier: BSD-3-Clause
/*
 * The descriptor table: an array of open file descriptions with a bitmap
 * of the used slots (the lowest free one is a find-first-zero) and one of
 * FD_CLOEXEC. It starts with 64 slots inside the image and doubles when
 * a descriptor past them is wanted, up to RLIMIT_NOFILE.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/rlimit.h>
#include <uk/syscall.h>

#define WORD_BITS	64
#define INIT_SLOTS	64
/* Linux's fs.nr_open: no table grows past it, whatever the limit says */
#define NR_OPEN_MAX	(1024 * 1024)

static struct uk_ofile *init_slots[INIT_SLOTS];
static unsigned long init_used[INIT_SLOTS / WORD_BITS];
static unsigned long init_cloexec[INIT_SLOTS / WORD_BITS];

static struct uk_ofile **slots = init_slots;
static unsigned long *used = init_used, *cloexec = init_cloexec;
static unsigned int cap = INIT_SLOTS;
static unsigned int nr_open;

static bool bit_test(const unsigned long *map, unsigned int i)
{
	return map[i / WORD_BITS] & (1UL << (i % WORD_BITS));
}

static void bit_put(unsigned long *map, unsigned int i, bool v)
{
	if (v)
		map[i / WORD_BITS] |= 1UL << (i % WORD_BITS);
	else
		map[i / WORD_BITS] &= ~(1UL << (i % WORD_BITS));
}

/* The lowest clear bit at or above min, or cap if there is none. */
static unsigned int first_free(unsigned int min)
{
	unsigned int i = min / WORD_BITS;
	unsigned long w;

	if (min >= cap)
		return cap;
	w = ~used[i] & (~0UL << (min % WORD_BITS));
	while (!w) {
		if (++i == cap / WORD_BITS)
			return cap;
		w = ~used[i];
	}
	return i * WORD_BITS + __builtin_ctzl(w);
}

/* Descriptors may go up to this (exclusive). */
static unsigned int fd_limit(void)
{
	rlim_t lim = uk_rlimit_cur(RLIMIT_NOFILE);

	return lim > NR_OPEN_MAX ? NR_OPEN_MAX : (unsigned int)lim;
}

/* Grows the table to hold descriptor fd. Unlocked; 0 or -ENOMEM. */
static int grow(unsigned int fd)
{
	unsigned int ncap = cap, words, owords;
	struct uk_ofile **nslots, **oslots;
	unsigned long *nused, *ncloexec, *oused, *ocloexec;
	unsigned long irq;

	while (ncap <= fd)
		ncap *= 2;
	words = ncap / WORD_BITS;
	nslots = uk_calloc(ncap, sizeof(*nslots));
	nused = uk_calloc(words, sizeof(*nused));
	ncloexec = uk_calloc(words, sizeof(*ncloexec));
	if (!nslots || !nused || !ncloexec) {
		uk_free(nslots);
		uk_free(nused);
		uk_free(ncloexec);
		return -ENOMEM;
	}
	irq = uk_sched_lock();
	if (cap >= ncap) {
		/* another thread grew it meanwhile */
		uk_sched_unlock(irq);
		uk_free(nslots);
		uk_free(nused);
		uk_free(ncloexec);
		return 0;
	}
	owords = cap / WORD_BITS;
	memcpy(nslots, slots, cap * sizeof(*slots));
	memcpy(nused, used, owords * sizeof(*used));
	memcpy(ncloexec, cloexec, owords * sizeof(*cloexec));
	oslots = slots;
	oused = used;
	ocloexec = cloexec;
	slots = nslots;
	used = nused;
	cloexec = ncloexec;
	cap = ncap;
	uk_sched_unlock(irq);
	if (oslots != init_slots) {
		uk_free(oslots);
		uk_free(oused);
		uk_free(ocloexec);
	}
	return 0;
}

struct uk_ofile *uk_fd_get(int fd)
{
	struct uk_ofile *of = NULL;
	unsigned long irq;

	irq = uk_sched_lock();
	if ((unsigned int)fd < cap) {
		of = slots[fd];
		if (of)
			uk_ofile_get(of);
	}
	uk_sched_unlock(irq);
	return of;
}

/* Puts of in the free slot fd. Locked. */
static void slot_fill(unsigned int fd, struct uk_ofile *of, bool close_exec)
{
	slots[fd] = uk_ofile_get(of);
	bit_put(used, fd, true);
	bit_put(cloexec, fd, close_exec);
	nr_open++;
}

int uk_fd_install(struct uk_ofile *of, int min, bool close_exec)
{
	unsigned int limit = fd_limit(), fd;
	unsigned long irq;
	int rc;

	if (min < 0 || (unsigned int)min >= limit)
		return -EINVAL;
	for (;;) {
		irq = uk_sched_lock();
		fd = first_free(min);
		if (likely(fd < cap && fd < limit)) {
			slot_fill(fd, of, close_exec);
			uk_sched_unlock(irq);
			return fd;
		}
		uk_sched_unlock(irq);
		if (fd >= limit)
			return -EMFILE;
		rc = grow(fd);
		if (rc)
			return rc;
	}
}

int uk_fd_install_at(struct uk_ofile *of, int fd, bool close_exec)
{
	struct uk_ofile *old;
	unsigned long irq;
	int rc;

	if (fd < 0 || (unsigned int)fd >= fd_limit())
		return -EBADF;
	while ((unsigned int)fd >= cap) {
		rc = grow(fd);
		if (rc)
			return rc;
	}
	irq = uk_sched_lock();
	old = slots[fd];
	if (old)
		nr_open--;
	slot_fill(fd, of, close_exec);
	uk_sched_unlock(irq);
	if (old)
		uk_ofile_put(old);
	return fd;
}

int uk_fd_open_file(struct uk_file *f, int flags)
{
	struct uk_ofile *of = uk_ofile_new(f, flags);
	int fd;

	if (!of) {
		uk_file_put(f);
		return -ENOMEM;
	}
	fd = uk_fd_install(of, 0, flags & O_CLOEXEC);
	uk_ofile_put(of);
	return fd;
}

int uk_fd_close(int fd)
{
	struct uk_ofile *of = NULL;
	unsigned long irq;

	irq = uk_sched_lock();
	if ((unsigned int)fd < cap && slots[fd]) {
		of = slots[fd];
		slots[fd] = NULL;
		bit_put(used, fd, false);
		nr_open--;
	}
	uk_sched_unlock(irq);
	if (!of)
		return -EBADF;
	uk_ofile_put(of);
	return 0;
}

int uk_fd_get_cloexec(int fd)
{
	unsigned long irq;
	int rc = -EBADF;

	irq = uk_sched_lock();
	if ((unsigned int)fd < cap && slots[fd])
		rc = bit_test(cloexec, fd);
	uk_sched_unlock(irq);
	return rc;
}

int uk_fd_set_cloexec(int fd, bool on)
{
	unsigned long irq;
	int rc = -EBADF;

	irq = uk_sched_lock();
	if ((unsigned int)fd < cap && slots[fd]) {
		bit_put(cloexec, fd, on);
		rc = 0;
	}
	uk_sched_unlock(irq);
	return rc;
}

int uk_fd_next(int fd)
{
	unsigned long irq;
	unsigned int i;

	if (fd < 0)
		fd = 0;
	irq = uk_sched_lock();
	for (i = fd; i < cap && !slots[i]; i++)
		;
	uk_sched_unlock(irq);
	return i < cap ? (int)i : -1;
}

unsigned int uk_fd_count(void)
{
	return nr_open;
}

/* --- system calls ---------------------------------------------------------- */

UK_SYSCALL_DEFINE(int, close, int, fd)
{
	return uk_fd_close(fd);
}

#define CLOSE_RANGE_UNSHARE	(1U << 1)
#define CLOSE_RANGE_CLOEXEC	(1U << 2)

UK_SYSCALL_DEFINE(int, close_range, unsigned int, first, unsigned int, last,
		  unsigned int, flags)
{
	unsigned int fd;

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC) ||
	    first > last)
		return -EINVAL;
	/* one process, one table: there is nothing to unshare */
	for (fd = first; fd <= last && fd < cap; fd++) {
		if (flags & CLOSE_RANGE_CLOEXEC)
			uk_fd_set_cloexec(fd, true);
		else
			uk_fd_close(fd);
	}
	return 0;
}

static int dup_to(int oldfd, int newfd, bool close_exec)
{
	struct uk_ofile *of = uk_fd_get(oldfd);
	int rc;

	if (!of)
		return -EBADF;
	rc = uk_fd_install_at(of, newfd, close_exec);
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(int, dup, int, oldfd)
{
	struct uk_ofile *of = uk_fd_get(oldfd);
	int rc;

	if (!of)
		return -EBADF;
	rc = uk_fd_install(of, 0, false);
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(int, dup2, int, oldfd, int, newfd)
{
	if (oldfd == newfd) {
		struct uk_ofile *of = uk_fd_get(oldfd);

		if (!of)
			return -EBADF;
		uk_ofile_put(of);
		return newfd;
	}
	return dup_to(oldfd, newfd, false);
}

UK_SYSCALL_DEFINE(int, dup3, int, oldfd, int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return dup_to(oldfd, newfd, flags & O_CLOEXEC);
}
