// SPDX-License-Identifier: BSD-3-Clause
/* Anonymous memory mappings through musl: mmap, munmap, mremap. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <uk/test.h>

#define PAGE	4096

static size_t nonzero_bytes(const unsigned char *p, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += p[i] != 0;
	return bad;
}

static unsigned char *map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

UK_TESTCASE(mmap, anonymous_is_zeroed_writable_aligned)
{
	size_t len = 16 * PAGE, i, bad = 0;
	unsigned char *p = map_anon(len);

	UK_TEST_ASSERTF(p != NULL, "errno %d", errno);
	UK_TEST_EXPECT_EQ((uintptr_t)p % PAGE, 0);
	UK_TEST_EXPECT_EQ(sysconf(_SC_PAGESIZE), PAGE);
	UK_TEST_EXPECT_EQ(nonzero_bytes(p, len), 0);
	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 13);
	for (i = 0; i < len; i++)
		bad += p[i] != (unsigned char)(i * 13);
	UK_TEST_EXPECT_EQ(bad, 0);
	UK_TEST_EXPECT_EQ(munmap(p, len), 0);
}

/* Memory given back and mapped again must not show the old contents. */
UK_TESTCASE(mmap, remapped_memory_is_zeroed_again)
{
	size_t len = 64 * PAGE;
	unsigned char *p;
	int round;

	for (round = 0; round < 4; round++) {
		p = map_anon(len);
		UK_TEST_ASSERT_NOT_NULL(p);
		UK_TEST_EXPECT_EQ(nonzero_bytes(p, len), 0);
		memset(p, 0xff, len);
		UK_TEST_EXPECT_EQ(munmap(p, len), 0);
	}
}

UK_TESTCASE(mmap, several_mappings_do_not_overlap)
{
	unsigned char *p[8];
	size_t len = 3 * PAGE + 100, i, j, bad = 0;

	for (i = 0; i < 8; i++) {
		p[i] = map_anon(len);
		UK_TEST_ASSERT_NOT_NULL(p[i]);
		memset(p[i], (int)i + 1, len);
	}
	for (i = 0; i < 8; i++)
		for (j = 0; j < len; j++)
			bad += p[i][j] != i + 1;
	UK_TEST_EXPECT_EQ(bad, 0);
	for (i = 0; i < 8; i++)
		UK_TEST_EXPECT_EQ(munmap(p[i], len), 0);
}

UK_TESTCASE(mmap, large_mapping)
{
	size_t len = 8 * 1024 * 1024, i, bad = 0;
	unsigned char *p = map_anon(len);

	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT_EQ(nonzero_bytes(p, len), 0);
	for (i = 0; i < len; i += PAGE)
		p[i] = (unsigned char)(i / PAGE);
	for (i = 0; i < len; i += PAGE)
		bad += p[i] != (unsigned char)(i / PAGE);
	UK_TEST_EXPECT_EQ(bad, 0);
	UK_TEST_EXPECT_EQ(munmap(p, len), 0);
}

UK_TESTCASE(mmap, mremap_keeps_contents)
{
	unsigned char *p = map_anon(PAGE), *q;
	size_t i, bad = 0;

	UK_TEST_ASSERT_NOT_NULL(p);
	for (i = 0; i < PAGE; i++)
		p[i] = (unsigned char)(i ^ 0x5a);
	q = mremap(p, PAGE, 16 * PAGE, MREMAP_MAYMOVE);
	UK_TEST_ASSERTF(q != MAP_FAILED, "errno %d", errno);
	for (i = 0; i < PAGE; i++)
		bad += q[i] != (unsigned char)(i ^ 0x5a);
	UK_TEST_EXPECT_EQ(bad, 0);
	/* the part that grew is fresh memory */
	UK_TEST_EXPECT_EQ(nonzero_bytes(q + PAGE, 15 * PAGE), 0);
	q[16 * PAGE - 1] = 1;
	UK_TEST_EXPECT_EQ(munmap(q, 16 * PAGE), 0);
}

UK_TESTCASE(mmap, madvise_dontneed_zeroes_mprotect_accepted)
{
	size_t len = 8 * PAGE;
	unsigned char *p = map_anon(len);

	UK_TEST_ASSERT_NOT_NULL(p);
	memset(p, 0x3c, len);
	/* private anonymous memory reads as zeros after MADV_DONTNEED */
	UK_TEST_EXPECT_EQ(madvise(p + 2 * PAGE, 3 * PAGE, MADV_DONTNEED), 0);
	UK_TEST_EXPECT_EQ(p[2 * PAGE - 1], 0x3c);
	UK_TEST_EXPECT_EQ(nonzero_bytes(p + 2 * PAGE, 3 * PAGE), 0);
	UK_TEST_EXPECT_EQ(p[5 * PAGE], 0x3c);
	UK_TEST_EXPECT_EQ(madvise(p, len, MADV_WILLNEED), 0);
	UK_TEST_EXPECT_EQ(mprotect(p, len, PROT_READ), 0);
	UK_TEST_EXPECT_EQ(mprotect(p, len, PROT_READ | PROT_WRITE), 0);
	UK_TEST_EXPECT_EQ(munmap(p, len), 0);
}

UK_TESTCASE(mmap, bad_requests_fail_cleanly)
{
	void *p;

	/* a file mapping needs a file: there is no fd 3 */
	errno = 0;
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 3, 0);
	UK_TEST_EXPECT_PTR_EQ(p, MAP_FAILED);
	UK_TEST_EXPECTF(errno == EBADF || errno == ENODEV, "errno %d", errno);
	errno = 0;
	p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UK_TEST_EXPECT_PTR_EQ(p, MAP_FAILED);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(munmap((void *)(uintptr_t)(PAGE + 1), PAGE), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
}
