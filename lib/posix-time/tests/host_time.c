// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests for libposix-time: the RTC decoding against a fake CMOS,
 * the clocks over a fake monotonic clock, and the sleep loop over a fake
 * one-shot timer whose "halt" moves the clock forward.
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

void ukplat_irq_enable(void)
{
	nr_irq_enable++;
}

void ukplat_irq_disable(void)
{
	nr_irq_disable++;
}

/* The halt: time passes until the armed timer fires (maybe early). */
void ukplat_idle(void)
{
	nr_idle++;
	if (!armed || nr_idle > 1000000) {
		printf("  idle with no timer armed\n");
		abort();
	}
	if (armed > fake_now + early_ns)
		fake_now = armed - early_ns;
	else if (armed > fake_now)
		fake_now = armed;
	if (fake_handler)
		fake_handler();
}

/* A CMOS with 128 registers; reg A reads "UIP" for its first uip_reads. */
static uint8_t cmos[128];
static int uip_reads, nr_cmos_reads;
/* after this many reads the seconds register ticks (-1: never) */
static int tick_at = -1;

uint8_t posix_time_cmos_read(uint8_t reg)
{
	nr_cmos_reads++;
	if (tick_at >= 0 && nr_cmos_reads == tick_at)
		cmos[RTC_SEC]++;
	if (reg == RTC_REG_A && cmos[RTC_REG_A] != 0xff) {
		if (uip_reads > 0) {
			uip_reads--;
			return cmos[RTC_REG_A] | RTC_A_UIP;
		}
		return cmos[RTC_REG_A] & ~RTC_A_UIP;
	}
	return cmos[reg & 0x7f];
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

static uint8_t bcd(int v)
{
	return (uint8_t)((v / 10) << 4 | v % 10);
}

/* A fresh world: boot + 5 s, RTC holding a BCD 24-hour date. */
static void reset(void)
{
	fake_now = 5 * NS;
	fake_hz = 3000000000ULL;
	armed = nr_arms = max_arm_delta = early_ns = 0;
	nr_idle = nr_irq_enable = nr_irq_disable = nr_set_handler = 0;
	fake_handler = NULL;
	nr_msgs = 0;
	last_msg[0] = 0;
	memset(cmos, 0, sizeof(cmos));
	uip_reads = nr_cmos_reads = 0;
	tick_at = -1;
	cmos[RTC_REG_A] = 0x26;
	cmos[RTC_REG_B] = RTC_B_24H;	/* BCD */

	epoch_param = ~0UL;
	wall_ready = false;
	wall_ns = 0;
	idle_ns = 0;
	memset(&sys_tz, 0, sizeof(sys_tz));
}

/* 2024-07-15 13:45:30 UTC = 1721051130 */
static void rtc_set_bcd(void)
{
	cmos[RTC_SEC] = bcd(30);
	cmos[RTC_MIN] = bcd(45);
	cmos[RTC_HOUR] = bcd(13);
	cmos[RTC_MDAY] = bcd(15);
	cmos[RTC_MON] = bcd(7);
	cmos[RTC_YEAR] = bcd(24);
	cmos[RTC_CENTURY] = bcd(20);
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

HOST_TEST(rtc_bcd_24h)
{
	int64_t s;

	reset();
	rtc_set_bcd();
	CHECK_EQ_INT(rtc_read(&s), 0);
	CHECK_EQ_INT(s, 1721051130);
}

HOST_TEST(rtc_binary_12h)
{
	int64_t s;

	reset();
	rtc_set_bcd();
	cmos[RTC_REG_B] = RTC_B_BINARY;		/* 12-hour, binary */
	cmos[RTC_SEC] = 30;
	cmos[RTC_MIN] = 45;
	cmos[RTC_HOUR] = 1 | RTC_HOUR_PM;	/* 1 PM */
	cmos[RTC_MDAY] = 15;
	cmos[RTC_MON] = 7;
	cmos[RTC_YEAR] = 24;
	cmos[RTC_CENTURY] = 20;
	CHECK_EQ_INT(rtc_read(&s), 0);
	CHECK_EQ_INT(s, 1721051130);

	cmos[RTC_HOUR] = 12;			/* 12 AM: midnight */
	CHECK_EQ_INT(rtc_read(&s), 0);
	CHECK_EQ_INT(s, 1721051130 - 13 * 3600);
	cmos[RTC_HOUR] = 12 | RTC_HOUR_PM;	/* 12 PM: noon */
	CHECK_EQ_INT(rtc_read(&s), 0);
	CHECK_EQ_INT(s, 1721051130 - 3600);
	cmos[RTC_HOUR] = 0;			/* no hour 0 in 12h mode */
	CHECK_EQ_INT(rtc_read(&s), -EIO);
}

HOST_TEST(rtc_bcd_12h_pm)
{
	int64_t s;

	reset();
	rtc_set_bcd();
	cmos[RTC_REG_B] = 0;			/* 12-hour, BCD */
	cmos[RTC_HOUR] = bcd(1) | RTC_HOUR_PM;
	CHECK_EQ_INT(rtc_read(&s), 0);
	CHECK_EQ_INT(s, 1721051130);
}

/* No usable century register: 70..99 is 19xx, 00..69 is 20xx. */
HOST_TEST(rtc_century_guess)
{
	int64_t s;

	reset();
	rtc_set_bcd();
	cmos[RTC_CENTURY] = 0;
	CHECK_EQ_INT(rtc_read(&s), 0);
	CHECK_EQ_INT(s, 1721051130);
	cmos[RTC_YEAR] = bcd(99);
	cmos[RTC_MON] = bcd(12);
	cmos[RTC_MDAY] = bcd(31);
	cmos[RTC_HOUR] = bcd(23);
	cmos[RTC_MIN] = bcd(59);
	cmos[RTC_SEC] = bcd(59);
	CHECK_EQ_INT(rtc_read(&s), 0);
	CHECK_EQ_INT(s, 946684799);
}

HOST_TEST(rtc_invalid_fields)
{
	int64_t s;

	reset();
	rtc_set_bcd();
	cmos[RTC_SEC] = 0x5a;		/* not BCD */
	CHECK_EQ_INT(rtc_read(&s), -EIO);
	rtc_set_bcd();
	cmos[RTC_MON] = bcd(13);
	CHECK_EQ_INT(rtc_read(&s), -EIO);
	rtc_set_bcd();
	cmos[RTC_MON] = bcd(2);
	cmos[RTC_MDAY] = bcd(29);
	cmos[RTC_YEAR] = bcd(23);	/* not a leap year */
	CHECK_EQ_INT(rtc_read(&s), -EIO);
	cmos[RTC_YEAR] = bcd(24);
	CHECK_EQ_INT(rtc_read(&s), 0);
	cmos[RTC_HOUR] = bcd(24);
	CHECK_EQ_INT(rtc_read(&s), -EIO);
}

HOST_TEST(rtc_absent)
{
	int64_t s;

	reset();
	memset(cmos, 0xff, sizeof(cmos));
	CHECK_EQ_INT(rtc_read(&s), -ENODEV);
}

/* Reads wait out UIP; a tick between snapshots forces a retry. */
HOST_TEST(rtc_uip_and_tick)
{
	int64_t s;

	reset();
	rtc_set_bcd();
	uip_reads = 50;
	CHECK_EQ_INT(rtc_read(&s), 0);
	CHECK_EQ_INT(s, 1721051130);

	reset();
	rtc_set_bcd();
	tick_at = 5;		/* during the first snapshot */
	CHECK_EQ_INT(rtc_read(&s), 0);
	CHECK_EQ_INT(s, 1721051131);

	reset();
	rtc_set_bcd();
	uip_reads = 1 << 30;	/* stuck: give up, no hang */
	CHECK_EQ_INT(rtc_read(&s), -EIO);
}

/* --- clocks --------------------------------------------------------------- */

HOST_TEST(realtime_from_rtc)
{
	struct timespec ts;
	struct timeval tv;
	time_t t = 0;

	reset();
	rtc_set_bcd();
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 1721051130);
	CHECK_EQ_INT(ts.tv_nsec, 0);
	/* read once: later reads move with the monotonic clock only */
	cmos[RTC_YEAR] = bcd(30);
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
}

HOST_TEST(realtime_no_rtc)
{
	struct timespec ts;

	reset();
	memset(cmos, 0xff, sizeof(cmos));
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 5);	/* 1970 + uptime */
	CHECK_EQ_INT(nr_msgs, 1);
	CHECK(strstr(last_msg, "time.epoch=") != NULL);
}

/* time.epoch= is the wall-clock time at boot and beats the RTC. */
HOST_TEST(realtime_epoch_param)
{
	struct timespec ts;

	reset();
	rtc_set_bcd();
	epoch_param = 1234483509;
	CHECK_EQ_INT(gettime(CLOCK_REALTIME, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 1234483509 + 5);
	CHECK_EQ_INT(nr_cmos_reads, 0);

	reset();
	epoch_param = 0;		/* 1970 explicitly */
	rtc_set_bcd();
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
	CHECK_EQ_INT(nr_cmos_reads, 0);
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
	rtc_set_bcd();
	CHECK_EQ_INT(uk_syscall_r_clock_settime(CLOCK_REALTIME, (long)&ts, 0,
						0, 0, 0), 0);
	CHECK_EQ_INT(nr_cmos_reads, 0);
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
	CHECK_EQ_INT(nr_idle, 1);
	CHECK_EQ_INT(armed, 0);			/* disarmed after */
	CHECK_EQ_INT(nr_set_handler, 0);	/* the interrupt is enough */
	CHECK_EQ_INT(nr_irq_disable, 1);
	CHECK_EQ_INT(nr_irq_enable, 1);	/* IF was set: restored */
	CHECK_EQ_INT(rem.tv_sec, 9);		/* untouched */
	CHECK_EQ_INT(idle_ns, 1 * NS + 500);

	CHECK_EQ_INT(uk_syscall_r_nanosleep((long)&req, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(fake_now, 7 * NS + 1000);
}

/* A one-shot that fires early: halt again until the deadline. */
HOST_TEST(nanosleep_early_fire)
{
	reset();
	early_ns = 300 * 1000000ULL;
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 1, 0), 0);
	CHECK(fake_now >= 6 * NS);
	CHECK(nr_idle >= 2);
	CHECK_EQ_INT(armed, 0);
}

/* Long sleeps arm at most an hour ahead at a time. */
HOST_TEST(nanosleep_long)
{
	reset();
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 3 * 3600 + 1, 0), 0);
	CHECK_EQ_INT(fake_now, (5 + 3 * 3600 + 1) * NS);
	CHECK_EQ_INT(max_arm_delta, 3600 * NS);
	CHECK_EQ_INT(nr_idle, 4);
}

HOST_TEST(nanosleep_zero_and_invalid)
{
	struct timespec ts;

	reset();
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 0, 0), 0);
	CHECK_EQ_INT(nr_idle, 0);
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 0, -1), -EINVAL);
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, 0, 1000000000), -EINVAL);
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, 0, -1, 0), -EINVAL);
	CHECK_EQ_INT(sleep_rel(CLOCK_REALTIME, TIMER_ABSTIME, -1, 0), -EINVAL);
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC_RAW, 0, 1, 0), -EOPNOTSUPP);
	CHECK_EQ_INT(sleep_rel(CLOCK_THREAD_CPUTIME_ID, 0, 1, 0),
		     -EOPNOTSUPP);
	CHECK_EQ_INT(sleep_rel(77, 0, 1, 0), -EINVAL);
	CHECK_EQ_INT(uk_syscall_r_nanosleep(0, 0, 0, 0, 0, 0), -EFAULT);
	CHECK_EQ_INT(nr_idle, 0);
	CHECK_EQ_INT(gettime(CLOCK_MONOTONIC, &ts), 0);
	CHECK_EQ_INT(ts.tv_sec, 5);
}

HOST_TEST(clock_nanosleep_abs)
{
	reset();
	/* monotonic deadline in the past: no halt */
	CHECK_EQ_INT(sleep_rel(CLOCK_MONOTONIC, TIMER_ABSTIME, 4, 0), 0);
	CHECK_EQ_INT(nr_idle, 0);
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
	CHECK_EQ_INT(armed, 0);
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
