/* ctbox: conntrack-tools as one multicall binary.  Dispatch on the name
 * we were called by, or on the first argument of "ctbox APPLET ...". */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "config.h"
#include "applets.h"

#if CTBOX_CONFIG_VERSION != 3
#error "config.h is older than config.def.h: merge the new settings into config.h (or delete it to start again)"
#endif

struct applet {
	const char *name;
	int (*main)(int argc, char **argv);
};

/* Sorted by name: looked up with bsearch. */
static const struct applet applets[] = {
#if APPLET_CLUSTERIP
	{ "clusterip", clusterip_main },
#endif
#if APPLET_CONNTRACK
	{ "conntrack", conntrack_main },
#endif
#if APPLET_CONNTRACKD
	{ "conntrackd", conntrackd_main },
#endif
#if APPLET_NFCT
	{ "nfct", nfct_main },
#endif
	{ NULL, NULL }	/* keeps the array non-empty when all are left out */
};
#define NAPPLETS (sizeof(applets) / sizeof(applets[0]) - 1)

static int cmp_applet(const void *key, const void *elem)
{
	return strcmp(key, ((const struct applet *)elem)->name);
}

static const struct applet *find_applet(const char *name)
{
	return bsearch(name, applets, NAPPLETS, sizeof(applets[0]), cmp_applet);
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "ctbox v%s: conntrack-tools %s in one binary\n"
		"Usage: ctbox APPLET [ARGS...] | --list | --install [-s] DIR\n"
		"Applets:", CTBOX_VERSION, COMPAT_VERSION);
	for (i = 0; i < NAPPLETS; i++)
		fprintf(f, " %s", applets[i].name);
	fputc('\n', f);
}

/* Link every applet name in dir to this binary. */
static int install_links(const char *dir, int symbolic)
{
	char self[4096], path[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	size_t i;
	int ret = 0;

	if (n < 0) {
		fprintf(stderr, "ctbox: /proc/self/exe: %s\n", strerror(errno));
		return 1;
	}
	self[n] = '\0';
	for (i = 0; i < NAPPLETS; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, applets[i].name);
		unlink(path);
		if ((symbolic ? symlink(self, path) : link(self, path)) < 0) {
			fprintf(stderr, "ctbox: %s: %s\n", path, strerror(errno));
			ret = 1;
		}
	}
	return ret;
}

static int ctbox_main(int argc, char **argv)
{
	const struct applet *a;
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--list")) {
		for (i = 0; i < NAPPLETS; i++)
			puts(applets[i].name);
		return 0;
	}
	if (!strcmp(argv[1], "--install")) {
		int sym = argc > 2 && !strcmp(argv[2], "-s");

		if (argc != 3 + sym) {
			fputs("ctbox: usage: ctbox --install [-s] DIR\n", stderr);
			return 2;
		}
		return install_links(argv[2 + sym], sym);
	}
	a = find_applet(argv[1]);
	if (!a) {
		fprintf(stderr, "ctbox: %s: applet not found\n", argv[1]);
		return 127;
	}
	return a->main(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	const struct applet *a;
	char *name = basename(argv[0]);

	a = find_applet(name);
	if (a)
		return a->main(argc, argv);
	if (!strcmp(name, "ctbox") || !strncmp(name, "ctbox", 5))
		return ctbox_main(argc, argv);
	fprintf(stderr, "ctbox: %s: applet not found\n", name);
	return 127;
}
