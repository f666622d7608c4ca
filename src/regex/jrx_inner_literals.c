/* jrx_inner_literals: the set, written as a byte-mode pattern (a folded
 * byte as the class of its two cases) and compiled in the pattern's
 * context, so that it is searched as any literal pattern is: by the
 * generated scan for its rare bytes where there is native code, else by
 * the portable literal search. */
#include "jrx_inner_literals.h"

#include <stdio.h>

#include "jrx_context.h"
#include "jrx_internal.h"
#include "memory.h"

struct jrx_inner_literals {
  const jrx_allocator *allocator;
  jrx *program; /* the literals, exactly (SEARCH_STRATEGY_LITERALS or _LITERAL_SEQUENCE) */
};

/* "\xHH" or "[\xHH\xLL]" per byte, '|' between literals: at most 10
 * characters a byte and one a literal, and sprintf's NUL. */
static char *literal_pattern(const jrx_allocator *allocator, const literal_set *set,
                             size_t *length) {
  char *text = memory_allocate_array(allocator, 10 * set->byte_count + set->count + 1, 1);
  if (text == NULL) {
    return NULL;
  }
  size_t at = 0;
  for (uint32_t i = 0; i < set->count; i++) {
    if (i > 0) {
      text[at++] = '|';
    }
    const unsigned char *bytes = literal_set_bytes(set, i);
    const unsigned char *folds = literal_set_folds(set, i);
    for (uint32_t j = 0; j < set->literals[i].length; j++) {
      at += (size_t)(folds[j] != 0
                         ? sprintf(text + at, "[\\x%02x\\x%02x]", bytes[j],
                                   (unsigned)(bytes[j] & ~folds[j]))
                         : sprintf(text + at, "\\x%02x", bytes[j]));
    }
  }
  *length = at;
  return text;
}

int jrx_inner_literals_create(const jrx *re, jrx_inner_literals **out) {
  if (out == NULL) {
    return JRX_ERROR_NULL;
  }
  *out = NULL;
  if (re == NULL) {
    return JRX_ERROR_NULL;
  }
  if (re->automaton == NULL) {
    return 0; /* lookarounds: the Pike VM alone reads the pattern */
  }
  literal_set set;
  literal_set_init(&set, re->program.allocator);
  uint64_t before[4];
  int status = search_inner_literals(&re->program, false, &set, before);
  char *text = NULL;
  size_t length = 0;
  if (status == 0 && set.count > 0) {
    text = literal_pattern(re->allocator, &set, &length);
    status = text == NULL ? JRX_ERROR_NOMEMORY : 0;
  }
  literal_set_release(&set);
  jrx *program = NULL;
  if (text != NULL) {
    int errcode = 0;
    size_t offset;
    /* The pattern's context, its limits (the default context's are
     * jrx_compile's) and its choice of engine. */
    uint32_t options = re->compile_options & JRX_NO_JIT;
    program = re->context == jrx_context_default()
                  ? jrx_compile(text, length, options, &errcode, &offset)
                  : jrx_compile_in_context(text, length, options, re->context, &errcode, &offset);
    memory_free(re->allocator, text);
    /* Another error, or another strategy: no literals to look for. */
    status = errcode == JRX_ERROR_NOMEMORY ? errcode : 0;
    if (program != NULL && program->search.strategy != SEARCH_STRATEGY_LITERALS &&
        program->search.strategy != SEARCH_STRATEGY_LITERAL_SEQUENCE) {
      jrx_free(program);
      program = NULL;
    }
  }
  if (program == NULL) {
    return status;
  }
  jrx_inner_literals *literals = memory_allocate(re->allocator, sizeof *literals);
  if (literals == NULL) {
    jrx_free(program);
    return JRX_ERROR_NOMEMORY;
  }
  *literals = (jrx_inner_literals){.allocator = re->allocator, .program = program};
  *out = literals;
  return 0;
}

void jrx_inner_literals_free(jrx_inner_literals *literals) {
  if (literals != NULL) {
    jrx_free(literals->program);
    memory_free(literals->allocator, literals);
  }
}

int jrx_inner_literals_find(const jrx_inner_literals *literals, const char *subject,
                            size_t length, size_t from, size_t *at) {
  size_t ovector[2];
  int status = jrx_match(literals->program, subject, length, from, 0, ovector, 1);
  if (status != 1) {
    return status == JRX_NOMATCH ? 0 : status;
  }
  *at = ovector[0];
  return 1;
}

bool jrx_inner_literals_searched_by(const jrx *re) {
  return re != NULL && re->automaton != NULL &&
         (re->search.strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS ||
          re->search.strategy == SEARCH_STRATEGY_LITERALS ||
          re->search.strategy == SEARCH_STRATEGY_LITERAL_SEQUENCE);
}

bool jrx_inner_literals_excluded_byte(const jrx *re, unsigned char byte) {
  return re != NULL && nfa_byte_set_has(re->program.excluded_bytes, byte);
}
