/* search: one input file searched with GNU grep's semantics for selected
 * lines, context, -m, -c, -l/-L, -q and binary files. Results for the
 * whole run (exit status, -q's early end) are gathered in search_run. */
#ifndef JRXGREP_SEARCH_H
#define JRXGREP_SEARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "matcher.h"
#include "options.h"
#include "output.h"

struct search_run {
  const struct options *options;
  const struct matcher *matcher;
  struct output *output;
  bool utf;
  bool output_discarded; /* stdout is /dev/null: like grep, stop each file at its first match */
  bool any_selected;     /* some file had a selected line: exit status 0 */
  bool quit;         /* -q saw a selected line: stop at once */
};

/* Searches the open file fd, shown as name (with a name prefix when
 * show_name), prints its results and updates run. Read errors are
 * reported and end the file early, as in grep. */
void search_file(struct search_run *run, int fd, const char *name, bool show_name,
                 const struct stat *status);

#endif
