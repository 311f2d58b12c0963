/* ctprint: dump (or follow events of) the conntrack table of the current
 * network namespace with ct_parse + ct_snprint, printing what
 * `conntrack -L -o LIST` (or `-E`) prints on stdout.  Only for the
 * differential test tests/netns/ct_print.sh, which compares it with
 * Debian's conntrack on the same table.
 *
 *   ctprint [-X] [-f ipv4|ipv6] [-E [-c COUNT]] [-o LIST] [-m LABELMAP]
 *   LIST: extended,id,ktimestamp,labels,timestamp,xml,save,json
 *   -X: the expectation table (exits 3 when built without exp_parse) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

#include "ct.h"
#include "ct_print.h"
#include "nl.h"

struct state {
	int exp;		/* -X: expectations */
	enum ct_fmt fmt;
	unsigned int opts;
	struct ct_labelmap *lm;
	int xml_started;
	long count;		/* events still to print, -1 = forever */
};

static void fail(const char *what, int err)
{
	fprintf(stderr, "ctprint: %s: %s\n", what, strerror(err));
	exit(1);
}

static enum ct_msg msg_kind(const struct nlmsghdr *nlh, int events)
{
	return events ? ct_event_msg(nlh) : CT_MSG_DUMP;
}

/* Each line: the XML header before the first, the userspace suffix
 * after events (conntrack's, none for expectations in 1.4.7), stop after
 * -c events. */
static int emit(struct state *st, const char *line, const struct nlmsghdr *nlh,
		int events)
{
	char suffix[128];

	if (st->fmt == CT_FMT_XML && !st->xml_started) {
		fputs(st->exp ? exp_xml_header : ct_xml_header, stdout);
		st->xml_started = 1;
	}
	fputs(line, stdout);
	if (events && !st->exp && nlh->nlmsg_pid && st->fmt != CT_FMT_JSON) {
		ct_userspace_suffix(suffix, sizeof(suffix), nlh->nlmsg_pid);
		fputs(suffix, stdout);
	}
	putchar('\n');
	if (!events)
		return MNL_CB_OK;
	fflush(stdout);
	return st->count > 0 && --st->count == 0 ? MNL_CB_STOP : MNL_CB_OK;
}

static int print_exp(const struct nlmsghdr *nlh, struct state *st, int events)
{
#ifdef HAVE_EXP_CODEC
	char buf[8192];
	struct ct_exp e;

	if (exp_parse(nlh, &e) < 0) {
		fprintf(stderr, "ctprint: bad message\n");
		return MNL_CB_ERROR;
	}
	exp_snprint(buf, sizeof(buf), &e, msg_kind(nlh, events), st->fmt, st->opts);
	return emit(st, buf, nlh, events);
#else
	(void)nlh, (void)st, (void)events;
	return MNL_CB_ERROR;
#endif
}

static int print_msg(const struct nlmsghdr *nlh, struct state *st, int events)
{
	char buf[8192];
	struct ct ct;
	int n;

	if (st->exp)
		return print_exp(nlh, st, events);
	if (ct_parse(nlh, &ct) < 0) {
		fprintf(stderr, "ctprint: bad message\n");
		return MNL_CB_ERROR;
	}
	n = ct_snprint(buf, sizeof(buf), &ct, msg_kind(nlh, events), st->fmt,
		       st->opts, st->lm);
	if (n == CT_SAVE_BAD_L3)
		fprintf(stderr, "WARNING: unsupported l3proto %u, skipping.\n",
			ct_l3num(&ct));
	if (n >= (int)sizeof(buf)) {
		fprintf(stderr, "ctprint: line too long\n");
		return MNL_CB_ERROR;
	}
	return emit(st, buf, nlh, events);
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	return print_msg(nlh, data, 0);
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	return print_msg(nlh, data, 1);
}

static void parse_opts(struct state *st, char *list, const char *map)
{
	static const struct { const char *name; unsigned int bit; } o[] = {
		{ "extended", CT_OPT_EXTENDED }, { "id", CT_OPT_ID },
		{ "ktimestamp", CT_OPT_KTIMESTAMP }, { "labels", CT_OPT_LABELS },
		{ "timestamp", CT_OPT_TIMESTAMP },
	};
	char *w;
	size_t i;

	for (w = strtok(list, ","); w; w = strtok(NULL, ",")) {
		if (!strcmp(w, "xml"))
			st->fmt = CT_FMT_XML;
		else if (!strcmp(w, "save"))
			st->fmt = CT_FMT_SAVE;
		else if (!strcmp(w, "json"))
			st->fmt = CT_FMT_JSON;
		for (i = 0; i < sizeof(o) / sizeof(o[0]); i++)
			if (!strcmp(w, o[i].name))
				st->opts |= o[i].bit;
	}
	if (st->opts & CT_OPT_LABELS) {
		st->lm = ct_labelmap_load(map);
		if (!st->lm)
			fail(map, errno);
	}
}

int main(int argc, char **argv)
{
	struct state st = { .fmt = CT_FMT_DEFAULT, .count = -1 };
	const char *map = "/etc/xtables/connlabel.conf";
	char *list = NULL, req[256];
	int events = 0, family = AF_UNSPEC, c, err;
	struct nl nl;

	while ((c = getopt(argc, argv, "Xf:Ec:o:m:")) != -1) {
		switch (c) {
		case 'X': st.exp = 1; break;
		case 'f': family = strcmp(optarg, "ipv6") ? AF_INET : AF_INET6; break;
		case 'E': events = 1; break;
		case 'c': st.count = atol(optarg); break;
		case 'o': list = optarg; break;
		case 'm': map = optarg; break;
		default: return 2;
		}
	}
#ifndef HAVE_EXP_CODEC
	if (st.exp) {
		fputs("ctprint: built without exp_parse\n", stderr);
		return 3;
	}
#endif
	if (list)
		parse_opts(&st, list, map);
	/* groups 1-3: NEW, UPDATE, DESTROY; 4-6 the same for expectations */
	err = nl_open(&nl, NETLINK_NETFILTER, !events ? 0 : st.exp ? 0x38 : 7);
	if (err < 0)
		fail("nl_open", -err);
	if (events) {
		fputs("ready\n", stderr);
		while (st.count != 0) {
			err = nl_recv_events(&nl, event_cb, &st);
			if (err < 0)
				fail("events", -err);
		}
	} else {
		err = nl_talk(&nl, st.exp ?
			      nfnl_msg(req, NFNL_SUBSYS_CTNETLINK_EXP,
				       IPCTNL_MSG_EXP_GET, NLM_F_DUMP, family) :
			      nfnl_msg(req, NFNL_SUBSYS_CTNETLINK,
				       IPCTNL_MSG_CT_GET, NLM_F_DUMP, family),
			      dump_cb, &st);
		if (err < 0)
			fail("dump", -err);
	}
	if (st.xml_started && !events)
		fputs(st.exp ? exp_xml_footer : ct_xml_footer, stdout);
	nl_close(&nl);
	ct_labelmap_free(st.lm);
	return 0;
}
