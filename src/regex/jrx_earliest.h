/* jrx_earliest: where the match that ends first ends, for a caller that
 * only needs to know that a match exists and roughly where: jrxgrep
 * selecting lines, where no match crosses a line, so the line around
 * that end is the first line with a match. The lazy DFA stops at the
 * first match state it reaches (dfa_search_earliest): no leftmost-first
 * end to look for, no backward scan for the start. A pattern that is a
 * sequence of byte sets (nfa_program.sequence_length) has its own search,
 * without the DFA, and all its matches have one length: the end of the
 * leftmost one is the earliest. Internal to this repository (not in
 * include/): it answers only for patterns the plain DFA or the sequence
 * search is the whole search of, and declines the rest. */
#ifndef JRX_EARLIEST_H
#define JRX_EARLIEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jrx.h"

/* What jrx_earliest_end returns when it cannot answer: the caller asks
 * jrx_match_with instead. */
#define JRX_EARLIEST_DECLINED 2

/* Whether jrx_earliest_end can answer for re at all: the plain DFA, or
 * the search for a sequence of byte sets, is re's whole search (no other
 * prefilter, literal search, lookbehind program, leading lookaheads,
 * Pike-only construct, \G, \X or JRX_MATCH_INVALID_UTF). It may still
 * decline a search whose DFA gives up. */
bool jrx_earliest_applies(const jrx *re);

/* Searches subject[0..length) from start_offset (<= length) with data,
 * made for re, and options 0 or JRX_NO_UTF_CHECK (JRX_NO_UTF_CHECK is
 * required with JRX_UTF: nothing is checked). Returns 1 with *end the
 * smallest end of a path through the pattern from a start at or after
 * start_offset (the first position where a match ends, whichever match
 * it is: not necessarily the end of the match jrx_match_with reports;
 * where the pattern has \R or a possessive item, which jrx accepts only
 * where PCRE2's atomic answer finds a match from the same starts, the
 * path may be one PCRE2 does not take), JRX_NOMATCH exactly when
 * jrx_match_with finds none, JRX_EARLIEST_DECLINED (see above and
 * jrx_earliest_applies), or a negative JRX_ERROR_*. Anchored by
 * JRX_ANCHORED at compile time as jrx_match_with is. */
int jrx_earliest_end(const jrx *re, jrx_match_data *data, const char *subject, size_t length,
                     size_t start_offset, uint32_t options, size_t *end);

#endif
