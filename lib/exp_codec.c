/* ctnetlink expectation messages <-> struct ct_exp, with the attribute
 * helpers and tuple nests of the conntrack codec (nla.h). */
#include <errno.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>

#include "exp.h"
#include "nla.h"
#include "util.h"

static const struct nla_pol exp_pol[] = {
	[CTA_EXPECT_MASTER]	= POL_NEST,
	[CTA_EXPECT_TUPLE]	= POL_NEST,
	[CTA_EXPECT_MASK]	= POL_NEST,
	[CTA_EXPECT_TIMEOUT]	= POL_U32,
	[CTA_EXPECT_ID]		= POL_U32,
	[CTA_EXPECT_HELP_NAME]	= POL_STR(sizeof(((struct ct_exp *)0)->helper)),
	[CTA_EXPECT_ZONE]	= POL_U16,
	[CTA_EXPECT_FLAGS]	= POL_U32,
	[CTA_EXPECT_CLASS]	= POL_U32,
	[CTA_EXPECT_NAT]	= POL_NEST,
	[CTA_EXPECT_FN]		= POL_STR(sizeof(((struct ct_exp *)0)->fn)),
};

static const struct nla_pol exp_nat_pol[] = {
	[CTA_EXPECT_NAT_DIR]	= POL_U32,
	[CTA_EXPECT_NAT_TUPLE]	= POL_NEST,
};

static const struct {
	uint8_t type, bit;
	uint16_t off;
} exp_tuples[] = {
	{ CTA_EXPECT_TUPLE,  EXP_TUPLE,  offsetof(struct ct_exp, tuple) },
	{ CTA_EXPECT_MASK,   EXP_MASK,   offsetof(struct ct_exp, mask) },
	{ CTA_EXPECT_MASTER, EXP_MASTER, offsetof(struct ct_exp, master) },
};

static const struct {
	uint8_t type, bit;
	uint16_t off;
} exp_u32s[] = {
	{ CTA_EXPECT_TIMEOUT,	EXP_TIMEOUT,	offsetof(struct ct_exp, timeout) },
	{ CTA_EXPECT_ID,	EXP_ID,		offsetof(struct ct_exp, id) },
	{ CTA_EXPECT_FLAGS,	EXP_FLAGS,	offsetof(struct ct_exp, flags) },
	{ CTA_EXPECT_CLASS,	EXP_CLASS,	offsetof(struct ct_exp, class) },
};

static struct ct_tuple *exp_tuple(struct ct_exp *exp, size_t i)
{
	return (struct ct_tuple *)((char *)exp + exp_tuples[i].off);
}

static int parse_exp_nat(const struct nlattr *nest, struct ct_exp *exp)
{
	const struct nlattr *tb[ARRAY_SIZE(exp_nat_pol)];

	if (NLA_PARSE(nest, exp_nat_pol, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_EXPECT_NAT_DIR])
		exp->nat_dir = nla_be32(tb[CTA_EXPECT_NAT_DIR]);
	if (tb[CTA_EXPECT_NAT_TUPLE]) {
		if (ct_tuple_parse(tb[CTA_EXPECT_NAT_TUPLE], &exp->nat,
				   exp->family) < 0)
			return -EBADMSG;
	} else if (exp->family == AF_INET || exp->family == AF_INET6) {
		/* read as the empty tuple exp_build() would send */
		exp->nat.l3 = exp->family;
	}
	exp_set(exp, EXP_NAT);
	return 0;
}

static void parse_exp_scalars(const struct nlattr **tb, struct ct_exp *exp)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exp_u32s); i++) {
		uint32_t v;

		if (!tb[exp_u32s[i].type])
			continue;
		v = nla_be32(tb[exp_u32s[i].type]);
		memcpy((char *)exp + exp_u32s[i].off, &v, sizeof(v));
		exp_set(exp, exp_u32s[i].bit);
	}
	if (tb[CTA_EXPECT_ZONE]) {
		exp->zone = nla_be16(tb[CTA_EXPECT_ZONE]);
		exp_set(exp, EXP_ZONE);
	}
	if (tb[CTA_EXPECT_HELP_NAME]) {
		strcpy(exp->helper, mnl_attr_get_str(tb[CTA_EXPECT_HELP_NAME]));	/* fits: policy */
		exp_set(exp, EXP_HELPER);
	}
	if (tb[CTA_EXPECT_FN]) {
		strcpy(exp->fn, mnl_attr_get_str(tb[CTA_EXPECT_FN]));
		exp_set(exp, EXP_FN);
	}
}

int exp_parse(const struct nlmsghdr *nlh, struct ct_exp *exp)
{
	const struct nlattr *tb[ARRAY_SIZE(exp_pol)];
	const struct nfgenmsg *nfg;
	size_t hdr = MNL_ALIGN(sizeof(*nfg)), i;

	memset(exp, 0, sizeof(*exp));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + hdr)
		return -EBADMSG;
	nfg = mnl_nlmsg_get_payload(nlh);
	exp->family = nfg->nfgen_family;
	if (nla_parse_area((const char *)nfg + hdr,
			   nlh->nlmsg_len - MNL_NLMSG_HDRLEN - hdr,
			   exp_pol, ARRAY_SIZE(exp_pol), tb) < 0)
		return -EBADMSG;
	for (i = 0; i < ARRAY_SIZE(exp_tuples); i++) {
		if (!tb[exp_tuples[i].type])
			continue;
		if (ct_tuple_parse(tb[exp_tuples[i].type], exp_tuple(exp, i),
				   exp->family) < 0)
			return -EBADMSG;
		exp_set(exp, exp_tuples[i].bit);
	}
	if (tb[CTA_EXPECT_NAT] && parse_exp_nat(tb[CTA_EXPECT_NAT], exp) < 0)
		return -EBADMSG;
	parse_exp_scalars(tb, exp);
	return 0;
}

static void build_exp_nat(struct nla_bld *b, const struct ct_exp *exp)
{
	struct nlattr *n = nla_nest_start(b, CTA_EXPECT_NAT);

	nla_put_be32(b, CTA_EXPECT_NAT_DIR, exp->nat_dir);
	ct_tuple_build(b, CTA_EXPECT_NAT_TUPLE, &exp->nat, exp->family);
	nla_nest_end(b, n);
}

/* libnetfilter_conntrack's order; tuple, master, mask and timeout as
 * conntrack -I expect sends them (tests/unit/golden/sent-exp-new.hex). */
int exp_build(struct nlmsghdr *nlh, size_t bufsz, const struct ct_exp *exp)
{
	struct nla_bld b = { nlh, bufsz, false };
	uint32_t len0 = nlh->nlmsg_len;

	if (exp_has(exp, EXP_TUPLE))
		ct_tuple_build(&b, CTA_EXPECT_TUPLE, &exp->tuple, exp->family);
	if (exp_has(exp, EXP_MASTER))
		ct_tuple_build(&b, CTA_EXPECT_MASTER, &exp->master, exp->family);
	if (exp_has(exp, EXP_MASK))
		ct_tuple_build(&b, CTA_EXPECT_MASK, &exp->mask, exp->family);
	if (exp_has(exp, EXP_NAT))
		build_exp_nat(&b, exp);
	if (exp_has(exp, EXP_CLASS))
		nla_put_be32(&b, CTA_EXPECT_CLASS, exp->class);
	if (exp_has(exp, EXP_FN))
		nla_put_strz(&b, CTA_EXPECT_FN, exp->fn, sizeof(exp->fn));
	if (exp_has(exp, EXP_TIMEOUT))
		nla_put_be32(&b, CTA_EXPECT_TIMEOUT, exp->timeout);
	if (exp_has(exp, EXP_ZONE))
		nla_put_be16(&b, CTA_EXPECT_ZONE, exp->zone);
	if (exp_has(exp, EXP_FLAGS))
		nla_put_be32(&b, CTA_EXPECT_FLAGS, exp->flags);
	if (exp_has(exp, EXP_HELPER))
		nla_put_strz(&b, CTA_EXPECT_HELP_NAME, exp->helper,
			     sizeof(exp->helper));
	return nla_bld_end(&b, len0);
}
