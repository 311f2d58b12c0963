/* ctfill: put N made-up conntrack entries into the current netns, fast.
 *
 *   ctfill [-s SEED] [-t TIMEOUT] [-f FIRST] [-b MSGS] [-R] N
 *
 * Entries are a function of (SEED, i) only, so two runs with the same
 * arguments build the same table.  Mix (by i's hash): 50% udp, 35% tcp,
 * 5% each icmp, sctp, gre; a quarter IPv6; mark = i % 4; a quarter of the
 * tcp entries go to port 80; one in eight sits in zone 1..3; about a
 * third are unreplied, the rest assured.  The original source address is
 * derived from i itself, so no two entries clash.
 *
 * The requests go out as netlink batches (one sendmsg per MSGS creates,
 * only the last acknowledged).  With -R nothing is sent: the same entries
 * are printed as `conntrack -R' lines instead (the -R benchmark input). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_conntrack_tcp.h>
#include <linux/netfilter/nf_conntrack_sctp.h>

#include "config.h"
#include "util.h"
#include "bench.h"

static const char usage[] =
	"usage: ctfill [-s SEED] [-t TIMEOUT] [-f FIRST] [-b MSGS] [-R] N\n";

/* splitmix64: a good 64-bit mix of (seed, i) in a few instructions. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static const uint8_t tcp_states[8] = {
	TCP_CONNTRACK_ESTABLISHED, TCP_CONNTRACK_ESTABLISHED,
	TCP_CONNTRACK_ESTABLISHED, TCP_CONNTRACK_SYN_SENT,
	TCP_CONNTRACK_TIME_WAIT, TCP_CONNTRACK_CLOSE_WAIT,
	TCP_CONNTRACK_FIN_WAIT, TCP_CONNTRACK_SYN_RECV,
};

static uint8_t pick_l4(unsigned int pct)
{
	if (pct < 50)
		return IPPROTO_UDP;
	if (pct < 85)
		return IPPROTO_TCP;
	if (pct < 90)
		return IPPROTO_ICMP;
	if (pct < 95)
		return IPPROTO_SCTP;
	return IPPROTO_GRE;
}

static void gen_addrs(struct ct_tuple *o, uint64_t i, uint64_t r)
{
	o->has |= TP_SRC | TP_DST;
	if (o->l3 == AF_INET) {
		/* 10.0.0.0/8 holds 16M distinct sources: i picks one. */
		o->src.v4 = htonl(0x0a000000 | (i & 0xffffff));
		o->dst.v4 = htonl(0xac100000 | (r & 0xfffff));
	} else {
		o->src.all[0] = htonl(0xfd000000);
		o->src.all[2] = htonl(i >> 32);
		o->src.all[3] = htonl(i);
		o->dst.all[0] = htonl(0xfd010000);
		o->dst.all[3] = htonl(r & 0xfffff);
	}
}

static void gen_l4(struct ct *ct, uint64_t i, uint64_t r)
{
	struct ct_tuple *o = &ct->orig;
	int v6 = o->l3 == AF_INET6;

	switch (o->l4) {
	case IPPROTO_ICMP:
		if (v6)
			o->l4 = IPPROTO_ICMPV6;
		o->has |= TP_ICMP_TYPE | TP_ICMP_CODE | TP_ICMP_ID;
		o->icmp_type = v6 ? 128 : 8;	/* echo request */
		o->icmp_id = i;
		return;
	case IPPROTO_TCP:
		ct_set(ct, CT_TCP_STATE);
		ct->tcp.state = tcp_states[(r >> 24) & 7];
		break;
	case IPPROTO_SCTP:
		ct_set(ct, CT_SCTP_STATE);
		ct_set(ct, CT_SCTP_VTAG_ORIG);	/* the kernel wants both */
		ct_set(ct, CT_SCTP_VTAG_REPLY);
		ct->sctp.state = SCTP_CONNTRACK_ESTABLISHED;
		ct->sctp.vtag[0] = r >> 32;
		ct->sctp.vtag[1] = (r >> 32) ^ 0x5a5a5a5a;
		break;
	}
	o->has |= TP_SPORT | TP_DPORT;
	o->sport = 1024 + (r >> 40) % 60000;
	if (o->l4 == IPPROTO_TCP && ((r >> 20) & 3) == 0)
		o->dport = 80;
	else if (o->l4 == IPPROTO_UDP && ((r >> 20) & 3) == 0)
		o->dport = 53;
	else
		o->dport = 1 + (r >> 56) * 100 + ((r >> 20) & 0xff);
}

static void mirror(const struct ct_tuple *o, struct ct_tuple *rp)
{
	*rp = *o;
	rp->src = o->dst;
	rp->dst = o->src;
	rp->sport = o->dport;
	rp->dport = o->sport;
	if (o->has & TP_ICMP_TYPE)
		rp->icmp_type = o->l4 == IPPROTO_ICMPV6 ? 129 : 0;
}

/* Entry number i of the table seeded with seed. */
static void gen(struct ct *ct, uint64_t seed, uint64_t i, uint32_t timeout)
{
	uint64_t r = mix(seed * 0x100000001b3ULL ^ mix(i));
	uint64_t r2 = mix(r);

	memset(ct, 0, sizeof(*ct));
	ct->orig.l3 = ((r2 >> 8) & 3) == 0 ? AF_INET6 : AF_INET;
	ct->family = ct->orig.l3;
	ct->orig.has = TP_PROTO;
	ct->orig.l4 = pick_l4(r2 % 100);
	gen_addrs(&ct->orig, i, r);
	gen_l4(ct, i, r);
	mirror(&ct->orig, &ct->reply);
	ct_set(ct, CT_ORIG);
	ct_set(ct, CT_REPLY);
	ct_set(ct, CT_STATUS);
	ct_set(ct, CT_TIMEOUT);
	ct_set(ct, CT_MARK);
	ct->mark = i % 4;
	/* SYN_SENT is unreplied by definition; others by lot. */
	if ((r2 >> 16) % 3 == 0 || (ct_has(ct, CT_TCP_STATE) &&
				    ct->tcp.state == TCP_CONNTRACK_SYN_SENT))
		ct->status = 0;
	else
		ct->status = IPS_SEEN_REPLY | IPS_ASSURED;
	ct->timeout = timeout + (r2 >> 24) % 600;
	if (((r2 >> 32) & 7) == 0) {
		ct_set(ct, CT_ZONE);
		ct->zone = 1 + (r2 >> 36) % 3;
	}
}

static const char *tcp_state_word(uint8_t s)
{
	static const char *const w[] = {
		"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
		"CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
	};

	return s < ARRAY_SIZE(w) ? w[s] : "NONE";
}

/* ct as one `conntrack -R' line (the -I syntax of conntrack(8)). */
static void print_line(const struct ct *ct)
{
	const struct ct_tuple *o = &ct->orig;
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

	inet_ntop(o->l3, &o->src, s, sizeof(s));
	inet_ntop(o->l3, &o->dst, d, sizeof(d));
	printf("-I -s %s -d %s -t %u -m %u", s, d, ct->timeout, ct->mark);
	if (ct->status & IPS_ASSURED)
		fputs(" -u ASSURED,SEEN_REPLY", stdout);
	if (ct_has(ct, CT_ZONE))
		printf(" -w %u", ct->zone);
	switch (o->l4) {
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		const char *p = o->l4 == IPPROTO_ICMP ? "icmp" : "icmpv6";

		printf(" -p %s --%s-type %u --%s-code %u --%s-id %u\n", p, p,
		       o->icmp_type, p, o->icmp_code, p, o->icmp_id);
		return;
	}
	case IPPROTO_TCP:
		printf(" -p tcp --state %s", tcp_state_word(ct->tcp.state));
		break;
	case IPPROTO_SCTP:
		printf(" -p sctp --state ESTABLISHED --orig-vtag %u --reply-vtag %u",
		       ct->sctp.vtag[0], ct->sctp.vtag[1]);
		break;
	case IPPROTO_GRE:
		printf(" -p gre --srckey %u --dstkey %u\n", o->sport, o->dport);
		return;
	default:
		printf(" -p %s", o->l4 == IPPROTO_UDP ? "udp" : "unknown");
	}
	printf(" --sport %u --dport %u\n", o->sport, o->dport);
}

struct fill {
	unsigned int failed;
	int first_err;
};

static void on_error(unsigned int index, int err, void *data)
{
	struct fill *f = data;

	if (!f->failed++)
		f->first_err = err;
}

static void fill(uint64_t seed, uint64_t first, uint64_t n, uint32_t timeout,
		 unsigned int per_batch)
{
	struct nl nl;
	struct nl_batch b;
	struct fill f = { 0, 0 };
	struct ct ct;
	uint64_t i;
	double t0 = now();

	bench_open(&nl, 0, 8 << 20);
	/* One sendmsg() must fit the socket's send buffer. */
	nl_batch_init(&b, &nl, 160 * 1024, on_error, &f);
	for (i = first; i < first + n; i++) {
		struct nlmsghdr *nlh;
		int err;

		gen(&ct, seed, i, timeout);
		nlh = nfnl_msg(nl_batch_tail(&b), NFNL_SUBSYS_CTNETLINK,
			       IPCTNL_MSG_CT_NEW, NLM_F_CREATE | NLM_F_EXCL,
			       ct.family);
		if (ct_build(nlh, 8192, &ct) < 0)
			die("ct_build: entry %llu too large", (unsigned long long)i);
		err = nl_batch_push(&b, per_batch);
		if (err < 0) {
			errno = -err;
			die("netlink batch:");
		}
	}
	if (nl_batch_flush(&b) < 0)
		die("netlink batch:");
	nl_batch_free(&b);
	nl_close(&nl);
	if (f.failed) {
		errno = -f.first_err;
		die("%u of %llu creates failed, first:", f.failed,
		    (unsigned long long)n);
	}
	fprintf(stderr, "ctfill: %llu entries created in %.3f s\n",
		(unsigned long long)n, now() - t0);
}

int main(int argc, char **argv)
{
	unsigned long long seed = 1, first = 0, n;
	unsigned long timeout = 3600, per_batch = 512;
	int c, lines = 0;

	msg_prefix = "ctfill: ";
	while ((c = getopt(argc, argv, "s:t:f:b:Rh")) != -1) {
		switch (c) {
		case 's': seed = parse_count(optarg, "seed"); break;
		case 't': timeout = parse_count(optarg, "timeout"); break;
		case 'f': first = parse_count(optarg, "first index"); break;
		case 'b': per_batch = parse_count(optarg, "batch size"); break;
		case 'R': lines = 1; break;
		default:
			fputs(usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind != argc - 1 || per_batch == 0 || timeout == 0) {
		fputs(usage, stderr);
		return 2;
	}
	n = parse_count(argv[optind], "count");
	if (lines) {
		struct ct ct;
		unsigned long long i;

		for (i = first; i < first + n; i++) {
			gen(&ct, seed, i, timeout);
			print_line(&ct);
		}
		return fflush(stdout) ? 1 : 0;
	}
	fill(seed, first, n, timeout, per_batch);
	return 0;
}
