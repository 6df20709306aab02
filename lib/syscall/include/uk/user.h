/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pointers from the app. A syscall checks the memory it is given before
 * the kernel touches it, and returns -EFAULT for what is not the app's to
 * give: NULL and the first page, addresses past RAM (device memory),
 * guard pages and PROT_NONE mappings, read-only pages to be written.
 */
#ifndef UK_USER_H
#define UK_USER_H

#include <stddef.h>
#include <uk/essentials.h>
#include <uk/plat.h>

static inline bool uk_user_ok(const void *p, size_t len, bool write)
{
	return ukplat_user_range_ok(p, len, write);
}

/* Readable/writable object of the pointer's type. */
#define uk_user_read_ok(p)	uk_user_ok((p), sizeof(*(p)), false)
#define uk_user_write_ok(p)	uk_user_ok((p), sizeof(*(p)), true)

/*
 * Copies the NUL-terminated string at src into dst (size bytes, NUL
 * included). Returns its length, -EFAULT, or -ENAMETOOLONG if it does not
 * fit.
 */
long uk_user_strncpy(char *dst, const char *src, size_t size);

#endif /* UK_USER_H */
