// SPDX-License-Identifier: BSD-3-Clause
/*
 * The process: a Unikit VM runs exactly one, with pid, tid, process group
 * and session all 1 (it is init) and no parent (ppid 0). Exiting it ends
 * the VM.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* struct utsname's domainname */
#endif
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/utsname.h>

#include <uk/boot.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/syscall.h>

#define UTS_LEN		65	/* each utsname field, with its NUL */
/*
 * The Linux ABI level the providers follow (x86_64 syscall numbers and
 * structures): programs that gate features on the kernel release read a
 * plausible one.
 */
#define UTS_RELEASE	"6.1.0-unikit"
#define UTS_VERSION	"#1 Unikit"
#define COMM_LEN	16	/* PR_SET_NAME: 15 characters and a NUL */

static const char *hostname_param = "unikit";
UK_PARAM_STR(process, hostname, hostname_param,
	     "the host name uname() reports (at most 64 characters)");

static char nodename[UTS_LEN];
static char domainname[UTS_LEN] = "(none)";
static bool nodename_ready;

/* dst gets at most size - 1 bytes of src and always a NUL. */
static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	memset(dst + n, 0, size - n);
}

/* The parameter is applied before any init level runs: take it lazily. */
static void nodename_init(void)
{
	if (nodename_ready)
		return;
	if (strlen(hostname_param) >= UTS_LEN)
		uk_pr_warn("process.hostname is cut to %d characters\n",
			   UTS_LEN - 1);
	copy_str(nodename, UTS_LEN, hostname_param);
	nodename_ready = true;
}

/* musl has run the atexit handlers and flushed stdio by now. */
UK_SYSCALL_DEFINE(long, exit_group, int, status)
{
	uk_exit(status);
}

/*
 * Ends the calling thread only; the last one to end ends the process
 * (lib/sched), with status 0 as the kernel does for the last thread
 * that exits on its own.
 */
UK_SYSCALL_DEFINE(long, exit, int, status)
{
	(void)status;
	uk_thread_exit(NULL);
}

UK_SYSCALL_DEFINE(pid_t, getpid)
{
	return 1;
}

/* The boot thread is 1 (the process), others count from 2. */
UK_SYSCALL_DEFINE(pid_t, gettid)
{
	return uk_thread_current()->tid;
}

UK_SYSCALL_DEFINE(pid_t, getppid)
{
	return 0;
}

/*
 * musl's TLS setup stores the result as the thread's tid; the word is
 * cleared and woken when the thread exits (lib/posix-futex).
 */
UK_SYSCALL_DEFINE(pid_t, set_tid_address, int *, tidptr)
{
	struct uk_thread *t = uk_thread_current();

	t->clear_tid = tidptr;
	return t->tid;
}

static bool is_self(pid_t pid)
{
	return pid == 0 || pid == 1;
}

UK_SYSCALL_DEFINE(pid_t, getpgid, pid_t, pid)
{
	return is_self(pid) ? 1 : -ESRCH;
}

UK_SYSCALL_DEFINE(pid_t, getpgrp)
{
	return 1;
}

UK_SYSCALL_DEFINE(pid_t, getsid, pid_t, pid)
{
	return is_self(pid) ? 1 : -ESRCH;
}

/* We already lead our process group, which setsid() refuses. */
UK_SYSCALL_DEFINE(pid_t, setsid)
{
	return -EPERM;
}

/* Only "stay in group 1" is possible: there is no other group. */
UK_SYSCALL_DEFINE(int, setpgid, pid_t, pid, pid_t, pgid)
{
	if (pgid < 0)
		return -EINVAL;
	if (!is_self(pid))
		return -ESRCH;
	return is_self(pgid) ? 0 : -EPERM;
}

/*
 * One process: no fork, no vfork, and clone only makes threads (musl's
 * pthread_create goes to lib/sched directly, see libs/musl/glue/clone.c).
 * Said once, clearly, then ENOSYS.
 */
static long no_new_process(const char *what)
{
	static bool said;

	if (!said)
		uk_pr_warn("%s: a Unikit VM runs one process; there is no fork "
			   "(threads work: pthread_create)\n", what);
	said = true;
	return -ENOSYS;
}

UK_SYSCALL_DEFINE(long, fork)
{
	return no_new_process("fork");
}

UK_SYSCALL_DEFINE(long, vfork)
{
	return no_new_process("vfork");
}

UK_SYSCALL_DEFINE(long, clone)
{
	return no_new_process("clone");
}

UK_SYSCALL_DEFINE(long, clone3)
{
	return no_new_process("clone3");
}

/* No children, ever: there is no fork. Arguments are not needed. */
UK_SYSCALL_DEFINE(pid_t, wait4)
{
	return -ECHILD;
}

UK_SYSCALL_DEFINE(int, waitid)
{
	return -ECHILD;
}

UK_SYSCALL_DEFINE(int, uname, struct utsname *, buf)
{
	if (!buf)
		return -EFAULT;
	nodename_init();
	copy_str(buf->sysname, UTS_LEN, "Unikit");
	copy_str(buf->nodename, UTS_LEN, nodename);
	copy_str(buf->release, UTS_LEN, UTS_RELEASE);
	copy_str(buf->version, UTS_LEN, UTS_VERSION);
	copy_str(buf->machine, UTS_LEN, "x86_64");
	copy_str(buf->domainname, UTS_LEN, domainname);
	return 0;
}

/* name need not be NUL-terminated: len bytes are the whole name. */
static int set_uts_name(char *dst, const char *name, int len)
{
	if (len < 0 || len >= UTS_LEN)
		return -EINVAL;
	if (!name && len)
		return -EFAULT;
	memcpy(dst, name, len);
	memset(dst + len, 0, UTS_LEN - len);
	return 0;
}

UK_SYSCALL_DEFINE(int, sethostname, const char *, name, int, len)
{
	int rc = set_uts_name(nodename, name, len);

	if (!rc)
		nodename_ready = true;
	return rc;
}

UK_SYSCALL_DEFINE(int, setdomainname, const char *, name, int, len)
{
	return set_uts_name(domainname, name, len);
}

/*
 * Only the calling thread's name (pthread_setname_np on itself), which
 * crash and deadlock reports show.
 */
UK_SYSCALL_DEFINE(int, prctl, int, option, unsigned long, arg2)
{
	struct uk_thread *t = uk_thread_current();
	char *name = (char *)arg2;
	char comm[COMM_LEN];

	switch (option) {
	case PR_SET_NAME:
		if (!name)
			return -EFAULT;
		copy_str(comm, COMM_LEN, name);
		uk_thread_set_name(t, comm);
		return 0;
	case PR_GET_NAME:
		if (!name)
			return -EFAULT;
		copy_str(name, COMM_LEN, t->name);
		return 0;
	}
	return -EINVAL;
}
