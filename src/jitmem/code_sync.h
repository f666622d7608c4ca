/* code_sync: what a thread does before it runs code another thread wrote.
 * Arm's rules for cross-modifying code (ARM ARM, "concurrent modification
 * and execution of instructions"; Apple's "Porting just-in-time compilers
 * to Apple silicon" follows them) ask two things. The writer cleans the
 * D-cache and invalidates the I-cache to the point of unification and
 * waits for that to complete (DSB): __builtin___clear_cache on Linux,
 * sys_icache_invalidate on macOS, in every commit. And each core that
 * will run the new bytes then executes a context synchronization event
 * (ISB), or it may still run instructions it fetched before, such as a
 * freed block's at an address that was reused at once. Linux asks the
 * kernel for that event on every core (core_barrier.c), where it can;
 * macOS has nothing of the kind, and neither has Linux without
 * membarrier. So the running thread does it itself, cheaply: every
 * successful commit adds one to a process-wide generation after its cache
 * maintenance completed, and a thread about to run code it learned of
 * from another thread compares the generation with the one it last
 * synchronized at; only when they differ does it execute an ISB (arm64
 * only; x86-64 needs nothing here). The ISB comes after a branch on the
 * loaded generation, so no instruction after it is fetched before the
 * load is satisfied (control dependency plus ISB). Why a thread that
 * skips the ISB is safe: it learned of the code through some
 * happens-before edge from the installing thread, which made the
 * generation at least that install's; equal to the one the thread last
 * synchronized at, that ISB already came after the install's
 * maintenance. A process-wide generation rather than a pool's: one
 * thread-local number then covers every pool, and an extra ISB after
 * another pool's install costs a pipeline refill, no more. A thread's
 * first check synchronizes if any code was ever committed; moving to
 * another core passes through the kernel, whose exception return is a
 * context synchronization event itself. */
#ifndef JITMEM_CODE_SYNC_H
#define JITMEM_CODE_SYNC_H

#include <stdatomic.h>

/* Successful commits in this process (code_sync.c owns both). */
extern atomic_ulong jitmem_code_sync_generation;
/* The generation this thread last synchronized at. */
extern _Thread_local unsigned long jitmem_code_sync_seen;

/* After a commit's cache maintenance completed: one more generation.
 * Relaxed: a thread that learns of the code through a happens-before
 * edge reads this value or a later one whatever the ordering (coherence),
 * and on the hardware side the DSB that ended the maintenance made it
 * complete before this store was issued. */
static inline void jitmem_code_sync_publish(void) {
  atomic_fetch_add_explicit(&jitmem_code_sync_generation, 1, memory_order_relaxed);
}

/* jitmem_sync_before_run, inlined for jrx's per-search path: 1 if code
 * was committed since this thread's last synchronization (an ISB on
 * arm64), else 0. */
static inline __attribute__((always_inline)) int jitmem_code_sync_thread(void) {
  unsigned long generation =
      atomic_load_explicit(&jitmem_code_sync_generation, memory_order_relaxed);
  if (generation == jitmem_code_sync_seen) {
    return 0;
  }
#if defined(__aarch64__)
  __asm__ __volatile__("isb" ::: "memory");
#endif
  jitmem_code_sync_seen = generation;
  return 1;
}

#endif
