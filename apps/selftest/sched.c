// SPDX-License-Identifier: BSD-3-Clause
/*
 * lib/sched and lib/lock through their kernel API: threads with their
 * own guarded stacks and TLS, join and detach and their errors, wait
 * queues with deadlines, mutexes, semaphores, condition variables.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/lock.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/test.h>

#include "selftest.h"

#define MSEC	1000000ULL

static __thread int kernel_tls = 1234;
static volatile int seen_tls, guard_unmapped;

static void check_self(void *arg)
{
	struct uk_thread *me = uk_thread_current();

	seen_tls = kernel_tls;
	kernel_tls = 1;		/* its own copy */
	/* the page below its stack is a guard: not mapped */
	guard_unmapped = !ukplat_addr_readable(me->stack_lo) &&
			 ukplat_addr_readable(me->stack_hi - 8);
}

UK_TESTCASE(sched, own_stack_guard_and_tls)
{
	struct uk_thread_attr attr = { .name = "checker" };
	struct uk_thread *t;
	void *rv;

	t = uk_thread_create(check_self, NULL, &attr);
	UK_TEST_ASSERT(!uk_is_err(t));
	UK_TEST_EXPECT_STR_EQ(t->name, "checker");
	UK_TEST_EXPECT_GT(t->tid, 1);
	UK_TEST_EXPECT_EQ(uk_thread_join(t, &rv), 0);
	UK_TEST_EXPECT_EQ(seen_tls, 1234);
	UK_TEST_EXPECT_EQ(guard_unmapped, 1);
	UK_TEST_EXPECT_EQ(kernel_tls, 1234);
}

static void quick(void *arg)
{
}

UK_TESTCASE(sched, bad_sizes_and_joins)
{
	struct uk_thread_attr attr = { .stack_size = 100 };
	struct uk_thread *t;

	t = uk_thread_create(quick, NULL, &attr);
	UK_TEST_EXPECT(uk_is_err(t) && uk_ptr_err(t) == -EINVAL);
	attr.stack_size = 1UL << 40;
	t = uk_thread_create(quick, NULL, &attr);
	UK_TEST_EXPECT(uk_is_err(t) && uk_ptr_err(t) == -EINVAL);
	UK_TEST_EXPECT_EQ(uk_thread_join(uk_thread_current(), NULL), -EDEADLK);
	attr.stack_size = 0;
	attr.detached = true;
	t = uk_thread_create(quick, NULL, &attr);
	UK_TEST_ASSERT(!uk_is_err(t));
	UK_TEST_EXPECT_EQ(uk_thread_join(t, NULL), -EINVAL);
	UK_TEST_EXPECT_EQ(uk_thread_detach(t), -EINVAL);
	uk_sched_yield();	/* it runs and is reaped */
}

static struct uk_mutex kmutex = UK_MUTEX_INITIALIZER(kmutex, "test");
static struct uk_sem ksem;
static struct uk_cond kcond;
static int shared, ready;

static void mutex_user(void *arg)
{
	int i;

	for (i = 0; i < 100; i++) {
		uk_mutex_lock(&kmutex);
		shared++;
		uk_sched_yield();
		uk_mutex_unlock(&kmutex);
	}
	uk_sem_up(&ksem);
}

UK_TESTCASE(sched, mutex_and_semaphore)
{
	struct uk_thread_attr attr = { .detached = true };
	struct uk_mutex rec;
	int i;

	shared = 0;
	uk_sem_init(&ksem, "done", 0);
	for (i = 0; i < 4; i++)
		UK_TEST_ASSERT(!uk_is_err(uk_thread_create(mutex_user, NULL,
							   &attr)));
	for (i = 0; i < 4; i++)
		UK_TEST_EXPECT_EQ(uk_sem_down(&ksem, UK_WAIT_FOREVER), 0);
	UK_TEST_EXPECT_EQ(shared, 400);
	UK_TEST_EXPECT_EQ(uk_sem_trydown(&ksem), -EAGAIN);
	UK_TEST_EXPECT_EQ(uk_sem_down(&ksem, ukplat_monotonic_ns() +
				      5 * MSEC), -ETIMEDOUT);
	uk_mutex_init(&rec, "recursive", true);
	uk_mutex_lock(&rec);
	uk_mutex_lock(&rec);
	UK_TEST_EXPECT(uk_mutex_held(&rec));
	uk_mutex_unlock(&rec);
	UK_TEST_EXPECT(uk_mutex_held(&rec));
	uk_mutex_unlock(&rec);
	UK_TEST_EXPECT(!uk_mutex_held(&rec));
	UK_TEST_EXPECT_EQ(uk_mutex_trylock(&rec), 0);
	uk_mutex_unlock(&rec);
}

static void cond_signaller(void *arg)
{
	uk_mutex_lock(&kmutex);
	ready = 1;
	uk_cond_signal(&kcond);
	uk_mutex_unlock(&kmutex);
}

UK_TESTCASE(sched, condition_variable)
{
	struct uk_thread_attr attr = { .detached = true };
	uint64_t t0;

	uk_cond_init(&kcond, "test");
	ready = 0;
	uk_mutex_lock(&kmutex);
	UK_TEST_ASSERT(!uk_is_err(uk_thread_create(cond_signaller, NULL,
						   &attr)));
	while (!ready)
		UK_TEST_EXPECT_EQ(uk_cond_wait(&kcond, &kmutex,
					       UK_WAIT_FOREVER), 0);
	t0 = ukplat_monotonic_ns();
	UK_TEST_EXPECT_EQ(uk_cond_wait(&kcond, &kmutex, t0 + 5 * MSEC),
			  -ETIMEDOUT);
	UK_TEST_EXPECT_GE(ukplat_monotonic_ns() - t0, 5 * MSEC);
	uk_mutex_unlock(&kmutex);
}

static struct uk_waitq wq = UK_WAITQ_INITIALIZER(wq, "test", false);
static volatile int flag;

static void setter(void *arg)
{
	flag = 1;
	uk_waitq_wake(&wq, 1);
}

UK_TESTCASE(sched, wait_event_and_timers)
{
	struct uk_thread_attr attr = { .detached = true };
	uint64_t t0 = ukplat_monotonic_ns();

	flag = 0;
	UK_TEST_ASSERT(!uk_is_err(uk_thread_create(setter, NULL, &attr)));
	UK_TEST_EXPECT_EQ(uk_waitq_wait_event(&wq, flag, UK_WAIT_FOREVER), 0);
	UK_TEST_EXPECT_EQ(flag, 1);
	flag = 0;
	UK_TEST_EXPECT_EQ(uk_waitq_wait_event(&wq, flag, t0 + 100 * MSEC),
			  -ETIMEDOUT);
	UK_TEST_EXPECT_GE(ukplat_monotonic_ns(), t0 + 100 * MSEC);
	UK_TEST_EXPECT_EQ(uk_sched_sleep_until(ukplat_monotonic_ns() +
					       MSEC), 0);
}
