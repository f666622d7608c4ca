/* jit_engine_name: one table of fixed strings, a row per part and a
 * column per reason, so that jrx_engine never allocates. */
#include "jit_engine_name.h"

#include "jitmem.h"
#include "jrx.h"

enum {
  REASON_NO_ENTITLEMENT,
  REASON_NO_EXEC_POLICY,
  REASON_NO_EXEC_MEMFD,
  REASON_NO_EXEC_UNSUPPORTED,
  REASON_NO_EXEC,
  REASON_OUT_OF_MEMORY,
  REASON_GENERATION_FAILED,
  REASON_COUNT
};

#define NAMES_WITH_PREFIX(prefix)                                             \
  {                                                                           \
    prefix "no executable memory: the allow-jit entitlement is missing)",     \
        prefix "no executable memory: PROT_EXEC refused by the system policy)", \
        prefix "no executable memory: no memfd or /dev/shm file)",            \
        prefix "no executable memory: no per-thread JIT write protection here)", \
        prefix "no executable memory)", prefix "out of memory for native code)", \
        prefix "native code generation failed)"                               \
  }

static const char *const names[3][REASON_COUNT] = {
    NAMES_WITH_PREFIX("interpreter ("),
    NAMES_WITH_PREFIX("arm64-jit (capture groups run on the interpreter: "),
    NAMES_WITH_PREFIX("arm64-jit (searches the DFA gives up on, and long capture spans, run on "
                      "the interpreter's Pike VM: "),
};

static int reason_of(int status) {
  switch (status) {
    case JITMEM_ERROR_NO_EXEC_ENTITLEMENT:
      return REASON_NO_ENTITLEMENT;
    case JITMEM_ERROR_NO_EXEC_POLICY:
      return REASON_NO_EXEC_POLICY;
    case JITMEM_ERROR_NO_EXEC_MEMFD:
      return REASON_NO_EXEC_MEMFD;
    case JITMEM_ERROR_NO_EXEC_UNSUPPORTED:
      return REASON_NO_EXEC_UNSUPPORTED;
    case JITMEM_ERROR_NO_EXEC:
      return REASON_NO_EXEC;
    case JITMEM_ERROR_NOMEMORY:
    case JRX_ERROR_NOMEMORY:
      return REASON_OUT_OF_MEMORY;
    default:
      return REASON_GENERATION_FAILED;
  }
}

const char *jit_engine_name(jit_part part, int status) {
  int row = part == JIT_PART_SEARCH ? 0 : part == JIT_PART_CAPTURES ? 1 : 2;
  return names[row][reason_of(status)];
}
