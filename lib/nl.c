#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "config.h"
#include "nl.h"
#include "util.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG 1
#endif

/* Room kept free at the batch tail: any one request fits in it. */
#define NL_MSG_ROOM	((size_t)8192)
#define NL_BATCH_MIN	(4 * NL_MSG_ROOM)

int nl_open(struct nl *nl, int bus, unsigned int groups)
{
	int on = 1;

	memset(nl, 0, sizeof(*nl));
	nl->sk = mnl_socket_open(bus);
	if (!nl->sk)
		return -errno;
	if (mnl_socket_bind(nl->sk, groups, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(nl->sk);
		nl->sk = NULL;
		return err;
	}
	/* Best effort: older kernels lack them and work the same without. */
	mnl_socket_setsockopt(nl->sk, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(nl->sk, NETLINK_CAP_ACK, &on, sizeof(on));
	nl->portid = mnl_socket_get_portid(nl->sk);
	/* conntrack-tools numbers requests from time(NULL); any start works
	 * as long as replies are matched against it. */
	nl->seq = (uint32_t)time(NULL);
	nl->bufsz = NL_DUMP_BUFSIZE;
	nl->buf = xmalloc(nl->bufsz);
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	free(nl->buf);
	nl->sk = NULL;
	nl->buf = NULL;
}

int nl_join(struct nl *nl, unsigned int group)
{
	int g = group;

	if (mnl_socket_setsockopt(nl->sk, NETLINK_ADD_MEMBERSHIP, &g, sizeof(g)) < 0)
		return -errno;
	return 0;
}

int nl_set_rcvbuf(struct nl *nl, int bytes)
{
	int fd = mnl_socket_get_fd(nl->sk);
	int val = 0;
	socklen_t len = sizeof(val);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) < 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)) < 0)
		return -errno;
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &val, &len) < 0)
		return -errno;
	return val;
}

struct nlmsghdr *nfnl_msg(void *buf, uint8_t subsys, uint8_t msg,
			  uint16_t flags, uint8_t family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = (subsys << 8) | msg;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = 0;
	return nlh;
}

/* Keep the kernel's own words about an error (extended ACK). */
static void save_ext_msg(struct nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off, len = nlh->nlmsg_len;
	const struct nlattr *a;

	nl->ext_msg[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    len < NLMSG_HDRLEN + sizeof(*e))
		return;
	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len > NLMSG_HDRLEN ?
		       MNL_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN : 0;
	while (off + sizeof(*a) <= len) {
		a = (const struct nlattr *)((const char *)nlh + off);
		if (a->nla_len < sizeof(*a) || off + a->nla_len > len)
			return;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			size_t n = a->nla_len - sizeof(*a);

			if (n >= sizeof(nl->ext_msg))
				n = sizeof(nl->ext_msg) - 1;
			memcpy(nl->ext_msg, (const char *)(a + 1), n);
			nl->ext_msg[n] = '\0';
			n = strlen(nl->ext_msg);
			while (n && nl->ext_msg[n - 1] == '\n')
				nl->ext_msg[--n] = '\0';
			return;
		}
		off += MNL_ALIGN(a->nla_len);
	}
}

/* Error code of an NLMSG_ERROR (0 = ACK), or -EBADMSG if truncated. */
static int nlmsg_error_code(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(int)))
		return -EBADMSG;
	return e->error > 0 ? -e->error : e->error;
}

int nl_msg_error(struct nl *nl, const struct nlmsghdr *nlh)
{
	int err = nlmsg_error_code(nlh);

	if (err)
		save_ext_msg(nl, nlh);
	return err;
}

enum { RUN_MORE = 1, RUN_DONE = 0 };

/* Walk one datagram of replies to request seq.  Returns RUN_MORE when the
 * answer goes on in the next datagram, RUN_DONE when it ended well, or
 * -errno.  *stopped turns on once cb asked to stop. */
static int run_replies(struct nl *nl, const char *buf, size_t len, uint32_t seq,
		       mnl_cb_t cb, void *data, bool *stopped, int *cb_err)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	int rest = len;

	while (mnl_nlmsg_ok(nlh, rest)) {
		/* Replies to an earlier request (one abandoned on error)
		 * or from someone else: not ours, skip. */
		if (nlh->nlmsg_seq != seq || (nlh->nlmsg_pid && nlh->nlmsg_pid != nl->portid)) {
			nlh = mnl_nlmsg_next(nlh, &rest);
			continue;
		}
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			nl->dump_intr = true;
		switch (nlh->nlmsg_type) {
		case NLMSG_NOOP:
			break;
		case NLMSG_OVERRUN:
			return -ENOBUFS;
		case NLMSG_ERROR: {
			int err = nlmsg_error_code(nlh);

			if (err)
				save_ext_msg(nl, nlh);
			if (err == 0 && *cb_err)
				return *cb_err;
			return err;
		}
		case NLMSG_DONE:
			if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int))) {
				int err = *(const int *)mnl_nlmsg_get_payload(nlh);

				if (err < 0)
					return err;
			}
			return *cb_err ? *cb_err : RUN_DONE;
		default:
			if (cb && !*stopped && !*cb_err) {
				int r;

				errno = 0;
				r = cb(nlh, data);
				if (r == MNL_CB_ERROR)
					*cb_err = errno ? -errno : -EBADMSG;
				else if (r == MNL_CB_STOP)
					*stopped = true;
			}
		}
		nlh = mnl_nlmsg_next(nlh, &rest);
	}
	return RUN_MORE;
}

int nl_send(struct nl *nl, struct nlmsghdr *req)
{
	req->nlmsg_seq = nl->seq++;
	if (mnl_socket_sendto(nl->sk, req, req->nlmsg_len) < 0)
		return -errno;
	return 0;
}

int nl_talk(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data)
{
	bool stopped = false;
	int cb_err = 0, ret;
	uint32_t seq = nl->seq;

	nl->ext_msg[0] = '\0';
	nl->dump_intr = false;
	ret = nl_send(nl, req);
	if (ret < 0)
		return ret;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sk, nl->buf, nl->bufsz);

		if (n < 0)
			return -errno;
		ret = run_replies(nl, nl->buf, n, seq, cb, data, &stopped, &cb_err);
		if (ret != RUN_MORE)
			return ret;
		/* A GET without ACK ends with its single answer. */
		if (!(req->nlmsg_flags & (NLM_F_ACK | NLM_F_DUMP)))
			return cb_err;
	}
}

/* Run cb on the messages of one datagram; returns how many, or -errno. */
static int run_events(const char *buf, int len, mnl_cb_t cb, void *data)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	int count = 0;

	while (mnl_nlmsg_ok(nlh, len)) {
		if (nlh->nlmsg_type >= NLMSG_MIN_TYPE) {
			errno = 0;
			if (cb(nlh, data) == MNL_CB_ERROR)
				return errno ? -errno : -EBADMSG;
			count++;
		}
		nlh = mnl_nlmsg_next(nlh, &len);
	}
	return count;
}

/* One datagram into nl->buf; flags as recvmsg().  Returns its length or
 * -errno (-ENOSPC when it did not fit, as mnl_socket_recvfrom). */
static ssize_t recv_dgram(struct nl *nl, int flags)
{
	struct sockaddr_nl from;
	struct iovec iov = { nl->buf, nl->bufsz };
	struct msghdr m = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	ssize_t n = recvmsg(mnl_socket_get_fd(nl->sk), &m, flags);

	if (n < 0)
		return -errno;
	if (m.msg_flags & MSG_TRUNC)
		return -ENOSPC;
	return n;
}

/* The kernel sends every event as a datagram of its own.  After the
 * first (waited for), take what else is queued, up to NL_EVENT_BATCH, so
 * the caller flushes its output once per burst, not once per event.
 * (Not recvmmsg(): mini-netfilter's shim wraps recvmsg only.) */
#define NL_EVENT_BATCH	64

int nl_recv_events(struct nl *nl, mnl_cb_t cb, void *data)
{
	int i, ret, count = 0;

	for (i = 0; i < NL_EVENT_BATCH; i++) {
		ssize_t n = recv_dgram(nl, i ? MSG_DONTWAIT : 0);

		if (i && (n == -EAGAIN || n == -EWOULDBLOCK))
			break;
		if (n < 0)
			return n;
		ret = run_events(nl->buf, n, cb, data);
		if (ret < 0)
			return ret;
		count += ret;
	}
	return count;
}

void nl_batch_init(struct nl_batch *b, struct nl *nl, size_t cap,
		   void (*on_error)(unsigned int, int, void *), void *data)
{
	memset(b, 0, sizeof(*b));
	b->nl = nl;
	b->cap = cap < NL_BATCH_MIN ? NL_BATCH_MIN : cap;
	/* zeroed: libmnl 1.0.4 does not clear attribute padding, and the
	 * kernel should not get stale heap bytes */
	b->buf = xcalloc(1, b->cap);
	b->on_error = on_error;
	b->data = data;
}

void *nl_batch_tail(struct nl_batch *b)
{
	return b->buf + b->len;
}

int nl_batch_push(struct nl_batch *b, unsigned int max_msgs)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)(b->buf + b->len);

	if (b->count == 0)
		b->first_seq = b->nl->seq;
	nlh->nlmsg_seq = b->nl->seq++;
	nlh->nlmsg_flags &= ~NLM_F_ACK;
	b->len += MNL_ALIGN(nlh->nlmsg_len);
	b->count++;
	if (b->count >= max_msgs || b->cap - b->len < NL_MSG_ROOM)
		return nl_batch_flush(b);
	return 0;
}

/* Find the last message so it alone asks for an ACK. */
static struct nlmsghdr *batch_last(struct nl_batch *b)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)b->buf, *last = nlh;
	int rest = b->len;

	while (mnl_nlmsg_ok(nlh, rest)) {
		last = nlh;
		nlh = mnl_nlmsg_next(nlh, &rest);
	}
	return last;
}

int nl_batch_flush(struct nl_batch *b)
{
	struct nl *nl = b->nl;
	uint32_t last_seq;
	int ret = 0;

	if (b->count == 0)
		return 0;
	last_seq = b->first_seq + b->count - 1;
	batch_last(b)->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl->sk, b->buf, b->len) < 0) {
		ret = -errno;
		goto out;
	}
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl->sk, nl->buf, nl->bufsz);
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)nl->buf;
		int rest;

		if (n < 0) {
			ret = -errno;
			goto out;
		}
		rest = n;
		for (; mnl_nlmsg_ok(nlh, rest); nlh = mnl_nlmsg_next(nlh, &rest)) {
			uint32_t idx = nlh->nlmsg_seq - b->first_seq;
			int err;

			if (idx >= b->count)
				continue;
			if (nlh->nlmsg_type != NLMSG_ERROR) {
				if (b->on_data && nlh->nlmsg_type >= NLMSG_MIN_TYPE)
					b->on_data(b->sent + idx, nlh, b->data);
				continue;
			}
			err = nlmsg_error_code(nlh);
			if (err) {
				save_ext_msg(nl, nlh);
				b->failed++;
				if (b->on_error)
					b->on_error(b->sent + idx, err, b->data);
			}
			if (nlh->nlmsg_seq == last_seq)
				goto out;
		}
	}
out:
	b->sent += b->count;
	b->count = 0;
	b->len = 0;
	return ret;
}

void nl_batch_free(struct nl_batch *b)
{
	free(b->buf);
	b->buf = NULL;
}
