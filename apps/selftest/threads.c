// SPDX-License-Identifier: BSD-3-Clause
/*
 * Threads through musl's pthreads, unchanged, over lib/sched and
 * lib/posix-futex: mutexes, condition variables, the rest of the
 * pthread API, __thread, sleeps, and the errors Linux gives.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <uk/alloc.h>
#include <uk/test.h>

#include "selftest.h"

#define NTHREADS	8
#define MSEC		1000000LL

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* --- mutexes ------------------------------------------------------------- */

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count_up(void *arg)
{
	long i, n = (long)arg;

	for (i = 0; i < n; i++) {
		pthread_mutex_lock(&count_lock);
		counter++;
		/* let the others in while holding the lock now and then */
		if (i % 64 == 0)
			sched_yield();
		pthread_mutex_unlock(&count_lock);
		if (i % 16 == 0)
			sched_yield();
	}
	return NULL;
}

UK_TESTCASE(threads, mutex_counter_exact)
{
	pthread_t t[NTHREADS];
	int i;

	counter = 0;
	for (i = 0; i < NTHREADS; i++)
		UK_TEST_ASSERT_EQ(pthread_create(&t[i], NULL, count_up,
						 (void *)1000L), 0);
	for (i = 0; i < NTHREADS; i++)
		UK_TEST_ASSERT_EQ(pthread_join(t[i], NULL), 0);
	UK_TEST_EXPECT_EQ(counter, NTHREADS * 1000L);
}

UK_TESTCASE(threads, mutex_kinds)
{
	pthread_mutexattr_t a;
	pthread_mutex_t m;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&m, &a);
	UK_TEST_EXPECT_EQ(pthread_mutex_lock(&m), 0);
	UK_TEST_EXPECT_EQ(pthread_mutex_lock(&m), 0);
	UK_TEST_EXPECT_EQ(pthread_mutex_unlock(&m), 0);
	UK_TEST_EXPECT_EQ(pthread_mutex_unlock(&m), 0);
	UK_TEST_EXPECT_EQ(pthread_mutex_unlock(&m), EPERM);
	pthread_mutex_destroy(&m);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&m, &a);
	UK_TEST_EXPECT_EQ(pthread_mutex_lock(&m), 0);
	UK_TEST_EXPECT_EQ(pthread_mutex_lock(&m), EDEADLK);
	UK_TEST_EXPECT_EQ(pthread_mutex_trylock(&m), EBUSY);
	UK_TEST_EXPECT_EQ(pthread_mutex_unlock(&m), 0);
	UK_TEST_EXPECT_EQ(pthread_mutex_unlock(&m), EPERM);
	pthread_mutex_destroy(&m);
	pthread_mutexattr_destroy(&a);
}

static pthread_mutex_t owned = PTHREAD_MUTEX_INITIALIZER;

static void *unlock_foreign(void *arg)
{
	return (void *)(long)pthread_mutex_unlock(arg);
}

/* an error-checking mutex held by another thread: EPERM, not a crash */
UK_TESTCASE(threads, unlock_by_non_owner)
{
	pthread_mutexattr_t a;
	pthread_t t;
	void *rc;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&owned, &a);
	UK_TEST_ASSERT_EQ(pthread_mutex_lock(&owned), 0);
	UK_TEST_ASSERT_EQ(pthread_create(&t, NULL, unlock_foreign, &owned), 0);
	UK_TEST_ASSERT_EQ(pthread_join(t, &rc), 0);
	UK_TEST_EXPECT_EQ((long)rc, EPERM);
	UK_TEST_EXPECT_EQ(pthread_mutex_unlock(&owned), 0);
}

/* --- condition variables ---------------------------------------------------------- */

static pthread_mutex_t pp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cond = PTHREAD_COND_INITIALIZER;
static int pp_turn, pp_rounds;

static void *pong(void *arg)
{
	int me = (int)(long)arg, i;

	for (i = 0; i < pp_rounds; i++) {
		pthread_mutex_lock(&pp_lock);
		while (pp_turn != me)
			pthread_cond_wait(&pp_cond, &pp_lock);
		pp_turn = !me;
		pthread_cond_signal(&pp_cond);
		pthread_mutex_unlock(&pp_lock);
	}
	return NULL;
}

UK_TESTCASE(threads, condvar_ping_pong)
{
	pthread_t a, b;

	pp_turn = 0;
	pp_rounds = 500;
	UK_TEST_ASSERT_EQ(pthread_create(&a, NULL, pong, (void *)0L), 0);
	UK_TEST_ASSERT_EQ(pthread_create(&b, NULL, pong, (void *)1L), 0);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	UK_TEST_EXPECT_EQ(pp_turn, 0);
}

static pthread_mutex_t bc_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bc_cond = PTHREAD_COND_INITIALIZER;
static int bc_go, bc_waiting, bc_done;

static void *broadcast_waiter(void *arg)
{
	pthread_mutex_lock(&bc_lock);
	bc_waiting++;
	while (!bc_go)
		pthread_cond_wait(&bc_cond, &bc_lock);
	bc_done++;
	pthread_mutex_unlock(&bc_lock);
	return NULL;
}

UK_TESTCASE(threads, condvar_broadcast_wakes_all)
{
	pthread_t t[16];
	int i;

	bc_go = bc_waiting = bc_done = 0;
	for (i = 0; i < 16; i++)
		UK_TEST_ASSERT_EQ(pthread_create(&t[i], NULL,
						 broadcast_waiter, NULL), 0);
	while (__atomic_load_n(&bc_waiting, __ATOMIC_SEQ_CST) < 16)
		sched_yield();
	pthread_mutex_lock(&bc_lock);
	bc_go = 1;
	pthread_cond_broadcast(&bc_cond);
	pthread_mutex_unlock(&bc_lock);
	for (i = 0; i < 16; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_EQ(bc_done, 16);
}

/* A bounded queue: two producers, two consumers, every item once. */
#define QLEN	4
#define ITEMS	400

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_notfull = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_notempty = PTHREAD_COND_INITIALIZER;
static int q_buf[QLEN], q_head, q_tail, q_len;
static long q_sum;
static int q_taken;

static void *producer(void *arg)
{
	int base = (int)(long)arg, i;

	for (i = 1; i <= ITEMS / 2; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_len == QLEN)
			pthread_cond_wait(&q_notfull, &q_lock);
		q_buf[q_tail] = base + i;
		q_tail = (q_tail + 1) % QLEN;
		q_len++;
		pthread_cond_signal(&q_notempty);
		pthread_mutex_unlock(&q_lock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	for (;;) {
		pthread_mutex_lock(&q_lock);
		while (!q_len && q_taken < ITEMS)
			pthread_cond_wait(&q_notempty, &q_lock);
		if (q_taken == ITEMS) {
			pthread_mutex_unlock(&q_lock);
			return NULL;
		}
		q_sum += q_buf[q_head];
		q_head = (q_head + 1) % QLEN;
		q_len--;
		if (++q_taken == ITEMS)
			pthread_cond_broadcast(&q_notempty);
		pthread_cond_signal(&q_notfull);
		pthread_mutex_unlock(&q_lock);
	}
}

UK_TESTCASE(threads, bounded_producer_consumer)
{
	pthread_t p[2], c[2];
	long want = 0;
	int i;

	q_head = q_tail = q_len = q_taken = 0;
	q_sum = 0;
	for (i = 1; i <= ITEMS / 2; i++)
		want += i + (1000 + i);
	pthread_create(&c[0], NULL, consumer, NULL);
	pthread_create(&c[1], NULL, consumer, NULL);
	pthread_create(&p[0], NULL, producer, (void *)0L);
	pthread_create(&p[1], NULL, producer, (void *)1000L);
	for (i = 0; i < 2; i++) {
		pthread_join(p[i], NULL);
		pthread_join(c[i], NULL);
	}
	UK_TEST_EXPECT_EQ(q_taken, ITEMS);
	UK_TEST_EXPECT_EQ(q_sum, want);
}

UK_TESTCASE(threads, timed_condvar_wait_times_out)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c;
	pthread_condattr_t ca;
	struct timespec dl;
	int64_t t0;

	/* realtime (the default) */
	pthread_cond_init(&c, NULL);
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_nsec += 20 * MSEC;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	t0 = mono_ns();
	pthread_mutex_lock(&m);
	UK_TEST_EXPECT_EQ(pthread_cond_timedwait(&c, &m, &dl), ETIMEDOUT);
	pthread_mutex_unlock(&m);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 19 * MSEC);
	pthread_cond_destroy(&c);
	/* CLOCK_MONOTONIC */
	pthread_condattr_init(&ca);
	UK_TEST_ASSERT_EQ(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC), 0);
	pthread_cond_init(&c, &ca);
	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_nsec += 15 * MSEC;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	t0 = mono_ns();
	pthread_mutex_lock(&m);
	UK_TEST_EXPECT_EQ(pthread_cond_timedwait(&c, &m, &dl), ETIMEDOUT);
	pthread_mutex_unlock(&m);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 14 * MSEC);
	pthread_cond_destroy(&c);
}

/* --- create, join, detach -------------------------------------------------------- */

static void *give_back(void *arg)
{
	return (char *)arg + 1;
}

UK_TESTCASE(threads, join_returns_the_value)
{
	pthread_t t;
	void *v;

	UK_TEST_ASSERT_EQ(pthread_create(&t, NULL, give_back, (void *)41), 0);
	UK_TEST_ASSERT_EQ(pthread_join(t, &v), 0);
	UK_TEST_EXPECT_EQ((long)v, 42);
}

static void *nothing(void *arg)
{
	return arg;
}

/* Every thread's stack, TLS and kernel state are given back. */
UK_TESTCASE(threads, create_join_1000_leaks_nothing)
{
	struct uk_alloc_stats before, after;
	pthread_t t;
	int i;

	/* the first thread sets up musl's thread machinery for good */
	pthread_create(&t, NULL, nothing, NULL);
	pthread_join(t, NULL);
	uk_alloc_get_stats(&before);
	for (i = 0; i < 1000; i++) {
		UK_TEST_ASSERT_EQ(pthread_create(&t, NULL, nothing, NULL), 0);
		UK_TEST_ASSERT_EQ(pthread_join(t, NULL), 0);
	}
	uk_alloc_get_stats(&after);
	UK_TEST_EXPECT_EQ(after.used, before.used);
	UK_TEST_EXPECT_EQ(after.nr_allocs - after.nr_frees,
			  before.nr_allocs - before.nr_frees);
}

static volatile int detached_ran;

static void *detached_fn(void *arg)
{
	detached_ran++;
	return NULL;
}

UK_TESTCASE(threads, detached_threads_run_and_go)
{
	struct uk_alloc_stats before, after;
	pthread_attr_t a;
	pthread_t t;
	int i;

	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	/*
	 * The first round may split large pages for the stacks' guard pages
	 * (page tables stay); the second must give back all it takes.
	 */
	detached_ran = 0;
	for (i = 0; i < 50; i++)
		UK_TEST_ASSERT_EQ(pthread_create(&t, &a, detached_fn, NULL), 0);
	while (detached_ran < 50)
		sched_yield();
	sched_yield();
	detached_ran = 0;
	uk_alloc_get_stats(&before);
	for (i = 0; i < 50; i++)
		UK_TEST_ASSERT_EQ(pthread_create(&t, &a, detached_fn, NULL), 0);
	while (detached_ran < 50)
		sched_yield();
	/* their stacks go once they stopped running on them */
	sched_yield();
	uk_alloc_get_stats(&after);
	UK_TEST_EXPECT_EQ(after.used, before.used);
	/* a thread detached later is reaped too */
	UK_TEST_ASSERT_EQ(pthread_create(&t, NULL, detached_fn, NULL), 0);
	UK_TEST_EXPECT_EQ(pthread_detach(t), 0);
	pthread_attr_destroy(&a);
}

static size_t seen_stack;

static void *stack_user(void *arg)
{
	pthread_attr_t a;
	void *base;

	pthread_getattr_np(pthread_self(), &a);
	pthread_attr_getstack(&a, &base, &seen_stack);
	pthread_attr_destroy(&a);
	/* use most of it */
	{
		volatile char big[200 * 1024];

		big[0] = 1;
		big[sizeof(big) - 1] = 2;
		return (void *)(long)(big[0] + big[sizeof(big) - 1]);
	}
}

UK_TESTCASE(threads, stack_sizes_from_attr)
{
	pthread_attr_t a;
	pthread_t t;
	void *v;

	pthread_attr_init(&a);
	UK_TEST_EXPECT_EQ(pthread_attr_setstacksize(&a, 1), EINVAL);
	UK_TEST_ASSERT_EQ(pthread_attr_setstacksize(&a, 512 * 1024), 0);
	UK_TEST_ASSERT_EQ(pthread_create(&t, &a, stack_user, NULL), 0);
	UK_TEST_ASSERT_EQ(pthread_join(t, &v), 0);
	UK_TEST_EXPECT_EQ((long)v, 3);
	UK_TEST_EXPECT_GE(seen_stack, 512 * 1024UL);
	/* too large to map: the error Linux gives */
	UK_TEST_ASSERT_EQ(pthread_attr_setstacksize(&a, 1UL << 40), 0);
	UK_TEST_EXPECT_EQ(pthread_create(&t, &a, nothing, NULL), EAGAIN);
	pthread_attr_destroy(&a);
}

/* --- the rest of the API --------------------------------------------------------- */

static __thread int tls_word = 7;
static __thread char tls_block[64];

static void *tls_user(void *arg)
{
	long me = (long)arg;
	int i;

	if (tls_word != 7 || tls_block[10])
		return (void *)-1L;
	tls_word = me;
	for (i = 0; i < 10; i++) {
		memset(tls_block, (int)me, sizeof(tls_block));
		sched_yield();
		if (tls_word != me || tls_block[63] != (char)me)
			return (void *)-2L;
	}
	return (void *)(long)tls_word;
}

UK_TESTCASE(threads, thread_locals_are_per_thread)
{
	pthread_t t[4];
	void *v;
	long i;

	tls_word = 99;
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, tls_user, (void *)(i + 1));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &v);
		UK_TEST_EXPECT_EQ((long)v, i + 1);
	}
	UK_TEST_EXPECT_EQ(tls_word, 99);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;

static void once_fn(void)
{
	once_runs++;
}

static pthread_key_t key;
static int key_dtor_runs;

static void key_dtor(void *v)
{
	key_dtor_runs += (long)v;
}

static void *keys_and_once(void *arg)
{
	pthread_once(&once, once_fn);
	pthread_setspecific(key, arg);
	sched_yield();
	return pthread_getspecific(key);
}

UK_TESTCASE(threads, once_keys_names)
{
	pthread_t t[3];
	char name[16];
	void *v;
	long i;

	once_runs = key_dtor_runs = 0;
	UK_TEST_ASSERT_EQ(pthread_key_create(&key, key_dtor), 0);
	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, keys_and_once, (void *)(i + 1));
	for (i = 0; i < 3; i++) {
		pthread_join(t[i], &v);
		UK_TEST_EXPECT_EQ((long)v, i + 1);
	}
	UK_TEST_EXPECT_EQ(once_runs, 1);
	UK_TEST_EXPECT_EQ(key_dtor_runs, 1 + 2 + 3);
	pthread_key_delete(key);
	UK_TEST_EXPECT_EQ(pthread_setname_np(pthread_self(), "tester"), 0);
	UK_TEST_EXPECT_EQ(pthread_getname_np(pthread_self(), name,
					     sizeof(name)), 0);
	UK_TEST_EXPECT_STR_EQ(name, "tester");
	pthread_setname_np(pthread_self(), "selftest");
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t barrier;
static pthread_spinlock_t spin;
static sem_t sem;
static int readers_in, max_readers, rw_value;

static void *rw_user(void *arg)
{
	int i;

	pthread_barrier_wait(&barrier);
	for (i = 0; i < 20; i++) {
		if ((long)arg % 2) {
			pthread_rwlock_rdlock(&rw);
			pthread_spin_lock(&spin);
			if (++readers_in > max_readers)
				max_readers = readers_in;
			pthread_spin_unlock(&spin);
			sched_yield();
			pthread_spin_lock(&spin);
			readers_in--;
			pthread_spin_unlock(&spin);
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_wrlock(&rw);
			rw_value++;
			sched_yield();
			pthread_rwlock_unlock(&rw);
		}
	}
	sem_post(&sem);
	return NULL;
}

UK_TESTCASE(threads, rwlock_barrier_spin_sem)
{
	pthread_t t[6];
	struct timespec dl;
	int i;

	readers_in = max_readers = rw_value = 0;
	pthread_barrier_init(&barrier, NULL, 6);
	pthread_spin_init(&spin, 0);
	sem_init(&sem, 0, 0);
	for (i = 0; i < 6; i++)
		pthread_create(&t[i], NULL, rw_user, (void *)(long)i);
	for (i = 0; i < 6; i++)
		UK_TEST_EXPECT_EQ(sem_wait(&sem), 0);
	for (i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_EQ(rw_value, 3 * 20);
	UK_TEST_EXPECT_GE(max_readers, 2);	/* readers shared the lock */
	/* a semaphore wait that times out */
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_nsec += 5 * MSEC;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	errno = 0;
	UK_TEST_EXPECT_EQ(sem_timedwait(&sem, &dl), -1);
	UK_TEST_EXPECT_EQ(errno, ETIMEDOUT);
	UK_TEST_EXPECT_EQ(sem_trywait(&sem), -1);
	sem_destroy(&sem);
	pthread_barrier_destroy(&barrier);
}

/* --- sleeping ---------------------------------------------------------------------- */

static int wake_order[4], wake_seen;
static pthread_mutex_t order_lock = PTHREAD_MUTEX_INITIALIZER;
static struct timespec sleep_base;

/*
 * Sleeps until sleep_base + ms: deadlines from one base, so that a slow
 * host creating the threads late does not reorder them.
 */
static void *sleeper(void *arg)
{
	long ms = (long)arg;
	struct timespec dl = sleep_base;

	dl.tv_nsec += ms * 1000000;
	dl.tv_sec += dl.tv_nsec / 1000000000;
	dl.tv_nsec %= 1000000000;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl, NULL))
		;
	pthread_mutex_lock(&order_lock);
	wake_order[wake_seen++] = (int)ms;
	pthread_mutex_unlock(&order_lock);
	return NULL;
}

UK_TESTCASE(threads, sleepers_wake_in_deadline_order)
{
	static const long ms[4] = { 40, 10, 30, 20 };
	pthread_t t[4];
	int i;

	wake_seen = 0;
	clock_gettime(CLOCK_MONOTONIC, &sleep_base);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, sleeper, (void *)ms[i]);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	UK_TEST_ASSERT_EQ(wake_seen, 4);
	UK_TEST_EXPECT_EQ(wake_order[0], 10);
	UK_TEST_EXPECT_EQ(wake_order[1], 20);
	UK_TEST_EXPECT_EQ(wake_order[2], 30);
	UK_TEST_EXPECT_EQ(wake_order[3], 40);
}

static volatile int sleeper_done;

static void *sleep_a_while(void *arg)
{
	usleep(30 * 1000);
	sleeper_done = 1;
	return NULL;
}

/* A sleep blocks only its thread: the caller keeps running meanwhile. */
UK_TESTCASE(threads, sleep_blocks_only_the_sleeper)
{
	pthread_t t;
	long spins = 0;

	sleeper_done = 0;
	pthread_create(&t, NULL, sleep_a_while, NULL);
	sched_yield();		/* let it start sleeping */
	while (!sleeper_done) {
		spins++;
		sched_yield();
	}
	pthread_join(t, NULL);
	UK_TEST_EXPECT_GT(spins, 10);
}

/* --- syscalls ------------------------------------------------------------------------ */

static pid_t child_tid;

static void *tid_of(void *arg)
{
	child_tid = gettid();
	return NULL;
}

UK_TESTCASE(threads, gettid_affinity_membarrier)
{
	pthread_t t;
	cpu_set_t set;

	UK_TEST_EXPECT_EQ(getpid(), 1);
	UK_TEST_EXPECT_EQ(gettid(), 1);
	pthread_create(&t, NULL, tid_of, NULL);
	pthread_join(t, NULL);
	UK_TEST_EXPECT_GT(child_tid, 1);
	UK_TEST_EXPECT_EQ(sched_getaffinity(0, sizeof(set), &set), 0);
	UK_TEST_EXPECT_EQ(CPU_COUNT(&set), 1);
	UK_TEST_EXPECT_EQ(sysconf(_SC_NPROCESSORS_ONLN), 1);
	UK_TEST_EXPECT_GT(syscall(SYS_membarrier, 0, 0), 0);	/* QUERY */
	/* fork is refused clearly */
	errno = 0;
	UK_TEST_EXPECT_EQ(fork(), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
}

UK_TESTCASE(threads, futex_bad_input)
{
	static int word;
	char *p = (char *)&word;

	errno = 0;
	UK_TEST_EXPECT_EQ(syscall(SYS_futex, p + 1, 0 /* WAIT */, 0, 0, 0, 0),
			  -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(syscall(SYS_futex, &word, 0, 1, 0, 0, 0), -1);
	UK_TEST_EXPECT_EQ(errno, EAGAIN);
	errno = 0;
	UK_TEST_EXPECT_EQ(syscall(SYS_futex, &word, 6 /* LOCK_PI */, 0, 0, 0,
				  0), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
}

/* --- FPU/SSE state across switches ------------------------------------------------ */

static void *fpu_worker(void *arg)
{
	double x = (double)(long)arg, acc = 0;
	volatile double sink;
	int i;

	for (i = 0; i < 2000; i++) {
		acc += x * 1.5;
		if (i % 100 == 0)
			sched_yield();	/* a voluntary switch */
		sink = acc;
	}
	(void)sink;
	return (void *)(long)(acc / 1.5 / 2000 + 0.5);
}

UK_TESTCASE(threads, fpu_values_survive_switches)
{
	pthread_t t[4];
	void *v;
	long i;

	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, fpu_worker, (void *)(i + 3));
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &v);
		UK_TEST_EXPECT_EQ((long)v, i + 3);
	}
}

#ifdef CONFIG_LIBSCHED_PREEMPT
static volatile int spin_stop, spin_other_ran;

/* Never yields, never blocks: only preemption lets others run. */
static void *spinner(void *arg)
{
	double acc = 0, x = (double)(long)arg;

	while (!spin_stop)
		acc += x;
	return (void *)(long)(acc > 0);
}

static void *preempted_math(void *arg)
{
	double x = 0;
	long i;

	for (i = 0; i < 3000000; i++)
		x += 0.25;
	spin_other_ran = 1;
	return (void *)(long)(x == 750000.0);
}

UK_TESTCASE(threads, preemption_stops_a_spinner)
{
	pthread_t s, m;
	void *v;

	spin_stop = spin_other_ran = 0;
	pthread_create(&s, NULL, spinner, (void *)3L);
	pthread_create(&m, NULL, preempted_math, NULL);
	pthread_join(m, &v);
	/* both computed in SSE registers, preempted at random points */
	UK_TEST_EXPECT_EQ((long)v, 1);
	UK_TEST_EXPECT_EQ(spin_other_ran, 1);
	spin_stop = 1;
	pthread_join(s, &v);
	UK_TEST_EXPECT_EQ((long)v, 1);
}
#endif

/* --- modes for the crash, hang and console tests (main.c) -------------------- */

static pthread_barrier_t crash_barrier;

static void *crash_in_thread(void *arg)
{
	volatile int *p = NULL;

	pthread_setname_np(pthread_self(), "worker");
	return (void *)(long)*p;
}

static volatile int recurse_forever = 1;

/* Deeper and deeper until the guard page below the stack stops it. */
static int __attribute__((noinline)) recurse(int depth)
{
	volatile char frame[1024];

	frame[0] = (char)depth;
	if (recurse_forever)
		return recurse(depth + 1) + frame[0];
	return frame[0];
}

static void *overflow_in_thread(void *arg)
{
	pthread_setname_np(pthread_self(), "deep");
	return (void *)(long)recurse(0);
}

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;

static void *lock_in_order(void *arg)
{
	pthread_mutex_t *first = arg ? &lock_b : &lock_a;
	pthread_mutex_t *second = arg ? &lock_a : &lock_b;

	pthread_setname_np(pthread_self(), arg ? "b-then-a" : "a-then-b");
	pthread_mutex_lock(first);
	pthread_barrier_wait(&crash_barrier);	/* both hold one now */
	pthread_mutex_lock(second);
	pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
	return NULL;
}

static volatile long ticks;
static volatile int reader_done;

static void *ticker(void *arg)
{
	while (!reader_done) {
		ticks++;
		usleep(1000);
	}
	return NULL;
}

/*
 * thread-crash, thread-overflow: the crash happens in a second thread;
 * deadlock: two threads take two mutexes in opposite orders; console:
 * one thread reads stdin lines while another keeps running.
 */
int selftest_thread_mode(const char *mode)
{
	pthread_attr_t a;
	pthread_t t[2];
	char line[128];
	long n = 0;

	if (!strcmp(mode, "thread-crash")) {
		pthread_create(&t[0], NULL, crash_in_thread, NULL);
		pthread_join(t[0], NULL);
		return 1;
	}
	if (!strcmp(mode, "thread-overflow")) {
		pthread_attr_init(&a);
		pthread_attr_setstacksize(&a, 64 * 1024);
		pthread_create(&t[0], &a, overflow_in_thread, NULL);
		pthread_join(t[0], NULL);
		return 1;
	}
	if (!strcmp(mode, "deadlock")) {
		pthread_barrier_init(&crash_barrier, NULL, 2);
		pthread_create(&t[0], NULL, lock_in_order, NULL);
		pthread_create(&t[1], NULL, lock_in_order, (void *)1L);
		pthread_join(t[0], NULL);
		pthread_join(t[1], NULL);
		return 1;
	}
	if (!strcmp(mode, "console")) {
		pthread_create(&t[0], NULL, ticker, NULL);
		while (fgets(line, sizeof(line), stdin)) {
			line[strcspn(line, "\n")] = 0;
			printf("read: %s (ticks: %ld)\n", line, ticks);
			fflush(stdout);
			n++;
		}
		reader_done = 1;
		pthread_join(t[0], NULL);
		printf("console: %ld lines, the other thread ticked %s\n", n,
		       ticks > 0 ? "meanwhile" : "never");
		return 0;
	}
	return -1;
}

/* --- cancellation: at pthread_testcancel() (docs/threads.md) ---------------- */

static volatile int cancel_loops;

static void *cancellable(void *arg)
{
	for (;;) {
		cancel_loops++;
		usleep(1000);
		pthread_testcancel();
	}
	return NULL;
}

UK_TESTCASE(threads, deferred_cancel_at_testcancel)
{
	pthread_t t;
	void *v;

	cancel_loops = 0;
	UK_TEST_ASSERT_EQ(pthread_create(&t, NULL, cancellable, NULL), 0);
	while (cancel_loops < 3)
		usleep(1000);
	UK_TEST_EXPECT_EQ(pthread_cancel(t), 0);
	UK_TEST_ASSERT_EQ(pthread_join(t, &v), 0);
	UK_TEST_EXPECT(v == PTHREAD_CANCELED);
}
