/* The platform of Apple systems without a JIT (iOS, tvOS, watchOS, Mac
 * Catalyst), built on Linux: the probe and every install say why there is
 * no executable memory, and a pool still works as a pool. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jitmem.h"

static void test_no_executable_memory_and_why(void **state) {
  (void)state;
  assert_int_equal(jitmem_probe(NULL), JITMEM_ERROR_NO_EXEC_UNSUPPORTED);
  assert_true(jitmem_status_is_no_exec(JITMEM_ERROR_NO_EXEC_UNSUPPORTED));
  assert_non_null(strstr(jitmem_status_message(JITMEM_ERROR_NO_EXEC_UNSUPPORTED), "iOS"));
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 0, &pool), JITMEM_OK);
  static const unsigned char code[16] = {0};
  jitmem_block *block = (jitmem_block *)pool;
  void *entry = pool;
  assert_int_equal(jitmem_install(pool, code, sizeof code, &block, &entry),
                   JITMEM_ERROR_NO_EXEC_UNSUPPORTED);
  assert_null(block);
  assert_null(entry);
  assert_int_equal(jitmem_install(NULL, code, sizeof code, &block, &entry),
                   JITMEM_ERROR_NO_EXEC_UNSUPPORTED);
  jitmem_pool_stats stats;
  assert_int_equal(jitmem_pool_get_stats(pool, &stats), JITMEM_OK);
  assert_int_equal(stats.mapped_bytes, 0);
  jitmem_write_begin();
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  jitmem_pool_destroy(pool);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_no_executable_memory_and_why),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
