/* Shared by the codec unit test and the fuzz target: does b (parsed back
 * from what ct_build() wrote for a) carry everything ct_build() sends?
 * Returns NULL, or the name of the first field that differs. */
#ifndef CTBOX_TEST_CT_CMP_H
#define CTBOX_TEST_CT_CMP_H

#include <string.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include "ct.h"

/* What ct_build() sends; the rest (counters, use, id, times, secctx,
 * masks) only ever comes from the kernel. */
#define CT_BUILT_BITS (~(CT_BIT(CT_MARK_MASK) | CT_BIT(CT_USE) | \
	CT_BIT(CT_ID) | CT_BIT(CT_COUNTERS_ORIG) | CT_BIT(CT_COUNTERS_REPLY) | \
	CT_BIT(CT_TS_START) | CT_BIT(CT_TS_STOP) | CT_BIT(CT_TS_EVENT) | \
	CT_BIT(CT_SECCTX) | CT_BIT(CT_STATUS_MASK)))

static size_t cmp_addr_len(uint8_t l3)
{
	return l3 == AF_INET6 ? 16 : 4;
}

static const char *cmp_tuple(const struct ct_tuple *a, const struct ct_tuple *b)
{
	size_t n = cmp_addr_len(a->l3);

	if (a->has != b->has)
		return "tuple has";
	if (a->l3 != b->l3)
		return "tuple l3";
	if ((a->has & TP_SRC) && memcmp(&a->src, &b->src, n))
		return "tuple src";
	if ((a->has & TP_DST) && memcmp(&a->dst, &b->dst, n))
		return "tuple dst";
	if ((a->has & TP_PROTO) && a->l4 != b->l4)
		return "tuple l4";
	if ((a->has & TP_SPORT) && a->sport != b->sport)
		return "tuple sport";
	if ((a->has & TP_DPORT) && a->dport != b->dport)
		return "tuple dport";
	if ((a->has & TP_ICMP_TYPE) && a->icmp_type != b->icmp_type)
		return "tuple icmp type";
	if ((a->has & TP_ICMP_CODE) && a->icmp_code != b->icmp_code)
		return "tuple icmp code";
	if ((a->has & TP_ICMP_ID) && a->icmp_id != b->icmp_id)
		return "tuple icmp id";
	if ((a->has & TP_ZONE) && a->zone != b->zone)
		return "tuple zone";
	return NULL;
}

static const char *cmp_nat(const struct ct_nat *a, const struct ct_nat *b)
{
	size_t n = cmp_addr_len(a->l3);

	if (a->l3 != b->l3)
		return "nat l3";
	if (a->l3 && (memcmp(&a->min, &b->min, n) || memcmp(&a->max, &b->max, n)))
		return "nat address";
	if (a->port_min != b->port_min || a->port_max != b->port_max)
		return "nat port";
	return NULL;
}

#define CMP_FIELD(bit, expr, name) \
	do { if (ct_has(a, bit) && (expr)) return name; } while (0)

static const char *ct_cmp_built(const struct ct *a, const struct ct *b)
{
	const char *e;
	int d;

	if (a->family != b->family)
		return "family";
	if ((a->has & CT_BUILT_BITS) != (b->has & CT_BUILT_BITS))
		return "has";
	if (ct_has(a, CT_ORIG) && (e = cmp_tuple(&a->orig, &b->orig)))
		return e;
	if (ct_has(a, CT_REPLY) && (e = cmp_tuple(&a->reply, &b->reply)))
		return e;
	if (ct_has(a, CT_MASTER) && (e = cmp_tuple(&a->master, &b->master)))
		return e;
	CMP_FIELD(CT_STATUS, (a->status | IPS_CONFIRMED) != b->status, "status");
	CMP_FIELD(CT_TIMEOUT, a->timeout != b->timeout, "timeout");
	CMP_FIELD(CT_MARK, a->mark != b->mark, "mark");
	CMP_FIELD(CT_SECMARK, a->secmark != b->secmark, "secmark");
	CMP_FIELD(CT_ZONE, a->zone != b->zone, "zone");
	CMP_FIELD(CT_TCP_STATE, a->tcp.state != b->tcp.state, "tcp state");
	for (d = 0; d < 2; d++) {
		CMP_FIELD(CT_TCP_WSCALE_ORIG + d,
			  a->tcp.wscale[d] != b->tcp.wscale[d], "tcp wscale");
		CMP_FIELD(CT_TCP_FLAGS_ORIG + d, a->tcp.flags[d] != b->tcp.flags[d] ||
			  a->tcp.mask[d] != b->tcp.mask[d], "tcp flags");
		CMP_FIELD(CT_SCTP_VTAG_ORIG + d,
			  a->sctp.vtag[d] != b->sctp.vtag[d], "sctp vtag");
		CMP_FIELD(CT_SEQADJ_ORIG + d,
			  memcmp(&a->seqadj[d], &b->seqadj[d], sizeof(a->seqadj[d])),
			  "seqadj");
	}
	CMP_FIELD(CT_SCTP_STATE, a->sctp.state != b->sctp.state, "sctp state");
	CMP_FIELD(CT_DCCP_STATE, a->dccp.state != b->dccp.state, "dccp state");
	CMP_FIELD(CT_DCCP_ROLE, a->dccp.role != b->dccp.role, "dccp role");
	CMP_FIELD(CT_DCCP_HSEQ, a->dccp.handshake_seq != b->dccp.handshake_seq,
		  "dccp handshake seq");
	CMP_FIELD(CT_HELPER, strcmp(a->helper, b->helper), "helper");
	if (ct_has(a, CT_NAT_SRC) && (e = cmp_nat(&a->nat_src, &b->nat_src)))
		return e;
	if (ct_has(a, CT_NAT_DST) && (e = cmp_nat(&a->nat_dst, &b->nat_dst)))
		return e;
	CMP_FIELD(CT_LABELS, a->labels_len != b->labels_len ||
		  memcmp(a->labels, b->labels, a->labels_len), "labels");
	CMP_FIELD(CT_LABELS_MASK, memcmp(a->labels_mask, b->labels_mask,
					 a->labels_len), "labels mask");
	CMP_FIELD(CT_SYNPROXY, memcmp(&a->synproxy, &b->synproxy,
				      sizeof(a->synproxy)), "synproxy");
	return NULL;
}

#endif
