/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Building blocks of a crash report, for the arch trap handler and panic.
 * uk_crash_begin() returns false when a crash is already being reported
 * (a fault inside the reporter): the caller then powers off at once.
 */
#ifndef UK_CRASH_H
#define UK_CRASH_H

#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/table.h>

bool uk_crash_begin(void);
__noreturn void uk_crash_end(int status);
/* Crash output bypasses the log level: straight to the console. */
#define uk_crash_printf(...)	uk_console_printf(__VA_ARGS__)
/* Prints "0x... <symbol+0xoff>". */
void uk_crash_print_addr(uintptr_t addr);
/*
 * Walks the frame-pointer chain from fp, pc being the faulting address;
 * sp (or 0) is the stack pointer at the fault, for frameless leaves.
 */
void uk_crash_backtrace(uintptr_t pc, uintptr_t fp, uintptr_t sp);

/*
 * Crash notes: fn() adds lines to every crash report (which thread
 * crashed, a stack overflow in a thread's guard page). fault is the trap
 * (NULL for a panic or a failed assertion). Called once per report.
 */
struct uk_arch_fault;
struct uk_crash_note {
	void (*fn)(const struct uk_arch_fault *fault);
	const char *name;
};
UK_TABLE_DECLARE(crashnote, struct uk_crash_note);
#define uk_crash_note(func)						\
	static const struct uk_crash_note __uk_crashnote_##func		\
		__uk_table(crashnote, "5") = { .fn = func, .name = #func }

/* Prints every registered crash note (reporters call it). */
void uk_crash_notes(const struct uk_arch_fault *fault);

/* Name of the function containing addr, and the offset into it. */
const char *uk_symbolize(uintptr_t addr, uintptr_t *offset);

#endif /* UK_CRASH_H */
