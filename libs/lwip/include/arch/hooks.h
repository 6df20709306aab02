/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The functions behind lwIP's hooks (lwipopts.h), included by the lwIP
 * files that call them (LWIP_HOOK_FILENAME). libs/lwip/glue.c has them.
 */
#ifndef UK_LWIP_ARCH_HOOKS_H
#define UK_LWIP_ARCH_HOOKS_H

#include "lwip/ip_addr.h"

/* LWIP_HOOK_SOCKET_EVENT: scheduler locked; calls the registered hook */
void uk_lwip_socket_event(int s, int rcvevent, int sendevent, int errevent,
			  int peer_closed);
/* LWIP_HOOK_TCP_ISN: an initial sequence number nobody can guess */
u32_t uk_lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port,
		      const ip_addr_t *remote_ip, u16_t remote_port);

/* LWIP_HOOK_DHCP_PARSE_OPTION: keeps the DNS server (option 6) */
struct netif;
struct pbuf;
void uk_lwip_dhcp_option(struct netif *nif, u8_t option, u8_t len,
			 struct pbuf *p, u16_t offset);

#endif /* UK_LWIP_ARCH_HOOKS_H */
