/* cttimeout (nfnetlink subsystem 8): fine-grained timeout policies.
 *
 * A policy is a name, a layer 3/4 protocol pair and one timeout (seconds)
 * per state of the layer 4 tracker.  The state names and their order are
 * nfct 1.4.7's: state i travels as attribute i + 1 inside CTA_TIMEOUT_DATA,
 * which is also the kernel's numbering (spec §5.2). */
#ifndef CTBOX_TIMEOUT_H
#define CTBOX_TIMEOUT_H

#include <stdint.h>
#include <stdio.h>
#include <linux/netfilter/nfnetlink_cttimeout.h>

#define TMO_NAME_MAX	CTNL_TIMEOUT_NAME_MAX	/* with the NUL */
#define TMO_STATES_MAX	11			/* tcp has the most */
#define TMO_L4_GENERIC	255			/* kernel's "any other protocol" */
#define TMO_MSG_MAX	1024			/* room for any request */

/* Which parts of struct tmo are set: bits of tmo.has. */
enum {
	TMO_NAME	= 1 << 0,
	TMO_L3		= 1 << 1,
	TMO_L4		= 1 << 2,
	TMO_USE		= 1 << 3,
};

struct tmo {
	char name[TMO_NAME_MAX];
	uint16_t l3;			/* AF_INET, AF_INET6 */
	uint8_t l4;			/* IPPROTO_*, or TMO_L4_GENERIC */
	uint8_t has;			/* TMO_* */
	uint32_t use;
	uint32_t state_set;		/* bit i: timeout[i] is set */
	uint32_t timeout[TMO_STATES_MAX];
};

/* The state table of one layer 4 protocol. */
struct tmo_proto {
	uint8_t l4;
	uint8_t nstates;
	const char *const *states;
};

/* State table of l4, or NULL if nfct knows none (such a protocol has no
 * state a user can name). */
const struct tmo_proto *tmo_proto(uint8_t l4);
/* State index of name (case-insensitive) in p, or -1. */
int tmo_state(const struct tmo_proto *p, const char *name);

void tmo_set_name(struct tmo *t, const char *name);	/* truncates */
void tmo_set_state(struct tmo *t, unsigned int state, uint32_t secs);

/* Build a request of type msg (IPCTNL_MSG_TIMEOUT_*) in buf (at least
 * TMO_MSG_MAX bytes) carrying what t has: name, l3, l4, then
 * the states set, in state order.  t may be NULL (dump, flush). */
struct nlmsghdr *tmo_build(void *buf, uint8_t msg, uint16_t flags,
			   const struct tmo *t);
/* Decode a policy from a kernel message.  Malformed attributes are left
 * out (as nfct 1.4.7 does), so this only fails on a broken message:
 * returns 0 or -EBADMSG. */
int tmo_parse(const struct nlmsghdr *nlh, struct tmo *t);
/* Write t as nfct 1.4.7 prints it (spec §5.2): the ".NAME = {", l3proto
 * and l4proto lines for what t has, every state of the protocol if t has
 * any of them and nfct knows the protocol, then "};". */
void tmo_print(FILE *f, const struct tmo *t);

#endif
