// SPDX-License-Identifier: BSD-3-Clause
/*
 * Trap dispatch: interrupts go to their registered handler; any CPU
 * exception is fatal and prints a crash report (vector, error code, RIP and
 * its symbol, CR2, registers, backtrace), then powers off with
 * UK_EXIT_EXCEPTION. Nothing is resumed: there is no demand paging yet.
 */
#include <uk/arch/x86.h>
#include <uk/crash.h>
#include <uk/exit.h>
#include <uk/plat.h>

void uk_arch_trap(struct uk_regs *regs);

extern void (*uk_arch_irq_handlers[])(struct uk_regs *);

static const char *const exception_names[32] = {
	[0] = "divide error (#DE)",
	[1] = "debug (#DB)",
	[2] = "non-maskable interrupt (NMI)",
	[3] = "breakpoint (#BP)",
	[4] = "overflow (#OF)",
	[5] = "bound range exceeded (#BR)",
	[6] = "invalid opcode (#UD)",
	[7] = "device not available (#NM)",
	[8] = "double fault (#DF)",
	[10] = "invalid TSS (#TS)",
	[11] = "segment not present (#NP)",
	[12] = "stack-segment fault (#SS)",
	[13] = "general protection fault (#GP)",
	[14] = "page fault (#PF)",
	[16] = "x87 floating-point error (#MF)",
	[17] = "alignment check (#AC)",
	[18] = "machine check (#MC)",
	[19] = "SIMD floating-point exception (#XM)",
	[20] = "virtualization exception (#VE)",
	[21] = "control protection exception (#CP)",
};

static void print_pf_error(unsigned long err, unsigned long cr2)
{
	uk_crash_printf("  (%s, %s, %s%s)\n",
			err & 1 ? "protection violation" : "page not present",
			err & 2 ? "write" : (err & 16 ? "instruction fetch" : "read"),
			err & 4 ? "user mode" : "kernel mode",
			err & 8 ? ", reserved bit set" : "");
	if (cr2 < 4096)
		uk_crash_printf("  NULL pointer dereference\n");
}

static void crash_report(struct uk_regs *r)
{
	unsigned long cr2 = read_cr2();
	const char *name = r->vector < 32 ? exception_names[r->vector] : NULL;

	if (!uk_crash_begin())
		ukplat_halt(UK_EXIT_EXCEPTION);

	if (r->vector >= 32)
		uk_crash_printf("unexpected interrupt, vector %lu: no handler\n",
				r->vector);
	else
		uk_crash_printf("CPU exception %lu: %s\n", r->vector,
				name ? name : "reserved vector");
	uk_crash_printf("error code: 0x%lx\n", r->error);
	if (r->vector == 14)
		print_pf_error(r->error, cr2);
	uk_crash_printf("RIP: ");
	uk_crash_print_addr(r->rip);
	uk_crash_printf("\nCR2: 0x%016lx\n", cr2);
	if (ukplat_in_stack_guard(cr2) ||
	    (r->vector == 8 && ukplat_in_stack_guard(r->rsp)))
		uk_crash_printf("  the address is in a stack guard page: "
				"stack overflow\n");
	uk_crash_printf("RAX: %016lx RBX: %016lx RCX: %016lx\n",
			r->rax, r->rbx, r->rcx);
	uk_crash_printf("RDX: %016lx RSI: %016lx RDI: %016lx\n",
			r->rdx, r->rsi, r->rdi);
	uk_crash_printf("RBP: %016lx RSP: %016lx R8:  %016lx\n",
			r->rbp, r->rsp, r->r8);
	uk_crash_printf("R9:  %016lx R10: %016lx R11: %016lx\n",
			r->r9, r->r10, r->r11);
	uk_crash_printf("R12: %016lx R13: %016lx R14: %016lx\n",
			r->r12, r->r13, r->r14);
	uk_crash_printf("R15: %016lx RFLAGS: %08lx CS: %04lx SS: %04lx\n",
			r->r15, r->rflags, r->cs, r->ss);
	uk_crash_printf("CR3: %016lx\n", read_cr3());
	uk_crash_backtrace(r->rip, r->rbp, r->rsp);
	uk_crash_end(UK_EXIT_EXCEPTION);
}

void uk_arch_trap(struct uk_regs *regs)
{
	if (regs->vector >= 32 && uk_arch_irq_handlers[regs->vector]) {
		uk_arch_irq_handlers[regs->vector](regs);
		return;
	}
	crash_report(regs);
}
