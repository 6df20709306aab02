/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio 1.x: devices on a transport (virtio-mmio version 2, or modern
 * virtio-pci), feature negotiation, and split virtqueues with
 * VIRTIO_RING_F_EVENT_IDX. Drivers register by device ID in a table; at
 * boot lib/virtio finds the transports the platform lists, and calls the
 * driver of each device the image has one for. A legacy-only device is
 * refused with a message saying which QEMU option makes it modern.
 *
 * Memory is identity-mapped: a buffer's address is its bus address.
 */
#ifndef UK_VIRTIO_H
#define UK_VIRTIO_H

#include <stdint.h>

#include <uk/essentials.h>
#include <uk/table.h>

/* device IDs */
#define VIRTIO_ID_NET		1
#define VIRTIO_ID_BLOCK		2
#define VIRTIO_ID_CONSOLE	3
#define VIRTIO_ID_RNG		4

/* feature bits (transport and ring) */
#define VIRTIO_F_RING_INDIRECT_DESC	28
#define VIRTIO_F_RING_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_F_ACCESS_PLATFORM	33

/* device status */
#define VIRTIO_S_ACKNOWLEDGE	1
#define VIRTIO_S_DRIVER		2
#define VIRTIO_S_DRIVER_OK	4
#define VIRTIO_S_FEATURES_OK	8
#define VIRTIO_S_NEEDS_RESET	64
#define VIRTIO_S_FAILED		128

struct virtio_dev;
struct virtqueue;

/* What a transport does (virtio_mmio.c, virtio_pci.c). */
struct virtio_transport {
	const char *name;
	uint64_t (*features)(struct virtio_dev *d);
	void (*set_features)(struct virtio_dev *d, uint64_t f);
	uint8_t (*status)(struct virtio_dev *d);
	void (*set_status)(struct virtio_dev *d, uint8_t s);
	void (*config_read)(struct virtio_dev *d, unsigned int off, void *buf,
			    unsigned int len);
	/* the most entries queue q can have, 0: it does not exist */
	unsigned int (*queue_max)(struct virtio_dev *d, unsigned int q);
	/* gives the device the rings of vq (its size set) and enables it */
	int (*queue_setup)(struct virtio_dev *d, struct virtqueue *vq);
	void (*notify)(struct virtio_dev *d, struct virtqueue *vq);
	/* routes the device's interrupt to virtio_interrupt() */
	int (*irq_setup)(struct virtio_dev *d);
	/* reads and acknowledges the interrupt status (1: queues, 2: config) */
	unsigned int (*irq_ack)(struct virtio_dev *d);
	/* reads a register without side effects: a fence the device's
	 * emulation sees where fence instructions are dropped (virtqueue.c) */
	void (*fence)(struct virtio_dev *d);
};

struct virtio_dev {
	const struct virtio_transport *tr;
	void *tr_priv;			/* the transport's */
	char name[24];			/* "virtio-mmio@0xfeb02e00" */
	unsigned int id;		/* VIRTIO_ID_* */
	uint64_t features;		/* negotiated */
	struct virtqueue **vqs;
	unsigned int nr_vqs;
	/* the driver's: called from the interrupt handler for the queues */
	void *priv;
};

/* A driver, registered with virtio_driver(). */
struct virtio_driver {
	const char *name;
	unsigned int id;
	/*
	 * Takes a device whose status says ACKNOWLEDGE|DRIVER: negotiates
	 * (virtio_negotiate), sets up queues (virtqueue_new), and sets
	 * DRIVER_OK (virtio_ready). 0 or -errno (then the device is reset).
	 */
	int (*probe)(struct virtio_dev *d);
	uint64_t reserved;		/* table entries: a multiple of 8 */
};
UK_TABLE_DECLARE(virtio_drivers, struct virtio_driver);
#define virtio_driver(var)						\
	static const struct virtio_driver var				\
		__uk_table(virtio_drivers, "5")

/*
 * Offers what the driver can do (besides VERSION_1 and EVENT_IDX, which
 * lib/virtio asks for itself) and settles on what both can: 0, or
 * -ENODEV if the device refused (FEATURES_OK not kept).
 */
int virtio_negotiate(struct virtio_dev *d, uint64_t want);
static inline bool virtio_has(const struct virtio_dev *d, unsigned int bit)
{
	return d->features & (1ULL << bit);
}
/* The device's interrupt, to virtio_interrupt(): before the queues. */
int virtio_irq_setup(struct virtio_dev *d);
void virtio_ready(struct virtio_dev *d);
void virtio_config_read(struct virtio_dev *d, unsigned int off, void *buf,
			unsigned int len);

/* --- split virtqueues ------------------------------------------------------ */

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

#define VRING_DESC_F_NEXT	1
#define VRING_DESC_F_WRITE	2

struct vring_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
	/* then used_event (EVENT_IDX) */
};

struct vring_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vring_used {
	uint16_t flags;
	uint16_t idx;
	struct vring_used_elem ring[];
	/* then avail_event (EVENT_IDX) */
};

#define VRING_AVAIL_F_NO_INTERRUPT	1
#define VRING_USED_F_NO_NOTIFY		1

struct virtqueue {
	struct virtio_dev *dev;
	unsigned int index;
	unsigned int num;		/* entries: a power of two */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t free_head, nr_free;
	uint16_t last_used;		/* the next used entry we take */
	uint16_t avail_idx;		/* our copy of avail->idx */
	uint16_t kicked_idx;		/* avail->idx at the last kick */
	uint16_t notified_idx;		/* avail->idx at the last notify */
	bool event_idx;
	void **tokens;			/* per head descriptor */
	/* what the driver does when the device used buffers (interrupt) */
	void (*done)(struct virtqueue *vq);
	void *priv;
	void *mem;			/* the rings, one allocation */
	uint16_t notify_off;		/* virtio-pci: its doorbell */
	struct virtqueue *next;		/* every queue, for the idle check */
};

/* A buffer of a request: device-readable, or device-writable (in). */
struct virtq_seg {
	const void *addr;
	uint32_t len;
	bool in;
};

/*
 * Queue q of d with up to num entries (0: the device's maximum), done()
 * called from the device's interrupt; NULL if the queue does not exist or
 * memory is short.
 */
struct virtqueue *virtqueue_new(struct virtio_dev *d, unsigned int q,
				unsigned int num,
				void (*done)(struct virtqueue *vq));
/*
 * Puts one request of n segments on the ring with token (returned by
 * virtqueue_get). 0, or -ENOSPC when the ring lacks n descriptors.
 * Callers serialize their own queue (the scheduler lock, or a driver
 * lock).
 */
int virtqueue_add(struct virtqueue *vq, const struct virtq_seg *seg,
		  unsigned int n, void *token);
/* Tells the device about new requests, if it wants to be told. */
void virtqueue_kick(struct virtqueue *vq);
/* Notifies the device whatever it asked for (a full ring it left). */
void virtqueue_notify(struct virtqueue *vq);
/* The token of the next request the device completed (*len written by
 * it), or NULL when there is none. */
void *virtqueue_get(struct virtqueue *vq, uint32_t *len);
/* Interrupts for completions: off; on (true: none is pending, false:
 * some came meanwhile, look again). */
void virtqueue_intr_off(struct virtqueue *vq);
bool virtqueue_intr_on(struct virtqueue *vq);
static inline unsigned int virtqueue_free(const struct virtqueue *vq)
{
	return vq->nr_free;
}

/* The transports' interrupt handler: acknowledges, runs queues' done(). */
void virtio_interrupt(void *arg);

/* Used by the transports' discovery: probes d with its driver. */
int virtio_dev_probe(struct virtio_dev *d);

#endif /* UK_VIRTIO_H */
