/* Unit tests of lib/nft.c (the nf_tables transaction and expression
 * builders) and of lib/netdev.c's MAC parser.  Nothing is sent: the
 * transaction is sealed and read back.  One line per test:
 * "PASS: nft_codec NAME" or "FAIL: nft_codec NAME" and the failed checks. */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>

#include "nft.h"
#include "netdev.h"

static int failed_checks, nfail;
static const char *tname;

static void begin(const char *name)
{
	tname = name;
	failed_checks = 0;
}

static void end(void)
{
	if (!failed_checks)
		printf("PASS: nft_codec %s\n", tname);
	else
		nfail++;
}

#define CHECK(cond) check((cond), #cond, __LINE__)

static void check(int ok, const char *what, int line)
{
	if (ok)
		return;
	if (!failed_checks)
		printf("FAIL: nft_codec %s\n", tname);
	failed_checks++;
	printf("  line %d: %s\n", line, what);
}

static void txn_new(struct nft_txn *t, struct nl *nl)
{
	memset(nl, 0, sizeof(*nl));
	nl->seq = 0x100;
	nft_txn_begin(t, nl);
}

/* A batch as the kernel wants it, written out by hand from the UAPI
 * headers: BEGIN, one DELRULE, END (host byte order: little endian). */
static const unsigned char golden_delrule[] = {
	/* BATCH_BEGIN, res_id NFNL_SUBSYS_NFTABLES (big endian) */
	0x14, 0, 0, 0, 0x10, 0, 0x01, 0, 0x00, 0x01, 0, 0, 0, 0, 0, 0,
	0, 0, 0x00, 0x0a,
	/* NFT_MSG_DELRULE, REQUEST|ACK, seq 0x101, family ipv4 */
	0x30, 0, 0, 0, 0x08, 0x0a, 0x05, 0, 0x01, 0x01, 0, 0, 0, 0, 0, 0,
	0x02, 0, 0, 0,
	0x06, 0, 0x01, 0, 't', 0, 0, 0,		/* NFTA_RULE_TABLE "t" */
	0x06, 0, 0x02, 0, 'c', 0, 0, 0,		/* NFTA_RULE_CHAIN "c" */
	0x0c, 0, 0x03, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	/* BATCH_END */
	0x14, 0, 0, 0, 0x11, 0, 0x01, 0, 0x02, 0x01, 0, 0, 0, 0, 0, 0,
	0, 0, 0x00, 0x0a,
};

static void test_golden(void)
{
	struct nft_txn t;
	struct nl nl;

	begin("delrule batch byte for byte");
	txn_new(&t, &nl);
	nft_del_rule(&t, NFPROTO_IPV4, "t", "c", 0x1122334455667788ULL);
	nft_txn_seal(&t);
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__) {
		printf("SKIP: nft_codec %s (golden bytes are little endian)\n", tname);
		nft_txn_free(&t);
		return;
	}
	CHECK(t.len == sizeof(golden_delrule));
	CHECK(t.len == sizeof(golden_delrule) &&
	      !memcmp(t.buf, golden_delrule, t.len));
	CHECK(t.count == 1);
	CHECK(nl.seq == 0x103);
	nft_txn_free(&t);
	end();
}

static int store_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(a) < 16)
		tb[mnl_attr_get_type(a)] = a;
	return MNL_CB_OK;
}

static uint32_t be32_attr(const struct nlattr *a)
{
	return a ? ntohl(mnl_attr_get_u32(a)) : 0xdeadbeef;
}

/* Expression names of a NEWRULE message, comma-separated, and the hash
 * expression's settings. */
struct rule_seen {
	char names[256];
	uint32_t hash_len, hash_mod, hash_seed, hash_type;
	int nests_ok;
	char udata[64];
};

static void read_rule(const struct nlmsghdr *nlh, struct rule_seen *r)
{
	const struct nlattr *tb[16] = { 0 }, *e;

	memset(r, 0, sizeof(*r));
	r->nests_ok = mnl_attr_parse(nlh, sizeof(struct nfgenmsg), store_cb, tb) == MNL_CB_OK;
	if (tb[NFTA_RULE_USERDATA])
		snprintf(r->udata, sizeof(r->udata), "%.*s",
			 (int)mnl_attr_get_payload_len(tb[NFTA_RULE_USERDATA]),
			 (const char *)mnl_attr_get_payload(tb[NFTA_RULE_USERDATA]));
	if (!tb[NFTA_RULE_EXPRESSIONS]) {
		r->nests_ok = 0;
		return;
	}
	mnl_attr_for_each_nested(e, tb[NFTA_RULE_EXPRESSIONS]) {
		const struct nlattr *te[16] = { 0 }, *td[16] = { 0 };
		const char *name;

		if (mnl_attr_get_type(e) != NFTA_LIST_ELEM ||
		    mnl_attr_parse_nested(e, store_cb, te) != MNL_CB_OK ||
		    !te[NFTA_EXPR_NAME] || !te[NFTA_EXPR_DATA] ||
		    mnl_attr_parse_nested(te[NFTA_EXPR_DATA], store_cb, td) != MNL_CB_OK) {
			r->nests_ok = 0;
			return;
		}
		name = mnl_attr_get_str(te[NFTA_EXPR_NAME]);
		if (r->names[0])
			strcat(r->names, ",");
		strcat(r->names, name);
		if (!strcmp(name, "hash")) {
			r->hash_len = be32_attr(td[NFTA_HASH_LEN]);
			r->hash_mod = be32_attr(td[NFTA_HASH_MODULUS]);
			r->hash_seed = be32_attr(td[NFTA_HASH_SEED]);
			r->hash_type = be32_attr(td[NFTA_HASH_TYPE]);
		}
	}
}

static void test_rule_structure(void)
{
	struct nft_txn t;
	struct nl nl;
	struct nlmsghdr *nlh;
	const struct nlmsghdr *m;
	struct rule_seen r;
	uint32_t mark = 0xffff, bucket = 1;
	char ifname[16] = "eth1";
	int rest, n = 0, ok_types = 1, rules = 0;
	uint32_t seq = 0x100;

	begin("transaction framing and rule nests");
	txn_new(&t, &nl);
	nft_add_table(&t, NFPROTO_IPV4, "clusterip", "ud", 2);
	nft_add_chain(&t, NFPROTO_IPV4, "clusterip", "buckets", NULL, -1, 0);
	nft_add_chain(&t, NFPROTO_IPV4, "clusterip", "pre", "filter", NF_INET_PRE_ROUTING, -150);
	nlh = nft_rule_begin(&t, NFPROTO_IPV4, "clusterip", "buckets", "tag", 3);
	nft_expr_meta(nlh, NFT_META_IIFNAME, NFT_REG_1);
	nft_expr_cmp(nlh, NFT_REG_1, NFT_CMP_EQ, ifname, sizeof(ifname));
	nft_expr_ct(nlh, NFT_CT_SRC_IP, NFT_REG_1, 0);
	nft_expr_jhash(nlh, NFT_REG_1, NFT_REG_1, 4, 3, 0xdeadbeef);
	nft_expr_cmp(nlh, NFT_REG_1, NFT_CMP_EQ, &bucket, 4);
	nft_expr_counter(nlh);
	nft_expr_imm(nlh, NFT_REG_1, &mark, 4);
	nft_expr_meta_set(nlh, NFT_META_MARK, NFT_REG_1);
	nft_expr_verdict(nlh, NFT_JUMP, "x");
	nft_rule_end(nlh);
	/* a second rule right after: the first one's nest must be closed */
	nlh = nft_rule_begin(&t, NFPROTO_IPV4, "clusterip", "pre", NULL, 0);
	nft_expr_log(nlh, "p: ");
	nft_rule_end(nlh);
	nft_txn_seal(&t);

	rest = t.len;
	for (m = (const struct nlmsghdr *)t.buf; mnl_nlmsg_ok(m, rest);
	     m = mnl_nlmsg_next(m, &rest), n++) {
		int last = rest - (int)MNL_ALIGN(m->nlmsg_len) == 0;
		int type = m->nlmsg_type & 0xff;

		CHECK(m->nlmsg_seq == seq++);
		if (n == 0)
			ok_types &= m->nlmsg_type == NFNL_MSG_BATCH_BEGIN;
		else if (last)
			ok_types &= m->nlmsg_type == NFNL_MSG_BATCH_END;
		else
			ok_types &= (m->nlmsg_type >> 8) == NFNL_SUBSYS_NFTABLES &&
				    (m->nlmsg_flags & NLM_F_ACK);
		if (n == 0 || last || type != NFT_MSG_NEWRULE)
			continue;
		read_rule(m, &r);
		CHECK(r.nests_ok);
		if (rules++ == 0) {
			CHECK(!strcmp(r.names, "meta,cmp,ct,hash,cmp,counter,immediate,meta,immediate"));
			CHECK(r.hash_len == 4 && r.hash_mod == 3 && r.hash_seed == 0xdeadbeef);
			CHECK(r.hash_type == NFT_HASH_JENKINS);
			CHECK(!strcmp(r.udata, "tag"));
		} else {
			CHECK(!strcmp(r.names, "log"));
		}
	}
	CHECK(rest == 0);
	CHECK(n == 7);
	CHECK(rules == 2);
	CHECK(ok_types);
	CHECK(t.count == 5);
	nft_txn_free(&t);
	end();
}

/* Many rules: the buffer grows and what was built before stays. */
static void test_growth(void)
{
	struct nft_txn t;
	struct nl nl;
	const struct nlmsghdr *m;
	struct rule_seen r;
	int i, rest, good = 0;

	begin("transaction grows past its first buffer");
	txn_new(&t, &nl);
	for (i = 0; i < 500; i++) {
		struct nlmsghdr *nlh = nft_rule_begin(&t, NFPROTO_ARP, "a", "b", NULL, 0);

		nft_expr_payload(nlh, NFT_PAYLOAD_NETWORK_HEADER, 4, 1, NFT_REG_1);
		nft_expr_payload_set(nlh, NFT_PAYLOAD_NETWORK_HEADER, 8, 6, NFT_REG_1);
		nft_rule_end(nlh);
	}
	nft_txn_seal(&t);
	rest = t.len;
	for (m = (const struct nlmsghdr *)t.buf; mnl_nlmsg_ok(m, rest);
	     m = mnl_nlmsg_next(m, &rest)) {
		if ((m->nlmsg_type & 0xff) != NFT_MSG_NEWRULE ||
		    (m->nlmsg_type >> 8) != NFNL_SUBSYS_NFTABLES)
			continue;
		read_rule(m, &r);
		good += r.nests_ok && !strcmp(r.names, "payload,payload");
	}
	CHECK(good == 500);
	CHECK(rest == 0);
	nft_txn_free(&t);
	end();
}

static void test_hwaddr(void)
{
	static const struct { const char *s; int ok; } cases[] = {
		{ "01:00:5e:00:01:01", 1 }, { "AA:bb:CC:dd:EE:ff", 1 },
		{ "01:00:5e:00:01", 0 }, { "01:00:5e:00:01:01:02", 0 },
		{ "01-00-5e-00-01-01", 0 }, { "01:00:5e:00:01:0g", 0 },
		{ " 1:00:5e:00:01:01", 0 }, { "", 0 }, { "01:00:5e:00:01:1", 0 },
	};
	uint8_t hw[HWADDR_LEN];
	char out[18];
	size_t i;

	begin("MAC address parse and format");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK((hwaddr_parse(cases[i].s, hw) == 0) == cases[i].ok);
	CHECK(hwaddr_parse("AA:bb:CC:dd:EE:ff", hw) == 0 && hw[0] == 0xaa && hw[5] == 0xff);
	hwaddr_format(hw, out);
	CHECK(!strcmp(out, "aa:bb:cc:dd:ee:ff"));
	end();
}

int main(void)
{
	test_golden();
	test_rule_structure();
	test_growth();
	test_hwaddr();
	return nfail != 0;
}
