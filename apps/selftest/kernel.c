// SPDX-License-Identifier: BSD-3-Clause
/*
 * The kernel underneath the libc, called directly: platform clock and
 * timer, the kernel heap, kernel parameters, boot modules and the
 * registration tables.
 */
#include <string.h>
#include <uk/alloc.h>
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
