/* execution_guard (Linux): checks through /proc/self/maps. jitmem's
 * mappings are the ones of its memfd ("/memfd:jitmem") or of its /dev/shm
 * fallback file ("/dev/shm/jitmem-"). */
#include "execution_guard.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jitmem.h"

typedef struct mapping {
  uintptr_t start, end;
  char permissions[5];
  int is_jitmem;
} mapping;

static int parse_mapping(const char *line, mapping *parsed) {
  if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %4s", &parsed->start, &parsed->end,
             parsed->permissions) != 3) {
    return 0;
  }
  parsed->is_jitmem =
      strstr(line, "/memfd:jitmem") != NULL || strstr(line, "/dev/shm/jitmem-") != NULL;
  return 1;
}

/* Calls visit for every mapping until it returns nonzero. Returns 0 if the
 * maps cannot be read, else 1. */
static int for_each_mapping(int (*visit)(const mapping *, void *), void *context) {
  FILE *maps = fopen("/proc/self/maps", "r");
  if (maps == NULL) {
    return 0;
  }
  char line[1024];
  mapping parsed;
  while (fgets(line, sizeof line, maps) != NULL) {
    if (parse_mapping(line, &parsed) && visit(&parsed, context)) {
      break;
    }
  }
  fclose(maps);
  return 1;
}

typedef struct containing_search {
  uintptr_t first, last;
  int allowed;
} containing_search;

static int find_containing(const mapping *candidate, void *context) {
  containing_search *search = context;
  if (candidate->start <= search->first && search->last < candidate->end) {
    search->allowed = candidate->permissions[0] == 'r' && candidate->permissions[1] == '-' &&
                      candidate->permissions[2] == 'x';
    return 1;
  }
  return 0;
}

int execution_guard_allows_call(const void *entry, size_t size) {
  containing_search search = {(uintptr_t)entry, (uintptr_t)entry + size - 1, 0};
  return for_each_mapping(find_containing, &search) && search.allowed;
}

static int count_jitmem(const mapping *candidate, void *context) {
  size_t *count = context;
  *count += (size_t)candidate->is_jitmem;
  return 0;
}

int execution_guard_is_idle(void) {
  size_t count = 0;
  return for_each_mapping(count_jitmem, &count) && count == 0 && !jitmem_thread_is_writable();
}

static int find_writable_executable(const mapping *candidate, void *context) {
  int *found = context;
  *found = candidate->is_jitmem && candidate->permissions[1] == 'w' &&
           candidate->permissions[2] == 'x';
  return *found;
}

int execution_guard_holds_w_xor_x(void) {
  int found = 0;
  return for_each_mapping(find_writable_executable, &found) && !found;
}

static int find_writable(const mapping *candidate, void *context) {
  int *found = context;
  *found = candidate->is_jitmem && candidate->permissions[1] == 'w';
  return *found;
}

int execution_guard_nothing_writable(void) {
  int found = 0;
  return for_each_mapping(find_writable, &found) && !found;
}

int execution_guard_fork_shares_code(void) {
  return 1;
}
