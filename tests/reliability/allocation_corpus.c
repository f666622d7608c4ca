/* allocation_corpus: the entries and the run. A run appends each answer
 * to its transcript, so two runs agree exactly when every call answered
 * the same. The calls are made twice, on jrx_match's cached match data
 * and then on a jrx_match_data of the run's own, and the two halves of
 * the transcript must agree. */
#include "allocation_corpus.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define OUTPUT_SIZE 2048
#define SUBSTITUTE_OPTIONS (JRX_SUBSTITUTE_GLOBAL | JRX_SUBSTITUTE_UNSET_EMPTY)

/* 300 code points of a class, listed out of order, so that the parser
 * sorts more than a kilobyte of ranges (glibc's qsort would malloc). */
#define SPREAD_CLASS_SIZE 300

static const char long_pattern[] =
    "(?:(\\w+)@(\\w+)\\.(?:com|org|net)|\\d{3}-\\d{4}|[A-Z][a-z]{2,8} [A-Z][a-z]{2,8}"
    "|(?:0x[0-9a-f]{2,8},?){3,6}|\\[(?:[^\\]]{1,20})\\])";

const allocation_entry allocation_corpus[] = {
    {"abc", 0, "xxabcxxabc", "<$0>"},
    {"", 0, "ab", "-"},
    {"a|b|c", 0, "cab", "[$0]"},
    {"colou?r", 0, "color colour", "$0!"},
    {"a*", 0, "baaab", "<$0>"},
    {"a+?b", 0, "aaab ab", "($0)"},
    {"x{3}", 0, "xxxxxxx", "3"},
    {"(ab){2,4}", 0, "abababababab", "[$1]"},
    {"[a-z]{5,}", 0, "hi there neighbour", "W"},
    {"a{2,1000}", 0, "aaaaaaaaaaaaaaaaaaaaaaaaaa", "long"},
    {"(?:ab|cd){0,200}e", 0, "abcdabe", "<$0>"},
    {"[^aeiou ]+", 0, "strength in numbers", "_"},
    {"[[:alpha:]]+[[:digit:]]*", 0, "abc123 de4", "<$0>"},
    {"[[:^space:][:punct:]]+", 0, "a,b; c.d", "|"},
    {"\\d+\\s*\\w+", 0, "12 apples, 3pears", "($0)"},
    {"\\D\\S\\W", 0, "a1 b2 c!", "#"},
    {"\\x41\\x{42}\\103\\o{104}\\cA?", 0, "ABCD", "ok"},
    {"\\t\\n\\r\\f\\e\\a", 0, "\t\n\r\f\x1b\x07", "ctl"},
    {"\\Qa.b*c\\E+", 0, "a.b*cc", "q"},
    {"\\h+\\v?", 0, "a \t b", "_"},
    {"[\\d\\-x]+", 0, "12-x3 y", "n"},
    {"a.c", 0, "abc a\nc", "."},
    {"a.c", JRX_DOTALL, "abc a\nc", "."},
    {"^\\w+$", JRX_MULTILINE, "one\ntwo\nthree", "[$0]"},
    {"^a|b$", 0, "ab\nab", "X"},
    {"\\Aab|cd\\z|ef\\Z", 0, "abcdef\n", "$0$0"},
    {"\\bword\\b", 0, "a word, words, sword word", "W"},
    {"\\Bor\\B", 0, "word order", "OR"},
    {"\\Gab", 0, "ababxab", "-"},
    {"(a)(b)?(c)", 0, "ac abc", "$3$2$1"},
    {"(?<year>\\d{4})-(?<month>\\d\\d)", 0, "on 2024-06 and 1999-12", "${month}/${year}"},
    {"(?P<x>a)(?'y'b)", 0, "abab", "$y$x"},
    {"(?:x(y)z)+", 0, "xyzxyz xyz", "[$1]"},
    {"(a|ab)(c|bcd)(d*)", 0, "abcd", "$1-$2-$3"},
    {"((a)|b)+", 0, "abab", "$1$2"},
    {"(?i)hello", 0, "HeLLo hello HELLO", "hi"},
    {"hello", JRX_CASELESS, "HeLLo", "hi"},
    {"(?i:k)elvin", JRX_UTF, "\xe2\x84\xaa" "elvin Kelvin kElvin", "K"},
    {"\xc3\xa9t\xc3\xa9", JRX_UTF | JRX_CASELESS, "\xc3\x89T\xc3\x89 \xc3\xa9t\xc3\xa9", "summer"},
    {"[\\x{100}-\\x{17f}]+", JRX_UTF, "abc\xc4\x80\xc5\xbf\xc4\x91z", "<$0>"},
    {".", JRX_UTF, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "[$0]"},
    {"[^a]", JRX_UTF, "a\xe2\x82\xac" "b", "."},
    {"\\w+", JRX_UTF | JRX_CASELESS, "\xce\xb1\xce\xb2 abc", "w"},
    {"\\xff+\\x80", 0, "\xff\xff\x80", "B"},
    {"[\\x80-\\xff]+", 0, "ab\x81\xfe" "cd", "H"},
    {"(?m)^$", 0, "a\n\nb\n", "E"},
    {"(?s).+", 0, "line\nline", "all"},
    {"(?x) a b # comment\n c", 0, "abc", "x"},
    {"(?U)a+", 0, "aaa", "<$0>"},
    {"a+", JRX_UNGREEDY, "aaa", "<$0>"},
    {"(?i)(?-i:a)B", 0, "ab aB Ab", "m"},
    {"(?n)(a)(?<n>b)", 0, "ab", "$1"},
    {"abc", JRX_ANCHORED, "abcabc", "A"},
    {"a\\Rb", 0, "a\r\nb a\nb", "R"},
    {"\\N+", 0, "ab\ncd", "N"},
    {"(?:a|b)*?c", 0, "ababc", "<$0>"},
    {"(a*)*", 0, "b", "[$1]"},
    {"(a|)+b", 0, "aab", "$1"},
    {"\\d{1,3}(?:,\\d{3})*", 0, "1,234,567 and 89", "N"},
    {"[a-c]{2}[d-f]{2}[0-9]{3}", JRX_CASELESS, "abDE123 xx aaff999", "id"},
    {long_pattern, 0,
     "mail me@host.org or 555-1234, see John Smith at 0x1f,0xab,0x42 [note] or x@y.net", "<$0>"},
    {long_pattern, JRX_UTF | JRX_CASELESS, "JOHN@EXAMPLE.COM said Hello World", "[$1|$2]"},
    {"(?:[a-z]{3}\\d){8}", 0, "abc1def2ghi3jkl4mno5pqr6stu7vwx8 end", "S"},
    {"(\\w+\\s*){12}", JRX_UTF, "one two three four five six seven eight nine ten eleven twelve",
     "[$1]"},
    /* Capture engines: one-pass (anchored and not) and the backtracker. */
    {"^(\\S+) \\[([^\\]]+)\\] \"(\\w+) ([^\"]*)\"$", 0,
     "10.0.0.1 [05/Dec/2024:10:00:00] \"GET /index.html\"", "$1 $3"},
    {"(\\d{4})-(\\d{2})-(\\d{2})", 0, "from 2024-03-05 to 2025-01-31", "$3.$2.$1"},
    {"(\\w+)=(\"[^\"]*\"|\\S+)", 0, "a=1 msg=\"x y\" b=two", "$1:$2"},
    /* Lookarounds: checked at a position, and answered from tables. */
    {"\\w+(?=\\s)", 0, "one two three", "<$0>"},
    {"^(?=.*\\d)(?=.*[a-z]).{8,}$", JRX_MULTILINE, "password1\npassword\n12345678a", "ok"},
    {"(?<!x{300})b(?!.*c)", 0, "ab cb ab", "B"},
    /* Atomic repeats of \X, rewritten into one-way forms (parse_atomic.c). */
    {"(\\X){1,2}+$", JRX_UTF, "e\xcc\x81x", "[$1]"},
    /* ... and around \X, with lookaheads (G{n,m-1}(?!G), G{n,}(?!G+R)R). */
    {"(?:(a)\\X){1,2}+(?>(\\X)+b)", JRX_UTF, "a\xcc\x81" "axyb", "[$1$2]"},
    /* Runs of \X to the end of the subject, alone with optional items cut
     * to {0} after them, or ending a repeated group (?:G|(?!G)). */
    {"(?:(a)\\X*c?)*+(\\X)|(?>\\X+(b)?)", JRX_UTF, "xa\xcc\x81" "b", "[$1$2$3]"},
    /* A bounded atomic repeat of \X (one branch per count). */
    {"(?>\\X{1,3}a)", JRX_UTF, "bba xa\xcc\x81" "a", "<$0>"},
    /* A last \X after other items: searched as one character, extended. */
    {"([a\xc3\xa9])(\\X)", JRX_UTF, "xa\xcc\x81 \xc3\xa9" "b", "[$1$2]"},
    /* Leading C*X lookaheads searched for X (lookahead_filter.c runs). */
    {"(?=.*\\d)\\w+", 0, "ab cd1 ef\ngh ij", "<$0>"},
    {"(?![^x]*x)\\w", 0, "abxcd", "<$0>"},
    /* A leading lookbehind of fixed bytes searched as a prefix
     * (lookbehind_prefix.c), made only for such patterns. */
    {"(?<=Mr\\. )[A-Z]\\w+", 0, "Mr. Holmes and Mr. Watson", "<$0>"},
    /* A fixed number of characters: starts found with no backward DFA. */
    {"\\p{L}\\d", JRX_UTF, "12 \xd0\x9f" "7 \xe4\xb8\xad" "8 a9", "<$0>"},
    /* Whole matches of a pattern without groups by the capture engine. */
    {"\\w+\\s+\\w+", 0, "one two three four", "<$0>"},
    {NULL, JRX_UTF, "\xc4\x80\xc4\x82\xc8\xa0 z", "<$0>"}, /* the spread class, built below */
};

const size_t allocation_corpus_size = sizeof allocation_corpus / sizeof allocation_corpus[0];

/* [\x{c8a0}\x{c89e}...\x{100}]: even code points from U+0100, descending. */
static const char *spread_class(void) {
  static char pattern[16 + SPREAD_CLASS_SIZE * 10];
  if (pattern[0] == '\0') {
    size_t length = 0;
    pattern[length++] = '[';
    for (int i = SPREAD_CLASS_SIZE - 1; i >= 0; i--) {
      length += (size_t)snprintf(pattern + length, sizeof pattern - length, "\\x{%x}",
                                 0x100 + 2 * (unsigned)i);
    }
    snprintf(pattern + length, sizeof pattern - length, "]+");
  }
  return pattern;
}

const char *allocation_entry_pattern(const allocation_entry *entry) {
  return entry->pattern != NULL ? entry->pattern : spread_class();
}

void allocation_note(allocation_run *run, const char *format, ...) {
  size_t used = strlen(run->transcript);
  va_list arguments;
  va_start(arguments, format);
  vsnprintf(run->transcript + used, sizeof run->transcript - used, format, arguments);
  va_end(arguments);
}

void allocation_note_ovector(allocation_run *run, int found, const size_t *ovector) {
  allocation_note(run, " %d", found);
  for (int pair = 0; pair < found; pair++) {
    if (ovector[2 * pair] == JRX_UNSET) {
      allocation_note(run, " -");
    } else {
      allocation_note(run, " %zu-%zu", ovector[2 * pair], ovector[2 * pair + 1]);
    }
  }
}

/* Records the answer of a call; returns whether the run goes on. */
static int answered(allocation_run *run, int status) {
  if (status < 0 && status != JRX_NOMATCH) {
    run->status = status;
    return 0;
  }
  return 1;
}

/* The calls on data (NULL: the pattern's cached match data). */
static void run_pattern(const jrx *re, jrx_match_data *data, const allocation_entry *entry,
                        allocation_run *run) {
  size_t length = strlen(entry->subject);
  size_t ovector[2 * ALLOCATION_OVECTOR_PAIRS];
  int found =
      jrx_match_with(re, data, entry->subject, length, 0, 0, ovector, ALLOCATION_OVECTOR_PAIRS);
  allocation_note(run, "match");
  allocation_note_ovector(run, found, ovector);
  if (!answered(run, found)) {
    return;
  }
  /* An anchored search (the one-pass DFA alone, where the pattern is one)
   * and one pair (no capture engine, where every match sets a group). */
  found = jrx_match_with(re, data, entry->subject, length, 0, JRX_ANCHORED, ovector,
                         ALLOCATION_OVECTOR_PAIRS);
  allocation_note(run, "; anchored");
  allocation_note_ovector(run, found, ovector);
  if (!answered(run, found)) {
    return;
  }
  found = jrx_match_with(re, data, entry->subject, length, 0, 0, ovector, 1);
  allocation_note(run, "; one pair");
  allocation_note_ovector(run, found > 0 ? 1 : found, ovector);
  if (!answered(run, found)) {
    return;
  }
  jrx_iterator iterator;
  jrx_iterator_init(&iterator, re, entry->subject, length, 0, 0);
  jrx_iterator_set_match_data(&iterator, data);
  allocation_note(run, "; all");
  while ((found = jrx_iterator_next(&iterator, ovector, ALLOCATION_OVECTOR_PAIRS)) >= 0) {
    allocation_note_ovector(run, found, ovector);
  }
  if (!answered(run, found)) {
    return;
  }
  char output[OUTPUT_SIZE];
  size_t output_length = sizeof output;
  int replaced = jrx_substitute_with(re, data, entry->subject, length, 0, SUBSTITUTE_OPTIONS,
                                     entry->replacement, strlen(entry->replacement), output,
                                     &output_length);
  if (answered(run, replaced)) {
    allocation_note(run, "; %d replaced: %.*s", replaced, (int)output_length, output);
  }
}

/* Repeats the calls on a match data of their own; their answers must be
 * the ones the transcript holds so far. */
static void run_with_match_data(const jrx *re, const allocation_entry *entry,
                                allocation_run *run) {
  jrx_match_data *data = NULL;
  int status = jrx_match_data_create(re, &data);
  if (!answered(run, status)) {
    return;
  }
  size_t first_half = strlen(run->transcript);
  allocation_note(run, ALLOCATION_SECOND_HALF);
  size_t second_half = strlen(run->transcript);
  run_pattern(re, data, entry, run);
  jrx_match_data_free(data);
  if (run->status == 0 &&
      (strlen(run->transcript) - second_half != first_half ||
       memcmp(run->transcript, run->transcript + second_half, first_half) != 0)) {
    run->status = JRX_ERROR_INTERNAL;
    allocation_note(run, " | differs from the calls without match data");
  }
}

void allocation_run_entry(const allocation_entry *entry, uint32_t engine_options,
                          const jrx_allocator *allocator, allocation_run *run) {
  *run = (allocation_run){0};
  const char *pattern = allocation_entry_pattern(entry);
  jrx_context *context = NULL;
  int status = jrx_context_create(allocator, NULL, &context);
  if (!answered(run, status)) {
    return;
  }
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile_in_context(pattern, strlen(pattern), entry->options | engine_options,
                                   context, &error, &offset);
  jrx_context_free(context);
  if (re == NULL) {
    run->status = error;
    allocation_note(run, "compile error %d at %zu", error, offset);
    return;
  }
  run_pattern(re, NULL, entry, run);
  if (run->status == 0) {
    run_with_match_data(re, entry, run);
  }
  run->engine = jrx_engine(re);
  jrx_free(re);
}
