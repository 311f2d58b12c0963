/* conntrack: list and change the kernel's connection tracking table, a
 * drop-in for conntrack-tools 1.4.7 (spec §1).  The command line layer
 * (options, legality, filters) lives here; the kernel is reached only
 * through lib/: nl (transport), ct (codec), ct_print, ct_filter. */
#include "config.h"
#if APPLET_CONNTRACK
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <time.h>
#include <sys/time.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_conntrack_tcp.h>

#include "applets.h"
#include "nl.h"
#include "ct.h"
#include "ct_print.h"
#include "ct_filter.h"
#include "ct_evfilter.h"
#include "exp.h"
#include "util.h"

#define VERSION_LINE	"conntrack v" CTBOX_VERSION " (ctbox)"

/* Room for one request.  Request buffers start zeroed: libmnl 1.0.4
 * leaves attribute padding as it finds it, and the kernel should not get
 * stale stack bytes. */
#define REQ_BUFSIZE	8192

/* Exit codes of conntrack-tools. */
enum { OTHER_PROBLEM = 1, PARAMETER_PROBLEM = 2 };

/* Commands, in 1.4.7's bit order: the legality rows follow it. */
enum cmd {
	C_LIST, C_CREATE, C_UPDATE, C_DELETE, C_GET, C_FLUSH, C_EVENT,
	C_VERSION, C_HELP, X_LIST, X_CREATE, X_DELETE, X_GET, X_FLUSH,
	X_EVENT, C_COUNT, X_COUNT, C_STATS, X_STATS, C_ADD,
	C_NONE,		/* options but no command */
	NCMDS
};

/* Options, in 1.4.7's bit order (the order of legality checks). */
enum opt {
	O_SRC, O_DST, O_REPL_SRC, O_REPL_DST, O_PROTO, O_TIMEOUT, O_STATUS,
	O_ZERO, O_EVENT_MASK, O_EXP_SRC, O_EXP_DST, O_MASK_SRC, O_MASK_DST,
	O_NATRANGE, O_MARK, O_ID, O_FAMILY, O_SRC_NAT, O_DST_NAT, O_OUTPUT,
	O_SECMARK, O_BUFFERSIZE, O_ANY_NAT, O_ZONE, O_LABEL, O_ADD_LABEL,
	O_DEL_LABEL, O_ORIG_ZONE, O_REPL_ZONE,
	NOPTS
};
#define OPT(o)	(1U << (o))

static const char *const opt_names[NOPTS] = {
	"src", "dst", "reply-src", "reply-dst", "protonum", "timeout",
	"status", "zero", "event-mask", "tuple-src", "tuple-dst", "mask-src",
	"mask-dst", "nat-range", "mark", "id", "family", "src-nat", "dst-nat",
	"output", "secmark", "buffer-size", "any-nat", "zone", "label",
	"label-add", "label-del", "orig-zone", "reply-zone",
};

/* Legality: 0 illegal, 1 required, 2 optional, 3 address pair rule. */
static const char legal[NCMDS][NOPTS] = {
	/*           s d r q p t u z e [ ] { } a m i f n g o c b j w l < > ( ) */
	[C_LIST]   = {2,2,2,2,2,0,2,2,0,0,0,2,2,0,2,0,2,2,2,2,2,0,2,2,2,0,0,2,2},
	[C_CREATE] = {3,3,3,3,1,1,2,0,0,0,0,0,0,2,2,0,0,2,2,0,0,0,0,2,0,2,0,2,2},
	[C_UPDATE] = {2,2,2,2,2,2,2,0,0,0,0,2,2,0,2,2,2,2,2,2,0,0,0,0,2,2,2,0,0},
	[C_DELETE] = {2,2,2,2,2,2,2,0,0,0,0,2,2,0,2,2,2,2,2,2,0,0,0,2,2,0,0,2,2},
	[C_GET]    = {3,3,3,3,1,0,0,0,0,0,0,0,0,0,0,2,0,0,0,2,0,0,0,0,2,0,0,0,0},
	[C_FLUSH]  = {0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,0,0,0,0,0,0,0,0,0,0,0,0},
	[C_EVENT]  = {2,2,2,2,2,0,0,0,2,0,0,2,2,0,2,0,2,2,2,2,2,2,2,2,2,0,0,2,2},
	[C_VERSION]= {0},
	[C_HELP]   = {0,0,0,0,2},
	[X_LIST]   = {0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,0,0,2},
	[X_CREATE] = {1,1,2,2,1,1,2,0,0,1,1,1,1},
	[X_DELETE] = {1,1,2,2,1},
	[X_GET]    = {1,1,2,2,1},
	[X_FLUSH]  = {0},
	[X_EVENT]  = {0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2},
	[C_COUNT]  = {0},
	[X_COUNT]  = {0},
	[C_STATS]  = {0},
	[X_STATS]  = {0},
	[C_ADD]    = {3,3,3,3,1,1,2,0,0,0,0,0,0,2,2,0,0,2,2,0,0,0,0,2,0,2,0,2,2},
	/* 1.4.7 reads past its table here; this is what it finds. */
	[C_NONE]   = {[O_REPL_ZONE] = 2},
};

/* -o bits as 1.4.7 numbers them. */
enum {
	OUT_XML = 1, OUT_EXT = 2, OUT_TIMESTAMP = 4, OUT_ID = 8,
	OUT_KTIMESTAMP = 16, OUT_LABELS = 32, OUT_SAVE = 64,
	OUT_JSON = 128,			/* ours: 1.4.7 has no json */
};

enum table { T_CONNTRACK, T_EXPECT, T_DYING, T_UNCONFIRMED };

/* A protocol handler: its long options (val = index + offset), names for
 * legality messages, per-command legality and pair messages. */
struct proto;
struct conntrack;
typedef void (*proto_parse_fn)(struct conntrack *c, int idx, const char *arg);

#define MAX_POPTS 12

struct proto {
	const char *name;
	uint8_t l4;
	const struct option *opts;	/* val = option index */
	unsigned int nopts;		/* indices, for legality */
	const char *const *optnames;
	const char *help;
	const char (*legal)[MAX_POPTS];	/* [cmd] */
	const char *pair_orig, *pair_reply;
	proto_parse_fn parse;
};

struct conntrack {
	bool has_cmd;			/* a command was given */
	enum cmd cmd;
	enum table table;
	unsigned int options;		/* OPT(enum opt) */
	uint8_t family;
	const struct proto *proto;
	uint8_t l4;
	unsigned int l4flags;		/* protocol options given */
	unsigned int proto_offset;	/* val offset of proto's options */
	unsigned int nmerged;		/* protocol tables merged so far */
	struct option *longopts;	/* generic + merged protocol options */
	struct ct tmpl;			/* create/update/get template */
	struct ct_filter filt;
	struct ct_tuple exp, exp_mask;	/* expectation tuple and mask */
	unsigned int output;		/* OUT_* */
	unsigned int event_mask;
	unsigned long bufsize;
	uint32_t status, status_mask;
	uint8_t label_add[CT_LABEL_BYTES], label_del[CT_LABEL_BYTES];
	bool label_del_all;
	const char *prog;		/* argv[0] for the usage text */
	struct nl *nl;			/* shared by every line of -R */
	bool batch;			/* a line of -R: no summaries */
	unsigned int counter;
	bool xml_header;
	uint32_t event_pid;		/* -E: netlink port that caused it */
};

static void usage(const char *prog);

/* --- errors ------------------------------------------------------- */

static void __attribute__((noreturn, format(printf, 2, 3)))
exit_error(int code, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", VERSION_LINE);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (code == PARAMETER_PROBLEM)
		fputs("Try `conntrack -h' or 'conntrack --help' for more information.\n",
		      stderr);
	exit(code);
}

#define param_error(...)	exit_error(PARAMETER_PROBLEM, __VA_ARGS__)
#define other_error(...)	exit_error(OTHER_PROBLEM, __VA_ARGS__)

/* --- protocol handlers (spec §1.6) --------------------------------- */

/* What a protocol option sets. */
enum pkind {
	PK_SPORT, PK_DPORT, PK_RSPORT, PK_RDPORT, PK_MSPORT, PK_MDPORT,
	PK_TSPORT, PK_TDPORT, PK_STATE, PK_OVTAG, PK_RVTAG, PK_ROLE,
	PK_ITYPE, PK_ICODE, PK_IID,
};

static const char *const tcp_states[] = {
	"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
	"CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2",
	"LISTEN",	/* 1.4.7 accepts it as SYN_SENT2 */
};
static const char *const sctp_states[] = {
	"NONE", "CLOSED", "COOKIE_WAIT", "COOKIE_ECHOED", "ESTABLISHED",
	"SHUTDOWN_SENT", "SHUTDOWN_RECD", "SHUTDOWN_ACK_SENT",
};
static const char *const dccp_states[] = {
	"NONE", "REQUEST", "RESPOND", "PARTOPEN", "OPEN", "CLOSEREQ",
	"CLOSING", "TIMEWAIT", "IGNORE", "INVALID",
};

#define PORT_OPTS(s) \
	{ "orig-port-src", 1, NULL, 0 }, { "orig-port-dst", 1, NULL, 1 }, \
	{ "reply-port-src", 1, NULL, 2 }, { "reply-port-dst", 1, NULL, 3 }, \
	{ "mask-port-src", 1, NULL, 4 }, { "mask-port-dst", 1, NULL, 5 }, \
	{ "tuple-port-src", 1, NULL, 6 + (s) }, { "tuple-port-dst", 1, NULL, 7 + (s) }

static const struct option tcp_opts[] = {
	{ "orig-port-src", 1, NULL, 0 }, { "sport", 1, NULL, 0 },
	{ "orig-port-dst", 1, NULL, 1 }, { "dport", 1, NULL, 1 },
	{ "reply-port-src", 1, NULL, 2 }, { "reply-port-dst", 1, NULL, 3 },
	{ "mask-port-src", 1, NULL, 4 }, { "mask-port-dst", 1, NULL, 5 },
	{ "state", 1, NULL, 6 },
	{ "tuple-port-src", 1, NULL, 7 }, { "tuple-port-dst", 1, NULL, 8 },
	{ NULL, 0, NULL, 0 }
};
static const struct option udp_opts[] = {
	{ "orig-port-src", 1, NULL, 0 }, { "sport", 1, NULL, 0 },
	{ "orig-port-dst", 1, NULL, 1 }, { "dport", 1, NULL, 1 },
	{ "reply-port-src", 1, NULL, 2 }, { "reply-port-dst", 1, NULL, 3 },
	{ "mask-port-src", 1, NULL, 4 }, { "mask-port-dst", 1, NULL, 5 },
	{ "tuple-port-src", 1, NULL, 6 }, { "tuple-port-dst", 1, NULL, 7 },
	{ NULL, 0, NULL, 0 }
};
static const struct option udplite_opts[] = {
	PORT_OPTS(0),
	{ "sport", 1, NULL, 0 }, { "dport", 1, NULL, 1 },
	{ NULL, 0, NULL, 0 }
};
static const struct option sctp_opts[] = {
	PORT_OPTS(1),
	{ "state", 1, NULL, 6 },
	{ "orig-vtag", 1, NULL, 9 }, { "reply-vtag", 1, NULL, 10 },
	{ "sport", 1, NULL, 0 }, { "dport", 1, NULL, 1 },
	{ NULL, 0, NULL, 0 }
};
static const struct option dccp_opts[] = {
	PORT_OPTS(1),
	{ "state", 1, NULL, 6 },
	{ "sport", 1, NULL, 0 }, { "dport", 1, NULL, 1 },
	{ "role", 1, NULL, 9 },
	{ NULL, 0, NULL, 0 }
};
static const struct option icmp_opts[] = {
	{ "icmp-type", 1, NULL, 0 }, { "icmp-code", 1, NULL, 1 },
	{ "icmp-id", 1, NULL, 2 },
	{ NULL, 0, NULL, 0 }
};
static const struct option icmpv6_opts[] = {
	{ "icmpv6-type", 1, NULL, 0 }, { "icmpv6-code", 1, NULL, 1 },
	{ "icmpv6-id", 1, NULL, 2 },
	{ NULL, 0, NULL, 0 }
};
static const struct option gre_opts[] = {
	{ "orig-key-src", 1, NULL, 0 }, { "srckey", 1, NULL, 0 },
	{ "orig-key-dst", 1, NULL, 1 }, { "dstkey", 1, NULL, 1 },
	{ "reply-key-src", 1, NULL, 2 }, { "reply-key-dst", 1, NULL, 3 },
	{ "mask-key-src", 1, NULL, 4 }, { "mask-key-dst", 1, NULL, 5 },
	{ "tuple-key-src", 1, NULL, 6 }, { "tuple-key-dst", 1, NULL, 7 },
	{ NULL, 0, NULL, 0 }
};
static const struct option no_opts[] = { { NULL, 0, NULL, 0 } };

static const char *const tcp_names[] = {
	"sport", "dport", "reply-port-src", "reply-port-dst", "mask-port-src",
	"mask-port-dst", "state", "tuple-port-src", "tuple-port-dst",
};
static const char *const udp_names[] = {
	"sport", "dport", "reply-port-src", "reply-port-dst", "mask-port-src",
	"mask-port-dst", "tuple-port-src", "tuple-port-dst",
};
static const char *const sctp_names[] = {
	"sport", "dport", "reply-port-src", "reply-port-dst", "mask-port-src",
	"mask-port-dst", "state", "tuple-port-src", "tuple-port-dst",
	"orig-vtag", "reply-vtag",
};
static const char *const dccp_names[] = {
	"sport", "dport", "reply-port-src", "reply-port-dst", "mask-port-src",
	"mask-port-dst", "state", "tuple-port-src", "tuple-port-dst", "role",
};
static const char *const icmp_names[] = { "icmp-type", "icmp-code", "icmp-id" };
static const char *const icmpv6_names[] = { "icmpv6-type", "icmpv6-code", "icmpv6-id" };
static const char *const gre_names[] = {
	"srckey", "dstkey", "reply-key-src", "reply-key-dst", "mask-key-src",
	"mask-key-dst", "tuple-key-src", "tuple-key-dst",
};

/* Option index -> what it sets. */
static const enum pkind tcp_kinds[] = {
	PK_SPORT, PK_DPORT, PK_RSPORT, PK_RDPORT, PK_MSPORT, PK_MDPORT,
	PK_STATE, PK_TSPORT, PK_TDPORT,
};
static const enum pkind udp_kinds[] = {
	PK_SPORT, PK_DPORT, PK_RSPORT, PK_RDPORT, PK_MSPORT, PK_MDPORT,
	PK_TSPORT, PK_TDPORT,
};
static const enum pkind sctp_kinds[] = {
	PK_SPORT, PK_DPORT, PK_RSPORT, PK_RDPORT, PK_MSPORT, PK_MDPORT,
	PK_STATE, PK_TSPORT, PK_TDPORT, PK_OVTAG, PK_RVTAG,
};
static const enum pkind dccp_kinds[] = {
	PK_SPORT, PK_DPORT, PK_RSPORT, PK_RDPORT, PK_MSPORT, PK_MDPORT,
	PK_STATE, PK_TSPORT, PK_TDPORT, PK_ROLE,
};
static const enum pkind icmp_kinds[] = { PK_ITYPE, PK_ICODE, PK_IID };

#define ROW_PORTS_LIST		{2,2,2,2,0,0}
/* 1.4.7 demands reply ports for -D/-G expect and then ignores them;
 * optional here (COMPAT.md). */
#define ROW_EXP_KEY		{1,1,2,2}
static const char tcp_legal[NCMDS][MAX_POPTS] = {
	[C_LIST] = {2,2,2,2,0,0,2,0,0}, [C_UPDATE] = {2,2,2,2,0,0,2,0,0},
	[C_DELETE] = {2,2,2,2,0,0,2,0,0}, [C_EVENT] = {2,2,2,2,0,0,2,0,0},
	[C_CREATE] = {3,3,3,3,0,0,1,0,0}, [C_ADD] = {3,3,3,3,0,0,1,0,0},
	[C_GET] = {3,3,3,3,0,0,2,0,0},
	[X_CREATE] = {1,1,0,0,1,1,0,1,1},
	[X_DELETE] = ROW_EXP_KEY, [X_GET] = ROW_EXP_KEY,
};
static const char udp_legal[NCMDS][MAX_POPTS] = {
	[C_LIST] = ROW_PORTS_LIST, [C_UPDATE] = ROW_PORTS_LIST,
	[C_DELETE] = ROW_PORTS_LIST, [C_EVENT] = ROW_PORTS_LIST,
	[C_CREATE] = {3,3,3,3}, [C_ADD] = {3,3,3,3}, [C_GET] = {3,3,3,3},
	[X_CREATE] = {1,1,0,0,1,1,1,1},
	[X_DELETE] = ROW_EXP_KEY, [X_GET] = ROW_EXP_KEY,
};
static const char sctp_legal[NCMDS][MAX_POPTS] = {
	[C_LIST] = {2,2,2,2,0,0,2}, [C_UPDATE] = {2,2,2,2,0,0,2,0,0,2,2},
	[C_DELETE] = {2,2,2,2,0,0,2}, [C_EVENT] = {2,2,2,2,0,0,2},
	[C_CREATE] = {3,3,3,3,0,0,1,0,0,1,1}, [C_ADD] = {3,3,3,3,0,0,1,0,0,1,1},
	[C_GET] = {3,3,3,3,0,0,2,0,0,2,2},
	[X_CREATE] = {1,1,0,0,1,1,0,1,1,1,1},
	[X_DELETE] = ROW_EXP_KEY, [X_GET] = ROW_EXP_KEY,
};
static const char dccp_legal[NCMDS][MAX_POPTS] = {
	[C_LIST] = {2,2,2,2,0,0,2}, [C_UPDATE] = {2,2,2,2,0,0,2},
	[C_DELETE] = {2,2,2,2,0,0,2}, [C_EVENT] = {2,2,2,2,0,0,2},
	[C_CREATE] = {3,3,3,3,0,0,1,0,0,1}, [C_ADD] = {3,3,3,3,0,0,1,0,0,1},
	[C_GET] = {3,3,3,3,0,0,2},
	[X_CREATE] = {1,1,0,0,1,1,0,1,1,1},
	[X_DELETE] = ROW_EXP_KEY, [X_GET] = ROW_EXP_KEY,
};
static const char icmp_legal[NCMDS][MAX_POPTS] = {
	[C_LIST] = {2,2,2}, [C_UPDATE] = {2,2,2}, [C_DELETE] = {2,2,2},
	[C_EVENT] = {2,2,2}, [C_CREATE] = {1,1,2}, [C_ADD] = {1,1,2},
	[C_GET] = {1,1,2},
};
static const char gre_legal[NCMDS][MAX_POPTS] = {
	[C_LIST] = ROW_PORTS_LIST, [C_UPDATE] = ROW_PORTS_LIST,
	[C_DELETE] = ROW_PORTS_LIST, [C_EVENT] = ROW_PORTS_LIST,
	[C_CREATE] = {3,3,3,3}, [C_ADD] = {3,3,3,3}, [C_GET] = {3,3,3,3},
	[X_CREATE] = {1,1,1,1,1,1,1,1},
	[X_DELETE] = ROW_EXP_KEY, [X_GET] = ROW_EXP_KEY,
};
static const char none_legal[NCMDS][MAX_POPTS];

#define PORT_HELP \
	"  --orig-port-src\t\toriginal source port\n" \
	"  --orig-port-dst\t\toriginal destination port\n" \
	"  --reply-port-src\t\treply source port\n" \
	"  --reply-port-dst\t\treply destination port\n" \
	"  --mask-port-src\t\tmask source port\n" \
	"  --mask-port-dst\t\tmask destination port\n" \
	"  --tuple-port-src\t\texpectation tuple src port\n" \
	"  --tuple-port-src\t\texpectation tuple dst port\n"

#define PAIR_PORTS	"you have to specify `--sport' and `--dport'"
#define PAIR_RPORTS	"you have to specify `--reply-src-port' and `--reply-dst-port'"

static void parse_proto_opt(struct conntrack *c, int idx, const char *arg);

static const struct proto protos[] = {
	{ "tcp", IPPROTO_TCP, tcp_opts, 9, tcp_names,
	  PORT_HELP "  --state\t\t\tTCP state, fe. ESTABLISHED\n",
	  tcp_legal, PAIR_PORTS, PAIR_RPORTS, parse_proto_opt },
	{ "udp", IPPROTO_UDP, udp_opts, 8, udp_names, PORT_HELP,
	  udp_legal, PAIR_PORTS, PAIR_RPORTS, parse_proto_opt },
	{ "udplite", IPPROTO_UDPLITE, udplite_opts, 8, udp_names, PORT_HELP,
	  udp_legal, PAIR_PORTS, PAIR_RPORTS, parse_proto_opt },
	{ "sctp", IPPROTO_SCTP, sctp_opts, 11, sctp_names,
	  PORT_HELP "  --state\t\t\tSCTP state, fe. ESTABLISHED\n"
	  "  --orig-vtag\t\toriginal verification tag\n"
	  "  --reply-vtag\t\treply verification tag\n",
	  sctp_legal, PAIR_PORTS, PAIR_RPORTS, parse_proto_opt },
	{ "dccp", IPPROTO_DCCP, dccp_opts, 10, dccp_names,
	  PORT_HELP "  --state\t\t\tDCCP state, fe. RESPOND\n",
	  dccp_legal, PAIR_PORTS,
	  "you have to specify `--reply-port-src' and `--report-port-dst'",
	  parse_proto_opt },
	{ "icmp", IPPROTO_ICMP, icmp_opts, 3, icmp_names,
	  "  --icmp-type\t\t\ticmp type\n"
	  "  --icmp-code\t\t\ticmp code\n"
	  "  --icmp-id\t\t\ticmp id\n",
	  icmp_legal, NULL, NULL, parse_proto_opt },
	{ "icmpv6", IPPROTO_ICMPV6, icmpv6_opts, 3, icmpv6_names,
	  "  --icmpv6-type\t\t\ticmpv6 type\n"
	  "  --icmpv6-code\t\t\ticmpv6 code\n"
	  "  --icmpv6-id\t\t\ticmpv6 id\n",
	  icmp_legal, NULL, NULL, parse_proto_opt },
	{ "gre", IPPROTO_GRE, gre_opts, 8, gre_names,
	  "  --orig-key-src\t\toriginal source key\n"
	  "  --orig-key-dst\t\toriginal destination key\n"
	  "  --reply-key-src\t\treply source key\n"
	  "  --reply-key-dst\t\treply destination key\n"
	  "  --mask-key-src\t\tmask source key\n"
	  "  --mask-key-dst\t\tmask destination key\n"
	  "  --tuple-key-src\t\texpectation tuple src key\n"
	  "  --tuple-key-src\t\texpectation tuple dst key\n",
	  gre_legal, "you have to specify `--srckey' and `--dstkey'",
	  "you have to specify `--reply-src-key' and `--reply-dst-key'",
	  parse_proto_opt },
};

/* Any other protocol: no options, help says so. */
static const struct proto proto_unknown = {
	"unknown", 0, no_opts, 0, NULL, "  no options (unsupported)\n",
	none_legal, NULL, NULL, NULL
};

static const struct proto *proto_by_l4(uint8_t l4)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++)
		if (protos[i].l4 == l4)
			return &protos[i];
	return &proto_unknown;
}

/* -p ARG: a handler name, an /etc/protocols name, or a number 0-255. */
static const struct proto *find_proto(const char *arg, uint8_t *l4)
{
	struct protoent *pe;
	unsigned long n;
	char *end;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protos); i++) {
		if (!strcasecmp(arg, protos[i].name)) {
			*l4 = protos[i].l4;
			return &protos[i];
		}
	}
	/* A name only /etc/protocols knows gets no handler, even when its
	 * number has one ("ipv6-icmp"): 1.4.7 does the same. */
	pe = getprotobyname(arg);
	if (pe) {
		*l4 = pe->p_proto;
		return &proto_unknown;
	}
	errno = 0;
	n = strtoul(arg, &end, 0);
	if (*arg && !*end && !errno && n <= 255 && arg[0] != '-') {
		*l4 = n;
		return proto_by_l4(*l4);
	}
	return NULL;
}

static const enum pkind *proto_kinds(const struct proto *p)
{
	switch (p->l4) {
	case IPPROTO_TCP:	return tcp_kinds;
	case IPPROTO_SCTP:	return sctp_kinds;
	case IPPROTO_DCCP:	return dccp_kinds;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:	return icmp_kinds;
	default:		return udp_kinds;	/* udp, udplite, gre */
	}
}

static int state_index(const char *const *names, size_t n, const char *arg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(arg, names[i]))
			return i;
	return -1;
}

static void set_state(struct conntrack *c, const char *arg)
{
	struct ct *t = &c->tmpl;
	int s;

	switch (c->proto->l4) {
	case IPPROTO_TCP:
		s = state_index(tcp_states, ARRAY_SIZE(tcp_states), arg);
		if (s < 0)
			param_error("unknown TCP state `%s'", arg);
		t->tcp.state = s > 9 ? 9 : s;
		ct_set(t, CT_TCP_STATE);
		break;
	case IPPROTO_SCTP:
		s = state_index(sctp_states, ARRAY_SIZE(sctp_states), arg);
		if (s < 0)
			param_error("unknown SCTP state `%s'", arg);
		t->sctp.state = s;
		ct_set(t, CT_SCTP_STATE);
		break;
	default:
		s = state_index(dccp_states, ARRAY_SIZE(dccp_states), arg);
		if (s < 0)
			param_error("Unknown DCCP state `%s'", arg);
		t->dccp.state = s;
		ct_set(t, CT_DCCP_STATE);
	}
}

static void set_role(struct conntrack *c, const char *arg)
{
	if (prefix_match(arg, "client"))
		c->tmpl.dccp.role = 0;
	else if (prefix_match(arg, "server"))
		c->tmpl.dccp.role = 1;
	else
		param_error("Unknown DCCP role `%s'", arg);
	ct_set(&c->tmpl, CT_DCCP_ROLE);
}

/* Ports go through atoi (no checks, as 1.4.7); GRE keys strtoul base 0. */
static uint16_t port_value(const struct conntrack *c, const char *arg)
{
	if (c->proto->l4 == IPPROTO_GRE)
		return (uint16_t)strtoul(arg, NULL, 0);
	return (uint16_t)atoi(arg);
}

static void tuple_port(struct ct_tuple *t, uint8_t l4, bool src, uint16_t v)
{
	t->l4 = l4;
	t->has |= TP_PROTO | (src ? TP_SPORT : TP_DPORT);
	if (src)
		t->sport = v;
	else
		t->dport = v;
}

static void parse_proto_opt(struct conntrack *c, int idx, const char *arg)
{
	struct ct *t = &c->tmpl;
	uint8_t l4 = c->proto->l4;

	switch (proto_kinds(c->proto)[idx]) {
	case PK_SPORT:	tuple_port(&t->orig, l4, true, port_value(c, arg)); break;
	case PK_DPORT:	tuple_port(&t->orig, l4, false, port_value(c, arg)); break;
	case PK_RSPORT:	tuple_port(&t->reply, l4, true, port_value(c, arg)); break;
	case PK_RDPORT:	tuple_port(&t->reply, l4, false, port_value(c, arg)); break;
	case PK_MSPORT:	tuple_port(&c->exp_mask, l4, true, port_value(c, arg)); break;
	case PK_MDPORT:	tuple_port(&c->exp_mask, l4, false, port_value(c, arg)); break;
	case PK_TSPORT:	tuple_port(&c->exp, l4, true, port_value(c, arg)); break;
	case PK_TDPORT:	tuple_port(&c->exp, l4, false, port_value(c, arg)); break;
	case PK_STATE:	set_state(c, arg); break;
	case PK_ROLE:	set_role(c, arg); break;
	/* 1.4.7 byte-swaps vtags once more than the kernel expects; the
	 * kernel must end up with the same value. */
	case PK_OVTAG:
		t->sctp.vtag[0] = htonl(atoi(arg));
		ct_set(t, CT_SCTP_VTAG_ORIG);
		break;
	case PK_RVTAG:
		t->sctp.vtag[1] = htonl(atoi(arg));
		ct_set(t, CT_SCTP_VTAG_REPLY);
		break;
	case PK_ITYPE:
		t->orig.icmp_type = atoi(arg);
		t->orig.has |= TP_ICMP_TYPE | TP_PROTO;
		t->orig.l4 = l4;
		break;
	case PK_ICODE:
		t->orig.icmp_code = atoi(arg);
		t->orig.has |= TP_ICMP_CODE | TP_PROTO;
		t->orig.l4 = l4;
		break;
	case PK_IID:
		t->orig.icmp_id = atoi(arg);
		t->orig.has |= TP_ICMP_ID | TP_PROTO;
		t->orig.l4 = l4;
		break;
	}
	c->l4flags |= 1U << idx;
}

/* --- generic options ----------------------------------------------- */

static const char short_opts[] =
	":L::I::U::D::G::E::F::A::hVs:d:r:q:p:t:u:e:a:z[:]:{:}:m:i:f:o:n::"
	"g::c:b:C::Sj::w:l:<:>::(:):";

static const struct option generic_opts[] = {
	{ "dump", 2, NULL, 'L' },
	{ "create", 2, NULL, 'I' },
	{ "add", 2, NULL, 'A' },
	{ "delete", 2, NULL, 'D' },
	{ "update", 2, NULL, 'U' },
	{ "get", 2, NULL, 'G' },
	{ "flush", 2, NULL, 'F' },
	{ "event", 2, NULL, 'E' },
	{ "counter", 2, NULL, 'C' },
	{ "stats", 0, NULL, 'S' },
	{ "version", 0, NULL, 'V' },
	{ "help", 0, NULL, 'h' },
	{ "orig-src", 1, NULL, 's' },
	{ "src", 1, NULL, 's' },
	{ "orig-dst", 1, NULL, 'd' },
	{ "dst", 1, NULL, 'd' },
	{ "reply-src", 1, NULL, 'r' },
	{ "reply-dst", 1, NULL, 'q' },
	{ "protonum", 1, NULL, 'p' },
	{ "timeout", 1, NULL, 't' },
	{ "status", 1, NULL, 'u' },
	{ "zero", 0, NULL, 'z' },
	{ "event-mask", 1, NULL, 'e' },
	{ "tuple-src", 1, NULL, '[' },
	{ "tuple-dst", 1, NULL, ']' },
	{ "mask-src", 1, NULL, '{' },
	{ "mask-dst", 1, NULL, '}' },
	{ "nat-range", 1, NULL, 'a' },
	{ "mark", 1, NULL, 'm' },
	{ "secmark", 1, NULL, 'c' },
	/* 1.4.7 declares the argument optional and crashes on "--id N";
	 * required, as in 1.4.9 (COMPAT.md). */
	{ "id", 1, NULL, 'i' },
	{ "family", 1, NULL, 'f' },
	{ "src-nat", 2, NULL, 'n' },
	{ "dst-nat", 2, NULL, 'g' },
	{ "output", 1, NULL, 'o' },
	{ "buffer-size", 1, NULL, 'b' },
	{ "any-nat", 2, NULL, 'j' },
	{ "zone", 1, NULL, 'w' },
	{ "label", 1, NULL, 'l' },
	{ "label-add", 1, NULL, '<' },
	{ "label-del", 2, NULL, '>' },
	{ "orig-zone", 1, NULL, '(' },
	{ "reply-zone", 1, NULL, ')' },
	{ NULL, 0, NULL, 0 }
};

/* Append a protocol's options to the table getopt_long sees, with their
 * values moved past every earlier table's. */
static void merge_proto_opts(struct conntrack *c, const struct proto *p)
{
	size_t n = 0, m = 0, i;

	while (c->longopts[n].name)
		n++;
	while (p->opts[m].name)
		m++;
	c->longopts = xrealloc(c->longopts, (n + m + 1) * sizeof(*c->longopts));
	c->nmerged++;
	c->proto_offset = 256 * c->nmerged;
	for (i = 0; i < m; i++) {
		c->longopts[n + i] = p->opts[i];
		c->longopts[n + i].val += c->proto_offset;
	}
	memset(&c->longopts[n + m], 0, sizeof(*c->longopts));
}

/* 1.4.7 takes optional arguments only from the next word, when that does
 * not look like an option; attached ones ("--src-nat=ADDR") are ignored. */
static char *optional_arg(int argc, char **argv)
{
	if (optind < argc && argv[optind][0] != '-' && argv[optind][0] != '!')
		return argv[optind++];
	return NULL;
}

static void add_command(struct conntrack *c, enum cmd cmd)
{
	if (c->has_cmd)
		param_error("Invalid commands combination");
	c->has_cmd = true;
	c->cmd = cmd;
}

/* The table word: only the next separate word, matched as a prefix in
 * this order (so "" and "e" mean expect). */
static enum table parse_table(int argc, char **argv)
{
	static const char *const names[] = { "expect", "conntrack", "dying", "unconfirmed" };
	static const enum table tables[] = { T_EXPECT, T_CONNTRACK, T_DYING, T_UNCONFIRMED };
	const char *w;
	size_t i;

	if (optarg || optind >= argc || argv[optind][0] == '-' || argv[optind][0] == '!')
		return T_CONNTRACK;
	w = argv[optind++];
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strncmp(w, names[i], strlen(w)))
			return tables[i];
	param_error("unknown type `%s'", w);
}

static void command_with_table(struct conntrack *c, int opt, int argc, char **argv)
{
	enum table t = parse_table(argc, argv);
	enum cmd ct_cmd, exp_cmd;

	switch (opt) {
	case 'L': ct_cmd = C_LIST; exp_cmd = X_LIST; break;
	case 'I': ct_cmd = C_CREATE; exp_cmd = X_CREATE; break;
	case 'D': ct_cmd = C_DELETE; exp_cmd = X_DELETE; break;
	case 'G': ct_cmd = C_GET; exp_cmd = X_GET; break;
	case 'F': ct_cmd = C_FLUSH; exp_cmd = X_FLUSH; break;
	case 'E': ct_cmd = C_EVENT; exp_cmd = X_EVENT; break;
	case 'C': ct_cmd = C_COUNT; exp_cmd = X_COUNT; break;
	case 'S': ct_cmd = C_STATS; exp_cmd = X_STATS; break;
	case 'U': ct_cmd = exp_cmd = C_UPDATE; break;
	case 'A': ct_cmd = exp_cmd = C_ADD; break;
	case 'h': ct_cmd = exp_cmd = C_HELP; break;
	default:  ct_cmd = exp_cmd = C_VERSION; break;
	}
	if ((t == T_DYING || t == T_UNCONFIRMED) && opt != 'L')
		param_error("Can't do that command with tables `dying' and `unconfirmed'");
	if (t == T_EXPECT && opt == 'U')
		param_error("Can't do --update on expectations");
	if (t == T_EXPECT && opt == 'A')
		param_error("Can't do --add on expectations");
	add_command(c, t == T_EXPECT ? exp_cmd : ct_cmd);
	c->table = t;
}

/* Comma lists of -u, -e, -o: every element is a case-insensitive prefix
 * of a keyword; SRC_NAT and DST_NAT are tried first (1.4.7 quirk). */
struct keyword {
	const char *name;
	unsigned int value;
};

static const struct keyword status_words[] = {
	{ "ASSURED", IPS_ASSURED }, { "SEEN_REPLY", IPS_SEEN_REPLY },
	{ "UNSET", 0 }, { "FIXED_TIMEOUT", IPS_FIXED_TIMEOUT },
	{ "EXPECTED", IPS_EXPECTED }, { "OFFLOAD", 1 << 14 },
	{ "HW_OFFLOAD", 1 << 15 }, { NULL, 0 }
};
static const struct keyword event_words[] = {
	{ "ALL", 7 }, { "NEW", 1 }, { "UPDATES", 2 }, { "DESTROY", 4 },
	{ NULL, 0 }
};
static const struct keyword output_words[] = {
	{ "xml", OUT_XML }, { "extended", OUT_EXT },
	{ "timestamp", OUT_TIMESTAMP }, { "id", OUT_ID },
	{ "ktimestamp", OUT_KTIMESTAMP }, { "labels", OUT_LABELS },
	{ "userspace", 0 }, { "save", OUT_SAVE }, { "json", OUT_JSON },
	{ NULL, 0 }
};

/* Warnings are not repeated when a -R line is parsed the second time. */
static bool quiet;

static void warning(const char *msg)
{
	if (!quiet)
		fputs(msg, stderr);
}

static bool list_word(const char *s, size_t len, const struct keyword *kw,
		      bool neg, unsigned int *value, unsigned int *mask)
{
	if (!strncasecmp(s, "SRC_NAT", len)) {
		warning("WARNING: ignoring SRC_NAT, use --src-nat instead\n");
		return true;
	}
	if (!strncasecmp(s, "DST_NAT", len)) {
		warning("WARNING: ignoring DST_NAT, use --dst-nat instead\n");
		return true;
	}
	for (; kw->name; kw++) {
		if (!strncasecmp(s, kw->name, len)) {
			if (neg)
				*mask |= kw->value;
			else
				*value |= kw->value;
			return true;
		}
	}
	/* Status only: UNREPLIED filters on a clear SEEN_REPLY bit. */
	if (mask && !neg && len >= 9 && !strncmp(s, "UNREPLIED", 9)) {
		*mask |= IPS_SEEN_REPLY;
		return true;
	}
	return false;
}

/* mask is NULL for lists without negation (-e, -o). */
static void parse_list(const char *arg, const struct keyword *kw,
		       unsigned int *value, unsigned int *mask)
{
	const char *comma;

	for (;;) {
		bool neg = false;
		size_t len;

		if (mask && *arg == '!') {
			neg = true;
			arg++;
		}
		comma = strchr(arg, ',');
		len = comma ? (size_t)(comma - arg) : strlen(arg);
		if (!len || !list_word(arg, len, kw, neg, value, mask))
			param_error("Bad parameter `%s'", arg);
		if (!comma)
			return;
		arg = comma + 1;
	}
}

/* --- addresses ------------------------------------------------------ */

static uint8_t parse_inet(const char *s, union ct_addr *a)
{
	struct in_addr in;

	memset(a, 0, sizeof(*a));
	if (inet_aton(s, &in)) {
		a->v4 = in.s_addr;
		return AF_INET;
	}
	if (inet_pton(AF_INET6, s, &a->v6) == 1)
		return AF_INET6;
	return 0;
}

static void set_family(struct conntrack *c, uint8_t l3)
{
	if (c->family && c->family != l3)
		param_error("mismatched address family");
	c->family = l3;
}

/* ADDR[/BITS]; *bits is -1 without a prefix length.  1.4.7's order of
 * complaints: the address, its family, then the prefix. */
static uint8_t parse_addr(struct conntrack *c, const char *arg, int opt_bit,
			  union ct_addr *a, int *bits)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(arg, '/');
	size_t n = slash ? (size_t)(slash - arg) : strlen(arg);
	uint8_t l3 = 0;

	*bits = -1;
	if (n < sizeof(buf)) {
		memcpy(buf, arg, n);
		buf[n] = '\0';
		l3 = parse_inet(buf, a);
	}
	if (!l3)
		param_error("Invalid IP address `%s'", arg);
	set_family(c, l3);
	if (slash) {
		bool cidr_ok = opt_bit == O_SRC || opt_bit == O_DST ||
			       opt_bit == O_EXP_SRC || opt_bit == O_EXP_DST;
		unsigned long len;
		char *end;

		if (!cidr_ok)
			param_error("CIDR notation unavailable for `--%s'", opt_names[opt_bit]);
		len = strtoul(slash + 1, &end, 10);
		if (*end || slash[1] == '-' || len > (l3 == AF_INET ? 32U : 128U))
			param_error("Invalid netmask");
		*bits = len;
	}
	return l3;
}

static void set_tuple_addr(struct ct_tuple *t, bool src, uint8_t l3,
			   const union ct_addr *a)
{
	t->l3 = l3;
	if (src) {
		t->src = *a;
		t->has |= TP_SRC;
	} else {
		t->dst = *a;
		t->has |= TP_DST;
	}
}

static void opt_address(struct conntrack *c, int opt, const char *arg)
{
	struct ct_filter *f = &c->filt;
	union ct_addr a;
	int bits, bit;
	uint8_t l3;

	switch (opt) {
	case 's': bit = O_SRC; break;
	case 'd': bit = O_DST; break;
	case 'r': bit = O_REPL_SRC; break;
	case 'q': bit = O_REPL_DST; break;
	case '[': bit = O_EXP_SRC; break;
	case ']': bit = O_EXP_DST; break;
	case '{': bit = O_MASK_SRC; break;
	default:  bit = O_MASK_DST; break;
	}
	c->options |= OPT(bit);
	l3 = parse_addr(c, arg, bit, &a, &bits);
	switch (bit) {
	case O_SRC:
	case O_DST:
		set_tuple_addr(&c->tmpl.orig, bit == O_SRC, l3, &a);
		*(bit == O_SRC ? &f->src : &f->dst) = a;	/* for the masks */
		if (bits < 0)
			break;
		f->mask_l3 = l3;
		if (bit == O_SRC) {
			f->mask_src = true;
			ct_addr_prefix_mask(&f->src_mask, l3, bits);
		} else {
			f->mask_dst = true;
			ct_addr_prefix_mask(&f->dst_mask, l3, bits);
		}
		break;
	case O_REPL_SRC:
	case O_REPL_DST:
		set_tuple_addr(&c->tmpl.reply, bit == O_REPL_SRC, l3, &a);
		break;
	case O_EXP_SRC:
	case O_EXP_DST:
		set_tuple_addr(&c->exp, bit == O_EXP_SRC, l3, &a);
		if (bits >= 0) {
			union ct_addr m;

			ct_addr_prefix_mask(&m, l3, bits);
			set_tuple_addr(&c->exp_mask, bit == O_EXP_SRC, l3, &m);
		}
		break;
	case O_MASK_SRC:
		f->mask_l3 = l3;
		f->mask_src = true;
		f->src_mask = a;
		set_tuple_addr(&c->exp_mask, true, l3, &a);
		break;
	default:
		f->mask_l3 = l3;
		f->mask_dst = true;
		f->dst_mask = a;
		set_tuple_addr(&c->exp_mask, false, l3, &a);
	}
}

static bool isdigit_s(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* [ADDR][:PORT], [IPV6]:PORT; a bare IPv6 address (2+ colons) is whole. */
static void parse_nat(struct conntrack *c, int bit, const char *arg,
		      struct ct_nat_match *m)
{
	char buf[256];
	const char *port = NULL;
	char *colon;
	int bits;

	if (strlen(arg) >= sizeof(buf))
		param_error("Invalid IP address `%s'", arg);
	strcpy(buf, arg);
	if (buf[0] == '[') {
		char *close = strchr(buf, ']');

		if (!close)
			param_error("No closing ']' around IPv6 address");
		if (close == buf + 1)
			param_error("No IPv6 address specified");
		if (close[1] == ':') {
			*close = '\0';
			port = close + 2;
			memmove(buf, buf + 1, strlen(buf + 1) + 1);
		}
	} else if ((colon = strchr(buf, ':')) && !strchr(colon + 1, ':')) {
		*colon = '\0';
		port = colon + 1;
	}
	if (port) {
		if (!*port)
			param_error("No port specified after `:'");
		if (!isdigit_s(port) || strtoul(port, NULL, 10) > 65535)
			param_error("Invalid port `%s'", port);
		m->has_port = true;
		m->port = strtoul(port, NULL, 10);
	}
	m->l3 = parse_addr(c, buf, bit, &m->addr, &bits);
	m->has_addr = true;
}

/* --- labels --------------------------------------------------------- */

/* Loaded once, on first need, for all lines of a -R file too.  A missing
 * file is tried (and complained about) again at each need, as 1.4.7. */
static struct ct_labelmap *labelmap;

static void load_labelmap(void)
{
	if (labelmap)
		return;
	labelmap = ct_labelmap_load(CONNLABEL_CONF);
	if (!labelmap && !quiet)
		fprintf(stderr, "nfct_labelmap_new: %s\n", strerror(errno));
}

/* Save lines name an entry's labels (COMPAT.md) with the map the command
 * loaded, or one loaded quietly at the first labelled entry: 1.4.7 says
 * nothing about a missing map here, and a map loaded only for this must
 * not turn on the labels of other formats (a later -R line). */
static const struct ct_labelmap *save_labelmap(const struct ct *ct, enum ct_msg msg)
{
	static struct ct_labelmap *quiet_map;
	static bool tried;

	if (msg == CT_MSG_DELETE || msg == CT_MSG_DESTROY || !ct_has(ct, CT_LABELS))
		return NULL;	/* not printed on -D lines: no need to load */
	if (labelmap)
		return labelmap;
	if (!tried) {
		quiet_map = ct_labelmap_load(CONNLABEL_CONF);
		tried = true;
	}
	return quiet_map;
}

/* NAME[,NAME...] -> bits; an empty name is an unknown label too. */
static void parse_labels(const char *arg, uint8_t *bits)
{
	char name[256];

	for (;;) {
		const char *comma = strchr(arg, ',');
		size_t n = comma ? (size_t)(comma - arg) : strlen(arg);
		int b;

		snprintf(name, sizeof(name), "%.*s", (int)n, arg);
		b = labelmap ? ct_labelmap_bit(labelmap, name) : -1;
		if (b < 0 || b >= CT_LABEL_BYTES * 8)
			param_error("unknown label '%s'", name);
		ct_labels_set_bit(bits, b);
		if (!comma)
			return;
		arg = comma + 1;
	}
}

/* --- parsing the command line --------------------------------------- */

static void opt_proto(struct conntrack *c, const char *arg)
{
	const struct proto *p;
	uint8_t l4 = 0;

	c->options |= OPT(O_PROTO);
	p = find_proto(arg, &l4);
	if (!p)
		param_error("`%s' unsupported protocol", arg);
	c->proto = p;
	c->l4 = l4;
	merge_proto_opts(c, p);
	c->tmpl.orig.l4 = l4;
	c->tmpl.orig.has |= TP_PROTO;
}

static void opt_status(struct conntrack *c, const char *arg)
{
	unsigned int value = 0, mask = 0;

	c->options |= OPT(O_STATUS);
	parse_list(arg, status_words, &value, &mask);
	/* A repeated -u adds to the filter's value and mask, but the mask
	 * becomes the value only while it is still empty (as 1.4.7): "-u
	 * SEEN_REPLY -u ASSURED" wants ASSURED under mask SEEN_REPLY and so
	 * matches nothing.  -I/-U set every bit given. */
	c->status |= value;
	c->status_mask |= mask;
	if (!c->status_mask)
		c->status_mask = c->status;
	c->tmpl.status = c->status;
	ct_set(&c->tmpl, CT_STATUS);
}

static void opt_output(struct conntrack *c, const char *arg)
{
	c->options |= OPT(O_OUTPUT);
	parse_list(arg, output_words, &c->output, NULL);
	if (c->output & OUT_LABELS)
		load_labelmap();
	if ((c->output & OUT_SAVE) && (c->output & ~OUT_SAVE))
		other_error("cannot combine save output with any other output type, use -o save only");
	/* json carries ids, timestamps and the layer-3 name anyway, so
	 * extended/id/ktimestamp/labels/timestamp combine with it. */
	if ((c->output & OUT_JSON) && (c->output & OUT_XML))
		other_error("cannot combine xml and json output, use -o xml or -o json");
}

static void opt_mark(struct conntrack *c, const char *arg)
{
	char *end;

	c->options |= OPT(O_MARK);
	c->filt.mark = strtoul(arg, &end, 0);
	c->filt.mark_mask = *end == '/' ? strtoul(end + 1, NULL, 0) : 0xffffffff;
	c->tmpl.mark = c->filt.mark;
	c->tmpl.mark_mask = c->filt.mark_mask;
	ct_set(&c->tmpl, CT_MARK);
}

static void opt_family(struct conntrack *c, const char *arg)
{
	c->options |= OPT(O_FAMILY);
	if (!strncmp(arg, "ipv4", 4))
		set_family(c, AF_INET);
	else if (!strncmp(arg, "ipv6", 4))
		set_family(c, AF_INET6);
	else
		param_error("`%s' unsupported protocol", arg);
}

static void opt_nat(struct conntrack *c, int opt, int argc, char **argv)
{
	struct ct_nat_match *m;
	char *arg = optional_arg(argc, argv);
	int bit;

	switch (opt) {
	case 'n': bit = O_SRC_NAT; m = &c->filt.snat; break;
	case 'g': bit = O_DST_NAT; m = &c->filt.dnat; break;
	default:  bit = O_ANY_NAT; m = &c->filt.anynat; break;
	}
	c->options |= OPT(bit);
	memset(m, 0, sizeof(*m));
	m->on = true;
	if (arg)
		parse_nat(c, bit, arg, m);
}

static uint16_t opt_u16(const char *arg)
{
	return (uint16_t)strtoul(arg, NULL, 0);
}

static void opt_zone(struct conntrack *c, int opt, const char *arg)
{
	switch (opt) {
	case 'w':
		c->options |= OPT(O_ZONE);
		c->tmpl.zone = opt_u16(arg);
		ct_set(&c->tmpl, CT_ZONE);
		break;
	case '(':
		c->options |= OPT(O_ORIG_ZONE);
		c->tmpl.orig.zone = opt_u16(arg);
		c->tmpl.orig.has |= TP_ZONE;
		break;
	default:
		c->options |= OPT(O_REPL_ZONE);
		c->tmpl.reply.zone = opt_u16(arg);
		c->tmpl.reply.has |= TP_ZONE;
	}
}

/* The label map is needed (and reloaded if it was missing) at every
 * label option; a second of --label-add/--label-del is refused before
 * its names are looked at. */
static void opt_label(struct conntrack *c, int opt, int argc, char **argv)
{
	const char *arg;

	load_labelmap();
	if (opt == 'l') {
		c->options |= OPT(O_LABEL);
		parse_labels(optarg, c->filt.labels);
		c->filt.labels_on = true;
		return;
	}
	if (c->options & OPT(opt == '<' ? O_DEL_LABEL : O_ADD_LABEL))
		other_error("cannot use --label-add and --label-del at the same time");
	if (opt == '<') {
		c->options |= OPT(O_ADD_LABEL);
		parse_labels(optarg, c->label_add);
		return;
	}
	c->options |= OPT(O_DEL_LABEL);
	arg = optional_arg(argc, argv);
	if (arg)
		parse_labels(arg, c->label_del);
	else
		c->label_del_all = true;
}

static void parse_option(struct conntrack *c, int opt, int argc, char **argv)
{
	switch (opt) {
	case 'L': case 'I': case 'U': case 'D': case 'G': case 'E':
	case 'F': case 'A': case 'C': case 'S': case 'h': case 'V':
		command_with_table(c, opt, argc, argv);
		break;
	case 's': case 'd': case 'r': case 'q':
	case '[': case ']': case '{': case '}':
		opt_address(c, opt, optarg);
		break;
	case 'p':
		opt_proto(c, optarg);
		break;
	case 't':
		c->options |= OPT(O_TIMEOUT);
		c->tmpl.timeout = atol(optarg);
		ct_set(&c->tmpl, CT_TIMEOUT);
		break;
	case 'u':
		opt_status(c, optarg);
		break;
	case 'e':
		c->options |= OPT(O_EVENT_MASK);
		parse_list(optarg, event_words, &c->event_mask, NULL);
		break;
	case 'o':
		opt_output(c, optarg);
		break;
	case 'z':
		c->options |= OPT(O_ZERO);
		break;
	case 'a':
		warning("WARNING: ignoring -a, deprecated option.\n");
		break;
	case 'm':
		opt_mark(c, optarg);
		break;
	case 'c':
		c->options |= OPT(O_SECMARK);
		c->tmpl.secmark = strtoul(optarg, NULL, 0);
		ct_set(&c->tmpl, CT_SECMARK);
		break;
	case 'i':
		c->options |= OPT(O_ID);
		c->tmpl.id = strtoul(optarg, NULL, 0);
		ct_set(&c->tmpl, CT_ID);
		break;
	case 'f':
		opt_family(c, optarg);
		break;
	case 'b':
		c->options |= OPT(O_BUFFERSIZE);
		c->bufsize = atol(optarg);
		break;
	case 'n': case 'g': case 'j':
		opt_nat(c, opt, argc, argv);
		break;
	case 'w': case '(': case ')':
		opt_zone(c, opt, optarg);
		break;
	case 'l': case '<': case '>':
		opt_label(c, opt, argc, argv);
		break;
	case ':':
		param_error("option `%s' requires an argument", argv[optind - 1]);
	case '?':
		param_error("unknown option `%s'", argv[optind - 1]);
	default:
		/* A protocol option: its handler is the last -p given. */
		/* Options of an earlier -p's table are ignored, as the
		 * last handler does not know them. */
		if (c->proto && c->proto->parse && opt >= (int)c->proto_offset &&
		    opt - (int)c->proto_offset < (int)c->proto->nopts)
			c->proto->parse(c, opt - c->proto_offset, optarg);
	}
}

/* Check given options against a legality row (1.4.7's order: one pass,
 * required and illegal together), then the address/port pair rule.
 * Returns -1 when fine, else which pair is partial (0 orig, 1 reply). */
static int check_legal(unsigned int given, const char *row, unsigned int n,
		       const char *const *names)
{
	bool pair_rule = false;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!(given & (1U << i)) && row[i] == 1)
			param_error("You need to supply the `--%s' option for this command", names[i]);
		if ((given & (1U << i)) && row[i] == 0)
			param_error("Illegal option `--%s' with this command", names[i]);
		if (row[i] == 3)
			pair_rule = true;
	}
	if (!pair_rule)
		return -1;
	if ((given & 3) == 3 || (given & 12) == 12)
		return -1;
	return (given & 3) ? 0 : (given & 12) ? 1 : 0;
}

/* 1.4.7 takes no -o with -S, -S expect and -G expect; ours takes -o json
 * (and only json) there, so every other -o keeps 1.4.7's error. */
static unsigned int json_options(const struct conntrack *c)
{
	bool takes_json = c->cmd == C_STATS || c->cmd == X_STATS ||
			  c->cmd == X_GET;

	if (takes_json && c->output == OUT_JSON)
		return c->options & ~OPT(O_OUTPUT);
	return c->options;
}

static void check_options(struct conntrack *c)
{
	const struct proto *p = c->proto;
	unsigned int zero_filters = OPT(O_SRC) | OPT(O_DST) | OPT(O_REPL_SRC) |
		OPT(O_REPL_DST) | OPT(O_PROTO) | OPT(O_MARK) | OPT(O_SECMARK) |
		OPT(O_STATUS) | OPT(O_ID) | OPT(O_ZONE) | OPT(O_LABEL) |
		OPT(O_ORIG_ZONE) | OPT(O_REPL_ZONE);
	int partial;

	if ((c->options & OPT(O_ANY_NAT)) &&
	    (c->options & (OPT(O_SRC_NAT) | OPT(O_DST_NAT))))
		param_error("cannot specify `--src-nat' or `--dst-nat' with `--any-nat'");
	partial = check_legal(json_options(c), legal[c->cmd], NOPTS, opt_names);
	if (partial == 0)
		param_error("you have to specify `--src' and `--dst'");
	if (partial == 1)
		param_error("you have to specify `--reply-src' and `--reply-dst'");
	if (c->cmd != C_HELP && p && p->nopts) {
		partial = check_legal(c->l4flags, p->legal[c->cmd], p->nopts, p->optnames);
		if (partial == 0)
			param_error("%s", p->pair_orig);
		if (partial == 1)
			param_error("%s", p->pair_reply);
	}
	if (c->cmd == C_LIST && (c->options & OPT(O_ZERO)) &&
	    (c->options & zero_filters))
		param_error("Can't use -z with filtering parameters");
	if ((c->cmd == C_LIST && c->table == T_CONNTRACK) || c->cmd == C_UPDATE ||
	    c->cmd == C_DELETE || c->cmd == C_EVENT) {
		if ((c->options & OPT(O_MASK_SRC)) && !(c->options & OPT(O_SRC)))
			param_error("Can't use --mask-src without --src");
		if ((c->options & OPT(O_MASK_DST)) && !(c->options & OPT(O_DST)))
			param_error("Can't use --mask-dst without --dst");
	}
}

static void parse_args(struct conntrack *c, int argc, char **argv)
{
	int opt;

	c->longopts = xmalloc(sizeof(generic_opts));
	memcpy(c->longopts, generic_opts, sizeof(generic_opts));
	opterr = 0;
	optind = 0;	/* full restart: -R parses many command lines */
	while ((opt = getopt_long(argc, argv, short_opts, c->longopts, NULL)) != -1)
		parse_option(c, opt, argc, argv);
	if (!c->has_cmd)
		c->cmd = C_NONE;
	check_options(c);
}

/* --- talking to the kernel ------------------------------------------ */

/* 1.4.7's err2str: its own words for some errors, else strerror. */
static const char *err2str(int err, enum cmd cmd)
{
	bool create = cmd == C_CREATE || cmd == C_ADD;

	if (cmd == C_LIST && err == 524)
		return "function not implemented";
	if (err == EINVAL && cmd != X_CREATE)
		return "invalid parameters";
	if (create && err == EEXIST)
		return "Such conntrack exists, try -U to update";
	if ((create || cmd == C_GET || cmd == C_DELETE) && err == ENOENT)
		return "such conntrack doesn't exist";
	if ((create || cmd == C_GET) && err == ENOMEM)
		return "not enough memory";
	if (cmd == C_GET && err == EAFNOSUPPORT)
		return "protocol not supported";
	if (create && err == ETIME)
		return "conntrack has expired";
	if (cmd == X_CREATE && err == ENOENT)
		return "master conntrack not found";
	if (cmd == X_CREATE && err == EINVAL)
		return "invalid parameters";
	if (err == EPERM)
		return "sorry, you must be root or get CAP_NET_ADMIN capability to do this";
	return strerror(err);
}

static void __attribute__((noreturn)) op_failed(struct conntrack *c, int err)
{
	other_error("Operation failed: %s", err2str(-err, c->cmd));
}

static void summary(const char *what)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s\n", VERSION_LINE, what);
}

static void summary_count(const struct conntrack *c, const char *what)
{
	char buf[96];

	if (c->batch)
		return;
	snprintf(buf, sizeof(buf), "%u %s", c->counter, what);
	summary(buf);
}

static enum ct_fmt out_fmt(const struct conntrack *c)
{
	if (c->output & OUT_SAVE)
		return CT_FMT_SAVE;
	if (c->output & OUT_JSON)
		return CT_FMT_JSON;
	return (c->output & OUT_XML) ? CT_FMT_XML : CT_FMT_DEFAULT;
}

static unsigned int out_opts(const struct conntrack *c)
{
	unsigned int o = 0;

	if (c->output & OUT_EXT)
		o |= CT_OPT_EXTENDED;
	if (c->output & OUT_ID)
		o |= CT_OPT_ID;
	/* 1.4.7 prints what -D deleted and -U updated without it. */
	if ((c->output & OUT_KTIMESTAMP) && c->cmd != C_DELETE &&
	    c->cmd != C_UPDATE)
		o |= CT_OPT_KTIMESTAMP;
	if (labelmap)
		o |= CT_OPT_LABELS;
	if ((c->output & OUT_TIMESTAMP) && c->cmd == C_EVENT)
		o |= CT_OPT_TIMESTAMP;	/* XML <when>, json "time"; the text
					 * prefix is ours */
	return o;
}

/* " [USERSPACE] portid=N progname=X" of an event.  A burst of events
 * from one process (a batch of creates) would read /proc once per event:
 * the answer is kept for the rest of the second. */
static const char *event_origin(uint32_t portid)
{
	static char origin[128];
	static uint32_t cached_portid;
	static time_t cached_at;
	time_t t = time(NULL);

	if (portid != cached_portid || t != cached_at) {
		ct_userspace_suffix(origin, sizeof(origin), portid);
		cached_portid = portid;
		cached_at = t;
	}
	return origin;
}

/* Print one entry; with_header: the XML document header goes first. */
static void print_ct(struct conntrack *c, const struct ct *ct, enum ct_msg msg,
		     bool with_header)
{
	char stackbuf[2048], *buf = stackbuf;
	enum ct_fmt fmt = out_fmt(c);
	/* 1.4.7 prints the entries -D deletes without their labels */
	const struct ct_labelmap *lm = msg == CT_MSG_DELETE ? NULL : labelmap;
	int n;

	if (fmt == CT_FMT_SAVE)
		lm = save_labelmap(ct, msg);

	/* room for the newline: the line goes out in one fwrite */
	n = ct_snprint(buf, sizeof(stackbuf) - 1, ct, msg, fmt, out_opts(c), lm);
	if (n >= (int)sizeof(stackbuf) - 1) {
		buf = xmalloc(n + 2);
		ct_snprint(buf, n + 1, ct, msg, fmt, out_opts(c), lm);
	}
	if (fmt == CT_FMT_XML && with_header && !c->xml_header) {
		fputs(ct_xml_header, stdout);
		c->xml_header = true;
	}
	if (n >= 0) {
		/* Events say which process caused them; not after XML (as
		 * 1.4.9) nor save lines, which -R must be able to read. */
		if (c->event_pid && fmt == CT_FMT_DEFAULT) {
			fwrite(buf, 1, n, stdout);
			fputs(event_origin(c->event_pid), stdout);
			putchar('\n');
		} else {
			buf[n] = '\n';
			fwrite(buf, 1, n + 1, stdout);
		}
	} else {
		/* save format: neither IPv4 nor IPv6 */
		fflush(stdout);
		fprintf(stderr, "WARNING: unsupported l3proto %u, skipping.\n",
			ct_l3num(ct));
		putchar('\n');
	}
	if (buf != stackbuf)
		free(buf);
}

static struct nlmsghdr *ct_request(void *buf, uint8_t msg, uint16_t flags,
				   uint8_t family)
{
	return nfnl_msg(buf, NFNL_SUBSYS_CTNETLINK, msg, flags, family);
}

/* The filter the entries of a dump go through, from the template.  For
 * -U, mark, status, timeout and state are what to set, not filters. */
static void setup_filter(struct conntrack *c)
{
	bool update = c->cmd == C_UPDATE;
	struct ct_filter *f = &c->filt;
	/* Only these start a comparison (spec §1.7): -D -t N alone selects
	 * every entry, with another of them the timeout must match too. */
	unsigned int cmp_opts = OPT(O_SRC) | OPT(O_DST) | OPT(O_REPL_SRC) |
		OPT(O_REPL_DST) | OPT(O_PROTO) | OPT(O_MARK) | OPT(O_SECMARK) |
		OPT(O_STATUS) | OPT(O_ID) | OPT(O_ZONE) | OPT(O_LABEL) |
		OPT(O_ORIG_ZONE) | OPT(O_REPL_ZONE);
	struct ct *t = &f->tmpl;

	f->mark_on = !update && (c->options & OPT(O_MARK));
	if (update)
		cmp_opts &= ~(OPT(O_MARK) | OPT(O_STATUS));
	if (!(c->options & cmp_opts))
		return;
	f->cmp = CF_CMP_ON;
	t->orig = c->tmpl.orig;
	t->reply = c->tmpl.reply;
	/* A network mask replaces the exact address. */
	if (f->mask_src)
		t->orig.has &= ~TP_SRC;
	if (f->mask_dst)
		t->orig.has &= ~TP_DST;
	if (update)
		return;
	if (c->options & OPT(O_STATUS)) {
		f->cmp |= CF_CMP_STATUS;
		t->status = c->status;
		/* In user space every bit of the value must be set, even
		 * one a repeated -u left out of the kernel's mask. */
		t->status_mask = c->status_mask | c->status;
	}
	if (c->options & OPT(O_TIMEOUT)) {
		f->cmp |= CF_CMP_TIMEOUT;
		t->timeout = c->tmpl.timeout;
	}
	if (c->options & OPT(O_ID)) {
		f->cmp |= CF_CMP_ID;
		t->id = c->tmpl.id;
	}
	if (c->options & OPT(O_ZONE)) {
		f->cmp |= CF_CMP_ZONE;
		t->zone = c->tmpl.zone;
	}
	if (c->options & OPT(O_SECMARK)) {
		f->cmp |= CF_CMP_SECMARK;
		t->secmark = c->tmpl.secmark;
	}
	if (c->tmpl.has & (CT_BIT(CT_TCP_STATE) | CT_BIT(CT_SCTP_STATE) | CT_BIT(CT_DCCP_STATE))) {
		f->cmp |= CF_CMP_STATE;
		t->has |= c->tmpl.has & (CT_BIT(CT_TCP_STATE) | CT_BIT(CT_SCTP_STATE) |
					 CT_BIT(CT_DCCP_STATE));
		t->tcp.state = c->tmpl.tcp.state;
		t->sctp.state = c->tmpl.sctp.state;
		t->dccp.state = c->tmpl.dccp.state;
	}
}

/* The tuple part of the kernel's dump filter (CTA_FILTER): only fields
 * whose kernel comparison is the user-space one.  The kernel refuses
 * CTA_FILTER on AF_UNSPEC dumps, and dumping once per family would
 * change the order 1.4.7 prints in, so a family must be known.  ICMP
 * fields stay in user space (the kernel refuses types it cannot invert),
 * and so do IPv6 addresses: kernel 6.18 matches no entry with them
 * (tests/conntrack_filter.test would show it). */
static bool tuple_filter(const struct conntrack *c, struct ct *f)
{
	const uint16_t exact = TP_SRC | TP_DST | TP_PROTO | TP_SPORT | TP_DPORT;
	const struct ct *t = &c->filt.tmpl;
	uint16_t keep = exact;

	if (c->family != AF_INET && c->family != AF_INET6)
		return false;
	if (c->family == AF_INET6)
		keep &= ~(TP_SRC | TP_DST);
	if (c->l4 != IPPROTO_TCP && c->l4 != IPPROTO_UDP && c->l4 != IPPROTO_UDPLITE &&
	    c->l4 != IPPROTO_SCTP && c->l4 != IPPROTO_DCCP)
		keep &= ~(TP_SPORT | TP_DPORT);
	f->orig = t->orig;
	f->reply = t->reply;
	f->orig.has &= keep;
	f->reply.has &= keep;
	/* ports without the protocol mean nothing to the kernel */
	if (!(f->orig.has & TP_PROTO))
		f->orig.has &= TP_SRC | TP_DST;
	if (!(f->reply.has & TP_PROTO))
		f->reply.has &= TP_SRC | TP_DST;
	if (f->orig.has)
		ct_set(f, CT_ORIG);
	if (f->reply.has)
		ct_set(f, CT_REPLY);
	f->family = c->family;
	return f->orig.has || f->reply.has;
}

/* Kernel-side dump filter: mark (and status for -L), as 1.4.7 sends,
 * and with tuples the tuple filter (ours; run setup_filter first). */
static int add_dump_filter(struct conntrack *c, struct nlmsghdr *nlh,
			   size_t size, bool mark, bool status, bool tuples)
{
	struct ct f;

	memset(&f, 0, sizeof(f));
	tuples = tuples && tuple_filter(c, &f);
	if (mark && (c->options & OPT(O_MARK))) {
		f.mark = c->filt.mark;
		f.mark_mask = c->filt.mark_mask;
		ct_set(&f, CT_MARK);
		ct_set(&f, CT_MARK_MASK);
	}
	if (status && (c->options & OPT(O_STATUS))) {
		f.status = c->status;
		f.status_mask = c->status_mask;
		ct_set(&f, CT_STATUS);
		ct_set(&f, CT_STATUS_MASK);
	}
	if (!f.has)
		return 0;
	return ct_build_dump_filter(nlh, size, &f, tuples);
}

struct dump_guard {
	struct nl *nl;
	mnl_cb_t cb;
	void *data;
};

/* From the first message the kernel marked NLM_F_DUMP_INTR on, entries
 * are not handed on: libmnl stops there too. */
static int dump_guard_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dump_guard *g = data;

	return g->nl->dump_intr ? MNL_CB_OK : g->cb(nlh, g->data);
}

/* Run a dump.  A dump the kernel marked inconsistent (the table changed
 * under it) fails with EINTR, as 1.4.7 does through libmnl; the rest of
 * the answer is read and dropped, so the socket stays usable.  (1.4.7's
 * expectation commands go through libnfnetlink, which ignores the flag:
 * they do not come here.) */
static int talk_dump(struct conntrack *c, struct nlmsghdr *nlh, mnl_cb_t cb,
		     void *data)
{
	struct dump_guard g = { c->nl, cb, data };
	int err = nl_talk(c->nl, nlh, dump_guard_cb, &g);

	if (err == 0 && c->nl->dump_intr)
		err = -EINTR;
	return err;
}

/* Dump the conntrack table through cb with the kernel filtering what it
 * can; the user-space filter still checks every entry, so a kernel that
 * ignores part of the filter changes nothing.  A kernel that refuses the
 * tuple filter (older ones: EINVAL, EOPNOTSUPP) gets the dump again with
 * 1.4.7's attributes only.  mark, status: send those (as 1.4.7 does). */
static int dump_filtered(struct conntrack *c, uint8_t msg, bool mark,
			 bool status, mnl_cb_t cb, void *data)
{
	char buf[REQ_BUFSIZE];
	struct ct probe;
	bool tuples;
	int err;

	memset(&probe, 0, sizeof(probe));
	tuples = tuple_filter(c, &probe);

	for (;;) {
		struct nlmsghdr *nlh;

		memset(buf, 0, sizeof(buf));
		nlh = ct_request(buf, msg, NLM_F_DUMP, c->family);
		if (add_dump_filter(c, nlh, sizeof(buf), mark, status, tuples) < 0)
			other_error("OOM");
		err = talk_dump(c, nlh, cb, data);
		if (!tuples || (err != -EINVAL && err != -EOPNOTSUPP))
			break;
		tuples = false;
	}
	return err;
}

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct conntrack *c = data;
	struct ct ct;

	if (ct_parse(nlh, &ct) < 0)
		return MNL_CB_OK;
	if (!ct_filter_match(&c->filt, &ct))
		return MNL_CB_OK;
	print_ct(c, &ct, CT_MSG_DUMP, true);
	c->counter++;
	return MNL_CB_OK;
}

static void do_list(struct conntrack *c)
{
	char buf[REQ_BUFSIZE] = { 0 };
	uint8_t msg = IPCTNL_MSG_CT_GET;
	struct nlmsghdr *nlh;
	int err;

	if (c->table == T_DYING)
		msg = IPCTNL_MSG_CT_GET_DYING;
	else if (c->table == T_UNCONFIRMED)
		msg = IPCTNL_MSG_CT_GET_UNCONFIRMED;
	else if (c->options & OPT(O_ZERO))
		msg = IPCTNL_MSG_CT_GET_CTRZERO;
	setup_filter(c);
	if (c->table == T_CONNTRACK) {
		err = dump_filtered(c, msg, true, true, list_cb, c);
	} else {
		nlh = ct_request(buf, msg, NLM_F_DUMP, c->family);
		err = talk_dump(c, nlh, list_cb, c);
	}
	if (err < 0)
		op_failed(c, err);
	if (c->xml_header)
		fputs(ct_xml_footer, stdout);
	summary_count(c, "flow entries have been shown.");
}

/* The library always sends all three ICMP fields (id 0 if not given). */
static void icmp_all_fields(struct conntrack *c)
{
	struct ct_tuple *t = &c->tmpl.orig;

	if ((c->l4 == IPPROTO_ICMP || c->l4 == IPPROTO_ICMPV6) &&
	    (t->has & TP_ICMP_TYPE))
		t->has |= TP_ICMP_TYPE | TP_ICMP_CODE | TP_ICMP_ID;
}

/* -G: the original tuple finds the entry (the reply one if only that
 * was given). */
static void do_get(struct conntrack *c)
{
	char buf[REQ_BUFSIZE] = { 0 };
	struct nlmsghdr *nlh;
	struct ct key;
	int err;

	memset(&key, 0, sizeof(key));
	icmp_all_fields(c);
	if (c->options & OPT(O_SRC)) {
		key.orig = c->tmpl.orig;
		ct_set(&key, CT_ORIG);
	} else {
		key.reply = c->tmpl.reply;
		ct_set(&key, CT_REPLY);
	}
	nlh = ct_request(buf, IPCTNL_MSG_CT_GET, NLM_F_ACK, c->family);
	if (ct_build(nlh, sizeof(buf), &key) < 0)
		other_error("OOM");
	err = talk_dump(c, nlh, list_cb, c);
	if (err < 0)
		op_failed(c, err);
	summary_count(c, "flow entries have been shown.");
}

/* Fill in the direction the user left out, as the library does.  Tuple
 * zones belong to their direction and are not mirrored. */
static void setup_create(struct conntrack *c)
{
	struct ct *t = &c->tmpl;
	struct ct_tuple o, r;

	icmp_all_fields(c);
	o = t->orig;
	r = t->reply;

	if ((c->options & OPT(O_SRC)) && !(c->options & OPT(O_REPL_SRC)))
		ct_tuple_invert(&o, &t->reply);
	else if ((c->options & OPT(O_REPL_SRC)) && !(c->options & OPT(O_SRC)))
		ct_tuple_invert(&r, &t->orig);
	t->orig.has = (t->orig.has & ~TP_ZONE) | (o.has & TP_ZONE);
	t->orig.zone = o.zone;
	t->reply.has = (t->reply.has & ~TP_ZONE) | (r.has & TP_ZONE);
	t->reply.zone = r.zone;
	if ((t->reply.has & (TP_SRC | TP_DST)) && !(t->reply.has & TP_PROTO)) {
		t->reply.l4 = t->orig.l4;
		t->reply.has |= TP_PROTO;
	}
	/* Both directions given: the reply's ICMP fields still follow the
	 * original's (echo request -> reply). */
	if ((t->orig.has & TP_ICMP_TYPE) && (t->reply.has & (TP_SRC | TP_DST)) &&
	    !(t->reply.has & TP_ICMP_TYPE)) {
		struct ct_tuple inv;

		ct_tuple_invert(&t->orig, &inv);
		t->reply.icmp_type = inv.icmp_type;
		t->reply.icmp_code = inv.icmp_code;
		t->reply.icmp_id = inv.icmp_id;
		t->reply.has |= inv.has & (TP_ICMP_TYPE | TP_ICMP_CODE | TP_ICMP_ID);
	}
	if (t->orig.has)
		ct_set(t, CT_ORIG);
	if (t->reply.has)
		ct_set(t, CT_REPLY);
}

/* Hand-made TCP entries must survive window tracking: 1.4.7 always asks
 * for liberal tracking (and CLOSE_INIT once the state is closing). */
static void setup_tcp_flags(struct conntrack *c)
{
	struct ct *t = &c->tmpl;
	uint8_t f = IP_CT_TCP_FLAG_BE_LIBERAL | IP_CT_TCP_FLAG_SACK_PERM;

	if (c->l4 != IPPROTO_TCP || !ct_has(t, CT_TCP_STATE))
		return;
	if (t->tcp.state >= TCP_CONNTRACK_TIME_WAIT)
		f |= IP_CT_TCP_FLAG_CLOSE_INIT;
	t->tcp.flags[0] = t->tcp.flags[1] = f;
	t->tcp.mask[0] = t->tcp.mask[1] = f;
	ct_set(t, CT_TCP_FLAGS_ORIG);
	ct_set(t, CT_TCP_FLAGS_REPLY);
}

static void setup_nat(struct conntrack *c)
{
	const struct ct_nat_match *m[2] = { &c->filt.snat, &c->filt.dnat };
	struct ct_nat *n[2] = { &c->tmpl.nat_src, &c->tmpl.nat_dst };
	enum ct_attr a[2] = { CT_NAT_SRC, CT_NAT_DST };
	int i;

	for (i = 0; i < 2; i++) {
		if (!m[i]->on || !m[i]->has_addr)
			continue;
		n[i]->min = n[i]->max = m[i]->addr;
		n[i]->l3 = m[i]->l3;
		n[i]->port_min = n[i]->port_max = m[i]->has_port ? m[i]->port : 0;
		ct_set(&c->tmpl, a[i]);
	}
}

static void set_labels(struct ct *t, const uint8_t *bits, const uint8_t *mask)
{
	memcpy(t->labels, bits, CT_LABEL_BYTES);
	t->labels_len = CT_LABEL_BYTES;
	ct_set(t, CT_LABELS);
	if (mask) {
		memcpy(t->labels_mask, mask, CT_LABEL_BYTES);
		ct_set(t, CT_LABELS_MASK);
	}
}

/* The CT_NEW request of -I/-A into buf. */
static struct nlmsghdr *build_create(struct conntrack *c, void *buf, size_t size)
{
	struct nlmsghdr *nlh;

	setup_create(c);
	setup_tcp_flags(c);
	setup_nat(c);
	if (c->options & OPT(O_ADD_LABEL))
		set_labels(&c->tmpl, c->label_add, NULL);
	ct_clear(&c->tmpl, CT_MARK_MASK);
	nlh = ct_request(buf, IPCTNL_MSG_CT_NEW,
			 NLM_F_CREATE | NLM_F_ACK | NLM_F_EXCL, c->family);
	if (ct_build(nlh, size, &c->tmpl) < 0)
		other_error("OOM");
	return nlh;
}

static void do_create(struct conntrack *c)
{
	char buf[REQ_BUFSIZE] = { 0 };
	int err;

	err = nl_talk(c->nl, build_create(c, buf, sizeof(buf)), NULL, NULL);
	if (err == -EEXIST && c->cmd == C_ADD)
		err = 1;	/* -A: already there is fine, not counted */
	else if (err < 0)
		op_failed(c, err);
	else
		c->counter++;
	summary_count(c, c->cmd == C_ADD ? "flow entries have been added." :
		      "flow entries have been created.");
}

/* --- -D and -U: dump, filter, then batched requests ----------------- */

struct batch_ctx {
	struct conntrack *c;
	struct nl nl2;			/* second socket: the dump runs on the first */
	struct nl_batch b;
	size_t nsent;			/* requests sent */
	int fatal;			/* first error that ends the command */
	unsigned int vanished;		/* ENOENT: gone meanwhile */
	unsigned int skip_get;		/* -U: the GET after a failed update */
};

static void batch_error(unsigned int idx, int err, void *data)
{
	struct batch_ctx *x = data;

	/* -U sends pairs, update (even index) then GET: a failed update's
	 * entry is not read back */
	if (x->c->cmd == C_UPDATE && idx % 2 == 0)
		x->skip_get = idx + 1;
	if (err == -ENOENT) {
		x->vanished++;
		return;
	}
	/* An entry without room for labels cannot take them: 1.4.9 skips
	 * it quietly, 1.4.7 complains (COMPAT.md). */
	if (err == -ENOSPC && x->c->cmd == C_UPDATE)
		return;
	if (x->c->cmd == C_UPDATE) {
		/* 1.4.7 reports a failed update and goes on. */
		fflush(stdout);
		fprintf(stderr, "Operation failed: %s\n", err2str(-err, C_UPDATE));
		return;
	}
	if (!x->fatal)
		x->fatal = err;
}

static void batch_open(struct batch_ctx *x, struct conntrack *c)
{
	int err;

	memset(x, 0, sizeof(*x));
	x->c = c;
	err = nl_open(&x->nl2, NETLINK_NETFILTER, 0);
	if (err < 0)
		other_error("Can't open handler");
	nl_batch_init(&x->b, &x->nl2, 256 * 1024, batch_error, x);
}

static void batch_push(struct batch_ctx *x)
{
	int err = nl_batch_push(&x->b, NL_BATCH_MSGS);

	if (err < 0 && !x->fatal)
		x->fatal = err;
}

static void batch_close(struct batch_ctx *x)
{
	int err = nl_batch_flush(&x->b);

	if (err < 0 && !x->fatal)
		x->fatal = err;
	nl_batch_free(&x->b);
}

static void batch_free(struct batch_ctx *x)
{
	nl_close(&x->nl2);
}

/* -D and -U: dump the table through cb, which queues one request per
 * entry that passes the filter; mark: the dump request carries -m.  A
 * failure of the dump or of the batch ends the command once all the
 * answers are in. */
static void batch_dump(struct conntrack *c, struct batch_ctx *x, bool mark,
		       mnl_cb_t cb,
		       void (*on_data)(unsigned int, const struct nlmsghdr *, void *))
{
	int err;

	batch_open(x, c);
	x->b.on_data = on_data;
	setup_filter(c);
	err = dump_filtered(c, IPCTNL_MSG_CT_GET, mark, false, cb, x);
	batch_close(x);
	if (err < 0)
		op_failed(c, err);
	if (x->fatal)
		op_failed(c, x->fatal);
}

static int delete_cb(const struct nlmsghdr *nlh, void *data)
{
	struct batch_ctx *x = data;
	struct conntrack *c = x->c;
	struct nlmsghdr *req;
	struct ct ct;

	if (ct_parse(nlh, &ct) < 0 || !ct_filter_match(&c->filt, &ct))
		return MNL_CB_OK;
	req = ct_request(nl_batch_tail(&x->b), IPCTNL_MSG_CT_DELETE,
			 NLM_F_ACK, ct.orig.l3);
	if (ct_build_key(req, 8192, &ct) < 0)
		return MNL_CB_OK;
	print_ct(c, &ct, CT_MSG_DELETE, false);
	x->nsent++;
	batch_push(x);
	return MNL_CB_OK;
}

static void do_delete(struct conntrack *c)
{
	struct batch_ctx x;

	batch_dump(c, &x, true, delete_cb, NULL);
	c->counter = x.nsent - x.vanished;
	batch_free(&x);
	summary_count(c, "flow entries have been deleted.");
}

static bool update_u32(struct ct *u, enum ct_attr a, uint32_t *field,
		       uint32_t v, const struct ct *old, uint32_t oldv)
{
	*field = v;
	ct_set(u, a);
	return !ct_has(old, a) || oldv != v;
}

static bool update_labels(struct conntrack *c, struct ct *u, const struct ct *old)
{
	uint8_t lab[CT_LABEL_BYTES], ones[CT_LABEL_BYTES];
	unsigned int i;

	memset(lab, 0, sizeof(lab));
	if (ct_has(old, CT_LABELS))
		memcpy(lab, old->labels, old->labels_len < CT_LABEL_BYTES ?
		       old->labels_len : CT_LABEL_BYTES);
	for (i = 0; i < CT_LABEL_BYTES; i++) {
		if (c->options & OPT(O_ADD_LABEL))
			lab[i] |= c->label_add[i];
		else if (c->label_del_all)
			lab[i] = 0;
		else
			lab[i] &= ~c->label_del[i];
	}
	memset(ones, 0xff, sizeof(ones));
	set_labels(u, lab, ones);
	/* the kernel leaves out an all-zero label set */
	for (i = 0; i < CT_LABEL_BYTES; i++)
		if (lab[i] != (ct_has(old, CT_LABELS) && i < old->labels_len ?
			       old->labels[i] : 0))
			return true;
	return false;
}

/* The update for one entry: its key plus what the user changes; false
 * when nothing would change (1.4.7 then sends nothing, counts nothing). */
static bool build_update(struct conntrack *c, const struct ct *old, struct ct *u)
{
	const struct ct *t = &c->tmpl;
	bool changed = false;

	memset(u, 0, sizeof(*u));
	u->orig = old->orig;
	ct_set(u, CT_ORIG);
	if (ct_has(old, CT_ZONE)) {
		u->zone = old->zone;
		ct_set(u, CT_ZONE);
	}
	if (c->options & OPT(O_MARK))
		changed |= update_u32(u, CT_MARK, &u->mark,
				      (old->mark & ~t->mark_mask) ^ t->mark, old, old->mark);
	if (c->options & OPT(O_STATUS))
		changed |= update_u32(u, CT_STATUS, &u->status,
				      old->status | c->status, old, old->status);
	if (c->options & OPT(O_TIMEOUT))
		changed |= update_u32(u, CT_TIMEOUT, &u->timeout, t->timeout,
				      old, old->timeout);
	if (ct_has(t, CT_TCP_STATE)) {
		u->tcp = t->tcp;
		u->has |= t->has & (CT_BIT(CT_TCP_STATE) | CT_BIT(CT_TCP_FLAGS_ORIG) |
				    CT_BIT(CT_TCP_FLAGS_REPLY));
		changed |= !ct_has(old, CT_TCP_STATE) || old->tcp.state != t->tcp.state;
	}
	if (ct_has(t, CT_SCTP_STATE) || ct_has(t, CT_SCTP_VTAG_ORIG) ||
	    ct_has(t, CT_SCTP_VTAG_REPLY)) {
		u->sctp = t->sctp;
		u->has |= t->has & (CT_BIT(CT_SCTP_STATE) | CT_BIT(CT_SCTP_VTAG_ORIG) |
				    CT_BIT(CT_SCTP_VTAG_REPLY));
		changed = true;
	}
	if (ct_has(t, CT_DCCP_STATE)) {
		u->dccp = t->dccp;
		u->has |= t->has & CT_BIT(CT_DCCP_STATE);
		changed |= !ct_has(old, CT_DCCP_STATE) || old->dccp.state != t->dccp.state;
	}
	if (c->options & (OPT(O_ADD_LABEL) | OPT(O_DEL_LABEL)))
		changed |= update_labels(c, u, old);
	return changed;
}

/* The GET that reads an entry back after its update, as a second request
 * in the same batch: the kernel answers both in order. */
static void push_reread(struct batch_ctx *x, const struct ct *ct)
{
	struct nlmsghdr *req;
	struct ct key;

	memset(&key, 0, sizeof(key));
	key.orig = ct->orig;
	ct_set(&key, CT_ORIG);
	if (ct_has(ct, CT_ZONE)) {
		key.zone = ct->zone;
		ct_set(&key, CT_ZONE);
	}
	req = ct_request(nl_batch_tail(&x->b), IPCTNL_MSG_CT_GET, NLM_F_ACK,
			 ct->orig.l3);
	if (ct_build_key(req, 8192, &key) < 0)
		other_error("OOM");	/* a key always fits 8 KiB */
	x->nsent++;
	batch_push(x);
}

static int update_cb(const struct nlmsghdr *nlh, void *data)
{
	struct batch_ctx *x = data;
	struct conntrack *c = x->c;
	struct nlmsghdr *req;
	struct ct ct, u;

	if (ct_parse(nlh, &ct) < 0 || !ct_filter_match(&c->filt, &ct))
		return MNL_CB_OK;
	if (!build_update(c, &ct, &u))
		return MNL_CB_OK;
	/* 1.4.7 sends the command's family here, so an -U without address
	 * fails with EOPNOTSUPP; the entry's own family is right. */
	req = ct_request(nl_batch_tail(&x->b), IPCTNL_MSG_CT_NEW, NLM_F_ACK,
			 ct.orig.l3);
	if (ct_build(req, 8192, &u) < 0)
		return MNL_CB_OK;
	x->nsent++;
	batch_push(x);
	push_reread(x, &ct);
	return MNL_CB_OK;
}

/* An updated entry, read back: printed as 1.4.7 prints it, and counted
 * (one that vanished meanwhile answers ENOENT and is neither). */
static void reread_data(unsigned int idx, const struct nlmsghdr *nlh, void *data)
{
	struct batch_ctx *x = data;
	struct ct ct;

	if (idx == x->skip_get || ct_parse(nlh, &ct) < 0)
		return;
	print_ct(x->c, &ct, CT_MSG_DUMP, false);
	x->c->counter++;
}

static void do_update(struct conntrack *c)
{
	struct batch_ctx x;

	/* -m and -u are what to set, not filters */
	batch_dump(c, &x, false, update_cb, reread_data);
	batch_free(&x);
	summary_count(c, "flow entries have been updated.");
}

static void do_flush(struct conntrack *c, bool expect)
{
	char buf[REQ_BUFSIZE] = { 0 };
	struct nlmsghdr *nlh;
	int err;

	nlh = nfnl_msg(buf, expect ? NFNL_SUBSYS_CTNETLINK_EXP : NFNL_SUBSYS_CTNETLINK,
		       expect ? IPCTNL_MSG_EXP_DELETE : IPCTNL_MSG_CT_DELETE,
		       NLM_F_ACK, c->family);
	err = nl_talk(c->nl, nlh, NULL, NULL);
	summary(expect ? "expectation table has been emptied." :
		"connection tracking table has been emptied.");
	if (err < 0)
		op_failed(c, err);
}

/* --- -E -------------------------------------------------------------- */

static volatile sig_atomic_t event_stop;

static void event_signal(int sig)
{
	(void)sig;
	event_stop = 1;
}

/* Is nlh an event of subsystem subsys (NEW or DELETE, the same numbers
 * for conntrack and expectations)? */
static bool is_event(const struct nlmsghdr *nlh, uint8_t subsys)
{
	uint8_t msg = nlh->nlmsg_type & 0xff;

	return (nlh->nlmsg_type >> 8) == subsys &&
	       (msg == IPCTNL_MSG_CT_NEW || msg == IPCTNL_MSG_CT_DELETE);
}

/* -o timestamp: "[SEC.USEC]\t" before each event (XML has <when>). */
static void print_stamp(const struct conntrack *c,
			int (*fmt)(char *, size_t, const struct timeval *))
{
	char stamp[64];
	struct timeval tv;

	if (!(c->output & OUT_TIMESTAMP) || (c->output & (OUT_XML | OUT_JSON)))
		return;
	gettimeofday(&tv, NULL);
	fmt(stamp, sizeof(stamp), &tv);
	fputs(stamp, stdout);
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct conntrack *c = data;
	struct ct ct;

	if (!is_event(nlh, NFNL_SUBSYS_CTNETLINK) || ct_parse(nlh, &ct) < 0 ||
	    !ct_filter_match(&c->filt, &ct))
		return MNL_CB_OK;
	print_stamp(c, ct_timestamp_prefix);
	c->event_pid = nlh->nlmsg_pid;
	print_ct(c, &ct, ct_event_msg(nlh), true);
	c->counter++;
	return MNL_CB_OK;
}

static int exp_event_cb(const struct nlmsghdr *nlh, void *data);

/* -E and -E expect.  Event groups: conntrack NEW/UPDATE/DESTROY are 1-3,
 * expectation ones 4-6 (bits of the bind mask). */
static void do_event(struct conntrack *c)
{
	bool expect = c->cmd == X_EVENT;
	unsigned int groups = c->event_mask ? c->event_mask : 7;
	struct sigaction sa;
	struct nl ev;
	int err;

	err = nl_open(&ev, NETLINK_NETFILTER, expect ? groups << 3 : groups);
	if (err < 0)
		other_error("Can't open netlink socket");
	if (c->options & OPT(O_BUFFERSIZE)) {
		/* 1.4.7 sets it on its command socket by mistake. */
		int n = nl_set_rcvbuf(&ev, c->bufsize);

		if (n >= 0)
			fprintf(stderr, "NOTICE: Netlink socket buffer size has been set to %d bytes.\n", n);
	} else {
		nl_set_rcvbuf(&ev, NL_EVENT_RCVBUF);	/* silent: no -b */
	}
	setup_filter(c);
	c->filt.family = c->family;
	if (!expect)	/* also in the kernel, where it can be */
		ct_evfilter_attach(&c->filt, mnl_socket_get_fd(ev.sk));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = event_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!event_stop) {
		err = nl_recv_events(&ev, expect ? exp_event_cb : event_cb, c);
		/* once per datagram, not per event: the events of one
		 * datagram arrived together anyway */
		fflush(stdout);
		if (err == -ENOBUFS) {
			fflush(stdout);
			fputs("WARNING: We have hit ENOBUFS! We are losing events.\n"
			      "This message means that the current netlink socket buffer size is too small.\n"
			      "Please, check --buffer-size in conntrack(8) manpage.\n", stderr);
			continue;
		}
		if (err == -EINTR)
			continue;
		if (err < 0)
			other_error("failed to received netlink event: %s", strerror(-err));
	}
	if (c->xml_header)
		fputs(expect ? exp_xml_footer : ct_xml_footer, stdout);
	nl_close(&ev);
	summary_count(c, expect ? "expectation events have been shown." :
		      "flow events have been shown.");
}

/* --- -C and -S -------------------------------------------------------- */

static int attr_u32_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type < 32 && mnl_attr_validate(a, MNL_TYPE_U32) == 0)
		tb[type] = a;
	return MNL_CB_OK;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[32] = { NULL };

	mnl_attr_parse(nlh, sizeof(struct nfgenmsg), attr_u32_cb, tb);
	if (tb[CTA_STATS_GLOBAL_ENTRIES])
		*(long *)data = ntohl(mnl_attr_get_u32(tb[CTA_STATS_GLOBAL_ENTRIES]));
	return MNL_CB_OK;
}

static int exp_count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(long *)data;
	return MNL_CB_OK;
}

static long read_proc_count(void)
{
	FILE *f = fopen("/proc/sys/net/netfilter/nf_conntrack_count", "r");
	long n = 0;

	if (!f)
		other_error("Can't open /proc/sys/net/netfilter/nf_conntrack_count");
	if (fscanf(f, "%ld", &n) != 1)
		other_error("Can't read /proc/sys/net/netfilter/nf_conntrack_count");
	fclose(f);
	return n;
}

static void do_count(struct conntrack *c, bool expect)
{
	char buf[REQ_BUFSIZE] = { 0 };
	struct nlmsghdr *nlh;
	long n = -1;
	int err;

	if (expect) {
		nlh = nfnl_msg(buf, NFNL_SUBSYS_CTNETLINK_EXP, IPCTNL_MSG_EXP_GET,
			       NLM_F_DUMP, c->family);
		n = 0;
		err = nl_talk(c->nl, nlh, exp_count_cb, &n);
		if (err < 0)
			op_failed(c, err);
	} else {
		nlh = nfnl_msg(buf, NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET_STATS,
			       0, c->family);
		err = nl_talk(c->nl, nlh, count_cb, &n);
		if (err < 0 || n < 0)
			n = read_proc_count();
	}
	printf("%ld\n", n);
}

static const char *const stat_names[] = {
	NULL, "searched", "found", "new", "invalid", "ignore", "delete",
	"delete_list", "insert", "insert_failed", "drop", "early_drop",
	"error", "search_restart", "clash_resolve", "chaintoolong",
};
static const char *const exp_stat_names[] = {
	NULL, "expect_new", "expect_create", "expect_delete",
};

struct stats_ctx {
	const char *const *names;
	unsigned int nnames;
	bool json;
};

/* One -S line is "cpu=N\tname=value name=value \n" as 1.4.7 prints it;
 * with -o json it is {"cpu":N,"name":value,...}, the same names. */
static void stat_cpu(bool json, unsigned int cpu)
{
	if (json)
		printf("{\"cpu\":%u", cpu);
	else
		printf("cpu=%-4u\t", cpu);
}

static void stat_value(bool json, const char *name, unsigned int unknown,
		       unsigned long v)
{
	if (name)
		printf(json ? ",\"%s\":%lu" : "%s=%lu ", name, v);
	else
		printf(json ? ",\"unknown%u\":%lu" : "unknown%u=%lu ", unknown, v);
}

static void stat_end(bool json)
{
	fputs(json ? "}\n" : "\n", stdout);
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct stats_ctx *s = data;
	const struct nfgenmsg *nfg = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[32] = { NULL };
	unsigned int i;

	mnl_attr_parse(nlh, sizeof(*nfg), attr_u32_cb, tb);
	stat_cpu(s->json, ntohs(nfg->res_id));
	for (i = 1; i < 32; i++) {
		if (tb[i])
			stat_value(s->json, i < s->nnames ? s->names[i] : NULL,
				   i - s->nnames + 1, ntohl(mnl_attr_get_u32(tb[i])));
	}
	stat_end(s->json);
	return MNL_CB_OK;
}

/* Kernels without the netlink stats: the /proc table, values in hex. */
static void stats_proc(bool json)
{
	char line[1024], *names[32], *tok, *save = NULL;
	FILE *f = fopen("/proc/net/stat/nf_conntrack", "r");
	unsigned int n = 0, cpu = 0, i;

	if (!f)
		other_error("Can't open /proc interface");
	if (!fgets(line, sizeof(line), f))
		other_error("Can't read /proc interface");
	for (tok = strtok_r(line, " \n", &save); tok && n < 32; tok = strtok_r(NULL, " \n", &save))
		names[n++] = xstrdup(tok);
	while (fgets(line, sizeof(line), f)) {
		save = NULL;
		stat_cpu(json, cpu++);
		for (i = 0, tok = strtok_r(line, " \n", &save); tok && i < n;
		     i++, tok = strtok_r(NULL, " \n", &save))
			stat_value(json, names[i], 0, strtoul(tok, NULL, 16));
		stat_end(json);
	}
	fclose(f);
}

static void do_stats(struct conntrack *c, bool expect)
{
	char buf[REQ_BUFSIZE] = { 0 };
	struct stats_ctx s;
	struct nlmsghdr *nlh;
	int err;

	s.json = c->output & OUT_JSON;
	if (expect) {
		s.names = exp_stat_names;
		s.nnames = ARRAY_SIZE(exp_stat_names);
		nlh = nfnl_msg(buf, NFNL_SUBSYS_CTNETLINK_EXP,
			       IPCTNL_MSG_EXP_GET_STATS_CPU, NLM_F_DUMP, c->family);
	} else {
		s.names = stat_names;
		s.nnames = ARRAY_SIZE(stat_names);
		nlh = nfnl_msg(buf, NFNL_SUBSYS_CTNETLINK,
			       IPCTNL_MSG_CT_GET_STATS_CPU, NLM_F_DUMP, c->family);
	}
	err = nl_talk(c->nl, nlh, stats_cb, &s);
	if (err < 0 && !expect)
		stats_proc(s.json);
	else if (err < 0)
		op_failed(c, err);
}

/* --- usage and main ------------------------------------------------- */

static void usage(const char *prog)
{
	printf("Command line interface for the connection tracking system. Version %s\n", CTBOX_VERSION);
	printf("Usage: %s [commands] [options]\n", prog);
	fputs("\n"
	"Commands:\n"
	"  -L [table] [options]\t\tList conntrack or expectation table\n"
	"  -G [table] parameters\t\tGet conntrack or expectation\n"
	"  -D [table] parameters\t\tDelete conntrack or expectation\n"
	"  -I [table] parameters\t\tCreate a conntrack or expectation\n"
	"  -U [table] parameters\t\tUpdate a conntrack\n"
	"  -E [table] [options]\t\tShow events\n"
	"  -F [table]\t\t\tFlush table\n"
	"  -C [table]\t\t\tShow counter\n"
	"  -S\t\t\t\tShow statistics\n"
	"\n"
	"Tables: conntrack, expect, dying, unconfirmed\n"
	"\n"
	"Conntrack parameters and options:\n"
	"  -n, --src-nat ip\t\t\tsource NAT ip\n"
	"  -g, --dst-nat ip\t\t\tdestination NAT ip\n"
	"  -j, --any-nat ip\t\t\tsource or destination NAT ip\n"
	"  -m, --mark mark\t\t\tSet mark\n"
	"  -c, --secmark secmark\t\t\tSet selinux secmark\n"
	"  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY\n"
	"  -z, --zero \t\t\t\tZero counters while listing\n"
	"  -o, --output type[,...]\t\tOutput format, eg. xml\n"
	"  -l, --label label[,...]\t\tconntrack labels\n"
	"\n"
	"Expectation parameters and options:\n"
	"  --tuple-src ip\tSource address in expect tuple\n"
	"  --tuple-dst ip\tDestination address in expect tuple\n"
	"\n"
	"Updating parameters and options:\n"
	"  --label-add label\tAdd label\n"
	"  --label-del label\tDelete label\n"
	"\n"
	"Common parameters and options:\n"
	"  -s, --src, --orig-src ip\t\tSource address from original direction\n"
	"  -d, --dst, --orig-dst ip\t\tDestination address from original direction\n"
	"  -r, --reply-src ip\t\tSource addres from reply direction\n"
	"  -q, --reply-dst ip\t\tDestination address from reply direction\n"
	"  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'\n"
	"  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'\n"
	"  -t, --timeout timeout\t\tSet timeout\n"
	"  -u, --status status\t\tSet status, eg. ASSURED\n"
	"  -w, --zone value\t\tSet conntrack zone\n"
	"  --orig-zone value\t\tSet zone for original direction\n"
	"  --reply-zone value\t\tSet zone for reply direction\n"
	"  -b, --buffer-size\t\tNetlink socket buffer size\n"
	"  --mask-src ip\t\t\tSource mask address\n"
	"  --mask-dst ip\t\t\tDestination mask address\n"
	"\n", stdout);
}

static void help(struct conntrack *c)
{
	usage(c->prog);
	if (c->proto) {
		const char *name = c->proto->name;

		if (c->proto == &proto_unknown) {
			struct protoent *pe = getprotobynumber(c->l4);

			name = pe ? pe->p_name : "unknown";
		}
		printf("Proto `%s' help:\n%s", name, c->proto->help);
	}
}

/* --- expectations ----------------------------------------------------- */

static void print_exp(struct conntrack *c, const struct ct_exp *e, enum ct_msg msg,
		      bool with_header)
{
	char buf[2048];
	/* no save format for expectations: 1.4.7 prints the default line */
	enum ct_fmt fmt = out_fmt(c) == CT_FMT_SAVE ? CT_FMT_DEFAULT : out_fmt(c);
	unsigned int opts = c->cmd == X_EVENT && (c->output & OUT_TIMESTAMP) ?
			    CT_OPT_TIMESTAMP : 0;

	exp_snprint(buf, sizeof(buf), e, msg, fmt, opts);
	if (fmt == CT_FMT_XML && with_header && !c->xml_header) {
		fputs(exp_xml_header, stdout);
		c->xml_header = true;
	}
	/* 1.4.7 says nothing about the origin of expectation events */
	puts(buf);
}

static int exp_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct conntrack *c = data;
	struct ct_exp e;

	if (exp_parse(nlh, &e) < 0)
		return MNL_CB_OK;
	print_exp(c, &e, CT_MSG_DUMP, true);
	c->counter++;
	return MNL_CB_OK;
}

static struct nlmsghdr *exp_request(void *buf, uint8_t msg, uint16_t flags,
				    uint8_t family)
{
	return nfnl_msg(buf, NFNL_SUBSYS_CTNETLINK_EXP, msg, flags, family);
}

static void do_exp_list(struct conntrack *c)
{
	char buf[REQ_BUFSIZE] = { 0 };
	int err;

	err = nl_talk(c->nl, exp_request(buf, IPCTNL_MSG_EXP_GET, NLM_F_DUMP, c->family),
		      exp_list_cb, c);
	if (err < 0)
		op_failed(c, err);
	if (c->xml_header)
		fputs(exp_xml_footer, stdout);
	summary_count(c, "expectations have been shown.");
}

/* The tuple given by -s -d -p and the port options names the expectation
 * (its expected tuple) to -G and -D; for -I it is the master. */
static struct ct_tuple exp_given_tuple(const struct conntrack *c)
{
	struct ct_tuple t = c->tmpl.orig;

	t.l4 = c->l4;
	t.has |= TP_PROTO;
	return t;
}

/* Send one expectation request; a failure ends the command. */
static void exp_talk(struct conntrack *c, uint8_t msg, uint16_t flags,
		     const struct ct_exp *e, mnl_cb_t cb)
{
	char buf[REQ_BUFSIZE] = { 0 };
	struct nlmsghdr *nlh = exp_request(buf, msg, NLM_F_ACK | flags, c->family);
	int err;

	if (exp_build(nlh, sizeof(buf), e) < 0)
		other_error("OOM");
	err = nl_talk(c->nl, nlh, cb, c);
	if (err < 0)
		op_failed(c, err);
}

static void do_exp_get(struct conntrack *c)
{
	struct ct_exp e;

	memset(&e, 0, sizeof(e));
	e.master = exp_given_tuple(c);	/* 1.4.7 sends it as the master */
	exp_set(&e, EXP_MASTER);
	exp_talk(c, IPCTNL_MSG_EXP_GET, 0, &e, exp_list_cb);
}

static void do_exp_delete(struct conntrack *c)
{
	struct ct_exp e;

	memset(&e, 0, sizeof(e));
	e.tuple = exp_given_tuple(c);
	exp_set(&e, EXP_TUPLE);
	exp_talk(c, IPCTNL_MSG_EXP_DELETE, 0, &e, NULL);
	/* 1.4.7 never counts and says "0 expectations have been shown." */
	c->counter++;
	summary_count(c, "expectations have been deleted.");
}

static void do_exp_create(struct conntrack *c)
{
	struct ct_exp e;

	memset(&e, 0, sizeof(e));
	e.master = exp_given_tuple(c);
	exp_set(&e, EXP_MASTER);
	/* 1.4.7 stores a port byte as the protocol here; the protocol is
	 * the master's (as 1.4.9 does for tcp). */
	e.tuple = c->exp;
	e.tuple.l4 = c->l4;
	e.tuple.has |= TP_PROTO;
	exp_set(&e, EXP_TUPLE);
	e.mask = c->exp_mask;
	e.mask.l4 = c->l4;
	e.mask.has |= TP_PROTO;
	exp_set(&e, EXP_MASK);
	if (c->options & OPT(O_TIMEOUT)) {
		e.timeout = c->tmpl.timeout;
		exp_set(&e, EXP_TIMEOUT);
	}
	exp_talk(c, IPCTNL_MSG_EXP_NEW, NLM_F_CREATE | NLM_F_EXCL, &e, NULL);
}

static int exp_event_cb(const struct nlmsghdr *nlh, void *data)
{
	struct conntrack *c = data;
	struct ct_exp e;

	if (!is_event(nlh, NFNL_SUBSYS_CTNETLINK_EXP) || exp_parse(nlh, &e) < 0)
		return MNL_CB_OK;
	print_stamp(c, exp_timestamp_prefix);
	print_exp(c, &e, ct_event_msg(nlh), true);
	c->counter++;
	return MNL_CB_OK;
}

static void run(struct conntrack *c)
{
	switch (c->cmd) {
	case C_LIST:	do_list(c); break;
	case C_GET:	do_get(c); break;
	case C_CREATE:
	case C_ADD:	do_create(c); break;
	case C_DELETE:	do_delete(c); break;
	case C_UPDATE:	do_update(c); break;
	case C_FLUSH:	do_flush(c, false); break;
	case X_FLUSH:	do_flush(c, true); break;
	case C_COUNT:	do_count(c, false); break;
	case X_COUNT:	do_count(c, true); break;
	case C_STATS:	do_stats(c, false); break;
	case X_STATS:	do_stats(c, true); break;
	case X_LIST:	do_exp_list(c); break;
	case X_GET:	do_exp_get(c); break;
	case X_DELETE:	do_exp_delete(c); break;
	case X_CREATE:	do_exp_create(c); break;
	case X_EVENT:	do_event(c); break;
	case NCMDS:	break;
	case C_EVENT:	do_event(c); break;
	case C_VERSION:	puts(VERSION_LINE); break;
	case C_HELP:	help(c); break;
	case C_NONE:	usage(c->prog); break;
	}
}

/* Commands that default to IPv4 when no address or -f says otherwise. */
static void default_family(struct conntrack *c)
{
	switch (c->cmd) {
	case C_LIST: case C_UPDATE: case C_DELETE: case C_GET:
	case C_FLUSH: case C_EVENT:
		break;
	default:
		if (!c->family)
			c->family = AF_INET;
	}
}

/* --- -R / --load-file ------------------------------------------------- */

#define LOAD_MAX_WORDS	253	/* per line, as 1.4.7 allows */
#define LOAD_MAX_WORD	1023

static inline bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* Split a line into words: blanks separate, "..." groups, and inside
 * quotes a backslash takes the next character as it is.  words[0] is the
 * program name, as if the line were a command line. */
static int split_line(const char *line, char *store, char **words)
{
	int n = 0;

	words[n++] = "conntrack";
	while (*line) {
		bool quoted = false;
		size_t len = 0;

		while (is_blank(*line))
			line++;
		if (!*line)
			break;
		if (n > LOAD_MAX_WORDS)
			param_error("too many arguments");
		words[n++] = store;
		for (; *line && (quoted || !is_blank(*line)); line++) {
			if (*line == '"') {
				quoted = !quoted;
				continue;
			}
			if (quoted && *line == '\\' && line[1])
				line++;
			if (++len > LOAD_MAX_WORD)
				param_error("Parameter too long!");
			*store++ = *line;
		}
		*store++ = '\0';
	}
	words[n] = NULL;
	return n;
}

static const char *cmd_name(enum cmd cmd)
{
	switch (cmd) {
	case C_LIST:	return "-L";
	case C_GET:	return "-G";
	case C_EVENT:	return "-E";
	case C_VERSION:	return "-V";
	case C_HELP:	return "-h";
	case X_LIST:	return "-L expect";
	case X_CREATE:	/* sic, as 1.4.7 */
	case X_COUNT:	return "-C expect";
	case X_DELETE:	return "-D expect";
	case X_GET:	return "-G expect";
	case X_FLUSH:	return "-F expect";
	case X_EVENT:	return "-E expect";
	case C_COUNT:	return "-C";
	case C_STATS:	return "-S";
	case X_STATS:	return "-S expect";
	default:	return "unknown";
	}
}

struct load {
	char **lines;
	size_t n, cap;
	unsigned int *outs;		/* -o in force after each line */
	char *msgs;			/* the -I/-A requests, built once */
	size_t msgs_len, msgs_cap;
	size_t *msg_at;			/* per line: offset in msgs + 1, or 0 */
	struct nl_batch b;		/* -I/-A lines go out together */
	bool *is_add;			/* per request in b */
	size_t nreq, reqcap;
	int err;			/* first refused create */
	enum cmd err_cmd;
};

static void load_read(struct load *ld, const char *name)
{
	const char *path = strcmp(name, "-") ? name : "/dev/stdin";
	char line[10240];
	FILE *f = fopen(path, "r");

	if (!f)
		param_error("Failed to open file %s for reading", path);
	while (fgets(line, sizeof(line), f)) {
		const char *p = line + strspn(line, " \t");

		if (*p == '\0' || *p == '\n' || *p == '#')
			continue;
		if (ld->n == ld->cap) {
			ld->cap = ld->cap ? 2 * ld->cap : 256;
			ld->lines = xrealloc(ld->lines, ld->cap * sizeof(*ld->lines));
		}
		ld->lines[ld->n++] = xstrdup(p);
	}
	if (f != stdin)
		fclose(f);
}

/* Parse line i into c (the words live in store until c is done).  -o
 * is global in 1.4.7: what one line asks for holds for the next ones. */
static void load_parse(struct load *ld, size_t i, struct conntrack *c,
		       struct nl *nl, char *store)
{
	char *words[LOAD_MAX_WORDS + 2];
	int n = split_line(ld->lines[i], store, words);
	unsigned int output = i ? ld->outs[i - 1] : 0;

	memset(c, 0, sizeof(*c));
	c->output = output;
	c->nl = nl;
	c->batch = true;
	c->prog = "conntrack";
	parse_args(c, n, words);
	default_family(c);
	ld->outs[i] = c->output;
}

/* The request of a -I/-A line, built while the file is checked: the
 * line is not parsed a second time when it runs. */
static void load_keep_create(struct load *ld, size_t i, struct conntrack *c)
{
	struct nlmsghdr *nlh;

	if (ld->msgs_cap - ld->msgs_len < REQ_BUFSIZE) {
		ld->msgs_cap = 2 * ld->msgs_cap + 16 * REQ_BUFSIZE;
		ld->msgs = xrealloc(ld->msgs, ld->msgs_cap);
	}
	/* zeroed: attribute padding goes to the kernel as it is */
	memset(ld->msgs + ld->msgs_len, 0, REQ_BUFSIZE);
	nlh = build_create(c, ld->msgs + ld->msgs_len, REQ_BUFSIZE);
	ld->msg_at[i] = ld->msgs_len + 1;
	ld->msgs_len += MNL_ALIGN(nlh->nlmsg_len);
	free(ld->lines[i]);
	ld->lines[i] = NULL;
}

static void load_error(unsigned int idx, int err, void *data)
{
	struct load *ld = data;

	if (idx < ld->nreq && ld->is_add[idx] && err == -EEXIST)
		return;		/* -A: already there is fine */
	if (!ld->err) {
		ld->err = err;
		ld->err_cmd = idx < ld->nreq && ld->is_add[idx] ? C_ADD : C_CREATE;
	}
}

static void load_flush_creates(struct load *ld, struct conntrack *c)
{
	int err = nl_batch_flush(&ld->b);

	if (err < 0)
		op_failed(c, err);
	if (ld->err) {
		c->cmd = ld->err_cmd;
		op_failed(c, ld->err);
	}
}

static void load_create(struct load *ld, struct conntrack *c, enum cmd cmd,
			const struct nlmsghdr *req)
{
	int err;

	c->cmd = cmd;	/* what a failure names */
	memcpy(nl_batch_tail(&ld->b), req, req->nlmsg_len);
	if (ld->nreq == ld->reqcap) {
		ld->reqcap = ld->reqcap ? 2 * ld->reqcap : 256;
		ld->is_add = xrealloc(ld->is_add, ld->reqcap * sizeof(*ld->is_add));
	}
	ld->is_add[ld->nreq++] = cmd == C_ADD;
	err = nl_batch_push(&ld->b, NL_BATCH_MSGS);
	if (err < 0)
		op_failed(c, err);
	if (ld->err)
		load_flush_creates(ld, c);
}

/* 1.4.7 parses every line first, then checks the commands, then runs
 * them in order; the first failure ends it all. */
static int load_file(struct nl *nl, const char *name)
{
	struct load ld;
	struct conntrack *c = xmalloc(sizeof(*c));
	enum cmd *cmds;
	char *store;
	size_t i;

	memset(&ld, 0, sizeof(ld));
	load_read(&ld, name);
	store = xmalloc(10240 + LOAD_MAX_WORDS + 2);
	cmds = xmalloc((ld.n + 1) * sizeof(*cmds));
	ld.outs = xmalloc((ld.n + 1) * sizeof(*ld.outs));
	ld.msg_at = xcalloc(ld.n + 1, sizeof(*ld.msg_at));
	for (i = 0; i < ld.n; i++) {
		load_parse(&ld, i, c, nl, store);
		cmds[i] = c->cmd;
		if (c->cmd == C_CREATE || c->cmd == C_ADD)
			load_keep_create(&ld, i, c);
		free(c->longopts);
	}
	for (i = 0; i < ld.n; i++)
		if (cmds[i] != C_CREATE && cmds[i] != C_ADD && cmds[i] != C_UPDATE &&
		    cmds[i] != C_DELETE && cmds[i] != C_FLUSH)
			param_error("Cannot use command `%s' with --load-file", cmd_name(cmds[i]));
	quiet = true;
	nl_batch_init(&ld.b, nl, 256 * 1024, load_error, &ld);
	for (i = 0; i < ld.n; i++) {
		if (ld.msg_at[i]) {
			load_create(&ld, c, cmds[i], (const struct nlmsghdr *)
				    (ld.msgs + ld.msg_at[i] - 1));
			continue;
		}
		load_parse(&ld, i, c, nl, store);
		load_flush_creates(&ld, c);
		run(c);
		free(c->longopts);
	}
	load_flush_creates(&ld, c);
	fflush(stdout);
	return 0;
}

/* Entries the command must have touched, else exit 1. */
static bool needs_match(const struct conntrack *c)
{
	return c->cmd == C_DELETE || c->cmd == C_UPDATE || c->cmd == C_CREATE ||
	       c->cmd == C_GET || c->cmd == X_DELETE;
}

/* Dumps write a line per entry: into a file or a pipe they go out in
 * large blocks.  A terminal keeps its line buffering. */
static void out_buffer(void)
{
	static char buf[64 * 1024];

	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, buf, _IOFBF, sizeof(buf));
}

int conntrack_main(int argc, char **argv)
{
	static struct conntrack c;
	static struct nl nl;
	int err;

	memset(&c, 0, sizeof(c));
	c.prog = argv[0];
	c.nl = &nl;
	msg_prefix = VERSION_LINE ": ";
	/* 1.4.7 opens its socket before it looks at the arguments. */
	err = nl_open(&nl, NETLINK_NETFILTER, 0);
	if (err < 0) {
		errno = -err;
		perror("mnl_socket_open");
		return OTHER_PROBLEM;
	}
	if (argc > 2 && (!strcmp(argv[1], "-R") || !strcmp(argv[1], "--load-file")))
		return load_file(&nl, argv[2]);
	parse_args(&c, argc, argv);
	default_family(&c);
	out_buffer();
	run(&c);
	fflush(stdout);
	nl_close(&nl);
	if (needs_match(&c) && c.counter == 0)
		return OTHER_PROBLEM;
	return 0;
}
#endif
