/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's lwip/sockets.h with LWIP_SOCKET_EXTERNAL_HEADERS (lwipopts.h):
 * the types, constants and flags of lwIP's socket API are musl's, that is
 * Linux's (struct sockaddr without a length field, SOL_SOCKET 1, AF_INET6
 * 10, MSG_DONTWAIT 0x40, O_NONBLOCK, FIONBIO...), so lwIP's sockets.c is
 * compiled against them and lwip_bind(), lwip_setsockopt() and the rest
 * take what a Linux program passes, unconverted. Kernel code may include
 * <sys/socket.h> and this (through <lwip/sockets.h>) in one file.
 *
 * Beyond musl's headers: the lwip_* functions (lwIP's names: nothing here
 * is called socket() or recv()), and the few lwIP option names Linux does
 * not have, with numbers no Linux option of the same level uses.
 */
#ifndef UK_LWIP_ARCH_SOCKETS_H
#define UK_LWIP_ARCH_SOCKETS_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include LWIP_SOCKET_EXTERNAL_HEADER_INET_H

#ifdef __cplusplus
extern "C" {
#endif

#define SIN_ZERO_LEN	sizeof(((struct sockaddr_in *)0)->sin_zero)
#define LWIP_SELECT_MAXNFDS	FD_SETSIZE

/* TCP_KEEPALIVE (lwIP: the idle time in ms; Linux has TCP_KEEPIDLE in
 * seconds, which lwIP has too) */
#ifndef TCP_KEEPALIVE
#define TCP_KEEPALIVE	0x7f02
#endif

void lwip_socket_thread_init(void);
void lwip_socket_thread_cleanup(void);

int lwip_accept(int s, struct sockaddr *addr, socklen_t *addrlen);
int lwip_bind(int s, const struct sockaddr *name, socklen_t namelen);
int lwip_shutdown(int s, int how);
int lwip_getpeername(int s, struct sockaddr *name, socklen_t *namelen);
int lwip_getsockname(int s, struct sockaddr *name, socklen_t *namelen);
int lwip_getsockopt(int s, int level, int optname, void *optval,
		    socklen_t *optlen);
int lwip_setsockopt(int s, int level, int optname, const void *optval,
		    socklen_t optlen);
int lwip_close(int s);
int lwip_connect(int s, const struct sockaddr *name, socklen_t namelen);
int lwip_listen(int s, int backlog);
ssize_t lwip_recv(int s, void *mem, size_t len, int flags);
ssize_t lwip_read(int s, void *mem, size_t len);
ssize_t lwip_readv(int s, const struct iovec *iov, int iovcnt);
ssize_t lwip_recvfrom(int s, void *mem, size_t len, int flags,
		      struct sockaddr *from, socklen_t *fromlen);
ssize_t lwip_recvmsg(int s, struct msghdr *message, int flags);
ssize_t lwip_send(int s, const void *dataptr, size_t size, int flags);
ssize_t lwip_sendmsg(int s, const struct msghdr *message, int flags);
ssize_t lwip_sendto(int s, const void *dataptr, size_t size, int flags,
		    const struct sockaddr *to, socklen_t tolen);
int lwip_socket(int domain, int type, int protocol);
ssize_t lwip_write(int s, const void *dataptr, size_t size);
ssize_t lwip_writev(int s, const struct iovec *iov, int iovcnt);
#if LWIP_SOCKET_POLL
int lwip_poll(struct pollfd *fds, nfds_t nfds, int timeout);
#endif
int lwip_ioctl(int s, long cmd, void *argp);
int lwip_fcntl(int s, int cmd, int val);
const char *lwip_inet_ntop(int af, const void *src, char *dst,
			   socklen_t size);
int lwip_inet_pton(int af, const char *src, void *dst);
/* patches/0002: the state LWIP_HOOK_SOCKET_EVENT reports, read now */
int lwip_socket_events(int s, int *rcvevent, int *sendevent, int *errevent,
		       int *peer_closed);

#ifdef __cplusplus
}
#endif

#endif /* UK_LWIP_ARCH_SOCKETS_H */
