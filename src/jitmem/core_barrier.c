/* core_barrier (Linux): why a barrier, and why this one. Arm's rules for
 * code written by one core and run by another (ARM ARM, "concurrent
 * modification and execution of instructions"; x86 has the same rule for
 * cross-modifying code) ask each core that runs the new bytes to execute a
 * context synchronization event (ISB) after the writer's cache maintenance
 * completed, or it may still run what it fetched before, such as freed
 * code whose space was reused at once. jitmem cannot make the threads that
 * will call the code do that, so the kernel does:
 * membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE) returns only after
 * every thread of the process running on another core has executed a
 * core-serializing instruction (cores not running one will take an
 * exception return before they do). A quarantine of freed space was the
 * other choice; it only delays reuse, and no delay makes sure every core
 * took such an event (a busy tickless core may take none), so it is not
 * used. The cost is one system call per write of code; other cores are
 * interrupted only while threads of this process run on them.
 * The barrier needs a registration (Linux 4.16, MEMBARRIER_CMD_REGISTER_
 * PRIVATE_EXPEDITED_SYNC_CORE). Where the kernel has none (ENOSYS, EINVAL:
 * older kernels, emulators that do not pass the call on; EPERM: a seccomp
 * filter) nothing better exists: code is handed out after the broadcast
 * cache maintenance alone, as JITs did before. That answer is remembered,
 * also when a barrier of a registered process meets it (a seccomp filter
 * installed later, as sandboxes do after fork); a registration or barrier
 * that failed otherwise (a failure hook, ENOMEM) fails that write, and the
 * next one tries again. */
#include "jitmem/core_barrier.h"

#include <errno.h>
#include <linux/membarrier.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "jitmem/hooks.h"

enum { BARRIER_UNKNOWN, BARRIER_REGISTERED, BARRIER_UNSUPPORTED };

static atomic_int barrier_state = BARRIER_UNKNOWN;

static int call_membarrier(const jitmem_hooks *hooks, int command) {
  if (jitmem_hooks_refuse(hooks, JITMEM_SYSTEM_CALL_MEMBARRIER)) {
    return -1;
  }
  return (int)syscall(__NR_membarrier, command, 0, 0);
}

static int kernel_lacks_barrier(int error) {
  return error == ENOSYS || error == EINVAL || error == EPERM;
}

/* BARRIER_REGISTERED, BARRIER_UNSUPPORTED, or BARRIER_UNKNOWN when the
 * registration failed for a reason that may pass. */
static int register_process(const jitmem_hooks *hooks) {
  int state = BARRIER_REGISTERED;
  if (call_membarrier(hooks, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE) != 0) {
    state = kernel_lacks_barrier(errno) ? BARRIER_UNSUPPORTED : BARRIER_UNKNOWN;
  }
  if (state != BARRIER_UNKNOWN) {
    atomic_store_explicit(&barrier_state, state, memory_order_relaxed);
  }
  return state;
}

int jitmem_core_barrier(const jitmem_hooks *hooks) {
  int state = atomic_load_explicit(&barrier_state, memory_order_relaxed);
  if (state == BARRIER_UNKNOWN) {
    state = register_process(hooks);
  }
  if (state != BARRIER_REGISTERED) {
    return state == BARRIER_UNSUPPORTED ? JITMEM_OK : JITMEM_ERROR_NOMEMORY;
  }
  if (call_membarrier(hooks, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE) == 0) {
    return JITMEM_OK;
  }
  /* EPERM: this process is not registered (a child whose kernel does not
   * carry the registration across fork()), or a seccomp filter installed
   * since forbids the call: register again to find out which. */
  if (errno == EPERM && register_process(hooks) == BARRIER_REGISTERED &&
      call_membarrier(hooks, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE) == 0) {
    return JITMEM_OK;
  }
  if (kernel_lacks_barrier(errno)) {
    atomic_store_explicit(&barrier_state, BARRIER_UNSUPPORTED, memory_order_relaxed);
    return JITMEM_OK;
  }
  return JITMEM_ERROR_NOMEMORY;
}
