/* floor_delete: the least a bulk delete (or mark update) can cost.
 * Dumps with the kernel-side filter, keeps each match's original tuple
 * and zone as raw attributes, then sends one CT_DELETE (or CT_NEW with the
 * new mark) per entry in netlink batches.  No decoding beyond finding
 * those attributes, no printing.
 *
 *   floor_delete [-f ipv4|ipv6] [-p PROTO] [-d DPORT] [-m MARK[/MASK]]
 *                [-U NEWMARK] [-b MSGS]
 *   floor_delete -F            flush (one CT_DELETE without attributes)
 *
 * Prints the number of entries deleted (or updated: -U skips entries that
 * already carry NEWMARK, as conntrack -U does). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "config.h"
#include "util.h"
#include "bench.h"

static const char usage[] =
	"usage: floor_delete [-f ipv4|ipv6] [-p PROTO] [-d DPORT] [-m MARK[/MASK]]\n"
	"                    [-U NEWMARK] [-b MSGS]\n"
	"       floor_delete -F\n";

/* Keys of the matched entries, back to back: each record is the entry's
 * nfgen family, then its CTA_TUPLE_ORIG and CTA_ZONE attributes as the
 * kernel sent them. */
struct keys {
	char *buf;
	size_t len, cap;
	unsigned long count;
	int update;
	uint32_t newmark;
};

struct key_hdr {
	uint16_t len;		/* bytes of attributes that follow */
	uint8_t family;
	uint8_t pad;
};

static void keys_add(struct keys *k, uint8_t family, const struct nlattr *tuple,
		     const struct nlattr *zone)
{
	size_t tl = MNL_ALIGN(tuple->nla_len), zl = zone ? MNL_ALIGN(zone->nla_len) : 0;
	struct key_hdr h = { tl + zl, family, 0 };

	if (k->len + sizeof(h) + tl + zl > k->cap) {
		k->cap = k->cap ? k->cap * 2 : 1 << 20;
		k->buf = xrealloc(k->buf, k->cap);
	}
	memcpy(k->buf + k->len, &h, sizeof(h));
	memcpy(k->buf + k->len + sizeof(h), tuple, tuple->nla_len);
	if (zone)
		memcpy(k->buf + k->len + sizeof(h) + tl, zone, zone->nla_len);
	k->len += sizeof(h) + tl + zl;
	k->count++;
}

static int key_cb(const struct nlmsghdr *nlh, void *data)
{
	struct keys *k = data;
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a, *tuple = NULL, *zone = NULL, *mark = NULL;

	mnl_attr_for_each(a, nlh, sizeof(*nfg)) {
		switch (mnl_attr_get_type(a)) {
		case CTA_TUPLE_ORIG: tuple = a; break;
		case CTA_ZONE: zone = a; break;
		case CTA_MARK: mark = a; break;
		}
	}
	if (!tuple) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (k->update && mark && ntohl(mnl_attr_get_u32(mark)) == k->newmark)
		return MNL_CB_OK;
	keys_add(k, nfg->nfgen_family, tuple, zone);
	return MNL_CB_OK;
}

static void on_error(unsigned int index, int err, void *data)
{
	int *first = data;

	if (!*first)
		*first = err;
}

static unsigned long send_all(struct nl *nl, const struct keys *k, unsigned int per_batch)
{
	struct nl_batch b;
	size_t off = 0;
	int first_err = 0;
	uint8_t type = k->update ? IPCTNL_MSG_CT_NEW : IPCTNL_MSG_CT_DELETE;

	nl_batch_init(&b, nl, 160 * 1024, on_error, &first_err);
	while (off < k->len) {
		struct key_hdr h;
		struct nlmsghdr *nlh;

		memcpy(&h, k->buf + off, sizeof(h));
		nlh = nfnl_msg(nl_batch_tail(&b), NFNL_SUBSYS_CTNETLINK, type,
			       0, h.family);
		memcpy(mnl_nlmsg_get_payload_tail(nlh), k->buf + off + sizeof(h), h.len);
		nlh->nlmsg_len += h.len;
		if (k->update)
			mnl_attr_put_u32(nlh, CTA_MARK, htonl(k->newmark));
		off += sizeof(h) + h.len;
		if (nl_batch_push(&b, per_batch) < 0)
			die("netlink batch:");
	}
	if (nl_batch_flush(&b) < 0)
		die("netlink batch:");
	nl_batch_free(&b);
	if (b.failed) {
		errno = -first_err;
		die("%u of %lu requests failed, first:", b.failed, k->count);
	}
	return k->count;
}

static void flush(struct nl *nl)
{
	char req[256];
	int err;

	err = nl_talk(nl, nfnl_msg(req, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_DELETE,
				   NLM_F_ACK, AF_UNSPEC), NULL, NULL);
	if (err < 0) {
		errno = -err;
		die("flush:");
	}
}

int main(int argc, char **argv)
{
	struct sel sel = { .dport = -1 };
	struct keys k;
	unsigned long per_batch = 512;
	int c, v, do_flush = 0;
	struct nl nl;

	msg_prefix = "floor_delete: ";
	memset(&k, 0, sizeof(k));
	while ((c = getopt(argc, argv, "f:p:d:m:U:b:Fh")) != -1) {
		switch (c) {
		case 'f': case 'p': case 'd': case 'm':
			sel_option(c, optarg, &sel);
			break;
		case 'U':
			k.update = 1;
			k.newmark = strtoul(optarg, NULL, 0);
			break;
		case 'b': per_batch = parse_count(optarg, "batch size"); break;
		case 'F': do_flush = 1; break;
		default:
			fputs(usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind != argc || !per_batch || (sel.dport >= 0 && !sel.l4)) {
		fputs(usage, stderr);
		return 2;
	}
	bench_open(&nl, 0, 8 << 20);
	if (do_flush) {
		flush(&nl);
		nl_close(&nl);
		return 0;
	}
	v = sel_dump(&nl, &sel, key_cb, &k);
	if (v < 0) {
		errno = -v;
		die("dump: %s%s%s", strerror(errno), nl.ext_msg[0] ? ": " : "", nl.ext_msg);
	}
	printf("%lu\n", send_all(&nl, &k, per_batch));
	free(k.buf);
	nl_close(&nl);
	return 0;
}
