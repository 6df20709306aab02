// SPDX-License-Identifier: BSD-3-Clause
/*
 * select and pselect6, over the same wait as poll: an fd in readfds waits
 * for what Linux's POLLIN_SET is (IN, HUP, ERR), in writefds for POLLOUT_SET
 * (OUT, ERR), in exceptfds for PRI. An fd that is not open is EBADF. The
 * time left is written back (select's timeval, pselect6's timespec), as
 * Linux does.
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <time.h>

#include <uk/alloc.h>
#include <uk/rlimit.h>
#include <uk/syscall.h>
#include <uk/user.h>

#include "pollset.h"

#define IN_SET		(UK_EV_IN | UK_EV_RDNORM | UK_EV_RDBAND | UK_EV_HUP | \
			 UK_EV_ERR)
#define OUT_SET		(UK_EV_OUT | UK_EV_WRNORM | UK_EV_WRBAND | UK_EV_ERR)
#define EX_SET		UK_EV_PRI

#define WORD_BITS	(8 * sizeof(unsigned long))

static bool bit(const unsigned long *set, int fd)
{
	return set && (set[fd / WORD_BITS] >> (fd % WORD_BITS)) & 1;
}

static long do_select(int n, unsigned long *in, unsigned long *out,
		      unsigned long *ex, uint64_t deadline)
{
	struct pollset_item onstack[POLLSET_ONSTACK], *items = onstack;
	size_t bytes = (n + WORD_BITS - 1) / WORD_BITS * sizeof(long);
	unsigned int count = 0, i;
	long rc;
	int fd;

	if (n < 0)
		return -EINVAL;
	/* as Linux: descriptors past the table's size are not looked at */
	if ((rlim_t)n > uk_rlimit_cur(RLIMIT_NOFILE))
		n = uk_rlimit_cur(RLIMIT_NOFILE);
	if ((in && !uk_user_ok(in, bytes, true)) ||
	    (out && !uk_user_ok(out, bytes, true)) ||
	    (ex && !uk_user_ok(ex, bytes, true)))
		return -EFAULT;
	for (fd = 0; fd < n; fd++)
		count += bit(in, fd) || bit(out, fd) || bit(ex, fd);
	if (count > POLLSET_ONSTACK) {
		items = uk_malloc(count * sizeof(*items));
		if (!items)
			return -ENOMEM;
	}
	for (fd = 0, i = 0; fd < n; fd++) {
		if (!(bit(in, fd) || bit(out, fd) || bit(ex, fd)))
			continue;
		items[i].fd = fd;
		items[i].events = (bit(in, fd) ? IN_SET : 0) |
				  (bit(out, fd) ? OUT_SET : 0) |
				  (bit(ex, fd) ? EX_SET : 0);
		i++;
	}
	rc = pollset_wait(items, count, deadline);
	for (i = 0; rc >= 0 && i < count; i++)
		if (items[i].revents == POLLSET_NVAL)
			rc = -EBADF;
	if (rc >= 0) {
		/* the answer replaces the question, bit for bit */
		if (in)
			memset(in, 0, bytes);
		if (out)
			memset(out, 0, bytes);
		if (ex)
			memset(ex, 0, bytes);
		for (rc = 0, i = 0; i < count; i++) {
			struct pollset_item *it = &items[i];
			unsigned long b = 1UL << (it->fd % WORD_BITS);
			size_t w = it->fd / WORD_BITS;

			if (in && (it->events & IN_SET & it->revents)) {
				in[w] |= b;
				rc++;
			}
			if (out && (it->events & OUT_SET & it->revents)) {
				out[w] |= b;
				rc++;
			}
			if (ex && (it->events & EX_SET & it->revents)) {
				ex[w] |= b;
				rc++;
			}
		}
	}
	if (items != onstack)
		uk_free(items);
	return rc;
}

UK_SYSCALL_DEFINE(int, select, int, n, unsigned long *, in,
		  unsigned long *, out, unsigned long *, ex,
		  struct timeval *, tv)
{
	uint64_t deadline = UK_WAIT_FOREVER, left;
	long rc;

	if (tv) {
		if (!uk_user_ok(tv, sizeof(*tv), true))
			return -EFAULT;
		if (tv->tv_sec < 0 || tv->tv_usec < 0)
			return -EINVAL;
		deadline = pollset_deadline_ns(tv->tv_sec + tv->tv_usec /
					       1000000, tv->tv_usec % 1000000 *
					       1000);
	}
	rc = do_select(n, in, out, ex, deadline);
	if (tv && deadline != UK_WAIT_FOREVER) {
		left = deadline ? pollset_left_ns(deadline) : 0;
		tv->tv_sec = left / 1000000000ULL;
		tv->tv_usec = left % 1000000000ULL / 1000;
	}
	return rc;
}

/* pselect6's sixth argument: { const sigset_t *mask; size_t size; } */
struct sigmask_arg {
	const uint64_t *mask;
	size_t size;
};

UK_SYSCALL_DEFINE(int, pselect6, int, n, unsigned long *, in,
		  unsigned long *, out, unsigned long *, ex,
		  struct timespec *, tsp, const struct sigmask_arg *, sm)
{
	uint64_t deadline, saved = 0, left;
	const uint64_t *mask = NULL;
	long rc;

	rc = pollset_timespec_deadline(tsp, true, &deadline);
	if (rc)
		return rc;
	if (sm) {
		if (!uk_user_read_ok(sm))
			return -EFAULT;
		mask = sm->mask;
		rc = pollset_sigmask(mask, sm->size, &saved);
		if (rc)
			return rc;
	}
	rc = do_select(n, in, out, ex, deadline);
	pollset_sigmask_restore(mask, saved);
	if (tsp && deadline != UK_WAIT_FOREVER) {
		left = deadline ? pollset_left_ns(deadline) : 0;
		tsp->tv_sec = left / 1000000000ULL;
		tsp->tv_nsec = left % 1000000000ULL;
	}
	return rc;
}
