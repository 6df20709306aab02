// SPDX-License-Identifier: BSD-3-Clause
/* /dev/null, /dev/zero, /dev/full. */
#include <errno.h>
#include <sys/stat.h>

#include <uk/devfs.h>
#include <uk/init.h>

void uk_devfs_simple_init(struct uk_devfs_simple *d,
			  const struct uk_file_ops *ops, unsigned int mode,
			  unsigned int major, unsigned int minor)
{
	uk_file_init(&d->file, ops, S_IFCHR, UK_FILE_STREAM,
		     UK_EV_IN | UK_EV_OUT | UK_EV_RDNORM | UK_EV_WRNORM);
	d->mode = mode;
	d->major = major;
	d->minor = minor;
	d->ino = uk_file_anon_ino();
}

int uk_devfs_simple_stat(struct uk_file *f, struct uk_statx *st)
{
	struct uk_devfs_simple *d = (struct uk_devfs_simple *)f;

	uk_statx_init(st, S_IFCHR | d->mode, d->ino);
	st->stx_rdev_major = d->major;
	st->stx_rdev_minor = d->minor;
	return 0;
}

static ssize_t eof_read(struct uk_file *f, const struct iovec *iov, int cnt,
			off_t *pos, int flags)
{
	return 0;
}

static ssize_t zero_read(struct uk_file *f, const struct iovec *iov, int cnt,
			 off_t *pos, int flags)
{
	struct uk_iov_iter it;

	uk_iov_iter_init(&it, iov, cnt);
	return uk_iov_zero(&it, uk_iov_left(&it));
}

static ssize_t sink_write(struct uk_file *f, const struct iovec *iov,
			  int cnt, off_t *pos, int flags)
{
	return uk_iov_len(iov, cnt);
}

static ssize_t full_write(struct uk_file *f, const struct iovec *iov,
			  int cnt, off_t *pos, int flags)
{
	return uk_iov_len(iov, cnt) ? -ENOSPC : 0;
}

static const struct uk_file_ops null_ops = {
	.read = eof_read,
	.write = sink_write,
	.stat = uk_devfs_simple_stat,
};

static const struct uk_file_ops zero_ops = {
	.read = zero_read,
	.write = sink_write,
	.stat = uk_devfs_simple_stat,
};

static const struct uk_file_ops full_ops = {
	.read = zero_read,
	.write = full_write,
	.stat = uk_devfs_simple_stat,
};

static struct uk_devfs_simple null_dev, zero_dev, full_dev;

static int devices_init(void)
{
	uk_devfs_simple_init(&null_dev, &null_ops, 0666, 1, 3);
	uk_devfs_simple_init(&zero_dev, &zero_ops, 0666, 1, 5);
	uk_devfs_simple_init(&full_dev, &full_ops, 0666, 1, 7);
	return 0;
}
uk_initcall(devices_init, UK_INIT_LIB);

static int null_open(int flags, struct uk_file **out)
{
	*out = uk_file_get(&null_dev.file);
	return 0;
}

static int zero_open(int flags, struct uk_file **out)
{
	*out = uk_file_get(&zero_dev.file);
	return 0;
}

static int full_open(int flags, struct uk_file **out)
{
	*out = uk_file_get(&full_dev.file);
	return 0;
}

uk_devfs_device(null, 0666, 1, 3, null_open);
uk_devfs_device(zero, 0666, 1, 5, zero_open);
uk_devfs_device(full, 0666, 1, 7, full_open);
