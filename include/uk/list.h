/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Intrusive doubly-linked lists with a head node (Linux style): an empty
 * list's head points at itself, so insert and remove have no branches.
 */
#ifndef UK_LIST_H
#define UK_LIST_H

#include <uk/essentials.h>

struct uk_list {
	struct uk_list *next, *prev;
};

#define UK_LIST_INIT(l)	{ &(l), &(l) }

static inline void uk_list_init(struct uk_list *l)
{
	l->next = l->prev = l;
}

static inline bool uk_list_empty(const struct uk_list *l)
{
	return l->next == l;
}

static inline void uk_list_insert_(struct uk_list *n, struct uk_list *prev,
				   struct uk_list *next)
{
	n->next = next;
	n->prev = prev;
	prev->next = n;
	next->prev = n;
}

/* At the end (FIFO order) or at the front. */
static inline void uk_list_add_tail(struct uk_list *n, struct uk_list *head)
{
	uk_list_insert_(n, head->prev, head);
}

static inline void uk_list_add(struct uk_list *n, struct uk_list *head)
{
	uk_list_insert_(n, head, head->next);
}

/* Removes n; n then is a list of its own (removing it again is harmless). */
static inline void uk_list_del(struct uk_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

/* Removes n and leaves it dangling: for a node about to be linked again. */
static inline void uk_list_unlink(struct uk_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
}

#define uk_list_entry(n, type, member)	container_of(n, type, member)
#define uk_list_first(head, type, member)				\
	uk_list_entry((head)->next, type, member)

#define uk_list_foreach(n, head)					\
	for ((n) = (head)->next; (n) != (head); (n) = (n)->next)

/* Safe against removing n in the body. */
#define uk_list_foreach_safe(n, tmp, head)				\
	for ((n) = (head)->next, (tmp) = (n)->next; (n) != (head);	\
	     (n) = (tmp), (tmp) = (n)->next)

#endif /* UK_LIST_H */
