// SPDX-License-Identifier: BSD-3-Clause
/*
 * musl's formatted I/O and number parsing: printf conversions, lengths,
 * flags, width and precision, snprintf's truncation contract, sscanf, and
 * the strto* edge cases. Expected strings are C99's exact results (the
 * binary value printed exactly, then rounded), as glibc prints them too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <uk/test.h>

/* snprintf into a roomy buffer: the text and the return value. */
#define FMT(want, ...)							\
	do {								\
		char b_[512];						\
		int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);		\
		UK_TEST_EXPECTF(!strcmp(b_, want) &&			\
			n_ == (int)strlen(want),			\
			"snprintf(%s) gave \"%s\" (%d), wanted \"%s\"", \
			#__VA_ARGS__, b_, n_, want);			\
	} while (0)

UK_TESTCASE(printf, signed_integers_of_all_lengths)
{
	FMT("0 -1 2147483647 -2147483648", "%d %i %d %d", 0, -1, INT_MAX,
	    INT_MIN);
	FMT("-9223372036854775808 9223372036854775807", "%ld %ld", LONG_MIN,
	    LONG_MAX);
	FMT("-9223372036854775808", "%lld", LLONG_MIN);
	FMT("-1 -32768 127", "%hhd %hd %hhd", 0x1ff, 0x18000, 127);
	FMT("-5 -7 -9223372036854775808", "%zd %td %jd", (ssize_t)-5,
	    (ptrdiff_t)-7, INTMAX_MIN);
}

UK_TESTCASE(printf, unsigned_integers_of_all_lengths)
{
	FMT("4294967295 18446744073709551615", "%u %lu", UINT_MAX,
	    ULONG_MAX);
	FMT("18446744073709551615", "%llu", ULLONG_MAX);
	FMT("200 32768 65535", "%hhu %hu %hu", 456, 0x18000, 0xffff);
	FMT("18446744073709551615 18446744073709551615", "%zu %ju",
	    SIZE_MAX, UINTMAX_MAX);
}

UK_TESTCASE(printf, hex_and_octal)
{
	FMT("ff FF abcdef 0", "%x %X %x %x", 255, 255, 0xabcdef, 0);
	FMT("0xff 0XFF 010 0 0", "%#x %#X %#o %#x %#o", 255, 255, 8, 0, 0);
	FMT("ffffffffffffffff 1777777777777777777777", "%lx %llo", ULONG_MAX,
	    ULLONG_MAX);
	FMT("0000beef 0x0000beef     beef", "%08x %#010x %8x", 0xbeef, 0xbeef,
	    0xbeef);
	FMT("ff", "%hhx", 0x12ff);
}

UK_TESTCASE(printf, width_precision_and_flags)
{
	FMT("   42|42   |-0042|+5| 5", "%5d|%-5d|%05d|%+d|% d", 42, 42, -42, 5,
	    5);
	FMT("007|    -007||0", "%.3d|%8.3d|%.0d|%.1d", 7, -7, 0, 0);
	FMT("     1|1     |1   ", "%*d|%-*d|%*d", 6, 1, 6, 1, -4, 1);
	FMT("00042", "%.*d", 5, 42);
	FMT("+0000042", "%+08d", 42);
	FMT("%|100%", "%%|%d%%", 100);
}

UK_TESTCASE(printf, fixed_point)
{
	FMT("3.141590", "%f", 3.14159);
	/* 2.675 is 2.67499999... in binary */
	FMT("2.67", "%.2f", 2.675);
	/* exact halves round to even */
	FMT("0 2 2", "%.0f %.0f %.0f", 0.5, 1.5, 2.5);
	FMT("    -1.500|2.2       |+1.0", "%10.3f|%-10.1f|%+.1f", -1.5, 2.25,
	    1.0);
	FMT("-003.142|0002.50", "%08.3f|%07.2f", -3.14159, 2.5);
	FMT("-0.000", "%.3f", -0.0);
	FMT("0.3333333333", "%.10f", 1.0 / 3);
	FMT("100000000000000000000.000000", "%f", 1e20);
	FMT("3.", "%#.0f", 3.0);
	FMT("1.250000", "%Lf", 1.25L);
}

UK_TESTCASE(printf, fixed_point_huge_value)
{
	char buf[400];
	int n = snprintf(buf, sizeof(buf), "%f", DBL_MAX);

	/* 309 digits, all exact, then ".000000" */
	UK_TEST_EXPECT_EQ(n, 316);
	UK_TEST_EXPECT_EQ(strncmp(buf, "1797693134862315708145", 22), 0);
	UK_TEST_EXPECT_STR_EQ(buf + 300, "124858368.000000");
}

UK_TESTCASE(printf, exponent_and_general)
{
	FMT("1.234568e+04 1.23e-04 1.000000E+300",
	    "%e %.2e %E", 12345.678, 0.000123, 1e300);
	FMT("1e+04 1.e+04 1.0e+01", "%.0e %#.0e %.1e", 12345.0, 12345.0,
	    9.96);
	FMT("100000 1e+06 0.0001 1e-05", "%g %g %g %g", 100000.0, 1000000.0,
	    0.0001, 0.00001);
	FMT("3.14 1.00000 1.5 1.23457e+08", "%.3g %#g %g %g", 3.14159, 1.0,
	    1.5, 123456789.0);
	FMT("1e-300 1.5E-10", "%g %G", 1e-300, 1.5e-10);
	FMT("0.1 0.10000000000000001", "%.15g %.17g", 0.1, 0.1);
	FMT("9.9999999999999991611e+22", "%.20g", 1e23);
	FMT("0x1p+0", "%a", 1.0);
}

UK_TESTCASE(printf, infinities_and_nans)
{
	FMT("inf -inf INF", "%f %f %F", INFINITY, -INFINITY, INFINITY);
	FMT("nan NAN", "%f %F", fabs(NAN), fabs(NAN));
	FMT("       inf|-inf ", "%10f|%-5e", INFINITY, -INFINITY);
}

UK_TESTCASE(printf, strings_and_chars)
{
	FMT("hello|     hello|hello     |abc|xy", "%s|%10s|%-10s|%.3s|%.*s",
	    "hello", "hello", "hello", "abcdef", 2, "xyz");
	FMT("A|  A|A  |", "%c|%3c|%-3c|", 'A', 'A', 'A');
	FMT("    a|", "%5.1s|", "abc");
	FMT("", "%s", "");
	FMT("b a", "%2$s %1$s", "a", "b");
}

UK_TESTCASE(printf, pointers_round_trip)
{
	char buf[64];
	void *p = (void *)0x12345678abcdULL, *q = NULL;

	snprintf(buf, sizeof(buf), "%p", p);
	UK_TEST_EXPECT_EQ(strncmp(buf, "0x", 2), 0);
	UK_TEST_EXPECT_EQ(sscanf(buf, "%p", &q), 1);
	UK_TEST_EXPECT_PTR_EQ(q, p);
}

UK_TESTCASE(printf, percent_n)
{
	int n = -1;
	char buf[32];

	snprintf(buf, sizeof(buf), "abc%nxyz", &n);
	UK_TEST_EXPECT_EQ(n, 3);
	UK_TEST_EXPECT_STR_EQ(buf, "abcxyz");
}

UK_TESTCASE(printf, snprintf_truncates)
{
	char buf[16];
	int n;

	memset(buf, 'X', sizeof(buf));
	n = snprintf(buf, 5, "%s", "hello world");
	UK_TEST_EXPECT_EQ(n, 11);
	UK_TEST_EXPECT_STR_EQ(buf, "hell");
	UK_TEST_EXPECT_EQ(buf[5], 'X');		/* nothing past size */

	memset(buf, 'X', sizeof(buf));
	n = snprintf(buf, 1, "abc");
	UK_TEST_EXPECT_EQ(n, 3);
	UK_TEST_EXPECT_EQ(buf[0], '\0');
	UK_TEST_EXPECT_EQ(buf[1], 'X');

	/* size 0: nothing written, buf may be NULL */
	buf[0] = 'Y';
	UK_TEST_EXPECT_EQ(snprintf(buf, 0, "%d", 12345), 5);
	UK_TEST_EXPECT_EQ(buf[0], 'Y');
	UK_TEST_EXPECT_EQ(snprintf(NULL, 0, "%d-%s", 12345, "ab"), 8);

	/* a long conversion cut in the middle */
	n = snprintf(buf, 8, "%0300d", 7);
	UK_TEST_EXPECT_EQ(n, 300);
	UK_TEST_EXPECT_STR_EQ(buf, "0000000");
}

static int vformat(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

UK_TESTCASE(printf, vsnprintf_sprintf_asprintf)
{
	char buf[64], *s = NULL;

	UK_TEST_EXPECT_EQ(vformat(buf, sizeof(buf), "%s=%d", "x", -3), 4);
	UK_TEST_EXPECT_STR_EQ(buf, "x=-3");
	UK_TEST_EXPECT_EQ(sprintf(buf, "%05.1f", 2.25), 5);
	UK_TEST_EXPECT_STR_EQ(buf, "002.2");
	UK_TEST_ASSERT_EQ(asprintf(&s, "%d-%s-%c", 7, "x", 'z'), 5);
	UK_TEST_EXPECT_STR_EQ(s, "7-x-z");
	free(s);
}

UK_TESTCASE(scanf, integers)
{
	int a = 0, b = 0, c = 0, d = 0, i1 = 0, i2 = 0, i3 = 0;
	signed char hh = 0;
	short h = 0;
	long l = 0;
	long long ll = 0;
	unsigned long long ull = 0;
	size_t z = 0;

	UK_TEST_EXPECT_EQ(sscanf("42 -17 0x1f 077", "%d %d %x %o", &a, &b,
				 &c, &d), 4);
	UK_TEST_EXPECT_EQ(a, 42);
	UK_TEST_EXPECT_EQ(b, -17);
	UK_TEST_EXPECT_EQ(c, 31);
	UK_TEST_EXPECT_EQ(d, 63);
	UK_TEST_EXPECT_EQ(sscanf("0x10 010 -0x10", "%i %i %i", &i1, &i2, &i3),
			  3);
	UK_TEST_EXPECT_EQ(i1, 16);
	UK_TEST_EXPECT_EQ(i2, 8);
	UK_TEST_EXPECT_EQ(i3, -16);
	UK_TEST_EXPECT_EQ(sscanf("-5 -300 -2147483649 -9223372036854775807",
				 "%hhd %hd %ld %lld", &hh, &h, &l, &ll), 4);
	UK_TEST_EXPECT_EQ(hh, -5);
	UK_TEST_EXPECT_EQ(h, -300);
	UK_TEST_EXPECT_EQ(l, -2147483649L);
	UK_TEST_EXPECT_EQ(ll, -9223372036854775807LL);
	UK_TEST_EXPECT_EQ(sscanf("18446744073709551615 123456789012",
				 "%llu %zu", &ull, &z), 2);
	UK_TEST_EXPECT_EQ(ull, ULLONG_MAX);
	UK_TEST_EXPECT_EQ(z, 123456789012UL);
}

UK_TESTCASE(scanf, floats)
{
	float f = 0;
	double d = 0, e = 0, x = 0, inf = 0, nan_ = 0;
	long double ld = 0;

	UK_TEST_EXPECT_EQ(sscanf("3.25 -1e-3 2.5e10 1.5", "%f %lf %le %Lf",
				 &f, &d, &e, &ld), 4);
	UK_TEST_EXPECT(f == 3.25f);
	UK_TEST_EXPECT(d == -1e-3);
	UK_TEST_EXPECT(e == 2.5e10);
	UK_TEST_EXPECT(ld == 1.5L);
	UK_TEST_EXPECT_EQ(sscanf("0x1p4 inf nan", "%lg %lf %lf", &x, &inf,
				 &nan_), 3);
	UK_TEST_EXPECT(x == 16.0);
	UK_TEST_EXPECT(isinf(inf) && inf > 0);
	UK_TEST_EXPECT(isnan(nan_));
}

UK_TESTCASE(scanf, strings_chars_and_sets)
{
	char s1[16], s2[16], c3[4] = "", name[16];
	char c = 0;
	int n = 0;

	UK_TEST_EXPECT_EQ(sscanf("hello worldwide", "%s %5s", s1, s2), 2);
	UK_TEST_EXPECT_STR_EQ(s1, "hello");
	UK_TEST_EXPECT_STR_EQ(s2, "world");
	UK_TEST_EXPECT_EQ(sscanf("xyzw", "%c%3c", &c, c3), 2);
	UK_TEST_EXPECT_EQ(c, 'x');
	UK_TEST_EXPECT_EQ(c3[0], 'y');
	UK_TEST_EXPECT_EQ(c3[1], 'z');
	UK_TEST_EXPECT_EQ(c3[2], 'w');
	UK_TEST_EXPECT_EQ(sscanf("abc123", "%[a-z]", s1), 1);
	UK_TEST_EXPECT_STR_EQ(s1, "abc");
	UK_TEST_EXPECT_EQ(sscanf("name,5", "%[^,],%d", name, &n), 2);
	UK_TEST_EXPECT_STR_EQ(name, "name");
	UK_TEST_EXPECT_EQ(n, 5);
}

UK_TESTCASE(scanf, counts_widths_and_failures)
{
	char s[16];
	int a = 0, b = 0, n = -1;

	UK_TEST_EXPECT_EQ(sscanf("abc def", "%s%n", s, &n), 1);
	UK_TEST_EXPECT_EQ(n, 3);
	UK_TEST_EXPECT_EQ(sscanf("12345", "%3d%d", &a, &b), 2);
	UK_TEST_EXPECT_EQ(a, 123);
	UK_TEST_EXPECT_EQ(b, 45);
	UK_TEST_EXPECT_EQ(sscanf("1 2", "%*d %d", &a), 1);
	UK_TEST_EXPECT_EQ(a, 2);
	UK_TEST_EXPECT_EQ(sscanf("10-20", "%d-%d", &a, &b), 2);
	UK_TEST_EXPECT_EQ(b, 20);
	/* input failure before any conversion: EOF; matching failure: 0 */
	UK_TEST_EXPECT_EQ(sscanf("", "%d", &a), EOF);
	UK_TEST_EXPECT_EQ(sscanf("x", "%d", &a), 0);
	UK_TEST_EXPECT_EQ(sscanf("7 x", "%d %d", &a, &b), 1);
	UK_TEST_EXPECT_EQ(a, 7);
}

UK_TESTCASE(strto, strtol_bases_and_ends)
{
	const char *s;
	char *end;

	s = "  -123abc";
	UK_TEST_EXPECT_EQ(strtol(s, &end, 10), -123);
	UK_TEST_EXPECT_STR_EQ(end, "abc");
	UK_TEST_EXPECT_EQ(strtol("0x1A", NULL, 0), 26);
	UK_TEST_EXPECT_EQ(strtol("010", NULL, 0), 8);
	UK_TEST_EXPECT_EQ(strtol("z", NULL, 36), 35);
	UK_TEST_EXPECT_EQ(strtol("  +7", NULL, 10), 7);
	UK_TEST_EXPECT_EQ(strtol("1011", NULL, 2), 11);
	UK_TEST_EXPECT_EQ(strtol("ff", NULL, 16), 255);
	/* "0x" without a hex digit after it: just the 0 */
	s = "0xg";
	UK_TEST_EXPECT_EQ(strtol(s, &end, 16), 0);
	UK_TEST_EXPECT_PTR_EQ(end, s + 1);
	/* no digits at all: 0, and end is the start */
	s = "abc";
	UK_TEST_EXPECT_EQ(strtol(s, &end, 10), 0);
	UK_TEST_EXPECT_PTR_EQ(end, s);
	UK_TEST_EXPECT_EQ(atoi("  42x"), 42);
	UK_TEST_EXPECT_EQ(atol("-9"), -9);
}

UK_TESTCASE(strto, integer_overflow)
{
	errno = 0;
	UK_TEST_EXPECT_EQ(strtol("9223372036854775807", NULL, 10), LONG_MAX);
	UK_TEST_EXPECT_EQ(errno, 0);
	UK_TEST_EXPECT_EQ(strtol("9223372036854775808", NULL, 10), LONG_MAX);
	UK_TEST_EXPECT_EQ(errno, ERANGE);
	errno = 0;
	UK_TEST_EXPECT_EQ(strtol("-9223372036854775809", NULL, 10), LONG_MIN);
	UK_TEST_EXPECT_EQ(errno, ERANGE);
	errno = 0;
	UK_TEST_EXPECT_EQ(strtoull("18446744073709551616", NULL, 10),
			  ULLONG_MAX);
	UK_TEST_EXPECT_EQ(errno, ERANGE);
	errno = 0;
	/* unsigned conversions negate in the unsigned type */
	UK_TEST_EXPECT_EQ(strtoul("-1", NULL, 10), ULONG_MAX);
	UK_TEST_EXPECT_EQ(errno, 0);
	UK_TEST_EXPECT_EQ(strtoimax("-42", NULL, 10), -42);
}

UK_TESTCASE(strto, strtod_values_and_ends)
{
	const char *s;
	char *end;
	double d;

	s = "3.5e2xyz";
	UK_TEST_EXPECT(strtod(s, &end) == 350.0);
	UK_TEST_EXPECT_STR_EQ(end, "xyz");
	s = "1e";
	UK_TEST_EXPECT(strtod(s, &end) == 1.0);
	UK_TEST_EXPECT_STR_EQ(end, "e");
	s = "abc";
	UK_TEST_EXPECT(strtod(s, &end) == 0.0);
	UK_TEST_EXPECT_PTR_EQ(end, s);
	UK_TEST_EXPECT(strtod("  .5", NULL) == 0.5);
	UK_TEST_EXPECT(strtod("0x1.8p1", NULL) == 3.0);
	/* correctly rounded: the nearest double, bit for bit */
	UK_TEST_EXPECT(strtod("0.1", NULL) == 0.1);
	UK_TEST_EXPECT(strtod("2.2250738585072014e-308", NULL) == DBL_MIN);
	UK_TEST_EXPECT(strtod("1.7976931348623157e308", NULL) == DBL_MAX);
	UK_TEST_EXPECT(strtod("4.9406564584124654e-324", NULL) ==
		       DBL_TRUE_MIN);
	d = strtod("-0", NULL);
	UK_TEST_EXPECT(d == 0.0 && signbit(d));
	UK_TEST_EXPECT(isinf(strtod("-INFINITY", NULL)));
	UK_TEST_EXPECT(isnan(strtod("nan", NULL)));
	UK_TEST_EXPECT(strtof("3.4e38", NULL) == 3.4e38f);
	UK_TEST_EXPECT(strtold("1.5", NULL) == 1.5L);
	UK_TEST_EXPECT(atof("2.5") == 2.5);
}

UK_TESTCASE(strto, strtod_range_errors)
{
	errno = 0;
	UK_TEST_EXPECT(strtod("1e400", NULL) == HUGE_VAL);
	UK_TEST_EXPECT_EQ(errno, ERANGE);
	errno = 0;
	UK_TEST_EXPECT(strtod("-1e400", NULL) == -HUGE_VAL);
	UK_TEST_EXPECT_EQ(errno, ERANGE);
	errno = 0;
	UK_TEST_EXPECT(strtod("1e-400", NULL) == 0.0);
	UK_TEST_EXPECT_EQ(errno, ERANGE);
	errno = 0;
	UK_TEST_EXPECT(strtof("1e39", NULL) == HUGE_VALF);
	UK_TEST_EXPECT_EQ(errno, ERANGE);
	errno = 0;
	UK_TEST_EXPECT(strtod("12.5", NULL) == 12.5);
	UK_TEST_EXPECT_EQ(errno, 0);
}
