/* User-space filters of conntrack -L/-D/-U/-E (spec §1.7). */
#include <string.h>
#include <linux/netfilter/nf_conntrack_common.h>

#include "ct_filter.h"

/* An entry without status counts as NAT-done: conntrack only learns the
 * status from the kernel, and old kernels did not always send it. */
static bool nat_done(const struct ct *ct, uint32_t bit)
{
	return !ct_has(ct, CT_STATUS) || (ct->status & bit);
}

/* conntrack compares only the first 32 bits, even for IPv6 entries. */
bool ct_is_snat(const struct ct *ct)
{
	return nat_done(ct, IPS_SRC_NAT_DONE) && ct->reply.dst.v4 != ct->orig.src.v4;
}

bool ct_is_dnat(const struct ct *ct)
{
	return nat_done(ct, IPS_DST_NAT_DONE) && ct->reply.src.v4 != ct->orig.dst.v4;
}

bool ct_is_spat(const struct ct *ct)
{
	return nat_done(ct, IPS_SRC_NAT_DONE) && ct->reply.dport != ct->orig.sport;
}

bool ct_is_dpat(const struct ct *ct)
{
	return nat_done(ct, IPS_DST_NAT_DONE) && ct->reply.sport != ct->orig.dport;
}

/* Does the entry have the NAT that m describes.  The address is only
 * compared for IPv4 criteria (as conntrack 1.4.7 does). */
static bool nat_hit(const struct ct_nat_match *m, bool nat, bool pat,
		    uint32_t addr, uint16_t port)
{
	bool check_addr = m->has_addr && m->l3 == AF_INET;
	bool hit = false;

	if (check_addr)
		hit = nat && addr == m->addr.v4;
	if (m->has_port) {
		bool port_hit = pat && port == m->port;

		if (check_addr)
			hit = hit && port_hit;
		else
			hit = port_hit;
	}
	if (!check_addr && !m->has_port)
		hit = nat || pat;
	return hit;
}

static bool snat_hit(const struct ct_nat_match *m, const struct ct *ct)
{
	return nat_hit(m, ct_is_snat(ct), ct_is_spat(ct), ct->reply.dst.v4,
		       ct->reply.dport);
}

static bool dnat_hit(const struct ct_nat_match *m, const struct ct *ct)
{
	return nat_hit(m, ct_is_dnat(ct), ct_is_dpat(ct), ct->reply.src.v4,
		       ct->reply.sport);
}

bool ct_filter_nat(const struct ct_filter *f, const struct ct *ct)
{
	if (f->anynat.on)
		return snat_hit(&f->anynat, ct) || dnat_hit(&f->anynat, ct);
	if (f->snat.on && f->dnat.on)
		return snat_hit(&f->snat, ct) && dnat_hit(&f->dnat, ct);
	if (f->snat.on)
		return snat_hit(&f->snat, ct);
	if (f->dnat.on)
		return dnat_hit(&f->dnat, ct);
	return true;
}

bool ct_filter_mark(const struct ct_filter *f, const struct ct *ct)
{
	if (!f->mark_on)
		return true;
	return ct_has(ct, CT_MARK) && (ct->mark & f->mark_mask) == f->mark;
}

bool ct_filter_labels(const struct ct_filter *f, const struct ct *ct)
{
	unsigned int i;

	if (!f->labels_on)
		return true;
	if (!ct_has(ct, CT_LABELS))
		return false;
	for (i = 0; i < CT_LABEL_BYTES; i++) {
		uint8_t have = i < ct->labels_len ? ct->labels[i] : 0;

		if ((have & f->labels[i]) != f->labels[i])
			return false;
	}
	return true;
}

static bool addr_masked_eq(const union ct_addr *a, const union ct_addr *b,
			   const union ct_addr *mask, uint8_t l3)
{
	int i, n = l3 == AF_INET6 ? 4 : 1;

	for (i = 0; i < n; i++)
		if ((a->all[i] & mask->all[i]) != (b->all[i] & mask->all[i]))
			return false;
	return true;
}

bool ct_filter_netmask(const struct ct_filter *f, const struct ct *ct)
{
	if (!f->mask_l3)
		return true;
	if (ct->orig.l3 != f->mask_l3)
		return false;
	if (f->mask_src && !addr_masked_eq(&ct->orig.src, &f->src, &f->src_mask, f->mask_l3))
		return false;
	if (f->mask_dst && !addr_masked_eq(&ct->orig.dst, &f->dst, &f->dst_mask, f->mask_l3))
		return false;
	return true;
}

static bool addr_eq(const union ct_addr *a, const union ct_addr *b, uint8_t l3)
{
	return l3 == AF_INET6 ? !memcmp(&a->v6, &b->v6, 16) : a->v4 == b->v4;
}

/* Compare only what the template tuple carries; a missing tuple zone
 * counts as zone 0. */
static bool tuple_match(const struct ct_tuple *t, const struct ct_tuple *e)
{
	uint16_t has = t->has;

	if ((has & (TP_SRC | TP_DST)) && t->l3 != e->l3)
		return false;
	if ((has & TP_SRC) && (!(e->has & TP_SRC) || !addr_eq(&t->src, &e->src, t->l3)))
		return false;
	if ((has & TP_DST) && (!(e->has & TP_DST) || !addr_eq(&t->dst, &e->dst, t->l3)))
		return false;
	if ((has & TP_PROTO) && t->l4 != e->l4)
		return false;
	if ((has & TP_SPORT) && (!(e->has & TP_SPORT) || t->sport != e->sport))
		return false;
	if ((has & TP_DPORT) && (!(e->has & TP_DPORT) || t->dport != e->dport))
		return false;
	if ((has & TP_ICMP_TYPE) && (!(e->has & TP_ICMP_TYPE) || t->icmp_type != e->icmp_type))
		return false;
	if ((has & TP_ICMP_CODE) && (!(e->has & TP_ICMP_CODE) || t->icmp_code != e->icmp_code))
		return false;
	if ((has & TP_ICMP_ID) && (!(e->has & TP_ICMP_ID) || t->icmp_id != e->icmp_id))
		return false;
	if ((has & TP_ZONE) && t->zone != ((e->has & TP_ZONE) ? e->zone : 0))
		return false;
	return true;
}

static bool state_match(const struct ct *t, const struct ct *ct)
{
	if (ct_has(t, CT_TCP_STATE))
		return ct_has(ct, CT_TCP_STATE) && ct->tcp.state == t->tcp.state;
	if (ct_has(t, CT_SCTP_STATE))
		return ct_has(ct, CT_SCTP_STATE) && ct->sctp.state == t->sctp.state;
	if (ct_has(t, CT_DCCP_STATE))
		return ct_has(ct, CT_DCCP_STATE) && ct->dccp.state == t->dccp.state;
	return true;
}

bool ct_filter_template(const struct ct_filter *f, const struct ct *ct)
{
	const struct ct *t = &f->tmpl;

	if (!(f->cmp & CF_CMP_ON))
		return true;
	if (!tuple_match(&t->orig, &ct->orig) || !tuple_match(&t->reply, &ct->reply))
		return false;
	if ((f->cmp & CF_CMP_STATUS) &&
	    (!ct_has(ct, CT_STATUS) || (ct->status & t->status_mask) != t->status))
		return false;
	if ((f->cmp & CF_CMP_TIMEOUT) &&
	    (!ct_has(ct, CT_TIMEOUT) || ct->timeout != t->timeout))
		return false;
	if ((f->cmp & CF_CMP_ID) && (!ct_has(ct, CT_ID) || ct->id != t->id))
		return false;
	if ((f->cmp & CF_CMP_ZONE) && t->zone != (ct_has(ct, CT_ZONE) ? ct->zone : 0))
		return false;
	if ((f->cmp & CF_CMP_SECMARK) &&
	    (ct_has(ct, CT_SECMARK) ? ct->secmark : 0) != t->secmark)
		return false;
	if ((f->cmp & CF_CMP_STATE) && !state_match(t, ct))
		return false;
	return true;
}

bool ct_filter_match(const struct ct_filter *f, const struct ct *ct)
{
	return ct_filter_nat(f, ct) && ct_filter_mark(f, ct) &&
	       ct_filter_labels(f, ct) && ct_filter_netmask(f, ct) &&
	       ct_filter_template(f, ct) &&
	       (!f->family || ct->orig.l3 == f->family);
}

void ct_addr_prefix_mask(union ct_addr *mask, uint8_t l3, unsigned int bits)
{
	int i, words = l3 == AF_INET6 ? 4 : 1;

	memset(mask, 0, sizeof(*mask));
	for (i = 0; i < words; i++) {
		unsigned int b = bits > 32 ? 32 : bits;

		mask->all[i] = b ? htonl(~0U << (32 - b)) : 0;
		bits -= b;
	}
}
