#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>

#include "netdev.h"

/* The ioctls want any socket; a datagram one needs no privilege to open. */
static int ifreq_ioctl(unsigned long req, const char *ifname, struct ifreq *ifr)
{
	int fd, ret = 0;

	if (strlen(ifname) >= IFNAMSIZ)
		return -ENODEV;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	strncpy(ifr->ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(fd, req, ifr) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int link_lookup(const char *ifname, int *ifindex, uint8_t hw[HWADDR_LEN])
{
	struct ifreq ifr;
	int ret;

	memset(&ifr, 0, sizeof(ifr));
	ret = ifreq_ioctl(SIOCGIFINDEX, ifname, &ifr);
	if (ret < 0)
		return ret == -ENXIO ? -ENODEV : ret;
	*ifindex = ifr.ifr_ifindex;
	memset(&ifr, 0, sizeof(ifr));
	ret = ifreq_ioctl(SIOCGIFHWADDR, ifname, &ifr);
	if (ret < 0)
		return ret;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
		return -EPFNOSUPPORT;
	memcpy(hw, ifr.ifr_hwaddr.sa_data, HWADDR_LEN);
	return 0;
}

int link_mc_change(int add, const char *ifname, const uint8_t hw[HWADDR_LEN])
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_hwaddr.sa_family = AF_UNSPEC;
	memcpy(ifr.ifr_hwaddr.sa_data, hw, HWADDR_LEN);
	return ifreq_ioctl(add ? SIOCADDMULTI : SIOCDELMULTI, ifname, &ifr);
}

/* /proc/net/dev_mcast: "index name users global-use address" per line. */
int link_mc_present(const char *ifname, const uint8_t hw[HWADDR_LEN])
{
	char line[256], name[IFNAMSIZ + 1], addr[64], want[2 * HWADDR_LEN + 1];
	FILE *f = fopen("/proc/net/dev_mcast", "re");
	int idx, users, global, found = 0, i;

	if (!f)
		return -errno;
	for (i = 0; i < HWADDR_LEN; i++)
		sprintf(want + 2 * i, "%02x", hw[i]);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%d %16s %d %d %63s", &idx, name, &users,
			   &global, addr) != 5)
			continue;
		if (!strcmp(name, ifname) && !strcmp(addr, want) && global) {
			found = 1;
			break;
		}
	}
	fclose(f);
	return found;
}

static struct nlmsghdr *addr_msg(void *buf, int type, uint16_t flags,
				 int ifindex, struct in_addr a, int prefixlen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = prefixlen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(a), &a);
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(a), &a);
	return nlh;
}

int addr_change(struct nl *nl, int add, int ifindex, struct in_addr a,
		int prefixlen)
{
	char buf[256] = { 0 };
	struct nlmsghdr *nlh;

	if (add)
		nlh = addr_msg(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL,
			       ifindex, a, prefixlen);
	else
		nlh = addr_msg(buf, RTM_DELADDR, 0, ifindex, a, prefixlen);
	return nl_talk(nl, nlh, NULL, NULL);
}

struct addr_find {
	int ifindex, prefixlen, found;
	struct in_addr a;
};

static int addr_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_get_type(attr) <= IFA_LOCAL)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static int addr_find_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_find *f = data;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_LOCAL + 1] = { 0 };

	if (ifa->ifa_family != AF_INET || (int)ifa->ifa_index != f->ifindex ||
	    ifa->ifa_prefixlen != f->prefixlen)
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, tb) < 0)
		return MNL_CB_OK;
	if (tb[IFA_LOCAL] && mnl_attr_get_payload_len(tb[IFA_LOCAL]) == 4 &&
	    !memcmp(mnl_attr_get_payload(tb[IFA_LOCAL]), &f->a, 4))
		f->found = 1;
	return MNL_CB_OK;
}

int addr_present(struct nl *nl, int ifindex, struct in_addr a, int prefixlen)
{
	char buf[256] = { 0 };
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;
	struct addr_find f = { ifindex, prefixlen, 0, a };
	int ret;

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ret = nl_talk(nl, nlh, addr_find_cb, &f);
	return ret < 0 ? ret : f.found;
}

int sysctl_get(const char *path, int *val)
{
	char full[256], buf[32];
	int fd;
	ssize_t n;

	snprintf(full, sizeof(full), "/proc/sys/%s", path);
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? -errno : -EIO;
	buf[n] = '\0';
	*val = atoi(buf);
	return 0;
}

int sysctl_set(const char *path, int val)
{
	char full[256], buf[16];
	int fd, len, ret = 0;

	snprintf(full, sizeof(full), "/proc/sys/%s", path);
	fd = open(full, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%d\n", val);
	if (write(fd, buf, len) != len)
		ret = -errno;
	close(fd);
	return ret;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly six colon-separated pairs of hex digits. */
int hwaddr_parse(const char *s, uint8_t hw[HWADDR_LEN])
{
	int i, hi, lo;

	if (strlen(s) != 3 * HWADDR_LEN - 1)
		return -1;
	for (i = 0; i < HWADDR_LEN; i++, s += 3) {
		hi = hexval(s[0]);
		lo = hexval(s[1]);
		if (hi < 0 || lo < 0 || (i < HWADDR_LEN - 1 && s[2] != ':'))
			return -1;
		hw[i] = hi << 4 | lo;
	}
	return 0;
}

void hwaddr_format(const uint8_t hw[HWADDR_LEN], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 hw[0], hw[1], hw[2], hw[3], hw[4], hw[5]);
}
