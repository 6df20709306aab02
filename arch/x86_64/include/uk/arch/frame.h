/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Walking the frame-pointer chain (the kit builds with frame pointers).
 * x86_64: [fp] is the caller's fp, [fp + 8] the return address.
 */
#ifndef UK_ARCH_FRAME_H
#define UK_ARCH_FRAME_H

#include <uk/essentials.h>

/* Bytes from fp that uk_arch_frame_read() reads. */
#define UK_ARCH_FRAME_SIZE	16

/* The caller's frame pointer and the return address of frame fp. */
static inline void uk_arch_frame_read(uintptr_t fp, uintptr_t *caller_fp,
				      uintptr_t *ret)
{
	*caller_fp = ((const uintptr_t *)fp)[0];
	*ret = ((const uintptr_t *)fp)[1];
}

/* The frame pointer of the function that called the current one. */
#define uk_arch_caller_fp()						\
	(*(const uintptr_t *)__builtin_frame_address(0))

/* Frames are 8-byte aligned; a misaligned fp ends the walk. */
#define UK_ARCH_FRAME_ALIGN	8

#endif /* UK_ARCH_FRAME_H */
