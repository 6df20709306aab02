/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fatal traps. arch/ turns a CPU exception, or an interrupt nobody
 * handles, into a call of the handler registered in the table
 * "fataltrap" (lib/debug registers the crash reporter); arch/ itself
 * prints nothing. The helpers below let the handler describe the trap
 * without knowing the architecture's register names.
 */
#ifndef UK_ARCH_TRAP_H
#define UK_ARCH_TRAP_H

#include <uk/arch/x86.h>
#include <uk/table.h>

/* A printf-like sink: uk_console_printf, for example. */
typedef int (*uk_arch_printf)(const char *fmt, ...);

struct uk_arch_fatal_handler {
	/* Must not return: reports, then ends the VM. */
	void (*fn)(struct uk_regs *regs);
	const char *name;
};

UK_TABLE_DECLARE(fataltrap, struct uk_arch_fatal_handler);

#define uk_arch_fatal_handler(func)					\
	static const struct uk_arch_fatal_handler __uk_fatal_##func	\
		__uk_table(fataltrap, "5") = { .fn = func, .name = #func }

/* What a trap frame says, in architecture-neutral terms. */
struct uk_arch_fault {
	unsigned long vector;
	unsigned long error;
	bool is_exception;	/* else an unexpected interrupt */
	const char *name;	/* "page fault (#PF)", NULL if reserved */
	uintptr_t pc, fp, sp;
	bool has_addr;		/* addr is the faulting data address */
	uintptr_t addr;
	bool stack_switch;	/* taken on an emergency stack (#DF): sp
				 * in a guard page means a stack overflow */
};

#define UK_ARCH_PC_NAME		"RIP"
#define UK_ARCH_ADDR_NAME	"CR2"

void uk_arch_fault_decode(const struct uk_regs *r, struct uk_arch_fault *f);
/* The error code's meaning, if the vector has one worth a line. */
void uk_arch_fault_explain(const struct uk_arch_fault *f, uk_arch_printf pr);
/* Every register of the frame. */
void uk_arch_regs_print(const struct uk_regs *r, uk_arch_printf pr);

#endif /* UK_ARCH_TRAP_H */
