/* Traffic for tests/netns/clusterip.sh (no netcat on a bare Debian).
 *
 *   cipnet serve PORT                  TCP and UDP echo on PORT, until killed
 *   cipnet tcp SRC DST PORT N          N TCP echo exchanges from SRC
 *   cipnet udp SRC DST PORT N          N UDP echo exchanges from SRC, each
 *                                      from a new source port (a new flow)
 *   cipnet blast DST PORT SRC...       one UDP datagram from every SRC
 *   cipnet hash TOTAL SEED ADDR...     "ADDR NODE" for every ADDR: the node
 *                                      xt_cluster picks (tests/unit model)
 *   cipnet syslog PATH CMD...          run CMD with a syslog socket at PATH,
 *                                      print what it logged
 *
 * tcp/udp print how many exchanges got their echo back; every wait is
 * bounded (1 s) so a dropped flow costs a second, never a hang. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <unistd.h>

#include "../unit/cluster_hash.h"

static struct sockaddr_in addr(const char *ip, int port)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	if (inet_pton(AF_INET, ip, &sa.sin_addr) != 1) {
		fprintf(stderr, "cipnet: bad address %s\n", ip);
		exit(2);
	}
	return sa;
}

static int sock_from(int type, const char *src)
{
	struct sockaddr_in sa = addr(src, 0);
	/* generous: a loaded CI machine must not turn into a "gap" */
	struct timeval tv = { 3, 0 };
	int fd = socket(AF_INET, type, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("cipnet: socket/bind");
		exit(2);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

static int exchange(int type, const char *src, struct sockaddr_in *dst)
{
	char buf[64];
	int fd = sock_from(type, src), ok = 0;

	if (connect(fd, (struct sockaddr *)dst, sizeof(*dst)) == 0 &&
	    send(fd, "ping", 4, 0) == 4 && recv(fd, buf, sizeof(buf), 0) == 4 &&
	    !memcmp(buf, "ping", 4))
		ok = 1;
	close(fd);
	return ok;
}

static int serve(int port)
{
	struct sockaddr_in sa = addr("0.0.0.0", port), peer;
	int one = 1, t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET, SOCK_DGRAM, 0);
	struct pollfd p[2] = { { .fd = t, .events = POLLIN }, { .fd = u, .events = POLLIN } };
	char buf[64];

	setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(t, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(t, 128) < 0 ||
	    bind(u, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("cipnet: serve");
		return 2;
	}
	for (;;) {
		socklen_t len = sizeof(peer);
		ssize_t n;

		if (poll(p, 2, -1) < 0)
			continue;
		if (p[0].revents) {
			struct timeval tv = { 1, 0 };
			int c = accept(t, NULL, NULL);

			if (c >= 0) {
				setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
				n = recv(c, buf, sizeof(buf), 0);
				if (n > 0)
					send(c, buf, n, 0);
				/* Let the client close first: TIME_WAIT stays
				 * with it.  Here it would refuse the next flow
				 * that both nodes' SNAT happen to give the same
				 * address and port (each node's NAT knows only
				 * its own flows, and the tests flush them). */
				while (n > 0)
					n = recv(c, buf, sizeof(buf), 0);
				close(c);
			}
		}
		if (p[1].revents) {
			n = recvfrom(u, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len);
			if (n > 0)
				sendto(u, buf, n, 0, (struct sockaddr *)&peer, len);
		}
	}
}

/* Stand in for the syslog daemon while cmd runs. */
static int syslog_run(const char *path, char **cmd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[1024];
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0), status;
	ssize_t n;
	pid_t pid;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("cipnet: syslog socket");
		return 2;
	}
	pid = fork();
	if (pid == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	while ((n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT)) > 0) {
		buf[n] = '\0';
		printf("%s\n", buf);
	}
	unlink(path);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in dst;
	int i, n, ok = 0;

	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(atoi(argv[2]));
	if (argc == 6 && (!strcmp(argv[1], "tcp") || !strcmp(argv[1], "udp"))) {
		int type = argv[1][0] == 't' ? SOCK_STREAM : SOCK_DGRAM;

		dst = addr(argv[3], atoi(argv[4]));
		n = atoi(argv[5]);
		for (i = 0; i < n; i++)
			ok += exchange(type, argv[2], &dst);
		printf("%d\n", ok);
		return 0;
	}
	if (argc >= 4 && !strcmp(argv[1], "blast")) {
		dst = addr(argv[2], atoi(argv[3]));
		for (i = 4; i < argc; i++) {
			int fd = sock_from(SOCK_DGRAM, argv[i]);

			sendto(fd, "x", 1, 0, (struct sockaddr *)&dst, sizeof(dst));
			close(fd);
		}
		return 0;
	}
	if (argc >= 4 && !strcmp(argv[1], "syslog"))
		return syslog_run(argv[2], argv + 3);
	if (argc >= 4 && !strcmp(argv[1], "hash")) {
		uint32_t total = strtoul(argv[2], NULL, 0), seed = strtoul(argv[3], NULL, 0);

		for (i = 4; i < argc; i++) {
			struct sockaddr_in a = addr(argv[i], 0);

			printf("%s %d\n", argv[i], xt_cluster_node((uint8_t *)&a.sin_addr,
								   total, seed));
		}
		return 0;
	}
	fprintf(stderr, "usage: cipnet serve PORT | tcp|udp SRC DST PORT N | blast DST PORT SRC...\n");
	return 2;
}
