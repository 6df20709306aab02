// SPDX-License-Identifier: BSD-3-Clause
/*
 * The virtio-mmio transport, version 2 (virtio 1.x). QEMU presents the
 * legacy layout (version 1) unless started with
 * -global virtio-mmio.force-legacy=false, which `make run` passes; a
 * version 1 transport is refused with a message saying so.
 */
#include <errno.h>
#include <stdio.h>

#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/virtio.h>

#define MMIO_MAGIC		0x000
#define MMIO_VERSION		0x004
#define MMIO_DEVICE_ID		0x008
#define MMIO_DEV_FEATURES	0x010
#define MMIO_DEV_FEATURES_SEL	0x014
#define MMIO_DRV_FEATURES	0x020
#define MMIO_DRV_FEATURES_SEL	0x024
#define MMIO_QUEUE_SEL		0x030
#define MMIO_QUEUE_NUM_MAX	0x034
#define MMIO_QUEUE_NUM		0x038
#define MMIO_QUEUE_READY	0x044
#define MMIO_QUEUE_NOTIFY	0x050
#define MMIO_INT_STATUS		0x060
#define MMIO_INT_ACK		0x064
#define MMIO_STATUS		0x070
#define MMIO_QUEUE_DESC		0x080
#define MMIO_QUEUE_DRIVER	0x090
#define MMIO_QUEUE_DEVICE	0x0a0
#define MMIO_CONFIG_GEN		0x0fc
#define MMIO_CONFIG		0x100

#define MAGIC_VIRT		0x74726976	/* "virt" */

struct mmio {
	volatile uint8_t *base;
	unsigned int gsi;
};

static uint32_t rd(struct virtio_dev *d, unsigned int off)
{
	struct mmio *m = d->tr_priv;

	return *(volatile uint32_t *)(m->base + off);
}

static void wr(struct virtio_dev *d, unsigned int off, uint32_t v)
{
	struct mmio *m = d->tr_priv;

	*(volatile uint32_t *)(m->base + off) = v;
}

static uint64_t mmio_features(struct virtio_dev *d)
{
	uint64_t f;

	wr(d, MMIO_DEV_FEATURES_SEL, 1);
	f = (uint64_t)rd(d, MMIO_DEV_FEATURES) << 32;
	wr(d, MMIO_DEV_FEATURES_SEL, 0);
	return f | rd(d, MMIO_DEV_FEATURES);
}

static void mmio_set_features(struct virtio_dev *d, uint64_t f)
{
	wr(d, MMIO_DRV_FEATURES_SEL, 1);
	wr(d, MMIO_DRV_FEATURES, f >> 32);
	wr(d, MMIO_DRV_FEATURES_SEL, 0);
	wr(d, MMIO_DRV_FEATURES, (uint32_t)f);
}

static uint8_t mmio_status(struct virtio_dev *d)
{
	return rd(d, MMIO_STATUS);
}

static void mmio_set_status(struct virtio_dev *d, uint8_t s)
{
	wr(d, MMIO_STATUS, s);
}

/* Byte by byte, until the generation holds still (a consistent read). */
static void mmio_config_read(struct virtio_dev *d, unsigned int off,
			     void *buf, unsigned int len)
{
	struct mmio *m = d->tr_priv;
	uint32_t gen;
	unsigned int i;

	do {
		gen = rd(d, MMIO_CONFIG_GEN);
		for (i = 0; i < len; i++)
			((uint8_t *)buf)[i] = m->base[MMIO_CONFIG + off + i];
	} while (gen != rd(d, MMIO_CONFIG_GEN));
}

static unsigned int mmio_queue_max(struct virtio_dev *d, unsigned int q)
{
	wr(d, MMIO_QUEUE_SEL, q);
	if (rd(d, MMIO_QUEUE_READY))
		return 0;		/* in use: not ours to set up */
	return rd(d, MMIO_QUEUE_NUM_MAX);
}

static void wr64(struct virtio_dev *d, unsigned int off, uint64_t v)
{
	wr(d, off, (uint32_t)v);
	wr(d, off + 4, v >> 32);
}

static int mmio_queue_setup(struct virtio_dev *d, struct virtqueue *vq)
{
	wr(d, MMIO_QUEUE_SEL, vq->index);
	wr(d, MMIO_QUEUE_NUM, vq->num);
	wr64(d, MMIO_QUEUE_DESC, (uintptr_t)vq->desc);
	wr64(d, MMIO_QUEUE_DRIVER, (uintptr_t)vq->avail);
	wr64(d, MMIO_QUEUE_DEVICE, (uintptr_t)vq->used);
	wr(d, MMIO_QUEUE_READY, 1);
	return 0;
}

static void mmio_notify(struct virtio_dev *d, struct virtqueue *vq)
{
	wr(d, MMIO_QUEUE_NOTIFY, vq->index);
}

static unsigned int mmio_irq_ack(struct virtio_dev *d)
{
	uint32_t st = rd(d, MMIO_INT_STATUS);

	if (st)
		wr(d, MMIO_INT_ACK, st);
	return st;
}

static void mmio_fence(struct virtio_dev *d)
{
	rd(d, MMIO_MAGIC);
}

static int mmio_irq_setup(struct virtio_dev *d)
{
	struct mmio *m = d->tr_priv;

	return ukplat_irq_gsi(m->gsi, true, false, virtio_interrupt, d);
}

static const struct virtio_transport mmio_transport = {
	.name = "virtio-mmio",
	.features = mmio_features,
	.set_features = mmio_set_features,
	.status = mmio_status,
	.set_status = mmio_set_status,
	.config_read = mmio_config_read,
	.queue_max = mmio_queue_max,
	.queue_setup = mmio_queue_setup,
	.notify = mmio_notify,
	.irq_setup = mmio_irq_setup,
	.irq_ack = mmio_irq_ack,
	.fence = mmio_fence,
};

static void mmio_add(const struct ukplat_mmio_dev *pd)
{
	volatile uint8_t *base = (volatile uint8_t *)(uintptr_t)pd->base;
	uint32_t version = *(volatile uint32_t *)(base + MMIO_VERSION);
	uint32_t id = *(volatile uint32_t *)(base + MMIO_DEVICE_ID);
	struct virtio_dev *d;
	struct mmio *m;

	if (*(volatile uint32_t *)(base + MMIO_MAGIC) != MAGIC_VIRT || !id)
		return;
	if (version != 2) {
		uk_pr_err("virtio-mmio@0x%llx: legacy transport (version %u), "
			  "not driven: start QEMU with -global "
			  "virtio-mmio.force-legacy=false (make run does)\n",
			  (unsigned long long)pd->base, version);
		return;
	}
	d = uk_calloc(1, sizeof(*d));
	m = uk_calloc(1, sizeof(*m));
	if (!d || !m) {
		uk_free(d);
		uk_free(m);
		return;
	}
	m->base = base;
	m->gsi = pd->gsi;
	d->tr = &mmio_transport;
	d->tr_priv = m;
	d->id = id;
	snprintf(d->name, sizeof(d->name), "virtio-mmio@0x%llx",
		 (unsigned long long)pd->base);
	if (virtio_dev_probe(d)) {
		uk_free(m);
		uk_free(d);
	}
}

static int mmio_init(void)
{
	unsigned int i;

	for (i = 0; i < ukplat_mmio_count(); i++)
		mmio_add(ukplat_mmio_get(i));
	return 0;
}
uk_initcall(mmio_init, UK_INIT_SYS);
