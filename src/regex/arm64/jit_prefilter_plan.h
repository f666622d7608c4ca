/* jit_prefilter_plan: chooses what the prefilter scan tests, from a
 * program's prefix byte sets (the offsets whose sets are rarest in text,
 * by byte_frequency, among those that fit a probe), from a literal's
 * rare bytes as its substring search picked them, or, for a few
 * literals, the offsets and buckets of their lookups. */
#ifndef JRX_JIT_PREFILTER_PLAN_H
#define JRX_JIT_PREFILTER_PLAN_H

#include <stdbool.h>

#include "jit_prefilter.h"
#include "regex/nfa.h"
#include "regex/search/literal_set.h"
#include "regex/search/substring.h"

/* Fills plan with up to JIT_PREFILTER_MAX_PROBES probes, each passed by
 * every match at its offset. False when no offset fits a probe; the
 * caller decides whether a prefilter may be used at all (anchoring). */
bool jit_prefilter_plan_make(const nfa_program *program, jit_prefilter_plan *plan);

/* Fills plan with the probes of a literal's substring search: its two
 * rare bytes (one for a one-byte literal). False when they lie too far
 * into the literal for a probe's offset. */
bool jit_prefilter_plan_for_literal(const substring_searcher *literal, jit_prefilter_plan *plan);

/* Fills plan with the lookups of a set of literals (Teddy's fingerprint
 * in the generated scan): the two offsets before the shortest literal's
 * end whose bytes fit a lookup table (one when only one fits) expected
 * to let through the fewest candidates in text (by byte_frequency, in
 * context: the second byte of a Cyrillic letter is rarer than its
 * first), the literals spread over the buckets so that few share one.
 * Two always: the second lookup costs three instructions per 16
 * candidates, and one lookup of the third bytes of five CJK names let
 * through 2.5 times the instructions of two. Every place where a literal
 * occurs is a candidate. False when no offset fits, or for more than
 * eight literals. */
bool jit_prefilter_plan_for_set(const literal_set *set, jit_prefilter_plan *plan);

/* Adds to a probe plan whose candidates include every occurrence of set
 * the literals' first JIT_PREFILTER_PREFIX_BYTES bytes (once each), so
 * that the scan returns only candidates where one may occur: a
 * candidate's C verification and the scan's restart cost tens of
 * instructions, the scan's compares of a word a few. None for lookups,
 * more than JIT_PREFILTER_MAX_PREFIXES literals or a shorter one. */
void jit_prefilter_plan_add_prefixes(const literal_set *set, jit_prefilter_plan *plan);

#endif
