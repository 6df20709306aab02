/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The 9P2000.L client (p9.c): one session with a server over a
 * uk_9pdev, a call per message. Every call is one round trip, returns 0
 * or -errno (an Rlerror's errno as the server sent it, -EIO for a reply
 * that does not parse) and may be made by any number of threads at once.
 */
#ifndef P9_H
#define P9_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>
#include <time.h>

#include <uk/9pdev.h>

#define P9_NOFID	(~0U)

/* qid.type */
#define P9_QTDIR	0x80
#define P9_QTSYMLINK	0x02

/* Tgetattr request mask: the basic fields */
#define P9_GETATTR_BASIC	0x7ffULL

/* Tsetattr valid bits */
#define P9_SETATTR_MODE		0x001
#define P9_SETATTR_UID		0x002
#define P9_SETATTR_GID		0x004
#define P9_SETATTR_SIZE		0x008
#define P9_SETATTR_ATIME	0x010
#define P9_SETATTR_MTIME	0x020
#define P9_SETATTR_CTIME	0x040
#define P9_SETATTR_ATIME_SET	0x080
#define P9_SETATTR_MTIME_SET	0x100

/* Tunlinkat flags */
#define P9_AT_REMOVEDIR		0x200

/* The header of a message: size[4] type[1] tag[2] */
#define P9_HDR		7
/* Rread's and Rwrite's header: + count[4] (Rlerror's size too) */
#define P9_IOHDR	11
/* Twrite's header: fid[4] offset[8] count[4] after the header */
#define P9_TWRITE_HDR	23
/* what a read or write may carry: msize less the larger header, as QEMU
 * counts it (P9_IOHDRSZ) */
#define P9_IO_OVERHEAD	24

struct p9_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

struct p9_attr {
	uint64_t valid;
	struct p9_qid qid;
	uint32_t mode, uid, gid;
	uint64_t nlink, rdev, size, blksize, blocks;
	struct timespec atime, mtime, ctime, btime;
};

struct p9_setattr {
	uint32_t valid;
	uint32_t mode, uid, gid;
	uint64_t size;
	struct timespec atime, mtime;
};

struct p9_statfs {
	uint32_t type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree, fsid;
	uint32_t namelen;
};

struct p9 {
	struct uk_9pdev *dev;
	uint32_t msize;
	uint32_t next_fid;
	uint16_t next_tag;
};

/* Tversion (msize asked for) and Tattach of aname as fid root. */
int p9_connect(struct p9 *c, struct uk_9pdev *dev, uint32_t msize,
	       const char *aname, uint32_t root, struct p9_qid *qid);
/* A fid number not in use (they are never reused: 2^32 of them). */
uint32_t p9_fid_new(struct p9 *c);
/* The most data one read or write carries. */
static inline size_t p9_io_max(const struct p9 *c)
{
	return c->msize - P9_IO_OVERHEAD;
}

/* Twalk of one name (len 0: a clone of fid) to newfid. */
int p9_walk(struct p9 *c, uint32_t fid, uint32_t newfid, const char *name,
	    size_t len, struct p9_qid *qid);
int p9_clunk(struct p9 *c, uint32_t fid);
int p9_getattr(struct p9 *c, uint32_t fid, struct p9_attr *a);
int p9_setattr(struct p9 *c, uint32_t fid, const struct p9_setattr *sa);
int p9_lopen(struct p9 *c, uint32_t fid, uint32_t flags, struct p9_qid *qid);
/* Tlcreate: fid (a directory's clone) becomes the new file, open. */
int p9_lcreate(struct p9 *c, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode, struct p9_qid *qid);
int p9_mkdir(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode, struct p9_qid *qid);
int p9_mknod(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode, uint32_t major, uint32_t minor,
	     struct p9_qid *qid);
int p9_symlink(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	       const char *target, struct p9_qid *qid);
/* The target, NUL-terminated, in memory of uk_malloc (*out). */
int p9_readlink(struct p9 *c, uint32_t fid, char **out);
int p9_link(struct p9 *c, uint32_t dfid, uint32_t fid, const char *name,
	    size_t len);
int p9_unlinkat(struct p9 *c, uint32_t dfid, const char *name, size_t len,
		uint32_t flags);
int p9_renameat(struct p9 *c, uint32_t odfid, const char *oname,
		size_t olen, uint32_t ndfid, const char *nname, size_t nlen);
int p9_fsync(struct p9 *c, uint32_t fid, int datasync);
int p9_statfs(struct p9 *c, uint32_t fid, struct p9_statfs *st);
/*
 * Tread into iov (at most p9_io_max bytes in all, the device's segments
 * less two): *done is what the server read, straight into the buffers.
 */
int p9_read(struct p9 *c, uint32_t fid, uint64_t off, const struct iovec *iov,
	    int cnt, size_t *done);
/* Twrite from iov (the same limits); *done: what the server wrote. */
int p9_write(struct p9 *c, uint32_t fid, uint64_t off,
	     const struct iovec *iov, int cnt, size_t *done);
/* Treaddir: up to count bytes of entries into buf, *got of them. */
int p9_readdir(struct p9 *c, uint32_t fid, uint64_t off, void *buf,
	       uint32_t count, uint32_t *got);

/*
 * One entry of an Rreaddir's data (buf, len): qid[13] offset[8] type[1]
 * name[s]. Returns the bytes it took, 0 at the end, -EIO if malformed.
 */
struct p9_dirent {
	struct p9_qid qid;
	uint64_t off;
	uint8_t type;
	const char *name;
	size_t len;
};
int p9_dirent_parse(const void *buf, size_t len, struct p9_dirent *de);

#endif /* P9_H */
