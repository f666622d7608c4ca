/* jrx_inner_literals: the set and its searcher, made from the compiled
 * program with the allocator of the pattern. */
#include "jrx_inner_literals.h"

#include "jrx_internal.h"
#include "memory.h"

struct jrx_inner_literals {
  const jrx_allocator *allocator;
  literal_set set;
  literal_searcher searcher;
};

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
  jrx_inner_literals *literals = memory_allocate(re->allocator, sizeof *literals);
  if (literals == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  literals->allocator = re->allocator;
  literal_set_init(&literals->set, re->program.allocator);
  uint64_t before[4];
  int status = search_inner_literals(&re->program, &literals->set, before);
  if (status == 0 && literals->set.count > 0) {
    status = literal_searcher_init(&literals->searcher, &literals->set);
    if (status == 0) {
      *out = literals;
      return 0;
    }
  }
  literal_set_release(&literals->set);
  memory_free(re->allocator, literals);
  /* A set no searcher takes is no literal to look for. */
  return status == JRX_ERROR_NOMEMORY ? status : 0;
}

void jrx_inner_literals_free(jrx_inner_literals *literals) {
  if (literals != NULL) {
    literal_searcher_release(&literals->searcher);
    literal_set_release(&literals->set);
    memory_free(literals->allocator, literals);
  }
}

int jrx_inner_literals_find(const jrx_inner_literals *literals, const char *subject,
                            size_t length, size_t from, size_t *at) {
  size_t end;
  return literal_searcher_find(&literals->searcher, NULL, (const unsigned char *)subject, length,
                               from, at, &end);
}
