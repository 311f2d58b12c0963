/* lib/cthelper.c: requests byte for byte as nfct 1.4.7 sends them (golden
 * messages from strace -e write=3 of Debian's nfct 1.4.7), the built-in
 * helper table, build -> parse round trips, printing, and a fuzz loop.
 * (This machine's kernel has no nfnetlink_cthelper, so no kernel replies.) */
#include <libmnl/libmnl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "unit.h"
#include "cthelper.h"

/* nfct add helper ftp inet tcp */
static const char add_ftp[] =
	"60 00 00 00 00 09 05 04 00 00 00 00 00 00 00 00 00 00 00 00 08 00 01 00 "
	"66 74 70 00 08 00 05 00 00 00 00 18 14 00 02 80 06 00 01 00 00 02 00 00 "
	"05 00 02 00 06 00 00 00 28 00 04 80 1c 00 02 80 08 00 01 00 66 74 70 00 "
	"08 00 02 00 00 00 00 01 08 00 03 00 00 00 01 2c 08 00 01 00 00 00 00 01";
/* nfct add helper ssdp inet6 udp */
static const char add_ssdp6[] =
	"68 00 00 00 00 09 05 04 00 00 00 00 00 00 00 00 00 00 00 00 09 00 01 00 "
	"73 73 64 70 00 00 00 00 08 00 05 00 00 00 00 00 14 00 02 80 06 00 01 00 "
	"00 0a 00 00 05 00 02 00 11 00 00 00 2c 00 04 80 20 00 02 80 09 00 01 00 "
	"73 73 64 70 00 00 00 00 08 00 02 00 00 00 00 08 08 00 03 00 00 00 01 2c "
	"08 00 01 00 00 00 00 01";
/* nfct add helper amanda inet udp */
static const char add_amanda[] =
	"68 00 00 00 00 09 05 04 00 00 00 00 00 00 00 00 00 00 00 00 0b 00 01 00 "
	"61 6d 61 6e 64 61 00 00 08 00 05 00 00 00 00 00 14 00 02 80 06 00 01 00 "
	"00 02 00 00 05 00 02 00 11 00 00 00 2c 00 04 80 20 00 02 80 0b 00 01 00 "
	"61 6d 61 6e 64 61 00 00 08 00 02 00 00 00 00 03 08 00 03 00 00 00 00 b4 "
	"08 00 01 00 00 00 00 01";
/* nfct disable helper ftp inet tcp */
static const char disable_ftp[] =
	"38 00 00 00 00 09 05 04 00 00 00 00 00 00 00 00 00 00 00 00 08 00 01 00 "
	"66 74 70 00 14 00 02 80 06 00 01 00 00 02 00 00 05 00 02 00 06 00 00 00 "
	"08 00 06 00 00 00 00 00";
/* nfct get helper x / x inet / x inet6 udp */
static const char get_x[] =
	"1c 00 00 00 01 09 05 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 01 00 "
	"78 00 00 00";
static const char get_x_l3[] =
	"30 00 00 00 01 09 05 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 01 00 "
	"78 00 00 00 14 00 02 80 06 00 01 00 00 02 00 00 05 00 02 00 00 00 00 00";
static const char get_x_l4[] =
	"30 00 00 00 01 09 05 00 00 00 00 00 00 00 00 00 00 00 00 00 06 00 01 00 "
	"78 00 00 00 14 00 02 80 06 00 01 00 00 0a 00 00 05 00 02 00 11 00 00 00";
/* nfct delete helper aaaa...(41 a) inet tcp: cut to 15 */
static const char del_long[] =
	"3c 00 00 00 02 09 05 00 00 00 00 00 00 00 00 00 00 00 00 00 14 00 01 00 "
	"61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 00 14 00 02 80 06 00 01 00 "
	"00 02 00 00 05 00 02 00 06 00 00 00";
/* nfct flush helper / nfct list helper */
static const char flush[] =
	"14 00 00 00 02 09 05 00 00 00 00 00 00 00 00 00 00 00 00 00";
static const char list[] =
	"14 00 00 00 01 09 01 03 00 00 00 00 00 00 00 00 00 00 00 00";

static char buf[CTH_MSG_MAX];

static void same(const char *name, struct nlmsghdr *nlh, const char *golden)
{
	unit_same_msg(name, nlh, nlh->nlmsg_len, golden);
}

static struct cth builtin(const char *name, uint16_t l3, uint8_t l4)
{
	struct cth h = { 0 };
	const struct cth_def *d = cth_def_find(name, l4);

	if (d)
		cth_from_def(&h, d, l3);
	return h;
}

static void test_build(void)
{
	struct cth h = builtin("ftp", AF_INET, IPPROTO_TCP);
	const uint16_t create = NLM_F_ACK | NLM_F_CREATE;

	same("helper: build add ftp", cth_build(buf, NFNL_MSG_CTHELPER_NEW, create, &h), add_ftp);
	h = builtin("ssdp", AF_INET6, IPPROTO_UDP);
	same("helper: build add ssdp inet6 udp", cth_build(buf, NFNL_MSG_CTHELPER_NEW, create, &h), add_ssdp6);
	h = builtin("amanda", AF_INET, IPPROTO_UDP);
	same("helper: build add amanda", cth_build(buf, NFNL_MSG_CTHELPER_NEW, create, &h), add_amanda);
	h = builtin("ftp", AF_INET, IPPROTO_TCP);
	h.has = CTH_NAME | CTH_L3 | CTH_STATUS;
	h.status = NFCT_HELPER_STATUS_DISABLED;
	same("helper: build disable", cth_build(buf, NFNL_MSG_CTHELPER_NEW, create, &h), disable_ftp);

	h = (struct cth){ 0 };
	cth_set_name(&h, "x");
	same("helper: build get by name", cth_build(buf, NFNL_MSG_CTHELPER_GET, NLM_F_ACK, &h), get_x);
	h.l3 = AF_INET;
	h.has |= CTH_L3;
	same("helper: build get with family only (l4 0)",
	     cth_build(buf, NFNL_MSG_CTHELPER_GET, NLM_F_ACK, &h), get_x_l3);
	h.l3 = AF_INET6;
	h.l4 = IPPROTO_UDP;
	h.has |= CTH_L4;
	same("helper: build get with tuple", cth_build(buf, NFNL_MSG_CTHELPER_GET, NLM_F_ACK, &h), get_x_l4);
	h = (struct cth){ 0 };
	cth_set_name(&h, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	h.l3 = AF_INET;
	h.l4 = IPPROTO_TCP;
	h.has |= CTH_L3 | CTH_L4;
	same("helper: build delete cuts long names to 15 bytes",
	     cth_build(buf, NFNL_MSG_CTHELPER_DEL, NLM_F_ACK, &h), del_long);
	same("helper: build flush", cth_build(buf, NFNL_MSG_CTHELPER_DEL, NLM_F_ACK, NULL), flush);
	same("helper: build dump", cth_build(buf, NFNL_MSG_CTHELPER_GET, NLM_F_DUMP, NULL), list);
}

static void test_defs(void)
{
	static const struct { const char *name; uint8_t l4; uint32_t priv, max, tmo; } want[] = {
		{ "amanda", IPPROTO_UDP, 0, 3, 180 }, { "dhcpv6", IPPROTO_UDP, 0, 1, 300 },
		{ "ftp", IPPROTO_TCP, 24, 1, 300 }, { "mdns", IPPROTO_UDP, 0, 8, 30 },
		{ "rpc", IPPROTO_TCP, 16, 1, 300 }, { "rpc", IPPROTO_UDP, 16, 1, 300 },
		{ "sane", IPPROTO_TCP, 4, 1, 300 }, { "slp", IPPROTO_UDP, 0, 8, 16 },
		{ "ssdp", IPPROTO_TCP, 0, 8, 300 }, { "ssdp", IPPROTO_UDP, 0, 8, 300 },
		{ "tftp", IPPROTO_UDP, 0, 1, 300 }, { "tns", IPPROTO_TCP, 1, 1, 300 },
	};
	unsigned int i, bad = 0;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct cth_def *d = cth_def_find(want[i].name, want[i].l4);

		if (!d || d->priv_len != want[i].priv || d->policy.expect_max != want[i].max ||
		    d->policy.expect_timeout != want[i].tmo || strcmp(d->policy.name, want[i].name))
			bad++;
	}
	unit_check(!bad && cth_ndefs == 12, "helper: built-in table (spec 6.1, nfct 1.4.7 wire)", NULL);
	unit_check(!cth_def_find("ftp", IPPROTO_UDP) && !cth_def_find("FTP", IPPROTO_TCP) &&
		   !cth_def_find("tns", IPPROTO_UDP) && !cth_def_find("", IPPROTO_TCP),
		   "helper: lookup is by exact name and protocol", NULL);
}

static char *print(const struct cth *h)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	cth_print(f, h);
	fclose(f);
	return out;
}

/* What a kernel dump record carries: everything, queue and status too. */
static void test_roundtrip(void)
{
	struct cth h = builtin("ftp", AF_INET, IPPROTO_TCP), back;
	struct nlmsghdr *nlh;
	char *out;

	h.queue = 5;
	h.status = NFCT_HELPER_STATUS_ENABLED;
	h.has |= CTH_QUEUE | CTH_STATUS;
	h.policy[1] = (struct cth_policy){ "ftp-data", 2, 60 };
	h.npolicy = 2;
	nlh = cth_build(buf, NFNL_MSG_CTHELPER_NEW, 0, &h);
	h.has |= CTH_TUPLE;	/* what parsing adds */
	unit_check(cth_parse(nlh, &back) == 0 && back.has == h.has &&
		   (back.has & CTH_PRINTABLE) == CTH_PRINTABLE &&
		   !memcmp(&back, &h, sizeof(h)), "helper: build -> parse round trip", NULL);
	out = print(&back);
	unit_check(!strcmp(out, "{\n\t.name = ftp,\n\t.queuenum = 5,\n\t.l3protonum = 2,\n"
			   "\t.l4protonum = 6,\n\t.priv_data_len = 24,\n\t.status = enabled,\n};\n"),
		   "helper: print enabled helper", out);
	free(out);
	back.status = NFCT_HELPER_STATUS_DISABLED;
	out = print(&back);
	unit_check(strstr(out, "\t.status = disabled,\n") != NULL, "helper: print disabled helper", out);
	free(out);
	back.status = 2;
	out = print(&back);
	unit_check(strstr(out, "\t.status = enabled,\n") != NULL,
		   "helper: any status bit prints enabled (as 1.4.7)", out);
	free(out);

	h.npolicy = 5;	/* more than the kernel allows: the count says 4 */
	nlh = cth_build(buf, NFNL_MSG_CTHELPER_NEW, 0, &h);
	unit_check(cth_parse(nlh, &back) == 0 && back.npolicy == 4, "helper: at most 4 policies", NULL);
}

static void test_fuzz(void)
{
	struct cth h = builtin("ssdp", AF_INET6, IPPROTO_UDP);
	uint8_t seed[CTH_MSG_MAX];
	FILE *null = fopen("/dev/null", "w");
	size_t len;
	int i, parsed = 0;

	h.queue = 3;
	h.has |= CTH_QUEUE | CTH_STATUS;
	len = cth_build(buf, NFNL_MSG_CTHELPER_NEW, 0, &h)->nlmsg_len;
	memcpy(seed, buf, len);
	for (i = 0; i < 30000; i++) {
		size_t n = len, j;
		uint8_t *msg;
		struct nlmsghdr *nlh;
		struct cth got;

		msg = calloc(1, MNL_ALIGN(n));	/* padding: see unit/timeout.c */
		memcpy(msg, seed, n);
		for (j = unit_rand() % 6; j-- > 0;)
			msg[16 + unit_rand() % (n - 16)] = unit_rand();
		if (unit_rand() % 2)
			n = 16 + unit_rand() % (n - 16);
		nlh = (struct nlmsghdr *)msg;
		nlh->nlmsg_len = n;
		if (cth_parse(nlh, &got) == 0) {
			cth_print(null, &got);
			parsed++;
		}
		free(msg);
	}
	fclose(null);
	unit_check(parsed == 30000, "helper: fuzz 30000 damaged messages (none crash)", NULL);
}

int main(void)
{
	test_build();
	test_defs();
	test_roundtrip();
	test_fuzz();
	return unit_done();
}
