// SPDX-License-Identifier: BSD-3-Clause
/*
 * ninep-test: the guest side of the 9p tests (support/scripts/test,
 * group "9p"; README.md). `ninep-test DIR` does the file operations on
 * DIR, a host folder the test prepared, and leaves files there that the
 * test checks from the host afterwards.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define BIG_SIZE	300000
#define GBIG_SIZE	200000

static int passed, failed;

static void result(const char *name, bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		printf("ninep: ok %s\n", name);
		return;
	}
	failed++;
	printf("ninep: FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno %d %s)\n", errno, strerror(errno));
}

#define CHECK(name, cond, ...) result(name, (cond), __VA_ARGS__)

/* The host's big.bin, byte i; and the guest's gbig.bin. */
static unsigned char big_byte(size_t i)
{
	return (unsigned char)(i * 7 + i / 251);
}

static unsigned char gbig_byte(size_t i)
{
	return (unsigned char)(i * 13 + 5);
}

static bool big_ok(const unsigned char *b, size_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i] != big_byte(off + i))
			return false;
	return true;
}

static char *slurp(const char *path, ssize_t *len)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);

	*len = -1;
	if (fd < 0)
		return NULL;
	*len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (*len < 0)
		return NULL;
	buf[*len] = 0;
	return buf;
}

static bool put_file(const char *path, const char *text)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return false;
	n = write(fd, text, strlen(text));
	return !close(fd) && n == (ssize_t)strlen(text);
}

static bool in_dir(int dfd, const char *name, unsigned char *type)
{
	char buf[2048];
	long n, at;

	if (lseek(dfd, 0, SEEK_SET))
		return false;
	while ((n = getdents(dfd, (struct dirent *)buf, sizeof(buf))) > 0) {
		for (at = 0; at < n;) {
			struct dirent *d = (struct dirent *)(buf + at);

			if (!strcmp(d->d_name, name)) {
				if (type)
					*type = d->d_type;
				return true;
			}
			at += d->d_reclen;
		}
	}
	return false;
}

static void reads(void)
{
	static unsigned char buf[BIG_SIZE + 100];
	struct iovec iov[3];
	struct stat st;
	ssize_t n, len;
	char *s;
	int fd;

	s = slurp("host.txt", &len);
	CHECK("read a host file", s && !strcmp(s, "written by the host\n"),
	      "got %zd bytes", len);
	fd = open("host.txt", O_RDONLY);
	n = pread(fd, buf, 100, 8);
	buf[n > 0 ? n : 0] = 0;
	CHECK("pread", n == 12 && !strcmp((char *)buf, "by the host\n"),
	      "pread gave %zd", n);
	CHECK("fstat", !fstat(fd, &st) && S_ISREG(st.st_mode) &&
	      st.st_size == 20 && st.st_nlink == 1, "size %lld",
	      (long long)st.st_size);
	close(fd);

	fd = open("big.bin", O_RDONLY);
	CHECK("lseek SEEK_END", lseek(fd, 0, SEEK_END) == BIG_SIZE, "");
	n = pread(fd, buf, 4096, 4096);
	CHECK("pread 4 KiB", n == 4096 && big_ok(buf, 4096, 4096), "%zd", n);
	n = pread(fd, buf, 65536, 100000);
	CHECK("pread 64 KiB", n == 65536 && big_ok(buf, 100000, 65536), "%zd",
	      n);
	n = pread(fd, buf, sizeof(buf), 0);
	CHECK("read a whole 300 kB file", n == BIG_SIZE &&
	      big_ok(buf, 0, BIG_SIZE), "%zd", n);
	n = pread(fd, buf, 100, BIG_SIZE);
	CHECK("read at the end is 0", n == 0, "%zd", n);
	memset(buf, 0, sizeof(buf));
	iov[0] = (struct iovec){ buf, 1 };
	iov[1] = (struct iovec){ buf + 1, 0 };
	iov[2] = (struct iovec){ buf + 1, 9999 };
	lseek(fd, 77, SEEK_SET);
	n = readv(fd, iov, 3);
	CHECK("readv", n == 10000 && big_ok(buf, 77, 10000) &&
	      lseek(fd, 0, SEEK_CUR) == 10077, "%zd", n);
	close(fd);
}

static void sendfile_mmap_poll(void)
{
	static unsigned char buf[BIG_SIZE];
	struct epoll_event ev = { .events = EPOLLIN };
	struct pollfd p[2];
	off_t off = 1000;
	int fd, out, ep, rc9, rcram, e9, eram;
	ssize_t n, total = 0;
	void *m;

	fd = open("big.bin", O_RDONLY);
	out = open("/tmp/copy", O_CREAT | O_RDWR | O_TRUNC, 0644);
	while ((n = sendfile(out, fd, NULL, BIG_SIZE)) > 0)
		total += n;
	n = pread(out, buf, sizeof(buf), 0);
	CHECK("sendfile from a share file", total == BIG_SIZE &&
	      n == BIG_SIZE && big_ok(buf, 0, BIG_SIZE), "sent %zd", total);
	n = sendfile(out, fd, &off, 5000);
	CHECK("sendfile with an offset", n == 5000 && off == 6000, "%zd", n);

	m = mmap(NULL, BIG_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK("mmap of a share file (a copy)", m != MAP_FAILED &&
	      big_ok(m, 0, BIG_SIZE), "");
	if (m != MAP_FAILED)
		munmap(m, BIG_SIZE);

	p[0] = (struct pollfd){ .fd = fd, .events = POLLIN | POLLOUT };
	p[1] = (struct pollfd){ .fd = out, .events = POLLIN | POLLOUT };
	CHECK("poll: a share file is ready as a ramfs file",
	      poll(p, 2, 0) == 2 && p[0].revents == p[1].revents &&
	      (p[0].revents & POLLIN), "revents 0x%x, ramfs 0x%x",
	      p[0].revents, p[1].revents);
	ep = epoll_create1(0);
	rc9 = epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	e9 = errno;
	rcram = epoll_ctl(ep, EPOLL_CTL_ADD, out, &ev);
	eram = errno;
	CHECK("epoll_ctl: a share file as a ramfs file", rc9 == rcram &&
	      (!rc9 || e9 == eram), "%d/%d vs %d/%d", rc9, e9, rcram, eram);
	close(ep);
	close(out);
	close(fd);
}

static void writes(void)
{
	static unsigned char buf[GBIG_SIZE];
	struct iovec iov[3];
	struct stat st;
	ssize_t n, len;
	char *s;
	int fd;

	fd = open("guest.txt", O_CREAT | O_EXCL | O_RDWR, 0644);
	CHECK("create", fd >= 0, "");
	n = write(fd, "hello from the guest\n", 21);
	CHECK("write", n == 21, "%zd", n);
	n = pwrite(fd, "GUEST", 5, 0);
	CHECK("pwrite", n == 5, "%zd", n);
	n = pread(fd, buf, 100, 0);
	CHECK("pread what was written", n == 21 &&
	      !memcmp(buf, "GUEST from the guest\n", 21), "%zd", n);
	CHECK("fstat after writes", !fstat(fd, &st) && st.st_size == 21, "");
	CHECK("fsync", !fsync(fd), "");
	CHECK("fdatasync", !fdatasync(fd), "");
	close(fd);
	fd = open("guest.txt", O_WRONLY | O_APPEND);
	n = write(fd, "appended\n", 9);
	close(fd);
	s = slurp("guest.txt", &len);
	CHECK("O_APPEND", n == 9 && s &&
	      !strcmp(s, "GUEST from the guest\nappended\n"), "%zd", len);
	CHECK("create an existing file with O_EXCL is EEXIST",
	      open("host.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 &&
	      errno == EEXIST, "");

	fd = open("trunc.txt", O_CREAT | O_RDWR, 0644);
	memset(buf, 'x', 10000);
	n = write(fd, buf, 10000);
	CHECK("ftruncate down", n == 10000 && !ftruncate(fd, 1234) &&
	      !fstat(fd, &st) && st.st_size == 1234, "");
	CHECK("ftruncate up", !ftruncate(fd, 5000) && !fstat(fd, &st) &&
	      st.st_size == 5000 && pread(fd, buf, 10000, 0) == 5000 &&
	      buf[1233] == 'x' && buf[1234] == 0 && buf[4999] == 0, "");
	close(fd);
	fd = open("trunc.txt", O_WRONLY | O_TRUNC);
	CHECK("O_TRUNC", fd >= 0 && !fstat(fd, &st) && st.st_size == 0, "");
	n = write(fd, "12345", 5);
	close(fd);

	for (size_t i = 0; i < GBIG_SIZE; i++)
		buf[i] = gbig_byte(i);
	fd = open("gbig.bin", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	n = write(fd, buf, 150000);
	iov[0] = (struct iovec){ buf + 150000, 10 };
	iov[1] = (struct iovec){ buf + 150010, 0 };
	iov[2] = (struct iovec){ buf + 150010, GBIG_SIZE - 150010 };
	CHECK("write 150 kB, writev the rest", n == 150000 &&
	      writev(fd, iov, 3) == GBIG_SIZE - 150000 && !close(fd), "%zd",
	      n);
}

static void names(const char *dir)
{
	char cwd[512], want[512];
	unsigned char type = 0;
	struct statfs sfs;
	struct stat st;
	ssize_t len;
	char *s;
	int dfd;

	dfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK("getdents: host files", in_dir(dfd, "host.txt", &type) &&
	      type == DT_REG && in_dir(dfd, "big.bin", NULL) &&
	      in_dir(dfd, ".", NULL) && in_dir(dfd, "..", NULL), "type %d",
	      type);
	CHECK("getdents: a directory's type", in_dir(dfd, "sub", &type) &&
	      type == DT_DIR, "type %d", type);
	CHECK("getdents: a file made in the guest", in_dir(dfd, "guest.txt",
							   NULL), "");
	close(dfd);

	CHECK("mkdir", !mkdir("gdir", 0755) && !stat("gdir", &st) &&
	      S_ISDIR(st.st_mode), "");
	CHECK("mkdir of an existing name is EEXIST",
	      mkdir("gdir", 0755) < 0 && errno == EEXIST, "");
	CHECK("a file in a new directory", put_file("gdir/a.txt", "a\n"),
	      "");
	CHECK("rename in a directory", !rename("gdir/a.txt", "gdir/b.txt") &&
	      stat("gdir/a.txt", &st) < 0 && errno == ENOENT &&
	      !stat("gdir/b.txt", &st) && st.st_size == 2, "");
	CHECK("rename across directories",
	      put_file("tomove.txt", "moved\n") &&
	      !rename("tomove.txt", "sub/moved.txt") &&
	      (s = slurp("sub/moved.txt", &len)) && !strcmp(s, "moved\n"),
	      "");
	CHECK("rmdir of a directory with files is ENOTEMPTY",
	      rmdir("gdir") < 0 && errno == ENOTEMPTY, "");
	CHECK("unlink", put_file("gone.txt", "x") && !unlink("gone.txt") &&
	      stat("gone.txt", &st) < 0 && errno == ENOENT, "");
	CHECK("rmdir", !mkdir("gonedir", 0700) && !rmdir("gonedir") &&
	      stat("gonedir", &st) < 0 && errno == ENOENT, "");
	CHECK("rename a directory, chdir in, getcwd",
	      !mkdir("gdir2", 0755) && put_file("gdir2/f", "f\n") &&
	      !rename("gdir2", "gdir3") && !chdir("gdir3") &&
	      getcwd(cwd, sizeof(cwd)) &&
	      snprintf(want, sizeof(want), "%s/gdir3", dir) > 0 &&
	      !strcmp(cwd, want) && (s = slurp("f", &len)) &&
	      !strcmp(s, "f\n") && !chdir(".."), "cwd %s", cwd);
	CHECK("symlink and readlink", !symlink("host.txt", "link") &&
	      readlink("link", cwd, sizeof(cwd)) == 8 &&
	      !memcmp(cwd, "host.txt", 8) && (s = slurp("link", &len)) &&
	      !strcmp(s, "written by the host\n") && !lstat("link", &st) &&
	      S_ISLNK(st.st_mode), "");
	CHECK("chmod", !chmod("guest.txt", 0600) && !stat("guest.txt", &st) &&
	      (st.st_mode & 07777) == 0600, "mode %o", st.st_mode);
	CHECK("utimensat", !utimensat(AT_FDCWD, "guest.txt",
				      (struct timespec[]){ { 1000000000, 0 },
							   { 1000000000, 0 } },
				      0) && !stat("guest.txt", &st) &&
	      st.st_mtime == 1000000000, "mtime %lld",
	      (long long)st.st_mtime);
	CHECK("statfs", !statfs(".", &sfs) && sfs.f_type == 0x01021997 &&
	      sfs.f_blocks > 0, "type 0x%lx", (long)sfs.f_type);
}

static void errors(void)
{
	struct stat st;

	CHECK("open of a missing file is ENOENT",
	      open("missing", O_RDONLY) < 0 && errno == ENOENT, "");
	CHECK("a file as a directory is ENOTDIR",
	      open("host.txt/x", O_RDONLY) < 0 && errno == ENOTDIR, "");
	CHECK("unlink of a missing file is ENOENT",
	      unlink("missing") < 0 && errno == ENOENT, "");
	CHECK("rmdir of a file is ENOTDIR",
	      rmdir("host.txt") < 0 && errno == ENOTDIR, "");
	CHECK("rename of a directory into itself is EINVAL",
	      rename("sub", "sub/deep/sub") < 0 && errno == EINVAL, "");
	CHECK("a bad buffer is EFAULT", open("host.txt", O_RDONLY) >= 0 &&
	      read(open("host.txt", O_RDONLY), (void *)8, 10) < 0 &&
	      errno == EFAULT, "");
	CHECK("stat a host directory", !stat("sub/deep", &st) &&
	      S_ISDIR(st.st_mode), "");
}

/* The host makes during.txt and removes host-remove.txt once it sees
 * guest-ready; the guest must see both changes. */
static void host_changes(void)
{
	struct stat st;
	ssize_t len;
	char *s;
	int dfd, i;

	dfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK("before the host's changes", !in_dir(dfd, "during.txt", NULL) &&
	      !stat("host-remove.txt", &st), "");
	put_file("guest-ready", "ready\n");
	for (i = 0; i < 1200 && stat("during.txt", &st); i++)
		usleep(50000);
	s = slurp("during.txt", &len);
	CHECK("a file the host made during the run", s &&
	      !strcmp(s, "made during the run\n"), "after %d tries", i);
	CHECK("getdents again lists it", in_dir(dfd, "during.txt", NULL), "");
	CHECK("a file the host removed is gone",
	      stat("host-remove.txt", &st) < 0 && errno == ENOENT &&
	      !in_dir(dfd, "host-remove.txt", NULL), "");
	close(dfd);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/share";

	if (chdir(dir)) {
		printf("ninep-test: cannot chdir to %s: %s\n", dir,
		       strerror(errno));
		return 2;
	}
	reads();
	sendfile_mmap_poll();
	writes();
	names(dir);
	errors();
	host_changes();
	printf("ninep-test: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
