/* mnf-server internals: the netlink transport every subsystem answers
 * through, and the subsystem table. */
#ifndef MNF_SRV_H
#define MNF_SRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/netfilter/nfnetlink.h>

/* What the kernel fits in one dump datagram (NLMSG_GOODSIZE, 4 KiB pages). */
#define GOODSIZE	3776
/* Timeouts count in ticks of 4 ms, as the kernel's (CONFIG_HZ=250). */
#define HZ		250

struct obuf {
	struct obuf *next;
	size_t len;
	char data[];		/* struct mnf_hdr + datagram */
};

struct client {
	struct client *next;
	int ctl, data;		/* control connection, server end of data pair */
	int pid;
	uint32_t portid;	/* 0 = not bound yet */
	uint32_t groups;	/* bit g-1 = member of group g */
	bool no_enobufs, cap_ack, ext_ack, broadcast_error;
	bool err_pending;	/* ENOBUFS waiting to be reported */
	int rcvbuf;
	unsigned long events;	/* events delivered (fault: ENOBUFS after N) */
	bool enobufs_faulted;
	struct obuf *qhead, *qtail;	/* replies not yet written */
	size_t qbytes;
	uint64_t q_ready_ms;	/* --delay: queue held until then */
	bool dead;
};

/* Faults and knobs chosen per instance on the command line. */
struct mnf_conf {
	long enobufs_after;	/* -1 = off */
	bool dump_intr;
	long fail_nth;		/* request number that fails, 0 = off */
	int fail_errno;
	long fail_type;		/* nlmsg_type the count is limited to, -1 any */
	unsigned int delay_ms;
	bool corrupt;
	uint32_t corrupt_seed;
	unsigned int corrupt_rate;	/* percent of data messages */
	bool acct, tstamp, labels;
	unsigned int ct_max;
	int ncpu;
};

extern struct mnf_conf conf;
extern struct client *clients;

uint64_t now_ms(void);
uint64_t now_ns(void);		/* CLOCK_REALTIME, for timestamps */
uint64_t jiffies(void);
void clock_freeze(bool on);
extern int cur_pid;		/* pid of the client whose request runs, or 0 */
uint32_t rand32(void);

/* Start a message in buf (room for GOODSIZE bytes): header + nfgenmsg. */
struct nlmsghdr *msg_start(void *buf, uint16_t type, uint16_t flags,
			   uint32_t seq, uint32_t portid, uint8_t family,
			   uint16_t res_id);

/* A request being answered. */
struct req {
	struct client *c;
	const struct nlmsghdr *nlh;
	uint8_t family;		/* nfgen_family */
};

/* One message as its own datagram to the requester. */
void reply_unicast(struct req *r, struct nlmsghdr *nlh);

/* Dumps: messages are packed into GOODSIZE datagrams, then NLMSG_DONE. */
struct dump {
	struct req *r;
	char buf[GOODSIZE];
	size_t len;
};
void dump_begin(struct dump *d, struct req *r);
void dump_add(struct dump *d, struct nlmsghdr *nlh);
void dump_end(struct dump *d);

/* Events to the members of group; origin = the portid that caused them. */
void multicast(unsigned int group, struct nlmsghdr *nlh);

/* Subsystem request handlers return 0 (ACK if asked), -errno, or
 * ANSWERED when they replied themselves and no ACK may follow (dumps). */
#define ANSWERED 1
typedef int (*msg_handler)(struct req *r, struct nlattr **tb);

struct subsys {
	const char *name;
	unsigned int attr_max;	/* tb[] size - 1 of the top level */
	unsigned int nmsg;
	const msg_handler *handlers;	/* by message type, NULL = EOPNOTSUPP */
	void (*tick)(void);	/* timers, may be NULL */
};

extern const struct subsys ss_conntrack, ss_expect, ss_timeout, ss_helper, ss_queue;

/* queue.c */
int queue_inject(struct client *inj, const void *buf, size_t len, char *why, size_t whylen);
void queue_client_gone(struct client *c);

/* Parse attributes after the nfgenmsg into tb[0..max]: -EINVAL if an
 * attribute is malformed (length past the end). */
int parse_attrs(const struct nlmsghdr *nlh, struct nlattr **tb, unsigned int max);
int parse_nested(const struct nlattr *nest, struct nlattr **tb, unsigned int max);
/* Attribute present and at least len bytes long (NLA policy minimum). */
bool attr_ok(const struct nlattr *a, size_t len);

/* ct.c, used by the timeout/helper objects to refuse deleting what is in use */
int ct_count(void);

#endif
