// SPDX-License-Identifier: BSD-3-Clause
/*
 * lwIP in the kit (uk/lwip.h): starting it at boot, the core lock, the
 * socket event hook, the per-thread socket error, and what lwIP's port
 * headers ask for (arch/cc.h, arch/hooks.h): diagnostics, assertions,
 * random numbers, TCP initial sequence numbers.
 */
#include <stdarg.h>

#include <uk/errno.h>
#include <uk/init.h>
#include <uk/lwip.h>
#include <uk/print.h>
#include <uk/random.h>
#include <uk/sched.h>

#include "lwip/init.h"
#include "lwip/sockets.h"
#include "lwip/tcpip.h"
#include "arch/hooks.h"

__thread int uk_lwip_errno;

static uk_lwip_socket_event_fn socket_event_hook;
/* tcpip_init() returned: the core lock exists and is checked */
static bool lwip_started;

/* --- start ------------------------------------------------------------------ */

int uk_lwip_init(void)
{
	static struct uk_mutex init_lock = UK_MUTEX_INITIALIZER(init_lock,
								 "lwip init");
	uk_mutex_lock(&init_lock);
	if (!lwip_started) {
		/* the core is ready when tcpip_init() returns (core locking);
		 * its thread, for timers, starts when the booting thread
		 * first blocks: it is not waited for */
		tcpip_init(NULL, NULL);
		lwip_started = true;
		uk_pr_info("lwIP " LWIP_VERSION_STRING " up\n");
	}
	uk_mutex_unlock(&init_lock);
	return 0;
}

static int lwip_boot_init(void)
{
	return uk_lwip_init();
}
uk_initcall(lwip_boot_init, UK_INIT_LIB);

/* --- the core lock -------------------------------------------------------------- */

void uk_lwip_lock(void)
{
	LOCK_TCPIP_CORE();
}

void uk_lwip_unlock(void)
{
	UNLOCK_TCPIP_CORE();
}

bool uk_lwip_trylock(void)
{
	return !uk_mutex_trylock(&lock_tcpip_core.mutex);
}

bool uk_lwip_locked(void)
{
	return uk_mutex_held(&lock_tcpip_core.mutex);
}

void uk_lwip_assert_core_locked(void)
{
	/* lwip_init() runs its core functions before the lock exists */
	if (lwip_started && unlikely(!uk_mutex_held(&lock_tcpip_core.mutex)))
		uk_panic("lwip: a core function called without the core lock "
			 "(uk_lwip_lock())");
}

/* --- socket events ------------------------------------------------------------ */

uk_lwip_socket_event_fn
uk_lwip_set_socket_event_hook(uk_lwip_socket_event_fn fn)
{
	unsigned long flags = uk_sched_lock();
	uk_lwip_socket_event_fn old = socket_event_hook;

	socket_event_hook = fn;
	uk_sched_unlock(flags);
	return old;
}

void uk_lwip_socket_event(int s, int rcvevent, int sendevent, int errevent,
			  int peer_closed)
{
	uk_lwip_socket_event_fn fn = socket_event_hook;

	if (fn)
		fn(s, rcvevent, sendevent, errevent, peer_closed);
}

int uk_lwip_socket_events(int s, int *rcvevent, int *sendevent,
			  int *errevent, int *peer_closed)
{
	return lwip_socket_events(s, rcvevent, sendevent, errevent,
				  peer_closed) ? -EBADF : 0;
}

/* --- what lwIP's port headers ask for ------------------------------------------ */

void uk_lwip_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_console_vprintf(fmt, ap);
	va_end(ap);
}

__noreturn void uk_lwip_assert_fail(const char *msg, const char *file,
				    int line)
{
	uk_panic("lwip: assertion \"%s\" failed at %s:%d", msg, file, line);
}

unsigned int uk_lwip_rand(void)
{
	unsigned int r;

	uk_preempt_disable();
	uk_random_fill(&r, sizeof(r));
	uk_preempt_enable();
	return r;
}

/*
 * Random initial sequence numbers, for every connection (lwIP's own are
 * a counter anyone can predict). The 4-tuple does not matter then: an old
 * connection's segments are kept out by TIME-WAIT, not by the ISN.
 */
u32_t uk_lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port,
		      const ip_addr_t *remote_ip, u16_t remote_port)
{
	LWIP_UNUSED_ARG(local_ip);
	LWIP_UNUSED_ARG(local_port);
	LWIP_UNUSED_ARG(remote_ip);
	LWIP_UNUSED_ARG(remote_port);
	return uk_lwip_rand();
}
