// SPDX-License-Identifier: BSD-3-Clause
/*
 * Crash reports: panic, failed asserts and (trap.c) fatal traps all end
 * here. Output bypasses the log level; a fault while reporting powers off
 * at once instead of recursing.
 */
#include <uk/arch/frame.h>
#include <uk/crash.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>

#define BACKTRACE_MAX	32

static bool crashing;

UK_TABLE_DEFINE(crashnote, struct uk_crash_note);

void uk_crash_notes(const struct uk_arch_fault *fault)
{
	const struct uk_crash_note *n;

	uk_table_foreach(n, crashnote)
		n->fn(fault);
}

bool uk_crash_begin(void)
{
	if (crashing) {
		uk_console_printf("\n*** fault while printing a crash report: "
				  "powering off\n");
		return false;
	}
	crashing = true;
	uk_console_printf("\n*** CRASH ***\n");
	return true;
}

__noreturn void uk_crash_end(int status)
{
	uk_console_printf("*** end of crash report: exit status %d ***\n",
			  status);
	ukplat_halt(status);
}

void uk_crash_print_addr(uintptr_t addr)
{
	uintptr_t off;
	const char *name = uk_symbolize(addr, &off);

	if (name)
		uk_console_printf("0x%016lx <%s+0x%lx>", addr, name, off);
	else
		uk_console_printf("0x%016lx", addr);
}

/*
 * Walks the frame-pointer chain (uk/arch/frame.h). Frames only go up the
 * stack; anything else ends the walk, as does an address we could not
 * read.
 */
void uk_crash_backtrace(uintptr_t pc, uintptr_t fp, uintptr_t sp)
{
	uintptr_t last_ret = 0, off;
	int depth, repeats = 0;

	uk_console_printf("backtrace:\n  #0  ");
	uk_crash_print_addr(pc);
	uk_console_printf("\n");
	/*
	 * gcc gives leaf functions no frame, so a fault in one would hide
	 * its caller: a code address on top of the stack that the frame
	 * chain does not name is shown, marked '?' as a likely caller.
	 */
	if (sp && ukplat_addr_readable(sp) && ukplat_addr_readable(sp + 7)) {
		uintptr_t top = *(uintptr_t *)sp, caller_fp, ret = 0;

		if (fp && ukplat_addr_readable(fp) &&
		    ukplat_addr_readable(fp + UK_ARCH_FRAME_SIZE - 1))
			uk_arch_frame_read(fp, &caller_fp, &ret);
		if (uk_symbolize(top - 1, &off) && ret != top) {
			uk_console_printf("  ?   ");
			uk_crash_print_addr(top - 1);
			uk_console_printf("\n");
		}
	}
	for (depth = 1; depth < BACKTRACE_MAX + repeats; depth++) {
		uintptr_t next, ret;

		if (!fp || (fp & (UK_ARCH_FRAME_ALIGN - 1)) ||
		    !ukplat_addr_readable(fp) ||
		    !ukplat_addr_readable(fp + UK_ARCH_FRAME_SIZE - 1))
			break;
		uk_arch_frame_read(fp, &next, &ret);
		if (!ret)
			break;
		/* deep recursion: print the frame once, then a count */
		if (ret == last_ret) {
			repeats++;
		} else {
			if (repeats)
				uk_console_printf("  ... the frame above "
						  "repeats %d more times\n",
						  repeats);
			repeats = 0;
			uk_console_printf("  #%-2d ", depth);
			/* the call is just before the return address */
			uk_crash_print_addr(ret - 1);
			uk_console_printf("\n");
		}
		last_ret = ret;
		if (next <= fp)
			break;
		fp = next;
	}
	if (repeats)
		uk_console_printf("  ... the frame above repeats %d more "
				  "times\n", repeats);
}

__noreturn void uk_panic(const char *fmt, ...)
{
	va_list ap;

	if (!uk_crash_begin())
		ukplat_halt(UK_EXIT_PANIC);
	uk_console_printf("kernel panic: ");
	va_start(ap, fmt);
	uk_console_vprintf(fmt, ap);
	va_end(ap);
	uk_console_printf("\n");
	uk_crash_notes(NULL);
	uk_crash_backtrace((uintptr_t)__builtin_return_address(0) - 1,
			   uk_arch_caller_fp(), 0);
	uk_crash_end(UK_EXIT_PANIC);
}

__noreturn void uk_assert_fail(const char *expr, const char *file, int line,
			       const char *func)
{
	if (!uk_crash_begin())
		ukplat_halt(UK_EXIT_PANIC);
	uk_console_printf("assertion failed: %s\n  at %s:%d, in %s()\n",
			  expr, file, line, func);
	uk_crash_notes(NULL);
	uk_crash_backtrace((uintptr_t)__builtin_return_address(0) - 1,
			   uk_arch_caller_fp(), 0);
	uk_crash_end(UK_EXIT_PANIC);
}
