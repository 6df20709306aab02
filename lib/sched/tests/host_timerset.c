/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests for the set of deadlines (a pairing heap) and the list the
 * run queue is made of: ordered extraction, removal of any member, and
 * random operations checked against a plain array.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "host-test.h"
#include "../timerset.c"

#define N	2000

static struct uk_timer t[N];
static bool in[N];

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The smallest deadline among the members, the hard way. */
static uint64_t min_of(void)
{
	uint64_t m = UINT64_MAX;
	int i;

	for (i = 0; i < N; i++)
		if (in[i] && t[i].deadline < m)
			m = t[i].deadline;
	return m;
}

HOST_TEST(empty_and_one)
{
	struct timerset s = { 0 };

	CHECK(timerset_first(&s) == NULL);
	t[0].deadline = 5;
	timerset_insert(&s, &t[0]);
	CHECK(timerset_first(&s) == &t[0]);
	CHECK_EQ_INT(s.count, 1);
	timerset_remove(&s, &t[0]);
	CHECK(timerset_first(&s) == NULL);
	CHECK_EQ_INT(s.count, 0);
}

HOST_TEST(extracts_in_deadline_order)
{
	struct timerset s = { 0 };
	uint64_t seed = 42, last = 0;
	int i;

	for (i = 0; i < N; i++) {
		t[i].deadline = rnd(&seed) % 100000;
		timerset_insert(&s, &t[i]);
	}
	for (i = 0; i < N; i++) {
		struct uk_timer *f = timerset_first(&s);

		CHECK(f != NULL);
		CHECK(f->deadline >= last);
		last = f->deadline;
		timerset_remove(&s, f);
	}
	CHECK(timerset_first(&s) == NULL);
}

HOST_TEST(random_insert_remove_any)
{
	struct timerset s = { 0 };
	uint64_t seed = 7;
	long ops;
	int i, live = 0;

	for (i = 0; i < N; i++)
		in[i] = false;
	for (ops = 0; ops < 200000; ops++) {
		i = rnd(&seed) % N;
		if (in[i]) {
			timerset_remove(&s, &t[i]);
			in[i] = false;
			live--;
		} else {
			t[i].deadline = rnd(&seed) % 5000;
			timerset_insert(&s, &t[i]);
			in[i] = true;
			live++;
		}
		CHECK_EQ_INT(s.count, live);
		if (live)
			CHECK_EQ_INT(timerset_first(&s)->deadline, min_of());
		else
			CHECK(timerset_first(&s) == NULL);
		/* now and then, take the earliest as the scheduler does */
		if (live && rnd(&seed) % 4 == 0) {
			struct uk_timer *f = timerset_first(&s);

			timerset_remove(&s, f);
			in[f - t] = false;
			live--;
		}
	}
}

struct item {
	int v;
	struct uk_list node;
};

HOST_TEST(list_is_fifo_and_removable)
{
	struct uk_list q = UK_LIST_INIT(q), *p, *tmp;
	struct item it[5];
	int i, want = 0;

	for (i = 0; i < 5; i++) {
		it[i].v = i;
		uk_list_add_tail(&it[i].node, &q);
	}
	uk_list_del(&it[2].node);
	uk_list_del(&it[2].node);	/* twice: harmless */
	uk_list_foreach_safe(p, tmp, &q) {
		struct item *x = uk_list_entry(p, struct item, node);

		if (want == 2)
			want++;
		CHECK_EQ_INT(x->v, want);
		want++;
		uk_list_del(p);
	}
	CHECK_EQ_INT(want, 5);
	CHECK(uk_list_empty(&q));
}

HOST_TEST_MAIN()
