/* A user-space model of the two ways the kernel picks a cluster node for
 * an IPv4 connection, written from the algorithm (Bob Jenkins' lookup3,
 * as the kernel's jhash.h uses it) to check clusterip's choice of rules:
 *
 *   xt_cluster:  jhash_1word(saddr as the CPU reads it, seed)
 *   nf_tables:   jhash(saddr's 4 bytes, 4, seed), bytes taken little end
 *                first whatever the CPU
 *
 * both scaled to the node count as reciprocal_scale() does.  Nodes are
 * numbered from 1 here, as on the command lines. */
#ifndef CLUSTER_HASH_H
#define CLUSTER_HASH_H

#include <stdint.h>
#include <string.h>

#define JH_INITVAL 0xdeadbeefu

static inline uint32_t jh_rol(uint32_t w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

/* lookup3's final(): the only mixing a one-word key gets. */
static inline uint32_t jh_final(uint32_t a, uint32_t b, uint32_t c)
{
	c ^= b; c -= jh_rol(b, 14);
	a ^= c; a -= jh_rol(c, 11);
	b ^= a; b -= jh_rol(a, 25);
	c ^= b; c -= jh_rol(b, 16);
	a ^= c; a -= jh_rol(c, 4);
	b ^= a; b -= jh_rol(a, 14);
	c ^= b; c -= jh_rol(b, 24);
	return c;
}

/* One 32-bit word, length 4 bytes folded into the initial value. */
static inline uint32_t jh_word(uint32_t w, uint32_t seed)
{
	uint32_t iv = JH_INITVAL + 4 + seed;

	return jh_final(w + iv, iv, iv);
}

static inline uint32_t jh_scale(uint32_t h, uint32_t n)
{
	return (uint32_t)(((uint64_t)h * n) >> 32);
}

/* addr: the 4 bytes in network order. */
static inline int xt_cluster_node(const uint8_t addr[4], uint32_t total, uint32_t seed)
{
	uint32_t w;

	memcpy(&w, addr, 4);	/* what the kernel does with a __be32 */
	return jh_scale(jh_word(w, seed), total) + 1;
}

static inline int nft_jhash_node(const uint8_t addr[4], uint32_t total, uint32_t seed)
{
	uint32_t w = addr[0] | addr[1] << 8 | addr[2] << 16 | (uint32_t)addr[3] << 24;

	return jh_scale(jh_word(w, seed), total) + 1;
}

#endif
