/* nlreply.so: LD_PRELOAD shim that answers a program's netlink request
 * with canned messages, so two programs (Debian's nfct and ours) can be
 * shown the same kernel answer and their output compared.  Test tool
 * only; it stands in where this machine's kernel cannot answer (no
 * nfnetlink_cthelper) until mini-netfilter can.
 *
 *   NLREPLY_FILE=FILE  hex bytes of the answer: one or more netlink
 *                      messages (their seq and portid are filled in)
 *   NLREPLY_FAIL=CALL:ERRNO  make socket, bind, send or recv on netlink
 *                      fail with that errno instead
 *
 * A request sent on a netlink socket goes nowhere; the next receive on
 * that socket returns the answer; a receive with nothing pending fails
 * with EIO instead of waiting forever. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

static unsigned char answer[65536];
static size_t answer_len;
static uint32_t req_seq;
static int pending;

/* errno that CALL must fail with, or 0 */
static int fail_with(const char *call)
{
	const char *f = getenv("NLREPLY_FAIL");
	size_t n = strlen(call);

	if (f && !strncmp(f, call, n) && f[n] == ':')
		return atoi(f + n + 1);
	return 0;
}

static int is_netlink(int fd)
{
	struct sockaddr_nl sa;
	socklen_t len = sizeof(sa);

	return getsockname(fd, (struct sockaddr *)&sa, &len) == 0 &&
	       sa.nl_family == AF_NETLINK;
}

static uint32_t portid_of(int fd)
{
	struct sockaddr_nl sa;
	socklen_t len = sizeof(sa);

	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		return 0;
	return sa.nl_pid;
}

static void load_answer(void)
{
	const char *path = getenv("NLREPLY_FILE");
	FILE *f = path ? fopen(path, "r") : NULL;
	unsigned int b;

	answer_len = 0;
	if (!f)
		return;
	while (answer_len < sizeof(answer) && fscanf(f, " %2x", &b) == 1)
		answer[answer_len++] = b;
	fclose(f);
}

static void take_request(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;

	if (len >= sizeof(*nlh))
		req_seq = nlh->nlmsg_seq;
	load_answer();
	pending = 1;
}

/* Copy the answer out, numbered for this request and this socket. */
static ssize_t give_answer(int fd, void *buf, size_t len)
{
	uint32_t pid = portid_of(fd);
	size_t off = 0;

	if (fail_with("recv")) {
		errno = fail_with("recv");
		return -1;
	}
	if (!pending) {
		errno = EIO;
		return -1;
	}
	pending = 0;
	if (len > answer_len)
		len = answer_len;
	memcpy(buf, answer, len);
	while (off + sizeof(struct nlmsghdr) <= len) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)buf + off);

		if (nlh->nlmsg_len < sizeof(*nlh))
			break;
		nlh->nlmsg_seq = req_seq;
		nlh->nlmsg_pid = pid;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	return len;
}

static void kernel_address(void *name, socklen_t *namelen)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (name && namelen && *namelen >= sizeof(sa)) {
		memcpy(name, &sa, sizeof(sa));
		*namelen = sizeof(sa);
	}
}

int socket(int domain, int type, int proto)
{
	static int (*real)(int, int, int);

	if (domain == AF_NETLINK && fail_with("socket")) {
		errno = fail_with("socket");
		return -1;
	}
	if (!real)
		real = dlsym(RTLD_NEXT, "socket");
	return real(domain, type, proto);
}

int bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	static int (*real)(int, const struct sockaddr *, socklen_t);

	if (sa && sa->sa_family == AF_NETLINK && fail_with("bind")) {
		errno = fail_with("bind");
		return -1;
	}
	if (!real)
		real = dlsym(RTLD_NEXT, "bind");
	return real(fd, sa, len);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	static ssize_t (*real)(int, const void *, size_t, int,
			       const struct sockaddr *, socklen_t);

	if (!is_netlink(fd)) {
		if (!real)
			real = dlsym(RTLD_NEXT, "sendto");
		return real(fd, buf, len, flags, to, tolen);
	}
	if (fail_with("send")) {
		errno = fail_with("send");
		return -1;
	}
	take_request(buf, len);
	return len;
}

ssize_t sendmsg(int fd, const struct msghdr *m, int flags)
{
	static ssize_t (*real)(int, const struct msghdr *, int);

	if (!is_netlink(fd) || m->msg_iovlen < 1) {
		if (!real)
			real = dlsym(RTLD_NEXT, "sendmsg");
		return real(fd, m, flags);
	}
	if (fail_with("send")) {
		errno = fail_with("send");
		return -1;
	}
	take_request(m->msg_iov[0].iov_base, m->msg_iov[0].iov_len);
	return m->msg_iov[0].iov_len;
}

ssize_t recvmsg(int fd, struct msghdr *m, int flags)
{
	static ssize_t (*real)(int, struct msghdr *, int);
	ssize_t n;

	if (!is_netlink(fd) || m->msg_iovlen < 1) {
		if (!real)
			real = dlsym(RTLD_NEXT, "recvmsg");
		return real(fd, m, flags);
	}
	n = give_answer(fd, m->msg_iov[0].iov_base, m->msg_iov[0].iov_len);
	if (n >= 0) {
		kernel_address(m->msg_name, &m->msg_namelen);
		m->msg_controllen = 0;
		m->msg_flags = 0;
	}
	return n;
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *from, socklen_t *fromlen)
{
	static ssize_t (*real)(int, void *, size_t, int, struct sockaddr *,
			       socklen_t *);
	ssize_t n;

	if (!is_netlink(fd)) {
		if (!real)
			real = dlsym(RTLD_NEXT, "recvfrom");
		return real(fd, buf, len, flags, from, fromlen);
	}
	n = give_answer(fd, buf, len);
	if (n >= 0)
		kernel_address(from, fromlen);
	return n;
}
