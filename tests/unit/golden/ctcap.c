/* ctcap: write raw ctnetlink messages as hex, one message per paragraph,
 * for the codec's golden files.  Run inside a throw-away netns (see
 * capture.sh next to it).
 *
 *   ctcap dump             dump the conntrack table
 *   ctcap events N SEC     the first N NEW/UPDATE/DESTROY events, or what
 *                          came within SEC seconds
 *   ctcap expdump          dump the expectation table
 *   ctcap expevents N SEC  expectation events likewise
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

static void hex(const struct nlmsghdr *nlh)
{
	const unsigned char *p = (const void *)nlh;
	unsigned int i;

	for (i = 0; i < nlh->nlmsg_len; i++)
		printf("%02x%s", p[i], i % 16 == 15 ? "\n" : " ");
	printf("%s\n", i % 16 ? "\n" : "");
}

/* Print data messages, stop at DONE or an error. */
static int print_all(char *buf, int len)
{
	struct nlmsghdr *nlh = (void *)buf;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type == NLMSG_DONE)
			return 0;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			fprintf(stderr, "ctcap: netlink error\n");
			return -1;
		}
		hex(nlh);
	}
	return 1;
}

static int dump(struct mnl_socket *nl, int subsys, int msg)
{
	static char buf[1 << 16];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;
	int n, r;

	nlh->nlmsg_type = (subsys << 8) | msg;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = 1;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = AF_UNSPEC;
	nfg->version = NFNETLINK_V0;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return perror("ctcap: send"), 1;
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return perror("ctcap: recv"), 1;
		r = print_all(buf, n);
	} while (r > 0);
	return r < 0;
}

static int events(struct mnl_socket *nl, int count, int secs)
{
	static char buf[1 << 16];
	time_t end = time(NULL) + secs;
	struct pollfd p = { mnl_socket_get_fd(nl), POLLIN, 0 };

	while (count > 0 && time(NULL) < end) {
		struct nlmsghdr *nlh = (void *)buf;
		int n;

		if (poll(&p, 1, 200) <= 0)
			continue;
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return perror("ctcap: recv"), 1;
		for (; count > 0 && mnl_nlmsg_ok(nlh, n); count--) {
			hex(nlh);
			nlh = mnl_nlmsg_next(nlh, &n);
		}
		fflush(stdout);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int groups = 0;
	struct mnl_socket *nl;

	if (argc < 2 || (!strstr(argv[1], "dump") && argc < 4)) {
		fprintf(stderr, "usage: ctcap [exp]dump | ctcap [exp]events N SECONDS\n");
		return 2;
	}
	if (!strcmp(argv[1], "events"))
		groups = NF_NETLINK_CONNTRACK_NEW | NF_NETLINK_CONNTRACK_UPDATE |
			 NF_NETLINK_CONNTRACK_DESTROY;
	if (!strcmp(argv[1], "expevents"))
		groups = NF_NETLINK_CONNTRACK_EXP_NEW |
			 NF_NETLINK_CONNTRACK_EXP_UPDATE |
			 NF_NETLINK_CONNTRACK_EXP_DESTROY;
	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl || mnl_socket_bind(nl, groups, MNL_SOCKET_AUTOPID) < 0)
		return perror("ctcap: socket"), 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "dump"))
		return dump(nl, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET);
	if (!strcmp(argv[1], "expdump"))
		return dump(nl, NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_GET);
	return events(nl, atoi(argv[2]), atoi(argv[3]));
}
