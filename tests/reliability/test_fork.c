/* fork() with compiled patterns, as pre-fork servers do: compile, fork,
 * then one process frees and recompiles (say on reload) while the other
 * keeps matching with what it compiled before the fork. Both must keep
 * their answers: the patterns compiled before the fork give the answers
 * they gave before it, and those compiled after it give the interpreter's
 * answers. Each case runs in both directions, with patterns of the default
 * context (jitmem's default pool) and of a context with a user allocator
 * (a jitmem pool of its own). In the arm64 build the native code is what
 * is at stake; natively it checks the same answers on the portable engine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "child_process.h"
#include "jrx.h"

#define PAIRS 4
#define CHILD_TIME_LIMIT 60 /* seconds: a stuck child dies of SIGALRM */

static const char SUBJECT[] =
    "Mr. Sherlock Holmes and Dr. Watson met at 221B Baker Street on 1881-03-04; "
    "mail: holmes@baker.example";

/* Patterns with groups, so that capture code is installed too; the later
 * ones land in the space the earlier ones leave when freed. */
static const char *const before_patterns[] = {
    "Sher(lock)|Wat(son)", "(\\d+)-(\\d+)-(\\d+)", "([a-z]+)@([a-z]+)\\.example",
    "(B\\w+) (S\\w+)",     "M(r)\\. (\\w+)",      "(\\d)(\\d)(\\d)B",
};
static const char *const after_patterns[] = {
    "(Hol)mes|(Doc)tor", "(\\w+) (Street)", "([0-9]{4})", "(\\w+)$", "(a)(n)(d)", "(e)(x)",
};
#define PATTERN_COUNT (sizeof before_patterns / sizeof before_patterns[0])

typedef struct answer {
  int result;
  size_t ovector[2 * PAIRS];
} answer;

typedef struct compiled {
  jrx *patterns[PATTERN_COUNT];
  answer answers[PATTERN_COUNT]; /* what they answered before the fork */
} compiled;

static jrx *compile(const char *pattern, jrx_context *context, uint32_t options) {
  int error = 0;
  size_t offset = 0;
  return jrx_compile_in_context(pattern, strlen(pattern), options, context, &error, &offset);
}

static answer match(const jrx *re) {
  answer found;
  memset(&found, 0, sizeof found);
  found.result = jrx_match(re, SUBJECT, strlen(SUBJECT), 0, 0, found.ovector, PAIRS);
  return found;
}

static int same(const answer *a, const answer *b) {
  return a->result == b->result && memcmp(a->ovector, b->ovector, sizeof a->ovector) == 0;
}

static void compile_before(compiled *set, jrx_context *context) {
  for (size_t i = 0; i < PATTERN_COUNT; i++) {
    set->patterns[i] = compile(before_patterns[i], context, 0);
    assert_non_null(set->patterns[i]);
    set->answers[i] = match(set->patterns[i]);
    assert_true(set->answers[i].result > 0);
  }
}

/* The pre-fork patterns still answer as before: 0, or 20 + the index. */
static int check_before(const compiled *set) {
  for (size_t i = 0; i < PATTERN_COUNT; i++) {
    answer now = match(set->patterns[i]);
    if (!same(&now, &set->answers[i])) {
      return 20 + (int)i;
    }
  }
  return 0;
}

/* Frees every pre-fork pattern but the first and compiles the new ones in
 * their place; each must answer as the interpreter does. 0, or a code. */
static int recompile(compiled *set, jrx_context *context) {
  for (size_t i = 1; i < PATTERN_COUNT; i++) {
    jrx_free(set->patterns[i]);
    set->patterns[i] = NULL;
  }
  int status = 0;
  for (size_t i = 0; i < PATTERN_COUNT && status == 0; i++) {
    jrx *native = compile(after_patterns[i], context, 0);
    jrx *interpreted = compile(after_patterns[i], context, JRX_NO_JIT);
    if (native == NULL || interpreted == NULL) {
      status = 10;
    } else {
      answer expected = match(interpreted);
      answer got = match(native);
      status = same(&expected, &got) ? 0 : 11 + (int)i;
    }
    jrx_free(native);
    jrx_free(interpreted);
  }
  /* The kept pre-fork pattern answers as before here too. */
  answer now = match(set->patterns[0]);
  return status != 0 ? status : same(&now, &set->answers[0]) ? 0 : 19;
}

static void free_all(compiled *set) {
  for (size_t i = 0; i < PATTERN_COUNT; i++) {
    jrx_free(set->patterns[i]);
  }
}

typedef struct fork_case {
  compiled set;
  jrx_context *context;
} fork_case;

static int act(void *argument) {
  fork_case *side = argument;
  return recompile(&side->set, side->context);
}

static int check(void *argument) {
  const fork_case *side = argument;
  return check_before(&side->set);
}

/* Both orders: the child recompiles and exits, then the parent matches
 * and recompiles; the parent recompiles while the child waits, then the
 * child matches and recompiles. */
static void both_orders(jrx_context *context) {
  for (int child_first = 1; child_first >= 0; child_first--) {
    fork_case side;
    side.context = context;
    compile_before(&side.set, context);
    int result = child_first ? child_process_child_first(act, check, &side, CHILD_TIME_LIMIT)
                             : child_process_parent_first(act, check, &side, CHILD_TIME_LIMIT);
    assert_int_equal(result, 0);
    free_all(&side.set);
  }
}

static void test_default_context(void **state) {
  (void)state;
  both_orders(NULL);
}

static void *user_malloc(size_t size, void *user_data) {
  (void)user_data;
  return malloc(size);
}

static void user_free(void *pointer, void *user_data) {
  (void)user_data;
  free(pointer);
}

static void test_context_with_its_own_pool(void **state) {
  (void)state;
  jrx_allocator allocator = {user_malloc, user_free, NULL};
  jrx_context *context;
  assert_int_equal(jrx_context_create(&allocator, NULL, &context), 0);
  both_orders(context);
  jrx_context_free(context);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_default_context),
      cmocka_unit_test(test_context_with_its_own_pool),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
