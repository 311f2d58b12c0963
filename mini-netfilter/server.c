/* mnf-server: a user-space stand-in for the kernel's nfnetlink subsystems.
 *
 * One process holds every table of one instance.  Programs reach it
 * through libmnf.so (see mnf.h): a control connection carries their
 * requests, replies and events go back on the data channel.  The loop is
 * single-threaded: a request is processed completely (replies queued,
 * events multicast) before the next one is read, as the kernel does
 * within one sendmsg(). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <sys/sysinfo.h>

#include "mnf.h"
#include "srv.h"

#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_DUMP_INTR
#define NLM_F_DUMP_INTR 0x10
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG 1
#endif

struct mnf_conf conf = {
	.enobufs_after = -1,
	.fail_type = -1,
	.corrupt_rate = 100,
	.ct_max = 262144,
};
struct client *clients;

static unsigned long nrequests;		/* every request message, 1-based */
static uint32_t rng_state = 2463534242u;
static uint32_t corrupt_state;

static const struct subsys *subsystems[NFNL_SUBSYS_COUNT];

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "mnf-server: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n");
	exit(1);
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static uint64_t frozen;
int cur_pid;

/* One tick count for a whole request, as the kernel's jiffies. */
uint64_t jiffies(void)
{
	struct timespec ts;

	if (frozen)
		return frozen;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * HZ + ts.tv_nsec / (1000000000 / HZ);
}

void clock_freeze(bool on)
{
	frozen = 0;
	if (on)
		frozen = jiffies();
}

static uint32_t xorshift(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

uint32_t rand32(void)
{
	return xorshift(&rng_state);
}

/* --- attributes ------------------------------------------------------ */

bool attr_ok(const struct nlattr *a, size_t len)
{
	return a && mnl_attr_get_payload_len(a) >= len;
}

/* The kernel's own words about the failing request (extended ACK). */
static const char *ext_msg;

static int parse_span(const void *start, size_t len, struct nlattr **tb,
		      unsigned int max)
{
	const char *p = start;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	while (len >= sizeof(struct nlattr)) {
		const struct nlattr *a = (const void *)p;
		unsigned int type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < sizeof(*a) || a->nla_len > len) {
			ext_msg = "bytes leftover after parsing attributes";
			return -EINVAL;
		}
		if (type <= max)
			tb[type] = (struct nlattr *)a;
		if ((size_t)MNL_ALIGN(a->nla_len) >= len)
			break;
		len -= MNL_ALIGN(a->nla_len);
		p += MNL_ALIGN(a->nla_len);
	}
	return 0;
}

int parse_attrs(const struct nlmsghdr *nlh, struct nlattr **tb, unsigned int max)
{
	size_t off = MNL_ALIGN(sizeof(struct nfgenmsg));

	if (nlh->nlmsg_len < NLMSG_HDRLEN + off) {
		memset(tb, 0, sizeof(*tb) * (max + 1));
		return 0;
	}
	return parse_span((const char *)mnl_nlmsg_get_payload(nlh) + off,
			  nlh->nlmsg_len - NLMSG_HDRLEN - off, tb, max);
}

int parse_nested(const struct nlattr *nest, struct nlattr **tb, unsigned int max)
{
	return parse_span(mnl_attr_get_payload(nest),
			  mnl_attr_get_payload_len(nest), tb, max);
}

struct nlmsghdr *msg_start(void *buf, uint16_t type, uint16_t flags,
			   uint32_t seq, uint32_t portid, uint8_t family,
			   uint16_t res_id)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nfgenmsg *nfg;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = portid;
	nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
	nfg->nfgen_family = family;
	nfg->version = NFNETLINK_V0;
	nfg->res_id = htons(res_id);
	return nlh;
}

/* --- fault: corrupted replies ---------------------------------------- */

/* Damage one attribute of a data message in place, the way a broken
 * kernel or a bit flip would: cut the message inside it, make its length
 * run past the end, give it another type, or bury it under many levels of
 * nesting.  Deterministic for a seed. */
static size_t corrupt_msg(char *msg, size_t len, size_t room)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)msg;
	size_t off = NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct nfgenmsg));
	struct nlattr *a;
	uint32_t r = xorshift(&corrupt_state);
	unsigned int nattr = 0, pick, i;

	if (r % 100 >= conf.corrupt_rate || len <= off + sizeof(*a))
		return len;
	for (i = off; i + sizeof(*a) <= len; i += MNL_ALIGN(a->nla_len)) {
		a = (struct nlattr *)(msg + i);
		if (a->nla_len < sizeof(*a))
			break;
		nattr++;
	}
	if (!nattr)
		return len;
	pick = xorshift(&corrupt_state) % nattr;
	a = (struct nlattr *)(msg + off);
	for (i = 0; i < pick; i++)
		a = (struct nlattr *)((char *)a + MNL_ALIGN(a->nla_len));
	switch (xorshift(&corrupt_state) % 4) {
	case 0:		/* truncated: message ends inside the attribute */
		len = (char *)a - msg + sizeof(*a) / 2 + 1;
		nlh->nlmsg_len = len;
		break;
	case 1:		/* wrong length: runs past the message */
		a->nla_len = (uint16_t)(len - ((char *)a - msg) + 8 +
					xorshift(&corrupt_state) % 64);
		break;
	case 2:		/* wrong type: a nest becomes a scalar and back */
		a->nla_type ^= NLA_F_NESTED;
		if (mnl_attr_get_payload_len(a) >= 4)
			a->nla_type = (a->nla_type & ~NLA_TYPE_MASK) |
				      ((a->nla_type + 1 + xorshift(&corrupt_state) % 5) & 0x1f);
		break;
	case 3: {	/* nesting too deep: 64 empty-ish nests around it */
		size_t alen = MNL_ALIGN(a->nla_len), depth = 64, pos = (char *)a - msg;
		size_t add = depth * sizeof(struct nlattr);

		if (len + add > room)
			break;
		memmove(msg + pos + add, msg + pos, len - pos);
		for (i = 0; i < depth; i++) {
			struct nlattr *n = (struct nlattr *)(msg + pos + i * sizeof(*n));

			n->nla_type = NLA_F_NESTED | ((i % 3) + 1);
			n->nla_len = (uint16_t)(alen + (depth - i) * sizeof(*n));
		}
		len += add;
		nlh->nlmsg_len = len;
		break;
	}
	}
	return len;
}

/* --- output queue ---------------------------------------------------- */

static void queue_raw(struct client *c, uint32_t kind, int32_t arg,
		      const void *data, size_t len)
{
	struct obuf *o = malloc(sizeof(*o) + sizeof(struct mnf_hdr) + len);
	struct mnf_hdr h = { kind, arg };

	if (!o)
		return;
	o->next = NULL;
	o->len = sizeof(h) + len;
	memcpy(o->data, &h, sizeof(h));
	if (len)
		memcpy(o->data + sizeof(h), data, len);
	if (c->qtail)
		c->qtail->next = o;
	else
		c->qhead = o;
	c->qtail = o;
	c->qbytes += o->len;
	if (conf.delay_ms)
		c->q_ready_ms = now_ms() + conf.delay_ms;
}

/* A reply datagram; data messages may be corrupted by the fault. */
static void queue_datagram(struct client *c, char *buf, size_t len, size_t room)
{
	if (conf.corrupt) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

		if (nlh->nlmsg_type != NLMSG_ERROR && nlh->nlmsg_type != NLMSG_DONE)
			len = corrupt_msg(buf, len, room);
	}
	queue_raw(c, MNF_DATA, 0, buf, len);
}

static void flush_queue(struct client *c)
{
	while (c->qhead && !c->dead) {
		struct obuf *o = c->qhead;
		ssize_t n;

		if (c->q_ready_ms && now_ms() < c->q_ready_ms)
			return;
		n = send(c->data, o->data, o->len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)
				return;
			c->dead = true;
			return;
		}
		c->qhead = o->next;
		if (!c->qhead)
			c->qtail = NULL;
		c->qbytes -= o->len;
		if (((struct mnf_hdr *)o->data)->kind == MNF_ERROR)
			c->err_pending = false;
		free(o);
	}
}

void reply_unicast(struct req *r, struct nlmsghdr *nlh)
{
	char buf[GOODSIZE + 1024];

	if (nlh->nlmsg_len > sizeof(buf) - 512)
		return;
	memcpy(buf, nlh, nlh->nlmsg_len);
	queue_datagram(r->c, buf, nlh->nlmsg_len, sizeof(buf));
}

/* NLMSG_ERROR: error 0 is the ACK and carries only the request header;
 * an error carries the whole request unless NETLINK_CAP_ACK is on. */
static void send_ack(struct client *c, const struct nlmsghdr *req, int err)
{
	size_t plen = err && !c->cap_ack ? req->nlmsg_len : NLMSG_HDRLEN;
	size_t len = NLMSG_HDRLEN + sizeof(int) + plen, tlv = 0;
	const char *msg = err && c->ext_ack ? ext_msg : NULL;
	char *buf;

	if (msg) {	/* NLMSGERR_ATTR_MSG after the (capped) request */
		len = NLMSG_ALIGN(len);
		tlv = len;
		len += MNL_ALIGN(sizeof(struct nlattr) + strlen(msg) + 1);
	}
	buf = malloc(NLMSG_ALIGN(len));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *e;

	if (!buf)
		return;
	memset(buf, 0, NLMSG_ALIGN(len));
	nlh->nlmsg_len = len;
	nlh->nlmsg_type = NLMSG_ERROR;
	/* an ACK never carries more than the header: marked capped */
	nlh->nlmsg_flags = !err || c->cap_ack ? NLM_F_CAPPED : 0;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_pid = c->portid;
	e = (struct nlmsgerr *)(buf + NLMSG_HDRLEN);
	e->error = err;
	memcpy(&e->msg, req, plen);
	if (msg) {
		struct nlattr *a = (struct nlattr *)(buf + tlv);

		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = (uint16_t)(sizeof(*a) + strlen(msg) + 1);
		memcpy(a + 1, msg, strlen(msg) + 1);
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	}
	queue_raw(c, MNF_DATA, 0, buf, len);
	free(buf);
}

void dump_begin(struct dump *d, struct req *r)
{
	d->r = r;
	d->len = 0;
}

static void dump_flush(struct dump *d)
{
	char buf[GOODSIZE + 1024];

	if (!d->len)
		return;
	memcpy(buf, d->buf, d->len);
	queue_datagram(d->r->c, buf, d->len, sizeof(buf));
	d->len = 0;
}

void dump_add(struct dump *d, struct nlmsghdr *nlh)
{
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);

	if (conf.dump_intr)
		nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	if (d->len + len > sizeof(d->buf))
		dump_flush(d);
	if (len > sizeof(d->buf))
		return;
	memcpy(d->buf + d->len, nlh, nlh->nlmsg_len);
	memset(d->buf + d->len + nlh->nlmsg_len, 0, len - nlh->nlmsg_len);
	/* Several messages in one datagram: corrupt each on its own by
	 * sending them one per datagram when the fault is on. */
	d->len += len;
	if (conf.corrupt)
		dump_flush(d);
}

void dump_end(struct dump *d)
{
	struct nlmsghdr *nlh;
	char buf[64];
	int zero = 0;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI | (conf.dump_intr ? NLM_F_DUMP_INTR : 0);
	nlh->nlmsg_seq = d->r->nlh->nlmsg_seq;
	nlh->nlmsg_pid = d->r->c->portid;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(zero)), &zero, sizeof(zero));
	/* the kernel's dump callback returns what it filled first, so DONE
	 * comes on the next round: a datagram of its own */
	dump_flush(d);
	/* DONE is never corrupted: write it straight */
	queue_raw(d->r->c, MNF_DATA, 0, nlh, nlh->nlmsg_len);
}

/* Event delivery obeys the receiver's buffer: the server's end of the
 * pair has SO_SNDBUF = the program's SO_RCVBUF, so a full buffer makes
 * the send fail and the event is lost, as in netlink_broadcast(). */
static void deliver_event(struct client *c, unsigned int group,
			  const struct nlmsghdr *nlh)
{
	char buf[sizeof(struct mnf_hdr) + GOODSIZE + 1024];
	struct mnf_hdr h = { MNF_DATA, (int32_t)(1u << (group - 1)) };
	size_t len = nlh->nlmsg_len;

	if (len > GOODSIZE + 512)
		return;
	if (conf.enobufs_after >= 0 && !c->enobufs_faulted &&
	    c->events >= (unsigned long)conf.enobufs_after) {
		c->enobufs_faulted = true;
		goto overrun;
	}
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), nlh, len);
	if (conf.corrupt)
		len = corrupt_msg(buf + sizeof(h), len, sizeof(buf) - sizeof(h));
	if (c->qhead) {
		/* replies still queued: events wait behind them, within
		 * the receive buffer */
		if (c->qbytes + len > (size_t)c->rcvbuf)
			goto overrun;
		queue_raw(c, MNF_DATA, h.arg, buf + sizeof(h), len);
		c->events++;
		return;
	}
	if (send(c->data, buf, sizeof(h) + len, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0) {
		c->events++;
		return;
	}
	if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS) {
		c->dead = true;
		return;
	}
overrun:
	if (!c->no_enobufs && !c->err_pending) {
		c->err_pending = true;
		queue_raw(c, MNF_ERROR, ENOBUFS, NULL, 0);
	}
}

static struct client *echo_to;	/* requester that asked NLM_F_ECHO */

/* nlmsg_notify(): with NLM_F_ECHO the requester gets the event as a
 * unicast (ahead of its ACK) and not again through its groups. */
void multicast(unsigned int group, struct nlmsghdr *nlh)
{
	struct client *c, *echo = NULL;

	if (group < 1 || group > 32)
		return;
	if (echo_to && nlh->nlmsg_pid == echo_to->portid) {
		echo = echo_to;
		queue_raw(echo, MNF_DATA, 0, nlh, nlh->nlmsg_len);
	}
	for (c = clients; c; c = c->next)
		if (!c->dead && c != echo && (c->groups & (1u << (group - 1))))
			deliver_event(c, group, nlh);
}

/* --- requests -------------------------------------------------------- */

static int fault_for(const struct nlmsghdr *nlh)
{
	static unsigned long counted;

	if (!conf.fail_nth)
		return 0;
	if (conf.fail_type >= 0 && nlh->nlmsg_type != conf.fail_type)
		return 0;
	if (++counted == (unsigned long)conf.fail_nth)
		return -conf.fail_errno;
	return 0;
}

/* nfnetlink_rcv_msg(): find the subsystem and the handler, parse the
 * top-level attributes, call. */
static int dispatch(struct client *c, const struct nlmsghdr *nlh)
{
	const struct subsys *ss;
	struct nlattr *tb[64];
	struct req r = { c, nlh, 0 };
	unsigned int sub = NFNL_SUBSYS_ID(nlh->nlmsg_type);
	unsigned int msg = NFNL_MSG_TYPE(nlh->nlmsg_type);
	int err;

	if (sub >= NFNL_SUBSYS_COUNT || !(ss = subsystems[sub]))
		return -EINVAL;
	if (msg >= ss->nmsg || !ss->handlers[msg])
		return -EINVAL;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nfgenmsg)))
		return -EINVAL;
	err = fault_for(nlh);
	if (err)
		return err;
	r.family = ((const struct nfgenmsg *)mnl_nlmsg_get_payload(nlh))->nfgen_family;
	if (parse_attrs(nlh, tb, ss->attr_max) < 0)
		return -EINVAL;
	return ss->handlers[msg](&r, tb);
}

/* netlink_rcv_skb(): every message of the datagram in turn. */
static void process(struct client *c, const char *buf, size_t len)
{
	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *nlh = (const void *)buf;
		size_t step;
		int err = 0;

		if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > len)
			return;
		nrequests++;
		if ((nlh->nlmsg_flags & NLM_F_REQUEST) &&
		    nlh->nlmsg_type >= NLMSG_MIN_TYPE &&
		    nlh->nlmsg_type != NFNL_MSG_BATCH_BEGIN &&
		    nlh->nlmsg_type != NFNL_MSG_BATCH_END) {
			clock_freeze(true);
			cur_pid = c->pid;
			echo_to = nlh->nlmsg_flags & NLM_F_ECHO ? c : NULL;
			ext_msg = NULL;
			err = dispatch(c, nlh);
			echo_to = NULL;
			cur_pid = 0;
			clock_freeze(false);
		}
		if (err != ANSWERED && (err || (nlh->nlmsg_flags & NLM_F_ACK)))
			send_ack(c, nlh, err == ANSWERED ? 0 : err);
		step = NLMSG_ALIGN(nlh->nlmsg_len);
		if (step >= len)
			return;
		buf += step;
		len -= step;
	}
}

/* --- clients --------------------------------------------------------- */

static bool portid_taken(uint32_t portid)
{
	struct client *c;

	for (c = clients; c; c = c->next)
		if (!c->dead && c->portid == portid)
			return true;
	return false;
}

/* netlink_autobind(): the process id first, then random negative ids. */
static uint32_t autobind(struct client *c)
{
	uint32_t id = (uint32_t)c->pid;

	while (!id || portid_taken(id))
		id = 0x80000000u | (rand32() & 0x7fffefffu);
	return id;
}

static void ctl_reply(struct client *c, int32_t arg)
{
	struct mnf_hdr h = { MNF_REPLY, arg };

	if (send(c->ctl, &h, sizeof(h), MSG_NOSIGNAL) != sizeof(h))
		c->dead = true;
}

static int set_option(struct client *c, int opt, int val)
{
	switch (opt) {
	case MNF_OPT_ADD_MEMBERSHIP:
	case MNF_OPT_DROP_MEMBERSHIP:
		if (val < 1 || val > 32)
			return val < 1 ? -EINVAL : 0;
		if (opt == MNF_OPT_ADD_MEMBERSHIP)
			c->groups |= 1u << (val - 1);
		else
			c->groups &= ~(1u << (val - 1));
		return 0;
	case MNF_OPT_NO_ENOBUFS:
		c->no_enobufs = val != 0;
		if (val)
			c->err_pending = false;
		return 0;
	case MNF_OPT_CAP_ACK:
		c->cap_ack = val != 0;
		return 0;
	case MNF_OPT_EXT_ACK:
		c->ext_ack = val != 0;
		return 0;
	case MNF_OPT_BROADCAST_ERROR:
		c->broadcast_error = val != 0;
		return 0;
	case MNF_OPT_RCVBUF:
		c->rcvbuf = val;
		/* best effort: as root the force variant lifts wmem_max */
		if (setsockopt(c->data, SOL_SOCKET, SO_SNDBUFFORCE, &val, sizeof(val)) < 0) {
			int half = val / 2;

			setsockopt(c->data, SOL_SOCKET, SO_SNDBUF, &half, sizeof(half));
		}
		return 0;
	}
	return -ENOPROTOOPT;
}

static int take_fd(struct msghdr *m)
{
	struct cmsghdr *cm;
	int fd = -1;

	for (cm = CMSG_FIRSTHDR(m); cm; cm = CMSG_NXTHDR(m, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}

static char rxbuf[sizeof(struct mnf_hdr) + 512 * 1024];

static void client_read(struct client *c)
{
	struct mnf_hdr h;
	struct iovec iov = { rxbuf, sizeof(rxbuf) };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cbuf;
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = cbuf.buf, .msg_controllen = sizeof(cbuf.buf) };
	ssize_t n = recvmsg(c->ctl, &m, MSG_CMSG_CLOEXEC);
	const char *payload = rxbuf + sizeof(h);
	size_t plen;
	int val;

	if (n < (ssize_t)sizeof(h)) {
		if (n < 0 && errno == EINTR)
			return;
		c->dead = true;
		return;
	}
	memcpy(&h, rxbuf, sizeof(h));
	plen = n - sizeof(h);
	switch (h.kind) {
	case MNF_HELLO:
		c->data = take_fd(&m);
		c->pid = h.arg;
		if (c->data < 0) {
			ctl_reply(c, -EINVAL);
			c->dead = true;
			return;
		}
		fcntl(c->data, F_SETFL, fcntl(c->data, F_GETFL) | O_NONBLOCK);
		set_option(c, MNF_OPT_RCVBUF, 212992);
		ctl_reply(c, 0);
		break;
	case MNF_BIND: {
		uint32_t want = (uint32_t)h.arg, groups = 0;

		if (plen >= 4)
			memcpy(&groups, payload, 4);
		if (c->portid) {
			c->groups = groups | (c->groups & ~0xffffffffu);
			ctl_reply(c, (int32_t)c->portid);
			break;
		}
		if (want && portid_taken(want)) {
			ctl_reply(c, -EADDRINUSE);
			break;
		}
		c->portid = want ? want : autobind(c);
		c->groups = groups;
		ctl_reply(c, (int32_t)c->portid);
		break;
	}
	case MNF_SETOPT:
		if (plen < sizeof(int)) {
			ctl_reply(c, -EINVAL);
			break;
		}
		memcpy(&val, payload, sizeof(val));
		ctl_reply(c, set_option(c, (int)h.arg, val));
		break;
	case MNF_INJECT: {
		char why[256] = "";
		int r;

		clock_freeze(true);
		cur_pid = c->pid;
		r = queue_inject(c, payload, plen, why, sizeof(why));
		cur_pid = 0;
		clock_freeze(false);

		if (r != 0) {	/* else the verdict answers */
			struct mnf_hdr rh = { MNF_REPLY, r < 0 ? r : 0 };
			struct iovec v[2] = { { &rh, sizeof(rh) }, { why, strlen(why) } };
			struct msghdr mh = { .msg_iov = v, .msg_iovlen = 2 };

			sendmsg(c->ctl, &mh, MSG_NOSIGNAL);
		}
		break;
	}
	case MNF_SEND:
		process(c, payload, plen);
		flush_queue(c);
		ctl_reply(c, 0);
		break;
	default:
		ctl_reply(c, -EINVAL);
	}
}

static void client_free(struct client *c)
{
	while (c->qhead) {
		struct obuf *o = c->qhead;

		c->qhead = o->next;
		free(o);
	}
	close(c->ctl);
	if (c->data >= 0)
		close(c->data);
	free(c);
}

static void reap_clients(void)
{
	struct client **pp = &clients;

	while (*pp) {
		struct client *c = *pp;

		if (c->dead) {
			*pp = c->next;
			queue_client_gone(c);
			client_free(c);
		} else {
			pp = &c->next;
		}
	}
}

static void accept_client(int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	struct client *c, **pp;

	if (fd < 0)
		return;
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return;
	}
	c->ctl = fd;
	c->data = -1;
	c->rcvbuf = 212992;
	/* appended, so the poll set built before stays aligned */
	pp = &clients;
	while (*pp)
		pp = &(*pp)->next;
	*pp = c;
}

/* --- main ------------------------------------------------------------ */

static void tick_all(void)
{
	unsigned int i;

	for (i = 0; i < NFNL_SUBSYS_COUNT; i++)
		if (subsystems[i] && subsystems[i]->tick)
			subsystems[i]->tick();
}

static int listen_on(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char tmp[sizeof(sun.sun_path)];
	int fd;

	if (snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid()) >= (int)sizeof(tmp))
		die("socket path too long: %s", path);
	strcpy(sun.sun_path, tmp);
	unlink(tmp);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    listen(fd, 128) < 0)
		die("cannot listen on %s", tmp);
	/* appear under the final name only once connections are accepted */
	if (rename(tmp, path) < 0)
		die("cannot rename socket to %s", path);
	return fd;
}

static void usage(void)
{
	fputs("usage: mnf-server --socket PATH [--acct] [--tstamp] [--labels]\n"
	      "  [--enobufs-after N] [--dump-intr] [--fail N:ERRNO[:TYPE]]\n"
	      "  [--delay MS] [--corrupt SEED[:PERCENT]] [--cpus N] [--max N]\n", stderr);
	exit(2);
}

static void parse_fail(const char *arg)
{
	char *end;

	conf.fail_nth = strtol(arg, &end, 0);
	if (*end != ':' || conf.fail_nth <= 0)
		usage();
	conf.fail_errno = (int)strtol(end + 1, &end, 0);
	if (conf.fail_errno <= 0)
		usage();
	if (*end == ':')
		conf.fail_type = strtol(end + 1, &end, 0);
	if (*end)
		usage();
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "socket", 1, 0, 's' }, { "acct", 0, 0, 'a' },
		{ "tstamp", 0, 0, 't' }, { "labels", 0, 0, 'l' },
		{ "enobufs-after", 1, 0, 'e' }, { "dump-intr", 0, 0, 'i' },
		{ "fail", 1, 0, 'f' }, { "delay", 1, 0, 'd' },
		{ "corrupt", 1, 0, 'c' }, { "cpus", 1, 0, 'p' },
		{ "max", 1, 0, 'm' }, { 0, 0, 0, 0 }
	};
	const char *path = NULL;
	struct pollfd *pfd = NULL;
	size_t npfd = 0;
	int lfd, o;

	conf.ncpu = get_nprocs_conf();
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;

		switch (o) {
		case 's': path = optarg; break;
		case 'a': conf.acct = true; break;
		case 't': conf.tstamp = true; break;
		case 'l': conf.labels = true; break;
		case 'e': conf.enobufs_after = strtol(optarg, NULL, 0); break;
		case 'i': conf.dump_intr = true; break;
		case 'f': parse_fail(optarg); break;
		case 'd': conf.delay_ms = (unsigned)strtoul(optarg, NULL, 0); break;
		case 'c':
			conf.corrupt = true;
			conf.corrupt_seed = (uint32_t)strtoul(optarg, &end, 0);
			if (*end == ':')
				conf.corrupt_rate = (unsigned)strtoul(end + 1, NULL, 0);
			break;
		case 'p': conf.ncpu = atoi(optarg); break;
		case 'm': conf.ct_max = (unsigned)strtoul(optarg, NULL, 0); break;
		default: usage();
		}
	}
	if (!path || conf.ncpu < 1)
		usage();
	corrupt_state = conf.corrupt_seed ? conf.corrupt_seed : 1;
	rng_state ^= (uint32_t)getpid() ^ (uint32_t)now_ns();
	if (!rng_state)
		rng_state = 1;
	signal(SIGPIPE, SIG_IGN);
	subsystems[NFNL_SUBSYS_CTNETLINK] = &ss_conntrack;
	subsystems[NFNL_SUBSYS_CTNETLINK_EXP] = &ss_expect;
	subsystems[NFNL_SUBSYS_CTNETLINK_TIMEOUT] = &ss_timeout;
	subsystems[NFNL_SUBSYS_CTHELPER] = &ss_helper;
	subsystems[NFNL_SUBSYS_QUEUE] = &ss_queue;
	lfd = listen_on(path);

	for (;;) {
		struct client *c;
		size_t n = 1, i;
		int timeout = 100;	/* expiry runs at least every 100 ms */

		for (c = clients; c; c = c->next)
			n++;
		if (n * 2 > npfd) {
			npfd = n * 2 + 8;
			pfd = realloc(pfd, npfd * sizeof(*pfd));
			if (!pfd)
				die("%s", "out of memory");
		}
		pfd[0].fd = lfd;
		pfd[0].events = POLLIN;
		i = 1;
		for (c = clients; c; c = c->next) {
			pfd[i].fd = c->ctl;
			pfd[i].events = POLLIN;
			pfd[i + 1].fd = c->qhead ? c->data : -1;
			pfd[i + 1].events = POLLOUT;
			if (c->qhead && c->q_ready_ms) {
				uint64_t now = now_ms();
				int wait = c->q_ready_ms > now ? (int)(c->q_ready_ms - now) : 0;

				if (wait < timeout)
					timeout = wait;
				if (wait)
					pfd[i + 1].fd = -1;
			}
			i += 2;
		}
		if (poll(pfd, i, timeout) < 0 && errno != EINTR)
			die("%s", "poll failed");
		tick_all();
		if (pfd[0].revents & POLLIN)
			accept_client(lfd);
		i = 1;
		for (c = clients; c && i < npfd; c = c->next, i += 2) {
			if (pfd[i].fd != c->ctl)
				break;	/* list changed (accept): next round */
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				client_read(c);
			if (!c->dead && c->qhead)
				flush_queue(c);
		}
		for (c = clients; c; c = c->next)
			if (c->qhead && !c->dead)
				flush_queue(c);
		reap_clients();
	}
}
