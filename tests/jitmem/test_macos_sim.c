/* The pool and install logic on the simulated macOS platform: write window
 * transitions, a flush for every install and patch, nested scopes, the
 * entitlement errors, no JIT without per-thread write protection or before
 * macOS 11, the system's page size, and each shim abort provoked on
 * purpose. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS under -std=c11 */

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "child_process.h"
#include "code_samples.h"
#include "jitmem.h"
#include "jitmem/macos_sim.h"

#define SIM_PAGE_SIZE 16384

static void fail_on_breach(const char *message, void *user) {
  (void)user;
  fail_msg("macos_sim breach: %s", message);
}

typedef struct breach_record {
  int count;
  char message[256];
} breach_record;

static void record_breach(const char *message, void *user) {
  breach_record *record = user;
  record->count++;
  strncpy(record->message, message, sizeof record->message - 1);
  record->message[sizeof record->message - 1] = '\0';
}

static int setup(void **state) {
  jitmem_pool *pool;
  jitmem_sim_set_abort_handler(fail_on_breach, NULL);
  if (jitmem_pool_create(NULL, 1, &pool) != JITMEM_OK) {
    return -1;
  }
  *state = pool;
  return 0;
}

static int teardown(void **state) {
  jitmem_pool_destroy(*state);
  jitmem_sim_set_abort_handler(NULL, NULL);
  /* A failed test leaves the next one a default Apple silicon Mac. */
  jitmem_sim_set_entitlement(1);
  jitmem_sim_set_missing_entitlement_error(EINVAL);
  jitmem_sim_set_write_protect_supported(1);
  jitmem_sim_set_macos_11_or_later(1);
  jitmem_sim_set_page_size(SIM_PAGE_SIZE);
  return jitmem_sim_region_count() == 0 ? 0 : -1;
}

static jitmem_block *install_constant(jitmem_pool *pool, uint16_t value, void **entry) {
  unsigned char code[CODE_SAMPLES_MAX];
  jitmem_block *block;
  assert_int_equal(
      jitmem_install(pool, code, code_samples_return_constant(value, code), &block, entry),
      JITMEM_OK);
  return block;
}

static int run_checked(const void *entry, size_t size) {
  assert_int_equal(jitmem_sim_check_execute(entry, size), 0);
  return code_samples_call_constant(entry);
}

static void assert_last_flush(const jitmem_sim_flush_record *before, const void *start,
                              size_t size) {
  jitmem_sim_flush_record after;
  jitmem_sim_get_flushes(&after);
  assert_int_equal(after.count, before->count + 1);
  assert_ptr_equal(after.last_start, start);
  assert_int_equal(after.last_size, size);
  assert_false(after.last_while_write_enabled);
}

static void test_install_opens_and_closes_the_window_once(void **state) {
  jitmem_pool *pool = *state;
  void *entry;
  jitmem_block *first = install_constant(pool, 1, &entry);
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  assert_int_equal(stats.mapped_bytes, SIM_PAGE_SIZE);

  unsigned long calls = jitmem_sim_thread_protect_calls();
  jitmem_sim_flush_record before;
  jitmem_sim_get_flushes(&before);
  jitmem_block *second = install_constant(pool, 2, &entry);
  /* One window: write protection off, then on again. */
  assert_int_equal(jitmem_sim_thread_protect_calls(), calls + 2);
  assert_false(jitmem_sim_thread_write_enabled());
  assert_false(jitmem_thread_is_writable());
  assert_last_flush(&before, entry, jitmem_block_size(second));
  assert_int_equal(run_checked(entry, jitmem_block_size(second)), 2);

  /* Freeing refills with traps inside a window and flushes them too. */
  calls = jitmem_sim_thread_protect_calls();
  jitmem_sim_get_flushes(&before);
  jitmem_free(second);
  assert_int_equal(jitmem_sim_thread_protect_calls(), calls + 2);
  assert_last_flush(&before, entry, 16);
  assert_true(code_samples_all_traps(entry, 16));
  jitmem_free(first);
}

static void test_every_patch_is_flushed(void **state) {
  jitmem_pool *pool = *state;
  void *entry;
  jitmem_block *block = install_constant(pool, 3, &entry);
  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(4, bytes, &offset);

  jitmem_sim_flush_record before;
  jitmem_sim_get_flushes(&before);
  assert_int_equal(jitmem_patch(block, offset, bytes, size), JITMEM_OK);
  assert_last_flush(&before, (unsigned char *)entry + offset, size);
  assert_int_equal(run_checked(entry, jitmem_block_size(block)), 4);

  size = code_samples_constant_patch(5, bytes, &offset);
  jitmem_write_begin();
  assert_true(jitmem_sim_thread_write_enabled());
  memcpy(jitmem_block_write_address(block, offset), bytes, size);
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_false(jitmem_sim_thread_write_enabled());
  jitmem_sim_get_flushes(&before);
  assert_int_equal(jitmem_flush(block, offset, size), JITMEM_OK);
  assert_last_flush(&before, (unsigned char *)entry + offset, size);
  assert_int_equal(run_checked(entry, jitmem_block_size(block)), 5);
  jitmem_free(block);
}

static void test_nested_scopes_switch_only_at_the_outermost(void **state) {
  jitmem_pool *pool = *state;
  unsigned long calls = jitmem_sim_thread_protect_calls();
  jitmem_write_begin();
  assert_int_equal(jitmem_sim_thread_protect_calls(), calls + 1);
  assert_true(jitmem_sim_thread_write_enabled());
  jitmem_write_begin();
  assert_int_equal(jitmem_sim_thread_protect_calls(), calls + 1);

  /* An install inside an open scope must not close it. */
  void *entry;
  jitmem_block *block = install_constant(pool, 6, &entry);
  assert_int_equal(jitmem_sim_thread_protect_calls(), calls + 1);
  assert_true(jitmem_sim_thread_write_enabled());
  assert_true(jitmem_thread_is_writable());

  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_true(jitmem_sim_thread_write_enabled());
  assert_int_equal(jitmem_sim_thread_protect_calls(), calls + 1);
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_false(jitmem_sim_thread_write_enabled());
  assert_int_equal(jitmem_sim_thread_protect_calls(), calls + 2);

  assert_int_equal(jitmem_write_end(), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_false(jitmem_sim_thread_write_enabled());
  assert_int_equal(jitmem_sim_thread_protect_calls(), calls + 2);
  assert_int_equal(run_checked(entry, jitmem_block_size(block)), 6);
  jitmem_free(block);
}

static void test_pool_logic_never_breaches(void **state) {
  jitmem_pool *pool = *state;
  enum { ROUNDS = 4, PER_ROUND = 1500 }; /* more than one 16 KiB chunk */
  static jitmem_block *blocks[PER_ROUND];
  static void *entries[PER_ROUND];
  unsigned char *large = test_calloc(1, 3 * SIM_PAGE_SIZE);
  for (int round = 0; round < ROUNDS; round++) {
    for (int i = 0; i < PER_ROUND; i++) {
      blocks[i] = install_constant(pool, (uint16_t)(round * PER_ROUND + i), &entries[i]);
    }
    code_samples_return_constant((uint16_t)round, large);
    jitmem_block *large_block;
    void *large_entry;
    assert_int_equal(
        jitmem_install(pool, large, 2 * SIM_PAGE_SIZE + 4, &large_block, &large_entry),
        JITMEM_OK);
    assert_int_equal(run_checked(large_entry, 2 * SIM_PAGE_SIZE + 4), round);
    for (int i = round % 2; i < PER_ROUND; i += 2) {
      assert_int_equal(run_checked(entries[i], jitmem_block_size(blocks[i])),
                       round * PER_ROUND + i);
      jitmem_free(blocks[i]);
    }
    jitmem_free(large_block);
    for (int i = 1 - round % 2; i < PER_ROUND; i += 2) {
      assert_int_equal(run_checked(entries[i], jitmem_block_size(blocks[i])),
                       round * PER_ROUND + i);
      jitmem_free(blocks[i]);
    }
  }
  jitmem_pool_trim(pool);
  assert_int_equal(jitmem_sim_region_count(), 0);
  test_free(large);
}

/* Installs into pool, which must fail with expected, mapping nothing. */
static void assert_no_code(jitmem_pool *pool, int expected) {
  size_t regions = jitmem_sim_region_count();
  assert_int_equal(jitmem_probe(NULL), expected);
  unsigned char code[CODE_SAMPLES_MAX];
  jitmem_block *block;
  void *entry;
  int status = jitmem_install(pool, code, code_samples_return_constant(1, code), &block, &entry);
  assert_int_equal(status, expected);
  assert_true(jitmem_status_is_no_exec(status));
  assert_null(block);
  assert_int_equal(jitmem_sim_region_count(), regions);
}

/* Under the hardened runtime MAP_JIT without the entitlement fails with
 * EINVAL; the code-signing monitor of newer systems says EPERM. */
static void test_missing_entitlement_is_reported(void **state) {
  jitmem_pool *pool = *state;
  assert_int_equal(jitmem_probe(NULL), JITMEM_OK);
  jitmem_sim_set_entitlement(0);
  assert_no_code(pool, JITMEM_ERROR_NO_EXEC_ENTITLEMENT);
  jitmem_sim_set_missing_entitlement_error(EPERM);
  assert_no_code(pool, JITMEM_ERROR_NO_EXEC_ENTITLEMENT);
  assert_non_null(strstr(jitmem_status_message(JITMEM_ERROR_NO_EXEC_ENTITLEMENT), "allow-jit"));
  jitmem_sim_set_missing_entitlement_error(EINVAL);
  jitmem_sim_set_entitlement(1);
  assert_int_equal(jitmem_probe(NULL), JITMEM_OK);
}

/* An Intel Mac (or x86_64 under Rosetta where it says so): MAP_JIT memory
 * would be writable and executable at once, so no JIT. */
static void test_no_per_thread_write_protection(void **state) {
  jitmem_pool *pool = *state;
  jitmem_sim_set_write_protect_supported(0);
  assert_no_code(pool, JITMEM_ERROR_NO_EXEC_UNSUPPORTED);
  jitmem_sim_set_write_protect_supported(1);
  assert_int_equal(jitmem_probe(NULL), JITMEM_OK);
}

/* Deployed to macOS before 11, running there: the write protection calls
 * do not exist, and none is made. */
static void test_before_macos_11(void **state) {
  jitmem_pool *pool = *state;
  unsigned long calls = jitmem_sim_thread_protect_calls();
  jitmem_sim_set_macos_11_or_later(0);
  assert_no_code(pool, JITMEM_ERROR_NO_EXEC_UNSUPPORTED);
  assert_int_equal(jitmem_sim_thread_protect_calls(), calls);
  jitmem_sim_set_macos_11_or_later(1);
  assert_int_equal(jitmem_probe(NULL), JITMEM_OK);
}

/* The page size is the system's: 16 KiB on Apple silicon, but whatever
 * sysconf says. */
static void test_page_size_from_the_system(void **state) {
  (void)state;
  jitmem_sim_set_page_size(4096);
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 1, &pool), JITMEM_OK);
  void *entry;
  jitmem_block *block = install_constant(pool, 3, &entry);
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  assert_int_equal(stats.mapped_bytes, 4096);
  assert_int_equal(run_checked(entry, jitmem_block_size(block)), 3);
  jitmem_free(block);
  jitmem_pool_destroy(pool);
  jitmem_sim_set_page_size(SIM_PAGE_SIZE);
}

/* Provoking each breach with a recording handler installed. */
static void test_each_breach_is_caught(void **state) {
  jitmem_pool *pool = *state;
  breach_record record = {0, ""};
  jitmem_sim_set_abort_handler(record_breach, &record);
  void *entry;
  jitmem_block *block = install_constant(pool, 7, &entry);
  size_t size = jitmem_block_size(block);
  /* The first block of a fresh pool starts its chunk's region. */
  unsigned char *page = entry;

  assert_int_equal(jitmem_sim_mprotect(page, SIM_PAGE_SIZE, PROT_READ | PROT_EXEC), -1);
  assert_int_equal(errno, EPERM);
  assert_int_equal(record.count, 1);
  assert_non_null(strstr(record.message, "mprotect"));

  jitmem_write_begin();
  assert_int_equal(jitmem_sim_check_execute(entry, size), -1);
  assert_int_equal(record.count, 2);
  assert_non_null(strstr(record.message, "write protection is off"));
  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t patch_size = code_samples_constant_patch(8, bytes, &offset);
  memcpy(jitmem_block_write_address(block, offset), bytes, patch_size);
  assert_int_equal(jitmem_write_end(), JITMEM_OK);

  assert_int_equal(jitmem_sim_check_execute(entry, size), -1);
  assert_int_equal(record.count, 3);
  assert_non_null(strstr(record.message, "after the last sys_icache_invalidate"));
  assert_int_equal(jitmem_flush(block, offset, patch_size), JITMEM_OK);
  assert_int_equal(jitmem_sim_check_execute(entry, size), 0);
  assert_int_equal(code_samples_call_constant(entry), 8);

  unsigned char outside[16] = {0};
  assert_int_equal(jitmem_sim_check_execute(outside, sizeof outside), -1);
  assert_int_equal(record.count, 4);
  assert_non_null(strstr(record.message, "not inside one MAP_JIT region"));

  assert_int_equal(jitmem_sim_munmap(page, SIM_PAGE_SIZE / 2), -1);
  assert_int_equal(record.count, 5);
  assert_non_null(strstr(record.message, "munmap of part"));

  /* Memory that is not MAP_JIT may be mprotected as usual. */
  void *plain = jitmem_sim_mmap(NULL, SIM_PAGE_SIZE, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(plain != MAP_FAILED);
  assert_int_equal(jitmem_sim_mprotect(plain, SIM_PAGE_SIZE, PROT_READ), 0);
  assert_int_equal(jitmem_sim_munmap(plain, SIM_PAGE_SIZE), 0);
  assert_int_equal(record.count, 5);

  jitmem_sim_set_abort_handler(fail_on_breach, NULL);
  jitmem_free(block);
}

typedef enum breach_kind {
  BREACH_MPROTECT,
  BREACH_RUN_WHILE_WRITABLE,
  BREACH_RUN_UNFLUSHED
} breach_kind;

/* In the child: commits the breach with the default handler, which must
 * abort; exits normally only if it did not. */
static void commit_breach(jitmem_pool *pool, breach_kind kind) {
  jitmem_sim_set_abort_handler(NULL, NULL);
  void *entry;
  jitmem_block *block = install_constant(pool, 9, &entry);
  size_t size = jitmem_block_size(block);
  switch (kind) {
  case BREACH_MPROTECT:
    jitmem_sim_mprotect(entry, 1, PROT_READ | PROT_EXEC);
    break;
  case BREACH_RUN_WHILE_WRITABLE:
    jitmem_write_begin();
    jitmem_sim_check_execute(entry, size);
    break;
  case BREACH_RUN_UNFLUSHED:
    jitmem_write_begin();
    *(unsigned char *)jitmem_block_write_address(block, 0) ^= 1;
    jitmem_write_end();
    jitmem_sim_check_execute(entry, size);
    break;
  }
}

typedef struct breach_case {
  jitmem_pool *pool;
  breach_kind kind;
} breach_case;

static void commit_breach_in_child(void *argument) {
  const breach_case *breach = argument;
  commit_breach(breach->pool, breach->kind);
}

static void assert_child_aborts(jitmem_pool *pool, breach_kind kind, const char *expected) {
  breach_case breach = {pool, kind};
  char output[512];
  int wait_status = child_process_run(commit_breach_in_child, &breach, output, sizeof output);
  assert_true(child_process_aborted_saying(wait_status, output, "macos_sim: "));
  assert_non_null(strstr(output, expected));
}

static void test_default_handler_aborts(void **state) {
  jitmem_pool *pool = *state;
  assert_child_aborts(pool, BREACH_MPROTECT, "mprotect on a MAP_JIT region");
  assert_child_aborts(pool, BREACH_RUN_WHILE_WRITABLE, "write protection is off");
  assert_child_aborts(pool, BREACH_RUN_UNFLUSHED, "after the last sys_icache_invalidate");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_install_opens_and_closes_the_window_once, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_every_patch_is_flushed, setup, teardown),
      cmocka_unit_test_setup_teardown(test_nested_scopes_switch_only_at_the_outermost, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_pool_logic_never_breaches, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_entitlement_is_reported, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_per_thread_write_protection, setup, teardown),
      cmocka_unit_test_setup_teardown(test_before_macos_11, setup, teardown),
      cmocka_unit_test_setup_teardown(test_page_size_from_the_system, setup, teardown),
      cmocka_unit_test_setup_teardown(test_each_breach_is_caught, setup, teardown),
      cmocka_unit_test_setup_teardown(test_default_handler_aborts, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
