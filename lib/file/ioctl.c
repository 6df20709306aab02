// SPDX-License-Identifier: BSD-3-Clause
/*
 * ioctl: what every file takes (FIONBIO, FIOCLEX...) here, the rest by
 * the file's own op (a terminal's TCGETS, a pipe's FIONREAD).
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/user.h>

static int generic_ioctl(int fd, struct uk_ofile *of, unsigned int cmd,
			 void *arg)
{
	struct uk_file *f = of->file;
	int *ip = arg;
	off_t size;

	switch (cmd) {
	case FIOCLEX:
		return uk_fd_set_cloexec(fd, true);
	case FIONCLEX:
		return uk_fd_set_cloexec(fd, false);
	case FIONBIO:
	case FIOASYNC:
		if (!uk_user_read_ok(ip))
			return -EFAULT;
		if (*ip)
			__atomic_or_fetch(&of->flags, cmd == FIONBIO ?
					  O_NONBLOCK : O_ASYNC,
					  __ATOMIC_RELAXED);
		else
			__atomic_and_fetch(&of->flags, cmd == FIONBIO ?
					   ~O_NONBLOCK : ~O_ASYNC,
					   __ATOMIC_RELAXED);
		return 0;
	case FIONREAD:
		if (f->type != S_IFREG || !f->ops->size)
			break;
		if (!uk_user_write_ok(ip))
			return -EFAULT;
		size = f->ops->size(f) - of->pos;
		*ip = size < 0 ? 0 : size > INT32_MAX ? INT32_MAX : size;
		return 0;
	}
	return -ENOTTY;
}

UK_SYSCALL_DEFINE(int, ioctl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct uk_ofile *of = uk_fd_get(fd);
	struct uk_file *f;
	int rc;

	if (!of)
		return -EBADF;
	f = of->file;
	if (of->flags & O_PATH) {
		rc = -EBADF;
		goto out;
	}
	rc = generic_ioctl(fd, of, cmd, (void *)arg);
	if (rc == -ENOTTY && f->ops->ioctl)
		rc = f->ops->ioctl(f, of, cmd, (void *)arg);
out:
	uk_ofile_put(of);
	return rc;
}
