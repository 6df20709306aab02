// SPDX-License-Identifier: BSD-3-Clause
/*
 * Preemption (CONFIG_LIBSCHED_PREEMPT). A slice timer is armed only while
 * another thread is runnable; when it expires, the timer interrupt
 * switches the running thread out, unless it is in a region that
 * disabled preemption, which then yields when it leaves it. A preempted
 * thread was stopped anywhere, so its whole FPU/SSE state is saved
 * (fxsave) besides the callee-saved registers of a normal switch.
 */
#include <uk/arch/ctx.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include "sched_impl.h"

unsigned int uk_sched_preempt_count;
bool uk_sched_need_resched;

static unsigned long slice_us = 10000;
UK_PARAM_ULONG(sched, slice_us, slice_us,
	       "preemption time slice in microseconds (default 10000)");

static void slice_expired(struct uk_timer *t)
{
	uk_sched_need_resched = true;
}

static struct uk_timer slice = { .fn = slice_expired };

static void slice_arm(void)
{
	uint64_t us = slice_us ? slice_us : 1;

	uk_timer_arm(&slice, ukplat_monotonic_ns() + us * 1000);
}

/* A switch to next: its slice starts if it has competition. */
void sched_slice_start(struct uk_thread *next)
{
	uk_sched_need_resched = false;
	if (!uk_list_empty(&sched_runq))
		slice_arm();
	else if (slice.armed)
		uk_timer_disarm(&slice);
}

/* The running thread blocks: no slice while nothing runs. */
void sched_slice_stop(void)
{
	uk_sched_need_resched = false;
	if (slice.armed)
		uk_timer_disarm(&slice);
}

/* A thread became runnable: the running one now has competition. */
void sched_preempt_check(void)
{
	struct uk_thread *cur = uk_sched_current_thread;

	if (!slice.armed && cur && cur->state == UK_THREAD_RUNNABLE)
		slice_arm();
}

static void preempt(struct uk_thread *cur)
{
	struct uk_thread *next;

	uk_sched_need_resched = false;
	next = uk_list_first(&sched_runq, struct uk_thread, rq);
	uk_list_unlink(&next->rq);
	uk_list_add_tail(&cur->rq, &sched_runq);
	uk_arch_fpu_save(cur->fpu);
	cur->preempted = true;
	sched_switch_to(next);
	cur->preempted = false;
	uk_arch_fpu_restore(cur->fpu);
}

/* The end of a timer interrupt. */
void sched_preempt_irq(void)
{
	struct uk_thread *cur = uk_sched_current_thread;

	if (!uk_sched_need_resched || cur->state != UK_THREAD_RUNNABLE ||
	    uk_list_empty(&sched_runq))
		return;
	if (uk_sched_preempt_count)
		return;		/* uk_preempt_enable() will yield */
	preempt(cur);
}

/* uk_preempt_enable() found a preemption it had held back. */
void uk_sched_preempt_pending(void)
{
	unsigned long flags = uk_sched_lock();
	bool go = uk_sched_need_resched && !uk_list_empty(&sched_runq);

	uk_sched_need_resched = false;
	uk_sched_unlock(flags);
	if (go)
		uk_sched_yield();
}
