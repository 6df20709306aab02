/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Image layout. The boot stack sits just below the image at 1 MiB, so its
 * guard page (the page below it) is always in the first 2 MiB, which the
 * boot code maps with 4 KiB pages. The symbol table that the second link
 * pass adds (.uk_symtab) comes after all code and initialized data and
 * before .bss, so adding it moves no function. Text, read-only data and
 * data follow each other without page padding: the boot page tables map
 * them all alike (2 MiB pages, no per-segment permissions), so padding
 * would only cost image bytes (up to 4 KiB at each boundary).
 */
#include <uk/config.h>

#define BOOT_STACK_BASE	0x100000

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(uk_pvh_entry)

PHDRS
{
	stack PT_LOAD FLAGS(6);
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
	note PT_NOTE FLAGS(4);
	tls PT_TLS FLAGS(4);
}

SECTIONS
{
	. = BOOT_STACK_BASE;
	__uk_boot_stack_guard = . - 0x1000;
	/* a segment of its own, so loaders know the memory is taken */
	.boot_stack (NOLOAD) : {
		__uk_boot_stack_bottom = .;
		. += CONFIG_KVM_BOOT_STACK_SIZE;
		__uk_boot_stack_top = .;
	} :stack

	__uk_image_start = .;
	.text : {
		*(.text.boot)
		*(.text .text.*)
	} :text
	__uk_text_end = .;

	. = ALIGN(64);
	.rodata : {
		*(.rodata .rodata.*)
	} :rodata
	/*
	 * Registration tables (include/uk/table.h): every table's entries
	 * and its start/end markers, grouped and ordered by section name.
	 */
	.uk_tables : {
		KEEP(*(SORT_BY_NAME(.uk_table.*)))
	} :rodata
	/* constructors and destructors, run by libc (musl) */
	.init_array : {
		PROVIDE_HIDDEN(__init_array_start = .);
		KEEP(*(SORT_BY_INIT_PRIORITY(.init_array.*)))
		KEEP(*(.init_array .ctors))
		PROVIDE_HIDDEN(__init_array_end = .);
	} :rodata
	.fini_array : {
		PROVIDE_HIDDEN(__fini_array_start = .);
		KEEP(*(SORT_BY_INIT_PRIORITY(.fini_array.*)))
		KEEP(*(.fini_array .dtors))
		PROVIDE_HIDDEN(__fini_array_end = .);
	} :rodata
	.note : {
		KEEP(*(.note.pvh))
	} :rodata :note

	. = ALIGN(64);
	/* the TLS template; libc copies it for the thread (glue/start.c) */
	.tdata : {
		__uk_tls_start = .;
		*(.tdata .tdata.*)
		__uk_tdata_end = .;
	} :data :tls
	.tbss : {
		*(.tbss .tbss.*) *(.tcommon)
		__uk_tls_end = .;
	} :data :tls
	__uk_tls_align = MAX(ALIGNOF(.tdata), ALIGNOF(.tbss));
	.data : {
		*(.data .data.*)
	} :data
	.uk_symtab : {
		KEEP(*(.uk_symtab))
	} :data
	.bss (NOLOAD) : {
		__uk_bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		__uk_bss_end = .;
	} :data
	. = ALIGN(4096);
	__uk_image_end = .;

	/* the boot code zeroes this PTE: the stack's guard page */
	__uk_boot_guard_pte = uk_boot_pt + ((__uk_boot_stack_guard >> 12) & 511) * 8;

	ASSERT(CONFIG_KVM_BOOT_STACK_SIZE % 4096 == 0,
	       "KVM_BOOT_STACK_SIZE must be a multiple of 4 KiB")

	/DISCARD/ : {
		*(.comment) *(.note.GNU-stack) *(.note.gnu.*) *(.eh_frame*)
	}
}
