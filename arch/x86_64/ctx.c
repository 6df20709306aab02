// SPDX-License-Identifier: BSD-3-Clause
/* Initial frames for uk_arch_ctx_switch() (switch.S). */
#include <uk/arch/ctx.h>

#define MXCSR_DEFAULT	0x1f80	/* all exceptions masked, round to nearest */
#define FCW_DEFAULT	0x037f	/* the same for x87, extended precision */

void uk_arch_ctx_start(void);
void uk_arch_ctx_switch_fsgsbase(struct uk_arch_ctx *prev,
				 struct uk_arch_ctx *next);
void uk_arch_ctx_switch_msr(struct uk_arch_ctx *prev,
			    struct uk_arch_ctx *next);

/* cpu.c switches to the wrfsbase form once it found the instruction. */
void (*uk_arch_ctx_switch)(struct uk_arch_ctx *prev,
			   struct uk_arch_ctx *next) = uk_arch_ctx_switch_msr;

void uk_arch_ctx_use_fsgsbase(void)
{
	uk_arch_ctx_switch = uk_arch_ctx_switch_fsgsbase;
}

void uk_arch_ctx_init(struct uk_arch_ctx *ctx, uintptr_t stack_top,
		      void (*entry)(void *), void *arg)
{
	uintptr_t *sp = (uintptr_t *)stack_top;

	/*
	 * uk_arch_ctx_start is "returned to" and then calls entry: rsp is
	 * 16-byte aligned at its call, as the ABI wants.
	 */
	*--sp = (uintptr_t)uk_arch_ctx_start;	/* return address */
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (uintptr_t)entry;		/* r12 */
	*--sp = (uintptr_t)arg;			/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	*--sp = ((uintptr_t)FCW_DEFAULT << 32) | MXCSR_DEFAULT;
	ctx->sp = (uintptr_t)sp;
	/* ctx->tp is the caller's to set */
}

void uk_arch_ctx_frame(const struct uk_arch_ctx *ctx, uintptr_t *pc,
		       uintptr_t *fp)
{
	const uintptr_t *sp = (const uintptr_t *)ctx->sp;

	*fp = sp[6];
	*pc = sp[7];
}
