/* ctnetlink expectations (subsystem 2).  No entry here ever has a helper
 * that could own one, so the table stays empty: creating fails the way
 * the kernel fails without a helper, lookups find nothing, dumps and
 * flushes succeed. */
#include <errno.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "srv.h"
#include "ct_srv.h"

static int exp_new(struct req *r, struct nlattr **tb)
{
	struct tup t;
	struct zone z;
	int err;

	if (!tb[CTA_EXPECT_TUPLE] || !tb[CTA_EXPECT_MASK] || !tb[CTA_EXPECT_MASTER])
		return -EINVAL;
	if ((err = parse_zone(tb[CTA_EXPECT_ZONE], &z)) ||
	    (err = parse_tuple(tb[CTA_EXPECT_MASTER], &t, r->family, TF_ALL, 1, NULL)))
		return err;
	if (!ct_find(&t, &z))
		return -ENOENT;
	return -EOPNOTSUPP;	/* the master has no helper */
}

static int exp_get(struct req *r, struct nlattr **tb)
{
	struct dump d;
	struct tup t;
	int err;

	if (r->nlh->nlmsg_flags & NLM_F_DUMP) {
		dump_begin(&d, r);
		dump_end(&d);
		return ANSWERED;
	}
	if (!tb[CTA_EXPECT_MASTER] && !tb[CTA_EXPECT_TUPLE])
		return -EINVAL;
	err = parse_tuple(tb[CTA_EXPECT_TUPLE] ? tb[CTA_EXPECT_TUPLE] : tb[CTA_EXPECT_MASTER],
			  &t, r->family, TF_ALL, 1, NULL);
	return err ? err : -ENOENT;
}

static int exp_delete(struct req *r, struct nlattr **tb)
{
	struct tup t;
	int err;

	if (!tb[CTA_EXPECT_TUPLE])
		return 0;	/* flush: nothing to remove */
	err = parse_tuple(tb[CTA_EXPECT_TUPLE], &t, r->family, TF_ALL, 1, NULL);
	return err ? err : -ENOENT;
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

		mnl_attr_put_u32(nlh, CTA_STATS_EXP_NEW, 0);
		mnl_attr_put_u32(nlh, CTA_STATS_EXP_CREATE, 0);
		mnl_attr_put_u32(nlh, CTA_STATS_EXP_DELETE, 0);
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
};
