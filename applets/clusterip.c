/* clusterip: active-active hash-based load-sharing firewall cluster node.
 *
 * Does what conntrack-tools' doc/misc/clusterip.sh does with ip, arptables
 * and iptables, over netlink: the cluster addresses and multicast MACs,
 * ARP mangling, the per-node hash split, SNAT of the clients and the
 * sysctls.  The rules live in two nf_tables tables of our own (ip and arp
 * family, both named CLUSTERIP_TABLE); the ip table's user data records
 * what start changed outside nf_tables, so stop undoes exactly that. */
#include "config.h"
#if APPLET_CLUSTERIP

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/wait.h>
#include <netpacket/packet.h>
#include <linux/netfilter.h>
#include <linux/netfilter_arp.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/xt_cluster.h>

#include "applets.h"
#include "netdev.h"
#include "nft.h"
#include "nl.h"
#include "util.h"

static const char usage_text[] =
"Usage: clusterip [-c FILE] [OPTION]... COMMAND\n"
"Commands:\n"
"  start            set up this node's share of the cluster\n"
"  stop             remove everything start set up\n"
"  primary N        also serve node N's share (HA manager: N is master here)\n"
"  backup N         stop serving node N's share\n"
"  fault N          same as backup N\n"
"  status           node, served buckets, addresses and counters\n"
"Options (each overrides the settings file's KEY):\n"
"  -c, --config FILE           settings file (default " CLUSTERIP_CONF ")\n"
"  -o json                     status as JSON\n"
"      --node N                NODE\n"
"      --total-nodes N         TOTAL_NODES (1-32)\n"
"      --seed N                SEED\n"
"      --addr1 ADDR/LEN        ADDR1, cluster address on IFACE1\n"
"      --addr2 ADDR/LEN        ADDR2, cluster address on IFACE2\n"
"      --mc-hwaddr1 MAC        MC_HWADDR1\n"
"      --mc-hwaddr2 MAC        MC_HWADDR2\n"
"      --real-hwaddr1 MAC      REAL_HWADDR1\n"
"      --real-hwaddr2 MAC      REAL_HWADDR2\n"
"      --iface1 NAME           IFACE1 (default eth1)\n"
"      --iface2 NAME           IFACE2 (default eth2)\n"
"      --snat-sources NETS     SNAT_SOURCES, comma-separated\n"
"      --conntrackd-script F   CONNTRACKD_SCRIPT\n"
"      --log-debug 0|1         LOG_DEBUG\n"
"      --hash jhash|xt         how flows are hashed (default: auto)\n";

/* The settings file's keys, in the order of the script's variables. */
enum key {
	K_NODE, K_TOTAL_NODES, K_SEED, K_ADDR1, K_ADDR2, K_MC_HWADDR1,
	K_MC_HWADDR2, K_REAL_HWADDR1, K_REAL_HWADDR2, K_IFACE1, K_IFACE2,
	K_SNAT_SOURCES, K_CONNTRACKD_SCRIPT, K_LOG_DEBUG, NKEYS
};

static const char *const key_names[NKEYS] = {
	"NODE", "TOTAL_NODES", "SEED", "ADDR1", "ADDR2", "MC_HWADDR1",
	"MC_HWADDR2", "REAL_HWADDR1", "REAL_HWADDR2", "IFACE1", "IFACE2",
	"SNAT_SOURCES", "CONNTRACKD_SCRIPT", "LOG_DEBUG",
};

enum { HASH_AUTO, HASH_JHASH, HASH_XT };
static const char *const hash_names[] = { "auto", "jhash", "xt" };

#define MAX_SNAT	32
#define MARK_MINE	0xffff
#define SNAT_PORT_MIN	1024	/* below: left to the services */
#define UDATA_MAX	256	/* NFT_USERDATA_MAXLEN */

struct net4 {
	struct in_addr a;
	int plen;
};

/* What start set up and how: kept in the ip table's user data so that
 * primary/backup/status/stop need no settings and stop undoes exactly
 * what start did. */
struct record {
	int node, total, hash;
	uint32_t seed;
	char iface[2][IFNAMSIZ];
	struct net4 addr[2];
	uint8_t mc[2][HWADDR_LEN];
	unsigned int added;	/* ADDED_* bits: what was not there before */
	int old_forward, old_loose, old_liberal;	/* -1: left alone */
};
#define ADDED_ADDR(i)	(1u << (i))
#define ADDED_MC(i)	(4u << (i))

static struct {
	const char *opt_val[NKEYS];	/* from the command line: wins */
	char *file_val[NKEYS];
	/* parsed settings */
	struct record rec;
	uint8_t real[2][HWADDR_LEN];
	int have_real[2];
	struct net4 snat[MAX_SNAT];
	int nsnat;
	int log_debug;
	const char *script;
	int json;
	struct nl nft, rt;
} G;

static const char *const sysctl_forward = "net/ipv4/ip_forward";
static const char *const sysctl_loose = "net/netfilter/nf_conntrack_tcp_loose";
static const char *const sysctl_liberal = "net/netfilter/nf_conntrack_tcp_be_liberal";

/* User data in the TLV form nft(8) reads, so "nft list ruleset" shows
 * ours as comments: type 0 (comment), length, NUL-terminated text. */
static size_t udata_comment(char *buf, size_t cap, const char *text)
{
	size_t n = strlen(text) + 1;

	if (n > 255 || n + 2 > cap)
		die("settings too long to record");
	buf[0] = 0;
	buf[1] = n;
	memcpy(buf + 2, text, n);
	return n + 2;
}

/* The comment's text, or NULL.  Anyone with CAP_NET_ADMIN can write a
 * table's user data: a text must end inside it (a zero length would
 * hand on bytes that do not). */
static const char *udata_text(const void *ud, size_t len)
{
	const unsigned char *p = ud;

	if (len < 3 || p[0] != 0 || p[1] == 0 || p[1] + 2u > len ||
	    p[p[1] + 1] != '\0')
		return NULL;
	return (const char *)p + 2;
}

/* Settings ------------------------------------------------------------- */

static int key_lookup(const char *name, size_t len)
{
	int k;

	for (k = 0; k < NKEYS; k++)
		if (strlen(key_names[k]) == len && !strncmp(key_names[k], name, len))
			return k;
	return -1;
}

/* One KEY=VALUE line as a shell would read it: optional quotes, a
 * trailing comment.  Returns 0, or -1 with the reason in *why. */
static int parse_line(char *s, int *key, char **val, const char **why)
{
	char *eq, *v, *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!strncmp(s, "export ", 7))
		s += 7;
	eq = strchr(s, '=');
	if (!eq) {
		*why = "expected KEY=VALUE";
		return -1;
	}
	*key = key_lookup(s, eq - s);
	if (*key < 0) {
		*why = "unknown setting";
		return -1;
	}
	v = eq + 1;
	if (*v == '"' || *v == '\'') {
		end = strchr(v + 1, *v);
		if (!end) {
			*why = "unterminated quote";
			return -1;
		}
		v++;
	} else {
		end = v + strcspn(v, " \t\n");
	}
	if (*end)
		*end++ = '\0';
	end += strspn(end, " \t\n");
	if (*end && *end != '#') {
		*why = "text after the value";
		return -1;
	}
	*val = v;
	return 0;
}

static void read_settings(const char *path, int must_exist)
{
	FILE *f = fopen(path, "re");
	char line[1024], orig[1024];
	int lineno = 0;

	if (!f) {
		if (!must_exist && errno == ENOENT)
			return;
		die("%s:", path);
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *val;
		const char *why;
		int key;

		lineno++;
		p += strspn(p, " \t");
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		if (!strchr(line, '\n') && !feof(f))
			die("%s:%d: line too long", path, lineno);
		snprintf(orig, sizeof(orig), "%.*s", (int)strcspn(p, "\n"), p);
		if (parse_line(p, &key, &val, &why) < 0)
			die("%s:%d: %s: %s", path, lineno, why, orig);
		free(G.file_val[key]);	/* the last one counts, as in sh */
		G.file_val[key] = xstrdup(val);
	}
	fclose(f);
}

static const char *setting(enum key k, const char *dflt)
{
	const char *v = G.opt_val[k] ? G.opt_val[k] : G.file_val[k];

	return v && *v ? v : dflt;
}

static void __attribute__((noreturn)) bad(enum key k, const char *why)
{
	die("bad %s '%s': %s", key_names[k], setting(k, ""), why);
}

static long parse_num(enum key k, long lo, long hi)
{
	const char *s = setting(k, NULL);
	char *end;
	long v;

	if (!s)
		bad(k, "missing");
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || end == s || v < lo || v > hi)
		bad(k, "not a number in range");
	return v;
}

static int parse_net4(const char *s, struct net4 *n, int need_len)
{
	char buf[32], *slash, *end;
	long plen = 32;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = '\0';
		errno = 0;
		plen = strtol(slash, &end, 10);
		if (errno || *end || end == slash || plen < 0 || plen > 32)
			return -1;
	} else if (need_len) {
		return -1;
	}
	if (inet_pton(AF_INET, buf, &n->a) != 1)
		return -1;
	n->plen = plen;
	return 0;
}

static uint32_t netmask(int plen)
{
	return plen ? htonl(0xffffffffu << (32 - plen)) : 0;
}

static void parse_hwaddr(enum key k, uint8_t hw[HWADDR_LEN], int multicast)
{
	if (hwaddr_parse(setting(k, ""), hw) < 0)
		bad(k, setting(k, NULL) ? "not a MAC address (xx:xx:xx:xx:xx:xx)" : "missing");
	if (multicast && !(hw[0] & 1))
		bad(k, "not a multicast MAC address");
	if (!multicast && (hw[0] & 1))
		bad(k, "a multicast MAC address");
}

static void parse_iface(enum key k, char out[IFNAMSIZ], const char *dflt)
{
	const char *s = setting(k, dflt);

	if (strlen(s) >= IFNAMSIZ || strpbrk(s, "/ \t:") || !strcmp(s, ".") ||
	    !strcmp(s, ".."))
		bad(k, "not an interface name");
	strcpy(out, s);
}

static void parse_snat(void)
{
	char *list = xstrdup(setting(K_SNAT_SOURCES, "")), *tok, *save;

	for (tok = strtok_r(list, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		if (G.nsnat == MAX_SNAT)
			bad(K_SNAT_SOURCES, "too many networks");
		if (parse_net4(tok, &G.snat[G.nsnat], 0) < 0)
			bad(K_SNAT_SOURCES, "not a comma-separated list of ADDR[/LEN]");
		G.snat[G.nsnat].a.s_addr &= netmask(G.snat[G.nsnat].plen);
		G.nsnat++;
	}
	free(list);
}

/* Everything start needs, checked before anything is changed. */
static void parse_settings(int hash)
{
	struct record *r = &G.rec;
	int i;

	r->total = parse_num(K_TOTAL_NODES, 1, XT_CLUSTER_NODES_MAX);
	r->node = parse_num(K_NODE, 1, r->total);
	r->seed = parse_num(K_SEED, 0, 0xffffffffL);
	for (i = 0; i < 2; i++) {
		if (!setting(K_ADDR1 + i, NULL))
			bad(K_ADDR1 + i, "missing");
		if (parse_net4(setting(K_ADDR1 + i, ""), &r->addr[i], 0) < 0)
			bad(K_ADDR1 + i, "not an IPv4 ADDR/LEN");
		parse_hwaddr(K_MC_HWADDR1 + i, r->mc[i], 1);
		G.have_real[i] = setting(K_REAL_HWADDR1 + i, NULL) != NULL;
		if (G.have_real[i])
			parse_hwaddr(K_REAL_HWADDR1 + i, G.real[i], 0);
	}
	parse_iface(K_IFACE1, r->iface[0], "eth1");
	parse_iface(K_IFACE2, r->iface[1], "eth2");
	if (!strcmp(r->iface[0], r->iface[1]))
		bad(K_IFACE2, "same interface as IFACE1");
	parse_snat();
	G.log_debug = setting(K_LOG_DEBUG, NULL) ? parse_num(K_LOG_DEBUG, 0, 1) : 0;
	r->hash = hash;
	if (r->hash == HASH_AUTO)
		r->hash = CLUSTERIP_HASH ? CLUSTERIP_HASH :
			  (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? HASH_JHASH : HASH_XT);
	r->old_forward = r->old_loose = r->old_liberal = -1;
}

/* The record in the table's user data -------------------------------- */

static int record_format(const struct record *r, char *buf, size_t len)
{
	char a0[INET_ADDRSTRLEN], a1[INET_ADDRSTRLEN], m0[18], m1[18];

	inet_ntop(AF_INET, &r->addr[0].a, a0, sizeof(a0));
	inet_ntop(AF_INET, &r->addr[1].a, a1, sizeof(a1));
	hwaddr_format(r->mc[0], m0);
	hwaddr_format(r->mc[1], m1);
	return snprintf(buf, len, "clusterip1 %d %d %d %u %s %s %s/%d %s/%d %s %s %u %d %d %d",
			r->node, r->total, r->hash, r->seed, r->iface[0], r->iface[1],
			a0, r->addr[0].plen, a1, r->addr[1].plen, m0, m1, r->added,
			r->old_forward, r->old_loose, r->old_liberal);
}

static int record_parse(const char *s, struct record *r)
{
	char i0[IFNAMSIZ + 1], i1[IFNAMSIZ + 1], a0[32], a1[32], m0[18], m1[18];

	if (sscanf(s, "clusterip1 %d %d %d %u %16s %16s %31s %31s %17s %17s %u %d %d %d",
		   &r->node, &r->total, &r->hash, &r->seed, i0, i1, a0, a1, m0, m1,
		   &r->added, &r->old_forward, &r->old_loose, &r->old_liberal) != 14 ||
	    strlen(i0) >= IFNAMSIZ || strlen(i1) >= IFNAMSIZ ||
	    parse_net4(a0, &r->addr[0], 1) < 0 || parse_net4(a1, &r->addr[1], 1) < 0 ||
	    hwaddr_parse(m0, r->mc[0]) < 0 || hwaddr_parse(m1, r->mc[1]) < 0 ||
	    r->total < 1 || r->total > XT_CLUSTER_NODES_MAX ||
	    r->node < 1 || r->node > r->total ||
	    (r->hash != HASH_JHASH && r->hash != HASH_XT))
		return -1;
	strcpy(r->iface[0], i0);
	strcpy(r->iface[1], i1);
	return 0;
}

/* Sockets are opened on first use: a settings error needs none. */
static void open_once(struct nl *nl, int bus, const char *what)
{
	int err;

	if (nl->sk)
		return;
	err = nl_open(nl, bus, 0);
	if (err < 0) {
		errno = -err;
		die("%s:", what);
	}
}

static void open_nft(void)
{
	open_once(&G.nft, NETLINK_NETFILTER, "netfilter netlink");
}

/* 1 and the record when started, 0 when not. */
static int record_load(struct record *r)
{
	char buf[UDATA_MAX + 1];
	const char *text;
	size_t len = UDATA_MAX;
	int err;

	open_nft();
	err = nft_table_udata(&G.nft, NFPROTO_IPV4, CLUSTERIP_TABLE, buf, &len);
	if (err == -ENOENT)
		return 0;
	if (err < 0) {
		errno = -err;
		die("reading table %s:", CLUSTERIP_TABLE);
	}
	text = udata_text(buf, len);
	memset(r, 0, sizeof(*r));
	if (!text || record_parse(text, r) < 0)
		die("table ip %s exists but was not made by clusterip", CLUSTERIP_TABLE);
	return 1;
}

static struct record *need_started(void)
{
	if (!record_load(&G.rec))
		die("not started (no table ip %s)", CLUSTERIP_TABLE);
	return &G.rec;
}

/* Rules ---------------------------------------------------------------- */

/* The kernel loads the whole zero-padded name: compare all of it, so
 * "eth1" does not match "eth10". */
static void match_ifname(struct nlmsghdr *nlh, uint32_t key, const char *name)
{
	char n[IFNAMSIZ] = { 0 };

	memcpy(n, name, strnlen(name, IFNAMSIZ - 1));
	nft_expr_meta(nlh, key, NFT_REG_1);
	nft_expr_cmp(nlh, NFT_REG_1, NFT_CMP_EQ, n, sizeof(n));
}

static void match_u32(struct nlmsghdr *nlh, uint32_t op, uint32_t v)
{
	nft_expr_cmp(nlh, NFT_REG_1, op, &v, sizeof(v));
}

/* ct state has any of bits (a host-order bit set in the register). */
static void match_ct_state(struct nlmsghdr *nlh, uint32_t bits)
{
	uint32_t zero = 0;

	nft_expr_ct(nlh, NFT_CT_STATE, NFT_REG_1, -1);
	nft_expr_bitwise(nlh, NFT_REG_1, &bits, &zero, sizeof(bits));
	match_u32(nlh, NFT_CMP_NEQ, 0);
}

static void match_mark(struct nlmsghdr *nlh, int mine)
{
	nft_expr_meta(nlh, NFT_META_MARK, NFT_REG_1);
	match_u32(nlh, mine ? NFT_CMP_EQ : NFT_CMP_NEQ, MARK_MINE);
}

/* The flow's node is bucket (0-based), as xt_cluster decides it. */
static void match_bucket(struct nlmsghdr *nlh, const struct record *r, int bucket)
{
	if (r->hash == HASH_XT) {
		struct xt_cluster_match_info info = {
			.total_nodes = r->total,
			.node_mask = 1u << bucket,
			.hash_seed = r->seed,
		};

		nft_expr_xt_match(nlh, "cluster", 0, &info, sizeof(info));
		return;
	}
	/* xt_cluster: jhash_1word(original source, seed) scaled to the node
	 * count.  nf_tables' jhash over the same 4 bytes is that very value
	 * when the CPU reads them in little-endian order. */
	nft_expr_ct(nlh, NFT_CT_SRC_IP, NFT_REG_1, 0);	/* original direction */
	nft_expr_jhash(nlh, NFT_REG_1, NFT_REG_1, 4, r->total, r->seed);
	match_u32(nlh, NFT_CMP_EQ, bucket);
}

static void set_meta(struct nlmsghdr *nlh, uint32_t key, const void *v, size_t len)
{
	nft_expr_imm(nlh, NFT_REG_1, v, len);
	nft_expr_meta_set(nlh, key, NFT_REG_1);
}

#define BUCKET_TAG "clusterip bucket=%d if=%d"

/* Two rules per served bucket, one per interface, as the script's
 * CLUSTER-RULES chain has: mark the packet ours and make it "to host"
 * (it came to a multicast MAC: the stack would not route it). */
static void add_bucket_rules(struct nft_txn *t, const struct record *r, int bucket)
{
	uint32_t mark = MARK_MINE;
	uint8_t host = PACKET_HOST;
	char tag[64], ud[80];
	int i;

	for (i = 0; i < 2; i++) {
		struct nlmsghdr *nlh;
		size_t n;

		snprintf(tag, sizeof(tag), BUCKET_TAG, bucket + 1, i + 1);
		n = udata_comment(ud, sizeof(ud), tag);
		nlh = nft_rule_begin(t, NFPROTO_IPV4, CLUSTERIP_TABLE, "buckets", ud, n);
		match_ifname(nlh, NFT_META_IIFNAME, r->iface[i]);
		match_bucket(nlh, r, bucket);
		nft_expr_counter(nlh);
		set_meta(nlh, NFT_META_MARK, &mark, sizeof(mark));
		set_meta(nlh, NFT_META_PKTTYPE, &host, sizeof(host));
		nft_rule_end(nlh);
	}
}

static struct nlmsghdr *ip_rule(struct nft_txn *t, const char *chain)
{
	return nft_rule_begin(t, NFPROTO_IPV4, CLUSTERIP_TABLE, chain, NULL, 0);
}

static void add_prerouting(struct nft_txn *t, const struct record *r)
{
	static const char *const log_prefix[2][2] = {
		{ "cluster-drop: ", "cluster-accept: " },
		{ "cluster-reply-drop: ", "cluster-reply-accept: " },
	};
	struct nlmsghdr *nlh;
	uint8_t udp = IPPROTO_UDP;
	int i, mine;

	/* Not ours in the reply direction: TCP and ICMP see it INVALID ... */
	nlh = ip_rule(t, "prerouting");
	match_ifname(nlh, NFT_META_IIFNAME, r->iface[1]);
	match_ct_state(nlh, NF_CT_STATE_INVALID_BIT);
	nft_expr_counter(nlh);
	nft_expr_verdict(nlh, NF_DROP, NULL);
	nft_rule_end(nlh);
	/* ... UDP sees it NEW: both nodes would answer. */
	nlh = ip_rule(t, "prerouting");
	match_ifname(nlh, NFT_META_IIFNAME, r->iface[1]);
	nft_expr_meta(nlh, NFT_META_L4PROTO, NFT_REG_1);
	nft_expr_cmp(nlh, NFT_REG_1, NFT_CMP_EQ, &udp, 1);
	match_ct_state(nlh, NF_CT_STATE_BIT(IP_CT_NEW));
	nft_expr_counter(nlh);
	nft_expr_verdict(nlh, NF_DROP, NULL);
	nft_rule_end(nlh);

	nlh = ip_rule(t, "prerouting");
	nft_expr_verdict(nlh, NFT_JUMP, "buckets");
	nft_rule_end(nlh);

	for (i = 0; G.log_debug && i < 2; i++)
		for (mine = 1; mine >= 0; mine--) {
			nlh = ip_rule(t, "prerouting");
			match_ifname(nlh, NFT_META_IIFNAME, r->iface[i]);
			match_mark(nlh, mine);
			nft_expr_log(nlh, log_prefix[i][mine]);
			nft_rule_end(nlh);
		}
	for (i = 0; i < 2; i++) {
		nlh = ip_rule(t, "prerouting");
		match_ifname(nlh, NFT_META_IIFNAME, r->iface[i]);
		match_mark(nlh, 0);
		nft_expr_counter(nlh);
		nft_expr_verdict(nlh, NF_DROP, NULL);
		nft_rule_end(nlh);
	}
}

/* Every node source-NATs to the same address, and each node's NAT knows
 * only its own flows: give each node its own slice of the ports (and
 * ICMP ids), so two nodes never hand the server the same tuple. */
static void snat_ports(const struct record *r, uint16_t *lo, uint16_t *hi)
{
	unsigned int slice = (65536 - SNAT_PORT_MIN) / r->total;

	*lo = htons(SNAT_PORT_MIN + (r->node - 1) * slice);
	*hi = htons(SNAT_PORT_MIN + r->node * slice - 1);
}

static void add_snat(struct nft_txn *t, const struct record *r)
{
	uint16_t lo, hi;
	int i;

	snat_ports(r, &lo, &hi);
	for (i = 0; i < G.nsnat; i++) {
		struct nlmsghdr *nlh = ip_rule(t, "postrouting");
		uint32_t mask = netmask(G.snat[i].plen), zero = 0;

		nft_expr_payload(nlh, NFT_PAYLOAD_NETWORK_HEADER, 12, 4, NFT_REG_1);
		nft_expr_bitwise(nlh, NFT_REG_1, &mask, &zero, 4);
		nft_expr_cmp(nlh, NFT_REG_1, NFT_CMP_EQ, &G.snat[i].a, 4);
		nft_expr_counter(nlh);
		nft_expr_imm(nlh, NFT_REG_1, &r->addr[1].a, 4);
		nft_expr_imm(nlh, NFT_REG_2, &lo, sizeof(lo));
		nft_expr_imm(nlh, NFT_REG_3, &hi, sizeof(hi));
		nft_expr_snat(nlh, NFPROTO_IPV4, NFT_REG_1, NFT_REG_2, NFT_REG_3);
		nft_rule_end(nlh);
	}
}

/* ARP header offsets for Ethernet/IPv4: hln, sender MAC, target MAC. */
#define ARP_HLN_OFF	4
#define ARP_SHA_OFF	8
#define ARP_THA_OFF	18

static void arp_hlen6(struct nlmsghdr *nlh)
{
	uint8_t six = HWADDR_LEN;

	nft_expr_payload(nlh, NFT_PAYLOAD_NETWORK_HEADER, ARP_HLN_OFF, 1, NFT_REG_1);
	nft_expr_cmp(nlh, NFT_REG_1, NFT_CMP_EQ, &six, 1);
}

static void arp_set(struct nlmsghdr *nlh, int off, const uint8_t hw[HWADDR_LEN])
{
	nft_expr_imm(nlh, NFT_REG_1, hw, HWADDR_LEN);
	nft_expr_payload_set(nlh, NFT_PAYLOAD_NETWORK_HEADER, off, HWADDR_LEN, NFT_REG_1);
}

/* ARP leaving: the cluster's multicast MAC is the sender.  ARP arriving
 * for the multicast MAC: give it the real one or the stack drops it. */
static void add_arp(struct nft_txn *t, const struct record *r, uint8_t real[2][HWADDR_LEN])
{
	int i;

	for (i = 0; i < 2; i++) {
		struct nlmsghdr *nlh;

		nlh = nft_rule_begin(t, NFPROTO_ARP, CLUSTERIP_TABLE, "output", NULL, 0);
		match_ifname(nlh, NFT_META_OIFNAME, r->iface[i]);
		arp_hlen6(nlh);
		arp_set(nlh, ARP_SHA_OFF, r->mc[i]);
		nft_rule_end(nlh);

		nlh = nft_rule_begin(t, NFPROTO_ARP, CLUSTERIP_TABLE, "input", NULL, 0);
		match_ifname(nlh, NFT_META_IIFNAME, r->iface[i]);
		arp_hlen6(nlh);
		nft_expr_payload(nlh, NFT_PAYLOAD_NETWORK_HEADER, ARP_THA_OFF,
				 HWADDR_LEN, NFT_REG_1);
		nft_expr_cmp(nlh, NFT_REG_1, NFT_CMP_EQ, r->mc[i], HWADDR_LEN);
		arp_set(nlh, ARP_THA_OFF, real[i]);
		nft_rule_end(nlh);
	}
}

static void __attribute__((noreturn)) die_nl(struct nl *nl, int err, const char *what)
{
	errno = -err;
	if (nl->ext_msg[0])
		die("%s: %s (%s)", what, strerror(-err), nl->ext_msg);
	die("%s:", what);
}

/* Both tables made anew in one transaction: "add; delete; add" replaces
 * what an earlier start left, or creates it. */
static int load_ruleset(const struct record *r, uint8_t real[2][HWADDR_LEN])
{
	char text[UDATA_MAX], ud[UDATA_MAX];
	size_t udlen;
	struct nft_txn t;

	if (record_format(r, text, sizeof(text)) >= (int)sizeof(text))
		die("settings too long to record");
	udlen = udata_comment(ud, sizeof(ud), text);
	nft_txn_begin(&t, &G.nft);
	nft_add_table(&t, NFPROTO_IPV4, CLUSTERIP_TABLE, NULL, 0);
	nft_del_table(&t, NFPROTO_IPV4, CLUSTERIP_TABLE);
	nft_add_table(&t, NFPROTO_IPV4, CLUSTERIP_TABLE, ud, udlen);
	nft_add_table(&t, NFPROTO_ARP, CLUSTERIP_TABLE, NULL, 0);
	nft_del_table(&t, NFPROTO_ARP, CLUSTERIP_TABLE);
	nft_add_table(&t, NFPROTO_ARP, CLUSTERIP_TABLE, NULL, 0);
	nft_add_chain(&t, NFPROTO_IPV4, CLUSTERIP_TABLE, "buckets", NULL, -1, 0);
	nft_add_chain(&t, NFPROTO_IPV4, CLUSTERIP_TABLE, "prerouting", "filter",
		      NF_INET_PRE_ROUTING, NF_IP_PRI_MANGLE);
	nft_add_chain(&t, NFPROTO_IPV4, CLUSTERIP_TABLE, "postrouting", "nat",
		      NF_INET_POST_ROUTING, NF_IP_PRI_NAT_SRC);
	nft_add_chain(&t, NFPROTO_ARP, CLUSTERIP_TABLE, "input", "filter", NF_ARP_IN, 0);
	nft_add_chain(&t, NFPROTO_ARP, CLUSTERIP_TABLE, "output", "filter", NF_ARP_OUT, 0);
	add_bucket_rules(&t, r, r->node - 1);
	add_prerouting(&t, r);
	add_snat(&t, r);
	add_arp(&t, r, real);
	return nft_txn_commit(&t);
}

static int delete_tables(void)
{
	struct nft_txn t;

	nft_txn_begin(&t, &G.nft);
	nft_del_table(&t, NFPROTO_IPV4, CLUSTERIP_TABLE);
	nft_add_table(&t, NFPROTO_ARP, CLUSTERIP_TABLE, NULL, 0);
	nft_del_table(&t, NFPROTO_ARP, CLUSTERIP_TABLE);
	return nft_txn_commit(&t);
}

/* Addresses, multicast MACs, sysctls ---------------------------------- */

static void open_rtnl(void)
{
	open_once(&G.rt, NETLINK_ROUTE, "rtnetlink");
}

/* The sysctls start wants, with where the record keeps the old value. */
struct knob {
	const char *path;
	int want;
	int *old;
};

static void knobs(struct record *r, struct knob k[3])
{
	k[0] = (struct knob){ sysctl_forward, 1, &r->old_forward };
	k[1] = (struct knob){ sysctl_loose, 0, &r->old_loose };
	k[2] = (struct knob){ sysctl_liberal, 0, &r->old_liberal };
}

/* Put back what the record says we changed; errors are reported, not
 * fatal: the rest is still undone. */
static int undo_outside(const struct record *r)
{
	struct record copy = *r;
	struct knob k[3];
	int i, err, ret = 0, ifindex;
	uint8_t hw[HWADDR_LEN];

	open_rtnl();
	for (i = 0; i < 2; i++) {
		if (link_lookup(r->iface[i], &ifindex, hw) < 0)
			continue;	/* gone, and its addresses with it */
		if (r->added & ADDED_ADDR(i)) {
			err = addr_change(&G.rt, 0, ifindex, r->addr[i].a, r->addr[i].plen);
			if (err < 0 && err != -EADDRNOTAVAIL) {
				errno = -err;
				warn("removing address from %s:", r->iface[i]);
				ret = -1;
			}
		}
		if (r->added & ADDED_MC(i)) {
			err = link_mc_change(0, r->iface[i], r->mc[i]);
			if (err < 0 && err != -ENOENT) {
				errno = -err;
				warn("leaving multicast MAC on %s:", r->iface[i]);
				ret = -1;
			}
		}
	}
	knobs(&copy, k);
	for (i = 0; i < 3; i++) {
		int cur;

		/* someone else set it since: theirs now */
		if (*k[i].old < 0 || sysctl_get(k[i].path, &cur) < 0 || cur != k[i].want)
			continue;
		err = sysctl_set(k[i].path, *k[i].old);
		if (err < 0) {
			errno = -err;
			warn("/proc/sys/%s:", k[i].path);
			ret = -1;
		}
	}
	return ret;
}

/* Note in the record what start will add, before adding it. */
static void plan_outside(struct record *r, const int ifindex[2])
{
	struct knob k[3];
	int i, ret, cur;

	for (i = 0; i < 2; i++) {
		ret = addr_present(&G.rt, ifindex[i], r->addr[i].a, r->addr[i].plen);
		if (ret < 0)
			die_nl(&G.rt, ret, "listing addresses");
		if (!ret)
			r->added |= ADDED_ADDR(i);
		ret = link_mc_present(r->iface[i], r->mc[i]);
		if (ret < 0) {
			errno = -ret;
			die("/proc/net/dev_mcast:");
		}
		if (!ret)
			r->added |= ADDED_MC(i);
	}
	knobs(r, k);
	for (i = 0; i < 3; i++) {
		ret = sysctl_get(k[i].path, &cur);
		if (ret < 0) {
			errno = -ret;
			die("/proc/sys/%s:", k[i].path);
		}
		if (cur != k[i].want && *k[i].old < 0)
			*k[i].old = cur;
	}
}

static int apply_outside(const struct record *r, const int ifindex[2])
{
	struct knob k[3];
	struct record copy = *r;
	int i, err;

	for (i = 0; i < 2; i++) {
		err = addr_change(&G.rt, 1, ifindex[i], r->addr[i].a, r->addr[i].plen);
		if (err < 0 && err != -EEXIST) {
			errno = -err;
			warn("adding address to %s:", r->iface[i]);
			return -1;
		}
		err = link_mc_change(1, r->iface[i], r->mc[i]);
		if (err < 0) {
			errno = -err;
			warn("joining multicast MAC on %s:", r->iface[i]);
			return -1;
		}
	}
	knobs(&copy, k);
	for (i = 0; i < 3; i++) {
		err = sysctl_set(k[i].path, k[i].want);
		if (err < 0) {
			errno = -err;
			warn("/proc/sys/%s:", k[i].path);
			return -1;
		}
	}
	return 0;
}

/* Commands ------------------------------------------------------------- */

static int same_setup(const struct record *a, const struct record *b)
{
	return !strcmp(a->iface[0], b->iface[0]) && !strcmp(a->iface[1], b->iface[1]) &&
	       !memcmp(a->addr, b->addr, sizeof(a->addr)) &&
	       !memcmp(a->mc, b->mc, sizeof(a->mc));
}

static int cmd_start(void)
{
	struct record *r = &G.rec, old;
	uint8_t real[2][HWADDR_LEN];
	int ifindex[2], i, err;

	for (i = 0; i < 2; i++) {
		err = link_lookup(r->iface[i], &ifindex[i], real[i]);
		if (err == -EPFNOSUPPORT)
			die("IFACE%d %s: not an Ethernet interface", i + 1, r->iface[i]);
		if (err < 0) {
			errno = -err;
			die("IFACE%d %s:", i + 1, r->iface[i]);
		}
		if (G.have_real[i])
			memcpy(real[i], G.real[i], HWADDR_LEN);
	}
	open_rtnl();
	if (record_load(&old)) {
		if (!same_setup(&old, r))
			die("already started with other interfaces, addresses or MACs: run stop first");
		r->added = old.added;
		r->old_forward = old.old_forward;
		r->old_loose = old.old_loose;
		r->old_liberal = old.old_liberal;
	}
	printf("starting cluster configuration for node %d.\n", r->node);
	fflush(stdout);
	plan_outside(r, ifindex);
	err = load_ruleset(r, real);
	if (err < 0)
		die_nl(&G.nft, err, "loading rules");
	if (apply_outside(r, ifindex) < 0) {
		undo_outside(r);
		delete_tables();
		die("start failed: undone");
	}
	return 0;
}

static int cmd_stop(void)
{
	struct record r;
	int err, ret;

	if (!record_load(&r)) {
		warn("not started: nothing to stop");
		return 0;
	}
	printf("stopping cluster configuration for node %d.\n", r.node);
	fflush(stdout);
	ret = undo_outside(&r);
	err = delete_tables();
	if (err < 0)
		die_nl(&G.nft, err, "removing rules");
	return ret < 0;
}

struct bucket_count {
	uint64_t packets[2], bytes[2];
	int served;
};

#define SCAN_RULES_MAX	(8 * XT_CLUSTER_NODES_MAX)

struct bucket_scan {
	struct bucket_count b[XT_CLUSTER_NODES_MAX];
	struct { uint64_t handle; int bucket; } rule[SCAN_RULES_MAX];
	int nrules, total;
};

static void bucket_rule_cb(const struct nft_rule_info *ri, void *data)
{
	struct bucket_scan *s = data;
	const char *tag = udata_text(ri->udata, ri->udlen);
	int node, ifn;

	if (!tag || sscanf(tag, BUCKET_TAG, &node, &ifn) != 2 || node < 1 ||
	    node > s->total || ifn < 1 || ifn > 2)
		return;
	s->b[node - 1].served = 1;
	s->b[node - 1].packets[ifn - 1] += ri->packets;
	s->b[node - 1].bytes[ifn - 1] += ri->bytes;
	if (s->nrules < SCAN_RULES_MAX) {
		s->rule[s->nrules].handle = ri->handle;
		s->rule[s->nrules++].bucket = node - 1;
	}
}

static void scan_buckets(const struct record *r, struct bucket_scan *s)
{
	int err;

	memset(s, 0, sizeof(*s));
	s->total = r->total;
	err = nft_rule_dump(&G.nft, NFPROTO_IPV4, CLUSTERIP_TABLE, "buckets",
			    bucket_rule_cb, s);
	if (err < 0)
		die_nl(&G.nft, err, "listing rules");
}

/* Run the conntrackd hook as the script does: sh SCRIPT STATE NODE N. */
static void run_hook(const char *state, int node, int n)
{
	char a[16], b[16];
	pid_t pid;
	int status;

	if (!G.script || !*G.script || access(G.script, X_OK) < 0)
		return;
	snprintf(a, sizeof(a), "%d", node);
	snprintf(b, sizeof(b), "%d", n);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		warn("fork:");
		return;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", G.script, state, a, b, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == pid &&
	    (!WIFEXITED(status) || WEXITSTATUS(status)))
		warn("%s %s %s %s: failed", G.script, state, a, b);
}

static int parse_node_arg(const char *s, const struct record *r)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno || *end || end == s || n < 1 || n > r->total)
		die("bad node '%s': 1-%d expected", s, r->total);
	return n;
}

#define STATE_TRIES	20

static int cmd_state(const char *cmd, const char *arg)
{
	static const struct { const char *cmd, *state; } names[] = {
		{ "primary", "MASTER" }, { "backup", "BACKUP" }, { "fault", "FAULT" },
	};
	struct record *r = need_started();
	struct bucket_scan s;
	struct nft_txn t;
	uint32_t gen;
	int n = parse_node_arg(arg, r), i, err = 0, tries, serve = !strcmp(cmd, "primary");

	for (i = 0; strcmp(names[i].cmd, cmd); i++)
		;
	openlog("clusterip", LOG_PID, LOG_USER);
	syslog(LOG_NOTICE, "cluster-match-script: entering %s state for node %d",
	       names[i].state, n);
	closelog();
	run_hook(cmd, r->node, n);
	/* The HA manager may run us for several nodes at once: change the
	 * rules only if nobody did since we read them, else read again. */
	for (tries = 0; tries < STATE_TRIES; tries++) {
		err = nft_genid(&G.nft, &gen);
		if (err < 0)
			die_nl(&G.nft, err, "reading ruleset generation");
		scan_buckets(r, &s);
		if (s.b[n - 1].served == serve)
			return 0;
		nft_txn_begin_gen(&t, &G.nft, gen);
		if (serve)
			add_bucket_rules(&t, r, n - 1);
		for (i = 0; !serve && i < s.nrules; i++)
			if (s.rule[i].bucket == n - 1)
				nft_del_rule(&t, NFPROTO_IPV4, CLUSTERIP_TABLE, "buckets",
					     s.rule[i].handle);
		err = nft_txn_commit(&t);
		if (err != -ERESTART)
			break;
	}
	if (err < 0)
		die_nl(&G.nft, err, "changing rules");
	return 0;
}

static void status_text(const struct record *r, const struct bucket_scan *s)
{
	char a[INET_ADDRSTRLEN], m[18];
	int i;

	printf("node %d of %d, seed 0x%08x, hash %s\n", r->node, r->total, r->seed,
	       hash_names[r->hash]);
	printf("buckets:");
	for (i = 0; i < r->total; i++)
		if (s->b[i].served)
			printf(" %d", i + 1);
	putchar('\n');
	for (i = 0; i < 2; i++) {
		inet_ntop(AF_INET, &r->addr[i].a, a, sizeof(a));
		hwaddr_format(r->mc[i], m);
		printf("%s %s/%d %s\n", r->iface[i], a, r->addr[i].plen, m);
	}
	for (i = 0; i < r->total; i++)
		if (s->b[i].served)
			printf("bucket %d: %s packets %llu bytes %llu, %s packets %llu bytes %llu\n",
			       i + 1, r->iface[0], (unsigned long long)s->b[i].packets[0],
			       (unsigned long long)s->b[i].bytes[0], r->iface[1],
			       (unsigned long long)s->b[i].packets[1],
			       (unsigned long long)s->b[i].bytes[1]);
}

/* Interface names are the only free text: escape what JSON needs. */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void status_json(const struct record *r, const struct bucket_scan *s)
{
	char a[INET_ADDRSTRLEN], m[18];
	int i, first = 1;

	printf("{\"node\":%d,\"total_nodes\":%d,\"seed\":%u,\"hash\":\"%s\",\"buckets\":[",
	       r->node, r->total, r->seed, hash_names[r->hash]);
	for (i = 0; i < r->total; i++)
		if (s->b[i].served) {
			printf("%s%d", first ? "" : ",", i + 1);
			first = 0;
		}
	printf("],\"interfaces\":[");
	for (i = 0; i < 2; i++) {
		inet_ntop(AF_INET, &r->addr[i].a, a, sizeof(a));
		hwaddr_format(r->mc[i], m);
		printf("%s{\"name\":", i ? "," : "");
		json_str(r->iface[i]);
		printf(",\"address\":\"%s/%d\",\"mc_hwaddr\":\"%s\"}", a, r->addr[i].plen, m);
	}
	printf("],\"counters\":[");
	first = 1;
	for (i = 0; i < r->total; i++) {
		if (!s->b[i].served)
			continue;
		printf("%s{\"bucket\":%d,\"packets\":[%llu,%llu],\"bytes\":[%llu,%llu]}",
		       first ? "" : ",", i + 1,
		       (unsigned long long)s->b[i].packets[0],
		       (unsigned long long)s->b[i].packets[1],
		       (unsigned long long)s->b[i].bytes[0],
		       (unsigned long long)s->b[i].bytes[1]);
		first = 0;
	}
	printf("]}\n");
}

static int cmd_status(void)
{
	struct record *r = need_started();
	struct bucket_scan s;

	scan_buckets(r, &s);
	if (G.json)
		status_json(r, &s);
	else
		status_text(r, &s);
	return 0;
}

/* Options -------------------------------------------------------------- */

#define OPT_KEY	0x100
#define OPT_HASH	0x200

static const struct option long_opts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "node", required_argument, NULL, OPT_KEY + K_NODE },
	{ "total-nodes", required_argument, NULL, OPT_KEY + K_TOTAL_NODES },
	{ "seed", required_argument, NULL, OPT_KEY + K_SEED },
	{ "addr1", required_argument, NULL, OPT_KEY + K_ADDR1 },
	{ "addr2", required_argument, NULL, OPT_KEY + K_ADDR2 },
	{ "mc-hwaddr1", required_argument, NULL, OPT_KEY + K_MC_HWADDR1 },
	{ "mc-hwaddr2", required_argument, NULL, OPT_KEY + K_MC_HWADDR2 },
	{ "real-hwaddr1", required_argument, NULL, OPT_KEY + K_REAL_HWADDR1 },
	{ "real-hwaddr2", required_argument, NULL, OPT_KEY + K_REAL_HWADDR2 },
	{ "iface1", required_argument, NULL, OPT_KEY + K_IFACE1 },
	{ "iface2", required_argument, NULL, OPT_KEY + K_IFACE2 },
	{ "snat-sources", required_argument, NULL, OPT_KEY + K_SNAT_SOURCES },
	{ "conntrackd-script", required_argument, NULL, OPT_KEY + K_CONNTRACKD_SCRIPT },
	{ "log-debug", required_argument, NULL, OPT_KEY + K_LOG_DEBUG },
	{ "hash", required_argument, NULL, OPT_HASH },
	{ NULL, 0, NULL, 0 }
};

static void __attribute__((noreturn)) usage_error(const char *fmt, const char *arg)
{
	fputs(msg_prefix, stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry `clusterip --help' for more information.\n", stderr);
	exit(2);
}

int clusterip_main(int argc, char **argv)
{
	const char *conf = CLUSTERIP_CONF, *cmd;
	int conf_given = 0, hash = HASH_AUTO, c, nargs;

	msg_prefix = "clusterip: ";
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+c:o:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			conf = optarg;
			conf_given = 1;
			break;
		case 'o':
			if (strcmp(optarg, "json"))
				usage_error("unknown output format '%s'", optarg);
			G.json = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case OPT_HASH:
			for (hash = HASH_JHASH; hash <= HASH_XT; hash++)
				if (!strcmp(optarg, hash_names[hash]))
					break;
			if (hash > HASH_XT)
				usage_error("unknown hash '%s' (jhash or xt)", optarg);
			break;
		case '?':
			usage_error("bad option '%s'", argv[optind - 1]);
		default:
			G.opt_val[c - OPT_KEY] = optarg;
		}
	}
	if (optind >= argc)
		usage_error("%s", "no command given");
	cmd = argv[optind];
	nargs = argc - optind - 1;
	read_settings(conf, conf_given);
	G.script = setting(K_CONNTRACKD_SCRIPT, NULL);

	if (!strcmp(cmd, "start") && nargs == 0) {
		parse_settings(hash);
		return cmd_start();
	}
	if (!strcmp(cmd, "stop") && nargs == 0)
		return cmd_stop();
	if (!strcmp(cmd, "status") && nargs == 0)
		return cmd_status();
	if ((!strcmp(cmd, "primary") || !strcmp(cmd, "backup") ||
	     !strcmp(cmd, "fault")) && nargs == 1)
		return cmd_state(cmd, argv[optind + 1]);
	usage_error("bad command '%s'", cmd);
}

#endif
