/* jit_prefilter_plan: chooses what the prefilter scan tests, from a
 * program's prefix byte sets (the offsets whose sets are rarest in text,
 * by byte_frequency, among those that fit a probe), or from a literal's
 * rare bytes as its substring search picked them. */
#ifndef JRX_JIT_PREFILTER_PLAN_H
#define JRX_JIT_PREFILTER_PLAN_H

#include <stdbool.h>

#include "jit_prefilter.h"
#include "regex/nfa.h"
#include "regex/search/substring.h"

/* Fills plan with up to JIT_PREFILTER_MAX_PROBES probes, each passed by
 * every match at its offset. False when no offset fits a probe; the
 * caller decides whether a prefilter may be used at all (anchoring). */
bool jit_prefilter_plan_make(const nfa_program *program, jit_prefilter_plan *plan);

/* Fills plan with the probes of a literal's substring search: its two
 * rare bytes (one for a one-byte literal). False when they lie too far
 * into the literal for a probe's offset. */
bool jit_prefilter_plan_for_literal(const substring_searcher *literal, jit_prefilter_plan *plan);

#endif
