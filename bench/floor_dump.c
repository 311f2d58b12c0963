/* floor_dump: the least a conntrack listing can cost.  Dumps the table
 * over ctnetlink (kernel-side filter if asked), counts the messages,
 * decodes and prints nothing.  With -E it instead counts NEW events until
 * N have arrived (or SIGINT/SIGTERM, or -w seconds of silence).
 *
 *   floor_dump [-f ipv4|ipv6] [-p PROTO] [-d DPORT] [-m MARK[/MASK]]
 *              [-b RECVBUF] [-E N [-w SECONDS]]
 *
 * Prints the count on stdout; with -E also "lost N" when the socket
 * overran (ENOBUFS). */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "config.h"
#include "util.h"
#include "bench.h"

static const char usage[] =
	"usage: floor_dump [-f ipv4|ipv6] [-p PROTO] [-d DPORT] [-m MARK[/MASK]]\n"
	"                  [-b RECVBUF] [-E N [-w SECONDS]]\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(*(unsigned long *)data)++;
	return MNL_CB_OK;
}

/* A bigger user buffer than the kernel's dump skb buys nothing, but it
 * costs nothing either: use what we were told. */
static void set_buf(struct nl *nl, size_t bytes)
{
	free(nl->buf);
	nl->buf = xmalloc(bytes);
	nl->bufsz = bytes;
}

static unsigned long dump(struct nl *nl, const struct sel *sel)
{
	unsigned long n = 0;
	int err;

	err = sel_dump(nl, sel, count_cb, &n);
	if (err < 0) {
		errno = -err;
		die("dump: %s%s%s", strerror(errno), nl->ext_msg[0] ? ": " : "", nl->ext_msg);
	}
	return n;
}

static void events(struct nl *nl, unsigned long want, int idle_secs)
{
	unsigned long n = 0, overruns = 0;
	struct sigaction sa;
	struct pollfd p;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	p.fd = mnl_socket_get_fd(nl->sk);
	p.events = POLLIN;
	while (!stop && n < want) {
		int r = poll(&p, 1, idle_secs * 1000);

		if (r == 0)
			break;
		if (r < 0)
			continue;	/* EINTR: stop is set */
		r = nl_recv_events(nl, count_cb, &n);
		if (r == -ENOBUFS)
			overruns++;
		else if (r < 0 && r != -EINTR) {
			errno = -r;
			die("recv:");
		}
	}
	printf("%lu\n", n);
	if (overruns)
		printf("overruns %lu\n", overruns);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "family", 1, NULL, 'f' }, { "proto", 1, NULL, 'p' },
		{ "dport", 1, NULL, 'd' }, { "mark", 1, NULL, 'm' },
		{ "buffer", 1, NULL, 'b' }, { "events", 1, NULL, 'E' },
		{ "wait", 1, NULL, 'w' }, { NULL, 0, NULL, 0 },
	};
	struct sel sel = { .dport = -1 };
	unsigned long bufsz = 1 << 20, want = 0;
	int c, idle = 3;
	struct nl nl;

	msg_prefix = "floor_dump: ";
	while ((c = getopt_long(argc, argv, "f:p:d:m:b:E:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': case 'p': case 'd': case 'm':
			sel_option(c, optarg, &sel);
			break;
		case 'b': bufsz = parse_count(optarg, "buffer size"); break;
		case 'E': want = parse_count(optarg, "event count"); break;
		case 'w': idle = parse_count(optarg, "seconds"); break;
		default:
			fputs(usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind != argc || bufsz < 16384 || (sel.dport >= 0 && !sel.l4)) {
		fputs(usage, stderr);
		return 2;
	}
	if (want) {
		bench_open(&nl, NF_NETLINK_CONNTRACK_NEW, 64 << 20);
		set_buf(&nl, bufsz);
		events(&nl, want, idle);
	} else {
		bench_open(&nl, 0, 8 << 20);
		set_buf(&nl, bufsz);
		printf("%lu\n", dump(&nl, &sel));
	}
	nl_close(&nl);
	return 0;
}
