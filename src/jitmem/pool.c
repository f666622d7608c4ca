/* pool: creation, destruction, statistics and the space policy: first fit
 * over the shared chunks, a new chunk when none has room, a region of its
 * own for a block larger than a chunk, and at most one empty chunk kept. */
#include "jitmem/pool.h"

#include <stdint.h>

#include "jitmem/arch.h"
#include "jitmem/chunk.h"
#include "jitmem/hooks.h"
#include "jitmem/lock.h"
#include "jitmem/registry.h"

#define POOL_DEFAULT_CHUNK_SIZE ((size_t)64 * 1024)

/* Rounds size up to a multiple of unit; 0 if that overflows. */
static size_t round_up(size_t size, size_t unit) {
  if (size > SIZE_MAX - (unit - 1)) {
    return 0;
  }
  return (size + unit - 1) / unit * unit;
}

int jitmem_pool_create(const jitmem_hooks *hooks, size_t chunk_size, jitmem_pool **pool_out) {
  if (pool_out == NULL) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  *pool_out = NULL;
  jitmem_hooks resolved;
  int status = jitmem_hooks_resolve(hooks, &resolved);
  if (status != JITMEM_OK) {
    return status;
  }
  size_t rounded = round_up(chunk_size != 0 ? chunk_size : POOL_DEFAULT_CHUNK_SIZE,
                            jitmem_platform_page_size());
  if (rounded == 0) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  jitmem_pool *pool = jitmem_hooks_malloc(&resolved, sizeof *pool);
  if (pool == NULL) {
    return JITMEM_ERROR_NOMEMORY;
  }
  if (pthread_mutex_init(&pool->mutex, NULL) != 0) {
    jitmem_hooks_free(&resolved, pool);
    return JITMEM_ERROR_NOMEMORY;
  }
  pool->hooks = resolved;
  pool->files = (jitmem_code_files){NULL};
  pool->chunk_size = rounded;
  pool->chunks = NULL;
  pool->empty_chunk_count = 0;
  pool->is_default = 0;
  status = jitmem_registry_add(pool);
  if (status != JITMEM_OK) {
    pthread_mutex_destroy(&pool->mutex);
    jitmem_hooks_free(&resolved, pool);
    return status;
  }
  *pool_out = pool;
  return JITMEM_OK;
}

void jitmem_pool_destroy(jitmem_pool *pool) {
  if (pool == NULL || pool->is_default) {
    return;
  }
  jitmem_registry_remove(pool);
  jitmem_chunk *chunk = pool->chunks;
  while (chunk != NULL) {
    jitmem_chunk *next_chunk = chunk->next;
    jitmem_block *block = chunk->blocks;
    while (block != NULL) {
      jitmem_block *next_block = block->next;
      jitmem_hooks_free(&pool->hooks, block);
      block = next_block;
    }
    jitmem_chunk_destroy(pool, chunk);
    chunk = next_chunk;
  }
  pthread_mutex_destroy(&pool->mutex);
  /* The hooks live inside the memory being freed. */
  jitmem_hooks hooks = pool->hooks;
  jitmem_hooks_free(&hooks, pool);
}

static void push_chunk(jitmem_pool *pool, jitmem_chunk *chunk) {
  chunk->previous = NULL;
  chunk->next = pool->chunks;
  if (pool->chunks != NULL) {
    pool->chunks->previous = chunk;
  }
  pool->chunks = chunk;
}

/* Takes a chunk off the pool list, unmaps and frees it. */
static void discard_chunk(jitmem_pool *pool, jitmem_chunk *chunk) {
  if (chunk->previous != NULL) {
    chunk->previous->next = chunk->next;
  } else {
    pool->chunks = chunk->next;
  }
  if (chunk->next != NULL) {
    chunk->next->previous = chunk->previous;
  }
  jitmem_chunk_destroy(pool, chunk);
}

void jitmem_pool_trim(jitmem_pool *pool) {
  if (pool == NULL) {
    return;
  }
  jitmem_lock(&pool->mutex);
  for (jitmem_chunk *chunk = pool->chunks; chunk != NULL; chunk = chunk->next) {
    if (chunk->blocks == NULL) {
      discard_chunk(pool, chunk);
      pool->empty_chunk_count = 0;
      break;
    }
  }
  jitmem_unlock(&pool->mutex);
}

int jitmem_pool_get_stats(jitmem_pool *pool, jitmem_pool_stats *stats) {
  if (pool == NULL || stats == NULL) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  jitmem_pool_stats counted = {0, 0, 0, 0, 0};
  jitmem_lock(&pool->mutex);
  for (const jitmem_chunk *chunk = pool->chunks; chunk != NULL; chunk = chunk->next) {
    counted.mapped_bytes += chunk->region.size;
    counted.used_bytes += chunk->used_bytes;
    if (chunk->large) {
      counted.large_region_count++;
    } else {
      counted.chunk_count++;
    }
    for (const jitmem_block *block = chunk->blocks; block != NULL; block = block->next) {
      counted.block_count++;
    }
  }
  jitmem_unlock(&pool->mutex);
  *stats = counted;
  return JITMEM_OK;
}

/* Places block at the start of a new chunk of size bytes. */
static int reserve_in_new_chunk(jitmem_pool *pool, jitmem_block *block, size_t size, int large) {
  jitmem_chunk *chunk;
  int status = jitmem_chunk_create(pool, size, large, &chunk);
  if (status != JITMEM_OK) {
    return status;
  }
  block->offset = 0;
  jitmem_chunk_link_block(chunk, block, NULL);
  push_chunk(pool, chunk);
  return JITMEM_OK;
}

int jitmem_pool_reserve(jitmem_pool *pool, jitmem_block *block, size_t size) {
  size_t reserved = round_up(size, JITMEM_ARCH_CODE_ALIGNMENT);
  if (reserved == 0) {
    return JITMEM_ERROR_NOMEMORY;
  }
  block->size = size;
  block->reserved = reserved;
  if (reserved > pool->chunk_size) {
    size_t region_size = round_up(reserved, jitmem_platform_page_size());
    if (region_size == 0) {
      return JITMEM_ERROR_NOMEMORY;
    }
    return reserve_in_new_chunk(pool, block, region_size, 1);
  }
  for (jitmem_chunk *chunk = pool->chunks; chunk != NULL; chunk = chunk->next) {
    jitmem_block *previous;
    if (!chunk->large && !chunk->dead &&
        jitmem_chunk_find_gap(chunk, reserved, &block->offset, &previous)) {
      int status = jitmem_chunk_prepare(pool, chunk);
      if (status != JITMEM_OK) {
        return status;
      }
      if (chunk->blocks == NULL) {
        pool->empty_chunk_count--;
      }
      jitmem_chunk_link_block(chunk, block, previous);
      return JITMEM_OK;
    }
  }
  return reserve_in_new_chunk(pool, block, pool->chunk_size, 0);
}

void jitmem_pool_release(jitmem_pool *pool, jitmem_block *block) {
  jitmem_chunk *chunk = block->chunk;
  jitmem_chunk_unlink_block(chunk, block);
  if (chunk->blocks == NULL && (chunk->large || chunk->dead || pool->empty_chunk_count > 0)) {
    discard_chunk(pool, chunk);
    return;
  }
  if (chunk->dead) {
    return;
  }
  jitmem_chunk_trap_freed(&pool->hooks, chunk, block->offset, block->reserved);
  if (chunk->blocks == NULL) {
    pool->empty_chunk_count++;
  }
}
