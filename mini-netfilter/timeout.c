/* cttimeout (subsystem 8): named timeout policies and the per-protocol
 * defaults, as nfnetlink_cttimeout answers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink_cttimeout.h>

#include "srv.h"

#define NAME_MAX_LEN	32	/* CTNL_TIMEOUT_NAME_MAX */
#define MAX_STATES	16

/* Default policy of each tracker on Linux 6.x, seconds, in attribute
 * order (attribute type = index + 1). */
struct proto {
	uint8_t l4;
	uint8_t n;
	uint32_t def[MAX_STATES];
};

static struct proto protos[] = {
	{ IPPROTO_TCP, 11, { 120, 60, 432000, 120, 60, 30, 120, 10, 120, 300, 300 } },
	{ IPPROTO_UDP, 2, { 30, 120 } },
	{ IPPROTO_UDPLITE, 2, { 30, 120 } },
	{ IPPROTO_ICMP, 1, { 30 } },
	{ IPPROTO_ICMPV6, 1, { 30 } },
	{ IPPROTO_SCTP, 9, { 10, 3, 3, 210, 3, 3, 3, 30, 210 } },
	{ IPPROTO_GRE, 2, { 30, 180 } },
	{ 255, 1, { 600 } },
};

struct policy {
	struct policy *next;
	char name[NAME_MAX_LEN];
	uint16_t l3;
	uint8_t l4;
	uint32_t t[MAX_STATES];
	uint32_t use;
};

static struct policy *policies;

static struct proto *find_proto(uint8_t l4)
{
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (protos[i].l4 == l4)
			return &protos[i];
	return NULL;
}

/* ctnl_timeout_parse_policy(): defaults first, then what was given. */
static int parse_policy(const struct proto *p, uint32_t *t, const struct nlattr *data)
{
	struct nlattr *tb[MAX_STATES + 1];
	unsigned int i;

	if (parse_nested(data, tb, MAX_STATES) < 0)
		return -EINVAL;
	memcpy(t, p->def, sizeof(p->def));
	for (i = 0; i < p->n; i++) {
		if (!tb[i + 1])
			continue;
		if (!attr_ok(tb[i + 1], 4))
			return -ERANGE;
		t[i] = ntohl(mnl_attr_get_u32(tb[i + 1]));
	}
	return 0;
}

static struct nlmsghdr *fill(void *buf, struct req *r, const struct policy *pol,
			     const struct proto *p, uint8_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = msg_start(buf, NFNL_SUBSYS_CTNETLINK_TIMEOUT << 8 | type,
					 flags, r->nlh->nlmsg_seq, r->c->portid,
					 AF_UNSPEC, 0);
	const uint32_t *t = pol ? pol->t : p->def;
	struct nlattr *n;
	unsigned int i;

	if (pol)
		mnl_attr_put_strz(nlh, CTA_TIMEOUT_NAME, pol->name);
	mnl_attr_put_u16(nlh, CTA_TIMEOUT_L3PROTO, htons(pol ? pol->l3 : r->family));
	mnl_attr_put_u8(nlh, CTA_TIMEOUT_L4PROTO, p->l4);
	if (pol)
		mnl_attr_put_u32(nlh, CTA_TIMEOUT_USE, htonl(pol->use));
	n = mnl_attr_nest_start(nlh, CTA_TIMEOUT_DATA);
	for (i = 0; i < p->n; i++)
		mnl_attr_put_u32(nlh, i + 1, htonl(t[i]));
	mnl_attr_nest_end(nlh, n);
	return nlh;
}

static struct policy *find(const char *name)
{
	struct policy *p;

	for (p = policies; p; p = p->next)
		if (!strncmp(p->name, name, NAME_MAX_LEN))
			return p;
	return NULL;
}

/* NLA_NUL_STRING of at most 31 characters */
static int name_of(struct nlattr *a, char *out)
{
	size_t len = mnl_attr_get_payload_len(a);

	if (!len || len > NAME_MAX_LEN)
		return -ERANGE;
	memcpy(out, mnl_attr_get_payload(a), len);
	out[len] = '\0';
	return 0;
}

static int to_new(struct req *r, struct nlattr **tb)
{
	struct policy *pol, **pp;
	const struct proto *p;
	char name[NAME_MAX_LEN + 1];
	uint16_t l3;
	uint8_t l4;
	int err;

	if (!tb[CTA_TIMEOUT_NAME] || !tb[CTA_TIMEOUT_L3PROTO] ||
	    !tb[CTA_TIMEOUT_L4PROTO] || !tb[CTA_TIMEOUT_DATA])
		return -EINVAL;
	if ((err = name_of(tb[CTA_TIMEOUT_NAME], name)))
		return err;
	if (!attr_ok(tb[CTA_TIMEOUT_L3PROTO], 2) || !attr_ok(tb[CTA_TIMEOUT_L4PROTO], 1))
		return -ERANGE;
	l3 = ntohs(mnl_attr_get_u16(tb[CTA_TIMEOUT_L3PROTO]));
	l4 = mnl_attr_get_u8(tb[CTA_TIMEOUT_L4PROTO]);
	pol = find(name);
	if (pol) {
		if (r->nlh->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		if (!(r->nlh->nlmsg_flags & NLM_F_REPLACE))
			return -EBUSY;
		if (pol->l3 != l3 || pol->l4 != l4)
			return -EINVAL;
		return parse_policy(find_proto(l4), pol->t, tb[CTA_TIMEOUT_DATA]);
	}
	p = find_proto(l4);
	if (!p)
		return -EOPNOTSUPP;	/* falls to the generic tracker */
	pol = calloc(1, sizeof(*pol));
	if (!pol)
		return -ENOMEM;
	if ((err = parse_policy(p, pol->t, tb[CTA_TIMEOUT_DATA]))) {
		free(pol);
		return err;
	}
	strcpy(pol->name, name);
	pol->l3 = l3;
	pol->l4 = l4;
	pol->use = 1;
	for (pp = &policies; *pp; pp = &(*pp)->next)
		;
	*pp = pol;
	return 0;
}

static int to_get(struct req *r, struct nlattr **tb)
{
	char buf[GOODSIZE], name[NAME_MAX_LEN + 1];
	struct policy *pol;
	int err;

	if (r->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct dump d;

		dump_begin(&d, r);
		for (pol = policies; pol; pol = pol->next)
			dump_add(&d, fill(buf, r, pol, find_proto(pol->l4),
					  IPCTNL_MSG_TIMEOUT_NEW, NLM_F_MULTI));
		dump_end(&d);
		return ANSWERED;
	}
	if (!tb[CTA_TIMEOUT_NAME])
		return -EINVAL;
	if ((err = name_of(tb[CTA_TIMEOUT_NAME], name)))
		return err;
	pol = find(name);
	if (!pol)
		return -ENOENT;
	reply_unicast(r, fill(buf, r, pol, find_proto(pol->l4), IPCTNL_MSG_TIMEOUT_NEW,
			      NLM_F_MULTI));
	return 0;
}

static void unlink_policy(struct policy *victim)
{
	struct policy **pp;

	for (pp = &policies; *pp; pp = &(*pp)->next)
		if (*pp == victim) {
			*pp = victim->next;
			free(victim);
			return;
		}
}

static int to_delete(struct req *r, struct nlattr **tb)
{
	char name[NAME_MAX_LEN + 1];
	struct policy *pol, *next;
	int err;

	if (!tb[CTA_TIMEOUT_NAME]) {
		for (pol = policies; pol; pol = next) {
			next = pol->next;
			if (pol->use == 1)
				unlink_policy(pol);
		}
		return 0;
	}
	if ((err = name_of(tb[CTA_TIMEOUT_NAME], name)))
		return err;
	pol = find(name);
	if (!pol)
		return -ENOENT;
	if (pol->use != 1)
		return -EBUSY;
	unlink_policy(pol);
	return 0;
}

static int l3_l4(struct nlattr **tb, struct proto **p)
{
	uint16_t l3;

	if (!tb[CTA_TIMEOUT_L3PROTO] || !tb[CTA_TIMEOUT_L4PROTO])
		return -EINVAL;
	if (!attr_ok(tb[CTA_TIMEOUT_L3PROTO], 2) || !attr_ok(tb[CTA_TIMEOUT_L4PROTO], 1))
		return -ERANGE;
	l3 = ntohs(mnl_attr_get_u16(tb[CTA_TIMEOUT_L3PROTO]));
	(void)l3;
	*p = find_proto(mnl_attr_get_u8(tb[CTA_TIMEOUT_L4PROTO]));
	if (!*p)
		return -EOPNOTSUPP;
	return 0;
}

/* Defaults are per network namespace: changing them changes the table
 * every later policy starts from. */
static int to_default_set(struct req *r, struct nlattr **tb)
{
	struct proto *p;
	uint32_t t[MAX_STATES];
	int err;

	if (!tb[CTA_TIMEOUT_DATA])
		return -EINVAL;
	if ((err = l3_l4(tb, &p)) || (err = parse_policy(p, t, tb[CTA_TIMEOUT_DATA])))
		return err;
	memcpy(p->def, t, sizeof(t));
	return 0;
}

static int to_default_get(struct req *r, struct nlattr **tb)
{
	char buf[GOODSIZE];
	struct proto *p;
	struct req r2 = *r;
	int err;

	if ((err = l3_l4(tb, &p)))
		return err;
	r2.family = (uint8_t)ntohs(mnl_attr_get_u16(tb[CTA_TIMEOUT_L3PROTO]));
	/* sic: the kernel answers with the DEFAULT_SET type, as a multipart */
	reply_unicast(r, fill(buf, &r2, NULL, p, IPCTNL_MSG_TIMEOUT_DEFAULT_SET, NLM_F_MULTI));
	return 0;
}

static const msg_handler handlers[] = {
	[IPCTNL_MSG_TIMEOUT_NEW] = to_new,
	[IPCTNL_MSG_TIMEOUT_GET] = to_get,
	[IPCTNL_MSG_TIMEOUT_DELETE] = to_delete,
	[IPCTNL_MSG_TIMEOUT_DEFAULT_SET] = to_default_set,
	[IPCTNL_MSG_TIMEOUT_DEFAULT_GET] = to_default_get,
};

const struct subsys ss_timeout = {
	.name = "timeout",
	.attr_max = CTA_TIMEOUT_MAX,
	.nmsg = sizeof(handlers) / sizeof(handlers[0]),
	.handlers = handlers,
};
