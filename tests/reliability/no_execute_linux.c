/* no_execute (Linux): takes PROT_EXEC away from every mapping of jitmem's
 * files ("/memfd:jitmem", "/dev/shm/jitmem-") listed in /proc/self/maps,
 * and gives it back. */
#define _DEFAULT_SOURCE /* mprotect flags under -std=c11 */

#include "no_execute.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static int set_jitmem_protection(int protection) {
  FILE *maps = fopen("/proc/self/maps", "r");
  if (maps == NULL) {
    return -1;
  }
  char line[1024];
  int status = 0;
  while (fgets(line, sizeof line, maps) != NULL) {
    uintptr_t start;
    uintptr_t end;
    char permissions[5];
    if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &start, &end, permissions) == 3 &&
        (strstr(line, "/memfd:jitmem") != NULL || strstr(line, "/dev/shm/jitmem-") != NULL) &&
        permissions[0] == 'r' && permissions[1] == '-' &&
        mprotect((void *)start, end - start, protection) != 0) {
      status = -1;
    }
  }
  fclose(maps);
  return status;
}

int no_execute_begin(void) {
  return set_jitmem_protection(PROT_READ);
}

void no_execute_end(void) {
  set_jitmem_protection(PROT_READ | PROT_EXEC);
}
