/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests for the console's line discipline and the console file at
 * descriptors 0-2, through lib/file's descriptor table and syscalls. The
 * platform console is a script: input bytes become visible in steps
 * (each idle releases the next step) and output is captured. A read
 * that would wait forever jumps back to the test.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>

#include "host-test.h"
#include <uk/alloc.h>

/* the kernel is built with -Wno-unused-parameter (ops ignore some) */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "../../file/file.c"
#include "../../file/iov.c"
#include "../../file/ofile.c"
#include "../../file/fdtab.c"
#include "../../file/rw.c"
#include "../../file/fcntl.c"
#include "../../file/ioctl.c"
#include "../../file/stat.c"
#include "../ldisc.c"
#include "../console.c"

void *uk_malloc(size_t size)
{
	return malloc(size);
}

void *uk_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

void uk_free(void *p)
{
	free(p);
}

rlim_t uk_rlimit_cur(unsigned int resource)
{
	return 1024;
}

/* NULL and the first page are the app's mistakes */
bool ukplat_user_range_ok(const void *p, size_t len, bool write)
{
	return !len || (uintptr_t)p >= 4096;
}

void uk_waitq_init(struct uk_waitq *wq, const char *name, bool irq)
{
	uk_list_init(&wq->waiters);
}

int uk_waitq_wake_key(struct uk_waitq *wq, uintptr_t key, unsigned long bits,
		      int n)
{
	return 0;
}

#define SC(name, ...) uk_syscall_r_##name(__VA_ARGS__)

static const char *steps[8];
static size_t nsteps, step, pos;
static char out[16384];
static size_t out_len;
static uint64_t now, armed;
static int idles;
static bool quiet_is_block = true;	/* no input left: would block */
static jmp_buf block_jb;

int ukplat_console_getc(void)
{
	while (step < nsteps && !steps[step][pos]) {
		step++;
		pos = 0;
		return -1;	/* a step ends: nothing more for now */
	}
	if (step >= nsteps)
		return -1;
	return (unsigned char)steps[step][pos++];
}

void ukplat_console_write(const char *buf, size_t len)
{
	if (!len)
		return;
	memcpy(out + out_len, buf, len);
	out_len += len;
	out[out_len] = 0;
}

uint64_t ukplat_monotonic_ns(void)
{
	return now;
}

void ukplat_timer_arm(uint64_t deadline)
{
	armed = deadline;
}

unsigned long ukplat_irq_save(void)
{
	return 1;
}

void ukplat_irq_restore(unsigned long flags)
{
	(void)flags;
}

/*
 * The scheduler, for one reader: a wait returns when the script has more
 * input (1 ms later), at its deadline, or never (past the script: the
 * read would block, and we jump back to the test).
 */
static struct uk_thread self_thread = { .tid = 1 };
struct uk_thread *uk_sched_current_thread = &self_thread;


/* ^T's thread list: nothing to list on the host */
void uk_sched_print_threads(void)
{
}

void uk_sched_deliver_pending(void)
{
}

int uk_waitq_wait_locked(struct uk_waitq *wq, struct uk_wait *w,
			 uint64_t deadline)
{
	(void)wq;
	(void)w;
	if (++idles > 100000)
		longjmp(block_jb, 1);
	if (step < nsteps) {
		now += 1000000;
		return 0;
	}
	if (quiet_is_block && deadline == UK_WAIT_FOREVER)
		longjmp(block_jb, 1);
	if (deadline != UK_WAIT_FOREVER && deadline > now)
		now = deadline;
	armed = deadline;
	return -ETIMEDOUT;
}

int uk_waitq_wake(struct uk_waitq *wq, int n)
{
	(void)wq;
	(void)n;
	return 0;
}

int ukplat_console_rx_notify(void (*fn)(void))
{
	(void)fn;
	return 0;
}

/* More input is there once a step ended (getc said -1 in between). */
bool ukplat_console_rx_ready(void)
{
	return false;
}

int uk_param_set_bool(const struct uk_param *p, const char *value)
{
	(void)p;
	(void)value;
	return 0;
}

#define WOULD_BLOCK	(-1000)

static void reset(const char *s0, const char *s1, const char *s2)
{
	struct ktermios def = {
		.c_iflag = ICRNL | IUTF8,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B115200 | CS8 | CREAD | CLOCAL,
		.c_lflag = ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
			   IEXTEN,
		.c_cc = { [VERASE] = 0x7f, [VKILL] = 0x15, [VEOF] = 0x04,
			  [VMIN] = 1, [VWERASE] = 0x17, [VLNEXT] = 0x16 },
	};

	int fd;

	/* the descriptors as at boot: the console at 0, 1 and 2 only */
	for (fd = 0; fd < 16; fd++)
		uk_fd_close(fd);
	console_init();
	tio = def;
	tty_flush_input();
	out_col = 0;
	steps[0] = s0;
	steps[1] = s1;
	steps[2] = s2;
	nsteps = s2 ? 3 : s1 ? 2 : s0 ? 1 : 0;
	step = pos = 0;
	out_len = 0;
	out[0] = 0;
	now = 1000;
	armed = 0;
	idles = 0;
}

static char rbuf[8192];

/*
 * A read of fd 0. One that would block jumps back here: it is made on the
 * open file directly so that its reference is given back then.
 */
static long rd(size_t len)
{
	struct iovec iov = { rbuf, len };
	struct uk_ofile *of = uk_fd_get(0);
	long n;

	memset(rbuf, 0, sizeof(rbuf));
	if (!of)
		return -EBADF;
	if (setjmp(block_jb)) {
		uk_ofile_put(of);
		return WOULD_BLOCK;
	}
	n = uk_ofile_read(of, &iov, 1, NULL);
	uk_ofile_put(of);
	return n;
}

HOST_TEST(canonical_line_with_erase_and_echo)
{
	reset("ab\x7f" "c\r", NULL, NULL);
	CHECK_EQ_INT(rd(100), 3);
	CHECK_EQ_STR(rbuf, "ac\n");
	CHECK_EQ_STR(out, "ab\b \bc\n");
}

HOST_TEST(line_arrives_in_pieces)
{
	reset("hel", "lo", "\n");
	CHECK_EQ_INT(rd(100), 6);
	CHECK_EQ_STR(rbuf, "hello\n");
	CHECK(idles >= 2);
}

HOST_TEST(one_line_per_read_and_short_reads)
{
	reset("a\nbcdef\n", NULL, NULL);
	CHECK_EQ_INT(rd(100), 2);
	CHECK_EQ_STR(rbuf, "a\n");
	CHECK_EQ_INT(rd(3), 3);
	CHECK_EQ_STR(rbuf, "bcd");
	CHECK_EQ_INT(rd(100), 3);
	CHECK_EQ_STR(rbuf, "ef\n");
	CHECK_EQ_INT(rd(100), WOULD_BLOCK);
}

HOST_TEST(eof_char)
{
	reset("\x04" "abc\x04" "x\n", NULL, NULL);
	CHECK_EQ_INT(rd(100), 0);
	CHECK_EQ_INT(rd(3), 3);
	CHECK_EQ_STR(rbuf, "abc");
	/* the ^D that ended "abc" is no second end of file */
	CHECK_EQ_INT(rd(100), 2);
	CHECK_EQ_STR(rbuf, "x\n");
	CHECK_EQ_STR(out, "abcx\n");
}

HOST_TEST(kill_and_word_erase)
{
	reset("junk\x15" "one two  \x17" "2\n", NULL, NULL);
	CHECK_EQ_INT(rd(100), 6);
	CHECK_EQ_STR(rbuf, "one 2\n");
}

HOST_TEST(erase_tab_and_utf8)
{
	reset("x\t\x7f\x7f\xc3\xa9\x7fz\n", NULL, NULL);
	CHECK_EQ_INT(rd(100), 2);
	CHECK_EQ_STR(rbuf, "z\n");
	/* tab from column 1 to 8: 7 columns back; é is one column */
	CHECK_EQ_STR(out, "x\t\b\b\b\b\b\b\b\b \b\xc3\xa9\b \bz\n");
}

HOST_TEST(erase_after_prompt_column)
{
	reset("\t\x7f\n", NULL, NULL);
	SC(write, 1, (long)"> ", 2, 0, 0, 0);
	CHECK_EQ_INT(rd(100), 1);
	/* the tab went from column 2 to 8 */
	CHECK_EQ_STR(out, "> \t\b\b\b\b\b\b\n");
}

HOST_TEST(literal_next_and_control_echo)
{
	reset("\x16\x7f\x01\n", NULL, NULL);
	CHECK_EQ_INT(rd(100), 3);
	CHECK_EQ_INT(rbuf[0], 0x7f);
	CHECK_EQ_INT(rbuf[1], 0x01);
	CHECK_EQ_STR(out, "^\b^?^A\n");
}

HOST_TEST(readv_like_musl_stdio)
{
	char a[2], b[100];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };

	reset("hello\nnext\n", NULL, NULL);
	memset(b, 0, sizeof(b));
	CHECK_EQ_INT(SC(readv, 0, (long)iov, 2, 0, 0, 0), 6);
	CHECK(!memcmp(a, "he", 2));
	CHECK_EQ_STR(b, "llo\n");
}

HOST_TEST(noncanonical_min_time)
{
	struct ktermios t;

	reset("xy", "z", NULL);
	CHECK_EQ_INT(SC(ioctl, 0, TCGETS, (long)&t, 0, 0, 0), 0);
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	CHECK_EQ_INT(SC(ioctl, 0, TCSETS, (long)&t, 0, 0, 0), 0);
	CHECK_EQ_INT(rd(100), 2);
	CHECK_EQ_STR(rbuf, "xy");
	CHECK_EQ_INT(rd(100), 1);
	CHECK_EQ_STR(out, "");
	/* VMIN 0, VTIME 0: a poll that returns at once */
	t.c_cc[VMIN] = 0;
	CHECK_EQ_INT(SC(ioctl, 0, TCSETS, (long)&t, 0, 0, 0), 0);
	CHECK_EQ_INT(rd(100), 0);
	/* VMIN 0, VTIME 3: gives up after 0.3 s */
	t.c_cc[VTIME] = 3;
	CHECK_EQ_INT(SC(ioctl, 0, TCSETS, (long)&t, 0, 0, 0), 0);
	reset(NULL, NULL, NULL);
	tio = t;
	quiet_is_block = false;
	CHECK_EQ_INT(rd(100), 0);
	quiet_is_block = true;
	CHECK(now >= 1000 + 300000000ULL);
	CHECK(now < 1000 + 302000000ULL);
}

/* VMIN 5, VTIME 2: returns what came once 0.2 s pass without a byte */
HOST_TEST(noncanonical_interbyte_timer)
{
	reset("ab", "c", NULL);
	tio.c_lflag &= ~(ICANON | ECHO);
	tio.c_cc[VMIN] = 5;
	tio.c_cc[VTIME] = 2;
	quiet_is_block = false;
	CHECK_EQ_INT(rd(100), 3);
	quiet_is_block = true;
	CHECK_EQ_STR(rbuf, "abc");
	CHECK(now >= 1000 + 200000000ULL);
	/* a read smaller than VMIN is satisfied by its own size */
	reset("xyz", NULL, NULL);
	tio.c_lflag &= ~ICANON;
	tio.c_cc[VMIN] = 5;
	CHECK_EQ_INT(rd(2), 2);
	CHECK_EQ_INT(idles, 0);
	CHECK_EQ_INT(rd(2), WOULD_BLOCK);	/* one byte is not 2 */
}

HOST_TEST(nonblocking)
{
	int on = 1;

	reset("partial", NULL, NULL);
	CHECK_EQ_INT(SC(fcntl, 0, F_SETFL, O_NONBLOCK, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(fcntl, 2, F_GETFL, 0, 0, 0, 0), O_RDWR | O_NONBLOCK);
	CHECK_EQ_INT(rd(100), -EAGAIN);
	on = 0;
	CHECK_EQ_INT(SC(ioctl, 1, FIONBIO, (long)&on, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(fcntl, 0, F_GETFL, 0, 0, 0, 0), O_RDWR);
}

HOST_TEST(buffer_full_keeps_room_for_newline)
{
	static char big[TTY_BUF + 100];

	memset(big, 'a', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	big[sizeof(big) - 1] = 0;
	reset(big, NULL, NULL);
	tio.c_lflag &= ~ECHO;
	CHECK_EQ_INT(rd(sizeof(rbuf)), TTY_BUF);
	CHECK_EQ_INT(rbuf[TTY_BUF - 1], '\n');
	CHECK_EQ_INT(rbuf[TTY_BUF - 2], 'a');
}

HOST_TEST(echo_off_and_echonl)
{
	reset("secret\n", NULL, NULL);
	tio.c_lflag &= ~ECHO;
	tio.c_lflag |= ECHONL;
	CHECK_EQ_INT(rd(100), 7);
	CHECK_EQ_STR(out, "\n");
}

HOST_TEST(write_and_writev)
{
	struct iovec iov[2] = { { (void *)"ab", 2 }, { (void *)"cd\n", 3 } };
	struct iovec bad[1] = { { NULL, 1 } };

	reset(NULL, NULL, NULL);
	CHECK_EQ_INT(SC(write, 1, (long)"x", 1, 0, 0, 0), 1);
	CHECK_EQ_INT(SC(write, 0, (long)"y", 1, 0, 0, 0), 1);
	CHECK_EQ_INT(SC(writev, 2, (long)iov, 2, 0, 0, 0), 5);
	CHECK_EQ_STR(out, "xyabcd\n");
	CHECK_EQ_INT(SC(write, 3, (long)"x", 1, 0, 0, 0), -EBADF);
	CHECK_EQ_INT(SC(write, 1, 0, 1, 0, 0, 0), -EFAULT);
	CHECK_EQ_INT(SC(write, 1, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(writev, 1, (long)iov, 1025, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(SC(writev, 1, (long)iov, -1, 0, 0, 0), -EINVAL);
	CHECK_EQ_INT(SC(writev, 1, (long)bad, 1, 0, 0, 0), -EFAULT);
	CHECK_EQ_INT(SC(writev, 1, (long)iov, 0, 0, 0, 0), 0);
}

HOST_TEST(ioctls)
{
	struct winsize ws;
	unsigned char t[64];
	int n;

	reset("ab\ncd", NULL, NULL);
	CHECK_EQ_INT(SC(ioctl, 1, TIOCGWINSZ, (long)&ws, 0, 0, 0), 0);
	CHECK_EQ_INT(ws.ws_row, 24);
	CHECK_EQ_INT(ws.ws_col, 80);
	memset(t, 0xee, sizeof(t));
	CHECK_EQ_INT(SC(ioctl, 0, TCGETS, (long)t, 0, 0, 0), 0);
	CHECK_EQ_INT(t[35], 0);		/* c_cc[18] */
	CHECK_EQ_INT(t[36], 0xee);	/* the kernel struct ends here */
	CHECK_EQ_INT(SC(ioctl, 0, FIONREAD, (long)&n, 0, 0, 0), 0);
	CHECK_EQ_INT(n, 3);
	CHECK_EQ_INT(SC(ioctl, 0, TCFLSH, TCIFLUSH, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(ioctl, 0, FIONREAD, (long)&n, 0, 0, 0), 0);
	CHECK_EQ_INT(n, 0);
	CHECK_EQ_INT(SC(ioctl, 0, TCSBRK, 1, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(ioctl, 0, 0x1234, 0, 0, 0, 0), -ENOTTY);
	CHECK_EQ_INT(SC(ioctl, 0, TIOCGWINSZ, 0, 0, 0, 0), -EFAULT);
	CHECK_EQ_INT(SC(ioctl, 4, TIOCGWINSZ, (long)&ws, 0, 0, 0), -EBADF);
}

HOST_TEST(fstat_lseek_fcntl_close)
{
	struct stat st;

	reset(NULL, NULL, NULL);
	CHECK_EQ_INT(SC(fstat, 2, (long)&st, 0, 0, 0, 0), 0);
	CHECK(S_ISCHR(st.st_mode));
	CHECK_EQ_INT(major(st.st_rdev), 4);
	CHECK_EQ_INT(SC(lseek, 1, 0, SEEK_CUR, 0, 0, 0), -ESPIPE);
	CHECK_EQ_INT(SC(pread64, 0, 0, 0, 0, 0, 0), -ESPIPE);
	CHECK_EQ_INT(SC(fcntl, 1, F_SETFD, FD_CLOEXEC, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(fcntl, 1, F_GETFD, 0, 0, 0, 0), FD_CLOEXEC);
	CHECK_EQ_INT(SC(fcntl, 0, F_GETFD, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(fcntl, 0, F_DUPFD, 0, 0, 0, 0), 3);	/* lowest free */
	CHECK_EQ_INT(SC(close, 2, 0, 0, 0, 0, 0), 0);
	CHECK_EQ_INT(SC(close, 2, 0, 0, 0, 0, 0), -EBADF);
	CHECK_EQ_INT(SC(write, 2, (long)"x", 1, 0, 0, 0), -EBADF);
	CHECK_EQ_INT(SC(fstat, 2, (long)&st, 0, 0, 0, 0), -EBADF);
	CHECK_EQ_INT(SC(lseek, 7, 0, 0, 0, 0, 0), -EBADF);
}

HOST_TEST_MAIN()
