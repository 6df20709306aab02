// SPDX-License-Identifier: BSD-3-Clause
/*
 * Attributes: chmod, chown (recorded: the app runs as root, owners check
 * nothing), utimensat and the older time calls, access, umask, truncate.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>

#include <uk/fdtab.h>
#include <uk/rlimit.h>
#include <uk/syscall.h>
#include <uk/user.h>

#include "vfs_impl.h"

unsigned int vfs_umask = 022;

/* Applies va to vn: the fields in va->mask, and ctime. */
static int setattr(struct uk_vnode *vn, const struct uk_vattr *va)
{
	int rc = 0;

	if (vfs_readonly(vn))
		return -EROFS;
	if (vn->vops->setattr) {
		rc = vn->vops->setattr(vn, va);
		if (rc)
			return rc;
	}
	uk_mutex_lock(&vn->lock);
	if (va->mask & UK_VA_MODE)
		vn->mode = (vn->mode & S_IFMT) | (va->mode & 07777);
	if (va->mask & UK_VA_UID)
		vn->uid = va->uid;
	if (va->mask & UK_VA_GID)
		vn->gid = va->gid;
	if (va->mask & UK_VA_ATIME)
		vn->atime = va->atime;
	if (va->mask & UK_VA_MTIME)
		vn->mtime = va->mtime;
	uk_vfs_now(&vn->ctime);
	uk_mutex_unlock(&vn->lock);
	return 0;
}

/* The vnode dirfd + path names, referenced. */
static int vnode_at(int dirfd, const char *upath, int atflags,
		    unsigned int allowed, struct uk_vnode **out)
{
	char path[UK_PATH_MAX];
	struct uk_vnode *start;
	struct uk_ofile *of;
	int rc;

	if (atflags & ~allowed)
		return -EINVAL;
	rc = vfs_empty_path(dirfd, upath, atflags, &of);
	if (rc <= 0) {
		if (rc)
			return rc;
		*out = uk_vnode_of(of->file);
		if (*out)
			uk_vnode_get(*out);
		uk_ofile_put(of);
		return *out ? 0 : -EPERM;	/* a pipe: no attributes */
	}
	rc = vfs_path_in(dirfd, upath, path, atflags & AT_EMPTY_PATH, &start);
	if (rc < 0)
		return rc;
	uk_mutex_lock(&uk_vfs_lock);
	rc = uk_vfs_walk(start, path, UK_WALK_EMPTY |
			 ((atflags & AT_SYMLINK_NOFOLLOW) ? 0 :
			  UK_WALK_FOLLOW), out);
	uk_mutex_unlock(&uk_vfs_lock);
	vfs_start_put(start);
	return rc;
}

/* The vnode behind fd, referenced: -EBADF, or -EPERM for a pipe... */
static int vnode_fd(int fd, struct uk_vnode **out)
{
	struct uk_ofile *of = uk_fd_get(fd);

	if (!of)
		return -EBADF;
	*out = uk_vnode_of(of->file);
	if (*out)
		uk_vnode_get(*out);
	uk_ofile_put(of);
	return *out ? 0 : -EPERM;
}

static long attr_at(int dirfd, const char *path, int atflags,
		    unsigned int allowed, const struct uk_vattr *va)
{
	struct uk_vnode *vn;
	int rc;

	rc = vnode_at(dirfd, path, atflags, allowed, &vn);
	if (rc)
		return rc;
	rc = setattr(vn, va);
	uk_vnode_put(vn);
	return rc;
}

static long attr_fd(int fd, const struct uk_vattr *va)
{
	struct uk_vnode *vn;
	int rc;

	rc = vnode_fd(fd, &vn);
	if (rc == -EPERM)
		return 0;	/* a pipe or socket: accepted, kept nowhere */
	if (rc)
		return rc;
	rc = setattr(vn, va);
	uk_vnode_put(vn);
	return rc;
}

/* --- chmod -------------------------------------------------------------- */

UK_SYSCALL_DEFINE(int, chmod, const char *, path, unsigned int, mode)
{
	struct uk_vattr va = { .mask = UK_VA_MODE, .mode = mode };

	return attr_at(AT_FDCWD, path, 0, 0, &va);
}

UK_SYSCALL_DEFINE(int, fchmod, int, fd, unsigned int, mode)
{
	struct uk_vattr va = { .mask = UK_VA_MODE, .mode = mode };

	return attr_fd(fd, &va);
}

UK_SYSCALL_DEFINE(int, fchmodat, int, dirfd, const char *, path,
		  unsigned int, mode)
{
	struct uk_vattr va = { .mask = UK_VA_MODE, .mode = mode };

	return attr_at(dirfd, path, 0, 0, &va);
}

/* --- chown ---------------------------------------------------------------- */

static void owner_va(struct uk_vattr *va, unsigned int uid, unsigned int gid)
{
	va->mask = 0;
	if (uid != (unsigned int)-1) {
		va->mask |= UK_VA_UID;
		va->uid = uid;
	}
	if (gid != (unsigned int)-1) {
		va->mask |= UK_VA_GID;
		va->gid = gid;
	}
}

UK_SYSCALL_DEFINE(int, chown, const char *, path, unsigned int, uid,
		  unsigned int, gid)
{
	struct uk_vattr va;

	owner_va(&va, uid, gid);
	return attr_at(AT_FDCWD, path, 0, 0, &va);
}

UK_SYSCALL_DEFINE(int, lchown, const char *, path, unsigned int, uid,
		  unsigned int, gid)
{
	struct uk_vattr va;

	owner_va(&va, uid, gid);
	return attr_at(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW,
		       AT_SYMLINK_NOFOLLOW, &va);
}

UK_SYSCALL_DEFINE(int, fchown, int, fd, unsigned int, uid, unsigned int, gid)
{
	struct uk_vattr va;

	owner_va(&va, uid, gid);
	return attr_fd(fd, &va);
}

UK_SYSCALL_DEFINE(int, fchownat, int, dirfd, const char *, path,
		  unsigned int, uid, unsigned int, gid, int, flags)
{
	struct uk_vattr va;

	owner_va(&va, uid, gid);
	return attr_at(dirfd, path, flags, AT_SYMLINK_NOFOLLOW |
		       AT_EMPTY_PATH, &va);
}

/* --- times -------------------------------------------------------------- */

/* Fills va from times (NULL: both now), as utimensat() says. */
static int times_va(struct uk_vattr *va, const struct timespec *times)
{
	struct timespec now;
	int i;

	uk_vfs_now(&now);
	va->mask = UK_VA_ATIME | UK_VA_MTIME;
	va->atime = va->mtime = now;
	if (!times)
		return 0;
	if (!uk_user_ok(times, 2 * sizeof(*times), false))
		return -EFAULT;
	for (i = 0; i < 2; i++) {
		struct timespec *t = i ? &va->mtime : &va->atime;

		if (times[i].tv_nsec == UTIME_OMIT) {
			va->mask &= ~(i ? UK_VA_MTIME : UK_VA_ATIME);
			continue;
		}
		if (times[i].tv_nsec == UTIME_NOW)
			continue;
		if (times[i].tv_nsec < 0 || times[i].tv_nsec >= 1000000000L)
			return -EINVAL;
		*t = times[i];
	}
	return 0;
}

static long do_utimensat(int dirfd, const char *path,
			 const struct timespec *times, int flags)
{
	struct uk_vattr va;
	int rc;

	rc = times_va(&va, times);
	if (rc)
		return rc;
	if (!va.mask)
		return 0;
	/* a NULL path: the file dirfd names itself (futimens) */
	if (!path) {
		if (flags & ~AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		return attr_fd(dirfd, &va);
	}
	return attr_at(dirfd, path, flags, AT_SYMLINK_NOFOLLOW |
		       AT_EMPTY_PATH, &va);
}

UK_SYSCALL_DEFINE(int, utimensat, int, dirfd, const char *, path,
		  const struct timespec *, times, int, flags)
{
	return do_utimensat(dirfd, path, times, flags);
}

static long utimes_at(int dirfd, const char *path, const struct timeval *tv)
{
	struct timespec ts[2];
	int i;

	if (!tv)
		return do_utimensat(dirfd, path, NULL, 0);
	if (!uk_user_ok(tv, 2 * sizeof(*tv), false))
		return -EFAULT;
	for (i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return do_utimensat(dirfd, path, ts, 0);
}

UK_SYSCALL_DEFINE(int, utimes, const char *, path, const struct timeval *, tv)
{
	return utimes_at(AT_FDCWD, path, tv);
}

UK_SYSCALL_DEFINE(int, futimesat, int, dirfd, const char *, path,
		  const struct timeval *, tv)
{
	return utimes_at(dirfd, path, tv);
}

UK_SYSCALL_DEFINE(int, utime, const char *, path, const struct utimbuf *, ut)
{
	struct timespec ts[2];

	if (!ut)
		return do_utimensat(AT_FDCWD, path, NULL, 0);
	if (!uk_user_read_ok(ut))
		return -EFAULT;
	ts[0].tv_sec = ut->actime;
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = ut->modtime;
	ts[1].tv_nsec = 0;
	return do_utimensat(AT_FDCWD, path, ts, 0);
}

/* --- access ------------------------------------------------------------- */

/*
 * As root: reading and writing are allowed (but writing to a read-only
 * file system), executing if any execute bit is set or for a directory.
 */
static long do_faccessat(int dirfd, const char *path, int mode, int flags)
{
	struct uk_vnode *vn;
	int rc;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	rc = vnode_at(dirfd, path, flags, AT_EACCESS | AT_SYMLINK_NOFOLLOW |
		      AT_EMPTY_PATH, &vn);
	if (rc)
		return rc;
	if ((mode & W_OK) && vfs_readonly(vn))
		rc = -EROFS;
	else if ((mode & X_OK) && !S_ISDIR(vn->mode) && !(vn->mode & 0111))
		rc = -EACCES;
	uk_vnode_put(vn);
	return rc;
}

UK_SYSCALL_DEFINE(int, access, const char *, path, int, mode)
{
	return do_faccessat(AT_FDCWD, path, mode, 0);
}

UK_SYSCALL_DEFINE(int, faccessat, int, dirfd, const char *, path, int, mode)
{
	return do_faccessat(dirfd, path, mode, 0);
}

UK_SYSCALL_DEFINE(int, faccessat2, int, dirfd, const char *, path, int, mode,
		  int, flags)
{
	return do_faccessat(dirfd, path, mode, flags);
}

UK_SYSCALL_DEFINE(unsigned int, umask, unsigned int, mask)
{
	return __atomic_exchange_n(&vfs_umask, mask & 0777, __ATOMIC_RELAXED);
}

/* --- truncate ------------------------------------------------------------- */

UK_SYSCALL_DEFINE(int, truncate, const char *, path, off_t, len)
{
	struct uk_vnode *vn;
	int rc;

	if (len < 0)
		return -EINVAL;
	rc = vnode_at(AT_FDCWD, path, 0, 0, &vn);
	if (rc)
		return rc;
	if (S_ISDIR(vn->mode))
		rc = -EISDIR;
	else if (!S_ISREG(vn->mode) || !vn->file.ops->truncate)
		rc = -EINVAL;
	else if (vfs_readonly(vn))
		rc = -EROFS;
	else
		rc = vn->file.ops->truncate(&vn->file, len);
	uk_vnode_put(vn);
	return rc;
}
