/* Unit tests of lib/ct_filter.c: conntrack's user-space filters on
 * hand-made entries.  One PASS/FAIL line per assertion. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/netfilter/nf_conntrack_common.h>

#include "ct_filter.h"

static int failed;

static void check(const char *name, bool got, bool want)
{
	if (got == want) {
		printf("PASS: ct_filter: %s\n", name);
	} else {
		printf("FAIL: ct_filter: %s (got %d, want %d)\n", name, got, want);
		failed = 1;
	}
}

static uint32_t ip4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

static void tuple4(struct ct_tuple *t, const char *src, const char *dst,
		   uint8_t l4, uint16_t sport, uint16_t dport)
{
	memset(t, 0, sizeof(*t));
	t->l3 = AF_INET;
	t->l4 = l4;
	t->src.v4 = ip4(src);
	t->dst.v4 = ip4(dst);
	t->sport = sport;
	t->dport = dport;
	t->has = TP_SRC | TP_DST | TP_PROTO | TP_SPORT | TP_DPORT;
}

/* tcp 1.1.1.1:10 -> 2.2.2.2:20, reply from rsrc:rsport to rdst:rdport */
static void entry(struct ct *ct, const char *rsrc, const char *rdst,
		  uint16_t rsport, uint16_t rdport, uint32_t status)
{
	memset(ct, 0, sizeof(*ct));
	ct->family = AF_INET;
	tuple4(&ct->orig, "1.1.1.1", "2.2.2.2", IPPROTO_TCP, 10, 20);
	tuple4(&ct->reply, rsrc, rdst, IPPROTO_TCP, rsport, rdport);
	ct->status = status;
	ct->has = CT_BIT(CT_ORIG) | CT_BIT(CT_REPLY) | CT_BIT(CT_STATUS) |
		  CT_BIT(CT_MARK) | CT_BIT(CT_TIMEOUT) | CT_BIT(CT_ID);
	ct->mark = 0x2a;
	ct->timeout = 100;
	ct->id = 77;
}

static void test_nat_kinds(void)
{
	struct ct plain, snat, dnat, spat;

	entry(&plain, "2.2.2.2", "1.1.1.1", 20, 10, IPS_SEEN_REPLY);
	entry(&snat, "2.2.2.2", "9.9.9.9", 20, 10, IPS_SRC_NAT_DONE);
	entry(&dnat, "3.3.3.3", "1.1.1.1", 5353, 10, IPS_DST_NAT_DONE);
	entry(&spat, "2.2.2.2", "1.1.1.1", 20, 99, IPS_SRC_NAT_DONE);
	check("plain is not snat", ct_is_snat(&plain), false);
	check("plain is not dnat", ct_is_dnat(&plain), false);
	check("snat", ct_is_snat(&snat), true);
	check("snat is not dnat", ct_is_dnat(&snat), false);
	check("dnat", ct_is_dnat(&dnat), true);
	check("dnat also dpat", ct_is_dpat(&dnat), true);
	check("spat", ct_is_spat(&spat), true);
	check("spat is not snat", ct_is_snat(&spat), false);
	/* Without the NAT-done bit the addresses alone do not count. */
	snat.status = 0;
	check("snat needs SRC_NAT_DONE", ct_is_snat(&snat), false);
	ct_clear(&snat, CT_STATUS);
	check("no status counts as NAT done", ct_is_snat(&snat), true);
}

static void test_nat_filter(void)
{
	struct ct_filter f;
	struct ct snat, dnat, plain;

	entry(&plain, "2.2.2.2", "1.1.1.1", 20, 10, 0);
	entry(&snat, "2.2.2.2", "9.9.9.9", 20, 10, IPS_SRC_NAT_DONE);
	entry(&dnat, "3.3.3.3", "1.1.1.1", 5353, 10, IPS_DST_NAT_DONE);

	memset(&f, 0, sizeof(f));
	check("no nat filter passes all", ct_filter_nat(&f, &plain), true);
	f.snat.on = true;
	check("--src-nat: snat entry", ct_filter_nat(&f, &snat), true);
	check("--src-nat: dnat entry", ct_filter_nat(&f, &dnat), false);
	check("--src-nat: plain entry", ct_filter_nat(&f, &plain), false);
	f.snat.has_addr = true;
	f.snat.l3 = AF_INET;
	f.snat.addr.v4 = ip4("9.9.9.9");
	check("--src-nat ADDR: right address", ct_filter_nat(&f, &snat), true);
	f.snat.addr.v4 = ip4("9.9.9.8");
	check("--src-nat ADDR: wrong address", ct_filter_nat(&f, &snat), false);
	/* IPv6 criteria: the address is not compared (1.4.7). */
	f.snat.l3 = AF_INET6;
	check("--src-nat IPv6 ADDR: only the kind", ct_filter_nat(&f, &snat), true);

	memset(&f, 0, sizeof(f));
	f.dnat.on = true;
	f.dnat.has_port = true;
	f.dnat.port = 5353;
	check("--dst-nat :PORT right", ct_filter_nat(&f, &dnat), true);
	f.dnat.port = 5354;
	check("--dst-nat :PORT wrong", ct_filter_nat(&f, &dnat), false);
	f.dnat.has_addr = true;
	f.dnat.l3 = AF_INET;
	f.dnat.addr.v4 = ip4("3.3.3.3");
	f.dnat.port = 5353;
	check("--dst-nat ADDR:PORT both right", ct_filter_nat(&f, &dnat), true);
	f.dnat.port = 1;
	check("--dst-nat ADDR:PORT port wrong", ct_filter_nat(&f, &dnat), false);

	memset(&f, 0, sizeof(f));
	f.snat.on = f.dnat.on = true;
	check("--src-nat --dst-nat: snat only fails", ct_filter_nat(&f, &snat), false);
	memset(&f, 0, sizeof(f));
	f.anynat.on = true;
	check("--any-nat: snat", ct_filter_nat(&f, &snat), true);
	check("--any-nat: dnat", ct_filter_nat(&f, &dnat), true);
	check("--any-nat: plain", ct_filter_nat(&f, &plain), false);
}

static void test_mark_labels(void)
{
	struct ct_filter f;
	struct ct ct;

	entry(&ct, "2.2.2.2", "1.1.1.1", 20, 10, 0);
	memset(&f, 0, sizeof(f));
	f.mark_on = true;
	f.mark = 0x2a;
	f.mark_mask = 0xffffffff;
	check("mark equal", ct_filter_mark(&f, &ct), true);
	f.mark = 2;
	f.mark_mask = 2;
	check("mark 2/2 on 42", ct_filter_mark(&f, &ct), true);
	f.mark_mask = 0xf;
	check("mark 2/0xf on 42", ct_filter_mark(&f, &ct), false);
	ct_clear(&ct, CT_MARK);
	f.mark = 0;
	f.mark_mask = 0;
	check("mark filter needs a mark", ct_filter_mark(&f, &ct), false);

	memset(&f, 0, sizeof(f));
	f.labels_on = true;
	f.labels[0] = 0x05;
	check("labels: entry without labels", ct_filter_labels(&f, &ct), false);
	ct_set(&ct, CT_LABELS);
	ct.labels_len = 4;
	ct.labels[0] = 0x07;
	check("labels: superset", ct_filter_labels(&f, &ct), true);
	ct.labels[0] = 0x04;
	check("labels: one bit missing", ct_filter_labels(&f, &ct), false);
	f.labels[0] = 0;
	f.labels[8] = 1;	/* bit 64, past the entry's 4 bytes */
	ct.labels[0] = 0xff;
	check("labels: bit beyond entry's length", ct_filter_labels(&f, &ct), false);
}

static void test_netmask(void)
{
	struct ct_filter f;
	struct ct ct, ct6;

	entry(&ct, "2.2.2.2", "1.1.1.1", 20, 10, 0);
	memset(&f, 0, sizeof(f));
	f.mask_l3 = AF_INET;
	f.mask_src = true;
	f.src.v4 = ip4("1.1.1.4");
	ct_addr_prefix_mask(&f.src_mask, AF_INET, 24);
	check("1.1.1.4/24 holds 1.1.1.1", ct_filter_netmask(&f, &ct), true);
	f.src.v4 = ip4("1.1.2.0");
	check("1.1.2.0/24 does not", ct_filter_netmask(&f, &ct), false);
	ct_addr_prefix_mask(&f.src_mask, AF_INET, 0);
	check("/0 holds everything", ct_filter_netmask(&f, &ct), true);
	f.mask_dst = true;
	f.dst.v4 = ip4("2.3.4.5");
	ct_addr_prefix_mask(&f.dst_mask, AF_INET, 8);
	check("dst 2.3.4.5/8 holds 2.2.2.2", ct_filter_netmask(&f, &ct), true);

	memset(&ct6, 0, sizeof(ct6));
	ct6.orig.l3 = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", &ct6.orig.src.v6);
	check("IPv4 mask skips IPv6 entries", ct_filter_netmask(&f, &ct6), false);
	memset(&f, 0, sizeof(f));
	f.mask_l3 = AF_INET6;
	f.mask_src = true;
	inet_pton(AF_INET6, "2001:db8:ffff::", &f.src.v6);
	ct_addr_prefix_mask(&f.src_mask, AF_INET6, 32);
	check("2001:db8::/32 holds 2001:db8::1", ct_filter_netmask(&f, &ct6), true);
	ct_addr_prefix_mask(&f.src_mask, AF_INET6, 48);
	check("2001:db8:ffff::/48 does not", ct_filter_netmask(&f, &ct6), false);
}

static void test_prefix_mask(void)
{
	union ct_addr m;

	ct_addr_prefix_mask(&m, AF_INET, 24);
	check("/24 mask", m.v4 == htonl(0xffffff00), true);
	ct_addr_prefix_mask(&m, AF_INET, 32);
	check("/32 mask", m.v4 == 0xffffffff, true);
	ct_addr_prefix_mask(&m, AF_INET6, 65);
	check("/65 mask", m.all[0] == 0xffffffff && m.all[1] == 0xffffffff &&
	      m.all[2] == htonl(0x80000000) && m.all[3] == 0, true);
}

static void test_template(void)
{
	struct ct_filter f;
	struct ct ct;

	entry(&ct, "2.2.2.2", "1.1.1.1", 20, 10, IPS_SEEN_REPLY | IPS_ASSURED);
	memset(&f, 0, sizeof(f));
	check("comparison off passes", ct_filter_template(&f, &ct), true);
	f.cmp = CF_CMP_ON;
	f.tmpl.orig.l3 = AF_INET;
	f.tmpl.orig.src.v4 = ip4("1.1.1.1");
	f.tmpl.orig.has = TP_SRC;
	check("orig src equal", ct_filter_template(&f, &ct), true);
	f.tmpl.orig.src.v4 = ip4("1.1.1.2");
	check("orig src differs", ct_filter_template(&f, &ct), false);
	f.tmpl.orig.has = TP_PROTO | TP_DPORT;
	f.tmpl.orig.l4 = IPPROTO_TCP;
	f.tmpl.orig.dport = 20;
	check("proto and dport", ct_filter_template(&f, &ct), true);
	f.tmpl.orig.l4 = IPPROTO_UDP;
	check("other proto", ct_filter_template(&f, &ct), false);
	memset(&f.tmpl.orig, 0, sizeof(f.tmpl.orig));
	f.tmpl.reply.has = TP_SPORT;
	f.tmpl.reply.sport = 20;
	check("reply sport", ct_filter_template(&f, &ct), true);
	f.tmpl.reply.sport = 21;
	check("reply sport differs", ct_filter_template(&f, &ct), false);
	memset(&f.tmpl.reply, 0, sizeof(f.tmpl.reply));

	f.tmpl.orig.has = TP_ZONE;
	f.tmpl.orig.zone = 0;
	check("orig zone 0 matches no zone", ct_filter_template(&f, &ct), true);
	f.tmpl.orig.zone = 7;
	check("orig zone 7 needs zone 7", ct_filter_template(&f, &ct), false);
	ct.orig.has |= TP_ZONE;
	ct.orig.zone = 7;
	check("orig zone 7", ct_filter_template(&f, &ct), true);
	memset(&f.tmpl.orig, 0, sizeof(f.tmpl.orig));

	f.cmp = CF_CMP_ON | CF_CMP_STATUS;
	f.tmpl.status = f.tmpl.status_mask = IPS_ASSURED;
	check("status ASSURED", ct_filter_template(&f, &ct), true);
	f.tmpl.status = 0;
	f.tmpl.status_mask = IPS_ASSURED;
	check("status !ASSURED", ct_filter_template(&f, &ct), false);
	f.tmpl.status_mask = IPS_SEEN_REPLY | IPS_ASSURED;
	f.tmpl.status = IPS_SEEN_REPLY | IPS_ASSURED;
	check("status ASSURED,SEEN_REPLY", ct_filter_template(&f, &ct), true);

	f.cmp = CF_CMP_ON | CF_CMP_TIMEOUT;
	f.tmpl.timeout = 100;
	check("timeout equal", ct_filter_template(&f, &ct), true);
	f.tmpl.timeout = 99;
	check("timeout differs", ct_filter_template(&f, &ct), false);
	f.cmp = CF_CMP_ON | CF_CMP_ID;
	f.tmpl.id = 77;
	check("id equal", ct_filter_template(&f, &ct), true);
	f.tmpl.id = 78;
	check("id differs", ct_filter_template(&f, &ct), false);
	f.cmp = CF_CMP_ON | CF_CMP_ZONE;
	f.tmpl.zone = 0;
	check("zone 0 matches no zone", ct_filter_template(&f, &ct), true);
	f.tmpl.zone = 3;
	check("zone 3 needs zone 3", ct_filter_template(&f, &ct), false);
	f.cmp = CF_CMP_ON | CF_CMP_SECMARK;
	f.tmpl.secmark = 12345;
	check("secmark is compared", ct_filter_template(&f, &ct), false);
	f.tmpl.secmark = 0;
	check("secmark 0 matches none", ct_filter_template(&f, &ct), true);
	f.cmp = CF_CMP_ON | CF_CMP_STATE;
	f.tmpl.has = CT_BIT(CT_TCP_STATE);
	f.tmpl.tcp.state = 3;
	check("tcp state needs a state", ct_filter_template(&f, &ct), false);
	ct_set(&ct, CT_TCP_STATE);
	ct.tcp.state = 3;
	check("tcp state equal", ct_filter_template(&f, &ct), true);
}

static void test_match(void)
{
	struct ct_filter f;
	struct ct ct;

	entry(&ct, "2.2.2.2", "1.1.1.1", 20, 10, 0);
	memset(&f, 0, sizeof(f));
	check("empty filter", ct_filter_match(&f, &ct), true);
	f.family = AF_INET6;
	check("events: other family", ct_filter_match(&f, &ct), false);
	f.family = AF_INET;
	check("events: same family", ct_filter_match(&f, &ct), true);
}

int main(void)
{
	test_nat_kinds();
	test_nat_filter();
	test_mark_labels();
	test_netmask();
	test_prefix_mask();
	test_template();
	test_match();
	return failed;
}
