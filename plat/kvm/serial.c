// SPDX-License-Identifier: BSD-3-Clause
/*
 * Console on the first 16550 UART (COM1). The VMM's UART needs no set-up
 * to transmit, so output works from the first C line with no init; we
 * still wait for the transmitter like real hardware wants, but boundedly,
 * so a missing UART cannot hang the kernel.
 */
#include <uk/arch/x86.h>
#include <uk/plat.h>

#define COM1		0x3f8
#define UART_THR	0
#define UART_LSR	5
#define UART_LSR_DR	0x01
#define UART_LSR_THRE	0x20

static void serial_putc(char c)
{
	int spin;

	for (spin = 0; spin < 100000; spin++)
		if (inb(COM1 + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1 + UART_THR, c);
}

void ukplat_console_write(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			serial_putc('\r');
		serial_putc(buf[i]);
	}
}

int ukplat_console_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1 + UART_THR);	/* RBR shares the THR offset */
}
