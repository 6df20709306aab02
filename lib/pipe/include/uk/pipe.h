/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef UK_PIPE_H
#define UK_PIPE_H

#include <uk/file.h>

/* A new pipe: its read and write ends, a reference each. 0 or -ENOMEM. */
int uk_pipe_new(struct uk_file **rd, struct uk_file **wr);

#endif /* UK_PIPE_H */
