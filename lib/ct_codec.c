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

/* One attribute's rule.  type UNSPEC = ignored (padding, or not ours);
 * len: exact payload length for BINARY, maximum for NUL_STRING and for
 * BINARY when upto is set. */
struct pol {
	uint8_t type;
	uint8_t len;
	uint8_t upto;
};

#define POL_NEST	{ MNL_TYPE_NESTED, 0, 0 }
#define POL_U8		{ MNL_TYPE_U8, 0, 0 }
#define POL_U16		{ MNL_TYPE_U16, 0, 0 }
#define POL_U32		{ MNL_TYPE_U32, 0, 0 }
#define POL_U64		{ MNL_TYPE_U64, 0, 0 }
#define POL_BIN(n)	{ MNL_TYPE_BINARY, (n), 0 }
#define POL_BIN_UPTO(n)	{ MNL_TYPE_BINARY, (n), 1 }
#define POL_STR(n)	{ MNL_TYPE_NUL_STRING, (n), 1 }

static const struct pol ct_pol[] = {
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

static const struct pol tuple_pol[] = {
	[CTA_TUPLE_IP]		= POL_NEST,
	[CTA_TUPLE_PROTO]	= POL_NEST,
	[CTA_TUPLE_ZONE]	= POL_U16,
};

static const struct pol ip_pol[] = {
	[CTA_IP_V4_SRC]		= POL_BIN(4),
	[CTA_IP_V4_DST]		= POL_BIN(4),
	[CTA_IP_V6_SRC]		= POL_BIN(16),
	[CTA_IP_V6_DST]		= POL_BIN(16),
};

static const struct pol proto_pol[] = {
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

static const struct pol protoinfo_pol[] = {
	[CTA_PROTOINFO_TCP]	= POL_NEST,
	[CTA_PROTOINFO_DCCP]	= POL_NEST,
	[CTA_PROTOINFO_SCTP]	= POL_NEST,
};

/* CTA_PROTOINFO_TCP_FLAGS_*: struct nf_ct_tcp_flags { u8 flags, mask; } */
static const struct pol tcp_pol[] = {
	[CTA_PROTOINFO_TCP_STATE]		= POL_U8,
	[CTA_PROTOINFO_TCP_WSCALE_ORIGINAL]	= POL_U8,
	[CTA_PROTOINFO_TCP_WSCALE_REPLY]	= POL_U8,
	[CTA_PROTOINFO_TCP_FLAGS_ORIGINAL]	= POL_BIN(2),
	[CTA_PROTOINFO_TCP_FLAGS_REPLY]		= POL_BIN(2),
};

static const struct pol sctp_pol[] = {
	[CTA_PROTOINFO_SCTP_STATE]		= POL_U8,
	[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL]	= POL_U32,
	[CTA_PROTOINFO_SCTP_VTAG_REPLY]		= POL_U32,
};

static const struct pol dccp_pol[] = {
	[CTA_PROTOINFO_DCCP_STATE]		= POL_U8,
	[CTA_PROTOINFO_DCCP_ROLE]		= POL_U8,
	[CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ]	= POL_U64,
};

/* Both the 64-bit counters and the 32-bit ones of kernels before 2.6.27. */
static const struct pol counters_pol[] = {
	[CTA_COUNTERS_PACKETS]		= POL_U64,
	[CTA_COUNTERS_BYTES]		= POL_U64,
	[CTA_COUNTERS32_PACKETS]	= POL_U32,
	[CTA_COUNTERS32_BYTES]		= POL_U32,
};

static const struct pol tstamp_pol[] = {
	[CTA_TIMESTAMP_START]	= POL_U64,
	[CTA_TIMESTAMP_STOP]	= POL_U64,
};

static const struct pol help_pol[] = {
	[CTA_HELP_NAME]		= POL_STR(NF_CT_HELPER_NAME_LEN),
};

static const struct pol secctx_pol[] = {
	[CTA_SECCTX_NAME]	= POL_STR(255),
};

static const struct pol seqadj_pol[] = {
	[CTA_SEQADJ_CORRECTION_POS]	= POL_U32,
	[CTA_SEQADJ_OFFSET_BEFORE]	= POL_U32,
	[CTA_SEQADJ_OFFSET_AFTER]	= POL_U32,
};

static const struct pol synproxy_pol[] = {
	[CTA_SYNPROXY_ISN]	= POL_U32,
	[CTA_SYNPROXY_ITS]	= POL_U32,
	[CTA_SYNPROXY_TSOFF]	= POL_U32,
};

static const struct pol nat_pol[] = {
	[CTA_NAT_V4_MINIP]	= POL_BIN(4),
	[CTA_NAT_V4_MAXIP]	= POL_BIN(4),
	[CTA_NAT_PROTO]		= POL_NEST,
	[CTA_NAT_V6_MINIP]	= POL_BIN(16),
	[CTA_NAT_V6_MAXIP]	= POL_BIN(16),
};

static const struct pol protonat_pol[] = {
	[CTA_PROTONAT_PORT_MIN]	= POL_U16,
	[CTA_PROTONAT_PORT_MAX]	= POL_U16,
};

struct nest {
	const struct pol *pol;
	unsigned int max;		/* highest type in pol */
	const struct nlattr **tb;
};

/* The secctx name is bounded only by the attribute itself. */
static bool attr_valid(const struct nlattr *a, const struct pol *p)
{
	size_t len = mnl_attr_get_payload_len(a);

	switch (p->type) {
	case MNL_TYPE_NUL_STRING:
		return mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0 &&
		       len <= p->len;
	case MNL_TYPE_BINARY:
		if (p->upto)
			return len > 0 && len <= p->len;
		return mnl_attr_validate2(a, MNL_TYPE_BINARY, p->len) == 0;
	default:
		return mnl_attr_validate(a, p->type) == 0;
	}
}

static int parse_attr_cb(const struct nlattr *a, void *data)
{
	const struct nest *n = data;
	uint16_t type = mnl_attr_get_type(a);

	/* Unknown to us (a newer kernel's): skip it. */
	if (mnl_attr_type_valid(a, n->max) < 0 ||
	    n->pol[type].type == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (!attr_valid(a, &n->pol[type]))
		return MNL_CB_ERROR;
	n->tb[type] = a;
	return MNL_CB_OK;
}

/* mnl_attr_parse() stops quietly at a truncated attribute; we want to
 * know, so walk by hand and insist the attributes fill the area (the
 * last one may lack its alignment padding). */
static int parse_area(const void *p, size_t size, const struct pol *pol,
		      unsigned int n, const struct nlattr **tb)
{
	struct nest nest = { pol, n - 1, tb };
	const struct nlattr *a = p;
	int len = (int)size;

	memset(tb, 0, n * sizeof(*tb));
	for (; mnl_attr_ok(a, len); a = mnl_attr_next(a)) {
		if (parse_attr_cb(a, &nest) != MNL_CB_OK)
			return -EBADMSG;
		len -= MNL_ALIGN(a->nla_len);
	}
	return len > 0 ? -EBADMSG : 0;
}

static int parse_nest(const struct nlattr *a, const struct pol *pol,
		      unsigned int n, const struct nlattr **tb)
{
	return parse_area(mnl_attr_get_payload(a),
			  mnl_attr_get_payload_len(a), pol, n, tb);
}

#define PARSE(a, pol, tb) parse_nest((a), (pol), ARRAY_SIZE(pol), (tb))

static uint8_t get_u8(const struct nlattr *a)
{
	return mnl_attr_get_u8(a);
}

static uint16_t get_be16(const struct nlattr *a)
{
	return ntohs(mnl_attr_get_u16(a));
}

static uint32_t get_be32(const struct nlattr *a)
{
	return ntohl(mnl_attr_get_u32(a));
}

static uint64_t get_be64(const struct nlattr *a)
{
	return be64toh(mnl_attr_get_u64(a));
}

static void get_bytes(void *dst, const struct nlattr *a)
{
	memcpy(dst, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
}

static int parse_tuple_ip(const struct nlattr *nest, struct ct_tuple *t)
{
	const struct nlattr *tb[ARRAY_SIZE(ip_pol)];
	bool v4, v6;

	if (PARSE(nest, ip_pol, tb) < 0)
		return -EBADMSG;
	v4 = tb[CTA_IP_V4_SRC] || tb[CTA_IP_V4_DST];
	v6 = tb[CTA_IP_V6_SRC] || tb[CTA_IP_V6_DST];
	if (v4 && v6)
		return -EBADMSG;	/* one tuple, one family */
	if (v4 || v6)
		t->l3 = v4 ? AF_INET : AF_INET6;
	if (tb[CTA_IP_V4_SRC] || tb[CTA_IP_V6_SRC]) {
		get_bytes(&t->src, v4 ? tb[CTA_IP_V4_SRC] : tb[CTA_IP_V6_SRC]);
		t->has |= TP_SRC;
	}
	if (tb[CTA_IP_V4_DST] || tb[CTA_IP_V6_DST]) {
		get_bytes(&t->dst, v4 ? tb[CTA_IP_V4_DST] : tb[CTA_IP_V6_DST]);
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
		t->icmp_id = get_be16(tb[id]);
		t->has |= TP_ICMP_ID;
	}
	if (tb[type]) {
		t->icmp_type = get_u8(tb[type]);
		t->has |= TP_ICMP_TYPE;
	}
	if (tb[code]) {
		t->icmp_code = get_u8(tb[code]);
		t->has |= TP_ICMP_CODE;
	}
}

/* GRE keys travel as the port attributes. */
static int parse_tuple_proto(const struct nlattr *nest, struct ct_tuple *t)
{
	const struct nlattr *tb[ARRAY_SIZE(proto_pol)];

	if (PARSE(nest, proto_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTO_NUM]) {
		t->l4 = get_u8(tb[CTA_PROTO_NUM]);
		t->has |= TP_PROTO;
	}
	if (tb[CTA_PROTO_SRC_PORT]) {
		t->sport = get_be16(tb[CTA_PROTO_SRC_PORT]);
		t->has |= TP_SPORT;
	}
	if (tb[CTA_PROTO_DST_PORT]) {
		t->dport = get_be16(tb[CTA_PROTO_DST_PORT]);
		t->has |= TP_DPORT;
	}
	parse_tuple_icmp(tb, CTA_PROTO_ICMP_ID, CTA_PROTO_ICMP_TYPE,
			 CTA_PROTO_ICMP_CODE, t);
	parse_tuple_icmp(tb, CTA_PROTO_ICMPV6_ID, CTA_PROTO_ICMPV6_TYPE,
			 CTA_PROTO_ICMPV6_CODE, t);
	return 0;
}

/* A tuple without addresses takes its family from the message. */
static int parse_tuple(const struct nlattr *nest, struct ct_tuple *t,
		       uint8_t family)
{
	const struct nlattr *tb[ARRAY_SIZE(tuple_pol)];

	if (PARSE(nest, tuple_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_TUPLE_IP] && parse_tuple_ip(tb[CTA_TUPLE_IP], t) < 0)
		return -EBADMSG;
	if (!t->l3 && (family == AF_INET || family == AF_INET6))
		t->l3 = family;
	if (tb[CTA_TUPLE_PROTO] &&
	    parse_tuple_proto(tb[CTA_TUPLE_PROTO], t) < 0)
		return -EBADMSG;
	if (tb[CTA_TUPLE_ZONE]) {
		t->zone = get_be16(tb[CTA_TUPLE_ZONE]);
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

	if (PARSE(nest, tcp_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTOINFO_TCP_STATE]) {
		ct->tcp.state = get_u8(tb[CTA_PROTOINFO_TCP_STATE]);
		ct_set(ct, CT_TCP_STATE);
	}
	for (dir = 0; dir < 2; dir++) {
		if (tb[wscale[dir]]) {
			ct->tcp.wscale[dir] = get_u8(tb[wscale[dir]]);
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

	if (PARSE(nest, sctp_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTOINFO_SCTP_STATE]) {
		ct->sctp.state = get_u8(tb[CTA_PROTOINFO_SCTP_STATE]);
		ct_set(ct, CT_SCTP_STATE);
	}
	if (tb[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL]) {
		ct->sctp.vtag[0] = get_be32(tb[CTA_PROTOINFO_SCTP_VTAG_ORIGINAL]);
		ct_set(ct, CT_SCTP_VTAG_ORIG);
	}
	if (tb[CTA_PROTOINFO_SCTP_VTAG_REPLY]) {
		ct->sctp.vtag[1] = get_be32(tb[CTA_PROTOINFO_SCTP_VTAG_REPLY]);
		ct_set(ct, CT_SCTP_VTAG_REPLY);
	}
	return 0;
}

static int parse_dccp(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(dccp_pol)];

	if (PARSE(nest, dccp_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_PROTOINFO_DCCP_STATE]) {
		ct->dccp.state = get_u8(tb[CTA_PROTOINFO_DCCP_STATE]);
		ct_set(ct, CT_DCCP_STATE);
	}
	if (tb[CTA_PROTOINFO_DCCP_ROLE]) {
		ct->dccp.role = get_u8(tb[CTA_PROTOINFO_DCCP_ROLE]);
		ct_set(ct, CT_DCCP_ROLE);
	}
	if (tb[CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ]) {
		ct->dccp.handshake_seq =
			get_be64(tb[CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ]);
		ct_set(ct, CT_DCCP_HSEQ);
	}
	return 0;
}

static int parse_protoinfo(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(protoinfo_pol)];

	if (PARSE(nest, protoinfo_pol, tb) < 0)
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

	if (PARSE(nest, counters_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_COUNTERS_PACKETS])
		c->packets = get_be64(tb[CTA_COUNTERS_PACKETS]);
	else if (tb[CTA_COUNTERS32_PACKETS])
		c->packets = get_be32(tb[CTA_COUNTERS32_PACKETS]);
	if (tb[CTA_COUNTERS_BYTES])
		c->bytes = get_be64(tb[CTA_COUNTERS_BYTES]);
	else if (tb[CTA_COUNTERS32_BYTES])
		c->bytes = get_be32(tb[CTA_COUNTERS32_BYTES]);
	return 0;
}

static int parse_timestamp(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(tstamp_pol)];

	if (PARSE(nest, tstamp_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_TIMESTAMP_START]) {
		ct->ts_start = get_be64(tb[CTA_TIMESTAMP_START]);
		ct_set(ct, CT_TS_START);
	}
	if (tb[CTA_TIMESTAMP_STOP]) {
		ct->ts_stop = get_be64(tb[CTA_TIMESTAMP_STOP]);
		ct_set(ct, CT_TS_STOP);
	}
	return 0;
}

/* Help and secctx are nests around one string; NULL if it is absent. */
_Static_assert(ARRAY_SIZE(help_pol) == 2 && ARRAY_SIZE(secctx_pol) == 2,
	       "parse_name() has room for one attribute");
static int parse_name(const struct nlattr *nest, const struct pol *pol,
		      unsigned int n, const char **name)
{
	const struct nlattr *tb[2];

	if (parse_nest(nest, pol, n, tb) < 0)
		return -EBADMSG;
	*name = tb[1] ? mnl_attr_get_str(tb[1]) : NULL;
	return 0;
}

#define PARSE_NAME(a, pol, s) parse_name((a), (pol), ARRAY_SIZE(pol), (s))

static int parse_seqadj(const struct nlattr *nest, struct ct_seqadj *s)
{
	const struct nlattr *tb[ARRAY_SIZE(seqadj_pol)];

	if (PARSE(nest, seqadj_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_SEQADJ_CORRECTION_POS])
		s->correction_pos = get_be32(tb[CTA_SEQADJ_CORRECTION_POS]);
	if (tb[CTA_SEQADJ_OFFSET_BEFORE])
		s->offset_before = get_be32(tb[CTA_SEQADJ_OFFSET_BEFORE]);
	if (tb[CTA_SEQADJ_OFFSET_AFTER])
		s->offset_after = get_be32(tb[CTA_SEQADJ_OFFSET_AFTER]);
	return 0;
}

static int parse_synproxy(const struct nlattr *nest, struct ct *ct)
{
	const struct nlattr *tb[ARRAY_SIZE(synproxy_pol)];

	if (PARSE(nest, synproxy_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_SYNPROXY_ISN])
		ct->synproxy.isn = get_be32(tb[CTA_SYNPROXY_ISN]);
	if (tb[CTA_SYNPROXY_ITS])
		ct->synproxy.its = get_be32(tb[CTA_SYNPROXY_ITS]);
	if (tb[CTA_SYNPROXY_TSOFF])
		ct->synproxy.tsoff = get_be32(tb[CTA_SYNPROXY_TSOFF]);
	return 0;
}

/* The kernel never sends NAT ranges; parsed anyway so that what
 * ct_build() writes reads back (tests, mini-netfilter). */
static int parse_nat(const struct nlattr *nest, struct ct_nat *n)
{
	const struct nlattr *tb[ARRAY_SIZE(nat_pol)];
	const struct nlattr *ptb[ARRAY_SIZE(protonat_pol)];
	bool v4, v6;

	if (PARSE(nest, nat_pol, tb) < 0)
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
			get_bytes(&n->min, min);
		if (max)
			get_bytes(&n->max, max);
		else
			n->max = n->min;
	}
	if (tb[CTA_NAT_PROTO]) {
		if (PARSE(tb[CTA_NAT_PROTO], protonat_pol, ptb) < 0)
			return -EBADMSG;
		if (ptb[CTA_PROTONAT_PORT_MIN])
			n->port_min = get_be16(ptb[CTA_PROTONAT_PORT_MIN]);
		if (ptb[CTA_PROTONAT_PORT_MAX])
			n->port_max = get_be16(ptb[CTA_PROTONAT_PORT_MAX]);
		if (!n->port_max)
			n->port_max = n->port_min;
	}
	return 0;
}

static int parse_labels(const struct nlattr **tb, struct ct *ct)
{
	size_t len = mnl_attr_get_payload_len(tb[CTA_LABELS]);

	ct->labels_len = len;
	get_bytes(ct->labels, tb[CTA_LABELS]);
	ct_set(ct, CT_LABELS);
	if (tb[CTA_LABELS_MASK]) {
		/* the kernel wants them the same size; so do we */
		if (mnl_attr_get_payload_len(tb[CTA_LABELS_MASK]) != len)
			return -EBADMSG;
		get_bytes(ct->labels_mask, tb[CTA_LABELS_MASK]);
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
		v = get_be32(tb[ct_u32s[i].type]);
		memcpy((char *)ct + ct_u32s[i].off, &v, sizeof(v));
		ct_set(ct, ct_u32s[i].bit);
	}
	if (tb[CTA_ZONE]) {
		ct->zone = get_be16(tb[CTA_ZONE]);
		ct_set(ct, CT_ZONE);
	}
	if (tb[CTA_TIMESTAMP_EVENT]) {
		ct->ts_event = get_be64(tb[CTA_TIMESTAMP_EVENT]);
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
		if (parse_tuple(tb[tuples[i].type], t, ct->family) < 0)
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
	if (parse_area((const char *)nfg + hdr,
		       nlh->nlmsg_len - MNL_NLMSG_HDRLEN - hdr,
		       ct_pol, ARRAY_SIZE(ct_pol), tb) < 0)
		return -EBADMSG;
	if (parse_tuples(tb, ct) < 0 || parse_nests(tb, ct) < 0)
		return -EBADMSG;
	parse_scalars(tb, ct);
	return 0;
}

/* --- building -------------------------------------------------------- */

/* Every put is checked against the buffer; the first one that does not
 * fit marks the message full and later puts do nothing, so the builders
 * read straight through and the caller checks once. */
struct bld {
	struct nlmsghdr *nlh;
	size_t size;
	bool full;
};

static void put(struct bld *b, uint16_t type, size_t len, const void *data)
{
	if (!b->full && !mnl_attr_put_check(b->nlh, b->size, type, len, data))
		b->full = true;
}

static void put_u8(struct bld *b, uint16_t type, uint8_t v)
{
	put(b, type, sizeof(v), &v);
}

static void put_be16(struct bld *b, uint16_t type, uint16_t v)
{
	v = htons(v);
	put(b, type, sizeof(v), &v);
}

static void put_be32(struct bld *b, uint16_t type, uint32_t v)
{
	v = htonl(v);
	put(b, type, sizeof(v), &v);
}

static void put_be64(struct bld *b, uint16_t type, uint64_t v)
{
	v = htobe64(v);
	put(b, type, sizeof(v), &v);
}

static struct nlattr *nest_start(struct bld *b, uint16_t type)
{
	struct nlattr *n = NULL;

	if (!b->full)
		n = mnl_attr_nest_start_check(b->nlh, b->size, type);
	if (!n)
		b->full = true;
	return n;
}

static void nest_end(struct bld *b, struct nlattr *n)
{
	if (n)
		mnl_attr_nest_end(b->nlh, n);
}

static uint8_t tuple_l3(const struct ct_tuple *t, uint8_t family)
{
	return t->l3 ? t->l3 : family;
}

static void build_addrs(struct bld *b, const struct ct_tuple *t, uint8_t l3)
{
	struct nlattr *n;
	bool v6 = l3 == AF_INET6;
	size_t len = v6 ? sizeof(t->src.v6) : sizeof(t->src.v4);

	if (!(t->has & (TP_SRC | TP_DST)) || (l3 != AF_INET && !v6))
		return;
	n = nest_start(b, CTA_TUPLE_IP);
	if (t->has & TP_SRC)
		put(b, v6 ? CTA_IP_V6_SRC : CTA_IP_V4_SRC, len, &t->src);
	if (t->has & TP_DST)
		put(b, v6 ? CTA_IP_V6_DST : CTA_IP_V4_DST, len, &t->dst);
	nest_end(b, n);
}

/* libnetfilter_conntrack's order: number, ports, then code, type, id. */
static void build_proto(struct bld *b, const struct ct_tuple *t)
{
	bool v6 = t->l4 == IPPROTO_ICMPV6;
	struct nlattr *n;

	if (!(t->has & (TP_PROTO | TP_SPORT | TP_DPORT | TP_ICMP_TYPE |
			TP_ICMP_CODE | TP_ICMP_ID)))
		return;
	n = nest_start(b, CTA_TUPLE_PROTO);
	if (t->has & TP_PROTO)
		put_u8(b, CTA_PROTO_NUM, t->l4);
	if (t->has & TP_SPORT)
		put_be16(b, CTA_PROTO_SRC_PORT, t->sport);
	if (t->has & TP_DPORT)
		put_be16(b, CTA_PROTO_DST_PORT, t->dport);
	if (t->has & TP_ICMP_CODE)
		put_u8(b, v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE,
		       t->icmp_code);
	if (t->has & TP_ICMP_TYPE)
		put_u8(b, v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE,
		       t->icmp_type);
	if (t->has & TP_ICMP_ID)
		put_be16(b, v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID,
			 t->icmp_id);
	nest_end(b, n);
}

static void build_tuple(struct bld *b, uint16_t type, const struct ct_tuple *t,
			uint8_t family)
{
	struct nlattr *n = nest_start(b, type);

	build_addrs(b, t, tuple_l3(t, family));
	build_proto(b, t);
	if (t->has & TP_ZONE)
		put_be16(b, CTA_TUPLE_ZONE, t->zone);
	nest_end(b, n);
}

static void build_tcp(struct bld *b, const struct ct *ct)
{
	struct nlattr *n = nest_start(b, CTA_PROTOINFO_TCP);
	int dir;

	if (ct_has(ct, CT_TCP_STATE))
		put_u8(b, CTA_PROTOINFO_TCP_STATE, ct->tcp.state);
	for (dir = 0; dir < 2; dir++) {
		uint8_t f[2] = { ct->tcp.flags[dir], ct->tcp.mask[dir] };

		if (ct_has(ct, CT_TCP_FLAGS_ORIG + dir))
			put(b, dir ? CTA_PROTOINFO_TCP_FLAGS_REPLY :
				     CTA_PROTOINFO_TCP_FLAGS_ORIGINAL,
			    sizeof(f), f);
	}
	if (ct_has(ct, CT_TCP_WSCALE_ORIG))
		put_u8(b, CTA_PROTOINFO_TCP_WSCALE_ORIGINAL, ct->tcp.wscale[0]);
	if (ct_has(ct, CT_TCP_WSCALE_REPLY))
		put_u8(b, CTA_PROTOINFO_TCP_WSCALE_REPLY, ct->tcp.wscale[1]);
	nest_end(b, n);
}

static void build_sctp(struct bld *b, const struct ct *ct)
{
	struct nlattr *n = nest_start(b, CTA_PROTOINFO_SCTP);

	if (ct_has(ct, CT_SCTP_STATE))
		put_u8(b, CTA_PROTOINFO_SCTP_STATE, ct->sctp.state);
	if (ct_has(ct, CT_SCTP_VTAG_ORIG))
		put_be32(b, CTA_PROTOINFO_SCTP_VTAG_ORIGINAL, ct->sctp.vtag[0]);
	if (ct_has(ct, CT_SCTP_VTAG_REPLY))
		put_be32(b, CTA_PROTOINFO_SCTP_VTAG_REPLY, ct->sctp.vtag[1]);
	nest_end(b, n);
}

static void build_dccp(struct bld *b, const struct ct *ct)
{
	struct nlattr *n = nest_start(b, CTA_PROTOINFO_DCCP);

	if (ct_has(ct, CT_DCCP_STATE))
		put_u8(b, CTA_PROTOINFO_DCCP_STATE, ct->dccp.state);
	if (ct_has(ct, CT_DCCP_ROLE))
		put_u8(b, CTA_PROTOINFO_DCCP_ROLE, ct->dccp.role);
	if (ct_has(ct, CT_DCCP_HSEQ))
		put_be64(b, CTA_PROTOINFO_DCCP_HANDSHAKE_SEQ,
			 ct->dccp.handshake_seq);
	nest_end(b, n);
}

#define TCP_BITS	(CT_BIT(CT_TCP_STATE) | CT_BIT(CT_TCP_WSCALE_ORIG) | \
			 CT_BIT(CT_TCP_WSCALE_REPLY) | \
			 CT_BIT(CT_TCP_FLAGS_ORIG) | CT_BIT(CT_TCP_FLAGS_REPLY))
#define SCTP_BITS	(CT_BIT(CT_SCTP_STATE) | CT_BIT(CT_SCTP_VTAG_ORIG) | \
			 CT_BIT(CT_SCTP_VTAG_REPLY))
#define DCCP_BITS	(CT_BIT(CT_DCCP_STATE) | CT_BIT(CT_DCCP_ROLE) | \
			 CT_BIT(CT_DCCP_HSEQ))

static void build_protoinfo(struct bld *b, const struct ct *ct)
{
	struct nlattr *n;

	if (!(ct->has & (TCP_BITS | SCTP_BITS | DCCP_BITS)))
		return;
	n = nest_start(b, CTA_PROTOINFO);
	if (ct->has & TCP_BITS)
		build_tcp(b, ct);
	if (ct->has & SCTP_BITS)
		build_sctp(b, ct);
	if (ct->has & DCCP_BITS)
		build_dccp(b, ct);
	nest_end(b, n);
}

static void build_nat(struct bld *b, uint16_t type, const struct ct_nat *nat)
{
	struct nlattr *n = nest_start(b, type);
	bool v6 = nat->l3 == AF_INET6;
	size_t len = v6 ? sizeof(nat->min.v6) : sizeof(nat->min.v4);

	if (nat->l3 == AF_INET || v6) {
		put(b, v6 ? CTA_NAT_V6_MINIP : CTA_NAT_V4_MINIP, len, &nat->min);
		if (memcmp(&nat->min, &nat->max, len))
			put(b, v6 ? CTA_NAT_V6_MAXIP : CTA_NAT_V4_MAXIP, len,
			    &nat->max);
	}
	if (nat->port_min || nat->port_max) {
		struct nlattr *p = nest_start(b, CTA_NAT_PROTO);

		put_be16(b, CTA_PROTONAT_PORT_MIN, nat->port_min);
		put_be16(b, CTA_PROTONAT_PORT_MAX,
			 nat->port_max ? nat->port_max : nat->port_min);
		nest_end(b, p);
	}
	nest_end(b, n);
}

static void build_seqadj(struct bld *b, uint16_t type, const struct ct_seqadj *s)
{
	struct nlattr *n = nest_start(b, type);

	put_be32(b, CTA_SEQADJ_CORRECTION_POS, s->correction_pos);
	put_be32(b, CTA_SEQADJ_OFFSET_BEFORE, s->offset_before);
	put_be32(b, CTA_SEQADJ_OFFSET_AFTER, s->offset_after);
	nest_end(b, n);
}

static void build_helper(struct bld *b, const struct ct *ct)
{
	struct nlattr *n = nest_start(b, CTA_HELP);
	size_t len = strnlen(ct->helper, sizeof(ct->helper) - 1);

	put(b, CTA_HELP_NAME, len + 1, ct->helper);	/* NUL included */
	nest_end(b, n);
}

static void build_synproxy(struct bld *b, const struct ct *ct)
{
	struct nlattr *n = nest_start(b, CTA_SYNPROXY);

	put_be32(b, CTA_SYNPROXY_ISN, ct->synproxy.isn);
	put_be32(b, CTA_SYNPROXY_ITS, ct->synproxy.its);
	put_be32(b, CTA_SYNPROXY_TSOFF, ct->synproxy.tsoff);
	nest_end(b, n);
}

static int bld_end(struct bld *b, uint32_t len0)
{
	if (!b->full)
		return 0;
	b->nlh->nlmsg_len = len0;	/* leave the message as it was */
	return -EMSGSIZE;
}

int ct_build(struct nlmsghdr *nlh, size_t bufsz, const struct ct *ct)
{
	struct bld b = { nlh, bufsz, false };
	uint32_t len0 = nlh->nlmsg_len;
	uint8_t len;

	if (ct_has(ct, CT_ORIG))
		build_tuple(&b, CTA_TUPLE_ORIG, &ct->orig, ct->family);
	if (ct_has(ct, CT_REPLY))
		build_tuple(&b, CTA_TUPLE_REPLY, &ct->reply, ct->family);
	if (ct_has(ct, CT_MASTER))
		build_tuple(&b, CTA_TUPLE_MASTER, &ct->master, ct->family);
	if (ct_has(ct, CT_STATUS))
		put_be32(&b, CTA_STATUS, ct->status | IPS_CONFIRMED);
	if (ct_has(ct, CT_TIMEOUT))
		put_be32(&b, CTA_TIMEOUT, ct->timeout);
	if (ct_has(ct, CT_MARK))
		put_be32(&b, CTA_MARK, ct->mark);
	if (ct_has(ct, CT_SECMARK))
		put_be32(&b, CTA_SECMARK, ct->secmark);
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
		put_be16(&b, CTA_ZONE, ct->zone);
	len = ct->labels_len < CT_LABEL_BYTES ? ct->labels_len : CT_LABEL_BYTES;
	if (ct_has(ct, CT_LABELS) && len) {
		put(&b, CTA_LABELS, len, ct->labels);
		if (ct_has(ct, CT_LABELS_MASK))
			put(&b, CTA_LABELS_MASK, len, ct->labels_mask);
	}
	if (ct_has(ct, CT_SYNPROXY))
		build_synproxy(&b, ct);
	return bld_end(&b, len0);
}

int ct_build_key(struct nlmsghdr *nlh, size_t bufsz, const struct ct *ct)
{
	struct bld b = { nlh, bufsz, false };
	uint32_t len0 = nlh->nlmsg_len;

	if (ct_has(ct, CT_ORIG))
		build_tuple(&b, CTA_TUPLE_ORIG, &ct->orig, ct->family);
	if (ct_has(ct, CT_ZONE))
		put_be16(&b, CTA_ZONE, ct->zone);
	return bld_end(&b, len0);
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
	struct bld b = { nlh, bufsz, false };
	uint32_t len0 = nlh->nlmsg_len;

	if (ct_has(tmpl, CT_MARK)) {
		put_be32(&b, CTA_MARK, tmpl->mark);
		put_be32(&b, CTA_MARK_MASK, ct_has(tmpl, CT_MARK_MASK) ?
			 tmpl->mark_mask : 0xffffffff);
	}
	if (ct_has(tmpl, CT_STATUS_MASK)) {
		put_be32(&b, CTA_STATUS, tmpl->status);
		put_be32(&b, CTA_STATUS_MASK, tmpl->status_mask);
	}
	if (ct_has(tmpl, CT_ZONE))
		put_be16(&b, CTA_ZONE, tmpl->zone);
	if (filter_tuples) {
		uint32_t of = ct_has(tmpl, CT_ORIG) ? filter_flags(&tmpl->orig) : 0;
		uint32_t rf = ct_has(tmpl, CT_REPLY) ? filter_flags(&tmpl->reply) : 0;
		struct nlattr *n = nest_start(&b, CTA_FILTER);

		put(&b, CTA_FILTER_ORIG_FLAGS, sizeof(of), &of);
		put(&b, CTA_FILTER_REPLY_FLAGS, sizeof(rf), &rf);
		nest_end(&b, n);
		if (of)
			build_tuple(&b, CTA_TUPLE_ORIG, &tmpl->orig, tmpl->family);
		if (rf)
			build_tuple(&b, CTA_TUPLE_REPLY, &tmpl->reply, tmpl->family);
	}
	return bld_end(&b, len0);
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
