// SPDX-License-Identifier: BSD-3-Clause
/* The network devices the drivers registered, in order. */
#include <stdio.h>

#include <uk/netdev.h>
#include <uk/print.h>

static struct uk_list devices = UK_LIST_INIT(devices);
static unsigned int nr_devices;

void uk_netdev_register(struct uk_netdev *d)
{
	if (!d->name[0])
		snprintf(d->name, sizeof(d->name), "eth%u", nr_devices);
	uk_list_add_tail(&d->node, &devices);
	nr_devices++;
	uk_pr_info("%s: %02x:%02x:%02x:%02x:%02x:%02x, MTU %u, link %s\n",
		   d->name, d->mac[0], d->mac[1], d->mac[2], d->mac[3],
		   d->mac[4], d->mac[5], d->mtu, d->link_up ? "up" : "down");
}

unsigned int uk_netdev_count(void)
{
	return nr_devices;
}

struct uk_netdev *uk_netdev_get(unsigned int i)
{
	struct uk_list *n;

	uk_list_foreach(n, &devices)
		if (!i--)
			return uk_list_entry(n, struct uk_netdev, node);
	return NULL;
}
