/* reliability_oracle: PCRE2 (newline LF, \R any Unicode newline, like the
 * oracle of tests/oracle) as the judge of single jrx_match calls. The
 * oracle owns its PCRE2 objects; the ovectors compared are the caller's.
 * The interpreter answers unless the caller asks for PCRE2's JIT. */
#include "reliability_oracle.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>
#include <pcre2.h>

#include "../oracle/oracle_pcre2.h"
#include "engine_expectation.h"

/* Enough pairs for every comparison these tests make; bigger pattern
 * sets compare only the first pairs. */
#define ORACLE_PAIRS 16

struct reliability_oracle {
  pcre2_code *code;
  pcre2_match_data *match_data;
  pcre2_match_context *match_context;
  pcre2_jit_stack *jit_stack;
};

/* PCRE2's JIT stack: 32 KB by default, too little for some of the long
 * subjects here; running out counts as giving up, as the match limit. */
#define ORACLE_JIT_STACK_BYTES (8u << 20)

reliability_oracle *reliability_oracle_create(const char *pattern, size_t length,
                                              uint32_t compile_options, uint32_t match_limit) {
  reliability_oracle *oracle = calloc(1, sizeof *oracle);
  assert_non_null(oracle);
  int error;
  size_t error_offset;
  oracle->code = oracle_pcre2_compile(pattern, length, compile_options, &error, &error_offset);
  if (oracle->code == NULL) {
    fail_msg("PCRE2 rejects /%.*s/: error %d at %zu", (int)(length < 80 ? length : 80), pattern,
             error, error_offset);
  }
  oracle->match_data = pcre2_match_data_create(ORACLE_PAIRS, NULL);
  oracle->match_context = pcre2_match_context_create(NULL);
  assert_non_null(oracle->match_data);
  assert_non_null(oracle->match_context);
  if (match_limit != 0) {
    pcre2_set_match_limit(oracle->match_context, match_limit);
  }
  return oracle;
}

void reliability_oracle_use_jit(reliability_oracle *oracle) {
  if (oracle->jit_stack == NULL && pcre2_jit_compile(oracle->code, PCRE2_JIT_COMPLETE) == 0) {
    oracle->jit_stack = pcre2_jit_stack_create(32 * 1024, ORACLE_JIT_STACK_BYTES, NULL);
    assert_non_null(oracle->jit_stack);
    pcre2_jit_stack_assign(oracle->match_context, NULL, oracle->jit_stack);
  }
}

void reliability_oracle_destroy(reliability_oracle *oracle) {
  if (oracle != NULL) {
    pcre2_match_context_free(oracle->match_context);
    pcre2_jit_stack_free(oracle->jit_stack);
    pcre2_match_data_free(oracle->match_data);
    pcre2_code_free(oracle->code);
    free(oracle);
  }
}

int reliability_oracle_match(reliability_oracle *oracle, const char *subject, size_t length,
                             size_t start_offset, uint32_t match_options, size_t *ovector,
                             size_t ovector_pairs) {
  int rc = pcre2_match(oracle->code, (PCRE2_SPTR)subject, length, start_offset,
                       oracle_pcre2_match_options(match_options), oracle->match_data,
                       oracle->match_context);
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
      rc == PCRE2_ERROR_JIT_STACKLIMIT) {
    return RELIABILITY_PCRE2_GAVE_UP;
  }
  if (rc == PCRE2_ERROR_NOMATCH) {
    return JRX_NOMATCH;
  }
  if (rc < 0) {
    return oracle_pcre2_error_to_jrx(rc);
  }
  const PCRE2_SIZE *pairs = pcre2_get_ovector_pointer(oracle->match_data);
  size_t available = pcre2_get_ovector_count(oracle->match_data);
  size_t filled = ovector_pairs < available ? ovector_pairs : available;
  for (size_t i = 0; i < 2 * filled; i++) {
    ovector[i] = pairs[i] == PCRE2_UNSET ? JRX_UNSET : pairs[i];
  }
  return rc;
}

int reliability_check_match(const jrx *re, uint32_t compile_options, reliability_oracle *oracle,
                            const char *subject, size_t length, size_t start_offset,
                            uint32_t match_options) {
  size_t expected[2 * ORACLE_PAIRS];
  size_t got[2 * ORACLE_PAIRS];
  int expected_rc = reliability_oracle_match(oracle, subject, length, start_offset, match_options,
                                             expected, ORACLE_PAIRS);
  if (expected_rc == RELIABILITY_PCRE2_GAVE_UP) {
    return RELIABILITY_PCRE2_GAVE_UP;
  }
  int rc = jrx_match(re, subject, length, start_offset, match_options, got, ORACLE_PAIRS);
  if (rc != expected_rc) {
    fail_msg("subject of %zu bytes from %zu, options %#x: jrx %d, PCRE2 %d", length, start_offset,
             (unsigned)match_options, rc, expected_rc);
  }
  for (int i = 0; i < 2 * rc; i++) {
    if (got[i] != expected[i]) {
      fail_msg("subject of %zu bytes from %zu, options %#x: ovector[%d] jrx %zu, PCRE2 %zu", length,
               start_offset, (unsigned)match_options, i, got[i], expected[i]);
    }
  }
  if (!engine_expectation_met(re, compile_options)) {
    fail_msg(ENGINE_EXPECTATION_FAILURE, jrx_engine(re),
             engine_expectation_expected(compile_options));
  }
  return 0;
}
