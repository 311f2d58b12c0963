/* ctprint: dump (or follow events of) the conntrack table of the current
 * network namespace with ct_parse + ct_snprint, printing what
 * `conntrack -L -o LIST` (or `-E`) prints on stdout.  Only for the
 * differential test tests/netns/ct_print.sh, which compares it with
 * Debian's conntrack on the same table.
 *
 *   ctprint [-E [-c COUNT]] [-o LIST] [-m LABELMAP]
 *   LIST: extended,id,ktimestamp,labels,timestamp,xml,save,json */
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
	if (!events)
		return CT_MSG_DUMP;
	if ((nlh->nlmsg_type & 0xff) == IPCTNL_MSG_CT_DELETE)
		return CT_MSG_DESTROY;
	return nlh->nlmsg_flags & NLM_F_CREATE ? CT_MSG_NEW : CT_MSG_UPDATE;
}

static int print_msg(const struct nlmsghdr *nlh, struct state *st, int events)
{
	char buf[8192];
	struct ct ct;
	int n;

	if (ct_parse(nlh, &ct) < 0) {
		fprintf(stderr, "ctprint: bad message\n");
		return MNL_CB_ERROR;
	}
	if (st->fmt == CT_FMT_XML && !st->xml_started) {
		fputs(ct_xml_header, stdout);
		st->xml_started = 1;
	}
	n = ct_snprint(buf, sizeof(buf), &ct, msg_kind(nlh, events), st->fmt,
		       st->opts, st->lm);
	if (n == CT_SAVE_BAD_L3) {
		fprintf(stderr, "WARNING: unsupported l3proto %u, skipping.\n",
			ct_l3num(&ct));
		n = 0;
	}
	if (n >= (int)sizeof(buf)) {
		fprintf(stderr, "ctprint: line too long\n");
		return MNL_CB_ERROR;
	}
	puts(buf);
	if (events) {
		fflush(stdout);
		if (st->count > 0 && --st->count == 0)
			return MNL_CB_STOP;
	}
	return MNL_CB_OK;
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
	int events = 0, c, err;
	struct nl nl;

	while ((c = getopt(argc, argv, "Ec:o:m:")) != -1) {
		switch (c) {
		case 'E': events = 1; break;
		case 'c': st.count = atol(optarg); break;
		case 'o': list = optarg; break;
		case 'm': map = optarg; break;
		default: return 2;
		}
	}
	if (list)
		parse_opts(&st, list, map);
	/* groups 1-3: NEW, UPDATE, DESTROY */
	err = nl_open(&nl, NETLINK_NETFILTER, events ? 7 : 0);
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
		err = nl_talk(&nl, nfnl_msg(req, NFNL_SUBSYS_CTNETLINK,
					    IPCTNL_MSG_CT_GET, NLM_F_DUMP, AF_UNSPEC),
			      dump_cb, &st);
		if (err < 0)
			fail("dump", -err);
	}
	if (st.xml_started && !events)
		fputs(ct_xml_footer, stdout);
	nl_close(&nl);
	ct_labelmap_free(st.lm);
	return 0;
}
