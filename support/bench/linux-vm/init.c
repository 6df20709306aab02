// SPDX-License-Identifier: BSD-3-Clause
/*
 * PID 1 of the Linux-VM baseline (static, musl). In order:
 *   - mounts proc, sysfs, devtmpfs and a tmpfs on /tmp;
 *   - loads the kernel modules listed in /etc/lvm/modules, one path a line
 *     (the network initrd lists virtio_net and its dependencies);
 *   - with 9pfs.mount=TAG:/path[:ro],... on the kernel command line (the
 *     kit's parameter, which support/scripts/run's SHARE= adds), loads
 *     the modules in /etc/lvm/modules-9p and mounts each virtio-9p tag at
 *     its path with Linux's 9p (9P2000.L, msize 512 KiB as the kit asks,
 *     cache=none, the default);
 *   - with lvm.if=MAC,ADDR/LEN[,GATEWAY] on the kernel command line (up to
 *     4 times), brings lo up and gives the interface with that MAC address
 *     the address, and a default route through GATEWAY;
 *   - runs the command in /etc/lvm/run (one argument a line; empty lines
 *     and lines starting with # are skipped), or, when the kernel command
 *     line has lvm.prog=NAME (run --prog NAME, run --serve NAME), the
 *     command in /etc/lvm/cmd/NAME if there is one, else /bin/NAME;
 *     followed by init's own arguments: the words after `--` on the kernel
 *     command line;
 *   - with lvm.ready=PORT, prints "lvminit: ready PORT <uptime>" once
 *     something accepts TCP connections on 127.0.0.1:PORT (a server is up);
 *   - prints "lvminit: exec ..." before and "lvminit: exit N" after the
 *     program (the run script prints what is between the two), then
 *     powers off: ACPI poweroff for status 0, otherwise N is written to
 *     isa-debug-exit (port 0xf4, when QEMU has one), as the kit's guest does
 *     (QEMU then exits with 2N+1; 125 stands for any status >= 125).
 * Orphans are reaped while the program runs; the first exit of the program
 * ends the run.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define RUN_FILE "/etc/lvm/run"
#define MODULES_FILE "/etc/lvm/modules"
#define MODULES_9P_FILE "/etc/lvm/modules-9p"
#define SHARE_PARAM "9pfs.mount="
#define CMD_DIR "/etc/lvm/cmd/"
#define PROG_PARAM "lvm.prog="
#define IF_PARAM "lvm.if="
#define READY_PARAM "lvm.ready="
#define MAX_IFS 4
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

static void modules(const char *file)
{
	static char buf[8192];
	char *mod[128];
	int n = lines(file, buf, sizeof buf, mod, 127);

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
 * The words of the kernel command line before `--` (the kernel ignores a
 * dotted parameter it does not know; /proc/cmdline still has it), read
 * once, NULL-terminated.
 */
static char **kwords(void)
{
	static char cmd[4096];
	static char *w[256];
	static int done;
	FILE *f;
	size_t n;
	int c = 0;

	if (done)
		return w;
	done = 1;
	f = fopen("/proc/cmdline", "r");
	if (!f)
		return w;
	n = fread(cmd, 1, sizeof cmd - 1, f);
	fclose(f);
	cmd[n] = 0;
	for (char *t = strtok(cmd, " \t\n"); t && c < 255;
	     t = strtok(NULL, " \t\n")) {
		if (strcmp(t, "--") == 0)
			break;
		w[c++] = t;
	}
	w[c] = NULL;
	return w;
}

/* The value of the nth (from 0) word that starts with prefix, or NULL. */
static const char *kparam(const char *prefix, int nth)
{
	size_t len = strlen(prefix);

	for (char **w = kwords(); *w; w++)
		if (strncmp(*w, prefix, len) == 0 && nth-- == 0)
			return *w + len;
	return NULL;
}

/*
 * The program lvm.prog=NAME names, in name[]; 0 when there is none, -1
 * when NAME is not a plain name.
 */
static int prog_param(char *name, size_t size)
{
	const char *v = kparam(PROG_PARAM, 0);

	if (!v)
		return 0;
	if (!*v || strchr(v, '/') || (size_t)snprintf(name, size, "%s", v) >= size)
		return -1;
	return 1;
}

/* ---- network: lvm.if=MAC,ADDR/LEN[,GATEWAY] ---- */

/* The name of the interface whose address is mac, in name[IFNAMSIZ]. */
static int find_if(const char *mac, char *name)
{
	DIR *d = opendir("/sys/class/net");
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		char path[300], addr[64] = "";
		FILE *f;

		if (e->d_name[0] == '.' || strlen(e->d_name) >= IFNAMSIZ)
			continue;
		snprintf(path, sizeof path, "/sys/class/net/%s/address", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(addr, sizeof addr, f))
			addr[strcspn(addr, "\n")] = 0;
		fclose(f);
		if (strcasecmp(addr, mac) == 0) {
			strcpy(name, e->d_name);
			found = 1;
		}
	}
	closedir(d);
	return found;
}

static void set_sin(struct sockaddr *sa, in_addr_t a)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = a;
	memcpy(sa, &sin, sizeof sin);
}

/* Sets name's address (unless addr is 0) and brings it up. */
static int if_up(int s, const char *name, in_addr_t addr, int plen)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (addr) {
		set_sin(&ifr.ifr_addr, addr);
		if (ioctl(s, SIOCSIFADDR, &ifr) < 0) {
			say("%s: SIOCSIFADDR: %s", name, strerror(errno));
			return -1;
		}
		set_sin(&ifr.ifr_netmask, plen ? htonl(~0u << (32 - plen)) : 0);
		if (ioctl(s, SIOCSIFNETMASK, &ifr) < 0) {
			say("%s: SIOCSIFNETMASK: %s", name, strerror(errno));
			return -1;
		}
	}
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) {
		say("%s: SIOCGIFFLAGS: %s", name, strerror(errno));
		return -1;
	}
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) {
		say("%s: up: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

static int default_route(int s, in_addr_t gw)
{
	struct rtentry rt;

	memset(&rt, 0, sizeof rt);
	set_sin(&rt.rt_dst, 0);
	set_sin(&rt.rt_genmask, 0);
	set_sin(&rt.rt_gateway, gw);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	if (ioctl(s, SIOCADDRT, &rt) < 0 && errno != EEXIST) {
		say("default route via %s: %s", inet_ntoa(*(struct in_addr *)&gw),
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* One lvm.if= value: "MAC,ADDR/LEN[,GATEWAY]". 0 when it is all done. */
static int net_if(int s, const char *spec)
{
	char buf[128], name[IFNAMSIZ], *mac, *cidr, *gw, *slash;
	struct in_addr addr, via = { 0 };
	int plen = 24;

	if (snprintf(buf, sizeof buf, "%s", spec) >= (int)sizeof buf)
		goto bad;
	mac = buf;
	cidr = strchr(mac, ',');
	if (!cidr)
		goto bad;
	*cidr++ = 0;
	gw = strchr(cidr, ',');
	if (gw)
		*gw++ = 0;
	slash = strchr(cidr, '/');
	if (slash) {
		*slash++ = 0;
		plen = atoi(slash);
	}
	if (plen < 0 || plen > 32 || !inet_aton(cidr, &addr) ||
	    (gw && !inet_aton(gw, &via)))
		goto bad;
	/* the drivers probe while their modules load: the interface is
	 * there already, or will be soon */
	for (int i = 0; !find_if(mac, name); i++) {
		if (i == 500) {
			say("%s%s: no interface with the address %s", IF_PARAM,
			    spec, mac);
			return -1;
		}
		usleep(10000);
	}
	if (if_up(s, name, addr.s_addr, plen) < 0)
		return -1;
	if (gw && default_route(s, via.s_addr) < 0)
		return -1;
	say("net %s %s %s/%d%s%s", name, mac, cidr, plen, gw ? " via " : "",
	    gw ? gw : "");
	return 0;
bad:
	say("%s%s: not MAC,ADDR/LEN[,GATEWAY]", IF_PARAM, spec);
	return -1;
}

/* Returns -1 when an interface could not be set up. */
static int network(void)
{
	const char *spec;
	int s, rc = 0;

	if (!kparam(IF_PARAM, 0) && !kparam(READY_PARAM, 0))
		return 0;
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		say("socket: %s", strerror(errno));
		return -1;
	}
	/* lo gets 127.0.0.1/8 from the kernel when it comes up */
	if (if_up(s, "lo", 0, 0) < 0)
		rc = -1;
	for (int i = 0; i < MAX_IFS && (spec = kparam(IF_PARAM, i)); i++)
		if (net_if(s, spec) < 0)
			rc = -1;
	close(s);
	return rc;
}

/*
 * With lvm.ready=PORT: a child that prints "lvminit: ready PORT UPTIME"
 * once 127.0.0.1:PORT accepts a connection (for at most 120 s).
 */
static void ready_probe(void)
{
	const char *v = kparam(READY_PARAM, 0);
	struct sockaddr_in sin;
	struct timespec t;
	int port;

	if (!v)
		return;
	port = atoi(v);
	if (port <= 0 || port > 65535) {
		say("%s%s: not a port", READY_PARAM, v);
		return;
	}
	if (fork() != 0)
		return;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 0; i < 24000; i++) {
		int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		int ok = s >= 0 &&
			 connect(s, (struct sockaddr *)&sin, sizeof sin) == 0;

		if (s >= 0)
			close(s);
		if (ok) {
			clock_gettime(CLOCK_BOOTTIME, &t);
			say("ready %d %ld.%03ld", port, (long)t.tv_sec,
			    t.tv_nsec / 1000000);
			_exit(0);
		}
		usleep(5000);
	}
	say("nothing accepts on port %d after 120 s", port);
	_exit(1);
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

/* 9pfs.mount=TAG:/path[:ro],...: the shares, mounted; -1 on failure. */
static int shares(void)
{
	static char spec[1024];
	const char *v;
	bool loaded = false;

	for (int i = 0; (v = kparam(SHARE_PARAM, i)); i++) {
		snprintf(spec, sizeof spec, "%s", v);
		for (char *e = strtok(spec, ","); e; e = strtok(NULL, ",")) {
			char *path = strchr(e, ':'), *opt;
			unsigned long fl = 0;

			if (!path || path[1] != '/') {
				say("%s%s: TAG:/path[:ro] expected", SHARE_PARAM,
				    v);
				return -1;
			}
			*path++ = 0;
			opt = strchr(path, ':');
			if (opt) {
				*opt++ = 0;
				fl = strcmp(opt, "ro") ? 0 : MS_RDONLY;
			}
			if (!loaded)
				modules(MODULES_9P_FILE);
			loaded = true;
			for (char *s = path + 1;; s++) {
				if (*s == '/' || !*s) {
					char c = *s;

					*s = 0;
					mkdir(path, 0755);
					*s = c;
				}
				if (!*s)
					break;
			}
			if (mount(e, path, "9p", fl, "trans=virtio,version="
				  "9p2000.L,msize=524288,cache=none") < 0) {
				say("mount of 9p tag %s at %s: %s", e, path,
				    strerror(errno));
				return -1;
			}
		}
	}
	return 0;
}

int main(int argc, char *argv[])
{
	static char buf[8192], prog[300], name[256];
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
	modules(MODULES_FILE);
	if (shares() < 0)
		power_off(126);
	if (network() < 0)
		power_off(126);

	switch (prog_param(name, sizeof name)) {
	case 1:
		snprintf(prog, sizeof prog, CMD_DIR "%s", name);
		n = lines(prog, buf, sizeof buf, av, MAX_ARGS);
		if (n > 0)
			break;
		snprintf(prog, sizeof prog, "/bin/%s", name);
		av[0] = prog;
		n = 1;
		break;
	case -1:
		say("%s wants a program name, not a path", PROG_PARAM);
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
	ready_probe();
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
