/* print_line: one output line the way GNU grep's prline writes it: the
 * prefix (file name, line number, byte offset, -T tab), then the text with
 * matches coloured, or with -o each non-empty match on its own line. */
#ifndef JRXGREP_PRINT_LINE_H
#define JRXGREP_PRINT_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "matcher.h"
#include "output.h"

/* Where the line is, for its prefix. */
struct line_position {
  const char *filename; /* NULL: no file name prefix */
  uintmax_t line_number;
  uint64_t byte_offset; /* of the line's first byte */
  int number_width;     /* -T alignment */
  bool check_encoding;  /* a line with an encoding error is not printed */
};

enum { PRINT_DONE = 0, PRINT_ENCODING_ERROR = 1 };

/* Prints line[0..length) (without its newline) with separator ':' for a
 * selected line or '-' for context. Returns PRINT_DONE; PRINT_ENCODING_ERROR
 * when nothing more was printed because the text has an encoding error
 * (grep drops such lines and reports "binary file matches" at the end); or
 * the negative JRX_ERROR_* code of a failed match. */
int print_line(const struct output *output, const struct matcher *matcher,
               const struct line_position *position, const char *line, size_t length,
               char separator);

#endif
