/* The conntrack entry as ctbox holds it: one compact, self-contained
 * struct decoded from (and encoded to) ctnetlink attributes.  No pointers
 * except secctx, which points into the message it was parsed from and is
 * valid only while that message is; ct_codec never allocates.
 *
 * conntrackd keeps many of these in its caches, so keep it small and
 * keep presence in bitmasks, not in flags per field. */
#ifndef CTBOX_CT_H
#define CTBOX_CT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <linux/netlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

/* Newer than Debian 12's 6.1 UAPI headers: the kernel's event time
 * (ns, be64, top level), sent since Linux 6.14 when
 * net.netfilter.nf_conntrack_timestamp=1.  Our header include guard keeps
 * a newer nfnetlink_conntrack.h from being read again after this. */
#ifndef CTA_TIMESTAMP_EVENT
#define CTA_TIMESTAMP_EVENT	(CTA_STATUS_MASK + 1)
#endif

/* What a tuple carries: bits of struct ct_tuple.has. */
enum {
	TP_SRC		= 1 << 0,	/* src address (l3 says which family) */
	TP_DST		= 1 << 1,
	TP_PROTO	= 1 << 2,	/* l4 protocol number */
	TP_SPORT	= 1 << 3,	/* also GRE source key */
	TP_DPORT	= 1 << 4,	/* also GRE destination key */
	TP_ICMP_TYPE	= 1 << 5,	/* icmp or icmpv6 (by l3) */
	TP_ICMP_CODE	= 1 << 6,
	TP_ICMP_ID	= 1 << 7,
	TP_ZONE		= 1 << 8,	/* CTA_TUPLE_ZONE */
};

union ct_addr {
	uint32_t v4;			/* network byte order */
	uint32_t all[4];
	struct in6_addr v6;
};

struct ct_tuple {
	union ct_addr src, dst;
	uint16_t has;			/* TP_* */
	uint8_t l3;			/* AF_INET, AF_INET6, 0 = unknown */
	uint8_t l4;			/* IPPROTO_* */
	uint16_t sport, dport;		/* host byte order */
	uint16_t icmp_id;		/* host byte order */
	uint8_t icmp_type, icmp_code;
	uint16_t zone;
};

/* Which attributes an entry carries: bits of struct ct.has (64 bits). */
enum ct_attr {
	CT_ORIG,		/* orig tuple (any TP_* bit set) */
	CT_REPLY,
	CT_MASTER,
	CT_STATUS,
	CT_TIMEOUT,
	CT_MARK,
	CT_MARK_MASK,		/* only in templates / dump filters */
	CT_SECMARK,
	CT_USE,
	CT_ID,
	CT_ZONE,
	CT_COUNTERS_ORIG,
	CT_COUNTERS_REPLY,
	CT_TS_START,
	CT_TS_STOP,
	CT_TS_EVENT,		/* CTA_TIMESTAMP_EVENT (kernel >= 6.x) */
	CT_TCP_STATE,
	CT_TCP_WSCALE_ORIG,
	CT_TCP_WSCALE_REPLY,
	CT_TCP_FLAGS_ORIG,	/* flags + mask */
	CT_TCP_FLAGS_REPLY,
	CT_SCTP_STATE,
	CT_SCTP_VTAG_ORIG,
	CT_SCTP_VTAG_REPLY,
	CT_DCCP_STATE,
	CT_DCCP_ROLE,
	CT_DCCP_HSEQ,
	CT_HELPER,
	CT_SECCTX,
	CT_SEQADJ_ORIG,
	CT_SEQADJ_REPLY,
	CT_NAT_SRC,		/* only sent: CTA_NAT_SRC on create */
	CT_NAT_DST,
	CT_LABELS,
	CT_LABELS_MASK,
	CT_SYNPROXY,
	CT_STATUS_MASK,		/* only in dump filters */
	CT_ATTR_MAX
};

#define CT_BIT(a)	(1ULL << (a))
#define ct_has(ct, a)	(((ct)->has & CT_BIT(a)) != 0)
#define ct_set(ct, a)	((ct)->has |= CT_BIT(a))
#define ct_clear(ct, a)	((ct)->has &= ~CT_BIT(a))

/* The kernel caps labels at 128 bits (NF_CT_LABELS_MAX_SIZE). */
#define CT_LABEL_BYTES 16

struct ct_counters {
	uint64_t packets, bytes;
};

struct ct_seqadj {
	uint32_t correction_pos, offset_before, offset_after;
};

/* A NAT range sent on create: min == max address, optional port.
 * Only CTA_NAT_*_MINIP is sent when max equals min (as
 * libnetfilter_conntrack does); no address at all when l3 is 0. */
struct ct_nat {
	union ct_addr min, max;
	uint16_t port_min, port_max;	/* host order; both 0 = none;
					 * max 0 means max = min */
	uint8_t l3;			/* AF_INET, AF_INET6 */
};

struct ct {
	uint64_t has;			/* CT_BIT(enum ct_attr) */
	uint8_t family;			/* nfgen_family of the message */
	struct ct_tuple orig, reply, master;
	uint32_t status, status_mask;
	uint32_t timeout;
	uint32_t mark, mark_mask;
	uint32_t secmark;
	uint32_t use;
	uint32_t id;
	uint16_t zone;
	struct ct_counters counters[2];	/* [0] orig, [1] reply */
	uint64_t ts_start, ts_stop, ts_event;	/* ns */
	struct {
		uint8_t state;
		uint8_t wscale[2];
		uint8_t flags[2], mask[2];	/* nf_ct_tcp_flags per dir */
	} tcp;
	struct {
		uint8_t state;
		uint32_t vtag[2];	/* host order: ntohl() of the wire value.
					 * conntrack -I stores htonl(N) here
					 * (spec §1.6), the codec does not. */
	} sctp;
	struct {
		uint8_t state, role;
		uint64_t handshake_seq;
	} dccp;
	struct ct_seqadj seqadj[2];
	struct ct_nat nat_src, nat_dst;
	struct {
		uint32_t isn, its, tsoff;
	} synproxy;
	/* The kernel's label bitmap as sent (longs in host order: on
	 * little-endian hosts label n is labels[n / 8] bit n % 8). */
	uint8_t labels_len;		/* bytes used in labels/labels_mask */
	uint8_t labels[CT_LABEL_BYTES], labels_mask[CT_LABEL_BYTES];
	char helper[16];		/* NF_CT_HELPER_NAME_LEN */
	const char *secctx;		/* into the parsed message, NUL-terminated */
};

/* --- codec (lib/ct_codec.c) ---------------------------------------- */

/* Decode a ctnetlink conntrack message (CT_NEW/CT_DELETE events, dump and
 * GET answers) into ct, zeroing it first.  Every attribute's type and
 * length is checked; unknown attributes are skipped.  nlh->nlmsg_len must
 * lie inside the buffer (mnl_cb_run() checks that).  Returns 0, or
 * -EBADMSG for a malformed message (ct is then unspecified). */
int ct_parse(const struct nlmsghdr *nlh, struct ct *ct);

/* Append ct's attributes to nlh in libnetfilter_conntrack's order (spec
 * §1.12).  CT_STATUS is sent ORed with IPS_CONFIRMED.  Tuples are sent
 * only with the TP_* fields they carry.  Returns 0 or -EMSGSIZE when
 * nlh would grow past bufsz (its total room). */
int ct_build(struct nlmsghdr *nlh, size_t bufsz, const struct ct *ct);

/* Only the original tuple (and CTA_ZONE if present): the key by which
 * DELETE and GET find an entry. */
int ct_build_key(struct nlmsghdr *nlh, size_t bufsz, const struct ct *ct);

/* Dump filter attributes: CTA_MARK/CTA_MARK_MASK, CTA_STATUS/MASK, CTA_ZONE
 * and (when filter_tuples) CTA_FILTER + tuples, from the template. */
int ct_build_dump_filter(struct nlmsghdr *nlh, size_t bufsz,
			 const struct ct *tmpl, bool filter_tuples);

/* The reply tuple that mirrors t (addresses and ports swapped, ICMP echo
 * types mapped to their replies, 255 for types without one, as
 * libnetfilter_conntrack does; the tuple zone is not copied). */
void ct_tuple_invert(const struct ct_tuple *t, struct ct_tuple *out);

/* Protocol name tables shared by printers and option parsers. */
const char *ct_l4_name(uint8_t l4);		/* "tcp", ... or "unknown" */
const char *ct_l3_name(uint8_t l3);		/* "ipv4", "ipv6", "unknown" */
const char *ct_tcp_state_name(uint8_t s);	/* out of range -> "NONE" */
const char *ct_sctp_state_name(uint8_t s);
const char *ct_dccp_state_name(uint8_t s);

#endif
