// SPDX-License-Identifier: BSD-3-Clause
/*
 * sendfile and copy_file_range: a read from one file and a write to
 * another in kernel chunks, without the app's buffer. The input must have
 * a position (a regular file, as Linux has long required); the output may
 * be anything writable. Only what the output accepted counts as sent: the
 * input position (or *offset) advances by that, so a non-blocking socket
 * that takes part of a chunk loses nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/user.h>

#define ONSTACK_CHUNK	1024
#define CHUNK		(64 * 1024)

/*
 * Moves up to count bytes from in at *inpos to out (at *outpos, or its
 * position if NULL). Returns the bytes moved or the first error.
 */
static ssize_t transfer(struct uk_ofile *in, off_t *inpos,
			struct uk_ofile *out, off_t *outpos, size_t count)
{
	char small[ONSTACK_CHUNK], *buf = small;
	size_t bufsz = sizeof(small), done = 0;
	struct iovec iov;
	ssize_t got, put;
	off_t rpos;

	count = MIN(count, (size_t)UK_MAX_RW);
	if (count > sizeof(small)) {
		bufsz = MIN(count, (size_t)CHUNK);
		buf = uk_malloc(bufsz);
		if (!buf) {
			buf = small;
			bufsz = sizeof(small);
		}
	}
	while (done < count) {
		rpos = *inpos;
		iov.iov_base = buf;
		iov.iov_len = MIN(bufsz, count - done);
		got = uk_ofile_read(in, &iov, 1, &rpos);
		if (got <= 0) {
			if (!done)
				done = got;
			break;
		}
		iov.iov_len = got;
		put = uk_ofile_write(out, &iov, 1, outpos);
		if (put <= 0) {
			if (!done)
				done = put;
			break;
		}
		*inpos += put;
		done += put;
		if (put < got)
			break;		/* the output is full for now */
	}
	if (buf != small)
		uk_free(buf);
	return done;
}

static bool seekable(const struct uk_ofile *of)
{
	return !(of->file->flags & UK_FILE_STREAM) &&
	       of->file->type == S_IFREG;
}

UK_SYSCALL_DEFINE(ssize_t, sendfile, int, out_fd, int, in_fd, off_t *, offset,
		  size_t, count)
{
	struct uk_ofile *in = NULL, *out = NULL;
	off_t pos;
	ssize_t rc;

	if (offset && !uk_user_ok(offset, sizeof(*offset), true))
		return -EFAULT;
	in = uk_fd_get(in_fd);
	out = uk_fd_get(out_fd);
	rc = -EBADF;
	if (!in || !out || !uk_ofile_readable(in) ||
	    !uk_ofile_writable(out) || ((in->flags | out->flags) & O_PATH))
		goto out;
	rc = -EINVAL;
	if (!seekable(in) || (out->flags & O_APPEND))
		goto out;
	pos = offset ? *offset : in->pos;
	if (pos < 0)
		goto out;
	rc = transfer(in, &pos, out, NULL, count);
	if (offset)
		*offset = pos;
	else
		in->pos = pos;
out:
	if (in)
		uk_ofile_put(in);
	if (out)
		uk_ofile_put(out);
	return rc;
}

UK_SYSCALL_DEFINE(ssize_t, copy_file_range, int, fd_in, off_t *, off_in,
		  int, fd_out, off_t *, off_out, size_t, len,
		  unsigned int, flags)
{
	struct uk_ofile *in = NULL, *out = NULL;
	off_t ipos, opos;
	ssize_t rc;

	if (flags)
		return -EINVAL;
	if ((off_in && !uk_user_ok(off_in, sizeof(*off_in), true)) ||
	    (off_out && !uk_user_ok(off_out, sizeof(*off_out), true)))
		return -EFAULT;
	in = uk_fd_get(fd_in);
	out = uk_fd_get(fd_out);
	rc = -EBADF;
	if (!in || !out || !uk_ofile_readable(in) ||
	    !uk_ofile_writable(out) || (out->flags & O_APPEND) ||
	    ((in->flags | out->flags) & O_PATH))
		goto out;
	rc = -EINVAL;
	if (in->file->type == S_IFDIR || out->file->type == S_IFDIR) {
		rc = -EISDIR;
		goto out;
	}
	if (!seekable(in) || !seekable(out))
		goto out;
	ipos = off_in ? *off_in : in->pos;
	opos = off_out ? *off_out : out->pos;
	if (ipos < 0 || opos < 0)
		goto out;
	/* overlapping ranges of one file are refused, as by Linux */
	if (in->file == out->file && ipos < opos + (off_t)len &&
	    opos < ipos + (off_t)len)
		goto out;
	rc = transfer(in, &ipos, out, &opos, len);
	if (off_in)
		*off_in = ipos;
	else
		in->pos = ipos;
	if (off_out)
		*off_out = opos;
	else
		out->pos = opos;
out:
	if (in)
		uk_ofile_put(in);
	if (out)
		uk_ofile_put(out);
	return rc;
}
