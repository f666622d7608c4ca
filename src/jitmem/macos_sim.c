/* macos_sim: a registry of MAP_JIT regions that grows without limit, each
 * with a snapshot of its bytes as last flushed; per-thread write state. One
 * mutex guards registry and flush record, never held while a handler runs. */
#include "jitmem/macos_sim.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct sim_region {
  unsigned char *address;
  size_t size;
  unsigned char *snapshot;
  struct sim_region *next;
} sim_region;

static pthread_mutex_t sim_mutex = PTHREAD_MUTEX_INITIALIZER;
static sim_region *sim_regions;
static size_t sim_region_total;
static int sim_entitlement_granted = 1;
static int sim_enforce_write_mode;
static int sim_missing_entitlement_error = EINVAL;
static int sim_write_protect_supported = 1;
static int sim_macos_11_or_later = 1;
static long sim_page_size = 16384;
static jitmem_sim_abort_handler sim_handler;
static void *sim_handler_user;
static jitmem_sim_flush_record sim_flushes;

/* Apple threads start with write protection on: they can run JIT code. */
static _Thread_local int sim_thread_write_enabled;
static _Thread_local unsigned long sim_thread_protect_calls;

/* The shim's own bookkeeping cannot go on if its mutex breaks. */
static void sim_lock(void) {
  if (pthread_mutex_lock(&sim_mutex) != 0) {
    abort();
  }
}

static void sim_unlock(void) {
  if (pthread_mutex_unlock(&sim_mutex) != 0) {
    abort();
  }
}

/* As libSystem does for its own locks: a fork() made while another
 * thread is inside the shim must not leave the child's copy of the mutex
 * locked forever. libSystem takes its locks after every pthread_atfork
 * prepare handler (which may call into it); registering before main
 * makes this prepare handler run after any registered later, jitmem's
 * included, which the order of pthread_atfork requires. */
__attribute__((constructor)) static void sim_install_fork_handlers(void) {
  if (pthread_atfork(sim_lock, sim_unlock, sim_unlock) != 0) {
    abort();
  }
}

static void sim_breach(const char *message) {
  sim_lock();
  jitmem_sim_abort_handler handler = sim_handler;
  void *user = sim_handler_user;
  sim_unlock();
  if (handler != NULL) {
    handler(message, user);
    return;
  }
  fprintf(stderr, "macos_sim: %s\n", message);
  abort();
}

static int ranges_overlap(const unsigned char *a, size_t a_size, const unsigned char *b,
                          size_t b_size) {
  return (uintptr_t)a < (uintptr_t)b + b_size && (uintptr_t)b < (uintptr_t)a + a_size;
}

static int range_inside(const unsigned char *inner, size_t inner_size, const sim_region *region) {
  uintptr_t start = (uintptr_t)inner;
  uintptr_t region_start = (uintptr_t)region->address;
  return start >= region_start && inner_size <= region->size &&
         start - region_start <= region->size - inner_size;
}

/* Caller holds the mutex. */
static sim_region *find_overlapping(const void *start, size_t size) {
  for (sim_region *region = sim_regions; region != NULL; region = region->next) {
    if (ranges_overlap(start, size, region->address, region->size)) {
      return region;
    }
  }
  return NULL;
}

/* Caller holds the mutex. */
static void protect_regions(int protection) {
  for (sim_region *region = sim_regions; region != NULL; region = region->next) {
    if (mprotect(region->address, region->size, protection) != 0) {
      abort();
    }
  }
}

/* Caller holds the mutex: when write mode is enforced, regions are
 * executable exactly while this thread is not in write mode. */
static void enforce_write_mode(void) {
  if (sim_enforce_write_mode) {
    protect_regions(PROT_READ | PROT_WRITE | (sim_thread_write_enabled ? 0 : PROT_EXEC));
  }
}

void *jitmem_sim_mmap(void *address, size_t size, int protection, int flags, int descriptor,
                      off_t offset) {
  if ((flags & JITMEM_SIM_MAP_JIT) == 0) {
    return mmap(address, size, protection, flags, descriptor, offset);
  }
  if ((flags & MAP_PRIVATE) == 0 || (flags & MAP_ANONYMOUS) == 0) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  sim_lock();
  int granted = sim_entitlement_granted;
  sim_unlock();
  if (!granted) {
    sim_lock();
    errno = sim_missing_entitlement_error;
    sim_unlock();
    return MAP_FAILED;
  }
  sim_region *region = malloc(sizeof *region);
  unsigned char *snapshot = malloc(size);
  if (region == NULL || snapshot == NULL) {
    free(region);
    free(snapshot);
    errno = ENOMEM;
    return MAP_FAILED;
  }
  unsigned char *memory =
      mmap(address, size, protection, flags & ~JITMEM_SIM_MAP_JIT, descriptor, offset);
  if (memory == MAP_FAILED) {
    int error = errno;
    free(region);
    free(snapshot);
    errno = error;
    return MAP_FAILED;
  }
  memcpy(snapshot, memory, size);
  region->address = memory;
  region->size = size;
  region->snapshot = snapshot;
  sim_lock();
  region->next = sim_regions;
  sim_regions = region;
  sim_region_total++;
  enforce_write_mode();
  sim_unlock();
  return memory;
}

int jitmem_sim_munmap(void *address, size_t size) {
  sim_lock();
  sim_region **link = &sim_regions;
  while (*link != NULL && !ranges_overlap(address, size, (*link)->address, (*link)->size)) {
    link = &(*link)->next;
  }
  sim_region *region = *link;
  if (region != NULL && (region->address != address || region->size != size)) {
    sim_unlock();
    sim_breach("munmap of part of a MAP_JIT region (the shim maps and unmaps whole regions)");
    errno = EINVAL;
    return -1;
  }
  if (region != NULL) {
    *link = region->next;
    sim_region_total--;
  }
  sim_unlock();
  if (region != NULL) {
    free(region->snapshot);
    free(region);
  }
  return munmap(address, size);
}

int jitmem_sim_mprotect(void *address, size_t size, int protection) {
  sim_lock();
  int jit = find_overlapping(address, size) != NULL;
  sim_unlock();
  if (jit) {
    sim_breach("mprotect on a MAP_JIT region: Apple forbids it; use "
               "pthread_jit_write_protect_np to switch between writing and running");
    errno = EPERM;
    return -1;
  }
  return mprotect(address, size, protection);
}

void jitmem_sim_pthread_jit_write_protect_np(int enabled) {
  if (!jitmem_sim_pthread_jit_write_protect_supported_np()) {
    return; /* as on an Intel Mac */
  }
  sim_thread_write_enabled = !enabled;
  sim_thread_protect_calls++;
  sim_lock();
  enforce_write_mode();
  sim_unlock();
}

void jitmem_sim_set_enforce_write_mode(int on) {
  sim_lock();
  sim_enforce_write_mode = on;
  if (on) {
    enforce_write_mode();
  } else {
    protect_regions(PROT_READ | PROT_WRITE | PROT_EXEC);
  }
  sim_unlock();
}

void jitmem_sim_sys_icache_invalidate(void *start, size_t size) {
  const unsigned char *first = start;
  sim_lock();
  sim_flushes.count++;
  sim_flushes.last_start = start;
  sim_flushes.last_size = size;
  sim_flushes.last_while_write_enabled = sim_thread_write_enabled;
  for (sim_region *region = sim_regions; region != NULL; region = region->next) {
    if (!ranges_overlap(first, size, region->address, region->size)) {
      continue;
    }
    uintptr_t low = (uintptr_t)first > (uintptr_t)region->address ? (uintptr_t)first
                                                                    : (uintptr_t)region->address;
    uintptr_t high_a = (uintptr_t)first + size;
    uintptr_t high_b = (uintptr_t)region->address + region->size;
    uintptr_t high = high_a < high_b ? high_a : high_b;
    size_t offset = low - (uintptr_t)region->address;
    memcpy(region->snapshot + offset, region->address + offset, high - low);
  }
  sim_unlock();
}

int jitmem_sim_check_execute(const void *entry, size_t size) {
  if (sim_thread_write_enabled) {
    sim_breach("running JIT code while this thread's write protection is off "
               "(pthread_jit_write_protect_np(0) without the matching (1))");
    return -1;
  }
  const unsigned char *first = entry;
  sim_lock();
  sim_region *region = find_overlapping(first, size);
  int inside = region != NULL && range_inside(first, size, region);
  int unchanged = inside && memcmp(region->snapshot + (first - region->address), first, size) == 0;
  sim_unlock();
  if (!inside) {
    sim_breach("running code that is not inside one MAP_JIT region");
    return -1;
  }
  if (!unchanged) {
    sim_breach("running bytes written after the last sys_icache_invalidate of them");
    return -1;
  }
  return 0;
}

void jitmem_sim_set_abort_handler(jitmem_sim_abort_handler handler, void *user) {
  sim_lock();
  sim_handler = handler;
  sim_handler_user = user;
  sim_unlock();
}

void jitmem_sim_set_entitlement(int granted) {
  sim_lock();
  sim_entitlement_granted = granted;
  sim_unlock();
}

void jitmem_sim_set_missing_entitlement_error(int error) {
  sim_lock();
  sim_missing_entitlement_error = error;
  sim_unlock();
}

void jitmem_sim_set_write_protect_supported(int supported) {
  sim_lock();
  sim_write_protect_supported = supported;
  sim_unlock();
}

void jitmem_sim_set_macos_11_or_later(int available) {
  sim_lock();
  sim_macos_11_or_later = available;
  sim_unlock();
}

void jitmem_sim_set_page_size(long size) {
  sim_lock();
  sim_page_size = size;
  sim_unlock();
}

int jitmem_sim_pthread_jit_write_protect_supported_np(void) {
  sim_lock();
  int supported = sim_write_protect_supported;
  sim_unlock();
  return supported;
}

int jitmem_sim_macos_11_or_later(void) {
  sim_lock();
  int available = sim_macos_11_or_later;
  sim_unlock();
  return available;
}

long jitmem_sim_sysconf(int name) {
  if (name != _SC_PAGESIZE) {
    return sysconf(name);
  }
  sim_lock();
  long size = sim_page_size;
  sim_unlock();
  return size;
}

int jitmem_sim_thread_write_enabled(void) {
  return sim_thread_write_enabled;
}

unsigned long jitmem_sim_thread_protect_calls(void) {
  return sim_thread_protect_calls;
}

void jitmem_sim_get_flushes(jitmem_sim_flush_record *record) {
  sim_lock();
  *record = sim_flushes;
  sim_unlock();
}

size_t jitmem_sim_region_count(void) {
  sim_lock();
  size_t count = sim_region_total;
  sim_unlock();
  return count;
}
