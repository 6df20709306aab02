/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Devices in /dev. A library that has a device registers it where it
 * defines it:
 *
 *	uk_devfs_device(null, 0666, 1, 3, null_open);
 *
 * and devfs, when it is in the image, lists it in /dev with that mode and
 * device number; open() of it calls open_fn for the file to open.
 */
#ifndef UK_DEVFS_H
#define UK_DEVFS_H

#include <uk/file.h>
#include <uk/table.h>

struct uk_devfs_device {
	const char *name;
	unsigned int mode;		/* permissions; it is a char device */
	unsigned int major, minor;
	/* the file to open (with a reference), or -errno */
	int (*open)(int flags, struct uk_file **out);
};

UK_TABLE_DECLARE(devtab, struct uk_devfs_device);

#define uk_devfs_device(nm, perm, maj, mn, fn)				\
	static const struct uk_devfs_device __uk_devfs_##nm		\
		__uk_table(devtab, #nm) = {				\
		.name = #nm, .mode = (perm), .major = (maj),		\
		.minor = (mn), .open = (fn) }

/*
 * A device file that has no state of its own (null, zero...): read and
 * write ops as the device does them, stat from these numbers.
 */
struct uk_devfs_simple {
	struct uk_file file;
	unsigned int mode, major, minor;
	uint64_t ino;
};

/* Sets up d's file with ops (whose stat may be uk_devfs_simple_stat). */
void uk_devfs_simple_init(struct uk_devfs_simple *d,
			  const struct uk_file_ops *ops, unsigned int mode,
			  unsigned int major, unsigned int minor);
int uk_devfs_simple_stat(struct uk_file *f, struct uk_statx *st);

#endif /* UK_DEVFS_H */
