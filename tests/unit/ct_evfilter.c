/* Unit test of lib/ct_evfilter.c: the cBPF program it builds is run by a
 * small interpreter (with the kernel's netlink ancillary loads) on kernel
 * messages captured in golden/, and its verdict is compared with
 * ct_filter_match() on the parsed entry.  It must never drop what the
 * user-space filter keeps; where it can express the filter exactly, it
 * must drop what the user-space filter drops. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct_evfilter.h"
#include "golden.h"

#ifndef GOLDEN_DIR
#define GOLDEN_DIR "unit/golden"
#endif

static int failed;

static void check(const char *name, int ok)
{
	printf("%s: ct_evfilter: %s\n", ok ? "PASS" : "FAIL", name);
	if (!ok)
		failed = 1;
}

/* --- the interpreter ------------------------------------------------ */

/* The kernel's nla_find(): the attribute of type t among those at
 * b[off, off + len), or 0. */
static uint32_t nla_find_off(const uint8_t *b, uint32_t off, uint32_t len, uint32_t t)
{
	while (len >= 4) {
		uint16_t l, type;

		memcpy(&l, b + off, 2);
		memcpy(&type, b + off + 2, 2);
		if (l < 4 || l > len)
			return 0;
		if ((type & NLA_TYPE_MASK) == t)
			return off;
		l = NLA_ALIGN(l);
		if (l >= len)
			return 0;
		off += l;
		len -= l;
	}
	return 0;
}

static uint32_t load(const uint8_t *b, uint32_t len, uint32_t off, int size, int *oob)
{
	uint32_t v = 0;
	int i;

	if (off > len || len - off < (uint32_t)size) {
		*oob = 1;
		return 0;
	}
	for (i = 0; i < size; i++)
		v = v << 8 | b[off + i];
	return v;
}

static int sizeof_ld(uint16_t code)
{
	return BPF_SIZE(code) == BPF_W ? 4 : BPF_SIZE(code) == BPF_H ? 2 : 1;
}

/* Returns the verdict (0 = drop), or -1 for an instruction it does not
 * know (the test fails then). */
static long run(const struct sock_filter *p, int n, const uint8_t *b, uint32_t len)
{
	uint32_t A = 0, X = 0;
	int pc, oob = 0;

	for (pc = 0; pc < n; pc++) {
		const struct sock_filter *s;

		if (pc < 0)
			return -1;
		s = &p[pc];
		uint32_t k = s->k;

		switch (s->code) {
		case BPF_LD | BPF_W | BPF_ABS:
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			if (k == (uint32_t)(SKF_AD_OFF + SKF_AD_NLATTR)) {
				A = len < 4U || A > len - 4 ? 0 :
				    nla_find_off(b, A, len - A, X);
			} else if (k == (uint32_t)(SKF_AD_OFF + SKF_AD_NLATTR_NEST)) {
				uint16_t l;

				if (len < 4U || A > len - 4)
					A = 0;
				else if (memcpy(&l, b + A, 2), l > len - A || l < 4)
					A = 0;
				else
					A = nla_find_off(b, A + 4, l - 4, X);
			} else {
				A = load(b, len, k, sizeof_ld(s->code), &oob);
			}
			break;
		case BPF_LD | BPF_W | BPF_IND:
		case BPF_LD | BPF_H | BPF_IND:
		case BPF_LD | BPF_B | BPF_IND:
			A = load(b, len, X + k, sizeof_ld(s->code), &oob);
			break;
		case BPF_LD | BPF_IMM:	A = k; break;
		case BPF_LD | BPF_W | BPF_LEN: A = len; break;
		case BPF_LDX | BPF_IMM:	X = k; break;
		case BPF_MISC | BPF_TAX: X = A; break;
		case BPF_ALU | BPF_AND | BPF_K: A &= k; break;
		case BPF_ALU | BPF_OR | BPF_X: A |= X; break;
		case BPF_ALU | BPF_LSH | BPF_K: A <<= k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += A == k ? s->jt : s->jf; break;
		case BPF_JMP | BPF_JEQ | BPF_X: pc += A == X ? s->jt : s->jf; break;
		case BPF_RET | BPF_K:	return k;
		default:		return -1;
		}
		if (oob)
			return 0;	/* the kernel drops then */
	}
	return -1;			/* fell off the end: invalid */
}

/* --- captured messages ------------------------------------------------ */

static union { struct nlmsghdr h; uint8_t b[8192]; } msgs[32];
static uint32_t lens[32];
static const char *names[] = {
	"dump-dccp", "dump-gre", "dump-icmp", "dump-icmpv6", "dump-labels",
	"dump-nat6", "dump-ping", "dump-sctp", "dump-snat", "dump-status",
	"dump-tcp-nat-seqadj", "dump-tcp-real", "dump-tcp-tuplezone",
	"dump-tcp-zone", "dump-tcp6-helper", "dump-udp-dnat", "dump-udp6",
	"dump-udplite", "dump-unknown", "event-ping-destroy", "event-ping-new",
	"event-ping-update", "event-exp-new",
};
#define NMSG (sizeof(names) / sizeof(names[0]))

static uint32_t load_hex(const char *name, uint8_t *b, size_t room)
{
	char path[256];
	long n;

	snprintf(path, sizeof(path), "%s/%s.hex", GOLDEN_DIR, name);
	n = golden_file(path, b, room);
	return n < 0 ? 0 : (uint32_t)n;
}

/* --- filters ---------------------------------------------------------- */

struct tf {
	const char *name;
	int exact;		/* the program must decide exactly */
	struct ct_filter f;
};

static uint32_t ip4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return a.s_addr;
}

static struct tf filters[32];
static int nfilters;

static struct ct_filter *add(const char *name, int exact)
{
	struct tf *t = &filters[nfilters++];

	t->name = name;
	t->exact = exact;
	return &t->f;
}

static struct ct_tuple *orig(struct ct_filter *f)
{
	f->cmp |= CF_CMP_ON;
	return &f->tmpl.orig;
}

static void src4(struct ct_filter *f, const char *a, int dst)
{
	struct ct_tuple *t = orig(f);

	t->l3 = AF_INET;
	t->has |= dst ? TP_DST : TP_SRC;
	*(dst ? &t->dst.v4 : &t->src.v4) = ip4(a);
}

static void proto(struct ct_filter *f, uint8_t l4)
{
	orig(f)->has |= TP_PROTO;
	orig(f)->l4 = l4;
}

static void make_filters(void)
{
	struct ct_filter *f;

	add("-f ipv4", 1)->family = AF_INET;
	add("-f ipv6", 1)->family = AF_INET6;
	proto(add("-p tcp", 1), IPPROTO_TCP);
	proto(add("-p udp", 1), IPPROTO_UDP);
	proto(add("-p icmp", 1), IPPROTO_ICMP);
	proto(add("-p sctp", 1), IPPROTO_SCTP);
	src4(add("-s 10.0.0.1", 1), "10.0.0.1", 0);
	src4(add("-s 1.1.1.1", 1), "1.1.1.1", 0);
	src4(add("-d 2.2.2.2", 1), "2.2.2.2", 1);
	f = add("-s 1.1.1.1 -d 2.2.2.2 -f ipv4", 1);
	src4(f, "1.1.1.1", 0);
	src4(f, "2.2.2.2", 1);
	f->family = AF_INET;
	f = add("-p tcp --sport 10", 1);
	proto(f, IPPROTO_TCP);
	orig(f)->has |= TP_SPORT;
	orig(f)->sport = 10;
	f = add("-p tcp --dport 20", 1);
	proto(f, IPPROTO_TCP);
	orig(f)->has |= TP_DPORT;
	orig(f)->dport = 20;
	f = add("-p udp --dport 53", 1);
	proto(f, IPPROTO_UDP);
	orig(f)->has |= TP_DPORT;
	orig(f)->dport = 53;
	/* a missing CTA_MARK is accepted by the program: not exact */
	f = add("-m 5", 0);
	f->mark_on = 1, f->mark = 5, f->mark_mask = ~0U;
	f = add("-m 6", 0);
	f->mark_on = 1, f->mark = 6, f->mark_mask = ~0U;
	f = add("-m 4/4", 0);
	f->mark_on = 1, f->mark = 4, f->mark_mask = 4;
	f = add("-m 0", 0);
	f->mark_on = 1, f->mark = 0, f->mark_mask = ~0U;
	f = add("-s ::1", 1);
	orig(f)->l3 = AF_INET6;
	orig(f)->has |= TP_SRC;
	orig(f)->src.v6 = in6addr_loopback;
	f = add("-d ::2 -f ipv6", 1);
	f->family = AF_INET6;
	orig(f)->l3 = AF_INET6;
	orig(f)->has |= TP_DST;
	inet_pton(AF_INET6, "::2", &orig(f)->dst.v6);
	/* beyond the program: it must accept, user space decides */
	f = add("-s 10.0.0.0/8", 0);
	f->mask_l3 = AF_INET, f->mask_src = 1;
	f->src.v4 = ip4("10.0.0.0");
	f->src_mask.v4 = ip4("255.0.0.0");
	f = add("--zone 3", 0);
	f->cmp |= CF_CMP_ON | CF_CMP_ZONE;
	f->tmpl.zone = 3;
}

int main(void)
{
	struct sock_filter prog[CT_EVFILTER_MAX];
	char name[256];
	unsigned int i, j;
	int drops = 0;

	make_filters();
	for (i = 0; i < NMSG; i++) {
		lens[i] = load_hex(names[i], msgs[i].b, sizeof(msgs[i].b));
		snprintf(name, sizeof(name), "capture %s loads", names[i]);
		check(name, lens[i] >= 20 && msgs[i].h.nlmsg_len == lens[i]);
	}
	for (j = 0; j < (unsigned int)nfilters; j++) {
		const struct tf *t = &filters[j];
		int n = ct_evfilter_build(&t->f, prog), bad = 0;

		for (i = 0; i < NMSG && n; i++) {
			struct ct ct;
			long v = run(prog, n, msgs[i].b, lens[i]);
			int ctmsg = msgs[i].h.nlmsg_type >> 8 == NFNL_SUBSYS_CTNETLINK;
			int want = !ctmsg || (ct_parse(&msgs[i].h, &ct) == 0 &&
					      ct_filter_match(&t->f, &ct));

			if (v < 0 || (v == 0 && want) || (t->exact && !v != !want)) {
				printf("  %s on %s: program %ld, ct_filter %d\n",
				       t->name, names[i], v, want);
				bad = 1;
			}
			drops += v == 0;
		}
		snprintf(name, sizeof(name), "%s: %s", t->name,
			 t->exact ? "same verdicts as ct_filter" : "never drops what ct_filter keeps");
		check(name, !bad);
	}
	check("the programs drop something", drops > 20);

	/* what is not one conntrack event passes whole */
	{
		struct ct_filter f;
		static union { struct nlmsghdr h; uint8_t b[16384]; } two;
		struct nlmsghdr *e = &two.h;
		uint32_t l = lens[13];

		memset(&f, 0, sizeof(f));
		f.mark_on = 1, f.mark = 77, f.mark_mask = ~0U;
		ct_evfilter_build(&f, prog);
		check("-m 77 drops dump-tcp-zone (mark 5)",
		      run(prog, ct_evfilter_build(&f, prog), msgs[13].b, l) == 0);
		memcpy(two.b, msgs[13].b, l);
		memcpy(two.b + NLMSG_ALIGN(l), msgs[13].b, l);
		check("two messages in one datagram pass",
		      run(prog, ct_evfilter_build(&f, prog), two.b, NLMSG_ALIGN(l) + l) != 0);
		memset(two.b, 0, 64);
		e->nlmsg_len = NLMSG_LENGTH(sizeof(struct nlmsgerr));
		e->nlmsg_type = NLMSG_ERROR;
		check("NLMSG_ERROR passes",
		      run(prog, ct_evfilter_build(&f, prog), two.b, e->nlmsg_len) != 0);
		e->nlmsg_len = NLMSG_LENGTH(4);
		e->nlmsg_type = NLMSG_DONE;
		check("NLMSG_DONE passes",
		      run(prog, ct_evfilter_build(&f, prog), two.b, e->nlmsg_len) != 0);
		memset(&f, 0, sizeof(f));
		check("no filter: no program", ct_evfilter_build(&f, prog) == 0);
	}
	return failed;
}
