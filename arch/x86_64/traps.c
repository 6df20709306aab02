// SPDX-License-Identifier: BSD-3-Clause
/*
 * Trap dispatch: an interrupt goes to its registered handler; a CPU
 * exception, or an interrupt without a handler, goes to the fatal-trap
 * handler registered in the "fataltrap" table (lib/debug's crash
 * reporter), which does not return. Nothing is resumed: there is no
 * demand paging. The decoding helpers give the reporter what the frame
 * says without it knowing x86 register names.
 */
#include <uk/arch/trap.h>
#include <uk/exit.h>
#include <uk/plat.h>

void uk_arch_trap(struct uk_regs *regs);

extern void (*uk_arch_irq_handlers[])(struct uk_regs *);

UK_TABLE_DEFINE(fataltrap, struct uk_arch_fatal_handler);

#define VEC_DOUBLE_FAULT	8
#define VEC_PAGE_FAULT		14

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

void uk_arch_fault_decode(const struct uk_regs *r, struct uk_arch_fault *f)
{
	f->vector = r->vector;
	f->error = r->error;
	f->is_exception = r->vector < 32;
	f->name = f->is_exception ? exception_names[r->vector] : NULL;
	f->pc = r->rip;
	f->fp = r->rbp;
	f->sp = r->rsp;
	f->addr = read_cr2();
	/* CR2 is kept for the report of any vector, as before */
	f->has_addr = true;
	f->stack_switch = r->vector == VEC_DOUBLE_FAULT;
}

void uk_arch_fault_explain(const struct uk_arch_fault *f, uk_arch_printf pr)
{
	unsigned long err = f->error;

	if (f->vector != VEC_PAGE_FAULT)
		return;
	pr("  (%s, %s, %s%s)\n",
	   err & 1 ? "protection violation" : "page not present",
	   err & 2 ? "write" : (err & 16 ? "instruction fetch" : "read"),
	   err & 4 ? "user mode" : "kernel mode",
	   err & 8 ? ", reserved bit set" : "");
	if (f->addr < 4096)
		pr("  NULL pointer dereference\n");
}

void uk_arch_regs_print(const struct uk_regs *r, uk_arch_printf pr)
{
	pr("RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax, r->rbx, r->rcx);
	pr("RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx, r->rsi, r->rdi);
	pr("RBP: %016lx RSP: %016lx R8:  %016lx\n", r->rbp, r->rsp, r->r8);
	pr("R9:  %016lx R10: %016lx R11: %016lx\n", r->r9, r->r10, r->r11);
	pr("R12: %016lx R13: %016lx R14: %016lx\n", r->r12, r->r13, r->r14);
	pr("R15: %016lx RFLAGS: %08lx CS: %04lx SS: %04lx\n",
	   r->r15, r->rflags, r->cs, r->ss);
	pr("CR3: %016lx\n", read_cr3());
}

void uk_arch_trap(struct uk_regs *regs)
{
	const struct uk_arch_fatal_handler *h;

	if (regs->vector >= 32 && uk_arch_irq_handlers[regs->vector]) {
		uk_arch_irq_handlers[regs->vector](regs);
		return;
	}
	uk_table_foreach(h, fataltrap)
		h->fn(regs);
	/* no reporter in the image (or it returned) */
	ukplat_halt(UK_EXIT_EXCEPTION);
}
