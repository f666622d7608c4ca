/* explain_strategy: what the compiled pattern really runs, read from the
 * jrx itself: the search engine, how a match's start is found, the
 * prefilter and what it looks for, the capture engine, and what takes
 * over when the lazy DFA gives up. */
#ifndef JRX_EXPLAIN_STRATEGY_H
#define JRX_EXPLAIN_STRATEGY_H

#include <stdio.h>

#include "jrx.h"

void explain_strategy(FILE *out, const jrx *re);

#endif
