/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's lwip/inet.h with LWIP_SOCKET_EXTERNAL_HEADERS (lwipopts.h): the
 * address types are musl's (struct in_addr, struct in6_addr, INADDR_*),
 * plus the conversions to and from lwIP's addresses that sockets.c uses.
 * Both hold addresses in network byte order.
 */
#ifndef UK_LWIP_ARCH_INET_H
#define UK_LWIP_ARCH_INET_H

#include <string.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "lwip/def.h"
#include "lwip/ip_addr.h"
#include "lwip/ip6_addr.h"

#if LWIP_IPV4
#define inet_addr_from_ip4addr(in, ip4)					\
	((in)->s_addr = ip4_addr_get_u32(ip4))
#define inet_addr_to_ip4addr(ip4, in)					\
	ip4_addr_set_u32((ip4), (in)->s_addr)
#endif

#if LWIP_IPV6
/* ip6_addr_t keeps the 16 bytes as four words in network order, then
 * (with scopes) a zone that a struct in6_addr does not have */
#define inet6_addr_from_ip6addr(in6, ip6)				\
	memcpy((in6)->s6_addr, (ip6)->addr, 16)
#define inet6_addr_to_ip6addr(ip6, in6)					\
	do {								\
		memcpy((ip6)->addr, (in6)->s6_addr, 16);		\
		ip6_addr_clear_zone(ip6);				\
	} while (0)
#endif

#endif /* UK_LWIP_ARCH_INET_H */
