/* A conntrack expectation as ctbox holds it, decoded from and encoded to
 * ctnetlink's CTA_EXPECT_* attributes (subsystem NFNL_SUBSYS_CTNETLINK_EXP).
 * Like struct ct: no pointers except fn, presence in a bitmask. */
#ifndef CTBOX_EXP_H
#define CTBOX_EXP_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netfilter/nf_conntrack_common.h>	/* NF_CT_EXPECT_* flags */
#include "ct.h"

/* Which attributes an expectation carries: bits of struct ct_exp.has. */
enum exp_attr {
	EXP_TUPLE,		/* the expected connection */
	EXP_MASK,		/* which bits of it must match */
	EXP_MASTER,		/* original tuple of the master conntrack */
	EXP_TIMEOUT,
	EXP_ID,
	EXP_ZONE,
	EXP_FLAGS,		/* NF_CT_EXPECT_PERMANENT, _INACTIVE, _USERSPACE */
	EXP_CLASS,
	EXP_HELPER,
	EXP_NAT,		/* nat_dir and nat_tuple, always together */
	EXP_FN,			/* expectfn name, e.g. "nat-follow-master" */
	EXP_ATTR_MAX
};

#define EXP_BIT(a)	(1U << (a))
#define exp_has(e, a)	(((e)->has & EXP_BIT(a)) != 0)
#define exp_set(e, a)	((e)->has |= EXP_BIT(a))

struct ct_exp {
	uint32_t has;			/* EXP_BIT(enum exp_attr) */
	uint8_t family;			/* nfgen_family of the message */
	struct ct_tuple tuple, mask, master;
	uint32_t timeout;		/* seconds */
	uint32_t id;
	uint32_t flags;
	uint32_t class;
	uint16_t zone;
	uint32_t nat_dir;		/* 0 original, 1 reply */
	struct ct_tuple nat_tuple;
	char helper[16];		/* NF_CT_HELPER_NAME_LEN */
	const char *fn;			/* parsed: into the message */
};

/* Decode an expectation message (EXP_NEW/EXP_DELETE events, dump and
 * GET answers) into exp, zeroing it first.  Same rules as ct_parse():
 * unknown attributes skipped, malformed ones give -EBADMSG. */
int exp_parse(const struct nlmsghdr *nlh, struct ct_exp *exp);

/* Append exp's attributes in libnetfilter_conntrack's order.  Returns 0
 * or -EMSGSIZE (the message is then left as it was).  The id is never
 * sent.  For EXP_GET and EXP_DELETE, conntrack 1.4.7 puts the expected
 * tuple in CTA_EXPECT_MASTER (get) or CTA_EXPECT_TUPLE (delete): fill
 * master or tuple accordingly. */
int exp_build(struct nlmsghdr *nlh, size_t bufsz, const struct ct_exp *exp);

#endif
