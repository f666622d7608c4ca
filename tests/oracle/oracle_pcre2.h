/* oracle_pcre2: the oracle's side. Runs cases with PCRE2 10.42 (newline
 * LF, \R any Unicode newline, the interpreter) and translates jrx's option
 * bits to PCRE2's. */
#ifndef JRX_ORACLE_PCRE2_H
#define JRX_ORACLE_PCRE2_H

#include <stdint.h>

#include "oracle_case.h"
#include "oracle_outcome.h"

/* The PCRE2 options meaning the same as the JRX_* bits. */
uint32_t oracle_pcre2_compile_options(uint32_t jrx_options);
uint32_t oracle_pcre2_match_options(uint32_t jrx_options);

/* The jrx code for a pcre2_match error with the same meaning, or
 * JRX_ERROR_INTERNAL when jrx has none. */
int oracle_pcre2_error_to_jrx(int pcre2_code);

/* Runs the case with the given match limit (0: PCRE2's default). The
 * iteration follows pcre2demo's loop. Returns 0, or -1 when out of memory. */
int oracle_run_pcre2(const oracle_case *item, unsigned match_limit, oracle_outcome *outcome);

#endif
