// SPDX-License-Identifier: BSD-3-Clause
/*
 * From lib/boot to musl: lay out argv, the environment and an auxiliary
 * vector the way a Linux kernel puts them on a new process's stack, and
 * enter __libc_start_main(), which sets up TLS, runs constructors, calls
 * main(argc, argv, envp) and exit()s with its result (atexit handlers,
 * destructors, stdio flush, then exit_group -> uk_exit).
 *
 * The environment comes from the kernel parameter libc.env=NAME=VALUE,
 * which may be given several times.
 */
#include <elf.h>
#include <string.h>
#include <uk/arch/x86.h>
#include <uk/boot.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#ifdef CONFIG_LIBRANDOM
#include <uk/random.h>
#endif

#define ENV_MAX		64
#define ARGV_MAX	64
#define AUXV_MAX	16

int __libc_start_main(int (*main)(int, char **, char **), int argc,
		      char **argv, void (*init)(void), void (*fini)(void),
		      void (*ldso)(void));
int main(int argc, char **argv, char **envp);

static char *env[ENV_MAX + 1];
static int nr_env;

static int env_add(const struct uk_param *p, const char *value)
{
	if (!value || !strchr(value, '=') || value[0] == '=')
		return -22;	/* EINVAL: NAME=VALUE expected */
	if (nr_env == ENV_MAX)
		return -7;	/* E2BIG */
	env[nr_env++] = (char *)value;
	return 0;
}
UK_PARAM_SECTION_(libc, env) = UK_PARAM_DEFINE(libc, env, env_add, NULL,
	0, 0, "NAME=VALUE: an environment variable for the app (repeatable)");


/* main, as libc calls it: the boot cost is measured up to here */
static int call_main(int argc, char **argv, char **envp)
{
	uk_boot_reached_main();
	return main(argc, argv, envp);
}

static Elf64_Phdr tls_phdr;
static unsigned char at_random[16];
static char *vec[ARGV_MAX + 1 + ENV_MAX + 1 + 2 * AUXV_MAX];

static void fill_random(void)
{
#ifdef CONFIG_LIBRANDOM
	uk_random_fill(at_random, sizeof(at_random));
#else
	uint64_t t = rdtsc();
	size_t i;

	/* not secret: only a seed for musl's malloc and stack guard */
	for (i = 0; i < sizeof(at_random); i++) {
		t = t * 6364136223846793005ULL + 1442695040888963407ULL;
		at_random[i] = t >> 56;
	}
#endif
}

__noreturn void uk_app_start(int argc, char *argv[])
{
	struct ukplat_tls_template tls;
	size_t n = 0, *aux;
	int i;

	if (argc > ARGV_MAX)
		uk_panic("%d arguments; at most %d fit", argc, ARGV_MAX);
	for (i = 0; i < argc; i++)
		vec[n++] = argv[i];
	vec[n++] = NULL;
	for (i = 0; i < nr_env; i++)
		vec[n++] = env[i];
	vec[n++] = NULL;

	ukplat_tls_template(&tls);
	tls_phdr.p_type = PT_TLS;
	tls_phdr.p_vaddr = (uintptr_t)tls.data;
	tls_phdr.p_filesz = tls.filesz;
	tls_phdr.p_memsz = tls.memsz;
	tls_phdr.p_align = tls.align;
	fill_random();

	aux = (size_t *)&vec[n];
#define AUX(type, val) do { *aux++ = (type); *aux++ = (size_t)(val); } while (0)
	AUX(AT_PHDR, &tls_phdr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, 1);
	AUX(AT_PAGESZ, 4096);
	AUX(AT_CLKTCK, 100);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, at_random);
	AUX(AT_EXECFN, argv[0]);
	AUX(AT_NULL, 0);
#undef AUX

	__libc_start_main(call_main, argc, vec, NULL, NULL, NULL);
	uk_panic("__libc_start_main returned");
}
