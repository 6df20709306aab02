// SPDX-License-Identifier: BSD-3-Clause
/*
 * 9pfs.mount=TAG:/path[:ro],...: host folders mounted at boot, once the
 * devices are probed (lib/virtio's init, UK_INIT_SYS), before main. A
 * tag no device has stops the boot with a message saying which QEMU
 * options give one (support/scripts/run's SHARE= adds them).
 */
#include <errno.h>

#include <uk/9pdev.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/vfs.h>

static const char *mounts;

static int mounts_check(const struct uk_param *p, const char *value)
{
	if (!uk_vfs_mount_list_ok(value))
		return -EINVAL;
	mounts = value;
	return 0;
}

static const struct uk_param uk_param_9pfs_mount __uk_table(params, "9pfs") =
	UK_PARAM_DEFINE(9pfs, mount, mounts_check, &mounts, 0, 0,
			"host folders to mount: tag:/path[:ro],...");

static void no_device(const char *tag, const char *path)
{
	struct uk_9pdev *d;
	struct uk_list *l;
	bool any = false;

	uk_pr_err("9pfs.mount: no 9P device with mount tag \"%s\" for %s\n",
		  tag, path);
	uk_list_foreach(l, &uk_9pdevs) {
		d = uk_list_entry(l, struct uk_9pdev, node);
		uk_pr_err("9pfs.mount: there is \"%s\" (%s)\n", d->tag,
			  d->name);
		any = true;
	}
	if (!any)
		uk_pr_err("9pfs.mount: the VM has no 9P device; QEMU gives one "
			  "with -fsdev local,id=fs0,path=DIR,security_model="
			  "none -device virtio-9p-device,fsdev=fs0,mount_tag="
			  "%s (virtio-9p-pci on q35 and pc; make run "
			  "SHARE=DIR adds them)\n", tag);
}

static int mount_one(const char *tag, char *path, unsigned long flags,
		     void *arg)
{
	int rc;

	if (!uk_9pdev_find(tag)) {
		no_device(tag, path);
		return -ENODEV;
	}
	rc = uk_vfs_mkdir_p(path);
	if (!rc)
		rc = uk_vfs_mount(tag, path, "9pfs", flags, NULL);
	if (rc)
		uk_pr_err("9pfs.mount: cannot mount \"%s\" at %s: error %d\n",
			  tag, path, -rc);
	return rc;
}

static int mounts_init(void)
{
	return uk_vfs_mount_list_each("9pfs.mount", mounts, mount_one, NULL);
}
/* after the devices (UK_INIT_SYS, priority 5) */
uk_initcall_prio(mounts_init, UK_INIT_SYS, 8);
