// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target for the cpio parser: parses any input to its end and
 * checks what every answer promises (cpio.h): entries' data lies inside
 * the input, names are normalized, NUL-terminated and within the limit,
 * types and sizes are as the checks allow, each call moves forward (so
 * the loop ends), an error comes with a message naming the entry, and
 * the end or an error is sticky. `make test` runs it for FUZZ_SECONDS
 * (lib/initrd/README.md: running it longer); tests/host_cpio.c includes
 * it and runs the same checks on its archives and on mutated ones.
 *
 * fuzz-cflags: -fsanitize=unsigned-integer-overflow,implicit-integer-truncation
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cpio.c"

#ifndef FUZZ_FAIL
#define FUZZ_FAIL(why)							\
	do {								\
		fprintf(stderr, "fuzz_cpio: %s\n", why);		\
		abort();						\
	} while (0)
#endif

#define FUZZ_CHECK(cond)						\
	do {								\
		if (!(cond)) {						\
			FUZZ_FAIL("invariant broken: " #cond);		\
			return -1;					\
		}							\
	} while (0)

/* Where the bytes of each entry's data go, so that each is read. */
volatile unsigned int fuzz_sink;

/* No leading or trailing "/", no empty, "." or ".." component. */
static bool fuzz_normalized(const char *s)
{
	const char *c = s, *end;

	if (!*s)
		return true;
	for (;;) {
		end = strchr(c, '/');
		if (!end)
			end = c + strlen(c);
		if (end == c || (end - c == 1 && c[0] == '.') ||
		    (end - c == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		if (!*end)
			return true;
		c = end + 1;
	}
}

static int fuzz_entry(const struct cpio_reader *r, const struct cpio_entry *e,
		      const uint8_t *in, size_t size)
{
	const uint8_t *d = e->data;
	uint32_t type = e->mode & CPIO_S_IFMT;
	unsigned int sum = 0;
	size_t i;

	FUZZ_CHECK(e->name == r->namebuf);
	FUZZ_CHECK(memchr(r->namebuf, 0, sizeof(r->namebuf)) != NULL);
	FUZZ_CHECK(strlen(e->name) <= CPIO_NAME_MAX);
	FUZZ_CHECK(fuzz_normalized(e->name));
	FUZZ_CHECK(d >= in && d <= in + size);
	FUZZ_CHECK(e->size <= (size_t)(in + size - d));
	for (i = 0; i < e->size; i++)	/* ASan checks each byte */
		sum |= d[i];
	fuzz_sink = sum;
	FUZZ_CHECK(e->index == r->index && e->archive == r->archive);
	FUZZ_CHECK(!(e->mode & ~(uint32_t)(CPIO_S_IFMT | 07777)));
	switch (type) {
	case CPIO_S_IFREG:
		break;
	case CPIO_S_IFLNK:
		FUZZ_CHECK(e->size >= 1 && e->size <= CPIO_SYMLINK_MAX);
		FUZZ_CHECK(memchr(d, 0, e->size) == NULL);
		break;
	case CPIO_S_IFDIR:
	case CPIO_S_IFCHR:
	case CPIO_S_IFBLK:
	case CPIO_S_IFIFO:
	case CPIO_S_IFSOCK:
		FUZZ_CHECK(e->size == 0);
		break;
	default:
		FUZZ_CHECK(!"an unknown file type was accepted");
	}
	FUZZ_CHECK(e->name[0] || type == CPIO_S_IFDIR);
	return 0;
}

/*
 * Parses in[0..size) to its end, checking every answer. Returns the
 * number of entries, or -1 after FUZZ_FAIL.
 */
static int fuzz_cpio_check(const uint8_t *in, size_t size)
{
	struct cpio_reader r;
	struct cpio_entry e;
	char err[200];
	size_t off = 0;
	int rc, n = 0;

	cpio_reader_init(&r, in, size);
	while ((rc = cpio_next(&r, &e, err, sizeof(err))) == 1) {
		n++;
		if (fuzz_entry(&r, &e, in, size) < 0)
			return -1;
		FUZZ_CHECK(r.off > off && r.off <= size);
		FUZZ_CHECK((size_t)n <= size / CPIO_HEADER_SIZE);
		off = r.off;
	}
	FUZZ_CHECK(rc == 0 || rc == -EINVAL || rc == -ENAMETOOLONG);
	if (rc < 0) {
		FUZZ_CHECK(strncmp(err, "entry ", 6) == 0);
		FUZZ_CHECK(strlen(err) < sizeof(err));
	} else {
		FUZZ_CHECK(err[0] == '\0' && r.off == size);
	}
	FUZZ_CHECK(cpio_next(&r, &e, err, sizeof(err)) == rc);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact copy: ASan sees a read one byte past the input */
	uint8_t *copy = malloc(size ? size : 1);

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	fuzz_cpio_check(copy, size);
	free(copy);
	return 0;
}
