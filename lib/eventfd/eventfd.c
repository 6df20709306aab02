// SPDX-License-Identifier: BSD-3-Clause
/*
 * eventfd: a 64-bit counter as a file. A write adds to it (waiting while
 * the sum would pass 2^64 - 2), a read takes all of it, or one with
 * EFD_SEMAPHORE (waiting while it is 0). IN: the counter is not 0; OUT:
 * 1 can be added.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/syscall.h>

#define COUNT_MAX	(UINT64_MAX - 1)

struct eventfd {
	struct uk_file file;
	uint64_t count;
	bool semaphore;
	uint64_t ino;
};

/*
 * After count changed from was, with the scheduler locked. A write raises
 * IN every time (each is an event for an edge-triggered watcher); OUT is
 * raised only when it comes back, as the counter left its maximum.
 */
static void efd_update(struct eventfd *e, uint64_t was)
{
	if (e->count > was)
		uk_file_raise(&e->file, UK_EV_IN | UK_EV_RDNORM);
	else if (!e->count)
		uk_file_lower(&e->file, UK_EV_IN | UK_EV_RDNORM);
	if (e->count == COUNT_MAX)
		uk_file_lower(&e->file, UK_EV_OUT | UK_EV_WRNORM);
	else if (was == COUNT_MAX)
		uk_file_raise(&e->file, UK_EV_OUT | UK_EV_WRNORM);
}

static ssize_t efd_read(struct uk_file *f, const struct iovec *iov, int cnt,
			off_t *pos, int flags)
{
	struct eventfd *e = container_of(f, struct eventfd, file);
	struct uk_iov_iter it;
	unsigned long irq;
	uint64_t v;
	int rc;

	uk_iov_iter_init(&it, iov, cnt);
	if (uk_iov_left(&it) < sizeof(v))
		return -EINVAL;
	for (;;) {
		/* the counter is guarded by the scheduler lock: one CPU */
		irq = uk_sched_lock();
		if (e->count) {
			v = e->semaphore ? 1 : e->count;
			e->count -= v;
			efd_update(e, e->count + v);
			uk_sched_unlock(irq);
			uk_iov_copy_to(&it, &v, sizeof(v));
			return sizeof(v);
		}
		uk_sched_unlock(irq);
		if (flags & O_NONBLOCK)
			return -EAGAIN;
		rc = uk_file_wait(f, UK_EV_IN, UK_WAIT_FOREVER);
		if (rc)
			return -EINTR;
	}
}

static ssize_t efd_write(struct uk_file *f, const struct iovec *iov,
			 int cnt, off_t *pos, int flags)
{
	struct eventfd *e = container_of(f, struct eventfd, file);
	struct uk_iov_iter it;
	unsigned long irq;
	uint64_t v;
	int rc;

	uk_iov_iter_init(&it, iov, cnt);
	if (uk_iov_left(&it) < sizeof(v))
		return -EINVAL;
	uk_iov_copy_from(&it, &v, sizeof(v));
	if (v == UINT64_MAX)
		return -EINVAL;
	for (;;) {
		irq = uk_sched_lock();
		if (COUNT_MAX - e->count >= v) {
			e->count += v;
			efd_update(e, e->count - v);
			uk_sched_unlock(irq);
			return sizeof(v);
		}
		uk_sched_unlock(irq);
		if (flags & O_NONBLOCK)
			return -EAGAIN;
		rc = uk_file_wait(f, UK_EV_OUT, UK_WAIT_FOREVER);
		if (rc)
			return -EINTR;
	}
}

static int efd_stat(struct uk_file *f, struct uk_statx *st)
{
	struct eventfd *e = container_of(f, struct eventfd, file);

	/* an anonymous inode, as Linux shows it: mode 0600, no type */
	uk_statx_init(st, 0600, e->ino);
	st->stx_dev_minor = 13;
	return 0;
}

static void efd_release(struct uk_file *f)
{
	uk_free(container_of(f, struct eventfd, file));
}

static const struct uk_file_ops efd_ops = {
	.read = efd_read,
	.write = efd_write,
	.stat = efd_stat,
	.release = efd_release,
};

UK_SYSCALL_DEFINE(int, eventfd2, unsigned int, initval, int, flags)
{
	struct eventfd *e;

	if (flags & ~(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	e = uk_calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	uk_file_init(&e->file, &efd_ops, 0, UK_FILE_STREAM,
		     UK_EV_OUT | UK_EV_WRNORM);
	e->count = initval;
	e->semaphore = flags & EFD_SEMAPHORE;
	e->ino = uk_file_anon_ino();
	if (initval)
		e->file.events |= UK_EV_IN | UK_EV_RDNORM;
	return uk_fd_open_file(&e->file, O_RDWR |
			       (flags & (EFD_CLOEXEC | EFD_NONBLOCK)));
}

UK_SYSCALL_DEFINE(int, eventfd, unsigned int, initval)
{
	return uk_syscall_r_eventfd2(initval, 0, 0, 0, 0, 0);
}
