/* nfct: timeout policies and user-space helpers of connection tracking
 * (nfct 1.4.7 drop-in, spec §5).
 *
 *   nfct COMMAND SUBSYSTEM [PARAMETERS...]
 *   nfct SUBSYSTEM COMMAND [PARAMETERS...]	(older order, still accepted)
 */
#include "config.h"
#if APPLET_NFCT
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "applets.h"
#include "cthelper.h"
#include "nl.h"
#include "timeout.h"
#include "util.h"

#define PREFIX	"nfct v" CTBOX_VERSION ": "

static const char version_text[] =
	PREFIX "utility for the Netfilter's Connection Tracking System\n"
	"Copyright (C) 2012 Pablo Neira Ayuso <pablo@netfilter.org>\n"
	"This program comes with ABSOLUTELY NO WARRANTY.\n"
	"This is free software, and you are welcome to redistribute it under certain \n"
	"conditions; see LICENSE file distributed in this package for details.\n";

/* 1.4.7 has a help text no command line reaches (see COMPAT.md); ours is
 * shown by "nfct help", "nfct -h" and "nfct --help". */
static const char help_text[] =
	"Usage: %s command subsystem [parameters]...\n"
	"\n"
	"Subsystem:\n"
	"  helper\t\tAllows to configure user-space helper\n"
	"  timeout\t\tAllows definition of fine-grain timeout policies\n"
	"  version\t\tDisplay version and disclaimer\n"
	"  help\t\t\tDisplay this help message\n"
	"Commands:\n"
	"  list\t\t\tList the objects of the subsystem\n"
	"  add object-name\tAdd new object\n"
	"  delete object-name\tDelete existing object\n"
	"  get object-name\tGet existing object\n"
	"  flush\t\t\tDelete every object not in use\n"
	"  disable\t\tDisable queueing packets to userspace for helper inspection\n"
	"  default-set\t\tSet default timeouts\n"
	"  default-get\t\tGet default timeouts\n";

/* Word lists are matched by prefix, first entry first, case-sensitive,
 * as 1.4.7 does ("d" is delete, "" is list, "help" is helper). */
enum cmd { LIST, ADD, DELETE, GET, FLUSH, DISABLE, DEFAULT_SET, DEFAULT_GET };
static const char *const cmd_words[] = {
	"list", "add", "delete", "get", "flush", "disable", "default-set",
	"default-get",
};

enum subsys { TIMEOUT, HELPER, VERSION, HELP };
static const char *const subsys_words[] = {
	"timeout", "helper", "version", "help",
};

static int word_index(const char *w, const char *const *list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strncmp(w, list[i], strlen(w)))
			return i;
	return -1;
}

static void usage_line(const char *argv0)
{
	fprintf(stderr, "Usage: %s command subsystem [parameters]...\n", argv0);
}

static void __attribute__((noreturn)) die_usage(const char *argv0,
						 const char *fmt, const char *w)
{
	fputs(PREFIX, stderr);
	fprintf(stderr, fmt, w);
	fputc('\n', stderr);
	usage_line(argv0);
	exit(1);
}

/* Message and a syntax line, both on stderr. */
static void __attribute__((noreturn)) die_syntax(const char *syntax)
{
	die("missing parameters\nsyntax: nfct %s", syntax);
}

static uint16_t parse_l3(const char *w)
{
	if (!strcmp(w, "inet"))
		return AF_INET;
	if (!strcmp(w, "inet6"))
		return AF_INET6;
	die("unknown layer 3 protocol");
}

/* Layer 4 of a timeout policy: any protocol the system knows by name. */
static uint8_t parse_tmo_l4(const char *w)
{
	struct protoent *pe = getprotobyname(w);

	if (pe)
		return pe->p_proto;
	if (!strcmp(w, "icmpv6"))
		return IPPROTO_ICMPV6;
	if (!strcmp(w, "generic"))
		return TMO_L4_GENERIC;
	die("unknown layer 4 protocol");
}

/* A helper only ever watches tcp or udp. */
static uint8_t parse_cth_l4(const char *w)
{
	if (!strcmp(w, "tcp"))
		return IPPROTO_TCP;
	if (!strcmp(w, "udp"))
		return IPPROTO_UDP;
	die("unsupported layer 4 protocol");
}

/* The one socket of the run.  1.4.7 opens it before it looks at the
 * parameters, so even a bad command line reports a socket failure (exit
 * 255) first; keep that order. */
static struct nl nl;

static void open_netlink(void)
{
	int err = nl_open(&nl, NETLINK_NETFILTER, 0);

	if (err < 0) {
		errno = -err;
		die_code(255, "cannot open netlink:");
	}
}

/* Send req; on error end the program as nfct does. */
static void talk(struct nlmsghdr *req, mnl_cb_t cb)
{
	int err = nl_talk(&nl, req, cb, NULL);

	if (err < 0) {
		errno = -err;
		die("netlink error:");
	}
}

/* --- timeout --------------------------------------------------------- */

static int print_tmo_cb(const struct nlmsghdr *nlh, void *data)
{
	struct tmo t;

	if (tmo_parse(nlh, &t) == 0)
		tmo_print(stdout, &t);
	return MNL_CB_OK;
}

/* "STATE SECS ..." pairs from argv[i] on. */
static void parse_states(struct tmo *t, int argc, char **argv, int i,
			 const char *proto_word)
{
	const struct tmo_proto *p = tmo_proto(t->l4);

	for (; i < argc; i += 2) {
		int s;

		if (i + 1 >= argc)
			die("missing value for this timeout");
		s = tmo_state(p, argv[i]);
		if (s < 0)
			die("Wrong state name: `%s' for protocol `%s'",
			    argv[i], proto_word);
		/* atoi, as 1.4.7: no checks, wraps to 32 bits */
		tmo_set_state(t, s, (uint32_t)strtol(argv[i + 1], NULL, 10));
	}
}

/* FAMILY PROTO from argv[i]. */
static void parse_l3_l4(struct tmo *t, char **argv, int i)
{
	t->l3 = parse_l3(argv[i]);
	t->l4 = parse_tmo_l4(argv[i + 1]);
	t->has |= TMO_L3 | TMO_L4;
}

/* FAMILY PROTO [STATE SECS]... from argv[i]. */
static void parse_policy(struct tmo *t, int argc, char **argv, int i)
{
	parse_l3_l4(t, argv, i);
	parse_states(t, argc, argv, i + 2, argv[i + 1]);
}

static void need_name(int argc)
{
	if (argc < 4)
		die("missing timeout policy name");
	if (argc > 4)
		die("too many arguments");
}

static int timeout_main(int argc, char **argv, enum cmd cmd)
{
	char buf[TMO_MSG_MAX];
	struct tmo t = { 0 };
	uint8_t msg;
	uint16_t flags = NLM_F_ACK;
	mnl_cb_t cb = NULL;

	switch (cmd) {
	case LIST:
		if (argc > 3)
			die("too many arguments");
		talk(tmo_build(buf, IPCTNL_MSG_TIMEOUT_GET, NLM_F_DUMP, NULL),
		     print_tmo_cb);
		return 0;
	case ADD:
		if (argc < 6)
			die_syntax("add timeout name family protocol state1 timeout1 ...");
		tmo_set_name(&t, argv[3]);
		parse_policy(&t, argc, argv, 4);
		msg = IPCTNL_MSG_TIMEOUT_NEW;
		flags |= NLM_F_CREATE;
		break;
	case DELETE:
	case GET:
		need_name(argc);
		tmo_set_name(&t, argv[3]);
		msg = cmd == GET ? IPCTNL_MSG_TIMEOUT_GET : IPCTNL_MSG_TIMEOUT_DELETE;
		cb = print_tmo_cb;
		break;
	case FLUSH:
		if (argc > 3)
			die("too many arguments");
		talk(tmo_build(buf, IPCTNL_MSG_TIMEOUT_DELETE, NLM_F_ACK, NULL), NULL);
		return 0;
	case DEFAULT_SET:
		if (argc < 6)
			die_syntax("default-set timeout family protocol state1 timeout1...");
		parse_policy(&t, argc, argv, 3);
		msg = IPCTNL_MSG_TIMEOUT_DEFAULT_SET;
		break;
	case DEFAULT_GET:
		if (argc < 5)
			die_syntax("default-get timeout family protocol");
		parse_l3_l4(&t, argv, 3);
		msg = IPCTNL_MSG_TIMEOUT_DEFAULT_GET;
		cb = print_tmo_cb;
		break;
	default:
		fputs(PREFIX "Missing command\n", stderr);
		fprintf(stderr, "%s <list|add|delete|get|default-set|default-get|flush> "
			"timeout [<parameters>, ...]\n", argv[0]);
		return 1;
	}
	talk(tmo_build(buf, msg, flags, &t), cb);
	return 0;
}

/* --- helper ---------------------------------------------------------- */

static int print_cth_cb(const struct nlmsghdr *nlh, void *data)
{
	struct cth h;

	/* 1.4.7 names the library call that refused the answer, and goes on */
	if (cth_parse(nlh, &h) < 0 || (h.has & CTH_PRINTABLE) != CTH_PRINTABLE)
		fputs(PREFIX "nfct_helper_nlmsg_parse_payload\n", stderr);
	else
		cth_print(stdout, &h);
	return MNL_CB_OK;
}

/* NAME FAMILY PROTO of a built-in helper, from argv[3]. */
static void builtin_helper(struct cth *h, int argc, char **argv,
			   const char *syntax)
{
	const struct cth_def *d;
	uint16_t l3;
	uint8_t l4;

	if (argc < 6)
		die_syntax(syntax);
	l3 = parse_l3(argv[4]);
	l4 = parse_cth_l4(argv[5]);
	d = cth_def_find(argv[3], l4);
	if (!d)
		die("that helper is not supported");
	cth_from_def(h, d, l3);
}

/* NAME [FAMILY [PROTO]] from argv[3]. */
static void helper_key(struct cth *h, int argc, char **argv)
{
	if (argc < 4)
		die("missing helper policy name");
	if (argc > 6)
		die("too many arguments");
	cth_set_name(h, argv[3]);
	if (argc >= 5) {
		h->l3 = parse_l3(argv[4]);
		h->has |= CTH_L3;
	}
	if (argc == 6) {
		h->l4 = parse_cth_l4(argv[5]);
		h->has |= CTH_L4;
	}
}

static int helper_main(int argc, char **argv, enum cmd cmd)
{
	char buf[CTH_MSG_MAX];
	struct cth h = { 0 };
	uint8_t msg = NFNL_MSG_CTHELPER_NEW;
	uint16_t flags = NLM_F_ACK;
	mnl_cb_t cb = NULL;

	switch (cmd) {
	case LIST:
	case FLUSH:
		if (argc > 3)
			die("too many arguments");
		if (cmd == LIST)
			talk(cth_build(buf, NFNL_MSG_CTHELPER_GET, NLM_F_DUMP, NULL),
			     print_cth_cb);
		else
			talk(cth_build(buf, NFNL_MSG_CTHELPER_DEL, NLM_F_ACK, NULL),
			     NULL);
		return 0;
	case ADD:
		builtin_helper(&h, argc, argv, "add helper name family protocol");
		flags |= NLM_F_CREATE;
		break;
	case DISABLE:
		builtin_helper(&h, argc, argv, "disable helper name family protocol");
		/* only name, tuple and the new status go out */
		h.has = CTH_NAME | CTH_L3 | CTH_STATUS;
		h.status = NFCT_HELPER_STATUS_DISABLED;
		flags |= NLM_F_CREATE;
		break;
	case DELETE:
	case GET:
		helper_key(&h, argc, argv);
		msg = cmd == GET ? NFNL_MSG_CTHELPER_GET : NFNL_MSG_CTHELPER_DEL;
		cb = print_cth_cb;
		break;
	default:
		fprintf(stderr, PREFIX "Unknown command: %s\n", argv[2]);
		fputs(PREFIX "Missing command\n", stderr);
		fprintf(stderr, "%s helper list|add|delete|disable|get|flush "
			"[parameters...]\n", argv[0]);
		return 1;
	}
	talk(cth_build(buf, msg, flags, &h), cb);
	return 0;
}

/* --- dispatch -------------------------------------------------------- */

/* Lone words 1.4.7 answered with the usage line only (COMPAT.md). */
static int lone_word(const char *argv0, const char *w)
{
	if (!strcmp(w, "help") || !strcmp(w, "-h") || !strcmp(w, "--help")) {
		printf(PREFIX "utility for the Netfilter's Connection Tracking System\n");
		printf(help_text, argv0);
		return 0;
	}
	if (!strcmp(w, "version") || !strcmp(w, "-v") || !strcmp(w, "--version")) {
		fputs(version_text, stdout);
		return 0;
	}
	usage_line(argv0);
	return 1;
}

int nfct_main(int argc, char **argv)
{
	int cmd, subsys;

	msg_prefix = PREFIX;
	if (argc == 2)
		return lone_word(argv[0], argv[1]);
	if (argc < 3) {
		usage_line(argv[0]);
		return 1;
	}
	cmd = word_index(argv[1], cmd_words, ARRAY_SIZE(cmd_words));
	if (cmd < 0) {
		/* older order: SUBSYSTEM COMMAND */
		subsys = word_index(argv[1], subsys_words, ARRAY_SIZE(subsys_words));
		if (subsys < 0)
			die_usage(argv[0], "Unknown subsystem: %s", argv[1]);
		cmd = word_index(argv[2], cmd_words, ARRAY_SIZE(cmd_words));
		if (cmd < 0)
			die_usage(argv[0], "Unknown command: %s", argv[1]);
	} else {
		subsys = word_index(argv[2], subsys_words, ARRAY_SIZE(subsys_words));
		if (subsys < 0)
			die_usage(argv[0], "Unknown subsystem: %s", argv[1]);
	}
	switch (subsys) {
	case TIMEOUT:
		open_netlink();
		return timeout_main(argc, argv, cmd);
	case HELPER:
		open_netlink();
		return helper_main(argc, argv, cmd);
	case VERSION:
		fputs(version_text, stdout);
		return 0;
	default:	/* HELP: "help" always matches "helper" first */
		return lone_word(argv[0], "help");
	}
}
#endif
