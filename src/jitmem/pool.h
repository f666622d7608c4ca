/* pool (internal): the layout shared by pool, chunk and install code, all
 * guarded by the pool mutex. Invariants: bytes outside live code are traps
 * (except in a dead chunk, which is never written again, and in the gaps
 * of a chunk marked stale_gaps, refilled before it takes new code); a
 * chunk's blocks are sorted and disjoint; at most one empty chunk is kept,
 * never a dead one. Read without the lock, so written only before a block
 * handle is returned: a block's pool, chunk, offset and size, and its
 * chunk's region.execute. */
#ifndef JITMEM_POOL_H
#define JITMEM_POOL_H

#include <pthread.h>
#include <stddef.h>

#include "jitmem.h"
#include "jitmem/platform.h"

typedef struct jitmem_chunk jitmem_chunk;

struct jitmem_block {
  jitmem_pool *pool;
  jitmem_chunk *chunk;
  jitmem_block *previous, *next; /* the chunk's live blocks, by offset */
  size_t offset;                 /* from the region start, aligned */
  size_t size;                   /* code bytes */
  size_t reserved;               /* size rounded up to the alignment */
  /* A write address of it keeps a write view of it open until the
   * outermost jitmem_write_end of the thread that asked (write_address.c);
   * only that thread reads or writes these. */
  int open_for_writing;
  jitmem_write_view write_view;
  jitmem_block *next_open; /* that thread's other such blocks */
};

struct jitmem_chunk {
  jitmem_region region;
  jitmem_chunk *previous, *next; /* the pool's chunks */
  jitmem_block *blocks;          /* first live block by offset, or NULL */
  size_t used_bytes;             /* sum of the blocks' reserved bytes */
  int large;                     /* a region of its own for one block */
  int dead;                      /* part of its execute view was lost (chunk.h) */
  int stale_gaps;                /* freed space may still hold old code (chunk.h) */
};

struct jitmem_pool {
  jitmem_hooks hooks; /* resolved */
  pthread_mutex_t mutex;
  jitmem_code_files files; /* what its regions map (platform.h) */
  size_t chunk_size;  /* a page multiple */
  jitmem_chunk *chunks;
  size_t empty_chunk_count; /* 0 or 1 */
  int is_default;
  jitmem_pool *registry_previous, *registry_next; /* the live pools (registry.h) */
};

/* With the lock held: finds room for size bytes (first fit, else a new
 * chunk, or a region of its own if larger than a chunk) and records it in
 * block, which joins its chunk's list. The caller has set block->pool. */
int jitmem_pool_reserve(jitmem_pool *pool, jitmem_block *block, size_t size);

/* With the lock held: gives a reserved block's space back (trap-filled or
 * unmapped). Never allocates; cannot fail. Does not free the handle. */
void jitmem_pool_release(jitmem_pool *pool, jitmem_block *block);

#endif
