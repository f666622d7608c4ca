/* chunk: one mapped region and its address-ordered list of live blocks.
 * A chunk is created filled with traps; freed ranges are refilled, so the
 * list alone says which bytes hold code, except where refilling could not
 * be done (stale_gaps: every gap is refilled before new code goes in).
 * Everything here runs with the pool's lock held. */
#ifndef JITMEM_CHUNK_H
#define JITMEM_CHUNK_H

#include <stddef.h>

#include "jitmem/pool.h"

/* Maps size bytes (a page multiple) for pool, fills them with traps and
 * returns a chunk with no blocks that is on no list. */
int jitmem_chunk_create(jitmem_pool *pool, size_t size, int large, jitmem_chunk **chunk_out);

/* Unmaps and frees a chunk; its block handles are the caller's. */
void jitmem_chunk_destroy(jitmem_pool *pool, jitmem_chunk *chunk);

/* First fit: stores the lowest offset with reserved free bytes and the
 * block it follows (NULL: none), and returns 1; 0 if there is no room. */
int jitmem_chunk_find_gap(const jitmem_chunk *chunk, size_t reserved, size_t *offset,
                          jitmem_block **previous);

/* Puts block (offset and reserved set) into the list after previous. */
void jitmem_chunk_link_block(jitmem_chunk *chunk, jitmem_block *block, jitmem_block *previous);

/* Takes block out of the list; its bytes are left as they are. */
void jitmem_chunk_unlink_block(jitmem_chunk *chunk, jitmem_block *block);

/* Writes size bytes at offset of the chunk, in a write window of this
 * thread (jitmem_platform_write). No thread may run those bytes. */
int jitmem_chunk_write(const jitmem_hooks *hooks, jitmem_chunk *chunk, size_t offset,
                       const void *bytes, size_t size);

/* Refills the freed range [offset, offset+size) with traps and flushes
 * it; if that write fails, or the chunk is shared with another process
 * after fork() (then nothing may be written), marks its gaps stale
 * instead. Never allocates; cannot fail. */
void jitmem_chunk_trap_freed(const jitmem_hooks *hooks, jitmem_chunk *chunk, size_t offset,
                             size_t size);

/* Makes a chunk of pool ready to be written: gives this process its own
 * copy of it if it is shared after fork(), and refills stale gaps with
 * traps. JITMEM_OK or an error. Losing live code while copying aborts as
 * jitmem_chunk_commit does. */
int jitmem_chunk_prepare(jitmem_pool *pool, jitmem_chunk *chunk);

/* Makes [offset, offset+size), written for block, visible to instruction
 * fetch (jitmem_platform_commit) and, when that worked, starts a new code
 * generation (code_sync.h). Returns JITMEM_OK or an error. When the
 * platform lost execute pages the chunk becomes dead: it takes no new
 * blocks and is neither written nor flushed again, and goes as soon as its
 * last block is freed. If live code other than block's lay in the lost
 * pages, their owners would crash later at an unmapped address; jitmem
 * reports it on stderr and aborts instead. */
int jitmem_chunk_commit(const jitmem_hooks *hooks, jitmem_chunk *chunk,
                        const jitmem_block *block, size_t offset, size_t size);

#endif
