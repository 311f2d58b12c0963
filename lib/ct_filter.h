/* User-space filters on conntrack entries: what conntrack -L/-D/-U/-E
 * apply to every entry the kernel hands back (spec §1.7).  Pure functions
 * on struct ct, so they are tested with hand-made entries. */
#ifndef CTBOX_CT_FILTER_H
#define CTBOX_CT_FILTER_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/netlink.h>
#include "ct.h"

/* One NAT criterion: --src-nat / --dst-nat / --any-nat [ADDR][:PORT]. */
struct ct_nat_match {
	bool on;
	bool has_addr, has_port;
	uint8_t l3;
	union ct_addr addr;
	uint16_t port;			/* host order */
};

/* Bits of struct ct_filter.cmp: which template fields are compared. */
enum {
	CF_CMP_STATUS	= 1 << 0,
	CF_CMP_TIMEOUT	= 1 << 1,
	CF_CMP_ID	= 1 << 2,
	CF_CMP_ZONE	= 1 << 3,
	CF_CMP_STATE	= 1 << 4,	/* tcp/sctp/dccp state of tmpl */
	CF_CMP_SECMARK	= 1 << 5,
	CF_CMP_ON	= 1 << 6,	/* template comparison enabled */
};

struct ct_filter {
	/* NAT */
	struct ct_nat_match snat, dnat, anynat;
	/* mark: (entry.mark & mark_mask) == mark */
	bool mark_on;
	uint32_t mark, mark_mask;
	/* labels: every bit of labels must be set in the entry */
	bool labels_on;
	uint8_t labels[CT_LABEL_BYTES];
	/* network masks on the original addresses */
	uint8_t mask_l3;		/* 0 = off */
	bool mask_src, mask_dst;
	union ct_addr src, src_mask, dst, dst_mask;
	/* template comparison */
	unsigned int cmp;		/* CF_CMP_* */
	struct ct tmpl;			/* orig/reply tuples: only TP_* bits set */
	/* events: entries of another family are skipped (0 = any) */
	uint8_t family;
};

/* Is ct an SNAT / DNAT / SPAT / DPAT entry (conntrack's definition). */
bool ct_is_snat(const struct ct *ct);
bool ct_is_dnat(const struct ct *ct);
bool ct_is_spat(const struct ct *ct);
bool ct_is_dpat(const struct ct *ct);

bool ct_filter_nat(const struct ct_filter *f, const struct ct *ct);
bool ct_filter_mark(const struct ct_filter *f, const struct ct *ct);
bool ct_filter_labels(const struct ct_filter *f, const struct ct *ct);
bool ct_filter_netmask(const struct ct_filter *f, const struct ct *ct);
bool ct_filter_template(const struct ct_filter *f, const struct ct *ct);
/* All of the above in conntrack's order. */
bool ct_filter_match(const struct ct_filter *f, const struct ct *ct);

/* Fill mask with a prefix of bits ones (IPv4: 0-32, IPv6: 0-128). */
void ct_addr_prefix_mask(union ct_addr *mask, uint8_t l3, unsigned int bits);

#endif
