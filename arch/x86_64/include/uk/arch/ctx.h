/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Execution contexts for the scheduler. A switch is a function call, so
 * it saves only what the ABI makes callee-saved: rbx, rbp, r12-r15, the
 * MXCSR and the x87 control word (they stay on the old stack; the
 * context is that stack's pointer) and loads the next context's thread
 * pointer (TLS: the FS base). A thread an interrupt preempted also needs
 * its whole FPU/SSE state kept: uk_arch_fpu_save/restore.
 */
#ifndef UK_ARCH_CTX_H
#define UK_ARCH_CTX_H

#include <uk/essentials.h>

struct uk_arch_ctx {
	uintptr_t sp;
	uintptr_t tp;		/* the thread pointer it runs with */
};

/*
 * Saves the caller's context in *prev and continues *next's; returns
 * when something switches back to prev. Call with interrupts off. One of
 * two routines, picked at boot: with wrfsbase when the CPU has it, else
 * with wrmsr.
 */
extern void (*uk_arch_ctx_switch)(struct uk_arch_ctx *prev,
				  struct uk_arch_ctx *next);

/* cpu.c: the CPU has wrfsbase; switches use it from now on. */
void uk_arch_ctx_use_fsgsbase(void);

/*
 * Prepares ctx to start entry(arg) on the stack whose top (highest
 * address, 16-byte aligned) is stack_top, with a default MXCSR and x87
 * control word. entry must not return.
 */
void uk_arch_ctx_init(struct uk_arch_ctx *ctx, uintptr_t stack_top,
		      void (*entry)(void *), void *arg);

/* Where a switched-out context stopped: its return address and frame. */
void uk_arch_ctx_frame(const struct uk_arch_ctx *ctx, uintptr_t *pc,
		       uintptr_t *fp);

/* The whole x87/SSE state (FXSAVE format: XSAVE is not enabled). */
struct uk_arch_fpu {
	uint8_t area[512];
} __aligned(16);

static inline void uk_arch_fpu_save(struct uk_arch_fpu *f)
{
	__asm__ __volatile__("fxsave64 %0" : "=m"(*f));
}

static inline void uk_arch_fpu_restore(const struct uk_arch_fpu *f)
{
	__asm__ __volatile__("fxrstor64 %0" : : "m"(*f));
}

#endif /* UK_ARCH_CTX_H */
