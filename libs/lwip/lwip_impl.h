/* SPDX-License-Identifier: BSD-3-Clause */
/* Between libs/lwip's own files: the receive drain (netif.c). */
#ifndef UK_LWIP_IMPL_H
#define UK_LWIP_IMPL_H

#include <stdbool.h>

/* A device has frames for lwIP (set in interrupt context). */
extern volatile bool uk_lwip_rx_waiting;
/* Hands every waiting frame to lwIP; the core lock held. */
void uk_lwip_drain_locked(void);
/* Device receive buffers lwIP holds now (scheduler lock). */
extern unsigned long uk_lwip_rx_held;
/* Drains if frames wait and the core lock is free. */
void uk_lwip_poll(void);
/*
 * TCP_CORK on lwIP socket s (cork.c): corking saves the socket's
 * TCP_NODELAY in *nodelay; uncorking sends what is held and restores it.
 */
int uk_lwip_tcp_cork(int s, bool cork, bool *nodelay);

#endif /* UK_LWIP_IMPL_H */
