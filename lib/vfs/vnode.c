// SPDX-License-Identifier: BSD-3-Clause
/* Vnodes: what every file system's files share. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>

#include <uk/vfs.h>
#if CONFIG_LIBPOSIX_TIME
#include <uk/time.h>
#endif
#include <uk/init.h>
#include <uk/plat.h>

/*
 * Until main() runs, files are made at boot (the initrd's, the defaults)
 * and get the wall clock in seconds, read once: asking the monotonic
 * clock would calibrate the TSC, which costs 10 ms where the host gives
 * no TSC frequency (TCG).
 */
static bool booted;

static int vfs_booted(void)
{
	booted = true;
	return 0;
}
uk_initcall_prio(vfs_booted, UK_INIT_LATE, 9);

void uk_vfs_now(struct timespec *ts)
{
	static int64_t boot_secs = -1;
	uint64_t ns;

	if (!booted) {
#if CONFIG_LIBPOSIX_TIME
		if (boot_secs < 0)
			boot_secs = uk_time_coarse_seconds();
#else
		boot_secs = 0;
#endif
		ts->tv_sec = boot_secs;
		ts->tv_nsec = 0;
		return;
	}
	ns = ukplat_monotonic_ns();

#if CONFIG_LIBPOSIX_TIME
	ns += uk_time_realtime_offset();
#endif
	ts->tv_sec = ns / 1000000000ULL;
	ts->tv_nsec = ns % 1000000000ULL;
}

#define DIRENT_HDR	19	/* linux_dirent64 up to d_name */

bool uk_vfs_dirent_emit(void *buf, size_t len, size_t *used, uint64_t ino,
			uint64_t next, unsigned int type, const char *name,
			size_t nlen)
{
	size_t reclen = ALIGN_UP(DIRENT_HDR + nlen + 1, 8);
	char *rec = (char *)buf + *used;
	uint16_t r16 = reclen;

	if (*used + reclen > len)
		return false;
	memcpy(rec, &ino, 8);
	memcpy(rec + 8, &next, 8);
	memcpy(rec + 16, &r16, 2);
	rec[18] = (type & S_IFMT) >> 12;	/* DT_*: the type >> 12 */
	memcpy(rec + DIRENT_HDR, name, nlen);
	memset(rec + DIRENT_HDR + nlen, 0, reclen - DIRENT_HDR - nlen);
	*used += reclen;
	return true;
}

void uk_vnode_init(struct uk_vnode *vn, struct uk_mount *mnt,
		   const struct uk_vnode_ops *vops,
		   const struct uk_file_ops *fops, unsigned int mode,
		   uint64_t ino)
{
	unsigned int ev = 0;

	/* a regular file or directory never blocks a read or a write */
	if (S_ISREG(mode) || S_ISDIR(mode))
		ev = UK_EV_IN | UK_EV_OUT | UK_EV_RDNORM | UK_EV_WRNORM;
	uk_file_init(&vn->file, fops, mode & S_IFMT, UK_FILE_VNODE, ev);
	vn->vops = vops;
	vn->mnt = mnt;
	vn->mounted = NULL;
	vn->parent = NULL;
	uk_mutex_init(&vn->lock, "vnode", false);
	vn->ino = ino;
	vn->mode = mode;
	vn->uid = 0;
	vn->gid = 0;
	vn->nlink = 0;
	vn->rdev = 0;
	vn->size = 0;
	vn->blocks = 0;
	uk_vfs_now(&vn->mtime);
	vn->atime = vn->ctime = vn->btime = vn->mtime;
}

void uk_vnode_file_release(struct uk_file *f)
{
	struct uk_vnode *vn = (struct uk_vnode *)f;

	if (vn->vops->release)
		vn->vops->release(vn);
}

static void ts_to_statx(struct uk_statx_time *t, const struct timespec *ts)
{
	t->tv_sec = ts->tv_sec;
	t->tv_nsec = ts->tv_nsec;
}

int uk_vnode_file_stat(struct uk_file *f, struct uk_statx *st)
{
	struct uk_vnode *vn = (struct uk_vnode *)f;

	uk_statx_init(st, 0, vn->ino);
	uk_mutex_lock(&vn->lock);
	st->stx_mask |= UK_STATX_BTIME;
	st->stx_mode = vn->mode;
	st->stx_nlink = vn->nlink;
	st->stx_uid = vn->uid;
	st->stx_gid = vn->gid;
	st->stx_size = vn->size;
	st->stx_blocks = vn->blocks;
	ts_to_statx(&st->stx_atime, &vn->atime);
	ts_to_statx(&st->stx_mtime, &vn->mtime);
	ts_to_statx(&st->stx_ctime, &vn->ctime);
	ts_to_statx(&st->stx_btime, &vn->btime);
	st->stx_rdev_major = major(vn->rdev);
	st->stx_rdev_minor = minor(vn->rdev);
	uk_mutex_unlock(&vn->lock);
	st->stx_dev_major = 0;
	st->stx_dev_minor = vn->mnt ? vn->mnt->dev : 0;
	return 0;
}

off_t uk_vnode_file_size(struct uk_file *f)
{
	return __atomic_load_n(&((struct uk_vnode *)f)->size,
			       __ATOMIC_RELAXED);
}
