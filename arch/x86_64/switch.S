/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uk_arch_ctx_switch(prev, next): a context switch as a function call,
 * in two forms that differ in how they load next's FS base (ctx.tp).
 * The callee-saved registers, MXCSR and the x87 control word go on the
 * current stack, whose pointer is the context; the saved rbp is the
 * caller's frame, so a switched-out thread can be backtraced from it
 * (uk_arch_ctx_frame). Stack layout at the saved sp:
 *	+0  MXCSR (4 bytes), x87 CW (2 bytes), pad
 *	+8  r15, r14, r13, r12, rbx
 *	+48 rbp
 *	+56 return address
 */
#define MSR_FS_BASE	0xc0000100

.macro SAVE
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	movq %rsp, (%rdi)
	movq (%rsi), %rsp
.endm

.macro RESTORE
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
.endm

	.text
	.globl uk_arch_ctx_switch_fsgsbase
	.type uk_arch_ctx_switch_fsgsbase, @function
uk_arch_ctx_switch_fsgsbase:
	SAVE
	movq 8(%rsi), %rax
	wrfsbase %rax
	RESTORE
	.size uk_arch_ctx_switch_fsgsbase, . - uk_arch_ctx_switch_fsgsbase

	.globl uk_arch_ctx_switch_msr
	.type uk_arch_ctx_switch_msr, @function
uk_arch_ctx_switch_msr:
	SAVE
	movl 8(%rsi), %eax
	movl 12(%rsi), %edx
	movl $MSR_FS_BASE, %ecx
	wrmsr
	RESTORE
	.size uk_arch_ctx_switch_msr, . - uk_arch_ctx_switch_msr

/*
 * A new context's first return lands here with entry in r12 and its
 * argument in r13 (uk_arch_ctx_init). rbp is 0: backtraces stop here.
 */
	.globl uk_arch_ctx_start
	.type uk_arch_ctx_start, @function
uk_arch_ctx_start:
	movq %r13, %rdi
	call *%r12
	ud2
	.size uk_arch_ctx_start, . - uk_arch_ctx_start
