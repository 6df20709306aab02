/* SPDX-License-Identifier: BSD-3-Clause */
/* The kernel side of lib/posix-mmap's mappings. */
#ifndef UK_MMAP_H
#define UK_MMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* munmap() for the kernel (musl's exiting threads): 0 or -errno. */
int uk_mmap_unmap(void *addr, size_t len);

/* The live mapping [*start, *end) holding addr; false if none. */
bool uk_mmap_find(uintptr_t addr, uintptr_t *start, uintptr_t *end);

#endif /* UK_MMAP_H */
