// SPDX-License-Identifier: BSD-3-Clause
/*
 * cpio "newc" parser (see cpio.h). A newc entry is a 110-byte header of
 * ASCII fields (a 6-byte magic, then 13 fields of 8 hex digits), the
 * name with its NUL, padding to a multiple of 4 (counted from the start
 * of the archive), the data, and padding again. The entry named
 * TRAILER!!! ends an archive.
 *
 * Overflow: every length read from a header is compared with what is
 * left of the archive (len - off, with off <= len always) before it is
 * added to an offset, so no sum exceeds len.
 */
#include <string.h>
#include <uk/errno.h>
#include "cpio.h"

#define TRAILER		"TRAILER!!!"
#define MSG_NAME_MAX	64	/* name bytes quoted in a message */

/* Header fields after the magic, in order. */
enum {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE,
	F_CHECK, F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
	"devmajor", "devminor", "rdevmajor", "rdevminor", "namesize",
	"check",
};

/* --- messages without a libc ---------------------------------------------- */

struct msg {
	char *buf;
	size_t cap, len;	/* len < cap when cap > 0 */
};

static void msg_chr(struct msg *m, char c)
{
	if (m->len + 1 < m->cap) {
		m->buf[m->len++] = c;
		m->buf[m->len] = '\0';
	}
}

static void msg_str(struct msg *m, const char *s)
{
	while (*s)
		msg_chr(m, *s++);
}

static void msg_num(struct msg *m, uint64_t v, unsigned int base)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		msg_chr(m, d[--n]);
}

static void msg_dec(struct msg *m, uint64_t v)
{
	msg_num(m, v, 10);
}

static void msg_hex(struct msg *m, uint64_t v)
{
	msg_str(m, "0x");
	msg_num(m, v, 16);
}

static void msg_oct(struct msg *m, uint64_t v)
{
	if (v)
		msg_chr(m, '0');
	msg_num(m, v, 8);
}

/* n bytes, quoted, with anything but printable ASCII escaped as \xNN. */
static void msg_quoted(struct msg *m, const uint8_t *s, size_t n)
{
	size_t i;

	msg_chr(m, '"');
	for (i = 0; i < n && i < MSG_NAME_MAX; i++) {
		if (s[i] == '"' || s[i] == '\\') {
			msg_chr(m, '\\');
			msg_chr(m, (char)s[i]);
		} else if (s[i] >= 0x20 && s[i] < 0x7f) {
			msg_chr(m, (char)s[i]);
		} else {
			msg_str(m, "\\x");
			msg_chr(m, "0123456789abcdef"[s[i] >> 4]);
			msg_chr(m, "0123456789abcdef"[s[i] & 15]);
		}
	}
	msg_chr(m, '"');
	if (n > MSG_NAME_MAX)
		msg_str(m, "...");
}

/* --- the parser ----------------------------------------------------------- */

/* What is known of the entry being read, for messages. */
struct ctx {
	struct cpio_reader *r;
	struct msg m;
	size_t hoff;		/* offset of its header */
	const uint8_t *name;	/* its raw name, as far as it is readable */
	size_t namelen;
	bool after_trailer;	/* it is the first after a trailer */
};

/* Starts a message: "entry N "name" at offset X: ". */
static struct msg *what(struct ctx *c)
{
	msg_str(&c->m, "entry ");
	msg_dec(&c->m, c->r->index);
	if (c->name) {
		msg_chr(&c->m, ' ');
		msg_quoted(&c->m, c->name, c->namelen);
	}
	msg_str(&c->m, " at offset ");
	msg_hex(&c->m, c->hoff);
	msg_str(&c->m, ": ");
	return &c->m;
}

static int refuse(struct ctx *c, int rc)
{
	c->r->state = rc;
	return rc;
}

static size_t pad(size_t off)
{
	return (CPIO_ALIGN - (off & (CPIO_ALIGN - 1))) & (CPIO_ALIGN - 1);
}

/* off advanced past the padding after it, not past the end. */
static size_t align(const struct cpio_reader *r, size_t off)
{
	size_t p = pad(off);

	return p < r->len - off ? off + p : r->len;
}

static size_t bytes_before_nul(const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && s[i]; i++)
		;
	return i;
}

static int hexval(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses 8 hex digits; false if one is not. */
static bool hex8(const uint8_t *s, uint32_t *v)
{
	uint32_t x = 0;
	int i, d;

	for (i = 0; i < 8; i++) {
		d = hexval(s[i]);
		if (d < 0)
			return false;
		x = x << 4 | (uint32_t)d;
	}
	*v = x;
	return true;
}

/*
 * Writes the normalized name to r->namebuf. The raw name (n bytes, no
 * NUL) fits it, and normalizing only removes bytes. Returns false if a
 * component is "..".
 */
static bool normalize(struct cpio_reader *r, const uint8_t *s, size_t n)
{
	size_t i = 0, j, out = 0;

	while (i < n) {
		for (j = i; j < n && s[j] != '/'; j++)
			;
		if (j - i == 2 && s[i] == '.' && s[i + 1] == '.')
			return false;
		if (j > i && !(j - i == 1 && s[i] == '.')) {
			if (out)
				r->namebuf[out++] = '/';
			memcpy(r->namebuf + out, s + i, j - i);
			out += j - i;
		}
		i = j + 1;
	}
	r->namebuf[out] = '\0';
	return true;
}

void cpio_reader_init(struct cpio_reader *r, const void *archive, size_t len)
{
	r->base = archive;
	r->len = archive ? len : 0;
	r->off = 0;
	r->index = 0;
	r->archive = 0;
	r->state = 0;
	r->namebuf[0] = '\0';
}

/* After a trailer: skips NUL padding; true if another archive follows. */
static int next_archive(struct ctx *c)
{
	struct cpio_reader *r = c->r;

	c->name = NULL;
	while (r->off < r->len && r->base[r->off] == 0)
		r->off++;
	if (r->off == r->len) {
		r->state = 1;
		return 0;
	}
	if (r->off & (CPIO_ALIGN - 1)) {
		c->hoff = r->off;
		r->index++;
		msg_str(what(c), "after TRAILER!!! only NUL bytes or another "
			"archive at a multiple of 4 may follow");
		return refuse(c, -EINVAL);
	}
	r->archive++;
	return 1;
}

static int check_type(struct ctx *c, struct cpio_entry *e)
{
	uint32_t type = e->mode & CPIO_S_IFMT;
	const uint8_t *d = e->data;
	size_t i;

	if (e->mode & ~(uint32_t)(CPIO_S_IFMT | 07777)) {
		msg_str(what(c), "mode ");
		msg_oct(&c->m, e->mode);
		msg_str(&c->m, " has bits outside the file type and 07777");
		return refuse(c, -EINVAL);
	}
	switch (type) {
	case CPIO_S_IFREG:
		break;
	case CPIO_S_IFLNK:
		if (e->size == 0) {
			msg_str(what(c), "symlink with an empty target");
			return refuse(c, -EINVAL);
		}
		if (e->size > CPIO_SYMLINK_MAX) {
			msg_str(what(c), "symlink target of ");
			msg_dec(&c->m, e->size);
			msg_str(&c->m, " bytes, the limit is 4095");
			return refuse(c, -ENAMETOOLONG);
		}
		for (i = 0; i < e->size; i++) {
			if (d[i] == 0) {
				msg_str(what(c), "symlink target has a NUL at "
					"byte ");
				msg_dec(&c->m, i);
				return refuse(c, -EINVAL);
			}
		}
		break;
	case CPIO_S_IFDIR:
	case CPIO_S_IFCHR:
	case CPIO_S_IFBLK:
	case CPIO_S_IFIFO:
	case CPIO_S_IFSOCK:
		if (e->size) {
			msg_str(what(c), type == CPIO_S_IFDIR ? "directory" :
				"device, fifo or socket");
			msg_str(&c->m, " with ");
			msg_dec(&c->m, e->size);
			msg_str(&c->m, " bytes of data");
			return refuse(c, -EINVAL);
		}
		break;
	default:
		msg_str(what(c), "unknown file type in mode ");
		msg_oct(&c->m, e->mode);
		return refuse(c, -EINVAL);
	}
	if (!e->name[0] && type != CPIO_S_IFDIR) {
		msg_str(what(c), "the root entry is not a directory (mode ");
		msg_oct(&c->m, e->mode);
		msg_chr(&c->m, ')');
		return refuse(c, -EINVAL);
	}
	return 0;
}

/* What a bad first magic may be instead. */
static const char *hint(const uint8_t *h)
{
	if (h[0] == 0x1f && h[1] == 0x8b)
		return ": gzip data? the archive must be uncompressed";
	if (!memcmp(h, "\xfd" "7zXZ", 5))
		return ": xz data? the archive must be uncompressed";
	if (!memcmp(h, "\x28\xb5\x2f\xfd", 4))
		return ": zstd data? the archive must be uncompressed";
	if (!memcmp(h, "070707", 6))
		return ": the old portable format (cpio -H odc)";
	return "";
}

/* Reads the header at r->off; 1: an entry, 2: a trailer, <0: refused. */
static int read_entry(struct ctx *c, struct cpio_entry *e)
{
	struct cpio_reader *r = c->r;
	const uint8_t *h = r->base + r->off;
	uint32_t f[F_COUNT] = { 0 };
	bool namesize_ok = true;
	int bad = -1, i;
	size_t left, noff, nend, doff, n;

	c->hoff = r->off;
	r->index++;
	left = r->len - r->off;
	if (left < CPIO_HEADER_SIZE) {
		msg_str(what(c), "truncated header: ");
		msg_dec(&c->m, left);
		msg_str(&c->m, " bytes left, a header has 110");
		if (r->index > 1)
			msg_str(&c->m, " (archive truncated?)");
		return refuse(c, -EINVAL);
	}
	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2')) {
		msg_str(what(c), "bad magic ");
		msg_quoted(&c->m, h, 6);
		msg_str(&c->m, ", not 070701 or 070702 (cpio -H newc)");
		if (c->after_trailer)
			msg_str(&c->m, ": after a TRAILER!!! only NUL bytes "
				"or another archive may follow");
		else if (r->index == 1)
			msg_str(&c->m, hint(h));
		return refuse(c, -EINVAL);
	}
	for (i = 0; i < F_COUNT; i++) {
		if (hex8(h + 6 + 8 * i, &f[i]))
			continue;
		if (bad < 0)
			bad = i;
		if (i == F_NAMESIZE)
			namesize_ok = false;
	}

	/* The name, as far as it can be read, for the messages. */
	noff = r->off + CPIO_HEADER_SIZE;
	left = r->len - noff;
	if (namesize_ok && f[F_NAMESIZE]) {
		n = f[F_NAMESIZE] - 1;
		c->name = r->base + noff;
		c->namelen = n < left ? n : left;
		c->namelen = bytes_before_nul(c->name, c->namelen);
	}
	if (bad >= 0) {
		msg_str(what(c), "header field ");
		msg_str(&c->m, field_names[bad]);
		msg_str(&c->m, " is not 8 hex digits: ");
		msg_quoted(&c->m, h + 6 + 8 * bad, 8);
		return refuse(c, -EINVAL);
	}
	if (f[F_NAMESIZE] == 0) {
		msg_str(what(c), "name size 0");
		return refuse(c, -EINVAL);
	}
	n = f[F_NAMESIZE] - 1;		/* without the NUL */
	if (n > CPIO_NAME_MAX) {
		msg_str(what(c), "name of ");
		msg_dec(&c->m, n);
		msg_str(&c->m, " bytes, the limit is 4095");
		return refuse(c, -ENAMETOOLONG);
	}
	if (f[F_NAMESIZE] > left) {
		msg_str(what(c), "name size ");
		msg_dec(&c->m, f[F_NAMESIZE]);
		msg_str(&c->m, " runs past the end of the archive (");
		msg_dec(&c->m, left);
		msg_str(&c->m, " bytes left)");
		return refuse(c, -EINVAL);
	}
	if (r->base[noff + n] != 0) {
		msg_str(what(c), "name not NUL-terminated at its size (");
		msg_dec(&c->m, f[F_NAMESIZE]);
		msg_chr(&c->m, ')');
		return refuse(c, -EINVAL);
	}
	if (c->namelen != n) {
		msg_str(what(c), "name has a NUL at byte ");
		msg_dec(&c->m, c->namelen);
		msg_str(&c->m, " of ");
		msg_dec(&c->m, f[F_NAMESIZE]);
		return refuse(c, -EINVAL);
	}
	nend = noff + f[F_NAMESIZE];	/* <= len */

	/* The data, after the name's padding (which may be cut short by
	 * the end only if there is no data: a trailer at the very end). */
	doff = align(r, nend);
	if (f[F_FILESIZE] > r->len - doff) {
		msg_str(what(c), "size ");
		msg_dec(&c->m, f[F_FILESIZE]);
		msg_str(&c->m, " runs past the end of the archive (");
		msg_dec(&c->m, r->len - doff);
		msg_str(&c->m, " bytes left)");
		return refuse(c, -EINVAL);
	}
	r->off = align(r, doff + f[F_FILESIZE]);

	if (n == sizeof(TRAILER) - 1 && !memcmp(c->name, TRAILER, n))
		return 2;
	if (!normalize(r, c->name, n)) {
		msg_str(what(c), "name has a \"..\" component");
		return refuse(c, -EINVAL);
	}

	e->name = r->namebuf;
	e->ino = f[F_INO];
	e->mode = f[F_MODE];
	e->uid = f[F_UID];
	e->gid = f[F_GID];
	e->nlink = f[F_NLINK];
	e->mtime = f[F_MTIME];
	e->devmajor = f[F_DEVMAJOR];
	e->devminor = f[F_DEVMINOR];
	e->rdevmajor = f[F_RDEVMAJOR];
	e->rdevminor = f[F_RDEVMINOR];
	e->data = r->base + doff;
	e->size = f[F_FILESIZE];
	e->index = r->index;
	e->archive = r->archive;
	return check_type(c, e) ? r->state : 1;
}

int cpio_next(struct cpio_reader *r, struct cpio_entry *e, char *err,
	      size_t errlen)
{
	struct ctx c = { .r = r, .m = { .buf = err, .cap = err ? errlen : 0 } };
	int rc;

	if (err && errlen)
		err[0] = '\0';
	if (r->state < 0) {
		msg_str(&c.m, "the archive was refused before");
		return r->state;
	}
	if (r->state > 0)
		return 0;
	if (r->len == 0) {
		r->index++;
		msg_str(what(&c), "empty input, not a cpio archive");
		return refuse(&c, -EINVAL);
	}
	for (;;) {
		if (r->off == r->len) {
			c.hoff = r->off;
			r->index++;
			msg_str(what(&c), "the archive ends without a "
				"TRAILER!!! entry (truncated?)");
			return refuse(&c, -EINVAL);
		}
		rc = read_entry(&c, e);
		if (rc != 2)
			return rc;
		rc = next_archive(&c);
		if (rc <= 0)
			return rc;
		c.after_trailer = true;
	}
}
