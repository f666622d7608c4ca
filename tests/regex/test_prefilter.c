/* test_prefilter: the interpreter's prefilter. The strategy chosen per
 * pattern; the sequences of byte sets searched without the DFA (their
 * vector check of byte ranges included) and the required bytes looked
 * for before it; every position a candidate search
 * passes over starts no match (checked with anchored matches there); and
 * jrx_match with the prefilter equals jrx_match without it (the same
 * pattern with the prefilter turned off) over patterns x subjects x start
 * offsets x match options, caseless, multiline and UTF-8 included, and
 * with a cache too small for the DFA, which empties it while skipping;
 * the skipping search's tries at its first candidate and their stand-down.
 * Patterns are compiled with JRX_NO_JIT so the interpreter runs on every
 * target. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/dfa_search_with.h"
#include "regex/jrx_internal.h"
#include "regex/prefilter.h"

#define MAX_PAIRS 8
#define RANDOM_SUBJECTS 40
#define MAX_SUBJECT 64

static jrx *compile_or_fail(const char *pattern, uint32_t options) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), options | JRX_NO_JIT, &error, &offset);
  if (re == NULL) {
    fail_msg("/%s/ (options %#x) does not compile: error %d at %zu", pattern, options, error,
             offset);
  }
  return re;
}

/* ---- Strategy selection --------------------------------------------- */

typedef struct strategy_case {
  const char *pattern;
  uint32_t options;
  prefilter_kind kind;
  const char *searched; /* the bytes searched for, in order; NULL: not checked */
  const char *paired;   /* PREFILTER_PAIR: the other position's bytes, in order */
} strategy_case;

static const strategy_case strategy_cases[] = {
    /* A literal: its rarest byte, an uppercase letter, paired with the
     * next rarest of at most three bytes (PCRE2's character pair). */
    {"Sherlock Holmes", 0, PREFILTER_PAIR, "S", "H"},
    {"zebra", 0, PREFILTER_PAIR, "z", "b"},
    {"x", 0, PREFILTER_MEMCHR, "x", NULL},
    /* Caseless: both cases of the rarest letter. */
    {"sherlock holmes", JRX_CASELESS, PREFILTER_PAIR, "Kk", "Cc"},
    /* With UTF, s also matches U+017F (0xC5 0xBF), which shifts every
     * later byte, and k matches U+212A KELVIN SIGN (0xE2 0x84 0xAA): the
     * eighth byte is c, C (after U+017F), k, K or 0xE2. */
    {"sherlock holmes", JRX_CASELESS | JRX_UTF, PREFILTER_NEEDLES, "CKck\xe2", NULL},
    {"(?:cat|dog)", 0, PREFILTER_PAIR, "cd", "gt"},
    {"(?:cat|dog)s", 0, PREFILTER_PAIR, "s", "cd"},
    /* A property after the literal takes nothing from it (issue 18). */
    {"Holmes\\p{L}+", JRX_UTF, PREFILTER_PAIR, "H", "m"},
    /* The rare byte need not be the first. A set wider than three bytes
     * is never paired. */
    {"\\d{4}/\\d\\d", 0, PREFILTER_MEMCHR, "/", NULL},
    {"[a-z]@[a-z]", 0, PREFILTER_MEMCHR, "@", NULL},
    {"Sherlock|Holmes|Watson|Irene|Adler", 0, PREFILTER_NEEDLES, "AHISW", NULL},
    /* A wider set that text rarely has. */
    {"Sherlock|Holmes|Watson|Irene|Adler|Moriarty|Lestrade", 0, PREFILTER_BYTE_TABLE, "AHILMSW", NULL},
    {"\\d+", 0, PREFILTER_BYTE_TABLE, "0123456789", NULL},
    /* Assertions do not stop skipping: the DFA still checks them. */
    {"(?m)^Subject:", 0, PREFILTER_PAIR, ":", "j"},
    {"\\bqu", 0, PREFILTER_PAIR, "q", "u"},
    /* Even a common byte is worth memchr. */
    {"e", 0, PREFILTER_MEMCHR, "e", NULL},
    {" e ", 0, PREFILTER_PAIR, "e", " "},
    /* The walk over a long run of optional bytes, and past a class that
     * matches nothing. */
    {"x{0,100}y", 0, PREFILTER_NEEDLES, "xy", NULL},
    {"(?:[^\\x00-\\xff]|q)z", 0, PREFILTER_PAIR, "z", "q"},
    /* No skipping: sets text is full of, empty matches, anchors. */
    {"[aeiou]", 0, PREFILTER_NONE, NULL, NULL},
    {"[aeiou][aeiou ]", 0, PREFILTER_NONE, NULL, NULL},
    {"[a-z]+ing", 0, PREFILTER_NONE, NULL, NULL},
    {"\\w+", 0, PREFILTER_NONE, NULL, NULL},
    {"[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+", 0, PREFILTER_NONE, NULL, NULL},
    {"x*", 0, PREFILTER_NONE, NULL, NULL},
    {"(?:zq)?", 0, PREFILTER_NONE, NULL, NULL},
    {"^zq", 0, PREFILTER_NONE, NULL, NULL},
    {"\\Azq", 0, PREFILTER_NONE, NULL, NULL},
    {"\\Gzq|zx", 0, PREFILTER_NONE, NULL, NULL},
    {"[^\\x00-\\xff]", 0, PREFILTER_NONE, NULL, NULL},
};

static void test_strategy_selection(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof strategy_cases / sizeof strategy_cases[0]; i++) {
    const strategy_case *expected = &strategy_cases[i];
    jrx *re = compile_or_fail(expected->pattern, expected->options);
    const prefilter *filter = &re->search.bytes;
    if (filter->kind != expected->kind) {
      fail_msg("/%s/: strategy %d, expected %d", expected->pattern, (int)filter->kind,
               (int)expected->kind);
    }
    if (expected->searched != NULL) {
      char searched[257];
      size_t count = 0;
      for (unsigned byte = 0; byte < 256; byte++) {
        if (filter->in_searched_set[byte]) {
          searched[count++] = (char)byte;
        }
      }
      searched[count] = '\0';
      if (strcmp(searched, expected->searched) != 0) {
        fail_msg("/%s/: searches for \"%s\", expected \"%s\"", expected->pattern, searched,
                 expected->searched);
      }
      if (filter->kind != PREFILTER_BYTE_TABLE) {
        assert_int_equal(filter->needle_count, count);
      }
    }
    if (filter->kind == PREFILTER_PAIR) {
      const byte_pair *pair = &filter->pair;
      assert_int_equal(pair->offsets[0], filter->searched_position);
      assert_int_not_equal(pair->offsets[1], filter->searched_position);
      assert_int_equal(pair->counts[1], strlen(expected->paired));
      assert_memory_equal(pair->bytes[1], expected->paired, pair->counts[1]);
    }
    jrx_free(re);
  }
}

/* The facts behind the search without the DFA (nfa_program.sequence_length)
 * and the check before it (nfa_program.required_bytes). */
typedef struct sequence_case {
  const char *pattern;
  uint32_t options;
  uint32_t sequence_length; /* 0: not a sequence of byte sets */
  const char *required;     /* the required bytes, in order ("": none) */
} sequence_case;

static const sequence_case sequence_cases[] = {
    {"\\d{4}-\\d\\d-\\d\\d", 0, 10, "-"},
    {"(\\d{4})-(\\d\\d)", 0, 7, "-"},
    {"[a-c]x", JRX_CASELESS, 2, "Xx"},
    {"\\d{30}/", 0, 31, "/"},
    {"\\d{64}", 0, 64, ""},
    {"\\d{65}", 0, 0, ""},
    {"\xc3\xa9\\d", JRX_UTF, 3, "\xc3"},
    /* Lengths that differ, alternatives that do not combine freely,
     * assertions, a lazy or optional part: not sequences. */
    {"\\d+", 0, 0, ""},
    {"ab|cd", 0, 0, ""},
    {"\\d\\b", 0, 0, ""},
    {"^\\d\\d", 0, 0, ""},
    {"a(?:b|)c", 0, 0, "c"},
    /* Required bytes: the rarest narrow range every path reads, with its
     * case partner only if the pattern has it. */
    {"[a-z]+ing", 0, 0, "g"},
    {"(?i)[a-z]+ing", 0, 0, "Gg"},
    {"\\w+@\\w+", 0, 0, "@"},
    {"(?:ing|ong)s?", 0, 0, "g"},
    {"[a-z]+(?:ing|ed)", 0, 0, ""},
    {"\\w+e", 0, 0, ""},
    /* Bytes that are a match alone are in any required set: three of
     * them leave one to find, four or a wide range (a big class) none. */
    {"x|\\d+x", 0, 0, "x"},
    {"[#-%]|\\d+[#-%]", 0, 0, "#$%"},
    {"#|\\$|%|&|\\d+[#-&]", 0, 0, ""},
    {"\\p{L}", JRX_UTF, 0, ""},
    {"(*UCP)\\w", JRX_UTF, 0, ""},
};

static void test_sequence_and_required_bytes(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof sequence_cases / sizeof sequence_cases[0]; i++) {
    const sequence_case *expected = &sequence_cases[i];
    jrx *re = compile_or_fail(expected->pattern, expected->options);
    nfa_program *program = &re->program;
    /* jrx_compile asks for them only where the DFA may search unaided
     * (from inner literals: short subjects). */
    assert_true(program->required_byte_count == 0 ||
                re->search.strategy == SEARCH_STRATEGY_DFA ||
                re->search.strategy == SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS);
    assert_int_equal(nfa_find_required_bytes(program), 0);
    char required[NFA_MAX_REQUIRED_BYTES + 1];
    memcpy(required, program->required_bytes, program->required_byte_count);
    required[program->required_byte_count] = '\0';
    if (program->sequence_length != expected->sequence_length ||
        strcmp(required, expected->required) != 0) {
      fail_msg("/%s/: sequence of %u, required \"%s\"; expected %u, \"%s\"", expected->pattern,
               (unsigned)program->sequence_length, required,
               (unsigned)expected->sequence_length, expected->required);
    }
    jrx_free(re);
  }
}

/* Sequences of 8 to 32 offsets whose sets are ranges are checked by
 * vector compares (nfa_program.sequence_lanes), reading the sequence's
 * bytes alone: a wrong byte at each offset, in the first vector and in
 * the last, fails the check, and the bytes themselves pass. */
typedef struct lanes_case {
  const char *pattern;
  uint32_t options;
  uint32_t lanes;
  const char *fitting; /* a match (sequence_lanes > 0) */
} lanes_case;

static const lanes_case lanes_cases[] = {
    {"\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d", 0, 32, "2022/06/17 06:25:22"},
    {"\\d{4}-\\d\\d-\\d\\d", 0, 16, "2022-06-17"},
    {"[a-f]{8}", 0, 16, "deadbeef"},
    {"\\d{16}x", 0, 32, "0123456789012345x"},
    {"\\d{32}", 0, 32, "01234567890123456789012345678901"},
    {"\\d{7}", 0, 0, NULL},          /* too short */
    {"\\d{33}", 0, 0, NULL},         /* too long */
    {"[ab/]\\d{9}", 0, 0, NULL},     /* a set of two ranges */
    {"[a-c]\\d{9}", JRX_CASELESS, 0, NULL},
};

static void test_sequence_lanes(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof lanes_cases / sizeof lanes_cases[0]; i++) {
    const lanes_case *expected = &lanes_cases[i];
    jrx *re = compile_or_fail(expected->pattern, expected->options);
    const nfa_program *program = &re->program;
    if (program->sequence_lanes != expected->lanes) {
      fail_msg("/%s/: %u lanes, expected %u", expected->pattern,
               (unsigned)program->sequence_lanes, (unsigned)expected->lanes);
    }
    if (expected->fitting != NULL) {
      size_t length = strlen(expected->fitting);
      assert_int_equal(length, program->sequence_length);
      /* A buffer of the sequence's length alone: ASan sees any byte read
       * past it. */
      unsigned char *bytes = malloc(length);
      assert_non_null(bytes);
      memcpy(bytes, expected->fitting, length);
      assert_true(nfa_sequence_fits(program, bytes));
      for (size_t offset = 0; offset < length; offset++) {
        unsigned char saved = bytes[offset];
        bytes[offset] = (unsigned char)'%';
        if (nfa_sequence_fits(program, bytes)) {
          fail_msg("/%s/ fits with offset %zu changed", expected->pattern, offset);
        }
        bytes[offset] = saved;
      }
      free(bytes);
    }
    jrx_free(re);
  }
}

/* A start too branchy for the bounded walk (300 alternatives) still has
 * the program's literal prefix to search for. */
static void test_branchy_start_uses_the_literal_prefix(void **state) {
  (void)state;
  char pattern[2000];
  size_t length = (size_t)snprintf(pattern, sizeof pattern, "(?:");
  for (int i = 0; i < 300; i++) {
    length += (size_t)snprintf(pattern + length, sizeof pattern - length, "%sx%c%c",
                               i > 0 ? "|" : "", 'a' + i % 26, 'a' + i / 26);
  }
  snprintf(pattern + length, sizeof pattern - length, ")y");
  jrx *re = compile_or_fail(pattern, 0);
  assert_int_equal(re->search.bytes.kind, PREFILTER_PAIR);
  assert_int_equal(re->search.bytes.needles[0], 'x');
  size_t ovector[2];
  static const char subject[] = "a xzz xbcy xgay";
  assert_int_equal(jrx_match(re, subject, sizeof subject - 1, 0, 0, ovector, 1), 1);
  assert_int_equal(ovector[0], 6);
  assert_int_equal(ovector[1], 10);
  jrx_free(re);
}

/* A counted repeat is no exact set of half a megabyte (a{2,1000} was 999
 * literals, aa to a thousand a): the set's bytes stay within a multiple
 * of the program, and the matches are the same. */
static void test_counted_repeats_make_small_sets(void **state) {
  (void)state;
  static const char *const patterns[] = {"a{2,1000}", "(?:ab|cd){0,200}e"};
  static const char subject[] = "xa abcdabe aaaa";
  static const size_t expected[][2] = {{11, 15}, {3, 10}};
  for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
    jrx *re = compile_or_fail(patterns[i], 0);
    assert_true(re->search.literals.byte_count <= (size_t)(64u << 10) + 16u * re->program.count);
    size_t ovector[2];
    assert_int_equal(jrx_match(re, subject, sizeof subject - 1, 0, 0, ovector, 1), 1);
    assert_int_equal(ovector[0], expected[i][0]);
    assert_int_equal(ovector[1], expected[i][1]);
    jrx_free(re);
  }
}

/* ---- Subjects ---------------------------------------------------------- */

static const char *const fixed_subjects[] = {
    "",
    "Sherlock Holmes",
    "xSherlock Holmes",
    "Sherlock Holme",
    "SSherlock HolmesS Sherlock Holmes",
    "the SHERLOCK holmes and sherlock HOLMES",
    "a cat, dogs and cats\n",
    "zebra\nzebra",
    "1999/12/31 and 2024/01/02\n",
    "1999/12/31 23:59:59 x 2024/01/02 00:00:0 7/12\n",
    "singing@home a@b_ caf\xc3\xa9s",
    "mail me@example.com, or you@x.org.",
    "Subject: one\nSubject: two\n",
    "\nSubject:\n",
    "the quick quiet queen; aqua quq",
    "Irene Adler met Watson; Holmes watched\n",
    "k\xe2\x84\xaa Sherloc\xe2\x84\xaa HOLMES sherlock holmes",
    "caf\xc3\xa9 Caf\xc3\x89 \xc3\xa9t\xc3\xa9",
    "zqzqzx zq\nzq",
    "running singing ring ing",
};
#define FIXED_SUBJECT_COUNT (sizeof fixed_subjects / sizeof fixed_subjects[0])

/* The bytes random subjects are made of: every pattern's interesting ones,
 * newlines, and a UTF-8 character. */
static const char *const random_pieces[] = {
    "S", "s", "h", "H", "e", "r", "l", "o", "c", "k", "K", " ", "\n", "Holmes", "Sherlock",
    "sherlock holmes", "1", "9", "/", "@", ".", "x", "z", "q", "u", "ing", "cat", "dog",
    "\xe2\x84\xaa", "\xc3\xa9", "Adler", "Subject:", "zq", "12:30", "2024/01/02 "};
#define RANDOM_PIECE_COUNT (sizeof random_pieces / sizeof random_pieces[0])

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 8;
}

/* Pieces joined up to a random length; the piece that does not fit is
 * left out whole, so UTF-8 subjects stay valid. */
static size_t random_subject(uint32_t *seed, char subject[MAX_SUBJECT + 1]) {
  size_t limit = next_random(seed) % MAX_SUBJECT;
  size_t length = 0;
  subject[0] = '\0';
  while (length < limit) {
    size_t room = limit - length;
    const char *piece = random_pieces[next_random(seed) % RANDOM_PIECE_COUNT];
    int written = snprintf(subject + length, room + 1, "%s", piece);
    if (written < 0 || (size_t)written > room) {
      subject[length] = '\0';
      return length;
    }
    length += (size_t)written;
  }
  return length;
}

/* ---- Skipped positions start no match ------------------------------- */

static const char *const skipping_patterns[] = {
    "Sherlock Holmes", "(?i)sherlock holmes", "(?i)zq", "(?:cat|dog)s", "\\d{4}/\\d\\d", "[a-z]@[a-z]",
    "Sherlock|Holmes|Watson|Irene|Adler", "\\d+", "(?m)^Subject:", "\\bqu", "zq|zx",
    "k.",
};

/* Every position from `from` up to the candidate (or the end) is one
 * where an anchored match fails. */
static void check_candidates(const jrx *re, const char *pattern, const char *subject,
                             size_t length) {
  const prefilter *filter = &re->search.bytes;
  size_t ovector[2];
  for (size_t from = 0; from < length; from++) {
    size_t hits = 0;
    size_t candidate =
        prefilter_next_candidate(filter, (const unsigned char *)subject, length, from, &hits);
    if (candidate != SIZE_MAX && (candidate < from || candidate >= length)) {
      fail_msg("/%s/ on \"%s\" from %zu: candidate %zu out of range", pattern, subject, from,
               candidate);
    }
    size_t stop = candidate == SIZE_MAX ? length + 1 : candidate;
    for (size_t position = from; position < stop; position++) {
      int status = jrx_match(re, subject, length, position, JRX_ANCHORED, ovector, 1);
      if (status > 0) {
        fail_msg("/%s/ on \"%s\": the search from %zu skips a match at %zu", pattern, subject,
                 from, position);
      }
    }
  }
}

static void test_skipped_positions_start_no_match(void **state) {
  (void)state;
  static const uint32_t compile_options[] = {0, JRX_UTF};
  uint32_t seed = 12345u;
  char subject[MAX_SUBJECT + 1];
  for (size_t p = 0; p < sizeof skipping_patterns / sizeof skipping_patterns[0]; p++) {
    for (size_t o = 0; o < sizeof compile_options / sizeof compile_options[0]; o++) {
      jrx *re = compile_or_fail(skipping_patterns[p], compile_options[o]);
      if (re->search.bytes.kind == PREFILTER_NONE) {
        fail_msg("/%s/ (options %#x) has no prefilter", skipping_patterns[p], compile_options[o]);
      }
      for (size_t s = 0; s < FIXED_SUBJECT_COUNT; s++) {
        check_candidates(re, skipping_patterns[p], fixed_subjects[s], strlen(fixed_subjects[s]));
      }
      for (int r = 0; r < RANDOM_SUBJECTS; r++) {
        size_t length = random_subject(&seed, subject);
        check_candidates(re, skipping_patterns[p], subject, length);
      }
      jrx_free(re);
    }
  }
}

/* ---- With the prefilter == without ------------------------------------ */

static const char *const equivalence_patterns[] = {
    "Sherlock Holmes",
    "sherlock holmes",
    "Holmes$",
    "(?m)Holmes$",
    "(?m)^Subject:",
    "^Subject:",
    "\\bqu\\w*",
    "\\Bq",
    "(?:cat|dog)s?",
    "(c)(a)t|(d)og",
    "\\d{4}/\\d\\d/\\d\\d",
    "[a-z]+@[a-z]+(?:\\.[a-z]+)+",
    "Sherlock|Holmes|Watson|Irene|Adler",
    "\\d+",
    "k.",
    "caf\xc3\xa9",
    "\xe2\x84\xaa|z",
    "e$",
    "x\\z",
    "x\\Z",
    "[^\\x00-\\xff]",
    "\\Gzq|zx",
    "a*",
    /* Sequences of byte sets, found without the DFA: groups placed by
     * the bounds, more offsets than the prefix sets hold, UTF-8. */
    "(\\d)/(\\d\\d)",
    "\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d",
    "\xc3\xa9[a-z]",
    /* Required bytes looked for before the DFA. */
    "[a-z]+ing",
    "\\w+@\\w",
};

static const uint32_t equivalence_compile_options[] = {
    0, JRX_CASELESS, JRX_MULTILINE, JRX_UTF, JRX_UTF | JRX_CASELESS, JRX_DOTALL | JRX_UNGREEDY,
};

static const uint32_t equivalence_match_options[] = {
    0,          JRX_NOTBOL,          JRX_NOTEOL,   JRX_NOTBOL | JRX_NOTEOL,
    JRX_NOTEMPTY, JRX_NOTEMPTY_ATSTART, JRX_ANCHORED,
};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* The pattern compiled twice: with its prefilter, and with none. */
typedef struct pattern_pair {
  const char *pattern;
  uint32_t options;
  jrx *filtered;
  jrx *plain;
} pattern_pair;

static void compare_on_subject(const pattern_pair *pair, const char *subject, size_t length) {
  for (size_t start = 0; start <= length; start++) {
    for (size_t m = 0; m < COUNT_OF(equivalence_match_options); m++) {
      uint32_t options = equivalence_match_options[m];
      size_t with[2 * MAX_PAIRS];
      size_t without[2 * MAX_PAIRS];
      memset(with, 0xa5, sizeof with);
      memset(without, 0xa5, sizeof without);
      int status_with = jrx_match(pair->filtered, subject, length, start, options, with, MAX_PAIRS);
      int status_without =
          jrx_match(pair->plain, subject, length, start, options, without, MAX_PAIRS);
      if (status_with != status_without ||
          (status_with > 0 &&
           memcmp(with, without, 2 * (size_t)status_with * sizeof with[0]) != 0)) {
        fail_msg("/%s/ (compile %#x, match %#x) on \"%s\" from %zu: %d [%zu, %zu) with the "
                 "prefilter, %d [%zu, %zu) without",
                 pair->pattern, pair->options, options, subject, start, status_with, with[0],
                 with[1], status_without, without[0], without[1]);
      }
    }
  }
}

static void test_same_results_as_without(void **state) {
  (void)state;
  uint32_t seed = 777u;
  char subject[MAX_SUBJECT + 1];
  size_t filtered_patterns = 0;
  for (size_t p = 0; p < COUNT_OF(equivalence_patterns); p++) {
    for (size_t o = 0; o < COUNT_OF(equivalence_compile_options); o++) {
      pattern_pair pair = {equivalence_patterns[p], equivalence_compile_options[o], NULL, NULL};
      pair.filtered = compile_or_fail(pair.pattern, pair.options);
      pair.plain = compile_or_fail(pair.pattern, pair.options);
      pair.plain->search.strategy = SEARCH_STRATEGY_DFA;
      pair.plain->program.required_byte_count = 0;
      filtered_patterns += pair.filtered->search.strategy != SEARCH_STRATEGY_DFA;
      for (size_t s = 0; s < FIXED_SUBJECT_COUNT; s++) {
        compare_on_subject(&pair, fixed_subjects[s], strlen(fixed_subjects[s]));
      }
      for (int r = 0; r < RANDOM_SUBJECTS; r++) {
        size_t length = random_subject(&seed, subject);
        compare_on_subject(&pair, subject, length);
      }
      jrx_free(pair.filtered);
      jrx_free(pair.plain);
    }
  }
  /* Most of the table must actually exercise skipping. */
  assert_true(filtered_patterns * 2 > COUNT_OF(equivalence_patterns) *
                                          COUNT_OF(equivalence_compile_options));
}

/* ---- The dense path's skip to one-byte prefixes -------------------- */

/* Patterns whose few prefixes include a single byte, rare enough for the
 * dense path to look for (search_plan.dense_skips), and whose matches
 * depend on the byte before them (\b, ^ in multiline mode), end in \X,
 * or go on while word bytes do; then patterns the dense path steps the
 * DFA for from every byte: too common a byte (space), or prefixes of two
 * bytes, which the skipping strategy takes. All in UTF mode: a single
 * byte alone has the byte prefilter. */
static const struct {
  const char *pattern;
  bool skips;
} dense_skip_cases[] = {
    {"[a\xd0\xbe\xe7\x9a\x84]\\X", true},
    {"([a\xd0\xbe\xe7\x9a\x84])\\X", true},
    {"\\b[a\xd0\xbe\xe7\x9a\x84]\\w*", true},
    {"(?m)^[a\xd0\xbe\xe7\x9a\x84].", true},
    {"(?:a|\xd0\xbe)\\w+", true},
    {"[ a]\\w", false},
    {"ab\\X", false},
};

/* Every match of an iteration from start on a match data (the dense
 * path's searches, a run of matches found ahead included), into found
 * (pairs, at most capacity); how many. */
static size_t iterate_dense(const jrx *re, jrx_match_data *data, const char *subject,
                            size_t length, size_t start, uint32_t options, size_t *found,
                            size_t capacity) {
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, subject, length, start, options);
  jrx_iterator_set_match_data(&iterator, data);
  size_t count = 0;
  size_t pair[2];
  while (jrx_iterator_next(&iterator, pair, 1) >= 0) {
    assert_true(count < capacity);
    found[2 * count] = pair[0];
    found[2 * count + 1] = pair[1];
    count++;
  }
  return count;
}

/* Matches a few bytes apart, and others more than a dense run's window
 * (DFA_DENSE_AHEAD_BYTES) apart or with a near miss between, from every
 * start offset: the same matches with the skip as with the DFA from every
 * byte (the same pattern, its skip turned off). */
static void test_dense_path_skips_to_one_byte_prefixes(void **state) {
  (void)state;
  static const char *const pieces[] = {"a", "\xd0\xbe", "\xe7\x9a\x84", "\xe7\x9a\x85", "\xd0\xbf",
                                       "x12", "yz9", "y", "\n", " ", "ab", "a\xcc\x81", "-", "1"};
  enum { SUBJECT_BYTES = 700, MAX_MATCHES = SUBJECT_BYTES };
  char subject[SUBJECT_BYTES + 8];
  static size_t with[2 * MAX_MATCHES];
  static size_t without[2 * MAX_MATCHES];
  uint32_t seed = 9173u;
  for (size_t p = 0; p < COUNT_OF(dense_skip_cases); p++) {
    jrx *skipping = compile_or_fail(dense_skip_cases[p].pattern, JRX_UTF);
    jrx *plain = compile_or_fail(dense_skip_cases[p].pattern, JRX_UTF);
    if (skipping->search.dense_skips != dense_skip_cases[p].skips) {
      fail_msg("/%s/: dense skip %d, expected %d", dense_skip_cases[p].pattern,
               (int)skipping->search.dense_skips, (int)dense_skip_cases[p].skips);
    }
    plain->search.dense_skips = false;
    jrx_match_data *skipping_data;
    jrx_match_data *plain_data;
    assert_int_equal(jrx_match_data_create(skipping, &skipping_data), 0);
    assert_int_equal(jrx_match_data_create(plain, &plain_data), 0);
    for (int round = 0; round < 6; round++) {
      /* Filler runs of up to 300 bytes between pieces. */
      size_t length = 0;
      while (length < SUBJECT_BYTES - 300) {
        size_t filler = next_random(&seed) % (round % 2 == 0 ? 300 : 12);
        memset(subject + length, round < 2 ? 'q' : '.', filler);
        length += filler;
        const char *piece = pieces[next_random(&seed) % COUNT_OF(pieces)];
        memcpy(subject + length, piece, strlen(piece));
        length += strlen(piece);
      }
      for (size_t start = 0; start <= length; start++) {
        if (((unsigned char)subject[start] & 0xc0u) == 0x80u) {
          continue;
        }
        size_t count_with =
            iterate_dense(skipping, skipping_data, subject, length, start, 0, with, MAX_MATCHES);
        size_t count_without =
            iterate_dense(plain, plain_data, subject, length, start, 0, without, MAX_MATCHES);
        if (count_with != count_without ||
            memcmp(with, without, 2 * count_with * sizeof with[0]) != 0) {
          fail_msg("/%s/ from %zu: %zu matches with the skip, %zu without (round %d)",
                   dense_skip_cases[p].pattern, start, count_with, count_without, round);
        }
      }
    }
    jrx_match_data_free(skipping_data);
    jrx_match_data_free(plain_data);
    jrx_free(skipping);
    jrx_free(plain);
  }
}

/* Matches at the very start and the very end of long subjects, where the
 * vector search's 16-byte blocks meet the byte-at-a-time tail. */
static void test_matches_at_the_edges(void **state) {
  (void)state;
  static const char *const patterns[] = {"zq", "(?i)zq", "Adler|Irene|Holmes", "\\d/\\d"};
  static const char *const needles[] = {"zq", "ZQ", "Irene", "1/2"};
  char subject[200];
  for (size_t p = 0; p < COUNT_OF(patterns); p++) {
    jrx *re = compile_or_fail(patterns[p], 0);
    assert_int_not_equal(re->search.bytes.kind, PREFILTER_NONE);
    size_t needle_length = strlen(needles[p]);
    for (size_t length = needle_length; length < sizeof subject; length += 7) {
      for (size_t at = 0; at + needle_length <= length; at += at < 40 ? 1 : 13) {
        memset(subject, '-', length);
        memcpy(subject + at, needles[p], needle_length);
        size_t ovector[2];
        for (size_t start = 0; start <= at; start += 5) {
          assert_int_equal(jrx_match(re, subject, length, start, 0, ovector, 1), 1);
          assert_int_equal(ovector[0], at);
          assert_int_equal(ovector[1], at + needle_length);
        }
        assert_int_equal(jrx_match(re, subject, length, at + 1, 0, ovector, 1), JRX_NOMATCH);
        assert_int_equal(jrx_match(re, subject, at + needle_length - 1, 0, 0, ovector, 1),
                         JRX_NOMATCH);
      }
    }
    jrx_free(re);
  }
}

/* A DFA with far more states than a tiny cache holds, so the cache is
 * emptied while the search skips (the skip state's id goes stale): the
 * answers stay those of dfa_search. */
static void test_cache_emptied_while_skipping(void **state) {
  (void)state;
  jrx *re = compile_or_fail("q[a-z]*z[a-z]{8}", 0);
  assert_int_equal(re->search.bytes.kind, PREFILTER_MEMCHR);
  dfa_limits limits;
  dfa_default_limits(&limits);
  limits.memory_budget = 1024;
  limits.min_bytes_per_state = 0; /* never give up: keep emptying */
  dfa_cache *cache;
  assert_int_equal(dfa_cache_create(re->automaton, &limits, &cache), 0);
  static const char letters[] = "qzzab   ";
  unsigned char subject[3000];
  uint32_t seed = 99u;
  for (size_t i = 0; i < sizeof subject; i++) {
    subject[i] = (unsigned char)letters[next_random(&seed) % (sizeof letters - 1)];
  }
  dfa_stats stats = {0};
  for (size_t start = 0; start < sizeof subject; start += 37) {
    size_t with[2] = {0, 0};
    size_t without[2] = {0, 0};
    int status_with = prefilter_search(&re->search.bytes, re->automaton, cache, subject,
                                       sizeof subject, start, 0, &with[0], &with[1], &stats);
    int status_without = dfa_search(re->automaton, cache, subject, sizeof subject, start, 0,
                                    &without[0], &without[1], NULL);
    assert_int_equal(status_with, status_without);
    assert_memory_equal(with, without, sizeof with);
  }
  assert_true(stats.cache_resets > 0);
  dfa_cache_destroy(cache);
  jrx_free(re);
}

/* A candidate function that reports every position, counting its calls:
 * the densest prefilter there can be. */
static size_t every_position(const void *context, const unsigned char *subject, size_t length,
                             size_t from, size_t *hits) {
  (void)subject;
  (void)length;
  size_t *calls = (size_t *)(uintptr_t)context;
  (*calls)++;
  (*hits)++;
  return from;
}

/* Candidates every byte or so cost more than they skip: after
 * DFA_SKIP_PROBATION of them the scan stops asking, and answers as
 * dfa_search does. */
static void test_dense_candidates_stop_skipping(void **state) {
  (void)state;
  assert_true(dfa_skipping_pays(DFA_SKIP_PROBATION - 1, 0));
  assert_false(dfa_skipping_pays(DFA_SKIP_PROBATION, DFA_SKIP_PROBATION * DFA_SKIP_MIN_ADVANCE - 1));
  assert_true(dfa_skipping_pays(DFA_SKIP_PROBATION, DFA_SKIP_PROBATION * DFA_SKIP_MIN_ADVANCE));
  jrx *re = compile_or_fail("agggtaaa|tttaccct", 0);
  dfa_cache *cache;
  dfa_limits limits;
  dfa_default_limits(&limits);
  assert_int_equal(dfa_cache_create(re->automaton, &limits, &cache), 0);
  static const char bases[] = "acgt";
  unsigned char subject[20000];
  uint32_t seed = 4242u;
  for (size_t i = 0; i < sizeof subject; i++) {
    subject[i] = (unsigned char)bases[next_random(&seed) % 4];
  }
  memcpy(subject + sizeof subject - 8, "tttaccct", 8);
  for (size_t start = 0; start < sizeof subject; start += 997) {
    size_t calls = 0;
    size_t with[2] = {0, 0};
    size_t without[2] = {0, 0};
    int status_with = dfa_search_skipping(re->automaton, cache, subject, sizeof subject, start, 0,
                                          every_position, &calls, &with[0], &with[1], NULL);
    int status_without = dfa_search(re->automaton, cache, subject, sizeof subject, start, 0,
                                    &without[0], &without[1], NULL);
    assert_int_equal(status_with, status_without);
    assert_memory_equal(with, without, sizeof with);
    assert_true(calls <= DFA_SKIP_PROBATION);
  }
  dfa_cache_destroy(cache);
  jrx_free(re);
}

/* A skipping search first tries the match at its first candidate (no
 * backward scan when one starts there): hits and misses answer as
 * dfa_search does, and once a quarter of the tries miss after
 * DFA_CANDIDATE_PROBATION misses, the cache's searches stop trying. */
static void test_candidate_tries_answer_and_stand_down(void **state) {
  (void)state;
  jrx *re = compile_or_fail("a[bc]+d", 0);
  dfa_cache *cache;
  dfa_limits limits;
  dfa_default_limits(&limits);
  assert_int_equal(dfa_cache_create(re->automaton, &limits, &cache), 0);
  static const unsigned char subject[] = "abcd xx abd ab abcbd a ad abbbd";
  for (int round = 0; round < 3; round++) {
    for (size_t start = 0; start < sizeof subject; start++) {
      size_t calls = 0;
      size_t with[2] = {0, 0};
      size_t without[2] = {0, 0};
      int status_with = dfa_search_skipping(re->automaton, cache, subject, sizeof subject - 1,
                                            start, 0, every_position, &calls, &with[0], &with[1],
                                            NULL);
      int status_without = dfa_search(re->automaton, cache, subject, sizeof subject - 1, start,
                                      0, &without[0], &without[1], NULL);
      assert_int_equal(status_with, status_without);
      assert_memory_equal(with, without, sizeof with);
    }
  }
  assert_true(cache->candidate_tries > cache->candidate_misses);
  assert_int_equal(cache->candidate_misses, DFA_CANDIDATE_PROBATION);
  assert_true(4 * cache->candidate_misses > cache->candidate_tries);
  dfa_cache_destroy(cache);
  jrx_free(re);
}

/* A sequence of byte sets whose prefilter hits text every few bytes
 * where matches are rare: the candidates stop paying, and the DFA takes
 * over, for that search and the cache's later ones, with the answers of
 * dfa_search. */
static void test_dense_sequence_candidates_go_to_the_dfa(void **state) {
  (void)state;
  jrx *re = compile_or_fail("a[at]{3}tttttt", 0);
  assert_int_equal(re->program.sequence_length, 10);
  assert_int_not_equal(re->search.bytes.kind, PREFILTER_NONE);
  dfa_cache *cache;
  dfa_limits limits;
  dfa_default_limits(&limits);
  assert_int_equal(dfa_cache_create(re->automaton, &limits, &cache), 0);
  unsigned char subject[5000];
  uint32_t seed = 5150u;
  for (size_t i = 0; i < sizeof subject; i++) {
    subject[i] = (unsigned char)"at"[next_random(&seed) % 2];
  }
  for (size_t start = 0; start < sizeof subject; start += 97) {
    size_t with[2] = {0, 0};
    size_t without[2] = {0, 0};
    int status_with = prefilter_search(&re->search.bytes, re->automaton, cache, subject,
                                       sizeof subject, start, 0, &with[0], &with[1], NULL);
    int status_without = dfa_search(re->automaton, cache, subject, sizeof subject, start, 0,
                                    &without[0], &without[1], NULL);
    assert_int_equal(status_with, status_without);
    assert_memory_equal(with, without, sizeof with);
  }
  assert_true(cache->sequence_stood_down);
  dfa_cache_destroy(cache);
  jrx_free(re);
}

/* Whether one of program's required bytes occurs in subject[from ..
 * length), byte by byte. */
static int required_byte_in(const nfa_program *program, const unsigned char *subject,
                            size_t length, size_t from) {
  for (size_t at = from; at < length; at++) {
    if (memchr(program->required_bytes, subject[at], program->required_byte_count) != NULL) {
      return 1;
    }
  }
  return 0;
}

/* The required-byte check reads subjects of 16 to 32 bytes 16 at a time
 * (the last vector overlapping), and on arm64 those of under 8 bytes one
 * by one and of 8 to 15 bytes 8 at a time, others with memchr: it
 * answers as a byte loop does, and jrx_match as
 * dfa_search does, for subjects of every length around those bounds,
 * with each required byte at the start, the middle, the end or nowhere,
 * from every start offset. */
static void test_required_bytes_near_and_far(void **state) {
  (void)state;
  static const char *const patterns[] = {"[a-z]+ing", "(?i)[a-z]+ing",
                                         "[\\w.+-]+@[\\w-]+\\.\\w+"};
  static const char filler[] = "xy.zab-qn";
  for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
    jrx *re = compile_or_fail(patterns[p], 0);
    assert_true(re->program.required_byte_count > 0);
    dfa_cache *cache;
    dfa_limits limits;
    dfa_default_limits(&limits);
    assert_int_equal(dfa_cache_create(re->automaton, &limits, &cache), 0);
    unsigned char subject[72];
    for (size_t length = 0; length <= sizeof subject; length++) {
      for (int place = 0; place < 4 * (int)re->program.required_byte_count; place++) {
        for (size_t i = 0; i < length; i++) {
          subject[i] = (unsigned char)filler[i % (sizeof filler - 1)];
        }
        size_t at = place % 4 == 0 ? 0 : place % 4 == 1 ? length / 2 : length - 1;
        if (place % 4 < 3 && length > 0) {
          subject[at] = re->program.required_bytes[place / 4];
        }
        for (size_t start = 0; start <= length; start++) {
          assert_int_equal(prefilter_required_byte_occurs(&re->program, subject, length, start),
                           required_byte_in(&re->program, subject, length, start));
          size_t ovector[2] = {0, 0};
          size_t expected[2] = {0, 0};
          int found = jrx_match(re, (const char *)subject, length, start, 0, ovector, 1);
          int wanted = dfa_search(re->automaton, cache, subject, length, start, 0, &expected[0],
                                  &expected[1], NULL);
          assert_int_equal(found, wanted);
          if (found == 1) {
            assert_memory_equal(ovector, expected, sizeof expected);
          }
        }
      }
    }
    dfa_cache_destroy(cache);
    jrx_free(re);
  }
}

/* A short subject (up to 64 bytes from the start offset) searched by
 * the portable engine skipping to a byte set is first looked through for
 * a candidate, and has no match without one: jrx_match answers as
 * dfa_search does for subjects of every length up to 24 and around that
 * bound (60 to 72), with
 * a match, a candidate that fails or neither at the start, the middle or
 * the end, from every start offset, on the default engine and
 * JRX_NO_JIT. */
static void test_short_subjects_without_candidates(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    const char *match; /* a match, placed in the subject */
    const char *miss;  /* a candidate that is no match */
  } cases[] = {
      {"\\d{4}-\\d{2}-\\d{2}|(?:January|May|June) \\d{1,2}, \\d{4}", "May 5, 2020", "Ma 5"},
      {"\\b[QXZ]\\w*\\d", "Q12", "Qb"},
      {"(?i)\\bz\\w+y\\b", "Zoey", "zoo"},
  };
  static const char filler[] = "ab.cde-fghi ";
  for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
    for (int engine = 0; engine < 2; engine++) {
      jrx *re = compile_or_fail(cases[c].pattern, engine == 0 ? 0 : JRX_NO_JIT);
      assert_int_equal(re->search.strategy, SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES);
      dfa_cache *cache;
      dfa_limits limits;
      dfa_default_limits(&limits);
      assert_int_equal(dfa_cache_create(re->automaton, &limits, &cache), 0);
      unsigned char subject[72];
      for (size_t length = 0; length <= sizeof subject; length += length == 24 ? 36 : 1) {
        for (int place = 0; place < 7; place++) {
          for (size_t i = 0; i < length; i++) {
            subject[i] = (unsigned char)filler[i % (sizeof filler - 1)];
          }
          const char *put = place == 6 ? "" : place % 2 == 0 ? cases[c].match : cases[c].miss;
          size_t size = strlen(put);
          if (size <= length) {
            size_t at = place < 2 ? 0 : place < 4 ? (length - size) / 2 : length - size;
            memcpy(subject + at, put, size);
          }
          for (size_t start = 0; start <= length; start++) {
            size_t ovector[2] = {0, 0};
            size_t expected[2] = {0, 0};
            int found = jrx_match(re, (const char *)subject, length, start, 0, ovector, 1);
            int wanted = dfa_search(re->automaton, cache, subject, length, start, 0,
                                    &expected[0], &expected[1], NULL);
            assert_int_equal(found, wanted);
            if (found == 1) {
              assert_memory_equal(ovector, expected, sizeof expected);
            }
          }
        }
      }
      dfa_cache_destroy(cache);
      jrx_free(re);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_strategy_selection),
      cmocka_unit_test(test_sequence_and_required_bytes),
      cmocka_unit_test(test_sequence_lanes),
      cmocka_unit_test(test_branchy_start_uses_the_literal_prefix),
      cmocka_unit_test(test_counted_repeats_make_small_sets),
      cmocka_unit_test(test_skipped_positions_start_no_match),
      cmocka_unit_test(test_same_results_as_without),
      cmocka_unit_test(test_matches_at_the_edges),
      cmocka_unit_test(test_dense_path_skips_to_one_byte_prefixes),
      cmocka_unit_test(test_cache_emptied_while_skipping),
      cmocka_unit_test(test_dense_candidates_stop_skipping),
      cmocka_unit_test(test_dense_sequence_candidates_go_to_the_dfa),
      cmocka_unit_test(test_candidate_tries_answer_and_stand_down),
      cmocka_unit_test(test_required_bytes_near_and_far),
      cmocka_unit_test(test_short_subjects_without_candidates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
