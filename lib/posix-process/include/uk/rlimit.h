/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process's resource limits, for the libraries that enforce one
 * (lib/file: RLIMIT_NOFILE; lib/vfs: RLIMIT_FSIZE).
 */
#ifndef UK_RLIMIT_H
#define UK_RLIMIT_H

#include <sys/resource.h>

/* The soft limit of resource (RLIM_INFINITY: none). */
rlim_t uk_rlimit_cur(unsigned int resource);

#endif /* UK_RLIMIT_H */
