/* ctnetlink conntrack (subsystem 1) as the kernel answers it: the table,
 * create/update/get/delete/flush, dumps with their filters, per-CPU and
 * global statistics, events, and expiry.  Attribute order follows
 * ctnetlink_fill_info() / ctnetlink_conntrack_event() of Linux 6.x
 * (checked against 6.18 with strace). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_conntrack_tcp.h>

#include "srv.h"
#include "ct_srv.h"

/* sctp_conntrack states the kernel accepts (NONE .. HEARTBEAT_SENT) */
#define SCTP_CONNTRACK_MAX_STATES 10

#ifndef NLM_F_DUMP_FILTERED
#define NLM_F_DUMP_FILTERED 0x20
#endif

#define ZONE_DIR_ORIG	1
#define ZONE_DIR_REPL	2
#define ZONE_DIR_BOTH	3

/* Bits user space may not set or clear (IPS_UNCHANGEABLE_MASK). */
#define UNCHANGEABLE	(IPS_NAT_DONE_MASK | IPS_NAT_MASK | IPS_EXPECTED | \
			 IPS_CONFIRMED | IPS_DYING | IPS_SEQ_ADJUST | \
			 IPS_TEMPLATE | IPS_UNTRACKED | IPS_OFFLOAD | \
			 IPS_HW_OFFLOAD)

struct entry **table;
size_t nentries, table_cap;

/* per-CPU statistics the way 6.18 reports them */
enum { ST_FOUND, ST_INVALID, ST_INSERT, ST_INSERT_FAILED, ST_DROP,
       ST_EARLY_DROP, ST_ERROR, ST_SEARCH_RESTART, ST_CLASH_RESOLVE,
       ST_CHAINTOOLONG, ST_MAX };
static const uint16_t stat_attr[ST_MAX] = {
	CTA_STATS_FOUND, CTA_STATS_INVALID, CTA_STATS_INSERT,
	CTA_STATS_INSERT_FAILED, CTA_STATS_DROP, CTA_STATS_EARLY_DROP,
	CTA_STATS_ERROR, CTA_STATS_SEARCH_RESTART, CTA_STATS_CLASH_RESOLVE,
	CTA_STATS_CHAIN_TOOLONG,
};
static uint32_t (*stats)[ST_MAX];

int ct_count(void)
{
	return (int)nentries;
}

/* The CPU the client last ran on: the kernel counts there.  Read again
 * at most every 100 ms: a batch of thousands of requests stays cheap. */
static int client_cpu(const struct client *c)
{
	static int last_pid = -1, last_cpu;
	static uint64_t last_ms;
	char path[64], buf[1024], *p;
	FILE *f;
	int i, cpu = 0;

	if (c->pid == last_pid && now_ms() - last_ms < 100)
		return last_cpu;
	last_pid = c->pid;
	last_ms = now_ms();
	last_cpu = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", c->pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')'))) {
		/* field 39 "processor"; p points at the end of field 2 */
		for (i = 2; i < 39 && p; i++)
			p = strchr(p + 1, ' ');
		if (p)
			cpu = atoi(p + 1);
	}
	fclose(f);
	last_cpu = cpu >= 0 && cpu < conf.ncpu ? cpu : 0;
	return last_cpu;
}

static void stat_inc(const struct client *c, int which)
{
	if (!stats) {
		stats = calloc(conf.ncpu, sizeof(*stats));
		if (!stats)
			return;
	}
	stats[c ? client_cpu(c) : 0][which]++;
}

/* --- tuples ---------------------------------------------------------- */

bool l4_has_ports(uint8_t l4)
{
	return l4 == IPPROTO_TCP || l4 == IPPROTO_UDP || l4 == IPPROTO_UDPLITE ||
	       l4 == IPPROTO_SCTP || l4 == IPPROTO_GRE;
}

static bool l4_is_icmp(uint8_t l3, uint8_t l4)
{
	return (l3 == AF_INET && l4 == IPPROTO_ICMP) ||
	       (l3 == AF_INET6 && l4 == IPPROTO_ICMPV6);
}

/* ICMP types that have a tuple (echo and friends), and their replies. */
static int icmp_reply_type(uint8_t l4, uint8_t type)
{
	static const uint8_t v4[][2] = { {8, 0}, {0, 8}, {13, 14}, {14, 13},
					 {15, 16}, {16, 15}, {17, 18}, {18, 17} };
	static const uint8_t v6[][2] = { {128, 129}, {129, 128}, {139, 140},
					 {140, 139} };
	size_t i;

	if (l4 == IPPROTO_ICMP) {
		for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++)
			if (v4[i][0] == type)
				return v4[i][1];
	} else {
		for (i = 0; i < sizeof(v6) / sizeof(v6[0]); i++)
			if (v6[i][0] == type)
				return v6[i][1];
	}
	return -1;
}

uint32_t be32_at(const struct nlattr *a)
{
	return ntohl(mnl_attr_get_u32(a));
}

/* ctnetlink_parse_tuple_filter(): flags say which fields are needed. */
static int parse_tuple_ip(const struct nlattr *nest, struct tup *t, uint32_t flags)
{
	struct nlattr *tb[CTA_IP_MAX + 1];
	size_t alen = t->l3 == AF_INET ? 4 : 16;
	int s = t->l3 == AF_INET ? CTA_IP_V4_SRC : CTA_IP_V6_SRC;
	int d = t->l3 == AF_INET ? CTA_IP_V4_DST : CTA_IP_V6_DST;

	if (parse_nested(nest, tb, CTA_IP_MAX) < 0)
		return -EINVAL;
	if (flags & TF_SRC) {
		if (!tb[s])
			return -EINVAL;
		if (!attr_ok(tb[s], alen))
			return -ERANGE;
		memcpy(&t->src, mnl_attr_get_payload(tb[s]), alen);
	}
	if (flags & TF_DST) {
		if (!tb[d])
			return -EINVAL;
		if (!attr_ok(tb[d], alen))
			return -ERANGE;
		memcpy(&t->dst, mnl_attr_get_payload(tb[d]), alen);
	}
	return 0;
}

static int need_u16(struct nlattr **tb, int type, uint16_t *out)
{
	if (!tb[type])
		return -EINVAL;
	if (!attr_ok(tb[type], 2))
		return -ERANGE;
	*out = ntohs(mnl_attr_get_u16(tb[type]));
	return 0;
}

static int need_u8(struct nlattr **tb, int type, uint8_t *out)
{
	if (!tb[type])
		return -EINVAL;
	if (!attr_ok(tb[type], 1))
		return -ERANGE;
	*out = mnl_attr_get_u8(tb[type]);
	return 0;
}

static int parse_tuple_proto(const struct nlattr *nest, struct tup *t, uint32_t flags)
{
	struct nlattr *tb[CTA_PROTO_MAX + 1];
	uint8_t type = 0, code = 0;
	int err;

	if (parse_nested(nest, tb, CTA_PROTO_MAX) < 0)
		return -EINVAL;
	err = need_u8(tb, CTA_PROTO_NUM, &t->l4);
	if (err)
		return err;
	if (l4_has_ports(t->l4)) {
		if ((flags & TF_SPORT) && (err = need_u16(tb, CTA_PROTO_SRC_PORT, &t->sport)))
			return err;
		if ((flags & TF_DPORT) && (err = need_u16(tb, CTA_PROTO_DST_PORT, &t->dport)))
			return err;
	} else if (l4_is_icmp(t->l3, t->l4)) {
		int v6 = t->l4 == IPPROTO_ICMPV6;

		if (flags & TF_ICMP_TYPE) {
			if ((err = need_u8(tb, v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE, &type)))
				return err;
			if (icmp_reply_type(t->l4, type) < 0)
				return -EINVAL;
		}
		if ((flags & TF_ICMP_CODE) &&
		    (err = need_u8(tb, v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE, &code)))
			return err;
		if ((flags & TF_ICMP_ID) &&
		    (err = need_u16(tb, v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID, &t->sport)))
			return err;
		t->dport = (uint16_t)(type << 8 | code);
	}
	return 0;
}

int parse_tuple(const struct nlattr *nest, struct tup *t, uint8_t l3,
		uint32_t flags, int dir, struct zone *z)
{
	struct nlattr *tb[CTA_TUPLE_MAX + 1];
	int err;

	memset(t, 0, sizeof(*t));
	if (parse_nested(nest, tb, CTA_TUPLE_MAX) < 0)
		return -EINVAL;
	if (l3 != AF_INET && l3 != AF_INET6)
		return -EOPNOTSUPP;
	t->l3 = l3;
	if (flags & (TF_SRC | TF_DST)) {
		if (!tb[CTA_TUPLE_IP])
			return -EINVAL;
		if ((err = parse_tuple_ip(tb[CTA_TUPLE_IP], t, flags)))
			return err;
	}
	if (flags & TF_PROTO) {
		if (!tb[CTA_TUPLE_PROTO])
			return -EINVAL;
		if ((err = parse_tuple_proto(tb[CTA_TUPLE_PROTO], t, flags)))
			return err;
	} else if (flags & TF_L4_ALL) {
		return -EINVAL;
	}
	if ((flags & TF_ZONE) && tb[CTA_TUPLE_ZONE]) {
		if (!z || dir == 0)
			return -EINVAL;
		if (!attr_ok(tb[CTA_TUPLE_ZONE], 2))
			return -ERANGE;
		z->id = ntohs(mnl_attr_get_u16(tb[CTA_TUPLE_ZONE]));
		z->dir = dir;
	}
	return 0;
}

int parse_zone(const struct nlattr *a, struct zone *z)
{
	z->id = 0;
	z->dir = ZONE_DIR_BOTH;
	if (!a)
		return 0;
	if (!attr_ok(a, 2))
		return -ERANGE;
	z->id = ntohs(mnl_attr_get_u16(a));
	return 0;
}

static uint16_t zone_id(const struct zone *z, int dir)
{
	return (z->dir & dir) ? z->id : 0;
}

static bool tup_equal(const struct tup *a, const struct tup *b)
{
	return a->l3 == b->l3 && a->l4 == b->l4 && a->sport == b->sport &&
	       a->dport == b->dport && !memcmp(&a->src, &b->src, sizeof(a->src)) &&
	       !memcmp(&a->dst, &b->dst, sizeof(a->dst));
}

/* Both directions of every entry hang in a hash table keyed by tuple, as
 * in the kernel: lookups stay O(1) for tables of any size. */
#define NBUCKETS	65536

static struct hnode *buckets[NBUCKETS];

static uint32_t tup_hash(const struct tup *t)
{
	const uint8_t *p[6] = { (const uint8_t *)&t->src, (const uint8_t *)&t->dst,
				(const uint8_t *)&t->sport, (const uint8_t *)&t->dport,
				&t->l3, &t->l4 };
	const size_t n[6] = { sizeof(t->src), sizeof(t->dst), 2, 2, 1, 1 };
	uint32_t h = 2166136261u;
	size_t i, k;

	for (k = 0; k < 6; k++)
		for (i = 0; i < n[k]; i++)
			h = (h ^ p[k][i]) * 16777619u;
	return h & (NBUCKETS - 1);
}

static void hash_add(struct entry *e)
{
	int d;

	for (d = 0; d < 2; d++) {
		struct hnode **b = &buckets[tup_hash(&e->t[d])];

		e->hn[d].e = e;
		e->hn[d].dir = (uint8_t)d;
		e->hn[d].next = *b;
		*b = &e->hn[d];
	}
}

static void hash_del(struct entry *e)
{
	int d;

	for (d = 0; d < 2; d++) {
		struct hnode **pp = &buckets[tup_hash(&e->t[d])];

		while (*pp && *pp != &e->hn[d])
			pp = &(*pp)->next;
		if (*pp)
			*pp = e->hn[d].next;
	}
}

static void ct_remove(struct entry *e, uint32_t portid);

/* Found but timed out: gone, as the kernel's lookups reap them. */
static bool expired(struct entry *e)
{
	if (e->expires > jiffies())
		return false;
	ct_remove(e, 0);
	return true;
}

/* nf_conntrack_find_get(): either direction of an entry matches. */
struct entry *ct_find(const struct tup *t, const struct zone *z)
{
	struct hnode *n;

	for (n = buckets[tup_hash(t)]; n; n = n->next) {
		struct entry *e = n->e;
		int d = n->dir;

		if (tup_equal(&e->t[d], t) && zone_id(&e->zone, d + 1) == zone_id(z, d + 1))
			return expired(e) ? NULL : e;
	}
	return NULL;
}

void tup_invert(const struct tup *t, struct tup *out)
{
	*out = *t;
	out->src = t->dst;
	out->dst = t->src;
	if (l4_is_icmp(t->l3, t->l4)) {
		int r = icmp_reply_type(t->l4, t->dport >> 8);

		out->dport = (uint16_t)(((r < 0 ? 0 : r) << 8) | (t->dport & 0xff));
	} else if (l4_has_ports(t->l4)) {
		out->sport = t->dport;
		out->dport = t->sport;
	}
}

/* --- encoding -------------------------------------------------------- */

void put_tuple(struct nlmsghdr *nlh, int type, const struct tup *t,
		      const struct zone *z, int dir)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, type), *m;
	size_t alen = t->l3 == AF_INET ? 4 : 16;

	m = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
	mnl_attr_put(nlh, t->l3 == AF_INET ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, alen, &t->src);
	mnl_attr_put(nlh, t->l3 == AF_INET ? CTA_IP_V4_DST : CTA_IP_V6_DST, alen, &t->dst);
	mnl_attr_nest_end(nlh, m);
	m = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
	mnl_attr_put_u8(nlh, CTA_PROTO_NUM, t->l4);
	if (l4_has_ports(t->l4)) {
		mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, htons(t->sport));
		mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, htons(t->dport));
	} else if (l4_is_icmp(t->l3, t->l4)) {
		int v6 = t->l4 == IPPROTO_ICMPV6;

		mnl_attr_put_u16(nlh, v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID, htons(t->sport));
		mnl_attr_put_u8(nlh, v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE, t->dport >> 8);
		mnl_attr_put_u8(nlh, v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE, t->dport & 0xff);
	}
	mnl_attr_nest_end(nlh, m);
	if (z && z->id && z->dir == dir)
		mnl_attr_put_u16(nlh, CTA_TUPLE_ZONE, htons(z->id));
	mnl_attr_nest_end(nlh, n);
}

/* Seconds left.  A 4 ms tick rarely passes within one process's
 * requests but always before another process asks (the kernel's -I then
 * -L shows 99 for -t 100, while -U's re-read shows the value just set):
 * a reader other than the one that set the timeout sees a tick gone. */
static uint32_t remaining(const struct entry *e)
{
	uint64_t j = jiffies();

	if (cur_pid != e->set_pid && j <= e->set_tick)
		j = e->set_tick + 1;
	return e->expires > j ? (uint32_t)((e->expires - j) / HZ) : 0;
}

static uint64_t next_expiry;

static void set_timeout(struct entry *e, uint32_t secs)
{
	e->set_tick = jiffies();
	e->set_pid = cur_pid;
	e->expires = e->set_tick + (uint64_t)secs * HZ;
	if (e->expires < next_expiry)
		next_expiry = e->expires;
}

static void put_protoinfo(struct nlmsghdr *nlh, const struct entry *e, bool destroy)
{
	struct nlattr *n, *m;

	if (e->t[0].l4 == IPPROTO_TCP) {
		struct nf_ct_tcp_flags f = { 0, 0 };

		n = mnl_attr_nest_start(nlh, CTA_PROTOINFO);
		m = mnl_attr_nest_start(nlh, CTA_PROTOINFO_TCP);
		mnl_attr_put_u8(nlh, CTA_PROTOINFO_TCP_STATE, e->state);
		if (!destroy) {
			mnl_attr_put_u8(nlh, CTA_PROTOINFO_TCP_WSCALE_ORIGINAL, e->wscale[0]);
			mnl_attr_put_u8(nlh, CTA_PROTOINFO_TCP_WSCALE_REPLY, e->wscale[1]);
			f.flags = e->tflags[0];
			mnl_attr_put(nlh, CTA_PROTOINFO_TCP_FLAGS_ORIGINAL, sizeof(f), &f);
			f.flags = e->tflags[1];
			mnl_attr_put(nlh, CTA_PROTOINFO_TCP_FLAGS_REPLY, sizeof(f), &f);
		}
		mnl_attr_nest_end(nlh, m);
		mnl_attr_nest_end(nlh, n);
	} else if (e->t[0].l4 == IPPROTO_SCTP) {
		n = mnl_attr_nest_start(nlh, CTA_PROTOINFO);
		m = mnl_attr_nest_start(nlh, CTA_PROTOINFO_SCTP);
		mnl_attr_put_u8(nlh, CTA_PROTOINFO_SCTP_STATE, e->state);
		if (!destroy) {
			mnl_attr_put_u32(nlh, CTA_PROTOINFO_SCTP_VTAG_ORIGINAL, htonl(e->vtag[0]));
			mnl_attr_put_u32(nlh, CTA_PROTOINFO_SCTP_VTAG_REPLY, htonl(e->vtag[1]));
		}
		mnl_attr_nest_end(nlh, m);
		mnl_attr_nest_end(nlh, n);
	}
}

static void put_counters(struct nlmsghdr *nlh, const struct entry *e)
{
	int d;

	if (!conf.acct)
		return;
	for (d = 0; d < 2; d++) {
		struct nlattr *n = mnl_attr_nest_start(nlh, d ? CTA_COUNTERS_REPLY : CTA_COUNTERS_ORIG);

		mnl_attr_put_u64(nlh, CTA_COUNTERS_PACKETS, htobe64(e->pkts[d]));
		mnl_attr_put_u64(nlh, CTA_COUNTERS_BYTES, htobe64(e->bytes[d]));
		mnl_attr_nest_end(nlh, n);
	}
}

static void put_timestamp(struct nlmsghdr *nlh, const struct entry *e)
{
	struct nlattr *n;

	if (!conf.tstamp)
		return;
	n = mnl_attr_nest_start(nlh, CTA_TIMESTAMP);
	mnl_attr_put_u64(nlh, CTA_TIMESTAMP_START, htobe64(e->tstart));
	if (e->tstop)
		mnl_attr_put_u64(nlh, CTA_TIMESTAMP_STOP, htobe64(e->tstop));
	mnl_attr_nest_end(nlh, n);
}

/* A user-space helper's private data travels in CTA_HELP_INFO. */
static void put_helper(struct nlmsghdr *nlh, const struct entry *e)
{
	struct nlattr *n;

	if (!e->helper[0])
		return;
	n = mnl_attr_nest_start(nlh, CTA_HELP);
	mnl_attr_put_strz(nlh, CTA_HELP_NAME, e->helper);
	if (e->priv_len)
		mnl_attr_put(nlh, CTA_HELP_INFO, e->priv_len, e->priv);
	mnl_attr_nest_end(nlh, n);
}

static void put_labels(struct nlmsghdr *nlh, const struct entry *e)
{
	static const uint8_t zero[CT_LABEL_LEN];

	if (e->has_labels && memcmp(e->labels, zero, sizeof(zero)))
		mnl_attr_put(nlh, CTA_LABELS, sizeof(e->labels), e->labels);
}

static void put_synproxy(struct nlmsghdr *nlh)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, CTA_SYNPROXY);

	mnl_attr_put_u32(nlh, CTA_SYNPROXY_ISN, 0);
	mnl_attr_put_u32(nlh, CTA_SYNPROXY_ITS, 0);
	mnl_attr_put_u32(nlh, CTA_SYNPROXY_TSOFF, 0);
	mnl_attr_nest_end(nlh, n);
}

static void put_common_head(struct nlmsghdr *nlh, const struct entry *e)
{
	put_tuple(nlh, CTA_TUPLE_ORIG, &e->t[0], &e->zone, ZONE_DIR_ORIG);
	put_tuple(nlh, CTA_TUPLE_REPLY, &e->t[1], &e->zone, ZONE_DIR_REPL);
	if (e->zone.id && e->zone.dir == ZONE_DIR_BOTH)
		mnl_attr_put_u16(nlh, CTA_ZONE, htons(e->zone.id));
}

/* ctnetlink_fill_info(): dump and GET answers. */
static struct nlmsghdr *fill_entry(void *buf, struct req *r, const struct entry *e,
				   uint32_t use, uint16_t flags)
{
	struct nlmsghdr *nlh = msg_start(buf, NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW,
					 NLM_F_MULTI | flags, r->nlh->nlmsg_seq, r->c->portid,
					 e->t[0].l3, 0);

	put_common_head(nlh, e);
	mnl_attr_put_u32(nlh, CTA_STATUS, htonl(e->status));
	mnl_attr_put_u32(nlh, CTA_MARK, htonl(e->mark));
	if (e->secmark)
		mnl_attr_put_u32(nlh, CTA_SECMARK, htonl(e->secmark));
	mnl_attr_put_u32(nlh, CTA_ID, htonl(e->id));
	mnl_attr_put_u32(nlh, CTA_USE, htonl(use));
	mnl_attr_put_u32(nlh, CTA_TIMEOUT, htonl(remaining(e)));
	put_protoinfo(nlh, e, false);
	put_counters(nlh, e);
	put_timestamp(nlh, e);
	put_helper(nlh, e);
	put_labels(nlh, e);
	put_synproxy(nlh);
	return nlh;
}

/* ctnetlink_conntrack_event() */
void ct_event(struct entry *e, int what, uint32_t portid)
{
	char buf[GOODSIZE];
	uint16_t type = what == EV_DESTROY ? IPCTNL_MSG_CT_DELETE : IPCTNL_MSG_CT_NEW;
	uint16_t flags = what == EV_NEW ? NLM_F_CREATE | NLM_F_EXCL : 0;
	unsigned int group = what == EV_NEW ? NFNLGRP_CONNTRACK_NEW :
			     what == EV_UPDATE ? NFNLGRP_CONNTRACK_UPDATE :
			     NFNLGRP_CONNTRACK_DESTROY;
	struct nlmsghdr *nlh;
	uint32_t t;

	nlh = msg_start(buf, NFNL_SUBSYS_CTNETLINK << 8 | type, flags, 0, portid,
			e->t[0].l3, 0);
	put_common_head(nlh, e);
	mnl_attr_put_u32(nlh, CTA_ID, htonl(e->id));
	mnl_attr_put_u32(nlh, CTA_STATUS, htonl(e->status));
	t = remaining(e);
	if (what == EV_DESTROY) {
		if (t)
			mnl_attr_put_u32(nlh, CTA_TIMEOUT, htonl(t));
		put_counters(nlh, e);
		put_timestamp(nlh, e);
		put_protoinfo(nlh, e, true);
	} else {
		mnl_attr_put_u32(nlh, CTA_TIMEOUT, htonl(t));
		put_protoinfo(nlh, e, false);
		put_helper(nlh, e);
		if (e->has_labels)
			put_labels(nlh, e);
		put_synproxy(nlh);
	}
	if (what != EV_DESTROY || e->mark)
		mnl_attr_put_u32(nlh, CTA_MARK, htonl(e->mark));
	if (conf.tstamp)
		mnl_attr_put_u64(nlh, CTA_TIMESTAMP_EVENT, htobe64(now_ns()));
	multicast(group, nlh);
}

/* --- table ----------------------------------------------------------- */

static void ct_remove(struct entry *e, uint32_t portid)
{
	size_t i;

	e->status |= IPS_DYING;
	exp_master_gone(e);
	if (conf.tstamp)
		e->tstop = now_ns();
	ct_event(e, EV_DESTROY, portid);
	hash_del(e);
	i = e->idx;
	table[i] = table[--nentries];
	table[i]->idx = i;
	free(e);
}

/* next_expiry: the earliest expiry in the table (or earlier); the walk
 * is skipped until then, so frequent ticks cost nothing on big tables. */
static void ct_expire(void)
{
	uint64_t j = jiffies(), next = UINT64_MAX;
	size_t i = 0;

	if (j < next_expiry)
		return;
	while (i < nentries) {
		if (table[i]->expires <= j) {
			ct_remove(table[i], 0);	/* swaps the last one in */
		} else {
			if (table[i]->expires < next)
				next = table[i]->expires;
			i++;
		}
	}
	next_expiry = next;
}

static int ct_insert(struct entry *e)
{
	if (nentries >= conf.ct_max)
		return -ENOMEM;
	if (nentries == table_cap) {
		size_t cap = table_cap ? table_cap * 2 : 64;
		struct entry **t = realloc(table, cap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		table = t;
		table_cap = cap;
	}
	e->idx = nentries;
	table[nentries++] = e;
	hash_add(e);
	return 0;
}

/* --- attributes shared by create and update -------------------------- */

static int change_protoinfo(struct entry *e, const struct nlattr *a)
{
	struct nlattr *tb[CTA_PROTOINFO_MAX + 1], *pt[CTA_PROTOINFO_TCP_MAX + 1];

	if (parse_nested(a, tb, CTA_PROTOINFO_MAX) < 0)
		return -EINVAL;
	if (e->t[0].l4 == IPPROTO_TCP && tb[CTA_PROTOINFO_TCP]) {
		if (parse_nested(tb[CTA_PROTOINFO_TCP], pt, CTA_PROTOINFO_TCP_MAX) < 0)
			return -EINVAL;
		if (pt[CTA_PROTOINFO_TCP_STATE]) {
			uint8_t s = mnl_attr_get_u8(pt[CTA_PROTOINFO_TCP_STATE]);

			if (s >= TCP_CONNTRACK_MAX)
				return -EINVAL;
			e->state = s;
		}
		for (int d = 0; d < 2; d++) {
			const struct nlattr *f = pt[d ? CTA_PROTOINFO_TCP_FLAGS_REPLY :
						     CTA_PROTOINFO_TCP_FLAGS_ORIGINAL];
			struct nf_ct_tcp_flags v;

			if (!f)
				continue;
			if (!attr_ok(f, sizeof(v)))
				return -EINVAL;
			memcpy(&v, mnl_attr_get_payload(f), sizeof(v));
			e->tflags[d] = (e->tflags[d] & ~v.mask) | (v.flags & v.mask);
		}
		if (pt[CTA_PROTOINFO_TCP_WSCALE_ORIGINAL] && pt[CTA_PROTOINFO_TCP_WSCALE_REPLY] &&
		    (e->tflags[0] & IP_CT_TCP_FLAG_WINDOW_SCALE) &&
		    (e->tflags[1] & IP_CT_TCP_FLAG_WINDOW_SCALE)) {
			e->wscale[0] = mnl_attr_get_u8(pt[CTA_PROTOINFO_TCP_WSCALE_ORIGINAL]);
			e->wscale[1] = mnl_attr_get_u8(pt[CTA_PROTOINFO_TCP_WSCALE_REPLY]);
		}
	} else if (e->t[0].l4 == IPPROTO_SCTP && tb[CTA_PROTOINFO_SCTP]) {
		struct nlattr *st[CTA_PROTOINFO_SCTP_MAX + 1];

		if (parse_nested(tb[CTA_PROTOINFO_SCTP], st, CTA_PROTOINFO_SCTP_MAX) < 0)
			return -EINVAL;
		if (!st[CTA_PROTOINFO_SCTP_STATE] || !attr_ok(st[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL], 4) ||
		    !attr_ok(st[CTA_PROTOINFO_SCTP_VTAG_REPLY], 4))
			return -EINVAL;
		if (mnl_attr_get_u8(st[CTA_PROTOINFO_SCTP_STATE]) >= SCTP_CONNTRACK_MAX_STATES)
			return -EINVAL;
		e->state = mnl_attr_get_u8(st[CTA_PROTOINFO_SCTP_STATE]);
		e->vtag[0] = be32_at(st[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL]);
		e->vtag[1] = be32_at(st[CTA_PROTOINFO_SCTP_VTAG_REPLY]);
	}
	return 0;
}

static int change_labels(struct entry *e, struct nlattr **tb)
{
	size_t len, i;
	const uint8_t *v, *m = NULL;

	if (!e->has_labels)
		return -ENOSPC;
	len = mnl_attr_get_payload_len(tb[CTA_LABELS]);
	if (!len || len % 4 || len > CT_LABEL_LEN)
		return -EINVAL;
	v = mnl_attr_get_payload(tb[CTA_LABELS]);
	if (tb[CTA_LABELS_MASK]) {
		if (mnl_attr_get_payload_len(tb[CTA_LABELS_MASK]) != len)
			return -EINVAL;
		m = mnl_attr_get_payload(tb[CTA_LABELS_MASK]);
	}
	for (i = 0; i < len; i++) {
		uint8_t mask = m ? m[i] : 0xff;

		e->labels[i] = (e->labels[i] & ~mask) | (v[i] & mask);
	}
	if (!m)		/* no mask: bits past the given words are cleared */
		memset(e->labels + len, 0, CT_LABEL_LEN - len);
	return 0;
}

/* nf_ct_change_status_common(): SEEN_REPLY and ASSURED can only be set. */
static int change_status(struct entry *e, uint32_t status)
{
	uint32_t d = e->status ^ status;

	if (d & (IPS_EXPECTED | IPS_CONFIRMED | IPS_DYING))
		return -EBUSY;
	if ((d & IPS_SEEN_REPLY) && !(status & IPS_SEEN_REPLY))
		return -EBUSY;
	if ((d & IPS_ASSURED) && !(status & IPS_ASSURED))
		return -EBUSY;
	e->status |= status & ~UNCHANGEABLE;
	return 0;
}

static int apply_nat(struct entry *e, const struct nlattr *a, bool dst)
{
	struct nlattr *tb[CTA_NAT_MAX + 1], *pt[CTA_PROTONAT_MAX + 1];
	struct tup *r = &e->t[1];
	size_t alen = e->t[0].l3 == AF_INET ? 4 : 16;
	int amin = e->t[0].l3 == AF_INET ? CTA_NAT_V4_MINIP : CTA_NAT_V6_MINIP;

	if (parse_nested(a, tb, CTA_NAT_MAX) < 0)
		return -EINVAL;
	if (tb[amin]) {
		if (!attr_ok(tb[amin], alen))
			return -EINVAL;
		memcpy(dst ? &r->src : &r->dst, mnl_attr_get_payload(tb[amin]), alen);
	}
	if (tb[CTA_NAT_PROTO]) {
		if (parse_nested(tb[CTA_NAT_PROTO], pt, CTA_PROTONAT_MAX) < 0)
			return -EINVAL;
		if (attr_ok(pt[CTA_PROTONAT_PORT_MIN], 2) && l4_has_ports(r->l4)) {
			uint16_t p = ntohs(mnl_attr_get_u16(pt[CTA_PROTONAT_PORT_MIN]));

			if (dst)
				r->sport = p;
			else
				r->dport = p;
		}
	}
	e->status |= dst ? IPS_DST_NAT | IPS_DST_NAT_DONE : IPS_SRC_NAT | IPS_SRC_NAT_DONE;
	return 0;
}

static int change_common(struct entry *e, struct nlattr **tb)
{
	int err;

	if (tb[CTA_TIMEOUT]) {
		if (!attr_ok(tb[CTA_TIMEOUT], 4))
			return -ERANGE;
		set_timeout(e, be32_at(tb[CTA_TIMEOUT]));
	}
	if (tb[CTA_PROTOINFO] && (err = change_protoinfo(e, tb[CTA_PROTOINFO])))
		return err;
	if (tb[CTA_MARK]) {
		uint32_t mask = tb[CTA_MARK_MASK] ? be32_at(tb[CTA_MARK_MASK]) : 0xffffffff;

		if (!attr_ok(tb[CTA_MARK], 4))
			return -ERANGE;
		e->mark = (e->mark & ~mask) | (be32_at(tb[CTA_MARK]) & mask);
	}
	if (tb[CTA_LABELS] && (err = change_labels(e, tb)))
		return err;
	return 0;
}

/* --- requests -------------------------------------------------------- */

static int lookup_key(struct req *r, struct nlattr **tb, struct tup *t, struct zone *z)
{
	int err = parse_zone(tb[CTA_ZONE], z);

	if (err)
		return err;
	if (tb[CTA_TUPLE_ORIG])
		return parse_tuple(tb[CTA_TUPLE_ORIG], t, r->family, TF_ALL, ZONE_DIR_ORIG, z);
	if (tb[CTA_TUPLE_REPLY])
		return parse_tuple(tb[CTA_TUPLE_REPLY], t, r->family, TF_ALL, ZONE_DIR_REPL, z);
	return -EINVAL;
}

/* Only user-space helpers (cthelper objects) exist here: the kernel
 * would try to load a module and then say EOPNOTSUPP. */
static int attach_helper(struct entry *e, const struct nlattr *a)
{
	struct nlattr *h[CTA_HELP_MAX + 1];
	struct helper_policy pol;
	const char *name;

	if (parse_nested(a, h, CTA_HELP_MAX) < 0 || !h[CTA_HELP_NAME])
		return -EINVAL;
	name = mnl_attr_get_payload(h[CTA_HELP_NAME]);
	if (strnlen(name, mnl_attr_get_payload_len(h[CTA_HELP_NAME])) >= sizeof(e->helper))
		return -EINVAL;
	if (!helper_find(name, e->t[0].l3, e->t[0].l4, &pol))
		return -EOPNOTSUPP;
	strcpy(e->helper, name);
	e->priv_len = (uint16_t)(pol.priv_len < sizeof(e->priv) ? pol.priv_len : sizeof(e->priv));
	return 0;
}

static int create(struct req *r, struct nlattr **tb, const struct tup *ot,
		  const struct tup *rt, const struct zone *z)
{
	struct entry *e;
	int err;

	if (!tb[CTA_TIMEOUT])
		return -EINVAL;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->t[0] = *ot;
	e->t[1] = *rt;
	e->zone = *z;
	e->id = rand32();
	e->has_labels = conf.labels;
	if (conf.tstamp)
		e->tstart = now_ns();
	if (tb[CTA_STATUS]) {
		if (!attr_ok(tb[CTA_STATUS], 4)) {
			free(e);
			return -ERANGE;
		}
		/* ctnetlink_update_status(): unchangeable bits ignored */
		e->status = be32_at(tb[CTA_STATUS]) & ~UNCHANGEABLE;
	}
	if ((tb[CTA_NAT_SRC] && (err = apply_nat(e, tb[CTA_NAT_SRC], false))) ||
	    (tb[CTA_NAT_DST] && (err = apply_nat(e, tb[CTA_NAT_DST], true))) ||
	    (err = change_common(e, tb))) {
		free(e);
		return err;
	}
	if (tb[CTA_NAT_SRC] || tb[CTA_NAT_DST])	/* the other manip: null binding */
		e->status |= IPS_SRC_NAT_DONE | IPS_DST_NAT_DONE;
	if (tb[CTA_HELP] && (err = attach_helper(e, tb[CTA_HELP]))) {
		free(e);
		return err;
	}
	if (tb[CTA_SECMARK] && attr_ok(tb[CTA_SECMARK], 4))
		e->secmark = be32_at(tb[CTA_SECMARK]);
	/* the NAT'ed reply tuple may clash too */
	if (ct_find(&e->t[0], &e->zone) || ct_find(&e->t[1], &e->zone)) {
		free(e);
		return -EEXIST;
	}
	if ((err = ct_insert(e))) {
		free(e);
		return err;
	}
	e->status |= IPS_CONFIRMED;
	stat_inc(r->c, ST_INSERT);
	ct_event(e, EV_NEW, r->c->portid);
	return 0;
}

static int update(struct req *r, struct entry *e, struct nlattr **tb)
{
	struct entry old = *e;
	int err;

	if (tb[CTA_NAT_SRC] || tb[CTA_NAT_DST] || tb[CTA_TUPLE_MASTER])
		return -EOPNOTSUPP;
	if (tb[CTA_HELP]) {
		struct nlattr *h[CTA_HELP_MAX + 1];

		if (parse_nested(tb[CTA_HELP], h, CTA_HELP_MAX) < 0 || !h[CTA_HELP_NAME])
			return -EINVAL;
		if (strncmp(mnl_attr_get_str(h[CTA_HELP_NAME]), e->helper, sizeof(e->helper)))
			return -EBUSY;	/* changing the helper is not supported */
	}
	if (tb[CTA_STATUS]) {
		if (!attr_ok(tb[CTA_STATUS], 4))
			return -ERANGE;
		if ((err = change_status(e, be32_at(tb[CTA_STATUS]))))
			return err;
	}
	if ((err = change_common(e, tb))) {
		*e = old;
		return err;
	}
	ct_event(e, EV_UPDATE, r->c->portid);
	return 0;
}

static int ct_new(struct req *r, struct nlattr **tb)
{
	struct tup ot, rt;
	struct zone z;
	struct entry *e = NULL;
	int err;

	if ((err = parse_zone(tb[CTA_ZONE], &z)))
		return err;
	if (tb[CTA_TUPLE_ORIG] &&
	    (err = parse_tuple(tb[CTA_TUPLE_ORIG], &ot, r->family, TF_ALL, ZONE_DIR_ORIG, &z)))
		return err;
	if (tb[CTA_TUPLE_REPLY] &&
	    (err = parse_tuple(tb[CTA_TUPLE_REPLY], &rt, r->family, TF_ALL, ZONE_DIR_REPL, &z)))
		return err;
	if (tb[CTA_TUPLE_ORIG])
		e = ct_find(&ot, &z);
	else if (tb[CTA_TUPLE_REPLY])
		e = ct_find(&rt, &z);
	else
		return -EINVAL;
	if (!e) {
		if (!(r->nlh->nlmsg_flags & NLM_F_CREATE))
			return -ENOENT;
		if (!tb[CTA_TUPLE_ORIG] || !tb[CTA_TUPLE_REPLY])
			return -EINVAL;
		return create(r, tb, &ot, &rt, &z);
	}
	if (r->nlh->nlmsg_flags & NLM_F_EXCL)
		return -EEXIST;
	return update(r, e, tb);
}

static int ct_get(struct req *r, struct nlattr **tb);

static int ct_delete(struct req *r, struct nlattr **tb);

static int ct_get_ctrzero(struct req *r, struct nlattr **tb)
{
	return ct_get(r, tb);
}

static int stats_cpu(struct req *r, struct nlattr **tb)
{
	char buf[GOODSIZE];
	struct dump d;
	int cpu, i;

	if (!(r->nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	dump_begin(&d, r);
	for (cpu = 0; cpu < conf.ncpu; cpu++) {
		struct nlmsghdr *nlh = msg_start(buf, NFNL_SUBSYS_CTNETLINK << 8 |
						 IPCTNL_MSG_CT_GET_STATS_CPU, NLM_F_MULTI,
						 r->nlh->nlmsg_seq, r->c->portid,
						 AF_UNSPEC, (uint16_t)cpu);

		for (i = 0; i < ST_MAX; i++)
			mnl_attr_put_u32(nlh, stat_attr[i], htonl(stats ? stats[cpu][i] : 0));
		dump_add(&d, nlh);
	}
	dump_end(&d);
	return ANSWERED;
}

static int stats_global(struct req *r, struct nlattr **tb)
{
	char buf[GOODSIZE];
	struct nlmsghdr *nlh;

	ct_expire();
	nlh = msg_start(buf, NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_GET_STATS,
			NLM_F_MULTI, r->nlh->nlmsg_seq, r->c->portid, AF_UNSPEC, 0);
	mnl_attr_put_u32(nlh, CTA_STATS_GLOBAL_ENTRIES, htonl((uint32_t)nentries));
	mnl_attr_put_u32(nlh, CTA_STATS_GLOBAL_MAX_ENTRIES, htonl(conf.ct_max));
	reply_unicast(r, nlh);
	return 0;
}

/* Nothing is ever dying or unconfirmed for long in a user-space table. */
static int empty_dump(struct req *r, struct nlattr **tb)
{
	struct dump d;

	if (!(r->nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	dump_begin(&d, r);
	dump_end(&d);
	return ANSWERED;
}

/* --- filters and dumps ----------------------------------------------- */

static int parse_filter(struct req *r, struct nlattr **tb, struct filter *f)
{
	int err;

	memset(f, 0, sizeof(*f));
	f->family = r->family;
	if (tb[CTA_MARK]) {
		if (!attr_ok(tb[CTA_MARK], 4))
			return -ERANGE;
		f->mark = be32_at(tb[CTA_MARK]);
		f->mark_mask = tb[CTA_MARK_MASK] ? be32_at(tb[CTA_MARK_MASK]) : 0xffffffff;
	} else if (tb[CTA_MARK_MASK]) {
		return -EINVAL;
	}
	if (tb[CTA_STATUS]) {
		if (!attr_ok(tb[CTA_STATUS], 4))
			return -ERANGE;
		f->status = be32_at(tb[CTA_STATUS]);
		f->status_mask = tb[CTA_STATUS_MASK] ? be32_at(tb[CTA_STATUS_MASK]) : f->status;
		if (!f->status_mask)
			return -EINVAL;
	} else if (tb[CTA_STATUS_MASK]) {
		return -EINVAL;
	}
	if ((err = parse_zone(tb[CTA_ZONE], &f->zone)))
		return err;
	if (!tb[CTA_FILTER])
		return 0;
	{
		struct nlattr *ft[CTA_FILTER_MAX + 1];

		if (parse_nested(tb[CTA_FILTER], ft, CTA_FILTER_MAX) < 0)
			return -EINVAL;
		/* host byte order, and a policy mask: unknown bits are EINVAL */
		if (ft[CTA_FILTER_ORIG_FLAGS])
			f->flags[0] = attr_ok(ft[CTA_FILTER_ORIG_FLAGS], 4) ?
				      mnl_attr_get_u32(ft[CTA_FILTER_ORIG_FLAGS]) : ~0u;
		if (ft[CTA_FILTER_REPLY_FLAGS])
			f->flags[1] = attr_ok(ft[CTA_FILTER_REPLY_FLAGS], 4) ?
				      mnl_attr_get_u32(ft[CTA_FILTER_REPLY_FLAGS]) : ~0u;
		if ((f->flags[0] | f->flags[1]) & ~TF_FILTER_ALL)
			return -EINVAL;
	}
	if (f->flags[0]) {
		if (!tb[CTA_TUPLE_ORIG])
			return -EINVAL;
		if ((err = parse_tuple(tb[CTA_TUPLE_ORIG], &f->t[0], f->family,
				       f->flags[0], ZONE_DIR_ORIG, &f->zone)))
			return err;
	}
	if (f->flags[1]) {
		if (!tb[CTA_TUPLE_REPLY])
			return -EINVAL;
		if ((err = parse_tuple(tb[CTA_TUPLE_REPLY], &f->t[1], f->family,
				       f->flags[1], ZONE_DIR_REPL, &f->zone)))
			return err;
	}
	return 0;
}

static bool tuple_match(const struct tup *want, const struct tup *t,
			uint32_t flags, uint8_t family)
{
	size_t alen = family == AF_INET ? 4 : 16;
	bool icmp = l4_is_icmp(t->l3, t->l4);

	if ((flags & TF_SRC) && memcmp(&want->src, &t->src, alen))
		return false;
	if ((flags & TF_DST) && memcmp(&want->dst, &t->dst, alen))
		return false;
	if ((flags & TF_PROTO) && want->l4 != t->l4)
		return false;
	if (!icmp) {
		if ((flags & TF_SPORT) && want->sport != t->sport)
			return false;
		if ((flags & TF_DPORT) && want->dport != t->dport)
			return false;
		return true;
	}
	if ((flags & TF_ICMP_TYPE) && (want->dport >> 8) != (t->dport >> 8))
		return false;
	if ((flags & TF_ICMP_CODE) && (want->dport & 0xff) != (t->dport & 0xff))
		return false;
	if ((flags & TF_ICMP_ID) && want->sport != t->sport)
		return false;
	return true;
}

bool filter_match(const struct filter *f, const struct entry *e)
{
	int d;

	if (f->family && e->t[0].l3 != f->family)
		return false;
	if (f->zone.id && e->zone.id != f->zone.id)
		return false;
	for (d = 0; d < 2; d++)
		if (f->flags[d] && !tuple_match(&f->t[d], &e->t[d], f->flags[d], f->family))
			return false;
	if ((e->mark & f->mark_mask) != f->mark)
		return false;
	if ((e->status & f->status_mask) != f->status)
		return false;
	return true;
}

static int ct_dump(struct req *r, struct nlattr **tb, bool zero)
{
	char buf[GOODSIZE];
	struct filter f;
	struct dump d;
	size_t i;
	int err;

	bool filtered = r->family || tb[CTA_MARK] || tb[CTA_STATUS] || tb[CTA_ZONE] ||
			tb[CTA_FILTER];

	if ((err = parse_filter(r, tb, &f)))
		return err;
	ct_expire();
	dump_begin(&d, r);
	for (i = 0; i < nentries; i++) {
		struct entry *e = table[i];

		if (!filter_match(&f, e))
			continue;
		dump_add(&d, fill_entry(buf, r, e, 1, filtered ? NLM_F_DUMP_FILTERED : 0));
		if (zero) {
			memset(e->pkts, 0, sizeof(e->pkts));
			memset(e->bytes, 0, sizeof(e->bytes));
		}
	}
	dump_end(&d);
	return ANSWERED;
}

static int ct_get(struct req *r, struct nlattr **tb)
{
	char buf[GOODSIZE];
	struct tup t;
	struct zone z;
	struct entry *e;
	int err;

	if (r->nlh->nlmsg_flags & NLM_F_DUMP)
		return ct_dump(r, tb, NFNL_MSG_TYPE(r->nlh->nlmsg_type) == IPCTNL_MSG_CT_GET_CTRZERO);
	if ((err = lookup_key(r, tb, &t, &z)))
		return err;
	e = ct_find(&t, &z);
	if (!e)
		return -ENOENT;
	/* the GET itself holds a reference while the answer is built */
	reply_unicast(r, fill_entry(buf, r, e, 2, 0));
	return 0;
}

/* ctnetlink_flush_conntrack(): filtered by mark/status; the family only
 * counts when nfgenmsg.version is set (compat with old user space). */
static int flush(struct req *r, struct nlattr **tb)
{
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(r->nlh);
	struct filter f;
	size_t i = 0;
	int err;

	if (tb[CTA_FILTER])
		return -EOPNOTSUPP;
	if ((err = parse_filter(r, tb, &f)))
		return err;
	if (!nfg->version)
		f.family = 0;
	ct_expire();
	while (i < nentries) {
		if (filter_match(&f, table[i]))
			ct_remove(table[i], r->c->portid);
		else
			i++;
	}
	return 0;
}

static int ct_delete(struct req *r, struct nlattr **tb)
{
	struct tup t;
	struct zone z;
	struct entry *e;
	int err;

	if (!tb[CTA_TUPLE_ORIG] && !tb[CTA_TUPLE_REPLY])
		return flush(r, tb);
	if ((err = lookup_key(r, tb, &t, &z)))
		return err;
	e = ct_find(&t, &z);
	if (!e)
		return -ENOENT;
	if (tb[CTA_ID] && (!attr_ok(tb[CTA_ID], 4) || be32_at(tb[CTA_ID]) != e->id))
		return -ENOENT;
	ct_remove(e, r->c->portid);
	return 0;
}

static const msg_handler handlers[] = {
	[IPCTNL_MSG_CT_NEW] = ct_new,
	[IPCTNL_MSG_CT_GET] = ct_get,
	[IPCTNL_MSG_CT_DELETE] = ct_delete,
	[IPCTNL_MSG_CT_GET_CTRZERO] = ct_get_ctrzero,
	[IPCTNL_MSG_CT_GET_STATS_CPU] = stats_cpu,
	[IPCTNL_MSG_CT_GET_STATS] = stats_global,
	[IPCTNL_MSG_CT_GET_DYING] = empty_dump,
	[IPCTNL_MSG_CT_GET_UNCONFIRMED] = empty_dump,
};

const struct subsys ss_conntrack = {
	.name = "conntrack",
	.attr_max = CTA_MAX,
	.nmsg = sizeof(handlers) / sizeof(handlers[0]),
	.handlers = handlers,
	.tick = ct_expire,
};

/* --- NFQUEUE glue (queue.c) -------------------------------------------- */

/* The entry a queued packet belongs to, inside NFQA_CT
 * (ctnetlink_glue_build): no use count, the helper's private data. */
void ct_put_glue(struct nlmsghdr *nlh, const struct entry *e)
{
	put_common_head(nlh, e);
	mnl_attr_put_u32(nlh, CTA_ID, htonl(e->id));
	mnl_attr_put_u32(nlh, CTA_STATUS, htonl(e->status));
	mnl_attr_put_u32(nlh, CTA_TIMEOUT, htonl(remaining(e)));
	put_protoinfo(nlh, e, false);
	put_helper(nlh, e);
	if (e->mark)
		mnl_attr_put_u32(nlh, CTA_MARK, htonl(e->mark));
}

/* ctnetlink_glue_parse_ct(): what a verdict may change. */
int ct_glue_update(struct entry *e, const struct nlattr *nest)
{
	struct nlattr *tb[CTA_MAX + 1];
	int err;

	if (parse_nested(nest, tb, CTA_MAX) < 0)
		return -EINVAL;
	if (tb[CTA_TIMEOUT]) {
		if (!attr_ok(tb[CTA_TIMEOUT], 4))
			return -ERANGE;
		set_timeout(e, be32_at(tb[CTA_TIMEOUT]));
	}
	if (tb[CTA_STATUS]) {
		uint32_t st;

		if (!attr_ok(tb[CTA_STATUS], 4))
			return -ERANGE;
		st = be32_at(tb[CTA_STATUS]);
		e->status = (e->status & UNCHANGEABLE) | (st & ~UNCHANGEABLE);
	}
	if (tb[CTA_HELP]) {
		struct nlattr *h[CTA_HELP_MAX + 1];

		if (parse_nested(tb[CTA_HELP], h, CTA_HELP_MAX) < 0)
			return -EINVAL;
		if (h[CTA_HELP_INFO]) {
			size_t len = mnl_attr_get_payload_len(h[CTA_HELP_INFO]);

			if (len > e->priv_len)
				return -EINVAL;
			memcpy(e->priv, mnl_attr_get_payload(h[CTA_HELP_INFO]), len);
		}
	}
	if (tb[CTA_MARK]) {
		uint32_t mask = attr_ok(tb[CTA_MARK_MASK], 4) ? be32_at(tb[CTA_MARK_MASK]) : 0xffffffff;

		if (!attr_ok(tb[CTA_MARK], 4))
			return -ERANGE;
		e->mark = (e->mark & ~mask) | (be32_at(tb[CTA_MARK]) & mask);
	}
	if (tb[CTA_LABELS] && (err = change_labels(e, tb)))
		return err;
	return 0;
}

/* A test injects a packet with the entry it belongs to: find it by its
 * tuple, or create it from the same attributes as CT_NEW. */
struct entry *ct_for_inject(struct nlattr **tb, uint8_t l3, struct req *r, int *err)
{
	struct tup ot, rt;
	struct zone z = { 0, ZONE_DIR_BOTH };
	struct entry *e;

	*err = -EINVAL;
	if (!tb[CTA_TUPLE_ORIG] ||
	    (*err = parse_tuple(tb[CTA_TUPLE_ORIG], &ot, l3, TF_ALL, ZONE_DIR_ORIG, &z)))
		return NULL;
	e = ct_find(&ot, &z);
	if (e)
		return e;
	if (tb[CTA_TUPLE_REPLY]) {
		if ((*err = parse_tuple(tb[CTA_TUPLE_REPLY], &rt, l3, TF_ALL, ZONE_DIR_REPL, &z)))
			return NULL;
	} else {
		tup_invert(&ot, &rt);
	}
	if ((*err = create(r, tb, &ot, &rt, &z)))
		return NULL;
	return ct_find(&ot, &z);
}
