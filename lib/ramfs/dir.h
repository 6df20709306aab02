/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A directory's entries: a list in creation order, which getdents walks
 * with each entry's sequence number as its cookie (so a listing in
 * progress neither repeats nor skips entries when others come and go),
 * and, once there are more than a few entries, a hash table of them for
 * lookups. The table doubles as the directory grows; when memory for a
 * bigger one is lacking the chains just get longer.
 */
#ifndef RAMFS_DIR_H
#define RAMFS_DIR_H

#include <stddef.h>
#include <stdint.h>

#include <uk/list.h>

struct uk_vnode;

struct ramfs_dirent {
	struct uk_list order;
	struct ramfs_dirent *hnext;
	uint32_t hash;
	uint16_t len;
	uint64_t seq;
	struct uk_vnode *vn;
	char name[];		/* NUL-terminated */
};

struct ramfs_dir {
	struct uk_list entries;
	struct ramfs_dirent **table;	/* NULL: a short list, no table */
	unsigned int buckets;
	unsigned int count;
	uint64_t next_seq;
};

/* The first cookie of an entry: 0 and 1 are "." and "..". */
#define RAMFS_DIR_FIRST_SEQ	2

void ramfs_dir_init(struct ramfs_dir *d);
struct ramfs_dirent *ramfs_dir_find(const struct ramfs_dir *d,
				    const char *name, size_t len);
/* A new entry (not in any directory yet); NULL without memory. */
struct ramfs_dirent *ramfs_dirent_new(const char *name, size_t len,
				      struct uk_vnode *vn);
/* Adds de (its name is not in d): cannot fail. */
void ramfs_dir_insert(struct ramfs_dir *d, struct ramfs_dirent *de);
/* Takes de out of d (it is not freed). */
void ramfs_dir_remove(struct ramfs_dir *d, struct ramfs_dirent *de);
/* The first entry whose cookie is at least seq, or NULL. */
struct ramfs_dirent *ramfs_dir_seek(const struct ramfs_dir *d, uint64_t seq);
struct ramfs_dirent *ramfs_dir_next(const struct ramfs_dir *d,
				    const struct ramfs_dirent *de);
/* Frees the table (the entries must be gone). */
void ramfs_dir_free(struct ramfs_dir *d);

#endif /* RAMFS_DIR_H */
