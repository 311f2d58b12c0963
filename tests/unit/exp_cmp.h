/* Shared by the expectation unit test and fuzz target: does b (parsed
 * back from exp_build(a)) carry everything exp_build() sends?  NULL, or
 * the first field that differs. */
#ifndef CTBOX_TEST_EXP_CMP_H
#define CTBOX_TEST_EXP_CMP_H

#include "exp.h"
#include "ct_cmp.h"

#define EXP_BUILT_BITS (~EXP_BIT(EXP_ID))

#define EXP_FIELD(bit, expr, name) \
	do { if (exp_has(a, bit) && (expr)) return name; } while (0)

static const char *exp_cmp_built(const struct ct_exp *a, const struct ct_exp *b)
{
	const char *e;

	if (a->family != b->family)
		return "family";
	if ((a->has & EXP_BUILT_BITS) != (b->has & EXP_BUILT_BITS))
		return "has";
	if (exp_has(a, EXP_TUPLE) && (e = cmp_tuple(&a->tuple, &b->tuple)))
		return e;
	if (exp_has(a, EXP_MASK) && (e = cmp_tuple(&a->mask, &b->mask)))
		return e;
	if (exp_has(a, EXP_MASTER) && (e = cmp_tuple(&a->master, &b->master)))
		return e;
	if (exp_has(a, EXP_NAT) && (e = cmp_tuple(&a->nat, &b->nat)))
		return e;
	EXP_FIELD(EXP_NAT, a->nat_dir != b->nat_dir, "nat dir");
	EXP_FIELD(EXP_TIMEOUT, a->timeout != b->timeout, "timeout");
	EXP_FIELD(EXP_ZONE, a->zone != b->zone, "zone");
	EXP_FIELD(EXP_FLAGS, a->flags != b->flags, "flags");
	EXP_FIELD(EXP_CLASS, a->class != b->class, "class");
	EXP_FIELD(EXP_HELPER, strcmp(a->helper, b->helper), "helper");
	EXP_FIELD(EXP_FN, strcmp(a->fn, b->fn), "fn");
	return NULL;
}

#endif
