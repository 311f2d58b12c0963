/* Netlink attribute helpers shared by the codecs (ct_codec.c, exp_codec.c,
 * and the value readers also cthelper.c, timeout.c):
 * policy-checked parsing of one nest into a tb[] and bounds-checked
 * building.  Not used outside lib/. */
#ifndef CTBOX_NLA_H
#define CTBOX_NLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "ct.h"
#include "util.h"

/* One attribute's rule.  type UNSPEC = ignored (padding, or not ours);
 * len: exact payload length for BINARY, maximum for NUL_STRING and for
 * BINARY when upto is set. */
struct nla_pol {
	uint8_t type;
	uint8_t len;
	uint8_t upto;
};

#define POL_NEST	{ MNL_TYPE_NESTED, 0, 0 }
#define POL_U8		{ MNL_TYPE_U8, 0, 0 }
#define POL_U16		{ MNL_TYPE_U16, 0, 0 }
#define POL_U32		{ MNL_TYPE_U32, 0, 0 }
#define POL_U64		{ MNL_TYPE_U64, 0, 0 }
#define POL_BIN(n)	{ MNL_TYPE_BINARY, (n), 0 }
#define POL_BIN_UPTO(n)	{ MNL_TYPE_BINARY, (n), 1 }
#define POL_STR(n)	{ MNL_TYPE_NUL_STRING, (n), 1 }

/* Fill tb[0..n-1] from the attributes in p[0..size): unknown types are
 * skipped, known ones checked against pol[type]; a bad attribute, a
 * truncated one or trailing bytes give -EBADMSG (mnl_attr_parse()
 * would stop quietly).  The last attribute may lack its padding. */
int nla_parse_area(const void *p, size_t size, const struct nla_pol *pol,
		   unsigned int n, const struct nlattr **tb);
/* The same over the payload of a nest. */
int nla_parse_nest(const struct nlattr *a, const struct nla_pol *pol,
		   unsigned int n, const struct nlattr **tb);
#define NLA_PARSE(a, pol, tb) nla_parse_nest((a), (pol), ARRAY_SIZE(pol), (tb))

/* nfct 1.4.7's leniency, for cthelper.c and timeout.c: an unknown or
 * malformed attribute is left out of tb[0..max] (kind[type] 0: unknown),
 * not fatal; the walk stops where the attributes stop making sense (never
 * past nlmsg_len).  Returns 0. */
int nla_parse_lax(const struct nlmsghdr *nlh, size_t offset,
		  const enum mnl_attr_data_type *kind, int max,
		  const struct nlattr **tb);
int nla_parse_lax_nest(const struct nlattr *nest,
		       const enum mnl_attr_data_type *kind, int max,
		       const struct nlattr **tb);

/* Values of attributes that passed their policy, in host order. */
uint8_t nla_u8(const struct nlattr *a);
uint16_t nla_be16(const struct nlattr *a);
uint32_t nla_be32(const struct nlattr *a);
uint64_t nla_be64(const struct nlattr *a);
void nla_copy(void *dst, const struct nlattr *a);	/* whole payload */
/* A string into dst[size], cut to fit; the sender's NUL may be missing. */
void nla_strcpy(char *dst, size_t size, const struct nlattr *a);

/* Every put is checked against the buffer; the first one that does not
 * fit marks the message full and later puts do nothing, so the builders
 * read straight through and the caller checks once. */
struct nla_bld {
	struct nlmsghdr *nlh;
	size_t size;
	bool full;
};

void nla_put(struct nla_bld *b, uint16_t type, size_t len, const void *data);
void nla_put_u8(struct nla_bld *b, uint16_t type, uint8_t v);
void nla_put_be16(struct nla_bld *b, uint16_t type, uint16_t v);
void nla_put_be32(struct nla_bld *b, uint16_t type, uint32_t v);
void nla_put_be64(struct nla_bld *b, uint16_t type, uint64_t v);
/* s with its NUL, cut to max (<= 256) bytes in all. */
void nla_put_strz(struct nla_bld *b, uint16_t type, const char *s, size_t max);
/* NULL once the message is full; nla_nest_end() accepts that. */
struct nlattr *nla_nest_start(struct nla_bld *b, uint16_t type);
void nla_nest_end(struct nla_bld *b, struct nlattr *n);
/* 0, or -EMSGSIZE with the message cut back to len0 bytes. */
int nla_bld_end(struct nla_bld *b, uint32_t len0);

/* Tuple nests (CTA_TUPLE_*, CTA_EXPECT_TUPLE/MASK/MASTER, ...), from
 * lib/ct_codec.c.  A tuple without addresses takes l3 from family. */
int ct_tuple_parse(const struct nlattr *nest, struct ct_tuple *t,
		   uint8_t family);
void ct_tuple_build(struct nla_bld *b, uint16_t type,
		    const struct ct_tuple *t, uint8_t family);

#endif
