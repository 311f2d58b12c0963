/* nf_tables over netfilter netlink: a small codec of our own.
 *
 * Changes go out as one transaction: nft_txn_begin(), messages built with
 * nft_txn_msg() and the expression helpers, nft_txn_commit().  The kernel
 * applies all of it or none of it; every message asks for an ACK so a
 * refusal is matched back to the message (by sequence number) that caused
 * it.  Reading (table user data, rules with their counters) goes through
 * plain requests on the same socket. */
#ifndef CTBOX_NFT_H
#define CTBOX_NFT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netfilter/nf_tables.h>

#include "nl.h"

struct nft_txn {
	struct nl *nl;
	char *buf;
	size_t len, cap;
	uint32_t first_seq;	/* sequence number of the first message */
	unsigned int count;	/* messages after BATCH_BEGIN */
	int err_index;		/* message the kernel refused first, or -1 */
	struct nlmsghdr *open;	/* message being built at the tail, or NULL */
};

void nft_txn_begin(struct nft_txn *t, struct nl *nl);
/* The same, valid only while the ruleset is still at generation genid
 * (nft_genid()): else the commit fails with -ERESTART and changes
 * nothing, so read-modify-write callers can read again and retry. */
void nft_txn_begin_gen(struct nft_txn *t, struct nl *nl, uint32_t genid);
/* Start message NFT_MSG_<type> for family; the caller adds attributes. */
struct nlmsghdr *nft_txn_msg(struct nft_txn *t, int type, uint16_t flags,
			     uint8_t family);
/* Send everything between BATCH_BEGIN/END and wait for every ACK.
 * Returns 0, or the first error (-errno; text in nl->ext_msg, index of
 * the culprit in t->err_index).  Frees the buffer either way. */
int nft_txn_commit(struct nft_txn *t);
/* What commit sends: BATCH_END added, every message numbered from
 * nl->seq on; t->buf/t->len hold it.  Commit calls it; tests look. */
void nft_txn_seal(struct nft_txn *t);
void nft_txn_free(struct nft_txn *t);

/* Messages.  udata may be NULL. */
void nft_add_table(struct nft_txn *t, uint8_t family, const char *name,
		   const void *udata, size_t udlen);
void nft_del_table(struct nft_txn *t, uint8_t family, const char *name);
/* hook < 0: a regular chain (a jump target); type is "filter" or "nat". */
void nft_add_chain(struct nft_txn *t, uint8_t family, const char *table,
		   const char *name, const char *type, int hook, int prio);
void nft_del_rule(struct nft_txn *t, uint8_t family, const char *table,
		  const char *chain, uint64_t handle);
/* A rule: nft_rule_begin(), expressions, nft_rule_end(). */
struct nlmsghdr *nft_rule_begin(struct nft_txn *t, uint8_t family,
				const char *table, const char *chain,
				const void *udata, size_t udlen);
void nft_rule_end(struct nlmsghdr *nlh);

/* Expressions, in rule order.  Registers are NFT_REG_*; data is in the
 * byte order the kernel compares it in. */
void nft_expr_meta(struct nlmsghdr *nlh, uint32_t key, uint32_t dreg);
void nft_expr_meta_set(struct nlmsghdr *nlh, uint32_t key, uint32_t sreg);
/* dir < 0: no direction (ct state, mark ...) */
void nft_expr_ct(struct nlmsghdr *nlh, uint32_t key, uint32_t dreg, int dir);
void nft_expr_cmp(struct nlmsghdr *nlh, uint32_t sreg, uint32_t op,
		  const void *data, size_t len);
void nft_expr_bitwise(struct nlmsghdr *nlh, uint32_t reg, const void *mask,
		      const void *xor, size_t len);
void nft_expr_payload(struct nlmsghdr *nlh, uint32_t base, uint32_t off,
		      uint32_t len, uint32_t dreg);
void nft_expr_payload_set(struct nlmsghdr *nlh, uint32_t base, uint32_t off,
			  uint32_t len, uint32_t sreg);
void nft_expr_jhash(struct nlmsghdr *nlh, uint32_t sreg, uint32_t dreg,
		    uint32_t len, uint32_t modulus, uint32_t seed);
void nft_expr_imm(struct nlmsghdr *nlh, uint32_t dreg, const void *data,
		  size_t len);
/* code is NF_ACCEPT, NF_DROP, NFT_JUMP, NFT_GOTO, NFT_RETURN ... */
void nft_expr_verdict(struct nlmsghdr *nlh, int code, const char *chain);
void nft_expr_counter(struct nlmsghdr *nlh);
void nft_expr_log(struct nlmsghdr *nlh, const char *prefix);
/* Source NAT to the address in reg; with reg_port_min != 0, to the ports
 * (network byte order, first 2 bytes of each register) in that range. */
void nft_expr_snat(struct nlmsghdr *nlh, uint8_t family, uint32_t reg,
		   uint32_t reg_port_min, uint32_t reg_port_max);
/* An xtables match run by the kernel's nft_compat: info is the match's
 * own struct (xt_cluster_match_info ...), in host byte order. */
void nft_expr_xt_match(struct nlmsghdr *nlh, const char *name, uint32_t rev,
		       const void *info, size_t len);

/* Reading back. */
struct nft_rule_info {
	uint64_t handle;
	const void *udata;
	size_t udlen;
	uint64_t packets, bytes;	/* of the rule's first counter */
	int has_counter;
};
/* Run cb for every rule of table/chain.  Returns 0, -ENOENT when the
 * table or chain does not exist, or another -errno. */
int nft_rule_dump(struct nl *nl, uint8_t family, const char *table,
		  const char *chain,
		  void (*cb)(const struct nft_rule_info *, void *), void *data);
/* The ruleset's generation: it changes with every committed transaction. */
int nft_genid(struct nl *nl, uint32_t *genid);
/* Copy the table's user data into buf (at most *len bytes; *len gets the
 * length).  Returns 0, -ENOENT when there is no such table, or -errno. */
int nft_table_udata(struct nl *nl, uint8_t family, const char *name,
		    void *buf, size_t *len);

#endif
