/* test_iterate: jrx_iterator against PCRE2's global iteration (the
 * empty-match rules, UTF steps, start offsets and match options) and the
 * iterator's own contract: argument errors, the end of an iteration, a
 * short ovector, and subjects that are not NUL-terminated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_expectation.h"
#include "jrx.h"
#include "oracle_case.h"
#include "oracle_jrx.h"
#include "oracle_outcome.h"
#include "oracle_pcre2.h"

/* Compares the iteration of a case (written in cases.txt syntax) with
 * PCRE2's, returning 1 on a difference after printing it. */
static int iteration_differs(const char *line) {
  oracle_case item;
  oracle_text error;
  oracle_text_init(&error);
  if (oracle_case_parse(line, 0, &item, &error) != 0) {
    printf("bad case %s: %s\n", line, oracle_text_string(&error));
    oracle_text_release(&error);
    return 1;
  }
  oracle_outcome pcre2, mine;
  oracle_outcome_init(&pcre2);
  oracle_outcome_init(&mine);
  int differs = oracle_run_pcre2(&item, 0, &pcre2) != 0 || oracle_run_jrx(&item, 0, &mine) != 0 ||
                !pcre2.compiled || !mine.compiled ||
                strcmp(oracle_text_string(&pcre2.all), oracle_text_string(&mine.all)) != 0 ||
                !mine.engine_as_expected;
  if (differs) {
    printf("%s\n  PCRE2: %s%s\n  jrx:   %s%s\n", line, oracle_text_string(&pcre2.all),
           oracle_text_string(&pcre2.compile_error), oracle_text_string(&mine.all),
           oracle_text_string(&mine.compile_error));
    if (!mine.engine_as_expected) {
      printf("  " ENGINE_EXPECTATION_FAILURE "\n", mine.engine,
             engine_expectation_expected(item.compile_options));
    }
  }
  oracle_outcome_release(&pcre2);
  oracle_outcome_release(&mine);
  oracle_case_release(&item);
  oracle_text_release(&error);
  return differs;
}

static void test_empty_match_rules_follow_pcre2(void **state) {
  (void)state;
  static const char *const cases[] = {
      "\"a*\" - \"baaab\"",
      "\"a*\" - \"\"",
      "\"a*?\" - \"aab\"",
      "\"\\b\" - \"ab cd  e\"",
      "\"\\B\" - \"ab cd\"",
      "\"x*|b\" u \"%c3%a9b%e4%b8%adb%f0%9f%98%80\"",
      "\"x*|b\" - \"%c3%a9b%e4%b8%adb\"",
      "\"x*\" u \"%c3%a9%e4%b8%ad%f0%9f%98%80\"",
      "\"\" u \"a%c3%a9\"",
      "\"\" - \"%0d%0a\"",
      "\"(?:)|%c3%a9\" u \"%c3%a9%c3%a9\"",
      "\"a|\" - \"aab\"",
      "\"|a\" - \"aab\"",
      "\"(a)|()\" - \"aba\"",
      "\"^\" m \"a%0a%0ab\"",
      "\"$\" m \"a%0a%0ab%0a\"",
      "\"^|$\" - \"ab%0a\"",
      "\"\\w*\" - \"ab  c\"",
      "\"[^,]*\" - \"a,,b,\"",
      "\"(a*)*\" - \"aabaa\"",
      "\"(a|)*\" - \"abab\"",
      "\"a*\" - \"baaab\" offset=2",
      "\"a*\" - \"baaab\" offset=5",
      "\"\\Ga\" - \"aaba\"",
      "\"\\G(a|)\" - \"aab\"",
      "\"a\" - \"aaba\" anchored",
      "\"a*\" - \"aaba\" anchored",
      "\"a*\" - \"baaab\" notempty",
      "\"a*\" - \"baaab\" notempty_atstart",
      "\"x*\" - \"ab\" notempty_atstart offset=1",
      "\"^a*\" m \"a%0ab\" notbol",
      "\"a*$\" m \"a%0aa\" noteol",
      "\"(?i)k*\" u \"k%e2%84%aaK\"",
      "\"\\b\" u \"%c3%a9a%c3%a9\"",
  };
  int failures = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    failures += iteration_differs(cases[i]);
  }
  assert_int_equal(failures, 0);
}

/* Appends bytes to line as %HH each, which cases.txt reads back as is. */
static size_t append_escaped(char *line, size_t used, const char *bytes, size_t length) {
  for (size_t i = 0; i < length; i++) {
    used += (size_t)sprintf(line + used, "%%%02x", (unsigned)(unsigned char)bytes[i]);
  }
  return used;
}

/* Generated patterns of the shape the dense iteration path takes (a
 * class or short alternation repeated, maybe followed by more and by a
 * lookahead: \w+, [a-z]+ing, \p{L}+, \w+(?=[ ,\n]), some parts in a
 * group, which it takes when asked for the whole match only: oracle_jrx
 * compares that iteration too) and some it must refuse, in byte, UTF and caseless mode, iterated from every start
 * offset of generated subjects of ASCII, Latin, Cyrillic and Chinese
 * letters, digits, separators and newlines: the iteration with a match
 * data (the path's) and without it against PCRE2's. */
static void test_dense_iteration_follows_pcre2(void **state) {
  (void)state;
  static const char *const pieces[] = {
      "[a-c]", "\\w", "[^ ,]", "\\d", "[a-z]", "\\p{L}", "[\\p{L}\\p{N}]", "\xd1\x8f",
      "b", "(?:ab|c)", "\\S", ".", "[\xd0\xb0-\xd1\x8f]", "\\W", "[\xe4\xb8\x80-\xe9\xbf\xbf]"};
  static const char *const quantifiers[] = {"+", "{1,3}", "+?", "{2}", "", "*"};
  static const char *const letters[] = {"a", "b", "c", " ", ",", "1", "_", "\n",
                                        "\xc3\xa9", "\xd1\x8f", "\xe4\xb8\xad", "ab"};
  static const char *const options[] = {"-", "u", "i", "iu"};
  uint64_t random = 0x9e3779b97f4a7c15u;
  int failures = 0;
  for (int round = 0; round < 48; round++) {
    char pattern[128] = "";
    int parts = 1 + (int)(random >> 60) % 2;
    for (int part = 0; part < parts; part++) {
      random = random * 6364136223846793005u + 1442695040888963407u;
      int grouped = (random >> 24) % 3 == 0;
      strcat(pattern, grouped ? "(" : "");
      strcat(pattern, pieces[(random >> 33) % (sizeof pieces / sizeof pieces[0])]);
      strcat(pattern, quantifiers[part == 0 ? (random >> 45) % 2 : (random >> 45) % 6]);
      strcat(pattern, grouped ? ")" : "");
    }
    if ((random >> 20) % 4 == 0) {
      strcat(pattern, "(?=[ ,\n])"); /* a trailing lookahead the DFA decides */
    }
    char subject[64] = "";
    for (int letter = 0; letter < 9; letter++) {
      random = random * 6364136223846793005u + 1442695040888963407u;
      strcat(subject, letters[(random >> 33) % (sizeof letters / sizeof letters[0])]);
    }
    const char *option = options[round % 4];
    for (size_t offset = 0; offset <= strlen(subject); offset++) {
      char line[1024];
      size_t used = (size_t)sprintf(line, "\"");
      used = append_escaped(line, used, pattern, strlen(pattern));
      used += (size_t)sprintf(line + used, "\" %s \"", option);
      used = append_escaped(line, used, subject, strlen(subject));
      sprintf(line + used, "\" offset=%zu", offset);
      failures += iteration_differs(line);
    }
  }
  assert_int_equal(failures, 0);
}

static jrx *compile(const char *pattern, uint32_t options) {
  int code = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), options, &code, &offset);
  if (re == NULL) printf("cannot compile %s: error %d at %zu\n", pattern, code, offset);
  assert_non_null(re);
  return re;
}

/* Takes iterator's next match asking for pairs pairs and fails unless
 * it is the one PCRE2's code finds from *position, groups, unset pairs
 * and return code alike (patterns here match nothing empty); moves
 * *position to its end, or to length when there is none. Returns whether
 * there was one. */
static int next_pairs_follow_pcre2(jrx_iterator *iterator, pcre2_code *code, size_t pairs,
                                   const char *subject, size_t length, size_t *position,
                                   const char *pattern) {
  size_t got[8];
  pcre2_match_data *match_data = pcre2_match_data_create((uint32_t)pairs, NULL);
  assert_non_null(match_data);
  int found = jrx_iterator_next(iterator, got, pairs);
  int expected = pcre2_match(code, (PCRE2_SPTR)subject, length, *position, 0, match_data, NULL);
  const size_t *want = pcre2_get_ovector_pointer(match_data);
  size_t filled = pairs < pcre2_get_ovector_count(match_data) ? pairs : 0;
  if (expected >= 0) {
    uint32_t groups = 0;
    (void)pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &groups);
    filled = pairs < groups + 1 ? pairs : groups + 1;
  }
  int differs = found != (expected >= 0 ? expected : JRX_NOMATCH);
  for (size_t i = 0; !differs && i < 2 * filled; i++) {
    differs = got[i] != want[i];
  }
  if (differs) {
    fail_msg("%s from %zu, %zu pairs: jrx %d (%zu, %zu), PCRE2 %d (%zu, %zu)", pattern,
             *position, pairs, found, got[0], got[1], expected, want[0], want[1]);
  }
  *position = expected >= 0 ? want[1] : length;
  pcre2_match_data_free(match_data);
  return expected >= 0;
}

/* The pieces of a subject's words (dense_subject). */
typedef struct word_pieces {
  const char *const *pieces;
  size_t count;
} word_pieces;

/* Letters and digits, ASCII and Cyrillic. */
static const char *const letter_pieces[] = {"a", "z", "Q", "7", "_", "\xd1\x8f", "\xd0\x96"};
static const word_pieces letter_words = {letter_pieces,
                                         sizeof letter_pieces / sizeof letter_pieces[0]};

/* A subject of words of 1 to 40 pieces between gaps of 1 to 70 spaces,
 * punctuation and newlines, so that the matches the dense path finds
 * ahead of an iteration meet the end of its window (some 128 bytes past
 * the first) in a match, in a gap and at the end, which is a newline one
 * time in two. Returns its length. */
static size_t dense_subject(char *subject, size_t capacity, const word_pieces *words,
                            uint64_t *random) {
  const char *const *word_bytes = words->pieces;
  static const char *const gap_bytes[] = {" ", ",", "\n", "-", "\t"};
  size_t used = 0;
  while (used + 300 < capacity) {
    *random = *random * 6364136223846793005u + 1442695040888963407u;
    size_t letters = 1 + (*random >> 33) % 40;
    size_t gap = 1 + (*random >> 45) % ((*random >> 20) % 3 == 0 ? 70 : 3);
    for (size_t i = 0; i < letters; i++) {
      *random = *random * 6364136223846793005u + 1442695040888963407u;
      const char *bytes = word_bytes[(*random >> 33) % words->count];
      memcpy(subject + used, bytes, strlen(bytes));
      used += strlen(bytes);
    }
    for (size_t i = 0; i < gap; i++) {
      *random = *random * 6364136223846793005u + 1442695040888963407u;
      subject[used++] = gap_bytes[(*random >> 33) % (sizeof gap_bytes / sizeof gap_bytes[0])][0];
    }
  }
  if ((*random >> 40) % 2 == 0) {
    subject[used++] = '\n';
  }
  return used;
}

/* Iterates each pattern over three dense subjects on one match data,
 * with moves (back into the last match, forwards, onto the same offset),
 * a jrx_match_with on the same match data and a second iterator sharing
 * it in between, every match against PCRE2's from wherever the iteration
 * stands; with vary_pairs, each call asks for 1, 2 or every pair, the
 * number changing now and then. */
static void walk_iterations(const char *const *patterns, const uint32_t *options, size_t count,
                            const word_pieces *words, int vary_pairs, uint64_t random) {
  static char subject[4096];
  for (size_t p = 0; p < count; p++) {
    int error = 0;
    size_t error_offset = 0;
    jrx *re = compile(patterns[p], options[p]);
    size_t all_pairs = jrx_capture_count(re) + 1;
    pcre2_code *oracle = oracle_pcre2_compile(patterns[p], strlen(patterns[p]), options[p],
                                              &error, &error_offset);
    assert_non_null(oracle);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    for (int round = 0; round < 3; round++) {
      size_t length = dense_subject(subject, sizeof subject, words, &random);
      jrx_iterator iterator, other;
      jrx_iterator_init(&iterator, re, subject, length, 0, 0);
      jrx_iterator_set_match_data(&iterator, data);
      size_t other_position = length / 2;
      while ((subject[other_position] & 0xc0) == 0x80) {
        other_position--;
      }
      jrx_iterator_init(&other, re, subject, length, other_position, 0);
      jrx_iterator_set_match_data(&other, data);
      size_t position = 0;
      size_t pairs = vary_pairs ? all_pairs : 1;
      for (;;) {
        random = random * 6364136223846793005u + 1442695040888963407u;
        unsigned roll = (unsigned)(random >> 33) % 32;
        size_t moved = roll < 2 ? position - (position > 2 ? 2 : position)
                       : roll < 4 ? position + (random >> 50) % 200
                       : roll == 4 ? position : SIZE_MAX;
        if (moved != SIZE_MAX) {
          moved = moved > length ? length : moved;
          while (moved > 0 && moved < length && (subject[moved] & 0xc0) == 0x80) {
            moved--;
          }
          jrx_iterator_move(&iterator, moved, 0);
          position = moved;
        } else if (roll == 5) {
          size_t ovector[2];
          (void)jrx_match_with(re, data, "zz \xd1\x8f, 7", 8, 0, 0, ovector, 1);
        } else if (roll == 6) {
          (void)next_pairs_follow_pcre2(&other, oracle, vary_pairs ? all_pairs : 1, subject,
                                        length, &other_position, patterns[p]);
        } else if (vary_pairs && roll < 12) {
          pairs = roll < 9 ? 1 : roll < 10 ? 2 : all_pairs;
        }
        if (!next_pairs_follow_pcre2(&iterator, oracle, pairs, subject, length, &position,
                                     patterns[p])) {
          break;
        }
      }
    }
    jrx_match_data_free(data);
    pcre2_code_free(oracle);
    jrx_free(re);
  }
}

/* The dense path finds several matches in one search and hands them out
 * one per call (jrx_match_dense): long iterations must still give PCRE2's
 * matches from wherever the iteration stands. */
static void test_dense_run_ahead_follows_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {"\\w+",   "[a-z]+",   "\\p{L}+",   "[\xd0\xb0-\xd1\x8f]+",
                                         "\\w{1,3}", "\\w+(?=\\s)", "\\b\\w+\\b", "[a-z]+?",
                                         "\\w+",   "[^ ,\\n]+"};
  static const uint32_t options[] = {0, 0, JRX_UTF, JRX_UTF, 0, 0, 0, JRX_CASELESS, JRX_UTF, 0};
  walk_iterations(patterns, options, sizeof patterns / sizeof patterns[0], &letter_words, 0,
                  0x2545f4914f6cdd1du);
}

/* Patterns whose start the program knows from the match's end (after
 * the last excluded byte, a run's start, a fixed length or number of
 * characters): their dense searches step the DFA's table in C from the
 * start state when the match ends within DFA_DENSE_AHEAD_BYTES
 * (dfa_dense_restart), and take the general search otherwise: words of up
 * to 80 bytes and gaps of up to 70 end some matches beyond that, a rare
 * lookahead ([a-z_7]+(?=\n)) most; in UTF mode, words of Cyrillic and
 * ASCII letters. */
static void test_dense_run_known_start_follows_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {"\\w+(?=\\s)",  "[a-z]+(?=[ ,])",   "\\w+(?=[,-])",
                                         "[a-z7]{3}",   "\\w{2}(?=\\s)",    "[a-z_7]+(?=\\n)",
                                         "\\w+(?=\\s)",  "[\xd0\xb0-\xd1\x8f]+(?=\\s)",
                                         "[a-z\xd1\x8f\xd0\x96_7]{2}"};
  static const uint32_t options[] = {0, 0, JRX_CASELESS, 0, 0, 0, JRX_UTF, JRX_UTF, JRX_UTF};
  walk_iterations(patterns, options, sizeof patterns / sizeof patterns[0], &letter_words, 0,
                  0xbb67ae8584caa73bu);
}

/* Patterns whose later dense searches try the match anchored at each
 * byte a match may begin with (dfa_dense_restart_at_first_byte): a word
 * that punctuation ends fails a word pair's tries at each of its letters
 * until their budget runs out, and the general search takes over; the
 * last three jump over accelerated states ([^,\n]+) before, inside and
 * after a match. */
static void test_dense_run_at_first_byte_follows_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {"\\w+\\s+\\w+",  "(?:\\w+)\\s+(?:\\w+)",
                                         "\\w+[,-]\\w*",   "\\b\\w+\\s+\\w+\\b",
                                         "\\w+\\s+\\w+",  "[a-z_7]+ [\xd1\x8f\xd0\x96]+",
                                         "(\\w+)\\s+(\\w+)", "(?m)^\\w+\\s+\\w+",
                                         "(?:\"(?:[^\"]|\"\")*\"|[^,\\n]+)",
                                         "\\w+[ \\t][^,\\n]+", "-[^,\\n]*z"};
  static const uint32_t options[] = {0, 0, 0, 0, JRX_UTF, JRX_UTF, 0, 0, 0, 0, 0};
  walk_iterations(patterns, options, sizeof patterns / sizeof patterns[0], &letter_words, 0,
                  0x6a09e667f3bcc909u);
}

/* Iterations on a match data asking for every group take the capture
 * engine's search alone (jrx_match_captures), and asking for one pair the
 * dense path or that search for the whole match: calls asking for 1, 2
 * or every pair in turn must give PCRE2's matches and groups. A pattern
 * whose matches are rare among its candidate starts makes the engine
 * hand searches to the DFA (its failure budget) and take them back.
 * Groups placed by the match's bounds take that search too where the
 * bounds need the DFA ((\w+), a CSV field, (\w)\w*(\w)) and it is native
 * code, else the dense search, and the search for the bounds alone where
 * they do not (jrx_match_placed), as do patterns without groups whose
 * matches are a sequence of byte sets. */
static void test_capture_iteration_follows_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {"(\\w+)",
                                         "(\\w)\\w*",
                                         "(\\w+)[ ,]+(\\w+)",
                                         "(\\w+)=(\"[^\"]*\"|\\S+)|(\\w+)",
                                         "([a-z]+)|(\\d+)",
                                         "(z)?(\\w)\\w*",
                                         "(\\w+),(\\w+)",
                                         "(\\w+)\\n(\\w)",
                                         "(\\p{L}+)(\\s*)",
                                         "(\"(?:[^\"]|\"\")*\"|[^,\\n]+)",
                                         "(\\w)\\w*(\\w)",
                                         /* More groups the match's bounds place, found
                                          * by a literal search, a sequence of byte sets
                                          * (jrx_match_placed) and the one-pass DFA. */
                                         "(\\d{2})-(\\d)",
                                         "(\\w)(\\w)-",
                                         "(\\w)(\\w)-",
                                         "(7)-(\\w)",
                                         /* No groups, a sequence of byte sets found
                                          * without the DFA (jrx_match_placed too). */
                                         "\\d{2}-\\w",
                                         "(?:\\w)\\w-"};
  static const uint32_t options[] = {0, 0, 0, 0, 0, 0, 0, JRX_UTF, JRX_UTF, 0, 0, 0, 0, JRX_UTF,
                                     0, 0, JRX_UTF};
  walk_iterations(patterns, options, sizeof patterns / sizeof patterns[0], &letter_words, 1,
                  0x853c49e6748fea9bu);
}

/* Words of letters, digits, '=' and '"', ASCII and Cyrillic: key=value
 * pairs, quoted values and quotes left open. */
static const char *const pair_pieces[] = {"a", "z", "7", "_", "=", "\"", "\xd1\x8f"};
static const word_pieces pair_words = {pair_pieces, sizeof pair_pieces / sizeof pair_pieces[0]};

/* In C the capture engine's loop finds an iteration's matches ahead in
 * one call (capture_scan_c_ahead: onepass_scan_ahead,
 * backtrack_nodes_scan_ahead), each written in place after the one
 * before: key=value pairs (a table with alternatives) and word pairs
 * (one-pass); a one-pass match kept while its attempt went on, then
 * answered from the other slot array ((\w+)(?:-(\w+))?, where '-' is
 * not followed by a word); a group whose start three slots share, stored
 * by the loop past two ((\w)(\w*) inside a group); an assertion on an
 * action's path. Calls ask for 1, 2 or every pair. */
static void test_capture_batches_follow_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {"(\\w+)=(\"[^\"]*\"|\\S+)", "(\\w+)=(\"[^\"]*\"|\\S+)",
                                         "(\\w+)(?:-(\\w+))?",        "((\\w)(\\w*))",
                                         "(\\w+)\\s+(\\w+)",          "(\\w+)\\b(=)?(\\S*)",
                                         "(=)(\"?)(\\w+)"};
  static const uint32_t options[] = {0, JRX_UTF, 0, 0, JRX_UTF, 0, 0};
  walk_iterations(patterns, options, sizeof patterns / sizeof patterns[0], &pair_words, 1,
                  0x510e527fade682d1u);
}

/* An iteration started at every offset of a subject, on one match data,
 * every call asking for every pair: each match and its groups PCRE2's
 * from there. In C the capture engine's search finds a batch of matches
 * ahead (jrx_match_captures) and the dense search those whose groups the
 * bounds place (a CSV field); a new iteration must not take a batch the
 * last one left. */
static void test_capture_iteration_from_every_offset_follows_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {"(\\w+)\\s+(\\w+)", "(\\w+)=(\"[^\"]*\"|\\S+)",
                                         "(\"(?:[^\"]|\"\")*\"|[^,\\n]+)", "(\\w)\\w*(\\w)"};
  static const char subject[] = "id,name,note\n1,\"Watson said \"\"band\"\"\",a=b c=\"d e\" f,g\n"
                                "2,Holmes, x=\"\" y=z,\"Zurich, Switzerland\",,tail end";
  size_t length = sizeof subject - 1;
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    int error = 0;
    size_t error_offset = 0;
    jrx *re = compile(patterns[p], 0);
    size_t pairs = jrx_capture_count(re) + 1;
    pcre2_code *oracle =
        oracle_pcre2_compile(patterns[p], strlen(patterns[p]), 0, &error, &error_offset);
    assert_non_null(oracle);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    for (size_t start = 0; start <= length; start++) {
      jrx_iterator iterator;
      jrx_iterator_init(&iterator, re, subject, length, start, 0);
      jrx_iterator_set_match_data(&iterator, data);
      size_t position = start;
      while (next_pairs_follow_pcre2(&iterator, oracle, pairs, subject, length, &position,
                                     patterns[p])) {
      }
    }
    jrx_match_data_free(data);
    pcre2_code_free(oracle);
    jrx_free(re);
  }
}

/* The capture engine's give-ups in an iteration (capture_give_up): over
 * short words the native whole search of \w{5}\s+\w{5} spends its
 * budget, gives the search to the DFA and leaves it the next two, then
 * takes the searches back and finds the rest ahead. Every match is
 * PCRE2's; on arm64 the searches the native DFA answers are exactly the
 * iteration's first, the one given up and the two left to it. */
static void test_capture_give_ups_follow_pcre2(void **state) {
  (void)state;
  static const char pattern[] = "\\w{5}\\s+\\w{5}";
  char subject[1024];
  size_t length = 0;
  length += (size_t)sprintf(subject + length, "abcde fghij ");
  for (int word = 0; word < 50; word++) {
    length += (size_t)sprintf(subject + length, "ab ");
  }
  for (int pair = 0; pair < 40; pair++) {
    length += (size_t)sprintf(subject + length, "abcde fghij ");
  }
  int error = 0;
  size_t error_offset = 0;
  jrx *re = compile(pattern, 0);
  pcre2_code *oracle = oracle_pcre2_compile(pattern, strlen(pattern), 0, &error, &error_offset);
  assert_non_null(oracle);
  jrx_match_data *data = NULL;
  assert_int_equal(jrx_match_data_create(re, &data), 0);
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, subject, length, 0, 0);
  jrx_iterator_set_match_data(&iterator, data);
  size_t position = 0;
  size_t matches = 0;
  while (next_pairs_follow_pcre2(&iterator, oracle, 1, subject, length, &position, pattern)) {
    matches++;
  }
  assert_int_equal(matches, 41);
  if (engine_expectation_native_code()) {
    jrx_match_stats stats;
    assert_int_equal(jrx_match_data_stats(data, &stats), 0);
    assert_int_equal(stats.native_dfa_searches, 4);
    assert_int_equal(stats.native_capture_searches, matches - 4 + 1);
  }
  jrx_match_data_free(data);
  pcre2_code_free(oracle);
  jrx_free(re);
}

/* Iterations on a match data of a pattern whose literal search finds
 * the whole match (JRX_QUICK_LITERALS) take that search alone after the
 * first (jrx_match_literals): literals of ASCII and Cyrillic bytes,
 * caseless, a set of them, and one behind a lookbehind, which that search
 * declines (the general path answers). */
static void test_literal_iteration_follows_pcre2(void **state) {
  (void)state;
  static const char *const patterns[] = {"za", "\xd1\x8f\xd0\x96", "a7_", "qZ",
                                         "7a|z_|\xd0\x96\xd0\x96", "(?<=a)z7"};
  static const uint32_t options[] = {0, JRX_UTF, 0, JRX_CASELESS, JRX_UTF, 0};
  walk_iterations(patterns, options, sizeof patterns / sizeof patterns[0], &letter_words, 0,
                  0x9e3779b97f4a7c15u);
}

/* A subject for test_literal_windows_follow_pcre2: words of
 * words[0..count) placed at gaps of filler bytes and near misses from
 * the end of the word before near 4096 bytes (the window jrx_match_literals'
 * searches ahead look through): just short of it, so that a longer
 * literal crosses the window's end while a shorter one inside it fits (a
 * cut literal), exactly at it, and past it; each followed by a run of 0
 * to 79 words a few bytes apart (a literal search finds up to
 * JRX_LITERALS_AHEAD, 64, at once). Returns its length. */
static size_t window_subject(char *subject, size_t capacity, const char *const *words,
                             size_t count, uint64_t *random) {
  /* Sherlock cut with erl inside the window: 4089 to 4091 bytes on; the
   * same in Cyrillic (12 and 6 bytes, 2 bytes in): 4085 to 4088. */
  static const size_t gaps[] = {4085, 4086, 4087, 4088, 4089, 4090, 4091, 4089, 4090, 4091,
                                4095, 4096, 4097, 4105, 5000, 40};
  static const char *const misses[] = {"Sherloc", "erXl", "Holme", "\xd0\xa8\xd0\xb5"};
  size_t used = 0;
  size_t run = 0;
  for (;;) {
    *random = *random * 6364136223846793005u + 1442695040888963407u;
    size_t gap = run > 0 ? 1 + (*random >> 60) : gaps[(*random >> 33) % (sizeof gaps / sizeof gaps[0])];
    run = run > 0 ? run - 1 : (*random >> 50) % 80;
    const char *word = words[(*random >> 45) % count];
    if (used + gap + strlen(word) > capacity) {
      break;
    }
    for (size_t i = 0; i < gap; i++) {
      subject[used + i] = i % 97 == 13 ? ' ' : 'x';
    }
    if (gap > 64) {
      const char *miss = misses[(*random >> 20) % (sizeof misses / sizeof misses[0])];
      memcpy(subject + used + gap / 2, miss, strlen(miss));
    }
    used += gap;
    memcpy(subject + used, word, strlen(word));
    used += strlen(word);
  }
  return used;
}

/* An iteration's literal searches ahead (jrx_match_literals, each
 * search_find_successive's) see 4096 bytes past a match's end: the match
 * a window holds is the subject's only where no longer literal could
 * start at it and cross the window's end. Words placed around that
 * distance (window_subject), each a literal of the pattern or a longer
 * one holding a shorter one a few bytes in (Sherlock holds erl), in runs
 * of more than the 64 matches a search finds ahead: a few literals (on
 * arm64 the generated scan's candidates verified in a list), ten (Teddy's
 * buckets), seventy (Aho-Corasick), one literal, caseless and in UTF
 * mode, iterated with a match data from the start and from offsets in
 * the middle, every match against PCRE2's. */
static void test_literal_windows_follow_pcre2(void **state) {
  (void)state;
  static char subject[1 << 17];
  static char many[2048];
  size_t used = (size_t)sprintf(many, "Sherlock|erl");
  for (int word = 0; word < 68; word++) {
    used += (size_t)sprintf(many + used, "|w%02dq", word);
  }
  static const char *const words[] = {"Sherlock", "Sherlock", "erl", "Holmes", "w07q",
                                      "Sherlock erl"};
  static const char *const utf_words[] = {"\xd0\xa8\xd0\xb5\xd1\x80\xd0\xbb\xd0\xbe\xd0\xba",
                                          "\xd0\xa8\xd0\xb5\xd1\x80\xd0\xbb\xd0\xbe\xd0\xba",
                                          "\xd0\xb5\xd1\x80\xd0\xbb", "Holmes"};
  const char *const patterns[] = {"Sherlock|erl|Holmes|Watson",
                                  "Sherlock|erl|Holmes|Watson|Irene|Adler|Hudson|Baker|w07q|Lond",
                                  many,
                                  "Sherlock",
                                  "(?i)sherlock|ERL|holmes",
                                  "\xd0\xa8\xd0\xb5\xd1\x80\xd0\xbb\xd0\xbe\xd0\xba|"
                                  "\xd0\xb5\xd1\x80\xd0\xbb|Holmes"};
  static const uint32_t options[] = {0, 0, 0, 0, 0, JRX_UTF};
  uint64_t random = 0x452821e638d01377u;
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    int error = 0;
    size_t error_offset = 0;
    jrx *re = compile(patterns[p], options[p]);
    pcre2_code *oracle = oracle_pcre2_compile(patterns[p], strlen(patterns[p]), options[p],
                                              &error, &error_offset);
    assert_non_null(oracle);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    bool utf = (options[p] & JRX_UTF) != 0;
    size_t length = window_subject(subject, sizeof subject, utf ? utf_words : words,
                                   utf ? 4 : sizeof words / sizeof words[0], &random);
    size_t matches = 0;
    for (size_t start = 0; start < length; start += length / 3 + 1) {
      jrx_iterator iterator;
      jrx_iterator_init(&iterator, re, subject, length, start, 0);
      jrx_iterator_set_match_data(&iterator, data);
      size_t position = start;
      while (next_pairs_follow_pcre2(&iterator, oracle, 1, subject, length, &position,
                                     patterns[p])) {
        matches++;
      }
    }
    assert_true(matches > 100);
    jrx_match_data_free(data);
    pcre2_code_free(oracle);
    jrx_free(re);
  }
}

/* Matches found ahead are handed out only to an iteration that stands
 * where the search left it, with no option: a pattern without groups
 * takes them on jrx_iterator_next's shortest path (jrx.ahead_answer),
 * the capture engine's matches ahead are taken with a tail call
 * (jrx_captures_ahead_stand); both must decline once the iteration is
 * moved onto the end of its last match with JRX_ANCHORED (the match
 * ahead starts further on: PCRE2 finds none there, or one at that very
 * place), and take them up again when moved there with none. A literal,
 * a literal set, a dense search and a set of byte sequences
 * (jrx_match_placed), and patterns with groups, asked for one pair and
 * for every pair (word pairs, a group that may stay unset), each over
 * four subjects. */
static void test_matches_ahead_heed_moves_and_options(void **state) {
  (void)state;
  static const char *const patterns[] = {
      "za", "7a|z_|Qa", "\\w+", "[a-z]\\d", "(z)a", "(\\w+)\\s+(\\w+)",
      "(\\w+)[ ,]+(\\w+)", "(\\w+)(?:-(\\w+))?"};
  static char subject[4096];
  uint64_t random = 0x243f6a8885a308d3u;
  for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
    int error = 0;
    size_t error_offset = 0;
    jrx *re = compile(patterns[p], 0);
    pcre2_code *oracle =
        oracle_pcre2_compile(patterns[p], strlen(patterns[p]), 0, &error, &error_offset);
    assert_non_null(oracle);
    size_t all_pairs = jrx_capture_count(re) + 1;
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    size_t matches = 0;
    for (size_t pairs = 1; pairs <= all_pairs; pairs += all_pairs > 1 ? all_pairs - 1 : 1) {
      pcre2_match_data *anchored = pcre2_match_data_create((uint32_t)pairs, NULL);
      for (int round = 0; round < 4; round++) {
        size_t length = dense_subject(subject, sizeof subject, &letter_words, &random);
        jrx_iterator iterator;
        jrx_iterator_init(&iterator, re, subject, length, 0, 0);
        jrx_iterator_set_match_data(&iterator, data);
        size_t position = 0;
        while (next_pairs_follow_pcre2(&iterator, oracle, pairs, subject, length, &position,
                                       patterns[p])) {
          matches++;
          if (matches % 3 != 0) {
            continue;
          }
          size_t ovector[8];
          jrx_iterator_move(&iterator, position, JRX_ANCHORED);
          int found = jrx_iterator_next(&iterator, ovector, pairs);
          int expected = pcre2_match(oracle, (PCRE2_SPTR)subject, length, position,
                                     PCRE2_ANCHORED, anchored, NULL);
          const size_t *want = pcre2_get_ovector_pointer(anchored);
          int differs = found != (expected >= 0 ? expected : JRX_NOMATCH);
          for (size_t i = 0; !differs && expected >= 0 && i < 2 * pairs; i++) {
            differs = ovector[i] != want[i];
          }
          if (differs) {
            fail_msg("%s anchored at %zu, %zu pairs: jrx %d (%zu, %zu), PCRE2 %d", patterns[p],
                     position, pairs, found, ovector[0], ovector[1], expected);
          }
          jrx_iterator_move(&iterator, position, 0);
        }
      }
      pcre2_match_data_free(anchored);
    }
    assert_true(matches > 30);
    jrx_match_data_free(data);
    pcre2_code_free(oracle);
    jrx_free(re);
  }
}

/* A pattern that ends with \X after other items (jrx.grapheme_last) is
 * searched as one character there, the match then taken to the cluster's
 * end: the iteration's direct search (the capture engine's) takes the
 * cluster in as the general path does (which the last pattern, its
 * groups placed by the bounds, keeps to in byte mode). Words of
 * letters with combining marks, regional indicators, CR LF, Hangul and a
 * ZWJ sequence, iterated asking for 1, 2 or every pair. On arm64
 * the capture engine's native search finds the matches of the pattern
 * without groups (jrx_whole_match_by_capture_engine), which only the
 * direct search runs. */
static void test_last_cluster_iteration_follows_pcre2(void **state) {
  (void)state;
  static const char *const cluster_pieces[] = {
      "a", "a", "z", "\xd1\x8f", "\xd0\xbe", "\xcc\x81", "\xe0\xa4\x82",
      "\xf0\x9f\x87\xa6", "\xf0\x9f\x87\xa7", "\r\n", "\xe1\x84\x80\xe1\x85\xa1",
      "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa9"};
  static const word_pieces clusters = {cluster_pieces,
                                       sizeof cluster_pieces / sizeof cluster_pieces[0]};
  static const char *const patterns[] = {"[a\xd0\xbe]\\X", "([a\xd0\xbe])(\\X)",
                                         "a\\X", "(\\w)(\\X)", "\\w\\X", "[^ ,]\\X",
                                         "(\\w)(\\w)-(\\X)"};
  static const uint32_t options[] = {JRX_UTF, JRX_UTF, 0, JRX_UTF, JRX_UTF, JRX_UTF, 0};
  walk_iterations(patterns, options, sizeof patterns / sizeof patterns[0], &clusters, 1,
                  0x5851f42d4c957f2du);
  if (engine_expectation_native_code()) {
    jrx *re = compile(patterns[0], JRX_UTF);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    static const char subject[] = "a\xcc\x81 \xd0\xbe\xf0\x9f\x87\xa6\xf0\x9f\x87\xa7 aa a\r\n";
    jrx_iterator iterator;
    jrx_iterator_init(&iterator, re, subject, sizeof subject - 1, 0, 0);
    jrx_iterator_set_match_data(&iterator, data);
    size_t ovector[2];
    size_t matches = 0;
    while (jrx_iterator_next(&iterator, ovector, 1) > 0) {
      matches++;
    }
    jrx_match_stats stats;
    assert_int_equal(jrx_match_data_stats(data, &stats), 0);
    /* The first search is the general path's (the native DFA's). */
    assert_int_equal(matches, 4);
    assert_int_equal(stats.native_dfa_searches, 1);
    assert_true(stats.native_capture_searches >= matches - 1);
    jrx_match_data_free(data);
    jrx_free(re);
  }
}

static void test_argument_errors(void **state) {
  (void)state;
  jrx *re = compile("a", 0);
  size_t ovector[2];
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, "aa", 2, 0, 0);
  assert_int_equal(jrx_iterator_next(NULL, ovector, 1), JRX_ERROR_NULL);
  assert_int_equal(jrx_iterator_next(&iterator, NULL, 1), JRX_ERROR_NULL);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 0), JRX_ERROR_NULL);
  jrx_iterator_init(NULL, re, "aa", 2, 0, 0); /* ignored, must not crash */
  /* The iteration itself is unharmed by the rejected calls. */
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), 1);
  assert_int_equal(ovector[0], 0);

  jrx_iterator_init(&iterator, NULL, "aa", 2, 0, 0);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_ERROR_NULL);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_NOMATCH);

  jrx_iterator_init(&iterator, re, "aa", 2, 3, 0);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_ERROR_BAD_OFFSET);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_NOMATCH);

  jrx_iterator_init(&iterator, re, "aa", 2, 0, 0x80000000u);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_ERROR_BAD_OPTION);

  jrx_iterator_init(&iterator, re, NULL, 0, 0, 0);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_NOMATCH);
  jrx_free(re);

  re = compile("a", JRX_UTF);
  jrx_iterator_init(&iterator, re, "a\xff", 2, 0, 0);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_ERROR_BAD_UTF);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_NOMATCH);
  jrx_iterator_init(&iterator, re,
                    "\xc3\xa9"
                    "a",
                    3, 1, 0);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_ERROR_BAD_UTF_OFFSET);
  jrx_free(re);

  /* An error of an iteration on a match data, moved on after it, is
   * found again: the match data belongs to another pattern, or the
   * subject is NULL (the dense path and the capture engine's search take
   * an iteration's later searches on its match data). */
  static const char *const patterns[] = {"\\w+", "(\\w+)=(\\w+)"};
  for (size_t p = 0; p < 2; p++) {
    re = compile(patterns[p], 0);
    jrx *other = compile("b", 0);
    jrx_match_data *data = NULL;
    assert_int_equal(jrx_match_data_create(other, &data), 0);
    size_t groups[6];
    jrx_iterator_init(&iterator, re, "ab=cd", 5, 0, 0);
    jrx_iterator_set_match_data(&iterator, data);
    assert_int_equal(jrx_iterator_next(&iterator, groups, 3), JRX_ERROR_WRONG_MATCH_DATA);
    jrx_iterator_move(&iterator, 1, 0);
    assert_int_equal(jrx_iterator_next(&iterator, groups, 3), JRX_ERROR_WRONG_MATCH_DATA);
    jrx_match_data_free(data);
    assert_int_equal(jrx_match_data_create(re, &data), 0);
    jrx_iterator_init(&iterator, re, NULL, 5, 0, 0);
    jrx_iterator_set_match_data(&iterator, data);
    assert_int_equal(jrx_iterator_next(&iterator, groups, 3), JRX_ERROR_NULL);
    jrx_iterator_move(&iterator, 1, 0);
    assert_int_equal(jrx_iterator_next(&iterator, groups, 3), JRX_ERROR_NULL);
    jrx_match_data_free(data);
    jrx_free(other);
    jrx_free(re);
  }
}

static void test_end_is_sticky(void **state) {
  (void)state;
  jrx *re = compile("b", 0);
  size_t ovector[2];
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, "abcb", 4, 0, 0);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), 1);
  assert_int_equal(ovector[0], 1);
  assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), 1);
  assert_int_equal(ovector[0], 3);
  for (int i = 0; i < 3; i++)
    assert_int_equal(jrx_iterator_next(&iterator, ovector, 1), JRX_NOMATCH);
  jrx_free(re);
}

/* With too few pairs every match returns 0, as jrx_match does, yet the
 * whole-match pair is there and the iteration goes on from it. */
static void test_short_ovector_still_iterates(void **state) {
  (void)state;
  jrx *re = compile("(a)(b)?|(x*)", 0);
  const char subject[] = "abaxx";
  size_t full[8], bounds[2];
  jrx_iterator long_iterator, short_iterator;
  jrx_iterator_init(&long_iterator, re, subject, 5, 0, 0);
  jrx_iterator_init(&short_iterator, re, subject, 5, 0, 0);
  int matches = 0;
  for (;;) {
    int long_rc = jrx_iterator_next(&long_iterator, full, 4);
    int short_rc = jrx_iterator_next(&short_iterator, bounds, 1);
    if (long_rc == JRX_NOMATCH) {
      assert_int_equal(short_rc, JRX_NOMATCH);
      break;
    }
    assert_true(long_rc > 0);
    assert_int_equal(short_rc, long_rc > 1 ? 0 : 1);
    assert_int_equal(bounds[0], full[0]);
    assert_int_equal(bounds[1], full[1]);
    matches++;
  }
  assert_int_equal(matches, 4); /* ab, a, xx and the empty match at the end */
  jrx_free(re);
}

/* ASan checks the iterator never reads outside subject[0..length). */
static void test_unterminated_subject(void **state) {
  (void)state;
  static const char text[] = "x\xc3\xa9y\xe4\xb8\xad";
  size_t length = sizeof text - 1;
  char *subject = malloc(length);
  assert_non_null(subject);
  memcpy(subject, text, length);
  jrx *re = compile("x*", JRX_UTF);
  size_t ovector[2];
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, subject, length, 0, 0);
  size_t expected[][2] = {{0, 1}, {1, 1}, {3, 3}, {4, 4}, {7, 7}};
  size_t count = 0;
  int rc;
  while ((rc = jrx_iterator_next(&iterator, ovector, 1)) > 0) {
    assert_true(count < sizeof expected / sizeof expected[0]);
    assert_int_equal(ovector[0], expected[count][0]);
    assert_int_equal(ovector[1], expected[count][1]);
    count++;
  }
  assert_int_equal(rc, JRX_NOMATCH);
  assert_int_equal(count, sizeof expected / sizeof expected[0]);
  jrx_free(re);
  free(subject);
}

/* A lexer: one iterator per token pattern, all moved with
 * jrx_iterator_move to the end of each accepted token and asked for an
 * anchored match there; the first pattern that matches wins. PCRE2's
 * anchored pcre2_match at each position must pick the same tokens. */
static void test_move_serves_a_lexer(void **state) {
  (void)state;
  static const char *const token_patterns[] = {"let\\b", "[a-z_]\\w*", "\\d+(?:\\.\\d+)?",
                                               "\\s+",   "[=;+*()]",   "\"(?:[^\"\\\\]|\\\\.)*\""};
  enum { PATTERN_COUNT = sizeof token_patterns / sizeof token_patterns[0] };
  static const char source[] =
      "let x = 4.25 * (y_1 + 10);\nlet s = \"a \\\"q\\\" b\";\n\xc3\xa9 let";
  size_t length = sizeof source - 1;
  jrx *patterns[PATTERN_COUNT];
  pcre2_code *oracle[PATTERN_COUNT];
  jrx_iterator iterators[PATTERN_COUNT];
  pcre2_match_data *match_data = pcre2_match_data_create(1, NULL);
  for (size_t p = 0; p < PATTERN_COUNT; p++) {
    int error = 0;
    size_t offset = 0;
    patterns[p] = compile(token_patterns[p], JRX_UTF);
    oracle[p] = oracle_pcre2_compile(token_patterns[p], strlen(token_patterns[p]), JRX_UTF, &error,
                                     &offset);
    assert_non_null(oracle[p]);
    jrx_iterator_init(&iterators[p], patterns[p], source, length, 0, 0);
  }
  size_t position = 0;
  size_t tokens = 0;
  while (position < length) {
    size_t expected_end = position;
    size_t expected_pattern = PATTERN_COUNT;
    for (size_t p = 0; p < PATTERN_COUNT && expected_pattern == PATTERN_COUNT; p++) {
      if (pcre2_match(oracle[p], (PCRE2_SPTR)source, length, position, PCRE2_ANCHORED, match_data,
                      NULL) > 0) {
        expected_pattern = p;
        expected_end = pcre2_get_ovector_pointer(match_data)[1];
      }
    }
    size_t got_pattern = PATTERN_COUNT;
    size_t ovector[2] = {0, 0};
    for (size_t p = 0; p < PATTERN_COUNT && got_pattern == PATTERN_COUNT; p++) {
      jrx_iterator_move(&iterators[p], position, JRX_ANCHORED);
      if (jrx_iterator_next(&iterators[p], ovector, 1) > 0) {
        got_pattern = p;
      }
    }
    if (got_pattern != expected_pattern ||
        (got_pattern != PATTERN_COUNT && ovector[1] != expected_end)) {
      fail_msg("at %zu: jrx takes pattern %zu to %zu, PCRE2 pattern %zu to %zu", position,
               got_pattern, ovector[1], expected_pattern, expected_end);
    }
    /* An unknown character is a token of its own, as a lexer would report it. */
    position = got_pattern == PATTERN_COUNT ? position + 2 : ovector[1];
    tokens++;
  }
  assert_int_equal(tokens, 31);
  /* Moving revives an iterator that had ended, with the new options. */
  size_t ovector[2];
  jrx_iterator_move(&iterators[1], 0, 0);
  assert_int_equal(jrx_iterator_next(&iterators[1], ovector, 1), 1);
  assert_int_equal(ovector[0], 0);
  jrx_iterator_move(&iterators[1], length, 0);
  assert_int_equal(jrx_iterator_next(&iterators[1], ovector, 1), JRX_NOMATCH);
  jrx_iterator_move(&iterators[1], 4, JRX_ANCHORED);
  assert_int_equal(jrx_iterator_next(&iterators[1], ovector, 1), 1);
  assert_int_equal(ovector[1], 5);
  jrx_iterator_move(&iterators[1], 4, JRX_NOTBOL | JRX_CASELESS);
  assert_int_equal(jrx_iterator_next(&iterators[1], ovector, 1), JRX_ERROR_BAD_OPTION);
  jrx_iterator_move(NULL, 0, 0);
  for (size_t p = 0; p < PATTERN_COUNT; p++) {
    jrx_free(patterns[p]);
    pcre2_code_free(oracle[p]);
  }
  pcre2_match_data_free(match_data);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty_match_rules_follow_pcre2),
      cmocka_unit_test(test_argument_errors),
      cmocka_unit_test(test_end_is_sticky),
      cmocka_unit_test(test_short_ovector_still_iterates),
      cmocka_unit_test(test_unterminated_subject),
      cmocka_unit_test(test_move_serves_a_lexer),
      cmocka_unit_test(test_dense_iteration_follows_pcre2),
      cmocka_unit_test(test_dense_run_ahead_follows_pcre2),
      cmocka_unit_test(test_dense_run_known_start_follows_pcre2),
      cmocka_unit_test(test_dense_run_at_first_byte_follows_pcre2),
      cmocka_unit_test(test_capture_iteration_follows_pcre2),
      cmocka_unit_test(test_capture_iteration_from_every_offset_follows_pcre2),
      cmocka_unit_test(test_capture_give_ups_follow_pcre2),
      cmocka_unit_test(test_capture_batches_follow_pcre2),
      cmocka_unit_test(test_literal_iteration_follows_pcre2),
      cmocka_unit_test(test_literal_windows_follow_pcre2),
      cmocka_unit_test(test_matches_ahead_heed_moves_and_options),
      cmocka_unit_test(test_last_cluster_iteration_follows_pcre2),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
