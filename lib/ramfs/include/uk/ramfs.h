/* SPDX-License-Identifier: BSD-3-Clause */
/* ramfs for those who fill it at boot (lib/initrd). */
#ifndef UK_RAMFS_H
#define UK_RAMFS_H

#include <stddef.h>

struct uk_vnode;

/*
 * Makes the empty regular file vn (a ramfs one) hold the size bytes at
 * data without copying them: its pages point there until they are first
 * written. data must stay, unchanged, for as long as the file may. 0,
 * -EINVAL (not an empty ramfs file: -EEXIST if not empty), -ENOMEM.
 */
int uk_ramfs_borrow(struct uk_vnode *vn, const void *data, size_t size);

#endif /* UK_RAMFS_H */
