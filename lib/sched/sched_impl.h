/* SPDX-License-Identifier: BSD-3-Clause */
/* What the parts of lib/sched share. All of it runs with the scheduler
 * locked (interrupts off). */
#ifndef SCHED_IMPL_H
#define SCHED_IMPL_H

#include <uk/arch/x86.h>
#include <uk/sched.h>

extern struct uk_list sched_runq;	/* RUNNABLE threads but the current */
extern struct uk_list sched_zombies;	/* exited, to be freed */
extern struct uk_list sched_threads;	/* every thread */
extern unsigned int sched_irq_waiters;	/* waits on interrupt-fed queues */

void sched_make_runnable(struct uk_thread *t);
void sched_schedule(void);
void sched_thread_started(void);
void sched_reap_zombies(void);
void sched_resume_hooks(struct uk_thread *t);

static inline void sched_resumed(struct uk_thread *t)
{
	if (unlikely(t->sig_pending & ~t->sig_blocked))
		sched_resume_hooks(t);
}
unsigned long sched_timer_count(void);
void sched_timer_start(void);
__noreturn void sched_deadlock_report(void);

#ifdef CONFIG_LIBSCHED_PREEMPT
void sched_slice_start(struct uk_thread *next);
void sched_slice_stop(void);
void sched_preempt_check(void);
void sched_preempt_irq(void);
#else
static inline void sched_slice_start(struct uk_thread *next)
{
}

static inline void sched_slice_stop(void)
{
}

static inline void sched_preempt_check(void)
{
}

static inline void sched_preempt_irq(void)
{
}
#endif

/*
 * Switches from the current thread to next (locked), its TLS base too.
 * Returns when something switches back; then frees what exited
 * meanwhile.
 */
extern unsigned long sched_switches;

static inline void sched_switch_to(struct uk_thread *next)
{
	struct uk_thread *prev = uk_sched_current_thread;

	sched_switches++;
	uk_sched_current_thread = next;
	sched_slice_start(next);
	uk_arch_ctx_switch(&prev->ctx, &next->ctx);
	if (unlikely(!uk_list_empty(&sched_zombies)))
		sched_reap_zombies();
}

#endif /* SCHED_IMPL_H */
