// SPDX-License-Identifier: BSD-3-Clause
/*
 * musl's string functions, against byte-by-byte references where the
 * word-at-a-time code paths (alignments, lengths, overlap) could go wrong.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uk/test.h>

#include "selftest.h"

#define AREA	256

static unsigned char src[AREA], dst[AREA], ref[AREA];

static void fill(unsigned char *p, size_t n, uint64_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = selftest_rand(&seed) >> 56;
}

UK_TESTCASE(strings, memcpy_all_alignments_and_lengths)
{
	size_t so, d, n, i;
	int bad = 0;

	fill(src, AREA, 1);
	for (so = 0; so < 16; so++)
		for (d = 0; d < 16; d++)
			for (n = 0; n <= 80; n++) {
				memset(dst, 0xee, AREA);
				memcpy(ref, dst, AREA);
				for (i = 0; i < n; i++)
					ref[d + i] = src[so + i];
				if (memcpy(dst + d, src + so, n) != dst + d ||
				    memcmp(dst, ref, AREA))
					bad++;
			}
	UK_TEST_EXPECT_EQ(bad, 0);
}

/* memmove with every shift either way, against a copy via a buffer. */
UK_TESTCASE(strings, memmove_overlap)
{
	unsigned char tmp[AREA];
	char s[] = "0123456789";
	size_t n, i;
	int shift, bad = 0;

	memmove(s + 2, s, 6);
	UK_TEST_EXPECT_STR_EQ(s, "0101234589");
	strcpy(s, "0123456789");
	memmove(s, s + 2, 6);
	UK_TEST_EXPECT_STR_EQ(s, "2345676789");

	for (shift = -40; shift <= 40; shift++)
		for (n = 0; n < 120; n += 7) {
			size_t from = 64, to = 64 + shift;

			fill(dst, AREA, n + shift + 100);
			memcpy(ref, dst, AREA);
			for (i = 0; i < n; i++)
				tmp[i] = ref[from + i];
			for (i = 0; i < n; i++)
				ref[to + i] = tmp[i];
			memmove(dst + to, dst + from, n);
			if (memcmp(dst, ref, AREA))
				bad++;
		}
	UK_TEST_EXPECT_EQ(bad, 0);
}

UK_TESTCASE(strings, memset_memcmp_memchr)
{
	unsigned char a[40], b[40];

	memset(a, 0x5a, sizeof(a));
	UK_TEST_EXPECT_EQ(a[0], 0x5a);
	UK_TEST_EXPECT_EQ(a[39], 0x5a);
	memset(a + 3, 0x1ff, 5);	/* the value is converted to a byte */
	UK_TEST_EXPECT_EQ(a[3], 0xff);
	UK_TEST_EXPECT_EQ(a[8], 0x5a);
	memcpy(b, a, sizeof(b));
	UK_TEST_EXPECT_EQ(memcmp(a, b, sizeof(a)), 0);
	b[20] = 0x80;		/* compared as unsigned char */
	UK_TEST_EXPECT_LT(memcmp(a, b, sizeof(a)), 0);
	UK_TEST_EXPECT_GT(memcmp(b, a, sizeof(a)), 0);
	UK_TEST_EXPECT_EQ(memcmp(a, b, 20), 0);
	UK_TEST_EXPECT_PTR_EQ(memchr(b, 0x80, sizeof(b)), b + 20);
	UK_TEST_EXPECT_NULL(memchr(b, 0x80, 20));
	UK_TEST_EXPECT_PTR_EQ(memrchr(a, 0xff, sizeof(a)), a + 7);
}

UK_TESTCASE(strings, strlen_all_alignments)
{
	char buf[80];
	size_t off, len;
	int bad = 0;

	for (off = 0; off < 16; off++)
		for (len = 0; len < 48; len++) {
			memset(buf, 'a', sizeof(buf));
			buf[off + len] = '\0';
			if (strlen(buf + off) != len)
				bad++;
		}
	UK_TEST_EXPECT_EQ(bad, 0);
	UK_TEST_EXPECT_EQ(strnlen("hello", 3), 3);
	UK_TEST_EXPECT_EQ(strnlen("hi", 30), 2);
}

UK_TESTCASE(strings, strcmp_strncmp)
{
	UK_TEST_EXPECT_EQ(strcmp("abc", "abc"), 0);
	UK_TEST_EXPECT_LT(strcmp("abc", "abd"), 0);
	UK_TEST_EXPECT_GT(strcmp("b", "a"), 0);
	UK_TEST_EXPECT_LT(strcmp("ab", "abc"), 0);
	UK_TEST_EXPECT_GT(strcmp("abc", "ab"), 0);
	UK_TEST_EXPECT_EQ(strcmp("", ""), 0);
	/* bytes compare as unsigned char */
	UK_TEST_EXPECT_GT(strcmp("\x80", "\x01"), 0);
	UK_TEST_EXPECT_EQ(strncmp("abcdef", "abcxyz", 3), 0);
	UK_TEST_EXPECT_LT(strncmp("abcdef", "abcxyz", 4), 0);
	UK_TEST_EXPECT_EQ(strncmp("a", "b", 0), 0);
	UK_TEST_EXPECT_EQ(strncmp("same", "same", 100), 0);
	UK_TEST_EXPECT_EQ(strcasecmp("HeLLo", "hello"), 0);
	UK_TEST_EXPECT_LT(strncasecmp("abcD", "ABCe", 4), 0);
	UK_TEST_EXPECT_EQ(toupper('q'), 'Q');
	UK_TEST_EXPECT_EQ(tolower('Q'), 'q');
	UK_TEST_EXPECT(isdigit('7') && !isdigit('x') && isspace('\t'));
}

UK_TESTCASE(strings, strchr_strrchr_strstr)
{
	static char hay[1200];
	const char *s = "hello world";

	UK_TEST_EXPECT_PTR_EQ(strchr(s, 'l'), s + 2);
	UK_TEST_EXPECT_PTR_EQ(strrchr(s, 'l'), s + 9);
	UK_TEST_EXPECT_PTR_EQ(strchr(s, '\0'), s + 11);
	UK_TEST_EXPECT_NULL(strchr(s, 'z'));
	UK_TEST_EXPECT_PTR_EQ(strstr(s, "o w"), s + 4);
	UK_TEST_EXPECT_PTR_EQ(strstr(s, ""), s);
	UK_TEST_EXPECT_PTR_EQ(strstr(s, "world"), s + 6);
	UK_TEST_EXPECT_NULL(strstr(s, "worlds"));
	UK_TEST_EXPECT_PTR_EQ(strpbrk(s, "wr"), s + 6);
	UK_TEST_EXPECT_EQ(strspn(s, "leh"), 4);
	UK_TEST_EXPECT_EQ(strcspn(s, " "), 5);
	/* long needles take musl's two-way search */
	memset(hay, 'a', 1100);
	strcpy(hay + 1100, "aaaaaaaaaaaaaaaaaaaaaaab");
	UK_TEST_EXPECT_PTR_EQ(strstr(hay, "aaaaaaaaaaaaaaaab"), hay + 1107);
	UK_TEST_EXPECT_NULL(strstr(hay, "aaaaaaaaaaaaaaaabb"));
	UK_TEST_EXPECT_PTR_EQ(memmem(hay, 1124, "ab", 2), hay + 1122);
}

UK_TESTCASE(strings, strtok_r)
{
	char s[] = "a,b,,c", t[] = "  one; two ,three;;", *save, *tok;

	UK_TEST_EXPECT_STR_EQ(strtok_r(s, ",", &save), "a");
	UK_TEST_EXPECT_STR_EQ(strtok_r(NULL, ",", &save), "b");
	UK_TEST_EXPECT_STR_EQ(strtok_r(NULL, ",", &save), "c");
	UK_TEST_EXPECT_NULL(strtok_r(NULL, ",", &save));
	tok = strtok_r(t, " ;,", &save);
	UK_TEST_EXPECT_STR_EQ(tok, "one");
	UK_TEST_EXPECT_STR_EQ(strtok_r(NULL, " ;,", &save), "two");
	UK_TEST_EXPECT_STR_EQ(strtok_r(NULL, " ;,", &save), "three");
	UK_TEST_EXPECT_NULL(strtok_r(NULL, " ;,", &save));
}

UK_TESTCASE(strings, copies_and_concatenation)
{
	char buf[16];
	char *d;

	memset(buf, 'X', sizeof(buf));
	UK_TEST_EXPECT_PTR_EQ(strncpy(buf, "ab", 5), buf);
	UK_TEST_EXPECT_MEM_EQ(buf, "ab\0\0\0X", 6);	/* zero padding */
	memset(buf, 'X', sizeof(buf));
	strncpy(buf, "abcdef", 3);			/* no terminator */
	UK_TEST_EXPECT_MEM_EQ(buf, "abcX", 4);
	strcpy(buf, "foo");
	strcat(buf, "bar");
	UK_TEST_EXPECT_STR_EQ(buf, "foobar");
	strncat(buf, "bazqux", 3);
	UK_TEST_EXPECT_STR_EQ(buf, "foobarbaz");
	UK_TEST_EXPECT_PTR_EQ(stpcpy(buf, "xy"), buf + 2);

	d = strdup("duplicate me");
	UK_TEST_ASSERT_NOT_NULL(d);
	UK_TEST_EXPECT_STR_EQ(d, "duplicate me");
	free(d);
	d = strndup("hello", 3);
	UK_TEST_ASSERT_NOT_NULL(d);
	UK_TEST_EXPECT_STR_EQ(d, "hel");
	free(d);
}

UK_TESTCASE(strings, strerror_texts)
{
	UK_TEST_EXPECT_STR_EQ(strerror(ENOENT), "No such file or directory");
	UK_TEST_EXPECT_STR_EQ(strerror(ENOSYS), "Function not implemented");
	UK_TEST_EXPECT_STR_EQ(strerror(0), "No error information");
}
