/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Exit statuses of a Unikit VM. The app's status passes through as is when
 * it is at most UK_EXIT_APP_MAX; the kernel reserves the top five.
 * A VMM exit code is 8 bits and isa-debug-exit turns a status s into
 * (s << 1) | 1, which leaves 7 bits: 0..127. support/scripts/run maps the
 * QEMU exit code back (docs/exit-status.md).
 */
#ifndef UK_EXIT_H
#define UK_EXIT_H

#define UK_EXIT_APP_MAX		122
#define UK_EXIT_DEADLOCK	123	/* all threads blocked: report printed */
/* 124 is the run script's timeout; the guest never reports it */
#define UK_EXIT_APP_CLAMPED	125	/* app status > 122; printed on console */
#define UK_EXIT_PANIC		126	/* assert, panic, boot error */
#define UK_EXIT_EXCEPTION	127	/* CPU exception: crash report printed */

#endif /* UK_EXIT_H */
