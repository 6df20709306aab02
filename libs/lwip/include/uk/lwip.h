/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP in the kit (libs/lwip): starting it, its core lock, socket events
 * and socket errors. lwIP's own API comes from its headers, which every
 * object can include once LIBLWIP is selected: <lwip/tcpip.h>,
 * <lwip/netif.h>, <lwip/sockets.h> (musl's <sys/socket.h> types and
 * constants plus the lwip_* functions: both may be included in one file),
 * <netif/ethernet.h>...
 *
 * lwIP runs with NO_SYS=0 and LWIP_TCPIP_CORE_LOCKING: all of its core
 * (netif input, timers, PCBs) runs under one mutex, the core lock. lwIP's
 * thread ("lwip") takes it to run timers and callbacks; any other thread
 * takes it with uk_lwip_lock() to call lwIP's raw API or netif input
 * directly (the socket and netconn APIs take it themselves).
 */
#ifndef UK_LWIP_H
#define UK_LWIP_H

#include <stdbool.h>

/*
 * Starts lwIP (tcpip_init; its thread runs from the first time the caller
 * blocks). Called at boot (UK_INIT_LIB) when LIBLWIP is selected; later
 * calls return 0. 0 or
 * a negative errno.
 */
int uk_lwip_init(void);

/* The core lock (LOCK_TCPIP_CORE/UNLOCK_TCPIP_CORE); not recursive. */
void uk_lwip_lock(void);
void uk_lwip_unlock(void);
/* Takes it if no one holds it (a receive drain from the idle step must
 * not block): true if taken. */
bool uk_lwip_trylock(void);
/* The calling thread holds it. */
bool uk_lwip_locked(void);

/*
 * Socket events. lwIP keeps, for each socket, how many receive events are
 * pending (rcvevent: datagrams, segments, a connection to accept, the end
 * of the stream; a partly read buffer counts as one), whether it can send
 * (sendevent) and whether an error happened (errevent, e.g. a reset;
 * SO_ERROR says which), and whether a TCP peer has ended its stream
 * (peer_closed: its FIN is in; rcvevent counts it like data, so this
 * tells them apart). The hook runs after every change, with the new
 * state, from whichever thread made it, with the scheduler locked
 * (interrupts off, see uk/sched.h): it may raise or lower a file's
 * events and wake threads, but must not block or call into lwIP. s is
 * the number lwip_socket() or lwip_accept() returned (0 to
 * UK_LWIP_NUM_SOCKETS - 1); events of a socket the owner does not know
 * yet (its first ones, before lwip_accept() returned) are reported too
 * and are for it to ignore.
 *
 * What the hook cannot see, uk_lwip_socket_events() reads: the state of a
 * socket just created or accepted, and after each receive call (a receive
 * that leaves part of a buffer reports no event). Call it with the
 * scheduler locked to keep it in order with the hook. 0, or -EBADF.
 */
typedef void (*uk_lwip_socket_event_fn)(int s, int rcvevent, int sendevent,
					int errevent, int peer_closed);
/* Sets the hook (NULL: none); returns the previous one. */
uk_lwip_socket_event_fn uk_lwip_set_socket_event_hook(uk_lwip_socket_event_fn fn);
int uk_lwip_socket_events(int s, int *rcvevent, int *sendevent,
			  int *errevent, int *peer_closed);

#define UK_LWIP_NUM_SOCKETS	CONFIG_LIBLWIP_SOCKETS

/*
 * Errors: lwIP's socket functions return -1 and leave the error (a
 * positive errno value, Linux's) in the calling thread's uk_lwip_errno,
 * not in errno. Read it right after the call.
 */
extern __thread int uk_lwip_errno;

static inline int uk_lwip_error(void)
{
	return uk_lwip_errno;
}

#endif /* UK_LWIP_H */
