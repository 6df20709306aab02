// SPDX-License-Identifier: BSD-3-Clause
/*
 * Pairing heap of timers ordered by deadline. A node's child is its first
 * child, next its right sibling, prev its left sibling or (for a first
 * child) its parent; a root has no prev.
 */
#include "timerset.h"

static struct uk_timer *meld(struct uk_timer *a, struct uk_timer *b)
{
	struct uk_timer *t;

	if (b->deadline < a->deadline) {
		t = a;
		a = b;
		b = t;
	}
	b->prev = a;
	b->next = a->child;
	if (a->child)
		a->child->prev = b;
	a->child = b;
	return a;
}

/* The classic two passes, without recursion: pair left to right, then
 * meld the pairs right to left. */
static struct uk_timer *merge_pairs(struct uk_timer *first)
{
	struct uk_timer *pairs = NULL, *a = first, *b, *rest, *root;

	while (a) {
		b = a->next;
		a->prev = a->next = NULL;
		if (!b) {
			a->next = pairs;
			pairs = a;
			break;
		}
		rest = b->next;
		b->prev = b->next = NULL;
		a = meld(a, b);
		a->next = pairs;
		pairs = a;
		a = rest;
	}
	if (!pairs)
		return NULL;
	root = pairs;
	pairs = pairs->next;
	root->next = NULL;
	while (pairs) {
		rest = pairs->next;
		pairs->next = NULL;
		root = meld(root, pairs);
		pairs = rest;
	}
	return root;
}

void timerset_insert(struct timerset *s, struct uk_timer *t)
{
	t->child = t->next = t->prev = NULL;
	s->root = s->root ? meld(s->root, t) : t;
	s->count++;
}

void timerset_remove(struct timerset *s, struct uk_timer *t)
{
	struct uk_timer *sub;

	if (t == s->root) {
		s->root = merge_pairs(t->child);
	} else {
		if (t->prev->child == t)
			t->prev->child = t->next;
		else
			t->prev->next = t->next;
		if (t->next)
			t->next->prev = t->prev;
		sub = merge_pairs(t->child);
		if (sub)
			s->root = meld(s->root, sub);
	}
	t->child = t->next = t->prev = NULL;
	s->count--;
}
