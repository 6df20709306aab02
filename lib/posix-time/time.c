// SPDX-License-Identifier: BSD-3-Clause
/*
 * POSIX clocks and sleep over the platform's monotonic clock (the TSC)
 * and its one-shot timer.
 *
 * Every clock is the monotonic clock plus an offset. CLOCK_REALTIME adds
 * the wall-clock time at boot, taken on first use from time.epoch= or
 * else the platform's RTC (ukplat_rtc_read(), else 1970). The CPU-time
 * clocks subtract the time the CPU spent halted, as the platform measured
 * it (ukplat_idle_ns()): there is one process and nothing else runs.
 * Sleeping halts the CPU until the timer interrupt instead of spinning.
 *
 * The wall-clock offset is one word, written by settimeofday and
 * clock_settime only: no locking.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* struct timezone */
#endif
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <uk/essentials.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/syscall.h>
#include <uk/time.h>

#define NSEC_PER_SEC	1000000000LL
#define SEC_PER_DAY	86400LL

/* Latest settable wall clock (~year 2212): room for the monotonic part. */
#define MAX_SET_SEC	(INT64_MAX / NSEC_PER_SEC - 50 * 365 * SEC_PER_DAY)

/* ~0: not given */
static unsigned long epoch_param = ~0UL;
UK_PARAM_ULONG(time, epoch, epoch_param,
	       "wall-clock time at boot, seconds since 1970 "
	       "(default: the RTC, else 0)");

static bool wall_ready;
static int64_t wall_ns;		/* CLOCK_REALTIME - CLOCK_MONOTONIC */
static struct timezone sys_tz;	/* as settimeofday left it */

/* --- calendar ------------------------------------------------------------- */

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Leap years in [1, y) */
static int64_t leaps_before(int64_t y)
{
	y--;
	return y / 4 - y / 100 + y / 400;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian, y >= 1). */
static int64_t days_since_epoch(int64_t y, int m, int d)
{
	static const uint16_t before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};
	int64_t days;

	days = (y - 1970) * 365 + leaps_before(y) - leaps_before(1970);
	days += before[m - 1] + d - 1;
	if (m > 2 && is_leap(y))
		days++;
	return days;
}

/*
 * The platform's RTC as seconds since 1970. Its fields come checked for
 * range; the month and year are checked again only because they index
 * a table and bound the arithmetic.
 */
static int rtc_read(int64_t *secs)
{
	struct ukplat_rtc_time t;
	int rc;

	rc = ukplat_rtc_read(&t);
	if (rc)
		return rc;
	if (t.mon < 1 || t.mon > 12 || t.year < 1970)
		return -EIO;
	*secs = days_since_epoch(t.year, t.mon, t.mday) * SEC_PER_DAY +
		t.hour * 3600 + t.min * 60 + t.sec;
	return 0;
}

/* --- clocks --------------------------------------------------------------- */

static void wall_init(void)
{
	int64_t secs;
	int rc;

	if (epoch_param != ~0UL) {
		secs = (int64_t)MIN(epoch_param, (unsigned long)MAX_SET_SEC);
		wall_ns = secs * NSEC_PER_SEC;
	} else if (!(rc = rtc_read(&secs))) {
		/* the RTC counts whole seconds: within a second; a year
		 * past 2262 would overflow the ns base */
		secs = MIN(secs, (int64_t)MAX_SET_SEC);
		wall_ns = secs * NSEC_PER_SEC -
			  (int64_t)ukplat_monotonic_ns();
	} else {
		uk_pr_info("%s: wall clock starts at 1970; pass "
			   "time.epoch=<seconds since 1970> to set it\n",
			   rc == -ENODEV ? "no RTC" : "unreadable RTC");
		wall_ns = 0;
	}
	wall_ready = true;
}

int64_t uk_time_coarse_seconds(void)
{
	int64_t secs;

	if (wall_ready)
		return (wall_ns + (int64_t)ukplat_monotonic_ns()) /
		       (int64_t)NSEC_PER_SEC;
	if (epoch_param != ~0UL)
		return MIN(epoch_param, (unsigned long)MAX_SET_SEC);
	return rtc_read(&secs) ? 0 : secs;
}

static int64_t realtime_ns(void)
{
	if (unlikely(!wall_ready))
		wall_init();
	return wall_ns + (int64_t)ukplat_monotonic_ns();
}

static void set_realtime(int64_t ns)
{
	wall_ns = ns - (int64_t)ukplat_monotonic_ns();
	wall_ready = true;
}

/*
 * CPU-time clocks by number: clock_getcpuclockid() and
 * pthread_getcpuclockid() encode ~pid << 3 | thread << 2 | kind (kind 3
 * is invalid). Only ourselves exist: pid or tid 0 (self) or 1.
 */
static bool is_own_cpuclock(clockid_t clk)
{
	int id = ~(clk >> 3);

	return clk < 0 && (clk & 3) != 3 && (id == 0 || id == 1);
}

static int clock_ns(clockid_t clk, int64_t *ns)
{
	switch (clk) {
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:	/* never suspended */
		*ns = (int64_t)ukplat_monotonic_ns();
		return 0;
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:		/* offset 0 until NTP sets one (Linux) */
		*ns = realtime_ns();
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = (int64_t)(ukplat_monotonic_ns() - ukplat_idle_ns());
		return 0;
	default:
		if (!is_own_cpuclock(clk))
			return -EINVAL;
		*ns = (int64_t)(ukplat_monotonic_ns() - ukplat_idle_ns());
		return 0;
	}
}

static void ns_to_ts(int64_t ns, struct timespec *ts)
{
	int64_t s = ns / NSEC_PER_SEC, r = ns % NSEC_PER_SEC;

	if (r < 0) {
		r += NSEC_PER_SEC;
		s--;
	}
	ts->tv_sec = s;
	ts->tv_nsec = r;
}

static bool ts_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < NSEC_PER_SEC;
}

/* A valid timespec as nanoseconds, saturating at UINT64_MAX. */
static uint64_t ts_to_ns(const struct timespec *ts)
{
	if ((uint64_t)ts->tv_sec >= UINT64_MAX / NSEC_PER_SEC)
		return UINT64_MAX;
	return (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
}

UK_SYSCALL_DEFINE(int, clock_gettime, clockid_t, clk, struct timespec *, ts)
{
	int64_t ns;
	int rc;

	rc = clock_ns(clk, &ns);
	if (rc)
		return rc;
	if (!ts)
		return -EFAULT;
	ns_to_ts(ns, ts);
	return 0;
}

/* One TSC tick, rounded up to a nanosecond; coarse clocks are no coarser. */
UK_SYSCALL_DEFINE(int, clock_getres, clockid_t, clk, struct timespec *, res)
{
	uint64_t hz;
	int64_t ns;
	int rc;

	rc = clock_ns(clk, &ns);
	if (rc)
		return rc;
	if (res) {
		hz = ukplat_tsc_hz(NULL);
		res->tv_sec = 0;
		res->tv_nsec = hz >= (uint64_t)NSEC_PER_SEC ? 1 :
			       (long)((NSEC_PER_SEC + hz - 1) / hz);
	}
	return 0;
}

/* Only CLOCK_REALTIME is settable; any other clock is -EINVAL, as Linux. */
UK_SYSCALL_DEFINE(int, clock_settime, clockid_t, clk,
		  const struct timespec *, ts)
{
	if (clk != CLOCK_REALTIME)
		return -EINVAL;
	if (!ts)
		return -EFAULT;
	if (!ts_valid(ts) || ts->tv_sec > MAX_SET_SEC)
		return -EINVAL;
	set_realtime(ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec);
	return 0;
}

UK_SYSCALL_DEFINE(int, gettimeofday, struct timeval *, tv,
		  struct timezone *, tz)
{
	struct timespec ts;

	if (tv) {
		ns_to_ts(realtime_ns(), &ts);
		tv->tv_sec = ts.tv_sec;
		tv->tv_usec = ts.tv_nsec / 1000;
	}
	if (tz)
		*tz = sys_tz;
	return 0;
}

/* We are root: allowed. The time zone is only stored, as on Linux. */
UK_SYSCALL_DEFINE(int, settimeofday, const struct timeval *, tv,
		  const struct timezone *, tz)
{
	if (tv && (tv->tv_sec < 0 || tv->tv_sec > MAX_SET_SEC ||
		   tv->tv_usec < 0 || tv->tv_usec >= 1000000))
		return -EINVAL;
	if (tz && (tz->tz_minuteswest < -15 * 60 ||
		   tz->tz_minuteswest > 15 * 60))
		return -EINVAL;
	if (tz)
		sys_tz = *tz;
	if (tv)
		set_realtime(tv->tv_sec * NSEC_PER_SEC +
			     tv->tv_usec * 1000LL);
	return 0;
}

UK_SYSCALL_DEFINE(time_t, time, time_t *, t)
{
	struct timespec ts;

	ns_to_ts(realtime_ns(), &ts);
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

/* --- sleep ---------------------------------------------------------------- */

int64_t uk_time_realtime_offset(void)
{
	if (unlikely(!wall_ready))
		wall_init();
	return wall_ns;
}

/*
 * A sleep blocks only the calling thread, on the scheduler's timers. A
 * signal for it (another thread's tkill) ends it early with EINTR, and a
 * relative sleep then says in rem how much was left.
 */
UK_SYSCALL_DEFINE(int, clock_nanosleep, clockid_t, clk, int, flags,
		  const struct timespec *, req, struct timespec *, rem)
{
	uint64_t ns, deadline, now;
	int64_t wall;
	int rc;

	switch (clk) {
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		break;
	default:
		/* valid but not sleepable (Linux: raw, coarse, CPU time) */
		return clock_ns(clk, &wall) ? -EINVAL : -EOPNOTSUPP;
	}
	if (!req)
		return -EFAULT;
	if (!ts_valid(req))
		return -EINVAL;
	ns = ts_to_ns(req);

	if (!(flags & TIMER_ABSTIME)) {
		deadline = ukplat_monotonic_ns();
		deadline = ns > UINT64_MAX - deadline ? UINT64_MAX :
			   deadline + ns;
	} else if (clk == CLOCK_MONOTONIC || clk == CLOCK_BOOTTIME) {
		deadline = ns;
	} else {
		/* a wall-clock deadline, on the monotonic clock */
		wall = realtime_ns() - (int64_t)ukplat_monotonic_ns();
		if (ns > (uint64_t)INT64_MAX)
			deadline = UINT64_MAX;
		else if ((int64_t)ns <= wall)
			return 0;
		else
			deadline = (uint64_t)((int64_t)ns - wall);
	}
	rc = uk_sched_sleep_until(deadline);
	if (rc == -EINTR && rem && !(flags & TIMER_ABSTIME)) {
		now = ukplat_monotonic_ns();
		ns_to_ts(deadline > now ? (int64_t)(deadline - now) : 0, rem);
	}
	return rc;
}

UK_SYSCALL_DEFINE(int, nanosleep, const struct timespec *, req,
		  struct timespec *, rem)
{
	return (int)uk_syscall_r_clock_nanosleep(CLOCK_MONOTONIC, 0,
						 (long)req, (long)rem, 0, 0);
}
