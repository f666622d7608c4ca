/* write_address: the public direct-write path. A write address opens a
 * write window on its block's region, kept open for the thread that asked
 * until the outermost jitmem_write_end of its scope, so that outside
 * scopes no write view is writable. */
#ifndef JITMEM_WRITE_ADDRESS_H
#define JITMEM_WRITE_ADDRESS_H

#include "jitmem/pool.h"

/* At the outermost jitmem_write_end: closes every window this thread's
 * write addresses opened. Takes the pools' locks; the thread holds none. */
void jitmem_write_address_close_all(void);

/* With the pool lock held, as block is freed: if this thread opened a
 * window for it, closes that window and forgets the block. */
void jitmem_write_address_forget(jitmem_block *block);

#endif
