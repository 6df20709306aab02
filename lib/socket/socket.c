// SPDX-License-Identifier: BSD-3-Clause
/* Socket files: read/write as recvmsg/sendmsg, stat, waiting. */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <uk/plat.h>
#include <uk/socket.h>

UK_TABLE_DEFINE(sockfamilies, struct uk_sock_family);

void (*uk_socket_before_wait)(void);

static ssize_t sock_read(struct uk_file *f, const struct iovec *iov, int cnt,
			 off_t *pos, int flags)
{
	struct uk_socket *s = (struct uk_socket *)f;
	struct msghdr msg = { .msg_iov = (struct iovec *)iov,
			      .msg_iovlen = cnt };

	if (!s->sops->recvmsg)
		return -EOPNOTSUPP;
	return s->sops->recvmsg(s, &msg, flags & O_NONBLOCK ? MSG_DONTWAIT :
				0);
}

static ssize_t sock_write(struct uk_file *f, const struct iovec *iov, int cnt,
			  off_t *pos, int flags)
{
	struct uk_socket *s = (struct uk_socket *)f;
	struct msghdr msg = { .msg_iov = (struct iovec *)iov,
			      .msg_iovlen = cnt };

	if (!s->sops->sendmsg)
		return -EOPNOTSUPP;
	return s->sops->sendmsg(s, &msg, flags & O_NONBLOCK ? MSG_DONTWAIT :
				0);
}

static int sock_ioctl(struct uk_file *f, struct uk_ofile *of,
		      unsigned int cmd, void *arg)
{
	struct uk_socket *s = (struct uk_socket *)f;

	return s->sops->ioctl ? s->sops->ioctl(s, cmd, arg) : -ENOTTY;
}

static int sock_stat(struct uk_file *f, struct uk_statx *st)
{
	uk_statx_init(st, S_IFSOCK | 0777, (uintptr_t)f >> 4);
	st->stx_dev_minor = 8;		/* sockfs */
	return 0;
}

static void sock_release(struct uk_file *f)
{
	struct uk_socket *s = (struct uk_socket *)f;

	s->sops->release(s);
}

static const struct uk_file_ops sock_ops = {
	.read = sock_read,
	.write = sock_write,
	.ioctl = sock_ioctl,
	.stat = sock_stat,
	.release = sock_release,
};

void uk_socket_init(struct uk_socket *s, const struct uk_socket_ops *sops,
		    int domain, int type, int protocol)
{
	s->sops = sops;
	s->domain = domain;
	s->type = type;
	s->protocol = protocol;
	s->rcvtimeo = s->sndtimeo = 0;
	uk_file_init(&s->file, &sock_ops, S_IFSOCK, UK_FILE_STREAM, 0);
}

uint64_t uk_socket_deadline(uint64_t timeo_ns)
{
	return timeo_ns ? ukplat_monotonic_ns() + timeo_ns : UK_WAIT_FOREVER;
}

int uk_socket_wait(struct uk_socket *s, unsigned int ev, uint64_t deadline)
{
	int rc;

	if (uk_socket_before_wait) {
		uk_socket_before_wait();
		if (uk_file_events(&s->file) & (ev | UK_EV_ALWAYS))
			return 0;
	}
	rc = uk_file_wait(&s->file, ev, deadline);
	return rc == -ETIMEDOUT ? -EAGAIN : rc;
}
