/* required_literal: a run of bytes that every match of a pattern
 * contains, read from the pattern's text, as GNU grep's "must" strings
 * and ripgrep's inner literals. A line without it cannot match, so the
 * search can look for the literal and try the pattern on the lines that
 * hold it. The reading is conservative: anything it does not fully
 * understand gives no literal, never a wrong one. */
#ifndef JRXGREP_REQUIRED_LITERAL_H
#define JRXGREP_REQUIRED_LITERAL_H

#include <stdbool.h>
#include <stddef.h>

/* The longest run of literal bytes that every match of pattern[0..length)
 * (PCRE2 syntax, case-sensitive, in UTF-8 mode when utf) contains, copied
 * to literal (which has room for length bytes); returns its length, 0
 * when there is none. *at_start tells whether the pattern begins with a
 * literal byte that every match begins with (jrx then skips to its
 * prefix by itself), *whole whether the pattern is nothing but the
 * literal. */
size_t required_literal_find(const char *pattern, size_t length, bool utf, char *literal,
                             bool *at_start, bool *whole);

#endif
