/* jrx_inner_literals: the literals every match of a compiled pattern
 * holds somewhere, mostly inside it (search/strategy.h,
 * search_inner_literals), for a caller that looks for them before it
 * runs the pattern: jrxgrep tries the pattern only on lines holding
 * one; and two more things such a caller asks of a pattern (whether its
 * search jumps to literals itself, which bytes no match holds).
 * Internal to this repository (not in include/): the query answers
 * with jrx's own literal search, whose shape may change. */
#ifndef JRX_INNER_LITERALS_H
#define JRX_INNER_LITERALS_H

#include <stdbool.h>
#include <stddef.h>

#include "jrx.h"

typedef struct jrx_inner_literals jrx_inner_literals;

/* The inner literals of re into *out, NULL when it has none (no
 * dominator of its matches gives few literals of two bytes or more, or
 * the pattern has lookarounds). Immutable once made, usable from any
 * thread; re must outlive it (its context compiles the literals).
 * Returns 0, JRX_ERROR_NULL or JRX_ERROR_NOMEMORY (*out is then NULL). */
int jrx_inner_literals_create(const jrx *re, jrx_inner_literals **out);

void jrx_inner_literals_free(jrx_inner_literals *literals);

/* The first occurrence of one of the literals in subject[0..length) at
 * or after from (<= length): returns 1 with its start in *at, 0 when
 * there is none (then no match of the pattern starts at or after
 * from), or a negative JRX_ERROR_* of the search (JRX_ERROR_NOMEMORY).
 * The literals are searched as a literal pattern of their own (byte
 * mode): by generated code where the pattern has it. */
int jrx_inner_literals_find(const jrx_inner_literals *literals, const char *subject,
                            size_t length, size_t from, size_t *at);

/* Whether re's own search already jumps to literals: every match begins
 * with one of a few literals, or the matches are literals. A caller
 * that would look for inner literals first (of re, or of a pattern re
 * matches the same lines as) gains nothing then and pays a second
 * search for every occurrence that is not a match. */
bool jrx_inner_literals_searched_by(const jrx *re);

/* Whether no match of re holds byte: none of its byte ranges has it
 * (lookaround bodies, which a match does not hold, aside). A caller
 * searching many lines at once for a pattern whose matches hold no
 * newline knows that none crosses a line. */
bool jrx_inner_literals_excluded_byte(const jrx *re, unsigned char byte);

#endif
