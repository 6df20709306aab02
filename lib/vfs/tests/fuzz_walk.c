// SPDX-License-Identifier: BSD-3-Clause
/*
 * libFuzzer target for the path walk: any bytes as a path (the first byte
 * picks the walk's flags and what is done at the end) over a tree with
 * symlinks (relative, absolute, to "..", a loop, a chain), a mount point
 * and a file, then checks that every reference and allocation was given
 * back and that an error is one the walk may give. `make test` runs it for
 * FUZZ_SECONDS; longer: see lib/initrd/README.md (the same way).
 */
#include <stdio.h>

#include "vfs_host.h"

#define FUZZ_CHECK(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fuzz_walk: %s\n", #cond);	\
			abort();					\
		}							\
	} while (0)

static void tree(void)
{
	char name[16], target[16];
	int i;

	FUZZ_CHECK(!host_vfs_setup());
	FUZZ_CHECK(!uk_vfs_mkdir("/a", 0755));
	FUZZ_CHECK(!uk_vfs_mkdir("/a/b", 0755));
	FUZZ_CHECK(!host_vfs_file("/a/b/f", "data"));
	FUZZ_CHECK(!uk_vfs_symlink("b", "/a/link"));
	FUZZ_CHECK(!uk_vfs_symlink("/a/b/f", "/abs"));
	FUZZ_CHECK(!uk_vfs_symlink("loop", "/loop"));
	FUZZ_CHECK(!uk_vfs_symlink("..", "/a/up"));
	FUZZ_CHECK(!uk_vfs_mkdir("/m", 0755));
	FUZZ_CHECK(!host_vfs_mount("/m"));
	FUZZ_CHECK(!host_vfs_file("/m/in", "x"));
	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "/chain%d", i);
		snprintf(target, sizeof(target), i ? "chain%d" : "a",
			 i - 1);
		FUZZ_CHECK(!uk_vfs_symlink(target, name));
	}
}

static bool walk_error(int rc)
{
	return rc == -ENOENT || rc == -ENOTDIR || rc == -ELOOP ||
	       rc == -ENAMETOOLONG;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[UK_PATH_MAX];
	struct uk_vnode *vn, *dir;
	unsigned int op;
	const char *last;
	size_t len;
	bool slash;
	int rc;

	if (!size || size > UK_PATH_MAX)
		return 0;
	op = data[0];
	memcpy(path, data + 1, size - 1);
	path[size - 1] = 0;
	tree();
	if (op & 4) {
		rc = uk_vfs_walk_parent(NULL, path, &dir, &last, &len, &slash);
		FUZZ_CHECK(!rc || walk_error(rc));
		if (!rc) {
			FUZZ_CHECK(S_ISDIR(dir->mode));
			FUZZ_CHECK(len <= UK_NAME_MAX);
			FUZZ_CHECK(!memchr(last, '/', len));
			/* and make something there, as mkdir would */
			if (len && !vfs_is_dots(last, len) &&
			    !dir->vops->lookup(dir, last, len, &vn))
				uk_vnode_put(vn);
			else if (len && !vfs_is_dots(last, len) &&
				 !dir->vops->create(dir, last, len,
						    S_IFDIR | 0755, 0, &vn))
				uk_vnode_put(vn);
			uk_vnode_put(dir);
		}
	} else {
		rc = uk_vfs_walk(NULL, path, op & 3, &vn);
		FUZZ_CHECK(!rc || walk_error(rc));
		if (!rc) {
			if (op & 2)
				FUZZ_CHECK(S_ISDIR(vn->mode));
			if (op & 1)
				FUZZ_CHECK(!S_ISLNK(vn->mode));
			uk_vnode_put(vn);
		}
	}
	host_vfs_teardown();
	FUZZ_CHECK(host_live_allocs == 0);
	return 0;
}
