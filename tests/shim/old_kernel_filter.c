/* LD_PRELOAD shim: play a kernel older than the dump filter flags ctbox
 * sends.  Every conntrack dump request that carries CTA_FILTER gets an
 * orig-flags bit no kernel knows, so the running kernel answers it the
 * way an older one answers a flag it lacks: EOPNOTSUPP.  Each dump
 * request is logged to $SHIM_LOG as "filter" or "plain".  SHIM_PASS=1
 * only logs (the kernel path, seen from outside).  Test only. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>

static void note(const char *what)
{
	const char *path = getenv("SHIM_LOG");
	FILE *f = path ? fopen(path, "a") : NULL;

	if (f) {
		fprintf(f, "%s\n", what);
		fclose(f);
	}
}

/* Returns the attribute of type in [p, p + len), or NULL. */
static struct nlattr *find_attr(char *p, size_t len, unsigned int type)
{
	while (len >= NLA_HDRLEN) {
		struct nlattr *a = (struct nlattr *)p;
		size_t step = NLA_ALIGN(a->nla_len);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		if (step >= len)
			return NULL;
		p += step;
		len -= step;
	}
	return NULL;
}

static void mangle(char *buf, size_t len)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlattr *f, *of;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg));

	if (len < off || nlh->nlmsg_len > len ||
	    nlh->nlmsg_type != ((NFNL_SUBSYS_CTNETLINK << 8) | IPCTNL_MSG_CT_GET) ||
	    !(nlh->nlmsg_flags & NLM_F_DUMP))
		return;
	f = find_attr(buf + off, nlh->nlmsg_len - off, CTA_FILTER);
	if (!f) {
		note("plain");
		return;
	}
	note("filter");
	if (getenv("SHIM_PASS"))
		return;
	of = find_attr((char *)f + NLA_HDRLEN, f->nla_len - NLA_HDRLEN,
		       CTA_FILTER_ORIG_FLAGS);
	if (of && of->nla_len >= NLA_HDRLEN + 4) {
		uint32_t v;

		memcpy(&v, (char *)of + NLA_HDRLEN, 4);
		v |= 1U << 31;
		memcpy((char *)of + NLA_HDRLEN, &v, 4);
	}
}

ssize_t sendto(int fd, const void *buf, size_t len, int flags,
	       const struct sockaddr *to, socklen_t tolen)
{
	static ssize_t (*real)(int, const void *, size_t, int,
			       const struct sockaddr *, socklen_t);
	char copy[65536];

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t, int,
				    const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "sendto");
	if (len > sizeof(copy))
		return real(fd, buf, len, flags, to, tolen);
	memcpy(copy, buf, len);
	mangle(copy, len);
	return real(fd, copy, len, flags, to, tolen);
}
