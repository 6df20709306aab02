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
#include <uk/plat.h>
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
 * Initial sequence numbers as RFC 6528 has them: a keyed hash of the
 * 4-tuple plus a clock (64 ns steps, as Linux). lwIP's own are a counter
 * anyone can predict. For one 4-tuple they grow with time, so that a
 * connection reopened from TIME-WAIT (lwIP patch 0003) starts past the
 * old one's sequence numbers, as RFC 1122 4.2.2.13 asks.
 */
static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 29);
}

static uint64_t mix_ip(uint64_t h, const ip_addr_t *a)
{
#if LWIP_IPV6
	if (IP_IS_V6(a)) {
		const ip6_addr_t *a6 = ip_2_ip6(a);

		h = mix(h, (uint64_t)a6->addr[0] << 32 | a6->addr[1]);
		return mix(h, (uint64_t)a6->addr[2] << 32 | a6->addr[3]);
	}
#endif
	return mix(h, ip4_addr_get_u32(ip_2_ip4(a)));
}

u32_t uk_lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port,
		      const ip_addr_t *remote_ip, u16_t remote_port)
{
	static uint64_t secret;
	uint64_t h;

	while (!secret) {
		uk_preempt_disable();
		uk_random_fill(&secret, sizeof(secret));
		uk_preempt_enable();
	}
	h = mix_ip(mix(secret, (uint64_t)local_port << 16 | remote_port),
		   local_ip);
	h = mix_ip(h, remote_ip);
	return (u32_t)(h >> 32) + (u32_t)(ukplat_monotonic_ns() >> 6);
}
