/* connlabel.conf: "BIT NAME" lines naming conntrack label bits.
 *
 * The rules are libnetfilter_conntrack's, so a file means the same to us
 * as to conntrack 1.4.7: '#' in the first column starts a comment, BIT is
 * a C number (decimal, 0x hex, 0 octal) below 1024, the name is the rest of
 * the line with blanks trimmed at both ends and must consist of letters,
 * digits, blanks and '-' only (other lines are dropped without a word),
 * the first line naming a bit wins, and a name given to several bits
 * stands for the first of them in the file. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_print.h"

/* The map and its strings in one block: names point into text[]. */
struct labelmap_block {
	struct ct_labelmap map;
	size_t used, cap;
	char text[];
};

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int valid_name(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != ' ' && *s != '-')
			return 0;
	return 1;
}

/* Bit number at the start of line, or -1. */
static long parse_bit(const char *line, char **rest)
{
	unsigned long v;

	errno = 0;
	v = strtoul(line, rest, 0);
	if (*rest == line || errno || v >= CT_LABELMAP_BITS)
		return -1;
	return v;
}

/* Append name to the block's text, growing it; returns its offset + 1
 * (0 is "no name") or 0 when out of memory. */
static size_t add_name(struct labelmap_block **bp, const char *name)
{
	struct labelmap_block *b = *bp;
	size_t n = strlen(name) + 1, off;

	if (b->used + n > b->cap) {
		size_t cap = (b->cap + n) * 2;

		b = realloc(b, sizeof(*b) + cap);
		if (!b)
			return 0;
		b->cap = cap;
		*bp = b;
	}
	off = b->used;
	memcpy(b->text + off, name, n);
	b->used += n;
	return off + 1;
}

/* Names are kept as offsets while the block may still move. */
static struct ct_labelmap *labelmap_read(FILE *f)
{
	size_t off[CT_LABELMAP_BITS];
	struct labelmap_block *b;
	char line[1024], *rest, *name;
	long bit;
	int i;

	b = calloc(1, sizeof(*b) + 256);
	if (!b)
		return NULL;
	b->cap = 256;
	memset(off, 0, sizeof(off));
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		bit = parse_bit(line, &rest);
		if (bit < 0 || off[bit])
			continue;
		name = trim(rest);
		if (!*name || !valid_name(name))
			continue;
		off[bit] = add_name(&b, name);
		if (!off[bit]) {
			free(b);
			return NULL;
		}
		b->map.order[b->map.count++] = bit;
	}
	for (i = 0; i < CT_LABELMAP_BITS; i++)
		b->map.names[i] = off[i] ? b->text + off[i] - 1 : NULL;
	return &b->map;
}

struct ct_labelmap *ct_labelmap_load(const char *path)
{
	struct ct_labelmap *lm;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return NULL;
	lm = labelmap_read(f);
	fclose(f);
	if (!lm)
		errno = ENOMEM;
	return lm;
}

void ct_labelmap_free(struct ct_labelmap *lm)
{
	/* map is the first member of the block */
	free(lm);
}

/* In file order: "2 foo" then "0 foo" makes foo bit 2, as in conntrack. */
int ct_labelmap_bit(const struct ct_labelmap *lm, const char *name)
{
	unsigned int i;

	for (i = 0; i < lm->count; i++)
		if (!strcmp(lm->names[lm->order[i]], name))
			return lm->order[i];
	return -1;
}

void ct_labels_set_bit(uint8_t *bits, unsigned int b)
{
	uint32_t w;

	memcpy(&w, bits + b / 32 * 4, 4);
	w |= 1u << (b % 32);
	memcpy(bits + b / 32 * 4, &w, 4);
}

int ct_labels_bit(const uint8_t *bits, size_t len, unsigned int b)
{
	uint32_t w;

	if ((b / 32 + 1) * 4 > len)
		return 0;
	memcpy(&w, bits + b / 32 * 4, 4);
	return (w >> (b % 32)) & 1;
}
