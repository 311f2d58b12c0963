/* nlevents: receive-buffer semantics of an event socket.  Joins the
 * conntrack NEW group with a small receive buffer (and NETLINK_NO_ENOBUFS
 * if asked), creates COUNT entries on a second socket without reading the
 * events, then drains them and prints how many arrived and whether the
 * socket reported ENOBUFS.  usage: nlevents COUNT [no-enobufs] */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

static char buf[1 << 16];

static void create(struct mnl_socket *nl, uint32_t n)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *g;
	struct nlattr *t, *a;
	int d;

	nlh->nlmsg_type = NFNL_SUBSYS_CTNETLINK << 8 | IPCTNL_MSG_CT_NEW;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	nlh->nlmsg_seq = n;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->nfgen_family = AF_INET;
	for (d = 0; d < 2; d++) {
		t = mnl_attr_nest_start(nlh, d ? CTA_TUPLE_REPLY : CTA_TUPLE_ORIG);
		a = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
		mnl_attr_put_u32(nlh, d ? CTA_IP_V4_DST : CTA_IP_V4_SRC, htonl(0x0a000000 + n));
		mnl_attr_put_u32(nlh, d ? CTA_IP_V4_SRC : CTA_IP_V4_DST, htonl(0x0b000001));
		mnl_attr_nest_end(nlh, a);
		a = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
		mnl_attr_put_u8(nlh, CTA_PROTO_NUM, IPPROTO_UDP);
		mnl_attr_put_u16(nlh, CTA_PROTO_SRC_PORT, htons(d ? 2 : 1));
		mnl_attr_put_u16(nlh, CTA_PROTO_DST_PORT, htons(d ? 1 : 2));
		mnl_attr_nest_end(nlh, a);
		mnl_attr_nest_end(nlh, t);
	}
	mnl_attr_put_u32(nlh, CTA_TIMEOUT, htonl(60));
	mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
}

int main(int argc, char **argv)
{
	struct mnl_socket *ev, *req;
	int count = argc > 1 ? atoi(argv[1]) : 0, on = 1, rcv = 16384, i, events = 0, nobufs = 0;

	ev = mnl_socket_open(NETLINK_NETFILTER);
	req = mnl_socket_open(NETLINK_NETFILTER);
	if (count <= 0 || !ev || !req || mnl_socket_bind(ev, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_bind(req, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "usage: nlevents COUNT [no-enobufs]\n");
		return 2;
	}
	setsockopt(mnl_socket_get_fd(ev), SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));
	if (argc > 2 && !strcmp(argv[2], "no-enobufs"))
		mnl_socket_setsockopt(ev, NETLINK_NO_ENOBUFS, &on, sizeof(on));
	i = NFNLGRP_CONNTRACK_NEW;
	mnl_socket_setsockopt(ev, NETLINK_ADD_MEMBERSHIP, &i, sizeof(i));
	for (i = 1; i <= count; i++)
		create(req, (uint32_t)i);
	for (;;) {
		struct pollfd p = { mnl_socket_get_fd(ev), POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, 300) <= 0)
			break;
		n = mnl_socket_recvfrom(ev, buf, sizeof(buf));
		if (n < 0) {
			if (errno == ENOBUFS)
				nobufs++;
			else
				break;
			continue;
		}
		events++;
	}
	printf("events %s, ENOBUFS %s\n", events == count ? "all" : events ? "some" : "none",
	       nobufs ? "reported" : "not reported");
	return 0;
}
