/* Message building and option parsing shared by the benchmark programs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "config.h"
#include "util.h"
#include "bench.h"

static const struct {
	const char *name;
	uint8_t num;
} l4_names[] = {
	{ "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP }, { "icmp", IPPROTO_ICMP },
	{ "icmpv6", IPPROTO_ICMPV6 }, { "sctp", IPPROTO_SCTP },
	{ "gre", IPPROTO_GRE }, { "dccp", IPPROTO_DCCP },
	{ "udplite", IPPROTO_UDPLITE },
};

int l4_from_name(const char *s)
{
	unsigned long n;
	size_t i;
	char *end;

	for (i = 0; i < ARRAY_SIZE(l4_names); i++)
		if (!strcasecmp(s, l4_names[i].name))
			return l4_names[i].num;
	errno = 0;
	n = strtoul(s, &end, 0);
	if (errno || end == s || *end || n > 255)
		return -1;
	return n;
}

int family_from_name(const char *s)
{
	if (!strcmp(s, "ipv4"))
		return AF_INET;
	if (!strcmp(s, "ipv6"))
		return AF_INET6;
	return -1;
}

int parse_mark(const char *s, uint32_t *mark, uint32_t *mask)
{
	char *end;

	errno = 0;
	*mark = strtoul(s, &end, 0);
	*mask = UINT32_MAX;
	if (*end == '/')
		*mask = strtoul(end + 1, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

unsigned long parse_count(const char *s, const char *what)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-')
		die("bad %s `%s'", what, s);
	return n;
}

static void put_addrs(struct nlmsghdr *nlh, const struct ct_tuple *t)
{
	struct nlattr *ip = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);

	if (t->l3 == AF_INET) {
		if (t->has & TP_SRC)
			mnl_attr_put_u32(nlh, CTA_IP_V4_SRC, t->src.v4);
		if (t->has & TP_DST)
			mnl_attr_put_u32(nlh, CTA_IP_V4_DST, t->dst.v4);
	} else {
		if (t->has & TP_SRC)
			mnl_attr_put(nlh, CTA_IP_V6_SRC, 16, &t->src.v6);
		if (t->has & TP_DST)
			mnl_attr_put(nlh, CTA_IP_V6_DST, 16, &t->dst.v6);
	}
	mnl_attr_nest_end(nlh, ip);
}

static void put_l4(struct nlmsghdr *nlh, const struct ct_tuple *t)
{
	struct nlattr *p = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
	int v6 = t->l4 == IPPROTO_ICMPV6;

	mnl_attr_put_u8(nlh, CTA_PROTO_NUM, t->l4);
	if (t->l4 == IPPROTO_ICMP || v6) {
		if (t->has & TP_ICMP_ID)
			mnl_attr_put_u16(nlh, v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID,
					 htons(t->icmp_id));
		if (t->has & TP_ICMP_TYPE)
			mnl_attr_put_u8(nlh, v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE,
					t->icmp_type);
		if (t->has & TP_ICMP_CODE)
			mnl_attr_put_u8(nlh, v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE,
					t->icmp_code);
	} else {
		if (t->has & TP_SPORT)
			mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, htons(t->sport));
		if (t->has & TP_DPORT)
			mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, htons(t->dport));
	}
	mnl_attr_nest_end(nlh, p);
}

void put_tuple(struct nlmsghdr *nlh, uint16_t type, const struct ct_tuple *t)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	if (t->has & (TP_SRC | TP_DST))
		put_addrs(nlh, t);
	if (t->has & TP_PROTO)
		put_l4(nlh, t);
	if (t->has & TP_ZONE)
		mnl_attr_put_u16(nlh, CTA_TUPLE_ZONE, htons(t->zone));
	mnl_attr_nest_end(nlh, nest);
}

void put_sel(struct nlmsghdr *nlh, const struct sel *sel)
{
	struct ct_tuple t;
	struct nlattr *f;
	uint32_t flags = 0;

	if (sel->has_mark) {
		mnl_attr_put_u32(nlh, CTA_MARK, htonl(sel->mark));
		mnl_attr_put_u32(nlh, CTA_MARK_MASK, htonl(sel->mark_mask));
	}
	if (!sel->l4)
		return;
	memset(&t, 0, sizeof(t));
	t.has = TP_PROTO;
	t.l4 = sel->l4;
	flags |= FILTER_PROTO_NUM;
	if (sel->dport >= 0) {
		t.has |= TP_DPORT;
		t.dport = sel->dport;
		flags |= FILTER_PROTO_DPORT;
	}
	put_tuple(nlh, CTA_TUPLE_ORIG, &t);
	f = mnl_attr_nest_start(nlh, CTA_FILTER);
	mnl_attr_put_u32(nlh, CTA_FILTER_ORIG_FLAGS, flags);
	mnl_attr_put_u32(nlh, CTA_FILTER_REPLY_FLAGS, 0);
	mnl_attr_nest_end(nlh, f);
}

struct nlmsghdr *dump_request(void *buf, const struct sel *sel)
{
	struct nlmsghdr *nlh = nfnl_msg(buf, NFNL_SUBSYS_CTNETLINK,
					IPCTNL_MSG_CT_GET, NLM_F_DUMP, sel->family);

	put_sel(nlh, sel);
	return nlh;
}

int sel_dump(struct nl *nl, const struct sel *sel, mnl_cb_t cb, void *data)
{
	static const uint8_t both[] = { AF_INET, AF_INET6 };
	struct sel one = *sel;
	char req[1024];
	size_t i;
	int err;

	/* The kernel refuses CTA_FILTER on an AF_UNSPEC dump (EOPNOTSUPP):
	 * a tuple filter over both families takes one dump per family. */
	if (!sel->l4 || sel->family)
		return nl_talk(nl, dump_request(req, sel), cb, data);
	for (i = 0; i < ARRAY_SIZE(both); i++) {
		one.family = both[i];
		err = nl_talk(nl, dump_request(req, &one), cb, data);
		if (err < 0)
			return err;
	}
	return 0;
}

void bench_open(struct nl *nl, unsigned int groups, int rcvbuf)
{
	int err = nl_open(nl, NETLINK_NETFILTER, groups);

	if (err < 0) {
		errno = -err;
		die("netlink socket:");
	}
	if (rcvbuf > 0 && nl_set_rcvbuf(nl, rcvbuf) < 0)
		die("SO_RCVBUF:");
}

double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void sel_option(int opt, const char *arg, struct sel *sel)
{
	int v;

	switch (opt) {
	case 'f':
		if ((v = family_from_name(arg)) < 0)
			die("bad family `%s'", arg);
		sel->family = v;
		break;
	case 'p':
		if ((v = l4_from_name(arg)) <= 0)
			die("bad protocol `%s'", arg);
		sel->l4 = v;
		break;
	case 'd':
		sel->dport = parse_count(arg, "port");
		if (sel->dport > 65535)
			die("bad port `%s'", arg);
		break;
	case 'm':
		if (parse_mark(arg, &sel->mark, &sel->mark_mask) < 0)
			die("bad mark `%s'", arg);
		sel->has_mark = 1;
		break;
	}
}
