/* test_differential: seeded random patterns and subjects (oracle_generate)
 * run through PCRE2 and jrx, comparing compile acceptance, the first
 * match with every capture, and the whole global iteration, and checking
 * that the engine this build must run answered (engine_expectation.h:
 * its name, and the iteration's counts of searches). A
 * divergence is shrunk (deleting pattern and subject characters and
 * options while the same kind of divergence persists) and printed as a C
 * reproducer.
 *   JRX_DIFF_SEED   seed (a number, or "random" for a fresh one; printed)
 *   JRX_DIFF_COUNT  number of cases (default JRX_DIFF_DEFAULT_COUNT) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "engine_expectation.h"
#include "jitmem.h"
#include "jrx.h"
#include "oracle_case.h"
#include "oracle_divergence.h"
#include "oracle_generate.h"
#include "oracle_jrx.h"
#include "oracle_names.h"
#include "oracle_outcome.h"
#include "oracle_pcre2.h"
#include "unsupported_construct.h"

#ifndef JRX_DIFF_DEFAULT_COUNT
#define JRX_DIFF_DEFAULT_COUNT 3000
#endif

#define DEFAULT_SEED 20240611u
/* Low enough that catastrophic backtracking in PCRE2 ends quickly; such
 * cases are inconclusive, not failures. */
#define PCRE2_MATCH_LIMIT 20000u
#define MAX_REPORTED_DIVERGENCES 5
#define MAX_SHRINK_ATTEMPTS 20000

typedef enum verdict {
  VERDICT_AGREE,
  VERDICT_INCONCLUSIVE,
  VERDICT_ACCEPTANCE_DIFFERS, /* one engine compiles the pattern, the other not */
  VERDICT_RESULT_DIFFERS,     /* both compile, the matches differ */
  VERDICT_WRONG_ENGINE        /* the answers agree, but not from the engine this build runs */
} verdict;

static const char *verdict_name(verdict kind) {
  switch (kind) {
    case VERDICT_AGREE: return "agree";
    case VERDICT_INCONCLUSIVE: return "inconclusive";
    case VERDICT_ACCEPTANCE_DIFFERS: return "compile acceptance differs";
    case VERDICT_RESULT_DIFFERS: return "match results differ";
    case VERDICT_WRONG_ENGINE: return "jrx answered on another engine than this build runs";
  }
  return "?";
}

typedef struct run {
  oracle_outcome pcre2;
  oracle_outcome jrx;
} run;

static oracle_case view_of(oracle_generated *generated) {
  oracle_case item;
  memset(&item, 0, sizeof item);
  item.pattern = generated->pattern;
  item.pattern_length = generated->pattern_length;
  item.compile_options = generated->compile_options;
  item.subject = generated->subject;
  item.subject_length = generated->subject_length;
  item.start_offset = generated->start_offset;
  item.match_options = generated->match_options;
  return item;
}

static int same_text(const oracle_text *a, const oracle_text *b) {
  return strcmp(oracle_text_string(a), oracle_text_string(b)) == 0;
}

/* Runs both engines into *result (released by the caller) and judges. */
static verdict judge(oracle_generated *generated, unsigned extra_compile_options, run *result) {
  oracle_case item = view_of(generated);
  oracle_outcome_init(&result->pcre2);
  oracle_outcome_init(&result->jrx);
  assert_int_equal(oracle_run_pcre2(&item, PCRE2_MATCH_LIMIT, &result->pcre2), 0);
  assert_int_equal(oracle_run_jrx(&item, extra_compile_options, &result->jrx), 0);
  oracle_prefer_unoptimized(&item, PCRE2_MATCH_LIMIT, &result->pcre2, &result->jrx);
  if (result->pcre2.inconclusive) return VERDICT_INCONCLUSIVE;
  if (!result->pcre2.compiled) {
    return result->jrx.compiled ? VERDICT_ACCEPTANCE_DIFFERS : VERDICT_AGREE;
  }
  if (!result->jrx.compiled) {
    /* Two refusals the generator cannot steer clear of: \R next to
     * something that could match a newline character, and a quantifier
     * followed by a space and "+" in extended mode, which PCRE2 reads as
     * possessive. */
    int code = result->jrx.compile_code;
    int excused =
        (code == JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE ||
         code == JRX_ERROR_UNSUPPORTED_POSSESSIVE) &&
        unsupported_construct_present(code, generated->pattern, generated->pattern_length,
                                      result->jrx.compile_offset, generated->compile_options);
    return excused ? VERDICT_INCONCLUSIVE : VERDICT_ACCEPTANCE_DIFFERS;
  }
  if (!same_text(&result->pcre2.first, &result->jrx.first) ||
      !same_text(&result->pcre2.all, &result->jrx.all)) {
    return VERDICT_RESULT_DIFFERS;
  }
  return result->jrx.engine_as_expected ? VERDICT_AGREE : VERDICT_WRONG_ENGINE;
}

static void release_run(run *result) {
  oracle_outcome_release(&result->pcre2);
  oracle_outcome_release(&result->jrx);
}

static verdict judge_only(oracle_generated *generated, unsigned extra_compile_options) {
  run result;
  verdict kind = judge(generated, extra_compile_options, &result);
  release_run(&result);
  return kind;
}

typedef struct shrinker {
  unsigned extra_compile_options;
  verdict kind;
  size_t attempts;
} shrinker;

/* Keeps candidate if it still diverges the same way. */
static int try_candidate(shrinker *work, oracle_generated *current, oracle_generated *candidate) {
  if (work->attempts >= MAX_SHRINK_ATTEMPTS) return 0;
  work->attempts++;
  if (judge_only(candidate, work->extra_compile_options) != work->kind) return 0;
  *current = *candidate;
  return 1;
}

/* Deletes runs of characters, long runs first, from text[0..*length). */
static int shrink_text(shrinker *work, oracle_generated *current, int subject) {
  int progress = 0;
  size_t length = subject ? current->subject_length : current->pattern_length;
  for (size_t chunk = length; chunk >= 1; chunk /= 2) {
    size_t position = 0;
    for (;;) {
      length = subject ? current->subject_length : current->pattern_length;
      if (position + chunk > length) break;
      oracle_generated candidate = *current;
      char *text = subject ? candidate.subject : candidate.pattern;
      memmove(text + position, text + position + chunk, length - position - chunk);
      if (subject) {
        candidate.subject_length -= chunk;
        if (candidate.start_offset > candidate.subject_length) {
          candidate.start_offset = candidate.subject_length;
        }
      } else {
        candidate.pattern_length -= chunk;
      }
      if (try_candidate(work, current, &candidate)) {
        progress = 1;
      } else {
        position++;
      }
    }
  }
  return progress;
}

/* Length of the group opening at pattern[open] ("(", "(?:", "(?i-s:",
 * "(?<name>", "(?'name'", "(?P<name>"), or 0 if none starts there. */
static size_t group_opening_length(const char *pattern, size_t length, size_t open) {
  if (pattern[open] != '(') return 0;
  if (open + 1 >= length || pattern[open + 1] != '?') return 1;
  const char *closers = ":)";
  size_t from = open + 2;
  if (from < length && pattern[from] == '\'') {
    closers = "'";
    from++;
  } else if (from < length && (pattern[from] == '<' || pattern[from] == 'P')) {
    closers = ">";
  }
  for (size_t i = from; i < length; i++) {
    if (pattern[i] != '\0' && strchr(closers, pattern[i]) != NULL) {
      return pattern[i] == ')' ? 0 : i - open + 1;
    }
  }
  return 0;
}

/* The ")" closing the group opened at pattern[open], skipping escapes and
 * classes, or length if there is none. */
static size_t group_close(const char *pattern, size_t length, size_t open) {
  size_t depth = 0;
  int in_class = 0;
  for (size_t i = open; i < length; i++) {
    char c = pattern[i];
    if (c == '\\') {
      i++;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = 1;
      if (i + 1 < length && pattern[i + 1] == ']') i++;
    } else if (c == '(') {
      depth++;
    } else if (c == ')' && --depth == 0) {
      return i;
    }
  }
  return length;
}

/* Replaces groups by their contents, which deleting characters one at a
 * time cannot do without unbalancing the parentheses. */
static int shrink_groups(shrinker *work, oracle_generated *current) {
  int progress = 0;
  for (size_t open = 0; open < current->pattern_length; open++) {
    const char *pattern = current->pattern;
    size_t length = current->pattern_length;
    if (open > 0 && pattern[open - 1] == '\\') continue;
    size_t opening = group_opening_length(pattern, length, open);
    size_t close = opening > 0 ? group_close(pattern, length, open) : length;
    if (close == length) continue;
    oracle_generated candidate = *current;
    char *text = candidate.pattern;
    memmove(text + close, text + close + 1, length - close - 1);
    memmove(text + open, text + open + opening, length - 1 - open - opening);
    candidate.pattern_length = length - 1 - opening;
    progress |= try_candidate(work, current, &candidate);
  }
  return progress;
}

static int shrink_options(shrinker *work, oracle_generated *current) {
  int progress = 0;
  for (uint32_t bit = 1; bit != 0; bit <<= 1) {
    oracle_generated candidate = *current;
    if (candidate.compile_options & bit) {
      candidate.compile_options &= ~bit;
      progress |= try_candidate(work, current, &candidate);
    }
    candidate = *current;
    if (candidate.match_options & bit) {
      candidate.match_options &= ~bit;
      progress |= try_candidate(work, current, &candidate);
    }
  }
  if (current->start_offset != 0) {
    oracle_generated candidate = *current;
    candidate.start_offset = 0;
    progress |= try_candidate(work, current, &candidate);
  }
  return progress;
}

static void shrink(oracle_generated *generated, unsigned extra_compile_options, verdict kind) {
  shrinker work = {extra_compile_options, kind, 0};
  int progress = 1;
  while (progress && work.attempts < MAX_SHRINK_ATTEMPTS) {
    progress = shrink_groups(&work, generated);
    progress |= shrink_text(&work, generated, 0);
    progress |= shrink_text(&work, generated, 1);
    progress |= shrink_options(&work, generated);
  }
}

static void print_options(const char *label, uint32_t options) {
  static const struct {
    uint32_t bit;
    const char *name;
  } names[] = {
      {JRX_CASELESS, "JRX_CASELESS"}, {JRX_MULTILINE, "JRX_MULTILINE"},
      {JRX_DOTALL, "JRX_DOTALL"},     {JRX_EXTENDED, "JRX_EXTENDED"},
      {JRX_UTF, "JRX_UTF"},           {JRX_ANCHORED, "JRX_ANCHORED"},
      {JRX_UNGREEDY, "JRX_UNGREEDY"}, {JRX_NO_JIT, "JRX_NO_JIT"},
      {JRX_NOTBOL, "JRX_NOTBOL"},     {JRX_NOTEOL, "JRX_NOTEOL"},
      {JRX_NOTEMPTY, "JRX_NOTEMPTY"}, {JRX_NOTEMPTY_ATSTART, "JRX_NOTEMPTY_ATSTART"},
  };
  printf("  %s", label);
  const char *separator = "";
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    if (options & names[i].bit) {
      printf("%s%s", separator, names[i].name);
      separator = " | ";
    }
  }
  printf("%s\n", *separator == '\0' ? "0" : "");
}

static void print_c_string(const char *label, const char *text, size_t length) {
  oracle_text escaped;
  oracle_text_init(&escaped);
  oracle_text_append_c_escaped(&escaped, text, length);
  printf("  %s\"%s\" (%zu bytes)\n", label, oracle_text_string(&escaped), length);
  oracle_text_release(&escaped);
}

static void print_outcome(const char *label, const oracle_outcome *outcome) {
  if (!outcome->compiled) {
    printf("  %s compile error %s\n", label, oracle_text_string(&outcome->compile_error));
    return;
  }
  printf("  %s first: %s\n  %s all:   %s\n", label, oracle_text_string(&outcome->first), label,
         oracle_text_string(&outcome->all));
  if (outcome->engine != NULL) {
    printf("  %s engine: %s\n", label, outcome->engine);
  }
}

static void report(oracle_generated *generated, unsigned extra_compile_options, verdict kind) {
  printf("\nDIVERGENCE (%s); shrunk reproducer:\n", verdict_name(kind));
  print_c_string("pattern:         ", generated->pattern, generated->pattern_length);
  print_options("compile options: ", generated->compile_options | extra_compile_options);
  print_c_string("subject:         ", generated->subject, generated->subject_length);
  printf("  start offset:    %zu\n", generated->start_offset);
  print_options("match options:   ", generated->match_options);
  run result;
  judge(generated, extra_compile_options, &result);
  print_outcome("PCRE2", &result.pcre2);
  print_outcome("jrx  ", &result.jrx);
  release_run(&result);
}

static uint64_t seed_from_environment(void) {
  const char *text = getenv("JRX_DIFF_SEED");
  if (text == NULL || *text == '\0') return DEFAULT_SEED;
  if (strcmp(text, "random") == 0) return (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)clock();
  return strtoull(text, NULL, 0);
}

static size_t count_from_environment(void) {
  const char *text = getenv("JRX_DIFF_COUNT");
  if (text == NULL || *text == '\0') return JRX_DIFF_DEFAULT_COUNT;
  return (size_t)strtoull(text, NULL, 0);
}

typedef struct tally {
  size_t cases;
  size_t inconclusive;
  size_t rejected; /* by both engines */
  size_t matched;  /* a first match was found */
  size_t divergences;
} tally;

/* Judges one generated case with one engine; on a divergence shrinks a
 * copy and reports it. */
static void check_generated(const oracle_generated *original, unsigned extra_compile_options,
                            size_t index, tally *counts) {
  oracle_generated generated = *original;
  run result;
  verdict kind = judge(&generated, extra_compile_options, &result);
  if (kind == VERDICT_INCONCLUSIVE) counts->inconclusive++;
  if (kind == VERDICT_AGREE && !result.pcre2.compiled) counts->rejected++;
  if (kind == VERDICT_AGREE && strncmp(oracle_text_string(&result.pcre2.first), "match", 5) == 0) {
    counts->matched++;
  }
  if (kind == VERDICT_ACCEPTANCE_DIFFERS || kind == VERDICT_RESULT_DIFFERS ||
      kind == VERDICT_WRONG_ENGINE) {
    counts->divergences++;
    if (counts->divergences <= MAX_REPORTED_DIVERGENCES) {
      printf("\ncase %zu diverges (%s):\n", index, verdict_name(kind));
      if (kind == VERDICT_WRONG_ENGINE) {
        printf("  " ENGINE_EXPECTATION_FAILURE "\n", result.jrx.engine,
               engine_expectation_expected(generated.compile_options | extra_compile_options));
      }
      print_c_string("pattern: ", generated.pattern, generated.pattern_length);
      print_c_string("subject: ", generated.subject, generated.subject_length);
      print_outcome("PCRE2", &result.pcre2);
      print_outcome("jrx  ", &result.jrx);
      shrink(&generated, extra_compile_options, kind);
      report(&generated, extra_compile_options, kind);
    }
  }
  release_run(&result);
}

static int engines_differ(oracle_generated *generated) {
  jrx *preferred = jrx_compile(generated->pattern, generated->pattern_length,
                               generated->compile_options, NULL, NULL);
  jrx *interpreter = jrx_compile(generated->pattern, generated->pattern_length,
                                 generated->compile_options | JRX_NO_JIT, NULL, NULL);
  int differ = preferred != NULL && interpreter != NULL &&
               strcmp(jrx_engine(preferred), jrx_engine(interpreter)) != 0;
  jrx_free(preferred);
  jrx_free(interpreter);
  return differ;
}

static void test_random_cases_agree_with_pcre2(void **state) {
  (void)state;
  uint64_t seed = seed_from_environment();
  size_t count = count_from_environment();
  printf("differential: seed %llu, %zu cases (JRX_DIFF_SEED, JRX_DIFF_COUNT change them)\n",
         (unsigned long long)seed, count);
  tally counts = {0, 0, 0, 0, 0};
  for (size_t i = 0; i < count; i++) {
    oracle_random random;
    /* Each case has its own stream, so a case does not depend on the
     * ones before it. */
    oracle_random_seed(&random, seed ^ (0xd1b54a32d192ed03u * (uint64_t)(i + 1)));
    oracle_generated generated;
    oracle_generate(&random, &generated);
    counts.cases++;
    check_generated(&generated, 0, i, &counts);
    if (engines_differ(&generated)) check_generated(&generated, JRX_NO_JIT, i, &counts);
  }
  printf(
      "differential: %zu cases, %zu matched, %zu rejected by both, %zu inconclusive, "
      "%zu divergences (seed %llu)\n",
      counts.cases, counts.matched, counts.rejected, counts.inconclusive, counts.divergences,
      (unsigned long long)seed);
  assert_int_equal(counts.divergences, 0);
  /* The generator is meant to produce valid patterns and matching
   * subjects; if it stops doing so the test silently tests less. */
  assert_true(counts.inconclusive + counts.rejected <= counts.cases / 10);
  assert_true(counts.matched >= counts.cases / 3);
}

/* The comparison's check of a match data's counts
 * (engine_expectation_stats_met) notices searches that ran on an engine
 * in C though the pattern has native code. Inside a jitmem write scope a
 * thread may not run generated code, so jrx searches on its portable
 * engines there: the lazy DFA (no groups), the Pike VM (a lookahead no
 * byte decides, not at the start), a capture engine (groups). In the
 * JIT build the check must then fail, and pass for the same search
 * outside the scope; elsewhere C engines are what runs. */
static void test_stats_check_notices_portable_searches(void **state) {
  (void)state;
  static const struct {
    const char *pattern;
    size_t counted; /* offset of the C engine's count in jrx_match_stats */
  } cases[] = {
      {"S\\w+k|W\\w+n", offsetof(jrx_match_stats, dfa_searches)},
      {"(\\w)(?=\\w*ck )", offsetof(jrx_match_stats, pike_searches)},
      {"^Mr\\. (\\w+) (\\w+)", offsetof(jrx_match_stats, capture_searches)},
  };
  static const char subject[] = "Mr. Sherlock Holmes and Dr. Watson";
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    jrx *re = jrx_compile(cases[i].pattern, JRX_ZERO_TERMINATED, 0, NULL, NULL);
    assert_non_null(re);
    for (int in_scope = 1; in_scope >= 0; in_scope--) {
      jrx_match_data *data;
      assert_int_equal(jrx_match_data_create(re, &data), 0);
      size_t ovector[6];
      if (in_scope) {
        jitmem_write_begin();
      }
      int result = jrx_match_with(re, data, subject, sizeof subject - 1, 0, 0, ovector, 3);
      if (in_scope) {
        assert_int_equal(jitmem_write_end(), JITMEM_OK);
      }
      assert_true(result > 0);
      jrx_match_stats stats;
      assert_int_equal(jrx_match_data_stats(data, &stats), 0);
      uint64_t counted;
      memcpy(&counted, (const char *)&stats + cases[i].counted, sizeof counted);
      int portable = in_scope || !engine_expectation_native_code();
      print_message("/%s/ %s a write scope: %llu searches by the C engine\n", cases[i].pattern,
                    in_scope ? "in" : "out of", (unsigned long long)counted);
      assert_int_equal(counted > 0, portable);
      assert_int_equal(engine_expectation_stats_met(re, 0, &stats),
                       !(in_scope && engine_expectation_native_code()));
      jrx_match_data_free(data);
    }
    jrx_free(re);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_random_cases_agree_with_pcre2),
      cmocka_unit_test(test_stats_check_notices_portable_searches),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
