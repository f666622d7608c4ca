/* alias_check (Linux): whether fetches at a region's mapping see bytes
 * written through its file after a cache flush. CPUs do; qemu user mode
 * does not (it keeps translations until the mapping changes, except when
 * it drops them all at times of its own), so commits remap. */
#ifndef JITMEM_ALIAS_CHECK_H
#define JITMEM_ALIAS_CHECK_H

#include "jitmem.h"

/* 1 if commits must remap, 0 if a cache flush is enough. Decided by
 * experiment, with hooks consulted before its system calls, and remembered
 * once the experiment has run. When it cannot run (no descriptor left, a
 * mapping refused, a failure hook) the answer is 1 for this call only
 * (remapping is correct everywhere, only slower) and the next call tries
 * again. Thread-safe; cannot fail. */
int jitmem_alias_check_remap_needed(const jitmem_hooks *hooks);

#endif
