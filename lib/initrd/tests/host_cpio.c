// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests for the cpio parser. Archives are written here by a small
 * newc writer that can also break any part of an entry; each is parsed
 * from an exact-size heap copy (ASan sees a read past its end) and also
 * run through the fuzz target's checks (fuzz_cpio.c). A last case packs
 * a real tree with GNU cpio when it is installed.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host-test.h"

static char fuzz_why[256];
#define FUZZ_FAIL(why) snprintf(fuzz_why, sizeof(fuzz_why), "%s", why)
#include "fuzz_cpio.c"

/* A failed case leaks; the leak report must not swallow the results. */
__attribute__((constructor)) static void line_buffered(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

#define REG	CPIO_S_IFREG
#define DIR	CPIO_S_IFDIR
#define LNK	CPIO_S_IFLNK

/* --- a newc writer -------------------------------------------------------- */

struct ar {
	uint8_t *buf;
	size_t len, cap;
};

struct ent {
	const char *name;		/* NULL: TRAILER!!! */
	uint32_t mode, ino, uid, gid, nlink, mtime;
	uint32_t devmajor, devminor, rdevmajor, rdevminor, check;
	const char *data;		/* size bytes, default strlen */
	size_t size;
	bool size_set;
	/* breakage */
	const char *magic;		/* default "070701" */
	size_t namelen;			/* default strlen */
	bool namelen_set, no_nul;	/* no_nul: no NUL after the name */
	uint32_t namesize;		/* header field, default namelen+1 */
	bool namesize_set;
	uint32_t filesize;		/* header field, default size */
	bool filesize_set;
	int bad_field;			/* 1..13: bad_text there */
	const char *bad_text;
	bool lower;			/* lowercase hex */
};

static void put(struct ar *a, const void *p, size_t n)
{
	if (!n)
		return;
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 256;
		a->buf = realloc(a->buf, a->cap);
		if (!a->buf)
			abort();
	}
	memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void put_zeros(struct ar *a, size_t n)
{
	while (n--)
		put(a, "", 1);
}

static void put_pad(struct ar *a)
{
	put_zeros(a, (4 - a->len % 4) % 4);
}

static void add(struct ar *a, struct ent e)
{
	uint32_t f[13];
	char s[16];
	int i;

	if (!e.name) {
		e.name = "TRAILER!!!";
		e.nlink = 1;
	}
	if (!e.namelen_set)
		e.namelen = strlen(e.name);
	if (!e.size_set)
		e.size = e.data ? strlen(e.data) : 0;
	f[0] = e.ino;
	f[1] = e.mode;
	f[2] = e.uid;
	f[3] = e.gid;
	f[4] = e.nlink;
	f[5] = e.mtime;
	f[6] = e.filesize_set ? e.filesize : (uint32_t)e.size;
	f[7] = e.devmajor;
	f[8] = e.devminor;
	f[9] = e.rdevmajor;
	f[10] = e.rdevminor;
	f[11] = e.namesize_set ? e.namesize : (uint32_t)e.namelen + 1;
	f[12] = e.check;
	put(a, e.magic ? e.magic : "070701", 6);
	for (i = 0; i < 13; i++) {
		if (e.bad_field == i + 1) {
			put(a, e.bad_text, 8);
			continue;
		}
		snprintf(s, sizeof(s), e.lower ? "%08x" : "%08X", f[i]);
		put(a, s, 8);
	}
	put(a, e.name, e.namelen);
	if (!e.no_nul)
		put(a, "", 1);
	put_pad(a);
	put(a, e.data, e.size);
	put_pad(a);
}

static void trailer(struct ar *a)
{
	add(a, (struct ent){ .name = NULL });
}

static void ar_free(struct ar *a)
{
	free(a->buf);
	a->buf = NULL;
	a->len = a->cap = 0;
}

/* --- parsing it ----------------------------------------------------------- */

#define MAX_GOT 64

struct got {
	uint8_t *buf;			/* an exact-size copy of it */
	size_t len;
	int rc, n;
	char err[512];
	struct cpio_entry e[MAX_GOT];
	char *names[MAX_GOT];
	int fuzz;			/* what the fuzz checks said */
};

static void parse_buf(struct got *g, const void *p, size_t len)
{
	struct cpio_reader r;
	struct cpio_entry e;

	memset(g, 0, sizeof(*g));
	g->buf = malloc(len ? len : 1);
	if (!g->buf)
		abort();
	memcpy(g->buf, p, len);
	g->len = len;
	cpio_reader_init(&r, g->buf, len);
	while ((g->rc = cpio_next(&r, &e, g->err, sizeof(g->err))) == 1) {
		if (g->n == MAX_GOT)
			abort();
		g->e[g->n] = e;
		g->names[g->n] = strdup(e.name);
		g->e[g->n].name = g->names[g->n];
		g->n++;
	}
	fuzz_why[0] = '\0';
	g->fuzz = fuzz_cpio_check(g->buf, len);
	if (fuzz_why[0])
		printf("  fuzz checks: %s\n", fuzz_why);
}

static void parse(struct got *g, const struct ar *a)
{
	parse_buf(g, a->buf, a->len);
}

static void got_free(struct got *g)
{
	int i;

	for (i = 0; i < g->n; i++)
		free(g->names[i]);
	free(g->buf);
	memset(g, 0, sizeof(*g));
}

static int find(const struct got *g, const char *name)
{
	int i;

	for (i = 0; i < g->n; i++)
		if (!strcmp(g->e[i].name, name))
			return i;
	return -1;
}

/*
 * The contents of entry i's file as a VFS would build it: its own data,
 * or, for a hard link, that of the last entry of its inode with any.
 */
static const struct cpio_entry *contents(const struct got *g, int i)
{
	const struct cpio_entry *c = &g->e[i];
	int j;

	if (!cpio_may_be_linked(c))
		return c;
	for (j = 0; j < g->n; j++)
		if (cpio_may_be_linked(&g->e[j]) &&
		    cpio_same_inode(&g->e[i], &g->e[j]) && g->e[j].size)
			c = &g->e[j];
	return c;
}

static bool data_is(const struct cpio_entry *e, const char *s)
{
	return e->size == strlen(s) && !memcmp(e->data, s, e->size);
}

/* The parse succeeded (with n entries, and the fuzz checks agree). */
#define CHECK_OK(g, nr)							\
	do {								\
		if ((g)->rc != 0)					\
			printf("  refused: %s\n", (g)->err);		\
		CHECK_EQ_INT((g)->rc, 0);				\
		CHECK_EQ_INT((g)->n, nr);				\
		CHECK_EQ_INT((g)->fuzz, nr);				\
	} while (0)

/* Refused with rc, the message containing each of the strings. */
#define CHECK_REFUSED(g, want_rc, ...)					\
	do {								\
		const char *const want_[] = { __VA_ARGS__ };		\
		size_t w_;						\
									\
		printf("  message: %s\n", (g)->err);			\
		CHECK_EQ_INT((g)->rc, want_rc);				\
		CHECK((g)->fuzz >= 0);					\
		for (w_ = 0; w_ < ARRAY_SIZE(want_); w_++)		\
			if (!strstr((g)->err, want_[w_])) {		\
				printf("  lacks: %s\n", want_[w_]);	\
				CHECK(!"message lacks a part");		\
			}						\
	} while (0)

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* --- valid archives ------------------------------------------------------- */

HOST_TEST(files_dirs_symlinks_devices)
{
	struct ar a = { 0 };
	struct got g;
	const struct cpio_entry *e;

	add(&a, (struct ent){ .name = ".", .mode = DIR | 0755, .ino = 1,
			      .nlink = 3, .mtime = 1700000000 });
	add(&a, (struct ent){ .name = "etc", .mode = DIR | 0750, .ino = 2,
			      .nlink = 2, .uid = 5, .gid = 6 });
	add(&a, (struct ent){ .name = "etc/passwd", .mode = REG | 0644,
			      .ino = 3, .nlink = 1, .mtime = 0xffffffff,
			      .data = "root:x:0:0::/:/bin/sh\n" });
	add(&a, (struct ent){ .name = "empty", .mode = REG | 04755,
			      .ino = 4, .nlink = 1 });
	add(&a, (struct ent){ .name = "bin", .mode = LNK | 0777, .ino = 5,
			      .nlink = 1, .data = "usr/bin" });
	add(&a, (struct ent){ .name = "tty", .mode = CPIO_S_IFCHR | 0620,
			      .ino = 6, .nlink = 1, .rdevmajor = 4,
			      .rdevminor = 64, .devmajor = 8, .devminor = 1 });
	add(&a, (struct ent){ .name = "sda", .mode = CPIO_S_IFBLK | 0660,
			      .ino = 7, .nlink = 1, .rdevmajor = 8 });
	add(&a, (struct ent){ .name = "fifo", .mode = CPIO_S_IFIFO | 0600,
			      .ino = 8, .nlink = 1 });
	add(&a, (struct ent){ .name = "sock",
			      .mode = CPIO_S_IFSOCK | 0777, .ino = 9 });
	trailer(&a);
	parse(&g, &a);
	CHECK_OK(&g, 9);

	e = &g.e[0];
	CHECK_EQ_STR(e->name, "");
	CHECK_EQ_INT(e->mode, DIR | 0755);
	CHECK_EQ_INT(e->mtime, 1700000000);
	CHECK_EQ_INT(e->index, 1);
	CHECK_EQ_INT(e->archive, 0);
	e = &g.e[1];
	CHECK_EQ_STR(e->name, "etc");
	CHECK_EQ_INT(e->uid, 5);
	CHECK_EQ_INT(e->gid, 6);
	CHECK_EQ_INT(e->nlink, 2);
	CHECK_EQ_INT(e->size, 0);
	e = &g.e[2];
	CHECK_EQ_STR(e->name, "etc/passwd");
	CHECK(data_is(e, "root:x:0:0::/:/bin/sh\n"));
	CHECK_EQ_INT(e->mtime, 0xffffffffu);
	CHECK((const uint8_t *)e->data > g.buf &&
	      (const uint8_t *)e->data < g.buf + g.len);
	CHECK_EQ_INT(((const uint8_t *)e->data - g.buf) % 4, 0);
	e = &g.e[3];
	CHECK_EQ_STR(e->name, "empty");
	CHECK_EQ_INT(e->size, 0);
	CHECK_EQ_INT(e->mode, REG | 04755);
	e = &g.e[4];
	CHECK(cpio_is_type(e, LNK));
	CHECK(data_is(e, "usr/bin"));
	e = &g.e[5];
	CHECK(cpio_is_type(e, CPIO_S_IFCHR));
	CHECK_EQ_INT(e->rdevmajor, 4);
	CHECK_EQ_INT(e->rdevminor, 64);
	CHECK_EQ_INT(e->devmajor, 8);
	CHECK_EQ_INT(e->devminor, 1);
	CHECK_EQ_INT(e->index, 6);
	CHECK(cpio_is_type(&g.e[6], CPIO_S_IFBLK));
	CHECK(cpio_is_type(&g.e[7], CPIO_S_IFIFO));
	CHECK(cpio_is_type(&g.e[8], CPIO_S_IFSOCK));
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(names_are_normalized)
{
	static const char *const cases[][2] = {
		{ ".", "" }, { "/", "" }, { "./", "" }, { "//", "" },
		{ "./.", "" }, { "/etc/passwd", "etc/passwd" },
		{ "./etc/passwd", "etc/passwd" },
		{ "etc//passwd", "etc/passwd" },
		{ "etc/./passwd", "etc/passwd" },
		{ "etc/passwd/", "etc/passwd" },
		{ "//./etc///./passwd//.", "etc/passwd" },
		{ "..a", "..a" }, { "a..", "a.." }, { "...", "..." },
		{ ".a/.b", ".a/.b" }, { "a/...", "a/..." },
		{ "TRAILER!!!/x", "TRAILER!!!/x" },
		{ "/TRAILER!!!", "TRAILER!!!" },
	};
	struct ar a = { 0 };
	struct got g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		add(&a, (struct ent){ .name = cases[i][0], .mode = DIR | 0755,
				      .nlink = 2 });
	trailer(&a);
	parse(&g, &a);
	CHECK_OK(&g, (int)ARRAY_SIZE(cases));
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		CHECK_EQ_STR(g.e[i].name, cases[i][1]);
	got_free(&g);
	ar_free(&a);
}

/* Every name length against every data length: the padding of both. */
HOST_TEST(padding_of_names_and_data)
{
	static const char data[] = "0123456789";
	char name[16];
	struct ar a = { 0 };
	struct got g;
	int nl, dl, i = 0;

	for (nl = 1; nl <= 9; nl++) {
		for (dl = 0; dl <= 9; dl++) {
			memset(name, 'a' + dl, (size_t)nl);
			name[nl] = '\0';
			add(&a, (struct ent){ .name = name, .mode = REG | 0644,
					      .data = data, .size = (size_t)dl,
					      .size_set = true,
					      .lower = dl & 1 });
		}
		/* MAX_GOT entries at most per archive */
		if (nl % 3 == 0) {
			trailer(&a);
			parse(&g, &a);
			CHECK_OK(&g, 30);
			for (i = 0; i < 30; i++) {
				CHECK_EQ_INT(g.e[i].size, i % 10);
				CHECK(!memcmp(g.e[i].data, data, g.e[i].size));
				CHECK_EQ_INT(strlen(g.e[i].name),
					     nl - 2 + i / 10);
			}
			got_free(&g);
			ar_free(&a);
		}
	}
}

/* GNU cpio and mkcpio put a hard-linked file's data on its last name. */
HOST_TEST(hard_links_data_on_last)
{
	struct ar a = { 0 };
	struct got g;
	int i, b, c;

	add(&a, (struct ent){ .name = ".", .mode = DIR | 0755, .ino = 1 });
	add(&a, (struct ent){ .name = "a", .mode = REG | 0644, .ino = 2,
			      .nlink = 3 });
	add(&a, (struct ent){ .name = "b", .mode = REG | 0644, .ino = 2,
			      .nlink = 3 });
	/* a file with another inode number in between */
	add(&a, (struct ent){ .name = "other", .mode = REG | 0644, .ino = 3,
			      .nlink = 1, .data = "other\n" });
	add(&a, (struct ent){ .name = "c", .mode = REG | 0644, .ino = 2,
			      .nlink = 3, .data = "linked\n" });
	/* an empty file linked twice: no entry has data */
	add(&a, (struct ent){ .name = "e1", .mode = REG | 0644, .ino = 4,
			      .nlink = 2 });
	add(&a, (struct ent){ .name = "e2", .mode = REG | 0644, .ino = 4,
			      .nlink = 2 });
	trailer(&a);
	parse(&g, &a);
	CHECK_OK(&g, 7);
	b = find(&g, "b");
	c = find(&g, "c");
	CHECK(b > 0 && c > 0);
	CHECK_EQ_INT(g.e[b].size, 0);
	CHECK(cpio_may_be_linked(&g.e[b]));
	CHECK(cpio_same_inode(&g.e[b], &g.e[c]));
	CHECK(!cpio_same_inode(&g.e[b], &g.e[find(&g, "other")]));
	CHECK(!cpio_may_be_linked(&g.e[0]));
	for (i = 1; i <= 4; i++)
		if (i != 3)
			CHECK(data_is(contents(&g, i), "linked\n"));
	CHECK(data_is(contents(&g, 3), "other\n"));
	CHECK_EQ_INT(contents(&g, find(&g, "e2"))->size, 0);
	got_free(&g);
	ar_free(&a);
}

/* Other writers put it on the first name. */
HOST_TEST(hard_links_data_on_first)
{
	struct ar a = { 0 };
	struct got g;

	add(&a, (struct ent){ .name = "a", .mode = REG | 0644, .ino = 9,
			      .nlink = 2, .data = "first\n" });
	add(&a, (struct ent){ .name = "b", .mode = REG | 0644, .ino = 9,
			      .nlink = 2 });
	trailer(&a);
	parse(&g, &a);
	CHECK_OK(&g, 2);
	CHECK(data_is(contents(&g, 0), "first\n"));
	CHECK(data_is(contents(&g, 1), "first\n"));
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(crc_format_and_lowercase_hex)
{
	struct ar a = { 0 };
	struct got g;

	add(&a, (struct ent){ .name = "f", .mode = REG | 0644,
			      .magic = "070702", .check = 0xdeadbeef,
			      .data = "x" });
	add(&a, (struct ent){ .name = "g", .mode = REG | 0644,
			      .magic = "070702", .lower = true,
			      .check = 0xabcdef12, .mtime = 0xabcdef12 });
	add(&a, (struct ent){ .name = NULL, .magic = "070702" });
	parse(&g, &a);
	CHECK_OK(&g, 2);
	CHECK(data_is(&g.e[0], "x"));
	CHECK_EQ_INT(g.e[1].mtime, 0xabcdef12);
	got_free(&g);
	ar_free(&a);
}

/* The end: a trailer cut short of its padding, or followed by NULs. */
HOST_TEST(trailer_padding)
{
	struct ar a = { 0 };
	struct got g;
	size_t cut;

	add(&a, (struct ent){ .name = "f", .mode = REG | 0644 });
	trailer(&a);
	/* 110 + 11 = 121 bytes, padded to 124: every cut in the padding */
	for (cut = 0; cut <= 3; cut++) {
		parse_buf(&g, a.buf, a.len - cut);
		CHECK_OK(&g, 1);
		got_free(&g);
	}
	/* cut into the name: the trailer is not one */
	parse_buf(&g, a.buf, a.len - 5);
	CHECK_REFUSED(&g, -EINVAL, "entry 2 \"TRAILER!!\" at offset 0x70",
		      "name size 11 runs past the end");
	got_free(&g);
	/* GNU cpio pads to 512 bytes; any number of NULs is fine */
	put_zeros(&a, 512 - a.len % 512 + 1);
	parse(&g, &a);
	CHECK_OK(&g, 1);
	got_free(&g);
	ar_free(&a);
}

/* Several archives back to back (as Linux reads an initramfs). */
HOST_TEST(concatenated_archives)
{
	struct ar a = { 0 };
	struct got g;

	add(&a, (struct ent){ .name = ".", .mode = DIR | 0755, .ino = 1 });
	add(&a, (struct ent){ .name = "a", .mode = REG | 0644, .ino = 2,
			      .nlink = 2, .data = "one" });
	trailer(&a);
	put_zeros(&a, 12);
	add(&a, (struct ent){ .name = "b", .mode = REG | 0644, .ino = 2,
			      .nlink = 2, .data = "two" });
	trailer(&a);
	trailer(&a);		/* an empty archive, no padding */
	add(&a, (struct ent){ .name = "c", .mode = REG | 0644, .ino = 2 });
	trailer(&a);
	put_zeros(&a, 3);
	parse(&g, &a);
	CHECK_OK(&g, 4);
	CHECK_EQ_INT(g.e[1].archive, 0);
	CHECK_EQ_INT(g.e[2].archive, 1);
	CHECK_EQ_INT(g.e[2].index, 4);
	CHECK_EQ_INT(g.e[3].archive, 3);
	CHECK_EQ_INT(g.e[3].index, 7);
	/* the same inode number in two archives is two files */
	CHECK(!cpio_same_inode(&g.e[1], &g.e[2]));
	CHECK(data_is(contents(&g, 1), "one"));
	CHECK(data_is(contents(&g, 2), "two"));
	got_free(&g);

	/* NULs that leave the next archive off a multiple of 4 */
	ar_free(&a);
	trailer(&a);
	put_zeros(&a, 1);
	add(&a, (struct ent){ .name = "x", .mode = REG | 0644 });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 2 at offset 0x7d:",
		      "after TRAILER!!! only NUL bytes or another archive "
		      "at a multiple of 4");
	got_free(&g);
	ar_free(&a);
}

/* --- refusals ------------------------------------------------------------- */

HOST_TEST(refuses_no_trailer_and_empty_input)
{
	struct ar a = { 0 };
	struct got g;

	parse_buf(&g, "", 0);
	CHECK_REFUSED(&g, -EINVAL, "entry 1 at offset 0x0: empty input");
	got_free(&g);
	add(&a, (struct ent){ .name = "f", .mode = REG | 0644,
			      .data = "abc" });
	parse(&g, &a);
	CHECK_EQ_INT(g.n, 1);
	CHECK_REFUSED(&g, -EINVAL, "entry 2 at offset 0x74:",
		      "ends without a TRAILER!!! entry");
	got_free(&g);
	/* a trailer, then junk */
	trailer(&a);
	put(&a, "junk", 4);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 3 at offset 0xf0: truncated "
		      "header: 4 bytes left");
	got_free(&g);
	put_zeros(&a, 200);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 3 at offset 0xf0: bad magic "
		      "\"junk\\x00\\x00\"",
		      "after a TRAILER!!! only NUL bytes or another archive");
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(refuses_truncated_header)
{
	struct ar a = { 0 };
	struct got g;
	size_t cut;

	add(&a, (struct ent){ .name = "first", .mode = REG | 0644,
			      .data = "12345678" });
	add(&a, (struct ent){ .name = "second", .mode = REG | 0644 });
	trailer(&a);
	/* every cut inside the second header */
	for (cut = 0x7c + 1; cut < 0x7c + 110; cut++) {
		parse_buf(&g, a.buf, cut);
		CHECK_EQ_INT(g.n, 1);
		CHECK_REFUSED(&g, -EINVAL, "entry 2 at offset 0x7c: "
			      "truncated header");
		got_free(&g);
	}
	parse_buf(&g, a.buf, 50);
	CHECK_REFUSED(&g, -EINVAL, "entry 1 at offset 0x0: truncated header:"
		      " 50 bytes left, a header has 110");
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(refuses_bad_magic)
{
	static const struct {
		const char *magic, *says;
	} cases[] = {
		{ "070703", "bad magic \"070703\", not 070701 or 070702" },
		{ "070700", "bad magic \"070700\"" },
		{ "170701", "bad magic \"170701\"" },
		{ "070707", "the old portable format (cpio -H odc)" },
		{ "\x1f\x8b\x08\0\0\0", "gzip data?" },
		{ "\xfd" "7zXZ\0", "xz data?" },
		{ "\x28\xb5\x2f\xfd\0\0", "zstd data?" },
	};
	struct ar a = { 0 };
	struct got g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		add(&a, (struct ent){ .name = "f", .magic = cases[i].magic,
				      .mode = REG | 0644 });
		trailer(&a);
		parse(&g, &a);
		CHECK_REFUSED(&g, -EINVAL, "entry 1 at offset 0x0: bad magic",
			      cases[i].says);
		got_free(&g);
		ar_free(&a);
	}
	/* a bad magic further in */
	add(&a, (struct ent){ .name = "f", .mode = REG | 0644 });
	add(&a, (struct ent){ .name = "g", .mode = REG | 0644,
			      .magic = "07070x" });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 2 at offset 0x70: bad magic "
		      "\"07070x\"");
	CHECK(!strstr(g.err, "gzip") && !strstr(g.err, "TRAILER"));
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(refuses_non_hex_fields)
{
	static const char *const bad[] = {
		"0000000G", " 0000001", "0x000001", "-0000001", "0000001\0",
	};
	struct ar a = { 0 };
	struct got g;
	char want[128];
	int f;
	size_t b;

	for (f = 1; f <= 13; f++) {
		for (b = 0; b < ARRAY_SIZE(bad); b++) {
			add(&a, (struct ent){ .name = "ok",
					      .mode = DIR | 0755 });
			add(&a, (struct ent){ .name = "etc/x", .mode = REG |
					      0644, .bad_field = f,
					      .bad_text = bad[b] });
			trailer(&a);
			parse(&g, &a);
			CHECK_EQ_INT(g.n, 1);
			/* the name is readable unless namesize is bad */
			snprintf(want, sizeof(want), "entry 2 %sat offset "
				 "0x74: header field %s is not 8 hex digits",
				 f == 12 ? "" : "\"etc/x\" ",
				 field_names[f - 1]);
			CHECK_REFUSED(&g, -EINVAL, want);
			got_free(&g);
			ar_free(&a);
		}
	}
}

HOST_TEST(refuses_bad_name_sizes)
{
	struct ar a = { 0 };
	struct got g;

	add(&a, (struct ent){ .name = "x", .mode = REG | 0644,
			      .namesize = 0, .namesize_set = true });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 1 at offset 0x0: name size 0");
	got_free(&g);
	ar_free(&a);

	/* past the end: the name shows as far as there is one */
	add(&a, (struct ent){ .name = "dir", .mode = DIR | 0755 });
	add(&a, (struct ent){ .name = "abcdef", .mode = REG | 0644,
			      .namesize = 200, .namesize_set = true });
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 2 \"abcdef\" at offset 0x74: name "
		      "size 200 runs past the end of the archive (10 bytes "
		      "left)");
	got_free(&g);
	ar_free(&a);

	/* the size counts one byte less than the name has */
	add(&a, (struct ent){ .name = "abcdef", .mode = REG | 0644,
			      .namesize = 6, .namesize_set = true });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 1 \"abcde\" at offset 0x0: name "
		      "not NUL-terminated at its size (6)");
	got_free(&g);
	ar_free(&a);

	/* no NUL at all */
	add(&a, (struct ent){ .name = "abcd", .mode = REG | 0644,
			      .no_nul = true, .namesize = 4,
			      .namesize_set = true });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "name not NUL-terminated at its size (4)");
	got_free(&g);
	ar_free(&a);

	/* a NUL inside */
	add(&a, (struct ent){ .name = "ab\0cd", .namelen = 5,
			      .namelen_set = true, .mode = REG | 0644 });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 1 \"ab\" at offset 0x0: name has a "
		      "NUL at byte 2 of 6");
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(name_length_limit)
{
	static char name[CPIO_NAME_MAX + 2];
	struct ar a = { 0 };
	struct got g;

	/* 4095 bytes is accepted, also with a "./" that goes away */
	memset(name, 'n', CPIO_NAME_MAX);
	name[CPIO_NAME_MAX] = '\0';
	add(&a, (struct ent){ .name = name, .mode = REG | 0644 });
	name[0] = '.';
	name[1] = '/';
	add(&a, (struct ent){ .name = name, .mode = REG | 0644 });
	trailer(&a);
	parse(&g, &a);
	CHECK_OK(&g, 2);
	CHECK_EQ_INT(strlen(g.e[0].name), CPIO_NAME_MAX);
	CHECK_EQ_INT(strlen(g.e[1].name), CPIO_NAME_MAX - 2);
	got_free(&g);
	ar_free(&a);

	/* 4096 is not, even when normalizing would shorten it */
	memset(name, 'n', CPIO_NAME_MAX + 1);
	name[0] = '/';
	name[CPIO_NAME_MAX + 1] = '\0';
	add(&a, (struct ent){ .name = name, .mode = REG | 0644 });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -ENAMETOOLONG, "entry 1 \"/nnnnnnnnnn",
		      "nnn\"... at offset 0x0: name of 4096 bytes, the limit "
		      "is 4095");
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(refuses_dot_dot)
{
	static const char *const names[] = {
		"..", "../x", "a/..", "a/../b", "/..", "./..", "/../etc",
		"a//../b", "a/./../b", "../", "x/y/z/..",
	};
	struct ar a = { 0 };
	struct got g;
	char want[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		add(&a, (struct ent){ .name = "ok", .mode = DIR | 0755 });
		add(&a, (struct ent){ .name = names[i], .mode = REG | 0644 });
		trailer(&a);
		parse(&g, &a);
		CHECK_EQ_INT(g.n, 1);
		snprintf(want, sizeof(want), "entry 2 \"%s\" at offset 0x74: ",
			 names[i]);
		CHECK_REFUSED(&g, -EINVAL, want, "name has a \"..\" component");
		got_free(&g);
		ar_free(&a);
	}
}

HOST_TEST(refuses_size_past_the_end)
{
	static const uint32_t sizes[] = {
		5, 8, 100, 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff,
	};
	struct ar a = { 0 };
	struct got g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		/* 4 bytes of data are there, and nothing after them */
		add(&a, (struct ent){ .name = "big", .mode = REG | 0644,
				      .data = "abcd", .filesize = sizes[i],
				      .filesize_set = true });
		parse(&g, &a);
		CHECK_REFUSED(&g, -EINVAL, "entry 1 \"big\" at offset 0x0: "
			      "size ", "runs past the end of the archive (4 "
			      "bytes left)");
		got_free(&g);
		ar_free(&a);
	}
	/* exactly to the end is fine (then there is no trailer) */
	add(&a, (struct ent){ .name = "big", .mode = REG | 0644,
			      .data = "abcd" });
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 2 at offset 0x78: the archive ends "
		      "without a TRAILER!!!");
	CHECK_EQ_INT(g.n, 1);
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(refuses_bad_modes)
{
	static const struct {
		uint32_t mode;
		const char *says;
	} cases[] = {
		{ 0644, "unknown file type in mode 0644" },
		{ 0170644, "unknown file type in mode 0170644" },
		{ 0030000, "unknown file type in mode 030000" },
		{ 0150755, "unknown file type in mode 0150755" },
		{ 0200000 | REG | 0644, "mode 0300644 has bits outside" },
		{ 0xffffffff, "mode 037777777777 has bits outside" },
	};
	struct ar a = { 0 };
	struct got g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		add(&a, (struct ent){ .name = "odd", .mode = cases[i].mode });
		trailer(&a);
		parse(&g, &a);
		CHECK_REFUSED(&g, -EINVAL, "entry 1 \"odd\" at offset 0x0: ",
			      cases[i].says);
		got_free(&g);
		ar_free(&a);
	}
}

HOST_TEST(refuses_bad_symlinks_and_data_on_others)
{
	static char target[CPIO_SYMLINK_MAX + 2];
	struct ar a = { 0 };
	struct got g;

	add(&a, (struct ent){ .name = "l", .mode = LNK | 0777 });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 1 \"l\" at offset 0x0: symlink "
		      "with an empty target");
	got_free(&g);
	ar_free(&a);

	memset(target, 't', CPIO_SYMLINK_MAX);
	add(&a, (struct ent){ .name = "l", .mode = LNK | 0777,
			      .data = target });
	trailer(&a);
	parse(&g, &a);
	CHECK_OK(&g, 1);
	CHECK_EQ_INT(g.e[0].size, CPIO_SYMLINK_MAX);
	got_free(&g);
	ar_free(&a);
	target[CPIO_SYMLINK_MAX] = 't';
	add(&a, (struct ent){ .name = "l", .mode = LNK | 0777,
			      .data = target });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -ENAMETOOLONG, "entry 1 \"l\" at offset 0x0: "
		      "symlink target of 4096 bytes, the limit is 4095");
	got_free(&g);
	ar_free(&a);

	add(&a, (struct ent){ .name = "l", .mode = LNK | 0777,
			      .data = "ab\0c", .size = 4, .size_set = true });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "symlink target has a NUL at byte 2");
	got_free(&g);
	ar_free(&a);

	add(&a, (struct ent){ .name = "d", .mode = DIR | 0755,
			      .data = "12345" });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 1 \"d\" at offset 0x0: directory "
		      "with 5 bytes of data");
	got_free(&g);
	ar_free(&a);

	add(&a, (struct ent){ .name = "c", .mode = CPIO_S_IFCHR | 0600,
			      .data = "1" });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "device, fifo or socket with 1 bytes");
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(refuses_a_root_that_is_not_a_directory)
{
	static const char *const names[] = { ".", "/", "./", "//." };
	struct ar a = { 0 };
	struct got g;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		add(&a, (struct ent){ .name = names[i], .mode = REG | 0644 });
		trailer(&a);
		parse(&g, &a);
		CHECK_REFUSED(&g, -EINVAL, "the root entry is not a directory "
			      "(mode 0100644)");
		got_free(&g);
		ar_free(&a);
	}
}

/* Any field at extreme values: no overflow, no read outside. */
HOST_TEST(extreme_field_values)
{
	static const uint32_t vals[] = {
		0, 1, 3, 4, 0x7fffffff, 0x80000000, 0xfffffff0, 0xfffffffc,
		0xfffffffd, 0xfffffffe, 0xffffffff,
	};
	struct ar a = { 0 };
	struct got g;
	char hex[9];
	size_t v;
	int f;

	for (f = 1; f <= 13; f++) {
		for (v = 0; v < ARRAY_SIZE(vals); v++) {
			snprintf(hex, sizeof(hex), "%08X", vals[v]);
			add(&a, (struct ent){ .name = "f", .mode = REG | 0644,
					      .nlink = 1, .data = "abcdefg",
					      .bad_field = f,
					      .bad_text = hex });
			trailer(&a);
			parse(&g, &a);
			if (g.rc < 0)
				CHECK(!strncmp(g.err, "entry ", 6));
			else
				CHECK(f != 2 && f != 7 && f != 12);
			CHECK(g.fuzz >= 0);
			got_free(&g);
			ar_free(&a);
		}
	}
	/* every field at its maximum in an archive of just a header */
	put(&a, "070701", 6);
	for (f = 0; f < 13; f++)
		put(&a, "FFFFFFFF", 8);
	parse(&g, &a);
	CHECK_REFUSED(&g, -ENAMETOOLONG, "entry 1 \"\" at offset 0x0: name "
		      "of 4294967294 bytes");
	got_free(&g);
	ar_free(&a);
}

HOST_TEST(errors_are_sticky_and_messages_bounded)
{
	struct ar a = { 0 };
	struct cpio_reader r;
	struct cpio_entry e;
	char err[16];
	struct got g;

	add(&a, (struct ent){ .name = "a\"b\\c\n\x01\xff", .mode = 0 });
	trailer(&a);
	parse(&g, &a);
	CHECK_REFUSED(&g, -EINVAL, "entry 1 \"a\\\"b\\\\c\\x0a\\x01\\xff\" at");
	got_free(&g);

	cpio_reader_init(&r, a.buf, a.len);
	CHECK_EQ_INT(cpio_next(&r, &e, err, sizeof(err)), -EINVAL);
	CHECK_EQ_STR(err, "entry 1 \"a\\\"b\\\\");
	CHECK_EQ_INT(cpio_next(&r, &e, err, sizeof(err)), -EINVAL);
	CHECK_EQ_STR(err, "the archive was");
	CHECK_EQ_INT(cpio_next(&r, &e, NULL, 0), -EINVAL);
	err[0] = 'x';
	CHECK_EQ_INT(cpio_next(&r, &e, err, 1), -EINVAL);
	CHECK_EQ_INT(err[0], '\0');
	ar_free(&a);

	trailer(&a);
	cpio_reader_init(&r, a.buf, a.len);
	CHECK_EQ_INT(cpio_next(&r, &e, NULL, 0), 0);
	CHECK_EQ_INT(cpio_next(&r, &e, err, sizeof(err)), 0);
	CHECK_EQ_STR(err, "");
	ar_free(&a);

	cpio_reader_init(&r, NULL, 100);
	CHECK_EQ_INT(cpio_next(&r, &e, err, sizeof(err)), -EINVAL);
}

/* Valid archives with random bytes changed: the fuzz checks hold. */
HOST_TEST(mutated_archives)
{
	struct ar a = { 0 };
	uint64_t x = 0x9e3779b97f4a7c15ull;
	uint8_t *buf;
	size_t len;
	int i, k, n;

	add(&a, (struct ent){ .name = ".", .mode = DIR | 0755, .ino = 1 });
	add(&a, (struct ent){ .name = "./a", .mode = REG | 0644, .ino = 2,
			      .nlink = 2 });
	add(&a, (struct ent){ .name = "l", .mode = LNK | 0777, .data = "a" });
	add(&a, (struct ent){ .name = "b", .mode = REG | 0644, .ino = 2,
			      .nlink = 2, .data = "data" });
	trailer(&a);
	add(&a, (struct ent){ .name = "d/e", .mode = REG | 0644,
			      .data = "second archive" });
	trailer(&a);
	buf = malloc(a.len);
	for (i = 0; i < 30000; i++) {
		memcpy(buf, a.buf, a.len);
		len = a.len;
		for (k = 0; k < 1 + i % 4; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			switch (x % 4) {
			case 0:		/* a digit of some field */
				buf[x / 4 % len] = "0123456789aFfG\0/."
					[x / 4096 % 17];
				break;
			case 1:		/* any byte */
				buf[x / 4 % len] = (uint8_t)(x >> 40);
				break;
			case 2:		/* shorter */
				len -= x / 4 % len;
				break;
			default:	/* a bit */
				buf[x / 4 % len] ^= (uint8_t)(1 << (x >> 61));
			}
		}
		n = fuzz_cpio_check(buf, len);
		if (n < 0)
			printf("  mutation %d broke an invariant\n", i);
		CHECK(n >= 0);
	}
	free(buf);
	ar_free(&a);
}

/* --- GNU cpio ------------------------------------------------------------- */

static bool have_cpio(void)
{
	return system("command -v cpio >/dev/null 2>&1") == 0;
}

static int write_file(const char *path, const char *s, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(s, f);
	fclose(f);
	return chmod(path, mode);
}

static int read_file(const char *path, struct ar *a)
{
	char buf[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		put(a, buf, n);
	fclose(f);
	return 0;
}

static int run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static void check_gnu_tree(int *host_test_failed, const struct got *g)
{
	int i;

	CHECK_OK(g, 9);
	CHECK_EQ_STR(g->e[0].name, "");
	CHECK(cpio_is_type(&g->e[0], DIR));
	i = find(g, "d/sub");
	CHECK(i > 0 && cpio_is_type(&g->e[i], DIR));
	CHECK_EQ_INT(g->e[i].mode & 07777, 0750);
	i = find(g, "d/a");
	CHECK(i > 0 && g->e[i].nlink == 3);
	CHECK_EQ_INT(g->e[i].mode, REG | 0640);
	CHECK(data_is(contents(g, i), "hello, cpio\n"));
	CHECK(data_is(contents(g, find(g, "d/b")), "hello, cpio\n"));
	CHECK(data_is(contents(g, find(g, "d/sub/c")), "hello, cpio\n"));
	/* GNU cpio: the data on the last name */
	CHECK_EQ_INT(g->e[find(g, "d/a")].size, 0);
	CHECK_EQ_INT(g->e[find(g, "d/sub/c")].size, 12);
	i = find(g, "d/s");
	CHECK(i > 0 && cpio_is_type(&g->e[i], LNK));
	CHECK(data_is(&g->e[i], "../d/a"));
	i = find(g, "empty");
	CHECK(i > 0 && g->e[i].size == 0 && cpio_is_type(&g->e[i], REG));
	i = find(g, "fifo");
	CHECK(i > 0 && cpio_is_type(&g->e[i], CPIO_S_IFIFO));
}

HOST_TEST(archives_written_by_gnu_cpio)
{
	char dir[] = "/tmp/host_cpio.XXXXXX", p[256];
	static const char *const fmts[] = { "newc", "crc" };
	struct ar a = { 0 };
	struct got g;
	size_t i;

	if (!have_cpio()) {
		printf("  cpio is not installed (apt-get install cpio): "
		       "only the archives written here were tested\n");
		return;
	}
	CHECK(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/t", dir);
	CHECK(mkdir(p, 0755) == 0);
	snprintf(p, sizeof(p), "%s/t/d", dir);
	CHECK(mkdir(p, 0755) == 0);
	snprintf(p, sizeof(p), "%s/t/d/sub", dir);
	CHECK(mkdir(p, 0750) == 0 && chmod(p, 0750) == 0);
	snprintf(p, sizeof(p), "%s/t/d/a", dir);
	CHECK(write_file(p, "hello, cpio\n", 0640) == 0);
	CHECK(run("cd %s/t && ln d/a d/b && ln d/a d/sub/c && "
		  "ln -s ../d/a d/s && : > empty && mkfifo fifo", dir) == 0);
	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		CHECK(run("cd %s/t && find . | LC_ALL=C sort | "
			  "cpio -o -H %s --quiet > ../out.cpio", dir,
			  fmts[i]) == 0);
		snprintf(p, sizeof(p), "%s/out.cpio", dir);
		CHECK(read_file(p, &a) == 0);
		CHECK(!memcmp(a.buf, i ? "070702" : "070701", 6));
		parse(&g, &a);
		check_gnu_tree(host_test_failed, &g);
		got_free(&g);
		if (*host_test_failed)
			break;
		ar_free(&a);
	}
	ar_free(&a);
	run("rm -rf %s", dir);
}

HOST_TEST_MAIN()
