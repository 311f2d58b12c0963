/* Common to the fuzz targets. */
#ifndef CTBOX_FUZZ_H
#define CTBOX_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: say which and crash, so libFuzzer keeps the input. */
static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "%s: %s%s%s\n", FUZZ_NAME, what, detail ? ": " : "",
		detail ? detail : "");
	abort();
}

/* The input as a whole netlink message of its own heap block (so reads
 * past its end are caught): header of type, then the bytes. */
static struct nlmsghdr *wrap(const uint8_t *data, size_t size, uint16_t type)
{
	struct nlmsghdr *nlh;

	if (size > 0xffff - MNL_NLMSG_HDRLEN)
		return NULL;
	nlh = malloc(MNL_NLMSG_HDRLEN + size);
	if (!nlh)
		return NULL;
	memset(nlh, 0, MNL_NLMSG_HDRLEN);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + size;
	nlh->nlmsg_type = type;
	memcpy((char *)nlh + MNL_NLMSG_HDRLEN, data, size);
	return nlh;
}

static union {
	char b[65536];
	struct nlmsghdr h;
} out;

/* Start an output message in out.b. */
static struct nlmsghdr *out_start(uint16_t type, uint8_t family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(out.b);
	struct nfgenmsg *nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));

	nlh->nlmsg_type = type;
	nfg->nfgen_family = family;
	return nlh;
}

#endif
