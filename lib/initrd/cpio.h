/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A parser of cpio "newc" archives (magic 070701, and 070702 "crc" whose
 * checksum is ignored), the format of Linux initramfs images. Freestanding:
 * it reads the archive in place, allocates nothing and needs only memcmp,
 * memcpy and strlen, so it is built into the kernel and, with
 * -DUK_HOST_TEST, into host tests and a fuzzer.
 *
 *	struct cpio_reader r;
 *	struct cpio_entry e;
 *	char err[160];
 *	int rc;
 *
 *	cpio_reader_init(&r, archive, len);
 *	while ((rc = cpio_next(&r, &e, err, sizeof(err))) > 0)
 *		add(e.name, e.mode, e.data, e.size, ...);
 *	if (rc < 0)
 *		refuse the archive: err names the entry and what is wrong
 *
 * Every offset is checked against the archive's length before it is used:
 * no field value (each is 32 bits) makes the parser read outside the
 * archive or overflow a size_t, on 32- or 64-bit machines.
 */
#ifndef UK_INITRD_CPIO_H
#define UK_INITRD_CPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest name accepted, in bytes without the NUL: PATH_MAX - 1. */
#define CPIO_NAME_MAX		4095
/* Longest symlink target accepted. */
#define CPIO_SYMLINK_MAX	4095
/* Size of a newc header, and the alignment of headers and data. */
#define CPIO_HEADER_SIZE	110
#define CPIO_ALIGN		4

/* File types in the mode field (the values of Linux's S_IF*). */
#define CPIO_S_IFMT		0170000
#define CPIO_S_IFSOCK		0140000
#define CPIO_S_IFLNK		0120000
#define CPIO_S_IFREG		0100000
#define CPIO_S_IFBLK		0060000
#define CPIO_S_IFDIR		0040000
#define CPIO_S_IFCHR		0020000
#define CPIO_S_IFIFO		0010000

struct cpio_entry {
	/*
	 * Normalized: no leading "/" or "./", no empty or "." component,
	 * no trailing "/"; "" is the root directory itself ("." or "/" in
	 * the archive). NUL-terminated, in the reader's buffer: valid until
	 * the next cpio_next() call.
	 */
	const char *name;
	uint32_t ino, mode, uid, gid, nlink;
	uint32_t devmajor, devminor, rdevmajor, rdevminor;
	uint64_t mtime;
	/* In the archive: a file's contents or a symlink's target (not
	 * NUL-terminated, no NUL inside, 1..CPIO_SYMLINK_MAX bytes). */
	const void *data;
	size_t size;
	/* 1-based position of the entry's header in the input (trailers
	 * count), as error messages number entries. */
	uint32_t index;
	/* Which of concatenated archives the entry is in, from 0: inode
	 * numbers are unique only within one (see cpio_same_inode()). */
	uint32_t archive;
};

struct cpio_reader {
	const uint8_t *base;
	size_t len;
	size_t off;		/* of the next header */
	uint32_t index;		/* headers read so far */
	uint32_t archive;	/* trailers passed so far */
	int state;		/* 0 reading, 1 at the end, <0 refused */
	char namebuf[CPIO_NAME_MAX + 1];
};

void cpio_reader_init(struct cpio_reader *r, const void *archive, size_t len);

/*
 * Reads the next entry. Returns 1 with *e filled in; 0 at the end: the
 * TRAILER!!! entry was reached and nothing but NUL bytes follows it (or
 * another archive follows and has ended the same way: concatenated
 * archives are read as one, as Linux does); an input that ends without
 * a trailer is refused, since it may be truncated at an entry boundary.
 * Returns a negative errno (-EINVAL, or -ENAMETOOLONG for a name or
 * symlink target over the limits) with a message in err (errlen bytes,
 * NUL-terminated; err may be NULL) naming the entry by number, offset
 * and name as far as it could be read, and what is wrong. After 0 or an
 * error, every further call returns the same.
 *
 * Refused: a truncated header, a bad magic, a header field that is not
 * 8 hex digits, a name size of 0, a name running past the end, not
 * NUL-terminated at its size or with a NUL inside, longer than
 * CPIO_NAME_MAX or with a ".." component; a size running past the end;
 * an unknown file type or mode bits outside it and 07777; data on a
 * directory, device, fifo or socket; a symlink target that is empty,
 * too long or holds a NUL; a root entry that is not a directory;
 * anything but NUL bytes or another archive (at a multiple of 4) after
 * a trailer. The message for a later call after an error only says
 * that the archive was refused before.
 */
int cpio_next(struct cpio_reader *r, struct cpio_entry *e, char *err,
	      size_t errlen);

static inline bool cpio_is_type(const struct cpio_entry *e, uint32_t type)
{
	return (e->mode & CPIO_S_IFMT) == type;
}

/*
 * Hard links: non-directory entries with nlink > 1 for which
 * cpio_same_inode() holds are names of one file. Writers store its data
 * once, on one of them (GNU cpio and support/scripts/mkcpio on the last,
 * others on the first) and give the others size 0: the file's contents
 * are those of the entry that has data (the last such, should several
 * have it), wherever it comes in the archive.
 */
static inline bool cpio_may_be_linked(const struct cpio_entry *e)
{
	return !cpio_is_type(e, CPIO_S_IFDIR) && e->nlink > 1;
}

static inline bool cpio_same_inode(const struct cpio_entry *a,
				   const struct cpio_entry *b)
{
	return a->archive == b->archive && a->ino == b->ino &&
	       a->devmajor == b->devmajor && a->devminor == b->devminor;
}

#endif /* UK_INITRD_CPIO_H */
