// SPDX-License-Identifier: BSD-3-Clause
/* virtio devices: drivers by device ID, feature negotiation, interrupts. */
#include <errno.h>

#include <uk/print.h>
#include <uk/virtio.h>

UK_TABLE_DEFINE(virtio_drivers, struct virtio_driver);

static const struct virtio_driver *driver_for(unsigned int id)
{
	const struct virtio_driver *drv;

	uk_table_foreach(drv, virtio_drivers)
		if (drv->id == id)
			return drv;
	return NULL;
}

int virtio_negotiate(struct virtio_dev *d, uint64_t want)
{
	uint64_t offered = d->tr->features(d);

	want |= 1ULL << VIRTIO_F_VERSION_1 | 1ULL << VIRTIO_F_RING_EVENT_IDX;
	d->features = offered & want;
	d->tr->set_features(d, d->features);
	d->tr->set_status(d, d->tr->status(d) | VIRTIO_S_FEATURES_OK);
	if (!(d->tr->status(d) & VIRTIO_S_FEATURES_OK)) {
		uk_pr_err("%s: refused features 0x%llx\n", d->name,
			  (unsigned long long)d->features);
		return -ENODEV;
	}
	return 0;
}

int virtio_irq_setup(struct virtio_dev *d)
{
	return d->tr->irq_setup(d);
}

void virtio_ready(struct virtio_dev *d)
{
	d->tr->set_status(d, d->tr->status(d) | VIRTIO_S_DRIVER_OK);
}

void virtio_config_read(struct virtio_dev *d, unsigned int off, void *buf,
			unsigned int len)
{
	d->tr->config_read(d, off, buf, len);
}

int virtio_dev_probe(struct virtio_dev *d)
{
	const struct virtio_driver *drv = driver_for(d->id);
	int rc;

	if (!drv)
		return -ENODEV;		/* no driver in this image */
	d->tr->set_status(d, 0);	/* reset */
	d->tr->set_status(d, VIRTIO_S_ACKNOWLEDGE);
	d->tr->set_status(d, VIRTIO_S_ACKNOWLEDGE | VIRTIO_S_DRIVER);
	if (!(d->tr->features(d) & (1ULL << VIRTIO_F_VERSION_1))) {
		uk_pr_err("%s: a legacy device (no VIRTIO_F_VERSION_1): not "
			  "driven\n", d->name);
		d->tr->set_status(d, VIRTIO_S_FAILED);
		return -ENODEV;
	}
	rc = drv->probe(d);
	if (rc) {
		uk_pr_err("%s: %s: error %d\n", d->name, drv->name, -rc);
		d->tr->set_status(d, VIRTIO_S_FAILED);
		return rc;
	}
	return 0;
}

void virtio_interrupt(void *arg)
{
	struct virtio_dev *d = arg;
	unsigned int i;

	/* acknowledged first: a completion after this raises it again */
	if (!(d->tr->irq_ack(d) & 1))
		return;
	for (i = 0; i < d->nr_vqs; i++)
		if (d->vqs[i] && d->vqs[i]->done)
			d->vqs[i]->done(d->vqs[i]);
}
