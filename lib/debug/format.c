/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * printf-style formatter. See uk/format.h for what is supported and how
 * the corner cases behave.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/errno.h>
#include <uk/format.h>

#define FMT_INT_MAX	__INT_MAX__

/* Every integer argument is widened to long long before printing. */
_Static_assert(sizeof(intmax_t) <= sizeof(long long), "intmax_t too wide");
_Static_assert(sizeof(size_t) == sizeof(ptrdiff_t), "odd size_t");

#define F_LEFT		0x01	/* '-' */
#define F_PLUS		0x02	/* '+' */
#define F_SPACE		0x04	/* ' ' */
#define F_ZERO		0x08	/* '0' */
#define F_ALT		0x10	/* '#' */

enum fmt_len {
	LEN_NONE,
	LEN_HH,
	LEN_H,
	LEN_L,
	LEN_LL,
	LEN_Z,
	LEN_T,
	LEN_J,
};

struct fmt_spec {
	unsigned int flags;
	int width;		/* 0 when not given */
	int prec;		/* -1 when not given */
	enum fmt_len len;
	char conv;
};

struct fmt_state {
	uk_format_out_fn out;
	void *ctx;
	size_t count;		/* never above FMT_INT_MAX */
	bool overflow;
};

#define PAD_CHUNK	32

static const char pad_spaces[PAD_CHUNK] = "                                ";
static const char pad_zeros[PAD_CHUNK]  = "00000000000000000000000000000000";

/* Checks the int limit up front so nothing partial goes out. */
static bool fmt_room(struct fmt_state *st, size_t len)
{
	if (st->overflow)
		return false;
	if (len > (size_t)FMT_INT_MAX - st->count) {
		st->overflow = true;
		return false;
	}
	return true;
}

static void fmt_emit(struct fmt_state *st, const char *s, size_t len)
{
	if (len == 0 || !fmt_room(st, len))
		return;
	st->out(st->ctx, s, len);
	st->count += len;
}

static void fmt_pad(struct fmt_state *st, char c, size_t n)
{
	const char *src = c == '0' ? pad_zeros : pad_spaces;

	if (!fmt_room(st, n))
		return;
	while (n) {
		size_t k = MIN(n, (size_t)PAD_CHUNK);

		fmt_emit(st, src, k);
		n -= k;
	}
}

/* Width padding around an already laid out body of body_len chars. */
static size_t fmt_fill(const struct fmt_spec *sp, size_t body_len)
{
	size_t width = (size_t)sp->width;

	return width > body_len ? width - body_len : 0;
}

static void fmt_str(struct fmt_state *st, const struct fmt_spec *sp,
		    const char *s, size_t len)
{
	size_t fill = fmt_fill(sp, len);

	/* fill + len is max(width, len): no wrap */
	if (!fmt_room(st, fill + len))
		return;
	if (!(sp->flags & F_LEFT))
		fmt_pad(st, ' ', fill);
	fmt_emit(st, s, len);
	if (sp->flags & F_LEFT)
		fmt_pad(st, ' ', fill);
}

/* strlen capped at max; s need not be NUL-terminated within max. */
static size_t fmt_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/*
 * Lays out [fill][sign/prefix][zeros][digits][fill]; only the digits need
 * a buffer, 22 octal digits at most for a 64-bit value.
 */
static void fmt_int(struct fmt_state *st, const struct fmt_spec *sp,
		    unsigned long long mag, bool neg)
{
	const char *xdigits = sp->conv == 'X' ?
		"0123456789ABCDEF" : "0123456789abcdef";
	char digits[24];
	char prefix[3];		/* sign, then "0x" for %p */
	char *end = digits + sizeof(digits), *d = end;
	unsigned int base;
	size_t ndig, npre = 0, prec, zeros, fill;
	bool is_signed = sp->conv == 'd' || sp->conv == 'i' ||
			 sp->conv == 'p';

	switch (sp->conv) {
	case 'o':
		base = 8;
		break;
	case 'x':
	case 'X':
	case 'p':
		base = 16;
		break;
	default:
		base = 10;
		break;
	}

	if (is_signed) {
		if (neg)
			prefix[npre++] = '-';
		else if (sp->flags & F_PLUS)
			prefix[npre++] = '+';
		else if (sp->flags & F_SPACE)
			prefix[npre++] = ' ';
	}
	if (sp->conv == 'p' || ((sp->flags & F_ALT) && mag &&
				(sp->conv == 'x' || sp->conv == 'X'))) {
		prefix[npre++] = '0';
		prefix[npre++] = sp->conv == 'X' ? 'X' : 'x';
	}

	while (mag) {
		*--d = xdigits[mag % base];
		mag /= base;
	}
	ndig = (size_t)(end - d);

	prec = sp->prec < 0 ? 1 : (size_t)sp->prec;
	/* '#' with %o: the first digit must be 0 (digits never start so) */
	if (sp->conv == 'o' && (sp->flags & F_ALT) && prec <= ndig)
		prec = ndig + 1;
	zeros = prec > ndig ? prec - ndig : 0;

	fill = fmt_fill(sp, npre + zeros + ndig);
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0) {
		zeros += fill;
		fill = 0;
	}
	/* all or nothing: a cut-off number would mislead */
	if (!fmt_room(st, fill + npre + zeros + ndig))
		return;

	if (!(sp->flags & F_LEFT))
		fmt_pad(st, ' ', fill);
	fmt_emit(st, prefix, npre);
	fmt_pad(st, '0', zeros);
	fmt_emit(st, d, ndig);
	if (sp->flags & F_LEFT)
		fmt_pad(st, ' ', fill);
}

static long long fmt_arg_signed(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, ptrdiff_t);
	case LEN_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long fmt_arg_unsigned(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
	case LEN_T:
		return va_arg(*ap, size_t);
	case LEN_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Reads a decimal width or precision; false if it does not fit an int. */
static bool fmt_parse_num(const char **fp, int *val)
{
	const char *f = *fp;
	int v = 0;
	bool ok = true;

	while (*f >= '0' && *f <= '9') {
		int digit = *f - '0';

		if (v > (FMT_INT_MAX - digit) / 10)
			ok = false;
		else
			v = v * 10 + digit;
		f++;
	}
	*fp = f;
	*val = v;
	return ok;
}

/*
 * Parses the spec after a '%' up to and including the conversion letter.
 * Returns false if a width or precision does not fit an int.
 */
static bool fmt_parse_spec(const char **fp, struct fmt_spec *sp,
			   va_list *ap)
{
	const char *f = *fp;
	bool ok = true;

	sp->flags = 0;
	sp->width = 0;
	sp->prec = -1;
	sp->len = LEN_NONE;

	for (;; f++) {
		if (*f == '-')
			sp->flags |= F_LEFT;
		else if (*f == '+')
			sp->flags |= F_PLUS;
		else if (*f == ' ')
			sp->flags |= F_SPACE;
		else if (*f == '0')
			sp->flags |= F_ZERO;
		else if (*f == '#')
			sp->flags |= F_ALT;
		else
			break;
	}

	if (*f == '*') {
		int w = va_arg(*ap, int);

		f++;
		if (w < 0) {
			sp->flags |= F_LEFT;
			if (w < -FMT_INT_MAX)
				ok = false;
			else
				w = -w;
		}
		sp->width = ok ? w : 0;
	} else {
		ok = fmt_parse_num(&f, &sp->width);
	}

	if (*f == '.') {
		f++;
		if (*f == '*') {
			int p = va_arg(*ap, int);

			f++;
			sp->prec = p < 0 ? -1 : p;
		} else if (!fmt_parse_num(&f, &sp->prec)) {
			ok = false;
		}
	}

	switch (*f) {
	case 'h':
		f++;
		sp->len = LEN_H;
		if (*f == 'h') {
			f++;
			sp->len = LEN_HH;
		}
		break;
	case 'l':
		f++;
		sp->len = LEN_L;
		if (*f == 'l') {
			f++;
			sp->len = LEN_LL;
		}
		break;
	case 'z':
		f++;
		sp->len = LEN_Z;
		break;
	case 't':
		f++;
		sp->len = LEN_T;
		break;
	case 'j':
		f++;
		sp->len = LEN_J;
		break;
	}

	sp->conv = *f;
	if (*f)
		f++;
	*fp = f;
	return ok;
}

int uk_vformat(uk_format_out_fn out, void *ctx, const char *fmt,
	       va_list ap)
{
	struct fmt_state st = { .out = out, .ctx = ctx };
	struct fmt_spec sp;
	const char *f = fmt, *spec;
	va_list args;

	/* helpers take a pointer; va_list may be an array type */
	va_copy(args, ap);
	while (*f && !st.overflow) {
		const char *pct = strchr(f, '%');
		const char *s;
		unsigned long long u;
		long long v;
		char c;

		if (!pct) {
			fmt_emit(&st, f, strlen(f));
			break;
		}
		fmt_emit(&st, f, (size_t)(pct - f));

		spec = pct;
		f = pct + 1;
		if (!fmt_parse_spec(&f, &sp, &args)) {
			st.overflow = true;
			break;
		}

		switch (sp.conv) {
		case 'd':
		case 'i':
			v = fmt_arg_signed(&args, sp.len);
			/* negate in unsigned: LLONG_MIN has no positive twin */
			u = v < 0 ? -(unsigned long long)v :
				    (unsigned long long)v;
			fmt_int(&st, &sp, u, v < 0);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			u = fmt_arg_unsigned(&args, sp.len);
			fmt_int(&st, &sp, u, false);
			break;
		case 'p':
			if (sp.len != LEN_NONE)
				goto literal;
			u = (uintptr_t)va_arg(args, void *);
			if (u) {
				fmt_int(&st, &sp, u, false);
			} else {
				/* glibc: the precision does not cut it */
				fmt_str(&st, &sp, "(nil)", 5);
			}
			break;
		case 'c':
			if (sp.len != LEN_NONE)
				goto literal;
			c = (char)va_arg(args, int);
			fmt_str(&st, &sp, &c, 1);
			break;
		case 's':
			if (sp.len != LEN_NONE)
				goto literal;
			s = va_arg(args, const char *);
			if (!s)
				/* glibc: no partial "(null)" */
				s = sp.prec < 0 || sp.prec >= 6 ? "(null)" : "";
			fmt_str(&st, &sp, s, fmt_strnlen(s, sp.prec < 0 ?
					(size_t)-1 : (size_t)sp.prec));
			break;
		case '%':
			fmt_emit(&st, "%", 1);
			break;
		default:
literal:
			/* unsupported: show it as written (see uk/format.h) */
			fmt_emit(&st, spec, (size_t)(f - spec));
			break;
		}
	}
	va_end(args);

	return st.overflow ? -EOVERFLOW : (int)st.count;
}

struct snprintf_ctx {
	char *buf;
	size_t room;		/* bytes left for text, the NUL excluded */
	size_t pos;
};

static void snprintf_out(void *ctx, const char *s, size_t len)
{
	struct snprintf_ctx *sc = ctx;
	size_t k = MIN(len, sc->room);

	if (k) {
		memcpy(sc->buf + sc->pos, s, k);
		sc->pos += k;
		sc->room -= k;
	}
}

int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct snprintf_ctx sc = {
		.buf = buf,
		.room = size ? size - 1 : 0,
		.pos = 0,
	};
	int ret;

	ret = uk_vformat(snprintf_out, &sc, fmt, ap);
	if (size)
		buf[sc.pos] = '\0';
	return ret;
}

int uk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = uk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}
