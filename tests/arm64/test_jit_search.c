/* test_jit_search: the native loops and prefilters answer exactly as
 * dfa_search does, for every option and start offset, under cache
 * budgets that empty and give up, and at the end of a mapped page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "jit_fixture.h"
#include "regex/arm64/jit_prefilter_plan.h"
#include "jrx.h"
#include "test_random.h"

typedef struct pattern_case {
  const char *pattern;
  uint32_t options;
} pattern_case;

static const pattern_case patterns[] = {
    {"a", 0},
    {"abc", 0},
    {"Sherlock", 0},
    {"Sherlock|Watson|Holmes|Irene", 0},
    {"[a-z]+ing", 0},
    {"\\w+@\\w+\\.com", 0},
    {"sherlock", JRX_CASELESS},
    {"ab|cd|ef", 0},
    {"a*", 0},
    {"", 0},
    {"^", 0},
    {"$", 0},
    {"\\b", 0},
    {"\\B", 0},
    {"^ab$", 0},
    {"^b", JRX_MULTILINE},
    {"a$", JRX_MULTILINE},
    {"a$", 0},
    {"a\\Z", 0},
    {"a\\z", 0},
    {"\\Aab", 0},
    {"x*$", 0},
    {"\\n$", 0},
    {"\\bab\\b", 0},
    {"(a|ab)(c|bcd)", 0},
    {"a.*b", 0},
    {"a.*b", JRX_DOTALL},
    {"[^a]+", 0},
    {"\\Ga", 0},
    {"a|\\Gb", 0},
    {"ab", JRX_ANCHORED},
    {"\xc3\xa9+", JRX_UTF},
    {"\xc3\xa9", JRX_UTF | JRX_CASELESS},
    {".b", JRX_UTF},
    {"\\b\\w+$", JRX_UTF},
    {"(?:a|b)*?c", 0},
    {"a+?", JRX_UNGREEDY},
    /* Sequences of byte sets (nfa_program.sequence_length): checked at
     * each prefilter hit with no DFA, shorter and longer than eight. */
    {"a[bc]{2}d", 0},
    {"\\d\\d/\\d", 0},
    {"[ab]c[a-d]{3}[^x]{5}", 0},
    {"(?i)s[hc]{2}e[rl]{10}", 0},
};
#define PATTERN_COUNT (sizeof patterns / sizeof patterns[0])

static const uint32_t match_options[] = {
    0,
    JRX_ANCHORED,
    JRX_NOTBOL,
    JRX_NOTEOL,
    JRX_NOTBOL | JRX_NOTEOL,
    JRX_NOTEMPTY,
    JRX_NOTEMPTY_ATSTART,
    JRX_NOTEMPTY_ATSTART | JRX_ANCHORED,
};
#define MATCH_OPTION_COUNT (sizeof match_options / sizeof match_options[0])

/* Pieces random subjects are made of: the patterns' letters, newlines,
 * spaces, a two-byte UTF-8 character and a stray byte. */
static const char *const pieces[] = {"a", "b",   "c",        "d",   "S",        "W",        "H",
                                     "I", "h",   "e",        "r",   "l",        "o",        "k",
                                     "n", "i",   "g",        "x",   " ",        "\n",       "@",
                                     ".", "com", "Sherlock", "ing", "\xc3\xa9", "\xc3\x89", "\xff",
                                     "1", "/",   "12/3"};
#define PIECE_COUNT (sizeof pieces / sizeof pieces[0])

static size_t random_subject(uint64_t *random, unsigned char *subject, size_t capacity,
                             size_t pieces_wanted) {
  size_t length = 0;
  for (size_t i = 0; i < pieces_wanted; i++) {
    const char *piece = pieces[test_random_next(random) % PIECE_COUNT];
    size_t size = strlen(piece);
    if (length + size > capacity) {
      break;
    }
    memcpy(subject + length, piece, size);
    length += size;
  }
  return length;
}

static void native_agrees_with_portable(void **state) {
  (void)state;
  uint64_t random = 0x9e3779b97f4a7c15u;
  unsigned char subject[64];
  for (size_t p = 0; p < PATTERN_COUNT; p++) {
    jit_fixture fixture;
    jit_fixture_create(&fixture, patterns[p].pattern, patterns[p].options, NULL);
    for (int round = 0; round < 40; round++) {
      size_t length = random_subject(&random, subject, sizeof subject,
                                     (size_t)(test_random_next(&random) % 14));
      for (size_t offset = 0; offset <= length; offset++) {
        for (size_t o = 0; o < MATCH_OPTION_COUNT; o++) {
          jit_fixture_check(&fixture, patterns[p].pattern, subject, length, offset,
                            match_options[o], 0);
        }
      }
    }
    jit_fixture_release(&fixture);
  }
}

/* Longer subjects, where the unrolled loop runs and, with a prefilter,
 * the scan leaves the start state for candidates and comes back to it. */
static void long_subjects_agree(void **state) {
  (void)state;
  uint64_t random = 0x452821e638d01377u;
  unsigned char subject[600];
  for (size_t p = 0; p < PATTERN_COUNT; p++) {
    jit_fixture fixture;
    jit_fixture_create(&fixture, patterns[p].pattern, patterns[p].options, NULL);
    for (int round = 0; round < 12; round++) {
      size_t length = random_subject(&random, subject, sizeof subject,
                                     (size_t)(test_random_next(&random) % 300));
      for (size_t offset = 0; offset <= length; offset += 1 + offset / 4) {
        jit_fixture_check(&fixture, patterns[p].pattern, subject, length, offset, 0, 0);
        jit_fixture_check(&fixture, patterns[p].pattern, subject, length, offset,
                          JRX_NOTEMPTY_ATSTART, 0);
      }
    }
    jit_fixture_release(&fixture);
  }
}

/* Text dense in the prefilter's bytes (DNA and a pattern of its
 * letters): the native loop gives up skipping after DFA_SKIP_PROBATION
 * candidates that move it too little, and must still answer exactly. */
static void dense_candidates_agree(void **state) {
  (void)state;
  static const char *const dna_patterns[] = {"agggtaaa|tttaccct", "(?i)agggtaaa|tttaccct",
                                             "gattaca", "a[acgt]{20}c"};
  static const char bases[] = "acgt";
  uint64_t random = 0x13198a2e03707344u;
  unsigned char subject[6000];
  for (size_t p = 0; p < sizeof dna_patterns / sizeof dna_patterns[0]; p++) {
    jit_fixture fixture;
    jit_fixture_create(&fixture, dna_patterns[p], 0, NULL);
    for (size_t i = 0; i < sizeof subject; i++) {
      subject[i] = (unsigned char)bases[test_random_next(&random) % 4];
    }
    memcpy(subject + sizeof subject - 8, "tttaccct", 8);
    memcpy(subject + sizeof subject / 2, "gattaca", 7);
    for (size_t offset = 0; offset < sizeof subject; offset += 251) {
      jit_fixture_check(&fixture, dna_patterns[p], subject, sizeof subject, offset, 0, 0);
    }
    jit_fixture_release(&fixture);
  }
}

/* Budgets so small that searches empty the cache, often more than once,
 * and give up; the native loop must reload the table each time and stop
 * exactly where the portable one does. */
static void tiny_budgets_agree(void **state) {
  (void)state;
  static const char *const hard[] = {"(a|b)*a(a|b){5}", "[a-c]*c[a-c]{4}d", "\\w+@\\w+\\.com",
                                     "(?:ab|ba|aab)+$"};
  static const size_t budgets[] = {600, 1500, 4000};
  uint64_t random = 0x243f6a8885a308d3u;
  unsigned char subject[400];
  int gave_up = 0;
  for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
    dfa_limits limits;
    dfa_default_limits(&limits);
    limits.memory_budget = budgets[b];
    for (size_t h = 0; h < sizeof hard / sizeof hard[0]; h++) {
      jit_fixture fixture;
      jit_fixture_create(&fixture, hard[h], 0, &limits);
      for (int round = 0; round < 30; round++) {
        size_t length = 0;
        unsigned alphabet = 2 + (unsigned)(round % 4);
        while (length < sizeof subject) {
          subject[length++] = (unsigned char)('a' + test_random_next(&random) % alphabet);
        }
        length -= (size_t)(test_random_next(&random) % 100);
        jit_fixture_check(&fixture, hard[h], subject, length, 0, 0, 1);
        gave_up |= jit_fixture_native(&fixture, subject, length, 0, 0).result == DFA_GAVE_UP;
      }
      jit_fixture_release(&fixture);
    }
  }
  assert_true(gave_up);
}

/* The subject's last byte is the last of a mapped page and the next page
 * is unmapped, for subjects of every short length, with and without a
 * prefilter and a final newline. */
static void subjects_ending_at_an_unmapped_page(void **state) {
  (void)state;
  static const pattern_case page_patterns[] = {{"Sherlock", 0},
                                               {"Sherlock|Watson|Holmes|Irene", 0},
                                               {"[a-z]+ing", 0},
                                               {"a$", 0},
                                               {"k\\Z", 0},
                                               {"\\bk", 0},
                                               {"sherlock", JRX_CASELESS}};
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  unsigned char *pages =
      mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(pages != MAP_FAILED);
  assert_int_equal(munmap(pages + page, page), 0);
  unsigned char *page_end = pages + page;
  uint64_t random = 0xb7e151628aed2a6bu;
  for (size_t p = 0; p < sizeof page_patterns / sizeof page_patterns[0]; p++) {
    jit_fixture fixture;
    jit_fixture_create(&fixture, page_patterns[p].pattern, page_patterns[p].options, NULL);
    for (size_t length = 0; length <= 70; length++) {
      unsigned char *subject = page_end - length;
      for (int round = 0; round < 6; round++) {
        random_subject(&random, pages, page, page);
        if (round == 1 && length > 0) {
          subject[length - 1] = '\n';
        }
        if (round == 2 && length >= 8) {
          memcpy(subject + length - 8, "Sherlock", 8);
        }
        if (round == 3) {
          memset(subject, 'z', length);
        }
        for (size_t offset = 0; offset <= length; offset += 1 + length / 8) {
          jit_fixture_check(&fixture, page_patterns[p].pattern, subject, length, offset, 0, 0);
        }
      }
    }
    /* The whole page: prefilter and loops run across many blocks. */
    random_subject(&random, pages, page, page);
    jit_fixture_check(&fixture, page_patterns[p].pattern, pages, page, 0, 0, 0);
    jit_fixture_release(&fixture);
  }
  assert_int_equal(munmap(pages, page), 0);
}

/* Random words from words, one after another, until the subject reaches
 * limit (the subject has room past limit for the longest word): the
 * subject's length. */
static size_t words_subject(uint64_t *random, const char *const *words, size_t word_count,
                            unsigned char *subject, size_t limit) {
  size_t length = 0;
  while (length < limit) {
    const char *word = words[test_random_next(random) % word_count];
    memcpy(subject + length, word, strlen(word));
    length += strlen(word);
  }
  return length;
}

/* Matches a few bytes apart, so that nearly every transition is tagged:
 * the loops record matches and carry on after the step that saw them, and
 * end on dead transitions by themselves. Searching on from each match's
 * end as an iterator does, both must find the same matches and read the
 * same bytes (none of these patterns has a prefilter to skip with). */
static void dense_matches_agree_byte_for_byte(void **state) {
  (void)state;
  static const pattern_case dense[] = {
      {"\\w+", 0},      {"\\w+", JRX_UTF},     {"[a-z]+ing", 0},        {"\\d+|[a-z]+", 0},
      {"(?:ab|b)+", 0}, {"[^ \\n]+", JRX_UTF}, {"\\w+$", JRX_MULTILINE}};
  static const char *const words[] = {"ab", "b",  "sherlock", "ing",      "12",
                                      " ",  "  ", "\n",       "\xc3\xa9", "x"};
  uint64_t random = 0xa4093822299f31d0u;
  unsigned char subject[700];
  for (size_t p = 0; p < sizeof dense / sizeof dense[0]; p++) {
    jit_fixture fixture;
    jit_fixture_create(&fixture, dense[p].pattern, dense[p].options, NULL);
    for (int round = 0; round < 8; round++) {
      size_t length = words_subject(&random, words, sizeof words / sizeof words[0], subject,
                                    sizeof subject - 8);
      size_t matches = 0;
      for (size_t offset = 0; offset <= length;) {
        dfa_stats native_stats = {0};
        dfa_stats portable_stats = {0};
        size_t native_bounds[2] = {0, 0};
        size_t portable_bounds[2] = {0, 0};
        int native = jit_search(fixture.code, fixture.native_cache, subject, length, offset, 0,
                                &native_bounds[0], &native_bounds[1], &native_stats);
        int portable =
            dfa_search(fixture.automaton, fixture.portable_cache, subject, length, offset, 0,
                       &portable_bounds[0], &portable_bounds[1], &portable_stats);
        assert_int_equal(native, portable);
        assert_int_equal(native_stats.bytes_scanned, portable_stats.bytes_scanned);
        if (native != 1) {
          break;
        }
        assert_memory_equal(native_bounds, portable_bounds, sizeof native_bounds);
        matches++;
        offset = native_bounds[1] > offset ? native_bounds[1] : offset + 1;
      }
      assert_true(matches > 0);
    }
    jit_fixture_release(&fixture);
  }
}

/* Accelerated states (dfa_accelerate.c): the loops jump over runs of
 * staying bytes with NEON, forwards and backwards, with matches recorded
 * at the end of each jump, and must end where the portable scans end,
 * reading the same bytes. Runs of every length around the 16-byte block,
 * every start offset, and the option sets. */
static void accelerated_states_agree(void **state) {
  (void)state;
  static const pattern_case accelerated[] = {
      {".*", 0},          {".*", JRX_UTF},    {"(?s).*", 0},      {"(?s)a.*", 0},
      {"^.*$", JRX_MULTILINE}, {"a.*b", 0},   {"[^\"]*\"", 0},   {"x[^\r\n]*y|q", 0},
      {".*[^A-Z]|[A-Z]", 0}, {"[A-Z]+!|[A-Z]", 0}, {".+\\Z", 0}, {"[^a]+a", JRX_CASELESS},
      {"[x-z]+!", 0}, {"[w-z]y*q\\b", 0}};
  static const char *const runs[] = {"A", "z", "\"", "\n", "!", "x", "y", "a", "b", "q", "\r"};
  uint64_t random = 0x082efa98ec4e6c89u;
  unsigned char subject[200];
  for (size_t p = 0; p < sizeof accelerated / sizeof accelerated[0]; p++) {
    jit_fixture fixture;
    jit_fixture_create(&fixture, accelerated[p].pattern, accelerated[p].options, NULL);
    for (int round = 0; round < 10; round++) {
      size_t length = 0;
      while (length < sizeof subject) {
        const char *run = runs[test_random_next(&random) % (sizeof runs / sizeof runs[0])];
        size_t count = 1 + (size_t)(test_random_next(&random) % 40);
        for (size_t i = 0; i < count && length < sizeof subject; i++) {
          subject[length++] = (unsigned char)run[0];
        }
      }
      length -= (size_t)(test_random_next(&random) % 60);
      for (size_t offset = 0; offset <= length; offset++) {
        for (size_t o = 0; o < MATCH_OPTION_COUNT; o += 3) {
          jit_fixture_check(&fixture, accelerated[p].pattern, subject, length, offset,
                            match_options[o], 0);
        }
      }
      /* Without a prefilter both read the same bytes (a prefilter's skips
       * count as read only natively). */
      jit_prefilter_plan plan;
      if (jit_prefilter_plan_make(&fixture.program, &plan)) {
        continue;
      }
      dfa_stats native_stats = {0};
      dfa_stats portable_stats = {0};
      size_t bounds[2];
      jit_search(fixture.code, fixture.native_cache, subject, length, 0, 0, &bounds[0],
                 &bounds[1], &native_stats);
      dfa_search(fixture.automaton, fixture.portable_cache, subject, length, 0, 0, &bounds[0],
                 &bounds[1], &portable_stats);
      if (native_stats.bytes_scanned != portable_stats.bytes_scanned) {
        printf("/%s/ over \"", accelerated[p].pattern);
        for (size_t i = 0; i < length; i++) {
          printf(subject[i] >= 0x20 && subject[i] < 0x7f ? "%c" : "\\x%02x", subject[i]);
        }
        printf("\": native read %llu bytes, portable %llu\n",
               (unsigned long long)native_stats.bytes_scanned,
               (unsigned long long)portable_stats.bytes_scanned);
        fail();
      }
    }
    jit_fixture_release(&fixture);
  }
}

/* UTF mode: a match may only start on a character's first byte, so the
 * backward loop checks the byte after each match it records, in steps
 * and at the end of a jump over an accelerated state; runs of multibyte
 * characters put every kind of byte at the places it checks. Subjects are
 * valid UTF-8, as the match calls check. */
static void utf_backward_matches_agree(void **state) {
  (void)state;
  static const pattern_case utf[] = {{"a.*b", JRX_UTF},
                                     {"[^\"]*\"", JRX_UTF},
                                     {".*\xc3\xa9", JRX_UTF},
                                     {"x[^\r\n]*y|q", JRX_UTF},
                                     {"(?s).*[^A-Z]|[A-Z]", JRX_UTF},
                                     {"\\w.*\\s", JRX_UTF},
                                     {"(?:\xd0\xb6|b).*a", JRX_UTF | JRX_CASELESS}};
  static const char *const runs[] = {"A",        "a",        "b",  "x",  "y",
                                     "q",        "\"",       "\n", " ",  "\xc3\xa9",
                                     "\xd0\xb6", "\xe4\xb8\xad", "\xf0\x9f\x98\x80"};
  uint64_t random = 0x3f84d5b5b5470917u;
  unsigned char subject[240];
  for (size_t p = 0; p < sizeof utf / sizeof utf[0]; p++) {
    jit_fixture fixture;
    jit_fixture_create(&fixture, utf[p].pattern, utf[p].options, NULL);
    for (int round = 0; round < 10; round++) {
      size_t length = 0;
      for (;;) {
        const char *run = runs[test_random_next(&random) % (sizeof runs / sizeof runs[0])];
        size_t size = strlen(run);
        size_t count = 1 + (size_t)(test_random_next(&random) % 30);
        if (length + size > 200) {
          break;
        }
        for (size_t i = 0; i < count && length + size <= 200; i++) {
          memcpy(subject + length, run, size);
          length += size;
        }
      }
      for (size_t offset = 0; offset <= length; offset++) {
        if (offset < length && (subject[offset] & 0xc0u) == 0x80u) {
          continue; /* a start offset inside a character is an error */
        }
        for (size_t o = 0; o < MATCH_OPTION_COUNT; o += 3) {
          jit_fixture_check(&fixture, utf[p].pattern, subject, length, offset, match_options[o],
                            0);
        }
      }
    }
    jit_fixture_release(&fixture);
  }
}

/* The steps of an unrolled round load their transitions into four
 * registers in turn (jit_dfa_loop.c): a match, a transition not computed
 * yet and the death at each step of a round, forwards and backwards and
 * in the loop that records the first match (jit_search_dense's), resume
 * or stop with the state the step left. Start offsets 0-7 put each kind
 * of exit at every step. */
static void tagged_exits_agree_at_every_step(void **state) {
  (void)state;
  static const pattern_case exits[] = {
      {"\\w{5}\\s+\\w{5}", 0}, {"[A-Za-z]{8,13}", 0}, {"\\w+", 0}, {"a\\w*b|c", 0}};
  static const char *const words[] = {"a",        "ab",      "abc", "abcd", "abcde", "Sherlock",
                                      "Holmes.",  " ",       "  ",  "\n",   "c",     "xbx",
                                      "Baskerville"};
  uint64_t random = 0x5be0cd19137e2179u;
  unsigned char subject[320];
  for (size_t p = 0; p < sizeof exits / sizeof exits[0]; p++) {
    jit_fixture fixture;
    jit_fixture_create(&fixture, exits[p].pattern, exits[p].options, NULL);
    for (int round = 0; round < 6; round++) {
      size_t length = words_subject(&random, words, sizeof words / sizeof words[0], subject,
                                    sizeof subject - 12);
      for (size_t offset = 0; offset < 8; offset++) {
        jit_fixture_check(&fixture, exits[p].pattern, subject, length, offset, 0, 0);
        size_t bounds[8];
        int count = jit_search_dense(fixture.code, fixture.native_cache, subject, length, offset,
                                     0, bounds, 4);
        size_t from = offset;
        for (int i = 0; i < (count > 0 ? count : 1); i++) {
          size_t start = 0;
          size_t end = 0;
          int portable = dfa_search(fixture.automaton, fixture.portable_cache, subject, length,
                                    from, 0, &start, &end, NULL);
          if (count <= 0) {
            assert_int_equal(count, portable);
            break;
          }
          assert_int_equal(portable, 1);
          assert_int_equal(bounds[2 * i], start);
          assert_int_equal(bounds[2 * i + 1], end);
          from = end;
        }
      }
    }
    jit_fixture_release(&fixture);
  }
}

/* Rare matches among long runs of text (IPv4 addresses, five-letter
 * word pairs, long words): the loops run whole rounds, their bounds
 * checked by a shift and cbz (jit_dfa_loop.c: emit_rounds_left), to the
 * last one and single steps take the rest, whatever the remainder
 * (start offsets 0-3); each subject first on a cold cache (transitions
 * handed to C at every step) and then warm, the match and the bytes
 * read as the portable scans'. */
static void rounds_end_at_every_remainder(void **state) {
  (void)state;
  static const pattern_case rare[] = {
      {"(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)",
       0},
      {"\\w{5}\\s+\\w{5}", 0},
      {"[A-Za-z]{8,13}", 0},
      {"\\w{5}\\s+\\w{5}", JRX_UTF}};
  static const char *const words[] = {"Sherlock", "Holmes", ", ", "a", "of", "the", " ", "\n",
                                      "192.168.1.25", "7.", "abcde fghij", "Baskerville"};
  uint64_t random = 0x3c6ef372fe94f82bu;
  unsigned char subject[400];
  for (size_t p = 0; p < sizeof rare / sizeof rare[0]; p++) {
    for (int round = 0; round < 12; round++) {
      size_t length = words_subject(&random, words, sizeof words / sizeof words[0], subject,
                                    sizeof subject - 16);
      jit_fixture fixture;
      jit_fixture_create(&fixture, rare[p].pattern, rare[p].options, NULL);
      for (int warm = 0; warm < 2; warm++) {
        for (size_t offset = 0; offset < 4; offset++) {
          jit_fixture_check(&fixture, rare[p].pattern, subject, length, offset, 0, 0);
        }
      }
      jit_fixture_release(&fixture);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(native_agrees_with_portable),
      cmocka_unit_test(long_subjects_agree),
      cmocka_unit_test(dense_candidates_agree),
      cmocka_unit_test(tiny_budgets_agree),
      cmocka_unit_test(subjects_ending_at_an_unmapped_page),
      cmocka_unit_test(dense_matches_agree_byte_for_byte),
      cmocka_unit_test(accelerated_states_agree),
      cmocka_unit_test(utf_backward_matches_agree),
      cmocka_unit_test(tagged_exits_agree_at_every_step),
      cmocka_unit_test(rounds_end_at_every_remainder),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
