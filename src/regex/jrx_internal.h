/* jrx_internal: what a compiled jrx holds. Immutable after jrx_compile
 * except for the cached matching scratch, which is only ever moved in and
 * out with atomic exchanges, so any number of threads may match at once. */
#ifndef JRX_INTERNAL_H
#define JRX_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "jrx.h"
#include "dfa.h"
#include "nfa.h"
#include "pike.h"
#include "prefilter.h"

/* Which backend runs the program. */
typedef enum jrx_engine_kind {
  JRX_ENGINE_INTERPRETER,
  JRX_ENGINE_ARM64_JIT /* the DFA scanned by native loops (arm64/jit.h) */
} jrx_engine_kind;

typedef struct jrx_group_name {
  const char *name; /* points into the same allocation as the array */
  uint32_t number;
} jrx_group_name;

/* Everything one match needs besides the compiled pattern. */
typedef struct jrx_scratch {
  const jrx_allocator *allocator; /* the pattern's */
  pike_scratch *pike;
  dfa_cache *dfa;
  struct jit_capture_scratch *captures; /* when the jrx has native capture code */
} jrx_scratch;

struct jrx {
  jrx_context *context; /* holds a reference */
  const jrx_allocator *allocator; /* the context's, of everything the jrx owns */
  nfa_program program;
  uint32_t capture_count;
  uint32_t compile_options;
  jrx_engine_kind engine;
  jrx_group_name *names; /* sorted by name; one allocation with their text */
  size_t name_count;
  dfa *automaton; /* finds the match bounds; the Pike VM adds the groups */
  prefilter prefilter; /* lets the interpreter's DFA skip where no match starts */
  struct jit_code *native; /* JRX_ENGINE_ARM64_JIT: native loops over automaton */
  /* JRX_ENGINE_ARM64_JIT with groups: fills them for the bounds the DFA
   * found (arm64/jit_capture.h); NULL leaves that to the Pike VM. */
  struct jit_capture_code *captures;
  const char *engine_name; /* jrx_engine's answer, saying why native code is missing */
  dfa_limits dfa_limits; /* for each match's cache */
  _Atomic(jrx_scratch *) cached_scratch; /* NULL while a match uses it */
};

/* jrx_match without the UTF-8 check of the subject, for callers that
 * already checked it from an earlier offset (the iterator). */
int jrx_match_checked_subject(const jrx *re, const char *subject, size_t length,
                              size_t start_offset, uint32_t options, size_t *ovector,
                              size_t ovector_pairs);

#endif
