/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests for the synchronous signal model and the rlimit table. The
 * providers are called the way musl calls them; the VM's end (uk_exit,
 * ukplat_halt) jumps back into the test with the status.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef SS_FLAG_BITS		/* musl has it, glibc does not */
#define SS_FLAG_BITS	(1U << 31)
#endif

#include "../signal.c"
#include "../rlimit.c"
#include "host-test.h"

/* One thread: the caller. */
static struct uk_thread self_thread = { .tid = 1 };
struct uk_thread *uk_sched_current_thread = &self_thread;

struct uk_thread *uk_thread_find(int tid)
{
	return tid == 1 ? &self_thread : NULL;
}


void uk_thread_interrupt(struct uk_thread *t)
{
	(void)t;
}

static jmp_buf end_jb;
static int end_status;
static char log_buf[256];

void uk_printk(int level, const char *lib, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	(void)lib;
	va_start(ap, fmt);
	vsnprintf(log_buf, sizeof(log_buf), fmt, ap);
	va_end(ap);
}

__noreturn void uk_exit(int status)
{
	end_status = status;
	longjmp(end_jb, 1);
}

__noreturn void ukplat_halt(int status)
{
	end_status = status;
	longjmp(end_jb, 1);
}

static void reset(void)
{
	memset(actions, 0, sizeof(actions));
	blocked = pending = 0;
	log_buf[0] = 0;
	end_status = -1;
}

#define SC(name, ...) uk_syscall_r_##name(__VA_ARGS__)

static long sig_set(int sig, void (*h)(int), unsigned long flags,
		    uint64_t mask)
{
	struct ksigaction ka = { h, flags, NULL, mask };

	return SC(rt_sigaction, sig, (long)&ka, 0, 8, 0, 0);
}

static long mask_op(int how, uint64_t set, uint64_t *old)
{
	return SC(rt_sigprocmask, how, (long)&set, (long)old, 8, 0, 0);
}

/* musl's raise(): block everything, tkill ourselves, restore. */
static long musl_raise(int sig)
{
	uint64_t old;
	long rc;

	mask_op(SIG_BLOCK, ~0ULL, &old);
	rc = SC(tkill, 1, sig, 0, 0, 0, 0);
	SC(rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8, 0, 0);
	return rc;
}

static int hits, last_sig, last_code;
static uint64_t mask_in_handler, uc_mask;

static void count(int sig)
{
	hits++;
	last_sig = sig;
	mask_in_handler = blocked;
}

static void info_handler(int sig, siginfo_t *si, void *ucp)
{
	ucontext_t *uc = ucp;

	hits++;
	last_sig = sig;
	last_code = si->si_code;
	memcpy(&uc_mask, &uc->uc_sigmask, sizeof(uc_mask));
}

static void reraise(int sig)
{
	hits++;
	if (hits == 1) {
		/* blocked while its handler runs: acts after it returns */
		SC(kill, 1, sig, 0, 0, 0, 0);
		mask_in_handler = pending;
	}
}

HOST_TEST(raise_runs_handler_after_restore)
{
	reset();
	hits = 0;
	CHECK_EQ_INT(sig_set(SIGUSR1, count, 0, 0), 0);
	CHECK_EQ_INT(musl_raise(SIGUSR1), 0);
	CHECK_EQ_INT(hits, 1);
	CHECK_EQ_INT(last_sig, SIGUSR1);
	/* its own signal and sa_mask are blocked during the handler */
	CHECK(mask_in_handler & SIGBIT(SIGUSR1));
	CHECK_EQ_INT(blocked, 0);
	CHECK_EQ_INT(pending, 0);
}

HOST_TEST(blocked_signal_waits_in_pending)
{
	uint64_t set = 0;

	reset();
	hits = 0;
	sig_set(SIGUSR2, count, 0, 0);
	mask_op(SIG_BLOCK, SIGBIT(SIGUSR2), NULL);
	CHECK_EQ_INT(SC(kill, 0, SIGUSR2, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(kill, 1, SIGUSR2, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(hits, 0);
	CHECK_EQ_INT(SC(rt_sigpending, (long)&set, 8, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(set, SIGBIT(SIGUSR2));
	mask_op(SIG_UNBLOCK, SIGBIT(SIGUSR2), NULL);
	CHECK_EQ_INT(hits, 1);	/* merged: pending once */
	CHECK_EQ_INT(pending, 0);
}

HOST_TEST(siginfo_handler)
{
	reset();
	hits = 0;
	sig_set(SIGUSR1, (void (*)(int))(void (*)(void))info_handler,
		SA_SIGINFO, SIGBIT(SIGUSR2));
	mask_op(SIG_SETMASK, SIGBIT(SIGHUP), NULL);
	CHECK_EQ_INT(SC(tgkill, 1, 1, SIGUSR1, 0, 0, 0), 0);
	CHECK_EQ_INT(hits, 1);
	CHECK_EQ_INT(last_code, SI_TKILL);
	CHECK_EQ_INT(uc_mask, SIGBIT(SIGHUP));
	CHECK_EQ_INT(blocked, SIGBIT(SIGHUP));
	CHECK_EQ_INT(SC(kill, 1, SIGUSR1, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(last_code, SI_USER);
}

HOST_TEST(handler_signal_deferred_then_delivered)
{
	reset();
	hits = 0;
	sig_set(SIGINT, reraise, 0, 0);
	SC(kill, 1, SIGINT, 0, 0, 0, 0);
	CHECK_EQ_INT(mask_in_handler, SIGBIT(SIGINT));
	CHECK_EQ_INT(hits, 2);
}

HOST_TEST(nodefer_and_resethand)
{
	reset();
	hits = 0;
	sig_set(SIGUSR1, count, SA_NODEFER | SA_RESETHAND, 0);
	SC(kill, 1, SIGUSR1, 0, 0, 0, 0);
	CHECK_EQ_INT(hits, 1);
	CHECK(!(mask_in_handler & SIGBIT(SIGUSR1)));
	CHECK(actions[SIGUSR1].handler == SIG_DFL);
	if (!setjmp(end_jb)) {
		SC(kill, 1, SIGUSR1, 0, 0, 0, 0);
		CHECK(0);
	}
	CHECK_EQ_INT(end_status, 128 + SIGUSR1);
}

HOST_TEST(default_actions)
{
	reset();
	CHECK_EQ_INT(SC(kill, 1, SIGCHLD, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(kill, 1, SIGWINCH, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(kill, 1, SIGTSTP, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(kill, 1, SIGSTOP, 0, 0, 0, 0), 0);
	if (!setjmp(end_jb)) {
		SC(kill, 1, SIGTERM, 0, 0, 0, 0);
		CHECK(0);
	}
	CHECK_EQ_INT(end_status, 143);
	CHECK_EQ_STR(log_buf, "killed by signal 15 (SIGTERM)\n");
	if (!setjmp(end_jb)) {
		SC(kill, 1, 40, 0, 0, 0, 0);
		CHECK(0);
	}
	CHECK_EQ_INT(end_status, 168);
	CHECK_EQ_STR(log_buf, "killed by signal 40 (real-time signal)\n");
}

/* musl's abort() with a SIGABRT handler that returns. */
HOST_TEST(abort_ends_with_panic_status)
{
	uint64_t all = ~0ULL, one = SIGBIT(SIGABRT);
	struct ksigaction dfl = { SIG_DFL, 0, NULL, 0 };

	reset();
	hits = 0;
	sig_set(SIGABRT, count, 0, 0);
	musl_raise(SIGABRT);
	CHECK_EQ_INT(hits, 1);
	if (!setjmp(end_jb)) {
		SC(rt_sigprocmask, SIG_BLOCK, (long)&all, 0, 8, 0, 0);
		SC(rt_sigaction, SIGABRT, (long)&dfl, 0, 8, 0, 0);
		SC(tkill, 1, SIGABRT, 0, 0, 0, 0);
		CHECK_EQ_INT(hits, 1);
		SC(rt_sigprocmask, SIG_UNBLOCK, (long)&one, 0, 8, 0, 0);
		CHECK(0);
	}
	CHECK_EQ_INT(end_status, 126);
	CHECK_EQ_STR(log_buf, "killed by signal 6 (SIGABRT)\n");
}

HOST_TEST(sigkill_even_when_blocked)
{
	reset();
	mask_op(SIG_SETMASK, ~0ULL, NULL);
	CHECK(!(blocked & UNCATCHABLE));
	if (!setjmp(end_jb)) {
		SC(kill, 1, SIGKILL, 0, 0, 0, 0);
		CHECK(0);
	}
	CHECK_EQ_INT(end_status, 137);
}

HOST_TEST(ignore_discards_pending)
{
	reset();
	hits = 0;
	sig_set(SIGUSR1, count, 0, 0);
	mask_op(SIG_BLOCK, SIGBIT(SIGUSR1), NULL);
	SC(kill, 1, SIGUSR1, 0, 0, 0, 0);
	CHECK_EQ_INT(pending, SIGBIT(SIGUSR1));
	sig_set(SIGUSR1, SIG_IGN, 0, 0);
	CHECK_EQ_INT(pending, 0);
	mask_op(SIG_SETMASK, 0, NULL);
	CHECK_EQ_INT(hits, 0);
}

HOST_TEST(argument_errors)
{
	struct ksigaction old;
	uint64_t set = 0;

	reset();
	CHECK_EQ_INT(sig_set(SIGKILL, count, 0, 0), -EINVAL);
	CHECK_EQ_INT(sig_set(SIGSTOP, SIG_IGN, 0, 0), -EINVAL);
	CHECK_EQ_INT(SC(rt_sigaction, SIGKILL, 0, (long)&old, 8, 0, 0), 0);
	CHECK_EQ_INT(sig_set(0, count, 0, 0), -EINVAL);
	CHECK_EQ_INT(sig_set(65, count, 0, 0), -EINVAL);
	CHECK_EQ_INT(SC(rt_sigaction, SIGINT, 0, (long)&old, 4, 0, 0),
		     -EINVAL);
	CHECK_EQ_INT(SC(rt_sigprocmask, 7, (long)&set, 0, 8, 0, 0), -EINVAL);
	CHECK_EQ_INT(SC(rt_sigprocmask, 7, 0, (long)&set, 8, 0, 0), 0);
	CHECK_EQ_INT(SC(kill, 2, SIGINT, 0, 0, 0, 0), -ESRCH);
	CHECK_EQ_INT(SC(kill, -1, SIGINT, 0, 0, 0, 0), -ESRCH);
	CHECK_EQ_INT(SC(kill, 1, 65, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(SC(kill, 1, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(tkill, 0, SIGINT, 0, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(SC(tkill, 2, SIGINT, 0, 0, 0, 0), -ESRCH);
	CHECK_EQ_INT(SC(tgkill, 1, 2, SIGINT, 0, 0, 0), -ESRCH);
	CHECK_EQ_INT(SC(rt_sigpending, (long)&set, 16, 0, 0, 0, 0), -EINVAL);
}

HOST_TEST(sigaltstack_recorded)
{
	static char stack[8192];
	stack_t ss = { stack, 0, sizeof(stack) }, old;

	CHECK_EQ_INT(SC(sigaltstack, 0, (long)&old, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(old.ss_flags, SS_DISABLE);
	CHECK_EQ_INT(SC(sigaltstack, (long)&ss, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(sigaltstack, 0, (long)&old, 0, 0, 0, 0), 0);
	CHECK(old.ss_sp == stack && old.ss_size == sizeof(stack));
	CHECK_EQ_INT(old.ss_flags, 0);
	ss.ss_size = 100;
	CHECK_EQ_INT(SC(sigaltstack, (long)&ss, 0, 0, 0, 0, 0), -ENOMEM);
	ss.ss_flags = 5;
	CHECK_EQ_INT(SC(sigaltstack, (long)&ss, 0, 0, 0, 0, 0), -EINVAL);
	ss.ss_flags = SS_DISABLE;
	CHECK_EQ_INT(SC(sigaltstack, (long)&ss, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(sigaltstack, 0, (long)&old, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(old.ss_flags, SS_DISABLE);
}

HOST_TEST(rlimits)
{
	struct rlimit rl, old;

	CHECK_EQ_INT(SC(getrlimit, RLIMIT_STACK, (long)&rl, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(rl.rlim_cur, STACK_SIZE);
	CHECK_EQ_INT(SC(getrlimit, RLIMIT_NLIMITS, (long)&rl, 0, 0, 0, 0),
		     -EINVAL);
	rl.rlim_cur = 10;
	rl.rlim_max = 5;
	CHECK_EQ_INT(SC(setrlimit, RLIMIT_CPU, (long)&rl, 0, 0, 0, 0),
		     -EINVAL);
	rl.rlim_max = 20;
	CHECK_EQ_INT(SC(prlimit64, 0, RLIMIT_CPU, (long)&rl, (long)&old, 0,
			0), 0);
	CHECK(old.rlim_cur == RLIM_INFINITY);
	CHECK_EQ_INT(SC(prlimit64, 1, RLIMIT_CPU, 0, (long)&old, 0, 0), 0);
	CHECK_EQ_INT(old.rlim_max, 20);
	CHECK_EQ_INT(SC(prlimit64, 2, RLIMIT_CPU, 0, (long)&old, 0, 0),
		     -ESRCH);
	rl.rlim_cur = rl.rlim_max = NR_OPEN + 1;
	CHECK_EQ_INT(SC(setrlimit, RLIMIT_NOFILE, (long)&rl, 0, 0, 0, 0),
		     -EPERM);
}

HOST_TEST_MAIN()
