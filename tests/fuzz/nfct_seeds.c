/* nfct_seeds DIR: seeds for fuzz_nfct_parse, made with the codecs' own
 * builders: each file is the selector byte (0 cttimeout, 1 cthelper)
 * and a message without its netlink header, as the target reads it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink_cthelper.h>
#include "timeout.h"
#include "cthelper.h"

static const char *dir;

static void seed(const char *name, unsigned char sel, const struct nlmsghdr *nlh)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fputc(sel, f) == EOF ||
	    fwrite((const char *)nlh + MNL_NLMSG_HDRLEN, 1,
		   nlh->nlmsg_len - MNL_NLMSG_HDRLEN, f) != nlh->nlmsg_len - MNL_NLMSG_HDRLEN ||
	    fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void timeout_seed(const char *name, uint16_t l3, uint8_t l4, unsigned int nstates)
{
	static char buf[TMO_MSG_MAX];
	struct tmo t;
	unsigned int i;

	memset(&t, 0, sizeof(t));
	tmo_set_name(&t, name);
	t.l3 = l3;
	t.l4 = l4;
	t.has |= TMO_L3 | TMO_L4;
	for (i = 0; i < nstates; i++)
		tmo_set_state(&t, i, 10 * (i + 1));
	seed(name, 0, tmo_build(buf, IPCTNL_MSG_TIMEOUT_NEW, 0, &t));
}

static void helper_seed(const char *name, uint8_t l4, uint16_t l3, uint32_t queue)
{
	static char buf[CTH_MSG_MAX];
	const struct cth_def *d = cth_def_find(name, l4);
	struct cth h;

	if (!d) {
		fprintf(stderr, "no built-in helper %s\n", name);
		exit(1);
	}
	memset(&h, 0, sizeof(h));
	cth_from_def(&h, d, l3);
	h.queue = queue;
	h.status = 1;
	h.has |= CTH_QUEUE | CTH_STATUS;
	seed(name, 1, cth_build(buf, NFNL_MSG_CTHELPER_NEW, 0, &h));
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: nfct_seeds DIR\n", stderr);
		return 2;
	}
	dir = argv[1];
	timeout_seed("tmo-tcp", AF_INET, IPPROTO_TCP, 11);
	timeout_seed("tmo-udp6", AF_INET6, IPPROTO_UDP, 2);
	timeout_seed("tmo-generic", AF_INET, 255, 1);
	helper_seed("ftp", IPPROTO_TCP, AF_INET, 5);
	helper_seed("tftp", IPPROTO_UDP, AF_INET6, 0);
	return 0;
}
