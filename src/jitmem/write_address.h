/* write_address: the public direct-write path. A write address opens a
 * write view of its block, kept for the thread that asked until the
 * outermost jitmem_write_end of its scope, so that outside scopes nothing
 * of jitmem is writable. */
#ifndef JITMEM_WRITE_ADDRESS_H
#define JITMEM_WRITE_ADDRESS_H

#include "jitmem/pool.h"

/* At the outermost jitmem_write_end: closes every write view this
 * thread's write addresses opened. */
void jitmem_write_address_close_all(void);

/* As block is freed: if this thread opened a write view of it, closes it
 * and forgets the block. */
void jitmem_write_address_forget(jitmem_block *block);

#endif
