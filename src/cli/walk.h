/* walk: turns FILE operands into searches: standard input, plain files,
 * directories (read, skipped or recursed into) and the --include,
 * --exclude and --exclude-dir filters, with GNU grep's messages. */
#ifndef JRXGREP_WALK_H
#define JRXGREP_WALK_H

#include "search.h"

/* Searches every operand of run->options (or the default one: "-", or
 * "." when recursive). Stops early when run->quit becomes true. */
void walk_operands(struct search_run *run);

#endif
