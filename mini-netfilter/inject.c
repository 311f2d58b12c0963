/* mnf-inject: hand mini-netfilter a packet for NFQUEUE with the conntrack
 * entry it belongs to (created if missing), wait for the verdict and
 * print what came back:
 *
 *   verdict ACCEPT
 *   payload unchanged | payload HEX
 *   ct status=0x.. mark=N helper=NAME timeout=N priv=HEX
 *   expect proto=.. src=.. dst=.. sport=.. dport=.. mask-src=.. ...  (one per
 *                                                    expectation created)
 *
 * Runs inside mnf-run (uses MNF_SOCK).  Exit 0 after a verdict (or DROP
 * for want of a listener), 1 on errors, 2 on usage. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netfilter/nf_conntrack_tcp.h>

#include "mnf.h"

enum { INJ_UNSPEC, INJ_QUEUE, INJ_CT, INJ_CTINFO, INJ_PAYLOAD, INJ_MARK, INJ_HOOK };

static void usage(void)
{
	fputs("usage: mnf-inject [-q QUEUE] [-f inet|inet6] [-i CTINFO] [-m MARK]\n"
	      "  [-H HELPER] [-S STATUS] [-t TIMEOUT] [-w SECONDS]\n"
	      "  -p tcp|udp|NUM -s SRC -d DST [--sport N --dport N] [--seq N]\n"
	      "  (-x HEX | -r FILE | -T TEXT: IPv4 packet of the tuple carrying TEXT)\n", stderr);
	exit(2);
}

static size_t unhex(const char *hex, uint8_t *out, size_t room)
{
	size_t n = 0;
	unsigned int b;

	while (hex[0] && hex[1] && n < room) {
		if (sscanf(hex, "%2x", &b) != 1)
			usage();
		out[n++] = (uint8_t)b;
		hex += 2;
	}
	if (*hex)
		usage();
	return n;
}

/* -T TEXT: an IPv4 TCP/UDP packet of the tuple carrying TEXT (\\r \\n
 * \\t \\\\ understood), checksums left 0 as helpers do not check them. */
static size_t build_packet(uint8_t *p, const uint8_t *s, const uint8_t *d, uint8_t l4,
			   uint16_t sport, uint16_t dport, uint32_t seq, const char *text)
{
	size_t hl = l4 == IPPROTO_TCP ? 20 : 8, n = 0, total;
	uint8_t *data = p + 20 + hl;

	for (; *text; text++) {
		if (*text == '\\' && text[1]) {
			text++;
			data[n++] = *text == 'r' ? '\r' : *text == 'n' ? '\n' :
				    *text == 't' ? '\t' : (uint8_t)*text;
		} else {
			data[n++] = (uint8_t)*text;
		}
	}
	total = 20 + hl + n;
	memset(p, 0, 20 + hl);
	p[0] = 0x45;
	p[2] = (uint8_t)(total >> 8);
	p[3] = (uint8_t)total;
	p[8] = 64;
	p[9] = l4;
	memcpy(p + 12, s, 4);
	memcpy(p + 16, d, 4);
	p[20] = (uint8_t)(sport >> 8);
	p[21] = (uint8_t)sport;
	p[22] = (uint8_t)(dport >> 8);
	p[23] = (uint8_t)dport;
	if (l4 == IPPROTO_TCP) {
		p[24] = (uint8_t)(seq >> 24);
		p[25] = (uint8_t)(seq >> 16);
		p[26] = (uint8_t)(seq >> 8);
		p[27] = (uint8_t)seq;
		p[28 + 3] = 1;		/* ack 1 */
		p[32] = 5 << 4;		/* data offset */
		p[33] = 0x18;		/* PSH|ACK */
		p[34] = 0xff;		/* window */
	} else {
		p[24] = (uint8_t)((8 + n) >> 8);
		p[25] = (uint8_t)(8 + n);
	}
	return total;
}

static void put_tuple(struct nlmsghdr *nlh, int af, const void *src, const void *dst,
		      uint8_t l4, uint16_t sport, uint16_t dport)
{
	struct nlattr *t = mnl_attr_nest_start(nlh, CTA_TUPLE_ORIG), *n;
	size_t alen = af == AF_INET ? 4 : 16;

	n = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
	mnl_attr_put(nlh, af == AF_INET ? CTA_IP_V4_SRC : CTA_IP_V6_SRC, alen, src);
	mnl_attr_put(nlh, af == AF_INET ? CTA_IP_V4_DST : CTA_IP_V6_DST, alen, dst);
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
	mnl_attr_put_u8(nlh, CTA_PROTO_NUM, l4);
	mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, htons(sport));
	mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, htons(dport));
	mnl_attr_nest_end(nlh, n);
	mnl_attr_nest_end(nlh, t);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sport", 1, 0, 'P' }, { "dport", 1, 0, 'D' }, { "seq", 1, 0, 'Q' },
		{ 0, 0, 0, 0 }
	};
	static char buf[1 << 17], pkt[65536], rx[1 << 16];
	const char *path = getenv(MNF_ENV_SOCK), *src = NULL, *dst = NULL;
	const char *helper = NULL, *hex = NULL, *file = NULL, *text = NULL;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	uint8_t saddr[16], daddr[16], l4 = IPPROTO_TCP;
	unsigned long seq = 1, queue = 0, ctinfo = 0, mark = 0, status = 0, timeout = 300;
	uint16_t sport = 0, dport = 0;
	int af = AF_INET, o, fd, wait_s = 5;
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;
	struct nlattr *ct;
	struct mnf_hdr h = { MNF_INJECT, 0 };
	size_t plen = 0;
	ssize_t n;

	while ((o = getopt_long(argc, argv, "q:f:i:m:H:S:t:w:p:s:d:x:r:T:", opts, NULL)) != -1) {
		switch (o) {
		case 'q': queue = strtoul(optarg, NULL, 0); break;
		case 'f': af = !strcmp(optarg, "inet6") ? AF_INET6 : AF_INET; break;
		case 'i': ctinfo = strtoul(optarg, NULL, 0); break;
		case 'm': mark = strtoul(optarg, NULL, 0); break;
		case 'H': helper = optarg; break;
		case 'S': status = strtoul(optarg, NULL, 0); break;
		case 't': timeout = strtoul(optarg, NULL, 0); break;
		case 'w': wait_s = atoi(optarg); break;
		case 'p':
			l4 = !strcmp(optarg, "tcp") ? IPPROTO_TCP : !strcmp(optarg, "udp") ?
			     IPPROTO_UDP : (uint8_t)atoi(optarg);
			break;
		case 's': src = optarg; break;
		case 'd': dst = optarg; break;
		case 'P': sport = (uint16_t)atoi(optarg); break;
		case 'D': dport = (uint16_t)atoi(optarg); break;
		case 'x': hex = optarg; break;
		case 'r': file = optarg; break;
		case 'T': text = optarg; break;
		case 'Q': seq = strtoul(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (!src || !dst || (!hex && !file && !text) || queue > 65535)
		usage();
	if (inet_pton(af, src, saddr) != 1 || inet_pton(af, dst, daddr) != 1) {
		fprintf(stderr, "mnf-inject: bad address\n");
		return 2;
	}
	if (text) {
		if (af != AF_INET || strlen(text) > 60000)
			usage();
		plen = build_packet((uint8_t *)pkt, saddr, daddr, l4, sport, dport,
				    (uint32_t)seq, text);
	} else if (hex) {
		plen = unhex(hex, (uint8_t *)pkt, sizeof(pkt));
	} else {
		FILE *f = fopen(file, "rb");

		if (!f) {
			perror(file);
			return 1;
		}
		plen = fread(pkt, 1, sizeof(pkt), f);
		fclose(f);
	}
	if (!path || strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "mnf-inject: run me under mnf-run (MNF_SOCK)\n");
		return 2;
	}
	strcpy(sun.sun_path, path);

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NFNL_SUBSYS_QUEUE << 8;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = (uint8_t)af;
	mnl_attr_put_u16(nlh, INJ_QUEUE, (uint16_t)queue);
	mnl_attr_put_u32(nlh, INJ_CTINFO, (uint32_t)ctinfo);
	mnl_attr_put_u32(nlh, INJ_MARK, (uint32_t)mark);
	ct = mnl_attr_nest_start(nlh, INJ_CT);
	put_tuple(nlh, af, saddr, daddr, l4, sport, dport);
	mnl_attr_put_u32(nlh, CTA_TIMEOUT, htonl((uint32_t)timeout));
	mnl_attr_put_u32(nlh, CTA_STATUS, htonl((uint32_t)status));
	if (l4 == IPPROTO_TCP) {
		struct nlattr *pi = mnl_attr_nest_start(nlh, CTA_PROTOINFO);
		struct nlattr *tcp = mnl_attr_nest_start(nlh, CTA_PROTOINFO_TCP);

		mnl_attr_put_u8(nlh, CTA_PROTOINFO_TCP_STATE, TCP_CONNTRACK_ESTABLISHED);
		mnl_attr_nest_end(nlh, tcp);
		mnl_attr_nest_end(nlh, pi);
	}
	if (helper) {
		struct nlattr *hn = mnl_attr_nest_start(nlh, CTA_HELP);

		mnl_attr_put_strz(nlh, CTA_HELP_NAME, helper);
		mnl_attr_nest_end(nlh, hn);
	}
	mnl_attr_nest_end(nlh, ct);
	mnl_attr_put(nlh, INJ_PAYLOAD, plen, pkt);

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		perror("mnf-inject: connect");
		return 1;
	}
	{
		struct iovec iov[2] = { { &h, sizeof(h) }, { buf, nlh->nlmsg_len } };
		struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
		struct pollfd p = { fd, POLLIN, 0 };

		if (sendmsg(fd, &m, 0) < 0) {
			perror("mnf-inject: send");
			return 1;
		}
		if (poll(&p, 1, wait_s * 1000) <= 0) {
			fprintf(stderr, "mnf-inject: no verdict within %d s\n", wait_s);
			return 1;
		}
	}
	n = recv(fd, rx, sizeof(rx) - 1, 0);
	if (n < (ssize_t)sizeof(h)) {
		fprintf(stderr, "mnf-inject: server went away\n");
		return 1;
	}
	memcpy(&h, rx, sizeof(h));
	rx[n] = '\0';
	if (h.arg < 0) {
		fprintf(stderr, "mnf-inject: %s\n", n > (ssize_t)sizeof(h) ? rx + sizeof(h) :
			strerror(-h.arg));
		return 1;
	}
	fputs(rx + sizeof(h), stdout);
	return 0;
}
