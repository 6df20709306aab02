// SPDX-License-Identifier: BSD-3-Clause
/*
 * The console's line discipline, like a Linux tty's: by default canonical
 * mode (reads return whole lines, with erase, kill and word-erase editing
 * and ^D for end of file) and echo, since QEMU puts the host terminal in
 * raw mode and echoes nothing. TCGETS/TCSETS read and change that;
 * README.md lists what is honoured.
 *
 * Input arrives by the UART's interrupt: the handler moves it through the
 * discipline (editing, echo) and wakes a reader blocked on the input wait
 * queue. All of the discipline's state is guarded by the scheduler lock,
 * which the interrupt handler holds too. Without the interrupt, readers
 * look at the input every 10 ms.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <termios.h>

#include <uk/param.h>
#include <uk/plat.h>
#include <uk/sched.h>
#include <uk/user.h>
#if CONFIG_LIBPOSIX_PROCESS
#include <uk/signal.h>
#endif
#if CONFIG_LIBALLOC && CONFIG_LIBDEBUG
#include <uk/alloc.h>
#endif

#define STATUS_CHAR	0x14	/* ^T: BSD's VSTATUS; Linux has none */

#include "tty.h"

#define TTY_BUF		4096	/* input bytes held; a power of 2 */
#define TTY_MASK	(TTY_BUF - 1)
/* between looks at the input when the platform has no interrupt for it */
#define POLL_NS		10000000ULL
#define VTIME_NS	100000000ULL	/* VTIME is in tenths of seconds */
#define KNCCS		19	/* the kernel's termios has 19 cc */

/* The kernel's struct termios: what TCGETS/TCSETS copy. */
struct ktermios {
	tcflag_t c_iflag;
	tcflag_t c_oflag;
	tcflag_t c_cflag;
	tcflag_t c_lflag;
	cc_t c_line;
	cc_t c_cc[KNCCS];
};
_Static_assert(sizeof(struct ktermios) == 36, "Linux struct termios");

static bool echo = true;
UK_PARAM_BOOL(console, echo, echo,
	      "echo what is typed on the console (the initial termios ECHO)");

static bool isig = true;
UK_PARAM_BOOL(console, isig, isig,
	      "^C and ^\\ on the console send SIGINT and SIGQUIT (ISIG)");

static struct ktermios tio = {
	.c_iflag = ICRNL | IUTF8,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B115200 | CS8 | CREAD | CLOCAL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
		   IEXTEN,
	.c_cc = {
		[VINTR] = 0x03,		/* ^C */
		[VQUIT] = 0x1c,		/* ^\ */
		[VERASE] = 0x7f,	/* DEL, what Backspace sends */
		[VKILL] = 0x15,		/* ^U */
		[VEOF] = 0x04,		/* ^D */
		[VMIN] = 1,
		[VSTART] = 0x11,	/* ^Q */
		[VSTOP] = 0x13,		/* ^S */
		[VSUSP] = 0x1a,		/* ^Z */
		[VREPRINT] = 0x12,	/* ^R */
		[VDISCARD] = 0x0f,	/* ^O */
		[VWERASE] = 0x17,	/* ^W */
		[VLNEXT] = 0x16,	/* ^V */
	},
};
static struct winsize winsize = { .ws_row = 24, .ws_col = 80 };

/*
 * Input: free-running indices into a ring. [head, ready) can be read;
 * [ready, tail) is the line being edited (canonical mode only).
 */
static unsigned char ibuf[TTY_BUF];
static uint8_t eol_map[TTY_BUF / 8];	/* the byte ends a line */
static uint8_t eof_map[TTY_BUF / 8];	/* a ^D line end: not data */
static unsigned int i_head, i_ready, i_tail;
static bool lnext;			/* the next byte is literal */

static unsigned int out_col;		/* console column, for erasing */
static unsigned int line_col;		/* where the edited line began */

static bool map_test(const uint8_t *map, unsigned int i)
{
	return map[i / 8] & (1u << (i % 8));
}

static void map_put(uint8_t *map, unsigned int i, bool v)
{
	if (v)
		map[i / 8] |= 1u << (i % 8);
	else
		map[i / 8] &= ~(1u << (i % 8));
}

/* --- output ----------------------------------------------------------- */

static void out_write(const char *buf, size_t len)
{
	unsigned char c;
	size_t i;

	ukplat_console_write(buf, len);
	for (i = 0; i < len; i++) {
		c = buf[i];
		if (c == '\n' || c == '\r')
			out_col = 0;
		else if (c == '\b')
			out_col -= out_col > 0;
		else if (c == '\t')
			out_col = (out_col | 7) + 1;
		else if (c >= 0x20 && c != 0x7f && (c & 0xc0) != 0x80)
			out_col++;	/* UTF-8: count only lead bytes */
	}
}

static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* Control characters show as ^X with ECHOCTL, except tab and newline. */
static void echo_char(unsigned char c)
{
	char s[2] = { '^', c ^ 0x40 };

	if ((tio.c_lflag & ECHOCTL) && is_ctl(c) && c != '\t' && c != '\n')
		out_write(s, 2);
	else
		out_write((char *)&c, 1);
}

/* Columns the echo of c takes when it starts at column col. */
static unsigned int echo_width(unsigned char c, unsigned int col)
{
	if (c == '\t')
		return (col | 7) + 1 - col;
	if (is_ctl(c))
		return (tio.c_lflag & ECHOCTL) ? 2 : 0;
	if ((c & 0xc0) == 0x80 && (tio.c_iflag & IUTF8))
		return 0;
	return 1;
}

/* The column at which the echo of the edited line's byte at pos starts. */
static unsigned int edit_col(unsigned int pos)
{
	unsigned int col = line_col, i;

	for (i = i_ready; i != pos; i++)
		col += echo_width(ibuf[i & TTY_MASK], col);
	return col;
}

/* --- input ------------------------------------------------------------ */

static unsigned int tty_room(void)
{
	return TTY_BUF - (i_tail - i_head);
}

static void tty_flush_input(void)
{
	i_head = i_ready = i_tail = 0;
	lnext = false;
}

static void tty_store(unsigned char c, bool eol, bool eof)
{
	unsigned int i = i_tail & TTY_MASK;

	if (i_tail == i_ready)
		line_col = out_col;
	ibuf[i] = c;
	map_put(eol_map, i, eol);
	map_put(eof_map, i, eof);
	i_tail++;
	if (eol || !(tio.c_lflag & ICANON))
		i_ready = i_tail;
}

/* Drops the edited line's last character; false if the line is empty. */
static bool tty_erase(bool visual)
{
	unsigned int start = i_tail - 1, n;
	bool tab;

	if (i_tail == i_ready)
		return false;
	if (tio.c_iflag & IUTF8)
		while (start != i_ready &&
		       (ibuf[start & TTY_MASK] & 0xc0) == 0x80)
			start--;
	if (visual) {
		/* a tab leaves nothing to blank, only a distance */
		tab = ibuf[start & TTY_MASK] == '\t';
		for (n = edit_col(i_tail) - edit_col(start); n; n--)
			out_write(tab ? "\b" : "\b \b", tab ? 1 : 3);
	}
	i_tail = start;
	return true;
}

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static bool is_cc(unsigned char c, int idx)
{
	return tio.c_cc[idx] && c == tio.c_cc[idx];	/* 0: disabled */
}

/* Canonical editing keys; false if c is not one of them. */
static bool tty_edit(unsigned char c)
{
	tcflag_t lflag = tio.c_lflag;
	bool echo_on = lflag & ECHO;
	bool visual = echo_on && (lflag & ECHOE);

	if (is_cc(c, VERASE)) {
		if (echo_on && !visual && i_tail != i_ready)
			echo_char(c);
		tty_erase(visual);
	} else if (is_cc(c, VKILL)) {
		if (visual && (lflag & ECHOKE)) {
			while (tty_erase(true))
				;
			return true;
		}
		if (echo_on) {
			echo_char(c);
			if (lflag & ECHOK)
				out_write("\n", 1);
		}
		i_tail = i_ready;
	} else if ((lflag & IEXTEN) && is_cc(c, VWERASE)) {
		if (echo_on && !visual)
			echo_char(c);
		while (i_tail != i_ready &&
		       is_blank(ibuf[(i_tail - 1) & TTY_MASK]))
			tty_erase(visual);
		while (i_tail != i_ready &&
		       !is_blank(ibuf[(i_tail - 1) & TTY_MASK]))
			tty_erase(visual);
	} else if ((lflag & IEXTEN) && is_cc(c, VLNEXT)) {
		lnext = true;
		if (echo_on)
			out_write("^\b", 2);
	} else if (is_cc(c, VEOF)) {
		/* ends the line without a byte; on an empty line: EOF */
		tty_store(0, true, true);
	} else {
		return false;
	}
	return true;
}

/*
 * ISIG: ^C and ^\ signal the program (SIGINT, SIGQUIT) instead of being
 * input, and drop the input not yet read (unless NOFLSH). That is how a
 * server is stopped from the console, cleanly, by its own handler. ^T
 * prints the kernel's heap figures (a soak test reads them) and every
 * thread with what it waits on, and is not input either.
 */
static bool tty_signal(unsigned char c)
{
	int sig;

	if (c == STATUS_CHAR && (tio.c_lflag & IEXTEN)) {
		/* a status line from the kernel, as ^T gives on BSD */
#if CONFIG_LIBALLOC && CONFIG_LIBDEBUG
		uk_alloc_print_stats();
#endif
		uk_sched_print_threads();
		return true;
	}
	if (is_cc(c, VINTR))
		sig = SIGINT;
	else if (is_cc(c, VQUIT))
		sig = SIGQUIT;
	else
		return false;
	if (!(tio.c_lflag & NOFLSH))
		tty_flush_input();
	if (tio.c_lflag & ECHO)
		echo_char(c);
#if CONFIG_LIBPOSIX_PROCESS
	uk_signal_post_process(sig);
#else
	(void)sig;	/* tty_start() turns ISIG off without signals */
#endif
	return true;
}

static void tty_input(unsigned char c)
{
	tcflag_t iflag = tio.c_iflag, lflag = tio.c_lflag;
	bool canon = lflag & ICANON, eol = false;

	if (iflag & ISTRIP)
		c &= 0x7f;
	if (lnext) {
		lnext = false;
	} else {
		if (c == '\r') {
			if (iflag & IGNCR)
				return;
			if (iflag & ICRNL)
				c = '\n';
		} else if (c == '\n' && (iflag & INLCR)) {
			c = '\r';
		}
		if ((lflag & ISIG) && tty_signal(c))
			return;
		if (canon && tty_edit(c))
			return;
		eol = canon && (c == '\n' || is_cc(c, VEOL) ||
				is_cc(c, VEOL2));
	}
	/* keep room for a line end, or a full line could never end */
	if (canon && !eol && tty_room() < 2)
		return;
	tty_store(c, eol, false);
	if (lflag & ECHO)
		echo_char(c);
	else if (c == '\n' && canon && (lflag & ECHONL))
		out_write("\n", 1);
}

/* Moves what the console received into the line discipline. */
static void tty_pull(void)
{
	int c;

	while (tty_room() && (c = ukplat_console_getc()) >= 0)
		tty_input(c);
}


/* Can a read return now: a line (canonical), else VMIN bytes (or one)? */
static bool tty_poll_ready(void)
{
	unsigned int have = i_ready - i_head;

	if (tio.c_lflag & ICANON)
		return have;
	return have && have >= MAX(tio.c_cc[VMIN], 1);
}

/* After input came or went: tell the console file what holds now. */
static void tty_update(void)
{
	tty_readiness(tty_poll_ready());
}

static struct uk_waitq input_wq = UK_WAITQ_INITIALIZER(input_wq,
							"console input",
							true);
static bool input_irq;		/* the platform interrupts when input comes */

/* The platform's interrupt handler (interrupts off): input came in. */
static void input_arrived(void)
{
	tty_pull();
	tty_update();
	uk_waitq_wake(&input_wq, -1);
}

void tty_start(void)
{
	if (!echo)
		tio.c_lflag &= ~ECHO;
#if CONFIG_LIBPOSIX_PROCESS
	/* ^C must be seen even by a program that never reads the console */
	if (isig) {
		tty_input_on();
		return;
	}
#endif
	tio.c_lflag &= ~ISIG;	/* without signals ^C is a plain byte */
}

/*
 * Input by interrupt, set up when someone first reads or waits: setting
 * up the interrupt wakes the I/O APIC and the local APIC (and calibrates
 * the clock), which a program that never reads need not pay at boot.
 */
void tty_input_on(void)
{
	static bool asked;

	if (asked)
		return;
	asked = true;
	input_irq = !ukplat_console_rx_notify(input_arrived);
}

/*
 * Waits, locked, until a read of want bytes may return: a whole line (or
 * EOF) in canonical mode; else as VMIN and VTIME say. 0, -EAGAIN, -EINTR.
 */
static int tty_wait_locked(size_t want, bool nonblock)
{
	unsigned int have, seen = 0;
	uint64_t deadline = 0, now, wake;
	struct uk_wait w;
	cc_t vmin, vtime;

	for (;;) {
		tty_pull();
		have = i_ready - i_head;
		vmin = tio.c_cc[VMIN];
		vtime = tio.c_cc[VTIME];
		if (tio.c_lflag & ICANON) {
			if (have)
				return 0;
		} else if (!vmin) {
			/* VTIME: how long to wait for a first byte */
			if (have || !vtime)
				return 0;
			now = ukplat_monotonic_ns();
			if (!deadline)
				deadline = now + vtime * VTIME_NS;
			else if (now >= deadline)
				return 0;
		} else {
			if (have >= MIN((size_t)vmin, want))
				return 0;
			/* VTIME: the longest gap between two bytes */
			if (vtime && have) {
				now = ukplat_monotonic_ns();
				if (have != seen) {
					seen = have;
					deadline = now + vtime * VTIME_NS;
				} else if (now >= deadline) {
					return 0;
				}
			}
		}
		if (nonblock)
			return have ? 0 : -EAGAIN;
		wake = deadline ? deadline : UK_WAIT_FOREVER;
		if (!input_irq) {
			/* no interrupt: look again in a while */
			now = ukplat_monotonic_ns() + POLL_NS;
			wake = MIN(wake, now);
		}
		if (ukplat_console_rx_ready())
			continue;
		w.key = 0;
		if (uk_waitq_wait_locked(&input_wq, &w, wake) == -EINTR)
			return have ? 0 : -EINTR;
	}
}

/*
 * Copies readable input to dst. Sets *stop once a line end has been
 * consumed or nothing is left: a read returns at most one line.
 */
static size_t tty_take(char *dst, size_t len, bool *stop)
{
	unsigned int i;
	size_t n = 0;

	while (i_head != i_ready) {
		i = i_head & TTY_MASK;
		if (map_test(eof_map, i)) {
			/* a ^D that ended the line just read */
			i_head++;
			*stop = true;
			return n;
		}
		if (n == len)
			return n;
		dst[n++] = ibuf[i];
		i_head++;
		if (map_test(eol_map, i)) {
			*stop = true;
			return n;
		}
	}
	*stop = true;
	return n;
}

long tty_read(const struct iovec *iov, int cnt, size_t total, bool nonblock)
{
	unsigned long flags;
	bool stop = false;
	size_t got = 0;
	int i, rc;

	if (!total)
		return 0;
	tty_input_on();
	flags = uk_sched_lock();
	rc = tty_wait_locked(total, nonblock);
	if (rc) {
		got = rc;
	} else if (i_head != i_ready &&
		   map_test(eof_map, i_head & TTY_MASK)) {
		/* ^D on an empty line: end of file, once */
		i_head++;
	} else {
		for (i = 0; i < cnt && !stop; i++)
			got += tty_take(iov[i].iov_base, iov[i].iov_len,
					&stop);
	}
	tty_update();
	uk_sched_unlock(flags);
	uk_sched_deliver();
	return got;
}

void tty_write(const struct iovec *iov, int cnt)
{
	unsigned long flags = uk_sched_lock();
	int i;

	for (i = 0; i < cnt; i++)
		out_write(iov[i].iov_base, iov[i].iov_len);
	uk_sched_unlock(flags);
}

static void tty_set(const struct ktermios *t)
{
	tio = *t;
	if (!(tio.c_lflag & ICANON)) {
		/* what was being edited can be read now */
		i_ready = i_tail;
		lnext = false;
	}
}

/* The size each ioctl's argument has (0: none, or not a pointer). */
static size_t arg_size(unsigned int cmd, bool *out)
{
	*out = false;
	switch (cmd) {
	case TCGETS:
		*out = true;
		return sizeof(struct ktermios);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return sizeof(struct ktermios);
	case TIOCGWINSZ:
		*out = true;
		return sizeof(struct winsize);
	case TIOCSWINSZ:
		return sizeof(struct winsize);
	case FIONREAD:
	case TIOCOUTQ:
	case TIOCGPGRP:
	case TIOCGSID:
		*out = true;
		return sizeof(int);
	case TIOCSPGRP:
		return sizeof(int);
	}
	return 0;
}

static int tty_ioctl_locked(unsigned int cmd, unsigned long arg)
{
	void *p = (void *)arg;

	switch (cmd) {
	case TCGETS:
		memcpy(p, &tio, sizeof(tio));
		return 0;
	case TCSETSF:
		tty_flush_input();
		/* fall through */
	case TCSETS:
	case TCSETSW:		/* output is never queued: no draining */
		tty_set(p);
		return 0;
	case TIOCGWINSZ:
		memcpy(p, &winsize, sizeof(winsize));
		return 0;
	case TIOCSWINSZ:
		memcpy(&winsize, p, sizeof(winsize));
		return 0;
	case FIONREAD:
		tty_pull();
		*(int *)p = i_ready - i_head;
		return 0;
	case TIOCOUTQ:
		*(int *)p = 0;
		return 0;
	case TCFLSH:
		if (arg == TCIFLUSH || arg == TCIOFLUSH)
			tty_flush_input();
		else if (arg != TCOFLUSH)
			return -EINVAL;
		return 0;
	case TCSBRK:		/* tcdrain(), tcsendbreak() */
	case TCSBRKP:
		return 0;
	case TCXONC:
		return arg <= TCION ? 0 : -EINVAL;
	case TIOCGPGRP:
	case TIOCGSID:
		*(pid_t *)p = 1;
		return 0;
	case TIOCSPGRP:
		return *(pid_t *)p == 1 ? 0 : -EPERM;
	case TIOCSCTTY:		/* it is our controlling terminal */
		return 0;
	}
	return -ENOTTY;
}

int tty_ioctl(unsigned int cmd, unsigned long arg)
{
	unsigned long flags;
	size_t size;
	bool out;
	int rc;

	size = arg_size(cmd, &out);
	if (size && !uk_user_ok((void *)arg, size, out))
		return -EFAULT;
	flags = uk_sched_lock();
	rc = tty_ioctl_locked(cmd, arg);
	tty_update();
	uk_sched_unlock(flags);
	return rc;
}
