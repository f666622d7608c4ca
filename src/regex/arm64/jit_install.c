/* jit_install: a64_buffer_finish, then jitmem_install of the words. */
#include "jit_install.h"

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
