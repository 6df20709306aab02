// SPDX-License-Identifier: BSD-3-Clause
/*
 * lwIP's interfaces over lib/netdev, and their configuration at boot.
 *
 * Receive without a thread: a device's interrupt only sets rx_waiting.
 * The frames are handed to lwIP under its core lock by whoever comes
 * first: the scheduler's idle step (on the stack of the thread that
 * blocked last), a thread about to block in a socket call
 * (uk_socket_before_wait), or the thread releasing the core lock. So the
 * one context switch on receive is the wake-up of the application.
 * Frames larger than RX_COPY_MAX stay in the driver's buffer (a custom
 * pbuf that gives it back when lwIP frees it); small ones are copied so
 * that requests waiting in socket queues do not hold the device's pool.
 *
 * Transmit posts the pbuf chain's segments without copying; the chain is
 * referenced until the device is done, which also tells lwIP's TCP not
 * to rewrite a segment still in flight. Completions are reclaimed at the
 * next transmit and, while some are outstanding, by a 100 ms timer.
 *
 * Configuration: DHCP by default, waited for at boot (netdev.dhcp_wait=
 * seconds); netdev.ip=ADDR/PREFIX[:GATEWAY[:DNS]] sets a static address
 * instead. IPv6 link-local and SLAAC always. The DNS server goes to
 * /etc/resolv.conf for musl's resolver; netdev.hostname= names the VM.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <uk/init.h>
#include <uk/lwip.h>
#include <uk/netdev.h>
#include <uk/param.h>
#include <uk/plat.h>
#include <uk/print.h>
#include <uk/sched.h>
#include <uk/socket.h>
#if CONFIG_LIBVFS
#include <uk/vfs.h>
#endif

#include "lwip/dhcp.h"
#include "lwip/etharp.h"
#include "lwip/ip.h"
#include "lwip/ethip6.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"

#include "arch/hooks.h"
#include "lwip_impl.h"

#define MAX_NETIFS	4
#define RX_BUDGET	64
#define RX_COPY_MAX	256
#define TX_SEGS		16
#define TX_RECLAIM_MS	100

struct ifc {
	struct netif nif;
	struct uk_netdev *nd;
	ip4_addr_t dns;			/* 0: none known */
};

static struct ifc ifcs[MAX_NETIFS];
static unsigned int nr_ifcs;
static bool reclaim_armed;
volatile bool uk_lwip_rx_waiting;
/* device receive buffers lwIP holds (as custom pbufs) */
unsigned long uk_lwip_rx_held;

static const char *param_ip = "";
UK_PARAM_STR(netdev, ip, param_ip,
	     "static IPv4 configuration ADDR/PREFIX[:GATEWAY[:DNS]] for the "
	     "first NIC (default: DHCP)");
static const char *param_hostname = "unikit";
UK_PARAM_STR(netdev, hostname, param_hostname,
	     "the VM's host name (sent with DHCP requests)");
static int param_dhcp_wait = 10;
UK_PARAM_INT(netdev, dhcp_wait, param_dhcp_wait, 0, 3600,
	     "seconds to wait at boot for a DHCP lease (0: do not wait)");

_Static_assert(sizeof(struct pbuf_custom) <= UK_NETBUF_STACK_PRIV,
	       "a pbuf_custom must fit in a netbuf's stack_priv");

/* --- receive ------------------------------------------------------------------ */

static void rx_notify(struct uk_netdev *d)
{
	uk_lwip_rx_waiting = true;
}

static void rx_pbuf_free(struct pbuf *p)
{
	struct uk_netbuf *nb = (struct uk_netbuf *)
		((char *)p - offsetof(struct uk_netbuf, stack_priv));
	unsigned long flags = uk_sched_lock();

	uk_lwip_rx_held--;
	uk_sched_unlock(flags);
	uk_netbuf_free(nb);
}

static void deliver(struct uk_netdev *d, struct uk_netbuf *nb)
{
	struct ifc *c = d->stack_priv;
	struct pbuf_custom *pc;
	struct pbuf *p;

	if (nb->len <= RX_COPY_MAX) {
		p = pbuf_alloc(PBUF_RAW, nb->len, PBUF_RAM);
		if (p)
			memcpy(p->payload, nb->data, nb->len);
		uk_netbuf_free(nb);
	} else {
		pc = (struct pbuf_custom *)nb->stack_priv;
		pc->custom_free_function = rx_pbuf_free;
		p = pbuf_alloced_custom(PBUF_RAW, nb->len, PBUF_REF, pc,
					nb->data, nb->len);
		if (!p)
			uk_netbuf_free(nb);
		else
			uk_lwip_rx_held++;
	}
	if (!p) {
		d->stats.rx_drops++;
		return;
	}
	if (c->nif.input(p, &c->nif) != ERR_OK)
		pbuf_free(p);
}

void uk_lwip_drain_locked(void)
{
	unsigned int i;
	struct uk_netdev *d;

	while (uk_lwip_rx_waiting) {
		uk_lwip_rx_waiting = false;
		for (i = 0; i < nr_ifcs; i++) {
			d = ifcs[i].nd;
			while (d->rx_pending &&
			       d->ops->rx_poll(d, RX_BUDGET, deliver) ==
			       RX_BUDGET)
				;
		}
	}
}

void uk_lwip_poll(void)
{
	if (!uk_lwip_rx_waiting || uk_lwip_locked() || !uk_lwip_trylock())
		return;		/* nothing, or the holder drains at unlock */
	uk_lwip_drain_locked();
	uk_lwip_unlock();
}

/* The idle step: frames that came while every thread waited. */
static void lwip_idle(void)
{
	uk_lwip_poll();
}
uk_sched_idle_hook(lwip_idle);

/* --- transmit ------------------------------------------------------------------ */

static void tx_done(void *arg)
{
	pbuf_free(arg);
}

static void tx_reclaim_timer(void *arg)
{
	unsigned int i, left = 0;

	reclaim_armed = false;
	for (i = 0; i < nr_ifcs; i++)
		if (ifcs[i].nd->ops->tx_reclaim)
			left += ifcs[i].nd->ops->tx_reclaim(ifcs[i].nd);
	if (left) {
		reclaim_armed = true;
		sys_timeout(TX_RECLAIM_MS, tx_reclaim_timer, NULL);
	}
}

static err_t linkoutput(struct netif *nif, struct pbuf *p)
{
	struct ifc *c = nif->state;
	struct uk_netdev *d = c->nd;
	struct iovec iov[TX_SEGS];
	struct pbuf *q, *flat = NULL;
	int n = 0;

	if (!d->link_up) {
		d->stats.tx_drops++;
		return ERR_IF;
	}
	for (q = p; q && n < TX_SEGS; q = q->next) {
		if (!q->len)
			continue;
		iov[n].iov_base = q->payload;
		iov[n++].iov_len = q->len;
	}
	if (q) {
		/* too many pieces for one post: one copy */
		flat = pbuf_clone(PBUF_RAW, PBUF_RAM, p);
		if (!flat) {
			d->stats.tx_drops++;
			return ERR_MEM;
		}
		p = flat;
		iov[0].iov_base = p->payload;
		iov[0].iov_len = p->len;
		n = 1;
	} else {
		pbuf_ref(p);
	}
	if (d->ops->xmit(d, iov, n, tx_done, p)) {
		pbuf_free(p);
		d->stats.tx_drops++;
		return ERR_MEM;
	}
	if (!reclaim_armed && d->ops->tx_reclaim) {
		reclaim_armed = true;
		sys_timeout(TX_RECLAIM_MS, tx_reclaim_timer, NULL);
	}
	return ERR_OK;
}

/* --- interfaces ---------------------------------------------------------------- */

static err_t ifc_init(struct netif *nif)
{
	struct ifc *c = nif->state;

	nif->name[0] = 'e';
	nif->name[1] = 'n';
	nif->hwaddr_len = ETH_HWADDR_LEN;
	memcpy(nif->hwaddr, c->nd->mac, ETH_HWADDR_LEN);
	nif->mtu = c->nd->mtu;
#if LWIP_IPV6
	nif->mtu6 = c->nd->mtu;
#endif
	nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP |
		     NETIF_FLAG_ETHERNET | NETIF_FLAG_IGMP | NETIF_FLAG_MLD6;
	nif->output = etharp_output;
#if LWIP_IPV6
	nif->output_ip6 = ethip6_output;
#endif
	nif->linkoutput = linkoutput;
	netif_set_hostname(nif, param_hostname);
	return ERR_OK;
}

/* netdev.ip=ADDR/PREFIX[:GATEWAY[:DNS]] */
static int parse_static(const char *s, ip4_addr_t *ip, ip4_addr_t *mask,
			ip4_addr_t *gw, ip4_addr_t *dns)
{
	char buf[64], *part[3] = { NULL, NULL, NULL }, *slash, *end;
	unsigned int i = 0;
	long prefix;

	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	part[0] = buf;
	for (end = buf; *end; end++) {
		if (*end == ':') {
			if (i == 2)
				return -EINVAL;
			*end = 0;
			part[++i] = end + 1;
		}
	}
	slash = strchr(part[0], '/');
	if (!slash)
		return -EINVAL;
	*slash++ = 0;
	prefix = strtol(slash, &end, 10);
	if (!*slash || *end || prefix < 1 || prefix > 32 ||
	    !ip4addr_aton(part[0], ip))
		return -EINVAL;
	ip4_addr_set_u32(mask, lwip_htonl(0xffffffffu << (32 - prefix)));
	ip4_addr_set_zero(gw);
	ip4_addr_set_zero(dns);
	if (part[1] && *part[1] && !ip4addr_aton(part[1], gw))
		return -EINVAL;
	if (part[2] && *part[2] && !ip4addr_aton(part[2], dns))
		return -EINVAL;
	return 0;
}

/* DHCP's option 6 (lwIP keeps DNS servers only with its own resolver). */
void uk_lwip_dhcp_option(struct netif *nif, u8_t option, u8_t len,
			 struct pbuf *p, u16_t offset)
{
	struct ifc *c;
	u32_t a;

	/* lwIP passes the netif that accepted the broadcast, which may be
	 * another; the one it came in on is the input netif */
	nif = ip_current_input_netif();
	if (option != 6 || len < 4 || !nif)
		return;
	c = nif->state;
	if (c < ifcs || c >= ifcs + MAX_NETIFS)
		return;
	if (pbuf_copy_partial(p, &a, 4, offset) == 4)
		ip4_addr_set_u32(&c->dns, a);
}

static void write_resolv_conf(const ip4_addr_t *dns)
{
#if CONFIG_LIBVFS
	char text[64];
	int rc;

	if (!uk_vfs_root)
		return;
	rc = uk_vfs_create_file("/etc/resolv.conf", 0644, text,
				snprintf(text, sizeof(text), "nameserver %s\n",
					 ip4addr_ntoa(dns)));
	/* -EEXIST: the app's root brings its own */
	if (rc && rc != -EEXIST)
		uk_pr_warn("netdev: cannot write /etc/resolv.conf: error %d\n",
			   -rc);
#endif
}

static void say_config(struct ifc *c, const char *how)
{
	char ip[16], mask[16], gw[16];

	strcpy(ip, ip4addr_ntoa(netif_ip4_addr(&c->nif)));
	strcpy(mask, ip4addr_ntoa(netif_ip4_netmask(&c->nif)));
	strcpy(gw, ip4addr_ntoa(netif_ip4_gw(&c->nif)));
	uk_console_printf("netdev: %s (%c%c%u) %s netmask %s gateway %s dns %s "
		   "(%s)\n", c->nd->name, c->nif.name[0], c->nif.name[1],
		   c->nif.num, ip, mask, gw,
		   ip4_addr_isany_val(c->dns) ? "none" :
		   ip4addr_ntoa(&c->dns), how);
}

static int netif_boot(void)
{
	ip4_addr_t ip, mask, gw, dns;
	unsigned int i, n = uk_netdev_count();
	bool static_ip = param_ip && *param_ip;
	uint64_t deadline;
	struct ifc *c;

	if (static_ip && parse_static(param_ip, &ip, &mask, &gw, &dns)) {
		uk_pr_err("netdev.ip=%s: not ADDR/PREFIX[:GATEWAY[:DNS]] "
			  "(e.g. netdev.ip=10.0.2.15/24:10.0.2.2:10.0.2.3)\n",
			  param_ip);
		return -EINVAL;
	}
	if (!n) {
		uk_pr_warn("netdev: no network device: sockets work on "
			   "loopback only\n");
		return 0;
	}
	uk_lwip_lock();		/* lwIP started at UK_INIT_LIB */
	for (i = 0; i < n && nr_ifcs < MAX_NETIFS; i++) {
		c = &ifcs[nr_ifcs];
		c->nd = uk_netdev_get(i);
		c->nd->stack_priv = c;
		if (!netif_add(&c->nif, NULL, NULL, NULL, c, ifc_init,
			       ethernet_input)) {
			uk_pr_err("netdev: %s: lwIP refused it\n",
				  c->nd->name);
			continue;
		}
		nr_ifcs++;
		c->nd->rx_notify = rx_notify;
		if (c->nd->rx_pending)
			uk_lwip_rx_waiting = true;
		if (nr_ifcs == 1)
			netif_set_default(&c->nif);
#if LWIP_IPV6
		netif_create_ip6_linklocal_address(&c->nif, 1);
		netif_set_ip6_autoconfig_enabled(&c->nif, 1);
#endif
		if (c->nd->link_up)
			netif_set_link_up(&c->nif);
		if (nr_ifcs == 1 && static_ip) {
			netif_set_addr(&c->nif, &ip, &mask, &gw);
			c->dns = dns;
		}
		netif_set_up(&c->nif);
#if LWIP_DHCP
		if (!(nr_ifcs == 1 && static_ip))
			dhcp_start(&c->nif);
#endif
	}
	uk_lwip_unlock();
	if (!nr_ifcs)
		return 0;
	c = &ifcs[0];
	if (!static_ip) {
#if LWIP_DHCP
		deadline = ukplat_monotonic_ns() +
			   (uint64_t)param_dhcp_wait * 1000000000ULL;
		while (param_dhcp_wait && ukplat_monotonic_ns() < deadline) {
			bool done;

			uk_lwip_lock();
			done = dhcp_supplied_address(&c->nif);
			uk_lwip_unlock();
			if (done)
				break;
			uk_sched_sleep_until(ukplat_monotonic_ns() +
					     2000000ULL);
		}
		if (!dhcp_supplied_address(&c->nif)) {
			uk_pr_warn("netdev: %s: no DHCP answer in %d s (still "
				   "asking); set an address with netdev.ip="
				   "ADDR/PREFIX[:GATEWAY[:DNS]]\n",
				   c->nd->name, param_dhcp_wait);
			return 0;
		}
#endif
		say_config(c, "DHCP");
	} else {
		say_config(c, "netdev.ip");
	}
	if (!ip4_addr_isany_val(c->dns))
		write_resolv_conf(&c->dns);
	return 0;
}
uk_initcall_prio(netif_boot, UK_INIT_SYS, 9);

/* Socket calls that are about to block first take in what has come. */
static int before_wait_init(void)
{
	uk_socket_before_wait = uk_lwip_poll;
	return 0;
}
uk_initcall(before_wait_init, UK_INIT_LIB);
