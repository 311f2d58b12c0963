/* ctnetlink expectations (subsystem 2).  An expectation belongs to a
 * master entry that has a (user-space) helper; it goes when the master
 * goes, when it times out, or when its helper's class is full (the oldest
 * is evicted).  Created through EXP_NEW or through an NFQUEUE verdict
 * (queue.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nf_conntrack_common.h>

#include "srv.h"
#include "ct_srv.h"

struct expect {
	struct expect *next;
	struct tup tuple, mask;		/* mask: src address and src port */
	struct entry *master;
	struct zone zone;
	uint64_t expires;		/* jiffies */
	uint32_t id, flags, class;
	char helper[16];
};

static struct expect *expects;
static uint32_t (*xstats)[3];	/* per CPU: new, create, delete */

static void xstat(int which)
{
	if (!xstats)
		xstats = calloc(conf.ncpu, sizeof(*xstats));
	if (xstats)
		xstats[0][which]++;
}

static struct nlmsghdr *fill(void *buf, uint16_t type, uint16_t flags, uint32_t seq,
			     uint32_t portid, const struct expect *x)
{
	struct nlmsghdr *nlh = msg_start(buf, NFNL_SUBSYS_CTNETLINK_EXP << 8 | type,
					 flags, seq, portid, x->tuple.l3, 0);
	struct tup m;
	uint64_t j = jiffies();

	put_tuple(nlh, CTA_EXPECT_MASTER, &x->master->t[0], NULL, 0);
	put_tuple(nlh, CTA_EXPECT_TUPLE, &x->tuple, NULL, 0);
	memset(&m, 0xff, sizeof(m));
	m.src = x->mask.src;
	m.sport = x->mask.sport;
	m.l3 = x->tuple.l3;
	m.l4 = x->tuple.l4;
	put_tuple(nlh, CTA_EXPECT_MASK, &m, NULL, 0);
	mnl_attr_put_u32(nlh, CTA_EXPECT_TIMEOUT,
			 htonl(x->expires > j ? (uint32_t)((x->expires - j) / HZ) : 0));
	mnl_attr_put_u32(nlh, CTA_EXPECT_ID, htonl(x->id));
	mnl_attr_put_u32(nlh, CTA_EXPECT_FLAGS, htonl(x->flags));
	mnl_attr_put_u32(nlh, CTA_EXPECT_CLASS, htonl(x->class));
	if (x->helper[0])
		mnl_attr_put_strz(nlh, CTA_EXPECT_HELP_NAME, x->helper);
	return nlh;
}

static void event(const struct expect *x, bool destroy, uint32_t portid)
{
	char buf[GOODSIZE];

	multicast(destroy ? NFNLGRP_CONNTRACK_EXP_DESTROY : NFNLGRP_CONNTRACK_EXP_NEW,
		  fill(buf, destroy ? IPCTNL_MSG_EXP_DELETE : IPCTNL_MSG_EXP_NEW,
		       destroy ? 0 : NLM_F_CREATE | NLM_F_EXCL, 0, portid, x));
}

static void unlink_exp(struct expect *x, uint32_t portid)
{
	struct expect **pp;

	for (pp = &expects; *pp; pp = &(*pp)->next)
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	event(x, true, portid);
	xstat(2);
	free(x);
}

void exp_master_gone(struct entry *master)
{
	struct expect *x = expects, *next;

	for (; x; x = next) {
		next = x->next;
		if (x->master == master)
			unlink_exp(x, 0);
	}
}

static void exp_expire(void)
{
	uint64_t j = jiffies();
	struct expect *x = expects, *next;

	for (; x; x = next) {
		next = x->next;
		if (x->expires <= j)
			unlink_exp(x, 0);
	}
}

static bool masked_eq(const struct tup *a, const struct tup *b, const struct tup *m)
{
	int i;

	for (i = 0; i < 4; i++)
		if ((a->src.all[i] & m->src.all[i]) != (b->src.all[i] & m->src.all[i]))
			return false;
	return (a->sport & m->sport) == (b->sport & m->sport) && a->l3 == b->l3 &&
	       a->l4 == b->l4 && a->dport == b->dport &&
	       !memcmp(&a->dst, &b->dst, sizeof(a->dst));
}

/* nf_ct_expect_find_get(): the tuple a new connection would have */
static struct expect *exp_find(const struct tup *t, const struct zone *z)
{
	struct expect *x;

	for (x = expects; x; x = x->next)
		if (masked_eq(t, &x->tuple, &x->mask) && x->zone.id == z->id)
			return x;
	return NULL;
}

/* Two expectations overlap when a tuple could match both. */
static bool clash(const struct expect *a, const struct expect *b)
{
	struct tup m;
	int i;

	for (i = 0; i < 4; i++)
		m.src.all[i] = a->mask.src.all[i] & b->mask.src.all[i];
	m.sport = a->mask.sport & b->mask.sport;
	return masked_eq(&a->tuple, &b->tuple, &m) && a->zone.id == b->zone.id;
}

static void note(const struct expect *x)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], m[INET6_ADDRSTRLEN], text[512];
	int af = x->tuple.l3 == AF_INET6 ? AF_INET6 : AF_INET;

	inet_ntop(af, &x->tuple.src, s, sizeof(s));
	inet_ntop(af, &x->tuple.dst, d, sizeof(d));
	inet_ntop(af, &x->mask.src, m, sizeof(m));
	snprintf(text, sizeof(text), "expect proto=%u src=%s dst=%s sport=%u dport=%u "
		 "mask-src=%s mask-sport=0x%x class=%u flags=0x%x timeout=%u helper=%s",
		 x->tuple.l4, s, d, x->tuple.sport, x->tuple.dport, m, x->mask.sport,
		 x->class, x->flags, (unsigned)((x->expires - jiffies()) / HZ), x->helper);
	queue_note_expect(x->master, text);
}

/* ctnetlink_create_expect() / ctnetlink_glue_attach_expect() */
int exp_create(struct entry *master, struct nlattr **tb, uint8_t l3,
	       uint32_t portid, bool glue)
{
	struct helper_policy pol;
	struct expect *x, *i, *oldest = NULL;
	unsigned int n = 0;
	int err;

	if (!master->helper[0] || !helper_find(master->helper, master->t[0].l3,
					       master->t[0].l4, &pol))
		return -EOPNOTSUPP;
	if (!tb[CTA_EXPECT_TUPLE] || !tb[CTA_EXPECT_MASK])
		return -EINVAL;
	if ((tb[CTA_EXPECT_CLASS] && !attr_ok(tb[CTA_EXPECT_CLASS], 4)) ||
	    (tb[CTA_EXPECT_FLAGS] && !attr_ok(tb[CTA_EXPECT_FLAGS], 4)) ||
	    (tb[CTA_EXPECT_TIMEOUT] && !attr_ok(tb[CTA_EXPECT_TIMEOUT], 4)))
		return -ERANGE;
	x = calloc(1, sizeof(*x));
	if (!x)
		return -ENOMEM;
	x->master = master;
	x->zone = master->zone;
	if ((err = parse_tuple(tb[CTA_EXPECT_TUPLE], &x->tuple, l3, TF_ALL, 1, NULL)) ||
	    (err = parse_tuple(tb[CTA_EXPECT_MASK], &x->mask, l3, TF_ALL, 1, NULL)))
		goto fail;
	if (tb[CTA_EXPECT_CLASS]) {
		x->class = be32_at(tb[CTA_EXPECT_CLASS]);
		if (x->class >= pol.nclasses) {
			err = -EINVAL;
			goto fail;
		}
	}
	if (tb[CTA_EXPECT_FLAGS])
		x->flags = be32_at(tb[CTA_EXPECT_FLAGS]) & ~NF_CT_EXPECT_USERSPACE;
	if (glue)
		x->flags |= NF_CT_EXPECT_USERSPACE;
	strcpy(x->helper, master->helper);
	x->expires = jiffies() + (uint64_t)(tb[CTA_EXPECT_TIMEOUT] ?
		be32_at(tb[CTA_EXPECT_TIMEOUT]) : pol.timeout[x->class]) * HZ;
	x->id = rand32();
	/* __nf_ct_expect_check(): same expectation of the same master and
	 * class replaces the old one; an overlapping one refuses */
	for (i = expects; i; i = i->next) {
		if (!memcmp(&i->tuple, &x->tuple, sizeof(x->tuple)) &&
		    !memcmp(&i->mask, &x->mask, sizeof(x->mask))) {
			if (i->master != master || i->class != x->class) {
				err = -EALREADY;
				goto fail;
			}
			unlink_exp(i, 0);
			break;
		}
		if (clash(i, x)) {
			err = -EBUSY;
			goto fail;
		}
	}
	for (i = expects; i; i = i->next)
		if (i->master == master && i->class == x->class) {
			n++;
			if (!oldest)
				oldest = i;
		}
	if (pol.max[x->class] && n >= pol.max[x->class] && oldest)
		unlink_exp(oldest, 0);
	x->next = expects;
	expects = x;
	xstat(1);
	note(x);
	event(x, false, portid);
	return 0;
fail:
	free(x);
	return err;
}

static int exp_new(struct req *r, struct nlattr **tb)
{
	struct tup t, mt;
	struct zone z;
	struct entry *master;
	struct expect *x;
	int err;

	if (!tb[CTA_EXPECT_TUPLE] || !tb[CTA_EXPECT_MASK] || !tb[CTA_EXPECT_MASTER])
		return -EINVAL;
	if ((err = parse_zone(tb[CTA_EXPECT_ZONE], &z)) ||
	    (err = parse_tuple(tb[CTA_EXPECT_TUPLE], &t, r->family, TF_ALL, 1, NULL)))
		return err;
	exp_expire();
	x = exp_find(&t, &z);
	if (x) {
		if (r->nlh->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		if (tb[CTA_EXPECT_TIMEOUT] && attr_ok(tb[CTA_EXPECT_TIMEOUT], 4))
			x->expires = jiffies() + (uint64_t)be32_at(tb[CTA_EXPECT_TIMEOUT]) * HZ;
		return 0;
	}
	if (!(r->nlh->nlmsg_flags & NLM_F_CREATE))
		return -ENOENT;
	if ((err = parse_tuple(tb[CTA_EXPECT_MASTER], &mt, r->family, TF_ALL, 1, NULL)))
		return err;
	master = ct_find(&mt, &z);
	if (!master)
		return -ENOENT;
	return exp_create(master, tb, r->family, r->c->portid, false);
}

static int exp_get(struct req *r, struct nlattr **tb)
{
	char buf[GOODSIZE];
	struct expect *x;
	struct tup t;
	struct zone z;
	int err;

	exp_expire();
	if (r->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct dump d;

		dump_begin(&d, r);
		for (x = expects; x; x = x->next)
			if (!r->family || x->tuple.l3 == r->family)
				dump_add(&d, fill(buf, IPCTNL_MSG_EXP_NEW, NLM_F_MULTI,
						  r->nlh->nlmsg_seq, r->c->portid, x));
		dump_end(&d);
		return ANSWERED;
	}
	if ((err = parse_zone(tb[CTA_EXPECT_ZONE], &z)))
		return err;
	if (tb[CTA_EXPECT_TUPLE])
		err = parse_tuple(tb[CTA_EXPECT_TUPLE], &t, r->family, TF_ALL, 1, NULL);
	else if (tb[CTA_EXPECT_MASTER])
		err = parse_tuple(tb[CTA_EXPECT_MASTER], &t, r->family, TF_ALL, 1, NULL);
	else
		return -EINVAL;
	if (err)
		return err;
	x = exp_find(&t, &z);
	if (!x || (attr_ok(tb[CTA_EXPECT_ID], 4) && be32_at(tb[CTA_EXPECT_ID]) != x->id))
		return -ENOENT;
	reply_unicast(r, fill(buf, IPCTNL_MSG_EXP_NEW, NLM_F_MULTI, r->nlh->nlmsg_seq,
			      r->c->portid, x));
	return 0;
}

static int exp_delete(struct req *r, struct nlattr **tb)
{
	struct expect *x, *next;
	struct tup t;
	struct zone z;
	int err;

	exp_expire();
	if (tb[CTA_EXPECT_TUPLE]) {
		if ((err = parse_zone(tb[CTA_EXPECT_ZONE], &z)) ||
		    (err = parse_tuple(tb[CTA_EXPECT_TUPLE], &t, r->family, TF_ALL, 1, NULL)))
			return err;
		x = exp_find(&t, &z);
		if (!x || (attr_ok(tb[CTA_EXPECT_ID], 4) && be32_at(tb[CTA_EXPECT_ID]) != x->id))
			return -ENOENT;
		unlink_exp(x, r->c->portid);
		return 0;
	}
	for (x = expects; x; x = next) {	/* by helper name, or all */
		next = x->next;
		if (tb[CTA_EXPECT_HELP_NAME] &&
		    strncmp(x->helper, mnl_attr_get_payload(tb[CTA_EXPECT_HELP_NAME]),
			    mnl_attr_get_payload_len(tb[CTA_EXPECT_HELP_NAME])))
			continue;
		unlink_exp(x, r->c->portid);
	}
	return 0;
}

static int exp_stats_cpu(struct req *r, struct nlattr **tb)
{
	char buf[GOODSIZE];
	struct dump d;
	int cpu;

	if (!(r->nlh->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	dump_begin(&d, r);
	for (cpu = 0; cpu < conf.ncpu; cpu++) {
		struct nlmsghdr *nlh = msg_start(buf, NFNL_SUBSYS_CTNETLINK_EXP << 8 |
						 IPCTNL_MSG_EXP_GET_STATS_CPU, NLM_F_MULTI,
						 r->nlh->nlmsg_seq, r->c->portid,
						 AF_UNSPEC, (uint16_t)cpu);

		mnl_attr_put_u32(nlh, CTA_STATS_EXP_NEW, htonl(xstats ? xstats[cpu][0] : 0));
		mnl_attr_put_u32(nlh, CTA_STATS_EXP_CREATE, htonl(xstats ? xstats[cpu][1] : 0));
		mnl_attr_put_u32(nlh, CTA_STATS_EXP_DELETE, htonl(xstats ? xstats[cpu][2] : 0));
		dump_add(&d, nlh);
	}
	dump_end(&d);
	return ANSWERED;
}

static const msg_handler handlers[] = {
	[IPCTNL_MSG_EXP_NEW] = exp_new,
	[IPCTNL_MSG_EXP_GET] = exp_get,
	[IPCTNL_MSG_EXP_DELETE] = exp_delete,
	[IPCTNL_MSG_EXP_GET_STATS_CPU] = exp_stats_cpu,
};

const struct subsys ss_expect = {
	.name = "expect",
	.attr_max = CTA_EXPECT_MAX,
	.nmsg = sizeof(handlers) / sizeof(handlers[0]),
	.handlers = handlers,
	.tick = exp_expire,
};
