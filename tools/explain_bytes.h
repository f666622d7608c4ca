/* explain_bytes: prints sets of bytes for jrx-explain as compact ranges.
 * Only printable ASCII other than space, quote, backslash and '-' shows as
 * itself; the rest is \xHH, with the backslash doubled inside Graphviz
 * labels so that dot shows it literally. */
#ifndef JRX_EXPLAIN_BYTES_H
#define JRX_EXPLAIN_BYTES_H

#include <stdio.h>

typedef enum explain_style {
  EXPLAIN_STYLE_TEXT,
  EXPLAIN_STYLE_DOT
} explain_style;

/* Writes the bytes b with member[b] != 0 as ranges, e.g. "0-9A-Z_a-z". */
void explain_print_byte_set(FILE *out, const unsigned char member[256], explain_style style);

/* Writes one byte as itself or as \xHH. */
void explain_print_byte(FILE *out, unsigned char byte, explain_style style);

#endif
