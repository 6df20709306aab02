// SPDX-License-Identifier: BSD-3-Clause
/*
 * fixdep: rewrite a compiler dependency file so that an object depends on
 * the configuration symbols it uses instead of the whole config.h.
 *
 *   fixdep DEPFILE TARGET CONFIG_STAMP_DIR CONFIG_H
 *
 * Reads the gcc -MD output in DEPFILE, drops CONFIG_H (it changes with any
 * option), scans every remaining file for CONFIG_<NAME> and prints a make
 * fragment on stdout: the target depends on its sources and headers and on
 * $(wildcard DIR/name/parts.h) for each symbol; kconfiglib's sync_deps()
 * touches exactly those stamps whose symbol changed value. Headers also get
 * empty rules, so a deleted header does not break the next build.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct strset {
	char **items;
	size_t len, cap;
};

static int strset_add(struct strset *s, const char *str, size_t n)
{
	size_t i;

	for (i = 0; i < s->len; i++)
		if (strlen(s->items[i]) == n && !memcmp(s->items[i], str, n))
			return 0;
	if (s->len == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->items = realloc(s->items, s->cap * sizeof(*s->items));
		if (!s->items) {
			perror("fixdep");
			exit(1);
		}
	}
	s->items[s->len] = strndup(str, n);
	if (!s->items[s->len]) {
		perror("fixdep");
		exit(1);
	}
	s->len++;
	return 1;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap + 1);
			if (!buf) {
				perror("fixdep");
				exit(1);
			}
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int is_ident(int c)
{
	return isalnum(c) || c == '_';
}

static void scan_configs(const char *path, struct strset *syms)
{
	size_t len, i;
	char *buf = read_file(path, &len);

	if (!buf)
		return;
	for (i = 0; i + 7 < len; i++) {
		size_t start, end;

		if (memcmp(buf + i, "CONFIG_", 7) != 0)
			continue;
		if (i > 0 && is_ident((unsigned char)buf[i - 1]))
			continue;
		start = i + 7;
		end = start;
		while (end < len && is_ident((unsigned char)buf[end]))
			end++;
		if (end > start)
			strset_add(syms, buf + start, end - start);
		i = end;
	}
	free(buf);
}

/* Splits gcc's depfile into file names (backslash-space is a space). */
static void parse_depfile(char *buf, struct strset *files)
{
	char *p = strchr(buf, ':');
	char name[4096];

	if (!p)
		return;
	p++;
	while (*p) {
		size_t n = 0;

		while (*p == ' ' || *p == '\t' || *p == '\n' ||
		       (*p == '\\' && p[1] == '\n'))
			p += (*p == '\\') ? 2 : 1;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n') {
			if (*p == '\\' && (p[1] == ' ' || p[1] == '#'))
				p++;
			else if (*p == '\\' && p[1] == '\n')
				break;
			if (n < sizeof(name) - 1)
				name[n++] = *p;
			p++;
		}
		if (n)
			strset_add(files, name, n);
	}
}

static void print_make_path(const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '#')
			putchar('\\');
		if (*s == '$')
			putchar('$');
		putchar(*s);
	}
}

int main(int argc, char **argv)
{
	struct strset files = { 0 }, syms = { 0 };
	const char *target, *stampdir, *config_h;
	size_t len, i;
	char *dep;

	if (argc != 5) {
		fprintf(stderr,
			"usage: fixdep DEPFILE TARGET STAMPDIR CONFIG_H\n");
		return 2;
	}
	target = argv[2];
	stampdir = argv[3];
	config_h = argv[4];
	dep = read_file(argv[1], &len);
	if (!dep && errno != ENOENT) {
		fprintf(stderr, "fixdep: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	/* no depfile: gcc writes none for plain .s, which includes nothing */
	if (dep)
		parse_depfile(dep, &files);

	printf("deps_%s := \\\n", target);
	for (i = 0; i < files.len; i++) {
		if (!strcmp(files.items[i], config_h))
			continue;
		scan_configs(files.items[i], &syms);
		putchar('\t');
		print_make_path(files.items[i]);
		printf(" \\\n");
	}
	for (i = 0; i < syms.len; i++) {
		char *c;

		printf("\t$(wildcard %s/", stampdir);
		for (c = syms.items[i]; *c; c++)
			putchar(*c == '_' ? '/' : tolower((unsigned char)*c));
		printf(".h) \\\n");
	}
	printf("\n%s: $(deps_%s)\n", target, target);
	/* Empty rules: a removed header or source is then just "newer". */
	for (i = 0; i < files.len; i++) {
		if (!strcmp(files.items[i], config_h))
			continue;
		print_make_path(files.items[i]);
		printf(":\n");
	}
	return 0;
}
