/* The codec against the real kernel (run inside a throw-away netns by
 * ct_kernel.sh): entries made with ct_build() are accepted and read back
 * with the same fields, the dump filters filter, and ct_build_key()
 * finds and deletes entries.  One PASS:/FAIL: line per test. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_conntrack_tcp.h>

#include "ct.h"
#include "exp.h"

#define MAXCT 32

static struct mnl_socket *nl;
static uint32_t seq;
static union {
	char b[65536];
	struct nlmsghdr h;
} rbuf, sbuf;

static struct ct got[MAXCT];
static struct ct_exp gotexp[MAXCT];
static int ngot, nbad;

static int failed, nfail;
static const char *tname;

#define CHECK(c) check((c), #c, __LINE__)

static void check(int ok, const char *what, int line)
{
	if (ok)
		return;
	if (!failed)
		printf("FAIL: ct_kernel %s\n", tname);
	failed++;
	printf("  line %d: %s\n", line, what);
}

static void begin(const char *name)
{
	tname = name;
	failed = 0;
}

/* Kernel version as major * 1000 + minor: older kernels ignore the
 * filters they do not know, so those tests are skipped there. */
static int kver(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) == 0)
		sscanf(u.release, "%d.%d", &major, &minor);
	return major * 1000 + minor;
}

static int need_kernel(int major, int minor, const char *name)
{
	if (kver() >= major * 1000 + minor)
		return 1;
	printf("SKIP: ct_kernel %s (kernel older than %d.%d)\n", name, major, minor);
	return 0;
}

static void end(void)
{
	if (!failed)
		printf("PASS: ct_kernel %s\n", tname);
	else
		nfail++;
}

static struct nlmsghdr *req_sub(uint8_t subsys, uint8_t msg, uint16_t flags,
				uint8_t family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(sbuf.b);
	struct nfgenmsg *nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));

	nlh->nlmsg_type = (subsys << 8) | msg;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	nfg->nfgen_family = family;
	return nlh;
}

/* Dump/GET answers of both subsystems land here, parsed. */
static struct nlmsghdr *req(uint8_t msg, uint16_t flags, uint8_t family)
{
	return req_sub(NFNL_SUBSYS_CTNETLINK, msg, flags, family);
}

static int collect_cb(const struct nlmsghdr *nlh, void *data)
{
	int exp = (nlh->nlmsg_type >> 8) == NFNL_SUBSYS_CTNETLINK_EXP;

	(void)data;
	if (ngot >= MAXCT || (exp ? exp_parse(nlh, &gotexp[ngot]) :
				    ct_parse(nlh, &got[ngot])) < 0) {
		nbad++;
		return MNL_CB_OK;
	}
	ngot++;
	return MNL_CB_OK;
}

/* Send, read until the ACK or the dump's end; 0 or -errno. */
static int talk(struct nlmsghdr *nlh)
{
	uint32_t portid = mnl_socket_get_portid(nl);
	int n, r = MNL_CB_OK;

	ngot = nbad = 0;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	while (r > MNL_CB_STOP) {
		n = mnl_socket_recvfrom(nl, rbuf.b, sizeof(rbuf.b));
		if (n < 0)
			return -errno;
		r = mnl_cb_run(rbuf.b, n, seq, portid, collect_cb, NULL);
	}
	return r < 0 ? -errno : 0;
}

static void tuple(struct ct_tuple *t, uint8_t l3, const char *src,
		  const char *dst, uint8_t l4)
{
	memset(t, 0, sizeof(*t));
	t->l3 = l3;
	t->l4 = l4;
	inet_pton(l3, src, &t->src);
	inet_pton(l3, dst, &t->dst);
	t->has = TP_SRC | TP_DST | TP_PROTO;
}

static void ports(struct ct_tuple *t, uint16_t sport, uint16_t dport)
{
	t->sport = sport;
	t->dport = dport;
	t->has |= TP_SPORT | TP_DPORT;
}

static void icmp(struct ct_tuple *t, uint8_t type, uint16_t id)
{
	t->icmp_type = type;
	t->icmp_code = 0;
	t->icmp_id = id;
	t->has |= TP_ICMP_TYPE | TP_ICMP_CODE | TP_ICMP_ID;
}

/* The entries: what conntrack -I would send for each protocol. */
enum { E_TCP, E_UDP6, E_ICMP, E_SCTP, E_GRE, E_UNKNOWN, E_ZONE, E_NAT,
       E_ICMP6, E_UDPLITE, E_NUM };

static void make(struct ct *ct, int which)
{
	memset(ct, 0, sizeof(*ct));
	ct->family = AF_INET;
	ct->timeout = 100 + which;
	ct->mark = 100 + which;
	ct->has = CT_BIT(CT_ORIG) | CT_BIT(CT_REPLY) | CT_BIT(CT_TIMEOUT) |
		  CT_BIT(CT_MARK);
	switch (which) {
	case E_TCP:
		tuple(&ct->orig, AF_INET, "1.1.1.1", "2.2.2.2", IPPROTO_TCP);
		ports(&ct->orig, 10, 20);
		ct->tcp.state = TCP_CONNTRACK_ESTABLISHED;
		ct->tcp.flags[0] = ct->tcp.mask[0] = IP_CT_TCP_FLAG_BE_LIBERAL;
		ct->tcp.flags[1] = ct->tcp.mask[1] = IP_CT_TCP_FLAG_BE_LIBERAL;
		ct->zone = 3;
		ct->has |= CT_BIT(CT_TCP_STATE) | CT_BIT(CT_TCP_FLAGS_ORIG) |
			   CT_BIT(CT_TCP_FLAGS_REPLY) | CT_BIT(CT_ZONE);
		break;
	case E_UDP6:
		ct->family = AF_INET6;
		tuple(&ct->orig, AF_INET6, "2001:db8::1", "2001:db8::2", IPPROTO_UDP);
		ports(&ct->orig, 1, 2);
		ct->status = IPS_ASSURED | IPS_SEEN_REPLY;
		ct_set(ct, CT_STATUS);
		break;
	case E_ICMP:
		tuple(&ct->orig, AF_INET, "10.0.0.1", "10.0.0.2", IPPROTO_ICMP);
		icmp(&ct->orig, 8, 77);
		break;
	case E_SCTP:
		tuple(&ct->orig, AF_INET, "10.0.0.1", "10.0.0.2", IPPROTO_SCTP);
		ports(&ct->orig, 5, 6);
		ct->sctp.state = 4;
		ct->sctp.vtag[0] = 1;
		ct->sctp.vtag[1] = 2;
		ct->has |= CT_BIT(CT_SCTP_STATE) | CT_BIT(CT_SCTP_VTAG_ORIG) |
			   CT_BIT(CT_SCTP_VTAG_REPLY);
		break;
	case E_GRE:
		tuple(&ct->orig, AF_INET, "10.0.0.1", "10.0.0.2", IPPROTO_GRE);
		ports(&ct->orig, 16, 32);
		break;
	case E_UNKNOWN:
		tuple(&ct->orig, AF_INET, "10.0.0.5", "10.0.0.6", 50);
		break;
	case E_ZONE:
		tuple(&ct->orig, AF_INET, "10.3.3.3", "10.4.4.4", IPPROTO_UDP);
		ports(&ct->orig, 1, 2);
		ct->orig.zone = 7;
		ct->orig.has |= TP_ZONE;
		break;
	case E_NAT:
		tuple(&ct->orig, AF_INET, "1.1.1.1", "2.2.2.2", IPPROTO_UDP);
		ports(&ct->orig, 53, 1053);
		ct->nat_dst.l3 = AF_INET;
		inet_pton(AF_INET, "3.3.3.3", &ct->nat_dst.min);
		ct->nat_dst.max = ct->nat_dst.min;
		ct->nat_dst.port_min = ct->nat_dst.port_max = 5353;
		ct_set(ct, CT_NAT_DST);
		break;
	case E_ICMP6:
		ct->family = AF_INET6;
		tuple(&ct->orig, AF_INET6, "2001:db8::1", "2001:db8::2", IPPROTO_ICMPV6);
		icmp(&ct->orig, 128, 9);
		break;
	case E_UDPLITE:
		tuple(&ct->orig, AF_INET, "10.0.0.1", "10.0.0.2", IPPROTO_UDPLITE);
		ports(&ct->orig, 7, 8);
		break;
	}
	ct_tuple_invert(&ct->orig, &ct->reply);
}

static int same_tuple(const struct ct_tuple *a, const struct ct_tuple *b)
{
	uint16_t m = TP_SRC | TP_DST | TP_PROTO | TP_SPORT | TP_DPORT |
		     TP_ICMP_TYPE | TP_ICMP_CODE | TP_ICMP_ID;

	return (a->has & m) == (b->has & m) && a->l3 == b->l3 && a->l4 == b->l4 &&
	       !memcmp(&a->src, &b->src, a->l3 == AF_INET6 ? 16 : 4) &&
	       !memcmp(&a->dst, &b->dst, a->l3 == AF_INET6 ? 16 : 4) &&
	       a->sport == b->sport && a->dport == b->dport &&
	       a->icmp_type == b->icmp_type && a->icmp_id == b->icmp_id;
}

static const struct ct *find(const struct ct *want)
{
	int i;

	for (i = 0; i < ngot; i++)
		if (same_tuple(&got[i].orig, &want->orig) &&
		    got[i].mark == want->mark)
			return &got[i];
	return NULL;
}

static int dump(uint8_t family, const struct ct *tmpl, bool tuples)
{
	struct nlmsghdr *nlh = req(IPCTNL_MSG_CT_GET, NLM_F_DUMP, family);

	if (tmpl && ct_build_dump_filter(nlh, sizeof(sbuf.b), tmpl, tuples) < 0)
		return -EMSGSIZE;
	return talk(nlh);
}

static void test_create(struct ct *made)
{
	int i;

	begin("ct_build entries accepted by the kernel (10 protocols/variants)");
	for (i = 0; i < E_NUM; i++) {
		struct nlmsghdr *nlh;
		int r;

		make(&made[i], i);
		nlh = req(IPCTNL_MSG_CT_NEW, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
			  made[i].family);
		CHECK(ct_build(nlh, sizeof(sbuf.b), &made[i]) == 0);
		r = talk(nlh);
		if (r < 0)
			printf("  entry %d: %s\n", i, strerror(-r));
		CHECK(r == 0);
	}
	end();
}

static void test_read_back(const struct ct *made)
{
	const struct ct *c;
	int i;

	begin("dump reads every entry back with its fields");
	CHECK(dump(AF_UNSPEC, NULL, false) == 0);
	CHECK(ngot == E_NUM && nbad == 0);
	for (i = 0; i < E_NUM; i++) {
		c = find(&made[i]);
		CHECK(c != NULL);
		if (!c)
			continue;
		CHECK(c->family == made[i].family);
		CHECK(c->timeout <= made[i].timeout && c->timeout + 5 >= made[i].timeout);
		CHECK(ct_has(c, CT_ID) && ct_has(c, CT_USE));
		if (i != E_NAT)
			CHECK(same_tuple(&c->reply, &made[i].reply));
	}
	c = find(&made[E_TCP]);
	CHECK(c && c->zone == 3 && c->tcp.state == TCP_CONNTRACK_ESTABLISHED);
	c = find(&made[E_UDP6]);
	CHECK(c && (c->status & (IPS_ASSURED | IPS_SEEN_REPLY | IPS_CONFIRMED)) ==
	      (IPS_ASSURED | IPS_SEEN_REPLY | IPS_CONFIRMED));
	c = find(&made[E_SCTP]);
	CHECK(c && c->sctp.state == 4 && c->sctp.vtag[0] == 1 && c->sctp.vtag[1] == 2);
	c = find(&made[E_ZONE]);
	CHECK(c && (c->orig.has & TP_ZONE) && c->orig.zone == 7 && !ct_has(c, CT_ZONE));
	c = find(&made[E_NAT]);
	CHECK(c && c->reply.sport == 5353 && (c->status & IPS_DST_NAT));
	if (c) {
		struct in_addr a;

		inet_pton(AF_INET, "3.3.3.3", &a);
		CHECK(c->reply.src.v4 == a.s_addr);
	}
	c = find(&made[E_ICMP6]);
	CHECK(c && c->reply.icmp_type == 129 && c->orig.icmp_id == 9);
	end();
}

static void test_filters(const struct ct *made)
{
	struct ct t;

	begin("dump filter: mark, mark/mask");
	memset(&t, 0, sizeof(t));
	t.mark = made[E_GRE].mark;
	ct_set(&t, CT_MARK);
	CHECK(dump(AF_UNSPEC, &t, false) == 0);
	CHECK(ngot == 1 && got[0].orig.l4 == IPPROTO_GRE);
	t.mark = 0x60;		/* marks 100..109: 0x64..0x6d */
	t.mark_mask = 0xf8;
	ct_set(&t, CT_MARK_MASK);
	CHECK(dump(AF_UNSPEC, &t, false) == 0);
	CHECK(ngot == 4);	/* 100..103 */
	end();

	begin("dump filter: family only");
	CHECK(dump(AF_INET6, NULL, false) == 0);
	CHECK(ngot == 2);
	end();
}

static void test_filter_status(void)
{
	struct ct t;

	begin("dump filter: status/mask (Linux >= 5.19)");
	memset(&t, 0, sizeof(t));
	t.status = t.status_mask = IPS_ASSURED;
	ct_set(&t, CT_STATUS_MASK);
	CHECK(dump(AF_UNSPEC, &t, false) == 0);
	CHECK(ngot == 1 && got[0].family == AF_INET6);
	end();
}

static void test_filter_zone(void)
{
	struct ct t;

	begin("dump filter: zone (Linux >= 6.8)");
	memset(&t, 0, sizeof(t));
	t.zone = 3;
	ct_set(&t, CT_ZONE);
	CHECK(dump(AF_UNSPEC, &t, false) == 0);
	CHECK(ngot == 1 && got[0].zone == 3);
	end();
}

static void test_filter_tuples(void)
{
	struct ct t;

	begin("dump filter: CTA_FILTER orig tuple src+proto+dport (Linux >= 5.8)");
	memset(&t, 0, sizeof(t));
	t.family = AF_INET;
	tuple(&t.orig, AF_INET, "1.1.1.1", "0.0.0.0", IPPROTO_UDP);
	t.orig.has &= ~TP_DST;
	t.orig.dport = 1053;
	t.orig.has |= TP_DPORT;
	ct_set(&t, CT_ORIG);
	CHECK(dump(AF_INET, &t, true) == 0);
	CHECK(ngot == 1 && got[0].orig.sport == 53);
	end();

	begin("dump filter: CTA_FILTER reply tuple src (the NAT address)");
	memset(&t, 0, sizeof(t));
	t.family = AF_INET;
	tuple(&t.reply, AF_INET, "3.3.3.3", "0.0.0.0", 0);
	t.reply.has = TP_SRC;
	ct_set(&t, CT_REPLY);
	CHECK(dump(AF_INET, &t, true) == 0);
	CHECK(ngot == 1 && got[0].reply.sport == 5353);
	end();

	begin("dump filter: CTA_FILTER icmp type + id");
	memset(&t, 0, sizeof(t));
	t.family = AF_INET;
	t.orig.l4 = IPPROTO_ICMP;
	t.orig.has = TP_PROTO;
	icmp(&t.orig, 8, 77);
	t.orig.has &= ~TP_ICMP_CODE;
	ct_set(&t, CT_ORIG);
	CHECK(dump(AF_INET, &t, true) == 0);
	CHECK(ngot == 1 && got[0].orig.icmp_id == 77);
	t.orig.icmp_id = 78;
	CHECK(dump(AF_INET, &t, true) == 0);
	CHECK(ngot == 0);
	end();
}

static void test_key(const struct ct *made)
{
	struct nlmsghdr *nlh;
	int i;

	begin("ct_build_key: GET finds, DELETE removes every entry");
	nlh = req(IPCTNL_MSG_CT_GET, NLM_F_ACK, made[E_TCP].family);
	CHECK(ct_build_key(nlh, sizeof(sbuf.b), &made[E_TCP]) == 0);
	CHECK(talk(nlh) == 0 && ngot == 1 && got[0].mark == made[E_TCP].mark);
	for (i = 0; i < E_NUM; i++) {
		nlh = req(IPCTNL_MSG_CT_DELETE, NLM_F_ACK, made[i].family);
		CHECK(ct_build_key(nlh, sizeof(sbuf.b), &made[i]) == 0);
		CHECK(talk(nlh) == 0);
	}
	nlh = req(IPCTNL_MSG_CT_DELETE, NLM_F_ACK, made[E_TCP].family);
	CHECK(ct_build_key(nlh, sizeof(sbuf.b), &made[E_TCP]) == 0);
	CHECK(talk(nlh) == -ENOENT);
	CHECK(dump(AF_UNSPEC, NULL, false) == 0 && ngot == 0);
	end();
}

/* An ftp master made by ct_build (CTA_HELP attaches the helper), an
 * expectation made by exp_build, found, read back and deleted. */
static void test_expect(void)
{
	struct nlmsghdr *nlh;
	struct ct master;
	struct ct_exp e;
	int r;

	begin("exp_build: expectation on a ct_build master with helper ftp");
	memset(&master, 0, sizeof(master));
	master.family = AF_INET;
	tuple(&master.orig, AF_INET, "127.0.0.1", "127.0.0.1", IPPROTO_TCP);
	ports(&master.orig, 40000, 21);
	ct_tuple_invert(&master.orig, &master.reply);
	master.timeout = 300;
	master.tcp.state = TCP_CONNTRACK_ESTABLISHED;
	strcpy(master.helper, "ftp");
	master.has = CT_BIT(CT_ORIG) | CT_BIT(CT_REPLY) | CT_BIT(CT_TIMEOUT) |
		     CT_BIT(CT_TCP_STATE) | CT_BIT(CT_HELPER);
	nlh = req(IPCTNL_MSG_CT_NEW, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, AF_INET);
	CHECK(ct_build(nlh, sizeof(sbuf.b), &master) == 0);
	r = talk(nlh);
	if (r)
		printf("  master: %s\n", strerror(-r));
	CHECK(r == 0);

	memset(&e, 0, sizeof(e));
	e.family = AF_INET;
	tuple(&e.tuple, AF_INET, "127.0.0.1", "127.0.0.1", IPPROTO_TCP);
	ports(&e.tuple, 0, 10000);
	tuple(&e.mask, AF_INET, "255.255.255.255", "255.255.255.255", IPPROTO_TCP);
	ports(&e.mask, 0, 0xffff);
	e.master = master.orig;
	e.timeout = 200;
	e.has = EXP_BIT(EXP_TUPLE) | EXP_BIT(EXP_MASK) | EXP_BIT(EXP_MASTER) |
		EXP_BIT(EXP_TIMEOUT);
	nlh = req_sub(NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_NEW,
		      NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, AF_INET);
	CHECK(exp_build(nlh, sizeof(sbuf.b), &e) == 0);
	r = talk(nlh);
	if (r)
		printf("  expectation: %s\n", strerror(-r));
	CHECK(r == 0);

	nlh = req_sub(NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_GET, NLM_F_DUMP,
		      AF_UNSPEC);
	CHECK(talk(nlh) == 0 && ngot == 1 && nbad == 0);
	if (ngot == 1) {
		const struct ct_exp *g = &gotexp[0];

		CHECK(g->tuple.dport == 10000 && g->mask.dport == 0xffff);
		CHECK(g->master.sport == 40000 && g->master.dport == 21);
		/* the helper's policy (ftp: 300 s) overrides our 200 */
		CHECK(!strcmp(g->helper, "ftp") && g->timeout <= 300 && g->timeout > 290);
		CHECK(exp_has(g, EXP_ID) && exp_has(g, EXP_FLAGS));
	}

	/* conntrack -G expect: the expected tuple travels as the master */
	memset(&e, 0, sizeof(e));
	e.family = AF_INET;
	tuple(&e.master, AF_INET, "127.0.0.1", "127.0.0.1", IPPROTO_TCP);
	ports(&e.master, 0, 10000);
	e.has = EXP_BIT(EXP_MASTER);
	nlh = req_sub(NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_GET, NLM_F_ACK,
		      AF_INET);
	CHECK(exp_build(nlh, sizeof(sbuf.b), &e) == 0);
	CHECK(talk(nlh) == 0 && ngot == 1 && gotexp[0].tuple.dport == 10000);

	e.tuple = e.master;
	e.has = EXP_BIT(EXP_TUPLE);
	nlh = req_sub(NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_DELETE, NLM_F_ACK,
		      AF_INET);
	CHECK(exp_build(nlh, sizeof(sbuf.b), &e) == 0);
	CHECK(talk(nlh) == 0);
	nlh = req_sub(NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_GET, NLM_F_DUMP,
		      AF_UNSPEC);
	CHECK(talk(nlh) == 0 && ngot == 0);

	nlh = req(IPCTNL_MSG_CT_DELETE, NLM_F_ACK, AF_INET);
	CHECK(ct_build_key(nlh, sizeof(sbuf.b), &master) == 0);
	CHECK(talk(nlh) == 0);
	end();
}

int main(void)
{
	struct ct made[E_NUM];

	setvbuf(stdout, NULL, _IOLBF, 0);
	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		printf("FAIL: ct_kernel netlink socket: %s\n", strerror(errno));
		return 1;
	}
	seq = time(NULL);
	test_create(made);
	test_read_back(made);
	test_filters(made);
	if (need_kernel(5, 19, "dump filter: status/mask"))
		test_filter_status();
	if (need_kernel(6, 8, "dump filter: zone"))
		test_filter_zone();
	if (need_kernel(5, 8, "dump filter: CTA_FILTER"))
		test_filter_tuples();
	test_key(made);
	test_expect();
	mnl_socket_close(nl);
	return nfail != 0;
}
