/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests for the command line splitter and kernel parameters. The
 * parameters live in a plain array here instead of the params table
 * section; one descriptor goes through the section macro to check it.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../../debug/format.c"
#include "../cmdline.c"
#include "../param.c"
#include "host-test.h"

#define MAX_ARGS	16

struct split {
	char line[256];
	char *argv[MAX_ARGS + 1];
	int argc, app_start, ret;
};

static void do_split(struct split *s, const char *line, int max)
{
	int i;

	snprintf(s->line, sizeof(s->line), "%s", line);
	for (i = 0; i <= MAX_ARGS; i++)
		s->argv[i] = (char *)"UNTOUCHED";
	s->argc = s->app_start = -1;
	s->ret = uk_cmdline_split(s->line, s->argv, max, &s->argc,
				  &s->app_start);
}

/* Checks argc, app_start and the tokens, given as a NULL-ended list. */
#define CHECK_SPLIT(s, nargs, app, ...)					\
	do {								\
		const char *want_[] = { __VA_ARGS__ };			\
		int i_;							\
									\
		CHECK_EQ_INT((s)->ret, 0);				\
		CHECK_EQ_INT((s)->argc, nargs);				\
		CHECK_EQ_INT((s)->app_start, app);			\
		CHECK_EQ_INT(ARRAY_SIZE(want_), (nargs) + 1);		\
		for (i_ = 0; i_ < (nargs); i_++)			\
			CHECK_EQ_STR((s)->argv[i_], want_[i_]);		\
		CHECK((s)->argv[nargs] == NULL);			\
	} while (0)

HOST_TEST(split_blanks)
{
	struct split s;

	do_split(&s, "a b  c", MAX_ARGS);
	CHECK_SPLIT(&s, 3, 3, "a", "b", "c", NULL);
	do_split(&s, "\t  one\t\ttwo \n three\r\n\v\f", MAX_ARGS);
	CHECK_SPLIT(&s, 3, 3, "one", "two", "three", NULL);
	do_split(&s, "single", MAX_ARGS);
	CHECK_SPLIT(&s, 1, 1, "single", NULL);
}

HOST_TEST(split_empty)
{
	struct split s;
	char *argv[1] = { (char *)"x" };
	int argc = -1, app = -1;

	do_split(&s, "", MAX_ARGS);
	CHECK_SPLIT(&s, 0, 0, NULL);
	do_split(&s, "  \t \n ", MAX_ARGS);
	CHECK_SPLIT(&s, 0, 0, NULL);
	CHECK_EQ_INT(uk_cmdline_split(NULL, argv, 1, &argc, &app), 0);
	CHECK_EQ_INT(argc, 0);
	CHECK_EQ_INT(app, 0);
	CHECK(argv[0] == NULL);
	/* max 0 and nothing to store: argv is never touched */
	CHECK_EQ_INT(uk_cmdline_split(NULL, NULL, 0, &argc, &app), 0);
}

HOST_TEST(split_quotes)
{
	struct split s;

	do_split(&s, "a=\"x y\" b", MAX_ARGS);
	CHECK_SPLIT(&s, 2, 2, "a=x y", "b", NULL);
	do_split(&s, "ab\"c d\"ef \"  lead\"", MAX_ARGS);
	CHECK_SPLIT(&s, 2, 2, "abc def", "  lead", NULL);
	/* empty quotes still make a token */
	do_split(&s, "\"\" x a=\"\" \"\"\"\"", MAX_ARGS);
	CHECK_SPLIT(&s, 4, 4, "", "x", "a=", "", NULL);
	do_split(&s, "\"tab\there\" \"new\nline\"", MAX_ARGS);
	CHECK_SPLIT(&s, 2, 2, "tab\there", "new\nline", NULL);
}

HOST_TEST(split_escapes)
{
	struct split s;

	do_split(&s, "a\\ b c", MAX_ARGS);
	CHECK_SPLIT(&s, 2, 2, "a b", "c", NULL);
	do_split(&s, "\\\"q\\\" \"in\\\"side\" \"\\\\\"", MAX_ARGS);
	CHECK_SPLIT(&s, 3, 3, "\"q\"", "in\"side", "\\", NULL);
	do_split(&s, "\\a\\\\b x\\", MAX_ARGS);
	CHECK_SPLIT(&s, 2, 2, "a\\b", "x\\", NULL);
	/* an escaped quote does not open a quoted part */
	do_split(&s, "\\\"a b", MAX_ARGS);
	CHECK_SPLIT(&s, 2, 2, "\"a", "b", NULL);
}

HOST_TEST(split_separator)
{
	struct split s;

	do_split(&s, "k1 k2 -- app -x", MAX_ARGS);
	CHECK_SPLIT(&s, 4, 2, "k1", "k2", "app", "-x", NULL);
	do_split(&s, "-- app", MAX_ARGS);
	CHECK_SPLIT(&s, 1, 0, "app", NULL);
	do_split(&s, "k --", MAX_ARGS);
	CHECK_SPLIT(&s, 1, 1, "k", NULL);
	do_split(&s, "--", MAX_ARGS);
	CHECK_SPLIT(&s, 0, 0, NULL);
	/* only the first -- separates; the app gets the others */
	do_split(&s, "k -- a -- b", MAX_ARGS);
	CHECK_SPLIT(&s, 4, 1, "k", "a", "--", "b", NULL);
	/* quoted or escaped, or part of a longer token: not a separator */
	do_split(&s, "\"--\" \\-- -\\- --x x-- k", MAX_ARGS);
	CHECK_SPLIT(&s, 6, 6, "--", "--", "--", "--x", "x--", "k", NULL);
	do_split(&s, "a \"b -- c\" d", MAX_ARGS);
	CHECK_SPLIT(&s, 3, 3, "a", "b -- c", "d", NULL);
	do_split(&s, "\t--\tapp", MAX_ARGS);
	CHECK_SPLIT(&s, 1, 0, "app", NULL);
}

HOST_TEST(split_limits)
{
	struct split s;

	do_split(&s, "a b c d", 3);
	CHECK_EQ_INT(s.ret, -E2BIG);
	CHECK_EQ_INT(s.argc, 0);
	CHECK_EQ_INT(s.app_start, 0);
	/* exactly max tokens: fine, no room for the NULL */
	do_split(&s, "a b c", 3);
	CHECK_EQ_INT(s.ret, 0);
	CHECK_EQ_INT(s.argc, 3);
	CHECK_EQ_STR(s.argv[2], "c");
	CHECK_EQ_STR(s.argv[3], "UNTOUCHED");
	/* the -- takes no slot */
	do_split(&s, "a b -- c", 3);
	CHECK_EQ_INT(s.ret, 0);
	CHECK_EQ_INT(s.argc, 3);
	CHECK_EQ_INT(s.app_start, 2);
	do_split(&s, "a", 0);
	CHECK_EQ_INT(s.ret, -E2BIG);
	do_split(&s, "a", -5);
	CHECK_EQ_INT(s.ret, -E2BIG);
}

HOST_TEST(split_unterminated_quote)
{
	struct split s;

	do_split(&s, "a \"b c", MAX_ARGS);
	CHECK_EQ_INT(s.ret, -EINVAL);
	CHECK_EQ_INT(s.argc, 0);
	CHECK_EQ_INT(s.app_start, 0);
	do_split(&s, "\"", MAX_ARGS);
	CHECK_EQ_INT(s.ret, -EINVAL);
	do_split(&s, "a -- b=\"x", MAX_ARGS);
	CHECK_EQ_INT(s.ret, -EINVAL);
	/* an escaped closing quote leaves it open */
	do_split(&s, "\"ab\\\"", MAX_ARGS);
	CHECK_EQ_INT(s.ret, -EINVAL);
}

/* Parameters under test, as a plain array. */
static int loglevel = 1;
static bool verbose;
static int delta;
static int wide;
static unsigned long memsize;
static const char *root;
static int custom;

/* A library's own syntax: even numbers, "oom" fails with -ENOMEM. */
static int set_even(const struct uk_param *p, const char *value)
{
	int v;

	if (!value || !strcmp(value, "bad"))
		return -EINVAL;
	if (!strcmp(value, "oom"))
		return -ENOMEM;
	v = atoi(value);
	if (v % 2)
		return -ERANGE;
	*(int *)p->var = v;
	return 0;
}

static const struct uk_param params[] = {
	UK_PARAM_INT_DEFINE(debug, loglevel, loglevel, 0, 3, "verbosity"),
	UK_PARAM_BOOL_DEFINE(debug, verbose, verbose, "chatty"),
	UK_PARAM_INT_DEFINE(test, delta, delta, -1000, 1000, "delta"),
	UK_PARAM_INT_DEFINE(test, wide, wide, LLONG_MIN, LLONG_MAX, "wide"),
	UK_PARAM_ULONG_DEFINE(mem, size, memsize, "memory size"),
	UK_PARAM_STR_DEFINE(vfs, root, root, "root device"),
	UK_PARAM_DEFINE(test, even, set_even, &custom, 0, 0, "even only"),
};

#define PFIRST	(&params[0])
#define PLAST	(&params[ARRAY_SIZE(params)])

static char errmsg[256];

/* Applies one argument; it is copied, as argv must be writable. */
static int apply1(const char *arg)
{
	static char copy[512];
	char *argv[1] = { copy };

	snprintf(copy, sizeof(copy), "%s", arg);
	memset(errmsg, 'X', sizeof(errmsg));
	return uk_params_apply(PFIRST, PLAST, argv, 1, errmsg,
			       sizeof(errmsg));
}

HOST_TEST(param_int)
{
	CHECK_EQ_INT(apply1("debug.loglevel=2"), 0);
	CHECK_EQ_INT(loglevel, 2);
	CHECK_EQ_STR(errmsg, "");
	CHECK_EQ_INT(apply1("debug.loglevel=0"), 0);
	CHECK_EQ_INT(loglevel, 0);
	CHECK_EQ_INT(apply1("debug.loglevel=3"), 0);
	CHECK_EQ_INT(loglevel, 3);
	CHECK_EQ_INT(apply1("debug.loglevel=0x1"), 0);
	CHECK_EQ_INT(loglevel, 1);
	CHECK_EQ_INT(apply1("debug.loglevel=+2"), 0);
	CHECK_EQ_INT(loglevel, 2);
	CHECK_EQ_INT(apply1("test.delta=-1000"), 0);
	CHECK_EQ_INT(delta, -1000);
	CHECK_EQ_INT(apply1("test.delta=1000"), 0);
	CHECK_EQ_INT(delta, 1000);
	CHECK_EQ_INT(apply1("test.delta=-0x3e8"), 0);
	CHECK_EQ_INT(delta, -1000);
	CHECK_EQ_INT(apply1("test.delta=0X1F"), 0);
	CHECK_EQ_INT(delta, 31);
	/* no octal: a leading zero is still decimal */
	CHECK_EQ_INT(apply1("test.delta=010"), 0);
	CHECK_EQ_INT(delta, 10);
	CHECK_EQ_INT(apply1("test.delta=-0"), 0);
	CHECK_EQ_INT(delta, 0);
}

HOST_TEST(param_int_errors)
{
	static const char *const bad[] = {
		"abc", "", "1x", "0x", "0xg", "--1", "+-1", "-", "+", " 1",
		"1 ", "1.5", "1e3", "0b1", "\xd9\xa3",
	};
	unsigned int i;

	loglevel = 2;
	CHECK_EQ_INT(apply1("debug.loglevel=abc"), -EINVAL);
	CHECK_EQ_STR(errmsg, "invalid value 'abc' for kernel parameter "
		     "'debug.loglevel' (expected an integer 0..3)");
	CHECK_EQ_INT(apply1("debug.loglevel=4"), -ERANGE);
	CHECK_EQ_STR(errmsg, "out of range value '4' for kernel parameter "
		     "'debug.loglevel' (expected an integer 0..3)");
	CHECK_EQ_INT(apply1("debug.loglevel=-1"), -ERANGE);
	CHECK_EQ_STR(errmsg, "out of range value '-1' for kernel parameter "
		     "'debug.loglevel' (expected an integer 0..3)");
	CHECK_EQ_INT(apply1("debug.loglevel"), -EINVAL);
	CHECK_EQ_STR(errmsg, "missing '=' after kernel parameter "
		     "'debug.loglevel' (expected an integer 0..3)");
	CHECK_EQ_INT(apply1("test.delta=1001"), -ERANGE);
	CHECK_EQ_INT(apply1("test.delta=-1001"), -ERANGE);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "debug.loglevel=%s", bad[i]);
		if (apply1(arg) != -EINVAL)
			printf("  accepted \"%s\"\n", arg);
		CHECK_EQ_INT(apply1(arg), -EINVAL);
		CHECK(strstr(errmsg, "'debug.loglevel'"));
	}
	/* a failed setting leaves the variable alone */
	CHECK_EQ_INT(loglevel, 2);
}

HOST_TEST(param_int_overflow)
{
	static const char *const too_big[] = {
		"2147483648", "-2147483649", "0x80000000", "-0x80000001",
		"9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809",
		"18446744073709551615", "18446744073709551616",
		"99999999999999999999999999999999", "0xffffffffffffffffff",
		"-99999999999999999999999999999999",
	};
	unsigned int i;

	CHECK_EQ_INT(apply1("test.wide=2147483647"), 0);
	CHECK_EQ_INT(wide, INT_MAX);
	CHECK_EQ_INT(apply1("test.wide=-2147483648"), 0);
	CHECK_EQ_INT(wide, INT_MIN);
	CHECK_EQ_INT(apply1("test.wide=0x7fffffff"), 0);
	CHECK_EQ_INT(wide, INT_MAX);
	CHECK_EQ_INT(apply1("test.wide=-0x80000000"), 0);
	CHECK_EQ_INT(wide, INT_MIN);
	for (i = 0; i < ARRAY_SIZE(too_big); i++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "test.wide=%s", too_big[i]);
		if (apply1(arg) != -ERANGE)
			printf("  \"%s\" not out of range\n", arg);
		CHECK_EQ_INT(apply1(arg), -ERANGE);
	}
	/* a min..max beyond int is shown as what is really accepted */
	CHECK(strstr(errmsg, "(expected an integer -2147483648..2147483647)"));
	/* junk after too many digits is malformed, not out of range */
	CHECK_EQ_INT(apply1("test.wide=99999999999999999999x"), -EINVAL);
	CHECK_EQ_INT(wide, INT_MIN);
}

HOST_TEST(param_ulong)
{
	static const struct {
		const char *value;
		unsigned long want;
	} good[] = {
		{ "0", 0 }, { "4096", 4096 }, { "0x1000", 4096 },
		{ "4K", 4096 }, { "4k", 4096 }, { "2M", 2UL << 20 },
		{ "3m", 3UL << 20 }, { "1G", 1UL << 30 }, { "1g", 1UL << 30 },
		{ "0x10K", 16UL << 10 }, { "0xAbC", 0xabc }, { "007", 7 },
		{ "18446744073709551615", ULONG_MAX },
		{ "0xffffffffffffffff", ULONG_MAX },
		{ "17179869183G", 17179869183UL << 30 },
	};
	static const char *const range[] = {
		"18446744073709551616", "0x10000000000000000",
		"17179869184G", "18014398509481984M", "18014398509481984K",
		"99999999999999999999999K",
	};
	static const char *const bad[] = {
		"", "-1", "+1", "4KB", "K", "4 K", "0x", "4T", "1.5G", "0xK",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "mem.size=%s", good[i].value);
		CHECK_EQ_INT(apply1(arg), 0);
		CHECK(memsize == good[i].want);
	}
	for (i = 0; i < ARRAY_SIZE(range); i++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "mem.size=%s", range[i]);
		if (apply1(arg) != -ERANGE)
			printf("  \"%s\" not out of range\n", arg);
		CHECK_EQ_INT(apply1(arg), -ERANGE);
		CHECK(strstr(errmsg, "'mem.size'"));
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char arg[64];

		snprintf(arg, sizeof(arg), "mem.size=%s", bad[i]);
		if (apply1(arg) != -EINVAL)
			printf("  accepted \"%s\"\n", arg);
		CHECK_EQ_INT(apply1(arg), -EINVAL);
	}
	CHECK_EQ_STR(errmsg, "invalid value '0xK' for kernel parameter "
		     "'mem.size' (expected an unsigned integer "
		     "(0x.. for hex, K/M/G suffix))");
	CHECK(memsize == 17179869183UL << 30);
}

HOST_TEST(param_bool)
{
	static const char *const yes[] = {
		"1", "y", "yes", "on", "true", "Y", "YES", "On", "True",
	};
	static const char *const no[] = {
		"0", "n", "no", "off", "false", "N", "No", "OFF", "FALSE",
	};
	static const char *const bad[] = {
		"", "2", "ye", "yess", "maybe", "of", "t", "01", " y",
	};
	unsigned int i;
	char arg[64];

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		verbose = false;
		snprintf(arg, sizeof(arg), "debug.verbose=%s", yes[i]);
		CHECK_EQ_INT(apply1(arg), 0);
		CHECK(verbose);
	}
	for (i = 0; i < ARRAY_SIZE(no); i++) {
		verbose = true;
		snprintf(arg, sizeof(arg), "debug.verbose=%s", no[i]);
		CHECK_EQ_INT(apply1(arg), 0);
		CHECK(!verbose);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(arg, sizeof(arg), "debug.verbose=%s", bad[i]);
		CHECK_EQ_INT(apply1(arg), -EINVAL);
		CHECK(!verbose);
	}
	CHECK_EQ_STR(errmsg, "invalid value ' y' for kernel parameter "
		     "'debug.verbose' (expected 1/0, y/n, yes/no, on/off or "
		     "true/false)");
	/* bare name means true */
	CHECK_EQ_INT(apply1("debug.verbose"), 0);
	CHECK(verbose);
}

HOST_TEST(param_str)
{
	static char line[] = "vfs.root=/dev/vda1";
	char *argv[1] = { line };

	CHECK_EQ_INT(uk_params_apply(PFIRST, PLAST, argv, 1, errmsg,
				     sizeof(errmsg)), 0);
	/* points into the command line, not a copy */
	CHECK(root == line + strlen("vfs.root="));
	CHECK_EQ_STR(root, "/dev/vda1");
	CHECK_EQ_INT(apply1("vfs.root=a=b c"), 0);
	CHECK_EQ_STR(root, "a=b c");
	CHECK_EQ_INT(apply1("vfs.root="), 0);
	CHECK_EQ_STR(root, "");
	CHECK_EQ_INT(apply1("vfs.root"), -EINVAL);
	CHECK_EQ_STR(errmsg, "missing '=' after kernel parameter 'vfs.root' "
		     "(expected a string)");
}

HOST_TEST(param_custom_setter)
{
	CHECK_EQ_INT(apply1("test.even=8"), 0);
	CHECK_EQ_INT(custom, 8);
	CHECK_EQ_INT(apply1("test.even=bad"), -EINVAL);
	CHECK_EQ_STR(errmsg, "invalid value 'bad' for kernel parameter "
		     "'test.even'");
	CHECK_EQ_INT(apply1("test.even=7"), -ERANGE);
	CHECK_EQ_STR(errmsg, "out of range value '7' for kernel parameter "
		     "'test.even'");
	CHECK_EQ_INT(apply1("test.even=oom"), -ENOMEM);
	CHECK_EQ_STR(errmsg, "cannot set kernel parameter 'test.even' to "
		     "'oom' (error -12)");
	CHECK_EQ_INT(apply1("test.even"), -EINVAL);
	CHECK_EQ_STR(errmsg, "missing '=' after kernel parameter "
		     "'test.even'");
	CHECK_EQ_INT(custom, 8);
}

HOST_TEST(param_unknown)
{
	CHECK_EQ_INT(apply1("foo.bar=1"), -ENOENT);
	CHECK_EQ_STR(errmsg, "unknown kernel parameter 'foo.bar'");
	CHECK_EQ_INT(apply1("foo.bar"), -ENOENT);
	CHECK_EQ_STR(errmsg, "unknown kernel parameter 'foo.bar'");
	/* a known library gets a list of what it has */
	CHECK_EQ_INT(apply1("debug.level=1"), -ENOENT);
	CHECK_EQ_STR(errmsg, "unknown kernel parameter 'debug.level' "
		     "(debug has: debug.loglevel, debug.verbose)");
	CHECK_EQ_INT(apply1("test"), -ENOENT);
	CHECK_EQ_STR(errmsg, "unknown kernel parameter 'test' "
		     "(test has: test.delta, test.wide, test.even)");
	/* names match whole, never by prefix */
	CHECK_EQ_INT(apply1("debug.log=1"), -ENOENT);
	CHECK_EQ_INT(apply1("debug.loglevelx=1"), -ENOENT);
	CHECK_EQ_INT(apply1("Debug.loglevel=1"), -ENOENT);
	CHECK_EQ_STR(errmsg, "unknown kernel parameter 'Debug.loglevel'");
	CHECK_EQ_INT(apply1("debu.loglevel=1"), -ENOENT);
	CHECK_EQ_STR(errmsg, "unknown kernel parameter 'debu.loglevel'");
	CHECK_EQ_INT(apply1("=5"), -ENOENT);
	CHECK_EQ_STR(errmsg, "unknown kernel parameter ''");
	CHECK_EQ_INT(apply1(".x=5"), -ENOENT);
	CHECK_EQ_STR(errmsg, "unknown kernel parameter '.x'");
	CHECK_EQ_INT(apply1(""), -ENOENT);
	/* an app argument left without -- fails loudly */
	CHECK_EQ_INT(apply1("/bin/app"), -ENOENT);
	CHECK_EQ_STR(errmsg, "unknown kernel parameter '/bin/app'");
}

HOST_TEST(param_long_values_in_messages)
{
	char arg[400], want[200];

	snprintf(arg, sizeof(arg), "debug.loglevel=%0300d", 7);
	CHECK_EQ_INT(apply1(arg), -ERANGE);
	snprintf(want, sizeof(want), "out of range value '%064d...' for "
		 "kernel parameter 'debug.loglevel' (expected an integer "
		 "0..3)", 0);
	CHECK_EQ_STR(errmsg, want);
	memset(arg, 'n', 100);
	strcpy(arg + 100, ".x=1");
	CHECK_EQ_INT(apply1(arg), -ENOENT);
	CHECK_EQ_INT(strlen(errmsg), strlen("unknown kernel parameter ''") +
		     64 + 3);
	/* quotes on the command line can put a newline in a value */
	CHECK_EQ_INT(apply1("debug.loglevel=1\n2\t"), -EINVAL);
	CHECK_EQ_STR(errmsg, "invalid value '1?2?' for kernel parameter "
		     "'debug.loglevel' (expected an integer 0..3)");
}

HOST_TEST(param_small_error_buffer)
{
	char arg[] = "debug.loglevel=9";
	char *argv[1] = { arg };
	char err[12];

	memset(err, 'X', sizeof(err));
	CHECK_EQ_INT(uk_params_apply(PFIRST, PLAST, argv, 1, err, 12),
		     -ERANGE);
	CHECK_EQ_STR(err, "out of rang");
	CHECK_EQ_INT(uk_params_apply(PFIRST, PLAST, argv, 1, err, 1),
		     -ERANGE);
	CHECK_EQ_STR(err, "");
	CHECK_EQ_INT(uk_params_apply(PFIRST, PLAST, argv, 1, NULL, 0),
		     -ERANGE);
	/* the unknown-parameter hint is cut short the same way */
	strcpy(arg, "debug.x");
	CHECK_EQ_INT(uk_params_apply(PFIRST, PLAST, argv, 1, err,
				     sizeof(err)), -ENOENT);
	CHECK_EQ_STR(err, "unknown ker");
}

HOST_TEST(param_apply_many)
{
	char a0[] = "debug.loglevel=1", a1[] = "debug.verbose=no";
	char a2[] = "debug.loglevel=3", a3[] = "vfs.root";
	char a4[] = "test.delta=5";
	char *argv[] = { a0, a1, a2, a3, a4, NULL };

	verbose = true;
	delta = 0;
	/* later settings override earlier ones */
	CHECK_EQ_INT(uk_params_apply(PFIRST, PLAST, argv, 3, errmsg,
				     sizeof(errmsg)), 0);
	CHECK_EQ_INT(loglevel, 3);
	CHECK(!verbose);
	/* stops at the first error: what came before stays applied */
	a2[15] = '2';
	CHECK_EQ_INT(uk_params_apply(PFIRST, PLAST, argv, 5, errmsg,
				     sizeof(errmsg)), -EINVAL);
	CHECK_EQ_INT(loglevel, 2);
	CHECK_EQ_INT(delta, 0);
	CHECK(strstr(errmsg, "'vfs.root'"));
	/* empty array, no arguments */
	CHECK_EQ_INT(uk_params_apply(PFIRST, PFIRST, argv, 0, errmsg,
				     sizeof(errmsg)), 0);
	CHECK_EQ_INT(uk_params_apply(PFIRST, PFIRST, argv, 1, errmsg,
				     sizeof(errmsg)), -ENOENT);
}

HOST_TEST(param_find)
{
	CHECK(uk_param_find(PFIRST, PLAST, "debug.loglevel") == &params[0]);
	CHECK(uk_param_find(PFIRST, PLAST, "test.even") == &params[6]);
	CHECK(uk_param_find(PFIRST, PLAST, "debug") == NULL);
	CHECK(uk_param_find(PFIRST, PLAST, "debug.loglevel=1") == NULL);
	CHECK(uk_param_find(PFIRST, PLAST, "") == NULL);
	CHECK(uk_param_find(PFIRST, PFIRST, "debug.loglevel") == NULL);
}

struct listing {
	char text[512];
	size_t len;
	int count;
};

static void list_one(const struct uk_param *p, void *ctx)
{
	struct listing *l = ctx;
	char what[64];

	uk_param_describe(p, what, sizeof(what));
	l->len += (size_t)snprintf(l->text + l->len, sizeof(l->text) - l->len,
				   "%s: %s [%s]\n", p->name, p->help, what);
	l->count++;
}

HOST_TEST(param_foreach_and_describe)
{
	struct listing l = { .len = 0 };
	char buf[8];

	uk_params_foreach(PFIRST, PLAST, list_one, &l);
	CHECK_EQ_INT(l.count, ARRAY_SIZE(params));
	CHECK_EQ_STR(l.text,
		"debug.loglevel: verbosity [an integer 0..3]\n"
		"debug.verbose: chatty [1/0, y/n, yes/no, on/off or "
		"true/false]\n"
		"test.delta: delta [an integer -1000..1000]\n"
		"test.wide: wide [an integer -2147483648..2147483647]\n"
		"mem.size: memory size [an unsigned integer (0x.. for hex, "
		"K/M/G suffix)]\n"
		"vfs.root: root device [a string]\n"
		"test.even: even only []\n");
	/* snprintf-like: returns the full length */
	CHECK_EQ_INT(uk_param_describe(&params[0], buf, sizeof(buf)),
		     strlen("an integer 0..3"));
	CHECK_EQ_STR(buf, "an inte");
}

/* One descriptor through the real macro, in the params table. */
static int sect_level = 4;
UK_PARAM_INT(sect, level, sect_level, 1, 5, "section macro check");

HOST_TEST(param_section_macro)
{
	const struct uk_param *p = &uk_param_sect_level;
	char arg[] = "sect.level=5";
	char *argv[1] = { arg };

	CHECK_EQ_INT(sizeof(struct uk_param) % 8, 0);
	CHECK_EQ_INT(_Alignof(struct uk_param), 8);
	CHECK_EQ_INT((uintptr_t)p % 8, 0);
	CHECK_EQ_STR(p->name, "sect.level");
	CHECK_EQ_STR(p->help, "section macro check");
	CHECK(p->var == &sect_level);
	CHECK_EQ_INT(p->min, 1);
	CHECK_EQ_INT(p->max, 5);
	CHECK_EQ_INT(uk_params_apply(p, p + 1, argv, 1, errmsg,
				     sizeof(errmsg)), 0);
	CHECK_EQ_INT(sect_level, 5);
}

HOST_TEST(cmdline_end_to_end)
{
	char line[] = "debug.loglevel=0x2  vfs.root=\"/dev/my disk\" "
		      "debug.verbose -- /app --flag \"x y\" --";
	char *argv[MAX_ARGS + 1];
	int argc, app;

	CHECK_EQ_INT(uk_cmdline_split(line, argv, MAX_ARGS, &argc, &app), 0);
	CHECK_EQ_INT(argc, 7);
	CHECK_EQ_INT(app, 3);
	verbose = false;
	CHECK_EQ_INT(uk_params_apply(PFIRST, PLAST, argv, app, errmsg,
				     sizeof(errmsg)), 0);
	CHECK_EQ_INT(loglevel, 2);
	CHECK_EQ_STR(root, "/dev/my disk");
	CHECK(verbose);
	CHECK_EQ_STR(argv[app], "/app");
	CHECK_EQ_STR(argv[app + 1], "--flag");
	CHECK_EQ_STR(argv[app + 2], "x y");
	CHECK_EQ_STR(argv[app + 3], "--");
	CHECK(argv[argc] == NULL);
}

HOST_TEST_MAIN()
