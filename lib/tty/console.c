// SPDX-License-Identifier: BSD-3-Clause
/*
 * The console as a file: one file object over the line discipline, open
 * at descriptors 0, 1 and 2 from boot (one open file description shared
 * by the three, as after a getty opened the line once and dup'ed it), and
 * at /dev/console, /dev/tty and /dev/ttyS0 when lib/devfs is there.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <uk/fdtab.h>
#include <uk/init.h>
#include <uk/print.h>
#if CONFIG_LIBDEVFS
#include <uk/devfs.h>
#endif

#include "tty.h"

static struct uk_file console;
static uint64_t console_ino;

void tty_readiness(bool readable)
{
	if (readable)
		uk_file_raise(&console, UK_EV_IN | UK_EV_RDNORM);
	else
		uk_file_lower(&console, UK_EV_IN | UK_EV_RDNORM);
}

static ssize_t console_read(struct uk_file *f, const struct iovec *iov,
			    int cnt, off_t *pos, int flags)
{
	return tty_read(iov, cnt, uk_iov_len(iov, cnt), flags & O_NONBLOCK);
}

static ssize_t console_write(struct uk_file *f, const struct iovec *iov,
			     int cnt, off_t *pos, int flags)
{
	tty_write(iov, cnt);
	return uk_iov_len(iov, cnt);
}

static int console_ioctl(struct uk_file *f, struct uk_ofile *of,
			 unsigned int cmd, void *arg)
{
	return tty_ioctl(cmd, (unsigned long)arg);
}

/* The first serial line, /dev/ttyS0: char major 4, minor 64. */
static int console_stat(struct uk_file *f, struct uk_statx *st)
{
	uk_statx_init(st, S_IFCHR | 0620, console_ino);
	st->stx_rdev_major = 4;
	st->stx_rdev_minor = 64;
	st->stx_dev_minor = 5;
	st->stx_blksize = 1024;
	return 0;
}

/* poll or epoll waits for input: it must come by interrupt from now */
static void console_watched(struct uk_file *f)
{
	tty_input_on();
}

static const struct uk_file_ops console_ops = {
	.watched = console_watched,
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
	.stat = console_stat,
	/* no sync: fsync() on a terminal is EINVAL, as on Linux */
};

static int console_init(void)
{
	struct uk_ofile *of;
	int fd;

	uk_file_init(&console, &console_ops, S_IFCHR, UK_FILE_STREAM,
		     UK_EV_OUT | UK_EV_WRNORM);
	console_ino = uk_file_anon_ino();
	tty_start();
	of = uk_ofile_new(uk_file_get(&console), O_RDWR);
	if (!of)
		return -ENOMEM;
	for (fd = 0; fd < 3; fd++)
		uk_fd_install_at(of, fd, false);
	uk_ofile_put(of);
	return 0;
}
uk_initcall_prio(console_init, UK_INIT_LIB, 0);

#if CONFIG_LIBDEVFS
static int console_open(int flags, struct uk_file **out)
{
	*out = uk_file_get(&console);
	return 0;
}

uk_devfs_device(console, 0600, 5, 1, console_open);
uk_devfs_device(tty, 0666, 5, 0, console_open);
uk_devfs_device(ttyS0, 0660, 4, 64, console_open);
#endif
