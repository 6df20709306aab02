/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trap and interrupt entry. Every vector has a 16-byte stub that pushes an
 * error code (a zero where the CPU pushes none) and the vector number, then
 * saves the registers as a struct uk_regs and calls uk_arch_trap().
 * The stubs are fixed-size so cpu.c finds stub N at uk_trap_stubs + 16 * N.
 */

#define UK_TRAP_STUBS	64	/* exceptions 0..31, interrupts 32..63 */

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		      (v) == 21 || (v) == 29 || (v) == 30)

	.section .text.uk_trap_stubs, "ax"
	.globl uk_trap_stubs
	.balign 16
uk_trap_stubs:
	vec = 0
	.rept UK_TRAP_STUBS
	.balign 16
	.if !HAS_ERROR(vec)
	pushq $0
	.endif
	pushq $vec
	jmp uk_trap_common
	vec = vec + 1
	.endr

	.text
	.type uk_trap_common, @function
uk_trap_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
	/* 16 + 15 words on top of the CPU's 16-byte aligned frame: aligned */
	movq %rsp, %rdi
	call uk_arch_trap
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp
	iretq
	.size uk_trap_common, . - uk_trap_common
