/* SPDX-License-Identifier: BSD-3-Clause */
/* Signals the kernel sends the app (SIGPIPE on a write to a closed pipe). */
#ifndef UK_SIGNAL_H
#define UK_SIGNAL_H

/* Sends sig to the calling thread now, as the kernel (SI_KERNEL). */
int uk_signal_raise(int sig);

struct uk_thread;
/*
 * Makes sig pending on thread t, as the kernel, and interrupts its wait;
 * it acts when t resumes. From any context, a timer's too.
 */
void uk_signal_post(struct uk_thread *t, int sig);

/*
 * Sends sig to the process, as the kernel (^C on the console): to the
 * main thread, or to the caller if there is none. From any context.
 */
void uk_signal_post_process(int sig);

#endif /* UK_SIGNAL_H */
