/* fuzz_jitmem: random sequences of jitmem operations on a private pool with
 * counting hooks (and on the process-wide default pool), with allocation
 * and system-call failures injected. Input layout: byte 0 picks the pool's
 * chunk size (low 4 bits times 4 KiB; 0 is the default 64 KiB); then
 * operations, each an opcode byte (bits 0-3: operation, modulo the count;
 * bits 4-6: slot) followed by its arguments (past the end they read 0),
 * which are consumed whether or not the operation applies.
 * After every operation the thread must be in execute mode and the pool's
 * statistics must account for exactly the live blocks; freed space must be
 * trap-filled; at the end the pool must be empty, unmapped and every hook
 * allocation freed, and no mapping of jitmem writable (W^X over time).
 * Any call may fail with JITMEM_ERROR_NOMEMORY when a failure was injected
 * during it (under qemu even a flush remaps), and only then. Code runs where it can run: installed blocks are the
 * host's own "return a constant" functions from tests/jitmem. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code_samples.h"
#include "counting_hooks.h"
#include "execution_guard.h"
#include "fuzz_report.h"
#include "fuzz_target.h"
#include "jitmem.h"

#define TARGET "jitmem"

#define SLOT_COUNT 8
#define MAX_OPERATIONS 512
#define CHUNK_SIZE_UNIT 4096u
#define LARGE_PADDING_UNIT 1024u
/* jitmem.h: blocks get 16-byte aligned space, padding counted as used. */
#define CODE_ALIGNMENT 16u
/* code_samples_all_traps reads whole trap instructions from a multiple of
 * 4 bytes (arm64's instruction size; x86-64's int3 is one byte). */
#define TRAP_UNIT 4u

enum operation {
  OPERATION_INSTALL,       /* value (2 bytes), shape: bit 7 large, bit 6 default pool, bits 0-5 padding */
  OPERATION_RUN,
  OPERATION_FREE,
  OPERATION_PATCH,         /* value (2 bytes), then 1 byte: nonzero = out of range, must be refused */
  OPERATION_WRITE_SCOPE,   /* value (2 bytes), depth byte: 1 + byte % 3 nested scopes */
  OPERATION_STRAY_END,
  OPERATION_INJECT,        /* byte: bit 7 system call (else malloc), failing call 1 + bits 0-2 from now */
  OPERATION_TRIM,
  OPERATION_BAD_ARGUMENTS,
  OPERATION_COUNT
};

typedef struct slot {
  jitmem_block *block;
  void *entry;
  jitmem_pool *pool;
  uint16_t value;  /* what running the block returns */
  int value_known; /* 0 after a failed flush: old or new code may run */
} slot;

typedef struct fuzz_state {
  const uint8_t *data;
  size_t size;
  size_t position;
  counting_hooks counting;
  jitmem_pool *pool;
  jitmem_pool *default_pool; /* NULL when the process cannot have one */
  jitmem_pool_stats default_baseline;
  int can_execute;
  slot slots[SLOT_COUNT];
} fuzz_state;

static uint8_t next_byte(fuzz_state *state) {
  return state->position < state->size ? state->data[state->position++] : 0;
}

static uint16_t next_value(fuzz_state *state) {
  uint16_t low = next_byte(state);
  return (uint16_t)(low | (next_byte(state) << 8));
}

static size_t round_up(size_t size, size_t unit) {
  return (size + unit - 1) / unit * unit;
}

static size_t round_to_alignment(size_t size) {
  return round_up(size, CODE_ALIGNMENT);
}

static jitmem_pool_stats stats_of(jitmem_pool *pool) {
  jitmem_pool_stats stats;
  FUZZ_CHECK(TARGET, jitmem_pool_get_stats(pool, &stats) == JITMEM_OK);
  return stats;
}

/* The pool's block count and used bytes are what the live slots add up to
 * (on top of what the default pool held before this input). */
static void check_accounting(fuzz_state *state, jitmem_pool *pool) {
  jitmem_pool_stats expected = {0, 0, 0, 0, 0};
  if (pool == state->default_pool) {
    expected = state->default_baseline;
  }
  for (size_t i = 0; i < SLOT_COUNT; i++) {
    const slot *live = &state->slots[i];
    if (live->block != NULL && live->pool == pool) {
      expected.block_count++;
      expected.used_bytes += round_to_alignment(jitmem_block_size(live->block));
    }
  }
  jitmem_pool_stats stats = stats_of(pool);
  FUZZ_CHECK(TARGET, stats.block_count == expected.block_count);
  FUZZ_CHECK(TARGET, stats.used_bytes == expected.used_bytes);
  FUZZ_CHECK(TARGET, stats.used_bytes <= stats.mapped_bytes);
}

static void run_slot(const fuzz_state *state, const slot *live) {
  FUZZ_CHECK(TARGET, !jitmem_thread_is_writable());
  if (state->can_execute && live->value_known) {
    FUZZ_CHECK(TARGET, code_samples_call_constant(live->entry) == live->value);
  }
}

static void free_slot(fuzz_state *state, slot *live) {
  jitmem_pool_stats before = stats_of(live->pool);
  size_t reserved = round_to_alignment(jitmem_block_size(live->block));
  long injected_before = state->counting.injected_failures;
  jitmem_free(live->block);
  jitmem_pool_stats after = stats_of(live->pool);
  FUZZ_CHECK(TARGET, after.block_count == before.block_count - 1);
  FUZZ_CHECK(TARGET, after.used_bytes == before.used_bytes - reserved);
  /* The space is still mapped unless its chunk went away with the block;
   * it is traps unless writing them was refused (then it is refilled
   * before the chunk takes new code). */
  if (after.mapped_bytes == before.mapped_bytes &&
      state->counting.injected_failures == injected_before) {
    FUZZ_CHECK(TARGET, code_samples_all_traps(live->entry, reserved));
  }
  live->block = NULL;
  live->entry = NULL;
}

static void install(fuzz_state *state, slot *live) {
  uint16_t value = next_value(state);
  uint8_t shape = next_byte(state);
  jitmem_pool *pool = state->pool;
  if ((shape & 0x40u) != 0 && state->default_pool != NULL) {
    pool = state->default_pool;
  }
  size_t padding = (shape & 0x3fu) * ((shape & 0x80u) != 0 ? LARGE_PADDING_UNIT : 1u);
  unsigned char sample[CODE_SAMPLES_MAX];
  size_t sample_size = code_samples_return_constant(value, sample);
  size_t size = sample_size + padding;
  unsigned char *code = calloc(1, size);
  if (code == NULL) {
    return;
  }
  memcpy(code, sample, sample_size);
  if (live->block != NULL) {
    free_slot(state, live);
  }
  jitmem_pool_stats before = stats_of(pool);
  long injected_before = state->counting.injected_failures;
  jitmem_block *block;
  void *entry;
  int status = jitmem_install(pool, code, size, &block, &entry);
  free(code);
  jitmem_pool_stats after = stats_of(pool);
  if (status != JITMEM_OK) {
    int injected = pool == state->pool && state->counting.injected_failures > injected_before;
    FUZZ_CHECK(TARGET, (status == JITMEM_ERROR_NOMEMORY && injected) ||
                           (!state->can_execute && jitmem_status_is_no_exec(status)));
    FUZZ_CHECK(TARGET, block == NULL && entry == NULL);
    FUZZ_CHECK(TARGET, after.block_count == before.block_count);
    FUZZ_CHECK(TARGET, after.used_bytes == before.used_bytes);
    return;
  }
  FUZZ_CHECK(TARGET, block != NULL && entry == jitmem_block_entry(block));
  FUZZ_CHECK(TARGET, jitmem_block_size(block) == size);
  FUZZ_CHECK(TARGET, (uintptr_t)entry % CODE_ALIGNMENT == 0);
  FUZZ_CHECK(TARGET, after.block_count == before.block_count + 1);
  FUZZ_CHECK(TARGET, after.used_bytes == before.used_bytes + round_to_alignment(size));
  /* The alignment padding after the code is traps, never stale code. */
  size_t padding_start = round_up(size, TRAP_UNIT);
  FUZZ_CHECK(TARGET, code_samples_all_traps((const unsigned char *)entry + padding_start,
                                            round_to_alignment(size) - padding_start));
  *live = (slot){block, entry, pool, value, 1};
  run_slot(state, live);
}

/* Records the outcome of a call that writes code and flushes it: on
 * success the block now returns value; a failure must be an injected one,
 * and leaves it unknown which code runs. */
static void check_flushed(fuzz_state *state, slot *live, int status, long injected_before,
                          uint16_t value) {
  if (status == JITMEM_OK) {
    live->value = value;
    live->value_known = 1;
    return;
  }
  FUZZ_CHECK(TARGET, status == JITMEM_ERROR_NOMEMORY && live->pool == state->pool &&
                         state->counting.injected_failures > injected_before);
  live->value_known = 0;
}

static void patch(fuzz_state *state, slot *live) {
  uint16_t value = next_value(state);
  uint8_t out_of_range = next_byte(state);
  if (live->block == NULL) {
    return;
  }
  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(value, bytes, &offset);
  if (out_of_range != 0) {
    size_t block_size = jitmem_block_size(live->block);
    size_t bad_offset = block_size - size + 1 + out_of_range % 8;
    FUZZ_CHECK(TARGET, jitmem_patch(live->block, bad_offset, bytes, size) ==
                           JITMEM_ERROR_INVALID_ARGUMENT);
  } else {
    long injected_before = state->counting.injected_failures;
    int status = jitmem_patch(live->block, offset, bytes, size);
    check_flushed(state, live, status, injected_before, value);
  }
  run_slot(state, live);
}

/* The public write path: nested scopes, a write through the block's write
 * address, then a flush once the outermost scope is closed. */
static void write_in_scope(fuzz_state *state, slot *live) {
  uint16_t value = next_value(state);
  unsigned depth = 1u + next_byte(state) % 3u;
  if (live->block == NULL) {
    return;
  }
  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(value, bytes, &offset);
  for (unsigned i = 0; i < depth; i++) {
    jitmem_write_begin();
    FUZZ_CHECK(TARGET, jitmem_thread_is_writable());
  }
  long injected_before = state->counting.injected_failures;
  unsigned char *address = jitmem_block_write_address(live->block, offset);
  if (address != NULL) {
    memcpy(address, bytes, size);
  } else {
    /* Mapping the write view was refused, or a failed flush left the
     * block not to be written again. */
    FUZZ_CHECK(TARGET, !live->value_known || (live->pool == state->pool &&
                                              state->counting.injected_failures > injected_before));
  }
  for (unsigned i = 0; i < depth; i++) {
    FUZZ_CHECK(TARGET, jitmem_thread_is_writable());
    FUZZ_CHECK(TARGET, jitmem_write_end() == JITMEM_OK);
  }
  if (address != NULL) {
    injected_before = state->counting.injected_failures;
    int status = jitmem_flush(live->block, offset, size);
    check_flushed(state, live, status, injected_before, value);
  }
  run_slot(state, live);
}

static void inject(fuzz_state *state) {
  uint8_t how = next_byte(state);
  long distance = 1 + (how & 7);
  if ((how & 0x80u) != 0) {
    state->counting.fail_system_call_at = state->counting.system_calls + distance;
  } else {
    state->counting.fail_malloc_at = state->counting.malloc_calls + distance;
  }
}

/* Calls that must be refused without touching anything. */
static void bad_arguments(fuzz_state *state, slot *live) {
  unsigned char code[CODE_SAMPLES_MAX];
  size_t size = code_samples_return_constant(1, code);
  jitmem_block *block;
  void *entry;
  FUZZ_CHECK(TARGET, jitmem_install(state->pool, code, 0, &block, &entry) ==
                         JITMEM_ERROR_INVALID_ARGUMENT);
  FUZZ_CHECK(TARGET, block == NULL && entry == NULL);
  FUZZ_CHECK(TARGET, jitmem_install(state->pool, NULL, size, &block, &entry) ==
                         JITMEM_ERROR_INVALID_ARGUMENT);
  if (live->block != NULL) {
    size_t block_size = jitmem_block_size(live->block);
    FUZZ_CHECK(TARGET, jitmem_block_write_address(live->block, block_size) == NULL);
    FUZZ_CHECK(TARGET, jitmem_flush(live->block, block_size, 1) == JITMEM_ERROR_INVALID_ARGUMENT);
    FUZZ_CHECK(TARGET, jitmem_flush(live->block, 0, 0) == JITMEM_ERROR_INVALID_ARGUMENT);
    FUZZ_CHECK(TARGET, jitmem_patch(live->block, 0, NULL, 1) == JITMEM_ERROR_INVALID_ARGUMENT);
    run_slot(state, live);
  }
}

static void perform(fuzz_state *state, uint8_t opcode) {
  slot *live = &state->slots[(opcode >> 4) % SLOT_COUNT];
  switch ((enum operation)((opcode & 0x0fu) % OPERATION_COUNT)) {
    case OPERATION_INSTALL:
      install(state, live);
      break;
    case OPERATION_RUN:
      if (live->block != NULL) run_slot(state, live);
      break;
    case OPERATION_FREE:
      if (live->block != NULL) free_slot(state, live);
      break;
    case OPERATION_PATCH:
      patch(state, live);
      break;
    case OPERATION_WRITE_SCOPE:
      write_in_scope(state, live);
      break;
    case OPERATION_STRAY_END:
      FUZZ_CHECK(TARGET, jitmem_write_end() == JITMEM_ERROR_INVALID_ARGUMENT);
      break;
    case OPERATION_INJECT:
      inject(state);
      break;
    case OPERATION_TRIM:
      jitmem_pool_trim(state->pool);
      break;
    case OPERATION_BAD_ARGUMENTS:
      bad_arguments(state, live);
      break;
    case OPERATION_COUNT:
      break;
  }
  FUZZ_CHECK(TARGET, !jitmem_thread_is_writable());
  check_accounting(state, state->pool);
  if (state->default_pool != NULL) {
    check_accounting(state, state->default_pool);
  }
}

static int process_can_execute(void) {
  static int probed;
  static int can_execute;
  if (!probed) {
    can_execute = jitmem_probe(NULL) == JITMEM_OK;
    probed = 1;
  }
  return can_execute;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) {
    return 0;
  }
  fuzz_state state;
  memset(&state, 0, sizeof state);
  state.data = data;
  state.size = size;
  state.position = 1;
  state.can_execute = process_can_execute();
  counting_hooks_init(&state.counting, 0, 0);
  size_t chunk_size = (size_t)(data[0] & 0x0fu) * CHUNK_SIZE_UNIT;
  int status = jitmem_pool_create(&state.counting.hooks, chunk_size, &state.pool);
  FUZZ_CHECK(TARGET, status == JITMEM_OK);
  if (jitmem_default_pool(&state.default_pool) == JITMEM_OK) {
    state.default_baseline = stats_of(state.default_pool);
  } else {
    state.default_pool = NULL;
  }
  for (size_t count = 0; count < MAX_OPERATIONS && state.position < state.size; count++) {
    perform(&state, next_byte(&state));
  }
  state.counting.fail_malloc_at = 0;
  state.counting.fail_system_call_at = 0;
  for (size_t i = 0; i < SLOT_COUNT; i++) {
    if (state.slots[i].block != NULL) {
      free_slot(&state, &state.slots[i]);
    }
  }
  check_accounting(&state, state.pool);
  jitmem_pool_trim(state.pool);
  jitmem_pool_stats stats = stats_of(state.pool);
  FUZZ_CHECK(TARGET, stats.mapped_bytes == 0 && stats.chunk_count == 0 &&
                         stats.large_region_count == 0);
  jitmem_pool_destroy(state.pool);
  FUZZ_CHECK(TARGET, state.counting.live_allocations == 0);
  if (state.default_pool != NULL) {
    check_accounting(&state, state.default_pool);
  }
  FUZZ_CHECK(TARGET, !jitmem_thread_is_writable());
  FUZZ_CHECK(TARGET, execution_guard_nothing_writable());
  return 0;
}
