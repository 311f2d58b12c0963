/* Golden netlink messages: hex text ("# comment" lines, bytes as two hex
 * digits), read into bytes and turned to host order.
 *
 * They were captured on a little-endian machine, and
 * netlink's own headers (nlmsghdr, nlattr) travel in host order: on a
 * big-endian host (tests/Makefile's "be" target runs the unit tests under
 * qemu-s390x) they are turned around before a test uses them.  Payloads
 * are network order and stay as they are, except ctnetlink's label
 * bitmaps, which are arrays of host-order u32 words.  Nests are found by
 * NLA_F_NESTED, which the kernel and libmnl both set.  On a little-endian
 * host every step is the identity. */
#ifndef CTBOX_GOLDEN_H
#define CTBOX_GOLDEN_H

#include <endian.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

static void host_order_attrs(uint8_t *p, long len, int ct_top)
{
	while (len >= NLA_HDRLEN) {
		struct nlattr a;
		uint16_t type;

		memcpy(&a, p, sizeof(a));
		a.nla_len = le16toh(a.nla_len);
		a.nla_type = le16toh(a.nla_type);
		memcpy(p, &a, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || a.nla_len > len)
			return;
		type = a.nla_type & NLA_TYPE_MASK;
		if (a.nla_type & NLA_F_NESTED) {
			host_order_attrs(p + NLA_HDRLEN, a.nla_len - NLA_HDRLEN, 0);
		} else if (ct_top && (type == CTA_LABELS || type == CTA_LABELS_MASK)) {
			uint8_t *w;

			for (w = p + NLA_HDRLEN; w + 4 <= p + a.nla_len; w += 4) {
				uint32_t v;

				memcpy(&v, w, 4);
				v = le32toh(v);
				memcpy(w, &v, 4);
			}
		}
		len -= NLA_ALIGN(a.nla_len);
		p += NLA_ALIGN(a.nla_len);
	}
}

/* Every message in buf[0..len) (a batch may hold several). */
static void host_order_msgs(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len >= NLMSG_HDRLEN) {
		struct nlmsghdr h;
		size_t step;

		memcpy(&h, p, sizeof(h));
		h.nlmsg_len = le32toh(h.nlmsg_len);
		h.nlmsg_type = le16toh(h.nlmsg_type);
		h.nlmsg_flags = le16toh(h.nlmsg_flags);
		h.nlmsg_seq = le32toh(h.nlmsg_seq);
		h.nlmsg_pid = le32toh(h.nlmsg_pid);
		memcpy(p, &h, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > len)
			return;
		/* nfnetlink: a 4-byte nfgenmsg, then the attributes */
		if (h.nlmsg_len >= NLMSG_HDRLEN + 4)
			host_order_attrs(p + NLMSG_HDRLEN + 4,
					 h.nlmsg_len - NLMSG_HDRLEN - 4,
					 h.nlmsg_type >> 8 == NFNL_SUBSYS_CTNETLINK);
		step = NLMSG_ALIGN(h.nlmsg_len);
		if (step >= len)
			return;
		p += step;
		len -= step;
	}
}

/* Hex digits of s appended to out[n..max); the new count.  The bytes
 * are not yet in host order: see golden_bytes(). */
static size_t hex_bytes(const char *s, uint8_t *out, size_t n, size_t max)
{
	unsigned int v;
	int used;

	while (n < max && sscanf(s, " %2x%n", &v, &used) == 1) {
		out[n++] = (uint8_t)v;
		s += used;
	}
	return n;
}

/* A capture given as hex text, in host order; the byte count. */
static size_t golden_bytes(const char *hex, uint8_t *out, size_t max)
{
	size_t n = hex_bytes(hex, out, 0, max);

	host_order_msgs(out, n);
	return n;
}

/* A capture file in host order: the byte count, or -1 if it cannot be
 * opened. */
static long golden_file(const char *path, uint8_t *out, size_t max)
{
	char line[512];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#')
			n = hex_bytes(line, out, n, max);
	fclose(f);
	host_order_msgs(out, n);
	return (long)n;
}

#endif
