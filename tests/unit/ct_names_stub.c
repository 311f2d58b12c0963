/* Stand-in for the codec's name tables (lib/ct_codec.c) until that lands
 * in main: weak, so the real ones win whenever libctbox.a has them.
 * Contents from spec §2.1. */
#include <netinet/in.h>
#include <linux/netlink.h>
#include "ct.h"

#define WEAK __attribute__((weak))

WEAK const char *ct_l4_name(uint8_t l4)
{
	switch (l4) {
	case IPPROTO_TCP: return "tcp";
	case IPPROTO_UDP: return "udp";
	case IPPROTO_UDPLITE: return "udplite";
	case IPPROTO_ICMP: return "icmp";
	case IPPROTO_ICMPV6: return "icmpv6";
	case IPPROTO_SCTP: return "sctp";
	case IPPROTO_GRE: return "gre";
	case IPPROTO_DCCP: return "dccp";
	}
	return "unknown";
}

WEAK const char *ct_l3_name(uint8_t l3)
{
	return l3 == AF_INET ? "ipv4" : l3 == AF_INET6 ? "ipv6" : "unknown";
}

static const char *pick(const char *const *t, unsigned int n, uint8_t s)
{
	return s < n ? t[s] : "NONE";
}

WEAK const char *ct_tcp_state_name(uint8_t s)
{
	static const char *const t[] = { "NONE", "SYN_SENT", "SYN_RECV",
		"ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK",
		"TIME_WAIT", "CLOSE", "SYN_SENT2" };
	return pick(t, 10, s);
}

WEAK const char *ct_sctp_state_name(uint8_t s)
{
	static const char *const t[] = { "NONE", "CLOSED", "COOKIE_WAIT",
		"COOKIE_ECHOED", "ESTABLISHED", "SHUTDOWN_SENT",
		"SHUTDOWN_RECD", "SHUTDOWN_ACK_SENT", "HEARTBEAT_SENT",
		"HEARTBEAT_ACKED" };
	return pick(t, 10, s);
}

WEAK const char *ct_dccp_state_name(uint8_t s)
{
	static const char *const t[] = { "NONE", "REQUEST", "RESPOND",
		"PARTOPEN", "OPEN", "CLOSEREQ", "CLOSING", "TIMEWAIT",
		"IGNORE", "INVALID" };
	return pick(t, 10, s);
}
