/* Tests of casefold: the generated table's invariants, some well-known
 * orbits, and agreement with PCRE2's caseless matching (the oracle) for
 * every code point that has other cases plus a spread of samples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "regex/casefold.h"
#include "regex/utf8.h"

#define MAX_CODE_POINT 0x10ffffu
#define SAMPLE_STRIDE 277u /* prime, so samples land at every offset within blocks */
#define DENSE_PREFIX_END 0x2ffu
#define MAX_RECORDED_MATCHES 16

static int is_surrogate(uint32_t code_point) {
  return code_point >= 0xd800u && code_point <= 0xdfffu;
}

/* The orbit of code_point as casefold reports it: itself and its other
 * cases, in ascending order. Returns the count. */
static size_t orbit_of(uint32_t code_point, uint32_t orbit[CASEFOLD_MAX_OTHERS + 1]) {
  uint32_t others[CASEFOLD_MAX_OTHERS];
  size_t count = casefold_other_cases(code_point, others);
  size_t size = 0;
  size_t next_other = 0;
  while (next_other < count && others[next_other] < code_point) {
    orbit[size++] = others[next_other++];
  }
  orbit[size++] = code_point;
  while (next_other < count) {
    orbit[size++] = others[next_other++];
  }
  return size;
}

static void test_known_orbits(void **state) {
  (void)state;
  static const struct {
    uint32_t members[CASEFOLD_MAX_OTHERS + 1];
    size_t size;
  } orbits[] = {
      {{0x41, 0x61}, 2},                      /* A a */
      {{0x4b, 0x6b, 0x212a}, 3},              /* K k KELVIN SIGN */
      {{0x53, 0x73, 0x17f}, 3},               /* S s LONG S */
      {{0xb5, 0x39c, 0x3bc}, 3},              /* MICRO SIGN, Greek mu */
      {{0xc5, 0xe5, 0x212b}, 3},              /* A with ring, ANGSTROM SIGN */
      {{0xdf, 0x1e9e}, 2},                    /* sharp s (status S) */
      {{0x1c4, 0x1c5, 0x1c6}, 3},             /* DZ with caron: upper, title, lower */
      {{0x345, 0x399, 0x3b9, 0x1fbe}, 4},     /* iota and ypogegrammeni */
      {{0x398, 0x3b8, 0x3d1, 0x3f4}, 4},      /* theta */
      {{0x3a3, 0x3c2, 0x3c3}, 3},             /* sigma, final sigma */
      {{0x10400, 0x10428}, 2},                /* Deseret */
      {{0x10570, 0x10597}, 2},                /* Vithkuqi, new in Unicode 14 */
      {{0x1e921, 0x1e943}, 2},                /* Adlam, the last orbit */
  };
  for (size_t index = 0; index < sizeof orbits / sizeof orbits[0]; index++) {
    for (size_t member = 0; member < orbits[index].size; member++) {
      uint32_t orbit[CASEFOLD_MAX_OTHERS + 1];
      size_t size = orbit_of(orbits[index].members[member], orbit);
      assert_int_equal(size, orbits[index].size);
      assert_memory_equal(orbit, orbits[index].members, size * sizeof orbit[0]);
    }
  }
  /* Turkish dotted/dotless i fold only with status T or F, so not here. */
  static const uint32_t uncased[] = {0, 0x31, 0x130, 0x131, 0x149, 0x20ac, 0xd7ff, 0xe000,
                                     0x1e944, MAX_CODE_POINT};
  for (size_t index = 0; index < sizeof uncased / sizeof uncased[0]; index++) {
    uint32_t others[CASEFOLD_MAX_OTHERS];
    assert_int_equal(casefold_other_cases(uncased[index], others), 0);
  }
}

static void test_table_invariants(void **state) {
  (void)state;
  size_t largest_orbit = 0;
  for (size_t index = 0; index < casefold_entry_count; index++) {
    const casefold_entry *entry = &casefold_entries[index];
    if (index > 0) {
      assert_true(casefold_entries[index - 1].code_point < entry->code_point);
    }
    assert_true(entry->orbit_size >= 2 && entry->orbit_size <= CASEFOLD_MAX_OTHERS + 1);
    if (entry->orbit_size > largest_orbit) {
      largest_orbit = entry->orbit_size;
    }
    const uint32_t *orbit = &casefold_orbit_members[entry->orbit_start];
    int contains_itself = 0;
    for (size_t member = 0; member < entry->orbit_size; member++) {
      if (member > 0) {
        assert_true(orbit[member - 1] < orbit[member]);
      }
      contains_itself |= orbit[member] == entry->code_point;
      uint32_t member_orbit[CASEFOLD_MAX_OTHERS + 1];
      assert_int_equal(orbit_of(orbit[member], member_orbit), entry->orbit_size);
      assert_memory_equal(member_orbit, orbit, entry->orbit_size * sizeof orbit[0]);
    }
    assert_true(contains_itself);
  }
  assert_int_equal(largest_orbit, CASEFOLD_MAX_OTHERS + 1);
}

static void test_next_with_other_cases(void **state) {
  (void)state;
  assert_int_equal(casefold_next_with_other_cases(0), 0x41);
  assert_int_equal(casefold_next_with_other_cases(0x5b), 0x61);
  assert_int_equal(casefold_next_with_other_cases(0x1e944), CASEFOLD_NONE);
  assert_int_equal(casefold_next_with_other_cases(MAX_CODE_POINT), CASEFOLD_NONE);
  uint32_t expected_next = CASEFOLD_NONE;
  for (uint32_t code_point = MAX_CODE_POINT + 1; code_point-- > 0;) {
    uint32_t others[CASEFOLD_MAX_OTHERS];
    if (casefold_other_cases(code_point, others) > 0) {
      expected_next = code_point;
    }
    assert_int_equal(casefold_next_with_other_cases(code_point), expected_next);
  }
}

/* The code points checked against PCRE2, in ascending order, and the
 * subject that holds all of them so one scan finds every match. Every code
 * point that folds is in it, so a wrong or missing orbit member shows up;
 * an uncased code point that PCRE2 folds shows up if it is sampled. (A
 * one-time development run over all code points - a caseless class of
 * each half of a bisection matched against the other half - found no
 * difference; it is too slow under qemu to run every time.) */
typedef struct oracle_universe {
  uint32_t *code_points;
  size_t count;
  unsigned char *subject;
  size_t subject_length;
} oracle_universe;

static int is_in_universe(uint32_t code_point) {
  uint32_t others[CASEFOLD_MAX_OTHERS];
  return code_point <= DENSE_PREFIX_END || code_point % SAMPLE_STRIDE == 0 ||
         casefold_other_cases(code_point, others) > 0;
}

static void build_universe(oracle_universe *universe) {
  universe->code_points = malloc((MAX_CODE_POINT + 1) * sizeof universe->code_points[0]);
  universe->subject = malloc((MAX_CODE_POINT + 1) * 4);
  assert_non_null(universe->code_points);
  assert_non_null(universe->subject);
  universe->count = 0;
  universe->subject_length = 0;
  for (uint32_t code_point = 0; code_point <= MAX_CODE_POINT; code_point++) {
    if (!is_surrogate(code_point) && is_in_universe(code_point)) {
      universe->code_points[universe->count++] = code_point;
      universe->subject_length +=
          utf8_encode(code_point, universe->subject + universe->subject_length);
    }
  }
}

/* Records, in subject order, every code point of the universe that PCRE2's
 * caseless `\x{code_point}` matches. */
static size_t pcre2_caseless_matches(const oracle_universe *universe, pcre2_match_data *match_data,
                                     uint32_t code_point, uint32_t matches[MAX_RECORDED_MATCHES]) {
  char pattern[16];
  int pattern_length = snprintf(pattern, sizeof pattern, "\\x{%x}", (unsigned)code_point);
  int error_code;
  PCRE2_SIZE error_offset;
  pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, (PCRE2_SIZE)pattern_length,
                                   PCRE2_UTF | PCRE2_CASELESS, &error_code, &error_offset, NULL);
  assert_non_null(code);
  size_t count = 0;
  size_t offset = 0;
  for (;;) {
    int status = pcre2_match(code, universe->subject, universe->subject_length, offset,
                             PCRE2_NO_UTF_CHECK, match_data, NULL);
    if (status == PCRE2_ERROR_NOMATCH) {
      break;
    }
    assert_true(status > 0);
    PCRE2_SIZE start = pcre2_get_ovector_pointer(match_data)[0];
    uint32_t matched;
    size_t length = utf8_decode(universe->subject + start, universe->subject_length - start,
                                &matched);
    assert_true(length > 0);
    assert_true(count < MAX_RECORDED_MATCHES);
    matches[count++] = matched;
    offset = start + length;
  }
  pcre2_code_free(code);
  return count;
}

static void test_agrees_with_pcre2(void **state) {
  (void)state;
  oracle_universe universe;
  build_universe(&universe);
  pcre2_match_data *match_data = pcre2_match_data_create(1, NULL);
  assert_non_null(match_data);
  for (size_t index = 0; index < universe.count; index++) {
    uint32_t code_point = universe.code_points[index];
    uint32_t expected[CASEFOLD_MAX_OTHERS + 1];
    size_t expected_count = orbit_of(code_point, expected);
    uint32_t matches[MAX_RECORDED_MATCHES];
    size_t match_count = pcre2_caseless_matches(&universe, match_data, code_point, matches);
    if (match_count != expected_count ||
        memcmp(matches, expected, match_count * sizeof matches[0]) != 0) {
      fail_msg("U+%04X: PCRE2 matches %zu code points, casefold has an orbit of %zu",
               (unsigned)code_point, match_count, expected_count);
    }
  }
  pcre2_match_data_free(match_data);
  free(universe.subject);
  free(universe.code_points);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_known_orbits),
      cmocka_unit_test(test_table_invariants),
      cmocka_unit_test(test_next_with_other_cases),
      cmocka_unit_test(test_agrees_with_pcre2),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
