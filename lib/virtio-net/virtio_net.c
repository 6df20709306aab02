// SPDX-License-Identifier: BSD-3-Clause
/*
 * virtio-net: one receive and one transmit queue, as a lib/netdev device.
 *
 * Receive buffers are a fixed pool made at probe, each a uk_netbuf with
 * room for the virtio header and a full frame, posted to the ring and
 * given back to it when the stack frees them: nothing is allocated per
 * packet. The interrupt turns itself off and tells the stack; the stack
 * drains the ring and turns it back on (uk/netdev.h).
 *
 * Transmit posts a 12-byte header (one slot per descriptor, kept zeroed:
 * no offloads) and the frame's segments as descriptors, without copying,
 * and reclaims completions at the next transmit; the transmit interrupt
 * stays off. No checksum offload: negotiating it would oblige us to
 * complete partial checksums on receive (tap peers send them).
 */
#include <errno.h>
#include <string.h>

#include <uk/alloc.h>
#include <uk/netdev.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/virtio.h>

#define NET_F_MTU		3
#define NET_F_MAC		5
#define NET_F_STATUS		16
#define NET_S_LINK_UP		1

#define CFG_MAC			0
#define CFG_STATUS		6
#define CFG_MTU			10

#define HDR_LEN			12	/* virtio_net_hdr with num_buffers */
#define FRAME_MAX		1518	/* Ethernet with a VLAN tag */
#define RX_BUF_LEN		(HDR_LEN + FRAME_MAX)
#define RX_BUFS			256
#define QUEUE_SIZE		256

struct rxbuf {
	struct uk_netbuf nb;		/* first: the netbuf is the buffer */
	uint8_t data[RX_BUF_LEN];
};

struct txreq {
	void (*done)(void *arg);
	void *arg;
	struct txreq *next_free;
};

struct vnet {
	struct uk_netdev nd;
	struct virtio_dev *vdev;
	struct virtqueue *rxq, *txq;
	struct rxbuf *rxbufs;
	uint8_t (*txhdr)[HDR_LEN];	/* one per descriptor */
	struct txreq *txreqs, *tx_free;
	unsigned int tx_inflight;
};

static struct vnet *vnet_of(struct uk_netdev *nd)
{
	return container_of(nd, struct vnet, nd);
}

/* Posts a receive buffer. Scheduler locked. */
static int rx_post(struct vnet *v, struct rxbuf *b)
{
	struct virtq_seg seg = { b->data, RX_BUF_LEN, true };

	return virtqueue_add(v->rxq, &seg, 1, b);
}

/* The stack is done with a buffer: back to the ring. */
static void rx_free(struct uk_netbuf *nb)
{
	struct rxbuf *b = container_of(nb, struct rxbuf, nb);
	struct vnet *v = vnet_of(nb->dev);
	unsigned long irq = uk_sched_lock();

	if (!rx_post(v, b))
		virtqueue_kick(v->rxq);
	uk_sched_unlock(irq);
}

/* The receive queue's interrupt: off, and the stack is told. */
static void rx_done(struct virtqueue *vq)
{
	struct vnet *v = vq->priv;

	v->nd.stats.rx_interrupts++;
	virtqueue_intr_off(vq);
	uk_netdev_rx_ready(&v->nd);
}

static int vnet_rx_poll(struct uk_netdev *nd, int budget,
			void (*deliver)(struct uk_netdev *d,
					struct uk_netbuf *nb))
{
	struct vnet *v = vnet_of(nd);
	struct rxbuf *b;
	unsigned long irq;
	uint32_t len;
	int n = 0;

	while (n < budget) {
		irq = uk_sched_lock();
		b = virtqueue_get(v->rxq, &len);
		if (!b) {
			/* empty: interrupts on, unless a frame just came */
			nd->rx_pending = false;
			if (virtqueue_intr_on(v->rxq)) {
				uk_sched_unlock(irq);
				break;
			}
			nd->rx_pending = true;
			uk_sched_unlock(irq);
			continue;
		}
		uk_sched_unlock(irq);
		if (len < HDR_LEN + 14 || len > RX_BUF_LEN) {
			nd->stats.rx_errors++;
			rx_free(&b->nb);
			continue;
		}
		b->nb.data = b->data + HDR_LEN;
		b->nb.len = len - HDR_LEN;
		nd->stats.rx_packets++;
		nd->stats.rx_bytes += b->nb.len;
		deliver(nd, &b->nb);
		n++;
	}
	return n;
}

/* Completed transmissions: their owners are told. Scheduler locked. */
static void tx_reclaim(struct vnet *v)
{
	struct txreq *r;

	while ((r = virtqueue_get(v->txq, NULL))) {
		r->done(r->arg);
		r->next_free = v->tx_free;
		v->tx_free = r;
		v->tx_inflight--;
	}
}

#define TX_SEGS_MAX	16

static int vnet_xmit(struct uk_netdev *nd, const struct iovec *iov, int cnt,
		     void (*done)(void *arg), void *arg)
{
	struct virtq_seg seg[TX_SEGS_MAX + 1];
	struct vnet *v = vnet_of(nd);
	struct txreq *r;
	unsigned long irq;
	size_t bytes = 0;
	int i, rc;

	if (cnt > TX_SEGS_MAX) {
		nd->stats.tx_drops++;
		return -EMSGSIZE;
	}
	irq = uk_sched_lock();
	tx_reclaim(v);
	r = v->tx_free;
	if (!r || virtqueue_free(v->txq) < (unsigned int)cnt + 1) {
		/* a full ring the device is not emptying: tell it again */
		virtqueue_notify(v->txq);
		nd->stats.tx_drops++;
		uk_sched_unlock(irq);
		return -EAGAIN;
	}
	/* the header slot of the descriptor the request will start at */
	seg[0].addr = v->txhdr[v->txq->free_head];
	seg[0].len = HDR_LEN;
	seg[0].in = false;
	for (i = 0; i < cnt; i++) {
		seg[i + 1].addr = iov[i].iov_base;
		seg[i + 1].len = iov[i].iov_len;
		seg[i + 1].in = false;
		bytes += iov[i].iov_len;
	}
	v->tx_free = r->next_free;
	r->done = done;
	r->arg = arg;
	rc = virtqueue_add(v->txq, seg, cnt + 1, r);
	if (!rc) {
		v->tx_inflight++;
		virtqueue_kick(v->txq);
		nd->stats.tx_packets++;
		nd->stats.tx_bytes += bytes;
	} else {
		r->next_free = v->tx_free;
		v->tx_free = r;
		nd->stats.tx_errors++;
	}
	uk_sched_unlock(irq);
	return rc;
}

static unsigned int vnet_tx_reclaim(struct uk_netdev *nd)
{
	struct vnet *v = vnet_of(nd);
	unsigned long irq = uk_sched_lock();
	unsigned int left;

	tx_reclaim(v);
	left = v->tx_inflight;
	uk_sched_unlock(irq);
	return left;
}

static const struct uk_netdev_ops vnet_ops = {
	.xmit = vnet_xmit,
	.rx_poll = vnet_rx_poll,
	.tx_reclaim = vnet_tx_reclaim,
};

static int vnet_probe(struct virtio_dev *d)
{
	struct vnet *v;
	uint16_t status, mtu = 1500;
	unsigned int i;
	int rc;

	rc = virtio_negotiate(d, 1ULL << NET_F_MAC | 1ULL << NET_F_STATUS |
			      1ULL << NET_F_MTU);
	if (rc)
		return rc;
	v = uk_calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->vdev = d;
	d->priv = v;
	rc = virtio_irq_setup(d);
	if (rc) {
		uk_pr_err("%s: no interrupt: error %d\n", d->name, -rc);
		goto fail;
	}
	d->vqs = uk_calloc(2, sizeof(*d->vqs));
	v->rxq = virtqueue_new(d, 0, QUEUE_SIZE, rx_done);
	v->txq = virtqueue_new(d, 1, QUEUE_SIZE, NULL);
	rc = -ENOMEM;
	if (!d->vqs || !v->rxq || !v->txq)
		goto fail;
	v->rxq->priv = v->txq->priv = v;
	d->vqs[0] = v->rxq;
	d->vqs[1] = v->txq;
	d->nr_vqs = 2;
	v->txhdr = uk_calloc(v->txq->num, HDR_LEN);
	v->txreqs = uk_calloc(v->txq->num, sizeof(*v->txreqs));
	/* not zeroed: the device writes the data, the fields are set below
	 * (zeroing 400 KB was a third of the boot) */
	v->rxbufs = uk_malloc(MIN(RX_BUFS, v->rxq->num) * sizeof(*v->rxbufs));
	if (!v->txhdr || !v->txreqs || !v->rxbufs)
		goto fail;
	for (i = 0; i < v->txq->num; i++) {
		v->txreqs[i].next_free = v->tx_free;
		v->tx_free = &v->txreqs[i];
	}
	for (i = 0; i < MIN(RX_BUFS, v->rxq->num); i++) {
		memset(&v->rxbufs[i].nb, 0, sizeof(v->rxbufs[i].nb));
		v->rxbufs[i].nb.dev = &v->nd;
		v->rxbufs[i].nb.free = rx_free;
		rx_post(v, &v->rxbufs[i]);
	}
	if (virtio_has(d, NET_F_MAC))
		virtio_config_read(d, CFG_MAC, v->nd.mac, 6);
	else
		memcpy(v->nd.mac, "\x52\x54\x00\x12\x34\x56", 6);
	v->nd.link_up = true;
	if (virtio_has(d, NET_F_STATUS)) {
		virtio_config_read(d, CFG_STATUS, &status, 2);
		v->nd.link_up = status & NET_S_LINK_UP;
	}
	if (virtio_has(d, NET_F_MTU))
		virtio_config_read(d, CFG_MTU, &mtu, 2);
	v->nd.mtu = MIN(mtu, (uint16_t)1500);
	v->nd.ops = &vnet_ops;
	v->nd.driver_priv = v;
	virtqueue_intr_off(v->txq);	/* completions reclaimed lazily */
	virtio_ready(d);
	virtqueue_kick(v->rxq);
	uk_netdev_register(&v->nd);
	return 0;
fail:
	/* the device is reset by lib/virtio; what we took stays (once) */
	return rc;
}

virtio_driver(vnet_driver) = {
	.name = "virtio-net",
	.id = VIRTIO_ID_NET,
	.probe = vnet_probe,
};
