/* explain_stats: every match of a pattern in a file, on one match data,
 * and what jrx_match_data_stats counted for them. */
#ifndef JRX_EXPLAIN_STATS_H
#define JRX_EXPLAIN_STATS_H

#include <stdio.h>

#include "jrx.h"

/* Returns 0, or a JRX_ERROR_* code (JRX_ERROR_NULL: the file cannot be
 * read, with a message on stderr). */
int explain_stats(FILE *out, const jrx *re, const char *path);

#endif
