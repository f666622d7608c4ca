/* unsupported_construct: whether a JRX_ERROR_UNSUPPORTED_* rejection is
 * honest, that is, whether the construct that code names is really in the
 * pattern where jrx says. Differential tests and fuzzers excuse a
 * rejection of a pattern PCRE2 accepts only then; an over-eager rejection
 * (a valid construct jrx could run, refused by a parser bug) is a finding.
 *
 * One row per code, each with a small detector over the pattern text (a
 * lexer skips escapes, \Q...\E, comments and classes first, so "\(?=" or
 * "[(?=]" never counts). When jrx learns a construct (Unicode properties,
 * lookaround), delete its row: its rejections then stop being excused. */
#ifndef JRX_UNSUPPORTED_CONSTRUCT_H
#define JRX_UNSUPPORTED_CONSTRUCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether code is a JRX_ERROR_UNSUPPORTED_* code with a row and its
 * construct is in pattern[0..length) compiled with compile_options: at
 * offset, where jrx reports it, for every code but
 * JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE (reported at the item \R must
 * not follow or precede, so any \R counts). */
bool unsupported_construct_present(int code, const char *pattern, size_t length, size_t offset,
                                   uint32_t compile_options);

/* Whether code is one of the JRX_ERROR_UNSUPPORTED_* codes at all. */
bool unsupported_construct_code(int code);

#endif
