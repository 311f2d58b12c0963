/* Tiny unit test kit: one PASS:/FAIL: line per check, golden netlink
 * messages as hex, a seeded generator for fuzz loops. */
#ifndef CTBOX_UNIT_H
#define CTBOX_UNIT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "golden.h"

static int unit_failed;

static void unit_check(int ok, const char *name, const char *detail)
{
	if (ok) {
		printf("PASS: %s\n", name);
		return;
	}
	printf("FAIL: %s\n", name);
	if (detail && *detail)
		printf("  %s\n", detail);
	unit_failed++;
}

/* "40 00 0a ..." -> bytes in host order; returns the count. */
static size_t unit_hex(const char *hex, uint8_t *out, size_t max)
{
	return golden_bytes(hex, out, max);
}

/* Compare a built message with a golden one; the sequence number
 * (bytes 8..11) is not compared. */
static void unit_same_msg(const char *name, const void *msg, size_t len,
			  const char *golden)
{
	uint8_t want[4096], got[4096];
	size_t n = unit_hex(golden, want, sizeof(want)), i;
	char detail[256] = "";

	if (len > sizeof(got))
		len = sizeof(got);
	memcpy(got, msg, len);
	if (len >= 12)
		memset(got + 8, 0, 4);
	if (n >= 12)
		memset(want + 8, 0, 4);
	if (len != n) {
		snprintf(detail, sizeof(detail), "length %zu, want %zu", len, n);
	} else {
		for (i = 0; i < n; i++)
			if (got[i] != want[i]) {
				snprintf(detail, sizeof(detail),
					 "byte %zu is %02x, want %02x", i, got[i], want[i]);
				break;
			}
	}
	unit_check(!detail[0], name, detail);
}

static uint32_t unit_rand_state = 2463534242u;

static uint32_t unit_rand(void)
{
	uint32_t x = unit_rand_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return unit_rand_state = x;
}

static int unit_done(void)
{
	return unit_failed ? 1 : 0;
}

#endif
