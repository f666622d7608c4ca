/* test_jit_fallback: jrx_compile's engine on arm64: native by default,
 * the interpreter with JRX_NO_JIT, and without executable memory the
 * interpreter, named with the reason and answering the same. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "jrx.h"

#define HIGHEST_DESCRIPTOR_CHECKED 1024

static const char PATTERN[] = "Sher(lock)|Wat(son)";
static const char SUBJECT[] = "Mr. Sherlock Holmes and Dr. Watson";

static jrx *compile(uint32_t options) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(PATTERN, strlen(PATTERN), options, &error, &offset);
  assert_non_null(re);
  return re;
}

static void check_answers(const jrx *re) {
  size_t ovector[6];
  assert_int_equal(jrx_match(re, SUBJECT, strlen(SUBJECT), 0, 0, ovector, 3), 2);
  assert_int_equal(ovector[0], 4);
  assert_int_equal(ovector[1], 12);
  assert_int_equal(ovector[2], 8);
  assert_int_equal(jrx_match(re, SUBJECT, strlen(SUBJECT), 12, 0, ovector, 3), 3);
  assert_int_equal(ovector[0], 28);
  assert_int_equal(ovector[4], 31);
}

static void native_by_default_and_interpreter_on_request(void **state) {
  (void)state;
  jrx *native = compile(0);
  assert_string_equal(jrx_engine(native), "arm64-jit");
  check_answers(native);
  jrx *interpreter = compile(JRX_NO_JIT);
  assert_string_equal(jrx_engine(interpreter), "interpreter");
  check_answers(interpreter);
  jrx_free(interpreter);
  jrx_free(native);
}

/* Compiles with the descriptor limit at the lowest free descriptor, the
 * one a new file would get, so jitmem cannot create the file its
 * executable memory lives in. */
static jrx *compile_without_descriptors(void) {
  int lowest_free = 0;
  while (lowest_free < HIGHEST_DESCRIPTOR_CHECKED && fcntl(lowest_free, F_GETFD) != -1) {
    lowest_free++;
  }
  struct rlimit original;
  assert_int_equal(getrlimit(RLIMIT_NOFILE, &original), 0);
  struct rlimit limited = original;
  limited.rlim_cur = (rlim_t)lowest_free;
  assert_int_equal(setrlimit(RLIMIT_NOFILE, &limited), 0);
  jrx *re = compile(0);
  assert_int_equal(setrlimit(RLIMIT_NOFILE, &original), 0);
  return re;
}

static void interpreter_when_no_executable_memory(void **state) {
  (void)state;
  jrx *re = compile_without_descriptors();
  const char *engine = jrx_engine(re);
  assert_true(strncmp(engine, "interpreter (", strlen("interpreter (")) == 0);
  check_answers(re);
  jrx *later = compile(0);
  assert_string_equal(jrx_engine(later), "arm64-jit");
  check_answers(later);
  jrx_free(later);
  jrx_free(re);
}

int main(void) {
  /* The fallback test must run first, before jitmem has memory mapped. */
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(interpreter_when_no_executable_memory),
      cmocka_unit_test(native_by_default_and_interpreter_on_request),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
