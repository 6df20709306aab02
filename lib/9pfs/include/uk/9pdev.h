/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * 9P transports: a device that carries 9P messages to a server and back
 * (virtio-9p: lib/virtio-9p), found by its mount tag. The transport moves
 * bytes; lib/9pfs speaks the protocol (9P2000.L) and is the file system.
 *
 * A request is a list of device-readable buffers (the T-message, maybe
 * file data after its header) and of device-writable ones (room for the
 * R-message, maybe the caller's buffer for read data), so file data is
 * never copied. The caller blocks in request() until the reply is there.
 */
#ifndef UK_9PDEV_H
#define UK_9PDEV_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include <uk/list.h>

struct uk_9pdev;

struct uk_9pdev_ops {
	/*
	 * Sends out[0..nout) and waits for the reply, which the server
	 * writes into in[0..nin); *rlen: the bytes it wrote. 0, or -EINVAL
	 * (more segments than segs_max), -EIO (the device failed). Any
	 * thread; it sleeps (lib/sched), never spins, while it waits.
	 */
	int (*request)(struct uk_9pdev *d, const struct iovec *out, int nout,
		       const struct iovec *in, int nin, uint32_t *rlen);
};

struct uk_9pdev {
	struct uk_list node;
	const struct uk_9pdev_ops *ops;
	char tag[64];			/* the mount tag, NUL-terminated */
	char name[24];			/* the transport's, for messages */
	unsigned int segs_max;		/* out + in segments per request */
	bool mounted;			/* lib/9pfs: one session per device */
};

/* Makes d findable (a driver's probe). */
void uk_9pdev_register(struct uk_9pdev *d);
/* The device with mount tag tag, or NULL. */
struct uk_9pdev *uk_9pdev_find(const char *tag);
/* The devices registered, in probe order (for messages). */
extern struct uk_list uk_9pdevs;

#endif /* UK_9PDEV_H */
