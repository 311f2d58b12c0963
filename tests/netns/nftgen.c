/* lib/nft's generation check, against the kernel (run inside a
 * namespace by tests/netns/clusterip.sh): a transaction started at a
 * generation that is no longer current is refused with ERESTART and
 * changes nothing; at the current one it goes through.  Prints one
 * PASS:/FAIL: line per check. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/netfilter.h>

#include "nft.h"

static int add_table(struct nl *nl, uint32_t gen, const char *name)
{
	struct nft_txn t;

	nft_txn_begin_gen(&t, nl, gen);
	nft_add_table(&t, NFPROTO_IPV4, name, NULL, 0);
	return nft_txn_commit(&t);
}

static void report(int ok, const char *what)
{
	printf("%s: nft generation: %s\n", ok ? "PASS" : "FAIL", what);
}

int main(void)
{
	struct nl nl;
	uint32_t g0, g1;
	size_t len = 0;

	if (nl_open(&nl, NETLINK_NETFILTER, 0) < 0 || nft_genid(&nl, &g0) < 0) {
		report(0, "read the generation");
		return 1;
	}
	report(add_table(&nl, g0, "cipgen_a") == 0, "commit at the current generation");
	report(nft_genid(&nl, &g1) == 0 && g1 != g0, "a commit moves the generation on");
	report(add_table(&nl, g0, "cipgen_b") == -ERESTART, "commit at an old one: ERESTART");
	report(nft_table_udata(&nl, NFPROTO_IPV4, "cipgen_b", NULL, &len) == -ENOENT,
	       "and nothing changed");
	nl_close(&nl);
	return 0;
}
