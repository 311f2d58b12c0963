/* Helpers shared by the benchmark programs (not part of ctbox).
 *
 * The floors and the filler build their ctnetlink messages here, with
 * libmnl directly, so that they measure the kernel and not ctbox's codec. */
#ifndef CTBOX_BENCH_H
#define CTBOX_BENCH_H

#include <stdint.h>
#include <libmnl/libmnl.h>
#include "ct.h"
#include "nl.h"

/* Kernel's CTA_FILTER_ORIG_FLAGS bits (nf_conntrack_netlink.c; not in the
 * UAPI headers).  Checked against the kernel by tests/bench.test. */
#define FILTER_IP_SRC		(1U << 0)
#define FILTER_IP_DST		(1U << 1)
#define FILTER_TUPLE_ZONE	(1U << 2)
#define FILTER_PROTO_NUM	(1U << 3)
#define FILTER_PROTO_SPORT	(1U << 4)
#define FILTER_PROTO_DPORT	(1U << 5)

/* Dump selection shared by floor_dump and floor_delete. */
struct sel {
	uint8_t family;		/* nfgen_family: AF_UNSPEC = both */
	uint8_t l4;		/* 0 = any */
	int dport;		/* -1 = any */
	int has_mark;
	uint32_t mark, mark_mask;
};

/* Parse "tcp", "udp", ... or a number; -1 if unknown. */
int l4_from_name(const char *s);
/* "ipv4"/"ipv6" -> AF_*; -1 if unknown. */
int family_from_name(const char *s);
/* "V[/M]" (strtoul base 0); -1 on junk. */
int parse_mark(const char *s, uint32_t *mark, uint32_t *mask);
/* Positive decimal count; dies on junk. */
unsigned long parse_count(const char *s, const char *what);
/* The selection options both floors take: -f FAMILY, -p PROTO, -d PORT,
 * -m MARK[/MASK].  Dies on a bad value. */
void sel_option(int opt, const char *arg, struct sel *sel);

/* Append a CTA_TUPLE_ORIG / _REPLY nest with the fields t->has names. */
void put_tuple(struct nlmsghdr *nlh, uint16_t type, const struct ct_tuple *t);
/* Kernel-side dump filter for sel (mark/mask, CTA_FILTER tuple). */
void put_sel(struct nlmsghdr *nlh, const struct sel *sel);

/* Dump request for sel into buf. */
struct nlmsghdr *dump_request(void *buf, const struct sel *sel);

/* Run the dump for sel (one per family when the kernel needs that),
 * cb on every entry.  Returns 0 or -errno as nl_talk(). */
int sel_dump(struct nl *nl, const struct sel *sel, mnl_cb_t cb, void *data);

/* Open a ctnetlink socket with a large receive buffer; dies on failure. */
void bench_open(struct nl *nl, unsigned int groups, int rcvbuf);

/* Seconds since an arbitrary start (CLOCK_MONOTONIC). */
double now(void);

#endif
