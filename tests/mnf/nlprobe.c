/* nlprobe: a fixed script of nfnetlink requests (conntrack, expect,
 * cttimeout), every reply printed down to the attribute bytes, so that
 * the kernel's and mini-netfilter's answers can be diffed (flags, types,
 * attribute order, error payloads, extended ACKs).  Values that differ by
 * nature are masked: portids, conntrack/expectation ids, timeouts, time
 * stamps.  Events the requests cause are printed after each answer.
 * usage: nlprobe (run in a fresh network namespace or mnf-run) */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nfnetlink_cttimeout.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_conntrack_tcp.h>

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

static struct mnl_socket *nl, *ev;	/* requests; events of groups 1-6 */
static uint32_t portid, seq = 1000;
static char buf[1 << 16];

/* attribute paths whose values vary by nature: subsys, depth-1 type */
static int masked(unsigned int subsys, int depth, unsigned int type, unsigned int parent)
{
	if (subsys == NFNL_SUBSYS_CTNETLINK && depth == 0)
		return type == CTA_ID || type == CTA_TIMEOUT || type == 27 /* TS_EVENT */;
	if (subsys == NFNL_SUBSYS_CTNETLINK && depth == 1 && parent == CTA_TIMESTAMP)
		return 1;
	if (subsys == NFNL_SUBSYS_CTNETLINK_EXP && depth == 0)
		return type == CTA_EXPECT_ID || type == CTA_EXPECT_TIMEOUT;
	return 0;
}

static void attrs(const char *p, size_t len, unsigned int subsys, int depth,
		  unsigned int parent)
{
	while (len >= sizeof(struct nlattr)) {
		const struct nlattr *a = (const void *)p;
		unsigned int type = a->nla_type & NLA_TYPE_MASK;
		size_t alen = a->nla_len, i;

		if (alen < sizeof(*a) || alen > len) {
			printf(" <bad attr len %zu>", alen);
			return;
		}
		printf(" %s%u:", a->nla_type & NLA_F_NESTED ? "N" : "", type);
		if (a->nla_type & NLA_F_NESTED) {
			printf("[");
			attrs(p + 4, alen - 4, subsys, depth + 1, type);
			printf(" ]");
		} else if (masked(subsys, depth, type, parent)) {
			printf("<%zu bytes>", alen - 4);
		} else {
			for (i = 4; i < alen; i++)
				printf("%02x", (unsigned char)p[i]);
		}
		if (MNL_ALIGN(alen) >= len)
			break;
		len -= MNL_ALIGN(alen);
		p += MNL_ALIGN(alen);
	}
}

static void show(const struct nlmsghdr *nlh, uint32_t req_seq)
{
	printf("  type=0x%x flags=0x%x seq=%s pid=%s len=%u", nlh->nlmsg_type,
	       nlh->nlmsg_flags, nlh->nlmsg_seq == req_seq ? "req" : "other",
	       nlh->nlmsg_pid == portid ? "me" : nlh->nlmsg_pid ? "?" : "0",
	       nlh->nlmsg_len);
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
		size_t off = NLMSG_HDRLEN + sizeof(*e);

		printf(" error=%d echoed_len=%u", e->error, e->msg.nlmsg_len);
		if (!(nlh->nlmsg_flags & 0x100) && e->msg.nlmsg_len > NLMSG_HDRLEN)
			off += MNL_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
		if ((nlh->nlmsg_flags & 0x200) && nlh->nlmsg_len > off) {
			const char *p = (const char *)nlh + off;
			size_t l = nlh->nlmsg_len - off;

			while (l >= 4) {	/* ext ack TLVs, the text readable */
				const struct nlattr *a = (const void *)p;

				if (a->nla_len < 4 || a->nla_len > l)
					break;
				if (a->nla_type == 1)
					printf(" msg=\"%.*s\"", (int)a->nla_len - 4, p + 4);
				else
					printf(" tlv%u", a->nla_type);
				if ((size_t)MNL_ALIGN(a->nla_len) >= l)
					break;
				l -= MNL_ALIGN(a->nla_len);
				p += MNL_ALIGN(a->nla_len);
			}
		}
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		printf(" done=%d", *(const int *)mnl_nlmsg_get_payload(nlh));
	} else if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nfgenmsg))) {
		const struct nfgenmsg *g = mnl_nlmsg_get_payload(nlh);

		printf(" family=%u version=%u res_id=%u\n   ", g->nfgen_family, g->version,
		       ntohs(g->res_id));
		attrs((const char *)g + MNL_ALIGN(sizeof(*g)),
		      nlh->nlmsg_len - NLMSG_HDRLEN - MNL_ALIGN(sizeof(*g)),
		      nlh->nlmsg_type >> 8, 0, 0);
	}
	printf("\n");
}

/* Send, then print every reply until the request is answered (ACK,
 * error or DONE) or nothing comes for 200 ms. */
static void talk(const char *what, struct nlmsghdr *nlh)
{
	uint32_t s = nlh->nlmsg_seq = ++seq;
	int done = 0;

	printf("%s\n", what);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		printf("  send: %s\n", strerror(errno));
		return;
	}
	while (!done) {
		struct pollfd p = { mnl_socket_get_fd(nl), POLLIN, 0 };
		const struct nlmsghdr *r;
		ssize_t n;
		int left;

		if (poll(&p, 1, 200) <= 0)
			break;
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			printf("  recv: %s\n", strerror(errno));
			break;
		}
		printf(" datagram\n");
		left = (int)n;
		for (r = (void *)buf; mnl_nlmsg_ok(r, left); r = mnl_nlmsg_next(r, &left)) {
			show(r, s);
			if (r->nlmsg_seq == s && (r->nlmsg_type == NLMSG_ERROR ||
						  r->nlmsg_type == NLMSG_DONE))
				done = 1;
		}
	}
	for (;;) {	/* the events the request caused */
		struct pollfd p = { mnl_socket_get_fd(ev), POLLIN, 0 };
		const struct nlmsghdr *r;
		ssize_t n;
		int left;

		if (poll(&p, 1, 50) <= 0)
			break;
		n = mnl_socket_recvfrom(ev, buf, sizeof(buf));
		if (n < 0)
			break;
		printf(" event datagram\n");
		left = (int)n;
		for (r = (void *)buf; mnl_nlmsg_ok(r, left); r = mnl_nlmsg_next(r, &left))
			show(r, s);
	}
}

static struct nlmsghdr *req(uint8_t sub, uint8_t msg, uint16_t flags, uint8_t family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;

	nlh->nlmsg_type = sub << 8 | msg;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = family;
	return nlh;
}

static void tuple(struct nlmsghdr *nlh, int type, const char *s, const char *d,
		  uint8_t l4, uint16_t sp, uint16_t dp)
{
	struct nlattr *t = mnl_attr_nest_start(nlh, type), *n;
	uint32_t a;

	n = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
	inet_pton(AF_INET, s, &a);
	mnl_attr_put_u32(nlh, CTA_IP_V4_SRC, a);
	inet_pton(AF_INET, d, &a);
	mnl_attr_put_u32(nlh, CTA_IP_V4_DST, a);
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
	mnl_attr_put_u8(nlh, CTA_PROTO_NUM, l4);
	if (l4 == IPPROTO_TCP || l4 == IPPROTO_UDP) {
		mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, htons(sp));
		mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, htons(dp));
	}
	mnl_attr_nest_end(nlh, n);
	mnl_attr_nest_end(nlh, t);
}

static struct nlmsghdr *ct_new(uint16_t flags, const char *s, const char *d,
			       uint16_t sp, uint16_t dp, uint32_t mark)
{
	struct nlmsghdr *nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW, flags, AF_INET);
	struct nlattr *pi, *tcp;
	struct nf_ct_tcp_flags f = { 0x0a, 0x0a };

	tuple(nlh, CTA_TUPLE_ORIG, s, d, IPPROTO_TCP, sp, dp);
	tuple(nlh, CTA_TUPLE_REPLY, d, s, IPPROTO_TCP, dp, sp);
	mnl_attr_put_u32(nlh, CTA_STATUS, htonl(IPS_CONFIRMED | IPS_ASSURED));
	mnl_attr_put_u32(nlh, CTA_TIMEOUT, htonl(100));
	mnl_attr_put_u32(nlh, CTA_MARK, htonl(mark));
	pi = mnl_attr_nest_start(nlh, CTA_PROTOINFO);
	tcp = mnl_attr_nest_start(nlh, CTA_PROTOINFO_TCP);
	mnl_attr_put_u8(nlh, CTA_PROTOINFO_TCP_STATE, TCP_CONNTRACK_ESTABLISHED);
	mnl_attr_put(nlh, CTA_PROTOINFO_TCP_FLAGS_ORIGINAL, sizeof(f), &f);
	mnl_attr_put(nlh, CTA_PROTOINFO_TCP_FLAGS_REPLY, sizeof(f), &f);
	mnl_attr_nest_end(nlh, tcp);
	mnl_attr_nest_end(nlh, pi);
	return nlh;
}

int main(void)
{
	struct nlmsghdr *nlh;
	int on = 1;

	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("nlprobe");
		return 1;
	}
	portid = mnl_socket_get_portid(nl);
	ev = mnl_socket_open(NETLINK_NETFILTER);
	if (!ev || mnl_socket_bind(ev, 0x3f, MNL_SOCKET_AUTOPID) < 0) {
		perror("nlprobe: events");
		return 1;
	}

	talk("ct: create (ACK)", ct_new(NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
				       "1.1.1.1", "2.2.2.2", 10, 20, 5));
	talk("ct: create again, EXCL -> EEXIST (whole request echoed)",
	     ct_new(NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, "1.1.1.1", "2.2.2.2", 10, 20, 5));
	talk("ct: create without ACK: silence", ct_new(NLM_F_CREATE, "1.1.1.3", "2.2.2.2", 10, 20, 7));
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	talk("ct: get by original tuple (answer, then ACK)", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, 0, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "2.2.2.2", "1.1.1.1", IPPROTO_TCP, 20, 10);
	talk("ct: get by the reply direction's tuple, no ACK", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 21);
	talk("ct: get missing -> ENOENT", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_ACK, AF_UNSPEC);
	tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	talk("ct: get with AF_UNSPEC -> EOPNOTSUPP", nlh);
	talk("ct: get without tuple -> EINVAL", req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET,
						    NLM_F_ACK, AF_INET));
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP, AF_INET);
	mnl_attr_put_u32(nlh, CTA_MARK, htonl(5));
	mnl_attr_put_u32(nlh, CTA_MARK_MASK, htonl(0xff));
	talk("ct: dump, mark 5/0xff", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP, AF_INET);
	mnl_attr_put_u32(nlh, CTA_MARK_MASK, htonl(0xff));
	talk("ct: dump, mask without mark -> EINVAL", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP | NLM_F_ACK, AF_INET);
	mnl_attr_put_u32(nlh, CTA_STATUS, htonl(IPS_ASSURED));
	mnl_attr_put_u32(nlh, CTA_MARK, htonl(7));
	talk("ct: dump with ACK, status ASSURED and mark 7", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP, AF_INET6);
	talk("ct: dump ipv6 only (empty)", nlh);
	{
		struct nlattr *f;

		nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP, AF_INET);
		tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.3", "9.9.9.9", IPPROTO_TCP, 0, 20);
		f = mnl_attr_nest_start(nlh, 25 /* CTA_FILTER */);
		mnl_attr_put_u32(nlh, 1, 1 << 0 | 1 << 3 | 1 << 5);	/* src, proto, dport; host order */
		mnl_attr_nest_end(nlh, f);
		talk("ct: dump, CTA_FILTER on src, protocol and dport", nlh);
		nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP, AF_INET);
		tuple(nlh, CTA_TUPLE_REPLY, "2.2.2.2", "1.1.1.3", IPPROTO_TCP, 20, 0);
		f = mnl_attr_nest_start(nlh, 25);
		mnl_attr_put_u32(nlh, 2, 1 << 0 | 1 << 1 | 1 << 3 | 1 << 4);	/* reply src, dst, proto, sport */
		mnl_attr_nest_end(nlh, f);
		talk("ct: dump, CTA_FILTER on the reply tuple", nlh);
		nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP | NLM_F_ACK, AF_INET);
		f = mnl_attr_nest_start(nlh, 25);
		mnl_attr_put_u32(nlh, 1, 1 << 0);
		mnl_attr_nest_end(nlh, f);
		talk("ct: dump, CTA_FILTER without the tuple -> EINVAL", nlh);
		nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP | NLM_F_ACK, AF_INET);
		tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.3", "9.9.9.9", IPPROTO_TCP, 0, 20);
		f = mnl_attr_nest_start(nlh, 25);
		mnl_attr_put_u32(nlh, 1, 1u << 20);
		mnl_attr_nest_end(nlh, f);
		talk("ct: dump, unknown CTA_FILTER flag -> EINVAL (policy mask)", nlh);
		nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP, AF_UNSPEC);
		mnl_attr_put_u16(nlh, CTA_ZONE, htons(4));
		talk("ct: dump, zone 4 (none)", nlh);
	}
	talk("ct: global stats", req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET_STATS, 0, AF_UNSPEC));
	talk("ct: dying list", req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET_DYING,
				   NLM_F_DUMP, AF_UNSPEC));
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW, NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	mnl_attr_put_u32(nlh, CTA_MARK, htonl(9));
	talk("ct: update mark", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW, NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	mnl_attr_put_u32(nlh, CTA_STATUS, htonl(IPS_CONFIRMED));
	talk("ct: update clearing ASSURED -> EBUSY", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW, NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "9.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	mnl_attr_put_u32(nlh, CTA_MARK, htonl(9));
	talk("ct: update missing entry -> ENOENT", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW, NLM_F_CREATE | NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "9.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	talk("ct: create with only the original tuple -> EINVAL", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_DELETE, NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	mnl_attr_put_u32(nlh, CTA_ID, htonl(1));
	talk("ct: delete with a wrong id -> ENOENT", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	((struct nlattr *)((char *)nlh + NLMSG_HDRLEN + 4))->nla_len = 200;
	talk("ct: get, attribute longer than the message -> EINVAL", nlh);
	talk("ct: message type 9 -> EINVAL", req(NFNL_SUBSYS_CTNETLINK, 9, NLM_F_ACK, AF_INET));
	talk("subsystem 15 -> error", req(15, 0, NLM_F_ACK, AF_INET));

	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &on, sizeof(on));
	talk("capped ACKs + ext ACK: create again -> EEXIST, header only",
	     ct_new(NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, "1.1.1.1", "2.2.2.2", 10, 20, 5));
	{
		struct nlattr *f;

		nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_DUMP | NLM_F_ACK, AF_INET);
		tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.3", "9.9.9.9", IPPROTO_TCP, 0, 20);
		f = mnl_attr_nest_start(nlh, 25);
		mnl_attr_put_u32(nlh, 1, 1u << 20);
		mnl_attr_nest_end(nlh, f);
		talk("ext ACK: unknown CTA_FILTER flag (policy violation)", nlh);
		nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET, NLM_F_ACK, AF_INET);
		tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
		((struct nlattr *)((char *)nlh + NLMSG_HDRLEN + 4))->nla_len = 200;
		talk("ext ACK: attribute longer than the message", nlh);
		talk("ext ACK: message type 9", req(NFNL_SUBSYS_CTNETLINK, 9, NLM_F_ACK, AF_INET));
	}
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW, NLM_F_ACK | NLM_F_ECHO, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	mnl_attr_put_u32(nlh, CTA_MARK, htonl(10));
	talk("ct: update with NLM_F_ECHO: the event comes back before the ACK", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_DELETE, NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_TUPLE_ORIG, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	talk("ct: delete (ACK)", nlh);
	talk("ct: flush (ACK)", req(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_DELETE, NLM_F_ACK, AF_INET));

	talk("exp: dump (empty)", req(NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_GET,
				      NLM_F_DUMP, AF_UNSPEC));
	nlh = req(NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_NEW, NLM_F_CREATE | NLM_F_ACK, AF_INET);
	tuple(nlh, CTA_EXPECT_MASTER, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	tuple(nlh, CTA_EXPECT_TUPLE, "2.2.2.2", "1.1.1.1", IPPROTO_TCP, 0, 2000);
	tuple(nlh, CTA_EXPECT_MASK, "255.255.255.255", "255.255.255.255", IPPROTO_TCP, 0, 0xffff);
	mnl_attr_put_u32(nlh, CTA_EXPECT_TIMEOUT, htonl(100));
	talk("exp: create without master -> ENOENT", nlh);
	talk("exp: flush (ACK)", req(NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_DELETE,
				     NLM_F_ACK, AF_INET));

	nlh = req(NFNL_SUBSYS_CTNETLINK_TIMEOUT, IPCTNL_MSG_TIMEOUT_NEW,
		  NLM_F_CREATE | NLM_F_ACK, AF_UNSPEC);
	mnl_attr_put_strz(nlh, CTA_TIMEOUT_NAME, "probe");
	mnl_attr_put_u16(nlh, CTA_TIMEOUT_L3PROTO, htons(AF_INET));
	mnl_attr_put_u8(nlh, CTA_TIMEOUT_L4PROTO, IPPROTO_UDP);
	{
		struct nlattr *d = mnl_attr_nest_start(nlh, CTA_TIMEOUT_DATA);

		mnl_attr_put_u32(nlh, 1, htonl(11));
		mnl_attr_nest_end(nlh, d);
	}
	talk("timeout: new (ACK)", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK_TIMEOUT, IPCTNL_MSG_TIMEOUT_GET, NLM_F_DUMP, AF_UNSPEC);
	talk("timeout: dump", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK_TIMEOUT, IPCTNL_MSG_TIMEOUT_DEFAULT_GET, NLM_F_ACK, AF_UNSPEC);
	mnl_attr_put_u16(nlh, CTA_TIMEOUT_L3PROTO, htons(AF_INET));
	mnl_attr_put_u8(nlh, CTA_TIMEOUT_L4PROTO, IPPROTO_TCP);
	talk("timeout: default-get tcp", nlh);
	nlh = req(NFNL_SUBSYS_CTNETLINK_TIMEOUT, IPCTNL_MSG_TIMEOUT_DELETE, NLM_F_ACK, AF_UNSPEC);
	mnl_attr_put_strz(nlh, CTA_TIMEOUT_NAME, "nope");
	talk("timeout: delete missing -> ENOENT", nlh);
	talk("timeout: flush", req(NFNL_SUBSYS_CTNETLINK_TIMEOUT, IPCTNL_MSG_TIMEOUT_DELETE,
				   NLM_F_ACK, AF_UNSPEC));
	mnl_socket_close(nl);
	return 0;
}
