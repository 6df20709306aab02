/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel parameters: value parsers for the UK_PARAM_* types and the code
 * that applies "lib.name=value" arguments. See uk/param.h.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/errno.h>
#include <uk/format.h>
#include <uk/param.h>

#define PARAM_INT_MAX		((long long)__INT_MAX__)
#define PARAM_INT_MIN		(-PARAM_INT_MAX - 1)
#define PARAM_LLONG_MAX		((unsigned long long)__LONG_LONG_MAX__)
#define PARAM_ULONG_MAX		((unsigned long long)(unsigned long)-1)

/* Longer values and names are cut short in error messages. */
#define PARAM_SHOW_MAX		64

static int param_digit(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

/*
 * Parses decimal or 0x-prefixed hex digits at s into *val and points
 * *end past them. Returns -EINVAL if there are none and -ERANGE if they
 * overflow (all digits are consumed either way, so the caller can tell
 * trailing junk from a too large number).
 */
static int param_parse_ull(const char *s, unsigned long long *val,
			   const char **end)
{
	unsigned int base = 10;
	unsigned long long v = 0;
	bool overflow = false;
	const char *start;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    param_digit(s[2], 16) >= 0) {
		base = 16;
		s += 2;
	}
	start = s;
	while ((d = param_digit(*s, base)) >= 0) {
		if (v > (~0ULL - (unsigned int)d) / base)
			overflow = true;
		else
			v = v * base + (unsigned int)d;
		s++;
	}
	*end = s;
	*val = v;
	if (s == start)
		return -EINVAL;
	return overflow ? -ERANGE : 0;
}

/* The int range a parameter really accepts: its min..max within int. */
static long long param_int_lo(const struct uk_param *p)
{
	return MAX(p->min, PARAM_INT_MIN);
}

static long long param_int_hi(const struct uk_param *p)
{
	return MIN(p->max, PARAM_INT_MAX);
}

int uk_param_set_int(const struct uk_param *p, const char *value)
{
	unsigned long long mag;
	const char *s = value, *end;
	bool neg = false;
	long long v;
	int ret;

	if (!value)
		return -EINVAL;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	ret = param_parse_ull(s, &mag, &end);
	if (ret == -EINVAL || *end)
		return -EINVAL;
	if (ret)
		return ret;

	/* no signed arithmetic until the magnitude is known to fit */
	if (neg) {
		if (mag > PARAM_LLONG_MAX + 1)
			return -ERANGE;
		v = mag == PARAM_LLONG_MAX + 1 ? -(long long)PARAM_LLONG_MAX - 1
					       : -(long long)mag;
	} else {
		if (mag > PARAM_LLONG_MAX)
			return -ERANGE;
		v = (long long)mag;
	}
	if (v < param_int_lo(p) || v > param_int_hi(p))
		return -ERANGE;
	*(int *)p->var = (int)v;
	return 0;
}

int uk_param_set_ulong(const struct uk_param *p, const char *value)
{
	unsigned long long v;
	unsigned int shift = 0;
	const char *end;
	int ret;

	if (!value)
		return -EINVAL;
	ret = param_parse_ull(value, &v, &end);
	if (ret == -EINVAL)
		return ret;
	switch (*end) {
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	}
	if (shift)
		end++;
	if (*end)
		return -EINVAL;
	if (ret || v > (PARAM_ULONG_MAX >> shift))
		return -ERANGE;
	*(unsigned long *)p->var = (unsigned long)(v << shift);
	return 0;
}

/* ASCII case-insensitive equality with a lowercase word. */
static bool param_word_eq(const char *s, const char *word)
{
	for (; *s && *word; s++, word++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *word)
			return false;
	}
	return !*s && !*word;
}

int uk_param_set_bool(const struct uk_param *p, const char *value)
{
	static const char *const yes[] = { "1", "y", "yes", "on", "true" };
	static const char *const no[] = { "0", "n", "no", "off", "false" };
	size_t i;

	/* a bare "lib.name" switches it on */
	if (!value) {
		*(bool *)p->var = true;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (param_word_eq(value, yes[i])) {
			*(bool *)p->var = true;
			return 0;
		}
		if (param_word_eq(value, no[i])) {
			*(bool *)p->var = false;
			return 0;
		}
	}
	return -EINVAL;
}

int uk_param_set_str(const struct uk_param *p, const char *value)
{
	if (!value)
		return -EINVAL;
	*(const char **)p->var = value;
	return 0;
}

int uk_param_describe(const struct uk_param *p, char *buf, size_t size)
{
	if (p->set == uk_param_set_int)
		return uk_snprintf(buf, size, "an integer %lld..%lld",
				   param_int_lo(p), param_int_hi(p));
	if (p->set == uk_param_set_ulong)
		return uk_snprintf(buf, size, "an unsigned integer "
				   "(0x.. for hex, K/M/G suffix)");
	if (p->set == uk_param_set_bool)
		return uk_snprintf(buf, size,
				   "1/0, y/n, yes/no, on/off or true/false");
	if (p->set == uk_param_set_str)
		return uk_snprintf(buf, size, "a string");
	/* a library's own set function: only it knows */
	if (size)
		buf[0] = '\0';
	return 0;
}

/* Looks up a name given as a length, as it sits before '=' in argv. */
static const struct uk_param *param_find_n(const struct uk_param *first,
					   const struct uk_param *last,
					   const char *name, size_t len)
{
	const struct uk_param *p;

	for (p = first; p < last; p++)
		if (!strncmp(p->name, name, len) && p->name[len] == '\0')
			return p;
	return NULL;
}

const struct uk_param *uk_param_find(const struct uk_param *first,
				     const struct uk_param *last,
				     const char *name)
{
	return param_find_n(first, last, name, strlen(name));
}

void uk_params_foreach(const struct uk_param *first,
		       const struct uk_param *last,
		       void (*fn)(const struct uk_param *p, void *ctx),
		       void *ctx)
{
	const struct uk_param *p;

	for (p = first; p < last; p++)
		fn(p, ctx);
}

/* Error message under construction; appends are cut at the buffer end. */
struct param_err {
	char *buf;
	size_t size;
	size_t len;
};

static void param_err_add(struct param_err *e, const char *fmt, ...)
	__printf(2, 3);

static void param_err_add(struct param_err *e, const char *fmt, ...)
{
	va_list ap;
	int ret;

	if (e->len + 1 >= e->size)
		return;
	va_start(ap, fmt);
	ret = uk_vsnprintf(e->buf + e->len, e->size - e->len, fmt, ap);
	va_end(ap);
	if (ret > 0)
		e->len += MIN((size_t)ret, e->size - e->len - 1);
}

/*
 * Adds 's' (len bytes), shortened with "..." if very long and with
 * control characters shown as '?' so the message stays on one line.
 */
static void param_err_quote(struct param_err *e, const char *s, size_t len)
{
	char shown[PARAM_SHOW_MAX];
	size_t i, n = MIN(len, sizeof(shown));

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		shown[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	param_err_add(e, "'%.*s%s'", (int)n, shown,
		      len > n ? "..." : "");
}

static void param_err_expected(struct param_err *e, const struct uk_param *p)
{
	char what[64];

	if (uk_param_describe(p, what, sizeof(what)) > 0)
		param_err_add(e, " (expected %s)", what);
}

/* For an unknown lib.name, lists what lib does have, if anything. */
static void param_err_hint(struct param_err *e, const struct uk_param *first,
			   const struct uk_param *last, const char *name,
			   size_t len)
{
	const struct uk_param *p;
	size_t lib_len = 0;
	bool any = false;

	while (lib_len < len && name[lib_len] != '.')
		lib_len++;
	if (!lib_len)
		return;
	for (p = first; p < last; p++) {
		if (strncmp(p->name, name, lib_len) || p->name[lib_len] != '.')
			continue;
		if (!any)
			param_err_add(e, " (%.*s has: ", (int)lib_len, name);
		else
			param_err_add(e, ", ");
		param_err_add(e, "%s", p->name);
		any = true;
	}
	if (any)
		param_err_add(e, ")");
}

int uk_params_apply(const struct uk_param *first, const struct uk_param *last,
		    char **argv, int argc, char *err, size_t errlen)
{
	struct param_err e = { .buf = err, .size = errlen, .len = 0 };
	int i, ret;

	if (errlen)
		err[0] = '\0';
	for (i = 0; i < argc; i++) {
		const char *arg = argv[i], *eq, *value;
		const struct uk_param *p;
		size_t name_len;

		if (!arg)
			continue;
		eq = strchr(arg, '=');
		name_len = eq ? (size_t)(eq - arg) : strlen(arg);
		value = eq ? eq + 1 : NULL;

		p = param_find_n(first, last, arg, name_len);
		if (!p) {
			param_err_add(&e, "unknown kernel parameter ");
			param_err_quote(&e, arg, name_len);
			param_err_hint(&e, first, last, arg, name_len);
			return -ENOENT;
		}

		ret = p->set(p, value);
		if (!ret)
			continue;

		if (!value && ret == -EINVAL) {
			param_err_add(&e,
				      "missing '=' after kernel parameter '%s'",
				      p->name);
			param_err_expected(&e, p);
			return ret;
		}
		if (value && (ret == -EINVAL || ret == -ERANGE)) {
			param_err_add(&e, ret == -EINVAL ? "invalid value " :
				      "out of range value ");
			param_err_quote(&e, value, strlen(value));
			param_err_add(&e, " for kernel parameter '%s'",
				      p->name);
			param_err_expected(&e, p);
			return ret;
		}
		/* a library's own set function failed in its own way */
		param_err_add(&e, "cannot set kernel parameter '%s'", p->name);
		if (value) {
			param_err_add(&e, " to ");
			param_err_quote(&e, value, strlen(value));
		}
		param_err_add(&e, " (error %d)", ret);
		return ret < 0 ? ret : -EINVAL;
	}
	return 0;
}
