/* Small helpers shared by every applet. */
#ifndef CTBOX_UTIL_H
#define CTBOX_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Prefix of messages from die()/warn(), e.g. "nfct v1.4.7: ". Set by the
 * applet before it prints anything. */
extern const char *msg_prefix;

/* sbase style: a trailing ':' in fmt appends ": strerror(errno)". */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void die_code(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* strcasecmp limited to strlen(word): the "prefix of a keyword" match that
 * conntrack-tools uses for list options and table names. */
int prefix_match(const char *word, const char *keyword);

#endif
