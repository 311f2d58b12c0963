/* Unit tests of lib/exp_codec.c: golden kernel expectation messages,
 * conntrack's expectation requests byte for byte, round trips, malformed
 * input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>

#include "exp.h"
#include "exp_cmp.h"

#define TEST_NAME "exp_codec"
#include "testlib.h"

#define EXP_TYPE(m) ((NFNL_SUBSYS_CTNETLINK_EXP << 8) | (m))

static int parse_golden(const char *name, struct ct_exp *exp)
{
	struct nlmsghdr *nlh = golden(name);

	return nlh ? exp_parse(nlh, exp) : -ENOENT;
}

static int is_v4(const union ct_addr *a, const char *s)
{
	struct in_addr b;

	inet_pton(AF_INET, s, &b);
	return a->v4 == b.s_addr;
}

/* The master of every golden expectation: 127.0.0.1:40000 -> :21 tcp. */
static void check_master(const struct ct_exp *e)
{
	CHECK(exp_has(e, EXP_MASTER));
	CHECK(e->master.l3 == AF_INET && e->master.l4 == IPPROTO_TCP);
	CHECK(is_v4(&e->master.src, "127.0.0.1") && is_v4(&e->master.dst, "127.0.0.1"));
	CHECK(e->master.sport == 40000 && e->master.dport == 21);
}

static void test_golden(void)
{
	struct ct_exp e;

	begin("golden %s", "dump-exp-ftp");
	CHECK(parse_golden("dump-exp-ftp", &e) == 0);
	CHECK(e.family == AF_INET);
	check_master(&e);
	CHECK(exp_has(&e, EXP_TUPLE) && e.tuple.l4 == IPPROTO_TCP);
	CHECK(is_v4(&e.tuple.src, "127.0.0.1") && is_v4(&e.tuple.dst, "127.0.0.1"));
	CHECK(e.tuple.has == (TP_SRC | TP_DST | TP_PROTO | TP_SPORT | TP_DPORT));
	CHECK(e.tuple.sport == 0 && e.tuple.dport == 10000);
	CHECK(exp_has(&e, EXP_MASK) && e.mask.src.v4 == 0xffffffff);
	CHECK(e.mask.dst.v4 == 0xffffffff && e.mask.sport == 0 && e.mask.dport == 0xffff);
	CHECK(exp_has(&e, EXP_TIMEOUT) && e.timeout > 290 && e.timeout <= 300);
	CHECK(exp_has(&e, EXP_ID) && exp_has(&e, EXP_FLAGS) && e.flags == 0);
	CHECK(exp_has(&e, EXP_CLASS) && e.class == 0);
	CHECK(exp_has(&e, EXP_HELPER) && !strcmp(e.helper, "ftp"));
	CHECK(!exp_has(&e, EXP_NAT) && !exp_has(&e, EXP_FN) && !exp_has(&e, EXP_ZONE));
	end();

	begin("golden %s", "dump-exp-created");
	CHECK(parse_golden("dump-exp-created", &e) == 0);
	check_master(&e);
	/* conntrack 1.4.7 sent the low byte of htons(10001) as protocol */
	CHECK(e.tuple.l4 == 39 && e.tuple.has == (TP_SRC | TP_DST | TP_PROTO));
	CHECK(e.mask.l4 == 39 && !strcmp(e.helper, "ftp"));
	end();

	begin("golden %s", "dump-exp-nat");
	CHECK(parse_golden("dump-exp-nat", &e) == 0);
	CHECK(is_v4(&e.tuple.dst, "10.9.0.111") && e.tuple.dport == 10000);
	CHECK(is_v4(&e.master.src, "10.9.0.1") && e.master.dport == 21);
	CHECK(exp_has(&e, EXP_NAT) && e.nat_dir == 1);	/* IP_CT_DIR_REPLY */
	CHECK(e.nat.l3 == AF_INET && e.nat.l4 == IPPROTO_TCP);
	CHECK(e.nat.sport == 10000 && is_v4(&e.nat.src, "0.0.0.0"));
	CHECK(exp_has(&e, EXP_FN) && !strcmp(e.fn, "nat-follow-master"));
	end();

	begin("golden %s", "event-exp-new");
	CHECK(parse_golden("event-exp-new", &e) == 0);
	CHECK(gbuf.h.nlmsg_type == EXP_TYPE(IPCTNL_MSG_EXP_NEW));
	check_master(&e);
	CHECK(e.tuple.dport == 10000 && exp_has(&e, EXP_TIMEOUT));
	end();

	begin("golden %s", "event-exp-destroy");
	CHECK(parse_golden("event-exp-destroy", &e) == 0);
	CHECK(gbuf.h.nlmsg_type == EXP_TYPE(IPCTNL_MSG_EXP_DELETE));
	CHECK(e.tuple.dport == 10000 && !strcmp(e.helper, "ftp"));
	end();
}

static void test_sent(void)
{
	static const char *const names[] = {
		"sent-exp-new", "sent-exp-get", "sent-exp-delete",
	};
	struct ct_exp e;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct nlmsghdr *in, *out;

		begin("exp_build same bytes as conntrack: %s", names[i]);
		in = golden(names[i]);
		if (in) {
			CHECK(exp_parse(in, &e) == 0);
			out = msg_start(obuf.b, e.family);
			CHECK(exp_build(out, sizeof(obuf.b), &e) == 0);
			CHECK(same_payload(in, out));
		}
		end();
	}

	begin("conntrack -I/-G/-D expect: which nests carry what%s", "");
	CHECK(parse_golden("sent-exp-new", &e) == 0);
	CHECK(e.has == (EXP_BIT(EXP_TUPLE) | EXP_BIT(EXP_MASTER) |
			EXP_BIT(EXP_MASK) | EXP_BIT(EXP_TIMEOUT)));
	CHECK(e.timeout == 200 && e.master.sport == 40000);
	CHECK(parse_golden("sent-exp-get", &e) == 0);
	CHECK(e.has == EXP_BIT(EXP_MASTER) && e.master.dport == 10000);
	CHECK(parse_golden("sent-exp-delete", &e) == 0);
	CHECK(e.has == EXP_BIT(EXP_TUPLE) && e.tuple.dport == 10000);
	end();
}

/* NULL, or what went wrong in exp_build -> exp_parse -> compare. */
static const char *round_trip(const struct ct_exp *a)
{
	struct ct_exp b;

	if (exp_build(msg_start(obuf.b, a->family), sizeof(obuf.b), a) < 0)
		return "exp_build";
	if (exp_parse(&obuf.h, &b) < 0)
		return "exp_parse";
	return exp_cmp_built(a, &b);
}

static void test_golden_round_trips(void)
{
	static const char *const names[] = {
		"dump-exp-ftp", "dump-exp-created", "dump-exp-nat",
		"event-exp-new", "event-exp-destroy",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *why;
		struct ct_exp a;

		begin("golden round trip %s", names[i]);
		CHECK(parse_golden(names[i], &a) == 0);
		why = round_trip(&a);
		CHECK(why == NULL);
		if (why)
			printf("  differs: %s\n", why);
		end();
	}
}

static void tuple(struct ct_tuple *t, uint8_t l3, uint8_t l4, int mask)
{
	memset(t, 0, sizeof(*t));
	t->l3 = l3;
	t->l4 = l4;
	t->has = TP_SRC | TP_DST | TP_PROTO;
	if (mask) {
		memset(&t->src, 0xff, sizeof(t->src));
		memset(&t->dst, 0xff, sizeof(t->dst));
	} else {
		inet_pton(l3, l3 == AF_INET6 ? "2001:db8::5" : "192.0.2.5", &t->src);
		inet_pton(l3, l3 == AF_INET6 ? "2001:db8::6" : "192.0.2.6", &t->dst);
	}
	if (l4 == IPPROTO_ICMP || l4 == IPPROTO_ICMPV6) {
		t->icmp_type = mask ? 0xff : 8;
		t->icmp_code = mask ? 0xff : 0;
		t->icmp_id = mask ? 0xffff : 3;
		t->has |= TP_ICMP_TYPE | TP_ICMP_CODE | TP_ICMP_ID;
	} else {
		t->sport = mask ? 0 : 1024;
		t->dport = mask ? 0xffff : 5060;
		t->has |= TP_SPORT | TP_DPORT;
	}
}

static void test_round_trips(void)
{
	static const uint8_t l3s[] = { AF_INET, AF_INET6 };
	static const uint8_t l4s[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_GRE };
	size_t i, j;
	int full;

	for (i = 0; i < sizeof(l3s); i++)
	for (j = 0; j < sizeof(l4s); j++)
	for (full = 0; full < 2; full++) {
		uint8_t l4 = l4s[j] == IPPROTO_ICMP && l3s[i] == AF_INET6 ?
			     IPPROTO_ICMPV6 : l4s[j];
		const char *why;
		struct ct_exp a;
		char name[64];

		snprintf(name, sizeof(name), "%s/%s%s", ct_l3_name(l3s[i]),
			 ct_l4_name(l4), full ? " nat,fn,zone,flags,class" : "");
		begin("round trip %s", name);
		memset(&a, 0, sizeof(a));
		a.family = l3s[i];
		tuple(&a.tuple, l3s[i], l4, 0);
		tuple(&a.mask, l3s[i], l4, 1);
		tuple(&a.master, l3s[i], IPPROTO_TCP, 0);
		a.timeout = 300;
		strcpy(a.helper, "sip");
		a.has = EXP_BIT(EXP_TUPLE) | EXP_BIT(EXP_MASK) | EXP_BIT(EXP_MASTER) |
			EXP_BIT(EXP_TIMEOUT) | EXP_BIT(EXP_HELPER);
		if (full) {
			a.nat_dir = 1;
			tuple(&a.nat, l3s[i], l4, 0);
			a.nat.has |= TP_ZONE;
			a.nat.zone = 9;
			strcpy(a.fn, "nat-follow-master");
			a.zone = 4;
			a.flags = NF_CT_EXPECT_PERMANENT | NF_CT_EXPECT_USERSPACE;
			a.class = 1;
			a.has |= EXP_BIT(EXP_NAT) | EXP_BIT(EXP_FN) | EXP_BIT(EXP_ZONE) |
				 EXP_BIT(EXP_FLAGS) | EXP_BIT(EXP_CLASS);
		}
		why = round_trip(&a);
		CHECK(why == NULL);
		if (why)
			printf("  differs: %s\n", why);
		end();
	}
}

static void test_limits_and_malformed(void)
{
	static const char *const goldens[] = {
		"dump-exp-ftp", "event-exp-destroy", "sent-exp-new",
	};
	struct nlmsghdr *nlh;
	struct nlattr *n;
	struct ct_exp e;
	size_t i, sz, full;
	int bad = 0;

	begin("exp_build -EMSGSIZE at every short buffer%s", "");
	CHECK(parse_golden("dump-exp-ftp", &e) == 0);
	CHECK(exp_build(msg_start(obuf.b, e.family), sizeof(obuf.b), &e) == 0);
	full = obuf.h.nlmsg_len;
	for (sz = 20; sz < full; sz++) {
		nlh = msg_start(obuf.b, e.family);
		if (exp_build(nlh, sz, &e) != -EMSGSIZE || nlh->nlmsg_len != 20)
			bad++;
	}
	CHECK(bad == 0);
	end();

	for (i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++) {
		int ok = 0;

		begin("every truncation of %s parses or is -EBADMSG", goldens[i]);
		nlh = golden(goldens[i]);
		for (sz = 0; nlh && sz < nlh->nlmsg_len; sz++) {
			struct nlmsghdr *t = calloc(1, sz < 16 ? 16 : sz);
			int r;

			memcpy(t, nlh, sz);
			t->nlmsg_len = sz;
			r = exp_parse(t, &e);
			free(t);
			if (r == 0)
				ok++;
			else if (r != -EBADMSG)
				bad++;
		}
		CHECK(bad == 0 && ok >= 3);
		/* cut inside the first nest: never accepted */
		if (nlh) {
			nlh->nlmsg_len = 30;
			CHECK(exp_parse(nlh, &e) == -EBADMSG);
		}
		end();
	}

	begin("bad attributes: -EBADMSG%s", "");
	nlh = msg_start(obuf.b, AF_INET);
	mnl_attr_put_strz(nlh, CTA_EXPECT_HELP_NAME, "0123456789abcdef");
	CHECK(exp_parse(nlh, &e) == -EBADMSG);
	nlh = msg_start(obuf.b, AF_INET);
	mnl_attr_put(nlh, CTA_EXPECT_FN, 3, "abc");
	CHECK(exp_parse(nlh, &e) == -EBADMSG);
	nlh = msg_start(obuf.b, AF_INET);
	mnl_attr_put_u16(nlh, CTA_EXPECT_TIMEOUT, 1);
	CHECK(exp_parse(nlh, &e) == -EBADMSG);
	nlh = msg_start(obuf.b, AF_INET);
	n = mnl_attr_nest_start(nlh, CTA_EXPECT_NAT);
	mnl_attr_put_u8(nlh, CTA_EXPECT_NAT_DIR, 1);
	mnl_attr_nest_end(nlh, n);
	CHECK(exp_parse(nlh, &e) == -EBADMSG);
	nlh = msg_start(obuf.b, AF_INET);
	n = mnl_attr_nest_start(nlh, CTA_EXPECT_MASK);
	mnl_attr_put_u32(nlh, CTA_TUPLE_ZONE, 0);
	mnl_attr_nest_end(nlh, n);
	CHECK(exp_parse(nlh, &e) == -EBADMSG);
	end();

	begin("unknown attributes skipped, expectfn copied%s", "");
	nlh = msg_start(obuf.b, AF_INET6);
	mnl_attr_put_u32(nlh, CTA_EXPECT_MAX + 5, 0);
	mnl_attr_put_strz(nlh, CTA_EXPECT_FN, "nat-follow-master");
	n = mnl_attr_nest_start(nlh, CTA_EXPECT_NAT);
	mnl_attr_put_u32(nlh, CTA_EXPECT_NAT_DIR, htonl(1));
	mnl_attr_put_u32(nlh, 7, 0);
	mnl_attr_nest_end(nlh, n);
	CHECK(exp_parse(nlh, &e) == 0);
	CHECK(e.has == (EXP_BIT(EXP_FN) | EXP_BIT(EXP_NAT)));
	CHECK(e.nat_dir == 1 && e.nat.has == 0 && e.nat.l3 == AF_INET6);
	CHECK(!strcmp(e.fn, "nat-follow-master"));
	nlh = msg_start(obuf.b, AF_INET);
	mnl_attr_put_strz(nlh, CTA_EXPECT_FN, "0123456789abcdef0123456789abcdef");
	CHECK(exp_parse(nlh, &e) == -EBADMSG);	/* 32 + NUL */
	end();
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_golden();
	test_sent();
	test_golden_round_trips();
	test_round_trips();
	test_limits_and_malformed();
	fflush(stdout);
	fprintf(stderr, "exp_codec: %d passed, %d failed\n", npass, nfail);
	return nfail != 0;
}
