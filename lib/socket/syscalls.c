// SPDX-License-Identifier: BSD-3-Clause
/*
 * The socket syscalls: every pointer from the app is checked and copied
 * (addresses into a sockaddr_storage, iovecs imported, ancillary data
 * into a kernel buffer) before the family sees it; results are copied
 * back. SO_RCVTIMEO/SO_SNDTIMEO, SO_TYPE, SO_DOMAIN and SO_PROTOCOL are
 * answered here for every family.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <uk/alloc.h>
#include <uk/fdtab.h>
#include <uk/socket.h>
#include <uk/syscall.h>
#include <uk/user.h>

#define CONTROL_MAX	4096	/* ancillary data we copy: Linux allows 10K */

static const struct uk_sock_family *family(int domain)
{
	const struct uk_sock_family *f;

	uk_table_foreach(f, sockfamilies)
		if (f->domain == domain)
			return f;
	return NULL;
}

/* The socket behind fd with its open file (put it): 0, -EBADF, -ENOTSOCK */
static int sock_get(int fd, struct uk_ofile **of, struct uk_socket **s)
{
	*of = uk_fd_get(fd);
	if (!*of)
		return -EBADF;
	*s = uk_socket_of((*of)->file);
	if (!*s || ((*of)->flags & O_PATH)) {
		uk_ofile_put(*of);
		return -ENOTSOCK;
	}
	return 0;
}

static int open_socket(struct uk_socket *s, int flags)
{
	return uk_fd_open_file(&s->file, O_RDWR |
			       (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0) |
			       (flags & SOCK_CLOEXEC ? O_CLOEXEC : 0));
}

UK_SYSCALL_DEFINE(int, socket, int, domain, int, type, int, protocol)
{
	const struct uk_sock_family *fam = family(domain);
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct uk_socket *s;
	int rc;

	if (!fam)
		return -EAFNOSUPPORT;
	type &= ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
	rc = fam->create(type, protocol, &s);
	if (rc)
		return rc;
	return open_socket(s, flags);
}

UK_SYSCALL_DEFINE(int, socketpair, int, domain, int, type, int, protocol,
		  int *, sv)
{
	const struct uk_sock_family *fam = family(domain);
	int flags = type & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	struct uk_socket *s[2];
	int fd0, fd1, rc;

	if (!fam)
		return -EAFNOSUPPORT;
	if (!fam->pair)
		return -EOPNOTSUPP;
	if (!uk_user_ok(sv, 2 * sizeof(int), true))
		return -EFAULT;
	rc = fam->pair(type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC), protocol, s);
	if (rc)
		return rc;
	fd0 = open_socket(s[0], flags);
	if (fd0 < 0) {
		uk_file_put(&s[1]->file);
		return fd0;
	}
	fd1 = open_socket(s[1], flags);
	if (fd1 < 0) {
		uk_fd_close(fd0);
		return fd1;
	}
	sv[0] = fd0;
	sv[1] = fd1;
	return 0;
}

/* An address from the app into ss: 0, -EFAULT, -EINVAL. */
static int addr_in(const struct sockaddr *uaddr, socklen_t len,
		   struct sockaddr_storage *ss)
{
	if (len > sizeof(*ss))
		return -EINVAL;
	if (!uk_user_ok(uaddr, len, false))
		return -EFAULT;
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, uaddr, len);
	return 0;
}

/* Back to the app, truncated to its buffer, *ulen set to the full size. */
static int addr_out(const struct sockaddr_storage *ss, socklen_t len,
		    struct sockaddr *uaddr, socklen_t *ulen)
{
	socklen_t room;

	if (!uaddr)
		return 0;
	if (!uk_user_ok(ulen, sizeof(*ulen), true))
		return -EFAULT;
	room = *ulen;
	if ((int)room < 0)
		return -EINVAL;
	if (!uk_user_ok(uaddr, MIN(room, len), true))
		return -EFAULT;
	memcpy(uaddr, ss, MIN(room, len));
	*ulen = len;
	return 0;
}

UK_SYSCALL_DEFINE(int, bind, int, fd, const struct sockaddr *, uaddr,
		  socklen_t, len)
{
	struct sockaddr_storage ss;
	struct uk_ofile *of;
	struct uk_socket *s;
	int rc;

	rc = addr_in(uaddr, len, &ss);
	if (rc)
		return rc;
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	rc = s->sops->bind ? s->sops->bind(s, (struct sockaddr *)&ss, len) :
	     -EOPNOTSUPP;
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(int, listen, int, fd, int, backlog)
{
	struct uk_ofile *of;
	struct uk_socket *s;
	int rc;

	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	rc = s->sops->listen ? s->sops->listen(s, backlog) : -EOPNOTSUPP;
	uk_ofile_put(of);
	return rc;
}

static long do_accept(int fd, struct sockaddr *uaddr, socklen_t *ulen,
		      int flags)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct uk_socket *s, *ns;
	struct uk_ofile *of;
	int rc, nfd;

	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	if (uaddr && !uk_user_ok(ulen, sizeof(*ulen), true))
		return -EFAULT;
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	if (!s->sops->accept) {
		uk_ofile_put(of);
		return -EOPNOTSUPP;
	}
	memset(&ss, 0, sizeof(ss));
	rc = s->sops->accept(s, &ns, (struct sockaddr *)&ss, &len,
			     of->flags & O_NONBLOCK);
	uk_ofile_put(of);
	if (rc)
		return rc;
	rc = addr_out(&ss, len, uaddr, ulen);
	if (rc) {
		uk_file_put(&ns->file);
		return rc;
	}
	nfd = open_socket(ns, flags);
	return nfd;
}

UK_SYSCALL_DEFINE(int, accept, int, fd, struct sockaddr *, addr,
		  socklen_t *, len)
{
	return do_accept(fd, addr, len, 0);
}

UK_SYSCALL_DEFINE(int, accept4, int, fd, struct sockaddr *, addr,
		  socklen_t *, len, int, flags)
{
	return do_accept(fd, addr, len, flags);
}

UK_SYSCALL_DEFINE(int, connect, int, fd, const struct sockaddr *, uaddr,
		  socklen_t, len)
{
	struct sockaddr_storage ss;
	struct uk_ofile *of;
	struct uk_socket *s;
	int rc;

	rc = addr_in(uaddr, len, &ss);
	if (rc)
		return rc;
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	rc = s->sops->connect ?
	     s->sops->connect(s, (struct sockaddr *)&ss, len,
			      of->flags & O_NONBLOCK) : -EOPNOTSUPP;
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(int, shutdown, int, fd, int, how)
{
	struct uk_ofile *of;
	struct uk_socket *s;
	int rc;

	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	rc = s->sops->shutdown ? s->sops->shutdown(s, how) : -EOPNOTSUPP;
	uk_ofile_put(of);
	return rc;
}

static long do_getname(int fd, struct sockaddr *uaddr, socklen_t *ulen,
		       bool peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	struct uk_ofile *of;
	struct uk_socket *s;
	int rc;

	if (!uaddr || !uk_user_ok(ulen, sizeof(*ulen), true))
		return -EFAULT;
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	memset(&ss, 0, sizeof(ss));
	rc = s->sops->getname ? s->sops->getname(s, (struct sockaddr *)&ss,
						 &len, peer) : -EOPNOTSUPP;
	uk_ofile_put(of);
	return rc ? rc : addr_out(&ss, len, uaddr, ulen);
}

UK_SYSCALL_DEFINE(int, getsockname, int, fd, struct sockaddr *, addr,
		  socklen_t *, len)
{
	return do_getname(fd, addr, len, false);
}

UK_SYSCALL_DEFINE(int, getpeername, int, fd, struct sockaddr *, addr,
		  socklen_t *, len)
{
	return do_getname(fd, addr, len, true);
}

/* --- options ----------------------------------------------------------------- */

static uint64_t timeval_ns(const struct timeval *tv)
{
	return tv->tv_sec * 1000000000ULL + tv->tv_usec * 1000ULL;
}

UK_SYSCALL_DEFINE(int, setsockopt, int, fd, int, level, int, name,
		  const void *, uval, socklen_t, len)
{
	char val[256];
	struct uk_ofile *of;
	struct uk_socket *s;
	int rc;

	if ((int)len < 0)
		return -EINVAL;
	if (len > sizeof(val))
		len = sizeof(val);	/* no option of ours is longer */
	if (!uk_user_ok(uval, len, false))
		return -EFAULT;
	memcpy(val, uval, len);
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	if (level == SOL_SOCKET && (name == SO_RCVTIMEO ||
				    name == SO_SNDTIMEO)) {
		struct timeval tv;

		rc = -EINVAL;
		if (len >= sizeof(tv)) {
			memcpy(&tv, val, sizeof(tv));
			if (tv.tv_usec >= 0 && tv.tv_usec < 1000000 &&
			    tv.tv_sec >= 0) {
				*(name == SO_RCVTIMEO ? &s->rcvtimeo :
				  &s->sndtimeo) = timeval_ns(&tv);
				rc = 0;
			} else {
				rc = -EDOM;
			}
		}
	} else {
		rc = s->sops->setsockopt ?
		     s->sops->setsockopt(s, level, name, val, len) :
		     -ENOPROTOOPT;
	}
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(int, getsockopt, int, fd, int, level, int, name,
		  void *, uval, socklen_t *, ulen)
{
	socklen_t len, room;
	struct uk_ofile *of;
	struct uk_socket *s;
	char val[256];
	int rc, i;

	if (!uk_user_ok(ulen, sizeof(*ulen), true))
		return -EFAULT;
	room = *ulen;
	if ((int)room < 0)
		return -EINVAL;
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	memset(val, 0, sizeof(val));
	len = sizeof(int);
	if (level == SOL_SOCKET && (name == SO_RCVTIMEO ||
				    name == SO_SNDTIMEO)) {
		uint64_t ns = name == SO_RCVTIMEO ? s->rcvtimeo : s->sndtimeo;
		struct timeval tv = { ns / 1000000000ULL,
				      ns % 1000000000ULL / 1000 };

		memcpy(val, &tv, sizeof(tv));
		len = sizeof(tv);
	} else if (level == SOL_SOCKET && (name == SO_TYPE ||
					   name == SO_DOMAIN ||
					   name == SO_PROTOCOL)) {
		i = name == SO_TYPE ? s->type : name == SO_DOMAIN ?
		    s->domain : s->protocol;
		memcpy(val, &i, sizeof(i));
	} else {
		len = sizeof(val);
		rc = s->sops->getsockopt ?
		     s->sops->getsockopt(s, level, name, val, &len) :
		     -ENOPROTOOPT;
	}
	uk_ofile_put(of);
	if (rc)
		return rc;
	len = MIN(len, room);
	if (!uk_user_ok(uval, len, true))
		return -EFAULT;
	memcpy(uval, val, len);
	*ulen = len;
	return 0;
}

/* --- data ---------------------------------------------------------------------- */

/*
 * A kernel copy of the app's msghdr: iovecs imported (for receiving:
 * writable), the name and control buffers copied in (sending) or given
 * room (receiving).
 */
struct kmsg {
	struct msghdr m;
	struct iovec onstack[UK_IOV_ONSTACK], *iov;
	struct sockaddr_storage name;
	void *control;
	const struct msghdr *umsg;
};

static int kmsg_in(struct kmsg *k, const struct msghdr *umsg, bool recv)
{
	size_t total;
	int rc;

	if (!uk_user_read_ok(umsg))
		return -EFAULT;
	k->umsg = umsg;
	k->m = *umsg;
	k->iov = k->onstack;
	k->control = NULL;
	rc = uk_iov_import(k->m.msg_iov, k->m.msg_iovlen, recv, &k->iov,
			   &total);
	if (rc)
		return rc;
	k->m.msg_iov = k->iov;
	if (k->m.msg_name) {
		if (k->m.msg_namelen > sizeof(k->name) && !recv) {
			rc = -EINVAL;
			goto fail;
		}
		if (!recv) {
			rc = addr_in(k->m.msg_name, k->m.msg_namelen,
				     &k->name);
			if (rc)
				goto fail;
		}
		k->m.msg_name = &k->name;
		if (recv)
			k->m.msg_namelen = sizeof(k->name);
	}
	if (k->m.msg_control && k->m.msg_controllen) {
		size_t n = MIN(k->m.msg_controllen, (size_t)CONTROL_MAX);

		if (!uk_user_ok(umsg->msg_control, n, recv)) {
			rc = -EFAULT;
			goto fail;
		}
		k->control = uk_malloc(n);
		if (!k->control) {
			rc = -ENOMEM;
			goto fail;
		}
		if (!recv)
			memcpy(k->control, umsg->msg_control, n);
		k->m.msg_control = k->control;
		k->m.msg_controllen = n;
	} else {
		k->m.msg_control = NULL;
		k->m.msg_controllen = 0;
	}
	return 0;
fail:
	uk_iov_free(k->iov, k->onstack);
	return rc;
}

static void kmsg_done(struct kmsg *k)
{
	uk_iov_free(k->iov, k->onstack);
	uk_free(k->control);
}

/* What recvmsg says back: the name's length, flags, control data. */
static int kmsg_out(struct kmsg *k, struct msghdr *umsg)
{
	if (!uk_user_write_ok(umsg))
		return -EFAULT;
	if (umsg->msg_name) {
		size_t n = MIN((size_t)umsg->msg_namelen,
			       (size_t)k->m.msg_namelen);

		if (!uk_user_ok(umsg->msg_name, n, true))
			return -EFAULT;
		memcpy(umsg->msg_name, &k->name, n);
		umsg->msg_namelen = k->m.msg_namelen;
	}
	if (k->control)
		memcpy(umsg->msg_control, k->control, k->m.msg_controllen);
	umsg->msg_controllen = k->control ? k->m.msg_controllen : 0;
	umsg->msg_flags = k->m.msg_flags;
	return 0;
}

static long do_sendmsg(struct uk_socket *s, struct uk_ofile *of,
		       const struct msghdr *umsg, int flags)
{
	struct kmsg k;
	long rc;

	rc = kmsg_in(&k, umsg, false);
	if (rc)
		return rc;
	if (of->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	rc = s->sops->sendmsg ? s->sops->sendmsg(s, &k.m, flags) :
	     -EOPNOTSUPP;
	kmsg_done(&k);
	return rc;
}

static long do_recvmsg(struct uk_socket *s, struct uk_ofile *of,
		       struct msghdr *umsg, int flags)
{
	struct kmsg k;
	long rc, rc2;

	rc = kmsg_in(&k, umsg, true);
	if (rc)
		return rc;
	if (of->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	k.m.msg_flags = 0;
	rc = s->sops->recvmsg ? s->sops->recvmsg(s, &k.m, flags) :
	     -EOPNOTSUPP;
	if (rc >= 0) {
		rc2 = kmsg_out(&k, umsg);
		if (rc2)
			rc = rc2;
	}
	kmsg_done(&k);
	return rc;
}

UK_SYSCALL_DEFINE(ssize_t, sendmsg, int, fd, const struct msghdr *, msg,
		  int, flags)
{
	struct uk_ofile *of;
	struct uk_socket *s;
	long rc;

	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	rc = do_sendmsg(s, of, msg, flags);
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(ssize_t, recvmsg, int, fd, struct msghdr *, msg, int, flags)
{
	struct uk_ofile *of;
	struct uk_socket *s;
	long rc;

	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	rc = do_recvmsg(s, of, msg, flags);
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(ssize_t, sendto, int, fd, const void *, buf, size_t, len,
		  int, flags, const struct sockaddr *, addr, socklen_t, alen)
{
	struct iovec iov = { (void *)buf, len };
	struct msghdr m = { .msg_name = (void *)addr, .msg_namelen = alen,
			    .msg_iov = &iov, .msg_iovlen = 1 };
	struct uk_ofile *of;
	struct uk_socket *s;
	long rc;

	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	if (!addr)
		m.msg_namelen = 0;
	rc = do_sendmsg(s, of, &m, flags);
	uk_ofile_put(of);
	return rc;
}

UK_SYSCALL_DEFINE(ssize_t, recvfrom, int, fd, void *, buf, size_t, len,
		  int, flags, struct sockaddr *, addr, socklen_t *, alen)
{
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct uk_ofile *of;
	struct uk_socket *s;
	long rc;

	if (addr) {
		if (!uk_user_ok(alen, sizeof(*alen), true))
			return -EFAULT;
		m.msg_name = addr;
		m.msg_namelen = *alen;
	}
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	rc = do_recvmsg(s, of, &m, flags);
	uk_ofile_put(of);
	if (rc >= 0 && addr)
		*alen = m.msg_namelen;
	return rc;
}

UK_SYSCALL_DEFINE(int, sendmmsg, int, fd, struct mmsghdr *, vec,
		  unsigned int, n, int, flags)
{
	struct uk_ofile *of;
	struct uk_socket *s;
	unsigned int i;
	long rc;

	if (!uk_user_ok(vec, n * sizeof(*vec), true))
		return -EFAULT;
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	for (i = 0; i < n && i < 1024; i++) {
		rc = do_sendmsg(s, of, &vec[i].msg_hdr, flags);
		if (rc < 0)
			break;
		vec[i].msg_len = rc;
	}
	uk_ofile_put(of);
	return i ? (long)i : rc;
}

UK_SYSCALL_DEFINE(int, recvmmsg, int, fd, struct mmsghdr *, vec,
		  unsigned int, n, int, flags, struct timespec *, timeout)
{
	struct uk_ofile *of;
	struct uk_socket *s;
	unsigned int i;
	long rc;

	if (!uk_user_ok(vec, n * sizeof(*vec), true))
		return -EFAULT;
	rc = sock_get(fd, &of, &s);
	if (rc)
		return rc;
	for (i = 0; i < n && i < 1024; i++) {
		/* after the first, only what is there (MSG_WAITFORONE) */
		rc = do_recvmsg(s, of, &vec[i].msg_hdr,
				i && (flags & MSG_WAITFORONE) ?
				flags | MSG_DONTWAIT : flags);
		if (rc < 0)
			break;
		vec[i].msg_len = rc;
	}
	uk_ofile_put(of);
	(void)timeout;		/* not honoured: said in README.md */
	return i ? (long)i : rc;
}
