/* platform (macOS arm64): one MAP_JIT mapping per region, written only
 * between pthread_jit_write_protect_np(0) and (1), NEVER mprotected; 16 KiB
 * pages. Off Apple the same file builds against the macos_sim shim. */
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
#else
#include <sys/mman.h>

#include "jitmem/macos_sim.h"

/* mprotect is routed too, so that a call to it added here one day trips
 * the shim's check instead of silently working on Linux. */
#define mmap jitmem_sim_mmap
#define munmap jitmem_sim_munmap
#define mprotect jitmem_sim_mprotect
#define pthread_jit_write_protect_np jitmem_sim_pthread_jit_write_protect_np
#define sys_icache_invalidate jitmem_sim_sys_icache_invalidate
#define MAP_JIT JITMEM_SIM_MAP_JIT
#endif

/* arm64 macOS pages are 16 KiB; rounding to them also suits x86-64 (4 KiB). */
#define MACOS_PAGE_SIZE ((size_t)16384)

size_t jitmem_platform_page_size(void) {
  return MACOS_PAGE_SIZE;
}

static int map_status(int error) {
  switch (error) {
  case EPERM:
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

int jitmem_platform_region_shared(const jitmem_region *region) {
  (void)region;
  return 0;
}

int jitmem_platform_privatize(const jitmem_hooks *hooks, jitmem_code_files *files,
                              jitmem_region *region) {
  (void)hooks;
  (void)files;
  (void)region;
  return JITMEM_OK;
}

void jitmem_platform_set_thread_writable(int writable) {
  /* The argument is "write protection enabled", the opposite sense. */
  pthread_jit_write_protect_np(writable ? 0 : 1);
}

void jitmem_platform_flush_icache(const void *start, size_t size) {
  sys_icache_invalidate((void *)(uintptr_t)start, size);
}

int jitmem_platform_commit(const jitmem_hooks *hooks, jitmem_region *region, size_t offset,
                           size_t size) {
  /* A MAP_JIT region has one address, so the flush is all there is to do. */
  (void)hooks;
  jitmem_platform_flush_icache(region->execute + offset, size);
  return JITMEM_OK;
}
