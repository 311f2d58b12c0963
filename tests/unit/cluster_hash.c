/* The node a flow lands on, xt_cluster's way and nf_tables' jhash way
 * (model in cluster_hash.h).  The vectors are what the kernel (x86_64)
 * did in tests/netns/clusterip.sh, which also checks the model against
 * the kernel for 200 addresses on every run.
 *
 * nf_tables' jhash reads the address bytes in a fixed order, so the
 * vectors hold for it on every CPU.  xt_cluster reads them as the CPU
 * does: on a little-endian CPU it agrees with nf_tables, on a big-endian
 * one it does not, which is why clusterip uses the xt_cluster match
 * itself there (CLUSTERIP_HASH auto).  tests/Makefile runs this file
 * natively and, where a cross compiler and qemu are installed, on
 * big-endian MIPS. */
#include <stdio.h>

#include "cluster_hash.h"

static const struct { uint8_t addr[4]; uint32_t total, seed; int node; } kernel[] = {
	{ { 10, 78, 0, 2 }, 3, 0xdeadbeef, 1 }, { { 10, 78, 0, 3 }, 3, 0xdeadbeef, 2 },
	{ { 10, 78, 0, 4 }, 3, 0xdeadbeef, 2 }, { { 10, 78, 0, 5 }, 3, 0xdeadbeef, 1 },
	{ { 10, 78, 0, 9 }, 3, 0xdeadbeef, 3 }, { { 10, 78, 0, 2 }, 5, 0, 5 },
	{ { 10, 78, 0, 4 }, 5, 0, 2 }, { { 10, 78, 0, 7 }, 5, 0, 4 },
	{ { 10, 78, 0, 9 }, 5, 0, 1 },
};
#define NVEC (sizeof(kernel) / sizeof(kernel[0]))

static int report(int ok, const char *name)
{
	printf("%s: cluster_hash %s (%s endian)\n", ok ? "PASS" : "FAIL", name,
	       __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "little" : "big");
	return !ok;
}

int main(void)
{
	unsigned int i, nft_ok = 0, xt_ok = 0, differ = 0;
	uint8_t a[4] = { 10, 78, 0, 0 };
	int fails = 0;

	for (i = 0; i < NVEC; i++) {
		nft_ok += nft_jhash_node(kernel[i].addr, kernel[i].total, kernel[i].seed) == kernel[i].node;
		xt_ok += xt_cluster_node(kernel[i].addr, kernel[i].total, kernel[i].seed) == kernel[i].node;
	}
	for (i = 2; i < 202; i++) {
		a[3] = i;
		differ += xt_cluster_node(a, 2, 0x2f1e5a07) != nft_jhash_node(a, 2, 0x2f1e5a07);
	}
	fails += report(nft_ok == NVEC, "nf_tables jhash model gives the kernel's nodes");
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {
		fails += report(xt_ok == NVEC, "xt_cluster model gives the kernel's nodes");
		fails += report(differ == 0, "xt_cluster and jhash agree on 200 addresses");
	} else {
		printf("xt_cluster and jhash disagree on %u of 200 addresses\n", differ);
		fails += report(differ > 0, "xt_cluster and jhash disagree: the xt match is needed");
	}
	return fails != 0;
}
