// SPDX-License-Identifier: BSD-3-Clause
/*
 * What lwIP holds when the VM exits, on the console: connections by
 * state, the pools and the heap in use, and each device's counters. A
 * test that ends with every connection closed expects no TCP PCB but
 * the listening ones, no segment and no pbuf left (a leak shows here).
 */
#include <uk/boot.h>
#include <uk/lwip.h>
#include <uk/netdev.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>

#include "lwip/memp.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/stats.h"
#include "lwip/tcp.h"

#include "lwip_impl.h"

#if LWIP_STATS
static const char *const state_names[] = {
	"CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
	"FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
	"TIME_WAIT",
};

static unsigned int count(struct tcp_pcb *pcb)
{
	unsigned int n = 0;

	for (; pcb; pcb = pcb->next)
		n++;
	return n;
}

/* Connections whose close is under way (our FIN not acked yet, or the
 * peer's FIN still to come). */
static unsigned int closing(void)
{
	struct tcp_pcb *pcb;
	unsigned int n = 0;

	for (pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
		if (pcb->state == FIN_WAIT_1 || pcb->state == FIN_WAIT_2 ||
		    pcb->state == CLOSING ||
		    pcb->state == LAST_ACK)
			n++;
	return n;
}

static void lwip_exit_stats(int status)
{
	unsigned int i, n = uk_netdev_count(), busy, states[11] = { 0 };
	uint64_t deadline = ukplat_monotonic_ns() + 1000000000ULL;
	struct tcp_pcb *pcb;

	(void)status;
	/* a second for the last FINs to be acknowledged */
	for (;;) {
		uk_lwip_lock();
		busy = closing();
		uk_lwip_unlock();
		if (!busy || ukplat_monotonic_ns() > deadline)
			break;
		uk_sched_sleep_until(ukplat_monotonic_ns() + 10000000ULL);
	}
	uk_lwip_lock();
	for (pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
		if (pcb->state < 11)
			states[pcb->state]++;
	uk_console_printf("lwip: at exit: tcp active %u, time-wait %u, "
			  "listening %u; heap %u bytes in use; %lu device "
			  "buffers held\n",
			  count(tcp_active_pcbs), count(tcp_tw_pcbs),
			  count((struct tcp_pcb *)tcp_listen_pcbs.pcbs),
			  (unsigned int)lwip_stats.mem.used, uk_lwip_rx_held);
	if (count(tcp_active_pcbs)) {
		uk_console_printf("lwip: active by state:");
		for (i = 0; i < 11; i++)
			if (states[i])
				uk_console_printf(" %s %u",
						  state_names[i],
						  states[i]);
		uk_console_printf("\n");
	}
	uk_lwip_unlock();
	uk_console_printf("lwip: pools in use:");
	for (i = 0; i < MEMP_MAX; i++)
		if (lwip_stats.memp[i] && lwip_stats.memp[i]->used)
			uk_console_printf(" %s %u", lwip_stats.memp[i]->name,
					  (unsigned int)
					  lwip_stats.memp[i]->used);
	uk_console_printf("\n");
	for (i = 0; i < n; i++) {
		const struct uk_netdev *d = uk_netdev_get(i);
		const struct uk_netdev_stats *s = &d->stats;

		uk_console_printf("netdev: %s: rx %llu packets %llu bytes "
				  "%llu drops %llu errors, tx %llu packets "
				  "%llu bytes %llu drops %llu errors\n",
				  d->name, (unsigned long long)s->rx_packets,
				  (unsigned long long)s->rx_bytes,
				  (unsigned long long)s->rx_drops,
				  (unsigned long long)s->rx_errors,
				  (unsigned long long)s->tx_packets,
				  (unsigned long long)s->tx_bytes,
				  (unsigned long long)s->tx_drops,
				  (unsigned long long)s->tx_errors);
	}
}
uk_exitcall(lwip_exit_stats);
#endif
