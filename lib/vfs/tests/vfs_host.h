/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfs's path walk and name operations on the host, over ramfs, for
 * host_walk.c and fuzz_walk.c: the sources are included and what they
 * need of the rest of the kernel (allocator, locks, clock) is stubbed.
 * Allocations are counted, so a test can check that everything a walk
 * took was given back.
 */
#ifndef VFS_HOST_H
#define VFS_HOST_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <uk/alloc.h>
#include <uk/lock.h>
#include <uk/vfs.h>

static long host_live_allocs;
static long host_fail_after = -1;	/* fail the allocation after N */

static bool host_alloc_fails(void)
{
	if (host_fail_after < 0)
		return false;
	return host_fail_after-- == 0;
}

void *uk_malloc(size_t size)
{
	void *p = host_alloc_fails() ? NULL : malloc(size ? size : 1);

	host_live_allocs += p != NULL;
	return p;
}

void *uk_calloc(size_t n, size_t size)
{
	void *p = host_alloc_fails() ? NULL : calloc(n ? n : 1, size ? size : 1);

	host_live_allocs += p != NULL;
	return p;
}

void *uk_realloc(void *ptr, size_t size)
{
	void *p;

	if (host_alloc_fails())
		return NULL;
	p = realloc(ptr, size);
	if (!ptr)
		host_live_allocs += p != NULL;
	return p;
}

void uk_free(void *ptr)
{
	host_live_allocs -= ptr != NULL;
	free(ptr);
}

void uk_alloc_get_stats(struct uk_alloc_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->total = st->free = 64 << 20;
}

void uk_mutex_init(struct uk_mutex *m, const char *name, bool recursive)
{
	(void)name;
	m->owner = NULL;
	m->depth = 0;
	m->recursive = recursive;
}

void uk_mutex_lock(struct uk_mutex *m)
{
	m->depth++;
}

void uk_mutex_unlock(struct uk_mutex *m)
{
	m->depth--;
}

void uk_waitq_init(struct uk_waitq *wq, const char *name, bool irq)
{
	uk_list_init(&wq->waiters);
	wq->name = name;
	wq->irq = irq;
}

int uk_waitq_wake_key(struct uk_waitq *wq, uintptr_t key, unsigned long bits,
		      int n)
{
	(void)wq;
	(void)key;
	(void)bits;
	(void)n;
	return 0;
}

int uk_waitq_wait_locked(struct uk_waitq *wq, struct uk_wait *w,
			 uint64_t deadline)
{
	(void)wq;
	(void)w;
	(void)deadline;
	return -EINTR;
}

static struct uk_thread host_thread = { .tid = 1 };
struct uk_thread *uk_sched_current_thread = &host_thread;

void uk_sched_deliver_pending(void)
{
}

uint64_t ukplat_monotonic_ns(void)
{
	static uint64_t t = 1700000000ULL * 1000000000ULL;

	return t += 1000;
}

rlim_t uk_rlimit_cur(unsigned int resource)
{
	(void)resource;
	return RLIM_INFINITY;
}

struct uk_mutex uk_vfs_lock;
struct uk_list uk_vfs_mounts;
struct uk_vnode *uk_vfs_root;
struct uk_vnode *uk_vfs_cwd;

/* the kernel is built with -Wno-unused-parameter (ops ignore some) */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "../../file/file.c"
#include "../../file/iov.c"
#include "../vnode.c"
#include "../pathcache.c"
#include "../walk.c"
#include "../kernel.c"
#include "../../ramfs/pages.c"
#include "../../ramfs/dir.c"
#include "../../ramfs/ramfs.c"

void vfs_touch_dir(struct uk_vnode *dir)
{
	(void)dir;
}

/* A ramfs as the root (root_mnt) and one more to mount (other_mnt). */
static struct uk_mount root_mnt, other_mnt;

static int host_vfs_setup(void)
{
	memset(&root_mnt, 0, sizeof(root_mnt));
	memset(&other_mnt, 0, sizeof(other_mnt));
	if (ramfs_mount(&root_mnt, "ramfs", 0, NULL))
		return -1;
	root_mnt.dev = 1;
	uk_vfs_root = uk_vnode_get(root_mnt.root);
	uk_vfs_cwd = uk_vnode_get(root_mnt.root);
	return 0;
}

/* Mounts other_mnt on the directory at path. */
static __attribute__((unused)) int host_vfs_mount(const char *path)
{
	struct uk_vnode *vn;
	int rc;

	rc = uk_vfs_lookup(path, UK_WALK_FOLLOW | UK_WALK_DIRECTORY, &vn);
	if (rc)
		return rc;
	rc = ramfs_mount(&other_mnt, "ramfs", 0, NULL);
	if (rc) {
		uk_vnode_put(vn);
		return rc;
	}
	other_mnt.dev = 2;
	other_mnt.covered = vn;
	vn->mounted = &other_mnt;
	uk_vfs_names_changed();
	return 0;
}

/* Everything given back: the trees dropped, the mounts' records freed. */
static void host_vfs_teardown(void)
{
	uk_vfs_names_changed();
	if (other_mnt.root) {
		other_mnt.covered->mounted = NULL;
		uk_vnode_put(other_mnt.covered);
		ramfs_unmount(&other_mnt);
		uk_free(other_mnt.priv);
		other_mnt.root = NULL;
	}
	uk_vnode_put(uk_vfs_cwd);
	uk_vnode_put(uk_vfs_root);
	uk_vfs_cwd = uk_vfs_root = NULL;
	ramfs_unmount(&root_mnt);
	uk_free(root_mnt.priv);
	root_mnt.root = NULL;
}

/* Makes a regular file at path with text in it. */
static __attribute__((unused)) int host_vfs_file(const char *path, const char *text)
{
	struct iovec iov = { (void *)text, strlen(text) };
	struct uk_vnode *vn;
	off_t pos = 0;
	int rc;

	rc = uk_vfs_mknod(path, S_IFREG | 0644, 0, &vn);
	if (rc)
		return rc;
	if (iov.iov_len)
		rc = vn->file.ops->write(&vn->file, &iov, 1, &pos, 0) < 0;
	uk_vnode_put(vn);
	return rc;
}

#endif /* VFS_HOST_H */
