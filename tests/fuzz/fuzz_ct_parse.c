/* Fuzz target: ct_parse() on arbitrary bytes (the nfgenmsg and the
 * attributes) behind a netlink header.  What parses must build back and
 * parse again to the same fields; the key and dump-filter builders must
 * give messages that parse too.  Any difference aborts.
 *
 * Built with clang -fsanitize=fuzzer it is a libFuzzer target; built
 * without (-DFUZZ_REPLAY) it has a main() that replays the files and
 * directories named on the command line, so gcc-only machines can run
 * the corpus. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/netfilter/nfnetlink.h>

#include "ct.h"
#include "ct_cmp.h"

#define OUTSZ 65536

static union {
	char b[OUTSZ];
	struct nlmsghdr h;
} out;

static struct nlmsghdr *start(uint8_t family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(out.b);
	struct nfgenmsg *nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));

	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
	nfg->nfgen_family = family;
	return nlh;
}

static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_ct_parse: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	abort();
}

static void rebuild(const struct ct *a)
{
	struct nlmsghdr *nlh;
	const char *diff;
	struct ct b;

	nlh = start(a->family);
	if (ct_build(nlh, OUTSZ, a) < 0)
		fail("ct_build failed", NULL);
	if (ct_parse(nlh, &b) < 0)
		fail("ct_build output does not parse", NULL);
	diff = ct_cmp_built(a, &b);
	if (diff)
		fail("round trip differs", diff);

	nlh = start(a->family);
	if (ct_build_key(nlh, OUTSZ, a) < 0 || ct_parse(nlh, &b) < 0)
		fail("ct_build_key output does not parse", NULL);
	nlh = start(a->family);
	if (ct_build_dump_filter(nlh, OUTSZ, a, true) < 0 || ct_parse(nlh, &b) < 0)
		fail("ct_build_dump_filter output does not parse", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr *nlh;
	struct ct ct;

	if (size > 0xffff - MNL_NLMSG_HDRLEN)
		return 0;
	/* exactly the message, so the sanitizer sees reads past its end */
	nlh = malloc(MNL_NLMSG_HDRLEN + size);
	if (!nlh)
		return 0;
	memset(nlh, 0, MNL_NLMSG_HDRLEN);
	nlh->nlmsg_len = MNL_NLMSG_HDRLEN + size;
	nlh->nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_NEW;
	memcpy((char *)nlh + MNL_NLMSG_HDRLEN, data, size);
	if (ct_parse(nlh, &ct) == 0) {
		rebuild(&ct);
		/* the name tables take any byte */
		(void)ct_l4_name(ct.orig.l4);
		(void)ct_tcp_state_name(ct.tcp.state);
		(void)ct_sctp_state_name(ct.sctp.state);
		(void)ct_dccp_state_name(ct.dccp.state);
		{
			struct ct_tuple r;

			ct_tuple_invert(&ct.orig, &r);
		}
	}
	free(nlh);
	return 0;
}

#ifdef FUZZ_REPLAY
#include <dirent.h>
#include <sys/stat.h>

static unsigned long replayed;

static void replay_file(const char *path)
{
	static uint8_t buf[0x10000];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		exit(1);
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	replayed++;
}

static void replay(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;

	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	d = opendir(path);
	while (d && (e = readdir(d))) {
		char sub[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		replay(sub);
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		replay(argv[i]);
	printf("PASS: fuzz_ct_parse replay of %lu inputs\n", replayed);
	return 0;
}
#endif
