/* SPDX-License-Identifier: BSD-3-Clause */
/* An epoll set and its items (epoll.c; host tests use them directly). */
#ifndef EPOLL_H
#define EPOLL_H

#include <stdint.h>
#include <sys/epoll.h>

#include <uk/file.h>
#include <uk/lock.h>

struct epoll;

struct epitem {
	struct uk_file_watch watch;	/* on file */
	struct uk_ofile_closer closer;	/* on of: its last close drops us */
	struct epoll *ep;
	struct uk_ofile *of;		/* no reference: the closer says */
	struct uk_file *file;
	int fd;
	uint32_t events;		/* as given, flags included */
	uint64_t data;
	bool on_ready;
	bool disabled;			/* EPOLLONESHOT, reported */
	struct uk_list rnode;		/* ep->ready */
	struct uk_list anode;		/* ep->items */
	struct epitem *hnext;		/* ep->table */
};

struct epoll {
	struct uk_file file;		/* the set is a file */
	struct uk_list items;
	struct uk_list ready;		/* scheduler lock */
	struct uk_waitq wq;		/* threads in epoll_wait */
	struct epitem **table;
	unsigned int buckets, count;
	uint64_t ino;
};

struct epoll *uk_epoll_new(void);
/* EPOLL_CTL_*: 0 or Linux's errno; of is fd's (referenced by the caller) */
int uk_epoll_ctl(struct epoll *ep, int op, int fd, struct uk_ofile *of,
		 const struct epoll_event *ev);
/* Up to max events into out (kernel memory checked by the caller). */
int uk_epoll_wait(struct epoll *ep, struct epoll_event *out, int max,
		  uint64_t deadline_ns);

#endif /* EPOLL_H */
