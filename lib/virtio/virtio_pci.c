// SPDX-License-Identifier: BSD-3-Clause
/*
 * The modern virtio-pci transport: the common, notify, ISR and device
 * configuration structures that vendor capabilities place in BARs, and
 * one MSI-X vector for the device's queues (INTx through the I/O APIC
 * when MSI-X is not offered). Transitional devices (QEMU's default on
 * pc) are driven through their modern interface; a device without one is
 * refused with a message.
 */
#include <errno.h>
#include <stdio.h>

#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/virtio.h>

#define PCI_VENDOR_VIRTIO	0x1af4
#define PCI_CAP_VENDOR		0x09
#define PCI_CAP_MSIX		0x11

#define CFG_COMMON		1
#define CFG_NOTIFY		2
#define CFG_ISR			3
#define CFG_DEVICE		4

/* the common configuration structure */
#define C_DFSELECT		0x00
#define C_DF			0x04
#define C_GFSELECT		0x08
#define C_GF			0x0c
#define C_MSIX			0x10
#define C_NUMQ			0x12
#define C_STATUS		0x14
#define C_CFGGEN		0x15
#define C_Q_SELECT		0x16
#define C_Q_SIZE		0x18
#define C_Q_MSIX		0x1a
#define C_Q_ENABLE		0x1c
#define C_Q_NOFF		0x1e
#define C_Q_DESC		0x20
#define C_Q_AVAIL		0x28
#define C_Q_USED		0x30

#define MSIX_ENABLE		0x8000
#define MSIX_NO_VECTOR		0xffff

struct vpci {
	const struct ukplat_pci_dev *pci;
	volatile uint8_t *common, *notify, *isr, *device;
	uint32_t notify_mult;
	bool msix;
};

#define COMMON(d, off, type)						\
	(*(volatile type *)(((struct vpci *)(d)->tr_priv)->common + (off)))

static uint64_t pci_features(struct virtio_dev *d)
{
	uint64_t f;

	COMMON(d, C_DFSELECT, uint32_t) = 1;
	f = (uint64_t)COMMON(d, C_DF, uint32_t) << 32;
	COMMON(d, C_DFSELECT, uint32_t) = 0;
	return f | COMMON(d, C_DF, uint32_t);
}

static void pci_set_features(struct virtio_dev *d, uint64_t f)
{
	COMMON(d, C_GFSELECT, uint32_t) = 1;
	COMMON(d, C_GF, uint32_t) = f >> 32;
	COMMON(d, C_GFSELECT, uint32_t) = 0;
	COMMON(d, C_GF, uint32_t) = (uint32_t)f;
}

static uint8_t pci_status(struct virtio_dev *d)
{
	return COMMON(d, C_STATUS, uint8_t);
}

static void pci_set_status(struct virtio_dev *d, uint8_t s)
{
	COMMON(d, C_STATUS, uint8_t) = s;
}

static void pci_config_read(struct virtio_dev *d, unsigned int off,
			    void *buf, unsigned int len)
{
	struct vpci *v = d->tr_priv;
	unsigned int i;
	uint8_t gen;

	do {
		gen = COMMON(d, C_CFGGEN, uint8_t);
		for (i = 0; i < len; i++)
			((uint8_t *)buf)[i] = v->device[off + i];
	} while (gen != COMMON(d, C_CFGGEN, uint8_t));
}

static unsigned int pci_queue_max(struct virtio_dev *d, unsigned int q)
{
	if (q >= COMMON(d, C_NUMQ, uint16_t))
		return 0;
	COMMON(d, C_Q_SELECT, uint16_t) = q;
	return COMMON(d, C_Q_SIZE, uint16_t);
}

static int pci_queue_setup(struct virtio_dev *d, struct virtqueue *vq)
{
	struct vpci *v = d->tr_priv;

	COMMON(d, C_Q_SELECT, uint16_t) = vq->index;
	COMMON(d, C_Q_SIZE, uint16_t) = vq->num;
	COMMON(d, C_Q_DESC, uint64_t) = (uintptr_t)vq->desc;
	COMMON(d, C_Q_AVAIL, uint64_t) = (uintptr_t)vq->avail;
	COMMON(d, C_Q_USED, uint64_t) = (uintptr_t)vq->used;
	if (v->msix) {
		COMMON(d, C_Q_MSIX, uint16_t) = 0;	/* our one vector */
		if (COMMON(d, C_Q_MSIX, uint16_t) != 0)
			return -ENOSPC;
	}
	/* where this queue's doorbell is */
	vq->notify_off = COMMON(d, C_Q_NOFF, uint16_t);
	COMMON(d, C_Q_ENABLE, uint16_t) = 1;
	return 0;
}

static void pci_notify(struct virtio_dev *d, struct virtqueue *vq)
{
	struct vpci *v = d->tr_priv;

	*(volatile uint16_t *)(v->notify + vq->notify_off * v->notify_mult) =
		vq->index;
}

static unsigned int pci_irq_ack(struct virtio_dev *d)
{
	struct vpci *v = d->tr_priv;

	/* with MSI-X the vector says it all; INTx: reading ISR clears it */
	return v->msix ? 1 : *v->isr;
}

static void pci_fence(struct virtio_dev *d)
{
	(void)COMMON(d, C_STATUS, uint8_t);
}

/* MSI-X: entry 0 of the table gets our vector; the function enabled. */
static int msix_setup(struct virtio_dev *d, unsigned int cap)
{
	struct vpci *v = d->tr_priv;
	const struct ukplat_pci_dev *p = v->pci;
	uint32_t table = ukplat_pci_read(p, cap + 4, 4), data;
	uint16_t ctrl = ukplat_pci_read(p, cap + 2, 2);
	const struct ukplat_pci_bar *bar = &p->bar[table & 7];
	volatile uint32_t *entry;
	uint64_t addr;
	int rc;

	if (!bar->size || bar->io)
		return -ENODEV;
	rc = ukplat_irq_msi(virtio_interrupt, d, &addr, &data);
	if (rc)
		return rc;
	entry = (volatile uint32_t *)(uintptr_t)(bar->addr + (table & ~7U));
	entry[0] = (uint32_t)addr;
	entry[1] = addr >> 32;
	entry[2] = data;
	entry[3] = 0;			/* unmasked */
	ukplat_pci_write(p, cap + 2, 2, ctrl | MSIX_ENABLE);
	COMMON(d, C_MSIX, uint16_t) = MSIX_NO_VECTOR;	/* no config irq */
	v->msix = true;
	return 0;
}

static int pci_irq_setup(struct virtio_dev *d)
{
	struct vpci *v = d->tr_priv;
	unsigned int cap = ukplat_pci_cap_next(v->pci, PCI_CAP_MSIX, 0);

	if (cap && !msix_setup(d, cap))
		return 0;
	if (v->pci->gsi < 0)
		return -ENODEV;
	/* PCI INTx: level-triggered; QEMU's I/O APIC pins see it active
	 * high (plat/kvm/irq.c), and KVM's honours the polarity bit */
	return ukplat_irq_gsi(v->pci->gsi, true, false, virtio_interrupt, d);
}

static const struct virtio_transport pci_transport = {
	.name = "virtio-pci",
	.features = pci_features,
	.set_features = pci_set_features,
	.status = pci_status,
	.set_status = pci_set_status,
	.config_read = pci_config_read,
	.queue_max = pci_queue_max,
	.queue_setup = pci_queue_setup,
	.notify = pci_notify,
	.irq_setup = pci_irq_setup,
	.irq_ack = pci_irq_ack,
	.fence = pci_fence,
};

/* Finds the modern structures in the vendor capabilities. */
static bool find_structures(struct vpci *v)
{
	const struct ukplat_pci_dev *p = v->pci;
	unsigned int cap = 0, type, barno;
	uint32_t off;
	volatile uint8_t *at;

	while ((cap = ukplat_pci_cap_next(p, PCI_CAP_VENDOR, cap))) {
		type = ukplat_pci_read(p, cap + 3, 1);
		barno = ukplat_pci_read(p, cap + 4, 1);
		off = ukplat_pci_read(p, cap + 8, 4);
		if (barno > 5 || !p->bar[barno].size || p->bar[barno].io)
			continue;
		at = (volatile uint8_t *)(uintptr_t)(p->bar[barno].addr + off);
		if (type == CFG_COMMON && !v->common)
			v->common = at;
		else if (type == CFG_NOTIFY && !v->notify) {
			v->notify = at;
			v->notify_mult = ukplat_pci_read(p, cap + 16, 4);
		} else if (type == CFG_ISR && !v->isr)
			v->isr = at;
		else if (type == CFG_DEVICE && !v->device)
			v->device = at;
	}
	return v->common && v->notify && v->isr;
}

static void pci_add(const struct ukplat_pci_dev *p)
{
	struct virtio_dev *d;
	struct vpci *v;
	unsigned int id;

	/* 0x1000-0x103f: transitional (legacy IDs); 0x1040+: modern */
	if (p->device >= 0x1040)
		id = p->device - 0x1040;
	else if (p->device >= 0x1000 && p->device <= 0x103f)
		id = p->subsys_id;
	else
		return;
	d = uk_calloc(1, sizeof(*d));
	v = uk_calloc(1, sizeof(*v));
	if (!d || !v)
		goto fail;
	v->pci = p;
	snprintf(d->name, sizeof(d->name), "virtio-pci@%02x:%02x.%u", p->bus,
		 p->slot, p->func);
	if (!find_structures(v)) {
		uk_pr_err("%s: legacy only (no modern capabilities), not "
			  "driven: use a modern device, e.g. QEMU's "
			  "-device virtio-net-pci,disable-legacy=on\n",
			  d->name);
		goto fail;
	}
	d->tr = &pci_transport;
	d->tr_priv = v;
	d->id = id;
	if (!virtio_dev_probe(d))
		return;
fail:
	uk_free(v);
	uk_free(d);
}

static int pci_init(void)
{
	const struct ukplat_pci_dev *p;
	unsigned int i;

	for (i = 0; i < ukplat_pci_count(); i++) {
		p = ukplat_pci_get(i);
		if (p->vendor == PCI_VENDOR_VIRTIO)
			pci_add(p);
	}
	return 0;
}
uk_initcall(pci_init, UK_INIT_SYS);
