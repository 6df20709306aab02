// SPDX-License-Identifier: BSD-3-Clause
/*
 * What many programs look for, made at boot where the root file system
 * (the initrd) does not bring it: /etc/passwd and /etc/group with root
 * and nobody, /etc/hosts with localhost, /tmp, and /run (where servers
 * write their pid files).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <uk/init.h>
#include <uk/print.h>

#include "vfs_impl.h"

static const char passwd[] =
	"root:x:0:0:root:/root:/bin/sh\n"
	"nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
static const char group[] =
	"root:x:0:\n"
	"nogroup:x:65534:\n";
static const char hosts[] =
	"127.0.0.1\tlocalhost\n"
	"::1\tlocalhost ip6-localhost ip6-loopback\n";

static int default_file(const char *path, const char *text)
{
	int rc = uk_vfs_create_file(path, 0644, text, strlen(text));

	return rc == -EEXIST ? 0 : rc;	/* the root file system has its own */
}

static int defaults_init(void)
{
	int rc;

	if (!uk_vfs_root)
		return 0;
	rc = uk_vfs_mkdir("/etc", 0755);
	if (rc && rc != -EEXIST)
		goto fail;
	rc = default_file("/etc/passwd", passwd);
	if (!rc)
		rc = default_file("/etc/group", group);
	if (!rc)
		rc = default_file("/etc/hosts", hosts);
	if (rc)
		goto fail;
	rc = uk_vfs_mkdir("/tmp", 01777);
	if (rc && rc != -EEXIST)
		goto fail;
	rc = uk_vfs_mkdir("/run", 0755);
	if (rc && rc != -EEXIST)
		goto fail;
	return 0;
fail:
	/* a read-only root, say: programs will do without */
	uk_pr_warn("default files in /etc, /tmp and /run: error %d\n", -rc);
	return 0;
}
uk_initcall_prio(defaults_init, UK_INIT_ROOTFS, 9);
