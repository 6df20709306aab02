/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * File objects and open file descriptions: what every file descriptor
 * names, whatever it is (the console, a regular file, a directory, a
 * pipe, an eventfd, later a socket or an epoll set).
 *
 *   fd table (uk/fdtab.h)  ->  struct uk_ofile  ->  struct uk_file
 *   (per fd: CLOEXEC)          (per open(): flags,   (the object: ops,
 *                               position)             events, waiters)
 *
 * dup'd descriptors share one uk_ofile, so they share the position and
 * the status flags; two open()s of one file share its uk_file. Both are
 * reference-counted: a file unlinked while open lives until the last
 * uk_ofile on it is closed.
 *
 * Readiness: a file keeps the events that hold now (UK_EV_IN: a read
 * would not block, UK_EV_OUT: a write would not, UK_EV_HUP, UK_EV_ERR)
 * in `events`. Whoever changes that calls uk_file_raise() or
 * uk_file_lower(); raising wakes the threads blocked in uk_file_wait()
 * on those events and calls the watchers (poll, epoll) that want them.
 * A raise is also an occurrence: raising UK_EV_IN again when more data
 * arrives notifies again (what edge-triggered epoll needs).
 */
#ifndef UK_FILE_H
#define UK_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/sched.h>

/* Event bits: the values of EPOLLIN etc. (and POLLIN etc.) */
#define UK_EV_IN	0x001
#define UK_EV_PRI	0x002
#define UK_EV_OUT	0x004
#define UK_EV_ERR	0x008
#define UK_EV_HUP	0x010
#define UK_EV_RDNORM	0x040
#define UK_EV_RDBAND	0x080
#define UK_EV_WRNORM	0x100
#define UK_EV_WRBAND	0x200
#define UK_EV_MSG	0x400
#define UK_EV_RDHUP	0x2000
/* always reported, whether asked for or not */
#define UK_EV_ALWAYS	(UK_EV_ERR | UK_EV_HUP)

/* The kernel's struct statx, which stat() and fstat() are made from. */
struct uk_statx_time {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct uk_statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct uk_statx_time stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor;
	uint32_t stx_dev_major, stx_dev_minor;
	uint64_t spare2[14];
};

#define UK_STATX_BASIC_STATS	0x7ffU
#define UK_STATX_BTIME		0x800U

struct uk_file;
struct uk_ofile;

/*
 * What a kind of file does. Every operation is optional (NULL gives the
 * error Linux gives for a file that cannot do it). Offsets: *pos is the
 * position to read or write at and is advanced by what was done; for a
 * stream (UK_FILE_STREAM) pos is NULL. flags are the open file's status
 * flags (O_NONBLOCK, O_APPEND, ...). Results: bytes done, or -errno; a
 * transfer that did some bytes before an error returns the bytes.
 */
struct uk_file_ops {
	ssize_t (*read)(struct uk_file *f, const struct iovec *iov, int iovcnt,
			off_t *pos, int flags);
	ssize_t (*write)(struct uk_file *f, const struct iovec *iov,
			 int iovcnt, off_t *pos, int flags);
	/* -ENOTTY for a cmd it does not know; arg is checked by the op.
	 * fcntl()s that concern one kind of file come here as
	 * UK_FCNTL_IOCTL(cmd) (F_GETPIPE_SZ, F_SETPIPE_SZ). */
	int (*ioctl)(struct uk_file *f, struct uk_ofile *of, unsigned int cmd,
		     void *arg);
	int (*stat)(struct uk_file *f, struct uk_statx *st);
	int (*truncate)(struct uk_file *f, off_t len);
	int (*fallocate)(struct uk_file *f, int mode, off_t off, off_t len);
	int (*sync)(struct uk_file *f, bool data_only);
	/* directories: linux_dirent64 records from *pos (a cookie) */
	ssize_t (*getdents)(struct uk_file *f, void *buf, size_t len,
			    off_t *pos);
	/* the current size, for SEEK_END and SEEK_DATA/HOLE (seekable) */
	off_t (*size)(struct uk_file *f);
	/* the reference count reached 0: free it */
	void (*release)(struct uk_file *f);
	/* a watcher (poll, epoll) is about to wait on it: start whatever
	 * raises its events (called before the watcher is added) */
	void (*watched)(struct uk_file *f);
	/* the events that hold now, for a file whose events field can be
	 * stale (an epoll set's ready list); scheduler locked */
	unsigned int (*poll)(struct uk_file *f);
};

#define UK_FCNTL_IOCTL(cmd)	(0x55460000U | (cmd))

/* uk_file.flags */
#define UK_FILE_STREAM	0x1	/* no position: lseek is ESPIPE */
#define UK_FILE_VNODE	0x2	/* a lib/vfs vnode (the file is its first member) */

struct uk_file {
	const struct uk_file_ops *ops;
	unsigned int refs;
	unsigned int flags;
	unsigned int type;		/* S_IFREG, S_IFDIR, S_IFIFO, ... */
	unsigned int events;		/* UK_EV_* that hold now */
	struct uk_waitq wq;		/* threads in uk_file_wait() */
	struct uk_list watchers;	/* struct uk_file_watch */
};

/*
 * A watcher: fn(w, ev) runs with the scheduler locked (maybe in an
 * interrupt handler) whenever events in w->mask | UK_EV_ALWAYS are
 * raised; ev are the events raised. It must not block, and returns
 * whether it woke someone. Of the watchers marked exclusive
 * (EPOLLEXCLUSIVE), a raise stops at the first that woke someone.
 */
struct uk_file_watch {
	struct uk_list node;
	unsigned int mask;
	bool exclusive;
	bool (*fn)(struct uk_file_watch *w, unsigned int ev);
};

void uk_file_init(struct uk_file *f, const struct uk_file_ops *ops,
		  unsigned int type, unsigned int flags, unsigned int events);

static inline struct uk_file *uk_file_get(struct uk_file *f)
{
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
	return f;
}

static inline void uk_file_put(struct uk_file *f)
{
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) == 0 &&
	    f->ops->release)
		f->ops->release(f);
}

/* Sets ev in f->events and notifies waiters and watchers of them. */
void uk_file_raise(struct uk_file *f, unsigned int ev);
/* Clears ev (nobody is told: nothing waits for a readiness to end). */
void uk_file_lower(struct uk_file *f, unsigned int ev);

static inline unsigned int uk_file_events(struct uk_file *f)
{
	if (f->ops->poll)
		return f->ops->poll(f);
	return __atomic_load_n(&f->events, __ATOMIC_RELAXED);
}

/* Watchers; both take the scheduler lock themselves. */
void uk_file_watch(struct uk_file *f, struct uk_file_watch *w);
void uk_file_unwatch(struct uk_file *f, struct uk_file_watch *w);

/*
 * Blocks until f has one of ev (or UK_EV_ALWAYS): 0, -EINTR, or
 * -ETIMEDOUT at deadline_ns (UK_WAIT_FOREVER: none). The caller checked
 * its own state first; the events are checked again under the lock, so
 * a raise between the check and the sleep is not lost.
 */
int uk_file_wait(struct uk_file *f, unsigned int ev, uint64_t deadline_ns);

/* --- open file descriptions ----------------------------------------------- */

struct uk_ofile {
	struct uk_file *file;
	unsigned int refs;
	int flags;		/* O_ACCMODE | status flags (O_APPEND ...) */
	off_t pos;
	void *priv;		/* the opener's (lib/vfs: the path's mount) */
	void (*priv_release)(struct uk_ofile *of);
	struct uk_list closers;	/* struct uk_ofile_closer */
};

/*
 * Told when an open file description goes (its last descriptor closed):
 * epoll drops the fd from its sets then, as Linux does. fn runs in the
 * closing thread, unlocked; it must uk_ofile_closer_del() itself.
 */
struct uk_ofile_closer {
	struct uk_list node;
	void (*fn)(struct uk_ofile_closer *c, struct uk_ofile *of);
};

/* They take the scheduler lock themselves. */
void uk_ofile_closer_add(struct uk_ofile *of, struct uk_ofile_closer *c);
void uk_ofile_closer_del(struct uk_ofile *of, struct uk_ofile_closer *c);
/* Whether c is (still) on of's list: it compares, never reads c. */
bool uk_ofile_closer_registered(struct uk_ofile *of,
				struct uk_ofile_closer *c);

/*
 * A new open file description on f with the open() flags given (it
 * takes over the caller's reference to f); NULL if out of memory (the
 * caller still owns its reference then).
 */
struct uk_ofile *uk_ofile_new(struct uk_file *f, int flags);

static inline struct uk_ofile *uk_ofile_get(struct uk_ofile *of)
{
	__atomic_add_fetch(&of->refs, 1, __ATOMIC_RELAXED);
	return of;
}

void uk_ofile_release_(struct uk_ofile *of);

static inline void uk_ofile_put(struct uk_ofile *of)
{
	if (__atomic_sub_fetch(&of->refs, 1, __ATOMIC_ACQ_REL) == 0)
		uk_ofile_release_(of);
}

static inline bool uk_ofile_readable(const struct uk_ofile *of)
{
	return (of->flags & 3) == 0 || (of->flags & 3) == 2;
}

static inline bool uk_ofile_writable(const struct uk_ofile *of)
{
	return (of->flags & 3) == 1 || (of->flags & 3) == 2;
}

/*
 * Kernel-side I/O on an open file, as the syscalls do it (checks of
 * access mode included; buffers are kernel memory). pos NULL: at the
 * file position (which it advances), else at *pos (which it advances).
 */
ssize_t uk_ofile_read(struct uk_ofile *of, const struct iovec *iov,
		      int iovcnt, off_t *pos);
ssize_t uk_ofile_write(struct uk_ofile *of, const struct iovec *iov,
		       int iovcnt, off_t *pos);

off_t uk_ofile_seek(struct uk_ofile *of, off_t off, int whence);

/* --- iovecs ------------------------------------------------------------------ */

/* Linux's cap on one transfer */
#define UK_MAX_RW	0x7ffff000UL
#define UK_IOV_ONSTACK	8

/*
 * Copies cnt iovecs from the app into *kiov (the caller's array of
 * UK_IOV_ONSTACK, replaced by an allocated one when cnt is larger: free
 * it with uk_iov_free) and checks each buffer (for_read: writable); the
 * lengths are capped to add up to at most UK_MAX_RW, *total. Returns 0,
 * -EINVAL, -EFAULT or -ENOMEM.
 */
int uk_iov_import(const struct iovec *uiov, int cnt, bool for_read,
		  struct iovec **kiov, size_t *total);
void uk_iov_free(struct iovec *kiov, struct iovec *onstack);

/* The bytes of an iovec array (its lengths already checked). */
size_t uk_iov_len(const struct iovec *iov, int cnt);

/*
 * A position in an iovec array, for copying in pieces: copy_to writes
 * len bytes from src into the iovecs at the cursor, copy_from reads them;
 * both return the bytes copied (less when the iovecs end) and advance.
 */
struct uk_iov_iter {
	const struct iovec *iov;
	int cnt;
	size_t off;		/* into iov[0] */
};

static inline void uk_iov_iter_init(struct uk_iov_iter *it,
				    const struct iovec *iov, int cnt)
{
	it->iov = iov;
	it->cnt = cnt;
	it->off = 0;
}

size_t uk_iov_copy_to(struct uk_iov_iter *it, const void *src, size_t len);
size_t uk_iov_copy_from(struct uk_iov_iter *it, void *dst, size_t len);
/* Skips len bytes (zeros them with copy_to's semantics if zero). */
size_t uk_iov_zero(struct uk_iov_iter *it, size_t len);
size_t uk_iov_left(const struct uk_iov_iter *it);

/* Fills a uk_statx with what every file has, for stat ops to start from. */
void uk_statx_init(struct uk_statx *st, unsigned int mode, uint64_t ino);

/* The file's stat op, or a minimal record for one without. */
int uk_file_stat(struct uk_file *f, struct uk_statx *st);

struct stat;
void uk_statx_to_stat(const struct uk_statx *x, struct stat *st);

/* A fresh inode number for files not in a file system (pipes...). */
uint64_t uk_file_anon_ino(void);

#endif /* UK_FILE_H */
