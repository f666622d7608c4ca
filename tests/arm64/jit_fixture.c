/* jit_fixture: compiling a pattern down to native code for the JIT tests
 * and running the native and the portable DFA search side by side. */
#include "jit_fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/parse.h"
#include "regex/memory.h"

void jit_fixture_create(jit_fixture *fixture, const char *pattern, uint32_t options,
                        const dfa_limits *limits) {
  memset(fixture, 0, sizeof *fixture);
  parse_limits parse;
  parse_default_limits(&parse);
  ast_tree tree;
  size_t error_offset;
  assert_int_equal(parse_pattern(pattern, strlen(pattern), options, &parse,
                                 memory_default_allocator(), &tree, &error_offset),
                   0);
  nfa_compile_limits nfa;
  nfa_default_limits(&nfa);
  int status = nfa_compile(&tree, &nfa, &fixture->program, &error_offset);
  ast_tree_release(&tree);
  assert_int_equal(status, 0);
  assert_int_equal(dfa_create(&fixture->program, &fixture->automaton), 0);
  int reason = 0;
  assert_int_equal(
      jit_compile(&fixture->program, fixture->automaton, NULL, NULL, &fixture->code, &reason), 0);
  assert_int_equal(dfa_cache_create(fixture->automaton, limits, &fixture->native_cache), 0);
  assert_int_equal(dfa_cache_create(fixture->automaton, limits, &fixture->portable_cache), 0);
}

void jit_fixture_release(jit_fixture *fixture) {
  dfa_cache_destroy(fixture->portable_cache);
  dfa_cache_destroy(fixture->native_cache);
  jit_release(fixture->code);
  dfa_destroy(fixture->automaton);
  nfa_program_release(&fixture->program);
}

jit_outcome jit_fixture_native(jit_fixture *fixture, const unsigned char *subject, size_t length,
                               size_t start_offset, uint32_t options) {
  jit_outcome outcome = {0, 0, 0};
  outcome.result = jit_search(fixture->code, fixture->native_cache, subject, length, start_offset,
                              options, &outcome.start, &outcome.end, NULL);
  return outcome;
}

jit_outcome jit_fixture_portable(jit_fixture *fixture, const unsigned char *subject, size_t length,
                                 size_t start_offset, uint32_t options) {
  jit_outcome outcome = {0, 0, 0};
  outcome.result = dfa_search(fixture->automaton, fixture->portable_cache, subject, length,
                              start_offset, options, &outcome.start, &outcome.end, NULL);
  return outcome;
}

void jit_fixture_check(jit_fixture *fixture, const char *pattern, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options,
                       int give_up_may_differ) {
  jit_outcome native = jit_fixture_native(fixture, subject, length, start_offset, options);
  jit_outcome portable = jit_fixture_portable(fixture, subject, length, start_offset, options);
  int same = native.result == portable.result &&
             (native.result != 1 || (native.start == portable.start && native.end == portable.end));
  if (give_up_may_differ && (native.result == DFA_GAVE_UP || portable.result == DFA_GAVE_UP)) {
    same = 1;
  }
  if (!same) {
    printf("pattern /%s/ options 0x%x offset %zu subject \"", pattern, (unsigned)options,
           start_offset);
    for (size_t i = 0; i < length; i++) {
      printf(subject[i] >= 0x20 && subject[i] < 0x7f ? "%c" : "\\x%02x", subject[i]);
    }
    printf("\"\n  native %d (%zu, %zu), portable %d (%zu, %zu)\n", native.result, native.start,
           native.end, portable.result, portable.start, portable.end);
    fail();
  }
}
