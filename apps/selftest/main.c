// SPDX-License-Identifier: BSD-3-Clause
/*
 * In-guest checks of the platform and core libraries. Run with the kernel
 * parameter selftest.answer=42 (the test runner does).
 */
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/param.h>
#include <uk/plat.h>

static int answer;
UK_PARAM_INT(selftest, answer, answer, 0, 1000,
	     "must be 42: checks that app parameters arrive");

static int passed, failed;

#define CHECK(name, cond)						\
	do {								\
		if (cond) {						\
			passed++;					\
			printf("PASS %s\n", name);			\
		} else {						\
			failed++;					\
			printf("FAIL %s (%s:%d: %s)\n", name, __FILE__,	\
			       __LINE__, #cond);			\
		}							\
	} while (0)

static volatile int timer_fired;
static volatile uint64_t timer_fired_at;

static void on_timer(void)
{
	timer_fired_at = ukplat_monotonic_ns();
	timer_fired++;
}

static void test_clock(void)
{
	const char *src = "?";
	uint64_t hz = ukplat_tsc_hz(&src);
	uint64_t a = ukplat_monotonic_ns(), b;
	int i, monotonic = 1;

	printf("clock: TSC %llu kHz (%s)\n", (unsigned long long)hz / 1000,
	       src);
	CHECK("clock: TSC frequency is plausible",
	      hz > 100000000ULL && hz < 20000000000ULL);
	for (i = 0; i < 1000; i++) {
		b = ukplat_monotonic_ns();
		if (b < a)
			monotonic = 0;
		a = b;
	}
	CHECK("clock: never goes backwards", monotonic);
}

/* Waits for the timer with hlt; the deadline must be met, not beaten. */
static void test_timer(void)
{
	uint64_t start, deadline, waited;
	int spins = 0;

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
	printf("timer: fired after %llu us, %d wake-ups\n",
	       (unsigned long long)waited / 1000, spins);
	CHECK("timer: interrupt arrives", timer_fired >= 1);
	CHECK("timer: not before its deadline", timer_fired_at >= deadline);
	/* generous: TCG on a loaded machine is slow, but not 5 s slow */
	CHECK("timer: not absurdly late", waited < 5000ULL * 1000 * 1000);
	CHECK("timer: waits by halting, not by a busy loop", spins < 100);
	ukplat_timer_arm(0);
}

static void test_alloc(void)
{
	struct uk_alloc_stats st;
	void *blocks[64];
	int i, ok = 1;

	for (i = 0; i < 64; i++) {
		blocks[i] = uk_malloc(4096 * (i + 1));
		if (!blocks[i] || ((uintptr_t)blocks[i] & 15))
			ok = 0;
		else
			memset(blocks[i], i, 4096 * (i + 1));
	}
	for (i = 0; i < 64 && ok; i++) {
		unsigned char *p = blocks[i];

		if (p[0] != i || p[4096 * (i + 1) - 1] != i)
			ok = 0;
	}
	CHECK("alloc: 64 blocks (8 MiB) allocated, written, read back", ok);
	for (i = 0; i < 64; i++)
		uk_free(blocks[i]);
	uk_alloc_get_stats(&st);
	printf("alloc: %zu KiB total, %zu KiB free\n", st.total / 1024,
	       st.free / 1024);
	CHECK("alloc: the heap covers most of the guest's RAM",
	      st.total > 32 * 1024 * 1024);
	CHECK("alloc: everything freed again", st.used == 0 ||
	      st.used < 4096);
}

/*
 * With an initrd (the test runner passes one that starts with a known
 * line), the memory map must keep it as a module, untouched by the heap.
 */
static void test_modules(void)
{
	unsigned int i, n = ukplat_memregion_count();
	int found = 0;

	for (i = 0; i < n; i++) {
		const struct ukplat_memregion *r = ukplat_memregion_get(i);

		if (r->type != UKPLAT_MEM_MODULE)
			continue;
		found++;
		printf("module: %zu bytes at 0x%lx\n", r->len,
		       (unsigned long)r->base);
		CHECK("modules: the initrd's contents are intact",
		      r->len >= 20 &&
		      !memcmp((void *)r->base, "unikit selftest initrd", 22));
	}
	CHECK("modules: one boot module (the initrd)", found == 1);
}

int main(int argc, char *argv[])
{
	CHECK("params: selftest.answer=42 arrived", answer == 42);
	test_clock();
	test_timer();
	test_alloc();
	if (argc > 1 && !strcmp(argv[1], "initrd"))
		test_modules();
	printf("selftest: %d passed, %d failed\n", passed, failed);
	return failed;
}
