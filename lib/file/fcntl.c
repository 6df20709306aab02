// SPDX-License-Identifier: BSD-3-Clause
/*
 * fcntl. Record locks: POSIX locks belong to the process, and one process
 * never conflicts with itself, so F_SETLK/F_SETLKW always succeed (after
 * the checks Linux makes) and F_GETLK says F_UNLCK, as Linux would for a
 * process alone with its files. Open file description locks (F_OFD_*)
 * do conflict between descriptions in Linux; they are taken the same way
 * here, which is correct only while one description locks a range (said
 * in README.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>

#include <uk/fdtab.h>
#include <uk/syscall.h>
#include <uk/user.h>

#ifndef F_OFD_GETLK
#define F_OFD_GETLK	36
#define F_OFD_SETLK	37
#define F_OFD_SETLKW	38
#endif

/* what F_SETFL may change */
#define SETFL_MASK	(O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

static int owner_pid;
static int owner_sig;

static int lock_check(struct uk_ofile *of, unsigned int cmd, struct flock *fl)
{
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;

	if (!uk_user_ok(fl, sizeof(*fl), get))
		return -EFAULT;
	if ((cmd == F_OFD_GETLK || cmd == F_OFD_SETLK ||
	     cmd == F_OFD_SETLKW) && fl->l_pid != 0)
		return -EINVAL;
	if (fl->l_whence != SEEK_SET && fl->l_whence != SEEK_CUR &&
	    fl->l_whence != SEEK_END)
		return -EINVAL;
	switch (fl->l_type) {
	case F_RDLCK:
		if (!get && !uk_ofile_readable(of))
			return -EBADF;
		break;
	case F_WRLCK:
		if (!get && !uk_ofile_writable(of))
			return -EBADF;
		break;
	case F_UNLCK:
		if (get)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	if (of->flags & O_PATH)
		return -EBADF;
	if (get)
		fl->l_type = F_UNLCK;
	return 0;
}

UK_SYSCALL_DEFINE(int, fcntl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct uk_ofile *of = uk_fd_get(fd);
	int rc = 0;

	if (!of)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		rc = arg > INT32_MAX ? -EINVAL :
		     uk_fd_install(of, arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		rc = uk_fd_get_cloexec(fd) > 0 ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		rc = uk_fd_set_cloexec(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		rc = of->flags;
		break;
	case F_SETFL:
		if (of->flags & O_PATH) {
			rc = -EBADF;
			break;
		}
		__atomic_store_n(&of->flags,
				 (of->flags & ~SETFL_MASK) | (arg & SETFL_MASK),
				 __ATOMIC_RELAXED);
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		rc = lock_check(of, cmd, (struct flock *)arg);
		break;
	case F_GETOWN:
		rc = owner_pid;
		break;
	case F_SETOWN:
		owner_pid = arg;
		break;
	case F_GETSIG:
		rc = owner_sig;
		break;
	case F_SETSIG:
		if (arg > 64)
			rc = -EINVAL;
		else
			owner_sig = arg;
		break;
	case F_GETLEASE:
		rc = F_UNLCK;
		break;
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		rc = of->file->ops->ioctl ?
		     of->file->ops->ioctl(of->file, of, UK_FCNTL_IOCTL(cmd),
					  (void *)arg) : -EBADF;
		if (rc == -ENOTTY)
			rc = -EBADF;
		break;
	default:
		rc = -EINVAL;
	}
	uk_ofile_put(of);
	return rc;
}
