// SPDX-License-Identifier: BSD-3-Clause
/*
 * AF_UNIX sockets through musl (lib/socket, lib/unixsock): socketpair,
 * named stream and datagram sockets, SCM_RIGHTS, shutdown, epoll on
 * them, and the errors Linux gives.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <uk/test.h>

#include "selftest.h"

UK_TESTCASE(unix, socketpair_stream_and_shutdown)
{
	struct sigaction sa = { .sa_handler = SIG_IGN }, osa;
	struct pollfd p;
	char buf[16];
	int sv[2], n;

	UK_TEST_ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
				     sv), 0);
	UK_TEST_EXPECT_EQ(fcntl(sv[0], F_GETFD), FD_CLOEXEC);
	UK_TEST_EXPECT_EQ(write(sv[0], "hello", 5), 5);
	UK_TEST_EXPECT_EQ(send(sv[0], " you", 4, 0), 4);
	UK_TEST_EXPECT_EQ(ioctl(sv[1], FIONREAD, &n), 0);
	UK_TEST_EXPECT_EQ(n, 9);
	UK_TEST_EXPECT_EQ(recv(sv[1], buf, 3, MSG_PEEK), 3);
	UK_TEST_EXPECT_EQ(read(sv[1], buf, sizeof(buf)), 9);	/* streams join */
	UK_TEST_EXPECT_MEM_EQ(buf, "hello you", 9);
	UK_TEST_EXPECT_EQ(recv(sv[1], buf, 1, MSG_DONTWAIT), -1);
	UK_TEST_EXPECT_EQ(errno, EAGAIN);
	/* shutdown: the other end reads EOF, and POLLRDHUP */
	UK_TEST_EXPECT_EQ(shutdown(sv[0], SHUT_WR), 0);
	p = (struct pollfd){ .fd = sv[1], .events = POLLIN | POLLRDHUP };
	UK_TEST_EXPECT_EQ(poll(&p, 1, 0), 1);
	UK_TEST_EXPECT(p.revents & POLLRDHUP);
	UK_TEST_EXPECT_EQ(read(sv[1], buf, sizeof(buf)), 0);
	sigaction(SIGPIPE, &sa, &osa);
	EXPECT_ERR(write(sv[0], "x", 1), EPIPE);
	sigaction(SIGPIPE, &osa, NULL);
	close(sv[0]);
	close(sv[1]);
	EXPECT_ERR(socketpair(AF_UNIX, 99, 0, sv), ESOCKTNOSUPPORT);
	EXPECT_ERR(socketpair(AF_UNIX, SOCK_STREAM, 0, NULL), EFAULT);
	EXPECT_ERR(socket(12345, SOCK_STREAM, 0), EAFNOSUPPORT);
	EXPECT_ERR(bind(0, NULL, 0), ENOTSOCK);
}

UK_TESTCASE(unix, datagrams_keep_their_bounds)
{
	char buf[16];
	int sv[2];

	UK_TEST_ASSERT_EQ(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	UK_TEST_EXPECT_EQ(send(sv[0], "one", 3, 0), 3);
	UK_TEST_EXPECT_EQ(send(sv[0], "two!", 4, 0), 4);
	UK_TEST_EXPECT_EQ(recv(sv[1], buf, sizeof(buf), 0), 3);
	UK_TEST_EXPECT_EQ(recv(sv[1], buf, 2, 0), 2);	/* truncated */
	UK_TEST_EXPECT_MEM_EQ(buf, "tw", 2);
	UK_TEST_EXPECT_EQ(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT), -1);
	close(sv[0]);
	close(sv[1]);
}

struct srv_arg {
	int fd;
	char got[32];
	int n;
};

static void *echo_server(void *p)
{
	struct srv_arg *a = p;
	int c = accept(a->fd, NULL, NULL);

	if (c < 0)
		return NULL;
	a->n = read(c, a->got, sizeof(a->got));
	if (a->n > 0)
		write(c, a->got, a->n);
	close(c);
	return NULL;
}

UK_TESTCASE(unix, named_stream_socket_on_the_vfs)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX,
				    .sun_path = "/tmp/echo.sock" };
	struct srv_arg a = { 0 };
	struct sockaddr_un peer;
	socklen_t plen = sizeof(peer);
	struct stat st;
	pthread_t t;
	char buf[32];
	int s, c;

	unlink(addr.sun_path);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	UK_TEST_ASSERT_GE(s, 0);
	UK_TEST_ASSERT_EQ(bind(s, (struct sockaddr *)&addr, sizeof(addr)), 0);
	UK_TEST_EXPECT_EQ(stat(addr.sun_path, &st), 0);
	UK_TEST_EXPECT(S_ISSOCK(st.st_mode));
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_ERR(connect(c, (struct sockaddr *)&addr, sizeof(addr)),
		   ECONNREFUSED);			/* not listening */
	UK_TEST_ASSERT_EQ(listen(s, 4), 0);
	EXPECT_ERR(bind(socket(AF_UNIX, SOCK_STREAM, 0),
			(struct sockaddr *)&addr, sizeof(addr)), EADDRINUSE);
	a.fd = s;
	pthread_create(&t, NULL, echo_server, &a);
	UK_TEST_ASSERT_EQ(connect(c, (struct sockaddr *)&addr, sizeof(addr)),
			  0);
	UK_TEST_EXPECT_EQ(getpeername(c, (struct sockaddr *)&peer, &plen), 0);
	UK_TEST_EXPECT_STR_EQ(peer.sun_path, "/tmp/echo.sock");
	UK_TEST_EXPECT_EQ(write(c, "ping", 4), 4);
	UK_TEST_EXPECT_EQ(read(c, buf, sizeof(buf)), 4);
	UK_TEST_EXPECT_MEM_EQ(buf, "ping", 4);
	UK_TEST_EXPECT_EQ(read(c, buf, sizeof(buf)), 0);	/* server closed */
	pthread_join(t, NULL);
	close(c);
	close(s);
	UK_TEST_EXPECT_EQ(unlink(addr.sun_path), 0);
	strcpy(addr.sun_path, "/tmp/none.sock");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	EXPECT_ERR(connect(c, (struct sockaddr *)&addr, sizeof(addr)),
		   ENOENT);
	close(c);
}

UK_TESTCASE(unix, scm_rights_passes_a_descriptor)
{
	char data = 'x', cbuf[CMSG_SPACE(sizeof(int))], buf[8];
	struct iovec iov = { &data, 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	int sv[2], p[2], got;

	UK_TEST_ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	UK_TEST_ASSERT_EQ(pipe(p), 0);
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &p[1], sizeof(int));
	UK_TEST_EXPECT_EQ(sendmsg(sv[0], &m, 0), 1);
	memset(cbuf, 0, sizeof(cbuf));
	m.msg_controllen = sizeof(cbuf);
	UK_TEST_EXPECT_EQ(recvmsg(sv[1], &m, 0), 1);
	c = CMSG_FIRSTHDR(&m);
	UK_TEST_ASSERT_NOT_NULL(c);
	UK_TEST_EXPECT_EQ(c->cmsg_type, SCM_RIGHTS);
	memcpy(&got, CMSG_DATA(c), sizeof(int));
	UK_TEST_EXPECT_NE(got, p[1]);
	/* the received descriptor is the pipe's write end */
	UK_TEST_EXPECT_EQ(write(got, "via", 3), 3);
	UK_TEST_EXPECT_EQ(read(p[0], buf, sizeof(buf)), 3);
	close(got);
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
}

UK_TESTCASE(unix, epoll_sees_a_socketpair)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 4 };
	int sv[2], ep = epoll_create1(0);

	UK_TEST_ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0,
				     sv), 0);
	UK_TEST_EXPECT_EQ(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev), 0);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, &ev, 1, 0), 0);
	write(sv[0], "w", 1);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, &ev, 1, 0), 1);
	UK_TEST_EXPECT_EQ(ev.data.u64, 4);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, &ev, 1, 0), 0);	/* edge */
	close(sv[0]);
	UK_TEST_EXPECT_EQ(epoll_wait(ep, &ev, 1, 0), 1);	/* EOF */
	UK_TEST_EXPECT(ev.events & (EPOLLIN | EPOLLRDHUP));
	close(sv[1]);
	close(ep);
}
