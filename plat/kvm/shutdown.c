// SPDX-License-Identifier: BSD-3-Clause
/*
 * Power off with an exit status. Non-zero statuses go through QEMU's
 * isa-debug-exit device (port 0xf4: QEMU exits with (status << 1) | 1);
 * status 0, or a VMM without that device, powers off through ACPI (QEMU
 * exits 0). If both fail we force a triple fault, which resets the VM (and
 * ends QEMU under -no-reboot) rather than hang.
 */
#include <uk/arch/x86.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include "kvm.h"

#define DEBUG_EXIT_PORT	0xf4

static __noreturn void triple_fault(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed no_idt = { 0, 0 };

	__asm__ __volatile__("lidt %0; int3" : : "m"(no_idt));
	for (;;)
		__asm__ __volatile__("hlt");
}

__noreturn void ukplat_halt(int status)
{
	static bool halting;

	irq_disable();
	/* a fault on the way out (broken ACPI tables) must not loop */
	if (halting)
		triple_fault();
	halting = true;
	if (status < 0 || status > UK_EXIT_EXCEPTION)
		status = UK_EXIT_APP_CLAMPED;
	if (status != 0)
		outb(DEBUG_EXIT_PORT, status);
	kvm_acpi_poweroff();
	outb(DEBUG_EXIT_PORT, status);
	triple_fault();
}
