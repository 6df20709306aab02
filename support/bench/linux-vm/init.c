// SPDX-License-Identifier: BSD-3-Clause
/*
 * PID 1 of the Linux-VM baseline (static, musl). In order:
 *   - mounts proc, sysfs, devtmpfs and a tmpfs on /tmp;
 *   - loads the kernel modules listed in /etc/lvm/modules, one path a line
 *     (none yet: networking will list virtio_net and its dependencies);
 *   - runs the command in /etc/lvm/run (one argument a line; empty lines
 *     and lines starting with # are skipped), or /bin/NAME when the kernel
 *     command line has lvm.prog=NAME (run --prog NAME), followed by init's
 *     own arguments: the words after `--` on the kernel command line;
 *   - prints "lvminit: exec ..." before and "lvminit: exit N" after the
 *     program (the run script prints what is between the two), then
 *     powers off: ACPI poweroff for status 0, otherwise N is written to
 *     isa-debug-exit (port 0xf4, when QEMU has one), as the kit's guest does
 *     (QEMU then exits with 2N+1; 125 stands for any status >= 125).
 * Orphans are reaped while the program runs; the first exit of the program
 * ends the run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define RUN_FILE "/etc/lvm/run"
#define MODULES_FILE "/etc/lvm/modules"
#define PROG_PARAM "lvm.prog="
#define MAX_ARGS 64
#define DEBUG_EXIT_PORT 0xf4
#define CONSOLE_LEVEL 8	/* SYSLOG_ACTION_CONSOLE_LEVEL */

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("lvminit: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	va_end(ap);
}

static void console(void)
{
	struct termios t;
	int fd;

	/* The kernel opens /dev/console for us when the initramfs has it
	 * (the built-in one does); otherwise take it from devtmpfs. */
	if (fcntl(1, F_GETFD) < 0 && (fd = open("/dev/console", O_RDWR)) >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	/* No \n -> \r\n: the program's bytes reach the host unchanged. */
	if (tcgetattr(1, &t) == 0) {
		t.c_oflag &= ~ONLCR;
		tcsetattr(1, TCSANOW, &t);
	}
}

static void mounts(void)
{
	static const struct {
		const char *src, *dir, *type;
	} m[] = {
		{ "proc", "/proc", "proc" },
		{ "sysfs", "/sys", "sysfs" },
		{ "devtmpfs", "/dev", "devtmpfs" },
		{ "tmpfs", "/tmp", "tmpfs" },
	};

	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		mkdir(m[i].dir, 0755);
		if (mount(m[i].src, m[i].dir, m[i].type, 0, NULL) < 0 &&
		    errno != EBUSY)
			say("mount %s: %s", m[i].dir, strerror(errno));
	}
}

/* Reads a file of one item a line into buf; fills v (NULL-terminated). */
static int lines(const char *path, char *buf, size_t size, char **v, int max)
{
	FILE *f = fopen(path, "r");
	size_t n;
	int c = 0;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = 0;
	for (char *p = buf; *p;) {
		char *l = p;

		p += strcspn(p, "\n");
		if (*p)
			*p++ = 0;
		if (!*l || *l == '#')
			continue;
		if (c < max)
			v[c++] = l;
	}
	v[c] = NULL;
	return c;
}

static void modules(void)
{
	static char buf[8192];
	char *mod[128];
	int n = lines(MODULES_FILE, buf, sizeof buf, mod, 127);

	for (int i = 0; i < n; i++) {
		int fd = open(mod[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) < 0 &&
			       errno != EEXIST))
			say("module %s: %s", mod[i], strerror(errno));
		if (fd >= 0)
			close(fd);
	}
}

/* The console log level now (the first field of /proc/sys/kernel/printk). */
static int console_level(void)
{
	FILE *f = fopen("/proc/sys/kernel/printk", "r");
	int level = -1;

	if (f) {
		if (fscanf(f, "%d", &level) != 1)
			level = -1;
		fclose(f);
	}
	return level;
}

/*
 * The program lvm.prog=NAME names on the kernel command line (before
 * `--`), as /bin/NAME in path[]; 0 when there is none, -1 when NAME is
 * not a plain name. (The kernel ignores a dotted parameter it does not
 * know; /proc/cmdline still has it.)
 */
static int prog_param(char *path, size_t size)
{
	static char cmd[4096];
	FILE *f = fopen("/proc/cmdline", "r");
	size_t n;

	if (!f)
		return 0;
	n = fread(cmd, 1, sizeof cmd - 1, f);
	fclose(f);
	cmd[n] = 0;
	for (char *w = strtok(cmd, " \t\n"); w; w = strtok(NULL, " \t\n")) {
		const char *name = w + strlen(PROG_PARAM);

		if (strcmp(w, "--") == 0)
			break;
		if (strncmp(w, PROG_PARAM, strlen(PROG_PARAM)) != 0)
			continue;
		if (!*name || strchr(name, '/') ||
		    (size_t)snprintf(path, size, "/bin/%s", name) >= size)
			return -1;
		return 1;
	}
	return 0;
}

static void __attribute__((noreturn)) power_off(int status)
{
	sync();
	if (status) {
		/* isa-debug-exit: QEMU exits with (status << 1) | 1 */
		if (status > 125)
			status = 125;
		if (ioperm(DEBUG_EXIT_PORT, 4, 1) == 0)
			outb(status, DEBUG_EXIT_PORT);
		else
			say("no isa-debug-exit (%s): powering off with status 0",
			    strerror(errno));
	}
	reboot(RB_POWER_OFF);
	say("poweroff failed: %s", strerror(errno));
	for (;;)
		pause();
}

int main(int argc, char *argv[])
{
	static char buf[8192], prog[256];
	char *av[MAX_ARGS + 1], *envp[] = {
		"PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=linux", NULL
	};
	int n, st, level;
	pid_t pid, w;

	mounts();
	console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getpid() != 1)
		say("warning: not PID 1");
	modules();

	switch (prog_param(prog, sizeof prog)) {
	case 1:
		av[0] = prog;
		n = 1;
		break;
	case -1:
		say("%s wants a program name in /bin, not a path", PROG_PARAM);
		power_off(126);
	default:
		n = lines(RUN_FILE, buf, sizeof buf, av, MAX_ARGS);
		if (n <= 0) {
			say("no command in %s", RUN_FILE);
			power_off(126);
		}
	}
	for (int i = 1; i < argc && n < MAX_ARGS; i++)
		av[n++] = argv[i];
	av[n] = NULL;

	printf("lvminit: exec");
	for (int i = 0; i < n; i++)
		printf(" %s", av[i]);
	printf("\n");
	fflush(stdout);
	/* Only emergencies on the console while the program runs, so that its
	 * output is not interleaved with kernel messages. */
	level = console_level();
	klogctl(CONSOLE_LEVEL, NULL, 1);

	pid = fork();
	if (pid < 0) {
		say("fork: %s", strerror(errno));
		power_off(126);
	}
	if (pid == 0) {
		execve(av[0], av, envp);
		fprintf(stderr, "lvminit: exec %s: %s\n", av[0],
			strerror(errno));
		_exit(127);
	}
	for (;;) {
		w = wait(&st);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			say("wait: %s", strerror(errno));
			power_off(126);
		}
	}
	if (level > 0)
		klogctl(CONSOLE_LEVEL, NULL, level);
	if (WIFEXITED(st)) {
		st = WEXITSTATUS(st);
		say("exit %d", st);
	} else {
		say("exit %d (killed by signal %d, %s)", 128 + WTERMSIG(st),
		    WTERMSIG(st), strsignal(WTERMSIG(st)));
		st = 128 + WTERMSIG(st);
	}
	power_off(st);
}
