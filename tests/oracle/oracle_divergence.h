/* oracle_divergence: what the randomized oracle tests share to run a case
 * through both engines, report one where jrx and PCRE2 part ways, and read
 * their settings (seed, count) from the environment. */
#ifndef JRX_ORACLE_DIVERGENCE_H
#define JRX_ORACLE_DIVERGENCE_H

#include <stdint.h>

#include "oracle_case.h"
#include "oracle_outcome.h"

/* Where jrx's answer differs from PCRE2's, runs PCRE2 again with
 * PCRE2_NO_START_OPTIMIZE and, when that answer is jrx's, makes it *pcre2:
 * PCRE2 10.42's start optimization misses matches its own matcher finds
 * ((?=b)(?:x)?b on "ab": no match, where PCRE2 without the optimization,
 * PCRE2 after its pull request 444, and jrx match "b" at 1;
 * doc/migrating-from-pcre2.md). Any other divergence stays. Fails the
 * test when PCRE2 runs out of memory. */
void oracle_prefer_unoptimized(const oracle_case *item, unsigned match_limit,
                               oracle_outcome *pcre2, const oracle_outcome *jrx_outcome);

/* Runs the case through PCRE2 (with match_limit) and jrx (adding
 * extra_compile_options) into the two outcomes, which this initializes and
 * the caller releases, PCRE2's as oracle_prefer_unoptimized leaves it;
 * fails the test when either runs out of memory. */
void oracle_run_both(const oracle_case *item, unsigned match_limit,
                     unsigned extra_compile_options, oracle_outcome *pcre2,
                     oracle_outcome *jrx_outcome);

/* Prints "DIVERGENCE: what", then the case (pattern, subject, options,
 * start offset; extra_compile_options are jrx's alone, e.g. JRX_NO_JIT)
 * and both outcomes, jrx's with the engine that answered. */
void oracle_print_divergence(const char *what, const oracle_case *item,
                             unsigned extra_compile_options, const oracle_outcome *pcre2,
                             const oracle_outcome *jrx_outcome);

/* Runs the case through PCRE2 and through jrx with its default engine and
 * with JRX_NO_JIT, and fails the test, printing every answer, where jrx's
 * first match or whole iteration differs from a conclusive answer of
 * PCRE2's, as oracle_prefer_unoptimized leaves it (or jrx refuses the
 * pattern). Returns whether PCRE2 matched. */
int oracle_check_both_engines(const oracle_case *item);

/* oracle_check_both_engines for pattern (NUL-terminated, under 256
 * bytes) with compile_options over subject from start_offset, no match
 * options: the case a test builds rather than reads from cases.txt. */
int oracle_check_pattern_both_engines(const char *pattern, uint32_t compile_options,
                                      char *subject, size_t subject_length, size_t start_offset);

/* The number in the environment variable name (any base strtoull reads),
 * or fallback when it is unset or empty. */
uint64_t oracle_environment_number(const char *name, uint64_t fallback);

#endif
