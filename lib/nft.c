#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nf_nat.h>
#include <linux/netfilter/nf_tables_compat.h>

#include "nft.h"
#include "util.h"

/* Any one message we build fits in this (rules are a few hundred bytes). */
#define NFT_MSG_ROOM	8192
/* How long the kernel may take to answer a transaction. */
#define NFT_ACK_TIMEOUT_MS	10000

static void *txn_room(struct nft_txn *t)
{
	if (t->cap - t->len < NFT_MSG_ROOM) {
		t->cap = t->cap * 2 + NFT_MSG_ROOM;
		t->buf = xrealloc(t->buf, t->cap);
	}
	/* older libmnl leaves attribute padding as it finds it */
	memset(t->buf + t->len, 0, NFT_MSG_ROOM);
	return t->buf + t->len;
}

/* The message started at the tail is complete: keep it. */
static void txn_close(struct nft_txn *t)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(t->buf + t->len);

	t->len += MNL_ALIGN(nlh->nlmsg_len);
}

static void txn_batch_msg(struct nft_txn *t, int type)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(txn_room(t));
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = AF_UNSPEC;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(NFNL_SUBSYS_NFTABLES);
	txn_close(t);
}

void nft_txn_begin(struct nft_txn *t, struct nl *nl)
{
	memset(t, 0, sizeof(*t));
	t->nl = nl;
	t->err_index = -1;
	txn_batch_msg(t, NFNL_MSG_BATCH_BEGIN);
}

void nft_txn_begin_gen(struct nft_txn *t, struct nl *nl, uint32_t genid)
{
	struct nlmsghdr *nlh;

	nft_txn_begin(t, nl);
	/* BATCH_BEGIN is the only message so far: it can still grow. */
	nlh = (struct nlmsghdr *)t->buf;
	mnl_attr_put_u32(nlh, NFNL_BATCH_GENID, htonl(genid));
	t->len = MNL_ALIGN(nlh->nlmsg_len);
}

/* A message is built at the tail and kept when the next one starts or
 * the transaction is committed: t->len points past the last complete one. */
static void txn_flush_open(struct nft_txn *t)
{
	if (t->open) {
		txn_close(t);
		t->open = NULL;
	}
}

struct nlmsghdr *nft_txn_msg(struct nft_txn *t, int type, uint16_t flags,
			     uint8_t family)
{
	txn_flush_open(t);
	t->open = nfnl_msg(txn_room(t), NFNL_SUBSYS_NFTABLES, type,
			   flags | NLM_F_ACK, family);
	t->count++;
	return t->open;
}

void nft_txn_free(struct nft_txn *t)
{
	free(t->buf);
	t->buf = NULL;
	t->open = NULL;
}

/* Read ACKs until every message has one.  The kernel answers each message
 * of a batch that asked for it, also when it throws the batch away. */
static int txn_wait_acks(struct nft_txn *t)
{
	struct nl *nl = t->nl;
	struct pollfd pfd = { .fd = mnl_socket_get_fd(nl->sk), .events = POLLIN };
	unsigned int acked = 0;
	int first = 0;

	while (acked < t->count) {
		const struct nlmsghdr *nlh;
		ssize_t n;
		int rest;

		if (poll(&pfd, 1, NFT_ACK_TIMEOUT_MS) <= 0)
			return first ? first : -ETIMEDOUT;
		n = mnl_socket_recvfrom(nl->sk, nl->buf, nl->bufsz);
		if (n < 0)
			return -errno;
		rest = n;
		for (nlh = (const struct nlmsghdr *)nl->buf; mnl_nlmsg_ok(nlh, rest);
		     nlh = mnl_nlmsg_next(nlh, &rest)) {
			uint32_t idx = nlh->nlmsg_seq - t->first_seq;
			int err;

			if (nlh->nlmsg_type != NLMSG_ERROR || idx > t->count)
				continue;
			err = nl_msg_error(nl, nlh);
			/* The batch header itself refused: nothing else comes. */
			if (idx == 0)
				return err ? err : -EPROTO;
			if (err && !first) {
				first = err;
				t->err_index = idx - 1;
			}
			acked++;
		}
	}
	return first;
}

void nft_txn_seal(struct nft_txn *t)
{
	struct nlmsghdr *nlh;
	size_t off;

	txn_flush_open(t);
	txn_batch_msg(t, NFNL_MSG_BATCH_END);
	t->first_seq = t->nl->seq;
	for (off = 0; off < t->len; off += MNL_ALIGN(nlh->nlmsg_len)) {
		nlh = (struct nlmsghdr *)(t->buf + off);
		nlh->nlmsg_seq = t->nl->seq++;
	}
}

int nft_txn_commit(struct nft_txn *t)
{
	int ret;

	nft_txn_seal(t);
	t->nl->ext_msg[0] = '\0';
	if (mnl_socket_sendto(t->nl->sk, t->buf, t->len) < 0)
		ret = -errno;
	else
		ret = txn_wait_acks(t);
	nft_txn_free(t);
	return ret;
}

static void put_strz(struct nlmsghdr *nlh, uint16_t type, const char *s)
{
	mnl_attr_put_strz(nlh, type, s);
}

void nft_add_table(struct nft_txn *t, uint8_t family, const char *name,
		   const void *udata, size_t udlen)
{
	struct nlmsghdr *nlh = nft_txn_msg(t, NFT_MSG_NEWTABLE, NLM_F_CREATE, family);

	put_strz(nlh, NFTA_TABLE_NAME, name);
	mnl_attr_put_u32(nlh, NFTA_TABLE_FLAGS, 0);
	if (udata && udlen)
		mnl_attr_put(nlh, NFTA_TABLE_USERDATA, udlen, udata);
}

void nft_del_table(struct nft_txn *t, uint8_t family, const char *name)
{
	struct nlmsghdr *nlh = nft_txn_msg(t, NFT_MSG_DELTABLE, 0, family);

	put_strz(nlh, NFTA_TABLE_NAME, name);
}

void nft_add_chain(struct nft_txn *t, uint8_t family, const char *table,
		   const char *name, const char *type, int hook, int prio)
{
	struct nlmsghdr *nlh = nft_txn_msg(t, NFT_MSG_NEWCHAIN, NLM_F_CREATE, family);
	struct nlattr *nest;

	put_strz(nlh, NFTA_CHAIN_TABLE, table);
	put_strz(nlh, NFTA_CHAIN_NAME, name);
	if (hook < 0)
		return;
	nest = mnl_attr_nest_start(nlh, NFTA_CHAIN_HOOK);
	mnl_attr_put_u32(nlh, NFTA_HOOK_HOOKNUM, htonl(hook));
	mnl_attr_put_u32(nlh, NFTA_HOOK_PRIORITY, htonl((uint32_t)prio));
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_put_u32(nlh, NFTA_CHAIN_POLICY, htonl(NF_ACCEPT));
	put_strz(nlh, NFTA_CHAIN_TYPE, type);
}

void nft_del_rule(struct nft_txn *t, uint8_t family, const char *table,
		  const char *chain, uint64_t handle)
{
	struct nlmsghdr *nlh = nft_txn_msg(t, NFT_MSG_DELRULE, 0, family);

	put_strz(nlh, NFTA_RULE_TABLE, table);
	put_strz(nlh, NFTA_RULE_CHAIN, chain);
	mnl_attr_put_u64(nlh, NFTA_RULE_HANDLE, htobe64(handle));
}

/* The expression list stays open until nft_rule_end(); its nest is found
 * again from the message, so callers carry only nlh. */
static struct nlattr *rule_exprs(struct nlmsghdr *nlh)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct nfgenmsg))
		if (mnl_attr_get_type(a) == NFTA_RULE_EXPRESSIONS)
			return a;
	return NULL;
}

struct nlmsghdr *nft_rule_begin(struct nft_txn *t, uint8_t family,
				const char *table, const char *chain,
				const void *udata, size_t udlen)
{
	struct nlmsghdr *nlh = nft_txn_msg(t, NFT_MSG_NEWRULE,
					   NLM_F_CREATE | NLM_F_APPEND, family);

	put_strz(nlh, NFTA_RULE_TABLE, table);
	put_strz(nlh, NFTA_RULE_CHAIN, chain);
	if (udata && udlen)
		mnl_attr_put(nlh, NFTA_RULE_USERDATA, udlen, udata);
	/* An empty length for now, so rule_exprs() can walk past it. */
	mnl_attr_nest_start(nlh, NFTA_RULE_EXPRESSIONS)->nla_len = MNL_ATTR_HDRLEN;
	return nlh;
}

void nft_rule_end(struct nlmsghdr *nlh)
{
	mnl_attr_nest_end(nlh, rule_exprs(nlh));
}

static struct nlattr *expr_start(struct nlmsghdr *nlh, const char *name,
				 struct nlattr **data)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, NFTA_LIST_ELEM);

	put_strz(nlh, NFTA_EXPR_NAME, name);
	*data = mnl_attr_nest_start(nlh, NFTA_EXPR_DATA);
	return e;
}

static void expr_end(struct nlmsghdr *nlh, struct nlattr *e, struct nlattr *data)
{
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, e);
}

static void put_be32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	mnl_attr_put_u32(nlh, type, htonl(v));
}

/* nft_data: a nest holding NFTA_DATA_VALUE. */
static void put_data(struct nlmsghdr *nlh, uint16_t type, const void *v, size_t len)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, NFTA_DATA_VALUE, len, v);
	mnl_attr_nest_end(nlh, n);
}

void nft_expr_meta(struct nlmsghdr *nlh, uint32_t key, uint32_t dreg)
{
	struct nlattr *d, *e = expr_start(nlh, "meta", &d);

	put_be32(nlh, NFTA_META_KEY, key);
	put_be32(nlh, NFTA_META_DREG, dreg);
	expr_end(nlh, e, d);
}

void nft_expr_meta_set(struct nlmsghdr *nlh, uint32_t key, uint32_t sreg)
{
	struct nlattr *d, *e = expr_start(nlh, "meta", &d);

	put_be32(nlh, NFTA_META_KEY, key);
	put_be32(nlh, NFTA_META_SREG, sreg);
	expr_end(nlh, e, d);
}

void nft_expr_ct(struct nlmsghdr *nlh, uint32_t key, uint32_t dreg, int dir)
{
	struct nlattr *d, *e = expr_start(nlh, "ct", &d);

	put_be32(nlh, NFTA_CT_KEY, key);
	put_be32(nlh, NFTA_CT_DREG, dreg);
	if (dir >= 0)
		mnl_attr_put_u8(nlh, NFTA_CT_DIRECTION, dir);
	expr_end(nlh, e, d);
}

void nft_expr_cmp(struct nlmsghdr *nlh, uint32_t sreg, uint32_t op,
		  const void *data, size_t len)
{
	struct nlattr *d, *e = expr_start(nlh, "cmp", &d);

	put_be32(nlh, NFTA_CMP_SREG, sreg);
	put_be32(nlh, NFTA_CMP_OP, op);
	put_data(nlh, NFTA_CMP_DATA, data, len);
	expr_end(nlh, e, d);
}

void nft_expr_bitwise(struct nlmsghdr *nlh, uint32_t reg, const void *mask,
		      const void *xor, size_t len)
{
	struct nlattr *d, *e = expr_start(nlh, "bitwise", &d);

	put_be32(nlh, NFTA_BITWISE_SREG, reg);
	put_be32(nlh, NFTA_BITWISE_DREG, reg);
	put_be32(nlh, NFTA_BITWISE_LEN, len);
	put_data(nlh, NFTA_BITWISE_MASK, mask, len);
	put_data(nlh, NFTA_BITWISE_XOR, xor, len);
	expr_end(nlh, e, d);
}

/* Load (reg_attr NFTA_PAYLOAD_DREG) or store (NFTA_PAYLOAD_SREG). */
static void payload(struct nlmsghdr *nlh, uint16_t reg_attr, uint32_t reg,
		    uint32_t base, uint32_t off, uint32_t len)
{
	struct nlattr *d, *e = expr_start(nlh, "payload", &d);

	put_be32(nlh, reg_attr, reg);
	put_be32(nlh, NFTA_PAYLOAD_BASE, base);
	put_be32(nlh, NFTA_PAYLOAD_OFFSET, off);
	put_be32(nlh, NFTA_PAYLOAD_LEN, len);
	/* A store fixes no checksum: used on ARP, which has none. */
	if (reg_attr == NFTA_PAYLOAD_SREG) {
		put_be32(nlh, NFTA_PAYLOAD_CSUM_TYPE, NFT_PAYLOAD_CSUM_NONE);
		put_be32(nlh, NFTA_PAYLOAD_CSUM_OFFSET, 0);
	}
	expr_end(nlh, e, d);
}

void nft_expr_payload(struct nlmsghdr *nlh, uint32_t base, uint32_t off,
		      uint32_t len, uint32_t dreg)
{
	payload(nlh, NFTA_PAYLOAD_DREG, dreg, base, off, len);
}

void nft_expr_payload_set(struct nlmsghdr *nlh, uint32_t base, uint32_t off,
			  uint32_t len, uint32_t sreg)
{
	payload(nlh, NFTA_PAYLOAD_SREG, sreg, base, off, len);
}

void nft_expr_jhash(struct nlmsghdr *nlh, uint32_t sreg, uint32_t dreg,
		    uint32_t len, uint32_t modulus, uint32_t seed)
{
	struct nlattr *d, *e = expr_start(nlh, "hash", &d);

	put_be32(nlh, NFTA_HASH_SREG, sreg);
	put_be32(nlh, NFTA_HASH_DREG, dreg);
	put_be32(nlh, NFTA_HASH_LEN, len);
	put_be32(nlh, NFTA_HASH_MODULUS, modulus);
	put_be32(nlh, NFTA_HASH_SEED, seed);
	put_be32(nlh, NFTA_HASH_OFFSET, 0);
	put_be32(nlh, NFTA_HASH_TYPE, NFT_HASH_JENKINS);
	expr_end(nlh, e, d);
}

void nft_expr_imm(struct nlmsghdr *nlh, uint32_t dreg, const void *data,
		  size_t len)
{
	struct nlattr *d, *e = expr_start(nlh, "immediate", &d);

	put_be32(nlh, NFTA_IMMEDIATE_DREG, dreg);
	put_data(nlh, NFTA_IMMEDIATE_DATA, data, len);
	expr_end(nlh, e, d);
}

void nft_expr_verdict(struct nlmsghdr *nlh, int code, const char *chain)
{
	struct nlattr *d, *e = expr_start(nlh, "immediate", &d);
	struct nlattr *data, *v;

	put_be32(nlh, NFTA_IMMEDIATE_DREG, NFT_REG_VERDICT);
	data = mnl_attr_nest_start(nlh, NFTA_IMMEDIATE_DATA);
	v = mnl_attr_nest_start(nlh, NFTA_DATA_VERDICT);
	put_be32(nlh, NFTA_VERDICT_CODE, (uint32_t)code);
	if (chain)
		put_strz(nlh, NFTA_VERDICT_CHAIN, chain);
	mnl_attr_nest_end(nlh, v);
	mnl_attr_nest_end(nlh, data);
	expr_end(nlh, e, d);
}

void nft_expr_counter(struct nlmsghdr *nlh)
{
	struct nlattr *d, *e = expr_start(nlh, "counter", &d);

	mnl_attr_put_u64(nlh, NFTA_COUNTER_PACKETS, 0);
	mnl_attr_put_u64(nlh, NFTA_COUNTER_BYTES, 0);
	expr_end(nlh, e, d);
}

void nft_expr_log(struct nlmsghdr *nlh, const char *prefix)
{
	struct nlattr *d, *e = expr_start(nlh, "log", &d);

	put_strz(nlh, NFTA_LOG_PREFIX, prefix);
	expr_end(nlh, e, d);
}

void nft_expr_snat(struct nlmsghdr *nlh, uint8_t family, uint32_t reg,
		   uint32_t reg_port_min, uint32_t reg_port_max)
{
	struct nlattr *d, *e = expr_start(nlh, "nat", &d);

	put_be32(nlh, NFTA_NAT_TYPE, NFT_NAT_SNAT);
	put_be32(nlh, NFTA_NAT_FAMILY, family);
	put_be32(nlh, NFTA_NAT_REG_ADDR_MIN, reg);
	put_be32(nlh, NFTA_NAT_REG_ADDR_MAX, reg);
	if (reg_port_min) {
		put_be32(nlh, NFTA_NAT_REG_PROTO_MIN, reg_port_min);
		put_be32(nlh, NFTA_NAT_REG_PROTO_MAX, reg_port_max);
		put_be32(nlh, NFTA_NAT_FLAGS, NF_NAT_RANGE_PROTO_SPECIFIED);
	}
	expr_end(nlh, e, d);
}

void nft_expr_xt_match(struct nlmsghdr *nlh, const char *name, uint32_t rev,
		       const void *info, size_t len)
{
	struct nlattr *d, *e = expr_start(nlh, "match", &d);

	put_strz(nlh, NFTA_MATCH_NAME, name);
	put_be32(nlh, NFTA_MATCH_REV, rev);
	mnl_attr_put(nlh, NFTA_MATCH_INFO, len, info);
	expr_end(nlh, e, d);
}

/* Reading back ---------------------------------------------------------- */

struct rule_dump {
	void (*cb)(const struct nft_rule_info *, void *);
	void *data;
};

static int parse_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	/* every table here is sized for the largest type we look at */
	if (type > 16)
		return MNL_CB_OK;
	tb[type] = a;
	return MNL_CB_OK;
}

/* The first counter among a rule's expressions. */
static void rule_counter(const struct nlattr *exprs, struct nft_rule_info *r)
{
	const struct nlattr *e;

	mnl_attr_for_each_nested(e, exprs) {
		const struct nlattr *te[17] = { 0 }, *tc[17] = { 0 };

		if (mnl_attr_parse_nested(e, parse_attr_cb, te) < 0 ||
		    !te[NFTA_EXPR_NAME] || !te[NFTA_EXPR_DATA] ||
		    mnl_attr_validate(te[NFTA_EXPR_NAME], MNL_TYPE_NUL_STRING) < 0 ||
		    strcmp(mnl_attr_get_str(te[NFTA_EXPR_NAME]), "counter"))
			continue;
		if (mnl_attr_parse_nested(te[NFTA_EXPR_DATA], parse_attr_cb, tc) < 0)
			continue;
		if (tc[NFTA_COUNTER_PACKETS] &&
		    mnl_attr_validate(tc[NFTA_COUNTER_PACKETS], MNL_TYPE_U64) == 0)
			r->packets = be64toh(mnl_attr_get_u64(tc[NFTA_COUNTER_PACKETS]));
		if (tc[NFTA_COUNTER_BYTES] &&
		    mnl_attr_validate(tc[NFTA_COUNTER_BYTES], MNL_TYPE_U64) == 0)
			r->bytes = be64toh(mnl_attr_get_u64(tc[NFTA_COUNTER_BYTES]));
		r->has_counter = 1;
		return;
	}
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rule_dump *d = data;
	const struct nlattr *tb[17] = { 0 };
	struct nft_rule_info r = { 0 };

	if (mnl_attr_parse(nlh, sizeof(struct nfgenmsg), parse_attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	if (!tb[NFTA_RULE_HANDLE] ||
	    mnl_attr_validate(tb[NFTA_RULE_HANDLE], MNL_TYPE_U64) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	r.handle = be64toh(mnl_attr_get_u64(tb[NFTA_RULE_HANDLE]));
	if (tb[NFTA_RULE_USERDATA]) {
		r.udata = mnl_attr_get_payload(tb[NFTA_RULE_USERDATA]);
		r.udlen = mnl_attr_get_payload_len(tb[NFTA_RULE_USERDATA]);
	}
	if (tb[NFTA_RULE_EXPRESSIONS])
		rule_counter(tb[NFTA_RULE_EXPRESSIONS], &r);
	d->cb(&r, d->data);
	return MNL_CB_OK;
}

int nft_rule_dump(struct nl *nl, uint8_t family, const char *table,
		  const char *chain,
		  void (*cb)(const struct nft_rule_info *, void *), void *data)
{
	char buf[512] = { 0 };
	struct nlmsghdr *nlh;
	struct rule_dump d = { cb, data };
	size_t len;
	int ret;

	/* The dump filter ignores a missing table: ask for it first. */
	ret = nft_table_udata(nl, family, table, NULL, &len);
	if (ret < 0)
		return ret;
	nlh = nfnl_msg(buf, NFNL_SUBSYS_NFTABLES, NFT_MSG_GETRULE, NLM_F_DUMP, family);
	put_strz(nlh, NFTA_RULE_TABLE, table);
	put_strz(nlh, NFTA_RULE_CHAIN, chain);
	return nl_talk(nl, nlh, rule_cb, &d);
}

static int gen_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[17] = { 0 };

	if (mnl_attr_parse(nlh, sizeof(struct nfgenmsg), parse_attr_cb, tb) < 0 ||
	    !tb[NFTA_GEN_ID] || mnl_attr_validate(tb[NFTA_GEN_ID], MNL_TYPE_U32) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	*(uint32_t *)data = ntohl(mnl_attr_get_u32(tb[NFTA_GEN_ID]));
	return MNL_CB_OK;
}

int nft_genid(struct nl *nl, uint32_t *genid)
{
	char req[64] = { 0 };

	return nl_talk(nl, nfnl_msg(req, NFNL_SUBSYS_NFTABLES, NFT_MSG_GETGEN,
				    NLM_F_ACK, AF_UNSPEC), gen_cb, genid);
}

struct table_get {
	void *buf;
	size_t cap, len;
};

static int table_cb(const struct nlmsghdr *nlh, void *data)
{
	struct table_get *g = data;
	const struct nlattr *tb[17] = { 0 };

	if (mnl_attr_parse(nlh, sizeof(struct nfgenmsg), parse_attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	g->len = 0;
	if (tb[NFTA_TABLE_USERDATA]) {
		size_t n = mnl_attr_get_payload_len(tb[NFTA_TABLE_USERDATA]);

		if (n > g->cap)
			n = g->cap;
		if (g->buf)
			memcpy(g->buf, mnl_attr_get_payload(tb[NFTA_TABLE_USERDATA]), n);
		g->len = n;
	}
	return MNL_CB_OK;
}

int nft_table_udata(struct nl *nl, uint8_t family, const char *name,
		    void *buf, size_t *len)
{
	char req[256] = { 0 };
	struct nlmsghdr *nlh;
	struct table_get g = { buf, buf ? *len : 0, 0 };
	int ret;

	nlh = nfnl_msg(req, NFNL_SUBSYS_NFTABLES, NFT_MSG_GETTABLE, NLM_F_ACK, family);
	put_strz(nlh, NFTA_TABLE_NAME, name);
	ret = nl_talk(nl, nlh, table_cb, &g);
	*len = g.len;
	return ret;
}
