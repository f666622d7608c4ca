/* oracle_text: a growable byte string for the oracle tests. Allocation
 * failure is sticky: later appends do nothing and oracle_text_failed says
 * so, which lets callers build a whole text and check once at the end. */
#ifndef JRX_ORACLE_TEXT_H
#define JRX_ORACLE_TEXT_H

#include <stddef.h>
#include <stdio.h>

typedef struct oracle_text {
  char *data; /* NUL-terminated whenever non-NULL */
  size_t length;
  size_t capacity;
  int failed;
} oracle_text;

void oracle_text_init(oracle_text *text);
void oracle_text_release(oracle_text *text);
void oracle_text_clear(oracle_text *text);
int oracle_text_failed(const oracle_text *text);
/* The contents as a C string ("" when empty). */
const char *oracle_text_string(const oracle_text *text);

void oracle_text_append(oracle_text *text, const char *bytes, size_t count);
void oracle_text_printf(oracle_text *text, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
/* Replaces the contents with the next line of file, without its newline.
 * Returns 1 when a line was read, 0 at the end of the file, -1 when out of
 * memory. */
int oracle_text_read_line(oracle_text *text, FILE *file);
/* Appends bytes as the inside of a C string literal. */
void oracle_text_append_c_escaped(oracle_text *text, const char *bytes, size_t count);

#endif
