/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef NOLIBC_ASSERT_H
#define NOLIBC_ASSERT_H

#include <uk/print.h>

#ifdef NDEBUG
#define assert(x) ((void)0)
#else
#define assert(x) UK_ASSERT(x)
#endif

#endif /* NOLIBC_ASSERT_H */
