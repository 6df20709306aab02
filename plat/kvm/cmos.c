// SPDX-License-Identifier: BSD-3-Clause
/*
 * CMOS registers through the index (0x70) and data (0x71) ports, apart
 * from rtc.c so that host tests can put a fake CMOS behind it.
 */
#include <uk/arch/x86.h>
#include "kvm.h"

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71

uint8_t kvm_cmos_read(uint8_t reg)
{
	/* bit 7 of the index clear: NMIs stay enabled */
	outb(CMOS_INDEX, reg & 0x7f);
	return inb(CMOS_DATA);
}
