/* explain_dfa: the forward lazy DFA of a pattern as Graphviz dot, built
 * state by state the way a search from offset 0 builds it. At most
 * EXPLAIN_DFA_MAX_STATES states are drawn: a bigger picture explains
 * nothing, so edges to further states end in a "more" node. */
#ifndef JRX_EXPLAIN_DFA_H
#define JRX_EXPLAIN_DFA_H

#include <stdio.h>

#include "regex/dfa.h"

#define EXPLAIN_DFA_MAX_STATES 64u

/* Writes the dot text of automaton's forward DFA to out. Returns 0,
 * JRX_ERROR_NOMEMORY, or DFA_GAVE_UP when the DFA's cache budget could not
 * hold the states drawn. */
int explain_dfa_dot(FILE *out, const dfa *automaton);

#endif
