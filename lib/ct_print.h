/* Printing conntrack entries: one walk over an entry writes any format
 * (text as conntrack -L prints it, xml, save, json) so the formats cannot
 * drift apart.  Output goes to a caller buffer so the dump path does no
 * allocation; the caller fwrite()s it. */
#ifndef CTBOX_CT_PRINT_H
#define CTBOX_CT_PRINT_H

#include <stddef.h>
#include "ct.h"

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
	CT_OPT_LABELS		= 1 << 3,	/* a label map is loaded */
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

/* Label number -> name map (connlabel.conf).  names[i] NULL if unnamed. */
struct ct_labelmap {
	const char *names[CT_LABEL_BYTES * 8];
};

/* Write one entry, without the trailing newline, into buf (NUL
 * terminated, truncated to size).  Returns the length the full line has,
 * like snprintf, so the caller can grow buf and retry. */
int ct_snprint(char *buf, size_t size, const struct ct *ct, enum ct_msg msg,
	       enum ct_fmt fmt, unsigned int opts, const struct ct_labelmap *lm);

/* XML document header / footer as conntrack prints them. */
extern const char ct_xml_header[];	/* "<?xml ...>\n<conntrack>\n" */
extern const char ct_xml_footer[];	/* "</conntrack>\n" */

/* Load a label map; returns NULL and sets errno when the file is missing. */
struct ct_labelmap *ct_labelmap_load(const char *path);
void ct_labelmap_free(struct ct_labelmap *lm);
/* Bit number of a label name, or -1. */
int ct_labelmap_bit(const struct ct_labelmap *lm, const char *name);

#endif
