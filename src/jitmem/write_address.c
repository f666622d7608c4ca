/* write_address: the blocks whose write addresses this thread holds, one
 * list per thread through the blocks themselves (so asking never
 * allocates), each with the write view its first write address opened
 * (on Linux a mapping of its pages made for this thread's scope alone).
 * While the list is not empty the thread holds the fork guard. */
#include "jitmem/write_address.h"

#include "jitmem/chunk.h"
#include "jitmem/lock.h"
#include "jitmem/registry.h"

static _Thread_local jitmem_block *open_blocks;

void *jitmem_block_write_address(const jitmem_block *block, size_t offset) {
  if (block == NULL || offset >= block->size || !jitmem_thread_is_writable()) {
    return NULL;
  }
  /* The handle is the caller's; opening it only updates its bookkeeping. */
  jitmem_block *opened = (jitmem_block *)block;
  if (!opened->open_for_writing) {
    jitmem_pool *pool = opened->pool;
    jitmem_chunk *chunk = opened->chunk;
    if (open_blocks == NULL) {
      jitmem_fork_guard_enter();
    }
    jitmem_lock(&pool->mutex);
    int status = chunk->dead ? JITMEM_ERROR_NOMEMORY : jitmem_chunk_prepare(pool, chunk);
    if (status == JITMEM_OK) {
      status = jitmem_platform_open_write_view(&pool->hooks, &chunk->region, opened->offset,
                                               opened->size, &opened->write_view);
    }
    jitmem_unlock(&pool->mutex);
    if (status != JITMEM_OK) {
      if (open_blocks == NULL) {
        jitmem_fork_guard_leave();
      }
      return NULL;
    }
    opened->open_for_writing = 1;
    opened->next_open = open_blocks;
    open_blocks = opened;
  }
  return opened->write_view.address + offset;
}

void jitmem_write_address_close_all(void) {
  if (open_blocks == NULL) {
    return;
  }
  while (open_blocks != NULL) {
    jitmem_block *block = open_blocks;
    open_blocks = block->next_open;
    jitmem_platform_close_write_view(&block->write_view);
    block->open_for_writing = 0;
    block->next_open = NULL;
  }
  jitmem_fork_guard_leave();
}

void jitmem_write_address_forget(jitmem_block *block) {
  if (!block->open_for_writing) {
    return;
  }
  jitmem_block **link = &open_blocks;
  while (*link != NULL && *link != block) {
    link = &(*link)->next_open;
  }
  if (*link == block) {
    *link = block->next_open;
  }
  jitmem_platform_close_write_view(&block->write_view);
  block->open_for_writing = 0;
  block->next_open = NULL;
  if (open_blocks == NULL) {
    jitmem_fork_guard_leave();
  }
}
