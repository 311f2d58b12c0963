/* Conntrack entry printers.  One walk (ct_walk) visits the fields of an
 * entry in a fixed order; each field call names the formats it belongs to
 * and the small field layer below writes it as text ("key=v "), save
 * ("key v "), xml ("<key>v</key>") or json ("key":v).  Where upstream's
 * formats order a field differently the walk simply has one call per
 * position, each limited to its formats.
 *
 * Output goes straight into the caller's buffer; numbers are converted by
 * hand because this runs once per entry of a table dump. */
#include <arpa/inet.h>
#include <string.h>
#include <time.h>
#include <linux/netfilter/nf_conntrack_common.h>

#include "ct_print.h"

/* Formats as bits, so a field can belong to several. */
#define F_TXT	(1u << CT_FMT_DEFAULT)
#define F_XML	(1u << CT_FMT_XML)
#define F_SAV	(1u << CT_FMT_SAVE)
#define F_JSN	(1u << CT_FMT_JSON)
#define F_TXJ	(F_TXT | F_XML | F_JSN)
#define F_BARE	(1u << 8)	/* text: value without "key=" */

const char ct_xml_header[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<conntrack>\n";
const char ct_xml_footer[] = "</conntrack>\n";

struct pr {
	char *buf;
	size_t size, len;	/* len counts what did not fit, too */
	unsigned int fmt;	/* one F_* bit */
	int first;		/* json: next member needs no comma */
};

/* --- output primitives ------------------------------------------------ */

/* A line is ~100 small pieces: the common case (room left) writes
 * straight into the buffer.  Forcing these inline saved ~10% of the
 * instructions but cost 6 KB of code: the compiler decides. */
#define INLINE static

static void put_cut(struct pr *p, const char *s, size_t n)
{
	if (p->len + 1 < p->size)
		memcpy(p->buf + p->len, s, p->size - p->len - 1);
	p->len += n;
}

INLINE void put(struct pr *p, const char *s, size_t n)
{
	if (p->len + n < p->size) {
		memcpy(p->buf + p->len, s, n);
		p->len += n;
	} else {
		put_cut(p, s, n);
	}
}

#define PUTS(p, lit)	put((p), (lit), sizeof(lit) - 1)

INLINE void put_ch(struct pr *p, char c)
{
	if (p->len + 1 < p->size)
		p->buf[p->len] = c;
	p->len++;
}

static void put_str(struct pr *p, const char *s)
{
	put(p, s, strlen(s));
}

/* NUL-terminate what fits, as snprintf() does; the length it wanted. */
static int pr_end(struct pr *p)
{
	if (p->size)
		p->buf[p->len < p->size ? p->len : p->size - 1] = '\0';
	return p->len;
}

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10000) {
		v /= 10000;
		n += 4;
	}
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

static const char pairs[] =
	"00010203040506070809101112131415161718192021222324"
	"25262728293031323334353637383940414243444546474849"
	"50515253545556575859606162636465666768697071727374"
	"75767778798081828384858687888990919293949596979899";

/* Decimal, written in place when there is room, two digits per
 * division. */
static void put_u64(struct pr *p, uint64_t v)
{
	char tmp[20], *end;
	int n = digits(v);

	if (p->len + n < p->size) {
		end = p->buf + p->len + n;
		p->len += n;
	} else {
		end = tmp + n;
	}
	while (v >= 100) {
		const char *d = pairs + 2 * (v % 100);

		*--end = d[1];
		*--end = d[0];
		v /= 100;
	}
	if (v >= 10) {
		*--end = pairs[2 * v + 1];
		*--end = pairs[2 * v];
	} else {
		*--end = '0' + v;
	}
	if (end == tmp)
		put_cut(p, tmp, n);
}

/* Up to 255: the bytes of an IPv4 address. */
INLINE char *u8_at(char *d, unsigned int v)
{
	if (v >= 100)
		*d++ = '0' + v / 100;
	if (v >= 10)
		*d++ = '0' + v / 10 % 10;
	*d++ = '0' + v % 10;
	return d;
}

static void put_hex(struct pr *p, uint32_t v)
{
	char tmp[10], *s = tmp + sizeof(tmp);

	do {
		*--s = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	*--s = 'x';
	*--s = '0';
	put(p, s, tmp + sizeof(tmp) - s);
}

/* Zero padded to at least width digits. */
static void put_u64_pad(struct pr *p, uint64_t v, int width)
{
	char tmp[20], *s = tmp + sizeof(tmp);

	do {
		*--s = '0' + v % 10;
		v /= 10;
	} while (v || tmp + sizeof(tmp) - s < width);
	put(p, s, tmp + sizeof(tmp) - s);
}

/* Blank padded on the right to at least width columns ("%-8lu"). */
static void put_u64_left(struct pr *p, uint64_t v, size_t width)
{
	size_t start = p->len;

	put_u64(p, v);
	while (p->len - start < width)
		put_ch(p, ' ');
}

/* Inside a JSON string: quote, backslash and control characters escaped,
 * everything else (UTF-8 included) passed through. */
static void put_json_str(struct pr *p, const char *s)
{
	const char *run = s;

	put_ch(p, '"');
	for (; *s; s++) {
		unsigned char c = *s;
		char esc[7] = "\\u00";

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(p, run, s - run);
		run = s + 1;
		switch (c) {
		case '"':  PUTS(p, "\\\""); break;
		case '\\': PUTS(p, "\\\\"); break;
		case '\n': PUTS(p, "\\n"); break;
		case '\t': PUTS(p, "\\t"); break;
		case '\r': PUTS(p, "\\r"); break;
		default:
			esc[4] = "0123456789abcdef"[c >> 4];
			esc[5] = "0123456789abcdef"[c & 15];
			put(p, esc, 6);
		}
	}
	put(p, run, s - run);
	put_ch(p, '"');
}

static char *v4_at(char *d, const uint8_t *b)
{
	d = u8_at(d, b[0]);
	*d++ = '.';
	d = u8_at(d, b[1]);
	*d++ = '.';
	d = u8_at(d, b[2]);
	*d++ = '.';
	return u8_at(d, b[3]);
}

static char *hex16_at(char *d, unsigned int v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 12;

	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*d++ = digits[(v >> shift) & 15];
	return d;
}

/* IPv6 text as glibc's inet_ntop writes it (its sprintf per group was a
 * tenth of a dump's time): the first longest run of two or more zero
 * groups becomes "::", and ::a.b.c.d / ::ffff:a.b.c.d end in IPv4 form. */
static char *v6_at(char *d, const uint8_t *b)
{
	unsigned int w[8], i, base = 8, len = 0, cur = 8, cur_len = 0;

	for (i = 0; i < 8; i++) {
		w[i] = b[2 * i] << 8 | b[2 * i + 1];
		if (w[i]) {
			cur = 8;
			continue;
		}
		if (cur == 8) {
			cur = i;
			cur_len = 0;
		}
		if (++cur_len > len) {
			base = cur;
			len = cur_len;
		}
	}
	if (len < 2) {
		base = 8;
		len = 0;
	}
	for (i = 0; i < 8; i++) {
		if (i >= base && i < base + len) {
			if (i == base)
				*d++ = ':';
			continue;
		}
		if (i)
			*d++ = ':';
		if (i == 6 && base == 0 && (len == 6 || (len == 5 && w[5] == 0xffff)))
			return v4_at(d, b + 12);
		d = hex16_at(d, w[i]);
	}
	if (len && base + len == 8)
		*d++ = ':';
	return d;
}

static void put_addr(struct pr *p, unsigned int l3, const union ct_addr *a)
{
	char tmp[INET6_ADDRSTRLEN], *d = tmp;

	if (l3 == AF_INET)
		d = v4_at(d, (const uint8_t *)&a->v4);
	else
		d = v6_at(d, (const uint8_t *)&a->v6);
	put(p, tmp, d - tmp);
}

/* --- the field layer ---------------------------------------------------- */

/* Start a member: text "key=", save "key ", xml "<key>", json "key":. */
static void key_open(struct pr *p, unsigned int fmts, const char *key)
{
	switch (p->fmt) {
	case F_TXT:
		if (!(fmts & F_BARE)) {
			put_str(p, key);
			put_ch(p, '=');
		}
		break;
	case F_SAV:
		put_str(p, key);
		put_ch(p, ' ');
		break;
	case F_XML:
		put_ch(p, '<');
		put_str(p, key);
		put_ch(p, '>');
		break;
	case F_JSN:
		if (!p->first)
			put_ch(p, ',');
		p->first = 0;
		put_ch(p, '"');
		put_str(p, key);
		PUTS(p, "\":");
		break;
	}
}

static void key_close(struct pr *p, const char *key)
{
	if (p->fmt & (F_TXT | F_SAV)) {
		put_ch(p, ' ');
	} else if (p->fmt == F_XML) {
		PUTS(p, "</");
		put_str(p, key);
		put_ch(p, '>');
	}
}

static int want(const struct pr *p, unsigned int fmts)
{
	return (p->fmt & fmts) != 0;
}

static void pr_u64(struct pr *p, unsigned int fmts, const char *key, uint64_t v)
{
	if (!want(p, fmts))
		return;
	key_open(p, fmts, key);
	put_u64(p, v);
	key_close(p, key);
}

/* 0x-hex in text and xml (GRE keys), a plain number in json. */
static void pr_hex(struct pr *p, unsigned int fmts, const char *key, uint32_t v)
{
	if (!want(p, fmts))
		return;
	key_open(p, fmts, key);
	if (p->fmt == F_JSN)
		put_u64(p, v);
	else
		put_hex(p, v);
	key_close(p, key);
}

static void pr_str(struct pr *p, unsigned int fmts, const char *key, const char *s)
{
	if (!want(p, fmts))
		return;
	key_open(p, fmts, key);
	if (p->fmt == F_JSN)
		put_json_str(p, s);
	else
		put_str(p, s);
	key_close(p, key);
}

static void pr_addr(struct pr *p, unsigned int fmts, const char *key,
		    unsigned int l3, const union ct_addr *a)
{
	if (!want(p, fmts))
		return;
	key_open(p, fmts, key);
	if (p->fmt == F_JSN)
		put_ch(p, '"');
	put_addr(p, l3, a);
	if (p->fmt == F_JSN)
		put_ch(p, '"');
	key_close(p, key);
}

/* A word of its own: text/save "word ", xml "word" as is. */
static void pr_word(struct pr *p, unsigned int fmts, const char *word)
{
	if (!want(p, fmts))
		return;
	put_str(p, word);
	if (p->fmt & (F_TXT | F_SAV))
		put_ch(p, ' ');
}

/* json "key":{ or "key":[ */
static void json_open(struct pr *p, const char *key, char bracket)
{
	if (p->fmt != F_JSN)
		return;
	key_open(p, 0, key);
	put_ch(p, bracket);
	p->first = 1;
}

static void json_close(struct pr *p, char bracket)
{
	if (p->fmt != F_JSN)
		return;
	put_ch(p, bracket);
	p->first = 0;
}

/* One element of a json array of strings. */
static void json_item(struct pr *p, const char *s)
{
	if (!p->first)
		put_ch(p, ',');
	p->first = 0;
	put_json_str(p, s);
}

/* --- clock -------------------------------------------------------------- */

static struct timeval fixed_now;
static int clock_fixed;

void ct_print_set_time(const struct timeval *tv)
{
	clock_fixed = tv != NULL;
	if (tv)
		fixed_now = *tv;
}

static void now(struct timeval *tv)
{
	if (clock_fixed)
		*tv = fixed_now;
	else
		gettimeofday(tv, NULL);
}

static time_t now_sec(void)
{
	return clock_fixed ? fixed_now.tv_sec : time(NULL);
}

int ct_timestamp_prefix(char *buf, size_t size, const struct timeval *tv)
{
	struct pr p = { .buf = buf, .size = size };

	put_ch(&p, '[');
	put_u64_pad(&p, tv->tv_sec, 8);
	put_ch(&p, '.');
	put_u64_pad(&p, tv->tv_usec, 6);
	PUTS(&p, "]\t");
	return pr_end(&p);
}

/* --- entry parts -------------------------------------------------------- */

#define NSEC_PER_SEC 1000000000ULL

unsigned int ct_l3num(const struct ct *ct)
{
	return ct->orig.l3 ? ct->orig.l3 : ct->family;
}

static unsigned int tuple_l3(const struct ct *ct, const struct ct_tuple *t)
{
	return t->l3 ? t->l3 : ct_l3num(ct);
}

static unsigned int tuple_l4(const struct ct *ct, const struct ct_tuple *t)
{
	return (t->has & TP_PROTO) ? t->l4 : ct->orig.l4;
}

static int l3_known(unsigned int l3)
{
	return l3 == AF_INET || l3 == AF_INET6;
}

static int has_ports(unsigned int l4)
{
	switch (l4) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		return 1;
	}
	return 0;
}

static int is_icmp(unsigned int l4)
{
	return l4 == IPPROTO_ICMP || l4 == IPPROTO_ICMPV6;
}

static int status_has(const struct ct *ct, uint32_t bits)
{
	return ct_has(ct, CT_STATUS) && (ct->status & bits);
}

/* "tcp      6 ": the name left-aligned in 8 columns, then the number. */
static void put_column(struct pr *p, const char *name, unsigned int num)
{
	static const char blanks[] = "        ";
	size_t n = strlen(name);

	put(p, name, n);
	put(p, blanks, n < 8 ? 9 - n : 1);
	put_u64(p, num);
	put_ch(p, ' ');
}

enum ct_msg ct_event_msg(const struct nlmsghdr *nlh)
{
	/* IPCTNL_MSG_CT_DELETE == IPCTNL_MSG_EXP_DELETE == 2 */
	if ((nlh->nlmsg_type & 0xff) == IPCTNL_MSG_CT_DELETE)
		return CT_MSG_DESTROY;
	return nlh->nlmsg_flags & NLM_F_CREATE ? CT_MSG_NEW : CT_MSG_UPDATE;
}

static const char *const msg_text[] = {
	[CT_MSG_NEW] = "    [NEW] ",
	[CT_MSG_UPDATE] = " [UPDATE] ",
	[CT_MSG_DESTROY] = "[DESTROY] ",
};

static const char *const msg_word[] = {
	[CT_MSG_NEW] = "new",
	[CT_MSG_UPDATE] = "update",
	[CT_MSG_DESTROY] = "destroy",
};

static void print_begin(struct pr *p, enum ct_msg msg)
{
	int event = msg == CT_MSG_NEW || msg == CT_MSG_UPDATE ||
		    msg == CT_MSG_DESTROY;

	switch (p->fmt) {
	case F_TXT:
		if (event)
			put_str(p, msg_text[msg]);
		break;
	case F_SAV:
		if (msg == CT_MSG_UPDATE)
			PUTS(p, "-U ");
		else if (msg == CT_MSG_DESTROY || msg == CT_MSG_DELETE)
			PUTS(p, "-D ");
		else
			PUTS(p, "-A ");
		break;
	case F_XML:
		if (event) {
			PUTS(p, "<flow type=\"");
			put_str(p, msg_word[msg]);
			PUTS(p, "\">");
		} else {
			PUTS(p, "<flow>");
		}
		break;
	case F_JSN:
		put_ch(p, '{');
		p->first = 1;
		if (event)
			pr_str(p, F_JSN, "event", msg_word[msg]);
		break;
	}
}

static void print_protos(struct pr *p, const struct ct *ct, unsigned int opts)
{
	unsigned int l3 = ct_l3num(ct), l4 = ct->orig.l4;

	if (p->fmt == F_TXT) {
		if (opts & CT_OPT_EXTENDED)
			put_column(p, ct_l3_name(l3), l3);
		put_column(p, ct_l4_name(l4), l4);
	}
	pr_str(p, F_JSN, "l3", ct_l3_name(l3));
	pr_u64(p, F_JSN, "l3num", l3);
	pr_str(p, F_JSN, "l4", ct_l4_name(l4));
	pr_u64(p, F_JSN, "protonum", l4);
}

/* The protocol state's name.  XML looks every state up in the TCP table
 * (upstream quirk, kept because scripts parse it). */
static const char *state_name(const struct ct *ct, int xml)
{
	if (ct_has(ct, CT_TCP_STATE))
		return ct_tcp_state_name(ct->tcp.state);
	if (ct_has(ct, CT_SCTP_STATE))
		return (xml ? ct_tcp_state_name : ct_sctp_state_name)(ct->sctp.state);
	if (ct_has(ct, CT_DCCP_STATE))
		return (xml ? ct_tcp_state_name : ct_dccp_state_name)(ct->dccp.state);
	return NULL;
}

static void print_state(struct pr *p, unsigned int fmts, const char *key,
			const struct ct *ct)
{
	const char *s = state_name(ct, p->fmt == F_XML);

	if (s)
		pr_str(p, fmts, key, s);
}

/* XML's <layer3 protonum="2" protoname="ipv4"> and <layer4 ...>. */
static void xml_layer(struct pr *p, const char *tag, unsigned int num,
		      const char *name)
{
	put_ch(p, '<');
	put_str(p, tag);
	PUTS(p, " protonum=\"");
	put_u64(p, num);
	PUTS(p, "\" protoname=\"");
	put_str(p, name);
	PUTS(p, "\">");
}

/* Layer-4 fields of a tuple of protocol l4: ports, GRE keys or ICMP.
 * Text and xml print them by protocol, present or not (a DCCP entry on a
 * kernel without DCCP tracking shows sport=0); json only those sent. */
static void print_l4(struct pr *p, const struct ct_tuple *t, unsigned int l4)
{
	if (p->fmt == F_JSN && !(t->has & (TP_SPORT | TP_DPORT | TP_ICMP_TYPE |
					   TP_ICMP_CODE | TP_ICMP_ID)))
		return;
	if (has_ports(l4)) {
		pr_u64(p, F_TXJ, "sport", t->sport);
		pr_u64(p, F_TXJ, "dport", t->dport);
	} else if (l4 == IPPROTO_GRE) {
		pr_hex(p, F_TXJ, "srckey", t->sport);
		pr_hex(p, F_TXJ, "dstkey", t->dport);
	} else if (is_icmp(l4)) {
		pr_u64(p, F_TXT | F_JSN, "type", t->icmp_type);
		pr_u64(p, F_TXT | F_JSN, "code", t->icmp_code);
		pr_u64(p, F_TXT | F_JSN, "id", t->icmp_id);
	}
}

static void print_counters(struct pr *p, const struct ct *ct, int dir)
{
	const struct ct_counters *c = &ct->counters[dir];

	/* XML tests the original counters for both directions. */
	if (!ct_has(ct, p->fmt == F_XML ? CT_COUNTERS_ORIG : CT_COUNTERS_ORIG + dir))
		return;
	if (p->fmt == F_XML)
		PUTS(p, "<counters>");
	pr_u64(p, F_TXJ, "packets", c->packets);
	pr_u64(p, F_TXJ, "bytes", c->bytes);
	if (p->fmt == F_XML)
		PUTS(p, "</counters>");
}

/* XML prints both directions even without the tuple (conntrackd's
 * external cache has no reply tuple): protonum 0, empty <src></src>. */
static void print_tuple(struct pr *p, const struct ct *ct, int dir)
{
	const struct ct_tuple *t = dir ? &ct->reply : &ct->orig;
	int present = ct_has(ct, dir ? CT_REPLY : CT_ORIG);
	unsigned int l3 = present ? tuple_l3(ct, t) : 0;
	unsigned int l4 = present ? tuple_l4(ct, t) : 0;

	if (!present && p->fmt != F_XML)
		return;
	json_open(p, dir ? "reply" : "orig", '{');
	if (p->fmt == F_XML) {
		PUTS(p, "<meta direction=\"");
		put_str(p, dir ? "reply" : "original");
		PUTS(p, "\">");
		xml_layer(p, "layer3", l3, ct_l3_name(l3));
		PUTS(p, "<src>");
		if (l3_known(l3))
			put_addr(p, l3, &t->src);
		PUTS(p, "</src><dst>");
		if (l3_known(l3))
			put_addr(p, l3, &t->dst);
		PUTS(p, "</dst></layer3>");
		xml_layer(p, "layer4", l4, ct_l4_name(l4));
	} else if (l3_known(l3)) {
		pr_addr(p, F_TXT | F_JSN, "src", l3, &t->src);
		pr_addr(p, F_TXT | F_JSN, "dst", l3, &t->dst);
	}
	if (present)
		print_l4(p, t, l4);
	if (ct_has(ct, CT_SCTP_VTAG_ORIG + dir))
		pr_u64(p, F_JSN, "vtag", ct->sctp.vtag[dir]);
	if (p->fmt == F_XML)
		PUTS(p, "</layer4>");
	if (t->has & TP_ZONE) {
		pr_u64(p, F_TXT, dir ? "zone-reply" : "zone-orig", t->zone);
		pr_u64(p, F_XML | F_JSN, "zone", t->zone);
	}
	print_counters(p, ct, dir);
	if (p->fmt == F_XML)
		PUTS(p, "</meta>");
	json_close(p, '}');
}

/* --- save format: its own order of the generic options ----------------- */

static void save_status(struct pr *p, const struct ct *ct)
{
	static const struct { uint32_t bit; const char *name; } st[] = {
		{ IPS_EXPECTED, "EXPECTED" },
		{ IPS_SEEN_REPLY, "SEEN_REPLY" },
		{ IPS_ASSURED, "ASSURED" },
		{ IPS_FIXED_TIMEOUT, "FIXED_TIMEOUT" },
	};
	const char *sep = "";
	size_t i;

	if (!ct_has(ct, CT_STATUS))
		return;
	PUTS(p, "-u ");
	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		if (ct->status & st[i].bit) {
			put_str(p, sep);
			put_str(p, st[i].name);
			sep = ",";
		}
	}
	if (!*sep)
		PUTS(p, "UNSET");
	put_ch(p, ' ');
}

static void save_generic(struct pr *p, const struct ct *ct)
{
	if (ct_has(ct, CT_TIMEOUT))
		pr_u64(p, F_SAV, "-t", ct->timeout);
	save_status(p, ct);
	if (ct_has(ct, CT_SECMARK))
		pr_u64(p, F_SAV, "-c", ct->secmark);
	if (ct_has(ct, CT_ZONE))
		pr_u64(p, F_SAV, "-w", ct->zone);
	if (ct->orig.has & TP_ZONE)
		pr_u64(p, F_SAV, "--orig-zone", ct->orig.zone);
	if (ct->reply.has & TP_ZONE)
		pr_u64(p, F_SAV, "--reply-zone", ct->reply.zone);
}

static int addr_eq(unsigned int l3, const union ct_addr *a, const union ct_addr *b)
{
	if (l3 == AF_INET)
		return a->v4 == b->v4;
	return memcmp(&a->v6, &b->v6, sizeof(a->v6)) == 0;
}

/* NAT as libnetfilter_conntrack judges it for -o save: the NAT was set up
 * and it changed the address. */
static int is_nat(const struct ct *ct, uint32_t done, const union ct_addr *a,
		  const union ct_addr *b)
{
	return status_has(ct, done) && !addr_eq(ct_l3num(ct), a, b);
}

static void save_addrs(struct pr *p, const struct ct *ct)
{
	unsigned int l3 = ct_l3num(ct);
	int dnat = is_nat(ct, IPS_DST_NAT_DONE, &ct->reply.src, &ct->orig.dst);
	int snat = is_nat(ct, IPS_SRC_NAT_DONE, &ct->reply.dst, &ct->orig.src);

	pr_addr(p, F_SAV, "-s", l3, &ct->orig.src);
	pr_addr(p, F_SAV, "-d", l3, &ct->orig.dst);
	pr_addr(p, F_SAV, dnat ? "-g" : "-r", l3, &ct->reply.src);
	pr_addr(p, F_SAV, snat ? "-n" : "-q", l3, &ct->reply.dst);
}

/* Unlike text, save prints only the ports the kernel sent (a DCCP entry
 * on a kernel without DCCP tracking has none). */
static void save_ports(struct pr *p, const struct ct *ct, const char *const k[4])
{
	if (ct->orig.has & TP_SPORT)
		pr_u64(p, F_SAV, k[0], ct->orig.sport);
	if (ct->orig.has & TP_DPORT)
		pr_u64(p, F_SAV, k[1], ct->orig.dport);
	if (ct->reply.has & TP_SPORT)
		pr_u64(p, F_SAV, k[2], ct->reply.sport);
	if (ct->reply.has & TP_DPORT)
		pr_u64(p, F_SAV, k[3], ct->reply.dport);
}

static void save_proto(struct pr *p, const struct ct *ct)
{
	static const char *const ports[4] = {
		"--sport", "--dport", "--reply-port-src", "--reply-port-dst"
	};
	static const char *const keys[4] = {
		"--srckey", "--dstkey", "--reply-key-src", "--reply-key-dst"
	};
	unsigned int l4 = ct->orig.l4;
	const char *name = ct_l4_name(l4);
	int v6 = l4 == IPPROTO_ICMPV6;

	if (strcmp(name, "unknown"))
		pr_str(p, F_SAV, "-p", name);
	else
		pr_u64(p, F_SAV, "-p", l4);
	if (has_ports(l4))
		save_ports(p, ct, ports);
	else if (l4 == IPPROTO_GRE)
		save_ports(p, ct, keys);
	if (is_icmp(l4)) {
		const struct ct_tuple *t = &ct->orig;

		if (t->has & TP_ICMP_TYPE)
			pr_u64(p, F_SAV, v6 ? "--icmpv6-type" : "--icmp-type", t->icmp_type);
		if (t->has & TP_ICMP_CODE)
			pr_u64(p, F_SAV, v6 ? "--icmpv6-code" : "--icmp-code", t->icmp_code);
		if (t->has & TP_ICMP_ID)
			pr_u64(p, F_SAV, v6 ? "--icmpv6-id" : "--icmp-id", t->icmp_id);
	}
	print_state(p, F_SAV, "--state", ct);
	/* conntrack 1.4.7 prints the tags byte-swapped, the mirror of its
	 * -I/--orig-vtag bug, so that save | conntrack -R round-trips. */
	if (ct_has(ct, CT_SCTP_VTAG_ORIG))
		pr_u64(p, F_SAV, "--orig-vtag", ntohl(ct->sctp.vtag[0]));
	if (ct_has(ct, CT_SCTP_VTAG_REPLY))
		pr_u64(p, F_SAV, "--reply-vtag", ntohl(ct->sctp.vtag[1]));
	if (ct_has(ct, CT_DCCP_ROLE))
		pr_str(p, F_SAV, "--role", ct->dccp.role ? "server" : "client");
}

/* --- the independent part ------------------------------------------------ */

static const char *const status_names[16] = {
	"EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED", "SRC_NAT", "DST_NAT",
	"SEQ_ADJUST", "SRC_NAT_DONE", "DST_NAT_DONE", "DYING", "FIXED_TIMEOUT",
	"TEMPLATE", "NAT_CLASH", "HELPER", "OFFLOAD", "HW_OFFLOAD",
};

static void json_status(struct pr *p, const struct ct *ct)
{
	char bit[16];
	unsigned int i;

	if (p->fmt != F_JSN || !ct_has(ct, CT_STATUS))
		return;
	json_open(p, "status", '[');
	for (i = 0; i < 32; i++) {
		if (!(ct->status & (1u << i)))
			continue;
		if (i < 16) {
			json_item(p, status_names[i]);
		} else {
			struct pr b = { .buf = bit, .size = sizeof(bit) };

			PUTS(&b, "BIT");
			put_u64(&b, i);
			bit[b.len] = '\0';
			json_item(p, bit);
		}
	}
	json_close(p, ']');
}

/* Exactly one of the three, the strongest. */
static void text_offload(struct pr *p, const struct ct *ct)
{
	if (!ct_has(ct, CT_STATUS))
		return;
	if (ct->status & IPS_HW_OFFLOAD)
		pr_word(p, F_TXT, "[HW_OFFLOAD]");
	else if (ct->status & IPS_OFFLOAD)
		pr_word(p, F_TXT, "[OFFLOAD]");
	else if (ct->status & IPS_ASSURED)
		pr_word(p, F_TXT, "[ASSURED]");
}

static unsigned int labels_len(const struct ct *ct)
{
	return ct->labels_len < CT_LABEL_BYTES ? ct->labels_len : CT_LABEL_BYTES;
}

static int label_set(const struct ct *ct, unsigned int bit)
{
	return ct_labels_bit(ct->labels, labels_len(ct), bit);
}

/* Text "labels=a,b " (just "labels " when no set bit has a name, as
 * upstream's comma trimming eats the '='), xml <labels><label>..,
 * json ["a","7"] (unnamed bits by number). */
static void print_labels(struct pr *p, const struct ct *ct,
			 const struct ct_labelmap *lm)
{
	unsigned int bit, nbits = labels_len(ct) * 8;
	const char *sep = "=";
	char num[8];

	if (!ct_has(ct, CT_LABELS))
		return;
	if (p->fmt == F_TXT)
		PUTS(p, "labels");
	else if (p->fmt == F_XML)
		PUTS(p, "<labels>");
	json_open(p, "labels", '[');
	for (bit = 0; bit < nbits; bit++) {
		const char *name = lm ? lm->names[bit] : NULL;

		if (!label_set(ct, bit))
			continue;
		if (p->fmt == F_JSN) {
			if (!name) {
				struct pr b = { .buf = num, .size = sizeof(num) };

				put_u64(&b, bit);
				num[b.len] = '\0';
				name = num;
			}
			json_item(p, name);
		} else if (name && p->fmt == F_XML) {
			PUTS(p, "<label>");
			put_str(p, name);
			PUTS(p, "</label>");
		} else if (name) {
			put_str(p, sep);
			put_str(p, name);
			sep = ",";
		}
	}
	json_close(p, ']');
	if (p->fmt == F_TXT)
		put_ch(p, ' ');
	else if (p->fmt == F_XML)
		PUTS(p, "</labels>");
}

/* Not in 1.4.7's save lines (COMPAT.md): the mark when it is not 0 and
 * the named labels, so that save | conntrack -R keeps them.  Labels only
 * where --label-add is legal (not on -D lines). */
static void save_mark_labels(struct pr *p, const struct ct *ct,
			     const struct ct_labelmap *lm)
{
	const char *sep = "--label-add ";
	unsigned int bit;

	if (ct_has(ct, CT_MARK) && ct->mark)
		pr_u64(p, F_SAV, "-m", ct->mark);
	if (!lm || !ct_has(ct, CT_LABELS))
		return;
	for (bit = 0; bit < labels_len(ct) * 8; bit++) {
		if (!lm->names[bit] || !label_set(ct, bit))
			continue;
		put_str(p, sep);
		put_str(p, lm->names[bit]);
		sep = ",";
	}
	if (*sep == ',')
		put_ch(p, ' ');
}

/* Seconds the entry has lived, until stop or until now.  Text subtracts
 * whole seconds (start 53.99, stop 54.01 gives 1); xml divides the
 * difference (gives 0).  Both are what conntrack 1.4.7 prints. */
static uint64_t delta_time(const struct ct *ct, int whole_seconds)
{
	if (!ct_has(ct, CT_TS_STOP))
		return (uint64_t)now_sec() - ct->ts_start / NSEC_PER_SEC;
	if (whole_seconds)
		return ct->ts_stop / NSEC_PER_SEC - ct->ts_start / NSEC_PER_SEC;
	return (ct->ts_stop - ct->ts_start) / NSEC_PER_SEC;
}

/* "[start=Wed Nov 25 12:56:43 2026] ": ctime() without its newline. */
static void text_ktime(struct pr *p, const char *key, uint64_t ns)
{
	time_t t = ns / NSEC_PER_SEC;
	char tmp[32];

	if (!ctime_r(&t, tmp))
		return;
	put_ch(p, '[');
	put_str(p, key);
	put_ch(p, '=');
	put(p, tmp, strcspn(tmp, "\n"));
	PUTS(p, "] ");
}

static void print_times(struct pr *p, const struct ct *ct, unsigned int opts)
{
	if (!ct_has(ct, CT_TS_START))
		return;
	pr_u64(p, F_TXT, "delta-time", delta_time(ct, 1));
	if (p->fmt == F_TXT && (opts & CT_OPT_KTIMESTAMP)) {
		text_ktime(p, "start", ct->ts_start);
		if (ct_has(ct, CT_TS_STOP))
			text_ktime(p, "stop", ct->ts_stop);
	}
	pr_u64(p, F_JSN, "start", ct->ts_start);
	if (ct_has(ct, CT_TS_STOP))
		pr_u64(p, F_JSN, "stop", ct->ts_stop);
	pr_u64(p, F_JSN, "delta_time", delta_time(ct, 1));
}

static void xml_times(struct pr *p, const struct ct *ct, unsigned int opts)
{
	int start = ct_has(ct, CT_TS_START), stop = ct_has(ct, CT_TS_STOP);

	if ((opts & CT_OPT_KTIMESTAMP) && (start || stop)) {
		PUTS(p, "<timestamp>");
		if (start)
			pr_u64(p, F_XML, "start", ct->ts_start);
		if (stop)
			pr_u64(p, F_XML, "stop", ct->ts_stop);
		PUTS(p, "</timestamp>");
	}
	if (start)
		pr_u64(p, F_XML, "deltatime", delta_time(ct, 0));
}

/* XML opens the independent meta only when it has something to say. */
static int xml_has_meta(const struct ct *ct)
{
	static const uint64_t any = CT_BIT(CT_TCP_STATE) | CT_BIT(CT_SCTP_STATE) |
		CT_BIT(CT_DCCP_STATE) | CT_BIT(CT_TIMEOUT) | CT_BIT(CT_MARK) |
		CT_BIT(CT_SECMARK) | CT_BIT(CT_ZONE) | CT_BIT(CT_USE) |
		CT_BIT(CT_STATUS) | CT_BIT(CT_ID) | CT_BIT(CT_LABELS) |
		CT_BIT(CT_TS_START) | CT_BIT(CT_TS_STOP);

	return (ct->has & any) != 0;
}

static void xml_meta(struct pr *p, const struct ct *ct, unsigned int opts,
		     const struct ct_labelmap *lm)
{
	if (!xml_has_meta(ct))
		return;
	PUTS(p, "<meta direction=\"independent\">");
	print_state(p, F_XML, "state", ct);
	if (ct_has(ct, CT_TIMEOUT))
		pr_u64(p, F_XML, "timeout", ct->timeout);
	if (ct_has(ct, CT_MARK))
		pr_u64(p, F_XML, "mark", ct->mark);
	if (lm)
		print_labels(p, ct, lm);
	if (ct_has(ct, CT_SECMARK))
		pr_u64(p, F_XML, "secmark", ct->secmark);
	if (ct_has(ct, CT_SECCTX) && ct->secctx)
		pr_str(p, F_XML, "secctx", ct->secctx);
	if (ct_has(ct, CT_ZONE))
		pr_u64(p, F_XML, "zone", ct->zone);
	if (ct_has(ct, CT_USE))
		pr_u64(p, F_XML, "use", ct->use);
	if (ct_has(ct, CT_ID))
		pr_u64(p, F_XML, "id", ct->id);
	if (status_has(ct, IPS_ASSURED))
		PUTS(p, "<assured/>");
	if (ct_has(ct, CT_STATUS) && !(ct->status & IPS_SEEN_REPLY))
		PUTS(p, "<unreplied/>");
	xml_times(p, ct, opts);
	PUTS(p, "</meta>");
}

/* <when>: local time now, wday 1 = Sunday. */
static void xml_when(struct pr *p)
{
	struct timeval tv;
	struct tm tm;

	now(&tv);
	if (!localtime_r(&tv.tv_sec, &tm))
		return;
	PUTS(p, "<when>");
	pr_u64(p, F_XML, "hour", tm.tm_hour);
	PUTS(p, "<min>");
	put_u64_pad(p, tm.tm_min, 2);
	PUTS(p, "</min><sec>");
	put_u64_pad(p, tm.tm_sec, 2);
	PUTS(p, "</sec>");
	pr_u64(p, F_XML, "wday", tm.tm_wday + 1);
	pr_u64(p, F_XML, "day", tm.tm_mday);
	pr_u64(p, F_XML, "month", tm.tm_mon + 1);
	pr_u64(p, F_XML, "year", tm.tm_year + 1900);
	PUTS(p, "</when>");
}

static void json_time(struct pr *p)
{
	struct timeval tv;

	now(&tv);
	key_open(p, F_JSN, "time");
	put_u64(p, tv.tv_sec);
	put_ch(p, '.');
	put_u64_pad(p, tv.tv_usec, 6);
}

/* Helper names fill 16 bytes, not necessarily NUL terminated. */
typedef char helper_buf[sizeof(((struct ct *)0)->helper) + 1];

_Static_assert(sizeof(((struct ct_exp *)0)->helper) == sizeof(helper_buf) - 1,
	       "expectation and conntrack helper names differ in size");

static const char *helper_str(helper_buf out, const char *name)
{
	memcpy(out, name, sizeof(helper_buf) - 1);
	out[sizeof(helper_buf) - 1] = '\0';
	return out;
}

static void print_helper(struct pr *p, unsigned int fmts, const struct ct *ct)
{
	helper_buf name;

	if (ct_has(ct, CT_HELPER))
		pr_str(p, fmts, "helper", helper_str(name, ct->helper));
}

/* --- the walk ----------------------------------------------------------- */

/* After the tuples, text and json: flags, mark ... labels. */
static void print_rest(struct pr *p, const struct ct *ct, unsigned int opts,
		       const struct ct_labelmap *lm)
{
	text_offload(p, ct);
	json_status(p, ct);
	if (ct_has(ct, CT_MARK))
		pr_u64(p, F_TXJ, "mark", ct->mark);
	if (ct_has(ct, CT_SECMARK))
		pr_u64(p, F_TXJ, "secmark", ct->secmark);
	if (ct_has(ct, CT_SECCTX) && ct->secctx)
		pr_str(p, F_TXJ, "secctx", ct->secctx);
	if (ct_has(ct, CT_ZONE))
		pr_u64(p, F_TXJ, "zone", ct->zone);
	print_times(p, ct, opts);
	print_helper(p, F_TXJ, ct);
	if (ct_has(ct, CT_USE))
		pr_u64(p, F_TXJ, "use", ct->use);
	if (ct_has(ct, CT_ID) && (p->fmt == F_JSN || (opts & CT_OPT_ID)))
		pr_u64(p, F_TXJ, "id", ct->id);
	/* conntrack prints labels whenever it loaded the map (-o labels,
	 * -l, --label-add/--label-del), so lm decides, not CT_OPT_LABELS */
	if (p->fmt == F_JSN || lm)
		print_labels(p, ct, lm);
	if (p->fmt == F_JSN) {
		if (opts & CT_OPT_TIMESTAMP)
			json_time(p);
		put_ch(p, '}');
	}
}

static void xml_rest(struct pr *p, const struct ct *ct, unsigned int opts,
		     const struct ct_labelmap *lm)
{
	xml_meta(p, ct, opts, lm);
	if (opts & CT_OPT_TIMESTAMP)
		xml_when(p);
	print_helper(p, F_XML, ct);
	PUTS(p, "</flow>");
}

static void ct_walk(struct pr *p, const struct ct *ct, enum ct_msg msg,
		    unsigned int opts, const struct ct_labelmap *lm)
{
	print_begin(p, msg);
	print_protos(p, ct, opts);
	if (ct_has(ct, CT_TIMEOUT))
		pr_u64(p, F_TXT | F_JSN | F_BARE, "timeout", ct->timeout);
	print_state(p, F_TXT | F_JSN | F_BARE, "state", ct);
	if (p->fmt == F_SAV) {
		save_generic(p, ct);
		save_mark_labels(p, ct, msg == CT_MSG_DELETE ||
				 msg == CT_MSG_DESTROY ? NULL : lm);
	}
	print_tuple(p, ct, 0);
	if (p->fmt == F_TXT && ct_has(ct, CT_STATUS) &&
	    !(ct->status & IPS_SEEN_REPLY))
		PUTS(p, "[UNREPLIED] ");
	print_tuple(p, ct, 1);
	if (p->fmt == F_SAV) {
		save_addrs(p, ct);
		save_proto(p, ct);
	} else if (p->fmt == F_XML) {
		xml_rest(p, ct, opts, lm);
	} else {
		print_rest(p, ct, opts, lm);
	}
}

int ct_snprint(char *buf, size_t size, const struct ct *ct, enum ct_msg msg,
	       enum ct_fmt fmt, unsigned int opts, const struct ct_labelmap *lm)
{
	struct pr p = { .buf = buf, .size = size };

	if ((unsigned int)fmt > CT_FMT_JSON)	/* never a shift out of range */
		fmt = CT_FMT_DEFAULT;
	p.fmt = 1u << fmt;
	if (fmt == CT_FMT_SAVE && !l3_known(ct_l3num(ct))) {
		if (size)
			buf[0] = '\0';
		return CT_SAVE_BAD_L3;
	}
	ct_walk(&p, ct, msg, opts, lm);
	/* Every text and save field ends with a blank; the line does not. */
	if ((p.fmt & (F_TXT | F_SAV)) && p.len)
		p.len--;
	return pr_end(&p);
}

/* --- expectations (spec 2.4) -------------------------------------------
 * The same field layer, another walk.  Text goes tuple by tuple (expected,
 * mask, master); xml goes layer by layer (all addresses, then all
 * ports), so the walk visits the tuples twice there. */

const char exp_xml_header[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<expect>\n";
const char exp_xml_footer[] = "</expect>\n";

/* "[SEC.USEC]\t" left-justified in 8 and 6 columns ("%-8ld.%-6ld"): the
 * expectation events' variant, blank padded where ct's is zero padded. */
int exp_timestamp_prefix(char *buf, size_t size, const struct timeval *tv)
{
	struct pr p = { .buf = buf, .size = size };

	put_ch(&p, '[');
	put_u64_left(&p, tv->tv_sec, 8);
	put_ch(&p, '.');
	put_u64_left(&p, tv->tv_usec, 6);
	PUTS(&p, "]\t");
	return pr_end(&p);
}

/* The three tuples in printing order, with their text and json names. */
static const struct exp_part {
	enum exp_attr attr;
	size_t off;
	const char *src, *dst, *xml;
} exp_parts[] = {
	{ EXP_TUPLE, offsetof(struct ct_exp, tuple), "src", "dst", "expected" },
	{ EXP_MASK, offsetof(struct ct_exp, mask), "mask-src", "mask-dst", "mask" },
	{ EXP_MASTER, offsetof(struct ct_exp, master), "master-src", "master-dst", "master" },
};

static const struct ct_tuple *exp_tuple(const struct ct_exp *e,
					const struct exp_part *part)
{
	return (const struct ct_tuple *)((const char *)e + part->off);
}

static unsigned int exp_l3(const struct ct_exp *e)
{
	return e->tuple.l3 ? e->tuple.l3 : e->family;
}

/* A tuple's protocol; the mask has the expected tuple's. */
static unsigned int exp_l4(const struct ct_exp *e, const struct ct_tuple *t)
{
	return (t->has & TP_PROTO) ? t->l4 : e->tuple.l4;
}

static void exp_addrs(struct pr *p, const struct ct_exp *e,
		      const struct exp_part *part)
{
	const struct ct_tuple *t = exp_tuple(e, part);
	unsigned int l3 = t->l3 ? t->l3 : exp_l3(e);

	if (p->fmt == F_XML) {
		put_ch(p, '<');
		put_str(p, part->xml);
		PUTS(p, "><src>");
		if (l3_known(l3))
			put_addr(p, l3, &t->src);
		PUTS(p, "</src><dst>");
		if (l3_known(l3))
			put_addr(p, l3, &t->dst);
		PUTS(p, "</dst></");
		put_str(p, part->xml);
		put_ch(p, '>');
	} else if (l3_known(l3)) {
		pr_addr(p, F_TXT | F_JSN, p->fmt == F_JSN ? "src" : part->src, l3, &t->src);
		pr_addr(p, F_TXT | F_JSN, p->fmt == F_JSN ? "dst" : part->dst, l3, &t->dst);
	}
}

/* XML knows only ports here: other protocols leave the element empty. */
static void exp_ports(struct pr *p, const struct ct_exp *e,
		      const struct exp_part *part)
{
	const struct ct_tuple *t = exp_tuple(e, part);
	unsigned int l4 = exp_l4(e, t);

	if (p->fmt != F_XML) {
		print_l4(p, t, l4);
		return;
	}
	put_ch(p, '<');
	put_str(p, part->xml);
	put_ch(p, '>');
	if (has_ports(l4)) {
		pr_u64(p, F_XML, "sport", t->sport);
		pr_u64(p, F_XML, "dport", t->dport);
	}
	PUTS(p, "</");
	put_str(p, part->xml);
	put_ch(p, '>');
}

static void exp_xml_tuples(struct pr *p, const struct ct_exp *e)
{
	unsigned int l3 = exp_l3(e), l4 = e->tuple.l4;
	size_t i;

	xml_layer(p, "layer3", l3, ct_l3_name(l3));
	for (i = 0; i < sizeof(exp_parts) / sizeof(exp_parts[0]); i++)
		exp_addrs(p, e, &exp_parts[i]);
	PUTS(p, "</layer3>");
	xml_layer(p, "layer4", l4, ct_l4_name(l4));
	for (i = 0; i < sizeof(exp_parts) / sizeof(exp_parts[0]); i++)
		exp_ports(p, e, &exp_parts[i]);
	PUTS(p, "</layer4>");
}

static void exp_text_tuples(struct pr *p, const struct ct_exp *e)
{
	const struct exp_part *part;
	size_t i;

	for (i = 0; i < sizeof(exp_parts) / sizeof(exp_parts[0]); i++) {
		part = &exp_parts[i];
		if (!exp_has(e, part->attr))
			continue;
		json_open(p, part->xml, '{');
		exp_addrs(p, e, part);
		exp_ports(p, e, part);
		if (part->attr == EXP_MASTER) {
			pr_str(p, F_JSN, "l4", ct_l4_name(exp_l4(e, &e->master)));
			pr_u64(p, F_JSN, "protonum", exp_l4(e, &e->master));
		}
		json_close(p, '}');
	}
}

static const char *const exp_flag_names[] = { "PERMANENT", "INACTIVE", "USERSPACE" };

/* Text "PERMANENT,USERSPACE ", json ["PERMANENT","USERSPACE"]. */
static void exp_flags(struct pr *p, const struct ct_exp *e)
{
	const char *sep = "";
	unsigned int i;

	if (!exp_has(e, EXP_FLAGS))
		return;
	json_open(p, "flags", '[');
	for (i = 0; i < 3; i++) {
		if (!(e->flags & (1u << i)))
			continue;
		if (p->fmt == F_JSN) {
			json_item(p, exp_flag_names[i]);
		} else {
			put_str(p, sep);
			put_str(p, exp_flag_names[i]);
			sep = ",";
		}
	}
	json_close(p, ']');
	if (p->fmt == F_TXT && *sep)
		put_ch(p, ' ');
}

static void exp_xml_meta(struct pr *p, const struct ct_exp *e, unsigned int opts)
{
	helper_buf helper;
	unsigned int i;

	PUTS(p, "<meta>");
	if (exp_has(e, EXP_HELPER))
		pr_str(p, F_XML, "helper-name", helper_str(helper, e->helper));
	if (exp_has(e, EXP_TIMEOUT))
		pr_u64(p, F_XML, "timeout", e->timeout);
	if (exp_has(e, EXP_CLASS))
		pr_u64(p, F_XML, "class", e->class);
	if (exp_has(e, EXP_ZONE))
		pr_u64(p, F_XML, "zone", e->zone);
	if (opts & CT_OPT_TIMESTAMP)
		xml_when(p);
	for (i = 0; i < 3; i++) {
		if (exp_has(e, EXP_FLAGS) && (e->flags & (1u << i))) {
			static const char *const tag[] = {
				"<permanent/>", "<inactive/>", "<userspace/>"
			};
			put_str(p, tag[i]);
		}
	}
	PUTS(p, "</meta>");
}

static void exp_walk(struct pr *p, const struct ct_exp *e, enum ct_msg msg,
		     unsigned int opts)
{
	helper_buf helper;

	print_begin(p, msg);
	if (p->fmt == F_XML) {
		exp_xml_tuples(p, e);
		exp_xml_meta(p, e, opts);
		PUTS(p, "</flow>");
		return;
	}
	if (exp_has(e, EXP_TIMEOUT))
		pr_u64(p, F_TXT | F_JSN | F_BARE, "timeout", e->timeout);
	pr_str(p, F_JSN, "l3", ct_l3_name(exp_l3(e)));
	pr_u64(p, F_JSN, "l3num", exp_l3(e));
	pr_str(p, F_JSN, "l4", ct_l4_name(e->tuple.l4));
	pr_u64(p, F_TXT | F_JSN, p->fmt == F_JSN ? "protonum" : "proto", e->tuple.l4);
	exp_text_tuples(p, e);
	if (exp_has(e, EXP_ZONE))
		pr_u64(p, F_TXT | F_JSN, "zone", e->zone);
	exp_flags(p, e);
	if (exp_has(e, EXP_CLASS))
		pr_u64(p, F_TXT | F_JSN, "class", e->class);
	if (exp_has(e, EXP_HELPER))
		pr_str(p, F_TXT | F_JSN, "helper", helper_str(helper, e->helper));
	if (p->fmt == F_JSN) {
		if (exp_has(e, EXP_ID))
			pr_u64(p, F_JSN, "id", e->id);
		if (opts & CT_OPT_TIMESTAMP)
			json_time(p);
		put_ch(p, '}');
	}
}

int exp_snprint(char *buf, size_t size, const struct ct_exp *exp,
		enum ct_msg msg, enum ct_fmt fmt, unsigned int opts)
{
	/* conntrack has no save format for expectations: the default line */
	struct pr p = { .buf = buf, .size = size };

	if (fmt == CT_FMT_SAVE || (unsigned int)fmt > CT_FMT_JSON)
		fmt = CT_FMT_DEFAULT;
	p.fmt = 1u << fmt;

	exp_walk(&p, exp, msg, opts);
	if (p.fmt == F_TXT && p.len)
		p.len--;
	return pr_end(&p);
}
