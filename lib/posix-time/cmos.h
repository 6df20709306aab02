/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CMOS register access for the RTC, apart from time.c so that host tests
 * can put a fake RTC behind it.
 */
#ifndef POSIX_TIME_CMOS_H
#define POSIX_TIME_CMOS_H

#include <stdint.h>

uint8_t posix_time_cmos_read(uint8_t reg);

#endif /* POSIX_TIME_CMOS_H */
