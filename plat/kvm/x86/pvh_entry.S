/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH entry. A PVH loader (QEMU -kernel, Firecracker, cloud-hypervisor)
 * finds the 32-bit entry point in the XEN_ELFNOTE_PHYS32_ENTRY note and
 * jumps there in flat 32-bit protected mode, paging off, with the physical
 * address of struct hvm_start_info in %ebx.
 *
 * We build identity-mapped page tables for the first 4 GiB (2 MiB pages,
 * except 4 KiB pages for the first 2 MiB so that page 0 and the boot
 * stack's guard page can be unmapped), enter long mode and call C.
 * .bss is zero: ELF loading zero-fills p_memsz beyond p_filesz.
 */
#include <uk/config.h>
#include <uk/arch/gdt.h>

#define CR0_PE		0x00000001
#define CR0_MP		0x00000002
#define CR0_EM		0x00000004
#define CR0_NE		0x00000020
#define CR0_WP		0x00010000
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define CR4_OSFXSR	0x00000200
#define CR4_OSXMMEXCPT	0x00000400
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100
#define PTE_P		0x001
#define PTE_RW		0x002
#define PTE_PS		0x080

#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .note.pvh, "a", @note
	.balign 4
	.long 4			/* name size */
	.long 4			/* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long uk_pvh_entry
	.balign 4

	.section .text.boot, "ax"
	.code32
	.globl uk_pvh_entry
	.type uk_pvh_entry, @function
uk_pvh_entry:
	/* First instruction: the boot-time measurement starts here. */
	rdtsc
	cld			/* the PVH ABI leaves DF unspecified */
	movl %eax, uk_boot_tsc
	movl %edx, uk_boot_tsc + 4
	movl %ebx, uk_pvh_start_info

	/* PML4[0] -> PDPT; PDPT[0..3] -> the four page directories */
	movl $(uk_boot_pdpt + PTE_P + PTE_RW), uk_boot_pml4
	movl $(uk_boot_pd + PTE_P + PTE_RW), %eax
	movl $uk_boot_pdpt, %edi
	movl $4, %ecx
1:	movl %eax, (%edi)
	addl $0x1000, %eax
	addl $8, %edi
	decl %ecx
	jnz 1b

	/* 2048 x 2 MiB pages: 0..4 GiB */
	movl $(PTE_P + PTE_RW + PTE_PS), %eax
	movl $uk_boot_pd, %edi
	movl $2048, %ecx
1:	movl %eax, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	decl %ecx
	jnz 1b

	/*
	 * The first 2 MiB in 4 KiB pages. Page 0 stays mapped until setup.c
	 * has read the start info, which some loaders put there.
	 */
	movl $(uk_boot_pt + PTE_P + PTE_RW), uk_boot_pd
	movl $(PTE_P + PTE_RW), %eax
	movl $uk_boot_pt, %edi
	movl $512, %ecx
1:	movl %eax, (%edi)
	addl $0x1000, %eax
	addl $8, %edi
	decl %ecx
	jnz 1b
	movl $0, __uk_boot_guard_pte

	movl $uk_boot_pml4, %eax
	movl %eax, %cr3
	movl %cr4, %eax
	orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	andl $~CR0_EM, %eax
	orl $(CR0_PE | CR0_MP | CR0_NE | CR0_WP | CR0_PG), %eax
	movl %eax, %cr0

	/* arch/x86_64 owns the GDT */
	lgdt uk_arch_gdt_ptr
	ljmp $UK_ARCH_KERNEL_CS, $1f

	.code64
1:	movl $UK_ARCH_KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $__uk_boot_stack_top, %rsp
	xorl %ebp, %ebp
	movl uk_pvh_start_info(%rip), %edi
	call uk_kvm_entry
2:	cli
	hlt
	jmp 2b
	.size uk_pvh_entry, . - uk_pvh_entry

	.data
	.globl uk_boot_tsc
	.balign 8
uk_boot_tsc:
	.quad 0
	.globl uk_pvh_start_info
uk_pvh_start_info:
	.long 0

	.section .bss.uk_boot_pagetables, "aw", @nobits
	.balign 4096
	.globl uk_boot_pml4, uk_boot_pdpt, uk_boot_pd, uk_boot_pt
uk_boot_pml4:
	.skip 4096
uk_boot_pdpt:
	.skip 4096
uk_boot_pd:
	.skip 4 * 4096
uk_boot_pt:
	.skip 4096
