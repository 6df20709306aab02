/* SPDX-License-Identifier: BSD-3-Clause */
/* The kernel side of lib/posix-time's clocks. */
#ifndef UK_TIME_H
#define UK_TIME_H

#include <stdint.h>

/* CLOCK_REALTIME minus CLOCK_MONOTONIC, in ns (for wall-clock deadlines). */
int64_t uk_time_realtime_offset(void);
/*
 * The wall clock in whole seconds, without the monotonic clock if it is
 * not running yet (from time.epoch= or the RTC): for timestamps made at
 * boot, which should not pay the clock's calibration.
 */
int64_t uk_time_coarse_seconds(void);

#endif /* UK_TIME_H */
