/* ctnetlink conntrack messages <-> struct ct.
 *
 * Parsing follows the libmnl examples: every nest is walked once, each
 * attribute checked against a small policy table (type and length, like
 * the kernel's nla_policy) into a tb[] indexed by attribute type, then the
 * values are copied out with their byte order fixed.  Attribute types we
 * do not know are skipped (newer kernels add some); known ones with a
 * wrong length, a string without its NUL, trailing bytes in a nest or a
 * truncated attribute reject the whole message with -EBADMSG.  The
 * structure is fixed (tuple -> ip/proto is the deepest), so hostile
 * nesting cannot recurse.
 *
 * Building emits attributes in libnetfilter_conntrack 1.0.9's order so
 * our requests are byte-identical to conntrack-tools' (spec §1.12). */
#include <errno.h>
#include <string.h>
#include <endian.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_conntrack_common.h>

#include "ct.h"
#include "nla.h"
#include "util.h"

/* Kernel-internal (net/netfilter/nf_internals.h, not UAPI): which fields
 * of the CTA_TUPLE_ORIG/REPLY sent with CTA_FILTER a dump compares. */
#define CTA_FILTER_F_CTA_IP_SRC			(1 << 0)
#define CTA_FILTER_F_CTA_IP_DST			(1 << 1)
#define CTA_FILTER_F_CTA_TUPLE_ZONE		(1 << 2)
#define CTA_FILTER_F_CTA_PROTO_NUM		(1 << 3)
#define CTA_FILTER_F_CTA_PROTO_SRC_PORT		(1 << 4)
#define CTA_FILTER_F_CTA_PROTO_DST_PORT		(1 << 5)
#define CTA_FILTER_F_CTA_PROTO_ICMP_TYPE	(1 << 6)
#define CTA_FILTER_F_CTA_PROTO_ICMP_CODE	(1 << 7)
#define CTA_FILTER_F_CTA_PROTO_ICMP_ID		(1 << 8)
#define CTA_FILTER_F_CTA_PROTO_ICMPV6_TYPE	(1 << 9)
#define CTA_FILTER_F_CTA_PROTO_ICMPV6_CODE	(1 << 10)
#define CTA_FILTER_F_CTA_PROTO_ICMPV6_ID	(1 << 11)

#define NF_CT_HELPER_NAME_LEN	16

/* --- parsing --------------------------------------------------------- */

static const struct nla_pol ct_pol[] = {
	[CTA_TUPLE_ORIG]	= POL_NEST,
	[CTA_TUPLE_REPLY]	= POL_NEST,
	[CTA_STATUS]		= POL_U32,
	[CTA_PROTOINFO]		= POL_NEST,
	[CTA_HELP]		= POL_NEST,
	[CTA_NAT_SRC]		= POL_NEST,
	[CTA_TIMEOUT]		= POL_U32,
	[CTA_MARK]		= POL_U32,
	[CTA_COUNTERS_ORIG]	= POL_NEST,
	[CTA_COUNTERS_REPLY]	= POL_NEST,
	[CTA_USE]		= POL_U32,
	[CTA_ID]		= POL_U32,
	[CTA_NAT_DST]		= POL_NEST,
	[CTA_TUPLE_MASTER]	= POL_NEST,
	[CTA_SEQ_ADJ_ORIG]	= POL_NEST,
	[CTA_SEQ_ADJ_REPLY]	= POL_NEST,
	[CTA_SECMARK]		= POL_U32,
	[CTA_ZONE]		= POL_U16,
	[CTA_SECCTX]		= POL_NEST,
	[CTA_TIMESTAMP]		= POL_NEST,
	[CTA_MARK_MASK]		= POL_U32,
	[CTA_LABELS]		= POL_BIN_UPTO(CT_LABEL_BYTES),
	[CTA_LABELS_MASK]	= POL_BIN_UPTO(CT_LABEL_BYTES),
	[CTA_SYNPROXY]		= POL_NEST,
	[CTA_FILTER]		= { 0, 0, 0 },	/* request only */
	[CTA_STATUS_MASK]	= POL_U32,
	[CTA_TIMESTAMP_EVENT]	= POL_U64,
};

static const struct nla_pol tuple_pol[] = {
	[CTA_TUPLE_IP]		= POL_NEST,
	[CTA_TUPLE_PROTO]	= POL_NEST,
	[CTA_TUPLE_ZONE]	= POL_U16,
};

static const struct nla_pol ip_pol[] = {
	[CTA_IP_V4_SRC]		= POL_BIN(4),
	[CTA_IP_V4_DST]		= POL_BIN(4),
	[CTA_IP_V6_SRC]		= POL_BIN(16),
	[CTA_IP_V6_DST]		= POL_BIN(16),
};

static const struct nla_pol proto_pol[] = {
	[CTA_PROTO_NUM]		= POL_U8,
	[CTA_PROTO_SRC_PORT]	= POL_U16,
	[CTA_PROTO_DST_PORT]	= POL_U16,
	[CTA_PROTO_ICMP_ID]	= POL_U16,
	[CTA_PROTO_ICMP_TYPE]	= POL_U8,
	[CTA_PROTO_ICMP_CODE]	= POL_U8,
	[CTA_PROTO_ICMPV6_ID]	= POL_U16,
	[CTA_PROTO_ICMPV6_TYPE]	= POL_U8,
	[CTA_PROTO_ICMPV6_CODE]	= POL_U8,
};

static const struct nla_pol protoinfo_pol[] = {
	[CTA_PROTOINFO_TCP]	= POL_NEST,
	[CTA_PROTOINFO_DCCP]	= POL_NEST,
	[CTA_PROTOINFO_SCTP]	= POL_NEST,
};

/* CTA_PROTOINFO_TCP_FLAGS_*: struct nf_ct_tcp_flags { u8 flags, mask; } */
static const struct nla_pol tcp_pol[] = {
	[CTA_PROTOINFO_TCP_STATE]		= POL_U8,
	[CTA_PROTOINFO_TCP_WSCALE_ORIGINAL]	= POL_U8,
	[CTA_PROTOINFO_TCP_WSCALE_REPLY]	= POL_U8,
	[CTA_PROTOINFO_TCP_FLAGS_ORIGINAL]	= POL_BIN(2),
	[CTA_PROTOINFO_TCP_FLAGS_REPLY]		= POL_BIN(2),
};

static const struct nla_pol sctp_pol[] = {
	[CTA_PROTOINFO_SCTP_STATE]		= POL_U8,
	[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL]	= POL_U32,
	[CTA_PROTOINFO_SCTP_VTAG_REPLY]		= POL_U32,
};

static const struct nla_pol dccp_pol[] = {
	[CTA_PROTOINFO_DCCP_STATE]		= POL_U8,
	[CTA_PROTOINFO_DCCP_ROLE]		= POL_U8,
	[CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ]	= POL_U64,
};

/* Both the 64-bit counters and the 32-bit ones of kernels before 2.6.27. */
static const struct nla_pol counters_pol[] = {
	[CTA_COUNTERS_PACKETS]		= POL_U64,
	[CTA_COUNTERS_BYTES]		= POL_U64,
	[CTA_COUNTERS32_PACKETS]	= POL_U32,
	[CTA_COUNTERS32_BYTES]		= POL_U32,
};

static const struct nla_pol tstamp_pol[] = {
	[CTA_TIMESTAMP_START]	= POL_U64,
	[CTA_TIMESTAMP_STOP]	= POL_U64,
};

static const struct nla_pol help_pol[] = {
	[CTA_HELP_NAME]		= POL_STR(NF_CT_HELPER_NAME_LEN),
};

static const struct nla_pol secctx_pol[] = {
	[CTA_SECCTX_NAME]	= POL_STR(255),
};

static const struct nla_pol seqadj_pol[] = {
	[CTA_SEQADJ_CORRECTION_POS]	= POL_U32,
	[CTA_SEQADJ_OFFSET_BEFORE]	= POL_U32,
	[CTA_SEQADJ_OFFSET_AFTER]	= POL_U32,
};

static const struct nla_pol synproxy_pol[] = {
	[CTA_SYNPROXY_ISN]	= POL_U32,
	[CTA_SYNPROXY_ITS]	= POL_U32,
	[CTA_SYNPROXY_TSOFF]	= POL_U32,
};

static const struct nla_pol nat_pol[] = {
	[CTA_NAT_V4_MINIP]	= POL_BIN(4),
	[CTA_NAT_V4_MAXIP]	= POL_BIN(4),
	[CTA_NAT_PROTO]		= POL_NEST,
	[CTA_NAT_V6_MINIP]	= POL_BIN(16),
	[CTA_NAT_V6_MAXIP]	= POL_BIN(16),
};

static const struct nla_pol protonat_pol[] = {
	[CTA_PROTONAT_PORT_MIN]	= POL_U16,
	[CTA_PROTONAT_PORT_MAX]	= POL_U16,
};

static int parse_tuple_ip(const struct nlattr *nest, struct ct_tuple *t)
{
	const struct nlattr *tb[ARRAY_SIZE(ip_pol)];
	bool v4, v6;

	if (NLA_PARSE(nest, ip_pol, tb) < 0)
		return -EBADMSG;
	v4 = tb[CTA_IP_V4_SRC] || tb[CTA_IP_V4_DST];
	v6 = tb[CTA_IP_V6_SRC] || tb[CTA_IP_V6_DST];
	if (v4 && v6)
		return -EBADMSG;	/* one tuple, one family */
	if (v4 || v6)
		t->l3 = v4 ? AF_INET : AF_INET6;
	if (tb[CTA_IP_V4_SRC] || tb[CTA_IP_V6_SRC]) {
		nla_copy(&t->src, v4 ? tb[CTA_IP_V4_SRC] : tb[CTA_IP_V6_SRC]);
		t->has |= TP_SRC;
	}
	if (tb[CTA_IP_V4_DST] || tb[CTA_IP_V6_DST]) {
		nla_copy(&t->dst, v4 ? tb[CTA_IP_V4_DST] : tb[CTA_IP_V6_DST]);
		t->has |= TP_DST;
	}
	return 0;
}

/* ICMP and ICMPv6 share the fields; the ICMPv6 attributes win if a
 * (broken) sender gives both. */
static void parse_tuple_icmp(const struct nlattr **tb, int id, int type,
			     int code, struct ct_tuple *t)
{
	if (tb[id]) {
		t->icmp_id = nla_be16(tb[id]);
		t->has |= TP_ICMP_ID;
	}
	if (tb[type]) {
		t->icmp_type = nla_u8(tb[type]);
		t->has |= TP_ICMP_TYPE;
	}
	if (tb[code]) {
		t->icmp_code = nla_u8(tb[code]);
		t->has |= TP_ICMP_CODE;
	}
}

/* GRE keys travel as the port attributes. */
static int parse_tuple_proto(const struct nlattr *nest, struct ct_tuple *t)
{
	const struct nlattr *tb[ARRAY_SIZE(proto_pol)];

	if (NLA_PARSE(nest, proto_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTO_NUM]) {
		t->l4 = nla_u8(tb[CTA_PROTO_NUM]);
		t->has |= TP_PROTO;
	}
	if (tb[CTA_PROTO_SRC_PORT]) {
		t->sport = nla_be16(tb[CTA_PROTO_SRC_PORT]);
		t->has |= TP_SPORT;
	}
	if (tb[CTA_PROTO_DST_PORT]) {
		t->dport = nla_be16(tb[CTA_PROTO_DST_PORT]);
		t->has |= TP_DPORT;
	}
	parse_tuple_icmp(tb, CTA_PROTO_ICMP_ID, CTA_PROTO_ICMP_TYPE,
			 CTA_PROTO_ICMP_CODE, t);
	parse_tuple_icmp(tb, CTA_PROTO_ICMPV6_ID, CTA_PROTO_ICMPV6_TYPE,
			 CTA_PROTO_ICMPV6_CODE, t);
	return 0;
}

/* A tuple without addresses takes its family from the message. */
int ct_tuple_parse(const struct nlattr *nest, struct ct_tuple *t,
		   uint8_t family)
{
	const struct nlattr *tb[ARRAY_SIZE(tuple_pol)];

	memset(t, 0, sizeof(*t));
	if (NLA_PARSE(nest, tuple_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_TUPLE_IP] && parse_tuple_ip(tb[CTA_TUPLE_IP], t) < 0)
		return -EBADMSG;
	if (!t->l3 && (family == AF_INET || family == AF_INET6))
		t->l3 = family;
	if (tb[CTA_TUPLE_PROTO] &&
	    parse_tuple_proto(tb[CTA_TUPLE_PROTO], t) < 0)
		return -EBADMSG;
	if (tb[CTA_TUPLE_ZONE]) {
		t->zone = nla_be16(tb[CTA_TUPLE_ZONE]);
		t->has |= TP_ZONE;
	}
	return 0;
}

static int parse_tcp(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(tcp_pol)];
	static const int wscale[2] = {
		CTA_PROTOINFO_TCP_WSCALE_ORIGINAL,
		CTA_PROTOINFO_TCP_WSCALE_REPLY,
	};
	static const int flags[2] = {
		CTA_PROTOINFO_TCP_FLAGS_ORIGINAL,
		CTA_PROTOINFO_TCP_FLAGS_REPLY,
	};
	int dir;

	if (NLA_PARSE(nest, tcp_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTOINFO_TCP_STATE]) {
		ct->tcp.state = nla_u8(tb[CTA_PROTOINFO_TCP_STATE]);
		ct_set(ct, CT_TCP_STATE);
	}
	for (dir = 0; dir < 2; dir++) {
		if (tb[wscale[dir]]) {
			ct->tcp.wscale[dir] = nla_u8(tb[wscale[dir]]);
			ct_set(ct, CT_TCP_WSCALE_ORIG + dir);
		}
		if (tb[flags[dir]]) {
			const uint8_t *f = mnl_attr_get_payload(tb[flags[dir]]);

			ct->tcp.flags[dir] = f[0];
			ct->tcp.mask[dir] = f[1];
			ct_set(ct, CT_TCP_FLAGS_ORIG + dir);
		}
	}
	return 0;
}

static int parse_sctp(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(sctp_pol)];

	if (NLA_PARSE(nest, sctp_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTOINFO_SCTP_STATE]) {
		ct->sctp.state = nla_u8(tb[CTA_PROTOINFO_SCTP_STATE]);
		ct_set(ct, CT_SCTP_STATE);
	}
	if (tb[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL]) {
		ct->sctp.vtag[0] = nla_be32(tb[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL]);
		ct_set(ct, CT_SCTP_VTAG_ORIG);
	}
	if (tb[CTA_PROTOINFO_SCTP_VTAG_REPLY]) {
		ct->sctp.vtag[1] = nla_be32(tb[CTA_PROTOINFO_SCTP_VTAG_REPLY]);
		ct_set(ct, CT_SCTP_VTAG_REPLY);
	}
	return 0;
}

static int parse_dccp(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(dccp_pol)];

	if (NLA_PARSE(nest, dccp_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTOINFO_DCCP_STATE]) {
		ct->dccp.state = nla_u8(tb[CTA_PROTOINFO_DCCP_STATE]);
		ct_set(ct, CT_DCCP_STATE);
	}
	if (tb[CTA_PROTOINFO_DCCP_ROLE]) {
		ct->dccp.role = nla_u8(tb[CTA_PROTOINFO_DCCP_ROLE]);
		ct_set(ct, CT_DCCP_ROLE);
	}
	if (tb[CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ]) {
		ct->dccp.handshake_seq =
			nla_be64(tb[CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ]);
		ct_set(ct, CT_DCCP_HSEQ);
	}
	return 0;
}

static int parse_protoinfo(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(protoinfo_pol)];

	if (NLA_PARSE(nest, protoinfo_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTOINFO_TCP] && parse_tcp(tb[CTA_PROTOINFO_TCP], ct) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTOINFO_SCTP] && parse_sctp(tb[CTA_PROTOINFO_SCTP], ct) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTOINFO_DCCP] && parse_dccp(tb[CTA_PROTOINFO_DCCP], ct) < 0)
		return -EBADMSG;
	return 0;
}

/* The entry has counters if either number came. */
static int parse_counters(const struct nlattr *nest, struct ct_counters *c)
{
	const struct nlattr *tb[ARRAY_SIZE(counters_pol)];

	if (NLA_PARSE(nest, counters_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_COUNTERS_PACKETS])
		c->packets = nla_be64(tb[CTA_COUNTERS_PACKETS]);
	else if (tb[CTA_COUNTERS32_PACKETS])
		c->packets = nla_be32(tb[CTA_COUNTERS32_PACKETS]);
	if (tb[CTA_COUNTERS_BYTES])
		c->bytes = nla_be64(tb[CTA_COUNTERS_BYTES]);
	else if (tb[CTA_COUNTERS32_BYTES])
		c->bytes = nla_be32(tb[CTA_COUNTERS32_BYTES]);
	return 0;
}

static int parse_timestamp(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(tstamp_pol)];

	if (NLA_PARSE(nest, tstamp_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_TIMESTAMP_START]) {
		ct->ts_start = nla_be64(tb[CTA_TIMESTAMP_START]);
		ct_set(ct, CT_TS_START);
	}
	if (tb[CTA_TIMESTAMP_STOP]) {
		ct->ts_stop = nla_be64(tb[CTA_TIMESTAMP_STOP]);
		ct_set(ct, CT_TS_STOP);
	}
	return 0;
}

/* Help and secctx are nests around one string; NULL if it is absent. */
_Static_assert(ARRAY_SIZE(help_pol) == 2 && ARRAY_SIZE(secctx_pol) == 2,
	       "parse_name() has room for one attribute");
static int parse_name(const struct nlattr *nest, const struct nla_pol *pol,
		      unsigned int n, const char **name)
{
	const struct nlattr *tb[2];

	if (nla_parse_nest(nest, pol, n, tb) < 0)
		return -EBADMSG;
	*name = tb[1] ? mnl_attr_get_str(tb[1]) : NULL;
	return 0;
}

#define PARSE_NAME(a, pol, s) parse_name((a), (pol), ARRAY_SIZE(pol), (s))

static int parse_seqadj(const struct nlattr *nest, struct ct_seqadj *s)
{
	const struct nlattr *tb[ARRAY_SIZE(seqadj_pol)];

	if (NLA_PARSE(nest, seqadj_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_SEQADJ_CORRECTION_POS])
		s->correction_pos = nla_be32(tb[CTA_SEQADJ_CORRECTION_POS]);
	if (tb[CTA_SEQADJ_OFFSET_BEFORE])
		s->offset_before = nla_be32(tb[CTA_SEQADJ_OFFSET_BEFORE]);
	if (tb[CTA_SEQADJ_OFFSET_AFTER])
		s->offset_after = nla_be32(tb[CTA_SEQADJ_OFFSET_AFTER]);
	return 0;
}

static int parse_synproxy(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(synproxy_pol)];

	if (NLA_PARSE(nest, synproxy_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_SYNPROXY_ISN])
		ct->synproxy.isn = nla_be32(tb[CTA_SYNPROXY_ISN]);
	if (tb[CTA_SYNPROXY_ITS])
		ct->synproxy.its = nla_be32(tb[CTA_SYNPROXY_ITS]);
	if (tb[CTA_SYNPROXY_TSOFF])
		ct->synproxy.tsoff = nla_be32(tb[CTA_SYNPROXY_TSOFF]);
	return 0;
}

/* The kernel never sends NAT ranges; parsed anyway so that what
 * ct_build() writes reads back (tests, mini-netfilter). */
static int parse_nat(const struct nlattr *nest, struct ct_nat *n)
{
	const struct nlattr *tb[ARRAY_SIZE(nat_pol)];
	const struct nlattr *ptb[ARRAY_SIZE(protonat_pol)];
	bool v4, v6;

	if (NLA_PARSE(nest, nat_pol, tb) < 0)
		return -EBADMSG;
	v4 = tb[CTA_NAT_V4_MINIP] || tb[CTA_NAT_V4_MAXIP];
	v6 = tb[CTA_NAT_V6_MINIP] || tb[CTA_NAT_V6_MAXIP];
	if (v4 && v6)
		return -EBADMSG;
	if (v4 || v6) {
		const struct nlattr *min, *max;

		n->l3 = v4 ? AF_INET : AF_INET6;
		min = v4 ? tb[CTA_NAT_V4_MINIP] : tb[CTA_NAT_V6_MINIP];
		max = v4 ? tb[CTA_NAT_V4_MAXIP] : tb[CTA_NAT_V6_MAXIP];
		if (min)
			nla_copy(&n->min, min);
		if (max)
			nla_copy(&n->max, max);
		else
			n->max = n->min;
	}
	if (tb[CTA_NAT_PROTO]) {
		if (NLA_PARSE(tb[CTA_NAT_PROTO], protonat_pol, ptb) < 0)
			return -EBADMSG;
		if (ptb[CTA_PROTONAT_PORT_MIN])
			n->port_min = nla_be16(ptb[CTA_PROTONAT_PORT_MIN]);
		if (ptb[CTA_PROTONAT_PORT_MAX])
			n->port_max = nla_be16(ptb[CTA_PROTONAT_PORT_MAX]);
		if (!n->port_max)
			n->port_max = n->port_min;
	}
	return 0;
}

static int parse_labels(const struct nlattr **tb, struct ct *ct)
{
	size_t len = mnl_attr_get_payload_len(tb[CTA_LABELS]);

	ct->labels_len = (uint8_t)len;	/* <= 16 by policy */
	nla_copy(ct->labels, tb[CTA_LABELS]);
	ct_set(ct, CT_LABELS);
	if (tb[CTA_LABELS_MASK]) {
		/* the kernel wants them the same size; so do we */
		if (mnl_attr_get_payload_len(tb[CTA_LABELS_MASK]) != len)
			return -EBADMSG;
		nla_copy(ct->labels_mask, tb[CTA_LABELS_MASK]);
		ct_set(ct, CT_LABELS_MASK);
	}
	return 0;
}

/* Plain 32-bit attributes: where each one goes. */
static const struct {
	uint8_t type, bit;
	uint16_t off;
} ct_u32s[] = {
	{ CTA_STATUS,		CT_STATUS,	offsetof(struct ct, status) },
	{ CTA_TIMEOUT,		CT_TIMEOUT,	offsetof(struct ct, timeout) },
	{ CTA_MARK,		CT_MARK,	offsetof(struct ct, mark) },
	{ CTA_MARK_MASK,	CT_MARK_MASK,	offsetof(struct ct, mark_mask) },
	{ CTA_SECMARK,		CT_SECMARK,	offsetof(struct ct, secmark) },
	{ CTA_USE,		CT_USE,		offsetof(struct ct, use) },
	{ CTA_ID,		CT_ID,		offsetof(struct ct, id) },
	{ CTA_STATUS_MASK,	CT_STATUS_MASK,	offsetof(struct ct, status_mask) },
};

static void parse_scalars(const struct nlattr **tb, struct ct *ct)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ct_u32s); i++) {
		uint32_t v;

		if (!tb[ct_u32s[i].type])
			continue;
		v = nla_be32(tb[ct_u32s[i].type]);
		memcpy((char *)ct + ct_u32s[i].off, &v, sizeof(v));
		ct_set(ct, ct_u32s[i].bit);
	}
	if (tb[CTA_ZONE]) {
		ct->zone = nla_be16(tb[CTA_ZONE]);
		ct_set(ct, CT_ZONE);
	}
	if (tb[CTA_TIMESTAMP_EVENT]) {
		ct->ts_event = nla_be64(tb[CTA_TIMESTAMP_EVENT]);
		ct_set(ct, CT_TS_EVENT);
	}
}

static int parse_tuples(const struct nlattr **tb, struct ct *ct)
{
	static const struct {
		uint8_t type, bit;
		uint16_t off;
	} tuples[] = {
		{ CTA_TUPLE_ORIG,   CT_ORIG,   offsetof(struct ct, orig) },
		{ CTA_TUPLE_REPLY,  CT_REPLY,  offsetof(struct ct, reply) },
		{ CTA_TUPLE_MASTER, CT_MASTER, offsetof(struct ct, master) },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(tuples); i++) {
		struct ct_tuple *t = (void *)((char *)ct + tuples[i].off);

		if (!tb[tuples[i].type])
			continue;
		if (ct_tuple_parse(tb[tuples[i].type], t, ct->family) < 0)
			return -EBADMSG;
		ct_set(ct, tuples[i].bit);
	}
	return 0;
}

/* Everything in nests other than the tuples. */
static int parse_nests(const struct nlattr **tb, struct ct *ct)
{
	const char *s;
	int dir;

	if (tb[CTA_PROTOINFO] && parse_protoinfo(tb[CTA_PROTOINFO], ct) < 0)
		return -EBADMSG;
	for (dir = 0; dir < 2; dir++) {
		const struct nlattr *c = tb[dir ? CTA_COUNTERS_REPLY : CTA_COUNTERS_ORIG];
		const struct nlattr *adj = tb[dir ? CTA_SEQ_ADJ_REPLY : CTA_SEQ_ADJ_ORIG];
		const struct nlattr *n = tb[dir ? CTA_NAT_DST : CTA_NAT_SRC];

		if (c) {
			if (parse_counters(c, &ct->counters[dir]) < 0)
				return -EBADMSG;
			ct_set(ct, CT_COUNTERS_ORIG + dir);
		}
		if (adj) {
			if (parse_seqadj(adj, &ct->seqadj[dir]) < 0)
				return -EBADMSG;
			ct_set(ct, CT_SEQADJ_ORIG + dir);
		}
		if (n) {
			if (parse_nat(n, dir ? &ct->nat_dst : &ct->nat_src) < 0)
				return -EBADMSG;
			ct_set(ct, CT_NAT_SRC + dir);
		}
	}
	if (tb[CTA_TIMESTAMP] && parse_timestamp(tb[CTA_TIMESTAMP], ct) < 0)
		return -EBADMSG;
	if (tb[CTA_HELP]) {
		if (PARSE_NAME(tb[CTA_HELP], help_pol, &s) < 0)
			return -EBADMSG;
		if (s) {
			strcpy(ct->helper, s);	/* policy: fits */
			ct_set(ct, CT_HELPER);
		}
	}
	if (tb[CTA_SECCTX]) {
		if (PARSE_NAME(tb[CTA_SECCTX], secctx_pol, &s) < 0)
			return -EBADMSG;
		if (s) {
			ct->secctx = s;
			ct_set(ct, CT_SECCTX);
		}
	}
	if (tb[CTA_SYNPROXY]) {
		if (parse_synproxy(tb[CTA_SYNPROXY], ct) < 0)
			return -EBADMSG;
		ct_set(ct, CT_SYNPROXY);
	}
	if (tb[CTA_LABELS])
		return parse_labels(tb, ct);
	return 0;
}

int ct_parse(const struct nlmsghdr *nlh, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(ct_pol)];
	const struct nfgenmsg *nfg;
	size_t hdr = MNL_ALIGN(sizeof(*nfg));

	memset(ct, 0, sizeof(*ct));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + hdr)
		return -EBADMSG;
	nfg = mnl_nlmsg_get_payload(nlh);
	ct->family = nfg->nfgen_family;
	if (nla_parse_area((const char *)nfg + hdr,
			   nlh->nlmsg_len - MNL_NLMSG_HDRLEN - hdr,
			   ct_pol, ARRAY_SIZE(ct_pol), tb) < 0)
		return -EBADMSG;
	if (parse_tuples(tb, ct) < 0 || parse_nests(tb, ct) < 0)
		return -EBADMSG;
	parse_scalars(tb, ct);
	return 0;
}

/* --- building -------------------------------------------------------- */

static uint8_t tuple_l3(const struct ct_tuple *t, uint8_t family)
{
	return t->l3 ? t->l3 : family;
}

static void build_addrs(struct nla_bld *b, const struct ct_tuple *t, uint8_t l3)
{
	struct nlattr *n;
	bool v6 = l3 == AF_INET6;
	size_t len = v6 ? sizeof(t->src.v6) : sizeof(t->src.v4);

	if (!(t->has & (TP_SRC | TP_DST)) || (l3 != AF_INET && !v6))
		return;
	n = nla_nest_start(b, CTA_TUPLE_IP);
	if (t->has & TP_SRC)
		nla_put(b, v6 ? CTA_IP_V6_SRC : CTA_IP_V4_SRC, len, &t->src);
	if (t->has & TP_DST)
		nla_put(b, v6 ? CTA_IP_V6_DST : CTA_IP_V4_DST, len, &t->dst);
	nla_nest_end(b, n);
}

/* libnetfilter_conntrack's order: number, ports, then code, type, id. */
static void build_proto(struct nla_bld *b, const struct ct_tuple *t)
{
	bool v6 = t->l4 == IPPROTO_ICMPV6;
	struct nlattr *n;

	if (!(t->has & (TP_PROTO | TP_SPORT | TP_DPORT | TP_ICMP_TYPE |
			TP_ICMP_CODE | TP_ICMP_ID)))
		return;
	n = nla_nest_start(b, CTA_TUPLE_PROTO);
	if (t->has & TP_PROTO)
		nla_put_u8(b, CTA_PROTO_NUM, t->l4);
	if (t->has & TP_SPORT)
		nla_put_be16(b, CTA_PROTO_SRC_PORT, t->sport);
	if (t->has & TP_DPORT)
		nla_put_be16(b, CTA_PROTO_DST_PORT, t->dport);
	if (t->has & TP_ICMP_CODE)
		nla_put_u8(b, v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE,
			   t->icmp_code);
	if (t->has & TP_ICMP_TYPE)
		nla_put_u8(b, v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE,
			   t->icmp_type);
	if (t->has & TP_ICMP_ID)
		nla_put_be16(b, v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID,
			     t->icmp_id);
	nla_nest_end(b, n);
}

void ct_tuple_build(struct nla_bld *b, uint16_t type,
		    const struct ct_tuple *t, uint8_t family)
{
	struct nlattr *n = nla_nest_start(b, type);

	build_addrs(b, t, tuple_l3(t, family));
	build_proto(b, t);
	if (t->has & TP_ZONE)
		nla_put_be16(b, CTA_TUPLE_ZONE, t->zone);
	nla_nest_end(b, n);
}

static void build_tcp(struct nla_bld *b, const struct ct *ct)
{
	struct nlattr *n = nla_nest_start(b, CTA_PROTOINFO_TCP);
	int dir;

	if (ct_has(ct, CT_TCP_STATE))
		nla_put_u8(b, CTA_PROTOINFO_TCP_STATE, ct->tcp.state);
	for (dir = 0; dir < 2; dir++) {
		uint8_t f[2] = { ct->tcp.flags[dir], ct->tcp.mask[dir] };
		uint16_t type = dir ? CTA_PROTOINFO_TCP_FLAGS_REPLY :
				      CTA_PROTOINFO_TCP_FLAGS_ORIGINAL;

		if (ct_has(ct, CT_TCP_FLAGS_ORIG + dir))
			nla_put(b, type, sizeof(f), f);
	}
	if (ct_has(ct, CT_TCP_WSCALE_ORIG))
		nla_put_u8(b, CTA_PROTOINFO_TCP_WSCALE_ORIGINAL, ct->tcp.wscale[0]);
	if (ct_has(ct, CT_TCP_WSCALE_REPLY))
		nla_put_u8(b, CTA_PROTOINFO_TCP_WSCALE_REPLY, ct->tcp.wscale[1]);
	nla_nest_end(b, n);
}

static void build_sctp(struct nla_bld *b, const struct ct *ct)
{
	struct nlattr *n = nla_nest_start(b, CTA_PROTOINFO_SCTP);

	if (ct_has(ct, CT_SCTP_STATE))
		nla_put_u8(b, CTA_PROTOINFO_SCTP_STATE, ct->sctp.state);
	if (ct_has(ct, CT_SCTP_VTAG_ORIG))
		nla_put_be32(b, CTA_PROTOINFO_SCTP_VTAG_ORIGINAL, ct->sctp.vtag[0]);
	if (ct_has(ct, CT_SCTP_VTAG_REPLY))
		nla_put_be32(b, CTA_PROTOINFO_SCTP_VTAG_REPLY, ct->sctp.vtag[1]);
	nla_nest_end(b, n);
}

static void build_dccp(struct nla_bld *b, const struct ct *ct)
{
	struct nlattr *n = nla_nest_start(b, CTA_PROTOINFO_DCCP);

	if (ct_has(ct, CT_DCCP_STATE))
		nla_put_u8(b, CTA_PROTOINFO_DCCP_STATE, ct->dccp.state);
	if (ct_has(ct, CT_DCCP_ROLE))
		nla_put_u8(b, CTA_PROTOINFO_DCCP_ROLE, ct->dccp.role);
	if (ct_has(ct, CT_DCCP_HSEQ))
		nla_put_be64(b, CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ,
			     ct->dccp.handshake_seq);
	nla_nest_end(b, n);
}

#define TCP_BITS	(CT_BIT(CT_TCP_STATE) | CT_BIT(CT_TCP_WSCALE_ORIG) | \
			 CT_BIT(CT_TCP_WSCALE_REPLY) | \
			 CT_BIT(CT_TCP_FLAGS_ORIG) | CT_BIT(CT_TCP_FLAGS_REPLY))
#define SCTP_BITS	(CT_BIT(CT_SCTP_STATE) | CT_BIT(CT_SCTP_VTAG_ORIG) | \
			 CT_BIT(CT_SCTP_VTAG_REPLY))
#define DCCP_BITS	(CT_BIT(CT_DCCP_STATE) | CT_BIT(CT_DCCP_ROLE) | \
			 CT_BIT(CT_DCCP_HSEQ))

static void build_protoinfo(struct nla_bld *b, const struct ct *ct)
{
	struct nlattr *n;

	if (!(ct->has & (TCP_BITS | SCTP_BITS | DCCP_BITS)))
		return;
	n = nla_nest_start(b, CTA_PROTOINFO);
	if (ct->has & TCP_BITS)
		build_tcp(b, ct);
	if (ct->has & SCTP_BITS)
		build_sctp(b, ct);
	if (ct->has & DCCP_BITS)
		build_dccp(b, ct);
	nla_nest_end(b, n);
}

static void build_nat(struct nla_bld *b, uint16_t type, const struct ct_nat *nat)
{
	struct nlattr *n = nla_nest_start(b, type);
	bool v6 = nat->l3 == AF_INET6;
	size_t len = v6 ? sizeof(nat->min.v6) : sizeof(nat->min.v4);

	if (nat->l3 == AF_INET || v6) {
		nla_put(b, v6 ? CTA_NAT_V6_MINIP : CTA_NAT_V4_MINIP, len, &nat->min);
		if (memcmp(&nat->min, &nat->max, len))
			nla_put(b, v6 ? CTA_NAT_V6_MAXIP : CTA_NAT_V4_MAXIP, len,
				&nat->max);
	}
	if (nat->port_min || nat->port_max) {
		struct nlattr *p = nla_nest_start(b, CTA_NAT_PROTO);

		nla_put_be16(b, CTA_PROTONAT_PORT_MIN, nat->port_min);
		nla_put_be16(b, CTA_PROTONAT_PORT_MAX,
			     nat->port_max ? nat->port_max : nat->port_min);
		nla_nest_end(b, p);
	}
	nla_nest_end(b, n);
}

static void build_seqadj(struct nla_bld *b, uint16_t type, const struct ct_seqadj *s)
{
	struct nlattr *n = nla_nest_start(b, type);

	nla_put_be32(b, CTA_SEQADJ_CORRECTION_POS, s->correction_pos);
	nla_put_be32(b, CTA_SEQADJ_OFFSET_BEFORE, s->offset_before);
	nla_put_be32(b, CTA_SEQADJ_OFFSET_AFTER, s->offset_after);
	nla_nest_end(b, n);
}

static void build_helper(struct nla_bld *b, const struct ct *ct)
{
	struct nlattr *n = nla_nest_start(b, CTA_HELP);

	nla_put_strz(b, CTA_HELP_NAME, ct->helper, sizeof(ct->helper));
	nla_nest_end(b, n);
}

static void build_synproxy(struct nla_bld *b, const struct ct *ct)
{
	struct nlattr *n = nla_nest_start(b, CTA_SYNPROXY);

	nla_put_be32(b, CTA_SYNPROXY_ISN, ct->synproxy.isn);
	nla_put_be32(b, CTA_SYNPROXY_ITS, ct->synproxy.its);
	nla_put_be32(b, CTA_SYNPROXY_TSOFF, ct->synproxy.tsoff);
	nla_nest_end(b, n);
}

int ct_build(struct nlmsghdr *nlh, size_t bufsz, const struct ct *ct)
{
	struct nla_bld b = { nlh, bufsz, false };
	uint32_t len0 = nlh->nlmsg_len;
	uint8_t len;

	if (ct_has(ct, CT_ORIG))
		ct_tuple_build(&b, CTA_TUPLE_ORIG, &ct->orig, ct->family);
	if (ct_has(ct, CT_REPLY))
		ct_tuple_build(&b, CTA_TUPLE_REPLY, &ct->reply, ct->family);
	if (ct_has(ct, CT_MASTER))
		ct_tuple_build(&b, CTA_TUPLE_MASTER, &ct->master, ct->family);
	if (ct_has(ct, CT_STATUS))
		nla_put_be32(&b, CTA_STATUS, ct->status | IPS_CONFIRMED);
	if (ct_has(ct, CT_TIMEOUT))
		nla_put_be32(&b, CTA_TIMEOUT, ct->timeout);
	if (ct_has(ct, CT_MARK))
		nla_put_be32(&b, CTA_MARK, ct->mark);
	if (ct_has(ct, CT_SECMARK))
		nla_put_be32(&b, CTA_SECMARK, ct->secmark);
	build_protoinfo(&b, ct);
	if (ct_has(ct, CT_NAT_SRC))
		build_nat(&b, CTA_NAT_SRC, &ct->nat_src);
	if (ct_has(ct, CT_NAT_DST))
		build_nat(&b, CTA_NAT_DST, &ct->nat_dst);
	if (ct_has(ct, CT_SEQADJ_ORIG))
		build_seqadj(&b, CTA_SEQ_ADJ_ORIG, &ct->seqadj[0]);
	if (ct_has(ct, CT_SEQADJ_REPLY))
		build_seqadj(&b, CTA_SEQ_ADJ_REPLY, &ct->seqadj[1]);
	if (ct_has(ct, CT_HELPER))
		build_helper(&b, ct);
	if (ct_has(ct, CT_ZONE))
		nla_put_be16(&b, CTA_ZONE, ct->zone);
	len = ct->labels_len < CT_LABEL_BYTES ? ct->labels_len : CT_LABEL_BYTES;
	if (ct_has(ct, CT_LABELS) && len) {
		nla_put(&b, CTA_LABELS, len, ct->labels);
		if (ct_has(ct, CT_LABELS_MASK))
			nla_put(&b, CTA_LABELS_MASK, len, ct->labels_mask);
	}
	if (ct_has(ct, CT_SYNPROXY))
		build_synproxy(&b, ct);
	return nla_bld_end(&b, len0);
}

int ct_build_key(struct nlmsghdr *nlh, size_t bufsz, const struct ct *ct)
{
	struct nla_bld b = { nlh, bufsz, false };
	uint32_t len0 = nlh->nlmsg_len;

	if (ct_has(ct, CT_ORIG))
		ct_tuple_build(&b, CTA_TUPLE_ORIG, &ct->orig, ct->family);
	if (ct_has(ct, CT_ZONE))
		nla_put_be16(&b, CTA_ZONE, ct->zone);
	return nla_bld_end(&b, len0);
}

/* Which CTA_FILTER_F_* bits a template tuple asks the kernel to compare. */
static uint32_t filter_flags(const struct ct_tuple *t)
{
	bool v6 = t->l4 == IPPROTO_ICMPV6;
	uint32_t f = 0;

	if (t->has & TP_SRC)
		f |= CTA_FILTER_F_CTA_IP_SRC;
	if (t->has & TP_DST)
		f |= CTA_FILTER_F_CTA_IP_DST;
	if (t->has & TP_ZONE)
		f |= CTA_FILTER_F_CTA_TUPLE_ZONE;
	if (t->has & TP_PROTO)
		f |= CTA_FILTER_F_CTA_PROTO_NUM;
	if (t->has & TP_SPORT)
		f |= CTA_FILTER_F_CTA_PROTO_SRC_PORT;
	if (t->has & TP_DPORT)
		f |= CTA_FILTER_F_CTA_PROTO_DST_PORT;
	if (t->has & TP_ICMP_TYPE)
		f |= v6 ? CTA_FILTER_F_CTA_PROTO_ICMPV6_TYPE :
			  CTA_FILTER_F_CTA_PROTO_ICMP_TYPE;
	if (t->has & TP_ICMP_CODE)
		f |= v6 ? CTA_FILTER_F_CTA_PROTO_ICMPV6_CODE :
			  CTA_FILTER_F_CTA_PROTO_ICMP_CODE;
	if (t->has & TP_ICMP_ID)
		f |= v6 ? CTA_FILTER_F_CTA_PROTO_ICMPV6_ID :
			  CTA_FILTER_F_CTA_PROTO_ICMP_ID;
	return f;
}

/* Kernel-side dump filters, by kernel version (older kernels parse with
 * a shorter policy and silently ignore what they do not know, so the
 * caller must filter in user space as well):
 *   nfgen_family          all versions (l3 protocol of the entry)
 *   CTA_MARK + MARK_MASK  >= 3.0 (mask missing: 0xffffffff)
 *   CTA_FILTER + tuples   >= 5.8; needs nfgen_family AF_INET or AF_INET6
 *                         (else EOPNOTSUPP); port/icmp flags need the
 *                         protocol number flag too (else EINVAL); ports
 *                         are compared for tcp and udp only before 6.x
 *   CTA_STATUS + MASK     >= 5.19 (mask 0 is EINVAL)
 *   CTA_ZONE              >= 6.8 filters dumps by ct zone (before, only
 *                         with CTA_FILTER, as the tuples' zone)
 * Linux 6.18 here has all of it. */
int ct_build_dump_filter(struct nlmsghdr *nlh, size_t bufsz,
			 const struct ct *tmpl, bool filter_tuples)
{
	struct nla_bld b = { nlh, bufsz, false };
	uint32_t len0 = nlh->nlmsg_len;

	if (ct_has(tmpl, CT_MARK)) {
		nla_put_be32(&b, CTA_MARK, tmpl->mark);
		nla_put_be32(&b, CTA_MARK_MASK, ct_has(tmpl, CT_MARK_MASK) ?
			     tmpl->mark_mask : 0xffffffff);
	}
	if (ct_has(tmpl, CT_STATUS_MASK)) {
		nla_put_be32(&b, CTA_STATUS, tmpl->status);
		nla_put_be32(&b, CTA_STATUS_MASK, tmpl->status_mask);
	}
	if (ct_has(tmpl, CT_ZONE))
		nla_put_be16(&b, CTA_ZONE, tmpl->zone);
	if (filter_tuples) {
		uint32_t of = ct_has(tmpl, CT_ORIG) ? filter_flags(&tmpl->orig) : 0;
		uint32_t rf = ct_has(tmpl, CT_REPLY) ? filter_flags(&tmpl->reply) : 0;
		struct nlattr *n = nla_nest_start(&b, CTA_FILTER);

		nla_put(&b, CTA_FILTER_ORIG_FLAGS, sizeof(of), &of);
		nla_put(&b, CTA_FILTER_REPLY_FLAGS, sizeof(rf), &rf);
		nla_nest_end(&b, n);
		if (of)
			ct_tuple_build(&b, CTA_TUPLE_ORIG, &tmpl->orig, tmpl->family);
		if (rf)
			ct_tuple_build(&b, CTA_TUPLE_REPLY, &tmpl->reply, tmpl->family);
	}
	return nla_bld_end(&b, len0);
}

/* --- tuples and names ------------------------------------------------ */

/* ICMP types whose answer is another type (the kernel's invmap);
 * libnetfilter_conntrack sends 255 for the rest, which the kernel
 * refuses, so creating e.g. a type 3 entry fails the same way. */
static uint8_t icmp_reply_type(uint8_t l4, uint8_t type)
{
	static const uint8_t v4[][2] = {
		{ 8, 0 }, { 0, 8 }, { 13, 14 }, { 14, 13 },
		{ 15, 16 }, { 16, 15 }, { 17, 18 }, { 18, 17 },
	};
	static const uint8_t v6[][2] = {
		{ 128, 129 }, { 129, 128 }, { 139, 140 }, { 140, 139 },
	};
	const uint8_t (*map)[2] = l4 == IPPROTO_ICMPV6 ? v6 : v4;
	size_t i, n = l4 == IPPROTO_ICMPV6 ? ARRAY_SIZE(v6) : ARRAY_SIZE(v4);

	for (i = 0; i < n; i++)
		if (map[i][0] == type)
			return map[i][1];
	return 255;
}

void ct_tuple_invert(const struct ct_tuple *t, struct ct_tuple *out)
{
	struct ct_tuple r = *t;
	uint16_t h = t->has;

	r.src = t->dst;
	r.dst = t->src;
	/* Tuple zones are per direction: conntrack -I --orig-zone alone
	 * sends a reply tuple without one. */
	r.has &= ~(TP_SRC | TP_DST | TP_SPORT | TP_DPORT | TP_ZONE);
	r.zone = 0;
	r.has |= (h & TP_SRC ? TP_DST : 0) | (h & TP_DST ? TP_SRC : 0) |
		 (h & TP_SPORT ? TP_DPORT : 0) | (h & TP_DPORT ? TP_SPORT : 0);
	r.sport = t->dport;
	r.dport = t->sport;
	if ((t->l4 == IPPROTO_ICMP || t->l4 == IPPROTO_ICMPV6) &&
	    (h & TP_ICMP_TYPE))
		r.icmp_type = icmp_reply_type(t->l4, t->icmp_type);
	*out = r;
}

static const char *name_of(const char *const *names, size_t n, uint8_t i,
			   const char *dflt)
{
	return i < n && names[i] ? names[i] : dflt;
}

const char *ct_l4_name(uint8_t l4)
{
	static const char *const names[] = {
		[IPPROTO_ICMP] = "icmp", [IPPROTO_TCP] = "tcp",
		[IPPROTO_UDP] = "udp", [IPPROTO_DCCP] = "dccp",
		[IPPROTO_GRE] = "gre", [IPPROTO_ICMPV6] = "icmpv6",
		[IPPROTO_SCTP] = "sctp", [IPPROTO_UDPLITE] = "udplite",
	};

	return name_of(names, ARRAY_SIZE(names), l4, "unknown");
}

const char *ct_l3_name(uint8_t l3)
{
	static const char *const names[] = {
		[AF_INET] = "ipv4", [AF_INET6] = "ipv6",
	};

	return name_of(names, ARRAY_SIZE(names), l3, "unknown");
}

const char *ct_tcp_state_name(uint8_t s)
{
	static const char *const names[] = {
		"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
		"CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
	};

	return name_of(names, ARRAY_SIZE(names), s, "NONE");
}

const char *ct_sctp_state_name(uint8_t s)
{
	static const char *const names[] = {
		"NONE", "CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED",
		"ESTABLISHED", "SHUTDOWN_SENT", "SHUTDOWN_RECD",
		"SHUTDOWN_ACK_SENT", "HEARTBEAT_SENT", "HEARTBEAT_ACKED",
	};

	return name_of(names, ARRAY_SIZE(names), s, "NONE");
}

const char *ct_dccp_state_name(uint8_t s)
{
	static const char *const names[] = {
		"NONE", "REQUEST", "RESPOND", "PARTOPEN", "OPEN", "CLOSEREQ",
		"CLOSING", "TIMEWAIT", "IGNORE", "INVALID",
	};

	return name_of(names, ARRAY_SIZE(names), s, "NONE");
}
