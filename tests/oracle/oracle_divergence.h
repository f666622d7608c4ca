/* oracle_divergence: what the randomized oracle tests share to run a case
 * through both engines, report one where jrx and PCRE2 part ways, and read
 * their settings (seed, count) from the environment. */
#ifndef JRX_ORACLE_DIVERGENCE_H
#define JRX_ORACLE_DIVERGENCE_H

#include <stdint.h>

#include "oracle_case.h"
#include "oracle_outcome.h"

/* Runs the case through PCRE2 (with match_limit) and jrx (adding
 * extra_compile_options) into the two outcomes, which this initializes and
 * the caller releases; fails the test when either runs out of memory. */
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
 * PCRE2's (or jrx refuses the pattern). Returns whether PCRE2 matched. */
int oracle_check_both_engines(const oracle_case *item);

/* The number in the environment variable name (any base strtoull reads),
 * or fallback when it is unset or empty. */
uint64_t oracle_environment_number(const char *name, uint64_t fallback);

#endif
