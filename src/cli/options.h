/* options: jrxgrep's command line, parsed once into a struct the rest of
 * the program only reads. options_free releases what options_parse
 * allocated (the pattern list and the file-name filters). */
#ifndef JRXGREP_OPTIONS_H
#define JRXGREP_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "filters.h"
#include "patterns.h"

enum binary_files_mode { BINARY_FILES_BINARY, BINARY_FILES_TEXT, BINARY_FILES_WITHOUT_MATCH };
enum list_files_mode { LIST_FILES_NONE, LIST_FILES_MATCHING, LIST_FILES_NONMATCHING };
enum directories_mode { DIRECTORIES_READ, DIRECTORIES_SKIP, DIRECTORIES_RECURSE };
/* grep's default reads devices, FIFOs and sockets named on the command
 * line but skips those found while recursing; -D read reads both. */
enum devices_mode { DEVICES_READ_OPERANDS, DEVICES_READ, DEVICES_SKIP };

struct options {
  struct pattern_list patterns;
  bool fixed_strings, ignore_case, invert, word, line;
  bool ucp; /* --ucp: \d \s \w \b and POSIX classes by Unicode properties */
  bool count, only_matching, quiet, no_messages, byte_offset, line_number;
  bool initial_tab, null_after_name, line_buffered;
  int with_filename;           /* -1: decide from the operands, 0: -h, 1: -H */
  const char *label;           /* name shown for standard input */
  intmax_t max_count;          /* -1: no limit */
  intmax_t before, after;      /* -1: not requested */
  bool context_requested;      /* any of -A -B -C -NUM: enables "--" */
  const char *group_separator; /* NULL: --no-group-separator */
  enum list_files_mode list_files;
  enum binary_files_mode binary_files;
  enum directories_mode directories;
  enum devices_mode devices;
  bool dereference_recursive;  /* -R */
  char line_end;               /* '\n', or '\0' with -z */
  long threads;                /* -j: searching threads, 0: one per online CPU */
  struct name_filters filters;
  bool color;
  char **files;
  int file_count;
};

/* Parses argv. Returns -1 when the program should go on, otherwise the
 * exit status to end with (0 after --help/--version, 2 on a usage error,
 * which has been reported). */
int options_parse(int argc, char **argv, struct options *options);

void options_free(struct options *options);

#endif
