/* oracle_pcre2: the oracle's side. Runs cases with PCRE2 10.42 (newline
 * LF, \R any Unicode newline, the interpreter) and translates jrx's option
 * bits to PCRE2's. */
#ifndef JRX_ORACLE_PCRE2_H
#define JRX_ORACLE_PCRE2_H

#include <stddef.h>
#include <stdint.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "oracle_case.h"
#include "oracle_outcome.h"

/* The PCRE2 options meaning the same as the JRX_* bits. */
uint32_t oracle_pcre2_compile_options(uint32_t jrx_options);
uint32_t oracle_pcre2_match_options(uint32_t jrx_options);

/* The jrx code for a pcre2_match error with the same meaning, or
 * JRX_ERROR_INTERNAL when jrx has none. */
int oracle_pcre2_error_to_jrx(int pcre2_code);

/* pcre2_compile of pattern[0..length) with the oracle's settings and the
 * PCRE2 options of jrx_options; NULL when PCRE2 rejects the pattern (or
 * runs out of memory), with its error code and offset stored. */
pcre2_code *oracle_pcre2_compile(const char *pattern, size_t length, uint32_t jrx_options,
                                 int *error_code, size_t *error_offset);

/* Called by oracle_pcre2_iterate with each pcre2_match result that is
 * not PCRE2_ERROR_NOMATCH: a match (rc >= 0, ovector holds it) or the
 * error that ends the iteration. */
typedef void (*oracle_pcre2_each)(int rc, const PCRE2_SIZE *ovector, void *user);

/* Every match from start_offset by pcre2demo's loop (after an empty match
 * the same offset again with PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED, then
 * one character further), with the PCRE2 options of jrx_match_options. */
void oracle_pcre2_iterate(const pcre2_code *code, pcre2_match_data *match_data,
                          pcre2_match_context *context, const char *subject, size_t length,
                          size_t start_offset, uint32_t jrx_match_options,
                          oracle_pcre2_each each, void *user);

/* Runs the case with the given match limit (0: PCRE2's default). The
 * iteration follows pcre2demo's loop. Returns 0, or -1 when out of memory. */
int oracle_run_pcre2(const oracle_case *item, unsigned match_limit, oracle_outcome *outcome);

/* oracle_run_pcre2 compiled with PCRE2_NO_START_OPTIMIZE: the second
 * opinion where PCRE2 10.42's start optimization answers wrongly
 * (oracle_divergence.h, oracle_prefer_unoptimized). */
int oracle_run_pcre2_without_start_optimization(const oracle_case *item, unsigned match_limit,
                                                oracle_outcome *outcome);

#endif
