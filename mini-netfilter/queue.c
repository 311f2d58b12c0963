/* NFQUEUE (subsystem 3) with the conntrack glue.  There is no traffic
 * here: mnf-inject hands the server a packet and the conntrack entry it
 * belongs to; the server queues it to the program bound to the queue
 * (NFQA_PACKET_HDR, NFQA_CT, NFQA_CT_INFO, NFQA_PAYLOAD) and, when the
 * verdict comes, applies NFQA_CT and NFQA_EXP as the kernel does and
 * tells the injector the verdict, the (mangled) payload, the entry after
 * the verdict and every expectation the verdict created. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink_queue.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "mnf.h"
#include "srv.h"
#include "ct_srv.h"

struct queue {
	struct queue *next;
	uint16_t num;
	uint32_t portid;
	uint8_t copy_mode;
	uint32_t copy_range, flags;
};

struct pending {
	struct pending *next;
	uint32_t id;
	uint16_t queue;
	struct client *injector;
	struct tup tuple;	/* the entry, found again at verdict time */
	struct zone zone;
	uint8_t family;
	char *capture;		/* expectations created for this entry meanwhile */
	size_t capture_len;
	size_t len;
	uint8_t payload[];
};

static struct queue *queues;
static struct pending *pendings;
static uint32_t next_id = 1;

static struct queue *find_queue(uint16_t num)
{
	struct queue *q;

	for (q = queues; q; q = q->next)
		if (q->num == num)
			return q;
	return NULL;
}

static struct client *queue_client(const struct queue *q)
{
	struct client *c;

	for (c = clients; c; c = c->next)
		if (!c->dead && c->portid == q->portid)
			return c;
	return NULL;
}

static void drop_queue(struct queue *q)
{
	struct queue **pp;

	for (pp = &queues; *pp; pp = &(*pp)->next)
		if (*pp == q) {
			*pp = q->next;
			free(q);
			return;
		}
}

/* nfqnl_recv_config() */
static int q_config(struct req *r, struct nlattr **tb)
{
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(r->nlh);
	uint16_t num = ntohs(nfg->res_id);
	struct queue *q = find_queue(num);

	if (q && q->portid != r->c->portid)
		return -EPERM;
	if (tb[NFQA_CFG_CMD]) {
		struct nfqnl_msg_config_cmd cmd;

		if (!attr_ok(tb[NFQA_CFG_CMD], sizeof(cmd)))
			return -EINVAL;
		memcpy(&cmd, mnl_attr_get_payload(tb[NFQA_CFG_CMD]), sizeof(cmd));
		switch (cmd.command) {
		case NFQNL_CFG_CMD_BIND:
			if (q)
				return -EBUSY;
			q = calloc(1, sizeof(*q));
			if (!q)
				return -ENOMEM;
			q->num = num;
			q->portid = r->c->portid;
			q->copy_range = 0xffff;
			q->next = queues;
			queues = q;
			break;
		case NFQNL_CFG_CMD_UNBIND:
			if (!q)
				return -ENODEV;
			drop_queue(q);
			return 0;
		case NFQNL_CFG_CMD_PF_BIND:
		case NFQNL_CFG_CMD_PF_UNBIND:
			return 0;	/* obsolete since 3.8, accepted */
		default:
			return -524;	/* ENOTSUPP, kernel-internal */
		}
	} else if (!q) {
		return -ENODEV;
	}
	if (tb[NFQA_CFG_PARAMS]) {
		struct nfqnl_msg_config_params p;

		if (!attr_ok(tb[NFQA_CFG_PARAMS], sizeof(p)))
			return -EINVAL;
		memcpy(&p, mnl_attr_get_payload(tb[NFQA_CFG_PARAMS]), sizeof(p));
		q->copy_mode = p.copy_mode;
		q->copy_range = ntohl(p.copy_range);
	}
	if (tb[NFQA_CFG_FLAGS]) {
		uint32_t flags, mask;

		if (!attr_ok(tb[NFQA_CFG_FLAGS], 4) || !attr_ok(tb[NFQA_CFG_MASK], 4))
			return -EINVAL;
		flags = ntohl(mnl_attr_get_u32(tb[NFQA_CFG_FLAGS]));
		mask = ntohl(mnl_attr_get_u32(tb[NFQA_CFG_MASK]));
		if (flags >= NFQA_CFG_F_MAX)
			return -EOPNOTSUPP;
		q->flags = (q->flags & ~mask) | (flags & mask);
	}
	return 0;
}

/* Expectations created for an entry while one of its packets waits for
 * its verdict (in NFQA_EXP or through ctnetlink) are the helper's answer. */
void queue_note_expect(const struct entry *master, const char *text)
{
	size_t n = strlen(text);
	struct pending *p;
	char *c;

	for (p = pendings; p; p = p->next) {
		if (ct_find(&p->tuple, &p->zone) != master)
			continue;
		c = realloc(p->capture, p->capture_len + n + 2);
		if (!c)
			return;
		p->capture = c;
		memcpy(c + p->capture_len, text, n);
		p->capture_len += n;
		c[p->capture_len++] = '\n';
		c[p->capture_len] = '\0';
	}
}

static void append(char **buf, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#include <stdarg.h>
static void append(char **buf, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = realloc(*buf, *len + n + 1);
	if (!p)
		return;
	*buf = p;
	va_start(ap, fmt);
	vsnprintf(*buf + *len, n + 1, fmt, ap);
	va_end(ap);
	*len += n;
}

static const char *verdict_name(uint32_t v)
{
	static const char *const names[] = { "DROP", "ACCEPT", "STOLEN", "QUEUE",
					     "REPEAT", "STOP" };

	return (v & NF_VERDICT_MASK) <= NF_STOP ? names[v & NF_VERDICT_MASK] : "?";
}

static void finish(struct pending *p, int32_t verdict, const uint8_t *payload,
		   size_t len, bool mangled)
{
	char *text = NULL;
	size_t tl = 0, i;
	struct entry *e = ct_find(&p->tuple, &p->zone);

	append(&text, &tl, "verdict %s", verdict < 0 ? "DROP" : verdict_name(verdict));
	if (verdict >= 0 && (verdict & NF_VERDICT_MASK) == NF_QUEUE)
		append(&text, &tl, " queue %u", (unsigned)verdict >> 16);
	append(&text, &tl, "\npayload %s", mangled ? "" : "unchanged");
	for (i = 0; mangled && i < len; i++)
		append(&text, &tl, "%02x", payload[i]);
	if (e) {
		append(&text, &tl, "\nct status=0x%x mark=%u helper=%s timeout=%u priv=",
		       e->status, e->mark, e->helper[0] ? e->helper : "-",
		       (unsigned)((e->expires - jiffies()) / HZ));
		for (i = 0; i < e->priv_len; i++)
			append(&text, &tl, "%02x", e->priv[i]);
	}
	append(&text, &tl, "\n%s", p->capture ? p->capture : "");
	if (p->injector) {
		struct mnf_hdr h = { MNF_REPLY, verdict < 0 ? 0 : verdict };
		struct iovec iov[2] = { { &h, sizeof(h) }, { text, tl } };
		struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };

		sendmsg(p->injector->ctl, &m, MSG_NOSIGNAL | MSG_DONTWAIT);
	}
	free(text);
}

static void unlink_pending(struct pending *p)
{
	struct pending **pp;

	for (pp = &pendings; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			free(p->capture);
			free(p);
			return;
		}
}

/* nfqnl_recv_verdict() with the conntrack glue */
static int q_verdict(struct req *r, struct nlattr **tb)
{
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(r->nlh);
	struct queue *q = find_queue(ntohs(nfg->res_id));
	struct nfqnl_msg_verdict_hdr vh;
	struct pending *p;
	struct entry *e;
	uint32_t verdict;
	int err = 0;

	if (!q)
		return -ENODEV;
	if (q->portid != r->c->portid)
		return -EPERM;
	if (!attr_ok(tb[NFQA_VERDICT_HDR], sizeof(vh)))
		return -EINVAL;
	memcpy(&vh, mnl_attr_get_payload(tb[NFQA_VERDICT_HDR]), sizeof(vh));
	verdict = ntohl(vh.verdict);
	if ((verdict & NF_VERDICT_MASK) > NF_MAX_VERDICT || (verdict & NF_VERDICT_MASK) == NF_STOLEN)
		return -EINVAL;
	for (p = pendings; p; p = p->next)
		if (p->id == ntohl(vh.id) && p->queue == q->num)
			break;
	if (!p)
		return -ENOENT;
	e = ct_find(&p->tuple, &p->zone);
	if (e && tb[NFQA_CT])
		err = ct_glue_update(e, tb[NFQA_CT]);
	if (!err && e && tb[NFQA_EXP]) {
		struct nlattr *xt[CTA_EXPECT_MAX + 1];

		if (parse_nested(tb[NFQA_EXP], xt, CTA_EXPECT_MAX) < 0)
			err = -EINVAL;
		else
			err = exp_create(e, xt, p->family, r->c->portid, true);
	}
	if (!err) {
		if (tb[NFQA_PAYLOAD])
			finish(p, (int32_t)verdict, mnl_attr_get_payload(tb[NFQA_PAYLOAD]),
			       mnl_attr_get_payload_len(tb[NFQA_PAYLOAD]), true);
		else
			finish(p, (int32_t)verdict, NULL, 0, false);
		unlink_pending(p);
	}
	return err;
}

static int q_verdict_batch(struct req *r, struct nlattr **tb)
{
	return -EOPNOTSUPP;
}

/* Forget the injector of pending packets and the queues of a client that
 * went away (the kernel unbinds on close). */
void queue_client_gone(struct client *c)
{
	struct queue *q, *qn;
	struct pending *p;

	for (p = pendings; p; p = p->next)
		if (p->injector == c)
			p->injector = NULL;
	for (q = queues; q; q = qn) {
		qn = q->next;
		if (c->portid && q->portid == c->portid)
			drop_queue(q);
	}
}

enum { INJ_UNSPEC, INJ_QUEUE, INJ_CT, INJ_CTINFO, INJ_PAYLOAD, INJ_MARK, INJ_HOOK,
       INJ_MAX = INJ_HOOK };

/* MNF_INJECT from mnf-inject: a netlink message with the INJ_* attributes.
 * Returns 0 when the packet is queued (the answer comes with the
 * verdict), or -errno / 1 after answering the injector directly. */
int queue_inject(struct client *inj, const void *buf, size_t len, char *why, size_t whylen)
{
	const struct nlmsghdr *nlh = buf;
	struct nlattr *tb[INJ_MAX + 1], *ct[CTA_MAX + 1];
	struct req r = { inj, nlh, 0 };
	char mbuf[GOODSIZE + 1024];
	struct nfqnl_msg_packet_hdr ph;
	struct nlmsghdr *m;
	struct nlattr *nest;
	struct queue *q;
	struct client *c;
	struct pending *p;
	struct entry *e;
	size_t plen, copy;
	uint16_t num;
	int err;

	if (len < NLMSG_LENGTH(sizeof(struct nfgenmsg)) || nlh->nlmsg_len > len ||
	    parse_attrs(nlh, tb, INJ_MAX) < 0 || !tb[INJ_CT] || !tb[INJ_PAYLOAD] ||
	    parse_nested(tb[INJ_CT], ct, CTA_MAX) < 0)
		return -EINVAL;
	r.family = ((const struct nfgenmsg *)mnl_nlmsg_get_payload(nlh))->nfgen_family;
	num = attr_ok(tb[INJ_QUEUE], 2) ? mnl_attr_get_u16(tb[INJ_QUEUE]) : 0;
	e = ct_for_inject(ct, r.family, &r, &err);
	if (!e) {
		snprintf(why, whylen, "cannot create the conntrack entry: %s", strerror(-err));
		return err;
	}
	q = find_queue(num);
	c = q ? queue_client(q) : NULL;
	if (!c) {
		snprintf(why, whylen, "verdict DROP\nno program bound to queue %u\n", num);
		return 1;
	}
	plen = mnl_attr_get_payload_len(tb[INJ_PAYLOAD]);
	p = calloc(1, sizeof(*p) + plen);
	if (!p)
		return -ENOMEM;
	p->id = next_id++;
	p->queue = num;
	p->injector = inj;
	p->tuple = e->t[0];
	p->zone = e->zone;
	p->family = r.family;
	p->len = plen;
	memcpy(p->payload, mnl_attr_get_payload(tb[INJ_PAYLOAD]), plen);

	/* nfqnl_build_packet_message() */
	m = msg_start(mbuf, NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_PACKET, 0, 0, 0,
		      r.family, num);
	ph.packet_id = htonl(p->id);
	ph.hw_protocol = htons(r.family == AF_INET6 ? 0x86dd : 0x0800);
	ph.hook = attr_ok(tb[INJ_HOOK], 1) ? mnl_attr_get_u8(tb[INJ_HOOK]) : NF_INET_FORWARD;
	mnl_attr_put(m, NFQA_PACKET_HDR, sizeof(ph), &ph);
	if (attr_ok(tb[INJ_MARK], 4))
		mnl_attr_put_u32(m, NFQA_MARK, htonl(mnl_attr_get_u32(tb[INJ_MARK])));
	if (q->flags & NFQA_CFG_F_CONNTRACK) {
		nest = mnl_attr_nest_start(m, NFQA_CT);
		ct_put_glue(m, e);
		mnl_attr_nest_end(m, nest);
		mnl_attr_put_u32(m, NFQA_CT_INFO,
				 htonl(attr_ok(tb[INJ_CTINFO], 4) ? mnl_attr_get_u32(tb[INJ_CTINFO]) : 0));
	}
	copy = q->copy_mode == NFQNL_COPY_PACKET ? plen : 0;
	if (copy > q->copy_range)
		copy = q->copy_range;
	if (copy > GOODSIZE - m->nlmsg_len - 64)
		copy = GOODSIZE - m->nlmsg_len - 64;
	if (copy < plen)
		mnl_attr_put_u32(m, NFQA_CAP_LEN, htonl((uint32_t)plen));
	if (copy)
		mnl_attr_put(m, NFQA_PAYLOAD, copy, p->payload);
	{
		struct req qr = { c, m, r.family };

		reply_unicast(&qr, m);
	}
	p->next = pendings;
	pendings = p;
	return 0;
}

static const msg_handler handlers[] = {
	[NFQNL_MSG_VERDICT] = q_verdict,
	[NFQNL_MSG_CONFIG] = q_config,
	[NFQNL_MSG_VERDICT_BATCH] = q_verdict_batch,
};

const struct subsys ss_queue = {
	.name = "queue",
	.attr_max = NFQA_MAX,
	.nmsg = sizeof(handlers) / sizeof(handlers[0]),
	.handlers = handlers,
};
