/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The smallest PVH guest: its first instruction writes to isa-debug-exit,
 * so QEMU exits. The baseline `make bench` compares helloworld's run
 * time against.
 */
	.section .note.pvh, "a", @note
	.balign 4
	.long 4, 4, 18		/* "Xen", 4-byte desc, PHYS32_ENTRY */
	.asciz "Xen"
	.long empty_entry

	.text
	.code32
	.globl empty_entry
empty_entry:
	outb %al, $0xf4
	hlt
