// SPDX-License-Identifier: BSD-3-Clause
/* A directory's entries: the list and hash table of dir.h. */
#include <string.h>

#include <uk/alloc.h>

#include "dir.h"

/* Up to this many entries a directory is a list only. */
#define LIST_ONLY_MAX	8
#define MIN_BUCKETS	16

/* FNV-1a over the name. */
static uint32_t name_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261U;

	while (len--)
		h = (h ^ (unsigned char)*name++) * 16777619U;
	return h;
}

void ramfs_dir_init(struct ramfs_dir *d)
{
	uk_list_init(&d->entries);
	d->table = NULL;
	d->buckets = 0;
	d->count = 0;
	d->next_seq = RAMFS_DIR_FIRST_SEQ;
}

/* Names are short: a loop beats a call to memcmp. */
static bool same_name(const char *a, const char *b, size_t len)
{
	while (len--)
		if (*a++ != *b++)
			return false;
	return true;
}

struct ramfs_dirent *ramfs_dir_find(const struct ramfs_dir *d,
				    const char *name, size_t len)
{
	struct ramfs_dirent *de;
	struct uk_list *n;
	uint32_t hash;

	if (d->table) {
		hash = name_hash(name, len);
		for (de = d->table[hash & (d->buckets - 1)]; de;
		     de = de->hnext)
			if (de->hash == hash && de->len == len &&
			    same_name(de->name, name, len))
				return de;
		return NULL;
	}
	/* a few entries: the length and the bytes say it, no hash */
	uk_list_foreach(n, &d->entries) {
		de = uk_list_entry(n, struct ramfs_dirent, order);
		if (de->len == len && same_name(de->name, name, len))
			return de;
	}
	return NULL;
}

struct ramfs_dirent *ramfs_dirent_new(const char *name, size_t len,
				      struct uk_vnode *vn)
{
	struct ramfs_dirent *de = uk_malloc(sizeof(*de) + len + 1);

	if (!de)
		return NULL;
	de->hash = name_hash(name, len);
	de->len = len;
	de->vn = vn;
	de->hnext = NULL;
	memcpy(de->name, name, len);
	de->name[len] = 0;
	return de;
}

static void table_add(struct ramfs_dirent **table, unsigned int buckets,
		      struct ramfs_dirent *de)
{
	struct ramfs_dirent **head = &table[de->hash & (buckets - 1)];

	de->hnext = *head;
	*head = de;
}

/* A table of buckets for every entry; on no memory, the old one stays. */
static void rehash(struct ramfs_dir *d, unsigned int buckets)
{
	struct ramfs_dirent **table, *de;
	struct uk_list *n;

	table = uk_calloc(buckets, sizeof(*table));
	if (!table)
		return;
	uk_list_foreach(n, &d->entries) {
		de = uk_list_entry(n, struct ramfs_dirent, order);
		table_add(table, buckets, de);
	}
	uk_free(d->table);
	d->table = table;
	d->buckets = buckets;
}

void ramfs_dir_insert(struct ramfs_dir *d, struct ramfs_dirent *de)
{
	de->seq = d->next_seq++;
	uk_list_add_tail(&de->order, &d->entries);
	d->count++;
	if (d->table)
		table_add(d->table, d->buckets, de);
	if (d->count > LIST_ONLY_MAX &&
	    (!d->table || d->count > 2 * d->buckets))
		rehash(d, d->table ? 2 * d->buckets : MIN_BUCKETS);
}

void ramfs_dir_remove(struct ramfs_dir *d, struct ramfs_dirent *de)
{
	struct ramfs_dirent **pp;

	uk_list_del(&de->order);
	d->count--;
	if (!d->table)
		return;
	for (pp = &d->table[de->hash & (d->buckets - 1)]; *pp;
	     pp = &(*pp)->hnext)
		if (*pp == de) {
			*pp = de->hnext;
			break;
		}
}

struct ramfs_dirent *ramfs_dir_seek(const struct ramfs_dir *d, uint64_t seq)
{
	struct ramfs_dirent *de;
	struct uk_list *n;

	uk_list_foreach(n, &d->entries) {
		de = uk_list_entry(n, struct ramfs_dirent, order);
		if (de->seq >= seq)
			return de;
	}
	return NULL;
}

struct ramfs_dirent *ramfs_dir_next(const struct ramfs_dir *d,
				    const struct ramfs_dirent *de)
{
	if (de->order.next == &d->entries)
		return NULL;
	return uk_list_entry(de->order.next, struct ramfs_dirent, order);
}

void ramfs_dir_free(struct ramfs_dir *d)
{
	uk_free(d->table);
	d->table = NULL;
	d->buckets = 0;
}
