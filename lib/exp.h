/* A conntrack expectation as ctbox holds it, decoded from (and encoded
 * to) ctnetlink CTNETLINK_EXP attributes.  Same conventions as struct ct
 * (ct.h): presence in a bitmask, ports and ids in host order, addresses
 * in network order, no pointers.
 *
 * (Proposed by the printer so exp_snprint() has something to print; the
 * codec owns this file and its exp_parse/exp_build.) */
#ifndef CTBOX_EXP_H
#define CTBOX_EXP_H

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
	EXP_NAT,		/* CTA_EXPECT_NAT: nat_dir + nat tuple */
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
	uint32_t timeout;
	uint32_t id;
	uint32_t flags;
	uint32_t class;
	uint32_t nat_dir;		/* IP_CT_DIR_ORIGINAL / REPLY */
	uint16_t zone;
	char helper[16];		/* NF_CT_HELPER_NAME_LEN */
	char fn[32];
};

#endif
