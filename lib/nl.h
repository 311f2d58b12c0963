/* Netlink transport over libmnl: one socket object for every applet.
 *
 * A request goes out with nl_talk(); replies (dump parts, a GET answer, the
 * ACK) are read until the one that ends the request.  Many requests go out
 * together with the nl_batch_* calls: one sendmsg(), then the ACKs/errors
 * are drained and matched back to the requests by sequence number. */
#ifndef CTBOX_NL_H
#define CTBOX_NL_H

#include <stdint.h>
#include <stdbool.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/netfilter/nfnetlink.h>

struct nl {
	struct mnl_socket *sk;
	uint32_t portid;
	uint32_t seq;		/* sequence number of the next request */
	bool dump_intr;		/* a dump was marked NLM_F_DUMP_INTR */
	char ext_msg[128];	/* kernel's extended-ACK text of the last error, or "" */
	char *buf;		/* receive buffer, bufsz bytes */
	size_t bufsz;
};

/* Open and bind a socket of netlink family bus (NETLINK_NETFILTER, ...)
 * joined to the multicast groups in the bitmask (0 = none).  Sets
 * NETLINK_EXT_ACK and NETLINK_CAP_ACK where the kernel has them.
 * Returns 0 or -errno. */
int nl_open(struct nl *nl, int bus, unsigned int groups);
void nl_close(struct nl *nl);

/* Join one more multicast group by number (NETLINK_ADD_MEMBERSHIP). */
int nl_join(struct nl *nl, unsigned int group);

/* Ask for a receive buffer of bytes (SO_RCVBUFFORCE, else SO_RCVBUF).
 * Returns the size the kernel reports back afterwards, or -errno. */
int nl_set_rcvbuf(struct nl *nl, int bytes);

/* Start a nfnetlink message in buf: header of type (subsys << 8 | msg),
 * NLM_F_REQUEST | flags, and the nfgenmsg with family.  The sequence number
 * is filled in when the message is sent. */
struct nlmsghdr *nfnl_msg(void *buf, uint8_t subsys, uint8_t msg,
			  uint16_t flags, uint8_t family);

/* Send req and read replies until the ACK, NLMSG_DONE or an error that
 * ends it.  cb (may be NULL) is run for every data message; when it returns
 * MNL_CB_STOP the rest of the answer is read and thrown away; MNL_CB_ERROR
 * ends the call with -errno (cb sets errno; EBADMSG if it did not).
 * Returns 0 or -errno (the kernel's error: its text, if any, is in
 * nl->ext_msg). */
int nl_talk(struct nl *nl, struct nlmsghdr *req, mnl_cb_t cb, void *data);

/* Error code of an NLMSG_ERROR message (0 = ACK, -EBADMSG if cut short);
 * an error's text from the kernel is kept in nl->ext_msg. */
int nl_msg_error(struct nl *nl, const struct nlmsghdr *nlh);

/* Send req without waiting for anything. */
int nl_send(struct nl *nl, struct nlmsghdr *req);

/* Wait for a datagram of unsolicited messages (events), then take the
 * ones already queued behind it (a bounded number), and run cb on each
 * message.  Returns the number of messages, or -errno (-ENOBUFS: events
 * were lost; the messages before it were passed to cb). */
int nl_recv_events(struct nl *nl, mnl_cb_t cb, void *data);

/* Batches: build requests back to back, send them in one sendmsg().  Only
 * errors and the last request are acknowledged (netlink processes the
 * messages of one sendmsg in order, so the last ACK means all are done). */
struct nl_batch {
	struct nl *nl;
	char *buf;
	size_t cap, len;
	uint32_t first_seq;
	unsigned int count;
	/* called once per failed request: index in the batch since
	 * nl_batch_init (counted over all flushes), -errno */
	void (*on_error)(unsigned int index, int err, void *data);
	/* optional: called for each answer that is not an ACK/error (the
	 * entry a batched GET reads back), same index and data */
	void (*on_data)(unsigned int index, const struct nlmsghdr *nlh, void *data);
	void *data;
	unsigned int sent;	/* requests sent so far */
	unsigned int failed;	/* requests the kernel refused so far */
};

void nl_batch_init(struct nl_batch *b, struct nl *nl, size_t cap,
		   void (*on_error)(unsigned int, int, void *), void *data);
/* Room for the next message (at least 8 KiB are always free). */
void *nl_batch_tail(struct nl_batch *b);
/* The message at nl_batch_tail() is complete: number it.  Sends the batch
 * first when it is full or holds max_msgs requests.  Returns 0 or -errno
 * (transport failure, not a refused request). */
int nl_batch_push(struct nl_batch *b, unsigned int max_msgs);
/* Send what is pending and wait for its answers.  Returns 0 or -errno. */
int nl_batch_flush(struct nl_batch *b);
void nl_batch_free(struct nl_batch *b);

#endif
