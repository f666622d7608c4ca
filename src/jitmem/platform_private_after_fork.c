/* platform (macOS, and Apple systems without a JIT): fork() gives the
 * child its own copy of every region, since MAP_JIT memory is a private
 * mapping (macOS 11 and later keep it in the child), so no region is ever
 * shared and there is never anything to copy. */
#include "jitmem/platform.h"

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
