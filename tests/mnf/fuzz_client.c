/* Throw mutated nfnetlink requests at whatever NETLINK_NETFILTER is (run
 * it under mnf-run): valid requests of every subsystem and message type,
 * with bytes flipped, lengths bent, attributes cut.  The server must stay
 * up and keep answering; this program only drains the answers.
 * usage: fuzz_client SEED COUNT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

static uint32_t state;

static uint32_t rnd(void)
{
	state ^= state << 13;
	state ^= state >> 17;
	state ^= state << 5;
	return state;
}

/* A plausible request: tuple nests, a few scalar attributes. */
static size_t build(char *buf)
{
	static const uint8_t subsys[] = { 1, 2, 3, 8, 9, 1, 1, 1 };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;
	struct nlattr *n, *m;
	int i, k = rnd() % 6;

	nlh->nlmsg_type = subsys[rnd() % sizeof(subsys)] << 8 | rnd() % 9;
	nlh->nlmsg_flags = NLM_F_REQUEST | (rnd() % 2 ? NLM_F_ACK : 0) |
			   (rnd() % 3 ? 0 : NLM_F_DUMP) | (rnd() % 2 ? NLM_F_CREATE : 0) |
			   (rnd() % 4 ? 0 : NLM_F_EXCL);
	nlh->nlmsg_seq = rnd();
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = rnd() % 3 ? 2 : rnd() % 12;
	nfg->version = rnd() % 4 ? 0 : 1;
	if (rnd() % 2) {	/* mostly well-formed conntrack requests */
		nlh->nlmsg_type = 1 << 8 | rnd() % 3;
		k = 3;
	}
	for (i = 0; i < k; i++) {
		int type = k == 3 && i < 2 ? i + 1 : k == 3 ? CTA_TIMEOUT : (int)(rnd() % 28);

		if (type == CTA_TUPLE_ORIG || type == CTA_TUPLE_REPLY || (type != CTA_TIMEOUT && rnd() % 2)) {
			n = mnl_attr_nest_start(nlh, type);
			m = mnl_attr_nest_start(nlh, CTA_TUPLE_IP);
			mnl_attr_put_u32(nlh, CTA_IP_V4_SRC, rnd() % 4);
			mnl_attr_put_u32(nlh, CTA_IP_V4_DST, rnd() % 4);
			mnl_attr_nest_end(nlh, m);
			m = mnl_attr_nest_start(nlh, CTA_TUPLE_PROTO);
			mnl_attr_put_u8(nlh, CTA_PROTO_NUM, (uint8_t[]){6, 17, 1, 58, 132, 47, 50}[rnd() % 7]);
			mnl_attr_put_u16(nlh, rnd() % 8, rnd());
			mnl_attr_put_u16(nlh, rnd() % 8, rnd());
			mnl_attr_put_u8(nlh, rnd() % 8, rnd() % 20);
			mnl_attr_nest_end(nlh, m);
			mnl_attr_nest_end(nlh, n);
		} else if (rnd() % 3) {
			mnl_attr_put_u32(nlh, type, rnd() % 3 ? htonl(rnd() % 200) : (uint32_t)rnd());
		} else {
			mnl_attr_put_strz(nlh, type, "ftp");
		}
	}
	return nlh->nlmsg_len;
}

static void mutate(char *buf, size_t *len)
{
	int i, n = rnd() % 4;

	for (i = 0; i < n; i++) {
		switch (rnd() % 4) {
		case 0: buf[rnd() % *len] ^= 1 << (rnd() % 8); break;
		case 1: buf[16 + rnd() % (*len > 16 ? *len - 16 : 1)] = rnd(); break;
		case 2: if (*len > 20) *len -= rnd() % (*len - 16); break;
		case 3: ((struct nlmsghdr *)buf)->nlmsg_len = rnd() % 2 ? rnd() % 64 : *len + rnd() % 64; break;
		}
	}
}

int main(int argc, char **argv)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_NETFILTER);
	char buf[8192], rx[65536];
	long count, i;
	int one = 1;

	if (argc != 3 || !nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("fuzz_client");
		return 2;
	}
	state = (uint32_t)strtoul(argv[1], NULL, 0) | 1;
	count = strtol(argv[2], NULL, 0);
	mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &one, sizeof(one));
	for (i = 0; i < count; i++) {
		struct pollfd p = { mnl_socket_get_fd(nl), POLLIN, 0 };
		size_t len = build(buf);

		if (rnd() % 4)
			mutate(buf, &len);
		if (mnl_socket_sendto(nl, buf, len) < 0 && errno != EMSGSIZE) {
			perror("sendto");
			return 1;
		}
		while (poll(&p, 1, 0) > 0)
			if (mnl_socket_recvfrom(nl, rx, sizeof(rx)) < 0 &&
			    errno != ENOBUFS && errno != ENOSPC && errno != EINVAL)
				break;
	}
	mnl_socket_close(nl);
	return 0;
}
