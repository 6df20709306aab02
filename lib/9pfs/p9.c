// SPDX-License-Identifier: BSD-3-Clause
/*
 * The 9P2000.L client: messages built in a buffer on the caller's stack
 * (file data and directory entries go in their own segments), sent
 * through the session's uk_9pdev, replies checked (size, type, tag) and
 * parsed. Integers are little-endian, strings a 16-bit length and bytes.
 */
#include <errno.h>
#include <string.h>

#include <uk/alloc.h>
#include <uk/essentials.h>

#include "p9.h"

enum {
	RLERROR = 7,
	TSTATFS = 8,
	TLOPEN = 12,
	TLCREATE = 14,
	TSYMLINK = 16,
	TMKNOD = 18,
	TREADLINK = 22,
	TGETATTR = 24,
	TSETATTR = 26,
	TREADDIR = 40,
	TFSYNC = 50,
	TLINK = 70,
	TMKDIR = 72,
	TRENAMEAT = 74,
	TUNLINKAT = 76,
	TVERSION = 100,
	TATTACH = 104,
	TWALK = 110,
	TREAD = 116,
	TWRITE = 118,
	TCLUNK = 120,
};

#define NOTAG		0xffff
#define SEGS		8	/* ours; the data's are the caller's */
#define QID_LEN		13
#define STR_MAX		4096	/* a symlink target, with room */

/* --- encoding ---------------------------------------------------------------- */

struct tx {
	uint8_t *p;
	size_t cap, len;
	uint8_t type;
	bool bad;
};

static void put(struct tx *t, const void *v, size_t n)
{
	if (t->len + n > t->cap) {
		t->bad = true;
		return;
	}
	memcpy(t->p + t->len, v, n);
	t->len += n;
}

static void put16(struct tx *t, uint16_t v)
{
	put(t, &v, 2);
}

static void put32(struct tx *t, uint32_t v)
{
	put(t, &v, 4);
}

static void put64(struct tx *t, uint64_t v)
{
	put(t, &v, 8);
}

static void putstr(struct tx *t, const char *s, size_t n)
{
	if (n > UINT16_MAX) {
		t->bad = true;
		return;
	}
	put16(t, n);
	put(t, s, n);
}

/* Starts a message of type in buf (the header filled in at send). */
static void begin(struct tx *t, void *buf, size_t cap, uint8_t type)
{
	t->p = buf;
	t->cap = cap;
	t->len = P9_HDR;
	t->type = type;
	t->bad = false;
}

/* --- decoding ---------------------------------------------------------------- */

struct rx {
	const uint8_t *p;
	size_t len, pos;
	bool bad;
};

static void get(struct rx *r, void *v, size_t n)
{
	if (r->pos + n > r->len) {
		r->bad = true;
		memset(v, 0, n);
		return;
	}
	memcpy(v, r->p + r->pos, n);
	r->pos += n;
}

static uint8_t get8(struct rx *r)
{
	uint8_t v;

	get(r, &v, 1);
	return v;
}

static uint16_t get16(struct rx *r)
{
	uint16_t v;

	get(r, &v, 2);
	return v;
}

static uint32_t get32(struct rx *r)
{
	uint32_t v;

	get(r, &v, 4);
	return v;
}

static uint64_t get64(struct rx *r)
{
	uint64_t v;

	get(r, &v, 8);
	return v;
}

/* A string: a pointer into the message, not terminated. */
static const char *getstr(struct rx *r, size_t *n)
{
	const char *s;

	*n = get16(r);
	if (r->bad || r->pos + *n > r->len) {
		r->bad = true;
		*n = 0;
		return "";
	}
	s = (const char *)r->p + r->pos;
	r->pos += *n;
	return s;
}

static void getqid(struct rx *r, struct p9_qid *q)
{
	q->type = get8(r);
	q->version = get32(r);
	q->path = get64(r);
}

static void gettime(struct rx *r, struct timespec *ts)
{
	ts->tv_sec = get64(r);
	ts->tv_nsec = get64(r);
}

/* --- the round trip ------------------------------------------------------------ */

static size_t iov_bytes(const struct iovec *iov, int cnt)
{
	size_t n = 0;
	int i;

	for (i = 0; i < cnt; i++)
		n += iov[i].iov_len;
	return n;
}

static uint16_t tag_new(struct p9 *c)
{
	uint16_t t;

	do
		t = __atomic_fetch_add(&c->next_tag, 1, __ATOMIC_RELAXED);
	while (t == NOTAG);
	return t;
}

/*
 * Sends t (and tdata after it), the reply going into rbuf (rcap bytes)
 * and then rdata; on success *r is the reply, its fields from after the
 * header. The server's errors come back as -errno.
 */
static int rpc(struct p9 *c, struct tx *t, const struct iovec *tdata,
	       int ntd, void *rbuf, size_t rcap, const struct iovec *rdata,
	       int nrd, struct rx *r)
{
	struct iovec out[SEGS + 1], in[SEGS + 1];
	uint8_t *rp = rbuf;
	uint32_t size, rlen, ecode;
	uint16_t tag, rtag;
	uint8_t rtype;
	int rc;

	if (t->bad || ntd > SEGS || nrd > SEGS)
		return -ENAMETOOLONG;	/* a name or target too long */
	if (ntd + nrd + 2 > (int)c->dev->segs_max)
		return -EINVAL;
	size = t->len + iov_bytes(tdata, ntd);
	if (size > c->msize && t->type != TVERSION)
		return -EINVAL;
	tag = t->type == TVERSION ? NOTAG : tag_new(c);
	memcpy(t->p, &size, 4);
	t->p[4] = t->type;
	memcpy(t->p + 5, &tag, 2);
	out[0].iov_base = t->p;
	out[0].iov_len = t->len;
	memcpy(out + 1, tdata, ntd * sizeof(*tdata));
	in[0].iov_base = rbuf;
	in[0].iov_len = rcap;
	memcpy(in + 1, rdata, nrd * sizeof(*rdata));
	rc = c->dev->ops->request(c->dev, out, ntd + 1, in, nrd + 1, &rlen);
	if (rc)
		return rc;
	if (rlen < P9_HDR)
		return -EIO;
	memcpy(&size, rp, 4);
	rtype = rp[4];
	memcpy(&rtag, rp + 5, 2);
	if (size < P9_HDR || size > rlen || rtag != tag)
		return -EIO;
	if (rtype == RLERROR) {
		if (size < P9_IOHDR || rcap < P9_IOHDR)
			return -EIO;
		memcpy(&ecode, rp + P9_HDR, 4);
		return ecode > 0 && ecode < 4096 ? -(int)ecode : -EIO;
	}
	if (rtype != t->type + 1)
		return -EIO;
	r->p = rp;
	r->len = MIN((size_t)size, rcap);
	r->pos = P9_HDR;
	r->bad = false;
	return 0;
}

/* A call whose reply fits in rcap bytes and carries no data. */
#define SMALL		600

static int rpc_small(struct p9 *c, struct tx *t, void *rbuf, size_t rcap,
		     struct rx *r)
{
	return rpc(c, t, NULL, 0, rbuf, rcap, NULL, 0, r);
}

/* A call answered by an empty R-message. */
static int rpc_void(struct p9 *c, struct tx *t)
{
	uint8_t rbuf[P9_IOHDR];
	struct rx r;

	return rpc_small(c, t, rbuf, sizeof(rbuf), &r);
}

/* A call answered by qid[13]. */
static int rpc_qid(struct p9 *c, struct tx *t, struct p9_qid *qid)
{
	uint8_t rbuf[P9_HDR + QID_LEN + 4];
	struct rx r;
	int rc;

	rc = rpc_small(c, t, rbuf, sizeof(rbuf), &r);
	if (rc)
		return rc;
	getqid(&r, qid);
	return r.bad ? -EIO : 0;
}

/* --- the messages -------------------------------------------------------------- */

uint32_t p9_fid_new(struct p9 *c)
{
	uint32_t f;

	do
		f = __atomic_fetch_add(&c->next_fid, 1, __ATOMIC_RELAXED);
	while (f == P9_NOFID);
	return f;
}

int p9_connect(struct p9 *c, struct uk_9pdev *dev, uint32_t msize,
	       const char *aname, uint32_t root, struct p9_qid *qid)
{
	static const char version[] = "9P2000.L";
	uint8_t tbuf[SMALL], rbuf[64];
	const char *v;
	struct tx t;
	struct rx r;
	size_t n;
	int rc;

	c->dev = dev;
	c->msize = msize;
	c->next_tag = 0;
	c->next_fid = root + 1;
	begin(&t, tbuf, sizeof(tbuf), TVERSION);
	put32(&t, msize);
	putstr(&t, version, sizeof(version) - 1);
	rc = rpc_small(c, &t, rbuf, sizeof(rbuf), &r);
	if (rc)
		return rc;
	msize = get32(&r);
	v = getstr(&r, &n);
	if (r.bad)
		return -EIO;
	if (n != sizeof(version) - 1 || memcmp(v, version, n))
		return -EPROTONOSUPPORT;	/* the server has no 9P2000.L */
	if (msize < 4096 || msize > c->msize)
		return -EPROTO;
	c->msize = msize;
	begin(&t, tbuf, sizeof(tbuf), TATTACH);
	put32(&t, root);
	put32(&t, P9_NOFID);		/* no authentication */
	putstr(&t, "root", 4);
	putstr(&t, aname, strlen(aname));
	put32(&t, 0);			/* n_uname: uid 0 */
	return rpc_qid(c, &t, qid);
}

int p9_walk(struct p9 *c, uint32_t fid, uint32_t newfid, const char *name,
	    size_t len, struct p9_qid *qid)
{
	uint8_t tbuf[SMALL], rbuf[P9_HDR + 2 + QID_LEN];
	struct tx t;
	struct rx r;
	uint16_t n;
	int rc;

	begin(&t, tbuf, sizeof(tbuf), TWALK);
	put32(&t, fid);
	put32(&t, newfid);
	put16(&t, len ? 1 : 0);
	if (len)
		putstr(&t, name, len);
	rc = rpc_small(c, &t, rbuf, sizeof(rbuf), &r);
	if (rc)
		return rc;
	n = get16(&r);
	if (len && n != 1)
		return r.bad ? -EIO : -ENOENT;	/* newfid was not made */
	if (len)
		getqid(&r, qid);
	return r.bad ? -EIO : 0;
}

int p9_clunk(struct p9 *c, uint32_t fid)
{
	uint8_t tbuf[P9_HDR + 4];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TCLUNK);
	put32(&t, fid);
	return rpc_void(c, &t);
}

int p9_getattr(struct p9 *c, uint32_t fid, struct p9_attr *a)
{
	uint8_t tbuf[P9_HDR + 12], rbuf[P9_HDR + 160];
	struct tx t;
	struct rx r;
	int rc;

	begin(&t, tbuf, sizeof(tbuf), TGETATTR);
	put32(&t, fid);
	put64(&t, P9_GETATTR_BASIC);
	rc = rpc_small(c, &t, rbuf, sizeof(rbuf), &r);
	if (rc)
		return rc;
	a->valid = get64(&r);
	getqid(&r, &a->qid);
	a->mode = get32(&r);
	a->uid = get32(&r);
	a->gid = get32(&r);
	a->nlink = get64(&r);
	a->rdev = get64(&r);
	a->size = get64(&r);
	a->blksize = get64(&r);
	a->blocks = get64(&r);
	gettime(&r, &a->atime);
	gettime(&r, &a->mtime);
	gettime(&r, &a->ctime);
	gettime(&r, &a->btime);
	return r.bad ? -EIO : 0;
}

int p9_setattr(struct p9 *c, uint32_t fid, const struct p9_setattr *sa)
{
	uint8_t tbuf[P9_HDR + 60];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TSETATTR);
	put32(&t, fid);
	put32(&t, sa->valid);
	put32(&t, sa->mode);
	put32(&t, sa->uid);
	put32(&t, sa->gid);
	put64(&t, sa->size);
	put64(&t, sa->atime.tv_sec);
	put64(&t, sa->atime.tv_nsec);
	put64(&t, sa->mtime.tv_sec);
	put64(&t, sa->mtime.tv_nsec);
	return rpc_void(c, &t);
}

int p9_lopen(struct p9 *c, uint32_t fid, uint32_t flags, struct p9_qid *qid)
{
	uint8_t tbuf[P9_HDR + 8];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TLOPEN);
	put32(&t, fid);
	put32(&t, flags);
	return rpc_qid(c, &t, qid);	/* iounit[4] follows, unused */
}

int p9_lcreate(struct p9 *c, uint32_t fid, const char *name, size_t len,
	       uint32_t flags, uint32_t mode, struct p9_qid *qid)
{
	uint8_t tbuf[SMALL];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TLCREATE);
	put32(&t, fid);
	putstr(&t, name, len);
	put32(&t, flags);
	put32(&t, mode);
	put32(&t, 0);			/* gid */
	return rpc_qid(c, &t, qid);
}

int p9_mkdir(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode, struct p9_qid *qid)
{
	uint8_t tbuf[SMALL];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TMKDIR);
	put32(&t, dfid);
	putstr(&t, name, len);
	put32(&t, mode);
	put32(&t, 0);
	return rpc_qid(c, &t, qid);
}

int p9_mknod(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	     uint32_t mode, uint32_t major, uint32_t minor,
	     struct p9_qid *qid)
{
	uint8_t tbuf[SMALL];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TMKNOD);
	put32(&t, dfid);
	putstr(&t, name, len);
	put32(&t, mode);
	put32(&t, major);
	put32(&t, minor);
	put32(&t, 0);
	return rpc_qid(c, &t, qid);
}

int p9_symlink(struct p9 *c, uint32_t dfid, const char *name, size_t len,
	       const char *target, struct p9_qid *qid)
{
	size_t tlen = strlen(target), cap = P9_HDR + 16 + len + tlen;
	struct tx t;
	uint8_t *tbuf;
	int rc;

	if (tlen >= STR_MAX)
		return -ENAMETOOLONG;
	tbuf = uk_malloc(cap);
	if (!tbuf)
		return -ENOMEM;
	begin(&t, tbuf, cap, TSYMLINK);
	put32(&t, dfid);
	putstr(&t, name, len);
	putstr(&t, target, tlen);
	put32(&t, 0);
	rc = rpc_qid(c, &t, qid);
	uk_free(tbuf);
	return rc;
}

int p9_readlink(struct p9 *c, uint32_t fid, char **out)
{
	uint8_t tbuf[P9_HDR + 4], *rbuf;
	const char *s;
	struct tx t;
	struct rx r;
	size_t n;
	int rc;

	rbuf = uk_malloc(P9_HDR + 2 + STR_MAX);
	if (!rbuf)
		return -ENOMEM;
	begin(&t, tbuf, sizeof(tbuf), TREADLINK);
	put32(&t, fid);
	rc = rpc_small(c, &t, rbuf, P9_HDR + 2 + STR_MAX, &r);
	if (!rc) {
		s = getstr(&r, &n);
		*out = r.bad ? NULL : uk_malloc(n + 1);
		if (r.bad)
			rc = -EIO;
		else if (!*out)
			rc = -ENOMEM;
		else {
			memcpy(*out, s, n);
			(*out)[n] = 0;
		}
	}
	uk_free(rbuf);
	return rc;
}

int p9_link(struct p9 *c, uint32_t dfid, uint32_t fid, const char *name,
	    size_t len)
{
	uint8_t tbuf[SMALL];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TLINK);
	put32(&t, dfid);
	put32(&t, fid);
	putstr(&t, name, len);
	return rpc_void(c, &t);
}

int p9_unlinkat(struct p9 *c, uint32_t dfid, const char *name, size_t len,
		uint32_t flags)
{
	uint8_t tbuf[SMALL];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TUNLINKAT);
	put32(&t, dfid);
	putstr(&t, name, len);
	put32(&t, flags);
	return rpc_void(c, &t);
}

int p9_renameat(struct p9 *c, uint32_t odfid, const char *oname,
		size_t olen, uint32_t ndfid, const char *nname, size_t nlen)
{
	uint8_t tbuf[SMALL];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TRENAMEAT);
	put32(&t, odfid);
	putstr(&t, oname, olen);
	put32(&t, ndfid);
	putstr(&t, nname, nlen);
	return rpc_void(c, &t);
}

int p9_fsync(struct p9 *c, uint32_t fid, int datasync)
{
	uint8_t tbuf[P9_HDR + 8];
	struct tx t;

	begin(&t, tbuf, sizeof(tbuf), TFSYNC);
	put32(&t, fid);
	put32(&t, datasync);
	return rpc_void(c, &t);
}

int p9_statfs(struct p9 *c, uint32_t fid, struct p9_statfs *st)
{
	uint8_t tbuf[P9_HDR + 4], rbuf[P9_HDR + 64];
	struct tx t;
	struct rx r;
	int rc;

	begin(&t, tbuf, sizeof(tbuf), TSTATFS);
	put32(&t, fid);
	rc = rpc_small(c, &t, rbuf, sizeof(rbuf), &r);
	if (rc)
		return rc;
	st->type = get32(&r);
	st->bsize = get32(&r);
	st->blocks = get64(&r);
	st->bfree = get64(&r);
	st->bavail = get64(&r);
	st->files = get64(&r);
	st->ffree = get64(&r);
	st->fsid = get64(&r);
	st->namelen = get32(&r);
	return r.bad ? -EIO : 0;
}

int p9_read(struct p9 *c, uint32_t fid, uint64_t off, const struct iovec *iov,
	    int cnt, size_t *done)
{
	uint8_t tbuf[P9_HDR + 16], rbuf[P9_IOHDR];
	size_t want = iov_bytes(iov, cnt);
	uint32_t count;
	struct tx t;
	struct rx r;
	int rc;

	if (want > p9_io_max(c))
		return -EINVAL;
	begin(&t, tbuf, sizeof(tbuf), TREAD);
	put32(&t, fid);
	put64(&t, off);
	put32(&t, want);
	/* the header alone in rbuf: the data lands in the caller's iov */
	rc = rpc(c, &t, NULL, 0, rbuf, sizeof(rbuf), iov, cnt, &r);
	if (rc)
		return rc;
	count = get32(&r);
	if (r.bad || count > want)
		return -EIO;
	*done = count;
	return 0;
}

int p9_write(struct p9 *c, uint32_t fid, uint64_t off,
	     const struct iovec *iov, int cnt, size_t *done)
{
	uint8_t tbuf[P9_TWRITE_HDR], rbuf[P9_IOHDR];
	size_t want = iov_bytes(iov, cnt);
	uint32_t count;
	struct tx t;
	struct rx r;
	int rc;

	if (want > p9_io_max(c))
		return -EINVAL;
	begin(&t, tbuf, sizeof(tbuf), TWRITE);
	put32(&t, fid);
	put64(&t, off);
	put32(&t, want);
	rc = rpc(c, &t, iov, cnt, rbuf, sizeof(rbuf), NULL, 0, &r);
	if (rc)
		return rc;
	count = get32(&r);
	if (r.bad || count > want)
		return -EIO;
	*done = count;
	return 0;
}

int p9_readdir(struct p9 *c, uint32_t fid, uint64_t off, void *buf,
	       uint32_t count, uint32_t *got)
{
	uint8_t tbuf[P9_HDR + 16], rbuf[P9_IOHDR];
	struct iovec data = { buf, count };
	struct tx t;
	struct rx r;
	int rc;

	if (count > p9_io_max(c))
		count = data.iov_len = p9_io_max(c);
	begin(&t, tbuf, sizeof(tbuf), TREADDIR);
	put32(&t, fid);
	put64(&t, off);
	put32(&t, count);
	rc = rpc(c, &t, NULL, 0, rbuf, sizeof(rbuf), &data, 1, &r);
	if (rc)
		return rc;
	*got = get32(&r);
	return r.bad || *got > count ? -EIO : 0;
}

int p9_dirent_parse(const void *buf, size_t len, struct p9_dirent *de)
{
	struct rx r = { buf, len, 0, false };

	if (!len)
		return 0;
	getqid(&r, &de->qid);
	de->off = get64(&r);
	de->type = get8(&r);
	de->name = getstr(&r, &de->len);
	if (r.bad || !de->len || de->len > 255 ||
	    memchr(de->name, '/', de->len) || memchr(de->name, 0, de->len))
		return -EIO;
	return r.pos;
}
