/* udp-pair [-6] SPORT DPORT [reply]: send one UDP datagram over loopback
 * (127.0.0.1, or ::1 with -6) from port SPORT to port DPORT and, with
 * "reply", one back, so a test can make conntrack see a flow with fixed
 * ports in one or both directions.  Test tool only (tests/netns/nfct-policy.sh
 * builds it). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int family = AF_INET;

static socklen_t loopback(struct sockaddr_storage *ss, int port)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = in6addr_loopback;
		return sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*s4);
	}
}

static int bound(int port)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(&ss, port);
	int one = 1, fd = socket(family, SOCK_DGRAM, 0);

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&ss, len) < 0) {
		perror("udp-pair: bind");
		exit(1);
	}
	return fd;
}

/* Send from fd to port, receive it on rfd. */
static void hop(int fd, int port, int rfd)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(&ss, port);
	char buf[16];

	if (sendto(fd, "ping", 4, 0, (struct sockaddr *)&ss, len) != 4 ||
	    recv(rfd, buf, sizeof(buf), 0) < 0) {
		perror("udp-pair");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int a, b, sport, dport;

	if (argc > 1 && !strcmp(argv[1], "-6")) {
		family = AF_INET6;
		argc--;
		argv++;
	}
	if (argc < 3) {
		fputs("usage: udp-pair [-6] SPORT DPORT [reply]\n", stderr);
		return 2;
	}
	sport = atoi(argv[1]);
	dport = atoi(argv[2]);
	a = bound(sport);
	b = bound(dport);
	hop(a, dport, b);
	if (argc > 3 && !strcmp(argv[3], "reply"))
		hop(b, sport, a);
	close(a);
	close(b);
	return 0;
}
