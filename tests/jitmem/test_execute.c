/* Installs hand-assembled host code through jitmem and runs it: a two-
 * argument add, a loop, in-place patches through both patch paths, the
 * probe, the default pool and the status texts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "code_samples.h"
#include "counting_hooks.h"
#include "jitmem.h"

typedef struct installed {
  jitmem_pool *pool;
  jitmem_block *block;
  void *entry;
} installed;

static void install_sample(installed *target, const unsigned char *code, size_t size) {
  assert_int_equal(jitmem_pool_create(NULL, 0, &target->pool), JITMEM_OK);
  assert_int_equal(jitmem_install(target->pool, code, size, &target->block, &target->entry),
                   JITMEM_OK);
  assert_ptr_equal(jitmem_block_entry(target->block), target->entry);
  assert_int_equal(jitmem_block_size(target->block), size);
  assert_memory_equal(target->entry, code, size);
}

static void uninstall(installed *target) {
  jitmem_free(target->block);
  jitmem_pool_destroy(target->pool);
}

static void test_add_runs(void **state) {
  (void)state;
  unsigned char code[CODE_SAMPLES_MAX];
  installed add;
  install_sample(&add, code, code_samples_add(code));
  assert_int_equal(code_samples_call_binary(add.entry, 40, 2), 42);
  assert_int_equal(code_samples_call_binary(add.entry, -5, 3), -2);
  assert_int_equal(code_samples_call_binary(add.entry, INT64_C(1) << 40, 1),
                   (INT64_C(1) << 40) + 1);
  uninstall(&add);
}

static void test_sum_loop_runs(void **state) {
  (void)state;
  unsigned char code[CODE_SAMPLES_MAX];
  installed sum;
  install_sample(&sum, code, code_samples_sum_to(code));
  assert_int_equal(code_samples_call_unary(sum.entry, 0), 0);
  assert_int_equal(code_samples_call_unary(sum.entry, 1), 1);
  assert_int_equal(code_samples_call_unary(sum.entry, 10), 55);
  assert_int_equal(code_samples_call_unary(sum.entry, 100000), INT64_C(5000050000));
  uninstall(&sum);
}

static void test_patched_code_runs(void **state) {
  (void)state;
  unsigned char code[CODE_SAMPLES_MAX];
  installed constant;
  install_sample(&constant, code, code_samples_return_constant(7, code));
  assert_int_equal(code_samples_call_constant(constant.entry), 7);

  unsigned char patch[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(9, patch, &offset);
  assert_int_equal(jitmem_patch(constant.block, offset, patch, size), JITMEM_OK);
  assert_false(jitmem_thread_is_writable());
  assert_int_equal(code_samples_call_constant(constant.entry), 9);

  size = code_samples_constant_patch(11, patch, &offset);
  jitmem_write_begin();
  assert_true(jitmem_thread_is_writable());
  memcpy(jitmem_block_write_address(constant.block, offset), patch, size);
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_false(jitmem_thread_is_writable());
  assert_int_equal(jitmem_flush(constant.block, offset, size), JITMEM_OK);
  assert_int_equal(code_samples_call_constant(constant.entry), 11);
  uninstall(&constant);
}

static int fail_every_call(void *user, jitmem_system_call call) {
  (void)user;
  (void)call;
  return 1;
}

static void test_probe_reports_why(void **state) {
  (void)state;
  assert_int_equal(jitmem_probe(NULL), JITMEM_OK);

  jitmem_write_begin();
  assert_int_equal(jitmem_probe(NULL), JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(jitmem_write_end(), JITMEM_OK);

  jitmem_hooks refusing = {NULL, NULL, fail_every_call, NULL};
  assert_int_equal(jitmem_probe(&refusing), JITMEM_ERROR_NOMEMORY);

  counting_hooks counting;
  counting_hooks_init(&counting, 0, 0);
  counting.hooks.free = NULL;
  assert_int_equal(jitmem_probe(&counting.hooks), JITMEM_ERROR_INVALID_ARGUMENT);
}

static void test_default_pool(void **state) {
  (void)state;
  jitmem_pool *first;
  jitmem_pool *second;
  assert_int_equal(jitmem_default_pool(&first), JITMEM_OK);
  assert_int_equal(jitmem_default_pool(&second), JITMEM_OK);
  assert_non_null(first);
  assert_ptr_equal(first, second);
  assert_int_equal(jitmem_default_pool(NULL), JITMEM_ERROR_INVALID_ARGUMENT);

  /* Destroying the default pool is ignored, so it stays usable. */
  jitmem_pool_destroy(first);
  unsigned char code[CODE_SAMPLES_MAX];
  jitmem_block *block;
  void *entry;
  assert_int_equal(jitmem_install(NULL, code, code_samples_return_constant(5, code), &block, &entry),
                   JITMEM_OK);
  assert_int_equal(code_samples_call_constant(entry), 5);
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(first, &stats), JITMEM_OK);
  assert_int_equal(stats.block_count, 1);
  jitmem_free(block);
}

static void test_status_messages(void **state) {
  (void)state;
  static const int codes[] = {JITMEM_OK,
                              JITMEM_ERROR_NOMEMORY,
                              JITMEM_ERROR_INVALID_ARGUMENT,
                              JITMEM_ERROR_NO_EXEC,
                              JITMEM_ERROR_NO_EXEC_ENTITLEMENT,
                              JITMEM_ERROR_NO_EXEC_POLICY,
                              JITMEM_ERROR_NO_EXEC_MEMFD,
                              JITMEM_ERROR_NO_EXEC_UNSUPPORTED};
  const size_t count = sizeof codes / sizeof codes[0];
  for (size_t i = 0; i < count; i++) {
    const char *message = jitmem_status_message(codes[i]);
    assert_non_null(message);
    assert_true(strlen(message) > 0);
    for (size_t j = 0; j < i; j++) {
      assert_string_not_equal(message, jitmem_status_message(codes[j]));
    }
    assert_int_equal(jitmem_status_is_no_exec(codes[i]), codes[i] <= JITMEM_ERROR_NO_EXEC);
  }
  assert_string_equal(jitmem_status_message(12345), "unknown jitmem status");
  assert_false(jitmem_status_is_no_exec(12345));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_add_runs),
      cmocka_unit_test(test_sum_loop_runs),
      cmocka_unit_test(test_patched_code_runs),
      cmocka_unit_test(test_probe_reports_why),
      cmocka_unit_test(test_default_pool),
      cmocka_unit_test(test_status_messages),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
