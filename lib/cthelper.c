#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>

#include "cthelper.h"
#include "nla.h"
#include "nl.h"
#include "util.h"

/* Private data sizes are those of conntrackd 1.4.7's helpers, which the
 * kernel reserves per connection; a helper and its kernel object must
 * agree on them. */
const struct cth_def cth_defs[] = {
	{ "amanda", IPPROTO_UDP, 0, { "amanda", 3, 180 } },
	{ "dhcpv6", IPPROTO_UDP, 0, { "dhcpv6", 1, 300 } },
	{ "ftp", IPPROTO_TCP, 24, { "ftp", 1, 300 } },
	{ "mdns", IPPROTO_UDP, 0, { "mdns", 8, 30 } },
	{ "rpc", IPPROTO_TCP, 16, { "rpc", 1, 300 } },
	{ "rpc", IPPROTO_UDP, 16, { "rpc", 1, 300 } },
	{ "sane", IPPROTO_TCP, 4, { "sane", 1, 300 } },
	{ "slp", IPPROTO_UDP, 0, { "slp", 8, 16 } },
	{ "ssdp", IPPROTO_TCP, 0, { "ssdp", 8, 300 } },
	{ "ssdp", IPPROTO_UDP, 0, { "ssdp", 8, 300 } },
	{ "tftp", IPPROTO_UDP, 0, { "tftp", 1, 300 } },
	{ "tns", IPPROTO_TCP, 1, { "tns", 1, 300 } },
};
const unsigned int cth_ndefs = ARRAY_SIZE(cth_defs);

const struct cth_def *cth_def_find(const char *name, uint8_t l4)
{
	unsigned int i;

	for (i = 0; i < cth_ndefs; i++)
		if (cth_defs[i].l4 == l4 && !strcmp(cth_defs[i].name, name))
			return &cth_defs[i];
	return NULL;
}

void cth_set_name(struct cth *h, const char *name)
{
	snprintf(h->name, sizeof(h->name), "%s", name);
	h->has |= CTH_NAME;
}

void cth_from_def(struct cth *h, const struct cth_def *d, uint16_t l3)
{
	cth_set_name(h, d->name);
	h->l3 = l3;
	h->l4 = d->l4;
	h->priv_len = d->priv_len;
	h->policy[0] = d->policy;
	h->npolicy = 1;
	h->has |= CTH_L3 | CTH_L4 | CTH_PRIV_LEN | CTH_POLICY;
}

static void put_policies(struct nlmsghdr *nlh, const struct cth *h)
{
	struct nlattr *all = mnl_attr_nest_start(nlh, NFCTH_POLICY);
	uint32_t i;

	for (i = 0; i < h->npolicy && i < CTH_POLICY_MAX; i++) {
		const struct cth_policy *p = &h->policy[i];
		struct nlattr *one = mnl_attr_nest_start(nlh, NFCTH_POLICY_SET + i);

		mnl_attr_put_strz(nlh, NFCTH_POLICY_NAME, p->name);
		mnl_attr_put_u32(nlh, NFCTH_POLICY_EXPECT_MAX, htonl(p->expect_max));
		mnl_attr_put_u32(nlh, NFCTH_POLICY_EXPECT_TIMEOUT,
				 htonl(p->expect_timeout));
		mnl_attr_nest_end(nlh, one);
	}
	mnl_attr_put_u32(nlh, NFCTH_POLICY_SET_NUM, htonl(i));
	mnl_attr_nest_end(nlh, all);
}

struct nlmsghdr *cth_build(void *buf, uint8_t msg, uint16_t flags,
			   const struct cth *h)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, CTH_MSG_MAX);	/* padding: see tmo_build() */
	nlh = nfnl_msg(buf, NFNL_SUBSYS_CTHELPER, msg, flags, AF_UNSPEC);
	if (!h)
		return nlh;
	if (h->has & CTH_NAME)
		mnl_attr_put_strz(nlh, NFCTH_NAME, h->name);
	if (h->has & CTH_QUEUE)
		mnl_attr_put_u32(nlh, NFCTH_QUEUE_NUM, htonl(h->queue));
	if (h->has & CTH_PRIV_LEN)
		mnl_attr_put_u32(nlh, NFCTH_PRIV_DATA_LEN, htonl(h->priv_len));
	if (h->has & CTH_L3) {
		struct nlattr *nest = mnl_attr_nest_start(nlh, NFCTH_TUPLE);

		mnl_attr_put_u16(nlh, NFCTH_TUPLE_L3PROTONUM, htons(h->l3));
		mnl_attr_put_u8(nlh, NFCTH_TUPLE_L4PROTONUM, h->l4);
		mnl_attr_nest_end(nlh, nest);
	}
	if (h->has & CTH_POLICY)
		put_policies(nlh, h);
	if (h->has & CTH_STATUS)
		mnl_attr_put_u32(nlh, NFCTH_STATUS, htonl(h->status));
	return nlh;
}

static const enum mnl_attr_data_type top_kind[NFCTH_MAX + 1] = {
	[NFCTH_NAME] = MNL_TYPE_STRING,
	[NFCTH_TUPLE] = MNL_TYPE_NESTED,
	[NFCTH_QUEUE_NUM] = MNL_TYPE_U32,
	[NFCTH_POLICY] = MNL_TYPE_NESTED,
	[NFCTH_PRIV_DATA_LEN] = MNL_TYPE_U32,
	[NFCTH_STATUS] = MNL_TYPE_U32,
};
static const enum mnl_attr_data_type tuple_kind[NFCTH_TUPLE_MAX + 1] = {
	[NFCTH_TUPLE_L3PROTONUM] = MNL_TYPE_U16,
	[NFCTH_TUPLE_L4PROTONUM] = MNL_TYPE_U8,
};
static const enum mnl_attr_data_type sets_kind[NFCTH_POLICY_SET_MAX + 1] = {
	[NFCTH_POLICY_SET_NUM] = MNL_TYPE_U32,
	[NFCTH_POLICY_SET1] = MNL_TYPE_NESTED,
	[NFCTH_POLICY_SET2] = MNL_TYPE_NESTED,
	[NFCTH_POLICY_SET3] = MNL_TYPE_NESTED,
	[NFCTH_POLICY_SET4] = MNL_TYPE_NESTED,
};
static const enum mnl_attr_data_type pol_kind[NFCTH_POLICY_MAX + 1] = {
	[NFCTH_POLICY_NAME] = MNL_TYPE_STRING,
	[NFCTH_POLICY_EXPECT_MAX] = MNL_TYPE_U32,
	[NFCTH_POLICY_EXPECT_TIMEOUT] = MNL_TYPE_U32,
};

static void parse_tuple(const struct nlattr *nest, struct cth *h)
{
	const struct nlattr *tb[NFCTH_TUPLE_MAX + 1] = { 0 };

	h->has |= CTH_TUPLE;
	if (nla_parse_lax_nest(nest, tuple_kind, NFCTH_TUPLE_MAX, tb) < 0)
		return;
	if (tb[NFCTH_TUPLE_L3PROTONUM]) {
		h->l3 = nla_be16(tb[NFCTH_TUPLE_L3PROTONUM]);
		h->has |= CTH_L3;
	}
	if (tb[NFCTH_TUPLE_L4PROTONUM]) {
		h->l4 = nla_u8(tb[NFCTH_TUPLE_L4PROTONUM]);
		h->has |= CTH_L4;
	}
}

static int parse_policy(const struct nlattr *nest, struct cth_policy *p)
{
	const struct nlattr *tb[NFCTH_POLICY_MAX + 1] = { 0 };

	if (nla_parse_lax_nest(nest, pol_kind, NFCTH_POLICY_MAX, tb) < 0)
		return -EBADMSG;
	if (tb[NFCTH_POLICY_NAME])
		nla_strcpy(p->name, sizeof(p->name), tb[NFCTH_POLICY_NAME]);
	if (tb[NFCTH_POLICY_EXPECT_MAX])
		p->expect_max = nla_be32(tb[NFCTH_POLICY_EXPECT_MAX]);
	if (tb[NFCTH_POLICY_EXPECT_TIMEOUT])
		p->expect_timeout = nla_be32(tb[NFCTH_POLICY_EXPECT_TIMEOUT]);
	return 0;
}

/* Sets the count names that are really there, in order; what does not
 * parse is left out.  Nothing here makes the helper unusable. */
static void parse_policies(const struct nlattr *nest, struct cth *h)
{
	const struct nlattr *tb[NFCTH_POLICY_SET_MAX + 1] = { 0 };
	uint32_t i, n = 0;

	h->has |= CTH_POLICY;
	if (nla_parse_lax_nest(nest, sets_kind, NFCTH_POLICY_SET_MAX, tb) < 0)
		return;
	if (tb[NFCTH_POLICY_SET_NUM])
		n = nla_be32(tb[NFCTH_POLICY_SET_NUM]);
	for (i = 0; i < n && i < CTH_POLICY_MAX; i++) {
		const struct nlattr *set = tb[NFCTH_POLICY_SET + i];

		if (!set || parse_policy(set, &h->policy[i]) < 0)
			break;
	}
	h->npolicy = i;
}

int cth_parse(const struct nlmsghdr *nlh, struct cth *h)
{
	const struct nlattr *tb[NFCTH_MAX + 1] = { 0 };

	memset(h, 0, sizeof(*h));
	if (nla_parse_lax(nlh, sizeof(struct nfgenmsg), top_kind, NFCTH_MAX,
			  tb) < 0)
		return -EBADMSG;
	if (tb[NFCTH_NAME]) {
		nla_strcpy(h->name, sizeof(h->name), tb[NFCTH_NAME]);
		h->has |= CTH_NAME;
	}
	if (tb[NFCTH_TUPLE])
		parse_tuple(tb[NFCTH_TUPLE], h);
	if (tb[NFCTH_POLICY])
		parse_policies(tb[NFCTH_POLICY], h);
	if (tb[NFCTH_QUEUE_NUM]) {
		h->queue = nla_be32(tb[NFCTH_QUEUE_NUM]);
		h->has |= CTH_QUEUE;
	}
	if (tb[NFCTH_PRIV_DATA_LEN]) {
		h->priv_len = nla_be32(tb[NFCTH_PRIV_DATA_LEN]);
		h->has |= CTH_PRIV_LEN;
	}
	if (tb[NFCTH_STATUS]) {
		h->status = nla_be32(tb[NFCTH_STATUS]);
		h->has |= CTH_STATUS;
	}
	return 0;
}

void cth_print(FILE *f, const struct cth *h)
{
	fprintf(f, "{\n\t.name = %s,\n\t.queuenum = %u,\n"
		"\t.l3protonum = %u,\n\t.l4protonum = %u,\n"
		"\t.priv_data_len = %u,\n\t.status = %s,\n};\n",
		h->name, h->queue, h->l3, h->l4, h->priv_len,
		h->status ? "enabled" : "disabled");	/* any bit: enabled */
}
