/* Fuzz target: exp_parse() on arbitrary bytes behind a netlink header;
 * what parses must build back and parse to the same fields. */
#define FUZZ_NAME "fuzz_exp_parse"
#include "exp.h"
#include "exp_cmp.h"
#include "fuzz.h"

#define EXP_NEW ((NFNL_SUBSYS_CTNETLINK_EXP << 8) | IPCTNL_MSG_EXP_NEW)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr *nlh = wrap(data, size, EXP_NEW);
	struct ct_exp a, b;
	const char *diff;

	if (!nlh)
		return 0;
	if (exp_parse(nlh, &a) == 0) {
		struct nlmsghdr *o = out_start(EXP_NEW, a.family);

		if (exp_build(o, sizeof(out.b), &a) < 0)
			fail("exp_build failed", NULL);
		if (exp_parse(o, &b) < 0)
			fail("exp_build output does not parse", NULL);
		diff = exp_cmp_built(&a, &b);
		if (diff)
			fail("round trip differs", diff);
	}
	free(nlh);
	return 0;
}

#include "replay.h"
