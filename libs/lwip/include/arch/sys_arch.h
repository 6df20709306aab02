/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's OS types over lib/sched and lib/lock (libs/lwip/sys_arch.c has
 * the functions): a mutex is a uk_mutex, a semaphore a uk_sem, a mailbox a
 * ring with two semaphores, a thread a uk_thread. SYS_ARCH_PROTECT is the
 * scheduler lock (interrupts off, nestable): inline, lwIP takes it for
 * every pbuf reference and pool operation.
 */
#ifndef UK_LWIP_ARCH_SYS_ARCH_H
#define UK_LWIP_ARCH_SYS_ARCH_H

#include <stdbool.h>
#include <uk/lock.h>
#include <uk/sched.h>

typedef struct {
	struct uk_sem sem;
	bool valid;
} sys_sem_t;

typedef struct {
	struct uk_mutex mutex;
	bool valid;
} sys_mutex_t;

struct uk_lwip_mbox;
typedef struct uk_lwip_mbox *sys_mbox_t;
typedef struct uk_thread *sys_thread_t;

#define sys_sem_valid(s)		((s)->valid)
#define sys_sem_set_invalid(s)		((s)->valid = false)
#define sys_mutex_valid(m)		((m)->valid)
#define sys_mutex_set_invalid(m)	((m)->valid = false)
#define sys_mbox_valid(mb)		(*(mb) != NULL)
#define sys_mbox_set_invalid(mb)	(*(mb) = NULL)
#define SYS_MBOX_NULL			NULL

typedef unsigned long sys_prot_t;
#define SYS_ARCH_DECL_PROTECT(lev)	sys_prot_t lev
#define SYS_ARCH_PROTECT(lev)		((lev) = uk_sched_lock())
#define SYS_ARCH_UNPROTECT(lev)		uk_sched_unlock(lev)

#endif /* UK_LWIP_ARCH_SYS_ARCH_H */
