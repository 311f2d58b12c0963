/* Kernel-side conntrack event filter: a classic BPF program that walks the
 * event's attributes with the netlink ancillary loads (SKF_AD_NLATTR: A =
 * offset of the attribute of type X among those starting at offset A;
 * SKF_AD_NLATTR_NEST: the same inside the nest at offset A; 0 = none).
 *
 * The kernel sends each ctnetlink event in an skb of its own, so the
 * program sees one message.  It accepts anything else whole (errors,
 * DONE, other subsystems, several messages), and accepts whenever an
 * attribute it looks for is missing: dropping is only for events the
 * user-space filter surely rejects. */
#include <endian.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct_evfilter.h"

#define HDRLEN	(NLMSG_HDRLEN + sizeof(struct nfgenmsg))	/* attrs start */

struct prog {
	struct sock_filter *ins;
	int n;
	int overflow;
};

static void emit(struct prog *p, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	if (p->n >= CT_EVFILTER_MAX - 2) {	/* keep room for the verdicts */
		p->overflow = 1;
		return;
	}
	p->ins[p->n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
}

/* Jumps to the verdicts are patched at the end: jt/jf hold a marker. */
enum { J_NEXT = 0, J_ACCEPT = 0xfe, J_DROP = 0xff };

static void jeq(struct prog *p, uint32_t k, uint8_t jt, uint8_t jf)
{
	emit(p, BPF_JMP | BPF_JEQ | BPF_K, jt, jf, k);
}

/* A = offset of attribute type in the nest at offset A (top level when
 * nest is 0: then A must hold HDRLEN); missing -> accept. */
static void find(struct prog *p, uint16_t type, int nest)
{
	emit(p, BPF_LDX | BPF_IMM, 0, 0, type);
	emit(p, BPF_LD | BPF_W | BPF_ABS, 0, 0,
	     SKF_AD_OFF + (nest ? SKF_AD_NLATTR_NEST : SKF_AD_NLATTR));
	jeq(p, 0, J_ACCEPT, J_NEXT);
}

/* A = offset of orig tuple's sub-nest (CTA_TUPLE_IP / CTA_TUPLE_PROTO). */
static void find_orig(struct prog *p, uint16_t sub)
{
	emit(p, BPF_LD | BPF_IMM, 0, 0, HDRLEN);
	find(p, CTA_TUPLE_ORIG, 0);
	find(p, sub, 1);
}

/* The attribute at offset A has a value of size (BPF_B/H/W) that must be
 * val (host order; loads are big-endian, the attributes too) under mask. */
static void value_is(struct prog *p, uint16_t size, uint32_t val, uint32_t mask)
{
	emit(p, BPF_MISC | BPF_TAX, 0, 0, 0);
	emit(p, BPF_LD | size | BPF_IND, 0, 0, NLA_HDRLEN);
	if (mask != 0xffffffff)
		emit(p, BPF_ALU | BPF_AND | BPF_K, 0, 0, mask);
	jeq(p, val, J_NEXT, J_DROP);
}

/* Accept unless the datagram is exactly one conntrack NEW/DELETE message:
 * nlmsg_len (host order, so assembled from bytes) == skb length. */
static void single_event(struct prog *p)
{
	uint16_t t_new = NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW;
	uint16_t t_del = NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_DELETE;
	int le = BYTE_ORDER == LITTLE_ENDIAN;

	/* nlmsg_type at 4: a big-endian load of a host-order u16 */
	emit(p, BPF_LD | BPF_H | BPF_ABS, 0, 0, 4);
	if (le) {
		t_new = __builtin_bswap16(t_new);
		t_del = __builtin_bswap16(t_del);
	}
	jeq(p, t_new, 1, 0);
	jeq(p, t_del, J_NEXT, J_ACCEPT);
	emit(p, BPF_LD | BPF_W | BPF_ABS, 0, 0, 0);
	if (le) {
		/* events are far below 64 KiB: bytes 2-3 are zero */
		emit(p, BPF_ALU | BPF_AND | BPF_K, 0, 0, 0xffff);
		jeq(p, 0, J_NEXT, J_ACCEPT);
		emit(p, BPF_LD | BPF_B | BPF_ABS, 0, 0, 1);
		emit(p, BPF_ALU | BPF_LSH | BPF_K, 0, 0, 8);
		emit(p, BPF_MISC | BPF_TAX, 0, 0, 0);
		emit(p, BPF_LD | BPF_B | BPF_ABS, 0, 0, 0);
		emit(p, BPF_ALU | BPF_OR | BPF_X, 0, 0, 0);
	}
	emit(p, BPF_MISC | BPF_TAX, 0, 0, 0);
	emit(p, BPF_LD | BPF_W | BPF_LEN, 0, 0, 0);
	emit(p, BPF_JMP | BPF_JEQ | BPF_X, J_NEXT, J_ACCEPT, 0);
}

/* The orig tuple's source (or destination) address is a. */
static void addr_is(struct prog *p, uint8_t l3, int dst, const union ct_addr *a)
{
	int i, v6 = l3 == AF_INET6;

	if (!v6 && l3 != AF_INET)
		return;
	find_orig(p, CTA_TUPLE_IP);
	if (v6)
		find(p, dst ? CTA_IP_V6_DST : CTA_IP_V6_SRC, 1);
	else
		find(p, dst ? CTA_IP_V4_DST : CTA_IP_V4_SRC, 1);
	emit(p, BPF_MISC | BPF_TAX, 0, 0, 0);
	for (i = 0; i < (v6 ? 4 : 1); i++) {
		emit(p, BPF_LD | BPF_W | BPF_IND, 0, 0, NLA_HDRLEN + 4 * i);
		jeq(p, be32toh(a->all[i]), J_NEXT, J_DROP);
	}
}

static void tuple_checks(struct prog *p, const struct ct_tuple *t)
{
	/* an address of one family never matches an entry of another */
	if (t->has & (TP_SRC | TP_DST)) {
		emit(p, BPF_LD | BPF_B | BPF_ABS, 0, 0, NLMSG_HDRLEN);
		jeq(p, t->l3, J_NEXT, J_DROP);
	}
	if (t->has & TP_SRC)
		addr_is(p, t->l3, 0, &t->src);
	if (t->has & TP_DST)
		addr_is(p, t->l3, 1, &t->dst);
	if (t->has & TP_PROTO) {
		find_orig(p, CTA_TUPLE_PROTO);
		find(p, CTA_PROTO_NUM, 1);
		value_is(p, BPF_B, t->l4, 0xffffffff);
	}
	if (t->has & TP_SPORT) {
		find_orig(p, CTA_TUPLE_PROTO);
		find(p, CTA_PROTO_SRC_PORT, 1);
		value_is(p, BPF_H, t->sport, 0xffffffff);
	}
	if (t->has & TP_DPORT) {
		find_orig(p, CTA_TUPLE_PROTO);
		find(p, CTA_PROTO_DST_PORT, 1);
		value_is(p, BPF_H, t->dport, 0xffffffff);
	}
}

/* Patch the verdict markers into relative jumps to the two returns. */
static void finish(struct prog *p)
{
	int i, accept = p->n, drop = p->n + 1;

	for (i = 0; i < p->n; i++) {
		struct sock_filter *s = &p->ins[i];

		if (BPF_CLASS(s->code) != BPF_JMP || BPF_OP(s->code) == BPF_JA)
			continue;
		if (s->jt == J_ACCEPT || s->jt == J_DROP)
			s->jt = (s->jt == J_ACCEPT ? accept : drop) - i - 1;
		if (s->jf == J_ACCEPT || s->jf == J_DROP)
			s->jf = (s->jf == J_ACCEPT ? accept : drop) - i - 1;
	}
	p->ins[p->n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xffffffff);
	p->ins[p->n++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);
}

int ct_evfilter_build(const struct ct_filter *f, struct sock_filter *prog)
{
	struct prog p = { prog, 0, 0 };
	int body;

	single_event(&p);
	body = p.n;
	if (f->family) {
		emit(&p, BPF_LD | BPF_B | BPF_ABS, 0, 0, NLMSG_HDRLEN);
		jeq(&p, f->family, J_NEXT, J_DROP);
	}
	if (f->mark_on) {
		emit(&p, BPF_LD | BPF_IMM, 0, 0, HDRLEN);
		find(&p, CTA_MARK, 0);
		value_is(&p, BPF_W, f->mark, f->mark_mask);
	}
	if (f->cmp & CF_CMP_ON)
		tuple_checks(&p, &f->tmpl.orig);
	/* jumps are 8 bits: the longest one must reach the verdicts */
	if (p.overflow || p.n == body || p.n > 250)
		return 0;
	finish(&p);
	return p.n;
}

void ct_evfilter_attach(const struct ct_filter *f, int fd)
{
	struct sock_filter ins[CT_EVFILTER_MAX];
	struct sock_fprog prog = { 0, ins };
	int n = ct_evfilter_build(f, ins);

	if (!n)
		return;
	prog.len = n;
	setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}
