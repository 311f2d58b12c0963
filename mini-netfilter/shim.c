/* libmnf.so: LD_PRELOAD shim that sends a program's NETLINK_NETFILTER
 * sockets to mnf-server instead of the kernel (see mnf.h for the design).
 *
 * Only sockets opened while MNF_SOCK is set are taken over; every other
 * fd goes straight to libc.  The program gets a real fd (one end of an
 * AF_UNIX seqpacket pair), so poll/select/epoll/fcntl work unchanged; the
 * calls that carry netlink semantics (bind, getsockname, socket options,
 * send and receive) are wrapped here. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <linux/netlink.h>

#include "mnf.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

#define MAX_FDS		4096
#define RMEM_DEFAULT	212992	/* net.core.rmem_default */
#define RMEM_MAX	212992	/* net.core.rmem_max: cap of SO_RCVBUF */
#define SEND_MAX	(256 * 1024)

struct msock {
	int ctl;		/* control connection + 1; 0 = not ours */
	uint32_t portid;	/* 0 until bound */
	uint32_t groups;	/* groups 1..32 as a bitmask */
	int rcvbuf;		/* what getsockopt(SO_RCVBUF) reports */
	unsigned int flags;	/* bit per SOL_NETLINK option that is on */
};

static struct msock socks[MAX_FDS];

#define REAL(ret, name, ...) \
	static ret (*real_##name)(__VA_ARGS__); \
	if (!real_##name) \
		real_##name = (ret (*)(__VA_ARGS__))dlsym(RTLD_NEXT, #name)

static struct msock *ours(int fd)
{
	if (fd < 0 || fd >= MAX_FDS || !socks[fd].ctl)
		return NULL;
	return &socks[fd];
}

/* One request on the control channel and its answer (>= 0 or -errno). */
static int ctl_call(struct msock *s, uint32_t kind, int32_t arg,
		    const struct iovec *data, int ndata, int passfd)
{
	struct mnf_hdr h = { kind, arg };
	struct iovec iov[1 + 64];
	struct msghdr m = { 0 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cm;
	int i, fd = s->ctl - 1;
	ssize_t n;

	if (ndata > 64)
		return -EMSGSIZE;
	iov[0].iov_base = &h;
	iov[0].iov_len = sizeof(h);
	for (i = 0; i < ndata; i++)
		iov[1 + i] = data[i];
	m.msg_iov = iov;
	m.msg_iovlen = 1 + ndata;
	if (passfd >= 0) {
		struct cmsghdr *c;

		memset(&cm, 0, sizeof(cm));
		m.msg_control = cm.buf;
		m.msg_controllen = sizeof(cm.buf);
		c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &passfd, sizeof(int));
	}
	do
		n = sendmsg(fd, &m, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -ECONNREFUSED;
	do
		n = recv(fd, &h, sizeof(h), 0);
	while (n < 0 && errno == EINTR);
	if (n != sizeof(h) || h.kind != MNF_REPLY)
		return -ECONNREFUSED;
	return h.arg;
}

static int set_errno(int r)
{
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return r;
}

/* Connect a control channel to the server and hand it the server end of
 * a fresh data pair.  Returns the program's fd or -errno. */
static int mnf_open(const char *path, int type)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int sv[2], ctl, hi, r;
	struct msock *s;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | (type & SOCK_CLOEXEC), 0, sv) < 0)
		return -errno;
	if (sv[0] >= MAX_FDS) {
		close(sv[0]);
		close(sv[1]);
		return -EMFILE;
	}
	ctl = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (ctl < 0 || connect(ctl, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		r = -errno;
		if (ctl >= 0)
			close(ctl);
		close(sv[0]);
		close(sv[1]);
		return r == -ENOENT ? -ECONNREFUSED : r;
	}
	/* Keep the hidden fd out of the low numbers programs expect. */
	hi = fcntl(ctl, F_DUPFD_CLOEXEC, 512);
	if (hi >= 0) {
		close(ctl);
		ctl = hi;
	}
	s = &socks[sv[0]];
	memset(s, 0, sizeof(*s));
	s->ctl = ctl + 1;
	s->rcvbuf = RMEM_DEFAULT;
	r = ctl_call(s, MNF_HELLO, getpid(), NULL, 0, sv[1]);
	close(sv[1]);
	if (r < 0) {
		close(ctl);
		close(sv[0]);
		s->ctl = 0;
		return r;
	}
	if (type & SOCK_NONBLOCK)
		fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	return sv[0];
}

int socket(int domain, int type, int protocol)
{
	REAL(int, socket, int, int, int);
	const char *path = getenv(MNF_ENV_SOCK);
	int base = type & ~(SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (domain != AF_NETLINK || protocol != NETLINK_NETFILTER || !path || !*path)
		return real_socket(domain, type, protocol);
	if (base != SOCK_RAW && base != SOCK_DGRAM)
		return set_errno(-ESOCKTNOSUPPORT);
	return set_errno(mnf_open(path, type));
}

static int do_bind(struct msock *s, uint32_t pid, uint32_t groups)
{
	struct iovec iov = { &groups, sizeof(groups) };
	int r = ctl_call(s, MNF_BIND, (int32_t)pid, &iov, 1, -1);

	/* portids above 2^31 come back negative: only small values are errors */
	if (r < 0 && r > -4096)
		return r;
	s->portid = (uint32_t)r;
	s->groups = groups;
	return 0;
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	REAL(int, bind, int, const struct sockaddr *, socklen_t);
	const struct sockaddr_nl *nl = (const void *)addr;
	struct msock *s = ours(fd);

	if (!s)
		return real_bind(fd, addr, len);
	if (len < sizeof(*nl) || nl->nl_family != AF_NETLINK)
		return set_errno(-EINVAL);
	if (s->portid && nl->nl_pid && nl->nl_pid != s->portid)
		return set_errno(-EINVAL);
	return set_errno(do_bind(s, s->portid ? s->portid : nl->nl_pid, nl->nl_groups));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
	REAL(int, connect, int, const struct sockaddr *, socklen_t);
	struct msock *s = ours(fd);

	if (!s)
		return real_connect(fd, addr, len);
	/* Only the kernel is a peer here: autobind and accept. */
	if (!s->portid)
		return set_errno(do_bind(s, 0, s->groups));
	return 0;
}

static void fill_nl_addr(struct sockaddr *addr, socklen_t *len, uint32_t pid,
			 uint32_t groups)
{
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK, .nl_pid = pid,
				  .nl_groups = groups };

	if (!addr || !len)
		return;
	memcpy(addr, &nl, *len < sizeof(nl) ? *len : sizeof(nl));
	*len = sizeof(nl);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	REAL(int, getsockname, int, struct sockaddr *, socklen_t *);
	struct msock *s = ours(fd);

	if (!s)
		return real_getsockname(fd, addr, len);
	fill_nl_addr(addr, len, s->portid, s->groups);
	return 0;
}

int getpeername(int fd, struct sockaddr *addr, socklen_t *len)
{
	REAL(int, getpeername, int, struct sockaddr *, socklen_t *);

	if (!ours(fd))
		return real_getpeername(fd, addr, len);
	fill_nl_addr(addr, len, 0, 0);
	return 0;
}

static int nl_opt(int optname)
{
	switch (optname) {
	case NETLINK_ADD_MEMBERSHIP:	return MNF_OPT_ADD_MEMBERSHIP;
	case NETLINK_DROP_MEMBERSHIP:	return MNF_OPT_DROP_MEMBERSHIP;
	case NETLINK_NO_ENOBUFS:	return MNF_OPT_NO_ENOBUFS;
	case NETLINK_CAP_ACK:		return MNF_OPT_CAP_ACK;
	case NETLINK_EXT_ACK:		return MNF_OPT_EXT_ACK;
	case NETLINK_BROADCAST_ERROR:	return MNF_OPT_BROADCAST_ERROR;
	}
	return 0;
}

static int set_opt(struct msock *s, int opt, int val)
{
	struct iovec iov = { &val, sizeof(val) };

	return ctl_call(s, MNF_SETOPT, opt, &iov, 1, -1);
}

int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)
{
	REAL(int, setsockopt, int, int, int, const void *, socklen_t);
	struct msock *s = ours(fd);
	int val, opt, r;

	if (!s)
		return real_setsockopt(fd, level, optname, optval, optlen);
	if (level == SOL_SOCKET &&
	    (optname == SO_RCVBUF || optname == SO_RCVBUFFORCE)) {
		if (optlen < sizeof(int))
			return set_errno(-EINVAL);
		memcpy(&val, optval, sizeof(val));
		if (optname == SO_RCVBUF && val > RMEM_MAX)
			val = RMEM_MAX;
		if (val < 1152)
			val = 1152;
		/* Stored doubled, like the kernel (room for overhead). */
		val = val > 0x3fffffff ? 0x7fffffff : val * 2;
		r = set_opt(s, MNF_OPT_RCVBUF, val);
		if (r < 0)
			return set_errno(r);
		s->rcvbuf = val;
		return 0;
	}
	if (level != SOL_NETLINK)
		return real_setsockopt(fd, level, optname, optval, optlen);
	opt = nl_opt(optname);
	if (!opt) {
		/* PKTINFO, LISTEN_ALL_NSID, ...: accepted, no effect here */
		if (optname > 0 && optname < 32)
			return 0;
		return set_errno(-ENOPROTOOPT);
	}
	if (optlen < sizeof(int))
		return set_errno(-EINVAL);
	memcpy(&val, optval, sizeof(val));
	if (opt == MNF_OPT_ADD_MEMBERSHIP && !s->portid) {
		r = do_bind(s, 0, s->groups);
		if (r < 0)
			return set_errno(r);
	}
	r = set_opt(s, opt, val);
	if (r < 0)
		return set_errno(r);
	if (opt == MNF_OPT_ADD_MEMBERSHIP && val >= 1 && val <= 32)
		s->groups |= 1u << (val - 1);
	else if (opt == MNF_OPT_DROP_MEMBERSHIP && val >= 1 && val <= 32)
		s->groups &= ~(1u << (val - 1));
	else if (val)
		s->flags |= 1u << optname;
	else
		s->flags &= ~(1u << optname);
	return 0;
}

static int put_int(void *optval, socklen_t *optlen, int val)
{
	if (!optval || !optlen || *optlen < sizeof(int))
		return set_errno(-EINVAL);
	memcpy(optval, &val, sizeof(val));
	*optlen = sizeof(val);
	return 0;
}

int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen)
{
	REAL(int, getsockopt, int, int, int, void *, socklen_t *);
	struct msock *s = ours(fd);

	if (!s)
		return real_getsockopt(fd, level, optname, optval, optlen);
	if (level == SOL_SOCKET) {
		switch (optname) {
		case SO_RCVBUF:		return put_int(optval, optlen, s->rcvbuf);
		case SO_TYPE:		return put_int(optval, optlen, SOCK_RAW);
		case SO_PROTOCOL:	return put_int(optval, optlen, NETLINK_NETFILTER);
		case SO_DOMAIN:		return put_int(optval, optlen, AF_NETLINK);
		}
		return real_getsockopt(fd, level, optname, optval, optlen);
	}
	if (level != SOL_NETLINK)
		return set_errno(-ENOPROTOOPT);
	if (optname > 0 && optname < 32 && optname != NETLINK_ADD_MEMBERSHIP &&
	    optname != NETLINK_DROP_MEMBERSHIP)
		return put_int(optval, optlen, !!(s->flags & (1u << optname)));
	return set_errno(-ENOPROTOOPT);
}

/* Requests: the server answers on the data channel before the call returns. */
static ssize_t mnf_send(struct msock *s, const struct iovec *iov, int iovlen)
{
	size_t total = 0;
	int i, r;

	for (i = 0; i < iovlen; i++)
		total += iov[i].iov_len;
	if (total > SEND_MAX)
		return set_errno(-EMSGSIZE);
	if (!s->portid) {
		r = do_bind(s, 0, s->groups);
		if (r < 0)
			return set_errno(r);
	}
	r = ctl_call(s, MNF_SEND, 0, iov, iovlen, -1);
	if (r < 0)
		return set_errno(r);
	return (ssize_t)total;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	REAL(ssize_t, sendmsg, int, const struct msghdr *, int);
	struct msock *s = ours(fd);

	if (!s)
		return real_sendmsg(fd, msg, flags);
	return mnf_send(s, msg->msg_iov, msg->msg_iovlen);
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	REAL(ssize_t, sendto, int, const void *, size_t, int,
	     const struct sockaddr *, socklen_t);
	struct msock *s = ours(fd);
	struct iovec iov = { (void *)buf, len };

	if (!s)
		return real_sendto(fd, buf, len, flags, to, tolen);
	return mnf_send(s, &iov, 1);
}

ssize_t send(int fd, const void *buf, size_t len, int flags)
{
	REAL(ssize_t, send, int, const void *, size_t, int);
	struct msock *s = ours(fd);
	struct iovec iov = { (void *)buf, len };

	if (!s)
		return real_send(fd, buf, len, flags);
	return mnf_send(s, &iov, 1);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	REAL(ssize_t, write, int, const void *, size_t);
	struct msock *s = ours(fd);
	struct iovec iov = { (void *)buf, len };

	if (!s)
		return real_write(fd, buf, len);
	return mnf_send(s, &iov, 1);
}

/* One datagram from the data channel: strip the mnf header, fill in the
 * kernel as sender, turn an MNF_ERROR into a failing call. */
static ssize_t mnf_recv(int fd, struct msock *s, struct msghdr *msg, int flags)
{
	REAL(ssize_t, recvmsg, int, struct msghdr *, int);
	struct mnf_hdr h;
	struct iovec iov[1 + 64];
	struct msghdr m = { 0 };
	size_t i;
	ssize_t n;

	if (msg->msg_iovlen > 64)
		return set_errno(-EMSGSIZE);
	iov[0].iov_base = &h;
	iov[0].iov_len = sizeof(h);
	for (i = 0; i < msg->msg_iovlen; i++)
		iov[1 + i] = msg->msg_iov[i];
	m.msg_iov = iov;
	m.msg_iovlen = 1 + msg->msg_iovlen;
	n = real_recvmsg(fd, &m, flags);
	if (n < 0)
		return n;
	if (n == 0)		/* server gone: a dead kernel never answers */
		return set_errno(-ECONNRESET);
	if (n < (ssize_t)sizeof(h))
		return set_errno(-EIO);
	if (h.kind == MNF_ERROR) {
		if (flags & MSG_PEEK)	/* sk_err is consumed even by a peek */
			real_recvmsg(fd, &m, flags & ~MSG_PEEK);
		return set_errno(-h.arg);
	}
	if (msg->msg_name)
		fill_nl_addr(msg->msg_name, &msg->msg_namelen, 0, (uint32_t)h.arg);
	else
		msg->msg_namelen = 0;
	msg->msg_controllen = 0;
	msg->msg_flags = m.msg_flags;
	(void)s;
	return n - (ssize_t)sizeof(h);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	REAL(ssize_t, recvmsg, int, struct msghdr *, int);
	struct msock *s = ours(fd);

	if (!s)
		return real_recvmsg(fd, msg, flags);
	return mnf_recv(fd, s, msg, flags);
}

ssize_t recvfrom(int fd, void *buf, size_t len, int flags,
		 struct sockaddr *from, socklen_t *fromlen)
{
	REAL(ssize_t, recvfrom, int, void *, size_t, int, struct sockaddr *,
	     socklen_t *);
	struct msock *s = ours(fd);
	struct iovec iov = { buf, len };
	struct msghdr m = { 0 };
	ssize_t n;

	if (!s)
		return real_recvfrom(fd, buf, len, flags, from, fromlen);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_name = from;
	m.msg_namelen = fromlen ? *fromlen : 0;
	n = mnf_recv(fd, s, &m, flags);
	if (n >= 0 && from && fromlen)
		*fromlen = m.msg_namelen;
	return n;
}

ssize_t recv(int fd, void *buf, size_t len, int flags)
{
	REAL(ssize_t, recv, int, void *, size_t, int);

	if (!ours(fd))
		return real_recv(fd, buf, len, flags);
	return recvfrom(fd, buf, len, flags, NULL, NULL);
}

ssize_t read(int fd, void *buf, size_t len)
{
	REAL(ssize_t, read, int, void *, size_t);

	if (!ours(fd))
		return real_read(fd, buf, len);
	return recvfrom(fd, buf, len, 0, NULL, NULL);
}

ssize_t __recv_chk(int fd, void *buf, size_t len, size_t buflen, int flags)
{
	(void)buflen;
	return recv(fd, buf, len, flags);
}

ssize_t __recvfrom_chk(int fd, void *buf, size_t len, size_t buflen, int flags,
		       struct sockaddr *from, socklen_t *fromlen)
{
	(void)buflen;
	return recvfrom(fd, buf, len, flags, from, fromlen);
}

ssize_t __read_chk(int fd, void *buf, size_t len, size_t buflen)
{
	(void)buflen;
	return read(fd, buf, len);
}

int close(int fd)
{
	REAL(int, close, int);
	struct msock *s = ours(fd);

	if (s) {
		real_close(s->ctl - 1);
		s->ctl = 0;
	}
	return real_close(fd);
}
