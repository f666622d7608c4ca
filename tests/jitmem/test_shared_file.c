/* Linux: the file behind each dual mapping, by memfd_create and by /dev/shm:
 * size, unlinked, same pages through two views, no descriptor leaked when a
 * step fails, and the reason reported when neither way works. */
#define _DEFAULT_SOURCE /* mmap flags, fstat, dup under -std=c11 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "counting_hooks.h"
#include "jitmem.h"
#include "jitmem/shared_file.h"

#define FILE_SIZE 8192

/* The descriptor the next open would get: a leak shows up as a change. */
static int next_descriptor(void) {
  int descriptor = dup(STDIN_FILENO);
  assert_true(descriptor >= 0);
  close(descriptor);
  return descriptor;
}

static void assert_usable(int descriptor) {
  struct stat status;
  assert_int_equal(fstat(descriptor, &status), 0);
  assert_int_equal(status.st_size, FILE_SIZE);
  assert_int_equal(status.st_nlink, 0);
  unsigned char *write = mmap(NULL, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0);
  unsigned char *read = mmap(NULL, FILE_SIZE, PROT_READ, MAP_SHARED, descriptor, 0);
  assert_true(write != MAP_FAILED);
  assert_true(read != MAP_FAILED);
  assert_ptr_not_equal(write, read);
  write[FILE_SIZE - 1] = 0x5a;
  assert_int_equal(read[FILE_SIZE - 1], 0x5a);
  munmap(write, FILE_SIZE);
  munmap(read, FILE_SIZE);
  close(descriptor);
}

static void test_memfd_file(void **state) {
  (void)state;
  counting_hooks counting;
  counting_hooks_init(&counting, 0, 0);
  int descriptor;
  assert_int_equal(jitmem_shared_file_create(&counting.hooks, FILE_SIZE, &descriptor), JITMEM_OK);
  assert_usable(descriptor);
}

static void test_dev_shm_fallback_file(void **state) {
  (void)state;
  counting_hooks counting;
  counting_hooks_init(&counting, 0, 0);
  int descriptor;
  assert_int_equal(jitmem_shared_file_create_in_directory(&counting.hooks, "/dev/shm", FILE_SIZE,
                                                          &descriptor),
                   JITMEM_OK);
  assert_usable(descriptor);
}

static void test_unusable_directory_is_reported(void **state) {
  (void)state;
  counting_hooks counting;
  counting_hooks_init(&counting, 0, 0);
  int descriptor = -1;
  assert_int_equal(jitmem_shared_file_create_in_directory(
                       &counting.hooks, "/nonexistent/jitmem-test", FILE_SIZE, &descriptor),
                   JITMEM_ERROR_NO_EXEC_MEMFD);
  char long_directory[300];
  memset(long_directory, 'd', sizeof long_directory - 1);
  long_directory[sizeof long_directory - 1] = '\0';
  assert_int_equal(jitmem_shared_file_create_in_directory(&counting.hooks, long_directory,
                                                          FILE_SIZE, &descriptor),
                   JITMEM_ERROR_INVALID_ARGUMENT);
  assert_int_equal(descriptor, -1);
}

/* Fails each system call of both ways in turn: always NOMEMORY, never a
 * descriptor left open. */
static void test_failures_leak_nothing(void **state) {
  (void)state;
  int expected_next = next_descriptor();
  for (int way = 0; way < 2; way++) {
    long call = 1;
    for (;; call++) {
      counting_hooks counting;
      counting_hooks_init(&counting, 0, call);
      int descriptor = -1;
      int status = way == 0 ? jitmem_shared_file_create(&counting.hooks, FILE_SIZE, &descriptor)
                            : jitmem_shared_file_create_in_directory(&counting.hooks, "/dev/shm",
                                                                     FILE_SIZE, &descriptor);
      if (counting.injected_failures == 0) {
        assert_int_equal(status, JITMEM_OK);
        close(descriptor);
        break;
      }
      assert_int_equal(status, JITMEM_ERROR_NOMEMORY);
      assert_int_equal(descriptor, -1);
      assert_int_equal(next_descriptor(), expected_next);
    }
    /* creation and sizing: two calls to fail */
    assert_int_equal(call, 3);
  }
  assert_int_equal(next_descriptor(), expected_next);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_memfd_file),
      cmocka_unit_test(test_dev_shm_fallback_file),
      cmocka_unit_test(test_unusable_directory_is_reported),
      cmocka_unit_test(test_failures_leak_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
