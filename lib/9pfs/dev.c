// SPDX-License-Identifier: BSD-3-Clause
/* 9P transports, registered by their drivers and found by mount tag. */
#include <string.h>

#include <uk/9pdev.h>

struct uk_list uk_9pdevs = UK_LIST_INIT(uk_9pdevs);

void uk_9pdev_register(struct uk_9pdev *d)
{
	uk_list_add_tail(&d->node, &uk_9pdevs);
}

struct uk_9pdev *uk_9pdev_find(const char *tag)
{
	struct uk_9pdev *d;
	struct uk_list *l;

	uk_list_foreach(l, &uk_9pdevs) {
		d = uk_list_entry(l, struct uk_9pdev, node);
		if (!strcmp(d->tag, tag))
			return d;
	}
	return NULL;
}
