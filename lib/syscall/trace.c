// SPDX-License-Identifier: BSD-3-Clause
/*
 * Syscall tracing and statistics (CONFIG_LIBSYSCALL_TRACE). The link
 * wraps every provider (ld --wrap, support/build/build.mk), so each of
 * libc's syscall sites calls __wrap_uk_syscall_r_<name>() below, which
 * calls the provider and, as the kernel parameters ask,
 *   syscall.trace=1  prints "trace: name(args) = result" per call, with
 *                    the arguments decoded for the common calls;
 *   syscall.stats=1  counts calls, errors and TSC ticks per syscall and
 *                    prints the table when the VM exits.
 * Without the option none of this is in the image.
 */
#include <uk/arch/x86.h>
#include <uk/boot.h>
#include <uk/errno.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/syscall.h>

#define NR_MAX		512
#define SHOW_BYTES	32	/* of a buffer or string */

static bool trace_on, stats_on;
UK_PARAM_BOOL(syscall, trace, trace_on,
	      "print every system call with its arguments and result");
UK_PARAM_BOOL(syscall, stats, stats_on,
	      "count system calls and print the counts at exit");

struct sc_stat {
	unsigned long calls, errors;
	uint64_t ticks;
};
static struct sc_stat stats[NR_MAX];

/*
 * Argument formats, one letter an argument: d int, u unsigned, x hex,
 * o octal, p pointer, s string (a path), B buffer in (its length is the
 * next argument), b buffer out (its length is the result).
 */
struct sc_format {
	short nr;
	const char *args;
};

#define F(name, args) { __NR_##name, args }
enum {
#define UK_ARCH_SYSCALL(nr, name) __NR_##name = nr,
#include <uk/arch/syscall_table.h>
#undef UK_ARCH_SYSCALL
};

static const struct sc_format formats[] = {
	F(read, "dbu"), F(write, "dBu"), F(open, "sxo"), F(close, "d"),
	F(stat, "sp"), F(fstat, "dp"), F(lstat, "sp"), F(poll, "pud"),
	F(lseek, "ddd"), F(mmap, "pxxxdx"), F(mprotect, "pxx"),
	F(munmap, "px"), F(brk, "p"), F(rt_sigaction, "dppu"),
	F(rt_sigprocmask, "dppu"), F(ioctl, "dxx"), F(pread64, "dbud"),
	F(pwrite64, "dBud"), F(readv, "dpd"), F(writev, "dpd"),
	F(access, "so"), F(pipe, "p"), F(select, "dpppp"),
	F(mremap, "pxxxp"), F(madvise, "pxd"), F(dup, "d"), F(dup2, "dd"),
	F(nanosleep, "pp"), F(setitimer, "dpp"), F(sendfile, "ddpu"),
	F(socket, "ddd"), F(connect, "dpd"), F(accept, "dpp"),
	F(sendto, "dBuxpd"), F(recvfrom, "dbuxpp"), F(sendmsg, "dpx"),
	F(recvmsg, "dpx"), F(shutdown, "dd"), F(bind, "dpd"),
	F(listen, "dd"), F(getsockname, "dpp"), F(getpeername, "dpp"),
	F(socketpair, "dddp"), F(setsockopt, "dddpd"),
	F(getsockopt, "dddpp"), F(clone, "xpppx"), F(exit, "d"),
	F(wait4, "dpdp"), F(kill, "dd"), F(uname, "p"), F(fcntl, "ddx"),
	F(flock, "dd"), F(fsync, "d"), F(fdatasync, "d"),
	F(truncate, "sd"), F(ftruncate, "dd"), F(getcwd, "pu"),
	F(chdir, "s"), F(fchdir, "d"), F(rename, "ss"), F(mkdir, "so"),
	F(rmdir, "s"), F(creat, "so"), F(link, "ss"), F(unlink, "s"),
	F(symlink, "ss"), F(readlink, "spu"), F(chmod, "so"),
	F(fchmod, "do"), F(chown, "sdd"), F(fchown, "ddd"), F(umask, "o"),
	F(gettimeofday, "pp"), F(getrlimit, "dp"), F(sysinfo, "p"),
	F(sigaltstack, "pp"), F(statfs, "sp"), F(fstatfs, "dp"),
	F(prctl, "dxxxx"), F(arch_prctl, "xx"), F(futex, "pxdpxd"),
	F(sched_getaffinity, "dup"), F(getdents64, "dpu"),
	F(set_tid_address, "p"), F(clock_gettime, "dp"),
	F(clock_getres, "dp"), F(clock_nanosleep, "dxpp"),
	F(exit_group, "d"), F(epoll_wait, "dpdd"), F(epoll_ctl, "dddp"),
	F(tgkill, "ddd"), F(tkill, "dd"), F(openat, "dsxo"),
	F(mkdirat, "dso"), F(newfstatat, "dspx"), F(unlinkat, "dsx"),
	F(renameat, "dsds"), F(linkat, "dsdsx"), F(symlinkat, "sds"),
	F(readlinkat, "dspu"), F(fchmodat, "dsox"), F(faccessat, "dso"),
	F(pselect6, "dppppp"), F(ppoll, "pupp"), F(utimensat, "dspx"),
	F(epoll_pwait, "dpddpu"), F(timerfd_create, "dx"),
	F(eventfd2, "ux"), F(epoll_create1, "x"), F(dup3, "ddx"),
	F(pipe2, "px"), F(preadv, "dpdd"), F(pwritev, "dpdd"),
	F(prlimit64, "ddpp"), F(getrandom, "pux"), F(statx, "dsxxp"),
	F(membarrier, "dx"), F(copy_file_range, "dpdpux"),
	F(accept4, "dppx"), F(renameat2, "dsdsx"), F(fallocate, "ddxx"),
	F(timerfd_settime, "ddpp"), F(timerfd_gettime, "dp"),
	F(faccessat2, "dsox"), F(epoll_pwait2, "dpdppu"),
	F(sendmmsg, "dpux"), F(recvmmsg, "dpuxp"), F(getpid, ""),
	F(gettid, ""), F(getppid, ""), F(getuid, ""), F(geteuid, ""),
	F(getgid, ""), F(getegid, ""), F(sched_yield, ""),
	F(rt_sigreturn, ""), F(setsid, ""), F(getpgrp, ""),
};

static const char *const errno_names[] = {
#define ERRNO_NAME(name, nr) [nr] = #name,
	UK_ERRNO_LIST(ERRNO_NAME)
#undef ERRNO_NAME
};

static const char *format_of(long nr)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (formats[i].nr == nr)
			return formats[i].args;
	return NULL;
}

static bool readable(uintptr_t p, size_t len)
{
	uintptr_t a;

	if (!len)
		return true;
	if (p + len < p)
		return false;
	for (a = p & ~0xfffUL; a < p + len; a += 0x1000)
		if (!ukplat_addr_readable(a))
			return false;
	return true;
}

/* Bytes as a C string literal, at most SHOW_BYTES of them. */
static void print_bytes(const char *p, size_t len, bool nul_ends)
{
	char out[SHOW_BYTES * 4 + 8], *o = out;
	size_t i;

	*o++ = '"';
	for (i = 0; i < len && i < SHOW_BYTES; i++) {
		unsigned char c = p[i];

		if (nul_ends && !c)
			break;
		if (c == '\n' || c == '\t' || c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = c == '\n' ? 'n' : c == '\t' ? 't' : c;
		} else if (c < 0x20 || c >= 0x7f) {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = "0123456789abcdef"[c >> 4];
			*o++ = "0123456789abcdef"[c & 15];
		} else {
			*o++ = c;
		}
	}
	*o++ = '"';
	if (i < len && !(nul_ends && i < SHOW_BYTES && !p[i]))
		*o++ = '.', *o++ = '.', *o++ = '.';
	*o = 0;
	uk_console_printf("%s", out);
}

static void print_string(long a)
{
	const char *s = (const char *)a;
	size_t n;

	/* page by page: stop at the NUL or at what cannot be read */
	for (n = 0; n < SHOW_BYTES + 1; n++)
		if (!readable((uintptr_t)s + n, 1) || !s[n])
			break;
	if (!s || (n < SHOW_BYTES + 1 && !readable((uintptr_t)s + n, 1)))
		uk_console_printf("%p", s);
	else
		print_bytes(s, n < SHOW_BYTES + 1 ? n : SHOW_BYTES + 1, true);
}

static void print_arg(char f, long a, long next, long ret)
{
	switch (f) {
	case 'd':
		uk_console_printf("%d", (int)a);
		break;
	case 'u':
		uk_console_printf("%lu", (unsigned long)a);
		break;
	case 'o':
		uk_console_printf("0%lo", (unsigned long)a);
		break;
	case 's':
		print_string(a);
		break;
	case 'B':
	case 'b': {
		size_t len = f == 'B' ? (size_t)next : ret > 0 ? (size_t)ret : 0;

		if (a && len && readable(a, MIN(len, (size_t)SHOW_BYTES)))
			print_bytes((const char *)a, len, false);
		else
			uk_console_printf("%p", (void *)a);
		break;
	}
	case 'p':
		if (a)
			uk_console_printf("%p", (void *)a);
		else
			uk_console_printf("NULL");
		break;
	default:
		uk_console_printf("0x%lx", (unsigned long)a);
	}
}

static void print_call(long nr, const long *a, long ret, bool done)
{
	const char *name = uk_syscall_name(nr), *fmt = format_of(nr);
	int i;

	uk_console_printf("trace: %s(", name ? name : "?");
	if (fmt) {
		for (i = 0; fmt[i] && i < 6; i++) {
			if (i)
				uk_console_printf(", ");
			print_arg(fmt[i], a[i], i < 5 ? a[i + 1] : 0, ret);
		}
	} else {
		uk_console_printf("0x%lx, 0x%lx, 0x%lx, ...",
				  a[0], a[1], a[2]);
	}
	if (!done)
		uk_console_printf(") ...\n");
	else if (ret < 0 && ret >= -4095 && -ret < (long)ARRAY_SIZE(errno_names)
		 && errno_names[-ret])
		uk_console_printf(") = -1 %s\n", errno_names[-ret]);
	else if (ret < 0 && ret >= -4095)
		uk_console_printf(") = -1 (errno %ld)\n", -ret);
	else if (ret > 0xffff || ret < -0xffff)
		uk_console_printf(") = 0x%lx\n", (unsigned long)ret);
	else
		uk_console_printf(") = %ld\n", ret);
}

typedef long (*sc_fn)(long, long, long, long, long, long);

static long traced(long nr, sc_fn fn, long a1, long a2, long a3, long a4,
		   long a5, long a6)
{
	long a[6] = { a1, a2, a3, a4, a5, a6 }, ret;
	uint64_t t0;

	if (likely(!trace_on && !stats_on))
		return fn(a1, a2, a3, a4, a5, a6);
	/* these do not return: show them now */
	if (trace_on && (nr == __NR_exit || nr == __NR_exit_group))
		print_call(nr, a, 0, false);
	if (stats_on && nr < NR_MAX)
		stats[nr].calls++;
	t0 = rdtsc();
	ret = fn(a1, a2, a3, a4, a5, a6);
	if (stats_on && nr < NR_MAX) {
		stats[nr].ticks += rdtsc() - t0;
		stats[nr].errors += ret < 0 && ret >= -4095;
	}
	if (trace_on)
		print_call(nr, a, ret, true);
	return ret;
}

static void print_stats(int status)
{
	unsigned long total = 0, printed = 0, best;
	bool shown[NR_MAX] = { 0 };
	long nr, pick;

	if (!stats_on)
		return;
	for (nr = 0; nr < NR_MAX; nr++)
		total += stats[nr].calls;
	uk_console_printf("syscall statistics: %lu calls\n"
			  "  %-20s %10s %8s %14s %10s\n", total, "syscall",
			  "calls", "errors", "ticks", "per call");
	/* most called first; few distinct calls, so selection is fine */
	for (;;) {
		best = 0;
		pick = -1;
		for (nr = 0; nr < NR_MAX; nr++)
			if (!shown[nr] && stats[nr].calls > best) {
				best = stats[nr].calls;
				pick = nr;
			}
		if (pick < 0)
			break;
		shown[pick] = true;
		printed++;
		uk_console_printf("  %-20s %10lu %8lu %14llu %10llu\n",
				  uk_syscall_name(pick) ?: "?",
				  stats[pick].calls, stats[pick].errors,
				  (unsigned long long)stats[pick].ticks,
				  (unsigned long long)(stats[pick].ticks /
						       stats[pick].calls));
	}
}
uk_exitcall(print_stats);

/* One wrapper per syscall of the architecture's table. */
#define UK_ARCH_SYSCALL(nr, name)					\
	long __real_uk_syscall_r_##name(long, long, long, long, long,	\
					long);				\
	long __wrap_uk_syscall_r_##name(long, long, long, long, long,	\
					long);				\
	long __wrap_uk_syscall_r_##name(long a1, long a2, long a3,	\
					long a4, long a5, long a6)	\
	{								\
		return traced(nr, __real_uk_syscall_r_##name,		\
			      a1, a2, a3, a4, a5, a6);			\
	}
#include <uk/arch/syscall_table.h>
#undef UK_ARCH_SYSCALL
