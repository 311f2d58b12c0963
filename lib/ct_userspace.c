/* The " [USERSPACE] portid=N progname=NAME" suffix conntrack 1.4.7 puts
 * after every event a process caused (the kernel's message carries that
 * process's netlink portid).  The name is found the way a person would:
 * the portid's socket inode in /proc/net/netlink (NETLINK_NETFILTER
 * sockets of this network namespace), the process holding that inode
 * among /proc/PID/fd, its comm from /proc/PID/stat.  The process may be
 * gone by then: the suffix then stops after the portid, as upstream's. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "ct_print.h"

static unsigned long netlink_inode(uint32_t portid)
{
	unsigned long pid, inode, found = 0;
	unsigned int proto;
	char line[256];
	FILE *f;

	f = fopen("/proc/net/netlink", "re");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %u %lu %*s %*s %*s %*s %*s %*s %lu",
			   &proto, &pid, &inode) == 3 &&
		    proto == NETLINK_NETFILTER && pid == portid)
			found = inode;
	}
	fclose(f);
	return found;
}

/* Numbered entries of /proc and /proc/PID/fd; -1 for the others. */
static long number(const char *name)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)*name))
		return -1;
	v = strtol(name, &end, 10);
	return *end ? -1 : v;
}

/* Does process pid hold an fd on target ("socket:[INODE]")? */
static int holds_socket(long pid, const char *target)
{
	char path[64], link[64];
	struct dirent *e;
	int found = 0;
	ssize_t n;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
	d = opendir(path);
	while (d && !found && (e = readdir(d))) {
		if (number(e->d_name) < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/fd/%ld", pid, number(e->d_name));
		n = readlink(path, link, sizeof(link) - 1);
		if (n > 0) {
			link[n] = '\0';
			found = !strcmp(link, target);
		}
	}
	if (d)
		closedir(d);
	return found;
}

/* comm of /proc/PID/stat: between the first '(' and the last ')'. */
static int read_comm(long pid, char *name, size_t size)
{
	char path[64], stat[512], *open, *close;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fread(stat, 1, sizeof(stat) - 1, f);
	fclose(f);
	stat[n] = '\0';
	open = strchr(stat, '(');
	close = strrchr(stat, ')');
	if (!open || !close || close < open || (size_t)(close - open) > size)
		return -1;
	memcpy(name, open + 1, close - open - 1);
	name[close - open - 1] = '\0';
	return 0;
}

/* A flush makes one event per entry with the same portid: the name found
 * for a socket is kept while that socket (its inode) still exists, so
 * only the cheap /proc/net/netlink lookup is repeated. */
static struct {
	unsigned long inode;
	char name[64];
} cache;

static int progname(uint32_t portid, char *name, size_t size)
{
	unsigned long inode = netlink_inode(portid);
	char target[32];
	struct dirent *e;
	int found = -1;
	DIR *d;

	if (!inode)
		return -1;
	if (inode == cache.inode) {
		snprintf(name, size, "%s", cache.name);
		return 0;
	}
	snprintf(target, sizeof(target), "socket:[%lu]", inode);
	d = opendir("/proc");
	while (d && found < 0 && (e = readdir(d))) {
		long pid = number(e->d_name);

		if (pid > 0 && holds_socket(pid, target))
			found = read_comm(pid, name, size);
	}
	if (d)
		closedir(d);
	if (found == 0) {
		cache.inode = inode;
		snprintf(cache.name, sizeof(cache.name), "%s", name);
	}
	return found;
}

int ct_userspace_suffix(char *buf, size_t size, uint32_t portid)
{
	char name[64];

	if (!portid) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	if (progname(portid, name, sizeof(name)) == 0)
		return snprintf(buf, size, " [USERSPACE] portid=%u progname=%s",
				portid, name);
	return snprintf(buf, size, " [USERSPACE] portid=%u", portid);
}
