// SPDX-License-Identifier: BSD-3-Clause
/*
 * read, write and their vector and positioned forms, lseek. Buffers are
 * checked before a byte moves (EFAULT); an iovec array is copied in first
 * so that the app cannot change it under the transfer. One transfer is
 * capped at Linux's 0x7ffff000 bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/user.h>

#define ONSTACK_IOV	UK_IOV_ONSTACK

int uk_iov_import(const struct iovec *uiov, int cnt, bool for_read,
		  struct iovec **kiov, size_t *total)
{
	struct iovec *v = *kiov;
	size_t sum = 0, len;
	int i;

	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	if (!uk_user_ok(uiov, cnt * sizeof(*uiov), false))
		return -EFAULT;
	if (cnt > ONSTACK_IOV) {
		v = uk_malloc(cnt * sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	for (i = 0; i < cnt; i++) {
		v[i] = uiov[i];
		if ((ssize_t)v[i].iov_len < 0)
			goto inval;
		len = MIN(v[i].iov_len, UK_MAX_RW - sum);
		v[i].iov_len = len;
		if (!uk_user_ok(v[i].iov_base, len, for_read))
			goto fault;
		sum += len;
	}
	*kiov = v;
	*total = sum;
	return 0;
inval:
	if (v != *kiov)
		uk_free(v);
	return -EINVAL;
fault:
	if (v != *kiov)
		uk_free(v);
	return -EFAULT;
}

void uk_iov_free(struct iovec *kiov, struct iovec *onstack)
{
	if (kiov != onstack)
		uk_free(kiov);
}

static ssize_t do_read(int fd, const struct iovec *iov, int cnt, off_t *pos)
{
	struct uk_ofile *of = uk_fd_get(fd);
	ssize_t rc;

	if (!of)
		return -EBADF;
	rc = uk_ofile_read(of, iov, cnt, pos);
	uk_ofile_put(of);
	return rc;
}

static ssize_t do_write(int fd, const struct iovec *iov, int cnt, off_t *pos)
{
	struct uk_ofile *of = uk_fd_get(fd);
	ssize_t rc;

	if (!of)
		return -EBADF;
	rc = uk_ofile_write(of, iov, cnt, pos);
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(ssize_t, read, int, fd, void *, buf, size_t, len)
{
	struct iovec iov = { buf, MIN(len, UK_MAX_RW) };

	if (!uk_user_ok(buf, iov.iov_len, true))
		return -EFAULT;
	return do_read(fd, &iov, 1, NULL);
}

UK_SYSCALL_DEFINE(ssize_t, write, int, fd, const void *, buf, size_t, len)
{
	struct iovec iov = { (void *)buf, MIN(len, UK_MAX_RW) };

	if (!uk_user_ok(buf, iov.iov_len, false))
		return -EFAULT;
	return do_write(fd, &iov, 1, NULL);
}

UK_SYSCALL_DEFINE(ssize_t, pread64, int, fd, void *, buf, size_t, len,
		  off_t, off)
{
	struct iovec iov = { buf, MIN(len, UK_MAX_RW) };

	if (off < 0)
		return -EINVAL;
	if (!uk_user_ok(buf, iov.iov_len, true))
		return -EFAULT;
	return do_read(fd, &iov, 1, &off);
}

UK_SYSCALL_DEFINE(ssize_t, pwrite64, int, fd, const void *, buf, size_t, len,
		  off_t, off)
{
	struct iovec iov = { (void *)buf, MIN(len, UK_MAX_RW) };

	if (off < 0)
		return -EINVAL;
	if (!uk_user_ok(buf, iov.iov_len, false))
		return -EFAULT;
	return do_write(fd, &iov, 1, &off);
}

static ssize_t vec_rw(int fd, const struct iovec *uiov, int cnt, off_t *pos,
		      bool is_read)
{
	struct iovec onstack[ONSTACK_IOV], *kiov = onstack;
	size_t total;
	ssize_t rc;

	if (pos && *pos < 0)
		return -EINVAL;
	rc = uk_iov_import(uiov, cnt, is_read, &kiov, &total);
	if (rc)
		return rc;
	rc = is_read ? do_read(fd, kiov, cnt, pos)
		     : do_write(fd, kiov, cnt, pos);
	uk_iov_free(kiov, onstack);
	return rc;
}

UK_SYSCALL_DEFINE(ssize_t, readv, int, fd, const struct iovec *, iov,
		  int, cnt)
{
	return vec_rw(fd, iov, cnt, NULL, true);
}

UK_SYSCALL_DEFINE(ssize_t, writev, int, fd, const struct iovec *, iov,
		  int, cnt)
{
	return vec_rw(fd, iov, cnt, NULL, false);
}

/* The offset comes as two longs (low, high): on x86_64 low is all of it. */
UK_SYSCALL_DEFINE(ssize_t, preadv, int, fd, const struct iovec *, iov,
		  int, cnt, off_t, off)
{
	return vec_rw(fd, iov, cnt, &off, true);
}

UK_SYSCALL_DEFINE(ssize_t, pwritev, int, fd, const struct iovec *, iov,
		  int, cnt, off_t, off)
{
	return vec_rw(fd, iov, cnt, &off, false);
}

#ifndef RWF_HIPRI
#define RWF_HIPRI	0x01
#define RWF_DSYNC	0x02
#define RWF_SYNC	0x04
#define RWF_NOWAIT	0x08
#define RWF_APPEND	0x10
#endif

/* preadv2/pwritev2: offset -1 means the file position. */
static ssize_t vec_rw2(int fd, const struct iovec *iov, int cnt, off_t off,
		       int flags, bool is_read)
{
	/* everything is in memory: HIPRI and the syncs have nothing to do */
	if (flags & ~(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT |
		      RWF_APPEND))
		return -EOPNOTSUPP;
	if (flags & (RWF_NOWAIT | RWF_APPEND))
		return -EOPNOTSUPP;
	return vec_rw(fd, iov, cnt, off == -1 ? NULL : &off, is_read);
}

UK_SYSCALL_DEFINE(ssize_t, preadv2, int, fd, const struct iovec *, iov,
		  int, cnt, off_t, off, long, unused, int, flags)
{
	return vec_rw2(fd, iov, cnt, off, flags, true);
}

UK_SYSCALL_DEFINE(ssize_t, pwritev2, int, fd, const struct iovec *, iov,
		  int, cnt, off_t, off, long, unused, int, flags)
{
	return vec_rw2(fd, iov, cnt, off, flags, false);
}

off_t uk_ofile_seek(struct uk_ofile *of, off_t off, int whence)
{
	struct uk_file *f = of->file;
	off_t base, size;

	if (of->flags & O_PATH)
		return -EBADF;
	if (f->flags & UK_FILE_STREAM)
		return -ESPIPE;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = __atomic_load_n(&of->pos, __ATOMIC_RELAXED);
		break;
	case SEEK_END:
	case SEEK_DATA:
	case SEEK_HOLE:
		if (f->type == S_IFDIR || !f->ops->size)
			return -EINVAL;
		size = f->ops->size(f);
		if (whence == SEEK_END) {
			base = size;
			break;
		}
		/* no hole is reported but the one past the end (allowed) */
		if (off < 0 || off >= size)
			return -ENXIO;
		if (whence == SEEK_HOLE)
			off = size;
		base = 0;
		break;
	default:
		return -EINVAL;
	}
	if (off > 0 ? base > LLONG_MAX - off : base + off < 0)
		return -EINVAL;
	__atomic_store_n(&of->pos, base + off, __ATOMIC_RELAXED);
	return base + off;
}

UK_SYSCALL_DEFINE(off_t, lseek, int, fd, off_t, off, int, whence)
{
	struct uk_ofile *of = uk_fd_get(fd);
	off_t rc;

	if (!of)
		return -EBADF;
	rc = uk_ofile_seek(of, off, whence);
	uk_ofile_put(of);
	return rc;
}
