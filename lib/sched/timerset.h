/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The set of deadlines (private to lib/sched; host-tested): a pairing
 * heap of intrusive nodes, so arming a timer never allocates and cannot
 * fail. Insert O(1), the earliest O(1), remove O(log n) amortized.
 */
#ifndef SCHED_TIMERSET_H
#define SCHED_TIMERSET_H

#include <uk/sched.h>

struct timerset {
	struct uk_timer *root;
	unsigned long count;
};

void timerset_insert(struct timerset *s, struct uk_timer *t);
void timerset_remove(struct timerset *s, struct uk_timer *t);

static inline struct uk_timer *timerset_first(const struct timerset *s)
{
	return s->root;
}

#endif /* SCHED_TIMERSET_H */
