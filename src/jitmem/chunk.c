/* chunk: region creation and teardown, first-fit search and the
 * address-ordered block list. Linking and unlinking only move pointers,
 * so releasing space never allocates. */
#include "jitmem/chunk.h"

#include <stdio.h>
#include <stdlib.h>

#include "jitmem/arch.h"
#include "jitmem/hooks.h"
#include "jitmem/write_scope.h"

int jitmem_chunk_create(const jitmem_hooks *hooks, size_t size, int large,
                        jitmem_chunk **chunk_out) {
  jitmem_chunk *chunk = jitmem_hooks_malloc(hooks, sizeof *chunk);
  if (chunk == NULL) {
    return JITMEM_ERROR_NOMEMORY;
  }
  int status = jitmem_platform_map(hooks, size, &chunk->region);
  if (status != JITMEM_OK) {
    jitmem_hooks_free(hooks, chunk);
    return status;
  }
  chunk->previous = NULL;
  chunk->next = NULL;
  chunk->blocks = NULL;
  chunk->used_bytes = 0;
  chunk->large = large;
  chunk->dead = 0;
  chunk->stale_gaps = 1; /* a new file holds zeros, not traps */
  status = jitmem_chunk_prepare(hooks, chunk);
  if (status != JITMEM_OK) {
    jitmem_chunk_destroy(hooks, chunk);
    return status;
  }
  *chunk_out = chunk;
  return JITMEM_OK;
}

void jitmem_chunk_destroy(const jitmem_hooks *hooks, jitmem_chunk *chunk) {
  jitmem_platform_unmap(&chunk->region);
  jitmem_hooks_free(hooks, chunk);
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

int jitmem_chunk_open_window(const jitmem_hooks *hooks, jitmem_chunk *chunk) {
  int status = jitmem_platform_open_write(hooks, &chunk->region);
  if (status == JITMEM_OK) {
    jitmem_write_scope_enter();
  }
  return status;
}

void jitmem_chunk_close_window(jitmem_chunk *chunk) {
  jitmem_write_scope_leave();
  jitmem_platform_close_write(&chunk->region);
}

/* Inside a window: traps over [offset, offset+size). */
static void fill_traps(jitmem_chunk *chunk, size_t offset, size_t size) {
  jitmem_arch_fill_traps(chunk->region.write + offset, size);
}

void jitmem_chunk_trap_freed(const jitmem_hooks *hooks, jitmem_chunk *chunk, size_t offset,
                             size_t size) {
  if (jitmem_chunk_open_window(hooks, chunk) != JITMEM_OK) {
    chunk->stale_gaps = 1;
    return;
  }
  fill_traps(chunk, offset, size);
  jitmem_chunk_close_window(chunk);
  jitmem_platform_flush_icache(chunk->region.execute + offset, size);
}

int jitmem_chunk_prepare(const jitmem_hooks *hooks, jitmem_chunk *chunk) {
  if (!chunk->stale_gaps) {
    return JITMEM_OK;
  }
  int status = jitmem_chunk_open_window(hooks, chunk);
  if (status != JITMEM_OK) {
    return status;
  }
  size_t cursor = 0;
  for (const jitmem_block *block = chunk->blocks; block != NULL; block = block->next) {
    fill_traps(chunk, cursor, block->offset - cursor);
    cursor = block->offset + block->reserved;
  }
  fill_traps(chunk, cursor, chunk->region.size - cursor);
  jitmem_chunk_close_window(chunk);
  /* Flushing all of it is simpler than gap by gap and flushes nothing that
   * could be running: live code is unchanged. */
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
  return status;
}
