/* mini-netfilter: what the shim (libmnf.so) and the server (mnf-server)
 * say to each other.
 *
 * Every NETLINK_NETFILTER socket a program opens becomes two AF_UNIX
 * SOCK_SEQPACKET sockets: the program's fd is one end of a socketpair
 * whose other end the server holds (data channel: replies and events
 * arrive there, so poll/select/epoll on it just work), and a hidden
 * control connection to the server over which the shim sends the
 * program's requests and socket options and waits until the server has
 * processed them (netlink sendmsg() is synchronous: the answer is queued
 * before the call returns).
 *
 * Each seqpacket message starts with a struct mnf_hdr. */
#ifndef MNF_H
#define MNF_H

#include <stdint.h>

#define MNF_ENV_SOCK	"MNF_SOCK"	/* path of the server's socket */

enum mnf_kind {
	/* shim -> server, control channel */
	MNF_HELLO = 1,	/* arg = pid; SCM_RIGHTS: server's end of the data pair */
	MNF_BIND,	/* arg = wanted portid (0 = auto); u32 groups follow */
	MNF_SETOPT,	/* arg = option (enum mnf_opt); int value follows */
	MNF_SEND,	/* arg = 0; netlink bytes follow */
	MNF_INJECT,	/* mnf-inject: a packet for NFQUEUE (queue.c) */
	/* server -> shim, control channel: arg = result (>= 0) or -errno */
	MNF_REPLY,
	/* server -> program, data channel */
	MNF_DATA,	/* arg = nl_groups of the sender address; bytes follow */
	MNF_ERROR,	/* arg = errno the next receive fails with */
};

enum mnf_opt {
	MNF_OPT_ADD_MEMBERSHIP = 1,
	MNF_OPT_DROP_MEMBERSHIP,
	MNF_OPT_NO_ENOBUFS,
	MNF_OPT_RCVBUF,		/* value in bytes, as the kernel stores it */
	MNF_OPT_CAP_ACK,
	MNF_OPT_EXT_ACK,
	MNF_OPT_BROADCAST_ERROR,
};

struct mnf_hdr {
	uint32_t kind;
	int32_t arg;
};

#endif
