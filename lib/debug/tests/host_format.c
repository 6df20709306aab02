/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests for the formatter: uk_snprintf must agree with the host
 * libc (glibc) snprintf, output and return value, on every defined use.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../format.c"
#include "host-test.h"

#define MAX_REPORTS	10

/* Integer argument kinds, so one value can be passed as each type. */
enum akind {
	A_INT, A_UINT, A_LONG, A_ULONG, A_LLONG, A_ULLONG,
	A_SIZE, A_PTRDIFF, A_INTMAX, A_UINTMAX, A_PTR,
};

typedef int (*snprintf_fn)(char *, size_t, const char *, ...);

/* Passes 0..2 int '*' arguments and then raw as the given kind. */
#define CALL_STARS(fn, b, n, f, ns, st, val)				\
	((ns) == 0 ? fn(b, n, f, val) :					\
	 (ns) == 1 ? fn(b, n, f, (st)[0], val) :			\
		     fn(b, n, f, (st)[0], (st)[1], val))

static int call_fmt(snprintf_fn fn, char *b, size_t n, const char *f,
		    int nstars, const int *stars, enum akind k,
		    unsigned long long raw)
{
	switch (k) {
	case A_INT:
		return CALL_STARS(fn, b, n, f, nstars, stars, (int)raw);
	case A_UINT:
		return CALL_STARS(fn, b, n, f, nstars, stars,
				  (unsigned int)raw);
	case A_LONG:
		return CALL_STARS(fn, b, n, f, nstars, stars, (long)raw);
	case A_ULONG:
		return CALL_STARS(fn, b, n, f, nstars, stars,
				  (unsigned long)raw);
	case A_LLONG:
		return CALL_STARS(fn, b, n, f, nstars, stars,
				  (long long)raw);
	case A_ULLONG:
		return CALL_STARS(fn, b, n, f, nstars, stars, raw);
	case A_SIZE:
		return CALL_STARS(fn, b, n, f, nstars, stars, (size_t)raw);
	case A_PTRDIFF:
		return CALL_STARS(fn, b, n, f, nstars, stars,
				  (ptrdiff_t)raw);
	case A_INTMAX:
		return CALL_STARS(fn, b, n, f, nstars, stars,
				  (intmax_t)raw);
	case A_UINTMAX:
		return CALL_STARS(fn, b, n, f, nstars, stars,
				  (uintmax_t)raw);
	case A_PTR:
		return CALL_STARS(fn, b, n, f, nstars, stars,
				  (void *)(uintptr_t)raw);
	}
	return -1000;
}

/*
 * Formats with both implementations into a buffer of size n (filled
 * with a marker so stray writes show) and compares everything.
 */
static int compare_one(const char *f, int nstars, const int *stars,
		       enum akind k, unsigned long long raw, size_t n,
		       int *reports)
{
	char want[256], got[256];
	int rw, rg;

	memset(want, 0x5a, sizeof(want));
	memset(got, 0x5a, sizeof(got));
	rw = call_fmt(snprintf, n ? want : NULL, n, f, nstars, stars, k, raw);
	rg = call_fmt(uk_snprintf, n ? got : NULL, n, f, nstars, stars, k,
		      raw);
	if (rw == rg && memcmp(want, got, sizeof(want)) == 0)
		return 0;
	if ((*reports)++ < MAX_REPORTS)
		printf("  fmt \"%s\" stars %d,%d raw %#llx size %zu: "
		       "want %d \"%.*s\" got %d \"%.*s\"\n",
		       f, nstars > 0 ? stars[0] : 0, nstars > 1 ? stars[1] : 0,
		       raw, n, rw, (int)MIN(n, sizeof(want)), want, rg,
		       (int)MIN(n, sizeof(got)), got);
	return 1;
}

static const char *const flag_chars = "-+ 0#";

static const struct {
	const char *text;
	int star;		/* value for '*', if text is "*" */
} widths[] = {
	{ "", 0 }, { "1", 0 }, { "6", 0 }, { "24", 0 },
	{ "*", 6 }, { "*", -6 }, { "*", 0 },
}, precs[] = {
	{ "", 0 }, { ".", 0 }, { ".0", 0 }, { ".1", 0 }, { ".4", 0 },
	{ ".23", 0 }, { ".*", 3 }, { ".*", -1 }, { ".*", 0 },
};

static const struct {
	const char *text;
	enum akind sk, uk;	/* argument type for signed/unsigned */
} lengths[] = {
	{ "hh", A_INT, A_INT },
	{ "h", A_INT, A_INT },
	{ "", A_INT, A_UINT },
	{ "l", A_LONG, A_ULONG },
	{ "ll", A_LLONG, A_ULLONG },
	{ "z", A_PTRDIFF, A_SIZE },
	{ "t", A_PTRDIFF, A_SIZE },
	{ "j", A_INTMAX, A_UINTMAX },
};

/* Raw bit patterns; each is converted to the argument type under test. */
static const unsigned long long values[] = {
	0, 1, 7, 8, 100, 255, 256, 300,
	(unsigned long long)-1, (unsigned long long)-128,
	(unsigned long long)(long long)INT_MIN, INT_MAX, UINT_MAX,
	(unsigned long long)LLONG_MIN, LLONG_MAX, ULLONG_MAX,
	0x123456789abcdefULL, (unsigned long long)-1234567,
};

/* Builds "%<flags><width><prec><len><conv>" for one combination. */
static void build(char *f, unsigned int flagset, const char *w,
		  const char *p, const char *l, char conv)
{
	unsigned int i;

	*f++ = '%';
	for (i = 0; i < 5; i++)
		if (flagset & (1u << i))
			*f++ = flag_chars[i];
	f += sprintf(f, "%s%s%s%c", w, p, l, conv);
}

HOST_TEST(ints_against_libc)
{
	static const char convs[] = "diuxXo";
	unsigned int c, flagset, wi, pi, li, vi;
	int reports = 0, mismatches = 0;
	long cases = 0;

	for (c = 0; c < sizeof(convs) - 1; c++) {
		bool is_signed = convs[c] == 'd' || convs[c] == 'i';

		for (flagset = 0; flagset < 32; flagset++) {
			/* '#' is undefined for d, i, u */
			if ((flagset & 0x10) && (is_signed || convs[c] == 'u'))
				continue;
			for (wi = 0; wi < ARRAY_SIZE(widths); wi++)
			for (pi = 0; pi < ARRAY_SIZE(precs); pi++)
			for (li = 0; li < ARRAY_SIZE(lengths); li++) {
				char f[32];
				int stars[2], ns = 0;
				enum akind k = is_signed ? lengths[li].sk :
							   lengths[li].uk;

				build(f, flagset, widths[wi].text,
				      precs[pi].text, lengths[li].text,
				      convs[c]);
				if (widths[wi].text[0] == '*')
					stars[ns++] = widths[wi].star;
				if (!strcmp(precs[pi].text, ".*"))
					stars[ns++] = precs[pi].star;
				for (vi = 0; vi < ARRAY_SIZE(values); vi++) {
					mismatches += compare_one(f, ns, stars,
						k, values[vi], 128, &reports);
					cases++;
				}
			}
		}
	}
	printf("  %ld integer cases\n", cases);
	CHECK_EQ_INT(mismatches, 0);
}

HOST_TEST(pointers_against_libc)
{
	static const unsigned long long ptrs[] = {
		0, 1, 0xff, 0x1234abcd, UINTPTR_MAX, (uintptr_t)&ptrs,
	};
	unsigned int flagset, wi, pi, vi;
	int reports = 0, mismatches = 0;

	/* '#' and '0' are glibc extensions here, but deterministic ones */
	for (flagset = 0; flagset < 32; flagset++)
	for (wi = 0; wi < ARRAY_SIZE(widths); wi++)
	for (pi = 0; pi < ARRAY_SIZE(precs); pi++) {
		char f[32];
		int stars[2], ns = 0;

		build(f, flagset, widths[wi].text, precs[pi].text, "", 'p');
		if (widths[wi].text[0] == '*')
			stars[ns++] = widths[wi].star;
		if (!strcmp(precs[pi].text, ".*"))
			stars[ns++] = precs[pi].star;
		for (vi = 0; vi < ARRAY_SIZE(ptrs); vi++)
			mismatches += compare_one(f, ns, stars, A_PTR,
						  ptrs[vi], 128, &reports);
	}
	CHECK_EQ_INT(mismatches, 0);
}

HOST_TEST(pointer_literals)
{
	char buf[64];

	CHECK_EQ_INT(uk_snprintf(buf, sizeof(buf), "%p", (void *)0), 5);
	CHECK_EQ_STR(buf, "(nil)");
	uk_snprintf(buf, sizeof(buf), "[%8p][%-8p]", (void *)0, (void *)0);
	CHECK_EQ_STR(buf, "[   (nil)][(nil)   ]");
	uk_snprintf(buf, sizeof(buf), "%p", (void *)0xdeadbeefUL);
	CHECK_EQ_STR(buf, "0xdeadbeef");
	uk_snprintf(buf, sizeof(buf), "[%12p][%-12p]", (void *)0x10,
		    (void *)0x10);
	CHECK_EQ_STR(buf, "[        0x10][0x10        ]");
}

static const char *null_str(void)
{
	/* hidden from the compiler's NULL-argument warnings */
	static const char *volatile p;

	return p;
}

HOST_TEST(strings_against_libc)
{
	static const char *const fmts[] = {
		"%s", "%1s", "%10s", "%-10s", "%.0s", "%.3s", "%10.3s",
		"%-10.3s", "%.100s", "%3.5s|%-3.1s", "[%*s]", "[%-*s]",
		"[%.*s]",
	};
	static const char *const strs[] = {
		"", "a", "abc", "hello world",
		"0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghij",
	};
	char want[256], got[256];
	unsigned int fi, si;
	int rw, rg;

	for (fi = 0; fi < ARRAY_SIZE(fmts); fi++)
	for (si = 0; si < ARRAY_SIZE(strs); si++) {
		const char *f = fmts[fi], *s = strs[si];

		if (strstr(f, "*")) {
			rw = snprintf(want, sizeof(want), f, 7, s);
			rg = uk_snprintf(got, sizeof(got), f, 7, s);
		} else if (strstr(f, "|")) {
			rw = snprintf(want, sizeof(want), f, s, s);
			rg = uk_snprintf(got, sizeof(got), f, s, s);
		} else {
			rw = snprintf(want, sizeof(want), f, s);
			rg = uk_snprintf(got, sizeof(got), f, s);
		}
		if (rw != rg || strcmp(want, got))
			printf("  fmt \"%s\" str \"%s\"\n", f, s);
		CHECK_EQ_INT(rg, rw);
		CHECK_EQ_STR(got, want);
	}
	/* negative '*' width means left-justify, negative precision none */
	rw = snprintf(want, sizeof(want), "[%*.*s]", -9, -1, "abcd");
	rg = uk_snprintf(got, sizeof(got), "[%*.*s]", -9, -1, "abcd");
	CHECK_EQ_INT(rg, rw);
	CHECK_EQ_STR(got, want);
}

HOST_TEST(string_precision_stops_reading)
{
	/* not NUL-terminated: ASan catches any read past the 4 bytes */
	static const char raw[4] = { 'a', 'b', 'c', 'd' };
	char buf[32];

	CHECK_EQ_INT(uk_snprintf(buf, sizeof(buf), "%.4s|%.2s", raw, raw), 7);
	CHECK_EQ_STR(buf, "abcd|ab");
	CHECK_EQ_INT(uk_snprintf(buf, sizeof(buf), "%-6.*s|", 4, raw), 7);
	CHECK_EQ_STR(buf, "abcd  |");
}

HOST_TEST(null_string)
{
	static const char *const fmts[] = {
		"%s", "%.0s", "%.3s", "%.5s", "%.6s", "%.7s", "%8s", "%-8s|",
		"%3s", "%8.3s",
	};
	static const char *const expect[] = {
		"(null)", "", "", "", "(null)", "(null)", "  (null)",
		"(null)  |", "(null)", "        ",
	};
	char want[64], got[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		int rg = uk_snprintf(got, sizeof(got), fmts[i], null_str());
		int rw = snprintf(want, sizeof(want), fmts[i], null_str());

		CHECK_EQ_STR(got, expect[i]);
		CHECK_EQ_STR(want, expect[i]);
		CHECK_EQ_INT(rg, (int)strlen(expect[i]));
		CHECK_EQ_INT(rw, rg);
	}
}

HOST_TEST(chars_against_libc)
{
	static const char *const fmts[] = { "%c", "%3c", "%-3c|", "[%*c]" };
	char want[32], got[32];
	unsigned int fi;
	int ch;

	for (fi = 0; fi < ARRAY_SIZE(fmts); fi++)
	for (ch = 0; ch < 256; ch++) {
		int rw, rg;

		memset(want, 0x5a, sizeof(want));
		memset(got, 0x5a, sizeof(got));
		if (fi == 3) {
			rw = snprintf(want, sizeof(want), fmts[fi], -4, ch);
			rg = uk_snprintf(got, sizeof(got), fmts[fi], -4, ch);
		} else {
			rw = snprintf(want, sizeof(want), fmts[fi], ch);
			rg = uk_snprintf(got, sizeof(got), fmts[fi], ch);
		}
		CHECK_EQ_INT(rg, rw);
		/* memcmp: %c of 0 puts a NUL in the middle */
		CHECK(memcmp(want, got, sizeof(want)) == 0);
	}
}

HOST_TEST(percent_and_literals)
{
	char buf[64];

	CHECK_EQ_INT(uk_snprintf(buf, sizeof(buf), "%%"), 1);
	CHECK_EQ_STR(buf, "%");
	CHECK_EQ_INT(uk_snprintf(buf, sizeof(buf), "a%%b%%%%c"), 6);
	CHECK_EQ_STR(buf, "a%b%%c");
	CHECK_EQ_INT(uk_snprintf(buf, sizeof(buf), "%s", ""), 0);
	CHECK_EQ_STR(buf, "");
	CHECK_EQ_INT(uk_snprintf(buf, sizeof(buf), "plain text"), 10);
	CHECK_EQ_STR(buf, "plain text");
}

HOST_TEST(mixed_arguments)
{
	char want[256], got[256];
	int rw, rg;

#define MIXED "%d|%s|%lld|%c|%p|%-5u|%#x|%zu|%hhd|%.*s|%jd|%%|%lx|%o", \
	-42, "str", LLONG_MIN, 'z', (void *)0x1000, 17u, 255u,		\
	(size_t)SIZE_MAX, (signed char)-56, 2, "xyz", INTMAX_MIN, ULONG_MAX, 8u
	rw = snprintf(want, sizeof(want), MIXED);
	rg = uk_snprintf(got, sizeof(got), MIXED);
#undef MIXED
	CHECK_EQ_INT(rg, rw);
	CHECK_EQ_STR(got, want);
}

/* Compares every buffer size 0..len+2, the bytes past size included. */
#define CHECK_TRUNC(fmt, ...)						\
	do {								\
		char tw_[128], tg_[128];				\
		int full_ = snprintf(NULL, 0, fmt, __VA_ARGS__);	\
		size_t n_;						\
									\
		CHECK(full_ >= 0 && full_ + 3 < (int)sizeof(tw_));	\
		for (n_ = 0; n_ <= (size_t)full_ + 2; n_++) {		\
			int rw_, rg_;					\
									\
			memset(tw_, 0x5a, sizeof(tw_));			\
			memset(tg_, 0x5a, sizeof(tg_));			\
			rw_ = snprintf(n_ ? tw_ : NULL, n_, fmt,	\
				       __VA_ARGS__);			\
			rg_ = uk_snprintf(n_ ? tg_ : NULL, n_, fmt,	\
					  __VA_ARGS__);			\
			CHECK_EQ_INT(rg_, rw_);				\
			CHECK_EQ_INT(rg_, full_);			\
			CHECK(memcmp(tw_, tg_, sizeof(tw_)) == 0);	\
			if (n_)						\
				CHECK_EQ_INT(tg_[MIN(n_ - 1,		\
					(size_t)full_)], '\0');		\
		}							\
	} while (0)

HOST_TEST(truncation)
{
	CHECK_TRUNC("%s", "hello");
	CHECK_TRUNC("abc%d", 12345);
	CHECK_TRUNC("%8.3x|%-6d|%06d", 0xbeefu, -7, -12);
	CHECK_TRUNC("%50d", 1);
	CHECK_TRUNC("%-40s|", "left");
	CHECK_TRUNC("%.30d", -5);
	CHECK_TRUNC("%p %p", (void *)0, (void *)0xabcdef);
	CHECK_TRUNC("[%c%c]", 'x', 'y');
	CHECK_TRUNC("%lld", LLONG_MIN);
	CHECK_TRUNC("%llu %s", ULLONG_MAX, "tail");
	CHECK_TRUNC("%s", "");
}

HOST_TEST(size_zero_and_one)
{
	char buf[4] = "xyz";

	/* size 0: nothing is written and buf may be NULL */
	CHECK_EQ_INT(uk_snprintf(NULL, 0, "%d", 123456), 6);
	CHECK_EQ_INT(uk_snprintf(buf, 0, "%s", "abc"), 3);
	CHECK_EQ_STR(buf, "xyz");
	/* size 1: just the NUL */
	CHECK_EQ_INT(uk_snprintf(buf, 1, "%s", "abc"), 3);
	CHECK_EQ_INT(buf[0], '\0');
	CHECK_EQ_INT(buf[1], 'y');
	CHECK_EQ_INT(uk_snprintf(buf, 3, "%s", "abc"), 3);
	CHECK_EQ_STR(buf, "ab");
	CHECK_EQ_INT(uk_snprintf(buf, 4, "%s", "abc"), 3);
	CHECK_EQ_STR(buf, "abc");
}

HOST_TEST(wide_padding_against_libc)
{
	static char want[4096], got[4096];
	int rw, rg;

#define WIDE "%300d|%-300x|%.200u|%#0250o|%1000s|%-999c|", -1, 0xabu, 5u, \
	8u, "s", 'c'
	rw = snprintf(want, sizeof(want), WIDE);
	rg = uk_snprintf(got, sizeof(got), WIDE);
#undef WIDE
	CHECK_EQ_INT(rg, rw);
	CHECK_EQ_STR(got, want);
}

/* Records how uk_vformat hands out its output. */
struct chunk_log {
	char text[1024];
	size_t len;
	size_t calls;
	size_t max_pad_chunk;
	bool empty_call;
};

static void chunk_out(void *ctx, const char *s, size_t len)
{
	struct chunk_log *log = ctx;
	size_t i;
	bool pad = true;

	if (!len)
		log->empty_call = true;
	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '0')
			pad = false;
	if (pad && len > log->max_pad_chunk)
		log->max_pad_chunk = len;
	if (log->len + len < sizeof(log->text)) {
		memcpy(log->text + log->len, s, len);
		log->len += len;
	}
	log->calls++;
}

static int log_format(struct chunk_log *log, const char *fmt, ...)
	__printf(2, 3);

static int log_format(struct chunk_log *log, const char *fmt, ...)
{
	va_list ap;
	int ret;

	memset(log, 0, sizeof(*log));
	va_start(ap, fmt);
	ret = uk_vformat(chunk_out, log, fmt, ap);
	va_end(ap);
	log->text[log->len] = '\0';
	return ret;
}

HOST_TEST(vformat_chunks)
{
	struct chunk_log log;
	char want[1024];

	snprintf(want, sizeof(want), "x%300dy%0200dz%.150u", 7, -3, 9u);
	CHECK_EQ_INT(log_format(&log, "x%300dy%0200dz%.150u", 7, -3, 9u),
		     (int)strlen(want));
	CHECK_EQ_STR(log.text, want);
	CHECK(!log.empty_call);
	CHECK(log.max_pad_chunk <= PAD_CHUNK);
	CHECK(log.calls > 3 * 5);

	CHECK_EQ_INT(log_format(&log, "%s", ""), 0);
	CHECK_EQ_INT(log.calls, 0);
	CHECK_EQ_INT(log_format(&log, "%.0d", 0), 0);
	CHECK_EQ_INT(log.calls, 0);
}

/* No format attribute: these formats are deliberately unsupported. */
static int raw_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = uk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

HOST_TEST(unsupported_printed_literally)
{
	static const char *const fmts[] = {
		"%f", "%5.2f", "%-#8.3e", "%Lf", "%g", "%a", "%n", "%q",
		"%ls", "%lc", "%hs", "%llp", "%1$d", "%k", "abc%", "%5",
		"%-08.3", "%ll", "%%%",
	};
	static const char *const expect[] = {
		"%f", "%5.2f", "%-#8.3e", "%Lf", "%g", "%a", "%n", "%q",
		"%ls", "%lc", "%hs", "%llp", "%1$d", "%k", "abc%", "%5",
		"%-08.3", "%ll", "%%",
	};
	char buf[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		int ret = raw_format(buf, sizeof(buf), fmts[i]);

		if (strcmp(buf, expect[i]))
			printf("  fmt \"%s\"\n", fmts[i]);
		CHECK_EQ_STR(buf, expect[i]);
		CHECK_EQ_INT(ret, (int)strlen(expect[i]));
	}
	/* no argument is consumed by an unsupported conversion */
	CHECK_EQ_INT(raw_format(buf, sizeof(buf), "%f %d %n|%s", 42, "s"),
		     10);
	CHECK_EQ_STR(buf, "%f 42 %n|s");
}

HOST_TEST(overflow)
{
	char buf[16];

	CHECK_EQ_INT(raw_format(buf, sizeof(buf), "ab%2147483648d", 1),
		     -EOVERFLOW);
	CHECK_EQ_STR(buf, "ab");
	CHECK_EQ_INT(raw_format(buf, sizeof(buf), "%.2147483648d", 1),
		     -EOVERFLOW);
	CHECK_EQ_INT(raw_format(buf, sizeof(buf), "%*d", INT_MIN, 1),
		     -EOVERFLOW);
	/* a conversion that does not fit is not started */
	CHECK_EQ_INT(raw_format(buf, sizeof(buf), "x%*d", INT_MAX, 1),
		     -EOVERFLOW);
	CHECK_EQ_STR(buf, "x");
	CHECK_EQ_INT(raw_format(buf, sizeof(buf), "x%.*d", INT_MAX, 1),
		     -EOVERFLOW);
	CHECK_EQ_INT(raw_format(buf, sizeof(buf), "x%*s", -INT_MAX, "s"),
		     -EOVERFLOW);
}

HOST_TEST_MAIN()
