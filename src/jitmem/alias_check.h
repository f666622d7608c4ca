/* alias_check (Linux): whether fetches at the execute view see bytes written
 * through the write view after a cache flush. CPUs do; qemu user mode does
 * not (it keeps translations until the mapping changes), so commits remap. */
#ifndef JITMEM_ALIAS_CHECK_H
#define JITMEM_ALIAS_CHECK_H

/* 1 if commits must remap, 0 if a cache flush is enough. Decided once per
 * process by experiment; if the experiment cannot run, 1 (remapping is
 * correct everywhere, only slower). Thread-safe; cannot fail. */
int jitmem_alias_check_remap_needed(void);

#endif
