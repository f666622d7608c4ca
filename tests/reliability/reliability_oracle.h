/* reliability_oracle: one jrx_match call checked against pcre2_match on the
 * same pattern, subject, offset and options. PCRE2 runs under a match
 * limit; hitting it, or the end of the JIT's stack, means "PCRE2 gave up",
 * which is no verdict at all. */
#ifndef RELIABILITY_ORACLE_H
#define RELIABILITY_ORACLE_H

#include <stddef.h>
#include <stdint.h>

#include "jrx.h"

typedef struct reliability_oracle reliability_oracle;

/* Compiles pattern[0..length) with PCRE2 under the jrx compile options
 * (JRX_NO_JIT ignored) and PCRE2's match limit set to match_limit (0 keeps
 * PCRE2's default). Fails the test if PCRE2 rejects the pattern. */
reliability_oracle *reliability_oracle_create(const char *pattern, size_t length,
                                              uint32_t compile_options, uint32_t match_limit);
void reliability_oracle_destroy(reliability_oracle *oracle);

/* Lets PCRE2's JIT answer where it compiles the pattern (pcre2_match falls
 * back to the interpreter by itself for what the JIT cannot run): the
 * same answers, many times faster on the long subjects of the work-bound
 * tests, above all under qemu, where the interpreter's quadratic runs took
 * minutes. Not for the tests of subjects at the edge of mapped memory:
 * under qemu PCRE2's JIT faults on some of them (test_api_edges). */
void reliability_oracle_use_jit(reliability_oracle *oracle);

/* What PCRE2 answers, in jrx's terms: a jrx_match return code (pairs
 * filled into ovector, JRX_NOMATCH or an error code), or
 * RELIABILITY_PCRE2_GAVE_UP when PCRE2 hit a resource limit. */
#define RELIABILITY_PCRE2_GAVE_UP 1000
int reliability_oracle_match(reliability_oracle *oracle, const char *subject, size_t length,
                             size_t start_offset, uint32_t match_options, size_t *ovector,
                             size_t ovector_pairs);

/* Runs jrx_match and PCRE2 and fails the test, naming the case, unless
 * both give the same code and the same pairs and jrx answered on the
 * engine this build must run for a pattern compiled with compile_options
 * (tests/support/engine_expectation.h). Returns 0, or
 * RELIABILITY_PCRE2_GAVE_UP when there was no verdict to compare with. */
int reliability_check_match(const jrx *re, uint32_t compile_options, reliability_oracle *oracle,
                            const char *subject, size_t length, size_t start_offset,
                            uint32_t match_options);

#endif
