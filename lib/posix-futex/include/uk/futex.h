/* SPDX-License-Identifier: BSD-3-Clause */
/* Futexes (lib/posix-futex), for the kernel side of thread exit. */
#ifndef UK_FUTEX_H
#define UK_FUTEX_H

#include <stdint.h>

/* Wakes up to n waiters on addr; returns how many. */
int uk_futex_wake(uint32_t *addr, int n);

#endif /* UK_FUTEX_H */
