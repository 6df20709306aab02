// SPDX-License-Identifier: BSD-3-Clause
/*
 * timerfd: a timer as a file, on lib/sched's timer set. An expiry counts
 * (a periodic timer that fell behind counts every period it missed) and
 * raises UK_EV_IN; read() returns the count and clears it, waiting on the
 * file while it is 0. CLOCK_REALTIME deadlines are taken on the
 * monotonic clock at the wall clock's offset when they are set
 * (TFD_TIMER_CANCEL_ON_SET is accepted; the wall clock is only set by
 * settimeofday/clock_settime, which do not cancel timers here).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/plat.h>
#include <uk/syscall.h>
#include <uk/time.h>
#include <uk/user.h>

#define NSEC	1000000000ULL

struct timerfd {
	struct uk_file file;
	struct uk_timer timer;
	clockid_t clock;
	uint64_t interval;	/* ns; 0: one-shot */
	uint64_t deadline;	/* monotonic ns of the next expiry; 0: off */
	uint64_t count;		/* expiries not yet read */
	uint64_t ino;
};

/* Scheduler locked (in the idle step or the timer interrupt). */
static void expired(struct uk_timer *t)
{
	struct timerfd *tf = container_of(t, struct timerfd, timer);
	uint64_t now = ukplat_monotonic_ns(), missed = 1;

	if (tf->interval) {
		if (now > tf->deadline)
			missed += (now - tf->deadline) / tf->interval;
		tf->deadline += missed * tf->interval;
		uk_timer_arm(&tf->timer, tf->deadline);
	} else {
		tf->deadline = 0;
	}
	tf->count += missed;
	uk_file_raise(&tf->file, UK_EV_IN | UK_EV_RDNORM);
}

static ssize_t tfd_read(struct uk_file *f, const struct iovec *iov, int cnt,
			off_t *pos, int flags)
{
	struct timerfd *tf = container_of(f, struct timerfd, file);
	struct uk_iov_iter it;
	unsigned long irq;
	uint64_t v;
	int rc;

	uk_iov_iter_init(&it, iov, cnt);
	if (uk_iov_left(&it) < sizeof(v))
		return -EINVAL;
	for (;;) {
		irq = uk_sched_lock();
		v = tf->count;
		tf->count = 0;
		uk_file_lower(f, UK_EV_IN | UK_EV_RDNORM);
		uk_sched_unlock(irq);
		if (v) {
			uk_iov_copy_to(&it, &v, sizeof(v));
			return sizeof(v);
		}
		if (flags & O_NONBLOCK)
			return -EAGAIN;
		rc = uk_file_wait(f, UK_EV_IN, UK_WAIT_FOREVER);
		if (rc)
			return -EINTR;
	}
}

static int tfd_stat(struct uk_file *f, struct uk_statx *st)
{
	struct timerfd *tf = container_of(f, struct timerfd, file);

	uk_statx_init(st, 0600, tf->ino);	/* an anonymous inode */
	st->stx_dev_minor = 13;
	return 0;
}

static void tfd_release(struct uk_file *f)
{
	struct timerfd *tf = container_of(f, struct timerfd, file);
	unsigned long irq = uk_sched_lock();

	uk_timer_disarm(&tf->timer);
	uk_sched_unlock(irq);
	uk_free(tf);
}

static const struct uk_file_ops tfd_ops = {
	.read = tfd_read,
	.stat = tfd_stat,
	.release = tfd_release,
};

/* The timerfd behind fd (its open file in *of): 0, -EBADF, -EINVAL. */
static int timerfd_of(int fd, struct uk_ofile **of, struct timerfd **tf)
{
	*of = uk_fd_get(fd);
	if (!*of)
		return -EBADF;
	if ((*of)->file->ops != &tfd_ops) {
		uk_ofile_put(*of);
		return -EINVAL;
	}
	*tf = container_of((*of)->file, struct timerfd, file);
	return 0;
}

UK_SYSCALL_DEFINE(int, timerfd_create, int, clock, int, flags)
{
	struct timerfd *tf;

	switch (clock) {
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_REALTIME:
		break;
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		clock = clock == CLOCK_REALTIME_ALARM ? CLOCK_REALTIME :
			CLOCK_BOOTTIME;	/* no suspend: the plain clocks */
		break;
	default:
		return -EINVAL;
	}
	if (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC))
		return -EINVAL;
	tf = uk_calloc(1, sizeof(*tf));
	if (!tf)
		return -ENOMEM;
	uk_file_init(&tf->file, &tfd_ops, 0, UK_FILE_STREAM, 0);
	uk_timer_init(&tf->timer, expired);
	tf->clock = clock;
	tf->ino = uk_file_anon_ino();
	return uk_fd_open_file(&tf->file, O_RDONLY | (flags & (O_NONBLOCK |
							    O_CLOEXEC)));
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * NSEC + ts->tv_nsec;
}

static void ns_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = ns / NSEC;
	ts->tv_nsec = ns % NSEC;
}

static bool ts_ok(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NSEC &&
	       ts->tv_sec < (time_t)(INT64_MAX / NSEC / 2);
}

/* The timer's setting now, in old (scheduler locked). */
static void current(const struct timerfd *tf, struct itimerspec *old)
{
	uint64_t now = ukplat_monotonic_ns();

	ns_ts(tf->deadline > now ? tf->deadline - now :
	      tf->deadline ? 1 : 0, &old->it_value);
	ns_ts(tf->interval, &old->it_interval);
}

UK_SYSCALL_DEFINE(int, timerfd_settime, int, fd, int, flags,
		  const struct itimerspec *, new, struct itimerspec *, old)
{
	struct itimerspec n, o;
	struct timerfd *tf;
	struct uk_ofile *of;
	unsigned long irq;
	uint64_t value, deadline = 0;
	int rc;

	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	if (!uk_user_read_ok(new) || (old && !uk_user_write_ok(old)))
		return -EFAULT;
	n = *new;
	if (!ts_ok(&n.it_value) || !ts_ok(&n.it_interval))
		return -EINVAL;
	rc = timerfd_of(fd, &of, &tf);
	if (rc)
		return rc;
	value = ts_ns(&n.it_value);
	if (value) {
		if (flags & TFD_TIMER_ABSTIME) {
			int64_t off = 0;

			if (tf->clock == CLOCK_REALTIME)
				off = uk_time_realtime_offset();
			deadline = (int64_t)value - off > 0 ?
				   (int64_t)value - off : 1;
		} else {
			deadline = ukplat_monotonic_ns() + value;
		}
	}
	irq = uk_sched_lock();
	current(tf, &o);
	tf->interval = value ? ts_ns(&n.it_interval) : 0;
	tf->deadline = deadline;
	tf->count = 0;
	uk_file_lower(&tf->file, UK_EV_IN | UK_EV_RDNORM);
	if (deadline)
		uk_timer_arm(&tf->timer, deadline);
	else
		uk_timer_disarm(&tf->timer);
	uk_sched_unlock(irq);
	uk_ofile_put(of);
	if (old)
		*old = o;
	return 0;
}

UK_SYSCALL_DEFINE(int, timerfd_gettime, int, fd, struct itimerspec *, cur)
{
	struct itimerspec o;
	struct timerfd *tf;
	struct uk_ofile *of;
	unsigned long irq;
	int rc;

	if (!uk_user_write_ok(cur))
		return -EFAULT;
	rc = timerfd_of(fd, &of, &tf);
	if (rc)
		return rc;
	irq = uk_sched_lock();
	current(tf, &o);
	uk_sched_unlock(irq);
	uk_ofile_put(of);
	*cur = o;
	return 0;
}
