/* Fuzz target: nfct's codecs (tmo_parse, cth_parse) on arbitrary bytes
 * behind a netlink header.  The first byte picks the subsystem (even:
 * cttimeout, odd: cthelper).  What parses must print without trouble,
 * and what the build sends of it must parse back to the same fields. */
#define FUZZ_NAME "fuzz_nfct_parse"
#include <linux/netfilter/nfnetlink_cthelper.h>
#include "timeout.h"
#include "cthelper.h"
#include "fuzz.h"

#define TMO_NEW ((NFNL_SUBSYS_CTNETLINK_TIMEOUT << 8) | IPCTNL_MSG_TIMEOUT_NEW)
#define CTH_NEW ((NFNL_SUBSYS_CTHELPER << 8) | NFNL_MSG_CTHELPER_NEW)

static FILE *sink(void)
{
	static FILE *f;

	if (!f && !(f = fopen("/dev/null", "w")))
		fail("cannot open /dev/null", NULL);
	return f;
}

static void timeout_round_trip(const struct nlmsghdr *nlh)
{
	static char buf[TMO_MSG_MAX];
	struct tmo a, b;
	unsigned int i;

	if (tmo_parse(nlh, &a) < 0)
		return;
	tmo_print(sink(), &a);
	if (tmo_parse(tmo_build(buf, IPCTNL_MSG_TIMEOUT_NEW, 0, &a), &b) < 0)
		fail("tmo_build output does not parse", NULL);
	if ((a.has & ~TMO_USE) != b.has || strcmp(a.name, b.name) ||
	    (a.has & TMO_L3 && a.l3 != b.l3) || (a.has & TMO_L4 && a.l4 != b.l4) ||
	    a.state_set != b.state_set)
		fail("timeout round trip differs", a.name);
	for (i = 0; i < TMO_STATES_MAX; i++)
		if (a.state_set & (1u << i) && a.timeout[i] != b.timeout[i])
			fail("timeout round trip: state value differs", a.name);
}

static void helper_round_trip(const struct nlmsghdr *nlh)
{
	static char buf[CTH_MSG_MAX];
	const uint8_t sent = CTH_NAME | CTH_QUEUE | CTH_PRIV_LEN | CTH_STATUS |
			     CTH_L3 | CTH_POLICY;
	struct cth a, b;
	unsigned int i;

	if (cth_parse(nlh, &a) < 0)
		return;
	cth_print(sink(), &a);
	if (a.npolicy > CTH_POLICY_MAX)
		fail("cth_parse: more policies than room", NULL);
	if (cth_parse(cth_build(buf, NFNL_MSG_CTHELPER_NEW, 0, &a), &b) < 0)
		fail("cth_build output does not parse", NULL);
	if ((a.has & sent) != (b.has & sent) || strcmp(a.name, b.name) ||
	    a.queue != b.queue || a.priv_len != b.priv_len ||
	    a.status != b.status || (a.has & CTH_L3 && a.l3 != b.l3) ||
	    a.npolicy != b.npolicy)
		fail("helper round trip differs", a.name);
	for (i = 0; i < a.npolicy; i++)
		if (strcmp(a.policy[i].name, b.policy[i].name) ||
		    a.policy[i].expect_max != b.policy[i].expect_max ||
		    a.policy[i].expect_timeout != b.policy[i].expect_timeout)
			fail("helper round trip: policy differs", a.name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr *nlh;
	int helper;

	if (size < 1)
		return 0;
	helper = data[0] & 1;
	nlh = wrap(data + 1, size - 1, helper ? CTH_NEW : TMO_NEW);
	if (!nlh)
		return 0;
	if (helper)
		helper_round_trip(nlh);
	else
		timeout_round_trip(nlh);
	free(nlh);
	return 0;
}

#include "replay.h"
