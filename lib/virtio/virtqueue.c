// SPDX-License-Identifier: BSD-3-Clause
/*
 * Split virtqueues: the descriptor table with a free list, the available
 * ring we fill and the used ring the device fills, in one block. With
 * VIRTIO_RING_F_EVENT_IDX each side says up to where it has looked
 * (used_event, avail_event), so notifications and interrupts happen only
 * when the other side is waiting for them.
 */
#include <errno.h>
#include <string.h>

#include <uk/alloc.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/virtio.h>

#define RING_ALIGN	4096

static inline void mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/*
 * Between our store of an index and our load of the device's (a kick,
 * interrupts back on) the fence must hold as the device sees it, or each
 * side can miss the other's update and, with EVENT_IDX, never look again:
 * the queue stalls for good. Under QEMU's TCG before 8.1 the fence
 * instruction is dropped (uk/plat.h: ukplat_cpu_emulated()); a device
 * register read is then the fence, as QEMU takes its global lock (a
 * locked instruction on the host) to serve it. Turning interrupts on
 * pays it (once per drain); a kick, once per frame, would pay too much:
 * its stale "no" is caught before the CPU halts instead (virtio_idle).
 */
static bool fence_by_read;	/* ukplat_cpu_emulated(), set by virtqueue_new */

static inline void device_fence(struct virtqueue *vq)
{
	if (fence_by_read)
		vq->dev->tr->fence(vq->dev);
}

/* x86 keeps stores in order and loads in order: the compiler must too */
static inline void wmb(void)
{
	uk_barrier();
}

static inline void rmb(void)
{
	uk_barrier();
}

static volatile uint16_t *used_event(struct virtqueue *vq)
{
	return &vq->avail->ring[vq->num];
}

static volatile uint16_t *avail_event(struct virtqueue *vq)
{
	return (volatile uint16_t *)&vq->used->ring[vq->num];
}

static struct virtqueue *all_queues;	/* for virtio_idle() */

static size_t ring_size(unsigned int num, size_t *avail_off,
			size_t *used_off)
{
	*avail_off = 16 * num;
	*used_off = ALIGN_UP(*avail_off + 6 + 2 * num, RING_ALIGN);
	return *used_off + ALIGN_UP(6 + 8 * num, RING_ALIGN);
}

struct virtqueue *virtqueue_new(struct virtio_dev *d, unsigned int q,
				unsigned int num,
				void (*done)(struct virtqueue *vq))
{
	unsigned int max = d->tr->queue_max(d, q), i;
	size_t avail_off, used_off, size;
	struct virtqueue *vq;
	unsigned long irq;

	if (!max)
		return NULL;
	if (!num || num > max)
		num = max;
	while (num & (num - 1))		/* a power of two */
		num &= num - 1;
	vq = uk_calloc(1, sizeof(*vq));
	if (!vq)
		return NULL;
	size = ring_size(num, &avail_off, &used_off);
	vq->mem = uk_memalign(RING_ALIGN, size);
	vq->tokens = uk_calloc(num, sizeof(void *));
	if (!vq->mem || !vq->tokens)
		goto fail;
	memset(vq->mem, 0, size);
	vq->dev = d;
	vq->index = q;
	vq->num = num;
	vq->desc = vq->mem;
	vq->avail = (void *)((char *)vq->mem + avail_off);
	vq->used = (void *)((char *)vq->mem + used_off);
	vq->event_idx = virtio_has(d, VIRTIO_F_RING_EVENT_IDX);
	fence_by_read = ukplat_cpu_emulated();
	vq->done = done;
	for (i = 0; i + 1 < num; i++)
		vq->desc[i].next = i + 1;
	vq->free_head = 0;
	vq->nr_free = num;
	if (d->tr->queue_setup(d, vq))
		goto fail;
	irq = uk_sched_lock();
	vq->next = all_queues;
	all_queues = vq;
	uk_sched_unlock(irq);
	return vq;
fail:
	uk_free(vq->mem);
	uk_free(vq->tokens);
	uk_free(vq);
	return NULL;
}

int virtqueue_add(struct virtqueue *vq, const struct virtq_seg *seg,
		  unsigned int n, void *token)
{
	uint16_t head, i, last = 0;
	unsigned int k;

	if (!n || n > vq->nr_free)
		return -ENOSPC;
	head = i = vq->free_head;
	for (k = 0; k < n; k++) {
		struct vring_desc *d = &vq->desc[i];

		d->addr = (uintptr_t)seg[k].addr;
		d->len = seg[k].len;
		d->flags = (seg[k].in ? VRING_DESC_F_WRITE : 0) |
			   (k + 1 < n ? VRING_DESC_F_NEXT : 0);
		last = i;
		i = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->nr_free -= n;
	vq->tokens[head] = token;
	vq->avail->ring[vq->avail_idx & (vq->num - 1)] = head;
	wmb();				/* the entry before the index */
	vq->avail_idx++;
	*(volatile uint16_t *)&vq->avail->idx = vq->avail_idx;
	return 0;
}

static bool need_event(uint16_t event, uint16_t new, uint16_t old)
{
	return (uint16_t)(new - event - 1) < (uint16_t)(new - old);
}

static bool kick_needed(struct virtqueue *vq, uint16_t new, uint16_t old)
{
	if (vq->event_idx)
		return need_event(*avail_event(vq), new, old);
	return !(*(volatile uint16_t *)&vq->used->flags &
		 VRING_USED_F_NO_NOTIFY);
}

void virtqueue_kick(struct virtqueue *vq)
{
	uint16_t old = vq->kicked_idx, new = vq->avail_idx;
	bool notify;

	if (old == new)
		return;
	mb();				/* the index out before we look */
	/* a stale "no" (no device_fence here: it would cost a register
	 * read per frame) is caught before the CPU halts: virtio_idle() */
	notify = kick_needed(vq, new, old);
	vq->kicked_idx = new;
	if (notify) {
		vq->notified_idx = new;
		vq->dev->tr->notify(vq->dev, vq);
	}
}

void virtqueue_notify(struct virtqueue *vq)
{
	mb();
	vq->kicked_idx = vq->notified_idx = vq->avail_idx;
	vq->dev->tr->notify(vq->dev, vq);
}

/*
 * A kick that saw a stale "no need" (device_fence) is found here, when
 * the CPU is about to halt and our index has long reached the device:
 * the device has asked to be told of an entry posted since our last
 * notify. It is told now (a device mid-work may be told once too often,
 * which is harmless). Runs with interrupts off, as drivers touch their
 * queues with the scheduler locked.
 */
static void kick_missed(struct virtqueue *vq)
{
	uint16_t posted = vq->avail_idx, told = vq->notified_idx;
	bool asked;

	if (posted == told)
		return;
	if (vq->event_idx)
		asked = need_event(*avail_event(vq), posted, told);
	else
		asked = !(*(volatile uint16_t *)&vq->used->flags &
			  VRING_USED_F_NO_NOTIFY);
	if (asked)
		virtqueue_notify(vq);
}

static void virtio_idle(void)
{
	struct virtqueue *vq;

	for (vq = all_queues; vq; vq = vq->next)
		kick_missed(vq);
}
uk_sched_idle_hook_passive(virtio_idle);

void *virtqueue_get(struct virtqueue *vq, uint32_t *len)
{
	struct vring_used_elem *e;
	uint16_t head, i, n = 1;
	void *token;

	if (*(volatile uint16_t *)&vq->used->idx == vq->last_used)
		return NULL;
	rmb();				/* the index before the entry */
	e = &vq->used->ring[vq->last_used & (vq->num - 1)];
	head = e->id;
	if (len)
		*len = e->len;
	vq->last_used++;
	token = vq->tokens[head];
	vq->tokens[head] = NULL;
	/* the chain back to the free list */
	for (i = head; vq->desc[i].flags & VRING_DESC_F_NEXT; i = vq->desc[i].next)
		n++;
	vq->desc[i].next = vq->free_head;
	vq->free_head = head;
	vq->nr_free += n;
	return token;
}

void virtqueue_intr_off(struct virtqueue *vq)
{
	if (vq->event_idx)
		*used_event(vq) = vq->last_used - 1;	/* not soon */
	else
		vq->avail->flags |= VRING_AVAIL_F_NO_INTERRUPT;
}

bool virtqueue_intr_on(struct virtqueue *vq)
{
	if (vq->event_idx)
		*used_event(vq) = vq->last_used;
	else
		vq->avail->flags &= ~VRING_AVAIL_F_NO_INTERRUPT;
	mb();				/* then look whether some came */
	device_fence(vq);
	return *(volatile uint16_t *)&vq->used->idx == vq->last_used;
}
