/* fuzz_pcre2: the oracle side of the differential target. Compiles with
 * the PCRE2 equivalents of the JRX_* options (newline LF, \R any Unicode
 * newline, as jrx defines them) and records matches in jrx's terms. Match
 * and depth limits are low, as in PCRE2's own fuzzer, so that catastrophic
 * backtracking ends quickly (that one uses 100 and 100; these are higher so
 * that subjects of a few hundred bytes still get answers); hitting one makes
 * the record inconclusive. */
#ifndef JRX_FUZZ_PCRE2_H
#define JRX_FUZZ_PCRE2_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz_matches.h"

#define FUZZ_PCRE2_MATCH_LIMIT 10000u
#define FUZZ_PCRE2_DEPTH_LIMIT 1000u

typedef struct fuzz_pcre2 fuzz_pcre2;

/* Compiles pattern. Returns 0 with *oracle set, 1 when PCRE2 rejects the
 * pattern (*error_code and *error_offset say why and where), or -1 when
 * out of memory. */
int fuzz_pcre2_compile(const char *pattern, size_t length, uint32_t jrx_options,
                       fuzz_pcre2 **oracle, int *error_code, size_t *error_offset);

/* fuzz_pcre2_compile with PCRE2_NO_START_OPTIMIZE: the second opinion
 * where PCRE2 10.42's start optimization answers wrongly
 * (fuzz_differential.c, compare_answers). */
int fuzz_pcre2_compile_unoptimized(const char *pattern, size_t length, uint32_t jrx_options,
                                   fuzz_pcre2 **oracle, int *error_code, size_t *error_offset);

void fuzz_pcre2_free(fuzz_pcre2 *oracle);

/* 1 if a compile error code is one of PCRE2's own size limits (compiled
 * code size, nesting depth, complexity, pattern length, group count). */
int fuzz_pcre2_is_size_limit(int error_code);

/* Writes PCRE2's message for a compile error code to stderr. */
void fuzz_pcre2_print_error(int error_code);

uint32_t fuzz_pcre2_capture_count(const fuzz_pcre2 *oracle);

/* Named groups: their number, the name of entry index (NULL past the end)
 * and its group number; *unique is 0 for a name several groups share. */
const char *fuzz_pcre2_group_name(const fuzz_pcre2 *oracle, uint32_t index, int *number,
                                  int *unique);

/* Records the first match from start_offset (ovector_pairs pairs offered)
 * or the whole iteration with pcre2demo's empty-match rules. Return 0, or
 * -1 when out of memory. */
int fuzz_pcre2_first(const fuzz_pcre2 *oracle, const char *subject, size_t length,
                     size_t start_offset, uint32_t jrx_options, size_t ovector_pairs,
                     fuzz_matches *record);
int fuzz_pcre2_iterate(const fuzz_pcre2 *oracle, const char *subject, size_t length,
                       size_t start_offset, uint32_t jrx_options, fuzz_matches *record);

#endif
