// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests for the KVM platform's CMOS RTC (rtc.c): ukplat_rtc_read()
 * against a fake CMOS behind kvm_cmos_read().
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "host-test.h"

#include "../rtc.c"

/* A CMOS with 128 registers; reg A reads "UIP" for its first uip_reads. */
static uint8_t cmos[128];
static int uip_reads, nr_cmos_reads, nr_bad_regs;
/* after this many reads the seconds register ticks (-1: never) */
static int tick_at = -1;
/* the seconds register ticks on every read of it: never two alike */
static bool always_ticking;

uint8_t kvm_cmos_read(uint8_t reg)
{
	nr_cmos_reads++;
	if (reg & 0x80)
		nr_bad_regs++;		/* would disable NMIs */
	if (tick_at >= 0 && nr_cmos_reads == tick_at)
		cmos[RTC_SEC]++;
	if (reg == RTC_REG_A && cmos[RTC_REG_A] != 0xff) {
		if (uip_reads > 0) {
			uip_reads--;
			return cmos[RTC_REG_A] | RTC_A_UIP;
		}
		return cmos[RTC_REG_A] & ~RTC_A_UIP;
	}
	if (reg == RTC_SEC && always_ticking)
		return cmos[RTC_SEC]++;
	return cmos[reg & 0x7f];
}

static uint8_t bcd(int v)
{
	return (uint8_t)((v / 10) << 4 | v % 10);
}

/* A fresh RTC, 24-hour BCD, holding 2024-07-15 13:45:30. */
static void reset(void)
{
	memset(cmos, 0, sizeof(cmos));
	uip_reads = nr_cmos_reads = nr_bad_regs = 0;
	tick_at = -1;
	always_ticking = false;
	cmos[RTC_REG_A] = 0x26;
	cmos[RTC_REG_B] = RTC_B_24H;	/* BCD */
	cmos[RTC_SEC] = bcd(30);
	cmos[RTC_MIN] = bcd(45);
	cmos[RTC_HOUR] = bcd(13);
	cmos[RTC_MDAY] = bcd(15);
	cmos[RTC_MON] = bcd(7);
	cmos[RTC_YEAR] = bcd(24);
	cmos[RTC_CENTURY] = bcd(20);
}

/* *t, compared field by field */
static bool rtc_is(const struct ukplat_rtc_time *t, int year, int mon,
		   int mday, int hour, int min, int sec)
{
	if (t->year == year && t->mon == mon && t->mday == mday &&
	    t->hour == hour && t->min == min && t->sec == sec)
		return true;
	printf("  read %04d-%02d-%02d %02d:%02d:%02d\n", t->year, t->mon,
	       t->mday, t->hour, t->min, t->sec);
	return false;
}

HOST_TEST(rtc_bcd_24h)
{
	struct ukplat_rtc_time t;

	reset();
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 7, 15, 13, 45, 30));
	CHECK_EQ_INT(nr_bad_regs, 0);
}

HOST_TEST(rtc_binary_12h)
{
	struct ukplat_rtc_time t;

	reset();
	cmos[RTC_REG_B] = RTC_B_BINARY;		/* 12-hour, binary */
	cmos[RTC_SEC] = 30;
	cmos[RTC_MIN] = 45;
	cmos[RTC_HOUR] = 1 | RTC_HOUR_PM;	/* 1 PM */
	cmos[RTC_MDAY] = 15;
	cmos[RTC_MON] = 7;
	cmos[RTC_YEAR] = 24;
	cmos[RTC_CENTURY] = 20;
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 7, 15, 13, 45, 30));

	cmos[RTC_HOUR] = 12;			/* 12 AM: midnight */
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 7, 15, 0, 45, 30));
	cmos[RTC_HOUR] = 12 | RTC_HOUR_PM;	/* 12 PM: noon */
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 7, 15, 12, 45, 30));
	cmos[RTC_HOUR] = 11 | RTC_HOUR_PM;	/* 11 PM */
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK_EQ_INT(t.hour, 23);
	cmos[RTC_HOUR] = 0;			/* no hour 0 in 12h mode */
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	cmos[RTC_HOUR] = 13;			/* nor 13 */
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
}

HOST_TEST(rtc_bcd_12h_pm)
{
	struct ukplat_rtc_time t;

	reset();
	cmos[RTC_REG_B] = 0;			/* 12-hour, BCD */
	cmos[RTC_HOUR] = bcd(1) | RTC_HOUR_PM;
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 7, 15, 13, 45, 30));
}

/* The PM bit means nothing in 24-hour mode: a garbled reading. */
HOST_TEST(rtc_24h_pm_bit)
{
	struct ukplat_rtc_time t;

	reset();
	cmos[RTC_HOUR] = bcd(1) | RTC_HOUR_PM;
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
}

/* No usable century register: 70..99 is 19xx, 00..69 is 20xx. */
HOST_TEST(rtc_century_guess)
{
	struct ukplat_rtc_time t;

	reset();
	cmos[RTC_CENTURY] = 0;
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 7, 15, 13, 45, 30));
	cmos[RTC_YEAR] = bcd(99);
	cmos[RTC_MON] = bcd(12);
	cmos[RTC_MDAY] = bcd(31);
	cmos[RTC_HOUR] = bcd(23);
	cmos[RTC_MIN] = bcd(59);
	cmos[RTC_SEC] = bcd(59);
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 1999, 12, 31, 23, 59, 59));
	cmos[RTC_YEAR] = bcd(69);
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK_EQ_INT(t.year, 2069);
	cmos[RTC_YEAR] = bcd(70);
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK_EQ_INT(t.year, 1970);
	cmos[RTC_CENTURY] = bcd(30);		/* out of 19..29: a guess */
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK_EQ_INT(t.year, 1970);
	cmos[RTC_CENTURY] = 0xaa;		/* not BCD: a guess */
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK_EQ_INT(t.year, 1970);
}

/* A century register that holds one is taken, 19..29. */
HOST_TEST(rtc_century_register)
{
	struct ukplat_rtc_time t;

	reset();
	cmos[RTC_CENTURY] = bcd(21);
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK_EQ_INT(t.year, 2124);
	cmos[RTC_CENTURY] = bcd(19);
	cmos[RTC_YEAR] = bcd(99);
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK_EQ_INT(t.year, 1999);
	cmos[RTC_YEAR] = bcd(69);		/* 1969: before the epoch */
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	cmos[RTC_REG_B] = RTC_B_24H | RTC_B_BINARY;
	cmos[RTC_CENTURY] = 20;
	cmos[RTC_YEAR] = 24;
	cmos[RTC_MON] = 7;
	cmos[RTC_MDAY] = 15;
	cmos[RTC_HOUR] = 13;
	cmos[RTC_MIN] = 45;
	cmos[RTC_SEC] = 30;
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 7, 15, 13, 45, 30));
	cmos[RTC_YEAR] = 100;			/* binary, but no 2-digit year */
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
}

HOST_TEST(rtc_invalid_fields)
{
	struct ukplat_rtc_time t;

	reset();
	cmos[RTC_SEC] = 0x5a;		/* not BCD */
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	reset();
	cmos[RTC_SEC] = bcd(60);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	reset();
	cmos[RTC_MIN] = bcd(60);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	reset();
	cmos[RTC_MON] = bcd(13);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	cmos[RTC_MON] = bcd(0);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	reset();
	cmos[RTC_MDAY] = bcd(0);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	cmos[RTC_MDAY] = bcd(32);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	reset();
	cmos[RTC_MON] = bcd(2);
	cmos[RTC_MDAY] = bcd(29);
	cmos[RTC_YEAR] = bcd(23);	/* not a leap year */
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	cmos[RTC_YEAR] = bcd(24);
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 2, 29, 13, 45, 30));
	cmos[RTC_MDAY] = bcd(30);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	cmos[RTC_MDAY] = bcd(29);
	cmos[RTC_HOUR] = bcd(24);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
}

/* Each month's last day is taken, the day after it is not. */
HOST_TEST(rtc_month_lengths)
{
	static const int last[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	struct ukplat_rtc_time t;
	int m;

	reset();
	cmos[RTC_YEAR] = bcd(23);
	for (m = 1; m <= 12; m++) {
		cmos[RTC_MON] = bcd(m);
		cmos[RTC_MDAY] = bcd(last[m - 1]);
		CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
		CHECK_EQ_INT(t.mon, m);
		CHECK_EQ_INT(t.mday, last[m - 1]);
		cmos[RTC_MDAY] = bcd(last[m - 1] + 1);
		CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	}
	/* 2000 is a leap year (divisible by 400), 2100 is not */
	cmos[RTC_MON] = bcd(2);
	cmos[RTC_MDAY] = bcd(29);
	cmos[RTC_YEAR] = bcd(0);
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2000, 2, 29, 13, 45, 30));
	cmos[RTC_CENTURY] = bcd(21);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
}

/* A failed read leaves *t alone. */
HOST_TEST(rtc_failure_keeps_result)
{
	struct ukplat_rtc_time t = { 1, 2, 3, 4, 5, 6 };

	reset();
	cmos[RTC_MON] = bcd(13);
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	CHECK(rtc_is(&t, 1, 2, 3, 4, 5, 6));
}

HOST_TEST(rtc_absent)
{
	struct ukplat_rtc_time t;

	reset();
	memset(cmos, 0xff, sizeof(cmos));
	CHECK_EQ_INT(ukplat_rtc_read(&t), -ENODEV);
	CHECK_EQ_INT(nr_cmos_reads, 1);		/* register A only */
}

/* Reads wait out UIP; a tick between snapshots forces a retry. */
HOST_TEST(rtc_uip_and_tick)
{
	struct ukplat_rtc_time t;

	reset();
	uip_reads = 50;
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 7, 15, 13, 45, 30));

	reset();
	tick_at = 5;		/* during the first snapshot */
	CHECK_EQ_INT(ukplat_rtc_read(&t), 0);
	CHECK(rtc_is(&t, 2024, 7, 15, 13, 45, 31));

	reset();
	uip_reads = 1 << 30;	/* stuck: give up, no hang */
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	CHECK(nr_cmos_reads <= RTC_TRIES * 2 * RTC_UIP_READS + 2);

	reset();
	always_ticking = true;	/* never two alike: give up after a few */
	CHECK_EQ_INT(ukplat_rtc_read(&t), -EIO);
	CHECK(nr_cmos_reads <= RTC_TRIES * 2 * 8 + 2);
	CHECK_EQ_INT(nr_bad_regs, 0);
}

HOST_TEST_MAIN()
