// SPDX-License-Identifier: BSD-3-Clause
/*
 * Host tests of the path walk (lib/vfs/walk.c) over ramfs: components,
 * ".", "..", mount points, symlinks and their limit, trailing slashes,
 * the errors, and that every walk gives back every reference it took.
 */
#include "host-test.h"
#include "vfs_host.h"

/* Walks path; the vnode's inode number, or the negative error. */
static long walk(const char *path, unsigned int flags)
{
	struct uk_vnode *vn;
	long rc;

	rc = uk_vfs_walk(NULL, path, flags, &vn);
	if (rc)
		return rc;
	rc = vn->ino;
	uk_vnode_put(vn);
	return rc;
}

static long ino_of(const char *path)
{
	return walk(path, UK_WALK_FOLLOW);
}

/*
 * /a/b/f ("data"), /a/link -> b, /abs -> /a/b/f, /loop -> loop,
 * /dangling -> nowhere, /a/up -> ..
 */
static int tree(void)
{
	if (host_vfs_setup() || uk_vfs_mkdir("/a", 0755) ||
	    uk_vfs_mkdir("/a/b", 0755) || host_vfs_file("/a/b/f", "data") ||
	    uk_vfs_symlink("b", "/a/link") ||
	    uk_vfs_symlink("/a/b/f", "/abs") ||
	    uk_vfs_symlink("loop", "/loop") ||
	    uk_vfs_symlink("nowhere", "/dangling") ||
	    uk_vfs_symlink("..", "/a/up"))
		return -1;
	return 0;
}

/* The references the tree itself holds, to compare after walks. */
static unsigned int refs_of(const char *path)
{
	struct uk_vnode *vn;
	unsigned int refs;

	if (uk_vfs_walk(NULL, path, 0, &vn))
		return 0;
	refs = vn->file.refs - 1;
	uk_vnode_put(vn);
	return refs;
}

HOST_TEST(components_dot_and_dotdot)
{
	long f;

	CHECK_EQ_INT(tree(), 0);
	f = ino_of("/a/b/f");
	CHECK(f > 0);
	CHECK_EQ_INT(ino_of("a/b/f"), f);		/* from the cwd: / */
	CHECK_EQ_INT(ino_of("/a/./b//f"), f);
	CHECK_EQ_INT(ino_of("//a/b/../b/f"), f);
	CHECK_EQ_INT(ino_of("/.."), uk_vfs_root->ino);	/* root's ".." */
	CHECK_EQ_INT(ino_of("/../../a/.."), uk_vfs_root->ino);
	CHECK_EQ_INT(ino_of("/a/b/"), ino_of("/a/b"));
	CHECK_EQ_INT(ino_of("/a/b/f/"), -ENOTDIR);	/* trailing slash */
	CHECK_EQ_INT(ino_of("/a/b/f/x"), -ENOTDIR);
	CHECK_EQ_INT(ino_of("/a/b/f/.."), -ENOTDIR);
	CHECK_EQ_INT(ino_of("/a/none"), -ENOENT);
	CHECK_EQ_INT(ino_of("/none/x"), -ENOENT);
	CHECK_EQ_INT(ino_of(""), -ENOENT);
	CHECK_EQ_INT(walk("", UK_WALK_EMPTY), uk_vfs_root->ino);
	CHECK_EQ_INT(walk("/a/b/f", UK_WALK_DIRECTORY), -ENOTDIR);
	host_vfs_teardown();
	CHECK_EQ_INT(host_live_allocs, 0);
}

HOST_TEST(symlinks_followed_where_they_should_be)
{
	long f, b;

	CHECK_EQ_INT(tree(), 0);
	f = ino_of("/a/b/f");
	b = ino_of("/a/b");
	CHECK_EQ_INT(ino_of("/a/link/f"), f);		/* in the middle */
	CHECK_EQ_INT(ino_of("/abs"), f);		/* absolute target */
	CHECK_EQ_INT(ino_of("/a/link"), b);
	CHECK(walk("/a/link", 0) != b);			/* not followed */
	CHECK_EQ_INT(walk("/a/link/", 0), b);		/* trailing slash */
	CHECK_EQ_INT(ino_of("/a/up/a/b/f"), f);		/* ".." target */
	CHECK_EQ_INT(ino_of("/loop"), -ELOOP);
	CHECK(walk("/loop", 0) > 0);			/* the link itself */
	CHECK_EQ_INT(ino_of("/loop/x"), -ELOOP);
	CHECK_EQ_INT(ino_of("/dangling"), -ENOENT);
	CHECK_EQ_INT(ino_of("/abs/"), -ENOTDIR);
	host_vfs_teardown();
	CHECK_EQ_INT(host_live_allocs, 0);
}

HOST_TEST(forty_symlinks_and_no_more)
{
	char name[16], target[16];
	int i;

	CHECK_EQ_INT(host_vfs_setup(), 0);
	CHECK_EQ_INT(host_vfs_file("/f", ""), 0);
	/* l0 -> f, l1 -> l0, ..., l40 -> l39 */
	for (i = 0; i <= 40; i++) {
		snprintf(name, sizeof(name), "/l%d", i);
		if (i)
			snprintf(target, sizeof(target), "l%d", i - 1);
		CHECK_EQ_INT(uk_vfs_symlink(i ? target : "f", name), 0);
	}
	CHECK_EQ_INT(ino_of("/l39"), ino_of("/f"));	/* 40 links */
	CHECK_EQ_INT(ino_of("/l40"), -ELOOP);		/* 41 */
	host_vfs_teardown();
	CHECK_EQ_INT(host_live_allocs, 0);
}

HOST_TEST(names_too_long)
{
	char name[300];

	CHECK_EQ_INT(host_vfs_setup(), 0);
	name[0] = '/';
	memset(name + 1, 'x', 256);
	name[257] = 0;
	CHECK_EQ_INT(ino_of(name), -ENAMETOOLONG);
	name[256] = 0;			/* 255 bytes: just not there */
	CHECK_EQ_INT(ino_of(name), -ENOENT);
	CHECK_EQ_INT(host_vfs_file(name, "x"), 0);
	CHECK(ino_of(name) > 0);
	host_vfs_teardown();
	CHECK_EQ_INT(host_live_allocs, 0);
}

HOST_TEST(mount_points_both_ways)
{
	long inner;

	CHECK_EQ_INT(tree(), 0);
	CHECK_EQ_INT(uk_vfs_mkdir("/a/m", 0755), 0);
	CHECK_EQ_INT(host_vfs_mount("/a/m"), 0);
	CHECK_EQ_INT(host_vfs_file("/a/m/inner", "i"), 0);
	inner = ino_of("/a/m/inner");
	CHECK(inner > 0);
	CHECK_EQ_INT(ino_of("/a/m"), other_mnt.root->ino);
	CHECK_EQ_INT(ino_of("/a/m/.."), ino_of("/a"));	/* up and out */
	CHECK_EQ_INT(ino_of("/a/m/../b/f"), ino_of("/a/b/f"));
	CHECK_EQ_INT(ino_of("/a/m/./inner"), inner);
	{
		struct uk_vnode *vn;

		CHECK_EQ_INT(uk_vfs_walk(NULL, "/a/m/inner", 0, &vn), 0);
		CHECK(vn->mnt == &other_mnt);
		uk_vnode_put(vn);
	}
	host_vfs_teardown();
	CHECK_EQ_INT(host_live_allocs, 0);
}

HOST_TEST(parent_walks)
{
	struct uk_vnode *dir;
	const char *last;
	size_t len;
	bool slash;

	CHECK_EQ_INT(tree(), 0);
	CHECK_EQ_INT(uk_vfs_walk_parent(NULL, "/a/b/new", &dir, &last, &len,
					&slash), 0);
	CHECK_EQ_INT(dir->ino, ino_of("/a/b"));
	CHECK_EQ_INT(len, 3);
	CHECK(!memcmp(last, "new", 3) && !slash);
	uk_vnode_put(dir);
	CHECK_EQ_INT(uk_vfs_walk_parent(NULL, "/a/link/d/", &dir, &last,
					&len, &slash), 0);
	CHECK_EQ_INT(dir->ino, ino_of("/a/b"));		/* through the link */
	CHECK(len == 1 && *last == 'd' && slash);
	uk_vnode_put(dir);
	CHECK_EQ_INT(uk_vfs_walk_parent(NULL, "/", &dir, &last, &len,
					&slash), 0);
	CHECK(dir == uk_vfs_root && len == 0);
	uk_vnode_put(dir);
	CHECK_EQ_INT(uk_vfs_walk_parent(NULL, "/a/.", &dir, &last, &len,
					&slash), 0);
	CHECK(len == 1 && *last == '.');
	uk_vnode_put(dir);
	CHECK_EQ_INT(uk_vfs_walk_parent(NULL, "/none/x", &dir, &last, &len,
					&slash), -ENOENT);
	CHECK_EQ_INT(uk_vfs_walk_parent(NULL, "/a/b/f/x", &dir, &last, &len,
					&slash), -ENOTDIR);
	host_vfs_teardown();
	CHECK_EQ_INT(host_live_allocs, 0);
}

HOST_TEST(removed_directory_holds_nothing)
{
	struct uk_vnode *d, *dir;
	const char *last;
	size_t len;
	bool slash;

	CHECK_EQ_INT(host_vfs_setup(), 0);
	CHECK_EQ_INT(uk_vfs_mkdir("/gone", 0755), 0);
	CHECK_EQ_INT(uk_vfs_walk(NULL, "/gone", 0, &d), 0);
	CHECK_EQ_INT(uk_vfs_root->vops->unlink(uk_vfs_root, "gone", 4, d), 0);
	uk_vfs_names_changed();
	CHECK_EQ_INT(uk_vfs_walk(d, "x", 0, &dir), -ENOENT);
	CHECK_EQ_INT(uk_vfs_walk(d, "..", 0, &dir), -ENOENT);
	CHECK_EQ_INT(uk_vfs_walk_parent(d, "x", &dir, &last, &len, &slash),
		     -ENOENT);
	CHECK_EQ_INT(uk_vfs_walk(d, ".", 0, &dir), 0);
	CHECK(dir == d);
	uk_vnode_put(dir);
	uk_vnode_put(d);		/* the last reference: freed */
	host_vfs_teardown();
	CHECK_EQ_INT(host_live_allocs, 0);
}

HOST_TEST(walks_give_back_every_reference)
{
	static const char *const paths[] = {
		"/a/b/f", "/a/link/f", "/abs", "/loop", "/a/up/a/up/a/b",
		"/dangling", "/a/b/f/x", "/a/../a/./b/../link/",
	};
	unsigned int before[4], i;
	struct uk_vnode *vn;

	CHECK_EQ_INT(tree(), 0);
	before[0] = refs_of("/a");
	before[1] = refs_of("/a/b");
	before[2] = refs_of("/a/b/f");
	before[3] = refs_of("/loop");
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		if (!uk_vfs_walk(NULL, paths[i], UK_WALK_FOLLOW, &vn))
			uk_vnode_put(vn);
	}
	CHECK_EQ_INT(refs_of("/a"), before[0]);
	CHECK_EQ_INT(refs_of("/a/b"), before[1]);
	CHECK_EQ_INT(refs_of("/a/b/f"), before[2]);
	CHECK_EQ_INT(refs_of("/loop"), before[3]);
	host_vfs_teardown();
	CHECK_EQ_INT(host_live_allocs, 0);
}

HOST_TEST(out_of_memory_on_create_changes_nothing)
{
	long n;

	CHECK_EQ_INT(host_vfs_setup(), 0);
	for (n = 0; n < 4; n++) {
		host_fail_after = n;
		host_vfs_file("/x", "data");
		host_fail_after = -1;
	}
	/* whatever failed, /x is either whole or not there */
	CHECK(ino_of("/x") > 0 || ino_of("/x") == -ENOENT);
	host_vfs_teardown();
	CHECK_EQ_INT(host_live_allocs, 0);
}

HOST_TEST_MAIN();
