// SPDX-License-Identifier: BSD-3-Clause
/*
 * The CMOS real-time clock (an MC146818 as QEMU's pc and q35 machines
 * emulate it), read as broken-down time for ukplat_rtc_read(). Its
 * registers come through kvm_cmos_read() (cmos.c). The RTC is never
 * written; it is assumed to keep UTC (QEMU's default -rtc base=utc).
 */
#include <uk/errno.h>
#include <uk/plat.h>
#include "kvm.h"

#define RTC_SEC		0x00
#define RTC_MIN		0x02
#define RTC_HOUR	0x04
#define RTC_MDAY	0x07
#define RTC_MON		0x08
#define RTC_YEAR	0x09
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_CENTURY	0x32	/* where QEMU and PC firmware keep it */

#define RTC_A_UIP	0x80	/* update in progress: fields in flux */
#define RTC_B_24H	0x02
#define RTC_B_BINARY	0x04	/* else BCD */
#define RTC_HOUR_PM	0x80	/* in 12-hour mode */

/* An update lasts under 2 ms; this bounds the wait if UIP sticks. */
#define RTC_UIP_READS	100000
#define RTC_TRIES	10

struct rtc_fields {
	uint8_t sec, min, hour, mday, mon, year, century;
};

/* All the time registers, begun outside an update; false if UIP sticks. */
static bool rtc_snapshot(struct rtc_fields *f)
{
	int i;

	for (i = 0; i < RTC_UIP_READS; i++)
		if (!(kvm_cmos_read(RTC_REG_A) & RTC_A_UIP))
			break;
	if (i == RTC_UIP_READS)
		return false;
	f->sec = kvm_cmos_read(RTC_SEC);
	f->min = kvm_cmos_read(RTC_MIN);
	f->hour = kvm_cmos_read(RTC_HOUR);
	f->mday = kvm_cmos_read(RTC_MDAY);
	f->mon = kvm_cmos_read(RTC_MON);
	f->year = kvm_cmos_read(RTC_YEAR);
	f->century = kvm_cmos_read(RTC_CENTURY);
	return true;
}

static bool rtc_same(const struct rtc_fields *a, const struct rtc_fields *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->mday == b->mday && a->mon == b->mon &&
	       a->year == b->year && a->century == b->century;
}

/* A register's value, or -1 for a BCD digit above 9. */
static int rtc_val(uint8_t v, bool bcd)
{
	if (!bcd)
		return v;
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		return -1;
	return (v >> 4) * 10 + (v & 0x0f);
}

static bool rtc_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The fields as UTC, each checked for range; *t is set only on success. */
static int rtc_decode(const struct rtc_fields *f, uint8_t regb,
		      struct ukplat_rtc_time *t)
{
	static const uint8_t mdays[12] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool bcd = !(regb & RTC_B_BINARY);
	int sec, min, hour, mday, mon, year, cent, y;

	sec = rtc_val(f->sec, bcd);
	min = rtc_val(f->min, bcd);
	hour = rtc_val(f->hour & ~RTC_HOUR_PM, bcd);
	mday = rtc_val(f->mday, bcd);
	mon = rtc_val(f->mon, bcd);
	year = rtc_val(f->year, bcd);
	cent = rtc_val(f->century, bcd);

	if (!(regb & RTC_B_24H)) {
		/* 12 AM is midnight, 12 PM noon */
		if (hour < 1 || hour > 12)
			return -EIO;
		hour %= 12;
		if (f->hour & RTC_HOUR_PM)
			hour += 12;
	} else if (f->hour & RTC_HOUR_PM) {
		return -EIO;
	}
	if (sec < 0 || sec > 59 || min < 0 || min > 59 || hour < 0 ||
	    hour > 23 || mon < 1 || mon > 12 || year < 0 || year > 99)
		return -EIO;
	/* a century register that does not hold one: guess 1970..2069 */
	if (cent >= 19 && cent <= 29)
		y = cent * 100 + year;
	else
		y = year < 70 ? 2000 + year : 1900 + year;
	if (y < 1970 || mday < 1 || mday > mdays[mon - 1] ||
	    (mon == 2 && mday == 29 && !rtc_is_leap(y)))
		return -EIO;

	t->year = y;
	t->mon = mon;
	t->mday = mday;
	t->hour = hour;
	t->min = min;
	t->sec = sec;
	return 0;
}

/*
 * Two identical snapshots in a row, each begun outside an update, make
 * a consistent reading. No RTC (microvm): the bus floats and register A
 * reads 0xff.
 */
int ukplat_rtc_read(struct ukplat_rtc_time *t)
{
	struct rtc_fields a, b;
	int i;

	if (kvm_cmos_read(RTC_REG_A) == 0xff)
		return -ENODEV;
	for (i = 0; i < RTC_TRIES; i++) {
		if (rtc_snapshot(&a) && rtc_snapshot(&b) && rtc_same(&a, &b))
			break;
	}
	if (i == RTC_TRIES)
		return -EIO;
	return rtc_decode(&a, kvm_cmos_read(RTC_REG_B), t);
}
