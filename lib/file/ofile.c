// SPDX-License-Identifier: BSD-3-Clause
/*
 * Open file descriptions. They are made and freed at every open() and
 * close(), so freed ones are kept on a short list for the next open
 * (a few instructions instead of the allocator's hundred or so).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <uk/alloc.h>
#include <uk/file.h>

#define CACHE_MAX	32

static struct uk_ofile *cache;	/* linked through ->priv */
static unsigned int cached;

struct uk_ofile *uk_ofile_new(struct uk_file *f, int flags)
{
	struct uk_ofile *of;
	unsigned long irq;

	irq = uk_sched_lock();
	of = cache;
	if (of) {
		cache = of->priv;
		cached--;
	}
	uk_sched_unlock(irq);
	if (!of) {
		of = uk_malloc(sizeof(*of));
		if (!of)
			return NULL;
	}
	of->file = f;
	of->refs = 1;
	/* what open() keeps: the access mode and the status flags */
	of->flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC |
			      O_CLOEXEC);
	of->pos = 0;
	of->priv = NULL;
	of->priv_release = NULL;
	uk_list_init(&of->closers);
	return of;
}

void uk_ofile_closer_add(struct uk_ofile *of, struct uk_ofile_closer *c)
{
	unsigned long irq = uk_sched_lock();

	uk_list_add_tail(&c->node, &of->closers);
	uk_sched_unlock(irq);
}

void uk_ofile_closer_del(struct uk_ofile *of, struct uk_ofile_closer *c)
{
	unsigned long irq = uk_sched_lock();

	uk_list_del(&c->node);
	uk_sched_unlock(irq);
}

bool uk_ofile_closer_registered(struct uk_ofile *of,
				struct uk_ofile_closer *c)
{
	unsigned long irq = uk_sched_lock();
	struct uk_list *n;
	bool found = false;

	uk_list_foreach(n, &of->closers)
		if (n == &c->node) {
			found = true;
			break;
		}
	uk_sched_unlock(irq);
	return found;
}

void uk_ofile_release_(struct uk_ofile *of)
{
	struct uk_ofile_closer *c;
	unsigned long irq;

	/* nobody can add to the list now; each closer takes itself off
	 * (or was taken off meanwhile by its owner) */
	for (;;) {
		irq = uk_sched_lock();
		c = uk_list_empty(&of->closers) ? NULL :
		    uk_list_first(&of->closers, struct uk_ofile_closer, node);
		uk_sched_unlock(irq);
		if (!c)
			break;
		c->fn(c, of);
	}
	if (of->priv_release)
		of->priv_release(of);
	uk_file_put(of->file);
	irq = uk_sched_lock();
	if (cached < CACHE_MAX) {
		of->priv = cache;
		cache = of;
		cached++;
		of = NULL;
	}
	uk_sched_unlock(irq);
	uk_free(of);
}

ssize_t uk_ofile_read(struct uk_ofile *of, const struct iovec *iov,
		      int iovcnt, off_t *pos)
{
	struct uk_file *f = of->file;

	if (!uk_ofile_readable(of) || (of->flags & O_PATH))
		return -EBADF;
	if (!f->ops->read)
		return f->type == S_IFDIR ? -EISDIR : -EINVAL;
	if (f->flags & UK_FILE_STREAM) {
		if (pos)
			return -ESPIPE;
	} else if (!pos) {
		pos = &of->pos;
	}
	return f->ops->read(f, iov, iovcnt, pos, of->flags);
}

ssize_t uk_ofile_write(struct uk_ofile *of, const struct iovec *iov,
		       int iovcnt, off_t *pos)
{
	struct uk_file *f = of->file;
	int flags = of->flags;

	if (!uk_ofile_writable(of) || (of->flags & O_PATH))
		return -EBADF;
	if (!f->ops->write)
		return -EINVAL;
	if (f->flags & UK_FILE_STREAM) {
		if (pos)
			return -ESPIPE;
	} else if (!pos) {
		pos = &of->pos;
	}
	/* with O_APPEND, pwrite() appends too: Linux does (its man page
	 * calls it a bug; programs may rely on it) */
	return f->ops->write(f, iov, iovcnt, pos, flags);
}
