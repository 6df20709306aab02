// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests for libposix-time: the calendar arithmetic and the wall
 * clock's start over a fake platform RTC (ukplat_rtc_read(); its CMOS
 * decoding is tested in plat/kvm/tests/host_rtc.c), the clocks over a
 * fake monotonic clock, and the sleep loop over a fake one-shot timer
 * whose "halt" moves the clock forward.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host-test.h"

#include "../time.c"

#define NS	1000000000ULL

/* --- fakes ---------------------------------------------------------------- */

static uint64_t fake_now;		/* the monotonic clock */
static uint64_t fake_hz = 3000000000ULL;
static uint64_t armed, nr_arms, max_arm_delta;
static uint64_t early_ns;		/* the one-shot fires this early */
static int nr_idle, nr_irq_enable, nr_irq_disable, nr_set_handler;
static bool irqs_on;			/* the interrupt flag */
static void (*fake_handler)(void);
static char last_msg[256];
static int nr_msgs;

uint64_t ukplat_monotonic_ns(void)
{
	return fake_now;
}

uint64_t ukplat_tsc_hz(const char **source)
{
	if (source)
		*source = "fake";
	return fake_hz;
}

void ukplat_timer_set_handler(void (*handler)(void))
{
	fake_handler = handler;
	nr_set_handler++;
}

void ukplat_timer_arm(uint64_t deadline_ns)
{
	armed = deadline_ns;
	if (deadline_ns) {
		nr_arms++;
		if (deadline_ns - fake_now > max_arm_delta)
			max_arm_delta = deadline_ns - fake_now;
	}
}

unsigned long ukplat_irq_save(void)
{
	unsigned long flags = irqs_on;

	nr_irq_disable++;
	irqs_on = false;
	return flags;
}

void ukplat_irq_restore(unsigned long flags)
{
	if (flags) {
		nr_irq_enable++;
		irqs_on = true;
	}
}

/* The scheduler's sleep: time passes to the deadline (or half-way, and
 * -EINTR, when sleep_rc says a signal came). */
static uint64_t fake_idle_ns, last_deadline;
static int nr_sleeps, sleep_rc;

uint64_t ukplat_idle_ns(void)
{
	return fake_idle_ns;
}

int uk_sched_sleep_until(uint64_t deadline)
{
	uint64_t to;

	nr_sleeps++;
	last_deadline = deadline;
	if (deadline <= fake_now)
		return 0;
	to = sleep_rc ? fake_now + (deadline - fake_now) / 2 : deadline;
	fake_idle_ns += to - fake_now;
	fake_now = to;
	return sleep_rc;
}

/* The platform's RTC: fake_rtc, or fake_rtc_rc if that is an error. */
static struct ukplat_rtc_time fake_rtc;
static int fake_rtc_rc, nr_rtc_reads;

int ukplat_rtc_read(struct ukplat_rtc_time *t)
{
	nr_rtc_reads++;
	if (fake_rtc_rc)
		return fake_rtc_rc;
	*t = fake_rtc;
	return 0;
}

void uk_printk(int level, const char *lib, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	(void)lib;
	nr_msgs++;
	va_start(ap, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, ap);
	va_end(ap);
}

int uk_param_set_ulong(const struct uk_param *p, const char *value)
{
	(void)p;
	(void)value;
	return 0;
}

/* A fresh world: boot + 5 s, interrupts on, an RTC holding a date. */
static void reset(void)
{
	fake_now = 5 * NS;
	fake_hz = 3000000000ULL;
	armed = nr_arms = max_arm_delta = early_ns = 0;
	nr_idle = nr_irq_enable = nr_irq_disable = nr_set_handler = 0;
	nr_sleeps = sleep_rc = 0;
	last_deadline = 0;
	irqs_on = true;
	fake_handler = NULL;
	nr_msgs = 0;
	last_msg[0] = 0;
	memset(&fake_rtc, 0, sizeof(fake_rtc));
	fake_rtc_rc = -ENODEV;
	nr_rtc_reads = 0;

	epoch_param = ~0UL;
	wall_ready = false;
	wall_ns = 0;
	fake_idle_ns = 0;
	memset(&sys_tz, 0, sizeof(sys_tz));
}

static void rtc_set(int year, int mon, int mday, int hour, int min,
		    int sec)
{
	fake_rtc = (struct ukplat_rtc_time){
		.year = year, .mon = mon, .mday = mday,
		.hour = hour, .min = min, .sec = sec
	};
	fake_rtc_rc = 0;
}

/* 2024-07-15 13:45:30 UTC = 1721051130 */
static void rtc_set_default(void)
{
	rtc_set(2024, 7, 15, 13, 45, 30);
}

/* The RTC's reading in seconds since 1970, or its error. */
static long long rtc_secs(int year, int mon, int mday, int hour, int min,
			  int sec)
{
	int64_t s = -1;
	int rc;

	rtc_set(year, mon, mday, hour, min, sec);
	rc = rtc_read(&s);
	return rc ? rc : s;
}

static long gettime(clockid_t clk, struct timespec *ts)
{
	return uk_syscall_r_clock_gettime(clk, (long)ts, 0, 0, 0, 0);
}

static long sleep_rel(clockid_t clk, int flags, time_t s, long ns)
{
	struct timespec req = { .tv_sec = s, .tv_nsec = ns };

	return uk_syscall_r_clock_nanosleep(clk, flags, (long)&req, 0, 0, 0);
}

/* --- RTC ------------------------------------------------------------------ */

HOST_TEST(days)
{
	CHECK_EQ_INT(days_since_epoch(1970, 1, 1), 0);
	CHECK_EQ_INT(days_since_epoch(1999, 12, 31), 10956);
	CHECK_EQ_INT(days_since_epoch(2000, 3, 1), 11017);
	CHECK_EQ_INT(days_since_epoch(2024, 2, 29), 19782);
	CHECK_EQ_INT(days_since_epoch(2038, 1, 19), 24855);
	CHECK_EQ_INT(days_since_epoch(2100, 3, 1), 47541);
}

/* Broken-down UTC to seconds, checked against timegm(). */
HOST_TEST(rtc_to_seconds)
{
	reset();
	CHECK_EQ_INT(rtc_secs(1970, 1, 1, 0, 0, 0), 0);
	CHECK_EQ_INT(rtc_secs(1970, 1, 1, 0, 0, 1), 1);
	CHECK_EQ_INT(rtc_secs(2024, 7, 15, 13, 45, 30), 1721051130);
	CHECK_EQ_INT(rtc_secs(1999, 12, 31, 23, 59, 59), 946684799);
	CHECK_EQ_INT(rtc_secs(2038, 1, 19, 3, 14, 7), 2147483647);
	CHECK_EQ_INT(rtc_secs(2100, 3, 1, 0, 0, 0), 4107542400LL);
	CHECK_EQ_INT(rtc_secs(3000, 1, 1, 0, 0, 0), 32503680000LL);
	CHECK_EQ_INT(nr_rtc_reads, 7);
}

/* A leap day counts, and the days after it move by one. */
HOST_TEST(rtc_leap_day)
{
	reset();
	CHECK_EQ_INT(rtc_secs(2024, 2, 29, 0, 0, 0), 1709164800);
	CHECK_EQ_INT(rtc_secs(2024, 3, 1, 0, 0, 0), 1709164800 + 86400);
	CHECK_EQ_INT(rtc_secs(2000, 2, 29, 12, 0, 0), 951825600);
	/* 2023 has no Feb 29: Mar 1 is 365 days after 2022's */
	CHECK_EQ_INT(rtc_secs(2023, 3, 1, 0, 0, 0), 1677628800);
	CHECK_EQ_INT(rtc_secs(2023, 3, 1, 0, 0, 0) -
		     rtc_secs(2022, 3, 1, 0, 0, 0), 365 * 86400);
	CHECK_EQ_INT(rtc_secs(2024, 3, 1, 0, 0, 0) -
		     rtc_secs(2023, 3, 1, 0, 0, 0), 366 * 86400);
}

/* Errors pass through; a month or year out of the contract is -EIO. */
HOST_TEST(rtc_errors)
{
	int64_t s = 7;

	reset();
	fake_rtc_rc = -ENODEV;
	CHECK_EQ_INT(rtc_read(&s), -ENODEV);
	fake_rtc_rc = -EIO;
	CHECK_EQ_INT(rtc_read(&s), -EIO);
	CHECK_EQ_INT(s, 7);
	CHECK_EQ_INT(rtc_secs(2024, 13, 1, 0, 0, 0), -EIO);
	CHECK_EQ_INT(rtc_secs(2024, 0, 1, 0, 0, 0), -EIO);
	CHECK_EQ_INT(rtc_secs(1969, 12, 31, 23, 59, 59), -EIO);
}

/* --- clocks --------------------------------------------------------------- */

HOST_TEST(realtime_from_rtc)
{
	struct timespec ts;
	struct timeval tv;
	time_t t = 0;

	reset();
	rtc_set_default();
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 1721051130);
	CHECK_EQ_INT(ts.tv_nsec, 0);
	CHECK_EQ_INT(nr_rtc_reads, 1);
	/* read once: later reads move with the monotonic clock only */
	fake_rtc.year = 2030;
	fake_now += 1500000123;
	CHECK_EQ_INT(gettime(CLOCK_REALTIME_COARSE, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 1721051131);
	CHECK_EQ_INT(ts.tv_nsec, 500000123);
	CHECK_EQ_INT(gettime(CLOCK_TAI, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 1721051131);
	CHECK_EQ_INT(uk_syscall_r_gettimeofday((long)&tv, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(tv.tv_sec, 1721051131);
	CHECK_EQ_INT(tv.tv_usec, 500000);
	CHECK_EQ_INT(uk_syscall_r_time((long)&t, 0, 0, 0, 0, 0), 1721051131);
	CHECK_EQ_INT(t, 1721051131);
	CHECK_EQ_INT(uk_syscall_r_time(0, 0, 0, 0, 0, 0), 1721051131);
	CHECK_EQ_INT(nr_rtc_reads, 1);
	CHECK_EQ_INT(nr_msgs, 0);
}

/* A year past ~2212 is clamped: the ns base does not overflow. */
HOST_TEST(realtime_rtc_far_future)
{
	struct timespec ts;

	reset();
	rtc_set(9999, 12, 31, 23, 59, 59);
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, MAX_SET_SEC);
}

HOST_TEST(realtime_no_rtc)
{
	struct timespec ts;

	reset();
	fake_rtc_rc = -ENODEV;
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 5);	/* 1970 + uptime */
	CHECK_EQ_INT(nr_msgs, 1);
	CHECK(strstr(last_msg, "no RTC") != NULL);
	CHECK(strstr(last_msg, "time.epoch=") != NULL);
	/* asked once only */
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(nr_rtc_reads, 1);
	CHECK_EQ_INT(nr_msgs, 1);
}

HOST_TEST(realtime_unreadable_rtc)
{
	struct timespec ts;

	reset();
	fake_rtc_rc = -EIO;
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 5);
	CHECK_EQ_INT(nr_msgs, 1);
	CHECK(strstr(last_msg, "unreadable RTC") != NULL);
	CHECK(strstr(last_msg, "time.epoch=") != NULL);

	reset();
	rtc_set(2024, 13, 1, 0, 0, 0);	/* out of the contract */
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 5);
	CHECK(strstr(last_msg, "unreadable RTC") != NULL);
}

/* time.epoch= is the wall-clock time at boot and beats the RTC. */
HOST_TEST(realtime_epoch_param)
{
	struct timespec ts;

	reset();
	rtc_set_default();
	epoch_param = 1234483509;
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 1234483509 + 5);
	CHECK_EQ_INT(nr_rtc_reads, 0);

	reset();
	epoch_param = 0;		/* 1970 explicitly */
	rtc_set_default();
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 5);

	reset();
	epoch_param = ~0UL - 1;		/* clamped, no overflow */
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK(ts.tv_sec > 0);
}

HOST_TEST(monotonic_clocks)
{
	static const clockid_t ids[] = {
		CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_MONOTONIC_COARSE,
		CLOCK_BOOTTIME, CLOCK_PROCESS_CPUTIME_ID,
		CLOCK_THREAD_CPUTIME_ID
	};
	struct timespec ts;
	unsigned int i;

	reset();
	fake_now = 7 * NS + 42;
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		CHECK_EQ_INT(gettime(ids[i], &ts), 0);
		CHECK_EQ_INT(ts.tv_sec, 7);
		CHECK_EQ_INT(ts.tv_nsec, 42);
	}
	CHECK_EQ_INT(nr_rtc_reads, 0);
}

HOST_TEST(invalid_clocks)
{
	struct timespec ts;

	reset();
	CHECK_EQ_INT(gettime(CLOCK_REALTIME_ALARM, &ts), -EINVAL);
	CHECK_EQ_INT(gettime(12, &ts), -EINVAL);
	CHECK_EQ_INT(gettime(1000, &ts), -EINVAL);
	CHECK_EQ_INT(gettime(-7 * 8 - 6, &ts), -EINVAL);	/* pid 6 */
	CHECK_EQ_INT(gettime(-8 + 3, &ts), -EINVAL);		/* kind 3 */
	CHECK_EQ_INT(gettime(CLOCK_MONOTONIC, NULL), -EFAULT);
	CHECK_EQ_INT(uk_syscall_r_clock_getres(99, (long)&ts, 0, 0, 0, 0),
		     -EINVAL);
}

/* clock_getcpuclockid(0, ..) and pthread_getcpuclockid(self) ids */
HOST_TEST(cpu_clock_ids)
{
	struct timespec ts;

	reset();
	fake_now = 3 * NS;
	CHECK_EQ_INT(gettime((clockid_t)((-0 - 1) * 8U + 2), &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 3);
	CHECK_EQ_INT(gettime((clockid_t)((-1 - 1) * 8U + 2), &ts), 0);
	CHECK_EQ_INT(gettime((clockid_t)((-1 - 1) * 8U + 6), &ts), 0);
}

HOST_TEST(getres)
{
	struct timespec ts;

	reset();
	CHECK_EQ_INT(uk_syscall_r_clock_getres(CLOCK_MONOTONIC, (long)&ts, 0,
					       0, 0, 0), 0);
	CHECK_EQ_INT(ts.tv_sec, 0);
	CHECK_EQ_INT(ts.tv_nsec, 1);
	CHECK_EQ_INT(uk_syscall_r_clock_getres(CLOCK_REALTIME_COARSE,
					       (long)&ts, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(ts.tv_nsec, 1);
	CHECK_EQ_INT(uk_syscall_r_clock_getres(CLOCK_REALTIME, 0, 0, 0, 0,
					       0), 0);
	fake_hz = 300000000;		/* a slow TSC: 3.33 ns per tick */
	CHECK_EQ_INT(uk_syscall_r_clock_getres(CLOCK_BOOTTIME, (long)&ts, 0,
					       0, 0, 0), 0);
	CHECK_EQ_INT(ts.tv_nsec, 4);
}

HOST_TEST(settime)
{
	struct timespec ts = { .tv_sec = 1000, .tv_nsec = 5 };
	struct timespec bad = { .tv_sec = 1, .tv_nsec = 1000000000 };
	struct timespec neg = { .tv_sec = -1, .tv_nsec = 0 };

	reset();
	rtc_set_default();
	CHECK_EQ_INT(uk_syscall_r_clock_settime(CLOCK_REALTIME, (long)&ts, 0,
						0, 0, 0), 0);
	CHECK_EQ_INT(nr_rtc_reads, 0);
	fake_now += 2 * NS;
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 1002);
	CHECK_EQ_INT(ts.tv_nsec, 5);
	CHECK_EQ_INT(gettime(CLOCK_MONOTONIC, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 7);

	CHECK_EQ_INT(uk_syscall_r_clock_settime(CLOCK_MONOTONIC, (long)&ts, 0,
						0, 0, 0), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_clock_settime(42, (long)&ts, 0, 0, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_clock_settime(CLOCK_REALTIME, (long)&bad,
						0, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_clock_settime(CLOCK_REALTIME, (long)&neg,
						0, 0, 0, 0), -EINVAL);
}

HOST_TEST(settimeofday)
{
	struct timeval tv = { .tv_sec = 2000, .tv_usec = 250000 };
	struct timezone tz = { .tz_minuteswest = -60, .tz_dsttime = 0 };
	struct timezone got = { 1, 1 };
	struct timespec ts;

	reset();
	CHECK_EQ_INT(uk_syscall_r_gettimeofday(0, (long)&got, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(got.tz_minuteswest, 0);
	CHECK_EQ_INT(got.tz_dsttime, 0);
	CHECK_EQ_INT(uk_syscall_r_settimeofday((long)&tv, (long)&tz, 0, 0, 0,
					       0), 0);
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 2000);
	CHECK_EQ_INT(ts.tv_nsec, 250000000);
	CHECK_EQ_INT(uk_syscall_r_gettimeofday(0, (long)&got, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(got.tz_minuteswest, -60);

	tv.tv_usec = 1000000;
	CHECK_EQ_INT(uk_syscall_r_settimeofday((long)&tv, 0, 0, 0, 0, 0),
		     -EINVAL);
	tv.tv_usec = 0;
	tv.tv_sec = -5;
	CHECK_EQ_INT(uk_syscall_r_settimeofday((long)&tv, 0, 0, 0, 0, 0),
		     -EINVAL);
	tz.tz_minuteswest = 16 * 60;
	CHECK_EQ_INT(uk_syscall_r_settimeofday(0, (long)&tz, 0, 0, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_settimeofday(0, 0, 0, 0, 0, 0), 0);
}

/* --- sleep ---------------------------------------------------------------- */

HOST_TEST(nanosleep_relative)
{
	struct timespec req = { .tv_sec = 1, .tv_nsec = 500 };
	struct timespec rem = { .tv_sec = 9, .tv_nsec = 9 };

	reset();
	CHECK_EQ_INT(uk_syscall_r_nanosleep((long)&req, (long)&rem, 0, 0, 0,
					    0), 0);
	CHECK_EQ_INT(fake_now, 6 * NS + 500);
	CHECK_EQ_INT(nr_sleeps, 1);
	CHECK_EQ_INT(last_deadline, 6 * NS + 500);
	CHECK_EQ_INT(rem.tv_sec, 9);		/* untouched */
	CHECK_EQ_INT(fake_idle_ns, 1 * NS + 500);

	CHECK_EQ_INT(uk_syscall_r_nanosleep((long)&req, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(fake_now, 7 * NS + 1000);
}

/* A signal ends a sleep early: EINTR, and rem says what was left. */
HOST_TEST(nanosleep_interrupted)
{
	struct timespec req = { .tv_sec = 4, .tv_nsec = 0 };
	struct timespec rem = { .tv_sec = 9, .tv_nsec = 9 };

	reset();
	sleep_rc = -EINTR;
	CHECK_EQ_INT(uk_syscall_r_nanosleep((long)&req, (long)&rem, 0, 0, 0,
					    0), -EINTR);
	CHECK_EQ_INT(fake_now, 7 * NS);
	CHECK_EQ_INT(rem.tv_sec, 2);
	CHECK_EQ_INT(rem.tv_nsec, 0);
	/* absolute sleeps leave rem alone */
	rem.tv_sec = 9;
	req.tv_sec = 20;
	CHECK_EQ_INT(uk_syscall_r_clock_nanosleep(CLOCK_MONOTONIC,
						  TIMER_ABSTIME, (long)&req,
						  (long)&rem, 0, 0), -EINTR);
	CHECK_EQ_INT(rem.tv_sec, 9);
}

/* Long sleeps are one deadline: the scheduler's timers handle it. */
HOST_TEST(nanosleep_long)
{
	reset();
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 3 * 3600 + 1, 0), 0);
	CHECK_EQ_INT(fake_now, (5 + 3 * 3600 + 1) * NS);
	CHECK_EQ_INT(nr_sleeps, 1);
	/* one so long it would overflow: forever, not a wrap */
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, INT64_MAX / 2, 0), 0);
	CHECK_EQ_INT(last_deadline, UINT64_MAX);
}

HOST_TEST(nanosleep_zero_and_invalid)
{
	struct timespec ts;

	reset();
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 0, 0), 0);
	CHECK_EQ_INT(fake_idle_ns, 0);
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 0, -1), -EINVAL);
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 0, 1000000000), -EINVAL);
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, -1, 0), -EINVAL);
	CHECK_EQ_INT(sleep_rel(CLOCK_REALTIME, TIMER_ABSTIME, -1, 0), -EINVAL);
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC_RAW, 0, 1, 0), -EOPNOTSUPP);
	CHECK_EQ_INT(sleep_rel(CLOCK_THREAD_CPUTIME_ID, 0, 1, 0),
		     -EOPNOTSUPP);
	CHECK_EQ_INT(sleep_rel(77, 0, 1, 0), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_nanosleep(0, 0, 0, 0, 0, 0), -EFAULT);
	CHECK_EQ_INT(fake_idle_ns, 0);
	CHECK_EQ_INT(gettime(CLOCK_MONOTONIC, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 5);
}

HOST_TEST(clock_nanosleep_abs)
{
	reset();
	/* monotonic deadline in the past: no halt */
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, TIMER_ABSTIME, 4, 0), 0);
	CHECK_EQ_INT(fake_now, 5 * NS);
	CHECK_EQ_INT(sleep_rel(CLOCK_BOOTTIME, TIMER_ABSTIME, 8, 7), 0);
	CHECK_EQ_INT(fake_now, 8 * NS + 7);

	/* realtime: wall clock 1000 s at monotonic 8 s */
	epoch_param = 992;
	CHECK_EQ_INT(sleep_rel(CLOCK_REALTIME, TIMER_ABSTIME, 999, 0), 0);
	CHECK_EQ_INT(fake_now, 8 * NS + 7);
	CHECK_EQ_INT(sleep_rel(CLOCK_REALTIME, TIMER_ABSTIME, 1010, 0), 0);
	CHECK_EQ_INT(fake_now, 18 * NS);
	CHECK_EQ_INT(sleep_rel(CLOCK_REALTIME, 0, 2, 0), 0);
	CHECK_EQ_INT(fake_now, 20 * NS);
}

/* CPU time does not count time halted in sleeps. */
HOST_TEST(cputime_excludes_sleep)
{
	struct timespec ts;

	reset();
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 10, 0), 0);
	fake_now += 2 * NS;		/* "work" */
	CHECK_EQ_INT(gettime(CLOCK_PROCESS_CPUTIME_ID, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 7);
	CHECK_EQ_INT(gettime(CLOCK_MONOTONIC, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 17);
}

HOST_TEST_MAIN()
