// SPDX-License-Identifier: BSD-3-Clause
/*
 * Files through musl: lib/vfs's names and ramfs's files, each call on
 * its success path and its main errors, as Linux gives them.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uk/test.h>

#include "selftest.h"

/* musl 1.2.3 has no renameat2() */
#define RENAME_NOREPLACE	1
static int renameat2(int od, const char *o, int nd, const char *n,
		     unsigned int flags)
{
	return syscall(SYS_renameat2, od, o, nd, n, flags);
}

#define BAD_PTR	((void *)0xdead00000000UL)	/* past RAM: EFAULT */

/* A fresh directory for one test case, made under /tmp. */
static const char *scratch(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "/tmp/%s", name);
	mkdir(path, 0755);
	return path;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return n;
}

UK_TESTCASE(vfs, defaults_exist)
{
	struct stat st;
	char buf[256];

	UK_TEST_EXPECT_GT(read_file("/etc/passwd", buf, sizeof(buf)), 0);
	if (!selftest_initrd)	/* the runner's initrd brings its own */
		UK_TEST_EXPECT(strstr(buf, "root:x:0:0:") != NULL);
	UK_TEST_EXPECT_GT(read_file("/etc/group", buf, sizeof(buf)), 0);
	UK_TEST_EXPECT_GT(read_file("/etc/hosts", buf, sizeof(buf)), 0);
	UK_TEST_EXPECT(strstr(buf, "localhost") != NULL);
	UK_TEST_ASSERT_EQ(stat("/tmp", &st), 0);
	UK_TEST_EXPECT(S_ISDIR(st.st_mode));
	UK_TEST_EXPECT_EQ(st.st_mode & 07777, 01777);
	UK_TEST_ASSERT_EQ(stat("/dev", &st), 0);
	UK_TEST_EXPECT(S_ISDIR(st.st_mode));
}

UK_TESTCASE(vfs, open_create_excl_trunc_append)
{
	const char *d = scratch("open");
	char path[160], buf[64];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/f", d);
	EXPECT_ERR(open(path, O_RDONLY), ENOENT);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0640);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(write(fd, "hello", 5), 5);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT(S_ISREG(st.st_mode));
	UK_TEST_EXPECT_EQ(st.st_mode & 0777, 0640 & ~022);
	UK_TEST_EXPECT_EQ(st.st_size, 5);
	UK_TEST_EXPECT_EQ(st.st_nlink, 1);
	close(fd);
	EXPECT_ERR(open(path, O_RDWR | O_CREAT | O_EXCL, 0644), EEXIST);
	/* O_APPEND: every write at the end, whatever the position */
	fd = open(path, O_WRONLY | O_APPEND);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	UK_TEST_EXPECT_EQ(write(fd, " world", 6), 6);
	close(fd);
	UK_TEST_EXPECT_EQ(read_file(path, buf, sizeof(buf)), 11);
	UK_TEST_EXPECT_STR_EQ(buf, "hello world");
	/* O_TRUNC empties it; creat() is O_CREAT|O_WRONLY|O_TRUNC */
	fd = open(path, O_RDWR | O_TRUNC);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_size, 0);
	close(fd);
	fd = creat(path, 0600);
	UK_TEST_ASSERT_GE(fd, 0);
	EXPECT_ERR(read(fd, buf, 1), EBADF);	/* write-only */
	close(fd);
	/* a directory: only for reading; a trailing slash on a file */
	EXPECT_ERR(open(d, O_WRONLY), EISDIR);
	EXPECT_ERR(open(d, O_RDONLY | O_CREAT, 0644), EISDIR);
	EXPECT_ERR(open(path, O_RDONLY | O_DIRECTORY), ENOTDIR);
	snprintf(buf, sizeof(buf), "%s/", path);
	EXPECT_ERR(open(buf, O_RDONLY), ENOTDIR);
	snprintf(buf, sizeof(buf), "%s/x/y", path);
	EXPECT_ERR(open(buf, O_RDONLY), ENOTDIR);
	fd = open(d, O_RDONLY | O_DIRECTORY);
	UK_TEST_EXPECT_GE(fd, 0);
	EXPECT_ERR(read(fd, buf, 1), EISDIR);
	close(fd);
	EXPECT_ERR(open("", O_RDONLY), ENOENT);
	EXPECT_ERR(open(NULL, O_RDONLY), EFAULT);
	EXPECT_ERR(open(BAD_PTR, O_RDONLY), EFAULT);
	UK_TEST_EXPECT_EQ(unlink(path), 0);
}

UK_TESTCASE(vfs, cloexec_nonblock_path)
{
	const char *d = scratch("flags");
	char path[160];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/f", d);
	UK_TEST_ASSERT_EQ(write_file(path, "abc"), 0);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT(fcntl(fd, F_GETFL) & O_NONBLOCK);
	UK_TEST_EXPECT_EQ(fcntl(fd, F_SETFD, 0), 0);
	UK_TEST_EXPECT_EQ(fcntl(fd, F_GETFD), 0);
	UK_TEST_EXPECT_EQ(fcntl(fd, F_SETFL, 0), 0);
	UK_TEST_EXPECT_EQ(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	close(fd);
	/* O_PATH: fstat works, reading does not */
	fd = open(path, O_PATH);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_size, 3);
	EXPECT_ERR(read(fd, path, 1), EBADF);
	close(fd);
	/* O_NOFOLLOW on a symlink: ELOOP, with O_PATH the link itself */
	snprintf(path, sizeof(path), "%s/l", d);
	UK_TEST_ASSERT_EQ(symlink("f", path), 0);
	EXPECT_ERR(open(path, O_RDONLY | O_NOFOLLOW), ELOOP);
	fd = open(path, O_PATH | O_NOFOLLOW);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT(S_ISLNK(st.st_mode));
	close(fd);
}

UK_TESTCASE(vfs, read_write_vectors_and_positions)
{
	const char *d = scratch("rw");
	char path[160], a[8], b[8], buf[32];
	struct iovec iov[2];
	int fd;

	snprintf(path, sizeof(path), "%s/f", d);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	UK_TEST_ASSERT_GE(fd, 0);
	iov[0] = (struct iovec){ "abcd", 4 };
	iov[1] = (struct iovec){ "efgh", 4 };
	UK_TEST_EXPECT_EQ(writev(fd, iov, 2), 8);
	UK_TEST_EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 8);
	UK_TEST_EXPECT_EQ(pwrite(fd, "XY", 2, 2), 2);
	UK_TEST_EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 8);	/* unchanged */
	UK_TEST_EXPECT_EQ(lseek(fd, -3, SEEK_END), 5);
	UK_TEST_EXPECT_EQ(read(fd, buf, sizeof(buf)), 3);
	UK_TEST_EXPECT_MEM_EQ(buf, "fgh", 3);
	UK_TEST_EXPECT_EQ(read(fd, buf, sizeof(buf)), 0);	/* EOF */
	UK_TEST_EXPECT_EQ(pread(fd, buf, 4, 1), 4);
	UK_TEST_EXPECT_MEM_EQ(buf, "bXYe", 4);
	iov[0] = (struct iovec){ a, 3 };
	iov[1] = (struct iovec){ b, 5 };
	UK_TEST_EXPECT_EQ(preadv(fd, iov, 2, 0), 8);
	UK_TEST_EXPECT_MEM_EQ(a, "abX", 3);
	UK_TEST_EXPECT_MEM_EQ(b, "Yefgh", 5);
	UK_TEST_EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	UK_TEST_EXPECT_EQ(readv(fd, iov, 2), 8);
	iov[0] = (struct iovec){ "12", 2 };
	iov[1] = (struct iovec){ "34", 2 };
	UK_TEST_EXPECT_EQ(pwritev(fd, iov, 2, 20), 4);	/* a hole */
	UK_TEST_EXPECT_EQ(pread(fd, buf, 16, 8), 16);
	UK_TEST_EXPECT_EQ(buf[0], 0);
	UK_TEST_EXPECT_MEM_EQ(buf + 12, "1234", 4);
	/* errors */
	EXPECT_ERR(lseek(fd, -100, SEEK_SET), EINVAL);
	EXPECT_ERR(lseek(fd, 0, 42), EINVAL);
	EXPECT_ERR(pread(fd, buf, 1, -1), EINVAL);
	EXPECT_ERR(read(fd, NULL, 4), EFAULT);
	EXPECT_ERR(write(fd, BAD_PTR, 4), EFAULT);
	EXPECT_ERR(read(fd, (void *)16, 4), EFAULT);
	EXPECT_ERR(readv(fd, BAD_PTR, 1), EFAULT);
	EXPECT_ERR(readv(fd, iov, -1), EINVAL);
	UK_TEST_EXPECT_EQ(read(fd, NULL, 0), 0);
	close(fd);
	EXPECT_ERR(read(fd, buf, 1), EBADF);
	EXPECT_ERR(write(-1, buf, 1), EBADF);
	EXPECT_ERR(lseek(123456, 0, SEEK_SET), EBADF);
}

UK_TESTCASE(vfs, dup_shares_offset_and_flags)
{
	const char *d = scratch("dup");
	char path[160], buf[8];
	int fd, fd2, fd3;

	snprintf(path, sizeof(path), "%s/f", d);
	UK_TEST_ASSERT_EQ(write_file(path, "0123456789"), 0);
	fd = open(path, O_RDONLY);
	UK_TEST_ASSERT_GE(fd, 0);
	fd2 = dup(fd);
	UK_TEST_ASSERT_GT(fd2, fd);
	UK_TEST_EXPECT_EQ(read(fd, buf, 3), 3);
	UK_TEST_EXPECT_EQ(read(fd2, buf, 3), 3);
	UK_TEST_EXPECT_MEM_EQ(buf, "345", 3);	/* one offset */
	UK_TEST_EXPECT_EQ(fcntl(fd, F_SETFL, O_NONBLOCK), 0);
	UK_TEST_EXPECT(fcntl(fd2, F_GETFL) & O_NONBLOCK);
	UK_TEST_EXPECT_EQ(fcntl(fd2, F_GETFD), 0);	/* not shared */
	fd3 = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	UK_TEST_EXPECT_GE(fd3, 100);
	UK_TEST_EXPECT_EQ(fcntl(fd3, F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_EQ(dup2(fd, fd3), fd3);	/* replaces, no CLOEXEC */
	UK_TEST_EXPECT_EQ(fcntl(fd3, F_GETFD), 0);
	UK_TEST_EXPECT_EQ(dup2(fd, fd), fd);
	EXPECT_ERR(dup3(fd, fd, 0), EINVAL);
	UK_TEST_EXPECT_EQ(dup3(fd, fd3, O_CLOEXEC), fd3);
	UK_TEST_EXPECT_EQ(fcntl(fd3, F_GETFD), FD_CLOEXEC);
	EXPECT_ERR(dup2(fd, -1), EBADF);
	EXPECT_ERR(dup(-5), EBADF);
	/* closing one leaves the other open at the same offset */
	close(fd);
	UK_TEST_EXPECT_EQ(read(fd2, buf, 2), 2);
	UK_TEST_EXPECT_MEM_EQ(buf, "67", 2);
	/* the lowest free descriptor is the next */
	UK_TEST_EXPECT_EQ(dup(fd2), fd);
	close(fd);
	close(fd2);
	close(fd3);
}

UK_TESTCASE(vfs, record_locks_and_owner)
{
	const char *d = scratch("lock");
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			    .l_start = 1L << 30, .l_len = 1 };
	char path[160];
	int fd;

	snprintf(path, sizeof(path), "%s/db", d);
	fd = open(path, O_RDWR | O_CREAT, 0644);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(fcntl(fd, F_SETLK, &fl), 0);
	UK_TEST_EXPECT_EQ(fcntl(fd, F_SETLKW, &fl), 0);
	fl.l_type = F_RDLCK;
	UK_TEST_EXPECT_EQ(fcntl(fd, F_GETLK, &fl), 0);
	UK_TEST_EXPECT_EQ(fl.l_type, F_UNLCK);	/* our own locks: no clash */
	fl.l_type = F_UNLCK;
	UK_TEST_EXPECT_EQ(fcntl(fd, F_SETLK, &fl), 0);
	fl.l_type = 42;
	EXPECT_ERR(fcntl(fd, F_SETLK, &fl), EINVAL);
	EXPECT_ERR(fcntl(fd, F_SETLK, NULL), EFAULT);
	close(fd);
	fd = open(path, O_RDONLY);
	fl.l_type = F_WRLCK;
	EXPECT_ERR(fcntl(fd, F_SETLK, &fl), EBADF);	/* not writable */
	UK_TEST_EXPECT_EQ(fchown(fd, 0, 0), 0);
	EXPECT_ERR(fcntl(fd, 12345), EINVAL);
	close(fd);
}

UK_TESTCASE(vfs, ioctl_on_files)
{
	const char *d = scratch("ioctl");
	char path[160];
	int fd, n = -1, on = 1;

	snprintf(path, sizeof(path), "%s/f", d);
	UK_TEST_ASSERT_EQ(write_file(path, "12345"), 0);
	fd = open(path, O_RDONLY);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(ioctl(fd, FIONREAD, &n), 0);
	UK_TEST_EXPECT_EQ(n, 5);
	UK_TEST_EXPECT_EQ(ioctl(fd, FIONBIO, &on), 0);
	UK_TEST_EXPECT(fcntl(fd, F_GETFL) & O_NONBLOCK);
	EXPECT_ERR(ioctl(fd, TCGETS, &n), ENOTTY);
	UK_TEST_EXPECT_EQ(isatty(fd), 0);
	UK_TEST_EXPECT_EQ(ioctl(fd, FIOCLEX), 0);
	UK_TEST_EXPECT_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
	close(fd);
}

UK_TESTCASE(vfs, stat_family)
{
	const char *d = scratch("stat");
	char path[160], link[160];
	struct stat st, lst;
	int fd;

	snprintf(path, sizeof(path), "%s/f", d);
	snprintf(link, sizeof(link), "%s/l", d);
	UK_TEST_ASSERT_EQ(write_file(path, "abc"), 0);
	UK_TEST_ASSERT_EQ(symlink(path, link), 0);
	UK_TEST_ASSERT_EQ(stat(link, &st), 0);
	UK_TEST_EXPECT(S_ISREG(st.st_mode));
	UK_TEST_EXPECT_EQ(st.st_size, 3);
	UK_TEST_ASSERT_EQ(lstat(link, &lst), 0);
	UK_TEST_EXPECT(S_ISLNK(lst.st_mode));
	UK_TEST_EXPECT_EQ(lst.st_size, (off_t)strlen(path));
	UK_TEST_EXPECT_NE(lst.st_ino, st.st_ino);
	UK_TEST_EXPECT_EQ(st.st_blksize, 4096);
	UK_TEST_EXPECT_GT(st.st_mtime, 1600000000);	/* the RTC's date */
	fd = open(d, O_RDONLY | O_DIRECTORY);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_ASSERT_EQ(fstatat(fd, "f", &lst, 0), 0);
	UK_TEST_EXPECT_EQ(lst.st_ino, st.st_ino);
	UK_TEST_ASSERT_EQ(fstatat(fd, "l", &lst, AT_SYMLINK_NOFOLLOW), 0);
	UK_TEST_EXPECT(S_ISLNK(lst.st_mode));
	UK_TEST_ASSERT_EQ(fstatat(fd, "", &lst, AT_EMPTY_PATH), 0);
	UK_TEST_EXPECT(S_ISDIR(lst.st_mode));
	EXPECT_ERR(fstatat(fd, "", &lst, 0), ENOENT);
	EXPECT_ERR(fstatat(fd, "f", &lst, 0x40000000), EINVAL);
	close(fd);
	EXPECT_ERR(stat("/no/such/file", &st), ENOENT);
	/* musl's stat() writes the result itself: the raw calls */
	EXPECT_ERR(syscall(SYS_stat, path, NULL), EFAULT);
	EXPECT_ERR(syscall(SYS_newfstatat, AT_FDCWD, path, BAD_PTR, 0),
		   EFAULT);
	EXPECT_ERR(syscall(SYS_stat, BAD_PTR, &st), EFAULT);
	EXPECT_ERR(fstat(-1, &st), EBADF);
#ifdef SYS_statx
	{
		/* statx through the raw syscall: musl 1.2.3 has no wrapper */
		unsigned char buf[256];
		uint64_t ino, size;

		UK_TEST_EXPECT_EQ(syscall(SYS_statx, AT_FDCWD, path, 0,
					  0x7ff, buf), 0);
		memcpy(&ino, buf + 32, 8);
		memcpy(&size, buf + 40, 8);
		UK_TEST_EXPECT_EQ(ino, st.st_ino);
		UK_TEST_EXPECT_EQ(size, 3);
	}
#endif
}

/* The names getdents64 returns, in order, joined by spaces. */
static int list_dir(const char *path, char *out, size_t size)
{
	DIR *dir = opendir(path);
	struct dirent *de;

	if (!dir)
		return -1;
	out[0] = 0;
	while ((de = readdir(dir))) {
		strncat(out, de->d_name, size - strlen(out) - 2);
		strcat(out, " ");
	}
	closedir(dir);
	return 0;
}

UK_TESTCASE(vfs, directories_list_in_creation_order)
{
	const char *d = scratch("list");
	char path[160], names[512];
	struct dirent *de;
	ino_t root_ino;
	struct stat st;
	DIR *dir;
	int i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%c", d, "cab"[i]);
		UK_TEST_ASSERT_EQ(write_file(path, "x"), 0);
	}
	snprintf(path, sizeof(path), "%s/sub", d);
	UK_TEST_ASSERT_EQ(mkdir(path, 0755), 0);
	EXPECT_ERR(mkdir(path, 0755), EEXIST);
	UK_TEST_ASSERT_EQ(list_dir(d, names, sizeof(names)), 0);
	UK_TEST_EXPECT_STR_EQ(names, ". .. c a b sub ");
	/* a removal during a listing neither repeats nor skips the rest:
	 * getdents64 with room for one entry a call (readdir would have
	 * read them all at once) */
	{
		char rec[32];
		int fd = open(d, O_RDONLY | O_DIRECTORY), i;
		char seen[6][8];
		long n;

		UK_TEST_ASSERT_GE(fd, 0);
		for (i = 0; i < 6; i++) {
			n = syscall(SYS_getdents64, fd, rec, sizeof(rec));
			if (n <= 0)
				break;
			UK_TEST_EXPECT_EQ(n, 24);	/* one record */
			snprintf(seen[i], sizeof(seen[i]), "%s", rec + 19);
			if (i == 2) {
				snprintf(path, sizeof(path), "%s/a", d);
				UK_TEST_EXPECT_EQ(unlink(path), 0);
			}
		}
		UK_TEST_EXPECT_EQ(i, 5);
		UK_TEST_EXPECT_STR_EQ(seen[2], "c");
		UK_TEST_EXPECT_STR_EQ(seen[3], "b");
		UK_TEST_EXPECT_STR_EQ(seen[4], "sub");
		UK_TEST_EXPECT_EQ(syscall(SYS_getdents64, fd, rec, 8), 0);
		UK_TEST_EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
		UK_TEST_EXPECT_EQ(syscall(SYS_getdents64, fd, rec, 8), -1);
		UK_TEST_EXPECT_EQ(errno, EINVAL);	/* too small */
		close(fd);
	}
	dir = opendir(d);
	UK_TEST_ASSERT_NOT_NULL(dir);
	while ((de = readdir(dir)) && strcmp(de->d_name, "b"))
		;
	UK_TEST_ASSERT_NOT_NULL(de);
	UK_TEST_EXPECT_EQ(de->d_type, DT_REG);
	de = readdir(dir);
	UK_TEST_EXPECT_EQ(de->d_type, DT_DIR);
	rewinddir(dir);
	de = readdir(dir);
	UK_TEST_EXPECT_STR_EQ(de->d_name, ".");
	closedir(dir);
	/* ".." at the root is the root */
	UK_TEST_ASSERT_EQ(stat("/", &st), 0);
	root_ino = st.st_ino;
	dir = opendir("/");
	UK_TEST_ASSERT_NOT_NULL(dir);
	while ((de = readdir(dir)) && strcmp(de->d_name, ".."))
		;
	UK_TEST_ASSERT_NOT_NULL(de);
	UK_TEST_EXPECT_EQ(de->d_ino, root_ino);
	closedir(dir);
	UK_TEST_ASSERT_EQ(stat("/..", &st), 0);
	UK_TEST_EXPECT_EQ(st.st_ino, root_ino);
	UK_TEST_ASSERT_EQ(stat("/../../tmp/..", &st), 0);
	UK_TEST_EXPECT_EQ(st.st_ino, root_ino);
	/* many entries: the hash table behind the names */
	for (i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "%s/sub/n%03d", d, i);
		UK_TEST_ASSERT_EQ(write_file(path, ""), 0);
	}
	snprintf(path, sizeof(path), "%s/sub/n150", d);
	UK_TEST_EXPECT_EQ(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/sub", d);
	dir = opendir(path);
	UK_TEST_ASSERT_NOT_NULL(dir);
	for (i = 0; (de = readdir(dir)); i++)
		if (i >= 2) {
			char want[8];

			snprintf(want, sizeof(want), "n%03d", i - 2);
			UK_TEST_EXPECT_STR_EQ(de->d_name, want);
		}
	UK_TEST_EXPECT_EQ(i, 302);
	closedir(dir);
	EXPECT_ERR(rmdir(path), ENOTEMPTY);
	for (i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "%s/sub/n%03d", d, i);
		UK_TEST_ASSERT_EQ(unlink(path), 0);
	}
	snprintf(path, sizeof(path), "%s/sub", d);
	UK_TEST_EXPECT_EQ(rmdir(path), 0);
	EXPECT_ERR(rmdir(path), ENOENT);
}

UK_TESTCASE(vfs, unlink_rmdir_errors)
{
	const char *d = scratch("rm");
	char path[160], sub[160];

	snprintf(path, sizeof(path), "%s/f", d);
	snprintf(sub, sizeof(sub), "%s/d", d);
	UK_TEST_ASSERT_EQ(write_file(path, "x"), 0);
	UK_TEST_ASSERT_EQ(mkdir(sub, 0700), 0);
	EXPECT_ERR(rmdir(path), ENOTDIR);
	EXPECT_ERR(unlink(sub), EISDIR);
	EXPECT_ERR(rmdir("/"), EBUSY);
	EXPECT_ERR(rmdir("/tmp/."), EINVAL);
	EXPECT_ERR(unlink("/tmp/nonexistent"), ENOENT);
	EXPECT_ERR(unlinkat(AT_FDCWD, path, 0x1000), EINVAL);
	UK_TEST_EXPECT_EQ(unlinkat(AT_FDCWD, sub, AT_REMOVEDIR), 0);
	UK_TEST_EXPECT_EQ(unlinkat(AT_FDCWD, path, 0), 0);
	EXPECT_ERR(unlink(path), ENOENT);
	EXPECT_ERR(mkdir("/tmp/no/such", 0755), ENOENT);
	EXPECT_ERR(mkdir(NULL, 0755), EFAULT);
}

UK_TESTCASE(vfs, unlinked_but_open_stays_readable)
{
	const char *d = scratch("unlinked");
	char path[160], buf[16];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/f", d);
	UK_TEST_ASSERT_EQ(write_file(path, "still here"), 0);
	fd = open(path, O_RDWR);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_ASSERT_EQ(unlink(path), 0);
	EXPECT_ERR(stat(path, &st), ENOENT);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_nlink, 0);
	UK_TEST_EXPECT_EQ(read(fd, buf, sizeof(buf)), 10);
	UK_TEST_EXPECT_MEM_EQ(buf, "still here", 10);
	UK_TEST_EXPECT_EQ(write(fd, "!", 1), 1);
	UK_TEST_EXPECT_EQ(pread(fd, buf, 11, 0), 11);
	/* a new file with the name is another file */
	UK_TEST_ASSERT_EQ(write_file(path, "new"), 0);
	UK_TEST_EXPECT_EQ(pread(fd, buf, 3, 0), 3);
	UK_TEST_EXPECT_MEM_EQ(buf, "sti", 3);
	close(fd);
	UK_TEST_EXPECT_EQ(unlink(path), 0);
}

UK_TESTCASE(vfs, sparse_files_cost_their_data)
{
	const char *d = scratch("sparse");
	char path[160], buf[4096];
	off_t far = 64L * 1024 * 1024 * 1024;	/* 64 GiB */
	struct stat st;
	int fd, i;

	snprintf(path, sizeof(path), "%s/f", d);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(pwrite(fd, "end", 3, far), 3);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_size, far + 3);
	UK_TEST_EXPECT_LE(st.st_blocks, 8);	/* one page */
	UK_TEST_EXPECT_EQ(pread(fd, buf, sizeof(buf), far / 2), 4096);
	for (i = 0; i < 4096 && !buf[i]; i++)
		;
	UK_TEST_EXPECT_EQ(i, 4096);
	UK_TEST_EXPECT_EQ(pread(fd, buf, 10, far), 3);
	UK_TEST_EXPECT_MEM_EQ(buf, "end", 3);
	UK_TEST_EXPECT_EQ(lseek(fd, 0, SEEK_END), far + 3);
	/* shrinking then growing shows zeros, not the old bytes */
	UK_TEST_EXPECT_EQ(ftruncate(fd, 0), 0);
	UK_TEST_EXPECT_EQ(lseek(fd, 0, SEEK_SET), 0);
	UK_TEST_EXPECT_EQ(write(fd, "abcdefgh", 8), 8);
	UK_TEST_EXPECT_EQ(ftruncate(fd, 3), 0);
	UK_TEST_EXPECT_EQ(ftruncate(fd, 8), 0);
	UK_TEST_EXPECT_EQ(pread(fd, buf, 8, 0), 8);
	UK_TEST_EXPECT_MEM_EQ(buf, "abc\0\0\0\0\0", 8);
	EXPECT_ERR(ftruncate(fd, -1), EINVAL);
	UK_TEST_EXPECT_EQ(fallocate(fd, 0, 0, 3 * 4096), 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_size, 3 * 4096);
	UK_TEST_EXPECT_EQ(st.st_blocks, 3 * 8);
	EXPECT_ERR(fallocate(fd, 0x10, 0, 4096), EOPNOTSUPP);
	UK_TEST_EXPECT_EQ(truncate(path, 1), 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_size, 1);
	close(fd);
	EXPECT_ERR(truncate(d, 0), EISDIR);
	UK_TEST_EXPECT_EQ(unlink(path), 0);
}

UK_TESTCASE(vfs, rename_over_existing_and_noreplace)
{
	const char *d = scratch("rename");
	char a[160], b[160], sub[160], buf[16];
	struct stat st;
	int fd;

	snprintf(a, sizeof(a), "%s/a", d);
	snprintf(b, sizeof(b), "%s/b", d);
	snprintf(sub, sizeof(sub), "%s/sub", d);
	UK_TEST_ASSERT_EQ(write_file(a, "A"), 0);
	UK_TEST_ASSERT_EQ(write_file(b, "B"), 0);
	fd = open(b, O_RDONLY);		/* the replaced file stays open */
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(rename(a, b), 0);
	EXPECT_ERR(stat(a, &st), ENOENT);
	UK_TEST_EXPECT_EQ(read_file(b, buf, sizeof(buf)), 1);
	UK_TEST_EXPECT_STR_EQ(buf, "A");
	UK_TEST_EXPECT_EQ(read(fd, buf, 1), 1);
	UK_TEST_EXPECT_EQ(buf[0], 'B');
	close(fd);
	UK_TEST_ASSERT_EQ(write_file(a, "A2"), 0);
	EXPECT_ERR(renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE),
		   EEXIST);
	UK_TEST_EXPECT_EQ(rename(a, a), 0);
	/* directories: into another, not into itself, not over a file */
	UK_TEST_ASSERT_EQ(mkdir(sub, 0755), 0);
	snprintf(buf, sizeof(buf), "x");
	EXPECT_ERR(rename(sub, b), ENOTDIR);
	EXPECT_ERR(rename(b, sub), EISDIR);
	{
		char in[192];

		snprintf(in, sizeof(in), "%s/inner", sub);
		EXPECT_ERR(rename(sub, in), EINVAL);
		UK_TEST_EXPECT_EQ(rename(a, in), 0);
		UK_TEST_EXPECT_EQ(stat(in, &st), 0);
		snprintf(in, sizeof(in), "%s/moved", d);
		UK_TEST_EXPECT_EQ(rename(sub, in), 0);
		snprintf(in, sizeof(in), "%s/moved/inner", d);
		UK_TEST_EXPECT_EQ(stat(in, &st), 0);
		UK_TEST_EXPECT_EQ(unlink(in), 0);
		snprintf(in, sizeof(in), "%s/moved", d);
		UK_TEST_EXPECT_EQ(rmdir(in), 0);
	}
	EXPECT_ERR(rename("/tmp/none", b), ENOENT);
	EXPECT_ERR(rename("/", b), EBUSY);
	EXPECT_ERR(renameat2(AT_FDCWD, a, AT_FDCWD, b, 4), EINVAL);
	UK_TEST_EXPECT_EQ(unlink(b), 0);
}

UK_TESTCASE(vfs, links_and_symlinks)
{
	const char *d = scratch("links");
	char f[160], h[160], s[160], loop[160], buf[256];
	struct stat st;

	snprintf(f, sizeof(f), "%s/f", d);
	snprintf(h, sizeof(h), "%s/h", d);
	snprintf(s, sizeof(s), "%s/s", d);
	snprintf(loop, sizeof(loop), "%s/loop", d);
	UK_TEST_ASSERT_EQ(write_file(f, "data"), 0);
	UK_TEST_EXPECT_EQ(link(f, h), 0);
	UK_TEST_EXPECT_EQ(stat(f, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_nlink, 2);
	EXPECT_ERR(link(f, h), EEXIST);
	EXPECT_ERR(link(d, s), EPERM);
	UK_TEST_EXPECT_EQ(unlink(f), 0);
	UK_TEST_EXPECT_EQ(read_file(h, buf, sizeof(buf)), 4);
	UK_TEST_EXPECT_EQ(symlink("h", s), 0);		/* relative */
	UK_TEST_EXPECT_EQ(read_file(s, buf, sizeof(buf)), 4);
	UK_TEST_EXPECT_EQ(readlink(s, buf, sizeof(buf)), 1);
	UK_TEST_EXPECT_EQ(buf[0], 'h');
	EXPECT_ERR(readlink(h, buf, sizeof(buf)), EINVAL);
	/* musl's readlink() makes a size of 0 one: the raw call */
	EXPECT_ERR(syscall(SYS_readlink, s, buf, 0), EINVAL);
	EXPECT_ERR(symlink("x", s), EEXIST);
	/* a loop: ELOOP; a dangling link: ENOENT */
	UK_TEST_EXPECT_EQ(symlink("loop", loop), 0);
	EXPECT_ERR(open(loop, O_RDONLY), ELOOP);
	EXPECT_ERR(stat(loop, &st), ELOOP);
	UK_TEST_EXPECT_EQ(lstat(loop, &st), 0);
	UK_TEST_EXPECT_EQ(unlink(h), 0);
	EXPECT_ERR(stat(s, &st), ENOENT);
	/* an absolute symlink to a directory, in the middle of a path */
	snprintf(buf, sizeof(buf), "%s/etc", d);
	UK_TEST_EXPECT_EQ(symlink("/etc", buf), 0);
	snprintf(buf, sizeof(buf), "%s/etc/passwd", d);
	UK_TEST_EXPECT_EQ(stat(buf, &st), 0);
	snprintf(buf, sizeof(buf), "%s/etc/", d);
	UK_TEST_EXPECT_EQ(stat(buf, &st), 0);
	UK_TEST_EXPECT(S_ISDIR(st.st_mode));
	UK_TEST_EXPECT_EQ(linkat(AT_FDCWD, "/etc/hosts", AT_FDCWD,
				 "/tmp/links/hosts2", 0), 0);
	UK_TEST_EXPECT_EQ(unlink("/tmp/links/hosts2"), 0);
}

UK_TESTCASE(vfs, long_names_and_paths)
{
	char name[300], *path;
	struct stat st;
	size_t i;

	/* a component of 255 bytes is fine, of 256 too long */
	strcpy(name, "/tmp/");
	memset(name + 5, 'n', 255);
	name[260] = 0;
	UK_TEST_EXPECT_EQ(write_file(name, "x"), 0);
	UK_TEST_EXPECT_EQ(unlink(name), 0);
	strcat(name, "n");
	EXPECT_ERR(open(name, O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
	EXPECT_ERR(stat(name, &st), ENAMETOOLONG);
	/* a path of PATH_MAX bytes or more */
	path = malloc(PATH_MAX + 10);
	UK_TEST_ASSERT_NOT_NULL(path);
	for (i = 0; i < PATH_MAX + 5; i++)
		path[i] = i % 2 ? '/' : 'a';
	path[PATH_MAX + 5] = 0;
	EXPECT_ERR(open(path, O_RDONLY), ENAMETOOLONG);
	EXPECT_ERR(stat(path, &st), ENAMETOOLONG);
	free(path);
}

UK_TESTCASE(vfs, cwd_chdir_getcwd)
{
	const char *d = scratch("cwd");
	char buf[256], sub[160];
	struct stat st;
	int fd;

	UK_TEST_ASSERT_NOT_NULL(getcwd(buf, sizeof(buf)));
	UK_TEST_EXPECT_STR_EQ(buf, "/");
	UK_TEST_ASSERT_EQ(chdir(d), 0);
	UK_TEST_ASSERT_NOT_NULL(getcwd(buf, sizeof(buf)));
	UK_TEST_EXPECT_STR_EQ(buf, "/tmp/cwd");
	UK_TEST_ASSERT_EQ(write_file("rel", "r"), 0);
	UK_TEST_EXPECT_EQ(stat("/tmp/cwd/rel", &st), 0);
	UK_TEST_EXPECT_EQ(mkdir("sub", 0755), 0);
	UK_TEST_EXPECT_EQ(chdir("sub/.."), 0);
	EXPECT_ERR(chdir("rel"), ENOTDIR);
	errno = 0;
	UK_TEST_EXPECT_NULL(getcwd(buf, 3));
	UK_TEST_EXPECT_EQ(errno, ERANGE);
	/* a renamed parent shows in getcwd */
	UK_TEST_EXPECT_EQ(chdir("sub"), 0);
	UK_TEST_EXPECT_EQ(rename("/tmp/cwd", "/tmp/cwd2"), 0);
	UK_TEST_ASSERT_NOT_NULL(getcwd(buf, sizeof(buf)));
	UK_TEST_EXPECT_STR_EQ(buf, "/tmp/cwd2/sub");
	/* the cwd removed: no path, nothing can be made in it */
	UK_TEST_EXPECT_EQ(rmdir("/tmp/cwd2/sub"), 0);
	errno = 0;
	UK_TEST_EXPECT_NULL(getcwd(buf, sizeof(buf)));
	UK_TEST_EXPECT_EQ(errno, ENOENT);
	EXPECT_ERR(open("x", O_WRONLY | O_CREAT, 0644), ENOENT);
	UK_TEST_EXPECT_EQ(stat(".", &st), 0);
	UK_TEST_EXPECT_EQ(st.st_nlink, 0);
	EXPECT_ERR(stat("..", &st), ENOENT);
	fd = open("/tmp/cwd2", O_RDONLY | O_DIRECTORY);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(fchdir(fd), 0);
	close(fd);
	UK_TEST_ASSERT_NOT_NULL(getcwd(buf, sizeof(buf)));
	UK_TEST_EXPECT_STR_EQ(buf, "/tmp/cwd2");
	snprintf(sub, sizeof(sub), "rel");
	UK_TEST_EXPECT_EQ(unlink(sub), 0);
	UK_TEST_EXPECT_EQ(chdir("/"), 0);
	UK_TEST_EXPECT_EQ(rmdir("/tmp/cwd2"), 0);
	EXPECT_ERR(chdir(""), ENOENT);
	EXPECT_ERR(fchdir(0), ENOTDIR);
}

UK_TESTCASE(vfs, attributes_and_access)
{
	const char *d = scratch("attr");
	struct timespec ts[2] = { { 1000000000, 5 }, { 1200000000, 7 } };
	char path[160];
	struct stat st;
	mode_t old;
	int fd;

	snprintf(path, sizeof(path), "%s/f", d);
	old = umask(077);
	UK_TEST_EXPECT_EQ(old, 022);
	fd = open(path, O_RDWR | O_CREAT, 0666);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_mode & 0777, 0600);
	UK_TEST_EXPECT_EQ(umask(old), 077);
	UK_TEST_EXPECT_EQ(chmod(path, 0751), 0);
	UK_TEST_EXPECT_EQ(fchmod(fd, 04755), 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_mode & 07777, 04755);
	UK_TEST_EXPECT_EQ(chown(path, 1000, 2000), 0);
	UK_TEST_EXPECT_EQ(fchown(fd, -1, 3000), 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_uid, 1000);
	UK_TEST_EXPECT_EQ(st.st_gid, 3000);
	UK_TEST_EXPECT_EQ(utimensat(AT_FDCWD, path, ts, 0), 0);
	UK_TEST_EXPECT_EQ(stat(path, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_atim.tv_sec, 1000000000);
	UK_TEST_EXPECT_EQ(st.st_mtim.tv_sec, 1200000000);
	UK_TEST_EXPECT_EQ(st.st_mtim.tv_nsec, 7);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	UK_TEST_EXPECT_EQ(futimens(fd, ts), 0);
	UK_TEST_EXPECT_EQ(fstat(fd, &st), 0);
	UK_TEST_EXPECT_EQ(st.st_atim.tv_sec, 1000000000);
	UK_TEST_EXPECT_GT(st.st_mtim.tv_sec, 1600000000);
	ts[1].tv_nsec = 2000000000;
	EXPECT_ERR(futimens(fd, ts), EINVAL);
	UK_TEST_EXPECT_EQ(access(path, R_OK | W_OK | X_OK), 0);
	UK_TEST_EXPECT_EQ(chmod(path, 0644), 0);
	EXPECT_ERR(access(path, X_OK), EACCES);
	UK_TEST_EXPECT_EQ(faccessat(AT_FDCWD, path, R_OK, AT_EACCESS), 0);
	EXPECT_ERR(access("/tmp/attr/none", F_OK), ENOENT);
	EXPECT_ERR(access(path, 0x80), EINVAL);
	close(fd);
	UK_TEST_EXPECT_EQ(unlink(path), 0);
}

UK_TESTCASE(vfs, sync_calls_and_statfs)
{
	const char *d = scratch("sync");
	struct statfs sf;
	char path[160];
	int fd, dfd;

	snprintf(path, sizeof(path), "%s/f", d);
	fd = open(path, O_RDWR | O_CREAT, 0644);
	dfd = open(d, O_RDONLY | O_DIRECTORY);
	UK_TEST_ASSERT_GE(fd, 0);
	UK_TEST_ASSERT_GE(dfd, 0);
	UK_TEST_EXPECT_EQ(fsync(fd), 0);
	UK_TEST_EXPECT_EQ(fdatasync(fd), 0);
	UK_TEST_EXPECT_EQ(fsync(dfd), 0);	/* SQLite's journal does */
	UK_TEST_EXPECT_EQ(fdatasync(dfd), 0);
	sync();
	EXPECT_ERR(fsync(1), EINVAL);		/* a terminal */
	EXPECT_ERR(fsync(-1), EBADF);
	UK_TEST_EXPECT_EQ(fstatfs(fd, &sf), 0);
	UK_TEST_EXPECT_EQ(sf.f_type, 0x858458f6);
	UK_TEST_EXPECT_GT(sf.f_bfree, 1000);
	UK_TEST_EXPECT_EQ(statfs("/", &sf), 0);
	UK_TEST_EXPECT_EQ(sf.f_bsize, 4096);
	EXPECT_ERR(statfs("/none", &sf), ENOENT);
	close(fd);
	close(dfd);
}

UK_TESTCASE(vfs, sendfile_and_copy_file_range)
{
	const char *d = scratch("sendfile");
	char src[160], dst[160], buf[64];
	int in, out, p[2];
	off_t off;

	snprintf(src, sizeof(src), "%s/src", d);
	snprintf(dst, sizeof(dst), "%s/dst", d);
	UK_TEST_ASSERT_EQ(write_file(src, "0123456789abcdef"), 0);
	in = open(src, O_RDONLY);
	out = open(dst, O_RDWR | O_CREAT | O_TRUNC, 0644);
	UK_TEST_ASSERT_GE(in, 0);
	UK_TEST_ASSERT_GE(out, 0);
	/* at an offset: the input's position stays */
	off = 4;
	UK_TEST_EXPECT_EQ(sendfile(out, in, &off, 6), 6);
	UK_TEST_EXPECT_EQ(off, 10);
	UK_TEST_EXPECT_EQ(lseek(in, 0, SEEK_CUR), 0);
	/* at the position: it advances; past the end: what there is */
	UK_TEST_EXPECT_EQ(lseek(in, 12, SEEK_SET), 12);
	UK_TEST_EXPECT_EQ(sendfile(out, in, NULL, 100), 4);
	UK_TEST_EXPECT_EQ(lseek(in, 0, SEEK_CUR), 16);
	UK_TEST_EXPECT_EQ(sendfile(out, in, NULL, 100), 0);
	UK_TEST_EXPECT_EQ(pread(out, buf, sizeof(buf), 0), 10);
	UK_TEST_EXPECT_MEM_EQ(buf, "456789cdef", 10);
	/* to a pipe */
	UK_TEST_ASSERT_EQ(pipe(p), 0);
	off = 0;
	UK_TEST_EXPECT_EQ(sendfile(p[1], in, &off, 16), 16);
	UK_TEST_EXPECT_EQ(read(p[0], buf, sizeof(buf)), 16);
	UK_TEST_EXPECT_MEM_EQ(buf, "0123456789abcdef", 16);
	EXPECT_ERR(sendfile(p[1], p[0], NULL, 1), EINVAL);
	EXPECT_ERR(sendfile(in, out, NULL, 1), EBADF);
	close(p[0]);
	close(p[1]);
	/* copy_file_range */
	off_t ioff = 0, ooff = 100;

	UK_TEST_EXPECT_EQ(copy_file_range(in, &ioff, out, &ooff, 5, 0), 5);
	UK_TEST_EXPECT_EQ(ioff, 5);
	UK_TEST_EXPECT_EQ(ooff, 105);
	UK_TEST_EXPECT_EQ(pread(out, buf, 5, 100), 5);
	UK_TEST_EXPECT_MEM_EQ(buf, "01234", 5);
	EXPECT_ERR(copy_file_range(in, &ioff, out, &ooff, 5, 1), EINVAL);
	close(in);
	close(out);
}

UK_TESTCASE(vfs, mmap_of_files)
{
	const char *d = scratch("mmap");
	char path[160];
	char *p;
	int fd;

	snprintf(path, sizeof(path), "%s/f", d);
	UK_TEST_ASSERT_EQ(write_file(path, "mapped contents"), 0);
	fd = open(path, O_RDONLY);
	UK_TEST_ASSERT_GE(fd, 0);
	p = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	UK_TEST_ASSERT(p != MAP_FAILED);
	UK_TEST_EXPECT_MEM_EQ(p, "mapped contents", 15);
	UK_TEST_EXPECT_EQ(p[15], 0);
	UK_TEST_EXPECT_EQ(p[5000], 0);		/* past the end: zeros */
	UK_TEST_EXPECT_EQ(munmap(p, 8192), 0);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	UK_TEST_ASSERT(p != MAP_FAILED);
	p[0] = 'M';				/* private: the file stays */
	UK_TEST_EXPECT_EQ(munmap(p, 4096), 0);
	errno = 0;
	UK_TEST_EXPECT(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
			    fd, 0) == MAP_FAILED);
	UK_TEST_EXPECT_EQ(errno, EACCES);	/* read-only descriptor */
	close(fd);
	fd = open(path, O_RDWR);
	errno = 0;
	UK_TEST_EXPECT(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
			    fd, 0) == MAP_FAILED);
	UK_TEST_EXPECT_EQ(errno, ENODEV);	/* not coherent: refused */
	errno = 0;
	UK_TEST_EXPECT(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 77, 0) ==
		       MAP_FAILED);
	UK_TEST_EXPECT_EQ(errno, EBADF);
	close(fd);
	{
		char c;

		UK_TEST_EXPECT_EQ(read_file(path, &c, 1), 0);
	}
}

UK_TESTCASE(vfs, fd_exhaustion_is_emfile)
{
	struct rlimit old, lim;
	int fds[64], n, fd;

	UK_TEST_ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &old), 0);
	lim = old;
	lim.rlim_cur = 40;
	UK_TEST_ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lim), 0);
	for (n = 0; n < 64; n++) {
		fds[n] = open("/etc/hosts", O_RDONLY);
		if (fds[n] < 0)
			break;
	}
	UK_TEST_EXPECT_LT(n, 40);
	UK_TEST_EXPECT_EQ(errno, EMFILE);
	EXPECT_ERR(dup(0), EMFILE);
	EXPECT_ERR(fcntl(0, F_DUPFD, 40), EINVAL);
	EXPECT_ERR(dup2(0, 40), EBADF);
	while (n--)
		close(fds[n]);
	UK_TEST_EXPECT_EQ(setrlimit(RLIMIT_NOFILE, &old), 0);
	/* past the 64 the table starts with: it grows */
	for (n = 0; n < 64; n++)
		fds[n] = open("/etc/hosts", O_RDONLY);
	UK_TEST_EXPECT_GE(fds[63], 64);
	fd = dup2(0, 900);
	UK_TEST_EXPECT_EQ(fd, 900);
	close(fd);
	for (n = 0; n < 64; n++)
		close(fds[n]);
}

UK_TESTCASE(vfs, write_past_fsize_limit_is_efbig)
{
	const char *d = scratch("fsize");
	struct rlimit old, lim;
	char path[160], buf[16];
	struct sigaction sa = { .sa_handler = SIG_IGN }, osa;
	int fd;

	snprintf(path, sizeof(path), "%s/f", d);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	UK_TEST_ASSERT_GE(fd, 0);
	sigaction(SIGXFSZ, &sa, &osa);
	UK_TEST_ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 10;
	UK_TEST_ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &lim), 0);
	UK_TEST_EXPECT_EQ(write(fd, "0123456789abc", 13), 10);	/* short */
	EXPECT_ERR(write(fd, "x", 1), EFBIG);
	EXPECT_ERR(ftruncate(fd, 11), EFBIG);
	UK_TEST_EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &old), 0);
	sigaction(SIGXFSZ, &osa, NULL);
	UK_TEST_EXPECT_EQ(pread(fd, buf, 16, 0), 10);	/* nothing lost */
	UK_TEST_EXPECT_MEM_EQ(buf, "0123456789", 10);
	close(fd);
	UK_TEST_EXPECT_EQ(unlink(path), 0);
}

UK_TESTCASE(vfs, out_of_memory_is_enospc_and_loses_nothing)
{
	const char *d = scratch("full");
	static char chunk[64 * 1024];
	char path[160], buf[16];
	long written = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/f", d);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	UK_TEST_ASSERT_GE(fd, 0);
	memset(chunk, 'z', sizeof(chunk));
	memcpy(chunk, "start", 5);
	for (;;) {
		n = write(fd, chunk, sizeof(chunk));
		if (n < 0)
			break;
		written += n;
	}
	UK_TEST_EXPECT_EQ(errno, ENOSPC);
	UK_TEST_EXPECT_GT(written, 1L << 20);
	/* the kernel is alive, what was written is there */
	UK_TEST_EXPECT_EQ(lseek(fd, 0, SEEK_END), written);
	UK_TEST_EXPECT_EQ(pread(fd, buf, 5, 0), 5);
	UK_TEST_EXPECT_MEM_EQ(buf, "start", 5);
	UK_TEST_EXPECT_EQ(pread(fd, buf, 1, written - 1), 1);
	UK_TEST_EXPECT_EQ(buf[0], 'z');
	close(fd);
	UK_TEST_EXPECT_EQ(unlink(path), 0);
	/* freed: memory is there again */
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	UK_TEST_EXPECT_EQ(write(fd, chunk, sizeof(chunk)), sizeof(chunk));
	close(fd);
	UK_TEST_EXPECT_EQ(unlink(path), 0);
}

/* --- threads in one directory ------------------------------------------ */

#define NAMERS		4
#define NAMER_ROUNDS	150

static void *namer(void *arg)
{
	long id = (long)arg, i, bad = 0;
	char a[64], b[64];

	for (i = 0; i < NAMER_ROUNDS; i++) {
		snprintf(a, sizeof(a), "/tmp/race/t%ld-%ld", id, i);
		snprintf(b, sizeof(b), "/tmp/race/r%ld-%ld", id, i);
		if (write_file(a, "x") || rename(a, b))
			bad++;
		if (i % 3 == 0 && unlink(b))
			bad++;
		if (i % 10 == 0)
			sched_yield();
	}
	return (void *)bad;
}

UK_TESTCASE(vfs, threads_create_rename_delete_in_one_dir)
{
	pthread_t t[NAMERS];
	char names[64];
	struct dirent *de;
	long i, bad = 0, count = 0;
	void *r;
	DIR *dir;

	scratch("race");
	for (i = 0; i < NAMERS; i++)
		UK_TEST_ASSERT_EQ(pthread_create(&t[i], NULL, namer,
						 (void *)i), 0);
	for (i = 0; i < NAMERS; i++) {
		pthread_join(t[i], &r);
		bad += (long)r;
	}
	UK_TEST_EXPECT_EQ(bad, 0);
	dir = opendir("/tmp/race");
	UK_TEST_ASSERT_NOT_NULL(dir);
	while ((de = readdir(dir))) {
		if (de->d_name[0] == 'r')
			count++;
		if (de->d_name[0] == 't')
			bad++;
	}
	closedir(dir);
	/* every file is there once, under its new name */
	UK_TEST_EXPECT_EQ(bad, 0);
	UK_TEST_EXPECT_EQ(count, NAMERS * (NAMER_ROUNDS -
					   (NAMER_ROUNDS + 2) / 3));
	snprintf(names, sizeof(names), "/tmp/race/r0-1");
	UK_TEST_EXPECT_EQ(access(names, F_OK), 0);
}

UK_TESTCASE(vfs, mount_and_umount)
{
	struct stat st, root;
	char buf[8];

	UK_TEST_ASSERT_EQ(mkdir("/tmp/mnt", 0755), 0);
	UK_TEST_ASSERT_EQ(write_file("/tmp/mnt/under", "u"), 0);
	EXPECT_ERR(mount("none", "/tmp/mnt", "nofs", 0, NULL), ENODEV);
	EXPECT_ERR(mount("none", "/tmp/none", "tmpfs", 0, NULL), ENOENT);
	UK_TEST_ASSERT_EQ(mount("none", "/tmp/mnt", "tmpfs", 0, NULL), 0);
	/* the mount hides what was there, and has a device of its own */
	EXPECT_ERR(stat("/tmp/mnt/under", &st), ENOENT);
	UK_TEST_ASSERT_EQ(write_file("/tmp/mnt/over", "o"), 0);
	UK_TEST_ASSERT_EQ(stat("/tmp/mnt/over", &st), 0);
	UK_TEST_ASSERT_EQ(stat("/", &root), 0);
	UK_TEST_EXPECT_NE(st.st_dev, root.st_dev);
	EXPECT_ERR(rename("/tmp/mnt/over", "/tmp/over"), EXDEV);
	EXPECT_ERR(link("/tmp/mnt/over", "/tmp/over"), EXDEV);
	EXPECT_ERR(rmdir("/tmp/mnt"), EBUSY);
	UK_TEST_ASSERT_EQ(chdir("/tmp/mnt"), 0);
	EXPECT_ERR(umount("/tmp/mnt"), EBUSY);		/* our cwd */
	UK_TEST_ASSERT_EQ(chdir(".."), 0);
	UK_TEST_ASSERT_NOT_NULL(getcwd(buf, sizeof(buf)));
	UK_TEST_EXPECT_STR_EQ(buf, "/tmp");
	UK_TEST_ASSERT_EQ(chdir("/"), 0);
	EXPECT_ERR(umount("/tmp"), EINVAL);		/* not a mount */
	EXPECT_ERR(umount("/"), EBUSY);
	UK_TEST_EXPECT_EQ(umount("/tmp/mnt"), 0);
	UK_TEST_EXPECT_EQ(stat("/tmp/mnt/under", &st), 0);
	EXPECT_ERR(stat("/tmp/mnt/over", &st), ENOENT);
	UK_TEST_EXPECT_EQ(unlink("/tmp/mnt/under"), 0);
	UK_TEST_EXPECT_EQ(rmdir("/tmp/mnt"), 0);
}

/* vfs.mount=tmpfs:/data (the test runner passes it): mounted at boot */
UK_TESTCASE(vfs, mounted_by_kernel_parameter)
{
	struct statfs sf;

	if (access("/data", F_OK))
		UK_TEST_SKIP("needs vfs.mount=tmpfs:/data");
	UK_TEST_ASSERT_EQ(statfs("/data", &sf), 0);
	UK_TEST_EXPECT_EQ(sf.f_type, 0x858458f6);
	UK_TEST_EXPECT_EQ(write_file("/data/x", "x"), 0);
	UK_TEST_EXPECT_EQ(unlink("/data/x"), 0);
}
