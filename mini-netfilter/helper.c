/* cthelper (subsystem 9): user-space helper definitions, as
 * nfnetlink_cthelper keeps them (the kernel here has none of its own). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink_cthelper.h>

#include "srv.h"
#include "ct_srv.h"

#define NAME_LEN	16	/* NF_CT_HELPER_NAME_LEN */
#define MAX_CLASSES	4	/* NF_CT_MAX_EXPECT_CLASSES */
#define MAX_EXPECT	255	/* NF_CT_EXPECT_MAX_CNT */
#define MAX_PRIV	256

struct expect_policy {
	char name[NAME_LEN];
	uint32_t max, timeout;
};

struct helper {
	struct helper *next;
	char name[NAME_LEN];
	uint16_t l3;
	uint8_t l4;
	uint32_t queue, priv_len, status, nclasses;
	struct expect_policy pol[MAX_CLASSES];
};

static struct helper *helpers;

static int get_name(const struct nlattr *a, char *out)
{
	size_t len = mnl_attr_get_payload_len(a);

	if (!len || len > NAME_LEN)
		return -ERANGE;
	memcpy(out, mnl_attr_get_payload(a), len);
	out[len < NAME_LEN ? len : NAME_LEN - 1] = '\0';
	return 0;
}

static int parse_helper_tuple(const struct nlattr *a, uint16_t *l3, uint8_t *l4)
{
	struct nlattr *tb[NFCTH_TUPLE_MAX + 1];

	if (parse_nested(a, tb, NFCTH_TUPLE_MAX) < 0)
		return -EINVAL;
	if (!tb[NFCTH_TUPLE_L3PROTONUM] || !tb[NFCTH_TUPLE_L4PROTONUM])
		return -EINVAL;
	if (!attr_ok(tb[NFCTH_TUPLE_L3PROTONUM], 2) || !attr_ok(tb[NFCTH_TUPLE_L4PROTONUM], 1))
		return -ERANGE;
	*l3 = ntohs(mnl_attr_get_u16(tb[NFCTH_TUPLE_L3PROTONUM]));
	*l4 = mnl_attr_get_u8(tb[NFCTH_TUPLE_L4PROTONUM]);
	return 0;
}

static uint32_t be32(const struct nlattr *a)
{
	return ntohl(mnl_attr_get_u32(a));
}

static int parse_policies(const struct nlattr *a, struct helper *h)
{
	struct nlattr *tb[NFCTH_POLICY_SET_MAX + 1], *pt[NFCTH_POLICY_MAX + 1];
	struct expect_policy pol[MAX_CLASSES];
	uint32_t n, i;
	int err;

	if (parse_nested(a, tb, NFCTH_POLICY_SET_MAX) < 0)
		return -EINVAL;
	if (!attr_ok(tb[NFCTH_POLICY_SET_NUM], 4))
		return -EINVAL;
	n = be32(tb[NFCTH_POLICY_SET_NUM]);
	if (n == 0 || n > MAX_CLASSES)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!tb[NFCTH_POLICY_SET + i])
			return -EINVAL;
		if (parse_nested(tb[NFCTH_POLICY_SET + i], pt, NFCTH_POLICY_MAX) < 0)
			return -EINVAL;
		if (!pt[NFCTH_POLICY_NAME] || !attr_ok(pt[NFCTH_POLICY_EXPECT_MAX], 4) ||
		    !attr_ok(pt[NFCTH_POLICY_EXPECT_TIMEOUT], 4))
			return -EINVAL;
		if ((err = get_name(pt[NFCTH_POLICY_NAME], pol[i].name)))
			return err;
		pol[i].max = be32(pt[NFCTH_POLICY_EXPECT_MAX]);
		if (pol[i].max > MAX_EXPECT)
			return -EINVAL;
		pol[i].timeout = be32(pt[NFCTH_POLICY_EXPECT_TIMEOUT]);
	}
	h->nclasses = n;
	memcpy(h->pol, pol, sizeof(pol[0]) * n);
	return 0;
}

static int set_status(struct helper *h, const struct nlattr *a)
{
	uint32_t s;

	if (!attr_ok(a, 4))
		return -ERANGE;
	s = be32(a);
	if (s != NFCT_HELPER_STATUS_ENABLED && s != NFCT_HELPER_STATUS_DISABLED)
		return -EINVAL;
	h->status = s;
	return 0;
}

static int create(struct nlattr **tb, const char *name, uint16_t l3, uint8_t l4)
{
	struct helper *h, **pp;
	int err;

	if (!tb[NFCTH_TUPLE] || !tb[NFCTH_POLICY] || !tb[NFCTH_PRIV_DATA_LEN])
		return -EINVAL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	strcpy(h->name, name);
	h->l3 = l3;
	h->l4 = l4;
	if (!attr_ok(tb[NFCTH_PRIV_DATA_LEN], 4)) {
		err = -ERANGE;
		goto fail;
	}
	h->priv_len = be32(tb[NFCTH_PRIV_DATA_LEN]);
	if (h->priv_len > MAX_PRIV) {
		err = -ENOMEM;
		goto fail;
	}
	if ((err = parse_policies(tb[NFCTH_POLICY], h)))
		goto fail;
	if (tb[NFCTH_QUEUE_NUM]) {
		if (!attr_ok(tb[NFCTH_QUEUE_NUM], 4)) {
			err = -ERANGE;
			goto fail;
		}
		h->queue = be32(tb[NFCTH_QUEUE_NUM]);
	}
	if (tb[NFCTH_STATUS] && (err = set_status(h, tb[NFCTH_STATUS])))
		goto fail;
	for (pp = &helpers; *pp; pp = &(*pp)->next)
		;
	*pp = h;
	return 0;
fail:
	free(h);
	return err;
}

static int update(struct nlattr **tb, struct helper *h)
{
	struct helper tmp = *h;
	int err;

	if (tb[NFCTH_PRIV_DATA_LEN])
		return -EBUSY;
	if (tb[NFCTH_POLICY] && (err = parse_policies(tb[NFCTH_POLICY], &tmp)))
		return err;
	if (tb[NFCTH_QUEUE_NUM]) {
		if (!attr_ok(tb[NFCTH_QUEUE_NUM], 4))
			return -ERANGE;
		tmp.queue = be32(tb[NFCTH_QUEUE_NUM]);
	}
	if (tb[NFCTH_STATUS] && (err = set_status(&tmp, tb[NFCTH_STATUS])))
		return err;
	*h = tmp;
	return 0;
}

bool helper_find(const char *name, uint16_t l3, uint8_t l4,
		 struct helper_policy *out)
{
	struct helper *h;
	uint32_t i;

	for (h = helpers; h; h = h->next) {
		if (strncmp(h->name, name, NAME_LEN) || h->l3 != l3 || h->l4 != l4)
			continue;
		if (out) {
			out->nclasses = h->nclasses;
			out->priv_len = h->priv_len;
			out->queue = h->queue;
			for (i = 0; i < h->nclasses; i++) {
				out->max[i] = h->pol[i].max;
				out->timeout[i] = h->pol[i].timeout;
			}
		}
		return true;
	}
	return false;
}

static int h_new(struct req *r, struct nlattr **tb)
{
	char name[NAME_LEN + 1];
	struct helper *h;
	uint16_t l3;
	uint8_t l4;
	int err;

	if (!tb[NFCTH_NAME] || !tb[NFCTH_TUPLE])
		return -EINVAL;
	if ((err = get_name(tb[NFCTH_NAME], name)) ||
	    (err = parse_helper_tuple(tb[NFCTH_TUPLE], &l3, &l4)))
		return err;
	for (h = helpers; h; h = h->next) {
		if (strncmp(h->name, name, NAME_LEN) || h->l3 != l3 || h->l4 != l4)
			continue;
		if (r->nlh->nlmsg_flags & NLM_F_EXCL)
			return -EEXIST;
		return update(tb, h);
	}
	return create(tb, name, l3, l4);
}

static struct nlmsghdr *fill(void *buf, struct req *r, const struct helper *h)
{
	struct nlmsghdr *nlh = msg_start(buf, NFNL_SUBSYS_CTHELPER << 8 | NFNL_MSG_CTHELPER_NEW,
					 NLM_F_MULTI, r->nlh->nlmsg_seq, r->c->portid,
					 AF_UNSPEC, 0);
	struct nlattr *n, *m;
	uint32_t i;

	mnl_attr_put_strz(nlh, NFCTH_NAME, h->name);
	mnl_attr_put_u32(nlh, NFCTH_QUEUE_NUM, htonl(h->queue));
	n = mnl_attr_nest_start(nlh, NFCTH_TUPLE);
	mnl_attr_put_u16(nlh, NFCTH_TUPLE_L3PROTONUM, htons(h->l3));
	mnl_attr_put_u8(nlh, NFCTH_TUPLE_L4PROTONUM, h->l4);
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, NFCTH_POLICY);
	mnl_attr_put_u32(nlh, NFCTH_POLICY_SET_NUM, htonl(h->nclasses));
	for (i = 0; i < h->nclasses; i++) {
		m = mnl_attr_nest_start(nlh, NFCTH_POLICY_SET + i);
		mnl_attr_put_strz(nlh, NFCTH_POLICY_NAME, h->pol[i].name);
		mnl_attr_put_u32(nlh, NFCTH_POLICY_EXPECT_MAX, htonl(h->pol[i].max));
		mnl_attr_put_u32(nlh, NFCTH_POLICY_EXPECT_TIMEOUT, htonl(h->pol[i].timeout));
		mnl_attr_nest_end(nlh, m);
	}
	mnl_attr_nest_end(nlh, n);
	mnl_attr_put_u32(nlh, NFCTH_PRIV_DATA_LEN, htonl(h->priv_len));
	mnl_attr_put_u32(nlh, NFCTH_STATUS, htonl(h->status));
	return nlh;
}

static int h_get(struct req *r, struct nlattr **tb)
{
	char buf[GOODSIZE], name[NAME_LEN + 1];
	struct helper *h;
	bool tuple_set = false;
	uint16_t l3 = 0;
	uint8_t l4 = 0;
	int err;

	if (r->nlh->nlmsg_flags & NLM_F_DUMP) {
		struct dump d;

		dump_begin(&d, r);
		for (h = helpers; h; h = h->next)
			dump_add(&d, fill(buf, r, h));
		dump_end(&d);
		return ANSWERED;
	}
	name[0] = '\0';
	if (tb[NFCTH_NAME] && (err = get_name(tb[NFCTH_NAME], name)))
		return err;
	if (tb[NFCTH_TUPLE]) {
		if ((err = parse_helper_tuple(tb[NFCTH_TUPLE], &l3, &l4)))
			return err;
		tuple_set = true;
	}
	for (h = helpers; h; h = h->next) {
		if (tb[NFCTH_NAME] && strncmp(h->name, name, NAME_LEN))
			continue;
		if (tuple_set && (h->l3 != l3 || h->l4 != l4))
			continue;
		reply_unicast(r, fill(buf, r, h));
		return 0;
	}
	return -ENOENT;
}

static int h_del(struct req *r, struct nlattr **tb)
{
	char name[NAME_LEN + 1];
	struct helper **pp;
	bool tuple_set = false, found = false;
	uint16_t l3 = 0;
	uint8_t l4 = 0;
	int err, seen = 0;

	if (tb[NFCTH_NAME] && (err = get_name(tb[NFCTH_NAME], name)))
		return err;
	if (tb[NFCTH_TUPLE]) {
		if ((err = parse_helper_tuple(tb[NFCTH_TUPLE], &l3, &l4)))
			return err;
		tuple_set = true;
	}
	pp = &helpers;
	while (*pp) {
		struct helper *h = *pp;

		seen++;
		if ((tb[NFCTH_NAME] && strncmp(h->name, name, NAME_LEN)) ||
		    (tuple_set && (h->l3 != l3 || h->l4 != l4))) {
			pp = &h->next;
			continue;
		}
		*pp = h->next;
		free(h);
		found = true;
	}
	/* flushing an empty table is fine */
	return found || !seen ? 0 : -ENOENT;
}

static const msg_handler handlers[] = {
	[NFNL_MSG_CTHELPER_NEW] = h_new,
	[NFNL_MSG_CTHELPER_GET] = h_get,
	[NFNL_MSG_CTHELPER_DEL] = h_del,
};

const struct subsys ss_helper = {
	.name = "helper",
	.attr_max = NFCTH_MAX,
	.nmsg = sizeof(handlers) / sizeof(handlers[0]),
	.handlers = handlers,
};
