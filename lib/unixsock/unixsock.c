// SPDX-License-Identifier: BSD-3-Clause
/*
 * AF_UNIX sockets in the kernel: socketpair, and named stream, datagram
 * and seqpacket sockets bound to paths in the VFS (an S_IFSOCK node) or
 * to abstract names (a leading NUL).
 *
 * Each socket has a receive queue of messages (a write or a datagram is
 * one, with the file descriptors SCM_RIGHTS sent along and the sender's
 * name); a stream read takes bytes across messages but stops before one
 * that carries descriptors, as Linux does. A queue holds at most
 * SOCK_BUF bytes: writers wait on the receiver's room (UK_EV_OUT of the
 * writing socket is that room). One mutex guards every AF_UNIX socket's
 * state; blocking is the sockets' files' events (uk_socket_wait).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/lock.h>
#include <uk/signal.h>
#include <uk/socket.h>
#include <uk/user.h>
#if CONFIG_LIBVFS
#include <uk/vfs.h>
#endif

#define SOCK_BUF	(212992)	/* Linux's default for AF_UNIX */
#define MAX_FDS		253		/* SCM_MAX_FD */
#define MAX_BACKLOG	4096

enum ustate { U_NEW, U_LISTEN, U_CONNECTED };

struct umsg {
	struct uk_list node;
	size_t len, off;
	unsigned int nfds;
	struct uk_ofile **fds;		/* SCM_RIGHTS, referenced */
	struct sockaddr_un from;
	socklen_t fromlen;
	char data[];
};

struct usock {
	struct uk_socket sock;
	enum ustate state;
	struct usock *peer;		/* connected: the other end */
	bool peer_ref;			/* we hold a reference on peer */
	struct uk_list rq;		/* struct umsg */
	size_t queued;
	bool rd_shut, wr_shut;		/* ours, by shutdown() or close */
	bool peer_gone;			/* the peer sends no more: EOF */
	bool peer_closed;		/* the peer is closed: EPIPE */
	/* listening */
	struct uk_list backlog;		/* accepted-to-be (struct usock) */
	struct uk_list bnode;		/* in the listener's backlog */
	unsigned int nbacklog, maxbacklog;
	/* bound name */
	struct sockaddr_un name;
	socklen_t namelen;		/* 0: unbound */
	void *vnode;			/* the S_IFSOCK node, if a path */
	struct uk_list all;		/* every bound socket */
};

static struct uk_mutex ulock = UK_MUTEX_INITIALIZER(ulock, "unix sockets");
static struct uk_list bound = UK_LIST_INIT(bound);
static const struct uk_socket_ops usock_ops;

static struct usock *us(struct uk_socket *s)
{
	return (struct usock *)s;
}

/*
 * What the socket's file should say now; the events in again are raised
 * even if already set, because something new happened (data came, the
 * peer went): an edge-triggered watcher hears of it, as on Linux.
 * ulock held.
 */
static void update_again(struct usock *u, unsigned int again)
{
	unsigned int ev = 0, old = uk_file_events(&u->sock.file);
	struct usock *p = u->peer;

	if (u->state == U_LISTEN) {
		if (u->nbacklog)
			ev |= UK_EV_IN | UK_EV_RDNORM;
	} else {
		if (!uk_list_empty(&u->rq) || u->rd_shut || u->peer_gone)
			ev |= UK_EV_IN | UK_EV_RDNORM;
		if (u->peer_gone || u->rd_shut)
			ev |= UK_EV_RDHUP;
		if ((u->peer_gone && u->wr_shut) || (u->rd_shut && u->wr_shut))
			ev |= UK_EV_HUP;
		if (u->state == U_CONNECTED &&
		    (u->peer_gone || !p || p->queued < SOCK_BUF))
			ev |= UK_EV_OUT | UK_EV_WRNORM;
		if (u->state == U_NEW && u->sock.type == SOCK_DGRAM)
			ev |= UK_EV_OUT | UK_EV_WRNORM;
	}
	uk_file_lower(&u->sock.file, old & ~ev);
	if ((ev & ~old) | (ev & again))
		uk_file_raise(&u->sock.file, (ev & ~old) | (ev & again));
}

static void update(struct usock *u)
{
	update_again(u, 0);
}

#define EV_NEWDATA	(UK_EV_IN | UK_EV_RDNORM)
#define EV_ROOM		(UK_EV_OUT | UK_EV_WRNORM)
#define EV_GONE		(UK_EV_IN | UK_EV_RDNORM | UK_EV_RDHUP | UK_EV_HUP)

static struct usock *usock_new(int type)
{
	struct usock *u = uk_calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	uk_socket_init(&u->sock, &usock_ops, AF_UNIX, type, 0);
	uk_list_init(&u->rq);
	uk_list_init(&u->backlog);
	uk_list_init(&u->all);
	return u;
}

static void msg_free(struct umsg *m)
{
	unsigned int i;

	for (i = 0; i < m->nfds; i++)
		uk_ofile_put(m->fds[i]);
	uk_free(m->fds);
	uk_free(m);
}

/* --- names -------------------------------------------------------------------- */

static bool same_name(const struct usock *u, const struct sockaddr_un *a,
		      socklen_t len)
{
	return u->namelen == len && !memcmp(&u->name, a, len);
}

/* The bound socket of type with this name. ulock held. */
static struct usock *find_bound(const struct sockaddr_un *a, socklen_t len,
				int type)
{
	struct uk_list *n;
	struct usock *u;
#if CONFIG_LIBVFS
	struct uk_vnode *vn = NULL;

	if (a->sun_path[0]) {
		if (uk_vfs_lookup(a->sun_path, UK_WALK_FOLLOW, &vn))
			return NULL;
	}
#endif
	uk_list_foreach(n, &bound) {
		u = uk_list_entry(n, struct usock, all);
		if (u->sock.type != type)
			continue;
#if CONFIG_LIBVFS
		if (a->sun_path[0] ? u->vnode == vn : same_name(u, a, len))
			break;
#else
		if (same_name(u, a, len))
			break;
#endif
		u = NULL;
	}
	if (n == &bound)
		u = NULL;
#if CONFIG_LIBVFS
	if (vn)
		uk_vnode_put(vn);
#endif
	return u;
}

/* Checks and measures a sun_path: its length in the struct, or -errno. */
static int name_len(const struct sockaddr *addr, socklen_t len)
{
	const struct sockaddr_un *a = (const struct sockaddr_un *)addr;
	size_t plen;

	if (len < sizeof(sa_family_t) || a->sun_family != AF_UNIX)
		return -EINVAL;
	if (len == sizeof(sa_family_t))
		return -EINVAL;		/* autobind: not supported */
	if (len > sizeof(*a))
		return -EINVAL;
	if (a->sun_path[0]) {
		plen = strnlen(a->sun_path, len - sizeof(sa_family_t));
		if (plen == sizeof(a->sun_path))
			return -ENAMETOOLONG;
		return sizeof(sa_family_t) + plen + 1;
	}
	return len;			/* abstract: all of it counts */
}

static int usock_bind(struct uk_socket *s, const struct sockaddr *addr,
		      socklen_t len)
{
	struct usock *u = us(s);
	const struct sockaddr_un *a = (const struct sockaddr_un *)addr;
	int n = name_len(addr, len), rc = 0;

	if (n < 0)
		return n;
	uk_mutex_lock(&ulock);
	if (u->namelen) {
		rc = -EINVAL;
		goto out;
	}
	if (a->sun_path[0]) {
#if CONFIG_LIBVFS
		struct uk_vnode *vn;
		char path[sizeof(a->sun_path) + 1];

		memcpy(path, a->sun_path, n - sizeof(sa_family_t));
		path[n - sizeof(sa_family_t)] = 0;
		rc = uk_vfs_mknod(path, S_IFSOCK | 0777, 0, &vn);
		if (rc == -EEXIST)
			rc = -EADDRINUSE;
		if (rc)
			goto out;
		u->vnode = vn;		/* our reference */
#else
		rc = -EOPNOTSUPP;	/* no file names without lib/vfs */
		goto out;
#endif
	} else if (find_bound(a, n, s->type)) {
		rc = -EADDRINUSE;
		goto out;
	}
	memcpy(&u->name, a, n);
	u->namelen = n;
	uk_list_add_tail(&u->all, &bound);
out:
	uk_mutex_unlock(&ulock);
	return rc;
}

static int usock_getname(struct uk_socket *s, struct sockaddr *addr,
			 socklen_t *len, bool peer)
{
	struct usock *u = us(s), *from;
	int rc = 0;

	uk_mutex_lock(&ulock);
	from = peer ? u->peer : u;
	if (peer && (u->state != U_CONNECTED || !from)) {
		rc = -ENOTCONN;
	} else if (from->namelen) {
		memcpy(addr, &from->name, from->namelen);
		*len = from->namelen;
	} else {
		((struct sockaddr_un *)addr)->sun_family = AF_UNIX;
		*len = sizeof(sa_family_t);
	}
	uk_mutex_unlock(&ulock);
	return rc;
}

/* --- connections ------------------------------------------------------------- */

static int usock_listen(struct uk_socket *s, int backlog)
{
	struct usock *u = us(s);
	int rc = 0;

	if (s->type == SOCK_DGRAM)
		return -EOPNOTSUPP;
	uk_mutex_lock(&ulock);
	if (!u->namelen)
		rc = -EINVAL;		/* Linux autobinds; we do not */
	else if (u->state == U_CONNECTED)
		rc = -EINVAL;
	else {
		u->state = U_LISTEN;
		u->maxbacklog = backlog < 0 ? 0 : backlog > MAX_BACKLOG ?
				MAX_BACKLOG : backlog;
		update(u);
	}
	uk_mutex_unlock(&ulock);
	return rc;
}

/* Connected ends point at each other without references (no cycle): a
 * closing end clears its peer's pointer. */
static void link_pair(struct usock *a, struct usock *b)
{
	a->peer = b;
	b->peer = a;
	a->state = b->state = U_CONNECTED;
}

static int usock_connect(struct uk_socket *s, const struct sockaddr *addr,
			 socklen_t len, bool nonblock)
{
	const struct sockaddr_un *a = (const struct sockaddr_un *)addr;
	struct usock *u = us(s), *l, *srv;
	int n = name_len(addr, len), rc = 0;
	uint64_t deadline = uk_socket_deadline(s->sndtimeo);

	if (n < 0)
		return n == -EINVAL && len >= sizeof(sa_family_t) &&
		       a->sun_family != AF_UNIX ? -EAFNOSUPPORT : n;
	uk_mutex_lock(&ulock);
	if (u->state == U_CONNECTED && s->type != SOCK_DGRAM) {
		rc = -EISCONN;
		goto out;
	}
	for (;;) {
		l = find_bound(a, n, s->type);
		if (!l || (s->type != SOCK_DGRAM && l->state != U_LISTEN)) {
			rc = l || !a->sun_path[0] ? -ECONNREFUSED : -ENOENT;
#if CONFIG_LIBVFS
			if (!l && a->sun_path[0]) {
				struct uk_vnode *vn;

				if (!uk_vfs_lookup(a->sun_path,
						   UK_WALK_FOLLOW, &vn)) {
					rc = -ECONNREFUSED;
					uk_vnode_put(vn);
				}
			}
#endif
			goto out;
		}
		if (s->type == SOCK_DGRAM) {
			/* a default destination, one way */
			if (u->peer && u->peer_ref)
				uk_file_put(&u->peer->sock.file);
			u->peer = l;
			u->peer_ref = true;
			uk_file_get(&l->sock.file);
			u->state = U_CONNECTED;
			update(u);
			goto out;
		}
		if (l->nbacklog < MAX(l->maxbacklog, 1U))
			break;
		if (nonblock) {
			rc = -EAGAIN;
			goto out;
		}
		uk_mutex_unlock(&ulock);
		rc = uk_socket_wait(&l->sock, UK_EV_OUT, deadline);
		uk_mutex_lock(&ulock);
		if (rc)
			goto out;
	}
	/* the server's end, waiting in the listener's backlog */
	srv = usock_new(s->type);
	if (!srv) {
		rc = -ENOMEM;
		goto out;
	}
	memcpy(&srv->name, &l->name, l->namelen);
	srv->namelen = l->namelen;
	link_pair(u, srv);
	uk_list_add_tail(&srv->bnode, &l->backlog);
	l->nbacklog++;
	update_again(l, EV_NEWDATA);
	update(u);
out:
	uk_mutex_unlock(&ulock);
	return rc;
}

static int usock_accept(struct uk_socket *s, struct uk_socket **out,
			struct sockaddr *addr, socklen_t *len, bool nonblock)
{
	struct usock *l = us(s), *srv;
	uint64_t deadline = uk_socket_deadline(s->rcvtimeo);
	int rc;

	uk_mutex_lock(&ulock);
	for (;;) {
		if (l->state != U_LISTEN) {
			rc = -EINVAL;
			goto out;
		}
		if (l->nbacklog)
			break;
		if (nonblock) {
			rc = -EAGAIN;
			goto out;
		}
		uk_mutex_unlock(&ulock);
		rc = uk_socket_wait(s, UK_EV_IN, deadline);
		uk_mutex_lock(&ulock);
		if (rc)
			goto out;
	}
	srv = uk_list_first(&l->backlog, struct usock, bnode);
	uk_list_del(&srv->bnode);
	l->nbacklog--;
	update(l);
	/* the peer's name: the connecting socket's, if it has one */
	if (srv->peer && srv->peer->namelen) {
		memcpy(addr, &srv->peer->name, srv->peer->namelen);
		*len = srv->peer->namelen;
	} else {
		((struct sockaddr_un *)addr)->sun_family = AF_UNIX;
		*len = sizeof(sa_family_t);
	}
	update(srv);
	*out = &srv->sock;		/* the backlog's reference is the caller's */
	rc = 0;
out:
	uk_mutex_unlock(&ulock);
	return rc;
}

static int usock_shutdown(struct uk_socket *s, int how)
{
	struct usock *u = us(s);
	int rc = 0;

	uk_mutex_lock(&ulock);
	if (u->state != U_CONNECTED) {
		rc = -ENOTCONN;
	} else {
		if (how != SHUT_WR)
			u->rd_shut = true;
		if (how != SHUT_RD)
			u->wr_shut = true;
		if (u->peer && s->type != SOCK_DGRAM) {
			if (how != SHUT_RD)
				u->peer->peer_gone = true;
			update_again(u->peer, EV_GONE);
		}
		update(u);
	}
	uk_mutex_unlock(&ulock);
	return rc;
}

/* --- data ----------------------------------------------------------------------- */

/* SCM_RIGHTS descriptors of a sendmsg: referenced into *fds. */
static int take_rights(const struct msghdr *msg, struct uk_ofile ***fds,
		       unsigned int *nfds)
{
	struct cmsghdr *c;
	unsigned int n, i;
	int *p;

	*fds = NULL;
	*nfds = 0;
	if (!msg->msg_control)
		return 0;
	for (c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR((struct msghdr *)msg,
							  c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
		if (c->cmsg_type != SCM_RIGHTS)
			return -EINVAL;	/* SCM_CREDENTIALS: not supported */
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (!n || *nfds + n > MAX_FDS)
			return -EINVAL;
		*fds = uk_realloc(*fds, (*nfds + n) * sizeof(**fds));
		if (!*fds)
			return -ENOMEM;
		p = (int *)CMSG_DATA(c);
		for (i = 0; i < n; i++) {
			(*fds)[*nfds] = uk_fd_get(p[i]);
			if (!(*fds)[*nfds])
				return -EBADF;
			(*nfds)++;
		}
	}
	return 0;
}

static ssize_t usock_sendmsg(struct uk_socket *s, const struct msghdr *msg,
			     int flags)
{
	struct usock *u = us(s), *to;
	size_t len = uk_iov_len(msg->msg_iov, msg->msg_iovlen), chunk;
	uint64_t deadline = uk_socket_deadline(s->sndtimeo);
	struct uk_ofile **fds;
	struct uk_iov_iter it;
	unsigned int nfds, i;
	struct umsg *m;
	ssize_t done = 0;
	int rc;

	rc = take_rights(msg, &fds, &nfds);
	if (rc)
		goto drop;
	uk_iov_iter_init(&it, msg->msg_iov, msg->msg_iovlen);
	uk_mutex_lock(&ulock);
	do {
		if (msg->msg_name && msg->msg_namelen) {
			int n = name_len(msg->msg_name, msg->msg_namelen);

			if (s->type != SOCK_DGRAM) {
				rc = u->state == U_CONNECTED ? -EISCONN :
				     -EOPNOTSUPP;
				goto out;
			}
			if (n < 0) {
				rc = n;
				goto out;
			}
			to = find_bound(msg->msg_name, n, s->type);
			if (!to) {
				rc = -ECONNREFUSED;
				goto out;
			}
		} else {
			to = u->peer;
			if (u->wr_shut || u->peer_closed) {
				rc = -EPIPE;
				goto out;
			}
			if (u->state != U_CONNECTED || !to) {
				rc = s->type == SOCK_DGRAM ? -EDESTADDRREQ :
				     -ENOTCONN;
				goto out;
			}
		}
		if (u->wr_shut || to->rd_shut) {
			rc = -EPIPE;
			goto out;
		}
		/* datagrams and seqpackets go whole; streams in pieces */
		if (s->type != SOCK_STREAM && len > SOCK_BUF) {
			rc = -EMSGSIZE;
			goto out;
		}
		if (to->queued >= SOCK_BUF ||
		    (s->type != SOCK_STREAM && to->queued + len > SOCK_BUF)) {
			if (flags & MSG_DONTWAIT) {
				rc = -EAGAIN;
				goto out;
			}
			uk_mutex_unlock(&ulock);
			rc = uk_socket_wait(s, UK_EV_OUT, deadline);
			uk_mutex_lock(&ulock);
			if (rc)
				goto out;
			continue;
		}
		chunk = s->type == SOCK_STREAM ?
			MIN(len - done, SOCK_BUF - to->queued) : len;
		m = uk_malloc(sizeof(*m) + chunk);
		if (!m) {
			rc = -ENOBUFS;
			goto out;
		}
		m->len = chunk;
		m->off = 0;
		m->fds = fds;
		m->nfds = nfds;
		fds = NULL;
		nfds = 0;
		m->fromlen = u->namelen;
		memcpy(&m->from, &u->name, u->namelen);
		uk_iov_copy_from(&it, m->data, chunk);
		uk_list_add_tail(&m->node, &to->rq);
		to->queued += chunk;
		done += chunk;
		update_again(to, EV_NEWDATA);
		update(u);
	} while ((size_t)done < len);
	rc = 0;
out:
	uk_mutex_unlock(&ulock);
drop:
	for (i = 0; i < nfds; i++)
		uk_ofile_put(fds[i]);
	uk_free(fds);
	if (rc == -EPIPE && !(flags & MSG_NOSIGNAL) && !done &&
	    s->type != SOCK_DGRAM)
		uk_signal_raise(SIGPIPE);
	return done ? done : rc;
}

/* Installs m's descriptors and describes them in msg's control buffer. */
static void give_rights(struct umsg *m, struct msghdr *msg)
{
	size_t room = msg->msg_controllen, need;
	unsigned int i, n;
	struct cmsghdr *c;
	int *p, fd;

	need = CMSG_SPACE(m->nfds * sizeof(int));
	n = m->nfds;
	if (!msg->msg_control || room < CMSG_LEN(sizeof(int))) {
		msg->msg_flags |= MSG_CTRUNC;
		msg->msg_controllen = 0;
		return;
	}
	if (room < need) {
		n = (room - CMSG_LEN(0)) / sizeof(int);
		msg->msg_flags |= MSG_CTRUNC;
	}
	c = msg->msg_control;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	p = (int *)CMSG_DATA(c);
	for (i = 0; i < n; i++) {
		fd = uk_fd_install(m->fds[i], 0, false);
		if (fd < 0) {
			msg->msg_flags |= MSG_CTRUNC;
			break;
		}
		p[i] = fd;
	}
	c->cmsg_len = CMSG_LEN(i * sizeof(int));
	msg->msg_controllen = CMSG_SPACE(i * sizeof(int));
}

static ssize_t usock_recvmsg(struct uk_socket *s, struct msghdr *msg,
			     int flags)
{
	size_t want = uk_iov_len(msg->msg_iov, msg->msg_iovlen), n;
	uint64_t deadline = uk_socket_deadline(s->rcvtimeo);
	struct usock *u = us(s);
	struct uk_iov_iter it;
	struct umsg *m;
	ssize_t got = 0;
	bool rights = false;
	int rc;

	uk_iov_iter_init(&it, msg->msg_iov, msg->msg_iovlen);
	msg->msg_controllen = msg->msg_control ? msg->msg_controllen : 0;
	uk_mutex_lock(&ulock);
	while (uk_list_empty(&u->rq)) {
		if (u->rd_shut || u->peer_gone ||
		    (u->state != U_CONNECTED && s->type == SOCK_STREAM)) {
			rc = u->state == U_CONNECTED || s->type != SOCK_STREAM
			     ? 0 : -ENOTCONN;
			uk_mutex_unlock(&ulock);
			msg->msg_controllen = 0;
			return rc;
		}
		if (flags & MSG_DONTWAIT) {
			uk_mutex_unlock(&ulock);
			return -EAGAIN;
		}
		uk_mutex_unlock(&ulock);
		rc = uk_socket_wait(s, UK_EV_IN, deadline);
		uk_mutex_lock(&ulock);
		if (rc) {
			uk_mutex_unlock(&ulock);
			return rc;
		}
	}
	m = uk_list_first(&u->rq, struct umsg, node);
	if (msg->msg_name) {
		memcpy(msg->msg_name, &m->from, m->fromlen);
		msg->msg_namelen = m->fromlen ? m->fromlen :
				   sizeof(sa_family_t);
		if (!m->fromlen)
			((struct sockaddr_un *)msg->msg_name)->sun_family =
				AF_UNIX;
	}
	if (s->type != SOCK_STREAM) {
		/* one message, the rest of it dropped (MSG_TRUNC) */
		got = uk_iov_copy_to(&it, m->data, m->len);
		if ((size_t)got < m->len)
			msg->msg_flags |= MSG_TRUNC;
		if (flags & MSG_TRUNC)
			got = m->len;
		rights = m->nfds;
		if (!(flags & MSG_PEEK)) {
			if (rights)
				give_rights(m, msg);
			uk_list_del(&m->node);
			u->queued -= m->len;
			msg_free(m);
		}
	} else {
		while ((size_t)got < want && !uk_list_empty(&u->rq)) {
			m = uk_list_first(&u->rq, struct umsg, node);
			if (got && m->nfds)
				break;	/* descriptors start a new read */
			n = uk_iov_copy_to(&it, m->data + m->off,
					   MIN(m->len - m->off, want - got));
			got += n;
			if (flags & MSG_PEEK)
				break;
			if (m->nfds && !rights) {
				give_rights(m, msg);
				rights = true;
				for (unsigned int i = 0; i < m->nfds; i++)
					uk_ofile_put(m->fds[i]);
				m->nfds = 0;
			}
			m->off += n;
			u->queued -= n;
			if (m->off == m->len) {
				uk_list_del(&m->node);
				msg_free(m);
			}
		}
	}
	if (!rights)
		msg->msg_controllen = 0;
	update(u);
	if (u->peer && got)
		update_again(u->peer, EV_ROOM);	/* room for its writes */
	else if (u->peer)
		update(u->peer);
	uk_mutex_unlock(&ulock);
	return got;
}

static int usock_ioctl(struct uk_socket *s, unsigned int cmd, void *arg)
{
	struct usock *u = us(s);
	struct umsg *m;

	if (cmd != 0x541b)			/* FIONREAD */
		return -ENOTTY;
	if (!uk_user_ok(arg, sizeof(int), true))
		return -EFAULT;
	uk_mutex_lock(&ulock);
	if (s->type == SOCK_STREAM) {
		*(int *)arg = u->queued;
	} else {
		m = uk_list_empty(&u->rq) ? NULL :
		    uk_list_first(&u->rq, struct umsg, node);
		*(int *)arg = m ? m->len : 0;
	}
	uk_mutex_unlock(&ulock);
	return 0;
}

static int usock_getsockopt(struct uk_socket *s, int level, int name,
			    void *val, socklen_t *len)
{
	struct { int pid, uid, gid; } cred = { 1, 0, 0 };
	int i;

	if (level != SOL_SOCKET)
		return -ENOPROTOOPT;
	switch (name) {
	case SO_PEERCRED:		/* one process, as root */
		memcpy(val, &cred, sizeof(cred));
		*len = sizeof(cred);
		return 0;
	case SO_SNDBUF:
	case SO_RCVBUF:
		i = SOCK_BUF;
		break;
	case SO_ERROR:
		i = 0;
		break;
	case SO_ACCEPTCONN:
		i = us(s)->state == U_LISTEN;
		break;
	default:
		return -ENOPROTOOPT;
	}
	memcpy(val, &i, sizeof(i));
	*len = sizeof(i);
	return 0;
}

static int usock_setsockopt(struct uk_socket *s, int level, int name,
			    const void *val, socklen_t len)
{
	/* buffer sizes and the like are accepted; the queue stays */
	if (level == SOL_SOCKET && (name == SO_SNDBUF || name == SO_RCVBUF ||
				    name == SO_PASSCRED ||
				    name == SO_REUSEADDR))
		return 0;
	return -ENOPROTOOPT;
}

/* The last descriptor closed: the peer sees EOF, what was queued goes. */
static void usock_release(struct uk_socket *s)
{
	struct usock *u = us(s), *p, *srv;
	struct umsg *m;

	uk_mutex_lock(&ulock);
	while (!uk_list_empty(&u->rq)) {
		m = uk_list_first(&u->rq, struct umsg, node);
		uk_list_del(&m->node);
		msg_free(m);
	}
	while (!uk_list_empty(&u->backlog)) {
		/* never accepted: their clients see the connection go */
		srv = uk_list_first(&u->backlog, struct usock, bnode);
		uk_list_del(&srv->bnode);
		if (srv->peer) {
			srv->peer->peer_gone = srv->peer->peer_closed = true;
			update_again(srv->peer, EV_GONE);
		}
		uk_mutex_unlock(&ulock);
		uk_file_put(&srv->sock.file);
		uk_mutex_lock(&ulock);
	}
	if (u->namelen)
		uk_list_del(&u->all);
	p = u->peer;
	u->peer = NULL;
	if (p && !u->peer_ref) {
		/* a pair (stream or datagram): each end points at the other */
		if (s->type != SOCK_DGRAM)
			p->peer_gone = p->peer_closed = true;
		if (p->peer == u)
			p->peer = NULL;
		update_again(p, EV_GONE);
		p = NULL;	/* no reference was held */
	}
	uk_mutex_unlock(&ulock);
	if (p)
		uk_file_put(&p->sock.file);	/* a datagram destination */
#if CONFIG_LIBVFS
	if (u->vnode)
		uk_vnode_put(u->vnode);
#endif
	uk_free(u);
}

static const struct uk_socket_ops usock_ops = {
	.bind = usock_bind,
	.listen = usock_listen,
	.accept = usock_accept,
	.connect = usock_connect,
	.shutdown = usock_shutdown,
	.getname = usock_getname,
	.setsockopt = usock_setsockopt,
	.getsockopt = usock_getsockopt,
	.sendmsg = usock_sendmsg,
	.recvmsg = usock_recvmsg,
	.ioctl = usock_ioctl,
	.release = usock_release,
};

static int check_type(int type, int protocol)
{
	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	if (type != SOCK_STREAM && type != SOCK_DGRAM &&
	    type != SOCK_SEQPACKET)
		return -ESOCKTNOSUPPORT;
	return 0;
}

static int unix_create(int type, int protocol, struct uk_socket **out)
{
	struct usock *u;
	int rc = check_type(type, protocol);

	if (rc)
		return rc;
	u = usock_new(type);
	if (!u)
		return -ENOMEM;
	uk_mutex_lock(&ulock);
	update(u);
	uk_mutex_unlock(&ulock);
	*out = &u->sock;
	return 0;
}

static int unix_pair(int type, int protocol, struct uk_socket *out[2])
{
	struct usock *a, *b;
	int rc = check_type(type, protocol);

	if (rc)
		return rc;
	a = usock_new(type);
	b = usock_new(type);
	if (!a || !b) {
		uk_free(a);
		uk_free(b);
		return -ENOMEM;
	}
	uk_mutex_lock(&ulock);
	link_pair(a, b);
	update(a);
	update(b);
	uk_mutex_unlock(&ulock);
	out[0] = &a->sock;
	out[1] = &b->sock;
	return 0;
}

uk_sock_family_register(unix_family) = {
	.domain = AF_UNIX,
	.create = unix_create,
	.pair = unix_pair,
};
