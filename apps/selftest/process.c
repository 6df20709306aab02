// SPDX-License-Identifier: BSD-3-Clause
/*
 * The process as the app sees it: ids, uname, sysinfo, resource limits,
 * the environment from libc.env= parameters, and the console as stdio.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <uk/test.h>

#include "selftest.h"

#define MiB	(1024UL * 1024)

UK_TESTCASE(process, ids)
{
	UK_TEST_EXPECT_GT(getpid(), 0);
	UK_TEST_EXPECT_EQ(getpid(), syscall(SYS_getpid));
	UK_TEST_EXPECT_EQ(gettid(), getpid());	/* one thread */
	UK_TEST_EXPECT_GE(getppid(), 0);
	UK_TEST_EXPECT_EQ(getuid(), 0);
	UK_TEST_EXPECT_EQ(geteuid(), 0);
	UK_TEST_EXPECT_EQ(getgid(), 0);
	UK_TEST_EXPECT_EQ(getegid(), 0);
}

UK_TESTCASE(process, uname)
{
	struct utsname u;
	char host[128];

	memset(&u, 0xff, sizeof(u));
	UK_TEST_ASSERT_EQ(uname(&u), 0);
	/* every field is a terminated string */
	UK_TEST_ASSERT_LT(strnlen(u.sysname, sizeof(u.sysname)),
			  sizeof(u.sysname));
	UK_TEST_ASSERT_LT(strnlen(u.nodename, sizeof(u.nodename)),
			  sizeof(u.nodename));
	UK_TEST_ASSERT_LT(strnlen(u.release, sizeof(u.release)),
			  sizeof(u.release));
	UK_TEST_ASSERT_LT(strnlen(u.version, sizeof(u.version)),
			  sizeof(u.version));
	UK_TEST_ASSERT_LT(strnlen(u.machine, sizeof(u.machine)),
			  sizeof(u.machine));
	UK_TEST_EXPECT_GT(strlen(u.sysname), 0);
	UK_TEST_EXPECT_GT(strlen(u.release), 0);
	UK_TEST_EXPECT_STR_EQ(u.machine, "x86_64");
	UK_TEST_ASSERT_EQ(gethostname(host, sizeof(host)), 0);
	UK_TEST_EXPECT_STR_EQ(host, u.nodename);
}

UK_TESTCASE(process, sysinfo)
{
	struct sysinfo si;
	unsigned long long total, avail;

	memset(&si, 0, sizeof(si));
	UK_TEST_ASSERT_EQ(sysinfo(&si), 0);
	UK_TEST_ASSERT_GE(si.mem_unit, 1);
	total = (unsigned long long)si.totalram * si.mem_unit;
	avail = (unsigned long long)si.freeram * si.mem_unit;
	/* the test runner's guests have 64 MiB or more */
	UK_TEST_EXPECT_GE(total, 32 * MiB);
	UK_TEST_EXPECT_LE(total, 1024ULL * 1024 * MiB);
	UK_TEST_EXPECT_GT(avail, 0);
	UK_TEST_EXPECT_LE(avail, total);
	UK_TEST_EXPECT_GE(si.uptime, 0);
	UK_TEST_EXPECT_GE(si.procs, 1);
	UK_TEST_EXPECT_EQ(get_nprocs(), 1);
	UK_TEST_EXPECT_GE(sysconf(_SC_NPROCESSORS_ONLN), 1);
}

UK_TESTCASE(process, rlimits)
{
	struct rlimit rl, saved, back;

	UK_TEST_ASSERT_EQ(getrlimit(RLIMIT_STACK, &rl), 0);
	UK_TEST_EXPECT_GT(rl.rlim_cur, 0);
	UK_TEST_EXPECT_LE(rl.rlim_cur, rl.rlim_max);
	UK_TEST_ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
	UK_TEST_EXPECT_GT(saved.rlim_cur, 2);
	UK_TEST_EXPECT_LE(saved.rlim_cur, saved.rlim_max);
	/* what is set is what is read back */
	rl = saved;
	rl.rlim_cur = saved.rlim_cur > 64 ? 64 : saved.rlim_cur;
	UK_TEST_ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &rl), 0);
	UK_TEST_ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &back), 0);
	UK_TEST_EXPECT_EQ(back.rlim_cur, rl.rlim_cur);
	UK_TEST_EXPECT_EQ(back.rlim_max, rl.rlim_max);
	UK_TEST_EXPECT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
	/* soft above hard is refused */
	rl.rlim_cur = 100;
	rl.rlim_max = 10;
	errno = 0;
	UK_TEST_EXPECT_EQ(setrlimit(RLIMIT_NOFILE, &rl), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
}

/* --- signals: sent to itself, handled synchronously ----------------------- */

static volatile int sig_count, sig_last, sig_code;

static void on_signal(int sig)
{
	sig_count++;
	sig_last = sig;
}

static void on_siginfo(int sig, siginfo_t *si, void *ctx)
{
	sig_count++;
	sig_last = si->si_signo;
	sig_code = si->si_code;
}

UK_TESTCASE(signal, raise_runs_the_handler)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	UK_TEST_ASSERT_EQ(sigaction(SIGUSR1, &sa, &old), 0);
	sig_count = 0;
	UK_TEST_EXPECT_EQ(raise(SIGUSR1), 0);
	UK_TEST_EXPECT_EQ(sig_count, 1);
	UK_TEST_EXPECT_EQ(sig_last, SIGUSR1);
	UK_TEST_EXPECT_EQ(kill(getpid(), SIGUSR1), 0);
	UK_TEST_EXPECT_EQ(sig_count, 2);

	sa.sa_handler = NULL;
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO;
	UK_TEST_ASSERT_EQ(sigaction(SIGUSR1, &sa, NULL), 0);
	UK_TEST_EXPECT_EQ(kill(getpid(), SIGUSR1), 0);
	UK_TEST_EXPECT_EQ(sig_count, 3);
	UK_TEST_EXPECT_EQ(sig_last, SIGUSR1);
	UK_TEST_EXPECT_EQ(sig_code, SI_USER);
	UK_TEST_EXPECT_EQ(sigaction(SIGUSR1, &old, NULL), 0);
}

UK_TESTCASE(signal, setitimer_sends_sigalrm)
{
	struct itimerval it = { .it_value = { 0, 20000 } }, cur;
	struct timespec ts = { 5, 0 };
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	UK_TEST_ASSERT_EQ(sigaction(SIGALRM, &sa, &old), 0);
	sig_count = 0;
	UK_TEST_ASSERT_EQ(setitimer(ITIMER_REAL, &it, NULL), 0);
	UK_TEST_EXPECT_EQ(getitimer(ITIMER_REAL, &cur), 0);
	UK_TEST_EXPECT(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec > 0);
	/* the sleep is cut short by the signal, whose handler ran */
	UK_TEST_EXPECT_EQ(nanosleep(&ts, NULL), -1);
	UK_TEST_EXPECT_EQ(errno, EINTR);
	UK_TEST_EXPECT_EQ(sig_count, 1);
	UK_TEST_EXPECT_EQ(sig_last, SIGALRM);
	UK_TEST_EXPECT_EQ(getitimer(ITIMER_REAL, &cur), 0);
	UK_TEST_EXPECT(!cur.it_value.tv_sec && !cur.it_value.tv_usec);
	/* periodic, then cancelled by alarm(0) */
	it.it_interval.tv_usec = 10000;
	UK_TEST_ASSERT_EQ(setitimer(ITIMER_REAL, &it, NULL), 0);
	while (sig_count < 3)
		pause();
	UK_TEST_EXPECT_EQ(alarm(0), 1);	/* rounded up, as Linux */
	UK_TEST_EXPECT_EQ(getitimer(ITIMER_REAL, &cur), 0);
	UK_TEST_EXPECT(!cur.it_value.tv_sec && !cur.it_value.tv_usec);
	UK_TEST_EXPECT_EQ(setitimer(ITIMER_PROF, &it, NULL), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	it.it_value.tv_usec = 1000000;
	UK_TEST_EXPECT_EQ(setitimer(ITIMER_REAL, &it, NULL), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	UK_TEST_EXPECT_EQ(setitimer(ITIMER_REAL, (void *)8, NULL), -1);
	UK_TEST_EXPECT_EQ(errno, EFAULT);
	UK_TEST_EXPECT_EQ(sigaction(SIGALRM, &old, NULL), 0);
}

UK_TESTCASE(signal, blocked_signal_waits_until_unblocked)
{
	sigset_t set, pend, old;

	signal(SIGUSR2, on_signal);
	sig_count = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	UK_TEST_ASSERT_EQ(sigprocmask(SIG_BLOCK, &set, &old), 0);
	UK_TEST_EXPECT_EQ(raise(SIGUSR2), 0);
	UK_TEST_EXPECT_EQ(sig_count, 0);
	UK_TEST_EXPECT_EQ(sigpending(&pend), 0);
	UK_TEST_EXPECT_EQ(sigismember(&pend, SIGUSR2), 1);
	UK_TEST_EXPECT_EQ(sigprocmask(SIG_SETMASK, &old, NULL), 0);
	UK_TEST_EXPECT_EQ(sig_count, 1);
	UK_TEST_EXPECT_EQ(sig_last, SIGUSR2);
	signal(SIGUSR2, SIG_DFL);
}

UK_TESTCASE(signal, ignored_and_invalid)
{
	struct sigaction sa;

	UK_TEST_EXPECT_PTR_NE(signal(SIGUSR1, SIG_IGN), SIG_ERR);
	UK_TEST_EXPECT_EQ(raise(SIGUSR1), 0);	/* and we are still here */
	signal(SIGUSR1, SIG_DFL);
	UK_TEST_EXPECT_EQ(kill(getpid(), 0), 0);	/* exists? yes */
	errno = 0;
	UK_TEST_EXPECT_EQ(kill(12345, SIGUSR1), -1);
	UK_TEST_EXPECT_EQ(errno, ESRCH);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	errno = 0;
	UK_TEST_EXPECT_EQ(sigaction(SIGKILL, &sa, NULL), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
}

/* --- environment: the runner passes libc.env=UNIKIT_TEST=42 libc.env=HOME=/ */

extern char **environ;

UK_TESTCASE(env, from_kernel_parameters)
{
	char **e;
	bool seen = false;

	UK_TEST_EXPECT_STR_EQ(getenv("UNIKIT_TEST"), "42");
	UK_TEST_EXPECT_STR_EQ(getenv("HOME"), "/");
	UK_TEST_EXPECT_NULL(getenv("UNIKIT_NO_SUCH_VARIABLE"));
	UK_TEST_EXPECT_NULL(getenv("UNIKIT_TES"));	/* no prefix match */
	UK_TEST_ASSERT_NOT_NULL(environ);
	UK_TEST_EXPECT_PTR_EQ(selftest_envp, environ);
	for (e = environ; *e; e++)
		seen |= !strcmp(*e, "UNIKIT_TEST=42");
	UK_TEST_EXPECT(seen);
}

UK_TESTCASE(env, setenv_unsetenv_putenv)
{
	static char put[] = "SELFTEST_PUT=yes";

	UK_TEST_EXPECT_EQ(setenv("SELFTEST_X", "1", 1), 0);
	UK_TEST_EXPECT_STR_EQ(getenv("SELFTEST_X"), "1");
	UK_TEST_EXPECT_EQ(setenv("SELFTEST_X", "2", 0), 0);	/* kept */
	UK_TEST_EXPECT_STR_EQ(getenv("SELFTEST_X"), "1");
	UK_TEST_EXPECT_EQ(setenv("SELFTEST_X", "3", 1), 0);
	UK_TEST_EXPECT_STR_EQ(getenv("SELFTEST_X"), "3");
	UK_TEST_EXPECT_EQ(unsetenv("SELFTEST_X"), 0);
	UK_TEST_EXPECT_NULL(getenv("SELFTEST_X"));
	UK_TEST_EXPECT_EQ(unsetenv("SELFTEST_X"), 0);	/* absent: fine */
	/* overriding a variable from the command line */
	UK_TEST_EXPECT_EQ(setenv("HOME", "/root", 1), 0);
	UK_TEST_EXPECT_STR_EQ(getenv("HOME"), "/root");
	UK_TEST_EXPECT_EQ(setenv("HOME", "/", 1), 0);
	UK_TEST_EXPECT_EQ(putenv(put), 0);
	UK_TEST_EXPECT_STR_EQ(getenv("SELFTEST_PUT"), "yes");
	put[13] = 'n';		/* putenv shares the string */
	UK_TEST_EXPECT_STR_EQ(getenv("SELFTEST_PUT"), "nes");
	UK_TEST_EXPECT_EQ(unsetenv("SELFTEST_PUT"), 0);
	errno = 0;
	UK_TEST_EXPECT_EQ(setenv("A=B", "x", 1), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(setenv("", "x", 1), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
}

/* --- the console as stdio ---------------------------------------------- */

/* The test runner looks for this line before the case's PASS line. */
#define STDIO_LINE	"selftest: stdio reaches the console"

UK_TESTCASE(stdio, printf_reaches_the_console)
{
	UK_TEST_EXPECT_EQ(printf("%s\n", STDIO_LINE),
			  (int)strlen(STDIO_LINE) + 1);
	UK_TEST_EXPECT_EQ(fflush(stdout), 0);
	UK_TEST_EXPECT_EQ(ferror(stdout), 0);
	UK_TEST_EXPECT_EQ(fprintf(stderr, "selftest: %s\n", "stderr too"),
			  21);
	UK_TEST_EXPECT_GE(fputs("selftest: fputs and puts\n", stdout), 0);
	UK_TEST_EXPECT_GE(puts("selftest: puts"), 0);
	UK_TEST_EXPECT_EQ(fflush(stdout), 0);
}

UK_TESTCASE(stdio, write_to_standard_fds)
{
	static const char msg[] = "selftest: write(1)\n";
	char c;

	UK_TEST_EXPECT_EQ(write(1, msg, sizeof(msg) - 1), sizeof(msg) - 1);
	UK_TEST_EXPECT_EQ(write(2, msg, 0), 0);
	UK_TEST_EXPECT_EQ(isatty(1), 1);
	errno = 0;
	UK_TEST_EXPECT_EQ(write(42, msg, 1), -1);
	UK_TEST_EXPECT_EQ(errno, EBADF);
	errno = 0;
	UK_TEST_EXPECT_EQ(read(42, &c, 1), -1);
	UK_TEST_EXPECT_EQ(errno, EBADF);
	errno = 0;
	UK_TEST_EXPECT_EQ(isatty(42), 0);
	UK_TEST_EXPECT_EQ(errno, EBADF);
}
