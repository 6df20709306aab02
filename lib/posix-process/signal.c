// SPDX-License-Identifier: BSD-3-Clause
/*
 * Signals for a VM with one process. Nothing outside the process can send
 * it a signal, so every signal comes from kill, tkill or tgkill, and the
 * mask and the pending set are the calling thread's (lib/sched keeps them
 * in the thread). A signal a thread sends itself is handled
 * synchronously: one that is not blocked acts before the sending call
 * returns; a blocked one waits in the pending set and acts as soon as
 * rt_sigprocmask unblocks it (musl's raise() depends on that). A signal
 * for another thread waits in that thread's pending set, interrupts its
 * wait (EINTR) and acts when it resumes: a thread that neither waits nor
 * yields receives it at its next blocking call.
 *
 * A default action that ends the process ends the VM: see README.md for
 * the exit statuses.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>

#include <uk/boot.h>
#include <uk/exit.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/signal.h>
#include <uk/syscall.h>

#define NSIGS		64
#define SIGBIT(s)	(1ULL << ((s) - 1))
/* Can be neither caught, blocked nor ignored. */
#define UNCATCHABLE	(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* The kernel's sigaction layout, which musl passes to rt_sigaction. */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

typedef void (*siginfo_handler_t)(int, siginfo_t *, void *);

enum sig_default { SIG_DFL_TERM, SIG_DFL_CORE, SIG_DFL_IGN };

static struct ksigaction actions[NSIGS + 1];
/* the calling thread's mask and pending set (a subset of the mask) */
#define blocked		(uk_thread_current()->sig_blocked)
#define pending		(uk_thread_current()->sig_pending)
static int pending_code[NSIGS + 1];
static stack_t altstack = { .ss_flags = SS_DISABLE };

static const char *const sig_names[] = {
	[SIGHUP] = "SIGHUP",	[SIGINT] = "SIGINT",
	[SIGQUIT] = "SIGQUIT",	[SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP",	[SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",	[SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL",	[SIGUSR1] = "SIGUSR1",
	[SIGSEGV] = "SIGSEGV",	[SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE",	[SIGALRM] = "SIGALRM",
	[SIGTERM] = "SIGTERM",	[SIGSTKFLT] = "SIGSTKFLT",
	[SIGCHLD] = "SIGCHLD",	[SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP",	[SIGTSTP] = "SIGTSTP",
	[SIGTTIN] = "SIGTTIN",	[SIGTTOU] = "SIGTTOU",
	[SIGURG] = "SIGURG",	[SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ",	[SIGVTALRM] = "SIGVTALRM",
	[SIGPROF] = "SIGPROF",	[SIGWINCH] = "SIGWINCH",
	[SIGIO] = "SIGIO",	[SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

static const char *sig_name(int sig)
{
	if (sig < (int)ARRAY_SIZE(sig_names) && sig_names[sig])
		return sig_names[sig];
	return "real-time signal";
}

static enum sig_default sig_default(int sig)
{
	switch (sig) {
	case SIGCHLD:
	case SIGURG:
	case SIGWINCH:
	case SIGCONT:
	/*
	 * Stopping: nothing could ever continue us, so we behave like a
	 * process in an orphaned process group, which ignores them.
	 */
	case SIGSTOP:
	case SIGTSTP:
	case SIGTTIN:
	case SIGTTOU:
		return SIG_DFL_IGN;
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGXCPU:
	case SIGXFSZ:
	case SIGSYS:
		return SIG_DFL_CORE;
	}
	return SIG_DFL_TERM;
}

static bool sig_ignored(int sig)
{
	void (*h)(int) = actions[sig].handler;

	return h == SIG_IGN ||
	       (h == SIG_DFL && sig_default(sig) == SIG_DFL_IGN);
}

/*
 * Like a process killed by a signal, no atexit handlers run and stdio is
 * not flushed. Crash signals (those that would dump core) end the VM as
 * a panic does; the others with the shell's 128 + N, which uk_exit()
 * reports as UK_EXIT_APP_CLAMPED after printing it.
 */
static __noreturn void sig_terminate(int sig)
{
	uk_pr_err("killed by signal %d (%s)\n", sig, sig_name(sig));
	if (sig_default(sig) == SIG_DFL_CORE)
		ukplat_halt(UK_EXIT_PANIC);
	uk_exit(128 + sig);
}

static void sig_flush(void);

static void sig_run_handler(int sig, int code)
{
	struct ksigaction *ka = &actions[sig];
	void (*h)(int) = ka->handler;
	unsigned long flags = ka->flags;
	uint64_t saved = blocked;

	if (flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
	blocked |= ka->mask;
	if (!(flags & SA_NODEFER))
		blocked |= SIGBIT(sig);
	blocked &= ~UNCATCHABLE;

	if (flags & SA_SIGINFO) {
		siginfo_t si;
		ucontext_t uc;

		memset(&si, 0, sizeof(si));
		si.si_signo = sig;
		si.si_code = code;
		si.si_pid = 1;
		si.si_uid = 0;
		/* No register state: the handler is called, not trapped to. */
		memset(&uc, 0, sizeof(uc));
		uc.uc_stack = altstack;
		memcpy(&uc.uc_sigmask, &saved, sizeof(saved));
		((siginfo_handler_t)(void (*)(void))h)(sig, &si, &uc);
		/* as sigreturn would: the handler may have edited the mask */
		memcpy(&saved, &uc.uc_sigmask, sizeof(saved));
	} else {
		h(sig);
	}
	blocked = saved & ~UNCATCHABLE;
	/* what the handler raised while its mask blocked it */
	sig_flush();
}

static void sig_act(int sig, int code)
{
	void (*h)(int) = actions[sig].handler;

	if (h == SIG_IGN)
		return;
	if (h != SIG_DFL)
		sig_run_handler(sig, code);
	else if (sig_default(sig) != SIG_DFL_IGN)
		sig_terminate(sig);
}

/* Acts on the pending signals that are no longer blocked, lowest first. */
static void sig_flush(void)
{
	uint64_t ready;
	int sig;

	while ((ready = pending & ~blocked)) {
		sig = __builtin_ctzll(ready) + 1;
		pending &= ~SIGBIT(sig);
		sig_act(sig, pending_code[sig]);
	}
}

/*
 * Standard and real-time signals alike are pending at most once: a
 * second one while the first waits is merged into it.
 */
static long sig_send(int sig, int code)
{
	if (sig < 0 || sig > NSIGS)
		return -EINVAL;
	if (sig == 0)
		return 0;	/* only asks whether the target exists */
	if (sig == SIGKILL)
		sig_terminate(sig);
	if (blocked & SIGBIT(sig)) {
		if (!(pending & SIGBIT(sig)))
			pending_code[sig] = code;
		pending |= SIGBIT(sig);
		return 0;
	}
	sig_act(sig, code);
	return 0;
}

int uk_signal_raise(int sig)
{
	return sig_send(sig, SI_KERNEL);
}

/*
 * pid 1 and group 0 are us. -1 means every process but init, and we are
 * init: there is nobody to signal, as on Linux.
 */
UK_SYSCALL_DEFINE(int, kill, pid_t, pid, int, sig)
{
	if (pid != 1 && pid != 0)
		return -ESRCH;
	return sig_send(sig, SI_USER);
}

/* To another thread: pending there, its wait interrupted. */
static long sig_post(int tid, int sig)
{
	struct uk_thread *t;
	unsigned long flags;

	if (sig < 0 || sig > NSIGS)
		return -EINVAL;
	t = uk_thread_find(tid);
	if (!t)
		return -ESRCH;
	if (sig == 0)
		return 0;
	if (sig == SIGKILL)
		sig_terminate(sig);
	flags = uk_sched_lock();
	if (!(t->sig_pending & SIGBIT(sig)))
		pending_code[sig] = SI_TKILL;
	t->sig_pending |= SIGBIT(sig);
	uk_sched_unlock(flags);
	if (!(t->sig_blocked & SIGBIT(sig)))
		uk_thread_interrupt(t);
	return 0;
}

void uk_signal_post(struct uk_thread *t, int sig)
{
	unsigned long flags = uk_sched_lock();

	if (!(t->sig_pending & SIGBIT(sig)))
		pending_code[sig] = SI_KERNEL;
	t->sig_pending |= SIGBIT(sig);
	uk_sched_unlock(flags);
	if (!(t->sig_blocked & SIGBIT(sig)))
		uk_thread_interrupt(t);
}

void uk_signal_post_process(int sig)
{
	struct uk_thread *t = uk_thread_find(1);

	uk_signal_post(t ? t : uk_thread_current(), sig);
}

static long tkill(pid_t tid, int sig)
{
	if (tid == uk_thread_current()->tid)
		return sig_send(sig, SI_TKILL);
	return sig_post(tid, sig);
}

UK_SYSCALL_DEFINE(int, tkill, pid_t, tid, int, sig)
{
	if (tid <= 0)
		return -EINVAL;
	return tkill(tid, sig);
}

UK_SYSCALL_DEFINE(int, tgkill, pid_t, tgid, pid_t, tid, int, sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != 1)
		return -ESRCH;
	return tkill(tid, sig);
}

/* A thread resumed with signals pending that it does not block. */
static void sig_resume(struct uk_thread *t)
{
	(void)t;
	sig_flush();
}
uk_sched_resume_hook(sig_resume);

UK_SYSCALL_DEFINE(int, rt_sigaction, int, sig,
		  const struct ksigaction *, act, struct ksigaction *, oact,
		  size_t, sigsetsize)
{
	struct ksigaction old;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (sig < 1 || sig > NSIGS)
		return -EINVAL;
	if (act && (SIGBIT(sig) & UNCATCHABLE))
		return -EINVAL;
	old = actions[sig];
	if (act) {
		actions[sig] = *act;
		actions[sig].mask &= ~UNCATCHABLE;
		/* POSIX: a signal set to be ignored is discarded */
		if (sig_ignored(sig))
			pending &= ~SIGBIT(sig);
	}
	if (oact)
		*oact = old;
	return 0;
}

UK_SYSCALL_DEFINE(int, rt_sigprocmask, int, how, const uint64_t *, set,
		  uint64_t *, oset, size_t, sigsetsize)
{
	uint64_t old = blocked;

	if (sigsetsize != sizeof(uint64_t))
		return -EINVAL;
	if (set) {
		switch (how) {
		case SIG_BLOCK:
			blocked |= *set;
			break;
		case SIG_UNBLOCK:
			blocked &= ~*set;
			break;
		case SIG_SETMASK:
			blocked = *set;
			break;
		default:
			return -EINVAL;
		}
		blocked &= ~UNCATCHABLE;
	}
	/* before any handler runs: it may longjmp out of this call */
	if (oset)
		*oset = old;
	sig_flush();
	return 0;
}

UK_SYSCALL_DEFINE(int, rt_sigpending, uint64_t *, set, size_t, sigsetsize)
{
	if (sigsetsize > sizeof(uint64_t))
		return -EINVAL;
	if (!set)
		return -EFAULT;
	memcpy(set, &pending, sigsetsize);	/* little-endian: low bits */
	return 0;
}

/*
 * Recorded and reported, never used: handlers run on the stack of the
 * call that delivers the signal, which is never the alternate stack.
 */
UK_SYSCALL_DEFINE(int, sigaltstack, const stack_t *, ss, stack_t *, oss)
{
	stack_t old = altstack;
	int mode;

	if (ss) {
		mode = ss->ss_flags & ~SS_FLAG_BITS;
		/* SS_ONSTACK means 0 here, for old programs */
		if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			altstack.ss_sp = NULL;
			altstack.ss_size = 0;
			altstack.ss_flags = SS_DISABLE;
		} else {
			if (ss->ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			altstack.ss_sp = ss->ss_sp;
			altstack.ss_size = ss->ss_size;
			altstack.ss_flags = ss->ss_flags & SS_FLAG_BITS;
		}
	}
	if (oss)
		*oss = old;
	return 0;
}
