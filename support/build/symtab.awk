# SPDX-License-Identifier: BSD-3-Clause
#
# Turns `nm -n --defined-only` output into an assembler table of the text
# symbols, sorted by address, for the crash reporter (lib/debug/symbols.c):
#   uk_symtab_count: number of entries
#   uk_symtab:       { u32 address, u32 offset into uk_symtab_names }[]
#   uk_symtab_names: NUL-terminated names
#
# Every function symbol counts, __-named ones too (__libc_start_main), but
# for the link script's markers (__uk_*), which are not functions. Of
# several names at one address the first is kept.
BEGIN { n = 0 }
$2 ~ /^[tTwW]$/ && $3 !~ /^\./ && $3 !~ /^__uk_/ {
	if (n && addr[n - 1] == $1)
		next
	addr[n] = $1
	name[n] = $3
	n++
}
END {
	print "\t.section .uk_symtab, \"a\""
	print "\t.balign 8"
	print "\t.globl uk_symtab_count"
	print "uk_symtab_count:"
	printf "\t.long %d\n", n
	print "\t.globl uk_symtab"
	print "uk_symtab:"
	off = 0
	for (i = 0; i < n; i++) {
		printf "\t.long 0x%s, %d\n", addr[i], off
		off += length(name[i]) + 1
	}
	print "\t.globl uk_symtab_names"
	print "uk_symtab_names:"
	for (i = 0; i < n; i++)
		printf "\t.asciz \"%s\"\n", name[i]
}
