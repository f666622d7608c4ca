/* platform (macOS): one MAP_JIT mapping per region, written only by a
 * thread between pthread_jit_write_protect_np(0) and (1), NEVER
 * mprotected; pages of the system's size (16 KiB on Apple silicon). Only
 * where that per-thread write protection exists (Apple silicon, macOS 11
 * and later) is there executable memory: on an Intel Mac MAP_JIT memory is
 * writable and executable at once, so W^X could not be kept. Compiled for
 * macOS only (TargetConditionals.h; platform_unsupported.c serves the other
 * Apple systems); off Apple the same file builds against the macos_sim
 * shim. Written from Apple's documentation ("Porting just-in-time
 * compilers to Apple silicon", pthread_jit_write_protect_np(3), the
 * allow-jit entitlement); checked by clang against stub headers only
 * (tests/apple_sdk_stubs), never yet against a real SDK. */
#if defined(__APPLE__)
#include <TargetConditionals.h>
#endif

#if !defined(__APPLE__) || TARGET_OS_OSX

#include "jitmem/platform.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "jitmem/arch.h"
#include "jitmem/hooks.h"

#if defined(__APPLE__)
#include <libkern/OSCacheControl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

/* pthread_jit_write_protect_np and its _supported_np exist from macOS 11;
 * a build for older deployment targets must ask first (clang's
 * -Wunguarded-availability-new checks every call is under such a test). */
#define MACOS_11_OR_LATER __builtin_available(macOS 11.0, *)
#else
#include <sys/mman.h>
#include <unistd.h>

#include "jitmem/macos_sim.h"

/* mprotect is routed too, so that a call to it added here one day trips
 * the shim's check instead of silently working on Linux. */
#define mmap jitmem_sim_mmap
#define munmap jitmem_sim_munmap
#define mprotect jitmem_sim_mprotect
#define pthread_jit_write_protect_np jitmem_sim_pthread_jit_write_protect_np
#define pthread_jit_write_protect_supported_np jitmem_sim_pthread_jit_write_protect_supported_np
#define sys_icache_invalidate jitmem_sim_sys_icache_invalidate
#define sysconf jitmem_sim_sysconf
#define MAP_JIT JITMEM_SIM_MAP_JIT
#define MACOS_11_OR_LATER jitmem_sim_macos_11_or_later()
#endif

size_t jitmem_platform_page_size(void) {
  return (size_t)sysconf(_SC_PAGESIZE);
}

/* Whether MAP_JIT memory is per thread either writable or executable. */
static int write_protection_per_thread(void) {
  if (MACOS_11_OR_LATER) {
    return pthread_jit_write_protect_supported_np() != 0;
  }
  return 0;
}

static int map_status(int error) {
  switch (error) {
  case EINVAL: /* the hardened runtime's answer without the entitlement */
  case EPERM:  /* the code-signing monitor's */
    return JITMEM_ERROR_NO_EXEC_ENTITLEMENT;
  case ENOMEM:
  case EAGAIN:
    return JITMEM_ERROR_NOMEMORY;
  case EACCES:
    return JITMEM_ERROR_NO_EXEC_POLICY;
  default:
    return JITMEM_ERROR_NO_EXEC;
  }
}

/* No registry of regions is kept here: the pool that maps a region records
 * it in its chunk list, which grows without limit under the pool mutex. */
int jitmem_platform_map(const jitmem_hooks *hooks, jitmem_code_files *files, size_t size,
                        jitmem_region *region) {
  (void)files;
  if (!write_protection_per_thread()) {
    return JITMEM_ERROR_NO_EXEC_UNSUPPORTED;
  }
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_MMAP)) {
    return JITMEM_ERROR_NOMEMORY;
  }
  void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANON | MAP_JIT, -1, 0);
  if (memory == MAP_FAILED) {
    return map_status(errno);
  }
  *region = (jitmem_region){.execute = memory, .size = size};
  return JITMEM_OK;
}

void jitmem_platform_unmap(const jitmem_hooks *hooks, jitmem_code_files *files,
                           const jitmem_region *region) {
  (void)hooks;
  (void)files;
  munmap(region->execute, region->size);
}

/* A MAP_JIT region is writable exactly to the threads in write mode: the
 * caller's write scope is what lets these writes through. */
int jitmem_platform_write(const jitmem_hooks *hooks, const jitmem_region *region, size_t offset,
                          const void *bytes, size_t size) {
  (void)hooks;
  memcpy(region->execute + offset, bytes, size);
  return JITMEM_OK;
}

int jitmem_platform_write_traps(const jitmem_hooks *hooks, const jitmem_region *region,
                                size_t offset, size_t size) {
  (void)hooks;
  jitmem_arch_fill_traps(region->execute + offset, size);
  return JITMEM_OK;
}

int jitmem_platform_open_write_view(const jitmem_hooks *hooks, const jitmem_region *region,
                                    size_t offset, size_t size, jitmem_write_view *view) {
  (void)hooks;
  (void)size;
  *view = (jitmem_write_view){region->execute + offset, NULL, 0};
  return JITMEM_OK;
}

void jitmem_platform_close_write_view(const jitmem_write_view *view) {
  (void)view;
}

/* Apple gives no way to read a thread's write mode, so leaving the
 * outermost scope always returns to execute mode: a JIT that had put the
 * thread in write mode before must switch back itself (see jitmem.h). */
void jitmem_platform_set_thread_writable(int writable) {
  /* On an Intel Mac the call does nothing (and no region exists there);
   * the argument is "write protection enabled", the opposite sense. */
  if (MACOS_11_OR_LATER) {
    pthread_jit_write_protect_np(writable ? 0 : 1);
  }
}

void jitmem_platform_flush_icache(const void *start, size_t size) {
  sys_icache_invalidate((void *)(uintptr_t)start, size);
}

int jitmem_platform_commit(const jitmem_hooks *hooks, jitmem_region *region, size_t offset,
                           size_t size) {
  /* A MAP_JIT region has one address, so the flush is all there is to do;
   * Apple documents sys_icache_invalidate as what makes new code visible,
   * and offers nothing like Linux's membarrier for the other cores. */
  (void)hooks;
  jitmem_platform_flush_icache(region->execute + offset, size);
  return JITMEM_OK;
}

#endif
