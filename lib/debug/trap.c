// SPDX-License-Identifier: BSD-3-Clause
/*
 * The crash report of a fatal trap (a CPU exception or an unexpected
 * interrupt), registered with arch/ as its fatal-trap handler: what
 * happened, where (symbolized), the registers and a backtrace, then the
 * VM ends with UK_EXIT_EXCEPTION.
 */
#include <uk/arch/trap.h>
#include <uk/crash.h>
#include <uk/exit.h>
#include <uk/plat.h>

static void crash_trap(struct uk_regs *regs)
{
	struct uk_arch_fault f;

	uk_arch_fault_decode(regs, &f);
	if (!uk_crash_begin())
		ukplat_halt(UK_EXIT_EXCEPTION);
	if (!f.is_exception)
		uk_crash_printf("unexpected interrupt, vector %lu: no "
				"handler\n", f.vector);
	else
		uk_crash_printf("CPU exception %lu: %s\n", f.vector,
				f.name ? f.name : "reserved vector");
	uk_crash_printf("error code: 0x%lx\n", f.error);
	uk_arch_fault_explain(&f, uk_console_printf);
	uk_crash_printf(UK_ARCH_PC_NAME ": ");
	uk_crash_print_addr(f.pc);
	uk_crash_printf("\n");
	if (f.has_addr)
		uk_crash_printf(UK_ARCH_ADDR_NAME ": 0x%016lx\n", f.addr);
	if ((f.has_addr && ukplat_in_stack_guard(f.addr)) ||
	    (f.stack_switch && ukplat_in_stack_guard(f.sp)))
		uk_crash_printf("  the address is in a stack guard page: "
				"stack overflow\n");
	uk_crash_notes(&f);
	uk_arch_regs_print(regs, uk_console_printf);
	uk_crash_backtrace(f.pc, f.fp, f.sp);
	uk_crash_end(UK_EXIT_EXCEPTION);
}
uk_arch_fatal_handler(crash_trap);
