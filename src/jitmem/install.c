/* install: the chokepoint where bytes become code, and the in-place patch
 * path. Everything that can fail before the write (handle allocation,
 * mapping) is done first; a write window holds only the write itself, and
 * a failed write (Linux: out of memory for a page of the file) releases
 * the block like any other failure. */
#include "jitmem/chunk.h"
#include "jitmem/hooks.h"
#include "jitmem/lock.h"
#include "jitmem/pool.h"
#include "jitmem/write_address.h"

int jitmem_install(jitmem_pool *pool, const void *code, size_t size, jitmem_block **block_out,
                   void **entry_out) {
  if (block_out != NULL) {
    *block_out = NULL;
  }
  if (entry_out != NULL) {
    *entry_out = NULL;
  }
  if (code == NULL || size == 0 || block_out == NULL || entry_out == NULL) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  if (pool == NULL) {
    int status = jitmem_default_pool(&pool);
    if (status != JITMEM_OK) {
      return status;
    }
  }
  jitmem_block *block = jitmem_hooks_malloc(&pool->hooks, sizeof *block);
  if (block == NULL) {
    return JITMEM_ERROR_NOMEMORY;
  }
  block->pool = pool;
  block->open_for_writing = 0;
  block->next_open = NULL;
  jitmem_lock(&pool->mutex);
  int status = jitmem_pool_reserve(pool, block, size);
  if (status == JITMEM_OK) {
    jitmem_chunk *chunk = block->chunk;
    status = jitmem_chunk_write(&pool->hooks, chunk, block->offset, code, size);
    if (status == JITMEM_OK) {
      status = jitmem_chunk_commit(&pool->hooks, chunk, block, block->offset, size);
    }
    if (status == JITMEM_OK) {
      *entry_out = chunk->region.execute + block->offset;
    } else {
      jitmem_pool_release(pool, block);
    }
  }
  jitmem_unlock(&pool->mutex);
  if (status != JITMEM_OK) {
    jitmem_hooks_free(&pool->hooks, block);
    return status;
  }
  *block_out = block;
  return JITMEM_OK;
}

void jitmem_free(jitmem_block *block) {
  if (block == NULL) {
    return;
  }
  jitmem_pool *pool = block->pool;
  jitmem_lock(&pool->mutex);
  jitmem_write_address_forget(block);
  jitmem_pool_release(pool, block);
  jitmem_unlock(&pool->mutex);
  jitmem_hooks_free(&pool->hooks, block);
}

void *jitmem_block_entry(const jitmem_block *block) {
  return block != NULL ? block->chunk->region.execute + block->offset : NULL;
}

size_t jitmem_block_size(const jitmem_block *block) {
  return block != NULL ? block->size : 0;
}

/* 1 if [offset, offset+size) is a non-empty range inside the block's code. */
static int range_is_valid(const jitmem_block *block, size_t offset, size_t size) {
  return block != NULL && size != 0 && offset < block->size && size <= block->size - offset;
}

/* With the lock held: commits changed bytes of a live block, unless its
 * chunk is dead (then nothing of it may be touched again). */
static int commit_block_bytes(jitmem_block *block, size_t offset, size_t size) {
  jitmem_chunk *chunk = block->chunk;
  if (chunk->dead) {
    return JITMEM_ERROR_NOMEMORY;
  }
  return jitmem_chunk_commit(&block->pool->hooks, chunk, block, block->offset + offset, size);
}

int jitmem_flush(jitmem_block *block, size_t offset, size_t size) {
  if (!range_is_valid(block, offset, size)) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  jitmem_lock(&block->pool->mutex);
  int status = commit_block_bytes(block, offset, size);
  jitmem_unlock(&block->pool->mutex);
  return status;
}

int jitmem_patch(jitmem_block *block, size_t offset, const void *bytes, size_t size) {
  if (bytes == NULL || !range_is_valid(block, offset, size)) {
    return JITMEM_ERROR_INVALID_ARGUMENT;
  }
  jitmem_pool *pool = block->pool;
  jitmem_chunk *chunk = block->chunk;
  jitmem_lock(&pool->mutex);
  int status = chunk->dead ? JITMEM_ERROR_NOMEMORY : jitmem_chunk_prepare(pool, chunk);
  if (status == JITMEM_OK) {
    status = jitmem_chunk_write(&pool->hooks, chunk, block->offset + offset, bytes, size);
  }
  if (status == JITMEM_OK) {
    status = commit_block_bytes(block, offset, size);
  }
  jitmem_unlock(&pool->mutex);
  return status;
}
