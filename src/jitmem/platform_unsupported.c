/* platform (Apple systems other than macOS: iOS, tvOS, watchOS, Mac
 * Catalyst): no executable memory. They have no pthread_jit_write_protect_np
 * (Apple marks it unavailable there), and an app may not map writable
 * executable memory without entitlements App Store apps do not get, so
 * every region request is answered JITMEM_ERROR_NO_EXEC_UNSUPPORTED; users
 * of jitmem then run their interpreters (jrx does not even compile its JIT
 * for them: JRX_HAVE_JIT is 0). Chosen by TargetConditionals.h, so a build
 * for several Apple systems gets the right file for each. Tests build it
 * on Linux with JITMEM_PLATFORM_UNSUPPORTED defined. No region ever
 * exists here, so the functions that take one are never reached. */
#if defined(__APPLE__)
#include <TargetConditionals.h>
#endif

#if (defined(__APPLE__) && !TARGET_OS_OSX) || defined(JITMEM_PLATFORM_UNSUPPORTED)

#include "jitmem/platform.h"

#include <unistd.h>

size_t jitmem_platform_page_size(void) {
  return (size_t)sysconf(_SC_PAGESIZE);
}

int jitmem_platform_map(const jitmem_hooks *hooks, jitmem_code_files *files, size_t size,
                        jitmem_region *region) {
  (void)hooks;
  (void)files;
  (void)size;
  (void)region;
  return JITMEM_ERROR_NO_EXEC_UNSUPPORTED;
}

void jitmem_platform_unmap(const jitmem_hooks *hooks, jitmem_code_files *files,
                           const jitmem_region *region) {
  (void)hooks;
  (void)files;
  (void)region;
}

int jitmem_platform_write(const jitmem_hooks *hooks, const jitmem_region *region, size_t offset,
                          const void *bytes, size_t size) {
  (void)hooks;
  (void)region;
  (void)offset;
  (void)bytes;
  (void)size;
  return JITMEM_ERROR_NO_EXEC_UNSUPPORTED;
}

int jitmem_platform_write_traps(const jitmem_hooks *hooks, const jitmem_region *region,
                                size_t offset, size_t size) {
  return jitmem_platform_write(hooks, region, offset, NULL, size);
}

int jitmem_platform_open_write_view(const jitmem_hooks *hooks, const jitmem_region *region,
                                    size_t offset, size_t size, jitmem_write_view *view) {
  (void)view;
  return jitmem_platform_write(hooks, region, offset, NULL, size);
}

void jitmem_platform_close_write_view(const jitmem_write_view *view) {
  (void)view;
}

void jitmem_platform_set_thread_writable(int writable) {
  (void)writable;
}

void jitmem_platform_flush_icache(const void *start, size_t size) {
  (void)start;
  (void)size;
}

int jitmem_platform_commit(const jitmem_hooks *hooks, jitmem_region *region, size_t offset,
                           size_t size) {
  return jitmem_platform_write(hooks, region, offset, NULL, size);
}

#endif
