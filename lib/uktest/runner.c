// SPDX-License-Identifier: BSD-3-Clause
/*
 * The test runner: walks the linker-sorted table of test cases, runs the
 * selected ones and reports on the console. It prints with the kernel's
 * console printf and uses no libc, so it works with musl and with nolibc.
 */
#include <uk/format.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/test.h>

UK_TABLE_DEFINE(testtab, struct uk_testcase);

static const char *param_filter;
UK_PARAM_STR(test, filter, param_filter,
	     "run only the test cases whose suite.case contains one of "
	     "these comma-separated substrings");

/* Failure messages of the running case, printed after its verdict. */
#define MSG_SIZE	1024

static struct {
	const struct uk_testcase *tc;
	unsigned int failures;
	bool skipped;
	char msg[MSG_SIZE];
	size_t msg_len;
	unsigned int msg_dropped;	/* messages that did not fit */
	void *jmp[5];			/* for __builtin_setjmp */
} cur;

static int str_cmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Whether the n bytes at needle occur in hay. */
static bool contains(const char *hay, const char *needle, size_t n)
{
	size_t i, hn = str_len(hay);

	for (i = 0; i + n <= hn; i++) {
		size_t j = 0;

		while (j < n && hay[i + j] == needle[j])
			j++;
		if (j == n)
			return true;
	}
	return false;
}

/* NULL, "" or one of the comma-separated parts occurs in full. */
static bool selected(const char *full, const char *filter)
{
	const char *p = filter, *comma;

	if (!filter || !*filter)
		return true;
	for (;;) {
		for (comma = p; *comma && *comma != ','; comma++)
			;
		if (comma > p && contains(full, p, comma - p))
			return true;
		if (!*comma)
			return false;
		p = comma + 1;
	}
}

static bool wanted(const struct uk_testcase *tc, const char *filter)
{
	char full[128];

	uk_snprintf(full, sizeof(full), "%s.%s", tc->suite, tc->name);
	return selected(full, filter) && selected(full, param_filter);
}

/* file NULL: no "file:line: " prefix */
static void add_msg(const char *file, int line, const char *fmt, va_list ap)
{
	size_t room = sizeof(cur.msg) - cur.msg_len;
	int n;

	/* a message that does not fit whole is dropped, and counted */
	if (room < 2) {
		cur.msg_dropped++;
		return;
	}
	n = file ? uk_snprintf(cur.msg + cur.msg_len, room, "%s:%d: ", file,
			       line) : 0;
	if (n >= 0 && (size_t)n < room - 1)
		n += uk_vsnprintf(cur.msg + cur.msg_len + n, room - n, fmt, ap);
	if (n < 0 || (size_t)n >= room - 1) {
		cur.msg[cur.msg_len] = '\0';
		cur.msg_dropped++;
		return;
	}
	cur.msg_len += n;
	cur.msg[cur.msg_len++] = '\0';	/* messages are NUL-separated */
}

void uk_test_failf(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (!cur.tc)
		uk_panic("%s:%d: a test check outside a test case", file, line);
	cur.failures++;
	va_start(ap, fmt);
	add_msg(file, line, fmt, ap);
	va_end(ap);
}

__noreturn void uk_test_abort(void)
{
	if (!cur.tc)
		uk_panic("a test case ended outside a test case");
	__builtin_longjmp(cur.jmp, 1);
}

__noreturn void uk_test_skipf(const char *fmt, ...)
{
	va_list ap;

	cur.skipped = true;
	if (!cur.failures) {
		va_start(ap, fmt);
		add_msg(NULL, 0, fmt, ap);
		va_end(ap);
	}
	uk_test_abort();
}

void uk_test_fail_int(const char *file, int line, const char *expr,
		      unsigned long long a, unsigned long long b,
		      bool is_signed)
{
	if (is_signed)
		uk_test_failf(file, line, "%s: %lld vs %lld", expr,
			      (long long)a, (long long)b);
	else if (a < 256 && b < 256)
		uk_test_failf(file, line, "%s: %llu vs %llu", expr, a, b);
	else
		uk_test_failf(file, line, "%s: %llu (0x%llx) vs %llu (0x%llx)",
			      expr, a, a, b, b);
}

bool uk_test_str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return str_cmp(a, b) == 0;
}

/* A string as a C literal, cut after max characters ("..."). */
static void quote(char *buf, size_t size, const char *s, size_t max)
{
	size_t n = 0, i;

	if (!s) {
		uk_snprintf(buf, size, "NULL");
		return;
	}
	buf[n++] = '"';
	for (i = 0; s[i] && n + 6 < size; i++) {
		unsigned char c = s[i];

		if (i == max) {
			n += uk_snprintf(buf + n, size - n, "...");
			break;
		}
		if (c == '"' || c == '\\')
			n += uk_snprintf(buf + n, size - n, "\\%c", c);
		else if (c == '\n')
			n += uk_snprintf(buf + n, size - n, "\\n");
		else if (c < 0x20 || c >= 0x7f)
			n += uk_snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = c;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

void uk_test_fail_str(const char *file, int line, const char *expr,
		      const char *a, const char *b)
{
	char qa[100], qb[100];

	quote(qa, sizeof(qa), a, 40);
	quote(qb, sizeof(qb), b, 40);
	uk_test_failf(file, line, "%s: %s vs %s", expr, qa, qb);
}

size_t uk_test_mem_diff(const void *a, const void *b, size_t n)
{
	const unsigned char *pa = a, *pb = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (pa[i] != pb[i])
			break;
	return i;
}

void uk_test_fail_mem(const char *file, int line, const char *expr,
		      const void *a, const void *b, size_t n, size_t at)
{
	const unsigned char *pa = a, *pb = b;

	uk_test_failf(file, line, "%s: first difference at offset %zu: "
		      "0x%02x vs 0x%02x", expr, at, pa[at], pb[at]);
}

/* Out of line: __builtin_setjmp must not be inlined into a loop. */
static __attribute__((noinline)) void run_case(const struct uk_testcase *tc)
{
	cur.tc = tc;
	cur.failures = 0;
	cur.skipped = false;
	cur.msg_len = 0;
	cur.msg_dropped = 0;
	if (__builtin_setjmp(cur.jmp) == 0)
		tc->fn();
}

static void report(const struct uk_testcase *tc)
{
	const char *m = cur.msg, *end = cur.msg + cur.msg_len;
	const char *verdict = cur.failures ? "FAIL" :
			      cur.skipped ? "SKIP" : "PASS";

	if (m == end) {
		uk_console_printf("%s %s.%s\n", verdict, tc->suite, tc->name);
	} else {
		uk_console_printf("%s %s.%s: %s\n", verdict, tc->suite,
				  tc->name, m);
		for (m += str_len(m) + 1; m < end; m += str_len(m) + 1)
			uk_console_printf("    %s\n", m);
	}
	if (cur.msg_dropped)
		uk_console_printf("    (%u more failures not shown)\n",
				  cur.msg_dropped);
}

/*
 * The cases of a suite, from the same or from several objects, are one
 * block of the table, in whatever order the compiler emitted them: pick
 * them by source position.
 */
static bool before(const struct uk_testcase *a, const struct uk_testcase *b)
{
	int c = str_cmp(a->file, b->file);

	if (c)
		return c < 0;
	if (a->line != b->line)
		return a->line < b->line;
	return a < b;
}

static const struct uk_testcase *next_in_suite(
	const struct uk_testcase *first, const struct uk_testcase *end,
	const struct uk_testcase *prev)
{
	const struct uk_testcase *tc, *best = NULL;

	for (tc = first; tc < end; tc++) {
		if (prev && !before(prev, tc))
			continue;
		if (!best || before(tc, best))
			best = tc;
	}
	return best;
}

int uk_test_run_all(const char *filter)
{
	const struct uk_testcase *first, *end, *tc;
	unsigned int passed = 0, failed = 0, skipped = 0;
	unsigned int cases = 0, suites = 0;

	first = uk_table_start(testtab);
	for (; first < uk_table_end(testtab); first = end) {
		bool any = false;

		for (end = first; end < uk_table_end(testtab) &&
		     !str_cmp(end->suite, first->suite); end++) {
			if (wanted(end, filter)) {
				cases++;
				any = true;
			}
		}
		suites += any;
	}
	uk_console_printf("uktest: %u cases in %u suites\n", cases, suites);

	first = uk_table_start(testtab);
	for (; first < uk_table_end(testtab); first = end) {
		for (end = first; end < uk_table_end(testtab) &&
		     !str_cmp(end->suite, first->suite); end++)
			;
		for (tc = next_in_suite(first, end, NULL); tc;
		     tc = next_in_suite(first, end, tc)) {
			if (!wanted(tc, filter))
				continue;
			run_case(tc);
			report(tc);
			if (cur.failures)
				failed++;
			else if (cur.skipped)
				skipped++;
			else
				passed++;
		}
	}
	cur.tc = NULL;

	if (skipped)
		uk_console_printf("%s: %u passed, %u failed, %u skipped\n",
				  CONFIG_UK_APP_NAME, passed, failed, skipped);
	else
		uk_console_printf("%s: %u passed, %u failed\n",
				  CONFIG_UK_APP_NAME, passed, failed);
	return failed;
}
