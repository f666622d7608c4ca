/* chunk: region creation and teardown, first-fit search, the
 * address-ordered block list, and the writes into a region. Linking and
 * unlinking only move pointers, so releasing space never allocates. */
#include "jitmem/chunk.h"

#include <stdio.h>
#include <stdlib.h>

#include "jitmem/code_sync.h"
#include "jitmem/hooks.h"
#include "jitmem/write_scope.h"

int jitmem_chunk_create(jitmem_pool *pool, size_t size, int large, jitmem_chunk **chunk_out) {
  jitmem_chunk *chunk = jitmem_hooks_malloc(&pool->hooks, sizeof *chunk);
  if (chunk == NULL) {
    return JITMEM_ERROR_NOMEMORY;
  }
  int status = jitmem_platform_map(&pool->hooks, &pool->files, size, &chunk->region);
  if (status != JITMEM_OK) {
    jitmem_hooks_free(&pool->hooks, chunk);
    return status;
  }
  chunk->previous = NULL;
  chunk->next = NULL;
  chunk->blocks = NULL;
  chunk->used_bytes = 0;
  chunk->large = large;
  chunk->dead = 0;
  chunk->stale_gaps = 1; /* not traps yet */
  status = jitmem_chunk_prepare(pool, chunk);
  if (status != JITMEM_OK) {
    jitmem_chunk_destroy(pool, chunk);
    return status;
  }
  *chunk_out = chunk;
  return JITMEM_OK;
}

void jitmem_chunk_destroy(jitmem_pool *pool, jitmem_chunk *chunk) {
  jitmem_platform_unmap(&pool->hooks, &pool->files, &chunk->region);
  jitmem_hooks_free(&pool->hooks, chunk);
}

int jitmem_chunk_find_gap(const jitmem_chunk *chunk, size_t reserved, size_t *offset,
                          jitmem_block **previous) {
  if (chunk->region.size - chunk->used_bytes < reserved) {
    return 0;
  }
  size_t cursor = 0;
  jitmem_block *before = NULL;
  jitmem_block *after = chunk->blocks;
  while (after != NULL && after->offset - cursor < reserved) {
    cursor = after->offset + after->reserved;
    before = after;
    after = after->next;
  }
  if (after == NULL && chunk->region.size - cursor < reserved) {
    return 0;
  }
  *offset = cursor;
  *previous = before;
  return 1;
}

void jitmem_chunk_link_block(jitmem_chunk *chunk, jitmem_block *block, jitmem_block *previous) {
  block->chunk = chunk;
  block->previous = previous;
  block->next = previous != NULL ? previous->next : chunk->blocks;
  if (block->next != NULL) {
    block->next->previous = block;
  }
  if (previous != NULL) {
    previous->next = block;
  } else {
    chunk->blocks = block;
  }
  chunk->used_bytes += block->reserved;
}

void jitmem_chunk_unlink_block(jitmem_chunk *chunk, jitmem_block *block) {
  if (block->previous != NULL) {
    block->previous->next = block->next;
  } else {
    chunk->blocks = block->next;
  }
  if (block->next != NULL) {
    block->next->previous = block->previous;
  }
  chunk->used_bytes -= block->reserved;
}

int jitmem_chunk_write(const jitmem_hooks *hooks, jitmem_chunk *chunk, size_t offset,
                       const void *bytes, size_t size) {
  jitmem_write_scope_enter();
  int status = jitmem_platform_write(hooks, &chunk->region, offset, bytes, size);
  jitmem_write_scope_leave();
  return status;
}

/* Traps over [offset, offset+size), in a write window of this thread. */
static int write_traps(const jitmem_hooks *hooks, jitmem_chunk *chunk, size_t offset,
                       size_t size) {
  jitmem_write_scope_enter();
  int status = jitmem_platform_write_traps(hooks, &chunk->region, offset, size);
  jitmem_write_scope_leave();
  return status;
}

void jitmem_chunk_trap_freed(const jitmem_hooks *hooks, jitmem_chunk *chunk, size_t offset,
                             size_t size) {
  if (jitmem_platform_region_shared(&chunk->region) ||
      write_traps(hooks, chunk, offset, size) != JITMEM_OK) {
    chunk->stale_gaps = 1;
    return;
  }
  jitmem_platform_flush_icache(chunk->region.execute + offset, size);
}

static void lose_execute_pages(jitmem_chunk *chunk, const jitmem_block *survivor);

int jitmem_chunk_prepare(jitmem_pool *pool, jitmem_chunk *chunk) {
  const jitmem_hooks *hooks = &pool->hooks;
  if (jitmem_platform_region_shared(&chunk->region)) {
    int status = jitmem_platform_privatize(hooks, &pool->files, &chunk->region);
    if (status == JITMEM_PLATFORM_VIEW_LOST) {
      lose_execute_pages(chunk, NULL);
      return JITMEM_ERROR_NOMEMORY;
    }
    if (status != JITMEM_OK) {
      return status;
    }
  }
  if (!chunk->stale_gaps) {
    return JITMEM_OK;
  }
  size_t cursor = 0;
  for (const jitmem_block *block = chunk->blocks; block != NULL; block = block->next) {
    if (block->offset > cursor) {
      int status = write_traps(hooks, chunk, cursor, block->offset - cursor);
      if (status != JITMEM_OK) {
        return status;
      }
    }
    cursor = block->offset + block->reserved;
  }
  if (chunk->region.size > cursor) {
    int status = write_traps(hooks, chunk, cursor, chunk->region.size - cursor);
    if (status != JITMEM_OK) {
      return status;
    }
  }
  /* All of it at once is simpler than gap by gap, and flushing unchanged
   * live code does no harm. */
  jitmem_platform_flush_icache(chunk->region.execute, chunk->region.size);
  chunk->stale_gaps = 0;
  return JITMEM_OK;
}

/* Marks the chunk dead after part of its execute view was lost; aborts
 * if live code other than survivor's was there. */
static void lose_execute_pages(jitmem_chunk *chunk, const jitmem_block *survivor) {
  chunk->dead = 1;
  jitmem_span lost = chunk->region.execute_lost;
  for (const jitmem_block *block = chunk->blocks; block != NULL; block = block->next) {
    if (block != survivor && block->offset < lost.offset + lost.size &&
        lost.offset < block->offset + block->reserved) {
      fprintf(stderr,
              "jitmem: the kernel unmapped executable pages holding live code at %p (a "
              "MAP_FIXED remap failed after unmapping them, and mapping them again failed); "
              "aborting\n",
              (void *)(chunk->region.execute + lost.offset));
      abort();
    }
  }
}

int jitmem_chunk_commit(const jitmem_hooks *hooks, jitmem_chunk *chunk,
                        const jitmem_block *block, size_t offset, size_t size) {
  int status = jitmem_platform_commit(hooks, &chunk->region, offset, size);
  if (status == JITMEM_PLATFORM_VIEW_LOST) {
    lose_execute_pages(chunk, block);
    return JITMEM_ERROR_NOMEMORY;
  }
  if (status == JITMEM_OK) {
    jitmem_code_sync_publish();
  }
  return status;
}
