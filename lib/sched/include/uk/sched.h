/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads, the scheduler, timers and wait queues: the one way the kernel
 * blocks.
 *
 * One CPU. The scheduler's state is guarded by "the scheduler lock",
 * which on one CPU is interrupts off (uk_sched_lock()); interrupt
 * handlers may wake threads and arm timers. Threads run round-robin from
 * one FIFO run queue; with CONFIG_LIBSCHED_PREEMPT a timer slice
 * (sched.slice_us=) preempts a thread while another is runnable.
 *
 * There is no idle thread: a thread that blocks with nothing else
 * runnable runs the idle step itself, on its own stack: expire timers,
 * run the idle hooks, program the timer for the earliest deadline and
 * halt with interrupts on. If nothing could ever wake a thread again (no
 * deadline, no interrupt-fed wait, no idle hook), the VM reports every
 * thread and exits with UK_EXIT_DEADLOCK.
 */
#ifndef UK_SCHED_H
#define UK_SCHED_H

#include <uk/arch/ctx.h>
#include <uk/arch/irq.h>
#include <uk/essentials.h>
#include <uk/list.h>
#include <uk/table.h>

/* --- timers ---------------------------------------------------------- */

/*
 * A deadline on the monotonic clock (ns). fn runs with the scheduler
 * locked, in the idle step or the timer interrupt; it may wake threads
 * and re-arm timers, nothing that blocks. The struct is the caller's:
 * arming never allocates.
 */
struct uk_timer {
	uint64_t deadline;
	void (*fn)(struct uk_timer *t);
	struct uk_timer *child, *next, *prev;	/* lib/sched's heap */
	bool armed;
};

void uk_timer_init(struct uk_timer *t, void (*fn)(struct uk_timer *t));
/* (Re)arms t; a deadline in the past fires at the next occasion. */
void uk_timer_arm(struct uk_timer *t, uint64_t deadline_ns);
void uk_timer_disarm(struct uk_timer *t);

/* --- threads ------------------------------------------------------------ */

enum uk_thread_state {
	UK_THREAD_RUNNABLE,	/* running, or in the run queue */
	UK_THREAD_BLOCKED,	/* in a wait */
	UK_THREAD_EXITED,	/* waiting to be joined or reaped */
};

struct uk_wait;
typedef void (*uk_thread_fn)(void *arg);

/*
 * Fields other libraries may read (lib/sched writes them, but for those
 * marked for the POSIX layer). Before the wait queues below because it
 * embeds one.
 */
struct uk_waitq {
	struct uk_list waiters;
	const char *name;	/* for the all-blocked report */
	bool irq;
};

struct uk_thread {
	struct uk_arch_ctx ctx;		/* ctx.tp: the TLS thread pointer */
	enum uk_thread_state state;
	int tid;
	char name[16];
	struct uk_wait *wait;		/* while BLOCKED */
	struct uk_list rq;		/* run queue; dangling while running */
	struct uk_list all;		/* every thread */
	/* the stack's memory, its guard pages at the bottom included
	 * (0: unknown): a fault in there, where nothing is mapped, is
	 * this thread's stack overflow */
	uintptr_t stack_lo, stack_hi;
	/* what lib/sched allocated for it (freed when it is reaped) */
	void *own_stack, *own_tls;
	uk_thread_fn fn;
	void *arg;
	bool detached, joining;
	void *retval;
	struct uk_waitq join_wq;	/* uk_thread_join() waits here */
	void (*exit_then)(void *arg);	/* after it ran for the last time */
	void *exit_then_arg;
	bool preempted;			/* its FPU state is in fpu */
	struct uk_arch_fpu *fpu;
	/* for the POSIX layer */
	int *clear_tid;			/* CLONE_CHILD_CLEARTID, set_tid_address */
	uint64_t sig_blocked, sig_pending;
};

struct uk_thread_attr {
	const char *name;
	/* the stack: the caller's (stack_top; stack_lo its lowest address,
	 * guard included, or 0 if unknown: musl's mapping), or one lib/sched
	 * allocates with a guard page below it (stack_top 0; stack_size 0:
	 * CONFIG_LIBSCHED_STACK_SIZE) */
	uintptr_t stack_top, stack_lo;
	size_t stack_size;
	/* the thread pointer: the caller's (musl's TLS), or 0: a TLS block
	 * made from the image's template, if it has __thread data */
	uintptr_t tp;
	bool detached;
};

#define UK_THREAD_STACK_MIN	(16 * 1024)
#define UK_THREAD_STACK_MAX	(256UL * 1024 * 1024)

/*
 * Creates a thread that runs fn(arg) and is runnable at once (it runs
 * when the caller blocks or yields, or is preempted). Returns it, or an
 * error pointer: -EINVAL (stack size out of range), -ENOMEM.
 */
struct uk_thread *uk_thread_create(uk_thread_fn fn, void *arg,
				   const struct uk_thread_attr *attr);
/*
 * Ends the calling thread. The last thread to exit ends the VM with
 * status 0 (as a process ends when its last thread does).
 */
__noreturn void uk_thread_exit(void *retval);
/*
 * Runs fn(arg) once the calling thread has exited and no longer runs on
 * its stack, from whichever thread runs next (musl's __unmapself).
 */
__noreturn void uk_thread_exit_then(void (*fn)(void *), void *arg);
/* 0 and *retval; -EINVAL detached or not joinable, -EDEADLK itself. */
int uk_thread_join(struct uk_thread *t, void **retval);
int uk_thread_detach(struct uk_thread *t);

extern struct uk_thread *uk_sched_current_thread;

static inline struct uk_thread *uk_thread_current(void)
{
	return uk_sched_current_thread;
}

struct uk_thread *uk_thread_find(int tid);
void uk_thread_set_name(struct uk_thread *t, const char *name);
/* The calling thread's TLS base (musl's __set_thread_area). */
void uk_thread_set_tp(uintptr_t tp);
/* Threads that exist (not yet reaped). */
unsigned int uk_thread_count(void);

/*
 * Thread exit hooks: fn(t) runs in the exiting thread, on its stack,
 * before it stops for good (CHILD_CLEARTID's futex wake).
 */
struct uk_thread_exit_hook {
	void (*fn)(struct uk_thread *t);
	const char *name;
};
UK_TABLE_DECLARE(threadexit, struct uk_thread_exit_hook);
#define uk_thread_exit_hook(func)					\
	static const struct uk_thread_exit_hook __uk_texit_##func	\
		__uk_table(threadexit, "5") = { .fn = func, .name = #func }

/* --- scheduling ----------------------------------------------------------- */

/* The scheduler lock: interrupts off, nestable; inline, it is hot. */
static inline unsigned long uk_sched_lock(void)
{
	return uk_arch_irq_save();
}

static inline void uk_sched_unlock(unsigned long flags)
{
	uk_arch_irq_restore(flags);
}

/*
 * Delivers the signals that came for the calling thread while it waited
 * (the POSIX layer's resume hooks). Blocking calls end with it, unlocked.
 */
void uk_sched_deliver_pending(void);

static inline void uk_sched_deliver(void)
{
	struct uk_thread *t = uk_sched_current_thread;

	if (unlikely(t->sig_pending & ~t->sig_blocked))
		uk_sched_deliver_pending();
}

/* Lets every other runnable thread run once. */
void uk_sched_yield(void);
/* Blocks the caller until the monotonic clock reaches deadline_ns. */
int uk_sched_sleep_until(uint64_t deadline_ns);

/*
 * Idle hooks: fn() runs in the idle step, with interrupts off, before
 * the CPU halts (a network driver's receive drain). A registered hook
 * means events may come from outside: the all-blocked check then never
 * fires. A passive hook cannot make a thread runnable itself (it tells a
 * device of work already posted; its answer wakes a thread waiting on
 * an interrupt's queue), so it leaves that check on.
 */
struct uk_sched_idle_hook {
	void (*fn)(void);
	const char *name;
	bool passive;
};
UK_TABLE_DECLARE(idlehook, struct uk_sched_idle_hook);
#define uk_sched_idle_hook(func)					\
	static const struct uk_sched_idle_hook __uk_idle_##func		\
		__uk_table(idlehook, "5") = { .fn = func, .name = #func }
#define uk_sched_idle_hook_passive(func)				\
	static const struct uk_sched_idle_hook __uk_idle_##func		\
		__uk_table(idlehook, "5") = { .fn = func, .name = #func,	\
					      .passive = true }

/*
 * Resume hooks: fn(t) runs in a thread that resumes after a wait or a
 * yield while t->sig_pending has signals t does not block (the POSIX
 * layer delivers them), with the scheduler unlocked.
 */
struct uk_sched_resume_hook {
	void (*fn)(struct uk_thread *t);
	const char *name;
};
UK_TABLE_DECLARE(resumehook, struct uk_sched_resume_hook);
#define uk_sched_resume_hook(func)					\
	static const struct uk_sched_resume_hook __uk_resume_##func	\
		__uk_table(resumehook, "5") = { .fn = func, .name = #func }

/* Preemption (CONFIG_LIBSCHED_PREEMPT): regions that must not be. */
#ifdef CONFIG_LIBSCHED_PREEMPT
extern unsigned int uk_sched_preempt_count;
void uk_sched_preempt_pending(void);
extern bool uk_sched_need_resched;

static inline void uk_preempt_disable(void)
{
	uk_sched_preempt_count++;
	uk_barrier();
}

static inline void uk_preempt_enable(void)
{
	uk_barrier();
	if (!--uk_sched_preempt_count && unlikely(uk_sched_need_resched))
		uk_sched_preempt_pending();
}
#else
static inline void uk_preempt_disable(void)
{
}

static inline void uk_preempt_enable(void)
{
}
#endif

/* --- wait queues ----------------------------------------------------------- */

/*
 * A wait queue (struct uk_waitq, above): threads wait on it until a
 * thread or an interrupt handler wakes them. irq: interrupt handlers wake
 * it (console input, a NIC), so a thread waiting there can be woken from
 * outside.
 */

#define UK_WAITQ_INITIALIZER(wq, nm, is_irq)				\
	{ .waiters = UK_LIST_INIT((wq).waiters), .name = (nm),		\
	  .irq = (is_irq) }

void uk_waitq_init(struct uk_waitq *wq, const char *name, bool irq);

static inline bool uk_waitq_empty(const struct uk_waitq *wq)
{
	return uk_list_empty(&wq->waiters);
}

/* One thread's wait; it lives on that thread's stack. */
struct uk_wait {
	struct uk_list node;
	struct uk_thread *thread;
	struct uk_waitq *wq;
	uintptr_t key;		/* the waker's business (a futex address) */
	unsigned long data;
	int result;		/* 0 woken, -ETIMEDOUT, -EINTR */
	bool queued;
	struct uk_timer timer;
};

#define UK_WAIT_FOREVER	UINT64_MAX

/*
 * The one blocking primitive. Called with the scheduler locked, after
 * the caller checked that it must wait (so no wake-up is lost between
 * check and sleep): queues w (key and data set by the caller) on wq and
 * blocks until woken (0), the deadline passes (-ETIMEDOUT) or the thread
 * is interrupted (-EINTR). Returns locked, w off the queue.
 */
int uk_waitq_wait_locked(struct uk_waitq *wq, struct uk_wait *w,
			 uint64_t deadline_ns);

/* Waits until cond holds (checked under the lock): 0, or the error. */
#define uk_waitq_wait_event(wq, cond, deadline_ns)			\
	({								\
		unsigned long __fl = uk_sched_lock();			\
		struct uk_wait __w = { .key = 0 };			\
		int __rc = 0;						\
		while (!(cond)) {					\
			__rc = uk_waitq_wait_locked((wq), &__w,		\
						    (deadline_ns));	\
			if (__rc)					\
				break;					\
		}							\
		uk_sched_unlock(__fl);					\
		uk_sched_deliver();					\
		__rc;							\
	})

/*
 * Wakes up to n waiters (n < 0: all), oldest first, the ones match()
 * accepts (NULL: any); returns how many. From threads and interrupt
 * handlers alike.
 */
int uk_waitq_wake(struct uk_waitq *wq, int n);
int uk_waitq_wake_match(struct uk_waitq *wq, int n,
			bool (*match)(struct uk_wait *w, void *arg),
			void *arg);
/*
 * Wakes up to n waiters (n < 0: all) whose key is key and whose data
 * shares a bit with bits (a futex wake: no callback per waiter).
 */
int uk_waitq_wake_key(struct uk_waitq *wq, uintptr_t key, unsigned long bits,
		      int n);
/* Wakes one particular wait with result (0, -EINTR, ...). Locked. */
void uk_wait_wake_locked(struct uk_wait *w, int result);
/* Moves a queued wait to another queue (futex requeue). Locked. */
void uk_wait_requeue_locked(struct uk_wait *w, struct uk_waitq *to);
/* Wakes t with -EINTR if it is in a wait. */
void uk_thread_interrupt(struct uk_thread *t);

/* Every thread, its state and a backtrace, on the console (^T). */
void uk_sched_print_threads(void);

#endif /* UK_SCHED_H */
