/* test_jit_bitnfa: the generated bit-parallel loop against bitnfa_scan
 * on random automata (every shape of shift: forwards and backwards,
 * masked or not, none at all, up to 64 positions) over random subjects
 * from every start to every end, and on subjects flush against
 * inaccessible pages. Programs give only some of these shapes (their
 * edges run backwards in position order), so the automata are made here;
 * test_bitnfa runs real programs through jrx_match on both engines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "guarded_page.h"
#include "jrx.h"
#include "regex/arm64/jit.h"
#include "regex/jrx_internal.h"
#include "test_random.h"

static const unsigned char alphabet[] = {'a', 'b', 'c', 'd', '\n', 0, 0xff};
#define ALPHABET_SIZE (sizeof alphabet / sizeof alphabet[0])

static void random_automaton(uint64_t *random, bitnfa *automaton) {
  memset(automaton, 0, sizeof *automaton);
  uint32_t count = 1 + (uint32_t)(test_random_next(random) % BITNFA_MAX_POSITIONS);
  uint64_t valid = count == 64 ? ~(uint64_t)0 : ((uint64_t)1 << count) - 1;
  automaton->position_count = count;
  for (size_t i = 0; i < ALPHABET_SIZE; i++) {
    /* Sparse enough that states do not fill up at once. */
    automaton->reach[alphabet[i]] = test_random_next(random) & test_random_next(random) & valid;
  }
  automaton->first = test_random_next(random) & valid;
  automaton->final = test_random_next(random) & test_random_next(random) & valid;
  automaton->shift_count = (uint32_t)(test_random_next(random) % (BITNFA_MAX_SHIFTS + 1));
  for (uint32_t s = 0; s < automaton->shift_count; s++) {
    bitnfa_shift *shift = &automaton->shifts[s];
    shift->amount = (int32_t)(test_random_next(random) % 11) - 5;
    shift->masked = (uint32_t)(test_random_next(random) % 2);
    shift->mask = test_random_next(random) & valid;
  }
  automaton->match_length = 1;
}

static void random_subject(uint64_t *random, unsigned char *subject, size_t length) {
  for (size_t i = 0; i < length; i++) {
    subject[i] = alphabet[test_random_next(random) % ALPHABET_SIZE];
  }
}

/* The native code of one automaton; any program will do for the rest of
 * the block. */
typedef struct native_loop {
  jrx *re;
  jit_code *code;
  bitnfa_scan_function scan;
} native_loop;

static void native_loop_create(native_loop *loop, const bitnfa *automaton) {
  int error;
  size_t error_offset;
  loop->re = jrx_compile("x", 1, JRX_NO_JIT, &error, &error_offset);
  assert_non_null(loop->re);
  int reason = 0;
  assert_int_equal(jit_compile(&loop->re->program, loop->re->automaton, automaton, NULL,
                               &loop->code, &reason),
                   0);
  loop->scan = jit_bitnfa_scan(loop->code);
  assert_non_null(loop->scan);
}

static void native_loop_release(native_loop *loop) {
  jit_release(loop->code);
  jrx_free(loop->re);
}

static void check_scan(const native_loop *loop, const bitnfa *automaton,
                       const unsigned char *subject, size_t from, size_t to,
                       uint64_t initial) {
  uint64_t native_state = initial;
  uint64_t portable_state = initial;
  size_t native = loop->scan(automaton, subject, from, to, &native_state);
  size_t portable = bitnfa_scan(automaton, subject, from, to, &portable_state);
  if (native != portable || native_state != portable_state) {
    fail_msg("%u positions, %u shifts, bytes %zu..%zu from state %#llx: native %zu state %#llx, "
             "portable %zu state %#llx",
             automaton->position_count, automaton->shift_count, from, to,
             (unsigned long long)initial, native, (unsigned long long)native_state, portable,
             (unsigned long long)portable_state);
  }
}

static void random_automata_agree(void **state) {
  (void)state;
  uint64_t random = 0x3c6ef372fe94f82bu;
  unsigned char subject[80];
  for (int round = 0; round < 150; round++) {
    bitnfa automaton;
    random_automaton(&random, &automaton);
    native_loop loop;
    native_loop_create(&loop, &automaton);
    size_t length = (size_t)(test_random_next(&random) % (sizeof subject + 1));
    random_subject(&random, subject, length);
    for (size_t from = 0; from <= length; from++) {
      for (size_t to = from; to <= length; to += 1 + to / 16) {
        check_scan(&loop, &automaton, subject, from, to, 0);
      }
      check_scan(&loop, &automaton, subject, from, length, test_random_next(&random));
    }
    native_loop_release(&loop);
  }
}

/* Subjects whose first byte follows and whose last byte precedes a
 * PROT_NONE page. */
static void loop_stays_inside_the_subject(void **state) {
  (void)state;
  uint64_t random = 0xa54ff53a5f1d36f1u;
  guarded_page guarded;
  guarded_page_create(&guarded);
  for (int round = 0; round < 20; round++) {
    bitnfa automaton;
    random_automaton(&random, &automaton);
    automaton.final = 0; /* scans run to the end */
    native_loop loop;
    native_loop_create(&loop, &automaton);
    for (size_t length = 0; length <= 40; length++) {
      for (int at_end = 0; at_end < 2; at_end++) {
        unsigned char *subject = guarded_page_subject(&guarded, length, at_end);
        random_subject(&random, subject, length);
        check_scan(&loop, &automaton, subject, 0, length, 0);
      }
    }
    native_loop_release(&loop);
  }
  guarded_page_release(&guarded);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(random_automata_agree),
      cmocka_unit_test(loop_stays_inside_the_subject),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
