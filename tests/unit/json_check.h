/* A small strict JSON checker (objects, arrays, strings, unsigned and
 * fractional numbers: what ctbox's json output uses), for the printer's
 * unit test and fuzz target.  json_valid(s) says whether all of s is one
 * JSON value. */
#ifndef CTBOX_JSON_CHECK_H
#define CTBOX_JSON_CHECK_H

#include <string.h>

static const char *json_value(const char *s, int depth);

static const char *json_string(const char *s)
{
	if (*s++ != '"')
		return NULL;
	for (; *s != '"'; s++) {
		if ((unsigned char)*s < 0x20)
			return NULL;		/* also catches the end */
		if (*s != '\\')
			continue;
		s++;
		if (*s == 'u') {
			int i;

			for (i = 1; i <= 4; i++)
				if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
					return NULL;
			s += 4;
		} else if (!*s || !strchr("\"\\/bfnrt", *s)) {
			return NULL;
		}
	}
	return s + 1;
}

static const char *json_number(const char *s)
{
	const char *start = s;

	if (*s == '-')
		s++;
	if (*s == '0' && s[1] >= '0' && s[1] <= '9')
		return NULL;			/* no leading zeros */
	while (*s >= '0' && *s <= '9')
		s++;
	if (s == start)
		return NULL;
	if (*s == '.') {
		const char *frac = ++s;

		while (*s >= '0' && *s <= '9')
			s++;
		if (s == frac)
			return NULL;
	}
	return s;
}

static const char *json_members(const char *s, int depth, char close, int keys)
{
	if (*s == close)
		return s + 1;
	for (;;) {
		if (keys) {
			s = json_string(s);
			if (!s || *s++ != ':')
				return NULL;
		}
		s = json_value(s, depth + 1);
		if (!s)
			return NULL;
		if (*s == close)
			return s + 1;
		if (*s++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *s, int depth)
{
	if (depth > 8)
		return NULL;
	if (*s == '{')
		return json_members(s + 1, depth, '}', 1);
	if (*s == '[')
		return json_members(s + 1, depth, ']', 0);
	if (*s == '"')
		return json_string(s);
	return json_number(s);
}

static int json_valid(const char *s)
{
	s = json_value(s, 0);
	return s && !*s;
}

#endif
