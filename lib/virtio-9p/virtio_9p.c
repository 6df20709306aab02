// SPDX-License-Identifier: BSD-3-Clause
/*
 * virtio-9p: the 9P transport over virtio (the virtio spec's "9P
 * transport" device, ID 9). One queue, "requests": each request is one
 * descriptor chain, the T-message and any data the device reads first,
 * then the room the device writes the R-message (and read data) into.
 * The mount tag comes from the configuration space (MOUNT_TAG feature).
 *
 * A requester posts its chain and sleeps on the device's wait queue;
 * the queue's interrupt takes the completed chains off the used ring,
 * marks their requests done and wakes the queue. Requests wait for
 * free descriptors the same way. The buffers are the requester's (on
 * its stack, or the app's own for file data): nothing is copied here,
 * but each page the device is to write is written by the CPU first.
 */
#include <errno.h>
#include <string.h>

#include <uk/9pdev.h>
#include <uk/alloc.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/virtio.h>

#define VIRTIO_ID_9P		9
#define P9_F_MOUNT_TAG		0
#define CFG_TAG_LEN		0	/* le16 */
#define CFG_TAG			2
#define SEGS_MAX		32

struct v9p {
	struct uk_9pdev p9;
	struct virtio_dev *vdev;
	struct virtqueue *vq;
	struct uk_waitq wq;		/* replies and free descriptors */
};

/* One request in flight: the virtqueue's token. */
struct vreq {
	bool done;
	uint32_t len;
};

/* Takes completed requests off the ring. Scheduler locked. */
static bool reap(struct virtqueue *vq)
{
	struct vreq *r;
	uint32_t len;
	bool any = false;

	do {
		while ((r = virtqueue_get(vq, &len))) {
			r->len = len;
			r->done = true;
			any = true;
		}
		/* interrupts on again, unless one came meanwhile */
	} while (!virtqueue_intr_on(vq));
	return any;
}

/* The queue's interrupt. */
static void vq_done(struct virtqueue *vq)
{
	struct v9p *v = vq->priv;

	if (reap(vq))
		uk_waitq_wake(&v->wq, -1);
}

/*
 * Waits on the device's queue, scheduler locked. A signal pending for
 * the thread makes waits end at once with -EINTR, but the device owns
 * the buffers until it answers: then the ring is polled, yielding the
 * CPU in between, until the reply is there.
 */
static void wait_locked(struct v9p *v, unsigned long *irq)
{
	struct uk_wait w = { .key = 0 };

	if (uk_waitq_wait_locked(&v->wq, &w, UK_WAIT_FOREVER) != -EINTR)
		return;
	uk_sched_unlock(*irq);
	uk_sched_yield();
	*irq = uk_sched_lock();
	reap(v->vq);
}

/*
 * The CPU writes once into every page the device will write: a page's
 * dirty bit is how lib/posix-mmap knows it must zero it when the memory
 * is mapped again, and DMA does not set it (uk/plat.h). The bytes are
 * the device's to overwrite anyway.
 */
static void dirty_pages(void *addr, size_t len)
{
	uintptr_t a = (uintptr_t)addr, end = a + len;
	volatile uint8_t *b;

	while (a < end) {
		b = (volatile uint8_t *)a;
		*b = *b;
		a = (a & ~(uintptr_t)4095) + 4096;
	}
}

static int add_segs(struct virtq_seg *seg, unsigned int *n,
		    const struct iovec *iov, int cnt, bool in)
{
	int i;

	for (i = 0; i < cnt; i++) {
		if (!iov[i].iov_len)
			continue;
		if (*n == SEGS_MAX || iov[i].iov_len > UINT32_MAX)
			return -EINVAL;
		seg[*n].addr = iov[i].iov_base;
		seg[*n].len = iov[i].iov_len;
		seg[*n].in = in;
		if (in)
			dirty_pages(iov[i].iov_base, iov[i].iov_len);
		(*n)++;
	}
	return 0;
}

static int v9p_request(struct uk_9pdev *d, const struct iovec *out, int nout,
		       const struct iovec *in, int nin, uint32_t *rlen)
{
	struct v9p *v = container_of(d, struct v9p, p9);
	struct virtq_seg seg[SEGS_MAX];
	struct vreq r = { false, 0 };
	unsigned int n = 0;
	unsigned long irq;

	if (add_segs(seg, &n, out, nout, false) ||
	    add_segs(seg, &n, in, nin, true) || !n || n > v->vq->num)
		return -EINVAL;
	irq = uk_sched_lock();
	while (virtqueue_free(v->vq) < n)
		wait_locked(v, &irq);
	virtqueue_add(v->vq, seg, n, &r);
	virtqueue_kick(v->vq);
	while (!r.done)
		wait_locked(v, &irq);
	/* others may wait for the descriptors this one gave back */
	if (!uk_waitq_empty(&v->wq))
		uk_waitq_wake(&v->wq, -1);
	uk_sched_unlock(irq);
	*rlen = r.len;
	return 0;
}

static const struct uk_9pdev_ops v9p_ops = {
	.request = v9p_request,
};

static int v9p_probe(struct virtio_dev *d)
{
	uint16_t len = 0;
	struct v9p *v;
	int rc;

	rc = virtio_negotiate(d, 1ULL << P9_F_MOUNT_TAG);
	if (rc)
		return rc;
	v = uk_calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->vdev = d;
	d->priv = v;
	if (virtio_has(d, P9_F_MOUNT_TAG)) {
		virtio_config_read(d, CFG_TAG_LEN, &len, 2);
		len = MIN(len, (uint16_t)(sizeof(v->p9.tag) - 1));
		virtio_config_read(d, CFG_TAG, v->p9.tag, len);
	}
	v->p9.tag[len] = 0;
	uk_waitq_init(&v->wq, "virtio-9p", true);
	rc = virtio_irq_setup(d);
	if (rc) {
		uk_pr_err("%s: no interrupt: error %d\n", d->name, -rc);
		return rc;
	}
	d->vqs = uk_calloc(1, sizeof(*d->vqs));
	v->vq = virtqueue_new(d, 0, 0, vq_done);
	if (!d->vqs || !v->vq)
		return -ENOMEM;
	v->vq->priv = v;
	d->vqs[0] = v->vq;
	d->nr_vqs = 1;
	v->p9.ops = &v9p_ops;
	v->p9.segs_max = MIN((unsigned int)SEGS_MAX, v->vq->num);
	strncpy(v->p9.name, d->name, sizeof(v->p9.name) - 1);
	virtio_ready(d);
	uk_pr_info("%s: virtio-9p, mount tag \"%s\", %u descriptors\n",
		   d->name, v->p9.tag, v->vq->num);
	uk_9pdev_register(&v->p9);
	return 0;
}

virtio_driver(v9p_driver) = {
	.name = "virtio-9p",
	.id = VIRTIO_ID_9P,
	.probe = v9p_probe,
};
