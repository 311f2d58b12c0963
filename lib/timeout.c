#include <errno.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>

#include "nl.h"
#include "nla.h"
#include "timeout.h"
#include "util.h"

static const char *const tcp_states[] = {
	"SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT",
	"LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2", "RETRANS",
	"UNACKNOWLEDGED",
};
static const char *const udp_states[] = { "UNREPLIED", "REPLIED" };
static const char *const sctp_states[] = {
	"CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTABLISHED",
	"SHUTDOWN_SENT", "SHUTDOWN_RECD", "SHUTDOWN_ACK_SENT",
};
static const char *const dccp_states[] = {
	"REQUEST", "RESPOND", "PARTOPEN", "OPEN", "CLOSEREQ", "CLOSING",
	"TIMEWAIT",
};
static const char *const one_state[] = { "TIMEOUT" };

#define PROTO(l4, s) { l4, ARRAY_SIZE(s), s }
static const struct tmo_proto protos[] = {
	PROTO(IPPROTO_ICMP, one_state),
	PROTO(IPPROTO_TCP, tcp_states),
	PROTO(IPPROTO_UDP, udp_states),
	PROTO(IPPROTO_DCCP, dccp_states),
	PROTO(IPPROTO_GRE, udp_states),
	PROTO(IPPROTO_ICMPV6, one_state),
	PROTO(IPPROTO_SCTP, sctp_states),
	PROTO(IPPROTO_UDPLITE, udp_states),
	PROTO(TMO_L4_GENERIC, one_state),
};

const struct tmo_proto *tmo_proto(uint8_t l4)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].l4 == l4)
			return &protos[i];
	return NULL;
}

int tmo_state(const struct tmo_proto *p, const char *name)
{
	int i;

	for (i = 0; p && i < p->nstates; i++)
		if (!strcasecmp(name, p->states[i]))
			return i;
	return -1;
}

void tmo_set_name(struct tmo *t, const char *name)
{
	/* nfct 1.4.7 cuts long names to what fits in the kernel's field
	 * instead of refusing them; keep that. */
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->has |= TMO_NAME;
}

void tmo_set_state(struct tmo *t, unsigned int state, uint32_t secs)
{
	if (state >= TMO_STATES_MAX)
		return;
	t->timeout[state] = secs;
	t->state_set |= 1u << state;
}

struct nlmsghdr *tmo_build(void *buf, uint8_t msg, uint16_t flags,
			   const struct tmo *t)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	unsigned int i;

	/* libmnl leaves attribute padding as it finds it: clear it so
	 * requests are the same bytes every time (and leak nothing) */
	memset(buf, 0, TMO_MSG_MAX);
	nlh = nfnl_msg(buf, NFNL_SUBSYS_CTNETLINK_TIMEOUT, msg, flags, AF_UNSPEC);
	if (!t)
		return nlh;
	if (t->has & TMO_NAME)
		mnl_attr_put_strz(nlh, CTA_TIMEOUT_NAME, t->name);
	if (t->has & TMO_L3)
		mnl_attr_put_u16(nlh, CTA_TIMEOUT_L3PROTO, htons(t->l3));
	if (t->has & TMO_L4)
		mnl_attr_put_u8(nlh, CTA_TIMEOUT_L4PROTO, t->l4);
	/* No states, no DATA: the kernel then refuses a new policy with
	 * EINVAL, as it does for nfct. */
	if (!t->state_set)
		return nlh;
	nest = mnl_attr_nest_start(nlh, CTA_TIMEOUT_DATA);
	for (i = 0; i < TMO_STATES_MAX; i++)
		if (t->state_set & (1u << i))
			mnl_attr_put_u32(nlh, i + 1, htonl(t->timeout[i]));
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

/* Like nfct 1.4.7, a malformed attribute in an answer is skipped, not
 * fatal: the rest of the policy is still shown. */
static const enum mnl_attr_data_type top_kind[CTA_TIMEOUT_MAX + 1] = {
	[CTA_TIMEOUT_NAME] = MNL_TYPE_STRING,
	[CTA_TIMEOUT_L3PROTO] = MNL_TYPE_U16,
	[CTA_TIMEOUT_L4PROTO] = MNL_TYPE_U8,
	[CTA_TIMEOUT_DATA] = MNL_TYPE_NESTED,
	[CTA_TIMEOUT_USE] = MNL_TYPE_U32,
};

static int parse_data_cb(const struct nlattr *a, void *data)
{
	struct tmo *t = data;
	int type = mnl_attr_get_type(a);

	if (type < 1 || type > TMO_STATES_MAX)
		return MNL_CB_OK;	/* a state nfct does not name */
	if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
		tmo_set_state(t, type - 1, nla_be32(a));
	return MNL_CB_OK;
}

int tmo_parse(const struct nlmsghdr *nlh, struct tmo *t)
{
	const struct nlattr *tb[CTA_TIMEOUT_MAX + 1] = { 0 };

	memset(t, 0, sizeof(*t));
	if (nla_parse_lax(nlh, sizeof(struct nfgenmsg), top_kind,
			  CTA_TIMEOUT_MAX, tb) < 0)
		return -EBADMSG;
	if (tb[CTA_TIMEOUT_NAME]) {
		nla_strcpy(t->name, sizeof(t->name), tb[CTA_TIMEOUT_NAME]);
		t->has |= TMO_NAME;
	}
	if (tb[CTA_TIMEOUT_L3PROTO]) {
		t->l3 = nla_be16(tb[CTA_TIMEOUT_L3PROTO]);
		t->has |= TMO_L3;
	}
	if (tb[CTA_TIMEOUT_L4PROTO]) {
		t->l4 = nla_u8(tb[CTA_TIMEOUT_L4PROTO]);
		t->has |= TMO_L4;
	}
	if (tb[CTA_TIMEOUT_USE]) {
		t->use = nla_be32(tb[CTA_TIMEOUT_USE]);
		t->has |= TMO_USE;
	}
	if (tb[CTA_TIMEOUT_DATA])
		mnl_attr_parse_nested(tb[CTA_TIMEOUT_DATA], parse_data_cb, t);
	return 0;
}

void tmo_print(FILE *f, const struct tmo *t)
{
	const struct tmo_proto *p = tmo_proto(t->l4);
	int i;

	/* 1.4.7 prints what the answer carries and nothing else; the states
	 * only when the protocol is one it knows and one of them came */
	if (t->has & TMO_NAME)
		fprintf(f, ".%s = {\n", t->name);
	if (t->has & TMO_L3)
		fprintf(f, "\t.l3proto = %u,\n", t->l3);
	if (t->has & TMO_L4)
		fprintf(f, "\t.l4proto = %u,\n", t->l4);
	if ((t->has & TMO_L4) && p && (t->state_set & ((1u << p->nstates) - 1))) {
		fputs("\t.policy = {\n", f);
		for (i = 0; i < p->nstates; i++)
			fprintf(f, "\t\t.%s = %u,\n", p->states[i], t->timeout[i]);
		fputs("\t},\n", f);
	}
	fputs("};\n", f);
}
