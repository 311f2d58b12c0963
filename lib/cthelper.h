/* cthelper (nfnetlink subsystem 9): user-space conntrack helpers.
 *
 * The kernel keeps, per helper, a name, the tuple it applies to (layer 3
 * and 4 protocol), the NFQUEUE its packets go to, expectation policies,
 * the size of per-connection private data and an enabled flag (spec §5.3).
 * The built-in definitions are the helpers conntrackd ships (spec §6.1):
 * nfct uses them to create kernel helpers, conntrackd to run them. */
#ifndef CTBOX_CTHELPER_H
#define CTBOX_CTHELPER_H

#include <stdint.h>
#include <stdio.h>
#include <linux/netfilter/nfnetlink_cthelper.h>

#define CTH_NAME_MAX	16		/* NF_CT_HELPER_NAME_LEN, with the NUL */
#define CTH_POLICY_MAX	4		/* SET1 .. SET4 */
#define CTH_MSG_MAX	1024		/* room for any request */

/* Which parts of struct cth are set: bits of cth.has. */
enum {
	CTH_NAME	= 1 << 0,
	CTH_L3		= 1 << 1,
	CTH_L4		= 1 << 2,
	CTH_QUEUE	= 1 << 3,
	CTH_POLICY	= 1 << 4,
	CTH_PRIV_LEN	= 1 << 5,
	CTH_STATUS	= 1 << 6,
	CTH_TUPLE	= 1 << 7,	/* parsed: the tuple nest was there */
};

struct cth_policy {
	char name[CTH_NAME_MAX];
	uint32_t expect_max;
	uint32_t expect_timeout;	/* seconds */
};

struct cth {
	char name[CTH_NAME_MAX];
	uint16_t l3;			/* AF_INET, AF_INET6 */
	uint8_t l4;			/* IPPROTO_TCP, IPPROTO_UDP */
	uint8_t has;			/* CTH_* */
	uint32_t queue;
	uint32_t priv_len;
	uint32_t status;		/* NFCT_HELPER_STATUS_* */
	uint32_t npolicy;
	struct cth_policy policy[CTH_POLICY_MAX];
};

/* A helper ctbox knows how to run. */
struct cth_def {
	const char *name;
	uint8_t l4;
	uint32_t priv_len;		/* bytes of per-connection state */
	struct cth_policy policy;	/* every built-in has exactly one */
};

extern const struct cth_def cth_defs[];
extern const unsigned int cth_ndefs;

/* The built-in helper name (exact, case-sensitive) for l4, or NULL. */
const struct cth_def *cth_def_find(const char *name, uint8_t l4);

void cth_set_name(struct cth *h, const char *name);	/* truncates */
/* Fill h from a built-in: name, l3, l4, private data size, policy. */
void cth_from_def(struct cth *h, const struct cth_def *d, uint16_t l3);

/* Build a request of type msg (NFNL_MSG_CTHELPER_*) in buf (at least
 * CTH_MSG_MAX bytes) carrying what h has.  A tuple goes out as
 * soon as l3 is set (l4 0 if unset).  h may be NULL (dump, flush). */
struct nlmsghdr *cth_build(void *buf, uint8_t msg, uint16_t flags,
			   const struct cth *h);
/* Decode a helper from a kernel message (or a request).  What is missing
 * or malformed is left out of h->has; the caller decides what it needs.
 * Returns 0 or -EBADMSG. */
int cth_parse(const struct nlmsghdr *nlh, struct cth *h);
/* Write h as nfct prints it (policies are not printed). */
/* What nfct 1.4.7 needs in an answer to print a helper. */
#define CTH_PRINTABLE	(CTH_NAME | CTH_QUEUE | CTH_TUPLE | CTH_POLICY | CTH_STATUS)
void cth_print(FILE *f, const struct cth *h);

#endif
