// SPDX-License-Identifier: BSD-3-Clause
/* Syscall numbers to names, from the architecture's table. */
#include <uk/essentials.h>
#include <uk/syscall.h>

static const char *const syscall_names[] = {
#define UK_ARCH_SYSCALL(nr, name) [nr] = #name,
#include <uk/arch/syscall_table.h>
#undef UK_ARCH_SYSCALL
};

const char *uk_syscall_name(long nr)
{
	if (nr < 0 || (unsigned long)nr >= ARRAY_SIZE(syscall_names))
		return NULL;
	return syscall_names[nr];
}

long uk_syscall_count(void)
{
	return ARRAY_SIZE(syscall_names);
}
