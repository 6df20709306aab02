/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The file descriptor table: one for the process (all its threads), and
 * it owns every descriptor, 0, 1 and 2 included. A new descriptor is the
 * lowest free one at or above a minimum; the number of descriptors is
 * bounded by RLIMIT_NOFILE (EMFILE past it). Slots change with the
 * scheduler locked, so a descriptor looked up by one thread cannot be
 * freed under it by another's close(): uk_fd_get() takes a reference.
 */
#ifndef UK_FDTAB_H
#define UK_FDTAB_H

#include <uk/file.h>

/* The open file behind fd with a reference (uk_ofile_put it), or NULL. */
struct uk_ofile *uk_fd_get(int fd);

/*
 * Installs of at the lowest free descriptor >= min, with FD_CLOEXEC if
 * cloexec; takes a reference of its own. Returns the descriptor, or
 * -EMFILE (none free under RLIMIT_NOFILE), -EINVAL (min past the
 * limit), -ENOMEM.
 */
int uk_fd_install(struct uk_ofile *of, int min, bool cloexec);

/*
 * Installs of at fd exactly (dup2), closing what was there; takes a
 * reference. Returns fd or -EBADF (fd out of range), -ENOMEM.
 */
int uk_fd_install_at(struct uk_ofile *of, int fd, bool cloexec);

/*
 * Makes a file description for f (taking over the caller's reference to
 * f) and installs it: open(), pipe(), socket() end with this. Returns the
 * descriptor, or the error (f's reference is dropped then).
 */
int uk_fd_open_file(struct uk_file *f, int flags);

/* close(): 0 or -EBADF. */
int uk_fd_close(int fd);

/* FD_CLOEXEC of fd: 0/1, or -EBADF; set: 0 or -EBADF. */
int uk_fd_get_cloexec(int fd);
int uk_fd_set_cloexec(int fd, bool on);

/* The lowest open descriptor >= fd, or -1. */
int uk_fd_next(int fd);

/* How many descriptors are open. */
unsigned int uk_fd_count(void);

#endif /* UK_FDTAB_H */
