// SPDX-License-Identifier: BSD-3-Clause
/*
 * Threads for musl. Its x86_64 __clone traps (the build leaves it out);
 * this one asks lib/sched for a thread that runs fn(arg) on the stack
 * and with the TLS musl prepared. Only the flags pthread_create passes
 * are accepted; anything else (posix_spawn's vfork-like clone) fails
 * with a message, once. __unmapself (a detached thread freeing its own
 * stack as it exits) becomes an exit whose unmapping lib/sched runs once
 * the thread no longer runs on that stack.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>
#include <uk/mmap.h>
#include <uk/print.h>
#include <uk/sched.h>

#define PTHREAD_FLAGS	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
			 CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | \
			 CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | \
			 CLONE_DETACHED)

int __clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);
void __unmapself(void *base, size_t size);

struct clone_start {
	int (*fn)(void *);
	void *arg;
};

static void clone_entry(void *p)
{
	struct clone_start *cs = p;

	/* musl's start() ends in pthread_exit: SYS_exit */
	cs->fn(cs->arg);
	uk_thread_exit(NULL);
}

int __clone(int (*fn)(void *), void *stack, int flags, void *arg, ...)
{
	static bool warned;
	struct uk_thread_attr attr = { .detached = true };
	struct clone_start *cs;
	struct uk_thread *t;
	uintptr_t top = (uintptr_t)stack, lo, hi;
	unsigned long lock;
	pid_t *ptid;
	int *ctid;
	void *tls;
	va_list ap;

	va_start(ap, arg);
	ptid = va_arg(ap, pid_t *);
	tls = va_arg(ap, void *);
	ctid = va_arg(ap, int *);
	va_end(ap);
	if (flags != PTHREAD_FLAGS) {
		if (!warned)
			uk_pr_warn("clone with flags 0x%x: only threads are "
				   "supported (one process, no fork)\n",
				   flags);
		warned = true;
		return -ENOSYS;
	}
	/* fn and arg ride at the top of the new stack */
	top = (top - sizeof(*cs)) & ~15UL;
	cs = (struct clone_start *)top;
	cs->fn = fn;
	cs->arg = arg;
	attr.stack_top = top;
	if (uk_mmap_find((uintptr_t)stack - 1, &lo, &hi))
		attr.stack_lo = lo;	/* musl's mapping, guard included */
	attr.tp = (uintptr_t)tls;
	lock = uk_sched_lock();		/* it must not run before this */
	t = uk_thread_create(clone_entry, cs, &attr);
	if (uk_is_err(t)) {
		uk_sched_unlock(lock);
		return (int)uk_ptr_err(t);
	}
	t->clear_tid = ctid;
	*ptid = t->tid;
	uk_sched_unlock(lock);
	return t->tid;
}

struct unmap_args {
	void *base;
	size_t size;
};

static struct unmap_args unmap_args[1];

static void unmap_exited_stack(void *arg)
{
	struct unmap_args *u = arg;

	uk_mmap_unmap(u->base, u->size);
}

/*
 * Called with every signal blocked, after musl let go of the thread: the
 * arguments must survive the stack, so they live in a static slot that
 * the reaper reads before any other thread could exit the same way
 * (reaping runs before the next thread does).
 */
void __unmapself(void *base, size_t size)
{
	unsigned long lock = uk_sched_lock();

	(void)lock;
	unmap_args[0].base = base;
	unmap_args[0].size = size;
	uk_thread_exit_then(unmap_exited_stack, &unmap_args[0]);
}
