// SPDX-License-Identifier: BSD-3-Clause
/*
 * Threads: creation (stack with a guard page, TLS block from the image's
 * template), exit, join, detach, and reaping a thread once nothing runs
 * on its stack any more. main() runs in the boot context, which becomes
 * the first thread (tid 1) at boot.
 */
#include <string.h>
#include <uk/alloc.h>
#include <uk/arch/ctx.h>
#include <uk/arch/x86.h>
#include <uk/boot.h>
#include <uk/errno.h>
#include <uk/format.h>
#include <uk/init.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include "sched_impl.h"

#define PAGE	4096UL

struct uk_list sched_threads = UK_LIST_INIT(sched_threads);
static struct uk_thread main_thread;
static int next_tid = 2;
static unsigned int nr_live;	/* not exited */
static unsigned int nr_threads;	/* not reaped */

UK_TABLE_DEFINE(threadexit, struct uk_thread_exit_hook);

static void name_set(struct uk_thread *t, const char *name)
{
	size_t n = name ? strnlen(name, sizeof(t->name) - 1) : 0;

	memcpy(t->name, name, n);
	t->name[n] = 0;
}

void uk_thread_set_name(struct uk_thread *t, const char *name)
{
	unsigned long flags = uk_sched_lock();

	name_set(t, name);
	uk_sched_unlock(flags);
}

/* "thread N", without a printf on the thread creation path */
static void name_default(struct uk_thread *t)
{
	char digits[12], *p = t->name;
	int n = t->tid, i = 0;

	memcpy(p, "thread ", 7);
	p += 7;
	do
		digits[i++] = '0' + n % 10;
	while ((n /= 10) && i < 8);
	while (i)
		*p++ = digits[--i];
	*p = 0;
}

/* The boot context is the first thread; its TLS comes later (libc). */
static int sched_init(void)
{
	struct uk_thread *t = &main_thread;

	t->tid = 1;
	name_set(t, CONFIG_UK_APP_NAME);
	t->state = UK_THREAD_RUNNABLE;
	t->ctx.tp = uk_arch_tls_get();
	/* nobody joins the boot context: it is reaped if it exits early */
	t->detached = true;
	uk_waitq_init(&t->join_wq, "join", false);
	uk_list_add_tail(&t->all, &sched_threads);
	uk_list_init(&t->rq);
	nr_live = nr_threads = 1;
	uk_sched_current_thread = t;
	sched_timer_start();
	return 0;
}
uk_initcall_prio(sched_init, UK_INIT_EARLY, 0);

struct uk_thread *uk_thread_find(int tid)
{
	unsigned long flags = uk_sched_lock();
	struct uk_thread *t, *found = NULL;
	struct uk_list *p;

	uk_list_foreach(p, &sched_threads) {
		t = uk_list_entry(p, struct uk_thread, all);
		if (t->tid == tid && t->state != UK_THREAD_EXITED) {
			found = t;
			break;
		}
	}
	uk_sched_unlock(flags);
	return found;
}

unsigned int uk_thread_count(void)
{
	return nr_threads;
}

void uk_thread_set_tp(uintptr_t tp)
{
	unsigned long flags = uk_sched_lock();

	uk_sched_current_thread->ctx.tp = tp;
	uk_arch_tls_set(tp);
	uk_sched_unlock(flags);
}

/* A page-table page, for splitting the 2 MiB page a guard lands in. */
static void *pt_alloc(void)
{
	return uk_memalign(PAGE, PAGE);
}

/*
 * x86_64 TLS (variant II): the block ends at the thread pointer, whose
 * first word points to itself.
 */
static int tls_make(struct uk_thread *t)
{
	struct ukplat_tls_template tmpl;
	size_t align, off;
	char *block;

	ukplat_tls_template(&tmpl);
	if (!tmpl.memsz)
		return 0;
	align = MAX(tmpl.align, (size_t)16);
	off = ALIGN_UP(tmpl.memsz, align);
	block = uk_memalign(align, off + sizeof(uintptr_t));
	if (!block)
		return -ENOMEM;
	memcpy(block, tmpl.data, tmpl.filesz);
	memset(block + tmpl.filesz, 0, off - tmpl.filesz);
	t->own_tls = block;
	t->ctx.tp = (uintptr_t)block + off;
	*(uintptr_t *)t->ctx.tp = t->ctx.tp;
	return 0;
}

static void thread_free(struct uk_thread *t)
{
	uk_list_del(&t->all);
	nr_threads--;
	if (t == &main_thread)
		return;
	if (t->own_stack) {
		ukplat_page_protect((uintptr_t)t->own_stack, PAGE,
				    UKPLAT_PAGE_RW, NULL);
		uk_free(t->own_stack);
	}
	uk_free(t->own_tls);
	uk_free(t->fpu);
	uk_free(t);
}

/* Locked; in a thread other than the zombies. */
void sched_reap_zombies(void)
{
	struct uk_thread *t;

	while (!uk_list_empty(&sched_zombies)) {
		t = uk_list_first(&sched_zombies, struct uk_thread, rq);
		uk_list_del(&t->rq);
		if (t->exit_then)
			t->exit_then(t->exit_then_arg);
		if (t->detached)
			thread_free(t);
	}
}

static void thread_entry(void *arg)
{
	struct uk_thread *t = arg;

	sched_thread_started();
	ukplat_irq_enable();
	t->fn(t->arg);
	uk_thread_exit(NULL);
}

struct uk_thread *uk_thread_create(uk_thread_fn fn, void *arg,
				   const struct uk_thread_attr *attr)
{
	size_t size = attr->stack_size ? attr->stack_size :
		      CONFIG_LIBSCHED_STACK_SIZE;
	struct uk_thread *t;
	unsigned long flags;
	uintptr_t top;
	char *base;

	if (!attr->stack_top &&
	    (size < UK_THREAD_STACK_MIN || size > UK_THREAD_STACK_MAX))
		return uk_err_ptr(-EINVAL);
	t = uk_calloc(1, sizeof(*t));
	if (!t)
		return uk_err_ptr(-ENOMEM);
#ifdef CONFIG_LIBSCHED_PREEMPT
	t->fpu = uk_memalign(16, sizeof(*t->fpu));
	if (!t->fpu)
		goto nomem;
#endif
	if (attr->stack_top) {
		top = attr->stack_top;
		t->stack_lo = attr->stack_lo;
	} else {
		size = ALIGN_UP(size, PAGE);
		base = uk_memalign(PAGE, size + PAGE);
		if (!base)
			goto nomem;
		t->own_stack = base;
		if (ukplat_page_protect((uintptr_t)base, PAGE,
					UKPLAT_PAGE_NONE, pt_alloc))
			goto nomem;
		t->stack_lo = (uintptr_t)base;
		top = (uintptr_t)base + PAGE + size;
	}
	t->stack_hi = top;
	if (attr->tp)
		t->ctx.tp = attr->tp;
	else if (tls_make(t))
		goto nomem;
	t->fn = fn;
	t->arg = arg;
	t->detached = attr->detached;
	uk_waitq_init(&t->join_wq, "join", false);
	uk_arch_ctx_init(&t->ctx, top & ~15UL, thread_entry, t);

	flags = uk_sched_lock();
	t->tid = next_tid++;
	if (attr->name)
		name_set(t, attr->name);
	else
		name_default(t);
	uk_list_add_tail(&t->all, &sched_threads);
	nr_live++;
	nr_threads++;
	sched_make_runnable(t);
	uk_sched_unlock(flags);
	return t;

nomem:
	if (t->own_stack) {
		ukplat_page_protect((uintptr_t)t->own_stack, PAGE,
				    UKPLAT_PAGE_RW, NULL);
		uk_free(t->own_stack);
	}
	uk_free(t->fpu);
	uk_free(t);
	return uk_err_ptr(-ENOMEM);
}

static __noreturn void thread_exit(void *retval, void (*then)(void *),
				   void *arg)
{
	struct uk_thread *cur = uk_sched_current_thread;
	const struct uk_thread_exit_hook *h;
	unsigned long flags;

	uk_table_foreach(h, threadexit)
		h->fn(cur);
	flags = uk_sched_lock();
	(void)flags;
	cur->retval = retval;
	cur->exit_then = then;
	cur->exit_then_arg = arg;
	cur->state = UK_THREAD_EXITED;
	if (!--nr_live)
		uk_exit(0);	/* the last thread: the process is done */
	uk_waitq_wake(&cur->join_wq, -1);
	/* a running thread's run queue link dangles: empty means not queued */
	uk_list_init(&cur->rq);
	if (cur->detached || then)
		uk_list_add_tail(&cur->rq, &sched_zombies);
	sched_schedule();
	UK_CRASH("thread %s ran after it exited", cur->name);
}

__noreturn void uk_thread_exit(void *retval)
{
	thread_exit(retval, NULL, NULL);
}

__noreturn void uk_thread_exit_then(void (*fn)(void *), void *arg)
{
	thread_exit(NULL, fn, arg);
}

int uk_thread_join(struct uk_thread *t, void **retval)
{
	unsigned long flags;
	struct uk_wait w;

	if (t == uk_sched_current_thread)
		return -EDEADLK;
	flags = uk_sched_lock();
	if (t->detached || t->joining) {
		uk_sched_unlock(flags);
		return -EINVAL;
	}
	/* one joiner: a second one is refused like a detached thread */
	t->joining = true;
	while (t->state != UK_THREAD_EXITED)
		uk_waitq_wait_locked(&t->join_wq, &w, UK_WAIT_FOREVER);
	if (retval)
		*retval = t->retval;
	/* it may still be queued to run its exit_then */
	if (uk_list_empty(&t->rq))
		thread_free(t);
	uk_sched_unlock(flags);
	return 0;
}

int uk_thread_detach(struct uk_thread *t)
{
	unsigned long flags = uk_sched_lock();

	if (t->detached || t->joining) {
		uk_sched_unlock(flags);
		return -EINVAL;
	}
	t->detached = true;
	if (t->state == UK_THREAD_EXITED && uk_list_empty(&t->rq))
		thread_free(t);
	uk_sched_unlock(flags);
	return 0;
}
