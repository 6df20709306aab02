/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel command line tokenizer. See uk/param.h for the grammar.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/errno.h>
#include <uk/param.h>

static bool cmdline_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\v' || c == '\f';
}

/*
 * Tokens are copied down in place: the write position never passes the
 * read position, since every byte written was read first and quotes,
 * escapes and the blank after a token are read but not written.
 */
int uk_cmdline_split(char *cmdline, char **argv, int max, int *argc,
		     int *app_start)
{
	char *r = cmdline, *w = cmdline;
	int n = 0, app = -1, ret = 0;

	if (max < 0)
		max = 0;
	while (r) {
		bool quoted = false, literal = false, at_end;
		char *tok;

		while (cmdline_is_blank(*r))
			r++;
		if (!*r)
			break;

		tok = w;
		while (*r) {
			if (*r == '\\') {
				literal = true;
				/* a trailing backslash stays itself */
				if (r[1])
					r++;
			} else if (*r == '"') {
				literal = true;
				quoted = !quoted;
				r++;
				continue;
			} else if (!quoted && cmdline_is_blank(*r)) {
				break;
			}
			*w++ = *r++;
		}
		if (quoted) {
			ret = -EINVAL;
			break;
		}
		at_end = !*r;
		*w++ = '\0';
		if (!at_end)
			r++;

		/* only a bare -- separates; "--" and \-- are arguments */
		if (app < 0 && !literal && !strcmp(tok, "--")) {
			app = n;
			continue;
		}
		if (n >= max) {
			ret = -E2BIG;
			break;
		}
		argv[n++] = tok;
	}

	if (ret) {
		*argc = 0;
		*app_start = 0;
		return ret;
	}
	if (n < max)
		argv[n] = NULL;
	*argc = n;
	*app_start = app < 0 ? n : app;
	return 0;
}
