/* ctbox compile-time configuration.  Copy to config.h (the build does it
 * on first run) and edit there; config.h is never committed. */

/* Bump when this file changes so an old config.h fails loudly. */
#define CTBOX_CONFIG_VERSION 3

/* Applets: 1 = built in, 0 = left out of the binary entirely. */
#define APPLET_CLUSTERIP	1
#define APPLET_CONNTRACK	1
#define APPLET_CONNTRACKD	0
#define APPLET_NFCT		1

/* Version of conntrack-tools whose behaviour we reproduce. */
#define COMPAT_VERSION		"1.4.7"

/* Label map read by conntrack -l/--label-add/-o labels. */
#define CONNLABEL_CONF		"/etc/xtables/connlabel.conf"

/* Netlink receive buffer size for dumps (one recv() call). Larger means
 * fewer system calls on big tables; must hold at least one message. */
#define NL_DUMP_BUFSIZE		(64 * 1024)

/* Socket receive buffer asked of the kernel for dumps and batches. */
#define NL_RCVBUF		(4 * 1024 * 1024)

/* Messages sent per sendmsg() in batched deletes/updates/loads. */
#define NL_BATCH_MSGS		256

/* clusterip: settings file read when -c is not given. */
#define CLUSTERIP_CONF		"/etc/ctbox/clusterip.conf"

/* clusterip: name of its nf_tables tables (one ip, one arp family). */
#define CLUSTERIP_TABLE		"clusterip"

/* clusterip: how a flow's node is found.  0 = auto: nf_tables' own jhash
 * where it equals xt_cluster's hash (little-endian CPUs), else the
 * kernel's xt_cluster match run through nft_compat; 1 = always jhash;
 * 2 = always xt_cluster. */
#define CLUSTERIP_HASH		0
