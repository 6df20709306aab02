// SPDX-License-Identifier: BSD-3-Clause
/*
 * The mount table: the root file system and those mounted on its
 * directories, the mount/umount2 syscalls, and vfs.mount= for mounts at
 * boot (fstab-like: "fstype:/path[:ro]" entries, comma-separated).
 *
 * umount detaches a file system from the tree; files still open in it
 * stay usable until closed (as with MNT_DETACH), so the mount record
 * itself is kept.
 */
#include <errno.h>
#include <string.h>
#include <sys/mount.h>

#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include <uk/user.h>

#include "vfs_impl.h"

UK_TABLE_DEFINE(fstypes, struct uk_fs_type);

struct uk_mutex uk_vfs_lock = UK_MUTEX_INITIALIZER(uk_vfs_lock, "vfs");
struct uk_list uk_vfs_mounts = UK_LIST_INIT(uk_vfs_mounts);
struct uk_vnode *uk_vfs_root;
struct uk_vnode *uk_vfs_cwd;

static unsigned int next_dev = 1;

static const struct uk_fs_type *fs_type_find(const char *name)
{
	const struct uk_fs_type *t;

	uk_table_foreach(t, fstypes)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static int mount_locked(const char *source, const char *path,
			const char *fstype, unsigned long flags,
			const void *data)
{
	const struct uk_fs_type *type = fs_type_find(fstype);
	struct uk_vnode *covered = NULL;
	struct uk_mount *m;
	int rc;

	if (!type)
		return -ENODEV;
	if (uk_vfs_root) {
		rc = uk_vfs_walk(NULL, path, UK_WALK_FOLLOW |
				 UK_WALK_DIRECTORY, &covered);
		if (rc)
			return rc;
	} else if (strcmp(path, "/")) {
		return -ENOENT;		/* nothing is mounted yet */
	}
	m = uk_calloc(1, sizeof(*m));
	if (!m) {
		rc = -ENOMEM;
		goto fail;
	}
	m->type = type;
	m->flags = flags & (MS_RDONLY | MS_NOATIME | MS_NOSUID | MS_NODEV |
			    MS_NOEXEC | MS_SYNCHRONOUS);
	m->dev = next_dev++;
	strncpy(m->source, source ? source : fstype, sizeof(m->source) - 1);
	strncpy(m->fstype, fstype, sizeof(m->fstype) - 1);
	rc = type->mount(m, source, flags, data);
	if (rc)
		goto fail;
	m->covered = covered;
	uk_list_add_tail(&m->node, &uk_vfs_mounts);
	uk_vfs_names_changed();
	if (covered) {
		covered->mounted = m;
	} else {
		uk_vfs_root = uk_vnode_get(m->root);
		uk_vfs_cwd = uk_vnode_get(m->root);
	}
	return 0;
fail:
	uk_free(m);
	if (covered)
		uk_vnode_put(covered);
	return rc;
}

int uk_vfs_mount(const char *source, const char *path, const char *fstype,
		 unsigned long flags, const void *data)
{
	int rc;

	uk_mutex_lock(&uk_vfs_lock);
	rc = mount_locked(source, path, fstype, flags, data);
	uk_mutex_unlock(&uk_vfs_lock);
	return rc;
}

static int umount_locked(const char *path, int flags)
{
	struct uk_mount *m;
	struct uk_vnode *vn;
	int rc;

	rc = uk_vfs_walk(NULL, path, (flags & UMOUNT_NOFOLLOW) ? 0 :
			 UK_WALK_FOLLOW, &vn);
	if (rc)
		return rc;
	m = vn->mnt;
	rc = -EINVAL;
	if (!m || vn != m->root)
		goto out;		/* not a mount point */
	rc = -EBUSY;
	if (!m->covered || vn->mounted)
		goto out;		/* the root, or something on top */
	if (uk_vfs_cwd->mnt == m && !(flags & (MNT_DETACH | MNT_FORCE)))
		goto out;
	uk_vfs_names_changed();
	m->covered->mounted = NULL;
	uk_vnode_put(m->covered);
	m->covered = NULL;
	uk_list_del(&m->node);
	if (m->type->unmount)
		m->type->unmount(m);
	rc = 0;
out:
	uk_vnode_put(vn);
	return rc;
}

UK_SYSCALL_DEFINE(int, mount, const char *, source, const char *, target,
		  const char *, fstype, unsigned long, flags,
		  const void *, data)
{
	char path[UK_PATH_MAX], type[16], src[64] = "";
	long rc;

	rc = uk_user_strncpy(path, target, sizeof(path));
	if (rc < 0)
		return rc;
	if (flags & (MS_REMOUNT | MS_BIND | MS_MOVE | MS_SHARED | MS_PRIVATE |
		     MS_SLAVE | MS_UNBINDABLE))
		return -EINVAL;	/* only new mounts */
	rc = uk_user_strncpy(type, fstype, sizeof(type));
	if (rc < 0)
		return rc == -ENAMETOOLONG ? -ENODEV : rc;
	if (source) {
		rc = uk_user_strncpy(src, source, sizeof(src));
		if (rc < 0)
			return rc;
	}
	return uk_vfs_mount(src, path, type, flags, NULL);
}

UK_SYSCALL_DEFINE(int, umount2, const char *, target, int, flags)
{
	char path[UK_PATH_MAX];
	long rc;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	rc = uk_user_strncpy(path, target, sizeof(path));
	if (rc < 0)
		return rc;
	uk_mutex_lock(&uk_vfs_lock);
	rc = umount_locked(path, flags);
	uk_mutex_unlock(&uk_vfs_lock);
	return rc;
}

/* --- the root, and vfs.mount= ---------------------------------------------- */

static const char *rootfs = "ramfs";
UK_PARAM_STR(vfs, rootfs, rootfs, "the root file system's type");

static const char *mounts;

/* the end of the entry at s: its ',' or the list's end */
static const char *entry_end(const char *s)
{
	const char *comma = strchr(s, ',');

	return comma ? comma : s + strlen(s);
}

/* an entry's option (after the path's ':'), n bytes: none, ro or rw */
static bool mount_option_ok(const char *opt, size_t n)
{
	return !opt || (n == 2 && (!strncmp(opt, "ro", 2) ||
				   !strncmp(opt, "rw", 2)));
}

bool uk_vfs_mount_list_ok(const char *list)
{
	const char *s = list, *colon, *end, *opt;

	if (!list || !*list)
		return false;
	while (*s) {
		colon = strchr(s, ':');
		end = entry_end(s);
		if (!colon || colon == s || colon > end || colon[1] != '/')
			return false;
		opt = memchr(colon + 1, ':', end - colon - 1);
		if (!mount_option_ok(opt ? opt + 1 : NULL,
				     opt ? (size_t)(end - opt - 1) : 0))
			return false;
		s = *end ? end + 1 : end;
	}
	return true;
}

int uk_vfs_mount_list_each(const char *param, const char *list,
			   int (*fn)(const char *name, char *path,
				     unsigned long flags, void *arg),
			   void *arg)
{
	char entry[UK_PATH_MAX + 80], *path, *opt;
	const char *s = list, *end;
	unsigned long flags;
	size_t len;
	int rc;

	while (s && *s) {
		end = entry_end(s);
		len = end - s;
		if (len >= sizeof(entry)) {
			uk_pr_err("%s: an entry is too long\n", param);
			return -ENAMETOOLONG;
		}
		memcpy(entry, s, len);
		entry[len] = 0;
		s = *end ? end + 1 : end;
		/* uk_vfs_mount_list_ok() passed it: NAME:/path[:ro|:rw] */
		path = strchr(entry, ':');
		*path++ = 0;
		opt = strchr(path, ':');
		flags = 0;
		if (opt) {
			*opt++ = 0;
			if (!strcmp(opt, "ro"))
				flags = MS_RDONLY;
		}
		rc = fn(entry, path, flags, arg);
		if (rc)
			return rc;
	}
	return 0;
}

/* checked at parse time */
static int mounts_check(const struct uk_param *p, const char *value)
{
	if (!uk_vfs_mount_list_ok(value))
		return -EINVAL;
	mounts = value;
	return 0;
}

static const struct uk_param uk_param_vfs_mount __uk_table(params, "vfs") =
	UK_PARAM_DEFINE(vfs, mount, mounts_check, &mounts, 0, 0,
			"file systems to mount: type:/path[:ro],...");

static int root_init(void)
{
	int rc = uk_vfs_mount(rootfs, "/", rootfs, 0, NULL);

	if (rc)
		uk_pr_err("vfs.rootfs=%s: cannot mount the root: error %d\n",
			  rootfs, -rc);
	return rc;
}
uk_initcall_prio(root_init, UK_INIT_ROOTFS, 0);


static int mount_one(const char *type, char *path, unsigned long flags,
		     void *arg)
{
	int rc = uk_vfs_mkdir_p(path);

	if (!rc)
		rc = uk_vfs_mount(type, path, type, flags, NULL);
	if (rc)
		uk_pr_err("vfs.mount: cannot mount %s at %s: %s\n", type, path,
			  rc == -ENODEV ?
			  "no such file system type in the image" : "error");
	return rc;
}

static int mounts_init(void)
{
	return uk_vfs_mount_list_each("vfs.mount", mounts, mount_one, NULL);
}
uk_initcall_prio(mounts_init, UK_INIT_ROOTFS, 7);
