/* macos_sim (tests only): a Linux stand-in for the Apple calls platform_macos.c
 * makes. It enforces Apple's rules and reports each breach through an abort
 * handler (default: message on stderr, then abort()). */
#ifndef JITMEM_MACOS_SIM_H
#define JITMEM_MACOS_SIM_H

#include <stddef.h>
#include <sys/types.h>

/* Apple's value of MAP_JIT; the shim strips it before the real mmap. */
#define JITMEM_SIM_MAP_JIT 0x0800

/* The Apple calls. A MAP_JIT mapping must be MAP_PRIVATE|MAP_ANON (else
 * EINVAL) and needs the entitlement (else EPERM); it is really mapped
 * read-write-execute so that tests can run code from it, and it is
 * registered with a snapshot of its bytes. */
void *jitmem_sim_mmap(void *address, size_t size, int protection, int flags, int descriptor,
                      off_t offset);
int jitmem_sim_munmap(void *address, size_t size);
int jitmem_sim_mprotect(void *address, size_t size, int protection);
void jitmem_sim_pthread_jit_write_protect_np(int enabled);
void jitmem_sim_sys_icache_invalidate(void *start, size_t size);

/* Tests call this right before calling code at entry: it reports a breach
 * if this thread's write protection is off, if [entry, entry+size) is not
 * inside one MAP_JIT region, or if those bytes differ from the snapshot
 * taken when they were last flushed. Returns 0, or -1 after a breach when
 * the abort handler returned. */
int jitmem_sim_check_execute(const void *entry, size_t size);

/* The breaches: mprotect on a MAP_JIT region, running code while the
 * thread's write protection is off or that is not in one MAP_JIT region,
 * running bytes changed since last flushed, munmap of part of a region.
 * Replaces the abort handler (NULL restores the default). When a handler
 * returns, the breaching call fails instead: mprotect returns -1 with
 * EPERM, jitmem_sim_check_execute returns -1, munmap returns -1 with
 * EINVAL. */
typedef void (*jitmem_sim_abort_handler)(const char *message, void *user);
void jitmem_sim_set_abort_handler(jitmem_sim_abort_handler handler, void *user);

/* Whether the process holds com.apple.security.cs.allow-jit (default 1).
 * Without it a MAP_JIT mmap fails with EINVAL, as under the hardened
 * runtime, or with the error given here (EPERM: the newer code-signing
 * monitor's answer). */
void jitmem_sim_set_entitlement(int granted);
void jitmem_sim_set_missing_entitlement_error(int error);

/* What pthread_jit_write_protect_supported_np answers (default 1: Apple
 * silicon; 0: an Intel Mac, where pthread_jit_write_protect_np does
 * nothing), whether __builtin_available(macOS 11.0, *) holds (default 1),
 * and the page size sysconf(_SC_PAGESIZE) gives (default 16384). */
void jitmem_sim_set_write_protect_supported(int supported);
void jitmem_sim_set_macos_11_or_later(int available);
void jitmem_sim_set_page_size(long size);

int jitmem_sim_pthread_jit_write_protect_supported_np(void);
int jitmem_sim_macos_11_or_later(void);
long jitmem_sim_sysconf(int name);

/* When on (default off), write mode is enforced for real: while the
 * thread that last switched is in write mode every MAP_JIT region is
 * mapped read-write without execute, so running JIT code then faults as
 * on Apple silicon. The protection is process-wide, not per thread:
 * single-threaded tests only. */
void jitmem_sim_set_enforce_write_mode(int on);

/* This thread: 1 while its MAP_JIT write protection is off, and how many
 * times it called pthread_jit_write_protect_np. */
int jitmem_sim_thread_write_enabled(void);
unsigned long jitmem_sim_thread_protect_calls(void);

/* sys_icache_invalidate calls of the whole process, and the last one: its
 * range and whether the calling thread's write protection was off. */
typedef struct jitmem_sim_flush_record {
  unsigned long count;
  const void *last_start;
  size_t last_size;
  int last_while_write_enabled;
} jitmem_sim_flush_record;
void jitmem_sim_get_flushes(jitmem_sim_flush_record *record);

/* Live MAP_JIT regions. */
size_t jitmem_sim_region_count(void);

#endif
