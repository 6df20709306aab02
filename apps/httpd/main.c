// SPDX-License-Identifier: BSD-3-Clause
/*
 * httpd: a small HTTP/1.1 static-file server, the kit's network example
 * and benchmark app. Plain POSIX C over musl/Linux APIs, so it also runs
 * natively on Linux.
 *
 * One thread, one level-triggered epoll set. A connection is watched for
 * EPOLLIN while it reads a request and for EPOLLOUT only while a response
 * is stuck (EAGAIN), so the common case (request in, whole response out)
 * costs no epoll_ctl at all, and a connection that is sending reads no
 * more requests: pipelined requests wait in the socket, answered in order.
 * Each event does one read (level-triggered reports the rest next time)
 * and writes until EAGAIN or a per-turn budget, so a big file does not
 * starve the others.
 *
 * A request (head and any body) must fit the input buffer (-m, 8 KiB by
 * default); bodies are read and dropped. Files go out with sendfile(2),
 * or pread/send where sendfile is refused. Connections that make no
 * progress for -t seconds are closed, found through a list kept in
 * order of last progress (the epoll_wait timeout is its head's deadline).
 * A connection that must end shuts down its sending side and drains what
 * the client still sends for up to LINGER_MS, so the client reads the
 * whole answer rather than a reset.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HDR_MAX		1024		/* a response's head and error body */
#define TURN_BYTES	(1 << 20)	/* body bytes per connection a turn */
#define COPY_BYTES	(64 * 1024)	/* the read/write fallback's chunk */
#define LINGER_MS	2000
#define MAX_EVENTS	64

struct conn;

struct tlist {				/* connections by last progress */
	struct conn *head, *tail;
	int64_t ms;			/* how long they may wait */
};

struct conn {
	int fd;
	uint32_t events;		/* what epoll watches now */
	struct conn *prev, *next;
	struct tlist *list;
	int64_t stamp;			/* last progress (ms) */
	bool sending, close_after, copy, lingering;
	size_t req_len;			/* input the response answers */
	size_t hdr_len, hdr_off;
	int file;			/* body: file from off to end */
	off_t off, end;
	char addr[INET6_ADDRSTRLEN];
	char hdr[HDR_MAX];
	size_t in_len;
	char in[];			/* opt_max bytes */
};

struct req {
	const char *method, *target;
	size_t method_len, target_len, line_len;
	bool head, keep_alive;
	size_t body;
};

static const char *opt_root = "/www", *opt_addr = "0.0.0.0", *opt_log;
static int opt_port = 80, opt_timeout = 60;
static size_t opt_max = 8192, opt_conns = 1024;
static long opt_exit_after;		/* -x: connections, then exit */
static long nclosed;
static bool opt_nosendfile;

static int ep, lfd, rootfd;
static size_t nconns;
static bool accept_paused;
static int64_t now, accept_retry;	/* ms; accept_retry: after EMFILE */
static struct tlist idle, linger = { .ms = LINGER_MS };
static FILE *logfp;
static char *path, *scratch;		/* opt_max + 16, COPY_BYTES */

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void list_del(struct conn *c)
{
	struct tlist *l = c->list;

	if (!l)
		return;
	*(c->prev ? &c->prev->next : &l->head) = c->next;
	*(c->next ? &c->next->prev : &l->tail) = c->prev;
	c->list = NULL;
}

/* Puts c last in l: progress now. */
static void touch_in(struct conn *c, struct tlist *l)
{
	list_del(c);
	c->list = l;
	c->stamp = now;
	c->next = NULL;
	c->prev = l->tail;
	*(l->tail ? &l->tail->next : &l->head) = c;
	l->tail = c;
}

static void touch(struct conn *c)
{
	if (c->list == &idle)
		touch_in(c, &idle);
}

static int next_timeout(void)
{
	int64_t t = -1, d;

	if (idle.ms && idle.head)
		t = idle.head->stamp + idle.ms;
	if (linger.head && (t < 0 || linger.head->stamp + linger.ms < t))
		t = linger.head->stamp + linger.ms;
	if (accept_retry && (t < 0 || accept_retry < t))
		t = accept_retry;
	if (t < 0)
		return -1;
	d = t - now;
	return d < 0 ? 0 : d > 3600000 ? 3600000 : (int)d + 1;
}

static int watch(int fd, uint32_t events, void *ptr, int op)
{
	struct epoll_event ev = { .events = events, .data.ptr = ptr };

	if (epoll_ctl(ep, op, fd, &ev) < 0) {
		fprintf(stderr, "httpd: epoll_ctl: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static void want(struct conn *c, uint32_t events)
{
	if (c->events != events) {
		c->events = events;
		watch(c->fd, events, c, EPOLL_CTL_MOD);
	}
}

static void pause_accept(bool paused)
{
	if (paused != accept_paused) {
		accept_paused = paused;
		watch(lfd, paused ? 0 : EPOLLIN, NULL, EPOLL_CTL_MOD);
	}
	if (!paused)
		accept_retry = 0;
}

static void conn_close(struct conn *c)
{
	list_del(c);
	if (c->file >= 0)
		close(c->file);
	close(c->fd);			/* leaves the epoll set too */
	free(c);
	nconns--;
	nclosed++;
	if (accept_paused)
		pause_accept(false);
}

static void expire(void)
{
	while (idle.ms && idle.head && idle.head->stamp + idle.ms <= now)
		conn_close(idle.head);
	while (linger.head && linger.head->stamp + linger.ms <= now)
		conn_close(linger.head);
	if (accept_retry && accept_retry <= now)
		pause_accept(false);
}

/* --- responses ------------------------------------------------------------ */

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 505: return "HTTP Version Not Supported";
	default: return "Internal Server Error";
	}
}

static const char *content_type(const char *p)
{
	static const char *const types[][2] = {
		{ "html", "text/html" }, { "htm", "text/html" },
		{ "css", "text/css" }, { "js", "text/javascript" },
		{ "json", "application/json" }, { "txt", "text/plain" },
		{ "png", "image/png" }, { "jpg", "image/jpeg" },
		{ "jpeg", "image/jpeg" }, { "gif", "image/gif" },
		{ "svg", "image/svg+xml" }, { "ico", "image/x-icon" },
		{ "wasm", "application/wasm" },
	};
	const char *dot = strrchr(p, '.');
	size_t i;

	if (dot && !strchr(dot, '/'))
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (!strcasecmp(dot + 1, types[i][0]))
				return types[i][1];
	return "application/octet-stream";
}

/* An IMF-fixdate (RFC 9110 5.6.7); "now" is formatted once a second. */
static const char *http_date(time_t t, char buf[40])
{
	static char cached[40];
	static time_t last = -1;
	struct tm tm;

	if (!buf) {
		if (t == last)
			return cached;
		last = t;
		buf = cached;
	}
	gmtime_r(&t, &tm);
	strftime(buf, 40, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	return buf;
}

static void put(struct conn *c, const char *fmt, ...)
{
	size_t room = sizeof(c->hdr) - c->hdr_len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(c->hdr + c->hdr_len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->hdr_len += (size_t)n < room ? (size_t)n : room - 1;
}

static void log_request(struct conn *c, const struct req *r, int status,
			long long bytes)
{
	char date[40];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%d/%b/%Y:%H:%M:%S +0000", &tm);
	if (r && r->line_len)
		fprintf(logfp, "%s - - [%s] \"%.*s\" %d %lld\n", c->addr, date,
			(int)r->line_len, r->method, status, bytes);
	else
		fprintf(logfp, "%s - - [%s] \"-\" %d %lld\n", c->addr, date,
			status, bytes);
}

/*
 * Starts a response: its head (and, for errors, a one-line body) in
 * c->hdr; a file body is set up by the caller. extra: more header lines.
 */
static void respond(struct conn *c, const struct req *r, int status,
		    const char *type, off_t len, const struct stat *st,
		    const char *extra)
{
	char body[64] = "", lm[40];
	bool head = r && r->head;

	if (status >= 300) {
		snprintf(body, sizeof(body), "%d %s\n", status, reason(status));
		type = "text/plain";
		len = strlen(body);
	}
	if (!r || !r->keep_alive)
		c->close_after = true;
	c->hdr_len = c->hdr_off = 0;
	put(c, "HTTP/1.1 %d %s\r\nServer: unikit-httpd\r\nDate: %s\r\n",
	    status, reason(status), http_date(time(NULL), NULL));
	put(c, "%sContent-Type: %s\r\nContent-Length: %lld\r\n",
	    extra ? extra : "", type, (long long)len);
	if (st)
		put(c, "Last-Modified: %s\r\n", http_date(st->st_mtime, lm));
	put(c, "%s\r\n%s", c->close_after ? "Connection: close\r\n" : "",
	    head ? "" : body);
	c->sending = true;
	if (logfp)
		log_request(c, r, status, head ? 0 : (long long)len);
}

/* An error that leaves the connection unusable: answer, then close. */
static void fail(struct conn *c, int status)
{
	c->req_len = c->in_len;
	respond(c, NULL, status, NULL, 0, NULL, NULL);
}

static int hex(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 0x20;
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/*
 * Decodes the path of a request target into `path` (relative to the
 * root, "." for the root itself), dot segments removed. Returns false for
 * a bad escape, an escaped NUL or a ".." above the root. *dir: the target
 * names a directory (ends in "/", "." or "..").
 */
static bool target_path(const char *t, size_t n, bool *dir)
{
	size_t i, o = 0, s, len;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (t[i] != '%') {
			path[o++] = t[i];
			continue;
		}
		if (i + 2 >= n)
			return false;
		hi = hex(t[i + 1]);
		lo = hex(t[i + 2]);
		if (hi < 0 || lo < 0 || !(hi | lo))
			return false;
		path[o++] = hi << 4 | lo;
		i += 2;
	}
	n = o;
	*dir = !n || path[n - 1] == '/';
	/* segments, copied down over themselves; o: output length */
	for (i = o = 0; i < n; ) {
		for (s = i; i < n && path[i] != '/'; i++)
			;
		len = i - s;
		i++;
		if (!len || (len == 1 && path[s] == '.')) {
			*dir |= i >= n;
			continue;
		}
		if (len == 2 && path[s] == '.' && path[s + 1] == '.') {
			if (!o)
				return false;
			while (o && path[o - 1] != '/')
				o--;
			o -= !!o;
			*dir |= i >= n;
			continue;
		}
		if (o)
			path[o++] = '/';
		memmove(path + o, path + s, len);
		o += len;
	}
	if (!o)
		path[o++] = '.';
	path[o] = 0;
	if (*dir)
		strcpy(path + o, "/index.html");
	return true;
}

/*
 * Opens the file a target path t[0..n) names. Returns 200 with *fd open
 * (and *st), or the status to answer with.
 */
static int open_target(const char *t, size_t n, int *fd, struct stat *st)
{
	bool dir;

	if (!target_path(t, n, &dir))
		return 400;
	*fd = openat(rootfd, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
		     O_NOCTTY);
	if (*fd < 0)
		return errno == EACCES || errno == EPERM ? 403 :
		       errno == ENOENT || errno == ENOTDIR || errno == ELOOP ||
		       errno == ENAMETOOLONG ? 404 : 500;
	if (fstat(*fd, st) < 0) {
		close(*fd);
		return 500;
	}
	if (S_ISDIR(st->st_mode)) {
		close(*fd);
		return 301;	/* named without its "/" */
	}
	/* only what anyone may read: the guest runs everything as root */
	if (!S_ISREG(st->st_mode) || !(st->st_mode & S_IROTH)) {
		close(*fd);
		return 403;
	}
	return 200;
}

static void serve(struct conn *c, const struct req *r)
{
	char loc[HDR_MAX / 2];
	struct stat st;
	size_t n;
	int fd, status;

	for (n = 0; n < r->target_len && r->target[n] != '?' &&
	     r->target[n] != '#'; n++)
		;
	status = open_target(r->target, n, &fd, &st);
	if (status == 301) {
		/* send the client to the directory's "/" if the URI fits */
		status = 414;
		if (n + 16 <= sizeof(loc)) {
			snprintf(loc, sizeof(loc), "Location: %.*s/\r\n",
				 (int)n, r->target);
			status = 301;
		}
	}
	if (status != 200) {
		respond(c, r, status, NULL, 0, NULL,
			status == 301 ? loc : NULL);
		return;
	}
	respond(c, r, 200, content_type(path), st.st_size, &st, NULL);
	if (r->head || !st.st_size) {
		close(fd);
		return;
	}
	c->file = fd;
	c->off = 0;
	c->end = st.st_size;
	c->copy = opt_nosendfile;
}

/* --- requests ------------------------------------------------------------- */

static bool tchar(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') ||
	       (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

static bool has_token(const char *v, size_t n, const char *tok)
{
	size_t i, s, len = strlen(tok);

	for (i = 0; i < n; i++) {
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		for (s = i; i < n && v[i] != ',' && v[i] != ' ' &&
		     v[i] != '\t'; i++)
			;
		if (i - s == len && !strncasecmp(v + s, tok, len))
			return true;
	}
	return false;
}

/* The length of the head (through its empty line) in b, 0 if incomplete. */
static size_t head_len(const char *b, size_t n)
{
	const char *p = b, *e = b + n;

	while ((p = memchr(p, '\n', e - p)) && ++p < e) {
		if (*p == '\n')
			return p + 1 - b;
		if (*p == '\r' && p + 1 < e && p[1] == '\n')
			return p + 2 - b;
	}
	return 0;
}

/*
 * Parses the head b[0..n) (RFC 9112: request line, header fields, lines
 * ending in LF or CRLF). Returns 0, or the status to answer with.
 */
static int parse(const char *b, size_t n, struct req *r)
{
	const char *line = b, *e, *v, *colon;
	size_t len, vlen, cl = 0;
	bool have_cl = false, te = false, close = false;
	int hosts = 0, minor;

	memset(r, 0, sizeof(*r));
	e = memchr(b, '\n', n);
	len = e - b - (e > b && e[-1] == '\r');
	r->method = b;
	while (r->method_len < len && tchar(b[r->method_len]))
		r->method_len++;
	if (!r->method_len || r->method_len == len || b[r->method_len] != ' ')
		return 400;
	r->head = r->method_len == 4 && !memcmp(r->method, "HEAD", 4);
	r->target = b + r->method_len + 1;
	while (r->target + r->target_len < b + len &&
	       r->target[r->target_len] > ' ' &&
	       r->target[r->target_len] < 0x7f)
		r->target_len++;
	v = r->target + r->target_len;		/* " HTTP/d.d" */
	if (!r->target_len || b + len - v != 9 || memcmp(v, " HTTP/", 6) ||
	    v[6] < '0' || v[6] > '9' || v[7] != '.' || v[8] < '0' || v[8] > '9')
		return 400;
	r->line_len = len;
	if (v[6] != '1')
		return 505;
	minor = v[8] - '0';
	/* origin-form, or absolute-form whose path is what counts */
	if (r->target_len > 7 && !strncasecmp(r->target, "http://", 7)) {
		v = memchr(r->target + 7, '/', r->target_len - 7);
		if (v) {
			r->target_len -= v - r->target;
			r->target = v;
		} else {
			r->target = "/";
			r->target_len = 1;
		}
	}
	if (r->target[0] != '/')
		return 400;

	for (line = e + 1; ; line = e + 1) {
		e = memchr(line, '\n', b + n - line);
		len = e - line - (e > line && e[-1] == '\r');
		if (!len)
			break;
		for (colon = line; colon < line + len && tchar(*colon); colon++)
			;
		if (colon == line || colon == line + len || *colon != ':')
			return 400;	/* also obsolete line folding */
		for (v = colon + 1; v < line + len; v++)
			if ((*(unsigned char *)v < ' ' && *v != '\t') ||
			    *v == 0x7f)
				return 400;
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		vlen = line + len - v;
		while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
			vlen--;
		len = colon - line;
		if (len == 4 && !strncasecmp(line, "host", 4)) {
			hosts++;
		} else if (len == 10 && !strncasecmp(line, "connection", 10)) {
			close |= has_token(v, vlen, "close");
		} else if (len == 14 && !strncasecmp(line, "content-length",
						     14)) {
			size_t x = 0, i;

			for (i = 0; i < vlen; i++) {
				if (v[i] < '0' || v[i] > '9')
					return 400;
				if (x <= opt_max)	/* saturates */
					x = x * 10 + v[i] - '0';
			}
			if (!vlen || (have_cl && x != cl))
				return 400;
			cl = x;
			have_cl = true;
		} else if (len == 17 && !strncasecmp(line, "transfer-encoding",
						     17)) {
			te = true;
		}
	}
	/* HTTP/1.0 closes (its keep-alive extension is not done) */
	r->keep_alive = minor >= 1 && !close;
	if (hosts > 1 || (minor >= 1 && !hosts) || (te && have_cl))
		return 400;
	if (te)			/* a body of unknown size: none are taken */
		return 413;
	r->body = cl;
	return 0;
}

/*
 * Starts the response to the next request in c->in. Returns false when
 * more input is needed.
 */
static bool next_request(struct conn *c)
{
	size_t skip = 0, head;
	struct req r;
	int status;

	/* empty lines before a request line are ignored (RFC 9112 2.2) */
	while (skip < c->in_len &&
	       (c->in[skip] == '\r' || c->in[skip] == '\n'))
		skip++;
	if (skip) {
		c->in_len -= skip;
		memmove(c->in, c->in + skip, c->in_len);
	}
	head = head_len(c->in, c->in_len);
	if (!head) {
		if (c->in_len < opt_max)
			return false;
		fail(c, memchr(c->in, '\n', c->in_len) ? 431 : 414);
		return true;
	}
	status = parse(c->in, head, &r);
	if (!status && r.body > opt_max - head)
		status = 413;
	if (status) {
		c->req_len = c->in_len;
		r.keep_alive = false;
		respond(c, r.line_len ? &r : NULL, status, NULL, 0, NULL, NULL);
		return true;
	}
	if (c->in_len < head + r.body)
		return false;
	c->req_len = head + r.body;
	if (r.head || (r.method_len == 3 && !memcmp(r.method, "GET", 3)))
		serve(c, &r);
	else
		respond(c, &r, 405, NULL, 0, NULL, "Allow: GET, HEAD\r\n");
	return true;
}

/* --- sending -------------------------------------------------------------- */

enum { SENT, BLOCKED, FAILED };

/* The fallback for sendfile: through a buffer, from the file's offset. */
static ssize_t copy_body(struct conn *c, size_t len)
{
	ssize_t got, sent;

	got = pread(c->file, scratch, len < COPY_BYTES ? len : COPY_BYTES,
		    c->off);
	if (got <= 0)
		return got;
	sent = send(c->fd, scratch, got, MSG_NOSIGNAL);
	if (sent > 0)
		c->off += sent;
	return sent;
}

static int send_response(struct conn *c)
{
	size_t budget = TURN_BYTES, len;
	ssize_t n;

	while (c->hdr_off < c->hdr_len) {
		/* MSG_MORE: the head goes out in one segment with the body */
		n = send(c->fd, c->hdr + c->hdr_off, c->hdr_len - c->hdr_off,
			 MSG_NOSIGNAL | (c->file >= 0 ? MSG_MORE : 0));
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ?
			       BLOCKED : FAILED;
		c->hdr_off += n;
		touch(c);
	}
	while (c->off < c->end) {
		if (!budget)
			return BLOCKED;		/* the others' turn */
		len = c->end - c->off < (off_t)budget ?
		      (size_t)(c->end - c->off) : budget;
		if (c->copy) {
			n = copy_body(c, len);
		} else {
			n = sendfile(c->fd, c->file, &c->off, len);
			if (n < 0 && (errno == EINVAL || errno == ENOSYS)) {
				c->copy = true;
				continue;
			}
		}
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ?
			       BLOCKED : FAILED;
		if (!n)
			return FAILED;	/* the file shrank under us */
		budget -= n;
		touch(c);
	}
	return SENT;
}

/* After a response: shut the sending side, drain the rest, then close. */
static void start_linger(struct conn *c)
{
	if (shutdown(c->fd, SHUT_WR) < 0) {
		conn_close(c);
		return;
	}
	c->lingering = true;
	touch_in(c, &linger);
	want(c, EPOLLIN);
}

/* Sends what is due and answers what is buffered, until input runs out. */
static void conn_run(struct conn *c)
{
	for (;;) {
		if (c->sending) {
			switch (send_response(c)) {
			case BLOCKED:
				want(c, EPOLLOUT);
				return;
			case FAILED:
				conn_close(c);
				return;
			}
			c->sending = false;
			if (c->file >= 0) {
				close(c->file);
				c->file = -1;
			}
			if (c->close_after) {
				start_linger(c);
				return;
			}
			c->in_len -= c->req_len;
			memmove(c->in, c->in + c->req_len, c->in_len);
		}
		if (!next_request(c)) {
			want(c, EPOLLIN);
			return;
		}
	}
}

static void conn_event(struct conn *c, uint32_t events)
{
	ssize_t n;

	if (events & EPOLLERR) {
		conn_close(c);
	} else if (c->sending) {
		conn_run(c);
	} else if (c->lingering) {
		n = read(c->fd, scratch, COPY_BYTES);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			conn_close(c);
	} else {
		n = read(c->fd, c->in + c->in_len, opt_max - c->in_len);
		if (n > 0) {
			c->in_len += n;
			touch(c);
			conn_run(c);
		} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
			conn_close(c);
		}
	}
}

static void peer_name(const struct sockaddr_storage *sa,
		      char name[INET6_ADDRSTRLEN])
{
	const void *a = sa->ss_family == AF_INET6 ?
		(const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr :
		(const void *)&((const struct sockaddr_in *)sa)->sin_addr;

	if (!inet_ntop(sa->ss_family, a, name, INET6_ADDRSTRLEN))
		strcpy(name, "-");
}

static void do_accept(void)
{
	struct sockaddr_storage sa;
	socklen_t sl;
	struct conn *c;
	int fd, one = 1;

	while (nconns < opt_conns) {
		sl = sizeof(sa);
		fd = accept4(lfd, (struct sockaddr *)&sa, &sl,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			if (errno == ECONNABORTED || errno == EPROTO)
				continue;
			break;		/* EMFILE, ENOBUFS...: wait a while */
		}
		c = malloc(sizeof(*c) + opt_max);
		if (!c) {
			close(fd);
			break;
		}
		memset(c, 0, sizeof(*c));
		c->fd = fd;
		c->file = -1;
		c->events = EPOLLIN;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (logfp)
			peer_name(&sa, c->addr);
		nconns++;
		touch_in(c, &idle);
		if (watch(fd, EPOLLIN, c, EPOLL_CTL_ADD) < 0)
			conn_close(c);
	}
	pause_accept(true);		/* until a connection closes */
	if (nconns < opt_conns)
		accept_retry = now + 1000;
}

/* --- setup ---------------------------------------------------------------- */

static void die(const char *what)
{
	fprintf(stderr, "httpd: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long number(const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "httpd: bad number: %s\n", s);
		exit(2);
	}
	return v;
}

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: httpd [-p PORT] [-a ADDR] [-r ROOT] [-l LOG|-]\n"
		"             [-m BYTES] [-c CONNS] [-t SECS] [-n] [-x N]\n"
		"  -p  port (80; 0: any free one)  -a  address (0.0.0.0)\n"
		"  -r  document root (/www)        -l  access log, - stdout\n"
		"  -m  request size limit (8192)   -c  connections (1024)\n"
		"  -t  idle timeout (60; 0: none)  -n  no sendfile\n"
		"  -x  exit once N connections have closed (tests)\n");
	exit(status);
}

static void listen_on(void)
{
	struct sockaddr_storage sa = { 0 };
	struct sockaddr_in *s4 = (struct sockaddr_in *)&sa;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&sa;
	socklen_t sl = sizeof(*s4);
	int one = 1;

	if (inet_pton(AF_INET, opt_addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(opt_port);
	} else if (inet_pton(AF_INET6, opt_addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(opt_port);
		sl = sizeof(*s6);
	} else {
		fprintf(stderr, "httpd: bad address: %s\n", opt_addr);
		exit(2);
	}
	lfd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		     0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&sa, sl) < 0)
		die("bind");
	if (listen(lfd, 511) < 0)
		die("listen");
	if (getsockname(lfd, (struct sockaddr *)&sa, &sl) < 0)
		die("getsockname");
	/* sin_port and sin6_port are at the same place */
	fprintf(stderr, "httpd: serving %s on %s port %d\n", opt_root,
		opt_addr, ntohs(s4->sin_port));
}

int main(int argc, char *argv[])
{
	struct epoll_event evs[MAX_EVENTS];
	struct rlimit rl;
	rlim_t fds;
	int i, n, ch;

	while ((ch = getopt(argc, argv, "p:a:r:l:m:c:t:nx:h")) != -1) {
		switch (ch) {
		case 'p': opt_port = number(optarg, 0, 65535); break;
		case 'a': opt_addr = optarg; break;
		case 'r': opt_root = optarg; break;
		case 'l': opt_log = optarg; break;
		case 'm': opt_max = number(optarg, 256, 1 << 24); break;
		case 'c': opt_conns = number(optarg, 1, 1 << 20); break;
		case 't': opt_timeout = number(optarg, 0, 86400); break;
		case 'n': opt_nosendfile = true; break;
		case 'x': opt_exit_after = number(optarg, 1, 1L << 30); break;
		case 'h': usage(0); break;
		default: usage(2);
		}
	}
	if (optind < argc)
		usage(2);
	idle.ms = (int64_t)opt_timeout * 1000;
	path = malloc(opt_max + 16);
	scratch = malloc(COPY_BYTES);
	if (!path || !scratch)
		die("malloc");
	/* a peer gone mid-sendfile must not kill us (send has MSG_NOSIGNAL) */
	signal(SIGPIPE, SIG_IGN);
	/* descriptors for each connection and its file, and a few more */
	fds = 2 * opt_conns + 16;
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < fds) {
		rl.rlim_cur = rl.rlim_max < fds ? rl.rlim_max : fds;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	rootfd = open(opt_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		die(opt_root);
	if (opt_log) {
		logfp = strcmp(opt_log, "-") ? fopen(opt_log, "a") : stdout;
		if (!logfp)
			die(opt_log);
		setvbuf(logfp, NULL, _IOLBF, 0);
	}
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		die("epoll_create1");
	listen_on();
	if (watch(lfd, EPOLLIN, NULL, EPOLL_CTL_ADD) < 0)
		exit(1);
	for (;;) {
		n = epoll_wait(ep, evs, MAX_EVENTS, next_timeout());
		if (n < 0 && errno != EINTR)
			die("epoll_wait");
		now = now_ms();
		for (i = 0; i < n; i++) {
			if (evs[i].data.ptr)
				conn_event(evs[i].data.ptr, evs[i].events);
			else
				do_accept();
		}
		expire();
		if (opt_exit_after && nclosed >= opt_exit_after && !nconns) {
			fprintf(stderr, "httpd: %ld connections served, "
				"exiting\n", nclosed);
			return 0;
		}
	}
}
