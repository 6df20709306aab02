// SPDX-License-Identifier: BSD-3-Clause
/*
 * The kernel underneath the libc, called directly: platform clock and
 * timer, the kernel heap, kernel parameters, boot modules and the
 * registration tables.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/arch/x86.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/test.h>

#include "selftest.h"

static int answer;
UK_PARAM_INT(selftest, answer, answer, 0, 1000,
	     "must be 42: checks that app parameters arrive");

UK_TESTCASE(params, app_param_arrives)
{
	UK_TEST_EXPECTF(answer == 42, "pass selftest.answer=42");
}

UK_TESTCASE(clock, tsc_frequency_plausible)
{
	const char *src = "?";
	uint64_t hz = ukplat_tsc_hz(&src);

	uk_console_printf("clock: TSC %lu kHz (%s)\n",
			  (unsigned long)(hz / 1000), src);
	UK_TEST_EXPECT_GT(hz, 100000000ULL);
	UK_TEST_EXPECT_LT(hz, 20000000000ULL);
}

UK_TESTCASE(clock, never_goes_backwards)
{
	uint64_t a = ukplat_monotonic_ns(), b, first = a;
	int i, back = 0;

	for (i = 0; i < 1000; i++) {
		b = ukplat_monotonic_ns();
		if (b < a)
			back++;
		a = b;
	}
	UK_TEST_EXPECT_EQ(back, 0);
	UK_TEST_EXPECT_GT(a, first);
}

static volatile int timer_fired;
static volatile uint64_t timer_fired_at;

static void on_timer(void)
{
	timer_fired_at = ukplat_monotonic_ns();
	timer_fired++;
}

/* Waits for the timer with hlt; the deadline must be met, not beaten. */
UK_TESTCASE(timer, oneshot_wakes_halted_cpu)
{
	uint64_t start, deadline, waited;
	int spins = 0;

	timer_fired = 0;
	ukplat_timer_set_handler(on_timer);
	ukplat_irq_disable();
	start = ukplat_monotonic_ns();
	deadline = start + 20 * 1000 * 1000;	/* 20 ms */
	ukplat_timer_arm(deadline);
	while (!timer_fired && spins++ < 1000) {
		/* the one-shot may fire early for long waits: re-arm */
		if (ukplat_monotonic_ns() < deadline && spins > 1)
			ukplat_timer_arm(deadline);
		ukplat_idle();
	}
	waited = ukplat_monotonic_ns() - start;
	ukplat_timer_arm(0);
	uk_console_printf("timer: fired after %lu us, %d wake-ups\n",
			  (unsigned long)(waited / 1000), spins);
	UK_TEST_ASSERT_GE(timer_fired, 1);
	UK_TEST_EXPECT_GE(timer_fired_at, deadline);
	/* generous: TCG on a loaded machine is slow, but not 5 s slow */
	UK_TEST_EXPECT_LT(waited, 5000ULL * 1000 * 1000);
	/* waits by halting, not by a busy loop */
	UK_TEST_EXPECT_LT(spins, 100);
}

UK_TESTCASE(ukalloc, blocks_written_and_read_back)
{
	struct uk_alloc_stats before, after;
	void *blocks[64];
	int i, bad = 0;

	uk_alloc_get_stats(&before);
	for (i = 0; i < 64; i++) {
		blocks[i] = uk_malloc(4096 * (i + 1));	/* 8 MiB in all */
		UK_TEST_ASSERT_NOT_NULL(blocks[i]);
		UK_TEST_EXPECT_EQ((uintptr_t)blocks[i] & 15, 0);
		memset(blocks[i], i, 4096 * (i + 1));
	}
	for (i = 0; i < 64; i++) {
		unsigned char *p = blocks[i];

		if (p[0] != i || p[4096 * (i + 1) - 1] != i)
			bad++;
	}
	UK_TEST_EXPECT_EQ(bad, 0);
	for (i = 0; i < 64; i++)
		uk_free(blocks[i]);
	uk_alloc_get_stats(&after);
	/* the libc and providers allocate too: compare with before */
	UK_TEST_EXPECT_EQ(after.used, before.used);
}

UK_TESTCASE(ukalloc, heap_covers_most_of_ram)
{
	struct uk_alloc_stats st;

	uk_alloc_get_stats(&st);
	uk_console_printf("ukalloc: %lu KiB total, %lu KiB free\n",
			  (unsigned long)(st.total / 1024),
			  (unsigned long)(st.free / 1024));
	UK_TEST_EXPECT_GT(st.total, 32 * 1024 * 1024);
	UK_TEST_EXPECT_LE(st.used, st.total);
}

/*
 * With an initrd (the test runner passes a cpio archive), the memory map
 * must keep it as a module, untouched by the heap and by writes to the
 * files unpacked from it (files.c's initrd suite checks those).
 */
UK_TESTCASE(modules, initrd_kept_intact)
{
	unsigned int i, n = ukplat_memregion_count();
	int found = 0;

	if (!selftest_initrd)
		UK_TEST_SKIP("needs an initrd and the argument 'initrd'");
	for (i = 0; i < n; i++) {
		const struct ukplat_memregion *r = ukplat_memregion_get(i);

		if (r->type != UKPLAT_MEM_MODULE)
			continue;
		found++;
		uk_console_printf("modules: %lu bytes at 0x%lx\n",
				  (unsigned long)r->len,
				  (unsigned long)r->base);
		UK_TEST_ASSERT_GE(r->len, 6);
		UK_TEST_EXPECT_MEM_EQ((void *)r->base, "070701", 6);
	}
	UK_TEST_EXPECT_EQ(found, 1);
}

/*
 * No free (heap) region may overlap the image or a module: what the heap
 * hands out must never be memory someone else owns.
 */
UK_TESTCASE(modules, free_regions_disjoint)
{
	unsigned int i, j, n = ukplat_memregion_count();

	for (i = 0; i < n; i++) {
		const struct ukplat_memregion *f = ukplat_memregion_get(i);

		if (f->type != UKPLAT_MEM_FREE)
			continue;
		for (j = 0; j < n; j++) {
			const struct ukplat_memregion *o =
				ukplat_memregion_get(j);

			if (o->type == UKPLAT_MEM_FREE)
				continue;
			UK_TEST_EXPECTF(f->base + f->len <= o->base ||
					o->base + o->len <= f->base,
					"free 0x%lx+0x%lx overlaps 0x%lx+0x%lx",
					(unsigned long)f->base,
					(unsigned long)f->len,
					(unsigned long)o->base,
					(unsigned long)o->len);
		}
	}
}

/*
 * Registration tables (uk/table.h) come out of the link sorted: init
 * functions by level, then priority, and this image's own entries are
 * all there, with nothing between them that is not an entry.
 */
static int selftest_init_first_ran, selftest_init_seq;

static int selftest_init_late(void)
{
	selftest_init_seq = selftest_init_first_ran ? 2 : -1;
	return 0;
}
uk_initcall_prio(selftest_init_late, UK_INIT_LATE, 7);

static int selftest_init_early(void)
{
	selftest_init_first_ran = 1;
	return 0;
}
uk_initcall_prio(selftest_init_early, UK_INIT_LATE, 1);

UK_TESTCASE(tables, init_order_is_declared)
{
	const struct uk_initcall *c, *prev = NULL;
	int mine = 0;

	uk_table_foreach(c, inittab) {
		UK_TEST_ASSERT_NOT_NULL(c->fn);
		UK_TEST_ASSERT_NOT_NULL(c->name);
		if (prev)
			UK_TEST_EXPECTF(prev->level < c->level ||
					(prev->level == c->level &&
					 prev->prio <= c->prio),
					"%s (%d.%d) before %s (%d.%d)",
					prev->name, prev->level, prev->prio,
					c->name, c->level, c->prio);
		mine += c->fn == selftest_init_late ||
			c->fn == selftest_init_early;
		prev = c;
	}
	UK_TEST_EXPECT_EQ(mine, 2);
	/* priority 1 ran before priority 7, although defined after it */
	UK_TEST_EXPECT_EQ(selftest_init_seq, 2);
}

UK_TESTCASE(tables, params_grouped_by_library)
{
	const struct uk_param *p, *prev = NULL;
	int n = 0;

	uk_table_foreach(p, params) {
		UK_TEST_ASSERT_NOT_NULL(p->name);
		UK_TEST_ASSERT_NOT_NULL(p->set);
		if (prev) {
			size_t a = strcspn(prev->name, "."),
			       b = strcspn(p->name, ".");

			UK_TEST_EXPECTF(strncmp(prev->name, p->name,
						MIN(a, b)) <= 0,
					"%s before %s", prev->name, p->name);
		}
		n += !strcmp(p->name, "selftest.answer");
		prev = p;
	}
	UK_TEST_EXPECT_EQ(n, 1);
}

/*
 * Devices (plat.h): the virtio-mmio transports (microvm) and the PCI
 * functions (pc, q35) the platform found, and their interrupts. The
 * runner says how many virtio-net devices it gave the VM with
 * selftest.nics=N; without it the cases check only what they find.
 */
static int nics = -1;
UK_PARAM_INT(selftest, nics, nics, -1, 8,
	     "virtio-net devices the VM has (-1: not said, not checked)");

#define VIRTIO_VENDOR		0x1af4
#define VIRTIO_ID_NET		1
#define VIRTIO_MMIO_MAGIC	0x74726976	/* "virt" */

static volatile uint32_t *mmio_regs(const struct ukplat_mmio_dev *d)
{
	return (volatile uint32_t *)(uintptr_t)d->base;
}

UK_TESTCASE(devices, virtio_mmio_transports)
{
	unsigned int i, j, n = ukplat_mmio_count(), net = 0;

	for (i = 0; i < n; i++) {
		const struct ukplat_mmio_dev *d = ukplat_mmio_get(i);
		volatile uint32_t *r;

		UK_TEST_ASSERT_NOT_NULL(d);
		r = mmio_regs(d);
		uk_console_printf("devices: virtio-mmio 0x%llx size 0x%llx "
				  "gsi %u: version %u, device %u\n",
				  (unsigned long long)d->base,
				  (unsigned long long)d->size, d->gsi,
				  r[1], r[2]);
		UK_TEST_EXPECT_EQ(r[0], VIRTIO_MMIO_MAGIC);
		UK_TEST_EXPECT(r[1] == 1 || r[1] == 2);
		UK_TEST_EXPECT_NE(r[2], 0);
		UK_TEST_EXPECT_GE(d->size, 0x100);
		UK_TEST_EXPECT_LE(d->base + d->size, 0x100000000ULL);
		/* sorted from the top, as QEMU fills them; disjoint */
		for (j = 0; j < i; j++)
			UK_TEST_EXPECT_GE(ukplat_mmio_get(j)->base,
					  d->base + d->size);
		net += r[2] == VIRTIO_ID_NET;
	}
	UK_TEST_EXPECT_NULL(ukplat_mmio_get(n));
	if (nics >= 0 && !ukplat_pci_count())
		UK_TEST_EXPECT_EQ(net, nics);
}

UK_TESTCASE(devices, pci_functions)
{
	unsigned int i, j, n = ukplat_pci_count();

	for (i = 0; i < n; i++) {
		const struct ukplat_pci_dev *d = ukplat_pci_get(i);

		UK_TEST_ASSERT_NOT_NULL(d);
		uk_console_printf("devices: pci %02x:%02x.%x %04x:%04x "
				  "class %02x.%02x.%02x rev %u subsys "
				  "%04x:%04x pin %u gsi %d cmd 0x%x\n",
				  d->bus, d->slot, d->func, d->vendor,
				  d->device, d->class, d->subclass,
				  d->prog_if, d->revision, d->subsys_vendor,
				  d->subsys_id, d->irq_pin, d->gsi,
				  ukplat_pci_read(d, 4, 2));
		for (j = 0; j < 6; j++) {
			const struct ukplat_pci_bar *b = &d->bar[j];

			if (!b->size)
				continue;
			uk_console_printf("devices:   bar%u %s%s%s 0x%llx size "
					  "0x%llx\n", j, b->io ? "io" : "mem",
					  b->mem64 ? "64" : "",
					  b->prefetch ? " prefetch" : "",
					  (unsigned long long)b->addr,
					  (unsigned long long)b->size);
		}
	}
}

/*
 * Interrupts from a real device without a driver: one frame posted on
 * the transmit queue of the first virtio-net device (its legacy
 * interface, or virtio-mmio version 2), whose completion interrupts.
 * Level-triggered GSIs (virtio-mmio; PCI INTx) are acknowledged in the
 * handler, before the end of interrupt, so each completion calls the
 * handler once; on PCI an MSI-X vector is tried next. The device is
 * reset afterwards (its interrupt line stays low).
 */
#define VIRTIO_ST_ACK		1
#define VIRTIO_ST_DRIVER	2
#define VIRTIO_ST_DRIVER_OK	4
#define VIRTIO_ST_FEATURES_OK	8

#define MMIO_DEV_FEATURES	0x010
#define MMIO_DEV_FEATURES_SEL	0x014
#define MMIO_DRV_FEATURES	0x020
#define MMIO_DRV_FEATURES_SEL	0x024
#define MMIO_GUEST_PAGE_SIZE	0x028	/* version 1 */
#define MMIO_QUEUE_SEL		0x030
#define MMIO_QUEUE_NUM_MAX	0x034
#define MMIO_QUEUE_NUM		0x038
#define MMIO_QUEUE_ALIGN	0x03c	/* version 1 */
#define MMIO_QUEUE_PFN		0x040	/* version 1 */
#define MMIO_QUEUE_READY	0x044	/* version 2 */
#define MMIO_QUEUE_NOTIFY	0x050
#define MMIO_INT_STATUS		0x060
#define MMIO_INT_ACK		0x064
#define MMIO_STATUS		0x070
#define MMIO_QUEUE_DESC		0x080	/* version 2: low, high */
#define MMIO_QUEUE_AVAIL	0x090
#define MMIO_QUEUE_USED		0x0a0

#define PCI_LEG_GUEST_FEATURES	0x04
#define PCI_LEG_QUEUE_PFN	0x08
#define PCI_LEG_QUEUE_SIZE	0x0c
#define PCI_LEG_QUEUE_SEL	0x0e
#define PCI_LEG_QUEUE_NOTIFY	0x10
#define PCI_LEG_STATUS		0x12
#define PCI_LEG_ISR		0x13
#define PCI_LEG_QUEUE_VECTOR	0x16	/* with MSI-X on */
#define PCI_CAP_MSIX		0x11
#define MSIX_ENABLE		0x8000

#define TXQ			1
#define VQ_ALIGN		4096

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/* a legacy split ring of up to 256 entries (desc, avail | used) */
static uint8_t vq_mem[3 * 4096] __aligned(4096);
static uint8_t tx_frame[12 + 60] __aligned(16);

struct txq {
	struct vring_desc *desc;
	volatile uint16_t *avail;	/* flags, idx, ring[] */
	volatile uint16_t *used;	/* flags, idx, ring[] of 8 bytes */
	unsigned int size;
};

static void txq_init(struct txq *q, unsigned int size)
{
	memset(vq_mem, 0, sizeof(vq_mem));
	q->size = size;
	q->desc = (struct vring_desc *)vq_mem;
	q->avail = (volatile uint16_t *)(vq_mem + 16 * size);
	q->used = (volatile uint16_t *)(vq_mem +
		  ALIGN_UP(16 * size + 6 + 2 * size, VQ_ALIGN));
}

/* One frame to nobody (a local experimental EtherType: slirp drops it). */
static void txq_post(struct txq *q, unsigned int hdr_len)
{
	static const uint8_t eth[14] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x88, 0xb5 };
	unsigned int idx = q->avail[1], slot = idx % q->size;

	memset(tx_frame, 0, sizeof(tx_frame));
	memcpy(tx_frame + hdr_len, eth, sizeof(eth));
	q->desc[slot].addr = (uintptr_t)tx_frame;
	q->desc[slot].len = hdr_len + 60;
	q->desc[slot].flags = 0;
	q->avail[2 + slot] = slot;
	__sync_synchronize();
	q->avail[1] = idx + 1;
	__sync_synchronize();
}

struct irq_seen {
	volatile uint32_t *mmio;	/* virtio-mmio: acknowledged here */
	uint16_t isr_port;		/* legacy virtio-pci INTx: read here */
	volatile int calls, used;
};

static void seen_irq(void *arg)
{
	struct irq_seen *s = arg;
	uint32_t st = 1;

	if (s->mmio) {
		st = s->mmio[MMIO_INT_STATUS / 4];
		s->mmio[MMIO_INT_ACK / 4] = st;
	} else if (s->isr_port) {
		st = inb(s->isr_port);	/* reading acknowledges */
	}
	s->calls++;
	if (st & 1)
		s->used++;
}

/* Waits (interrupts on) up to 5 s for *v to reach n; what it reached. */
static int wait_for(volatile int *v, int n)
{
	unsigned long was = ukplat_irq_save();
	uint64_t end = ukplat_monotonic_ns() + 5000ULL * 1000 * 1000;

	ukplat_irq_enable();
	while (*v < n && ukplat_monotonic_ns() < end)
		__asm__ __volatile__("pause");
	/* a repeat would come at once: give it a moment */
	end = ukplat_monotonic_ns() + 10ULL * 1000 * 1000;
	while (ukplat_monotonic_ns() < end)
		__asm__ __volatile__("pause");
	ukplat_irq_disable();
	ukplat_irq_restore(was);
	return *v;
}

static struct irq_seen mmio_seen;

static void mmio_net_fires(const struct ukplat_mmio_dev *d)
{
	volatile uint32_t *r = mmio_regs(d);
	unsigned int version = r[1], hdr = version == 2 ? 12 : 10;
	uintptr_t p;
	struct txq q;
	int rc;

	r[MMIO_STATUS / 4] = 0;
	r[MMIO_STATUS / 4] = VIRTIO_ST_ACK | VIRTIO_ST_DRIVER;
	r[MMIO_DRV_FEATURES_SEL / 4] = 0;
	r[MMIO_DRV_FEATURES / 4] = 0;
	if (version == 2) {
		r[MMIO_DEV_FEATURES_SEL / 4] = 1;
		UK_TEST_ASSERT(r[MMIO_DEV_FEATURES / 4] & 1);	/* VERSION_1 */
		r[MMIO_DRV_FEATURES_SEL / 4] = 1;
		r[MMIO_DRV_FEATURES / 4] = 1;
		r[MMIO_STATUS / 4] |= VIRTIO_ST_FEATURES_OK;
		UK_TEST_ASSERT(r[MMIO_STATUS / 4] & VIRTIO_ST_FEATURES_OK);
	} else {
		r[MMIO_GUEST_PAGE_SIZE / 4] = 4096;
	}
	r[MMIO_QUEUE_SEL / 4] = TXQ;
	UK_TEST_ASSERT_GE(r[MMIO_QUEUE_NUM_MAX / 4], 8);
	r[MMIO_QUEUE_NUM / 4] = 8;
	txq_init(&q, 8);
	if (version == 2) {
		p = (uintptr_t)q.desc;
		r[MMIO_QUEUE_DESC / 4] = p;
		r[MMIO_QUEUE_DESC / 4 + 1] = (uint64_t)p >> 32;
		p = (uintptr_t)q.avail;
		r[MMIO_QUEUE_AVAIL / 4] = p;
		r[MMIO_QUEUE_AVAIL / 4 + 1] = (uint64_t)p >> 32;
		p = (uintptr_t)q.used;
		r[MMIO_QUEUE_USED / 4] = p;
		r[MMIO_QUEUE_USED / 4 + 1] = (uint64_t)p >> 32;
		r[MMIO_QUEUE_READY / 4] = 1;
	} else {
		r[MMIO_QUEUE_ALIGN / 4] = VQ_ALIGN;
		r[MMIO_QUEUE_PFN / 4] = (uintptr_t)vq_mem >> 12;
	}
	mmio_seen.mmio = r;
	rc = ukplat_irq_gsi(d->gsi, true, false, seen_irq, &mmio_seen);
	UK_TEST_ASSERT_EQ(rc, 0);
	r[MMIO_STATUS / 4] |= VIRTIO_ST_DRIVER_OK;
	txq_post(&q, hdr);
	r[MMIO_QUEUE_NOTIFY / 4] = TXQ;
	wait_for(&mmio_seen.used, 1);
	uk_console_printf("devices: virtio-mmio 0x%llx (version %u): GSI %u "
			  "handler ran %d times for %d completions\n",
			  (unsigned long long)d->base, version, d->gsi,
			  mmio_seen.calls, q.used[1]);
	UK_TEST_EXPECT_EQ(q.used[1], 1);
	UK_TEST_EXPECT_EQ(mmio_seen.used, 1);
	/* acknowledged before the EOI: no second run for one completion */
	UK_TEST_EXPECT_EQ(mmio_seen.calls, 1);
	r[MMIO_STATUS / 4] = 0;
}

static struct irq_seen intx_seen, msi_seen;

static void pci_net_fires(const struct ukplat_pci_dev *d)
{
	uint16_t io = d->bar[0].addr, ctrl;
	unsigned int cap, bir, size;
	volatile uint32_t *tbl;
	uint32_t table, data;
	uint64_t addr;
	struct txq q;
	int rc;

	outb(io + PCI_LEG_STATUS, 0);
	outb(io + PCI_LEG_STATUS, VIRTIO_ST_ACK | VIRTIO_ST_DRIVER);
	outl(io + PCI_LEG_GUEST_FEATURES, 0);
	outw(io + PCI_LEG_QUEUE_SEL, TXQ);
	size = inw(io + PCI_LEG_QUEUE_SIZE);
	UK_TEST_ASSERT(size >= 8 && size <= 256);
	txq_init(&q, size);
	outl(io + PCI_LEG_QUEUE_PFN, (uintptr_t)vq_mem >> 12);

	/* INTx: the line firmware set, level-triggered */
	intx_seen.isr_port = io + PCI_LEG_ISR;
	rc = ukplat_irq_gsi(d->gsi, true, false, seen_irq, &intx_seen);
	UK_TEST_ASSERT_EQ(rc, 0);
	outb(io + PCI_LEG_STATUS, VIRTIO_ST_ACK | VIRTIO_ST_DRIVER |
	     VIRTIO_ST_DRIVER_OK);
	txq_post(&q, 10);
	outw(io + PCI_LEG_QUEUE_NOTIFY, TXQ);
	wait_for(&intx_seen.used, 1);
	uk_console_printf("devices: pci %02x:%02x.%x INTx on GSI %d: handler "
			  "ran %d times for %d completions\n", d->bus, d->slot,
			  d->func, d->gsi, intx_seen.calls, q.used[1]);
	UK_TEST_EXPECT_EQ(q.used[1], 1);
	UK_TEST_EXPECT_EQ(intx_seen.used, 1);
	UK_TEST_EXPECT_EQ(intx_seen.calls, 1);

	/* MSI-X: table entry 0 for the transmit queue */
	cap = ukplat_pci_cap_next(d, PCI_CAP_MSIX, 0);
	UK_TEST_ASSERT_NE(cap, 0);
	ctrl = ukplat_pci_read(d, cap + 2, 2);
	table = ukplat_pci_read(d, cap + 4, 4);
	bir = table & 7;
	UK_TEST_ASSERT(bir < 6 && d->bar[bir].size && !d->bar[bir].io);
	tbl = (volatile uint32_t *)(uintptr_t)(d->bar[bir].addr +
					       (table & ~7u));
	rc = ukplat_irq_msi(seen_irq, &msi_seen, &addr, &data);
	UK_TEST_ASSERT_EQ(rc, 0);
	uk_console_printf("devices: MSI address 0x%llx data 0x%x\n",
			  (unsigned long long)addr, data);
	UK_TEST_EXPECT_EQ(addr & ~0xff000ULL, 0xfee00000ULL);
	tbl[0] = addr;
	tbl[1] = addr >> 32;
	tbl[2] = data;
	tbl[3] = 0;			/* unmasked */
	ukplat_pci_write(d, cap + 2, 2, (ctrl & ~0x4000) | MSIX_ENABLE);
	outw(io + PCI_LEG_QUEUE_SEL, TXQ);
	outw(io + PCI_LEG_QUEUE_VECTOR, 0);
	UK_TEST_EXPECT_EQ(inw(io + PCI_LEG_QUEUE_VECTOR), 0);
	txq_post(&q, 10);
	outw(io + PCI_LEG_QUEUE_NOTIFY, TXQ);
	wait_for(&msi_seen.used, 1);
	uk_console_printf("devices: pci %02x:%02x.%x MSI-X vector %u: handler "
			  "ran %d times, %d completions in all\n", d->bus,
			  d->slot, d->func, data & 0xff, msi_seen.calls,
			  q.used[1]);
	UK_TEST_EXPECT_EQ(q.used[1], 2);
	UK_TEST_EXPECT_EQ(msi_seen.calls, 1);
	/* INTx stays quiet while MSI-X is on */
	UK_TEST_EXPECT_EQ(intx_seen.calls, 1);

	outb(io + PCI_LEG_STATUS, 0);
	tbl[3] = 1;
	ukplat_pci_write(d, cap + 2, 2, ctrl & ~MSIX_ENABLE);
}

static bool is_virtio_net_pci(const struct ukplat_pci_dev *d)
{
	return d->vendor == VIRTIO_VENDOR &&
	       (d->device == 0x1041 ||
		(d->device == 0x1000 && d->subsys_id == VIRTIO_ID_NET));
}

UK_TESTCASE(devices, interrupts_routed_and_delivered)
{
	unsigned int i, v;
	uint64_t addr;
	uint32_t data;
	int rc;

	/* what needs no device: errors, and an MSI's address and data */
	UK_TEST_EXPECT_EQ(ukplat_irq_gsi(1000, true, false, seen_irq,
					 &mmio_seen), -ENODEV);
	UK_TEST_EXPECT_EQ(ukplat_irq_gsi(5, true, false, NULL, NULL),
			  -EINVAL);
	rc = ukplat_irq_msi(seen_irq, &msi_seen, &addr, &data);
	UK_TEST_ASSERT_EQ(rc, 0);
	v = data & 0xff;
	UK_TEST_EXPECT_EQ(addr >> 20, 0xfeeULL);
	/* fixed delivery, edge; not the timer, COM1 or spurious vector */
	UK_TEST_EXPECT_EQ(data & ~0xffu, 0);
	UK_TEST_EXPECT(v > 32 && v != 36 && v != 47);

	for (i = 0; i < ukplat_mmio_count(); i++) {
		const struct ukplat_mmio_dev *d = ukplat_mmio_get(i);

		if (mmio_regs(d)[2] == VIRTIO_ID_NET) {
			mmio_net_fires(d);
			return;
		}
	}
	for (i = 0; i < ukplat_pci_count(); i++) {
		const struct ukplat_pci_dev *d = ukplat_pci_get(i);

		if (is_virtio_net_pci(d) && d->device == 0x1000 &&
		    d->bar[0].io && d->bar[0].addr && d->gsi >= 0) {
			pci_net_fires(d);
			return;
		}
	}
	/* the runner gave a NIC: it must have been used */
	UK_TEST_EXPECTF(nics <= 0, "no virtio-net device to interrupt");
}
