// SPDX-License-Identifier: BSD-3-Clause
/*
 * poll and ppoll. Every entry is answered, the same fd twice included
 * (Linux answers both); negative fds are skipped; an fd that is not open
 * is POLLNVAL. ppoll writes back the time left, as Linux does.
 */
#include <errno.h>
#include <poll.h>
#include <sys/resource.h>
#include <time.h>

#include <uk/alloc.h>
#include <uk/rlimit.h>
#include <uk/syscall.h>
#include <uk/user.h>

#include "pollset.h"

static long do_poll(struct pollfd *fds, unsigned long nfds,
		    uint64_t deadline)
{
	struct pollset_item onstack[POLLSET_ONSTACK], *items = onstack;
	unsigned long i;
	long rc;

	if (nfds > uk_rlimit_cur(RLIMIT_NOFILE))
		return -EINVAL;
	if (!uk_user_ok(fds, nfds * sizeof(*fds), true))
		return -EFAULT;
	if (nfds > POLLSET_ONSTACK) {
		items = uk_malloc(nfds * sizeof(*items));
		if (!items)
			return -ENOMEM;
	}
	for (i = 0; i < nfds; i++) {
		items[i].fd = fds[i].fd;
		items[i].events = (unsigned short)fds[i].events;
	}
	rc = pollset_wait(items, nfds, deadline);
	if (rc >= 0)
		for (i = 0; i < nfds; i++)
			fds[i].revents = items[i].revents;
	if (items != onstack)
		uk_free(items);
	return rc;
}

UK_SYSCALL_DEFINE(int, poll, struct pollfd *, fds, unsigned long, nfds,
		  int, timeout)
{
	return do_poll(fds, nfds, pollset_deadline_ms(timeout));
}

UK_SYSCALL_DEFINE(int, ppoll, struct pollfd *, fds, unsigned long, nfds,
		  struct timespec *, tsp, const uint64_t *, sigmask,
		  size_t, sigsetsize)
{
	uint64_t deadline, saved = 0;
	long rc;

	rc = pollset_timespec_deadline(tsp, true, &deadline);
	if (rc)
		return rc;
	rc = pollset_sigmask(sigmask, sigsetsize, &saved);
	if (rc)
		return rc;
	rc = do_poll(fds, nfds, deadline);
	pollset_sigmask_restore(sigmask, saved);
	if (tsp && deadline != UK_WAIT_FOREVER) {
		uint64_t left = deadline ? pollset_left_ns(deadline) : 0;

		tsp->tv_sec = left / 1000000000ULL;
		tsp->tv_nsec = left % 1000000000ULL;
	}
	return rc;
}
