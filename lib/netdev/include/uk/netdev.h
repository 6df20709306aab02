/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Network devices, under the stack: a device has a MAC, an MTU, a link
 * state, statistics, a transmit call and a receive side the stack drains.
 *
 * Receive: a driver's interrupt handler turns its receive interrupt off
 * and calls uk_netdev_rx_ready(); the stack then calls rx_poll (from the
 * scheduler's idle step or a thread about to block: no thread of its
 * own), which hands over received frames as uk_netbuf in the driver's
 * buffers — no copy — and turns the interrupt back on when the ring is
 * empty. The stack gives each buffer back with uk_netbuf_free() when it
 * is done with it; the driver puts it back in its ring.
 *
 * Transmit: xmit() posts the frame's segments as they are (no copy) and
 * calls done(arg) once the device has sent them, so the caller keeps the
 * memory until then. Completions are reclaimed at the next xmit.
 */
#ifndef UK_NETDEV_H
#define UK_NETDEV_H

#include <stdint.h>
#include <sys/uio.h>

#include <uk/essentials.h>
#include <uk/list.h>

#define UK_NETDEV_ETH_ALEN	6
/* Room in a uk_netbuf for the stack's own header (lwIP's pbuf_custom). */
#define UK_NETBUF_STACK_PRIV	64

struct uk_netdev;

struct uk_netbuf {
	char stack_priv[UK_NETBUF_STACK_PRIV] __aligned(8);
	void *data;			/* the frame */
	uint16_t len;
	struct uk_netdev *dev;
	void (*free)(struct uk_netbuf *nb);
};

static inline void uk_netbuf_free(struct uk_netbuf *nb)
{
	nb->free(nb);
}

struct uk_netdev_stats {
	uint64_t rx_packets, rx_bytes, rx_drops, rx_errors;
	uint64_t tx_packets, tx_bytes, tx_drops, tx_errors;
	uint64_t rx_interrupts, tx_interrupts;
};

struct uk_netdev_ops {
	/* 0, or -EAGAIN (the ring is full: done is not called) */
	int (*xmit)(struct uk_netdev *d, const struct iovec *iov, int cnt,
		    void (*done)(void *arg), void *arg);
	/*
	 * Up to budget received frames to deliver(); returns how many. When
	 * it returns fewer than budget, the ring is empty and the receive
	 * interrupt is on again (a frame that came meanwhile made the device
	 * interrupt, so none waits unseen).
	 */
	int (*rx_poll)(struct uk_netdev *d, int budget,
		       void (*deliver)(struct uk_netdev *d,
				       struct uk_netbuf *nb));
	/* completions reclaimed now (their done() called); returns how
	 * many transmissions are still in flight. Optional. */
	unsigned int (*tx_reclaim)(struct uk_netdev *d);
};

struct uk_netdev {
	struct uk_list node;
	char name[16];
	uint8_t mac[UK_NETDEV_ETH_ALEN];
	uint16_t mtu;
	bool link_up;
	const struct uk_netdev_ops *ops;
	struct uk_netdev_stats stats;
	bool rx_pending;		/* set by the interrupt, for the stack */
	void *driver_priv;
	void *stack_priv;		/* the stack's (lwIP's netif) */
	/* the stack's: told in interrupt context that frames wait */
	void (*rx_notify)(struct uk_netdev *d);
};

/* A driver has set d up; the stack will find it. */
void uk_netdev_register(struct uk_netdev *d);
unsigned int uk_netdev_count(void);
struct uk_netdev *uk_netdev_get(unsigned int i);

/* From a driver's interrupt handler: frames wait in d's ring. */
static inline void uk_netdev_rx_ready(struct uk_netdev *d)
{
	d->rx_pending = true;
	if (d->rx_notify)
		d->rx_notify(d);
}

#endif /* UK_NETDEV_H */
