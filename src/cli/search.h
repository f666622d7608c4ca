/* search: one input file searched with GNU grep's semantics for selected
 * lines, context, -m, -c, -l/-L, -q and binary files. A searcher
 * belongs to one thread; the caller gathers the results of every input. */
#ifndef JRXGREP_SEARCH_H
#define JRXGREP_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "matcher.h"
#include "options.h"
#include "output.h"

/* What every search of one jrxgrep run shares; read-only while searching. */
struct search_run {
  const struct options *options;
  bool utf;
  bool output_discarded; /* stdout is /dev/null: like grep, stop each file at its first match */
  bool output_is_file;    /* stdout is the regular file output_device/output_inode */
  dev_t output_device;
  ino_t output_inode;
};

/* One thread's means of searching: its own matcher (so jrx's cached
 * matching scratch is never contended) and its own output. */
struct searcher {
  const struct search_run *run;
  const struct matcher *matcher;
  struct output *output;
  /* NULL, or called before each block is read: false abandons the input,
   * and it may point output somewhere else (the thread pool's hook). */
  bool (*checkpoint)(struct searcher *searcher);
};

struct search_result {
  bool selected; /* a line was selected */
  bool quit;     /* -q selected a line: nothing after this input matters */
};

/* Searches the open file fd, shown as name (with a name prefix when
 * show_name), prints its results and records them in result. Read errors
 * are reported and end the file early, as in grep. */
void search_file(struct searcher *searcher, int fd, const char *name, bool show_name,
                 const struct stat *status, struct search_result *result);

#endif
