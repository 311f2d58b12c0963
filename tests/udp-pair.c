/* udp-pair SPORT DPORT [reply]: send one UDP datagram over loopback from
 * 127.0.0.1:SPORT to 127.0.0.1:DPORT and, with "reply", one back, so a
 * test can make conntrack see a flow with fixed ports in one or both
 * directions.  Test tool only (tests/nfct.test builds it). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int bound(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1, fd = socket(AF_INET, SOCK_DGRAM, 0);

	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("udp-pair: bind");
		exit(1);
	}
	return fd;
}

static void send_to(int fd, int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };

	sa.sin_port = htons(port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (sendto(fd, "ping", 4, 0, (struct sockaddr *)&sa, sizeof(sa)) != 4) {
		perror("udp-pair: sendto");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	int a, b, sport, dport;
	char buf[16];

	if (argc < 3) {
		fputs("usage: udp-pair SPORT DPORT [reply]\n", stderr);
		return 2;
	}
	sport = atoi(argv[1]);
	dport = atoi(argv[2]);
	a = bound(sport);
	b = bound(dport);
	send_to(a, dport);
	if (recv(b, buf, sizeof(buf), 0) < 0) {
		perror("udp-pair: recv");
		return 1;
	}
	if (argc > 3 && !strcmp(argv[3], "reply")) {
		send_to(b, sport);
		if (recv(a, buf, sizeof(buf), 0) < 0) {
			perror("udp-pair: recv");
			return 1;
		}
	}
	close(a);
	close(b);
	return 0;
}
