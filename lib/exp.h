/* A conntrack expectation as ctbox holds it, decoded from (and encoded
 * to) ctnetlink CTNETLINK_EXP attributes by lib/exp_codec.c.  Same
 * conventions as struct ct (ct.h): presence in a bitmask, ports and ids
 * in host order, addresses in network order, no pointers (conntrackd
 * keeps these in caches). */
#ifndef CTBOX_EXP_H
#define CTBOX_EXP_H

#include <stddef.h>
#include <stdint.h>
#include "ct.h"

/* Which attributes an expectation carries: bits of struct ct_exp.has. */
enum exp_attr {
	EXP_MASTER,		/* CTA_EXPECT_MASTER: the connection it belongs to */
	EXP_TUPLE,		/* CTA_EXPECT_TUPLE: the connection expected */
	EXP_MASK,		/* CTA_EXPECT_MASK: which bits of TUPLE must match */
	EXP_TIMEOUT,
	EXP_ID,
	EXP_HELPER,		/* CTA_EXPECT_HELP_NAME */
	EXP_ZONE,
	EXP_FLAGS,		/* NF_CT_EXPECT_PERMANENT | INACTIVE | USERSPACE */
	EXP_CLASS,
	EXP_NAT,		/* CTA_EXPECT_NAT: nat_dir + nat tuple, together */
	EXP_FN,			/* CTA_EXPECT_FN: expectfn name */
	EXP_ATTR_MAX
};

#define EXP_BIT(a)	(1U << (a))
#define exp_has(e, a)	(((e)->has & EXP_BIT(a)) != 0)
#define exp_set(e, a)	((e)->has |= EXP_BIT(a))

/* NF_CT_EXPECT_* flags (linux/netfilter/nf_conntrack_common.h). */
#define EXP_F_PERMANENT	0x1
#define EXP_F_INACTIVE	0x2
#define EXP_F_USERSPACE	0x4

struct ct_exp {
	uint32_t has;			/* EXP_BIT(enum exp_attr) */
	uint8_t family;			/* nfgen_family of the message */
	struct ct_tuple master, tuple, mask, nat;
	uint32_t timeout;		/* seconds */
	uint32_t id;
	uint32_t flags;
	uint32_t class;
	uint32_t nat_dir;		/* IP_CT_DIR_ORIGINAL / REPLY */
	uint16_t zone;
	char helper[16];		/* NF_CT_HELPER_NAME_LEN */
	char fn[32];			/* the kernel's are like "nat-follow-master" */
};

/* --- codec (lib/exp_codec.c) --------------------------------------- */

/* Decode an expectation message (EXP_NEW/EXP_DELETE events, dump and GET
 * answers) into exp, zeroing it first.  Same rules as ct_parse(): unknown
 * attributes skipped; a malformed message, a helper name over 15 or an
 * expectfn name over 31 characters give -EBADMSG. */
int exp_parse(const struct nlmsghdr *nlh, struct ct_exp *exp);

/* Append exp's attributes in libnetfilter_conntrack's order.  Returns 0
 * or -EMSGSIZE (the message is then left as it was).  The id is never
 * sent.  conntrack 1.4.7 names the expectation to EXP_GET by its
 * expected tuple in CTA_EXPECT_MASTER and to EXP_DELETE in
 * CTA_EXPECT_TUPLE (the kernel takes either): fill master or tuple. */
int exp_build(struct nlmsghdr *nlh, size_t bufsz, const struct ct_exp *exp);

#endif
