// SPDX-License-Identifier: BSD-3-Clause
/*
 * Console on the first 16550 UART (COM1). The VMM's UART needs no set-up
 * to transmit, so output works from the first C line with no init; we
 * still wait for the transmitter like real hardware wants, but boundedly,
 * so a missing UART cannot hang the kernel.
 *
 * Input: once someone asks to be told (ukplat_console_rx_notify), the
 * UART's receive interrupt (ISA IRQ 4, through the I/O APIC) moves what
 * arrived into a ring and calls the listener. A full ring stops the
 * interrupt until the reader takes bytes, so the UART and QEMU behind it
 * hold the rest (nothing is lost). Before that, getc reads the UART.
 */
#include <uk/arch/x86.h>
#include <uk/errno.h>
#include <uk/plat.h>
#include "kvm.h"

#define COM1		0x3f8
#define COM1_IRQ	4
#define UART_THR	0
#define UART_IER	1
#define UART_MCR	4
#define UART_LSR	5
#define UART_IER_RDI	0x01
#define UART_MCR_OUT2	0x08	/* the PC's gate for the UART's interrupt */
#define UART_LSR_DR	0x01
#define UART_LSR_THRE	0x20

#define RX_RING		256	/* a power of two */

static unsigned char rx_ring[RX_RING];
static unsigned int rx_head, rx_tail;	/* free-running */
static void (*rx_listener)(void);
static bool rx_irq_on, rx_stopped;

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

static int uart_getc(void)
{
	if (!(inb(COM1 + UART_LSR) & UART_LSR_DR))
		return -1;
	return inb(COM1 + UART_THR);	/* RBR shares the THR offset */
}

static void rx_irq(struct uk_regs *regs)
{
	int c;

	while (rx_tail - rx_head < RX_RING && (c = uart_getc()) >= 0)
		rx_ring[rx_tail++ % RX_RING] = c;
	if (rx_tail - rx_head == RX_RING &&
	    (inb(COM1 + UART_LSR) & UART_LSR_DR)) {
		/* full: the UART keeps the rest until the reader drains */
		outb(COM1 + UART_IER, 0);
		rx_stopped = true;
	}
	kvm_lapic_eoi();
	if (rx_listener)
		rx_listener();
}

int ukplat_console_rx_notify(void (*fn)(void))
{
	unsigned long flags = ukplat_irq_save();
	int rc = 0;

	rx_listener = fn;
	if (!rx_irq_on) {
		rc = kvm_ioapic_route_isa(COM1_IRQ, KVM_VEC_COM1);
		if (!rc) {
			uk_arch_irq_register(KVM_VEC_COM1, rx_irq);
			outb(COM1 + UART_MCR, inb(COM1 + UART_MCR) |
			     UART_MCR_OUT2);
			outb(COM1 + UART_IER, UART_IER_RDI);
			rx_irq_on = true;
		}
	}
	ukplat_irq_restore(flags);
	return rc;
}

bool ukplat_console_rx_ready(void)
{
	return rx_irq_on ? rx_tail != rx_head :
	       (inb(COM1 + UART_LSR) & UART_LSR_DR);
}

int ukplat_console_getc(void)
{
	unsigned long flags;
	int c = -1;

	if (!rx_irq_on)
		return uart_getc();
	flags = ukplat_irq_save();
	if (rx_tail != rx_head)
		c = rx_ring[rx_head++ % RX_RING];
	if (rx_stopped && rx_tail - rx_head < RX_RING / 2) {
		rx_stopped = false;
		outb(COM1 + UART_IER, UART_IER_RDI);
	}
	ukplat_irq_restore(flags);
	return c;
}
