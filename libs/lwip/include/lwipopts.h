/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's configuration for the kit: fixed design choices, and values from
 * libs/lwip/Config.uk (the CONFIG_ symbols: uk/config.h is included in
 * every object, and the build records which symbols each object's
 * headers mention, so a change rebuilds what includes this file).
 * What each option means: lwIP's src/include/lwip/opt.h. Why these
 * values: libs/lwip/README.md.
 */
#ifndef UK_LWIPOPTS_H
#define UK_LWIPOPTS_H

/* --- the system: threads, core lock, sockets over netconns ------------- */
#define NO_SYS				0
#define SYS_LIGHTWEIGHT_PROT		1	/* the scheduler lock */
#define LWIP_TCPIP_CORE_LOCKING		1
#define LWIP_TCPIP_CORE_LOCKING_INPUT	1	/* netif input under the lock */
#define LWIP_TCPIP_TIMEOUT		0
#define LWIP_NETCONN			1
#define LWIP_NETCONN_FULLDUPLEX		0
#define LWIP_NETCONN_SEM_PER_THREAD	0
#define LWIP_NETIF_API			1
#define TCPIP_THREAD_NAME		"lwip"
#define TCPIP_THREAD_STACKSIZE		0	/* LIBSCHED_STACK_SIZE */
#define TCPIP_THREAD_PRIO		0
#define TCPIP_MBOX_SIZE			256

#define LWIP_SOCKET			1
#define LWIP_COMPAT_SOCKETS		0	/* no socket(), recv()...: musl's */
#define LWIP_POSIX_SOCKETS_IO_NAMES	0
#define LWIP_SOCKET_OFFSET		0
#define LWIP_SOCKET_SELECT		0	/* the kit has its own */
#define LWIP_SOCKET_POLL		1	/* for event_callback (the hook) */
#define LWIP_SO_SNDTIMEO		0	/* the kit blocks itself */
#define LWIP_SO_RCVTIMEO		0
#define LWIP_SO_RCVBUF			1
#define LWIP_SO_LINGER			1	/* l_linger 0 only: inet.c */
#define SO_REUSE			1
#define SO_REUSE_RXTOALL		1
#define LWIP_TCP_KEEPALIVE		1
#define LWIP_FIONREAD_LINUXMODE		1
#define LWIP_TIMEVAL_PRIVATE		0
/* lwIP's socket API uses musl's types and constants (Linux's): see
 * arch/sockets.h and the README ("Headers") */
#define LWIP_SOCKET_EXTERNAL_HEADERS	1
#define LWIP_SOCKET_EXTERNAL_HEADER_SOCKETS_H	"arch/sockets.h"
#define LWIP_SOCKET_EXTERNAL_HEADER_INET_H	"arch/inet.h"
#define LWIP_SOCKADDR_HAS_LEN		0	/* patches/0001 */

#define DEFAULT_TCP_RECVMBOX_SIZE	CONFIG_LIBLWIP_TCP_RECV_QUEUE
#define DEFAULT_UDP_RECVMBOX_SIZE	128
#define DEFAULT_RAW_RECVMBOX_SIZE	128
#define DEFAULT_ACCEPTMBOX_SIZE		256	/* listen()'s backlog: <= 255 */

/* the kit's hooks (arch/hooks.h): socket events, TCP ISNs */
#define LWIP_HOOK_FILENAME		"arch/hooks.h"
#define LWIP_HOOK_SOCKET_EVENT(s, rcv, snd, err, peer_closed)		\
	uk_lwip_socket_event((s), (rcv), (snd), (err), (peer_closed))
#define LWIP_HOOK_TCP_ISN(lip, lport, rip, rport)			\
	uk_lwip_tcp_isn((lip), (lport), (rip), (rport))
#define LWIP_HOOK_DHCP_PARSE_OPTION(nif, dhcp, state, msg, type, opt,	\
				    len, p, off)			\
	do {								\
		LWIP_UNUSED_ARG(msg);					\
		uk_lwip_dhcp_option((nif), (opt), (len), (p), (off));	\
	} while (0)

/* --- memory ---------------------------------------------------------------- */
/* lwIP's heap is the kit's allocator (aligned to 16 bytes); MEM_SIZE only
 * makes mem_size_t 32 bits wide: nothing of that size is reserved */
#include <uk/alloc.h>
#define MEM_LIBC_MALLOC			1
#define mem_clib_malloc			uk_malloc
#define mem_clib_free			uk_free
#define mem_clib_calloc			uk_calloc
#define MEM_ALIGNMENT			8
#define MEM_SIZE			(16 * 1024 * 1024)

#define MEMP_NUM_NETCONN		CONFIG_LIBLWIP_SOCKETS
#ifdef CONFIG_LIBLWIP_MEM_HEAP
#define MEMP_MEM_MALLOC			1
/* counts are no limits with MEMP_MEM_MALLOC: init.c's check that there
 * are more PCBs than sockets means nothing then */
#define LWIP_DISABLE_MEMP_SANITY_CHECKS	1
#define MEMP_NUM_TCP_PCB		CONFIG_LIBLWIP_SOCKETS
#define MEMP_NUM_TCP_PCB_LISTEN		CONFIG_LIBLWIP_SOCKETS
#define MEMP_NUM_UDP_PCB		CONFIG_LIBLWIP_SOCKETS
#else
#define MEMP_MEM_MALLOC			0
#define MEMP_NUM_TCP_PCB		CONFIG_LIBLWIP_TCP_PCBS
#define MEMP_NUM_TCP_PCB_LISTEN		CONFIG_LIBLWIP_TCP_LISTEN_PCBS
#define MEMP_NUM_UDP_PCB		CONFIG_LIBLWIP_UDP_PCBS
#define MEMP_NUM_TCP_SEG		CONFIG_LIBLWIP_TCP_SEGS
#define PBUF_POOL_SIZE			CONFIG_LIBLWIP_PBUF_POOL_SIZE
#define MEMP_NUM_PBUF			64
#define MEMP_NUM_NETBUF			64
#define MEMP_NUM_TCPIP_MSG_API		64
#define MEMP_NUM_TCPIP_MSG_INPKT	64
#define MEMP_NUM_ARP_QUEUE		32
#define MEMP_NUM_ND6_QUEUE		32
#define MEMP_NUM_REASSDATA		8
#define MEMP_NUM_FRAG_PBUF		32
#define MEMP_NUM_IGMP_GROUP		16
#define MEMP_NUM_MLD6_GROUP		16
#define MEMP_NUM_SYS_TIMEOUT		(LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
#endif
#define MEMP_NUM_RAW_PCB		0
#define LWIP_SUPPORT_CUSTOM_PBUF	1	/* zero-copy receive buffers */

/* --- protocols -------------------------------------------------------------- */
#define LWIP_IPV4			1
#ifdef CONFIG_LIBLWIP_IPV6
#define LWIP_IPV6			1
#else
#define LWIP_IPV6			0
#endif
#define LWIP_IPV6_MLD			LWIP_IPV6
#define LWIP_IPV6_AUTOCONFIG		LWIP_IPV6
#define LWIP_IPV6_DHCP6			0	/* DNS servers only: no DNS here */
#define LWIP_ND6_ALLOW_RA_UPDATES	1
#define LWIP_IPV6_FORWARD		0
#define IP_FORWARD			0
#define IP_REASSEMBLY			1
#define IP_FRAG				1
/* 64-bit pointers do not fit in the 8 bytes of a fragment header */
#define IPV6_FRAG_COPYHEADER		1

#define LWIP_ARP			1
#define ARP_QUEUEING			1
#define ETHARP_SUPPORT_STATIC_ENTRIES	0
#define LWIP_ETHERNET			1
#define LWIP_ICMP			1
#define LWIP_RAW			0	/* no SOCK_RAW */
#define LWIP_UDP			1
#define LWIP_UDPLITE			0
#define LWIP_TCP			1
#define LWIP_DNS			0	/* musl resolves names itself */
#define LWIP_AUTOIP			0
#ifdef CONFIG_LIBLWIP_IGMP
#define LWIP_IGMP			1
#else
#define LWIP_IGMP			0
#endif
#ifdef CONFIG_LIBLWIP_DHCP
#define LWIP_DHCP			1
#else
#define LWIP_DHCP			0
#endif
#define DHCP_DOES_ARP_CHECK		0
#define LWIP_RANDOMIZE_INITIAL_LOCAL_PORTS 1

/* TCP: the window is scaled whenever it exceeds 16 bits; scaling is
 * always on so that windows and buffers are 32-bit counts */
#define TCP_MSS				CONFIG_LIBLWIP_TCP_MSS
#define TCP_WND				CONFIG_LIBLWIP_TCP_WND
#define TCP_SND_BUF			CONFIG_LIBLWIP_TCP_SND_BUF
#define LWIP_WND_SCALE			1
#if TCP_WND <= 0xffff
#define TCP_RCV_SCALE			0
#elif TCP_WND <= 0x1fffe
#define TCP_RCV_SCALE			1
#elif TCP_WND <= 0x3fffc
#define TCP_RCV_SCALE			2
#elif TCP_WND <= 0x7fff8
#define TCP_RCV_SCALE			3
#else
#define TCP_RCV_SCALE			4
#endif
/* lwIP's default (half the buffer), kept 4 MSS below 64 KiB as init.c
 * wants even with scaling */
#define TCP_SNDLOWAT	LWIP_MIN(LWIP_MIN(LWIP_MAX((TCP_SND_BUF) / 2,	\
					   2 * TCP_MSS + 1),		\
				  (TCP_SND_BUF) - 1),			\
			 0xffff - 4 * TCP_MSS - 1)
#define TCP_MSL				CONFIG_LIBLWIP_TCP_MSL
/*
 * No per-listener count of connections waiting for accept(): with it,
 * under sustained load (nginx accepting one connection per event,
 * clients reconnecting), the listener came to drop every SYN for good
 * (support/bench/soak); without it, not. The accept mailbox
 * (DEFAULT_ACCEPTMBOX_SIZE) still bounds the queue.
 */
#define TCP_LISTEN_BACKLOG		0
#define TCP_OVERSIZE			TCP_MSS
#define TCP_QUEUE_OOSEQ			1
#define LWIP_TCP_TIMESTAMPS		0

/* --- interfaces --------------------------------------------------------------- */
#define LWIP_SINGLE_NETIF		0
#define LWIP_NETIF_STATUS_CALLBACK	1
#define LWIP_NETIF_LINK_CALLBACK	1
#define LWIP_NETIF_EXT_STATUS_CALLBACK	1
#define LWIP_NETIF_HOSTNAME		1
#define LWIP_NETIF_TX_SINGLE_PBUF	0
#ifdef CONFIG_LIBLWIP_LOOPBACK
#define LWIP_HAVE_LOOPIF		1
#define LWIP_NETIF_LOOPBACK		1
#else
#define LWIP_HAVE_LOOPIF		0
#define LWIP_NETIF_LOOPBACK		0
#endif

/* --- checksums ---------------------------------------------------------------- */
#define LWIP_CHECKSUM_CTRL_PER_NETIF	1
#define LWIP_CHKSUM_ALGORITHM		3
#ifdef CONFIG_LIBLWIP_CHECKSUM_GEN
#define UK_LWIP_CSUM_GEN		1
#else
#define UK_LWIP_CSUM_GEN		0
#endif
#ifdef CONFIG_LIBLWIP_CHECKSUM_CHECK
#define UK_LWIP_CSUM_CHECK		1
#else
#define UK_LWIP_CSUM_CHECK		0
#endif
#define CHECKSUM_GEN_IP			UK_LWIP_CSUM_GEN
#define CHECKSUM_GEN_UDP		UK_LWIP_CSUM_GEN
#define CHECKSUM_GEN_TCP		UK_LWIP_CSUM_GEN
#define CHECKSUM_GEN_ICMP		UK_LWIP_CSUM_GEN
#define CHECKSUM_GEN_ICMP6		UK_LWIP_CSUM_GEN
#define CHECKSUM_CHECK_IP		UK_LWIP_CSUM_CHECK
#define CHECKSUM_CHECK_UDP		UK_LWIP_CSUM_CHECK
#define CHECKSUM_CHECK_TCP		UK_LWIP_CSUM_CHECK
#define CHECKSUM_CHECK_ICMP		UK_LWIP_CSUM_CHECK
#define CHECKSUM_CHECK_ICMP6		UK_LWIP_CSUM_CHECK

/* --- statistics and checks ------------------------------------------------------- */
#ifdef CONFIG_LIBLWIP_STATS
#define LWIP_STATS			1
#define LWIP_STATS_DISPLAY		1
#define MEM_STATS			1
#define MEMP_STATS			1
#define SYS_STATS			1
#else
#define LWIP_STATS			0
#endif

#ifdef CONFIG_LIBLWIP_ASSERTS
#define LWIP_ASSERT_CORE_LOCKED()	uk_lwip_assert_core_locked()
#else
#define LWIP_NOASSERT			1
#endif

#endif /* UK_LWIPOPTS_H */
