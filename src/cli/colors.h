/* colors: GREP_COLORS (and the deprecated GREP_COLOR) parsed into the SGR
 * parameter strings grep uses, with GNU grep's defaults. An empty string
 * means "do not colour this element". */
#ifndef JRXGREP_COLORS_H
#define JRXGREP_COLORS_H

#include <stdbool.h>

struct colors {
  char selected_match[64]; /* ms */
  char context_match[64];  /* mc */
  char selected_line[64];  /* sl */
  char context_line[64];   /* cx */
  char filename[64];       /* fn */
  char line_number[64];    /* ln */
  char byte_offset[64];    /* bn */
  char separator[64];      /* se */
  bool reverse;            /* rv: swap sl and cx with -v */
  bool no_erase;           /* ne: omit the \33[K erase-to-end-of-line */
};

/* Defaults, then GREP_COLOR (with grep's deprecation warning), then
 * GREP_COLORS. */
void colors_load(struct colors *colors);

#endif
