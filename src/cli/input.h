/* input: one input, a named file or standard input, opened, checked for
 * the refusals grep makes per file (the input is the output) and
 * searched. Runs on whichever thread searches it. */
#ifndef JRXGREP_INPUT_H
#define JRXGREP_INPUT_H

#include <stdbool.h>

#include "search.h"

/* Searches the file at path, or standard input when path is NULL; name is
 * what messages and prefixes call it. Errors are reported. */
void input_search(struct searcher *searcher, const char *path, const char *name, bool show_name,
                  struct search_result *result);

#endif
