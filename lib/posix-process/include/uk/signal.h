/* SPDX-License-Identifier: BSD-3-Clause */
/* Signals the kernel sends the app (SIGPIPE on a write to a closed pipe). */
#ifndef UK_SIGNAL_H
#define UK_SIGNAL_H

/* Sends sig to the calling thread now, as the kernel (SI_KERNEL). */
int uk_signal_raise(int sig);

#endif /* UK_SIGNAL_H */
