/* walk: turns FILE operands into searches: standard input, plain files,
 * directories (read, skipped or recursed into) and the --include,
 * --exclude and --exclude-dir filters, with GNU grep's messages. */
#ifndef JRXGREP_WALK_H
#define JRXGREP_WALK_H

#include "pool.h"

/* Hands every operand of the run's options (or the default one: "-", or
 * "." when recursive) to pool. Stops early once -q has selected a line. */
void walk_operands(struct pool *pool);

#endif
