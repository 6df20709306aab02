// SPDX-License-Identifier: BSD-3-Clause
/*
 * TCP_CORK over lwIP, which has none. Linux holds partial segments while
 * a socket is corked and sends them at once when it is uncorked, Nagle
 * or not; nginx (tcp_nopush on) relies on that: it corks, writes the
 * headers, sends the file, uncorks, and sets no TCP_NODELAY, so without
 * the push the body waits for the peer's delayed ACK (40 ms and more).
 * Here, corked, Nagle holds what follows the first segment; uncorked,
 * one output runs with Nagle off, then the socket's own TCP_NODELAY
 * comes back.
 */
#include <uk/lwip.h>

#include "lwip/priv/sockets_priv.h"
#include "lwip/api.h"
#include "lwip/tcp.h"

#include "lwip_impl.h"

static struct tcp_pcb *tcp_pcb_of(int s)
{
	struct lwip_sock *sock = lwip_socket_dbg_get_socket(s);

	if (!sock || !sock->conn ||
	    NETCONNTYPE_GROUP(netconn_type(sock->conn)) != NETCONN_TCP)
		return NULL;
	return sock->conn->pcb.tcp;
}

int uk_lwip_tcp_cork(int s, bool cork, bool *nodelay)
{
	struct tcp_pcb *pcb;

	uk_lwip_lock();
	pcb = tcp_pcb_of(s);
	if (!pcb || pcb->state == LISTEN) {
		uk_lwip_unlock();
		return 0;	/* kept; it acts on a connection */
	}
	if (cork) {
		*nodelay = tcp_nagle_disabled(pcb);
		tcp_nagle_enable(pcb);
	} else {
		tcp_nagle_disable(pcb);
		tcp_output(pcb);
		if (!*nodelay)
			tcp_nagle_enable(pcb);
	}
	uk_lwip_unlock();
	return 0;
}
