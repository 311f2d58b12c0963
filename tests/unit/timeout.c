/* lib/timeout.c: requests byte for byte as nfct 1.4.7 sends them, kernel
 * replies decoded and printed as nfct 1.4.7 prints them, and a fuzz loop
 * over damaged replies.  The golden messages were taken with
 * strace -e write=3 / -e read=3 from Debian's nfct 1.4.7 on kernel 6.18. */
#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "unit.h"
#include "timeout.h"

/* nfct add timeout t1 inet tcp established 100 syn_sent 3 */
static const char add_tcp[] =
	"40 00 00 00 00 08 05 04 00 00 00 00 00 00 00 00 00 00 00 00 07 00 01 00 "
	"74 31 00 00 06 00 02 00 00 02 00 00 05 00 03 00 06 00 00 00 14 00 04 80 "
	"08 00 01 00 00 00 00 03 08 00 03 00 00 00 00 64";
/* nfct add timeout t2 inet udp */
static const char add_nostate[] =
	"2c 00 00 00 00 08 05 04 00 00 00 00 00 00 00 00 00 00 00 00 07 00 01 00 "
	"74 32 00 00 06 00 02 00 00 02 00 00 05 00 03 00 11 00 00 00";
/* nfct get / delete timeout t1 */
static const char get_t1[] =
	"1c 00 00 00 01 08 05 00 00 00 00 00 00 00 00 00 00 00 00 00 07 00 01 00 "
	"74 31 00 00";
static const char del_t1[] =
	"1c 00 00 00 02 08 05 00 00 00 00 00 00 00 00 00 00 00 00 00 07 00 01 00 "
	"74 31 00 00";
/* nfct flush timeout / nfct list timeout */
static const char flush[] =
	"14 00 00 00 02 08 05 00 00 00 00 00 00 00 00 00 00 00 00 00";
static const char list[] =
	"14 00 00 00 01 08 01 03 00 00 00 00 00 00 00 00 00 00 00 00";
/* nfct default-get timeout inet6 udp */
static const char defget[] =
	"24 00 00 00 04 08 05 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 02 00 "
	"00 0a 00 00 05 00 03 00 11 00 00 00";
/* nfct default-set timeout inet udp replied 120 */
static const char defset[] =
	"30 00 00 00 03 08 05 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 02 00 "
	"00 02 00 00 05 00 03 00 11 00 00 00 0c 00 04 80 08 00 02 00 00 00 00 78";
/* nfct add timeout aaaa...(44 a) inet udp replied 5: cut to 31 */
static const char add_long[] =
	"54 00 00 00 00 08 05 04 00 00 00 00 00 00 00 00 00 00 00 00 24 00 01 00 "
	"61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 "
	"61 61 61 61 61 61 61 00 06 00 02 00 00 02 00 00 05 00 03 00 11 00 00 00 "
	"0c 00 04 80 08 00 02 00 00 00 00 05";

/* kernel's answer to "get timeout t1" (policy t1 above, use 1) */
static const char reply_t1[] =
	"90 00 00 00 00 08 02 00 13 fb 06 6b ba 78 00 00 00 00 00 00 07 00 01 00 "
	"74 31 00 00 06 00 02 00 00 02 00 00 05 00 03 00 06 00 00 00 08 00 05 00 "
	"00 00 00 01 5c 00 04 80 08 00 01 00 00 00 00 03 08 00 02 00 00 00 00 3c "
	"08 00 03 00 00 00 00 64 08 00 04 00 00 00 00 78 08 00 05 00 00 00 00 3c "
	"08 00 06 00 00 00 00 1e 08 00 07 00 00 00 00 78 08 00 08 00 00 00 00 0a "
	"08 00 09 00 00 00 00 78 08 00 0a 00 00 00 01 2c 08 00 0b 00 00 00 01 2c";
static const char print_t1[] =
	".t1 = {\n\t.l3proto = 2,\n\t.l4proto = 6,\n\t.policy = {\n"
	"\t\t.SYN_SENT = 3,\n\t\t.SYN_RECV = 60,\n\t\t.ESTABLISHED = 100,\n"
	"\t\t.FIN_WAIT = 120,\n\t\t.CLOSE_WAIT = 60,\n\t\t.LAST_ACK = 30,\n"
	"\t\t.TIME_WAIT = 120,\n\t\t.CLOSE = 10,\n\t\t.SYN_SENT2 = 120,\n"
	"\t\t.RETRANS = 300,\n\t\t.UNACKNOWLEDGED = 300,\n\t},\n};\n";
/* sctp: the kernel sends 9 states, nfct prints its 7 */
static const char reply_s1[] =
	"80 00 00 00 00 08 02 00 13 fb 06 6b c2 78 00 00 00 00 00 00 07 00 01 00 "
	"73 31 00 00 06 00 02 00 00 02 00 00 05 00 03 00 84 00 00 00 08 00 05 00 "
	"00 00 00 01 4c 00 04 80 08 00 01 00 00 00 00 0a 08 00 02 00 00 00 00 03 "
	"08 00 03 00 00 00 00 03 08 00 04 00 00 00 00 64 08 00 05 00 00 00 00 03 "
	"08 00 06 00 00 00 00 03 08 00 07 00 00 00 00 03 08 00 08 00 00 00 00 1e "
	"08 00 09 00 00 00 00 00";
static const char print_s1[] =
	".s1 = {\n\t.l3proto = 2,\n\t.l4proto = 132,\n\t.policy = {\n"
	"\t\t.CLOSED = 10,\n\t\t.COOKIE_WAIT = 3,\n\t\t.COOKIE_ECHOED = 3,\n"
	"\t\t.ESTABLISHED = 100,\n\t\t.SHUTDOWN_SENT = 3,\n\t\t.SHUTDOWN_RECD = 3,\n"
	"\t\t.SHUTDOWN_ACK_SENT = 3,\n\t},\n};\n";
/* default-get timeout inet6 icmpv6: no name */
static const char reply_icmp6[] =
	"30 00 00 00 03 08 02 00 11 fb 06 6b 97 78 00 00 00 00 00 00 06 00 02 00 "
	"00 0a 00 00 05 00 03 00 3a 00 00 00 0c 00 04 80 08 00 01 00 00 00 00 1e";
static const char print_icmp6[] =
	"\t.l3proto = 10,\n\t.l4proto = 58,\n\t.policy = {\n"
	"\t\t.TIMEOUT = 30,\n\t},\n};\n";

static char buf[TMO_MSG_MAX];

static void same(const char *name, struct nlmsghdr *nlh, const char *golden)
{
	unit_same_msg(name, nlh, nlh->nlmsg_len, golden);
}

static struct tmo policy(const char *name, uint16_t l3, uint8_t l4)
{
	struct tmo t = { 0 };

	if (name)
		tmo_set_name(&t, name);
	t.l3 = l3;
	t.l4 = l4;
	t.has |= TMO_L3 | TMO_L4;
	return t;
}

static void test_build(void)
{
	struct tmo t = policy("t1", AF_INET, IPPROTO_TCP);

	tmo_set_state(&t, 2, 100);
	tmo_set_state(&t, 0, 3);
	same("timeout: build add tcp (states in index order)",
	     tmo_build(buf, IPCTNL_MSG_TIMEOUT_NEW, NLM_F_ACK | NLM_F_CREATE, &t), add_tcp);
	t = policy("t2", AF_INET, IPPROTO_UDP);
	same("timeout: build add without states has no DATA",
	     tmo_build(buf, IPCTNL_MSG_TIMEOUT_NEW, NLM_F_ACK | NLM_F_CREATE, &t), add_nostate);
	t = (struct tmo){ 0 };
	tmo_set_name(&t, "t1");
	same("timeout: build get", tmo_build(buf, IPCTNL_MSG_TIMEOUT_GET, NLM_F_ACK, &t), get_t1);
	same("timeout: build delete", tmo_build(buf, IPCTNL_MSG_TIMEOUT_DELETE, NLM_F_ACK, &t), del_t1);
	same("timeout: build flush", tmo_build(buf, IPCTNL_MSG_TIMEOUT_DELETE, NLM_F_ACK, NULL), flush);
	same("timeout: build dump", tmo_build(buf, IPCTNL_MSG_TIMEOUT_GET, NLM_F_DUMP, NULL), list);
	t = policy(NULL, AF_INET6, IPPROTO_UDP);
	same("timeout: build default-get",
	     tmo_build(buf, IPCTNL_MSG_TIMEOUT_DEFAULT_GET, NLM_F_ACK, &t), defget);
	t = policy(NULL, AF_INET, IPPROTO_UDP);
	tmo_set_state(&t, 1, 120);
	same("timeout: build default-set",
	     tmo_build(buf, IPCTNL_MSG_TIMEOUT_DEFAULT_SET, NLM_F_ACK, &t), defset);
	t = policy("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", AF_INET, IPPROTO_UDP);
	tmo_set_state(&t, 1, 5);
	same("timeout: build add cuts long names to 31 bytes",
	     tmo_build(buf, IPCTNL_MSG_TIMEOUT_NEW, NLM_F_ACK | NLM_F_CREATE, &t), add_long);
}

static void parse_print(const char *name, const char *hex, const char *want)
{
	uint8_t msg[1024];
	char *out = NULL;
	size_t n = unit_hex(hex, msg, sizeof(msg)), outlen = 0;
	struct tmo t;
	FILE *f;

	if (n < sizeof(struct nlmsghdr) || tmo_parse((struct nlmsghdr *)msg, &t) < 0) {
		unit_check(0, name, "parse failed");
		return;
	}
	f = open_memstream(&out, &outlen);
	tmo_print(f, &t);
	fclose(f);
	unit_check(!strcmp(out, want), name, out);
	free(out);
}

static void test_states(void)
{
	static const struct { uint8_t l4; int n; const char *first, *last; } p[] = {
		{ IPPROTO_TCP, 11, "syn_sent", "Unacknowledged" },
		{ IPPROTO_UDP, 2, "unreplied", "REPLIED" },
		{ IPPROTO_UDPLITE, 2, "unreplied", "replied" },
		{ IPPROTO_GRE, 2, "unreplied", "replied" },
		{ IPPROTO_SCTP, 7, "closed", "shutdown_ack_sent" },
		{ IPPROTO_DCCP, 7, "request", "timewait" },
		{ IPPROTO_ICMP, 1, "timeout", "TIMEOUT" },
		{ IPPROTO_ICMPV6, 1, "timeout", "TIMEOUT" },
		{ TMO_L4_GENERIC, 1, "TimeOut", "timeout" },
	};
	size_t i;
	char name[80];

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		const struct tmo_proto *tp = tmo_proto(p[i].l4);

		snprintf(name, sizeof(name), "timeout: protocol %u state names", p[i].l4);
		unit_check(tp && tp->nstates == p[i].n &&
			   tmo_state(tp, p[i].first) == 0 &&
			   tmo_state(tp, p[i].last) == p[i].n - 1 &&
			   tmo_state(tp, "bogus") < 0, name, NULL);
	}
	unit_check(!tmo_proto(IPPROTO_ESP) && tmo_state(NULL, "timeout") < 0,
		   "timeout: protocols without a table have no states", NULL);
	unit_check(tmo_state(tmo_proto(IPPROTO_SCTP), "heartbeat_sent") < 0,
		   "timeout: sctp heartbeat states are not nfct's", NULL);
}

static void test_print_unknown_l4(void)
{
	struct tmo t = policy("esp", AF_INET, IPPROTO_ESP);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	tmo_set_state(&t, 0, 9);
	tmo_print(f, &t);
	fclose(f);
	unit_check(!strcmp(out, ".esp = {\n\t.l3proto = 2,\n\t.l4proto = 50,\n};\n"),
		   "timeout: no policy block for a protocol nfct has no table for", out);
	free(out);
	out = NULL;
	t = (struct tmo){ 0 };
	t.l4 = IPPROTO_UDP;
	t.has = TMO_L4;
	tmo_set_state(&t, 2, 9);	/* not a udp state */
	f = open_memstream(&out, &len);
	tmo_print(f, &t);
	tmo_set_state(&t, 1, 5);
	tmo_print(f, &t);
	t.has = 0;
	tmo_print(f, &t);
	fclose(f);
	unit_check(!strcmp(out, "\t.l4proto = 17,\n};\n"
			   "\t.l4proto = 17,\n\t.policy = {\n\t\t.UNREPLIED = 0,\n"
			   "\t\t.REPLIED = 5,\n\t},\n};\n"
			   "};\n"),
		   "timeout: print only what the answer has (1.4.7)", out);
	free(out);
}

/* Damage valid replies at random; parse + print must neither crash nor
 * read outside the message (the sanitizers watch). */
static void test_fuzz(void)
{
	const char *seeds[] = { reply_t1, reply_s1, reply_icmp6 };
	FILE *null = fopen("/dev/null", "w");
	int i, parsed = 0;

	for (i = 0; i < 30000; i++) {
		uint8_t tmp[1024], *msg;
		size_t n = unit_hex(seeds[i % 3], tmp, sizeof(tmp)), j;
		struct nlmsghdr *nlh;
		struct tmo t;

		for (j = unit_rand() % 6; j-- > 0;)
			tmp[16 + unit_rand() % (n - 16)] = unit_rand();
		if (unit_rand() % 2)
			n = 16 + unit_rand() % (n - 16);
		/* libmnl may look at the alignment padding after the last
		 * attribute; in nl_talk() that is inside the receive buffer */
		msg = calloc(1, MNL_ALIGN(n));
		memcpy(msg, tmp, n);
		nlh = (struct nlmsghdr *)msg;
		/* what mnl_nlmsg_ok() guarantees before a callback runs */
		if (nlh->nlmsg_len > n || nlh->nlmsg_len < 20)
			nlh->nlmsg_len = n;
		if (tmo_parse(nlh, &t) == 0) {
			tmo_print(null, &t);
			parsed++;
		}
		free(msg);
	}
	fclose(null);
	unit_check(parsed == 30000, "timeout: fuzz 30000 damaged replies (none crash)", NULL);
}

int main(void)
{
	test_build();
	parse_print("timeout: parse and print tcp reply", reply_t1, print_t1);
	parse_print("timeout: parse and print sctp reply (7 of 9 states)", reply_s1, print_s1);
	parse_print("timeout: default-get reply has no name line", reply_icmp6, print_icmp6);
	test_states();
	test_print_unknown_l4();
	test_fuzz();
	return unit_done();
}
