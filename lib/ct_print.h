/* Printing conntrack entries: one walk over an entry writes any format
 * (text as conntrack -L prints it, xml, save, json) so the formats cannot
 * drift apart.  Output goes to a caller buffer so the dump path does no
 * allocation; the caller fwrite()s it. */
#ifndef CTBOX_CT_PRINT_H
#define CTBOX_CT_PRINT_H

#include <stddef.h>
#include <sys/time.h>
#include <linux/netlink.h>
#include "ct.h"
#include "exp.h"

enum ct_fmt {
	CT_FMT_DEFAULT,		/* spec §2.1 */
	CT_FMT_XML,		/* spec §2.2, one <flow> line */
	CT_FMT_SAVE,		/* spec §2.3, "-A ..." */
	CT_FMT_JSON,		/* one JSON object, ctbox's own */
};

/* Modifiers of -o, as bits. */
enum {
	CT_OPT_EXTENDED		= 1 << 0,	/* layer-3 column */
	CT_OPT_ID		= 1 << 1,
	CT_OPT_KTIMESTAMP	= 1 << 2,
	CT_OPT_LABELS		= 1 << 3,	/* -o labels; printers print labels
						 * whenever lm is passed */
	CT_OPT_TIMESTAMP	= 1 << 4,	/* events: time prefix / <when> */
};

/* Message kind for the event prefix / save verb. */
enum ct_msg {
	CT_MSG_DUMP,		/* no prefix; save: -A */
	CT_MSG_NEW,
	CT_MSG_UPDATE,
	CT_MSG_DESTROY,
	CT_MSG_DELETE,		/* entries printed by -D: no prefix; save: -D */
};

/* The kind of an event message (spec 1.9): NEW with NLM_F_CREATE is
 * CT_MSG_NEW, NEW without it CT_MSG_UPDATE, DELETE CT_MSG_DESTROY; the
 * same for expectation events (their message numbers are the same). */
enum ct_msg ct_event_msg(const struct nlmsghdr *nlh);

/* connlabel.conf allows bits 0-1023 although the kernel stores 128. */
#define CT_LABELMAP_BITS 1024

/* Label number -> name map (connlabel.conf).  names[i] NULL if unnamed;
 * the strings live in the same allocation.  order[] lists the named bits
 * as the file defines them: a name used twice means its first line. */
struct ct_labelmap {
	const char *names[CT_LABELMAP_BITS];
	uint16_t order[CT_LABELMAP_BITS];
	unsigned int count;		/* entries in order[] */
};

/* Write one entry, without the trailing newline, into buf (NUL
 * terminated, truncated to size).  Pass lm only when conntrack would have
 * loaded the label map (-o labels, -l, --label-add, --label-del): text and
 * xml then show the entry's labels.  Returns the length the full line has,
 * like snprintf, so the caller can grow buf and retry.
 *
 * CT_FMT_SAVE cannot express entries that are neither IPv4 nor IPv6:
 * then buf is "" and the return is CT_SAVE_BAD_L3 (negative); conntrack
 * prints "WARNING: unsupported l3proto %d, skipping." (l3 number =
 * ct_l3num(ct)) to stderr and an empty line to stdout. */
#define CT_SAVE_BAD_L3 (-1)
int ct_snprint(char *buf, size_t size, const struct ct *ct, enum ct_msg msg,
	       enum ct_fmt fmt, unsigned int opts, const struct ct_labelmap *lm);

/* Layer-3 protocol of the entry as printers see it (orig tuple, else the
 * message family). */
unsigned int ct_l3num(const struct ct *ct);

/* The "[SECONDS.MICROSECONDS]\t" prefix of conntrack -E -o timestamp
 * (seconds at least 8 digits, microseconds 6, both zero padded).  Returns
 * its length like snprintf. */
int ct_timestamp_prefix(char *buf, size_t size, const struct timeval *tv);

/* What conntrack 1.4.7 appends to an event whose message has a nonzero
 * nlmsg_pid (a process caused it): " [USERSPACE] portid=N", then
 * " progname=NAME" if that process is found through /proc (the caller's
 * network namespace).  "" for portid 0.  Returns the length like
 * snprintf.  Reads /proc: call it only for such events. */
int ct_userspace_suffix(char *buf, size_t size, uint32_t portid);

/* Pin the clock the printers read (delta-time, <when>, json "time") for
 * reproducible output; NULL returns to the real clock. */
void ct_print_set_time(const struct timeval *tv);

/* XML document header / footer as conntrack prints them. */
extern const char ct_xml_header[];	/* "<?xml ...>\n<conntrack>\n" */
extern const char ct_xml_footer[];	/* "</conntrack>\n" */

/* Load a label map (spec 1.13 rules); returns NULL and sets errno when the
 * file cannot be opened or memory runs out. */
struct ct_labelmap *ct_labelmap_load(const char *path);
void ct_labelmap_free(struct ct_labelmap *lm);
/* Bit number of a label name (of the first line naming it), or -1. */
int ct_labelmap_bit(const struct ct_labelmap *lm, const char *name);
/* Set / test bit b of a label bitmap as the kernel keeps it: an array of
 * host-order u32 words, bit b is bit b % 32 of word b / 32 (the same as
 * byte b / 8, bit b % 8 only on little-endian CPUs).  len: bytes. */
void ct_labels_set_bit(uint8_t *bits, unsigned int b);
int ct_labels_bit(const uint8_t *bits, size_t len, unsigned int b);

/* --- expectations (spec 2.4) --------------------------------------- */

/* Write one expectation like ct_snprint.  CT_FMT_DEFAULT and CT_FMT_SAVE
 * give conntrack's line (it has no save format for expectations and
 * ignores extended/id/ktimestamp/labels there), CT_FMT_XML one <flow>,
 * CT_FMT_JSON ctbox's object (doc/json.md).  opts: only CT_OPT_TIMESTAMP
 * matters (xml <when>, json "time"). */
int exp_snprint(char *buf, size_t size, const struct ct_exp *exp,
		enum ct_msg msg, enum ct_fmt fmt, unsigned int opts);

extern const char exp_xml_header[];	/* "<?xml ...>\n<expect>\n" */
extern const char exp_xml_footer[];	/* "</expect>\n" */

/* "[SECONDS.MICROSECONDS]\t" of conntrack -E expect -o timestamp:
 * "%-8ld.%-6ld", so microseconds are blank padded on the right. */
int exp_timestamp_prefix(char *buf, size_t size, const struct timeval *tv);

#endif
