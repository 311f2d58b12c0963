/* Netlink attribute helpers shared by the codecs; see nla.h. */
#include <errno.h>
#include <string.h>
#include <endian.h>
#include <arpa/inet.h>

#include "nla.h"
#include "util.h"

/* The dump path parses every attribute of every entry: the checks are
 * libmnl's (mnl_attr_ok, mnl_attr_validate) written out here, without a
 * library call per attribute. */

/* Payload length a fixed-size type must have, as libmnl wants it. */
static size_t fixed_len(uint8_t type)
{
	switch (type) {
	case MNL_TYPE_U8:
		return 1;
	case MNL_TYPE_U16:
		return 2;
	case MNL_TYPE_U32:
		return 4;
	case MNL_TYPE_U64:
		return 8;
	default:
		return 0;
	}
}

static bool attr_valid(const struct nlattr *a, const struct nla_pol *p)
{
	size_t len = a->nla_len - NLA_HDRLEN;
	const char *d = (const char *)a + NLA_HDRLEN;

	switch (p->type) {
	case MNL_TYPE_NUL_STRING:
		return len > 0 && len <= p->len && d[len - 1] == '\0';
	case MNL_TYPE_BINARY:
		if (p->upto)
			return len > 0 && len <= p->len;
		return !p->len || len == p->len;
	case MNL_TYPE_NESTED:
		return len == 0 || len >= NLA_HDRLEN;
	default:
		return len == fixed_len(p->type);
	}
}

int nla_parse_area(const void *p, size_t size, const struct nla_pol *pol,
		   unsigned int n, const struct nlattr **tb)
{
	const struct nlattr *a = p;
	int len = (int)size;

	memset(tb, 0, n * sizeof(*tb));
	while (len >= (int)NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		uint16_t type = a->nla_type & NLA_TYPE_MASK;

		/* Unknown to us (a newer kernel's): skip it. */
		if (type < n && pol[type].type != MNL_TYPE_UNSPEC) {
			if (!attr_valid(a, &pol[type]))
				return -EBADMSG;
			tb[type] = a;
		}
		len -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	return len > 0 ? -EBADMSG : 0;
}

/* Readers of attributes that passed their policy (so the payload is
 * there): plain loads, no library call per field. */
static const void *payload(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

int nla_parse_nest(const struct nlattr *a, const struct nla_pol *pol,
		   unsigned int n, const struct nlattr **tb)
{
	return nla_parse_area(payload(a), a->nla_len - NLA_HDRLEN, pol, n, tb);
}

/* What nla_parse_lax*() hand to libmnl's walk. */
struct lax {
	const struct nlattr **tb;
	const enum mnl_attr_data_type *kind;
	int max;
};

static int lax_cb(const struct nlattr *a, void *data)
{
	const struct lax *l = data;
	int type = mnl_attr_get_type(a);

	if (mnl_attr_type_valid(a, l->max) <= 0 || !l->kind[type] ||
	    mnl_attr_validate(a, l->kind[type]) < 0)
		return MNL_CB_OK;
	l->tb[type] = a;
	return MNL_CB_OK;
}

/* Not mnl_attr_parse(): it walks up to the message's length rounded up
 * to 4, so a message that ends unaligned at the end of its buffer would
 * have up to 3 bytes past it read as attributes. */
int nla_parse_lax(const struct nlmsghdr *nlh, size_t offset,
		  const enum mnl_attr_data_type *kind, int max,
		  const struct nlattr **tb)
{
	struct lax l = { tb, kind, max };
	const struct nlattr *a = mnl_nlmsg_get_payload_offset(nlh, offset);
	int len = (int)nlh->nlmsg_len - (int)((const char *)a - (const char *)nlh);

	while (mnl_attr_ok(a, len)) {
		lax_cb(a, &l);
		a = mnl_attr_next(a);
		len = (int)nlh->nlmsg_len - (int)((const char *)a - (const char *)nlh);
	}
	return 0;
}

int nla_parse_lax_nest(const struct nlattr *nest,
		       const enum mnl_attr_data_type *kind, int max,
		       const struct nlattr **tb)
{
	struct lax l = { tb, kind, max };

	return mnl_attr_parse_nested(nest, lax_cb, &l) < 0 ? -EBADMSG : 0;
}

uint8_t nla_u8(const struct nlattr *a)
{
	return *(const uint8_t *)payload(a);
}

uint16_t nla_be16(const struct nlattr *a)
{
	uint16_t v;

	memcpy(&v, payload(a), sizeof(v));
	return ntohs(v);
}

uint32_t nla_be32(const struct nlattr *a)
{
	uint32_t v;

	memcpy(&v, payload(a), sizeof(v));
	return ntohl(v);
}

uint64_t nla_be64(const struct nlattr *a)
{
	uint64_t v;

	memcpy(&v, payload(a), sizeof(v));
	return be64toh(v);
}

void nla_copy(void *dst, const struct nlattr *a)
{
	memcpy(dst, payload(a), a->nla_len - NLA_HDRLEN);
}

void nla_strcpy(char *dst, size_t size, const struct nlattr *a)
{
	size_t n = strnlen(payload(a), a->nla_len - NLA_HDRLEN);

	if (n >= size)
		n = size - 1;
	memcpy(dst, payload(a), n);
	dst[n] = '\0';
}

void nla_put(struct nla_bld *b, uint16_t type, size_t len, const void *data)
{
	if (!b->full && !mnl_attr_put_check(b->nlh, b->size, type, len, data))
		b->full = true;
}

void nla_put_u8(struct nla_bld *b, uint16_t type, uint8_t v)
{
	nla_put(b, type, sizeof(v), &v);
}

void nla_put_be16(struct nla_bld *b, uint16_t type, uint16_t v)
{
	v = htons(v);
	nla_put(b, type, sizeof(v), &v);
}

void nla_put_be32(struct nla_bld *b, uint16_t type, uint32_t v)
{
	v = htonl(v);
	nla_put(b, type, sizeof(v), &v);
}

void nla_put_be64(struct nla_bld *b, uint16_t type, uint64_t v)
{
	v = htobe64(v);
	nla_put(b, type, sizeof(v), &v);
}

/* At most max bytes with the NUL: longer strings are cut, never sent
 * without their terminator. */
void nla_put_strz(struct nla_bld *b, uint16_t type, const char *s, size_t max)
{
	char tmp[256];
	size_t n;

	if (max > sizeof(tmp))
		max = sizeof(tmp);
	n = strnlen(s, max - 1);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	nla_put(b, type, n + 1, tmp);
}

struct nlattr *nla_nest_start(struct nla_bld *b, uint16_t type)
{
	struct nlattr *n = NULL;

	if (!b->full)
		n = mnl_attr_nest_start_check(b->nlh, b->size, type);
	if (!n)
		b->full = true;
	return n;
}

void nla_nest_end(struct nla_bld *b, struct nlattr *n)
{
	if (n)
		mnl_attr_nest_end(b->nlh, n);
}

int nla_bld_end(struct nla_bld *b, uint32_t len0)
{
	if (!b->full)
		return 0;
	b->nlh->nlmsg_len = len0;	/* leave the message as it was */
	return -EMSGSIZE;
}
