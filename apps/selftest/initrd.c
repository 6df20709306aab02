// SPDX-License-Identifier: BSD-3-Clause
/*
 * The initrd as the root file system (lib/initrd), with the archive the
 * test runner makes (support/scripts/test, t_initrd):
 *
 *   init-test/hello.txt  "hello from the initrd\n", 0640, mtime 1234567890
 *   init-test/hard       a hard link to hello.txt
 *   init-test/link       -> hello.txt
 *   init-test/sub/       0700
 *   init-test/big.bin    300000 bytes, byte i = (i * 7 + i / 4096) & 0xff
 *   etc/passwd           "initrd:x:0:0::/:/bin/sh\n"
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <uk/plat.h>
#include <uk/test.h>

#include "selftest.h"

#define BIG_SIZE	300000

static unsigned char big_byte(long i)
{
	return (unsigned char)(i * 7 + i / 4096);
}

UK_TESTCASE(initrd, files_modes_times_links)
{
	struct stat st, hard;
	char buf[64];
	int fd;

	if (!selftest_initrd)
		UK_TEST_SKIP("needs an initrd and the argument 'initrd'");
	fd = open("/init-test/hello.txt", O_RDONLY);
	UK_TEST_ASSERT_GE(fd, 0);
	memset(buf, 0, sizeof(buf));
	UK_TEST_EXPECT_EQ(read(fd, buf, sizeof(buf)), 22);
	UK_TEST_EXPECT_STR_EQ(buf, "hello from the initrd\n");
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	close(fd);
	UK_TEST_EXPECT_EQ(st.st_mode, S_IFREG | 0640);
	UK_TEST_EXPECT_EQ(st.st_mtime, 1234567890);
	UK_TEST_EXPECT_EQ(st.st_nlink, 2);
	UK_TEST_ASSERT_EQ(stat("/init-test/hard", &hard), 0);
	UK_TEST_EXPECT_EQ(hard.st_ino, st.st_ino);
	UK_TEST_EXPECT_EQ(readlink("/init-test/link", buf, sizeof(buf)), 9);
	UK_TEST_EXPECT_MEM_EQ(buf, "hello.txt", 9);
	UK_TEST_ASSERT_EQ(stat("/init-test/link", &hard), 0);
	UK_TEST_EXPECT_EQ(hard.st_ino, st.st_ino);
	UK_TEST_ASSERT_EQ(stat("/init-test/sub", &st), 0);
	UK_TEST_EXPECT_EQ(st.st_mode, S_IFDIR | 0700);
	/* the archive's /etc/passwd, the defaults for the rest */
	fd = open("/etc/passwd", O_RDONLY);
	UK_TEST_ASSERT_GE(fd, 0);
	memset(buf, 0, sizeof(buf));
	UK_TEST_EXPECT_GT(read(fd, buf, sizeof(buf)), 0);
	UK_TEST_EXPECT_STR_EQ(buf, "initrd:x:0:0::/:/bin/sh\n");
	close(fd);
	UK_TEST_EXPECT_EQ(access("/etc/group", R_OK), 0);
	UK_TEST_EXPECT_EQ(access("/tmp", W_OK), 0);
}

/* The module's bytes of big.bin from offset off (len bytes), or NULL. */
static const unsigned char *in_module(long off, size_t len)
{
	unsigned char want[256];
	unsigned int i;
	size_t k;

	for (k = 0; k < sizeof(want); k++)
		want[k] = big_byte(off + k);
	for (i = 0; i < ukplat_memregion_count(); i++) {
		const struct ukplat_memregion *r = ukplat_memregion_get(i);

		if (r->type == UKPLAT_MEM_MODULE)
			return memmem((void *)r->base, r->len, want,
				      MIN(len, sizeof(want)));
	}
	return NULL;
}

UK_TESTCASE(initrd, data_is_borrowed_and_copied_on_write)
{
	static unsigned char buf[BIG_SIZE];
	const unsigned char *orig;
	long i, bad = 0;
	struct stat st;
	int fd;

	if (!selftest_initrd)
		UK_TEST_SKIP("needs an initrd and the argument 'initrd'");
	fd = open("/init-test/big.bin", O_RDWR);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_size, BIG_SIZE);
	UK_TEST_EXPECT_EQ(st.st_blocks, 0);	/* no page of its own */
	UK_TEST_EXPECT_EQ(read(fd, buf, sizeof(buf)), BIG_SIZE);
	for (i = 0; i < BIG_SIZE; i++)
		bad += buf[i] != big_byte(i);
	UK_TEST_EXPECT_EQ(bad, 0);
	orig = in_module(4864, 256);
	UK_TEST_ASSERT_NOT_NULL(orig);
	/* a write copies the one page it lands in */
	UK_TEST_EXPECT_EQ(pwrite(fd, "X", 1, 5000), 1);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_blocks, 8);
	UK_TEST_EXPECT_EQ(pread(fd, buf, 3, 4999), 3);
	UK_TEST_EXPECT_EQ(buf[0], big_byte(4999));
	UK_TEST_EXPECT_EQ(buf[1], 'X');
	UK_TEST_EXPECT_EQ(buf[2], big_byte(5001));
	UK_TEST_EXPECT_EQ(orig[5000 - 4864], big_byte(5000));	/* intact */
	/* the partial last page, grown: zeros past the old end */
	UK_TEST_EXPECT_EQ(ftruncate(fd, BIG_SIZE + 100), 0);
	UK_TEST_EXPECT_EQ(pread(fd, buf, 101, BIG_SIZE - 1), 101);
	UK_TEST_EXPECT_EQ(buf[0], big_byte(BIG_SIZE - 1));
	for (i = 1, bad = 0; i < 101; i++)
		bad += buf[i] != 0;
	UK_TEST_EXPECT_EQ(bad, 0);
	close(fd);
}
