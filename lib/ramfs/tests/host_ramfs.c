// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests of ramfs's data structures: the page tree of a file (holes,
 * growth of the tree, borrowed pages copied on write, truncation) and a
 * directory's entries (lookups, the hash table as it grows, cookies that
 * stay put while entries come and go), with allocations counted and made
 * to fail.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host-test.h"
#include <uk/alloc.h>
#include <uk/errno.h>

static long live, fail_after = -1;

static bool fails(void)
{
	return fail_after >= 0 && fail_after-- == 0;
}

void *uk_malloc(size_t size)
{
	void *p = fails() ? NULL : malloc(size);

	live += p != NULL;
	return p;
}

void *uk_calloc(size_t n, size_t size)
{
	void *p = fails() ? NULL : calloc(n, size);

	live += p != NULL;
	return p;
}

void uk_free(void *p)
{
	live -= p != NULL;
	free(p);
}

#include "../pages.c"
#include "../dir.c"

#define PG	RAMFS_PAGE

HOST_TEST(holes_read_as_nothing)
{
	struct ramfs_pages p;

	ramfs_pages_init(&p);
	CHECK(ramfs_page_read(&p, 0) == NULL);
	CHECK(ramfs_page_read(&p, 123456789) == NULL);
	CHECK(!ramfs_page_borrowed(&p, 5));
	ramfs_pages_free(&p);
	CHECK_EQ_INT(live, 0);
}

HOST_TEST(sparse_blocks_and_tree_growth)
{
	static const uint64_t idx[] = { 0, 1, 511, 512, 262143, 262144,
					1ULL << 30, 3 };
	struct ramfs_pages p;
	unsigned int i;
	char *b;

	ramfs_pages_init(&p);
	for (i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		b = ramfs_page_write(&p, idx[i], 0);
		CHECK(b != NULL);
		CHECK_EQ_INT(b[0] | b[PG - 1], 0);	/* zeroed */
		b[0] = (char)(i + 1);
	}
	CHECK_EQ_INT(p.owned, sizeof(idx) / sizeof(idx[0]));
	CHECK(p.height >= 4);
	for (i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		const char *r = ramfs_page_read(&p, idx[i]);

		CHECK(r != NULL);
		CHECK_EQ_INT(r[0], i + 1);
		/* writing again gives the same block */
		CHECK(ramfs_page_write(&p, idx[i], PG) == r);
	}
	CHECK(ramfs_page_read(&p, 2) == NULL);
	CHECK(ramfs_page_read(&p, 513) == NULL);
	/* truncation frees what is past the point, nodes included */
	ramfs_pages_truncate(&p, 512);
	CHECK_EQ_INT(p.owned, 4);
	CHECK(ramfs_page_read(&p, 511) != NULL);
	CHECK(ramfs_page_read(&p, 512) == NULL);
	CHECK(ramfs_page_read(&p, 1ULL << 30) == NULL);
	ramfs_pages_truncate(&p, 1);
	CHECK_EQ_INT(p.owned, 1);
	ramfs_pages_free(&p);
	CHECK_EQ_INT(p.owned, 0);
	CHECK_EQ_INT(live, 0);
}

HOST_TEST(borrowed_blocks_copied_on_first_write)
{
	static char module[3 * PG + 100];
	struct ramfs_pages p;
	char *b;
	int i;

	for (i = 0; i < (int)sizeof(module); i++)
		module[i] = (char)i;
	ramfs_pages_init(&p);
	/* a file of 2 pages + 50 bytes, starting at byte 30 of the module */
	for (i = 0; i < 3; i++)
		CHECK_EQ_INT(ramfs_page_borrow(&p, i, module + 30 + i * PG), 0);
	CHECK_EQ_INT(p.owned, 0);
	CHECK(ramfs_page_borrowed(&p, 1));
	CHECK(ramfs_page_read(&p, 1) == module + 30 + PG);
	/* the partial last page: 50 valid bytes copied, the rest zero */
	b = ramfs_page_write(&p, 2, 50);
	CHECK(b != NULL && b != module + 30 + 2 * PG);
	CHECK(!ramfs_page_borrowed(&p, 2));
	CHECK(!memcmp(b, module + 30 + 2 * PG, 50));
	CHECK_EQ_INT(b[50] | b[PG - 1], 0);
	b[0] = 'x';
	CHECK_EQ_INT(module[30 + 2 * PG], (char)(30 + 2 * PG));	/* intact */
	CHECK_EQ_INT(p.owned, 1);
	/* a whole page */
	b = ramfs_page_write(&p, 0, PG);
	CHECK(!memcmp(b, module + 30, PG));
	/* out of memory: the borrowed block stays, nothing changes */
	fail_after = 0;
	CHECK(ramfs_page_write(&p, 1, PG) == NULL);
	CHECK(ramfs_page_borrowed(&p, 1));
	ramfs_pages_truncate(&p, 0);		/* borrowed ones: not freed */
	CHECK_EQ_INT(p.owned, 0);
	CHECK_EQ_INT(live, 0);
}

HOST_TEST(a_borrowed_extent_costs_nothing_a_page)
{
	static char module[5 * PG];
	struct ramfs_pages p;
	char *b;
	int i;

	for (i = 0; i < (int)sizeof(module); i++)
		module[i] = (char)(i / PG + 1);
	ramfs_pages_init(&p);
	ramfs_pages_borrow_extent(&p, module, 5);
	CHECK_EQ_INT(live, 0);			/* nothing allocated */
	CHECK(ramfs_page_read(&p, 4) == module + 4 * PG);
	CHECK(ramfs_page_borrowed(&p, 2));
	CHECK(ramfs_page_read(&p, 5) == NULL);
	/* a write copies that page alone */
	b = ramfs_page_write(&p, 2, PG);
	CHECK(b != NULL && b[0] == 3);
	b[0] = 'w';
	CHECK_EQ_INT(module[2 * PG], 3);
	CHECK(!ramfs_page_borrowed(&p, 2));
	CHECK(ramfs_page_read(&p, 3) == module + 3 * PG);
	CHECK_EQ_INT(p.owned, 1);
	/* truncation cuts the extent too */
	ramfs_pages_truncate(&p, 3);
	CHECK(ramfs_page_read(&p, 3) == NULL);
	CHECK(ramfs_page_read(&p, 1) == module + PG);
	CHECK(ramfs_page_read(&p, 2) == b);
	ramfs_pages_free(&p);
	CHECK(ramfs_page_read(&p, 0) == NULL);
	CHECK_EQ_INT(live, 0);
}

HOST_TEST(out_of_memory_leaves_the_tree_usable)
{
	struct ramfs_pages p;
	int n;

	ramfs_pages_init(&p);
	for (n = 0; n < 6; n++) {
		fail_after = n;
		ramfs_page_write(&p, 1ULL << 20, 0);	/* needs nodes */
		fail_after = -1;
	}
	CHECK(ramfs_page_read(&p, 1ULL << 20) != NULL);
	ramfs_pages_free(&p);
	CHECK_EQ_INT(live, 0);
}

static struct ramfs_dirent *add(struct ramfs_dir *d, const char *name)
{
	struct ramfs_dirent *de = ramfs_dirent_new(name, strlen(name), NULL);

	if (de)
		ramfs_dir_insert(d, de);
	return de;
}

static void empty(struct ramfs_dir *d)
{
	struct ramfs_dirent *de;

	while ((de = ramfs_dir_seek(d, 0))) {
		ramfs_dir_remove(d, de);
		uk_free(de);
	}
	ramfs_dir_free(d);
}

HOST_TEST(dir_lookups_through_the_growing_table)
{
	struct ramfs_dir d;
	char name[32];
	int i;

	ramfs_dir_init(&d);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "file-%d", i);
		CHECK(add(&d, name) != NULL);
		if (i == 5)
			CHECK(d.table == NULL);		/* still a list */
	}
	CHECK(d.table != NULL);
	CHECK(d.buckets >= 2048);
	CHECK_EQ_INT(d.count, 5000);
	for (i = 0; i < 5000; i++) {
		struct ramfs_dirent *de;

		snprintf(name, sizeof(name), "file-%d", i);
		de = ramfs_dir_find(&d, name, strlen(name));
		CHECK(de != NULL);
		CHECK_EQ_STR(de->name, name);
	}
	CHECK(ramfs_dir_find(&d, "file-5000", 9) == NULL);
	CHECK(ramfs_dir_find(&d, "file-1", 5) == NULL);	/* a prefix */
	/* no memory for a bigger table: lookups still work */
	fail_after = 1;
	for (i = 5000; i < 12000; i++) {
		snprintf(name, sizeof(name), "file-%d", i);
		if (!add(&d, name))
			break;
	}
	fail_after = -1;
	snprintf(name, sizeof(name), "file-%d", i - 1);
	CHECK(ramfs_dir_find(&d, name, strlen(name)) != NULL);
	empty(&d);
	CHECK_EQ_INT(live, 0);
}

HOST_TEST(dir_cookies_survive_changes)
{
	struct ramfs_dirent *a, *b, *c, *de;
	struct ramfs_dir d;

	ramfs_dir_init(&d);
	a = add(&d, "a");
	b = add(&d, "b");
	c = add(&d, "c");
	CHECK_EQ_INT(a->seq, RAMFS_DIR_FIRST_SEQ);
	CHECK(ramfs_dir_seek(&d, 0) == a);
	CHECK(ramfs_dir_seek(&d, b->seq) == b);
	/* a listing at b's cookie: b removed, the next is c */
	ramfs_dir_remove(&d, b);
	uk_free(b);
	CHECK(ramfs_dir_seek(&d, a->seq + 1) == c);
	/* a new entry comes after everything, never before a cookie */
	de = add(&d, "b");
	CHECK(de->seq > c->seq);
	CHECK(ramfs_dir_next(&d, c) == de);
	CHECK(ramfs_dir_next(&d, de) == NULL);
	CHECK(ramfs_dir_seek(&d, de->seq + 1) == NULL);
	CHECK(ramfs_dir_find(&d, "b", 1) == de);
	empty(&d);
	CHECK_EQ_INT(live, 0);
}

HOST_TEST_MAIN();
