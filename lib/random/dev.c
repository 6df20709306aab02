// SPDX-License-Identifier: BSD-3-Clause
/* /dev/random and /dev/urandom (with lib/devfs): the same generator. */
#include <errno.h>
#include <sys/stat.h>

#include <uk/devfs.h>
#include <uk/init.h>
#include <uk/random.h>

static ssize_t random_read(struct uk_file *f, const struct iovec *iov,
			   int cnt, off_t *pos, int flags)
{
	size_t done = 0;
	int i;

	for (i = 0; i < cnt; i++) {
		uk_random_fill(iov[i].iov_base, iov[i].iov_len);
		done += iov[i].iov_len;
	}
	return done;
}

/* Writes are accepted and, as on Linux without privilege, not mixed in. */
static ssize_t random_write(struct uk_file *f, const struct iovec *iov,
			    int cnt, off_t *pos, int flags)
{
	return uk_iov_len(iov, cnt);
}

static const struct uk_file_ops random_ops = {
	.read = random_read,
	.write = random_write,
	.stat = uk_devfs_simple_stat,
};

static struct uk_devfs_simple random_dev, urandom_dev;

static int random_dev_init(void)
{
	uk_devfs_simple_init(&random_dev, &random_ops, 0666, 1, 8);
	uk_devfs_simple_init(&urandom_dev, &random_ops, 0666, 1, 9);
	return 0;
}
uk_initcall(random_dev_init, UK_INIT_LIB);

static int random_open(int flags, struct uk_file **out)
{
	*out = uk_file_get(&random_dev.file);
	return 0;
}

static int urandom_open(int flags, struct uk_file **out)
{
	*out = uk_file_get(&urandom_dev.file);
	return 0;
}

uk_devfs_device(random, 0666, 1, 8, random_open);
uk_devfs_device(urandom, 0666, 1, 9, urandom_open);
