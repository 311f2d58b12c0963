/* Fuzz target for the printers.  The first byte picks what the rest is:
 *   0-127    a ctnetlink message body for ct_parse(); what parses is
 *            printed in the format, message kind and options the second
 *            and third bytes choose
 *   128-191  the raw bytes of a struct ct_exp, printed by exp_snprint()
 *   192-255  a connlabel.conf for ct_labelmap_load()
 * Every print is done twice, into a large buffer and into a small one
 * whose size the input chooses: lengths must agree, the small one must be
 * a NUL terminated prefix, json must be valid JSON.  Any difference
 * aborts.  Without libFuzzer (-DFUZZ_REPLAY) replay.h's main() replays
 * files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>

#include "ct.h"
#include "ct_print.h"
#include "json_check.h"

static char big[65536], small[256];
static struct ct_labelmap *lm;

static void fail(const char *what, const char *line)
{
	fprintf(stderr, "fuzz_ct_print: %s\n  %s\n", what, line);
	abort();
}

/* Both prints of one entry must agree. */
static void check(int n, int m, size_t size, enum ct_fmt fmt)
{
	if (n < 0)
		fail("negative length", big);
	if ((size_t)n != strlen(big) || m != n)
		fail("length differs from the line", big);
	if (size && (strlen(small) != (size_t)n && strlen(small) != size - 1))
		fail("truncated line has the wrong length", small);
	if (size && strncmp(small, big, strlen(small)))
		fail("truncated line is not a prefix", small);
	if (fmt == CT_FMT_JSON && !json_valid(big))
		fail("invalid json", big);
}

static void print_ct(const struct ct *ct, const uint8_t *pick)
{
	enum ct_fmt fmt = pick[0] % 4;
	enum ct_msg msg = (pick[0] >> 2) % 5;
	unsigned int opts = pick[1] & 31;
	const struct ct_labelmap *map = pick[1] & 32 ? lm : NULL;
	size_t size = pick[1] >> 6 ? pick[0] % sizeof(small) : 0;
	int n, m;

	n = ct_snprint(big, sizeof(big), ct, msg, fmt, opts, map);
	m = ct_snprint(small, size, ct, msg, fmt, opts, map);
	if (n == CT_SAVE_BAD_L3 && m == n && fmt == CT_FMT_SAVE && !big[0])
		return;
	check(n, m, size, fmt);
}

static void fuzz_message(const uint8_t *data, size_t size)
{
	struct nlmsghdr *nlh;
	struct ct ct;

	if (size < 2 || size > 0xffff - MNL_NLMSG_HDRLEN)
		return;
	/* exactly the message, so the sanitizer sees reads past its end */
	nlh = malloc(MNL_NLMSG_HDRLEN + size - 2);
	if (!nlh)
		return;
	memset(nlh, 0, MNL_NLMSG_HDRLEN);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + size - 2;
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
	memcpy((char *)nlh + MNL_NLMSG_HDRLEN, data + 2, size - 2);
	if (ct_parse(nlh, &ct) == 0)
		print_ct(&ct, data);
	free(nlh);
}

static void fuzz_exp(const uint8_t *data, size_t size)
{
	struct ct_exp e;
	enum ct_fmt fmt;
	size_t cut;
	int n, m;

	if (size < 2 + sizeof(e))
		return;
	fmt = data[0] % 4;
	cut = data[1] % sizeof(small);
	memcpy(&e, data + 2, sizeof(e));
	n = exp_snprint(big, sizeof(big), &e, data[1] % 5, fmt, data[0] & 16 ? CT_OPT_TIMESTAMP : 0);
	m = exp_snprint(small, cut, &e, data[1] % 5, fmt, data[0] & 16 ? CT_OPT_TIMESTAMP : 0);
	check(n, m, cut, fmt);
}

/* The loader takes a path: give it a memfd's. */
static struct ct_labelmap *load_map(const void *text, size_t size)
{
	static int fd = -1;
	char path[64];

	if (fd < 0)
		fd = memfd_create("connlabel", 0);
	if (fd < 0 || ftruncate(fd, 0) < 0 ||
	    pwrite(fd, text, size, 0) != (ssize_t)size)
		return NULL;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return ct_labelmap_load(path);
}

static void fuzz_labelmap(const uint8_t *data, size_t size)
{
	struct ct_labelmap *m = load_map(data, size);
	unsigned int i;

	if (!m)
		return;
	for (i = 0; i < m->count; i++) {
		const char *name = m->names[m->order[i]];

		if (!name || !*name)
			fail("labelmap: empty name", "");
		if (ct_labelmap_bit(m, name) < 0)
			fail("labelmap: a loaded name is not found", name);
	}
	ct_labelmap_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char map[] = "0 zero\n1 eth0-in\n3 hex-three\n5 lead\n127 top\n";

	if (!lm) {
		/* both prints of an entry must see the same "now" */
		struct timeval tv = { .tv_sec = 1795620000, .tv_usec = 5 };

		ct_print_set_time(&tv);
		lm = load_map(map, sizeof(map) - 1);
	}
	if (!size)
		return 0;
	if (data[0] < 128)
		fuzz_message(data, size);
	else if (data[0] < 192)
		fuzz_exp(data + 1, size - 1);
	else
		fuzz_labelmap(data + 1, size - 1);
	return 0;
}

#define FUZZ_NAME "fuzz_ct_print"
#include "replay.h"
