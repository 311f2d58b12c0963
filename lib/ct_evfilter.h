/* conntrack -E's filter, also in the kernel: a classic BPF socket filter
 * on the event socket that drops events the user-space filter
 * (ct_filter.h) would drop anyway, so they are never queued (issue 3).
 * The program is conservative: whatever it cannot express exactly, and
 * anything that is not a single conntrack event, it accepts. */
#ifndef CTBOX_CT_EVFILTER_H
#define CTBOX_CT_EVFILTER_H

#include <linux/filter.h>
#include "ct_filter.h"

#define CT_EVFILTER_MAX	128	/* instructions */

/* Build the program for f into prog (room for CT_EVFILTER_MAX).  Returns
 * the number of instructions, 0 when nothing would be dropped. */
int ct_evfilter_build(const struct ct_filter *f, struct sock_filter *prog);

/* Build and attach to socket fd; failures are ignored ("where
 * possible"): the user-space filter still decides. */
void ct_evfilter_attach(const struct ct_filter *f, int fd);

#endif
