/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sockets: files of type S_IFSOCK whose operations come from an address
 * family. lib/socket owns the syscalls (socket, bind, connect, send...,
 * and read/write through lib/file) and checks what the app passes; a
 * family (libs/lwip for AF_INET/AF_INET6, lib/unixsock for AF_UNIX)
 * registers with uk_sock_family_register() and implements the calls on
 * kernel copies: addresses are in a struct sockaddr_storage, buffers are
 * checked iovecs, and flags say whether the call may block (the open file
 * has O_NONBLOCK, or MSG_DONTWAIT).
 *
 * A family's socket raises and lowers its file's events (uk/file.h) as
 * its state changes, so that blocking calls (uk_file_wait), poll and
 * epoll all work the same way.
 */
#ifndef UK_SOCKET_H
#define UK_SOCKET_H

#include <sys/socket.h>
#include <sys/stat.h>

#include <uk/file.h>
#include <uk/table.h>

struct uk_socket;
struct msghdr;

/* What a family's socket does. Unset operations: EOPNOTSUPP. */
struct uk_socket_ops {
	int (*bind)(struct uk_socket *s, const struct sockaddr *addr,
		    socklen_t len);
	int (*listen)(struct uk_socket *s, int backlog);
	/* a new socket (with a reference) and the peer's address */
	int (*accept)(struct uk_socket *s, struct uk_socket **out,
		      struct sockaddr *addr, socklen_t *len, bool nonblock);
	int (*connect)(struct uk_socket *s, const struct sockaddr *addr,
		       socklen_t len, bool nonblock);
	int (*shutdown)(struct uk_socket *s, int how);
	int (*getname)(struct uk_socket *s, struct sockaddr *addr,
		       socklen_t *len, bool peer);
	int (*setsockopt)(struct uk_socket *s, int level, int name,
			  const void *val, socklen_t len);
	int (*getsockopt)(struct uk_socket *s, int level, int name,
			  void *val, socklen_t *len);
	/*
	 * msg: a kernel copy (msg_name a kernel sockaddr_storage, msg_iov
	 * checked iovecs, msg_control a kernel buffer or NULL); flags the
	 * MSG_* flags, MSG_DONTWAIT set when the call must not block.
	 * Returns bytes or -errno; recvmsg fills msg_namelen, msg_flags,
	 * msg_controllen.
	 */
	ssize_t (*sendmsg)(struct uk_socket *s, const struct msghdr *msg,
			   int flags);
	ssize_t (*recvmsg)(struct uk_socket *s, struct msghdr *msg, int flags);
	/* FIONREAD and the like: -ENOTTY for what it does not know */
	int (*ioctl)(struct uk_socket *s, unsigned int cmd, void *arg);
	/* the last reference went: close and free s (required) */
	void (*release)(struct uk_socket *s);
};

struct uk_socket {
	struct uk_file file;		/* first: a socket is a file */
	const struct uk_socket_ops *sops;
	int domain, type, protocol;
	/* SO_RCVTIMEO / SO_SNDTIMEO in ns, kept here for every family */
	uint64_t rcvtimeo, sndtimeo;
};

static inline struct uk_socket *uk_socket_of(struct uk_file *f)
{
	return f->type == S_IFSOCK ? (struct uk_socket *)f : NULL;
}

/*
 * Sets up s (its family allocated it) with one reference: the file's
 * read/write go to sendmsg/recvmsg, stat says a socket, the last
 * reference calls sops->release.
 */
void uk_socket_init(struct uk_socket *s, const struct uk_socket_ops *sops,
		    int domain, int type, int protocol);

/* An address family: creates its sockets. */
struct uk_sock_family {
	int domain;
	/* type without SOCK_NONBLOCK/SOCK_CLOEXEC; a socket with a
	 * reference, or -errno (-EPROTONOSUPPORT, -ESOCKTNOSUPPORT...) */
	int (*create)(int type, int protocol, struct uk_socket **out);
	/* a connected pair (socketpair), or NULL: -EOPNOTSUPP */
	int (*pair)(int type, int protocol, struct uk_socket *out[2]);
};
UK_TABLE_DECLARE(sockfamilies, struct uk_sock_family);
#define uk_sock_family_register(var)					\
	static const struct uk_sock_family var				\
		__uk_table(sockfamilies, "5")

/*
 * Helpers for families: the deadline of a blocking call from the socket's
 * timeout (UK_WAIT_FOREVER if none), and waiting for ev on the socket:
 * 0, -EAGAIN (timed out: what Linux returns), -EINTR.
 */
uint64_t uk_socket_deadline(uint64_t timeo_ns);
int uk_socket_wait(struct uk_socket *s, unsigned int ev, uint64_t deadline);

/*
 * Called by blocking socket calls before they sleep: lets the network
 * stack process what has arrived (lwIP drains its devices), so that no
 * thread of its own is needed. A family registers it; NULL: none.
 */
extern void (*uk_socket_before_wait)(void);

#endif /* UK_SOCKET_H */
