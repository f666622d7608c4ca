/* jit_install: a64_buffer_finish, then jitmem_install of the words. */
#include "jit_install.h"

#include <string.h>

int jit_install_buffer(a64_buffer *buffer, jitmem_pool *pool, jitmem_block **block,
                       void **entry) {
  int status = a64_buffer_finish(buffer);
  if (status != 0) {
    return status;
  }
  size_t count = 0;
  const uint32_t *words = a64_buffer_words(buffer, &count);
  return jitmem_install(pool, words, count * sizeof *words, block, entry);
}

int jit_install_matcher(jit_matcher_emitter emit, const nfa_program *program,
                        const backtrack_plan *plan, const jrx_allocator *allocator,
                        uint32_t *code_offsets, jitmem_pool *pool, jitmem_block **block,
                        void *function, size_t function_size) {
  a64_buffer buffer;
  a64_buffer_init(&buffer, allocator);
  int status = emit(&buffer, program, plan, allocator, code_offsets);
  void *entry = NULL;
  if (status == 0) {
    status = jit_install_buffer(&buffer, pool, block, &entry);
  }
  if (status == 0) {
    memcpy(function, &entry, function_size);
  }
  a64_buffer_release(&buffer);
  return status;
}
