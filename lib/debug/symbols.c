// SPDX-License-Identifier: BSD-3-Clause
/*
 * Address to function name, from the table the second link pass adds
 * (support/build/symtab.awk). The table is weak so the first pass links.
 */
#include <uk/crash.h>

struct uk_symtab_entry {
	uint32_t addr;
	uint32_t name;
};

extern const uint32_t uk_symtab_count __weak;
extern const struct uk_symtab_entry uk_symtab[] __weak;
extern const char uk_symtab_names[] __weak;
extern const char __uk_text_end[];

const char *uk_symbolize(uintptr_t addr, uintptr_t *offset)
{
	uint32_t lo = 0, hi;

	if (!&uk_symtab_count || !uk_symtab_count)
		return NULL;
	hi = uk_symtab_count;
	if (addr < uk_symtab[0].addr || addr >= (uintptr_t)__uk_text_end)
		return NULL;
	/* last entry with entry.addr <= addr */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (uk_symtab[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - uk_symtab[lo].addr;
	return uk_symtab_names + uk_symtab[lo].name;
}
