/* test_jit_prefilter_plan: which offsets and compares the planner picks
 * from hand-made prefix byte sets: a rare capital alone, the two rarest
 * caseless letters folded, bytes differing in one bit paired (two masks
 * a plan at most), two compares merged where the candidates the bytes
 * that adds let through cost less than the compare saves, wide sets skipped, and no plan when nothing
 * fits; the second bytes of Cyrillic letters rated by their counts
 * after two-byte leads, the last bytes of CJK characters by their counts
 * alone; from a literal's substring search, both rare bytes, of two
 * different values where the literal has them; and a few literals'
 * lookups: the second bytes of Cyrillic letters rather than their lead
 * bytes, two lookups for CJK names, both cases of caseless letters, and
 * none where no offset's bytes fit a table or for nine literals. Plain
 * C, run on every
 * host. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "regex/arm64/jit_prefilter_plan.h"
#include "regex/memory.h"

static void add_byte(nfa_program *program, size_t offset, unsigned byte) {
  program->prefix_byte_sets[offset][byte >> 6] |= (uint64_t)1 << (byte & 63u);
  if (program->prefix_byte_set_count <= offset) {
    program->prefix_byte_set_count = (uint32_t)offset + 1;
  }
}

/* Sets for text: its bytes, and with caseless the other case of letters. */
static void program_for(nfa_program *program, const char *text, int caseless) {
  memset(program, 0, sizeof *program);
  for (size_t offset = 0; text[offset] != '\0'; offset++) {
    unsigned byte = (unsigned char)text[offset];
    add_byte(program, offset, byte);
    if (caseless) {
      add_byte(program, offset, byte ^ 0x20u);
    }
  }
}

static void assert_probe(const jit_prefilter_probe *probe, unsigned offset, unsigned value,
                         int folds) {
  assert_int_equal(probe->offset, offset);
  assert_int_equal(probe->count, 1);
  assert_int_equal(probe->values[0], value);
  assert_int_equal(probe->masks[0] != 0, folds);
}

/* The plan for text's sets, which must exist. */
static jit_prefilter_plan plan_for(const char *text, int caseless) {
  nfa_program program;
  program_for(&program, text, caseless);
  jit_prefilter_plan plan;
  assert_true(jit_prefilter_plan_make(&program, &plan));
  return plan;
}

static void a_rare_capital_is_probed_alone(void **state) {
  (void)state;
  jit_prefilter_plan plan = plan_for("Xavier", 0);
  assert_int_equal(plan.probe_count, 1);
  assert_probe(&plan.probes[0], 0, 'X', 0);
  assert_false(plan.staged);
}

static void caseless_letters_are_folded_and_paired(void **state) {
  (void)state;
  jit_prefilter_plan plan = plan_for("sherlock", 1);
  assert_int_equal(plan.probe_count, 2);
  assert_probe(&plan.probes[0], 7, 'k', 1);
  assert_probe(&plan.probes[1], 6, 'c', 1);
}

/* Two bytes that differ in one bit are one compare with that bit as its
 * mask: H and I (0x01), S and W (0x04); then H, I and A one compare
 * with 0x09, which adds only @ (1 in 100 000 bytes). */
static void a_wide_first_byte_set_is_paired_within_the_budget(void **state) {
  (void)state;
  /* Sherlock|Holmes|Watson|Irene|Adler, up to its shortest length. */
  nfa_program program;
  program_for(&program, "Sheel", 0);
  static const char *const others[] = {"Holme", "Watso", "Irene", "Adler"};
  for (size_t word = 0; word < sizeof others / sizeof others[0]; word++) {
    for (size_t offset = 0; offset < 5; offset++) {
      add_byte(&program, offset, (unsigned char)others[word][offset]);
    }
  }
  jit_prefilter_plan plan;
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probe_count, 2);
  assert_int_equal(plan.probes[0].offset, 0);
  assert_int_equal(plan.probes[0].count, 2);
  static const uint8_t values[] = {'I', 'W'};
  static const uint8_t masks[] = {0x09, 0x04};
  for (size_t i = 0; i < 2; i++) {
    assert_int_equal(plan.probes[0].values[i], values[i]);
    assert_int_equal(plan.probes[0].masks[i], masks[i]);
  }
  assert_int_equal(plan.probes[1].offset, 2);
  assert_int_equal(plan.probes[1].count, 3);
  assert_true(plan.staged);
}

/* A plan has at most JIT_PREFILTER_MAX_MASKS masks (a register each):
 * the first probe pairs H and I with 0x01 and A and C with 0x02 but
 * not Q and U with 0x04, and the second, j and n, are two compares
 * rather than a third mask. */
static void a_plan_has_at_most_two_masks(void **state) {
  (void)state;
  nfa_program program;
  memset(&program, 0, sizeof program);
  static const char first[] = "ACHIQU";
  for (size_t i = 0; first[i] != '\0'; i++) {
    add_byte(&program, 0, (unsigned char)first[i]);
  }
  add_byte(&program, 1, 'j');
  add_byte(&program, 1, 'n');
  jit_prefilter_plan plan;
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probe_count, 2);
  static const uint8_t values[] = {'C', 'I', 'Q', 'U'};
  static const uint8_t masks[] = {0x02, 0x01, 0, 0};
  assert_int_equal(plan.probes[0].offset, 0);
  assert_int_equal(plan.probes[0].count, 4);
  for (size_t i = 0; i < 4; i++) {
    assert_int_equal(plan.probes[0].values[i], values[i]);
    assert_int_equal(plan.probes[0].masks[i], masks[i]);
  }
  assert_int_equal(plan.probes[1].offset, 1);
  assert_int_equal(plan.probes[1].count, 2);
  assert_int_equal(plan.probes[1].masks[0] | plan.probes[1].masks[1], 0);
}

/* Compares merge only where the candidates the bytes they add let
 * through cost less than the instructions the merge saves: A and S (as
 * 0x53 with 0x12) would add C and Q, 206 in 100 000 bytes, for one
 * instruction a block; A and H, I (0x01) add @ (1) as I with 0x09 for
 * two. */
static void only_rare_bytes_merge_compares(void **state) {
  (void)state;
  nfa_program program;
  memset(&program, 0, sizeof program);
  add_byte(&program, 0, 'A');
  add_byte(&program, 0, 'S');
  jit_prefilter_plan plan;
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probe_count, 1);
  assert_int_equal(plan.probes[0].count, 2);
  assert_int_equal(plan.probes[0].masks[0] | plan.probes[0].masks[1], 0);
  add_byte(&program, 0, 'H');
  add_byte(&program, 0, 'I');
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probes[0].count, 2);
  assert_int_equal(plan.probes[0].values[0], 'I');
  assert_int_equal(plan.probes[0].masks[0], 0x09);
  assert_int_equal(plan.probes[0].values[1], 'S');
  assert_int_equal(plan.probes[0].masks[1], 0);
}

/* t (6600 in 100 000 bytes) passes nearly every 64-byte step: the second
 * probe would run on nearly all of them anyway. */
static void a_common_first_probe_is_not_staged(void **state) {
  (void)state;
  jit_prefilter_plan plan = plan_for("te", 0);
  assert_int_equal(plan.probe_count, 2);
  assert_probe(&plan.probes[0], 0, 't', 0);
  assert_false(plan.staged);
}

static void wide_or_common_sets_are_not_probed(void **state) {
  (void)state;
  nfa_program program;
  program_for(&program, "q", 0);
  for (unsigned byte = '0'; byte <= '9'; byte++) {
    add_byte(&program, 1, byte);
  }
  jit_prefilter_plan plan;
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probe_count, 1);
  assert_probe(&plan.probes[0], 0, 'q', 0);

  add_byte(&program, 0, 'Q');
  for (unsigned byte = 'a'; byte <= 'g'; byte++) {
    add_byte(&program, 0, byte);
  }
  assert_false(jit_prefilter_plan_make(&program, &plan));

  program_for(&program, "e", 0);
  assert_false(jit_prefilter_plan_make(&program, &plan));

  memset(&program, 0, sizeof program);
  assert_false(jit_prefilter_plan_make(&program, &plan));
}

/* Sets for words of the same byte length: each offset's bytes of all. */
static void program_for_words(nfa_program *program, const char *const *words, size_t count,
                              size_t length) {
  memset(program, 0, sizeof *program);
  for (size_t word = 0; word < count; word++) {
    for (size_t offset = 0; offset < length; offset++) {
      add_byte(program, offset, (unsigned char)words[word][offset]);
    }
  }
}

/* The second byte of a Cyrillic letter is rated by its count after
 * two-byte leads: ш and Ш's 0x88/0xa8 (485 in 100 000 bytes of Russian
 * subtitles; 2,410 for 0x88 alone, a common last byte of Chinese
 * characters) before л and Л's 0x9b/0xbb (1,757). */
static void cyrillic_second_bytes_are_rated_after_their_leads(void **state) {
  (void)state;
  static const char *const cases[] = {"шерл", "Шерл", "шЕРЛ", "ШЕРЛ"};
  nfa_program program;
  program_for_words(&program, cases, 4, 8);
  jit_prefilter_plan plan;
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probe_count, 2);
  assert_probe(&plan.probes[0], 1, 0xa8, 1);
  assert_probe(&plan.probes[1], 7, 0xbb, 1);
  assert_true(plan.staged);
}

/* The last byte of a CJK character keeps its count alone: after the
 * names' second bytes it would be rated rare enough for one probe,
 * which passed 2x the candidates of two in Chinese subtitles. */
static void cjk_last_bytes_keep_their_counts(void **state) {
  (void)state;
  static const char *const names[] = {"夏洛", "福尔", "华生", "雷斯", "莫里"};
  nfa_program program;
  program_for_words(&program, names, 5, 6);
  jit_prefilter_plan plan;
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probe_count, 2);
}

/* The bytes compare passes, as a 256-bit set. */
static void compare_bytes(const jit_prefilter_probe *probe, uint64_t bytes[4]) {
  memset(bytes, 0, 4 * sizeof bytes[0]);
  for (size_t i = 0; i < probe->count; i++) {
    for (unsigned byte = 0; byte < 256; byte++) {
      if ((byte | probe->masks[i]) == probe->values[i]) {
        bytes[byte / 64] |= UINT64_C(1) << (byte % 64);
      }
    }
  }
}

/* The second probe of five CJK names, run on every step (unstaged: its
 * first, their third bytes, passes in 80% of the 64-byte steps of
 * Chinese subtitles), takes four more continuation bytes to be two
 * compares instead of four; the first probe of five Russian names, their
 * capitals' second bytes, is left alone: every byte it adds runs a
 * step's second stage. */
static void a_second_probe_on_most_steps_merges_more(void **state) {
  (void)state;
  static const char *const names[] = {"夏洛克", "福尔摩斯", "华生", "雷斯垂德", "莫里亚蒂"};
  nfa_program program;
  program_for_words(&program, names, 5, 6);
  jit_prefilter_plan plan;
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probe_count, 2);
  assert_false(plan.staged);
  assert_int_equal(plan.probes[1].offset, 4);
  assert_int_equal(plan.probes[1].count, 2);
  uint64_t bytes[4];
  compare_bytes(&plan.probes[1], bytes);
  /* 0x87 and 0x90-0xb6 as 0xb6 with 0x26. */
  assert_int_equal(bytes[2], UINT64_C(1) << 7 | UINT64_C(0x55) << 16 | UINT64_C(0x55) << 48);

  static const char *const russian[] = {"Шерлок", "Холмс", "Ватсон", "Лестрейд", "Мориарти"};
  program_for_words(&program, russian, 5, 10);
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_true(plan.staged);
  assert_int_equal(plan.probes[0].offset, 1);
  assert_int_equal(plan.probes[0].count, 5);
}

/* A first probe of continuation bytes is staged only while it is
 * expected to pass fewer than two thirds of the 64-byte steps: the
 * rarest third byte of one CJK name (0xab at +2 of 莫, 386 in 100 000
 * bytes by the table: 22%) and the Russian names' capitals' second
 * bytes (646: 34%; 25% of the steps of Russian subtitles) are, the five
 * CJK names' third bytes (2,690: 83%; 80% of the steps of Chinese
 * subtitles) are not. */
static void continuation_byte_probes_are_staged_by_their_pass_rate(void **state) {
  (void)state;
  static const char *const rare[] = {"莫里"};
  static const char *const names[] = {"夏洛克", "福尔摩斯", "华生", "雷斯垂德", "莫里亚蒂"};
  static const char *const russian[] = {"Шерлок", "Холмс", "Ватсон", "Лестрейд", "Мориарти"};
  nfa_program program;
  jit_prefilter_plan plan;
  program_for_words(&program, rare, 1, 6);
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probe_count, 2);
  assert_probe(&plan.probes[0], 2, 0xab, 0);
  assert_true(plan.staged);
  program_for_words(&program, names, 5, 6);
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probes[0].offset, 2);
  assert_false(plan.staged);
  program_for_words(&program, russian, 5, 10);
  assert_true(jit_prefilter_plan_make(&program, &plan));
  assert_int_equal(plan.probes[0].offset, 1);
  assert_true(plan.staged);
}

/* The plan for a literal, every byte folded by fold (0 or LITERAL_FOLD),
 * which must exist. */
static jit_prefilter_plan folded_literal_plan(const char *text, unsigned char fold) {
  static unsigned char bytes[64];
  static unsigned char folds[64];
  size_t length = strlen(text);
  memset(bytes, 0, sizeof bytes);
  memset(folds, fold, sizeof folds);
  memcpy(bytes, text, length);
  substring_searcher searcher;
  substring_searcher_init(&searcher, bytes, folds, length);
  jit_prefilter_plan plan;
  assert_true(jit_prefilter_plan_for_literal(&searcher, &plan));
  return plan;
}

static jit_prefilter_plan literal_plan(const char *text) {
  return folded_literal_plan(text, 0);
}

/* The literal's plan probes first at first_offset, then at second_offset. */
static void expect_pair(const char *text, unsigned first_offset, unsigned second_offset) {
  jit_prefilter_plan plan = literal_plan(text);
  assert_int_equal(plan.probe_count, 2);
  assert_probe(&plan.probes[0], first_offset, (unsigned char)text[first_offset], 0);
  assert_probe(&plan.probes[1], second_offset, (unsigned char)text[second_offset], 0);
}

/* A literal's second probe is staged behind a first whose bytes are rare
 * alone (LITERAL_STAGED_FREQUENCY): Sherlock Holmes's H, Шерлок
 * Холмс's Ш; not the folded k of sherlock holmes, to reason ten times's
 * m, the Chinese name's continuation bytes (rare after their leads,
 * common alone), nor a literal of one byte. */
static void a_literal_with_a_rare_byte_is_staged(void **state) {
  (void)state;
  jit_prefilter_plan plan = literal_plan("Sherlock Holmes");
  assert_true(plan.staged);
  assert_probe(&plan.probes[0], 9, 'H', 0);
  plan = literal_plan("Шерлок Холмс");
  assert_true(plan.staged);
  assert_probe(&plan.probes[0], 1, 0xa8, 0);
  plan = folded_literal_plan("sherlock holmes", LITERAL_FOLD);
  assert_probe(&plan.probes[0], 7, 'k', 1);
  assert_false(plan.staged);
  plan = literal_plan("to reason ten times");
  assert_probe(&plan.probes[0], 16, 'm', 0);
  assert_false(plan.staged);
  assert_false(literal_plan("夏洛克·福尔摩斯").staged);
  assert_false(literal_plan("q").staged);
}

static void a_literal_is_probed_at_two_different_bytes(void **state) {
  (void)state;
  /* `_` and X are rare in prose; `_` is one byte in twenty of C source,
   * so it is never probed alone. */
  expect_pair("EXIT_FAILURE", 4, 1);
  /* Its `_` and x, not its two `_`, which C identifiers pass together. */
  expect_pair("pthread_mutex_lock", 7, 12);
  /* The same byte twice when the literal has no other. */
  expect_pair("__", 0, 1);
  jit_prefilter_plan plan = literal_plan("q");
  assert_int_equal(plan.probe_count, 1);
  assert_probe(&plan.probes[0], 0, 'q', 0);
}

/* The lookups planned for the words, folded (all letters caseless) or
 * not; planned says whether there are any. */
static jit_prefilter_plan set_plan(const char *const *words, size_t count, int folded,
                                   bool planned) {
  literal_set set;
  literal_set_init(&set, memory_default_allocator());
  unsigned char folds[64];
  memset(folds, folded ? LITERAL_FOLD : 0, sizeof folds);
  for (size_t i = 0; i < count; i++) {
    assert_int_equal(literal_set_add(&set, (const unsigned char *)words[i], folds,
                                     (uint32_t)strlen(words[i])),
                     0);
  }
  jit_prefilter_plan plan;
  assert_int_equal(jit_prefilter_plan_for_set(&set, &plan), planned);
  literal_set_release(&set);
  assert_int_equal(plan.probe_count, 0);
  return plan;
}

/* The buckets lookup k of plan gives byte. */
static unsigned entry(const jit_prefilter_plan *plan, size_t k, unsigned byte) {
  const jit_prefilter_lookup *lookup = &plan->lookups[k];
  return byte - lookup->base < lookup->size ? lookup->buckets[byte - lookup->base] : 0;
}

/* Every word passes the plan's lookups, sharing a bucket at all. */
static void assert_words_pass(const jit_prefilter_plan *plan, const char *const *words,
                              size_t count) {
  for (size_t i = 0; i < count; i++) {
    unsigned buckets = 0xff;
    for (size_t k = 0; k < plan->lookup_count; k++) {
      buckets &= entry(plan, k, (unsigned char)words[i][plan->lookups[k].offset]);
    }
    assert_int_not_equal(buckets, 0);
  }
}

static void cyrillic_names_are_looked_up_by_their_second_bytes(void **state) {
  (void)state;
  static const char *const names[] = {"Шерлок", "Холмс", "Ватсон", "Лестрейд", "Мориарти"};
  jit_prefilter_plan plan = set_plan(names, 5, 0, true);
  assert_int_equal(plan.lookup_count, 2);
  for (size_t k = 0; k < 2; k++) {
    assert_int_equal(plan.lookups[k].offset % 2, 1); /* never a lead byte 0xd0 or 0xd1 */
    assert_int_equal(entry(&plan, k, 0xd0), 0);
  }
  assert_words_pass(&plan, names, 5);
  /* The capitals' second bytes, each in a bucket of its own but for two. */
  unsigned seen = 0;
  for (size_t i = 0; i < 5; i++) {
    seen |= entry(&plan, 0, (unsigned char)names[i][plan.lookups[0].offset]);
  }
  assert_int_equal(seen, 0xff);
}

static void cjk_names_get_two_lookups(void **state) {
  (void)state;
  static const char *const names[] = {"夏洛克", "福尔摩斯", "华生", "雷斯垂德", "莫里亚蒂"};
  jit_prefilter_plan plan = set_plan(names, 5, 0, true);
  assert_int_equal(plan.lookup_count, 2);
  assert_true(plan.lookups[0].offset < plan.lookups[1].offset);
  assert_true(plan.lookups[1].offset < 6); /* 华生 is six bytes */
  assert_words_pass(&plan, names, 5);
}

static void caseless_words_allow_both_cases(void **state) {
  (void)state;
  static const char *const words[] = {"sherlock", "watson"};
  static const char *const upper[] = {"SHERLOCK", "WATSON"};
  jit_prefilter_plan plan = set_plan(words, 2, 1, true);
  assert_int_equal(plan.lookup_count, 2);
  assert_int_equal(plan.lookups[0].size, 64);
  assert_words_pass(&plan, words, 2);
  assert_words_pass(&plan, upper, 2);
}

static void wide_bytes_or_many_literals_get_no_lookup(void **state) {
  (void)state;
  static const char *const words[] = {"a\x01", "\xff\x80", "z"};
  set_plan(words, 3, 0, false);
  static const char *const nine[] = {"ab", "cd", "ef", "gh", "ij", "kl", "mn", "op", "qr"};
  set_plan(nine, 9, 0, false);
  set_plan(nine, 8, 0, true);
  static const char *const shortest[] = {"\x01x", "\xffy"};
  jit_prefilter_plan plan = set_plan(shortest, 2, 0, true);
  assert_int_equal(plan.lookup_count, 1);
  assert_int_equal(plan.lookups[0].offset, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_rare_capital_is_probed_alone),
      cmocka_unit_test(caseless_letters_are_folded_and_paired),
      cmocka_unit_test(a_wide_first_byte_set_is_paired_within_the_budget),
      cmocka_unit_test(a_plan_has_at_most_two_masks),
      cmocka_unit_test(only_rare_bytes_merge_compares),
      cmocka_unit_test(a_second_probe_on_most_steps_merges_more),
      cmocka_unit_test(a_common_first_probe_is_not_staged),
      cmocka_unit_test(continuation_byte_probes_are_staged_by_their_pass_rate),
      cmocka_unit_test(wide_or_common_sets_are_not_probed),
      cmocka_unit_test(cyrillic_second_bytes_are_rated_after_their_leads),
      cmocka_unit_test(cjk_last_bytes_keep_their_counts),
      cmocka_unit_test(a_literal_is_probed_at_two_different_bytes),
      cmocka_unit_test(a_literal_with_a_rare_byte_is_staged),
      cmocka_unit_test(cyrillic_names_are_looked_up_by_their_second_bytes),
      cmocka_unit_test(cjk_names_get_two_lookups),
      cmocka_unit_test(caseless_words_allow_both_cases),
      cmocka_unit_test(wide_bytes_or_many_literals_get_no_lookup),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
