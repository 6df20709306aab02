// SPDX-License-Identifier: BSD-3-Clause
/*
 * Clocks, sleeps and getrandom through musl. Timing bounds are loose on
 * the slow side: the suites must pass under TCG on a loaded machine.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <uk/test.h>

#define NSEC	1000000000LL
#define MSEC	1000000LL

static int64_t ns_of(const struct timespec *ts)
{
	return ts->tv_sec * NSEC + ts->tv_nsec;
}

static int64_t now_ns(clockid_t clk)
{
	struct timespec ts = { -1, -1 };

	if (clock_gettime(clk, &ts))
		return -1;
	return ns_of(&ts);
}

UK_TESTCASE(time, monotonic_never_decreases)
{
	struct timespec ts;
	int64_t prev = now_ns(CLOCK_MONOTONIC), t, first = prev;
	int i, back = 0, bad_nsec = 0;

	UK_TEST_ASSERT_GE(prev, 0);
	for (i = 0; i < 2000; i++) {
		UK_TEST_ASSERT_EQ(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
		bad_nsec += ts.tv_nsec < 0 || ts.tv_nsec >= NSEC;
		t = ns_of(&ts);
		back += t < prev;
		prev = t;
	}
	UK_TEST_EXPECT_EQ(back, 0);
	UK_TEST_EXPECT_EQ(bad_nsec, 0);
	UK_TEST_EXPECT_GT(prev, first);		/* and it moves */
}

UK_TESTCASE(time, realtime_and_boottime_plausible)
{
	struct timespec ts;
	struct timeval tv;
	int64_t rt, mono, boot;
	time_t t;

	UK_TEST_ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &ts), 0);
	rt = ns_of(&ts);
	/* 1970 plus the uptime at least, e.g. on microvm without an RTC */
	UK_TEST_EXPECT_GT(rt, 0);
	UK_TEST_EXPECT(ts.tv_nsec >= 0 && ts.tv_nsec < NSEC);
	/* the other views of the wall clock agree with it */
	UK_TEST_ASSERT_EQ(gettimeofday(&tv, NULL), 0);
	UK_TEST_EXPECT_LT(tv.tv_sec * NSEC + tv.tv_usec * 1000LL - rt,
			  NSEC);
	t = time(NULL);
	UK_TEST_EXPECT_LE(t - ts.tv_sec, 1);
	UK_TEST_EXPECT_GE(t, ts.tv_sec);
	/* boot time is monotonic time here (nothing suspends) */
	mono = now_ns(CLOCK_MONOTONIC);
	boot = now_ns(CLOCK_BOOTTIME);
	UK_TEST_EXPECT_GE(boot, mono);
	UK_TEST_EXPECT_LT(boot - mono, NSEC);
}

UK_TESTCASE(time, clock_getres)
{
	struct timespec res = { -1, -1 };

	UK_TEST_ASSERT_EQ(clock_getres(CLOCK_MONOTONIC, &res), 0);
	UK_TEST_EXPECT_EQ(res.tv_sec, 0);
	UK_TEST_EXPECT_GT(res.tv_nsec, 0);
	UK_TEST_EXPECT_LE(res.tv_nsec, MSEC);
	UK_TEST_EXPECT_EQ(clock_getres(CLOCK_REALTIME, &res), 0);
	UK_TEST_EXPECT_EQ(clock_getres(CLOCK_MONOTONIC, NULL), 0);
	errno = 0;
	UK_TEST_EXPECT_EQ(clock_getres((clockid_t)999, &res), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
}

UK_TESTCASE(time, nanosleep_20ms)
{
	struct timespec req = { 0, 20 * MSEC }, rem = { 77, 77 };
	int64_t t0, t1;

	t0 = now_ns(CLOCK_MONOTONIC);
	UK_TEST_ASSERT_EQ(nanosleep(&req, &rem), 0);
	t1 = now_ns(CLOCK_MONOTONIC);
	UK_TEST_EXPECTF(t1 - t0 >= 20 * MSEC, "slept %ld us",
			(long)((t1 - t0) / 1000));
	/* no tight bound: TCG is slow, but not 2 s slow */
	UK_TEST_EXPECTF(t1 - t0 < 2 * NSEC, "slept %ld us",
			(long)((t1 - t0) / 1000));
}

/*
 * Realtime and monotonic time run off one clock, so their difference
 * stays put across a sleep. Each realtime reading is bracketed by two
 * monotonic ones: the bound is what the brackets allow, so a host that
 * stalls the guest between two reads cannot fail the test.
 */
UK_TESTCASE(time, sleeps_advance_realtime_alike)
{
	struct timespec req = { 0, 30 * MSEC };
	int64_t ma, r0, mb, mc, r1, md, lo, hi;

	ma = now_ns(CLOCK_MONOTONIC);
	r0 = now_ns(CLOCK_REALTIME);
	mb = now_ns(CLOCK_MONOTONIC);
	UK_TEST_ASSERT_EQ(nanosleep(&req, NULL), 0);
	mc = now_ns(CLOCK_MONOTONIC);
	r1 = now_ns(CLOCK_REALTIME);
	md = now_ns(CLOCK_MONOTONIC);
	UK_TEST_EXPECT_GE(r1 - r0, 30 * MSEC);
	/* the offset change (r1 - m1) - (r0 - m0), m0 in [ma, mb] and
	 * m1 in [mc, md], lies in [lo, hi]: it must be able to be 0 */
	lo = (r1 - md) - (r0 - ma);
	hi = (r1 - mc) - (r0 - mb);
	UK_TEST_EXPECTF(lo <= 1000 && hi >= -1000, "offset moved by "
			"%ld..%ld ns", (long)lo, (long)hi);
}

/*
 * Sleeps halt the CPU: process CPU time is the time the CPU did not spend
 * in the platform's halt (ukplat_idle_ns(), measured around the hlt
 * instruction itself), so it hardly moves during a sleep, while a busy
 * loop makes it move. A sleep that spun (hlt replaced by pause, say)
 * would spend nearly all of its time outside the halt and fail here.
 */
UK_TESTCASE(time, sleep_halts_instead_of_spinning)
{
	struct timespec req = { 0, 50 * MSEC };
	int64_t c0, c1, m0, m1;
	clock_t k0;

	c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	m0 = now_ns(CLOCK_MONOTONIC);
	UK_TEST_ASSERT_EQ(nanosleep(&req, NULL), 0);
	c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	m1 = now_ns(CLOCK_MONOTONIC);
	UK_TEST_ASSERT_GE(c0, 0);
	UK_TEST_EXPECTF(c1 - c0 < (m1 - m0) / 2, "%ld us of CPU time in a "
			"%ld us sleep", (long)((c1 - c0) / 1000),
			(long)((m1 - m0) / 1000));
	k0 = clock();
	UK_TEST_ASSERT_NE(k0, (clock_t)-1);
	m0 = now_ns(CLOCK_MONOTONIC);
	while (now_ns(CLOCK_MONOTONIC) - m0 < 20 * MSEC)
		;
	UK_TEST_EXPECT_GE(clock() - k0, 20 * CLOCKS_PER_SEC / 1000);
}

UK_TESTCASE(time, clock_nanosleep_absolute_and_usleep)
{
	struct timespec dl;
	int64_t t0 = now_ns(CLOCK_MONOTONIC), t1;

	dl.tv_sec = (t0 + 15 * MSEC) / NSEC;
	dl.tv_nsec = (t0 + 15 * MSEC) % NSEC;
	UK_TEST_EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					  &dl, NULL), 0);
	t1 = now_ns(CLOCK_MONOTONIC);
	UK_TEST_EXPECT_GE(t1, ns_of(&dl));
	/* a deadline in the past returns at once */
	dl.tv_sec = 0;
	dl.tv_nsec = 1;
	UK_TEST_EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					  &dl, NULL), 0);
	t0 = now_ns(CLOCK_MONOTONIC);
	UK_TEST_EXPECT_EQ(usleep(5000), 0);
	UK_TEST_EXPECT_GE(now_ns(CLOCK_MONOTONIC) - t0, 5 * MSEC);
}

UK_TESTCASE(time, nanosleep_rejects_bad_requests)
{
	struct timespec bad = { 0, NSEC }, neg = { -1, 0 }, zero = { 0, 0 };

	errno = 0;
	UK_TEST_EXPECT_EQ(nanosleep(&bad, NULL), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(nanosleep(&neg, NULL), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	UK_TEST_EXPECT_EQ(nanosleep(&zero, NULL), 0);
	/* clock_nanosleep returns the error instead of setting errno */
	UK_TEST_EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL),
			  EINVAL);
}

UK_TESTCASE(time, calendar_conversions)
{
	struct tm tm;
	time_t t = 951782400;	/* 2000-02-29 00:00:00 UTC */
	char buf[64];

	UK_TEST_ASSERT_NOT_NULL(gmtime_r(&t, &tm));
	UK_TEST_EXPECT_EQ(tm.tm_year, 100);
	UK_TEST_EXPECT_EQ(tm.tm_mon, 1);
	UK_TEST_EXPECT_EQ(tm.tm_mday, 29);
	UK_TEST_EXPECT_EQ(tm.tm_wday, 2);
	UK_TEST_EXPECT_EQ(timegm(&tm), t);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %a", &tm);
	UK_TEST_EXPECT_STR_EQ(buf, "2000-02-29 00:00:00 Tue");
}

/* --- getrandom ---------------------------------------------------------- */

static unsigned int popcount_buf(const unsigned char *p, size_t n)
{
	unsigned int bits = 0;
	size_t i;

	for (i = 0; i < n; i++)
		bits += __builtin_popcount(p[i]);
	return bits;
}

UK_TESTCASE(random, fills_the_buffer)
{
	unsigned char buf[64 + 1];
	size_t i, zero = 0;

	memset(buf, 0, sizeof(buf));
	buf[64] = 0xcc;
	UK_TEST_EXPECT_EQ(getrandom(buf, 64, 0), 64);
	for (i = 0; i < 64; i++)
		zero += !buf[i];
	/* 64 random bytes with more than 8 zeros: about 1e-9 */
	UK_TEST_EXPECT_LT(zero, 8);
	UK_TEST_EXPECT_EQ(buf[64], 0xcc);	/* and no more */
	UK_TEST_EXPECT_EQ(getrandom(buf, 0, 0), 0);
}

UK_TESTCASE(random, two_calls_differ)
{
	unsigned char a[32], b[32];

	UK_TEST_ASSERT_EQ(getrandom(a, sizeof(a), 0), (ssize_t)sizeof(a));
	UK_TEST_ASSERT_EQ(getrandom(b, sizeof(b), 0), (ssize_t)sizeof(b));
	UK_TEST_EXPECT_NE(memcmp(a, b, sizeof(a)), 0);
}

UK_TESTCASE(random, bits_are_balanced)
{
	static unsigned char buf[8192];
	ssize_t got = 0, n;
	unsigned int ones;

	/* a large request may come back in parts: collect them all */
	while (got < (ssize_t)sizeof(buf)) {
		n = getrandom(buf + got, sizeof(buf) - got, 0);
		UK_TEST_ASSERT_GT(n, 0);
		got += n;
	}
	ones = popcount_buf(buf, sizeof(buf));
	/* 65536 bits: mean 32768, sigma 128; allow 8 sigma */
	UK_TEST_EXPECTF(ones > 32768 - 1024 && ones < 32768 + 1024,
			"%u one bits in 65536", ones);
}

UK_TESTCASE(random, flags)
{
	unsigned char buf[16];

	UK_TEST_EXPECT_EQ(getrandom(buf, sizeof(buf), GRND_NONBLOCK), 16);
	UK_TEST_EXPECT_EQ(getrandom(buf, sizeof(buf), GRND_RANDOM), 16);
	UK_TEST_EXPECT_EQ(getrandom(buf, sizeof(buf),
				    GRND_RANDOM | GRND_NONBLOCK), 16);
	errno = 0;
	UK_TEST_EXPECT_EQ(getrandom(buf, sizeof(buf), 0x100), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	/* getentropy: up to 256 bytes, all or nothing */
	UK_TEST_EXPECT_EQ(getentropy(buf, sizeof(buf)), 0);
	errno = 0;
	UK_TEST_EXPECT_EQ(getentropy(buf, 257), -1);
	UK_TEST_EXPECT_EQ(errno, EIO);
}
