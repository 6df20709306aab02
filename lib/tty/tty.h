/* SPDX-License-Identifier: BSD-3-Clause */
/* Between the line discipline (ldisc.c) and the console file (console.c). */
#ifndef TTY_H
#define TTY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/uio.h>

/* Applies console.echo=. */
void tty_start(void);
/* Asks the platform for input interrupts (once; at the first read). */
void tty_input_on(void);
/* A read: -EAGAIN (nonblock), -EINTR, or the bytes (0: end of file). */
long tty_read(const struct iovec *iov, int cnt, size_t total, bool nonblock);
void tty_write(const struct iovec *iov, int cnt);
/* Terminal ioctls (termios, window size...); -ENOTTY for others. */
int tty_ioctl(unsigned int cmd, unsigned long arg);

/* console.c: whether a read would return now (scheduler locked). */
void tty_readiness(bool readable);

#endif /* TTY_H */
