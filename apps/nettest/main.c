// SPDX-License-Identifier: BSD-3-Clause
/*
 * nettest: the guest program of the kit's network tests (README.md).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static int fail(const char *what)
{
	printf("nettest: %s: %s\n", what, strerror(errno));
	return 1;
}

static int resolve(const char *host, const char *port, int type,
		   struct addrinfo **res)
{
	struct addrinfo hints = { .ai_socktype = type };
	int rc = getaddrinfo(host, port, &hints, res);

	if (rc)
		printf("nettest: getaddrinfo %s: %s\n", host, gai_strerror(rc));
	return rc;
}

static int do_connect(const char *host, const char *port, const char *text)
{
	struct addrinfo *ai;
	char buf[4096];
	size_t got = 0;
	ssize_t n;
	int fd;

	if (resolve(host, port, SOCK_STREAM, &ai))
		return 1;
	/* an IPv6 address comes with the first router advertisement, a
	 * moment after boot: unreachable until then */
	for (int tries = 0;; tries++) {
		fd = socket(ai->ai_family, SOCK_STREAM, 0);
		if (fd < 0)
			return fail("socket");
		if (!connect(fd, ai->ai_addr, ai->ai_addrlen))
			break;
		if ((errno != EHOSTUNREACH && errno != ENETUNREACH) ||
		    ai->ai_family != AF_INET6 || tries == 100)
			return fail("connect");
		close(fd);
		usleep(100000);
	}
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return fail("write");
	shutdown(fd, SHUT_WR);
	while ((n = read(fd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	if (n < 0)
		return fail("read");
	buf[got] = 0;
	printf("nettest: got '%s'\n", buf);
	close(fd);
	freeaddrinfo(ai);
	return 0;
}

static int do_udp(const char *host, const char *port, const char *text)
{
	struct timeval tv = { 2, 0 };
	struct addrinfo *ai;
	char buf[2048];
	ssize_t n;
	int fd;

	if (resolve(host, port, SOCK_DGRAM, &ai))
		return 1;
	fd = socket(ai->ai_family, SOCK_DGRAM, 0);
	if (fd < 0)
		return fail("socket");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (sendto(fd, text, strlen(text), 0, ai->ai_addr, ai->ai_addrlen) < 0)
		return fail("sendto");
	n = recv(fd, buf, sizeof(buf) - 1, 0);
	if (n < 0)
		return fail("recv");
	buf[n] = 0;
	printf("nettest: got '%s'\n", buf);
	return 0;
}

#define MAX_EV 64

struct conn {
	int fd;
	char buf[4096];
	size_t len, off;
};

static int serve(int port, long exit_after)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6,
				  .sin6_port = htons(port) };
	struct epoll_event ev, evs[MAX_EV];
	int one = 1, lfd, ufd, ep, n, i;
	long closed = 0;

	lfd = socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ufd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (lfd < 0 || ufd < 0)
		return fail("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (void *)&a, sizeof(a)) || listen(lfd, 128))
		return fail("bind/listen tcp");
	if (bind(ufd, (void *)&a, sizeof(a)))
		return fail("bind udp");
	ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.ptr = &lfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	ev.data.ptr = &ufd;
	epoll_ctl(ep, EPOLL_CTL_ADD, ufd, &ev);
	printf("nettest: echo on tcp and udp port %d\n", port);
	fflush(stdout);
	for (;;) {
		n = epoll_wait(ep, evs, MAX_EV, -1);
		for (i = 0; i < n; i++) {
			void *p = evs[i].data.ptr;

			if (p == &lfd) {
				struct conn *c;
				int fd = accept4(lfd, NULL, NULL,
						 SOCK_NONBLOCK);

				if (fd < 0)
					continue;
				c = calloc(1, sizeof(*c));
				c->fd = fd;
				ev.events = EPOLLIN | EPOLLRDHUP;
				ev.data.ptr = c;
				epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
			} else if (p == &ufd) {
				struct sockaddr_storage from;
				socklen_t fl = sizeof(from);
				char buf[2048];
				ssize_t r = recvfrom(ufd, buf, sizeof(buf), 0,
						     (void *)&from, &fl);

				if (r >= 0)
					sendto(ufd, buf, r, 0, (void *)&from,
					       fl);
			} else {
				struct conn *c = p;
				ssize_t r = read(c->fd, c->buf, sizeof(c->buf));

				if (r > 0) {
					/* blocking-style echo: small data */
					ssize_t w = 0, k;

					while (w < r) {
						k = write(c->fd, c->buf + w,
							  r - w);
						if (k < 0 && errno == EAGAIN) {
							struct pollfd pf = {
								c->fd, POLLOUT,
								0 };
							poll(&pf, 1, 1000);
							continue;
						}
						if (k < 0)
							break;
						w += k;
					}
					continue;
				}
				if (r < 0 && errno == EAGAIN)
					continue;
				close(c->fd);
				free(c);
				closed++;
			}
		}
		if (exit_after && closed >= exit_after) {
			printf("nettest: %ld connections, exiting\n", closed);
			return 0;
		}
	}
}

int main(int argc, char **argv)
{
	long exit_after = 0;
	char buf[512];
	ssize_t n;
	int fd;

	if (argc >= 3 && !strcmp(argv[1], "-x")) {
		exit_after = atol(argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc >= 2 && !strcmp(argv[1], "serve"))
		return serve(argc > 2 ? atoi(argv[2]) : 7, exit_after);
	if (argc == 5 && !strcmp(argv[1], "connect"))
		return do_connect(argv[2], argv[3], argv[4]);
	if (argc == 5 && !strcmp(argv[1], "udp"))
		return do_udp(argv[2], argv[3], argv[4]);
	if (argc == 3 && !strcmp(argv[1], "resolve")) {
		struct addrinfo *ai;
		char host[64];

		if (resolve(argv[2], NULL, SOCK_STREAM, &ai))
			return 1;
		getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof(host),
			    NULL, 0, NI_NUMERICHOST);
		printf("nettest: %s is %s\n", argv[2], host);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "cat")) {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0)
			return fail(argv[2]);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, n, stdout);
		return 0;
	}
	printf("usage: nettest [-x N] serve [PORT] | connect HOST PORT TEXT | "
	       "udp HOST PORT TEXT | resolve NAME | cat FILE\n");
	return 2;
}
