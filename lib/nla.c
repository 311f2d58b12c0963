/* Netlink attribute helpers shared by the codecs; see nla.h. */
#include <errno.h>
#include <string.h>
#include <endian.h>
#include <arpa/inet.h>

#include "nla.h"
#include "util.h"

struct nest {
	const struct nla_pol *pol;
	unsigned int max;		/* highest type in pol */
	const struct nlattr **tb;
};

static bool attr_valid(const struct nlattr *a, const struct nla_pol *p)
{
	size_t len = mnl_attr_get_payload_len(a);

	switch (p->type) {
	case MNL_TYPE_NUL_STRING:
		return mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0 &&
		       len <= p->len;
	case MNL_TYPE_BINARY:
		if (p->upto)
			return len > 0 && len <= p->len;
		return mnl_attr_validate2(a, MNL_TYPE_BINARY, p->len) == 0;
	default:
		return mnl_attr_validate(a, p->type) == 0;
	}
}

static int parse_attr_cb(const struct nlattr *a, void *data)
{
	const struct nest *n = data;
	uint16_t type = mnl_attr_get_type(a);

	/* Unknown to us (a newer kernel's): skip it. */
	if (mnl_attr_type_valid(a, (uint16_t)n->max) < 0 ||
	    n->pol[type].type == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (!attr_valid(a, &n->pol[type]))
		return MNL_CB_ERROR;
	n->tb[type] = a;
	return MNL_CB_OK;
}

int nla_parse_area(const void *p, size_t size, const struct nla_pol *pol,
		   unsigned int n, const struct nlattr **tb)
{
	struct nest nest = { pol, n - 1, tb };
	const struct nlattr *a = p;
	int len = (int)size;

	memset(tb, 0, n * sizeof(*tb));
	for (; mnl_attr_ok(a, len); a = mnl_attr_next(a)) {
		if (parse_attr_cb(a, &nest) != MNL_CB_OK)
			return -EBADMSG;
		len -= MNL_ALIGN(a->nla_len);
	}
	return len > 0 ? -EBADMSG : 0;
}

int nla_parse_nest(const struct nlattr *a, const struct nla_pol *pol,
		   unsigned int n, const struct nlattr **tb)
{
	return nla_parse_area(mnl_attr_get_payload(a),
			      mnl_attr_get_payload_len(a), pol, n, tb);
}

uint8_t nla_u8(const struct nlattr *a)
{
	return mnl_attr_get_u8(a);
}

uint16_t nla_be16(const struct nlattr *a)
{
	return ntohs(mnl_attr_get_u16(a));
}

uint32_t nla_be32(const struct nlattr *a)
{
	return ntohl(mnl_attr_get_u32(a));
}

uint64_t nla_be64(const struct nlattr *a)
{
	return be64toh(mnl_attr_get_u64(a));
}

void nla_copy(void *dst, const struct nlattr *a)
{
	memcpy(dst, mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
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
