/* Linux: W^X over time. Installs, frees and patches write code through
 * the region's file, so no mapping of code is ever writable for them; a
 * write address maps its block writable for the thread that asked, until
 * its outermost jitmem_write_end. Outside those scopes no jitmem mapping
 * is writable (checked in /proc/self/maps). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "code_samples.h"
#include "execution_guard.h"
#include "jitmem.h"

/* jitmem's mappings (memfd or /dev/shm file) writable right now. */
static int writable_jitmem_mappings(void) {
  FILE *maps = fopen("/proc/self/maps", "r");
  assert_non_null(maps);
  char line[1024];
  int count = 0;
  while (fgets(line, sizeof line, maps) != NULL) {
    char permissions[5];
    if (sscanf(line, "%*[0-9a-f]-%*[0-9a-f] %4s", permissions) == 1 &&
        permissions[1] == 'w' &&
        (strstr(line, "/memfd:jitmem") != NULL || strstr(line, "/dev/shm/jitmem-") != NULL)) {
      count++;
    }
  }
  fclose(maps);
  return count;
}

static jitmem_block *install_constant(jitmem_pool *pool, uint16_t value, size_t size) {
  unsigned char code[2 * CODE_SAMPLES_MAX] = {0};
  assert_true(size <= sizeof code);
  code_samples_return_constant(value, code);
  jitmem_block *block;
  void *entry;
  assert_int_equal(jitmem_install(pool, code, size, &block, &entry), JITMEM_OK);
  assert_int_equal(code_samples_call_constant(entry), value);
  return block;
}

static void test_nothing_writable_between_windows(void **state) {
  (void)state;
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 1, &pool), JITMEM_OK);
  jitmem_block *first = install_constant(pool, 1, 16);
  assert_true(execution_guard_nothing_writable());
  jitmem_block *second = install_constant(pool, 2, 16);
  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(3, bytes, &offset);
  assert_int_equal(jitmem_patch(second, offset, bytes, size), JITMEM_OK);
  assert_true(execution_guard_nothing_writable());
  jitmem_free(first);
  assert_true(execution_guard_nothing_writable());
  jitmem_free(second);
  jitmem_pool_destroy(pool);
  assert_true(execution_guard_nothing_writable());
}

static void test_write_address_opens_its_region_for_the_scope(void **state) {
  (void)state;
  jitmem_pool *pool;
  assert_int_equal(jitmem_pool_create(NULL, 1, &pool), JITMEM_OK);
  jitmem_block *patched = install_constant(pool, 4, 16);
  /* Larger than the one-page chunk: a region of its own, not asked for. */
  size_t large_size = 3 * 4096;
  unsigned char *large_code = test_calloc(1, large_size);
  code_samples_return_constant(5, large_code);
  jitmem_block *other;
  void *other_entry;
  assert_int_equal(jitmem_install(pool, large_code, large_size, &other, &other_entry), JITMEM_OK);
  test_free(large_code);

  unsigned char bytes[CODE_SAMPLES_MAX];
  size_t offset;
  size_t size = code_samples_constant_patch(6, bytes, &offset);
  /* Outside a scope there is nothing to write through. */
  assert_null(jitmem_block_write_address(patched, offset));
  jitmem_write_begin();
  jitmem_write_begin();
  assert_int_equal(writable_jitmem_mappings(), 0);
  unsigned char *address = jitmem_block_write_address(patched, offset);
  assert_non_null(address);
  assert_int_equal(writable_jitmem_mappings(), 1);
  memcpy(address, bytes, size);
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_int_equal(writable_jitmem_mappings(), 1);
  assert_int_equal(jitmem_write_end(), JITMEM_OK);
  assert_int_equal(writable_jitmem_mappings(), 0);
  assert_int_equal(jitmem_flush(patched, offset, size), JITMEM_OK);
  assert_int_equal(code_samples_call_constant(jitmem_block_entry(patched)), 6);
  assert_int_equal(code_samples_call_constant(other_entry), 5);
  jitmem_free(patched);
  jitmem_free(other);
  jitmem_pool_destroy(pool);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nothing_writable_between_windows),
      cmocka_unit_test(test_write_address_opens_its_region_for_the_scope),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
