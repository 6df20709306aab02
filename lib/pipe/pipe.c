// SPDX-License-Identifier: BSD-3-Clause
/*
 * Pipes: a ring buffer with two file objects, the read end and the write
 * end. A read or write that must wait sleeps on its end's wait queue
 * (uk_file_wait) until the other side raises the end's events:
 *
 *   read end:  IN  data is there;   HUP  no writer is left (EOF)
 *   write end: OUT PIPE_BUF bytes fit; ERR no reader is left (EPIPE)
 *
 * A write of at most PIPE_BUF bytes goes in whole or waits; a larger one
 * may be interleaved with other writers. The buffer is allocated at the
 * first write, 64 KiB unless F_SETPIPE_SZ says otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/lock.h>
#include <uk/pipe.h>
#include <uk/signal.h>
#include <uk/syscall.h>
#include <uk/user.h>

#define PIPE_DEFAULT_SIZE	(64 * 1024)
#define PIPE_MAX_SIZE		(1024 * 1024)	/* /proc/sys/fs/pipe-max-size */

struct pipe {
	struct uk_file rd, wr;
	struct uk_mutex lock;
	char *buf;
	size_t size;		/* capacity: a power of two */
	size_t head, len;	/* data: [head, head + len) mod size */
	bool has_reader, has_writer;
	uint64_t ino;
};

static const struct uk_file_ops pipe_rd_ops, pipe_wr_ops;

static struct pipe *pipe_of(struct uk_file *f)
{
	return f->ops == &pipe_rd_ops ? container_of(f, struct pipe, rd)
				      : container_of(f, struct pipe, wr);
}

/* After the contents changed: what each end can do now. Locked. */
static void pipe_update(struct pipe *p, bool added, bool removed)
{
	if (!p->len)
		uk_file_lower(&p->rd, UK_EV_IN | UK_EV_RDNORM);
	else if (added)
		uk_file_raise(&p->rd, UK_EV_IN | UK_EV_RDNORM);
	if (p->size - p->len >= PIPE_BUF || !p->buf) {
		if (removed)
			uk_file_raise(&p->wr, UK_EV_OUT | UK_EV_WRNORM);
	} else {
		uk_file_lower(&p->wr, UK_EV_OUT | UK_EV_WRNORM);
	}
}

static ssize_t pipe_read(struct uk_file *f, const struct iovec *iov, int cnt,
			 off_t *pos, int flags)
{
	struct pipe *p = pipe_of(f);
	struct uk_iov_iter it;
	size_t want, done = 0, n;
	int rc;

	uk_iov_iter_init(&it, iov, cnt);
	want = uk_iov_left(&it);
	if (!want)
		return 0;
	uk_mutex_lock(&p->lock);
	while (!p->len) {
		if (!p->has_writer)
			goto out;	/* end of file */
		uk_mutex_unlock(&p->lock);
		if (flags & O_NONBLOCK)
			return -EAGAIN;
		rc = uk_file_wait(&p->rd, UK_EV_IN, UK_WAIT_FOREVER);
		if (rc)
			return -EINTR;
		uk_mutex_lock(&p->lock);
	}
	while (done < want && p->len) {
		n = MIN(p->len, p->size - p->head);
		n = uk_iov_copy_to(&it, p->buf + p->head, MIN(n, want - done));
		p->head = (p->head + n) & (p->size - 1);
		p->len -= n;
		done += n;
	}
	pipe_update(p, false, true);
out:
	uk_mutex_unlock(&p->lock);
	return done;
}

/* Copies what fits of the iovecs into the ring. Locked. */
static size_t ring_put(struct pipe *p, struct uk_iov_iter *it, size_t max)
{
	size_t done = 0, tail, n;

	while (done < max && p->len < p->size) {
		tail = (p->head + p->len) & (p->size - 1);
		n = MIN(p->size - p->len, p->size - tail);
		n = uk_iov_copy_from(it, p->buf + tail, MIN(n, max - done));
		if (!n)
			break;
		p->len += n;
		done += n;
	}
	return done;
}

static ssize_t pipe_write(struct uk_file *f, const struct iovec *iov,
			  int cnt, off_t *pos, int flags)
{
	struct pipe *p = pipe_of(f);
	struct uk_iov_iter it;
	size_t want, done = 0, room;
	ssize_t rc = 0;

	uk_iov_iter_init(&it, iov, cnt);
	want = uk_iov_left(&it);
	if (!want)
		return 0;
	uk_mutex_lock(&p->lock);
	if (!p->buf) {
		p->buf = uk_malloc(p->size);
		if (!p->buf) {
			rc = -ENOMEM;
			goto out;
		}
	}
	while (done < want) {
		if (!p->has_reader) {
			rc = -EPIPE;
			break;
		}
		room = p->size - p->len;
		/* up to PIPE_BUF bytes go in at once or not at all */
		if (room && (want - done > PIPE_BUF || room >= want - done)) {
			done += ring_put(p, &it, want - done);
			pipe_update(p, true, false);
			continue;
		}
		if (flags & O_NONBLOCK) {
			rc = -EAGAIN;
			break;
		}
		uk_mutex_unlock(&p->lock);
		rc = uk_file_wait(&p->wr, UK_EV_OUT, UK_WAIT_FOREVER);
		uk_mutex_lock(&p->lock);
		if (rc) {
			rc = -EINTR;
			break;
		}
	}
out:
	uk_mutex_unlock(&p->lock);
	if (rc == -EPIPE)
		uk_signal_raise(SIGPIPE);
	return done ? (ssize_t)done : rc;
}

static int pipe_ioctl(struct uk_file *f, struct uk_ofile *of,
		      unsigned int cmd, void *arg)
{
	struct pipe *p = pipe_of(f);
	unsigned long want = (unsigned long)arg;
	size_t size;
	int rc = 0;
	char *nbuf;

	switch (cmd) {
	case FIONREAD:
		if (!uk_user_ok(arg, sizeof(int), true))
			return -EFAULT;
		uk_mutex_lock(&p->lock);
		*(int *)arg = p->len;
		uk_mutex_unlock(&p->lock);
		return 0;
	case UK_FCNTL_IOCTL(F_GETPIPE_SZ):
		return p->size;
	case UK_FCNTL_IOCTL(F_SETPIPE_SZ):
		if (want > PIPE_MAX_SIZE)
			return -EPERM;
		for (size = 4096; size < want; size *= 2)
			;
		uk_mutex_lock(&p->lock);
		if (size < p->len) {
			rc = -EBUSY;
		} else if (size != p->size) {
			nbuf = uk_malloc(size);
			if (!nbuf) {
				rc = -ENOMEM;
			} else {
				/* the data, from the start of the new ring */
				size_t first = MIN(p->len, p->size - p->head);

				if (p->buf) {
					memcpy(nbuf, p->buf + p->head, first);
					memcpy(nbuf + first, p->buf,
					       p->len - first);
				}
				uk_free(p->buf);
				p->buf = nbuf;
				p->size = size;
				p->head = 0;
				pipe_update(p, false, true);
			}
		}
		uk_mutex_unlock(&p->lock);
		return rc ? rc : (int)size;
	}
	return -ENOTTY;
}

static int pipe_stat(struct uk_file *f, struct uk_statx *st)
{
	struct pipe *p = pipe_of(f);

	uk_statx_init(st, S_IFIFO | 0600, p->ino);
	st->stx_blksize = 4096;
	st->stx_dev_minor = 12;		/* pipefs */
	return 0;
}

static void pipe_free_if_done(struct pipe *p, bool both_gone)
{
	if (!both_gone)
		return;
	uk_free(p->buf);
	uk_free(p);
}

/* The last descriptor of an end closed: the other end is told. */
static void pipe_rd_release(struct uk_file *f)
{
	struct pipe *p = pipe_of(f);
	bool done;

	uk_mutex_lock(&p->lock);
	p->has_reader = false;
	done = !p->has_writer;
	if (!done)
		uk_file_raise(&p->wr, UK_EV_ERR);
	uk_mutex_unlock(&p->lock);
	pipe_free_if_done(p, done);
}

static void pipe_wr_release(struct uk_file *f)
{
	struct pipe *p = pipe_of(f);
	bool done;

	uk_mutex_lock(&p->lock);
	p->has_writer = false;
	done = !p->has_reader;
	if (!done)
		uk_file_raise(&p->rd, UK_EV_HUP);
	uk_mutex_unlock(&p->lock);
	pipe_free_if_done(p, done);
}

static const struct uk_file_ops pipe_rd_ops = {
	.read = pipe_read,
	.ioctl = pipe_ioctl,
	.stat = pipe_stat,
	.release = pipe_rd_release,
};

static const struct uk_file_ops pipe_wr_ops = {
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.stat = pipe_stat,
	.release = pipe_wr_release,
};

/*
 * A pipe's two ends as files with one reference each, for pipe() and
 * for whoever needs one inside the kernel.
 */
int uk_pipe_new(struct uk_file **rd, struct uk_file **wr)
{
	struct pipe *p = uk_calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	uk_mutex_init(&p->lock, "pipe", false);
	p->size = PIPE_DEFAULT_SIZE;
	p->has_reader = p->has_writer = true;
	p->ino = uk_file_anon_ino();
	uk_file_init(&p->rd, &pipe_rd_ops, S_IFIFO, UK_FILE_STREAM, 0);
	uk_file_init(&p->wr, &pipe_wr_ops, S_IFIFO, UK_FILE_STREAM,
		     UK_EV_OUT | UK_EV_WRNORM);
	*rd = &p->rd;
	*wr = &p->wr;
	return 0;
}

UK_SYSCALL_DEFINE(int, pipe2, int *, fds, int, flags)
{
	struct uk_file *rd, *wr;
	int rfd, wfd, rc;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	if (!uk_user_ok(fds, 2 * sizeof(int), true))
		return -EFAULT;
	rc = uk_pipe_new(&rd, &wr);
	if (rc)
		return rc;
	rfd = uk_fd_open_file(rd, O_RDONLY | flags);
	if (rfd < 0) {
		uk_file_put(wr);
		return rfd;
	}
	wfd = uk_fd_open_file(wr, O_WRONLY | flags);
	if (wfd < 0) {
		uk_fd_close(rfd);
		return wfd;
	}
	fds[0] = rfd;
	fds[1] = wfd;
	return 0;
}

UK_SYSCALL_DEFINE(int, pipe, int *, fds)
{
	return uk_syscall_r_pipe2((long)fds, 0, 0, 0, 0, 0);
}
