/* Helpers of the C unit tests (one .c per tested file includes this
 * after defining TEST_NAME).  A test is begin() ... CHECK()s ... end();
 * it prints "PASS: TEST_NAME name" or, at its first failed check,
 * "FAIL: TEST_NAME name" and then one line per failed check. */
#ifndef CTBOX_TESTLIB_H
#define CTBOX_TESTLIB_H

#include <stdio.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include "golden.h"

#ifndef GOLDEN_DIR
#define GOLDEN_DIR "unit/golden"
#endif

#define BUFSZ 8192
#define CT_NEW_TYPE ((NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW)

static int failed_checks, nfail, npass;
static char tname[128];

static void begin(const char *fmt, const char *arg)
{
	snprintf(tname, sizeof(tname), fmt, arg);
	failed_checks = 0;
}

/* A failed test printed its FAIL line at the first failed check. */
static void end(void)
{
	if (!failed_checks)
		printf("PASS: %s %s\n", TEST_NAME, tname);
	if (failed_checks)
		nfail++;
	else
		npass++;
}

#define CHECK(cond) check((cond), #cond, __LINE__)

static void check(int ok, const char *what, int line)
{
	if (ok)
		return;
	if (!failed_checks)
		printf("FAIL: %s %s\n", TEST_NAME, tname);
	failed_checks++;
	printf("  line %d: %s\n", line, what);
}

/* --- message helpers ------------------------------------------------- */

static union {
	char b[BUFSZ];
	struct nlmsghdr h;
} gbuf, obuf;

/* Read a golden file ('#' comments, hex bytes) into gbuf.  Returns the
 * message, or NULL (and a failed check) if it cannot be read. */
static struct nlmsghdr *golden(const char *name)
{
	char path[256];
	long n;

	snprintf(path, sizeof(path), "%s/%s.hex", GOLDEN_DIR, name);
	n = golden_file(path, (uint8_t *)gbuf.b, sizeof(gbuf.b));
	CHECK(n >= 0);
	if (n < 0)
		return NULL;
	CHECK(n >= (long)sizeof(struct nlmsghdr) && gbuf.h.nlmsg_len == n);
	return n >= (long)sizeof(struct nlmsghdr) ? &gbuf.h : NULL;
}

static struct nlmsghdr *msg_start(void *buf, uint8_t family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));

	nlh->nlmsg_type = CT_NEW_TYPE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nfg->nfgen_family = family;
	return nlh;
}

/* Attribute padding is not part of the contract (libnetfilter_conntrack
 * leaves stack garbage in it): zero it before comparing. */
static void zero_padding(void *p, int len)
{
	struct nlattr *a = p;

	for (; mnl_attr_ok(a, len); a = mnl_attr_next(a)) {
		size_t plen = mnl_attr_get_payload_len(a);
		size_t pad = MNL_ALIGN(a->nla_len) - a->nla_len;

		if ((int)MNL_ALIGN(a->nla_len) <= len)
			memset((char *)mnl_attr_get_payload(a) + plen, 0, pad);
		if (a->nla_type & NLA_F_NESTED)
			zero_padding(mnl_attr_get_payload(a), plen);
		len -= MNL_ALIGN(a->nla_len);
	}
}

/* Same nfgenmsg and attributes (the netlink header differs: seq, flags). */
static int same_payload(struct nlmsghdr *x, struct nlmsghdr *y)
{
	size_t hdr = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg));

	if (x->nlmsg_len != y->nlmsg_len)
		return 0;
	zero_padding((char *)x + hdr, x->nlmsg_len - hdr);
	zero_padding((char *)y + hdr, y->nlmsg_len - hdr);
	return !memcmp((char *)x + MNL_NLMSG_HDRLEN, (char *)y + MNL_NLMSG_HDRLEN,
		       x->nlmsg_len - MNL_NLMSG_HDRLEN);
}

#endif
