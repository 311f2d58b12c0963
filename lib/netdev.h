/* Interfaces, addresses, link-layer multicast membership and sysctls:
 * what "ip addr", "ip maddr" and "sysctl" do, without them. */
#ifndef CTBOX_NETDEV_H
#define CTBOX_NETDEV_H

#include <stdint.h>
#include <netinet/in.h>

#include "nl.h"

#define HWADDR_LEN 6

/* Index and hardware address of an Ethernet-like interface.
 * Returns 0 or -errno (-ENODEV: no such interface). */
int link_lookup(const char *ifname, int *ifindex, uint8_t hw[HWADDR_LEN]);

/* Add (add != 0) or remove an IPv4 address on ifindex over rtnetlink
 * (nl opened on NETLINK_ROUTE).  Adding one already there gives -EEXIST,
 * removing one not there -EADDRNOTAVAIL. */
int addr_change(struct nl *nl, int add, int ifindex, struct in_addr a,
		int prefixlen);

/* Is a on ifindex?  1, 0, or -errno. */
int addr_present(struct nl *nl, int ifindex, struct in_addr a, int prefixlen);

/* Join (add != 0) or leave a link-layer multicast address as "ip maddr"
 * does (SIOCADDMULTI/SIOCDELMULTI).  Returns 0 or -errno. */
int link_mc_change(int add, const char *ifname, const uint8_t hw[HWADDR_LEN]);
/* Was hw joined that way (a "static" entry of ip maddr)?  1, 0, -errno. */
int link_mc_present(const char *ifname, const uint8_t hw[HWADDR_LEN]);

/* Read an integer sysctl / write one; path is under /proc/sys. */
int sysctl_get(const char *path, int *val);
int sysctl_set(const char *path, int val);

/* "01:00:5e:00:01:01" <-> bytes.  parse returns 0 or -1. */
int hwaddr_parse(const char *s, uint8_t hw[HWADDR_LEN]);
void hwaddr_format(const uint8_t hw[HWADDR_LEN], char out[18]);

#endif
