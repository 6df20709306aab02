// SPDX-License-Identifier: BSD-3-Clause
/*
 * AF_INET and AF_INET6 sockets (lib/socket's families) over lwIP's
 * socket API.
 *
 * Every lwIP socket is non-blocking; the kit blocks on its own file
 * events instead (uk_socket_wait), so no thread waits inside lwIP and
 * poll, epoll and blocking calls share one mechanism. The events come
 * from lwIP's socket event hook (patches/0002), which reports each
 * socket's receive count, send space and error with the scheduler
 * locked: a rise of the receive count raises UK_EV_IN again, so that
 * edge-triggered watchers hear of new data as on Linux. End of stream is
 * known once a read returns 0 (then IN and RDHUP stay up).
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>

#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/lwip.h>
#include <uk/sched.h>
#include <uk/signal.h>
#include <uk/socket.h>
#include <uk/user.h>

#include "lwip/opt.h"
#include "lwip/sockets.h"

#include "lwip_impl.h"

#define IOV_MAX_LOCAL	64

struct isock {
	struct uk_socket sock;
	int fd;				/* lwIP's socket number */
	int rcv_seen;			/* receive count last reported */
	bool eof, rd_shut, wr_shut, listening, hup;
	bool peer_fin;			/* the peer's FIN is in */
	int sndbuf, rcvbuf;		/* as set; lwIP sizes its own */
	int cork, reuseport;
	bool nodelay;		/* TCP_NODELAY, kept while corked */
	struct linger linger;		/* as set */
};

/* By lwIP's number; the scheduler lock guards it (the hook runs so). */
static struct isock *socks[UK_LWIP_NUM_SOCKETS];
static const struct uk_socket_ops inet_ops;

static struct isock *is_of(struct uk_socket *s)
{
	return (struct isock *)s;
}

static int lwip_err(void)
{
	int e = uk_lwip_error();

	return e == EWOULDBLOCK ? -EAGAIN : e ? -e : -EIO;
}

/* What the socket's file says, from lwIP's counts. Scheduler locked. */
static void set_events(struct isock *is, int rcv, int snd, int err,
		       int peer_closed)
{
	struct uk_file *f = &is->sock.file;
	unsigned int ev = 0, again = 0, old = uk_file_events(f);
	bool rd_end;

	/* RDHUP when the FIN comes, as on Linux: nginx reads once more then */
	if (peer_closed && !is->listening)
		is->peer_fin = true;
	rd_end = is->eof || is->rd_shut || is->peer_fin;

	if (rcv > 0 || rd_end)
		ev |= UK_EV_IN | UK_EV_RDNORM;
	if (snd && !is->listening && !is->wr_shut)
		ev |= UK_EV_OUT | UK_EV_WRNORM;
	if (err) {
		ev |= UK_EV_ERR;
		is->hup = true;
	}
	if (rd_end)
		ev |= UK_EV_RDHUP;
	if (is->hup || (rd_end && is->wr_shut))
		ev |= UK_EV_HUP;
	if (rcv > is->rcv_seen)
		again = UK_EV_IN | UK_EV_RDNORM;
	is->rcv_seen = rcv;
	uk_file_lower(f, old & ~ev);
	if ((ev & ~old) | (ev & again))
		uk_file_raise(f, (ev & ~old) | (ev & again));
}

static void socket_event(int s, int rcv, int snd, int err, int peer_closed)
{
	struct isock *is;

	if (s < 0 || s >= UK_LWIP_NUM_SOCKETS)
		return;
	is = socks[s];
	if (is)
		set_events(is, rcv, snd, err, peer_closed);
}

/* After a call that changed what the hook cannot see. */
static void refresh(struct isock *is)
{
	unsigned long flags = uk_sched_lock();
	int rcv, snd, err, peer_closed;

	if (!uk_lwip_socket_events(is->fd, &rcv, &snd, &err, &peer_closed))
		set_events(is, rcv, snd, err, peer_closed);
	uk_sched_unlock(flags);
}

static struct isock *wrap(int fd, int domain, int type, int protocol)
{
	struct isock *is = uk_calloc(1, sizeof(*is));
	unsigned long flags;

	if (!is)
		return NULL;
	uk_socket_init(&is->sock, &inet_ops, domain, type, protocol);
	is->fd = fd;
	lwip_fcntl(fd, F_SETFL, O_NONBLOCK);
	flags = uk_sched_lock();
	socks[fd] = is;
	uk_sched_unlock(flags);
	refresh(is);
	return is;
}

static int inet_create(int domain, int type, int protocol,
		       struct uk_socket **out)
{
	struct isock *is;
	int fd;

	if (type != SOCK_STREAM && type != SOCK_DGRAM)
		return type == SOCK_RAW ? -EPROTONOSUPPORT : -ESOCKTNOSUPPORT;
	if (protocol && !(type == SOCK_STREAM && protocol == IPPROTO_TCP) &&
	    !(type == SOCK_DGRAM && protocol == IPPROTO_UDP))
		return -EPROTONOSUPPORT;
	fd = lwip_socket(domain, type, protocol);	/* lwIP started at boot */
	if (fd < 0)
		return lwip_err();
	is = wrap(fd, domain, type, protocol);
	if (!is) {
		lwip_close(fd);
		return -ENOMEM;
	}
	*out = &is->sock;
	return 0;
}

static int inet4_create(int type, int protocol, struct uk_socket **out)
{
	return inet_create(AF_INET, type, protocol, out);
}

#if LWIP_IPV6
static int inet6_create(int type, int protocol, struct uk_socket **out)
{
	return inet_create(AF_INET6, type, protocol, out);
}
#endif

/* lwIP wants the exact size of the family's address. */
static int addr_len(const struct sockaddr *a, socklen_t len, socklen_t *out)
{
	if (len < sizeof(sa_family_t))
		return -EINVAL;
	if (a->sa_family == AF_INET) {
		if (len < sizeof(struct sockaddr_in))
			return -EINVAL;
		*out = sizeof(struct sockaddr_in);
		return 0;
	}
	if (a->sa_family == AF_INET6) {
		if (len < 24)		/* without sin6_scope_id */
			return -EINVAL;
		if (len < sizeof(struct sockaddr_in6))
			((struct sockaddr_in6 *)a)->sin6_scope_id = 0;
		*out = sizeof(struct sockaddr_in6);
		return 0;
	}
	if (a->sa_family == AF_UNSPEC) {
		*out = len;
		return 0;
	}
	return -EAFNOSUPPORT;
}

static int inet_bind(struct uk_socket *s, const struct sockaddr *addr,
		     socklen_t len)
{
	struct isock *is = is_of(s);
	socklen_t n;
	int rc = addr_len(addr, len, &n);

	if (rc)
		return rc;
	if (addr->sa_family != s->domain)
		return s->domain == AF_INET ? -EAFNOSUPPORT : -EINVAL;
	return lwip_bind(is->fd, addr, n) ? lwip_err() : 0;
}

static int inet_listen(struct uk_socket *s, int backlog)
{
	struct isock *is = is_of(s);

	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (backlog < 0 || backlog > 255)
		backlog = 255;
	if (lwip_listen(is->fd, backlog))
		return lwip_err();
	is->listening = true;
	refresh(is);
	return 0;
}

static int inet_accept(struct uk_socket *s, struct uk_socket **out,
		       struct sockaddr *addr, socklen_t *len, bool nonblock)
{
	struct isock *is = is_of(s), *n;
	uint64_t deadline = uk_socket_deadline(s->rcvtimeo);
	socklen_t l;
	int fd, rc;

	if (!is->listening)
		return -EINVAL;
	for (;;) {
		l = sizeof(struct sockaddr_storage);
		fd = lwip_accept(is->fd, addr, &l);
		if (fd >= 0)
			break;
		rc = lwip_err();
		refresh(is);
		if (rc != -EAGAIN || nonblock)
			return rc == -ENFILE ? -EMFILE : rc;
		rc = uk_socket_wait(s, UK_EV_IN, deadline);
		if (rc)
			return rc;
	}
	refresh(is);
	n = wrap(fd, s->domain, s->type, s->protocol);
	if (!n) {
		lwip_close(fd);
		return -ENOMEM;
	}
	*len = l;
	*out = &n->sock;
	return 0;
}

static int so_error(struct isock *is)
{
	socklen_t l = sizeof(int);
	int e = 0;

	lwip_getsockopt(is->fd, SOL_SOCKET, SO_ERROR, &e, &l);
	return e;
}

static int inet_connect(struct uk_socket *s, const struct sockaddr *addr,
			socklen_t len, bool nonblock)
{
	struct isock *is = is_of(s);
	uint64_t deadline = uk_socket_deadline(s->sndtimeo);
	socklen_t n;
	int rc = addr_len(addr, len, &n), e;

	if (rc)
		return rc;
	rc = lwip_connect(is->fd, addr, n) ? lwip_err() : 0;
	refresh(is);
	if (rc != -EINPROGRESS || nonblock || s->type != SOCK_STREAM)
		return rc;
	for (;;) {
		rc = uk_socket_wait(s, UK_EV_OUT, deadline);
		if (rc)
			return rc == -EAGAIN ? -EINPROGRESS : rc;
		e = so_error(is);
		if (e)
			return -e;
		if (uk_file_events(&s->file) & UK_EV_OUT)
			return 0;
	}
}

static int inet_shutdown(struct uk_socket *s, int how)
{
	struct isock *is = is_of(s);

	if (lwip_shutdown(is->fd, how))
		return lwip_err();
	if (how != SHUT_RD)
		is->wr_shut = true;
	if (how != SHUT_WR)
		is->rd_shut = true;
	refresh(is);
	return 0;
}

static int inet_getname(struct uk_socket *s, struct sockaddr *addr,
			socklen_t *len, bool peer)
{
	struct isock *is = is_of(s);
	socklen_t l = sizeof(struct sockaddr_storage);
	int rc = peer ? lwip_getpeername(is->fd, addr, &l) :
			lwip_getsockname(is->fd, addr, &l);

	if (rc)
		return lwip_err();
	*len = l;
	return 0;
}

/* Options lwIP does not have, taken and kept so that programs go on. */
static int *kept_option(struct isock *is, int level, int name)
{
	if (level == SOL_SOCKET && name == SO_SNDBUF)
		return &is->sndbuf;
	if (level == SOL_SOCKET && name == SO_RCVBUF)
		return &is->rcvbuf;
	if (level == SOL_SOCKET && name == SO_REUSEPORT)
		return &is->reuseport;
	return NULL;
}

static bool ignored_option(int level, int name)
{
	if (level == SOL_SOCKET)
		return name == SO_PRIORITY || name == SO_RCVLOWAT ||
		       name == SO_SNDLOWAT || name == SO_TIMESTAMP ||
		       name == SO_BINDTODEVICE || name == SO_OOBINLINE;
	if (level == IPPROTO_TCP)
		return name == TCP_DEFER_ACCEPT || name == TCP_QUICKACK ||
		       name == TCP_FASTOPEN || name == TCP_USER_TIMEOUT ||
		       name == TCP_MAXSEG || name == TCP_WINDOW_CLAMP;
	if (level == IPPROTO_IP)
		return name == IP_RECVERR || name == IP_MTU_DISCOVER ||
		       name == IP_PKTINFO || name == IP_FREEBIND;
	if (level == IPPROTO_IPV6)
		return name == IPV6_RECVPKTINFO || name == IPV6_RECVERR ||
		       name == IPV6_MTU_DISCOVER;
	return false;
}

static int inet_setsockopt(struct uk_socket *s, int level, int name,
			   const void *val, socklen_t len)
{
	struct isock *is = is_of(s);
	int *kept = kept_option(is, level, name);

	if (kept || ignored_option(level, name)) {
		if (len < sizeof(int))
			return -EINVAL;
		if (kept)
			memcpy(kept, val, sizeof(int));
		return 0;
	}
	if (level == IPPROTO_TCP && name == TCP_CORK) {
		int on;

		if (len < sizeof(int))
			return -EINVAL;
		memcpy(&on, val, sizeof(int));
		if (!on == !is->cork)
			return 0;
		is->cork = !!on;
		return uk_lwip_tcp_cork(is->fd, is->cork, &is->nodelay);
	}
	if (level == IPPROTO_TCP && name == TCP_NODELAY && is->cork) {
		/* while corked, Nagle holds; it is restored at the uncork */
		if (len < sizeof(int))
			return -EINVAL;
		is->nodelay = !!*(const int *)val;
		return 0;
	}
	if (level == SOL_SOCKET && name == SO_LINGER) {
		struct linger l;

		if (len < sizeof(l))
			return -EINVAL;
		memcpy(&l, val, sizeof(l));
		is->linger = l;
		/* lwIP lingers only on blocking sockets (ours never are): a
		 * timeout closes in the background as without one; 0 aborts */
		if (l.l_onoff && l.l_linger)
			return 0;
	}
	return lwip_setsockopt(is->fd, level, name, val, len) ?
	       lwip_err() : 0;
}

static int inet_getsockopt(struct uk_socket *s, int level, int name,
			   void *val, socklen_t *len)
{
	struct isock *is = is_of(s);
	int *kept = kept_option(is, level, name), i;

	if (level == SOL_SOCKET && name == SO_LINGER) {
		if (*len > sizeof(is->linger))
			*len = sizeof(is->linger);
		memcpy(val, &is->linger, *len);
		return 0;
	}
	if (level == IPPROTO_TCP && (name == TCP_CORK ||
				     (name == TCP_NODELAY && is->cork))) {
		i = name == TCP_CORK ? is->cork : is->nodelay;
		if (*len > sizeof(int))
			*len = sizeof(int);
		memcpy(val, &i, *len);
		return 0;
	}
	if (kept || (level == SOL_SOCKET && name == SO_ACCEPTCONN)) {
		if (kept)
			i = *kept;
		else
			i = is->listening;
		if (level == SOL_SOCKET && name == SO_SNDBUF && !i)
			i = s->type == SOCK_STREAM ? TCP_SND_BUF : 212992;
		if (level == SOL_SOCKET && name == SO_RCVBUF && !i)
			i = s->type == SOCK_STREAM ? TCP_WND : 212992;
		if (*len > sizeof(int))
			*len = sizeof(int);
		memcpy(val, &i, *len);
		return 0;
	}
	return lwip_getsockopt(is->fd, level, name, val, len) ?
	       lwip_err() : 0;
}

/* Skips n bytes of an iovec array (a copy the caller may change). */
static void iov_skip(struct iovec **iov, int *cnt, size_t n)
{
	while (*cnt && n >= (*iov)->iov_len) {
		n -= (*iov)->iov_len;
		(*iov)++;
		(*cnt)--;
	}
	if (*cnt && n) {
		(*iov)->iov_base = (char *)(*iov)->iov_base + n;
		(*iov)->iov_len -= n;
	}
}

static size_t iov_total(const struct iovec *iov, size_t cnt)
{
	size_t n = 0;

	while (cnt--)
		n += iov++->iov_len;
	return n;
}

/* A copy of msg whose iovec array (in iov) the call may advance, without
 * ancillary data (lwIP has none). */
static int msg_local(const struct msghdr *msg, struct msghdr *m,
		     struct iovec iov[IOV_MAX_LOCAL])
{
	if (msg->msg_iovlen > IOV_MAX_LOCAL)
		return -EMSGSIZE;
	memcpy(iov, msg->msg_iov, msg->msg_iovlen * sizeof(*iov));
	*m = *msg;
	m->msg_iov = iov;
	m->msg_control = NULL;
	m->msg_controllen = 0;
	return 0;
}

static ssize_t inet_sendmsg(struct uk_socket *s, const struct msghdr *msg,
			    int flags)
{
	struct isock *is = is_of(s);
	uint64_t deadline = uk_socket_deadline(s->sndtimeo);
	bool nonblock = flags & MSG_DONTWAIT, stream = s->type == SOCK_STREAM;
	struct iovec iov[IOV_MAX_LOCAL];
	size_t total, done = 0;
	struct msghdr m;
	socklen_t nl;
	ssize_t n;
	int rc;

	rc = msg_local(msg, &m, iov);
	if (rc)
		return rc;
	m.msg_flags = 0;
	if (stream || !m.msg_name) {
		m.msg_name = NULL;
		m.msg_namelen = 0;
	} else {
		rc = addr_len(m.msg_name, m.msg_namelen, &nl);
		if (rc)
			return rc;
		m.msg_namelen = nl;
	}
	total = iov_total(iov, m.msg_iovlen);
	if (stream && is->wr_shut) {
		rc = -EPIPE;
		goto out;
	}
	for (;;) {
		n = lwip_sendmsg(is->fd, &m, MSG_DONTWAIT |
				 (flags & MSG_MORE));
		if (n >= 0) {
			done += n;
			if (!stream || done >= total || nonblock)
				break;
			iov_skip(&m.msg_iov, &m.msg_iovlen, n);
			continue;
		}
		rc = lwip_err();
		if (rc == -ENOMEM && stream)
			rc = -EAGAIN;
		if (rc != -EAGAIN || nonblock)
			break;
		rc = uk_socket_wait(s, UK_EV_OUT, deadline);
		if (rc)
			break;
	}
	refresh(is);
	if (done)
		return done;
	if (stream && (rc == -ENOTCONN || rc == -ECONNRESET) && is->hup)
		rc = -EPIPE;
out:
	if (rc == -EPIPE && !(flags & MSG_NOSIGNAL))
		uk_signal_raise(SIGPIPE);
	return rc;
}

static ssize_t inet_recvmsg(struct uk_socket *s, struct msghdr *msg,
			    int flags)
{
	struct isock *is = is_of(s);
	uint64_t deadline = uk_socket_deadline(s->rcvtimeo);
	bool nonblock = flags & MSG_DONTWAIT, stream = s->type == SOCK_STREAM;
	bool waitall = stream && (flags & MSG_WAITALL) && !nonblock &&
		       !(flags & MSG_PEEK);
	struct iovec iov[IOV_MAX_LOCAL];
	size_t total, got = 0;
	struct msghdr m;
	ssize_t n;
	int rc;

	rc = msg_local(msg, &m, iov);
	if (rc)
		return rc;
	total = iov_total(iov, m.msg_iovlen);
	msg->msg_controllen = 0;
	msg->msg_flags = 0;
	if (is->rd_shut && stream)
		return 0;
	for (;;) {
		m.msg_flags = 0;
		n = lwip_recvmsg(is->fd, &m, MSG_DONTWAIT |
				 (flags & (MSG_PEEK | MSG_TRUNC)));
		if (n > 0 || (n == 0 && (total || !stream))) {
			if (n == 0 && stream)
				is->eof = true;
			got += n;
			msg->msg_namelen = m.msg_namelen;
			msg->msg_flags = m.msg_flags;
			if (!waitall || n == 0 || got >= total)
				break;
			iov_skip(&m.msg_iov, &m.msg_iovlen, n);
			refresh(is);
			continue;
		}
		if (n == 0)
			break;		/* a zero-length read on a stream */
		rc = lwip_err();
		if (rc != -EAGAIN || nonblock) {
			refresh(is);
			return got ? (ssize_t)got : rc;
		}
		rc = uk_socket_wait(s, UK_EV_IN, deadline);
		if (rc) {
			refresh(is);
			return got ? (ssize_t)got : rc;
		}
	}
	refresh(is);
	return got;
}

static int inet_ioctl(struct uk_socket *s, unsigned int cmd, void *arg)
{
	struct isock *is = is_of(s);
	int n = 0;

	if (cmd != FIONREAD)
		return -ENOTTY;
	if (!uk_user_ok(arg, sizeof(int), true))
		return -EFAULT;
	if (is->listening)
		return -EINVAL;
	if (lwip_ioctl(is->fd, FIONREAD, &n))
		return lwip_err();
	*(int *)arg = n;
	return 0;
}

static void inet_release(struct uk_socket *s)
{
	struct isock *is = is_of(s);
	unsigned long flags = uk_sched_lock();

	socks[is->fd] = NULL;
	uk_sched_unlock(flags);
	lwip_close(is->fd);
	uk_free(is);
}

static const struct uk_socket_ops inet_ops = {
	.bind = inet_bind,
	.listen = inet_listen,
	.accept = inet_accept,
	.connect = inet_connect,
	.shutdown = inet_shutdown,
	.getname = inet_getname,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.ioctl = inet_ioctl,
	.release = inet_release,
};

uk_sock_family_register(inet_family) = {
	.domain = AF_INET,
	.create = inet4_create,
};

#if LWIP_IPV6
uk_sock_family_register(inet6_family) = {
	.domain = AF_INET6,
	.create = inet6_create,
};
#endif

static int inet_init(void)
{
	uk_lwip_set_socket_event_hook(socket_event);
	return 0;
}
uk_initcall(inet_init, UK_INIT_LIB);
