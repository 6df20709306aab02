/* SPDX-License-Identifier: BSD-3-Clause */
/* The wait behind poll and select (pollset.c). */
#ifndef POLLSET_H
#define POLLSET_H

#include <stdbool.h>
#include <time.h>
#include <uk/fdtab.h>

/* POLLNVAL: reported for a descriptor that is not open */
#define POLLSET_NVAL	0x20

struct pollset_item {
	int fd;				/* < 0: ignored */
	unsigned int events;		/* asked for (ERR, HUP always) */
	unsigned int revents;		/* answered */
	struct uk_ofile *of;
	struct uk_file_watch w;
	struct pollset *set;
};

struct pollset {
	struct pollset_item *items;
	unsigned int n;
	struct uk_waitq wq;		/* the polling thread waits here */
	bool watching;
};

/* Items on the stack; more than this are allocated. */
#define POLLSET_ONSTACK	32

/*
 * Waits until one of the n items is ready or deadline_ns (0: do not wait;
 * UK_WAIT_FOREVER: no deadline) passes. Fills each item's revents;
 * returns how many items have some, or -EINTR. Costs O(n) per look, and
 * looks once, or twice more per wake-up.
 */
int pollset_wait(struct pollset_item *items, unsigned int n,
		 uint64_t deadline_ns);

/*
 * A deadline from a timeout in ms (poll) or a timespec (ppoll, select's
 * timeval converted): 0 for a zero timeout, UK_WAIT_FOREVER for none.
 */
uint64_t pollset_deadline_ms(int ms);
uint64_t pollset_deadline_ns(int64_t sec, long nsec);
/* The same from a timespec the app passed (NULL: none): 0, -EFAULT, or
 * -EINVAL; writable when the call writes the time left back. */
int pollset_timespec_deadline(const struct timespec *tsp, bool writable,
			      uint64_t *deadline);
/* What is left of the timeout at deadline (for the written-back one). */
uint64_t pollset_left_ns(uint64_t deadline_ns);

/* ppoll/pselect's signal mask for the wait: 0, -EINVAL, -EFAULT. */
int pollset_sigmask(const uint64_t *mask, size_t size, uint64_t *saved);
void pollset_sigmask_restore(const uint64_t *mask, uint64_t saved);

#endif /* POLLSET_H */
