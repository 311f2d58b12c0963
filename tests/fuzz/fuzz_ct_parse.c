/* Fuzz target: ct_parse() on arbitrary bytes (the nfgenmsg and the
 * attributes) behind a netlink header.  What parses must build back and
 * parse again to the same fields; the key and dump-filter builders must
 * give messages that parse too.  Any difference aborts.
 *
 * Built with clang -fsanitize=fuzzer it is a libFuzzer target; built
 * with -DFUZZ_REPLAY it replays files instead (replay.h). */
#define FUZZ_NAME "fuzz_ct_parse"
#include "ct.h"
#include "ct_cmp.h"
#include "fuzz.h"

#define CT_NEW ((NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW)

static void rebuild(const struct ct *a)
{
	struct nlmsghdr *nlh;
	const char *diff;
	struct ct b;

	nlh = out_start(CT_NEW, a->family);
	if (ct_build(nlh, sizeof(out.b), a) < 0)
		fail("ct_build failed", NULL);
	if (ct_parse(nlh, &b) < 0)
		fail("ct_build output does not parse", NULL);
	diff = ct_cmp_built(a, &b);
	if (diff)
		fail("round trip differs", diff);

	nlh = out_start(CT_NEW, a->family);
	if (ct_build_key(nlh, sizeof(out.b), a) < 0 || ct_parse(nlh, &b) < 0)
		fail("ct_build_key output does not parse", NULL);
	nlh = out_start(CT_NEW, a->family);
	if (ct_build_dump_filter(nlh, sizeof(out.b), a, true) < 0 ||
	    ct_parse(nlh, &b) < 0)
		fail("ct_build_dump_filter output does not parse", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr *nlh = wrap(data, size, CT_NEW);
	struct ct_tuple r;
	struct ct ct;

	if (!nlh)
		return 0;
	if (ct_parse(nlh, &ct) == 0) {
		rebuild(&ct);
		/* the name tables and the inverter take any value */
		(void)ct_l4_name(ct.orig.l4);
		(void)ct_l3_name(ct.orig.l3);
		(void)ct_tcp_state_name(ct.tcp.state);
		(void)ct_sctp_state_name(ct.sctp.state);
		(void)ct_dccp_state_name(ct.dccp.state);
		ct_tuple_invert(&ct.orig, &r);
	}
	free(nlh);
	return 0;
}

#include "replay.h"
