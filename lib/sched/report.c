// SPDX-License-Identifier: BSD-3-Clause
/*
 * What lib/sched adds to crash reports (the thread that crashed, and a
 * stack overflow into a thread's guard page), and the all-blocked report:
 * every thread, what it waits on, a backtrace, then the VM exits with
 * UK_EXIT_DEADLOCK. A deadlock never hangs the VM silently.
 */
#include <uk/arch/ctx.h>
#include <uk/arch/trap.h>
#include <uk/crash.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include "sched_impl.h"

static const char *state_name(const struct uk_thread *t)
{
	switch (t->state) {
	case UK_THREAD_RUNNABLE:
		return "runnable";
	case UK_THREAD_BLOCKED:
		return "blocked";
	default:
		return "exited";
	}
}

static bool in_stack_of(const struct uk_thread *t, uintptr_t a)
{
	return t->stack_lo && a >= t->stack_lo && a < t->stack_hi &&
	       !ukplat_addr_readable(a);
}

static void sched_crash_note(const struct uk_arch_fault *f)
{
	struct uk_thread *cur = uk_thread_current(), *t;
	struct uk_list *p;

	if (!cur)
		return;
	uk_crash_printf("thread: %s (tid %d)\n", cur->name, cur->tid);
	if (!f)
		return;
	uk_list_foreach(p, &sched_threads) {
		t = uk_list_entry(p, struct uk_thread, all);
		if ((f->has_addr && in_stack_of(t, f->addr)) ||
		    (f->stack_switch && in_stack_of(t, f->sp)))
			uk_crash_printf("  the address is in the guard page of "
					"thread %s's stack: stack overflow\n",
					t->name);
	}
}
uk_crash_note(sched_crash_note);

/* Every thread: its state, what it waits on, a backtrace. */
static void print_threads(void)
{
	struct uk_thread *cur = uk_thread_current(), *t;
	uintptr_t pc, fp;
	struct uk_list *p;

	uk_list_foreach(p, &sched_threads) {
		t = uk_list_entry(p, struct uk_thread, all);
		uk_console_printf("thread %s (tid %d): %s", t->name, t->tid,
				  state_name(t));
		if (t->state == UK_THREAD_BLOCKED && t->wait)
			uk_console_printf(", waiting on %s (0x%lx)",
					  t->wait->wq->name,
					  (unsigned long)t->wait->key);
		uk_console_printf("\n");
		if (t->state == UK_THREAD_EXITED)
			continue;
		if (t == cur) {
			uk_crash_backtrace((uintptr_t)__builtin_return_address(0),
					   (uintptr_t)__builtin_frame_address(0),
					   0);
		} else {
			uk_arch_ctx_frame(&t->ctx, &pc, &fp);
			uk_crash_backtrace(pc - 1, fp, 0);
		}
	}
}

__noreturn void sched_deadlock_report(void)
{
	if (!uk_crash_begin())
		ukplat_halt(UK_EXIT_DEADLOCK);
	uk_crash_printf("all threads are blocked and nothing can wake one "
			"(no deadline, no interrupt-fed wait): deadlock\n");
	print_threads();
	uk_crash_end(UK_EXIT_DEADLOCK);
}

/* The console's ^T: the same list, and the VM goes on. */
void uk_sched_print_threads(void)
{
	unsigned long irq = uk_sched_lock();

	print_threads();
	uk_sched_unlock(irq);
}
