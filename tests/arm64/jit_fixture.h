/* jit_fixture: one pattern compiled for the JIT tests, with its program,
 * DFA, native code, and one cache for the native search and one for the
 * portable dfa_search, so both can be asked the same question. */
#ifndef JRX_TESTS_ARM64_JIT_FIXTURE_H
#define JRX_TESTS_ARM64_JIT_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "regex/arm64/jit.h"
#include "regex/dfa.h"
#include "regex/nfa.h"

typedef struct jit_fixture {
  nfa_program program;
  dfa *automaton;
  jit_code *code;
  dfa_cache *native_cache;
  dfa_cache *portable_cache;
} jit_fixture;

/* The answer of one search: 1, JRX_NOMATCH, DFA_GAVE_UP or an error, and
 * the bounds when 1. */
typedef struct jit_outcome {
  int result;
  size_t start;
  size_t end;
} jit_outcome;

/* Compiles pattern (which must be in jrx's subset) with compile options
 * and cache limits (NULL for the defaults); fails the test on any error. */
void jit_fixture_create(jit_fixture *fixture, const char *pattern, uint32_t options,
                        const dfa_limits *limits);
void jit_fixture_release(jit_fixture *fixture);

jit_outcome jit_fixture_native(jit_fixture *fixture, const unsigned char *subject, size_t length,
                               size_t start_offset, uint32_t options);
jit_outcome jit_fixture_portable(jit_fixture *fixture, const unsigned char *subject, size_t length,
                                 size_t start_offset, uint32_t options);

/* Fails the test, naming the case, unless both searches agree. When
 * give_up_may_differ, one side giving up agrees with anything: whether a
 * cache thrashes depends on the states earlier searches left in it, and
 * a prefilter changes which states those are (the caller then asks the
 * Pike VM, so the answer is the same). */
void jit_fixture_check(jit_fixture *fixture, const char *pattern, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options,
                       int give_up_may_differ);

#endif
