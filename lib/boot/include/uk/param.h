/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel command line and kernel parameters.
 *
 * The command line is "kernel.params ... -- app args". Libraries declare
 * their parameters where they use them:
 *
 *	static int loglevel = 1;
 *	UK_PARAM_INT(debug, loglevel, loglevel, 0, 3, "0=quiet .. 3=all");
 *
 * which accepts "debug.loglevel=2" on the command line. Each macro puts a
 * descriptor in the registration table "params" (uk/table.h), keyed by
 * the library's name so that listings come out grouped and sorted.
 *
 * The functions take the array bounds as arguments so that they do not
 * depend on the linker script (and host tests can pass a plain array,
 * built with the UK_PARAM_*_DEFINE initializers).
 */
#ifndef UK_PARAM_H
#define UK_PARAM_H

#include <stdbool.h>
#include <stddef.h>
#include <uk/essentials.h>
#include <uk/table.h>

/*
 * Aligned to 8 as a type, so that sizeof is a multiple of 8 and
 * descriptors from different objects sit back to back in the section
 * like an array, on 32-bit targets too.
 */
struct uk_param {
	const char *name;	/* "lib.param", e.g. "debug.loglevel" */
	/*
	 * Parses value and stores it in *var. value is NULL for a bare
	 * "lib.param" without '='. Returns 0, -EINVAL for a malformed (or
	 * missing) value, -ERANGE for one out of range; on error *var is
	 * left untouched.
	 */
	int (*set)(const struct uk_param *p, const char *value);
	void *var;
	long long min, max;	/* for integers */
	const char *help;
} __aligned(8);

int uk_param_set_int(const struct uk_param *p, const char *value);
int uk_param_set_ulong(const struct uk_param *p, const char *value);
int uk_param_set_bool(const struct uk_param *p, const char *value);
int uk_param_set_str(const struct uk_param *p, const char *value);

/*
 * &var as void *; fails to compile (negative bit-field width) if var is
 * not of the given type, as the set function would write the wrong size.
 */
#define UK_PARAM_VAR_(var, type)					\
	((void *)(&(var) + 0 * sizeof(struct {				\
		int uk_param_var_type_mismatch :			\
			__builtin_types_compatible_p(__typeof__(var),	\
						     type) ? 1 : -1;	\
	})))

/*
 * Descriptor initializers. lib and name are bare words (not expanded).
 * A library with its own value syntax can use UK_PARAM_DEFINE with its
 * own set function.
 */
#define UK_PARAM_DEFINE(lib, pname, setfn, varp, mn, mx, hlp)		\
	{								\
		.name = #lib "." #pname,				\
		.set = (setfn),						\
		.var = (varp),						\
		.min = (mn),						\
		.max = (mx),						\
		.help = (hlp),						\
	}

/* int var; decimal or 0x hex, optional sign, within min..max */
#define UK_PARAM_INT_DEFINE(lib, pname, var, mn, mx, hlp)		\
	UK_PARAM_DEFINE(lib, pname, uk_param_set_int,			\
			UK_PARAM_VAR_(var, int), mn, mx, hlp)

/* unsigned long var; decimal or 0x hex, optional K/M/G (x1024) suffix */
#define UK_PARAM_ULONG_DEFINE(lib, pname, var, hlp)			\
	UK_PARAM_DEFINE(lib, pname, uk_param_set_ulong,			\
			UK_PARAM_VAR_(var, unsigned long), 0, 0, hlp)

/* bool var; 1/0 y/n yes/no on/off true/false (any case); bare = true */
#define UK_PARAM_BOOL_DEFINE(lib, pname, var, hlp)			\
	UK_PARAM_DEFINE(lib, pname, uk_param_set_bool,			\
			UK_PARAM_VAR_(var, bool), 0, 0, hlp)

/* const char *var; points into the command line, may be "" */
#define UK_PARAM_STR_DEFINE(lib, pname, var, hlp)			\
	UK_PARAM_DEFINE(lib, pname, uk_param_set_str,			\
			UK_PARAM_VAR_(var, const char *), 0, 0, hlp)

UK_TABLE_DECLARE(params, struct uk_param);

/* Places a descriptor named uk_param_<lib>_<name> in the params table. */
#define UK_PARAM_SECTION_(lib, pname)					\
	static const struct uk_param uk_param_##lib##_##pname		\
		__uk_table(params, #lib)

#define UK_PARAM_INT(lib, pname, var, mn, mx, hlp)			\
	UK_PARAM_SECTION_(lib, pname) =					\
		UK_PARAM_INT_DEFINE(lib, pname, var, mn, mx, hlp)
#define UK_PARAM_ULONG(lib, pname, var, hlp)				\
	UK_PARAM_SECTION_(lib, pname) =					\
		UK_PARAM_ULONG_DEFINE(lib, pname, var, hlp)
#define UK_PARAM_BOOL(lib, pname, var, hlp)				\
	UK_PARAM_SECTION_(lib, pname) =					\
		UK_PARAM_BOOL_DEFINE(lib, pname, var, hlp)
#define UK_PARAM_STR(lib, pname, var, hlp)				\
	UK_PARAM_SECTION_(lib, pname) =					\
		UK_PARAM_STR_DEFINE(lib, pname, var, hlp)

/*
 * Splits cmdline in place into argv[0..*argc-1]. Tokens are separated by
 * blanks (space, tab, newline, CR, VT, FF); double quotes group blanks
 * into a token and are removed (a="x y" gives a=x y, "" gives an empty
 * token); a backslash takes the next character literally, inside quotes
 * too (a backslash at the very end is kept as is).
 *
 * The first bare -- (not quoted, not escaped) ends the kernel
 * parameters and is not stored: argv[0..*app_start-1] are kernel
 * parameters, argv[*app_start..*argc-1] the application's arguments.
 * Without a --, everything is kernel parameters and *app_start == *argc:
 * an application argument passed by mistake then fails loudly as an
 * unknown parameter rather than silently landing in main().
 *
 * argv[*argc] is set to NULL if max leaves room for it; pass one slot
 * less than the array has to always get it.
 *
 * Returns 0; -E2BIG if there are more than max tokens; -EINVAL for an
 * unterminated quote. On error *argc and *app_start are 0 and cmdline is
 * left partly rewritten. A NULL cmdline is an empty one.
 */
int uk_cmdline_split(char *cmdline, char **argv, int max, int *argc,
		     int *app_start);

/*
 * Applies the "name=value" (or bare "name" for bools) arguments in argv
 * to the parameters in [first, last). Stops at the first error, with
 * the parameters before it applied, writes a one-line message naming
 * the offending parameter into err (truncated to errlen, which may be 0)
 * and returns:
 *  -ENOENT  unknown parameter (with a list of the library's parameters
 *           when the part before the first '.' names a known library)
 *  -EINVAL  malformed value, or missing "=value"
 *  -ERANGE  value out of range
 * Returns 0 and sets err to "" on success. A later setting of the same
 * parameter overrides an earlier one.
 */
int uk_params_apply(const struct uk_param *first, const struct uk_param *last,
		    char **argv, int argc, char *err, size_t errlen);

/* Finds a parameter by its full name; NULL if there is none. */
const struct uk_param *uk_param_find(const struct uk_param *first,
				     const struct uk_param *last,
				     const char *name);

/* Calls fn for every parameter in [first, last), in array order. */
void uk_params_foreach(const struct uk_param *first,
		       const struct uk_param *last,
		       void (*fn)(const struct uk_param *p, void *ctx),
		       void *ctx);

/*
 * Writes what values p accepts, e.g. "an integer 0..3", into buf (as
 * uk_snprintf does); for a help listing and the error messages.
 */
int uk_param_describe(const struct uk_param *p, char *buf, size_t size);

#endif /* UK_PARAM_H */
