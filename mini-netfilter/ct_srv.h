/* The conntrack table of mnf-server, shared by ct.c and the subsystems
 * that refer to entries (expectations, queue). */
#ifndef MNF_CT_SRV_H
#define MNF_CT_SRV_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#ifndef CTA_FILTER
#define CTA_FILTER 25
#endif
#ifndef CTA_STATUS_MASK
#define CTA_STATUS_MASK 26
#endif
#ifndef CTA_TIMESTAMP_EVENT
#define CTA_TIMESTAMP_EVENT 27
#endif
#undef CTA_MAX
#define CTA_MAX CTA_TIMESTAMP_EVENT
#ifndef CTA_FILTER_MAX
#define CTA_FILTER_ORIG_FLAGS 1
#define CTA_FILTER_REPLY_FLAGS 2
#define CTA_FILTER_MAX 2
#endif
#ifndef CTA_STATS_CLASH_RESOLVE
#define CTA_STATS_CLASH_RESOLVE 14
#endif
#ifndef CTA_STATS_CHAIN_TOOLONG
#define CTA_STATS_CHAIN_TOOLONG 15
#endif

/* Tuple fields, as the kernel's CTA_FILTER flag bits. */
#define TF_SRC		(1u << 0)
#define TF_DST		(1u << 1)
#define TF_ZONE		(1u << 2)
#define TF_PROTO	(1u << 3)
#define TF_SPORT	(1u << 4)
#define TF_DPORT	(1u << 5)
#define TF_ICMP_TYPE	(1u << 6 | 1u << 9)
#define TF_ICMP_CODE	(1u << 7 | 1u << 10)
#define TF_ICMP_ID	(1u << 8 | 1u << 11)
#define TF_L4_ALL	(TF_SPORT | TF_DPORT | TF_ICMP_TYPE | TF_ICMP_CODE | TF_ICMP_ID)
#define TF_FILTER_ALL	((1u << 12) - 1)
#define TF_ALL		TF_FILTER_ALL

#define CT_LABEL_LEN	16

union addr {
	uint32_t v4;
	uint32_t all[4];
};

/* nf_conntrack_tuple: ICMP keeps the id in sport, type << 8 | code in
 * dport; ports are host order. */
struct tup {
	union addr src, dst;
	uint16_t sport, dport;
	uint8_t l3, l4;
};

struct zone {
	uint16_t id;
	uint8_t dir;		/* 1 orig, 2 reply, 3 both (CTA_ZONE) */
};

struct entry;
struct hnode {
	struct hnode *next;
	struct entry *e;
	uint8_t dir;
};

struct entry {
	struct tup t[2];
	struct hnode hn[2];	/* hash chains, one per direction */
	size_t idx;		/* in table[] */
	struct zone zone;
	uint32_t status, mark, secmark, id;
	uint64_t expires;	/* jiffies */
	uint64_t set_tick;	/* when the timeout was last set, and by */
	int set_pid;		/* which client process */
	uint8_t state;		/* tcp or sctp */
	uint8_t wscale[2], tflags[2];
	uint32_t vtag[2];
	char helper[16];
	uint16_t priv_len;	/* the helper's private data */
	uint8_t priv[256];
	bool has_labels;	/* label extension present */
	uint8_t labels[CT_LABEL_LEN];
	uint64_t pkts[2], bytes[2];
	uint64_t tstart, tstop;	/* ns */
};

struct filter {
	uint8_t family;
	uint32_t mark, mark_mask, status, status_mask;
	struct zone zone;
	uint32_t flags[2];
	struct tup t[2];
};

enum { EV_NEW, EV_UPDATE, EV_DESTROY };

extern struct entry **table;
extern size_t nentries;

bool l4_has_ports(uint8_t l4);
int parse_tuple(const struct nlattr *nest, struct tup *t, uint8_t l3,
		uint32_t flags, int dir, struct zone *z);
int parse_zone(const struct nlattr *a, struct zone *z);
struct entry *ct_find(const struct tup *t, const struct zone *z);
void tup_invert(const struct tup *t, struct tup *out);
bool filter_match(const struct filter *f, const struct entry *e);
void ct_event(struct entry *e, int what, uint32_t portid);
void put_tuple(struct nlmsghdr *nlh, int type, const struct tup *t,
	       const struct zone *z, int dir);
uint32_t be32_at(const struct nlattr *a);

/* expect.c */
int exp_create(struct entry *master, struct nlattr **tb, uint8_t l3,
	       uint32_t portid, bool glue);
void exp_master_gone(struct entry *master);

/* helper.c: a user-space helper by name for an l3/l4 pair */
struct helper_policy {
	uint32_t nclasses, priv_len, queue;
	uint32_t max[4], timeout[4];
};
struct req;
void ct_put_glue(struct nlmsghdr *nlh, const struct entry *e);
int ct_glue_update(struct entry *e, const struct nlattr *nest);
struct entry *ct_for_inject(struct nlattr **tb, uint8_t l3, struct req *r, int *err);
/* queue.c: capture of what a verdict created, for the injector */
void queue_note_expect(const struct entry *master, const char *text);

bool helper_find(const char *name, uint16_t l3, uint8_t l4,
		 struct helper_policy *out);

#endif
