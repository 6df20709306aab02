// SPDX-License-Identifier: BSD-3-Clause
/*
 * Pipes, eventfd, the devices in /dev and the console as fds 0-2, through
 * musl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>
#include <uk/test.h>

#include "selftest.h"

/* --- pipes ------------------------------------------------------------ */

UK_TESTCASE(pipe, eof_epipe_nonblock_and_size)
{
	struct sigaction sa = { .sa_handler = SIG_IGN }, osa;
	char buf[16];
	struct stat st;
	int p[2], n;

	UK_TEST_ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
	UK_TEST_EXPECT_EQ(fcntl(p[0], F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	UK_TEST_EXPECT_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
	UK_TEST_EXPECT_EQ(fstat(p[0], &st), 0);
	UK_TEST_EXPECT(S_ISFIFO(st.st_mode));
	UK_TEST_EXPECT_EQ(fcntl(p[0], F_GETPIPE_SZ), 65536);
	UK_TEST_EXPECT_EQ(write(p[1], "hello", 5), 5);
	UK_TEST_EXPECT_EQ(ioctl(p[0], FIONREAD, &n), 0);
	UK_TEST_EXPECT_EQ(n, 5);
	UK_TEST_EXPECT_EQ(read(p[0], buf, 2), 2);
	UK_TEST_EXPECT_EQ(read(p[0], buf, sizeof(buf)), 3);
	EXPECT_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	EXPECT_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	EXPECT_ERR(write(p[0], "x", 1), EBADF);
	EXPECT_ERR(read(p[1], buf, 1), EBADF);
	UK_TEST_EXPECT_EQ(fcntl(p[0], F_SETFL, O_NONBLOCK), 0);
	EXPECT_ERR(read(p[0], buf, 1), EAGAIN);
	/* all writers gone: end of file */
	close(p[1]);
	UK_TEST_EXPECT_EQ(read(p[0], buf, 1), 0);
	close(p[0]);
	/* all readers gone: EPIPE (SIGPIPE ignored here) */
	UK_TEST_ASSERT_EQ(pipe(p), 0);
	close(p[0]);
	sigaction(SIGPIPE, &sa, &osa);
	EXPECT_ERR(write(p[1], "x", 1), EPIPE);
	sigaction(SIGPIPE, &osa, NULL);
	close(p[1]);
	/* a full pipe, non-blocking: what fits, then EAGAIN */
	UK_TEST_ASSERT_EQ(pipe2(p, O_NONBLOCK), 0);
	UK_TEST_EXPECT_EQ(fcntl(p[1], F_SETPIPE_SZ, 4096), 4096);
	{
		static char big[8192];

		UK_TEST_EXPECT_EQ(write(p[1], big, sizeof(big)), 4096);
		EXPECT_ERR(write(p[1], big, 1), EAGAIN);
		UK_TEST_EXPECT_EQ(read(p[0], big, 100), 100);
		/* PIPE_BUF bytes go whole or not at all */
		EXPECT_ERR(write(p[1], big, 200), EAGAIN);
		UK_TEST_EXPECT_EQ(write(p[1], big, 100), 100);
	}
	close(p[0]);
	close(p[1]);
	EXPECT_ERR(pipe2(p, 0x1), EINVAL);
	EXPECT_ERR(pipe(NULL), EFAULT);
}

#define PIPE_TOTAL	(256 * 1024)

static void *pipe_writer(void *arg)
{
	int fd = (int)(long)arg;
	unsigned char buf[3000];
	long sent = 0, i;
	ssize_t n;

	while (sent < PIPE_TOTAL) {
		for (i = 0; i < (long)sizeof(buf); i++)
			buf[i] = (unsigned char)(sent + i);
		n = write(fd, buf, MIN(sizeof(buf), (size_t)(PIPE_TOTAL - sent)));
		if (n <= 0)
			return (void *)-1L;
		sent += n;
	}
	close(fd);
	return (void *)sent;
}

UK_TESTCASE(pipe, two_threads_stream_through_a_pipe)
{
	unsigned char buf[5000];
	long got = 0, bad = 0, i;
	pthread_t t;
	void *sent;
	ssize_t n;
	int p[2];

	UK_TEST_ASSERT_EQ(pipe(p), 0);
	UK_TEST_ASSERT_EQ(pthread_create(&t, NULL, pipe_writer,
					 (void *)(long)p[1]), 0);
	while ((n = read(p[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			bad += buf[i] != (unsigned char)(got + i);
		got += n;
	}
	pthread_join(t, &sent);
	UK_TEST_EXPECT_EQ(n, 0);
	UK_TEST_EXPECT_EQ((long)sent, PIPE_TOTAL);
	UK_TEST_EXPECT_EQ(got, PIPE_TOTAL);
	UK_TEST_EXPECT_EQ(bad, 0);
	close(p[0]);
}

/* Writers of PIPE_BUF-byte records: a reader never sees one torn. */
static void *record_writer(void *arg)
{
	int *p = arg, i;
	char rec[PIPE_BUF];

	memset(rec, 'a' + p[2], sizeof(rec));
	for (i = 0; i < 20; i++)
		if (write(p[1], rec, sizeof(rec)) != sizeof(rec))
			return (void *)1L;
	return NULL;
}

UK_TESTCASE(pipe, pipe_buf_writes_are_atomic)
{
	static char rec[PIPE_BUF];
	int p[2], args[3][3], i, torn = 0;
	pthread_t t[3];
	size_t have;
	ssize_t n;

	UK_TEST_ASSERT_EQ(pipe(p), 0);
	UK_TEST_EXPECT_EQ(fcntl(p[1], F_SETPIPE_SZ, 3 * PIPE_BUF), 16384);
	for (i = 0; i < 3; i++) {
		args[i][0] = p[0];
		args[i][1] = p[1];
		args[i][2] = i;
		pthread_create(&t[i], NULL, record_writer, args[i]);
	}
	for (i = 0; i < 60; i++) {
		for (have = 0; have < sizeof(rec); have += n) {
			n = read(p[0], rec + have, sizeof(rec) - have);
			if (n <= 0)
				break;
		}
		for (have = 1; have < sizeof(rec); have++)
			if (rec[have] != rec[0])
				break;
		torn += have != sizeof(rec);
	}
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_EQ(torn, 0);
	close(p[0]);
	close(p[1]);
}

/* --- eventfd ----------------------------------------------------------- */

static void *efd_poster(void *arg)
{
	uint64_t one = 1;
	int i;

	for (i = 0; i < 5; i++) {
		sched_yield();
		if (write((int)(long)arg, &one, 8) != 8)
			return (void *)1L;
	}
	return NULL;
}

UK_TESTCASE(eventfd, counter_semaphore_blocking)
{
	uint64_t v;
	pthread_t t;
	int fd, i;

	fd = eventfd(3, EFD_NONBLOCK);
	UK_TEST_ASSERT_GE(fd, 0);
	v = 4;
	UK_TEST_EXPECT_EQ(write(fd, &v, 8), 8);
	UK_TEST_EXPECT_EQ(read(fd, &v, 8), 8);
	UK_TEST_EXPECT_EQ(v, 7);
	EXPECT_ERR(read(fd, &v, 8), EAGAIN);
	EXPECT_ERR(read(fd, &v, 4), EINVAL);
	v = UINT64_MAX;
	EXPECT_ERR(write(fd, &v, 8), EINVAL);
	v = UINT64_MAX - 1;
	UK_TEST_EXPECT_EQ(write(fd, &v, 8), 8);
	v = 1;
	EXPECT_ERR(write(fd, &v, 8), EAGAIN);	/* it would overflow */
	close(fd);
	fd = eventfd(2, EFD_SEMAPHORE | EFD_CLOEXEC);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_EQ(read(fd, &v, 8), 8);
	UK_TEST_EXPECT_EQ(v, 1);
	UK_TEST_EXPECT_EQ(read(fd, &v, 8), 8);
	/* now 0: reads block until the other thread posts */
	pthread_create(&t, NULL, efd_poster, (void *)(long)fd);
	for (i = 0; i < 5; i++) {
		UK_TEST_EXPECT_EQ(read(fd, &v, 8), 8);
		UK_TEST_EXPECT_EQ(v, 1);
	}
	pthread_join(t, NULL);
	close(fd);
	EXPECT_ERR(eventfd(0, 0x12345), EINVAL);
}

/* --- devices ------------------------------------------------------------ */

UK_TESTCASE(devfs, null_zero_full_random)
{
	unsigned char buf[64];
	struct stat st;
	int fd, i, zeros = 0;

	fd = open("/dev/null", O_RDWR);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(write(fd, "x", 1), 1);
	UK_TEST_EXPECT_EQ(read(fd, buf, 1), 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT(S_ISCHR(st.st_mode));
	UK_TEST_EXPECT_EQ(major(st.st_rdev), 1);
	UK_TEST_EXPECT_EQ(minor(st.st_rdev), 3);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 1, sizeof(buf));
	UK_TEST_EXPECT_EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	for (i = 0; i < (int)sizeof(buf); i++)
		zeros += !buf[i];
	UK_TEST_EXPECT_EQ(zeros, sizeof(buf));
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	EXPECT_ERR(write(fd, "x", 1), ENOSPC);
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(read(fd, buf, sizeof(buf)), sizeof(buf));
	for (i = zeros = 0; i < (int)sizeof(buf); i++)
		zeros += !buf[i];
	UK_TEST_EXPECT_LT(zeros, 8);
	close(fd);
	UK_TEST_EXPECT_EQ(stat("/dev/random", &st), 0);
	UK_TEST_EXPECT_EQ(lstat("/dev/stdout", &st), 0);
	UK_TEST_EXPECT(S_ISLNK(st.st_mode));
	UK_TEST_EXPECT_EQ(stat("/dev/stdout", &st), 0);
	UK_TEST_EXPECT(S_ISCHR(st.st_mode));
	EXPECT_ERR(open("/dev/nonexistent", O_RDONLY), ENOENT);
}

UK_TESTCASE(devfs, dev_fd_reopens_a_descriptor)
{
	char path[32], buf[8];
	int p[2], fd;

	UK_TEST_ASSERT_EQ(pipe(p), 0);
	snprintf(path, sizeof(path), "/dev/fd/%d", p[1]);
	fd = open(path, O_WRONLY);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(write(fd, "via", 3), 3);
	UK_TEST_EXPECT_EQ(read(p[0], buf, sizeof(buf)), 3);
	UK_TEST_EXPECT_MEM_EQ(buf, "via", 3);
	close(fd);
	close(p[0]);
	close(p[1]);
	EXPECT_ERR(open(path, O_WRONLY), ENOENT);
	fd = open("/dev/tty", O_WRONLY);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT(isatty(fd));
	close(fd);
}

/* --- the console as descriptors ---------------------------------------- */

UK_TESTCASE(console, close_dup2_fcntl_isatty)
{
	struct winsize ws;
	struct termios t;
	int saved;

	UK_TEST_EXPECT(isatty(0) && isatty(1) && isatty(2));
	UK_TEST_EXPECT_EQ(ioctl(1, TIOCGWINSZ, &ws), 0);
	UK_TEST_EXPECT_EQ(tcgetattr(0, &t), 0);
	UK_TEST_EXPECT(t.c_lflag & ICANON);
	UK_TEST_EXPECT_EQ(fcntl(1, F_GETFL) & O_ACCMODE, O_RDWR);
	EXPECT_ERR(lseek(1, 0, SEEK_SET), ESPIPE);
	/* fd 1 closed and given back, as a shell's redirection does */
	fflush(stdout);
	saved = dup(1);
	UK_TEST_ASSERT_GE(saved, 3);
	UK_TEST_EXPECT_EQ(close(1), 0);
	EXPECT_ERR(write(1, "x", 1), EBADF);
	UK_TEST_EXPECT_EQ(open("/dev/null", O_WRONLY), 1);	/* lowest */
	UK_TEST_EXPECT_EQ(write(1, "unseen\n", 7), 7);
	UK_TEST_EXPECT_EQ(isatty(1), 0);
	UK_TEST_EXPECT_EQ(dup2(saved, 1), 1);
	UK_TEST_EXPECT(isatty(1));
	close(saved);
	EXPECT_ERR(ioctl(1, 0x1234), ENOTTY);
	EXPECT_ERR(ioctl(1, TCGETS, NULL), EFAULT);
}
