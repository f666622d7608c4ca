/* matcher: builds one jrx program from all patterns, (?:p1\E)|(?:p2\E),
 * after compiling each pattern alone so errors point into the pattern the
 * user wrote. -x wraps it as ^(?:...)$. grep -P's -w is
 * (?<!\w)(?:...)(?!\w); the wrapper (?:^|\W)(...)(?:\W|\z) consumes
 * the neighbours instead and capture 1 is the match: both select the
 * same start and, because the neighbour alternatives exclude each other,
 * the same end. (Without --ucp the lazy DFA would run the lookarounds
 * too, one byte deciding each; under --ucp they need the Pike VM.) Next
 * to invalid UTF-8 a stretch edge counts as non-word, as in PCRE2: \z
 * ignores NOTEOL at the end, and a stretch's start is tried first with
 * the anchored program (...)(?:\W|\z), since ^ must keep failing there
 * (NOTBOL). The many-line program ends in (?:\W|$) instead, $ meaning a
 * line end there, and has no capture: it only has to find lines, and a
 * match of it that stays inside a line proves that line has a word match
 * (one that takes a neighbouring newline is checked on its line); when
 * the patterns are plain words it is \b(?:...)\b.
 * When every match of the line program holds one of a few literals,
 * which jrx finds in the program itself
 * (regex/jrx_inner_literals.h), lines without one cannot match, so the
 * search looks for them and tries the line program on the lines that
 * hold one; not when the many-line program's own search jumps to
 * literals (a literal pattern, -w of a word), which finds the lines in
 * one call where the loop would try the line program at every
 * occurrence ("the" in "there").
 * A second program compiled with JRX_MULTILINE searches many lines at
 * once; it is left out when the pattern text could change what ^, $ or
 * subject assertions mean there. Worker threads share the programs
 * through matchers of their own that hold one jrx_match_data each, so a
 * worker's lazy DFA caches stay warm without a compilation per thread.
 * Selecting a line needs no match bounds: where the matches stay in
 * lines, the line around the earliest match end is the first line with
 * a match, which the library finds with the DFA's forward scan alone
 * (regex/jrx_earliest.h), stopping at the first match state. */
#include "matcher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jrx.h"
#include "lines.h"
#include "regex/jrx_earliest.h"
#include "regex/jrx_inner_literals.h"
#include "regex/parse.h"
#include "regex/utf8.h"
#include "report.h"

/* The three programs differ only in the -w wrapper around the patterns. */
enum matcher_variant { MATCHER_LINE, MATCHER_MANY_LINES, MATCHER_WORD_AT_START };

struct matcher {
  jrx *line_program;          /* NULL: no patterns, nothing matches */
  jrx *buffer_program;        /* NULL: search line by line only */
  jrx *word_at_start_program; /* -w only: a match starting at a stretch start */
  jrx_inner_literals *literals; /* NULL, or what every line program match holds */
  bool candidates_in_lines;     /* no match of buffer_program holds a newline */
  bool earliest;                /* jrx_earliest_end answers for buffer_program */
  bool utf;
  bool word; /* the match is capture 1 of the -w wrapper */
  /* A thread's matcher borrows the programs of the matcher it was made
   * from; the first matcher owns them. Every matcher owns a match data
   * for each program (jrx_match's cached ones would cost two atomic
   * operations per call). */
  bool borrows_programs;
  jrx_match_data *line_data, *buffer_data, *word_at_start_data;
};

/* A growable byte string for assembling pattern texts. */
struct text_builder {
  char *data;
  size_t length, capacity;
  bool failed;
};

static void builder_append(struct text_builder *builder, const char *text, size_t length) {
  if (builder->failed) {
    return;
  }
  if (builder->length + length + 1 > builder->capacity) {
    size_t capacity = builder->capacity ? builder->capacity : 64;
    while (builder->length + length + 1 > capacity) {
      capacity *= 2;
    }
    char *data = realloc(builder->data, capacity);
    if (!data) {
      builder->failed = true;
      return;
    }
    builder->data = data;
    builder->capacity = capacity;
  }
  memcpy(builder->data + builder->length, text, length);
  builder->length += length;
  builder->data[builder->length] = '\0';
}

static void builder_append_string(struct text_builder *builder, const char *text) {
  builder_append(builder, text, strlen(text));
}

/* -F: a backslash before every ASCII character that is not a letter or
 * digit makes it literal; letters, digits and bytes of multibyte
 * characters are literal already. */
static void builder_append_quoted(struct text_builder *builder, const char *text, size_t length) {
  for (size_t i = 0; i < length; i++) {
    unsigned char byte = (unsigned char)text[i];
    bool literal = byte >= 0x80 || (byte >= '0' && byte <= '9') ||
                   (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
    if (!literal) {
      builder_append(builder, "\\", 1);
    }
    builder_append(builder, text + i, 1);
  }
}

static void matcher_append_pattern(struct text_builder *builder, const struct pattern_text *pattern,
                                   bool fixed_strings) {
  if (fixed_strings) {
    builder_append_quoted(builder, pattern->text, pattern->length);
  } else {
    builder_append(builder, pattern->text, pattern->length);
  }
}

/* Prints the error with the pattern and a caret under the offending
 * character (columns count characters in UTF mode; tabs are kept). */
static void matcher_report_compile_error(const char *pattern, size_t length, int errcode,
                                         size_t offset, bool utf) {
  char message[256];
  jrx_error_message(errcode, message, sizeof message);
  report_error("%s (at offset %zu of the pattern)", message, offset);
  fputs("  ", stderr);
  fwrite(pattern, 1, length, stderr);
  fputs("\n  ", stderr);
  for (size_t i = 0; i < offset && i < length; i++) {
    unsigned char byte = (unsigned char)pattern[i];
    if (utf && (byte & 0xc0) == 0x80) {
      continue;
    }
    fputc(byte == '\t' ? '\t' : ' ', stderr);
  }
  fputs("^\n", stderr);
}

static jrx *matcher_compile(const char *text, size_t length, uint32_t options, bool utf) {
  int errcode = 0;
  size_t offset = 0;
  jrx *program = jrx_compile(text, length, options, &errcode, &offset);
  if (!program) {
    matcher_report_compile_error(text, length, errcode, offset, utf);
  }
  return program;
}

/* Whether a pattern certainly compiles alone, without compiling it:
 * text made of letters, digits and punctuation with no meaning in a
 * pattern (any text at all with -F, which quotes it), whose bytes above
 * ASCII are valid UTF-8 in UTF mode. Long word lists (-f) then cost one
 * compilation, not one per word. */
static bool matcher_plainly_compiles(const struct pattern_text *pattern, bool fixed_strings,
                                     bool utf) {
  static const char meaningless[] = " _-,;:'\"/!@%&=<>~";
  if (pattern->length > 4096) {
    return false;
  }
  for (size_t i = 0; i < pattern->length && !fixed_strings; i++) {
    unsigned char byte = (unsigned char)pattern->text[i];
    bool plain = byte >= 0x80 || (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                 (byte >= 'A' && byte <= 'Z') || (byte != '\0' && strchr(meaningless, byte));
    if (!plain) {
      return false;
    }
  }
  size_t error_offset;
  return !utf || utf8_validate((const unsigned char *)pattern->text, pattern->length,
                               &error_offset);
}

/* Each pattern alone, so an error is reported against its own text. */
static bool matcher_check_each(const struct pattern_list *patterns,
                               const struct matcher_settings *settings, uint32_t options) {
  for (size_t i = 0; i < patterns->count; i++) {
    if (matcher_plainly_compiles(&patterns->items[i], settings->fixed_strings, settings->utf)) {
      continue;
    }
    struct text_builder single = {0};
    matcher_append_pattern(&single, &patterns->items[i], settings->fixed_strings);
    if (single.failed) {
      free(single.data);
      report_error("memory exhausted");
      return false;
    }
    jrx *program = matcher_compile(single.data ? single.data : "", single.length, options,
                                   settings->utf);
    free(single.data);
    if (!program) {
      return false;
    }
    jrx_free(program);
  }
  return true;
}

/* Whether every pattern is a non-empty run of ASCII word characters, so
 * that every match starts and ends with one and -w's (?<!\w)p(?!\w) is
 * \bp\b, which jrx searches for with a literal prefilter. Not with
 * caseless UTF-8, where k and s also match characters (U+212A, U+017F)
 * that \w does not. */
static bool matcher_patterns_are_words(const struct pattern_list *patterns,
                                       const struct matcher_settings *settings) {
  if (settings->utf && settings->ignore_case) {
    return false;
  }
  for (size_t i = 0; i < patterns->count; i++) {
    const struct pattern_text *pattern = &patterns->items[i];
    if (pattern->length == 0) {
      return false;
    }
    for (size_t j = 0; j < pattern->length; j++) {
      unsigned char byte = (unsigned char)pattern->text[j];
      if (!((byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
            (byte >= 'A' && byte <= 'Z') || byte == '_')) {
        return false;
      }
    }
  }
  return true;
}

/* grep -P -x asks PCRE2 for whole lines (PCRE2_EXTRA_MATCH_LINE) rather
 * than wrapping the text, so the start items (*UTF) and (*UCP) of a single
 * pattern keep working: they go in front of the wrapper, and the pattern
 * goes on after them. (-w wraps the text in grep too, where they fail.) */
static struct pattern_text matcher_hoist_start_items(struct text_builder *builder,
                                                     const struct pattern_list *patterns,
                                                     const struct matcher_settings *settings) {
  struct pattern_text rest = patterns->items[0];
  if (patterns->count == 1 && settings->line && !settings->fixed_strings) {
    uint32_t ignored = 0;
    size_t items = parse_start_items(rest.text, rest.length, &ignored);
    builder_append(builder, rest.text, items);
    rest.text += items;
    rest.length -= items;
  }
  return rest;
}

static void matcher_build_text(struct text_builder *builder, const struct pattern_list *patterns,
                               const struct matcher_settings *settings,
                               enum matcher_variant variant) {
  bool grouped = patterns->count > 1;
  struct pattern_text first = matcher_hoist_start_items(builder, patterns, settings);
  bool word_boundaries = settings->word && !settings->line && variant == MATCHER_MANY_LINES &&
                         matcher_patterns_are_words(patterns, settings);
  if (settings->line) {
    builder_append_string(builder, "^(?:");
  } else if (word_boundaries) {
    builder_append_string(builder, "\\b(?:");
  } else if (settings->word) {
    builder_append_string(builder, variant == MATCHER_WORD_AT_START ? "("
                                   : variant == MATCHER_MANY_LINES  ? "(?:^|\\W)(?:"
                                                                    : "(?:^|\\W)(");
  } else if (!grouped) {
    matcher_append_pattern(builder, &patterns->items[0], settings->fixed_strings);
    return;
  } else {
    builder_append_string(builder, "(?:");
  }
  for (size_t i = 0; i < patterns->count; i++) {
    /* \E ends a \Q the pattern left open, which would quote our ")". */
    builder_append_string(builder, i == 0 ? "(?:" : "|(?:");
    matcher_append_pattern(builder, i == 0 ? &first : &patterns->items[i], settings->fixed_strings);
    builder_append_string(builder, "\\E)");
  }
  if (settings->line) {
    builder_append_string(builder, ")$");
  } else if (word_boundaries) {
    builder_append_string(builder, ")\\b");
  } else if (settings->word) {
    builder_append_string(builder, variant == MATCHER_MANY_LINES ? ")(?:\\W|$)" : ")(?:\\W|\\z)");
  } else {
    builder_append_string(builder, ")");
  }
}

/* Searching many lines at once is only equivalent to searching each line
 * when ^ and $ keep their line meaning: subject assertions (\A \z \Z \G),
 * inline option changes that could clear (?m) and (* verbs rule it out.
 * The test over-approximates: a false alarm only means searching line by
 * line. */
static bool matcher_allows_buffer_search(const char *text, size_t length) {
  for (size_t i = 0; i + 1 < length; i++) {
    char next = text[i + 1];
    if (text[i] == '\\' && (next == 'A' || next == 'z' || next == 'Z' || next == 'G')) {
      return false;
    }
    if (text[i] == '(' && next == '*') {
      return false;
    }
    if (text[i] == '(' && next == '?') {
      for (size_t j = i + 2; j < length && text[j] != ')' && text[j] != ':'; j++) {
        if (text[j] == '-' || text[j] == '^') {
          return false;
        }
      }
    }
  }
  return true;
}

static bool matcher_patterns_allow_buffer_search(const struct pattern_list *patterns) {
  for (size_t i = 0; i < patterns->count; i++) {
    if (!matcher_allows_buffer_search(patterns->items[i].text, patterns->items[i].length)) {
      return false;
    }
  }
  return true;
}

/* The program for all patterns together; errors are reported. */
static jrx *matcher_compile_all(const struct pattern_list *patterns,
                                const struct matcher_settings *settings, uint32_t options,
                                enum matcher_variant variant) {
  struct text_builder text = {0};
  matcher_build_text(&text, patterns, settings, variant);
  if (text.failed) {
    free(text.data);
    report_error("memory exhausted");
    return NULL;
  }
  jrx *program = matcher_compile(text.data ? text.data : "", text.length, options, settings->utf);
  free(text.data);
  return program;
}

/* A match data for program (none for no program). */
static bool matcher_add_match_data(const jrx *program, jrx_match_data **data) {
  return !program || jrx_match_data_create(program, data) == 0;
}

static bool matcher_add_all_match_data(struct matcher *matcher) {
  return matcher_add_match_data(matcher->line_program, &matcher->line_data) &&
         matcher_add_match_data(matcher->buffer_program, &matcher->buffer_data) &&
         matcher_add_match_data(matcher->word_at_start_program, &matcher->word_at_start_data);
}

struct matcher *matcher_create(const struct pattern_list *patterns,
                               const struct matcher_settings *settings, bool *failed) {
  *failed = true;
  struct matcher *matcher = calloc(1, sizeof *matcher);
  if (!matcher) {
    report_error("memory exhausted");
    return NULL;
  }
  matcher->utf = settings->utf;
  matcher->word = settings->word && !settings->line;
  if (patterns->count == 0) {
    *failed = false;
    return matcher;
  }
  uint32_t options = (settings->utf ? JRX_UTF : 0) | (settings->ignore_case ? JRX_CASELESS : 0) |
                     (settings->ucp ? JRX_UCP : 0);
  if (!matcher_check_each(patterns, settings, options)) {
    free(matcher);
    return NULL;
  }
  matcher->line_program = matcher_compile_all(patterns, settings, options, MATCHER_LINE);
  bool compiled = matcher->line_program != NULL;
  if (compiled && matcher_patterns_allow_buffer_search(patterns)) {
    matcher->buffer_program =
        matcher_compile_all(patterns, settings, options | JRX_MULTILINE, MATCHER_MANY_LINES);
    compiled = matcher->buffer_program != NULL;
  }
  matcher->candidates_in_lines =
      compiled && matcher->buffer_program &&
      jrx_inner_literals_excluded_byte(matcher->buffer_program, '\n');
  matcher->earliest = matcher->candidates_in_lines && jrx_earliest_applies(matcher->buffer_program);
  if (compiled && matcher->word) {
    matcher->word_at_start_program =
        matcher_compile_all(patterns, settings, options, MATCHER_WORD_AT_START);
    compiled = matcher->word_at_start_program != NULL;
  }
  bool literals_wanted =
      !matcher->buffer_program || !jrx_inner_literals_searched_by(matcher->buffer_program);
  if (compiled && literals_wanted &&
      jrx_inner_literals_create(matcher->line_program, &matcher->literals) != 0) {
    report_error("memory exhausted");
    compiled = false;
  }
  if (compiled && !matcher_add_all_match_data(matcher)) {
    report_error("memory exhausted");
    compiled = false;
  }
  if (!compiled) {
    matcher_free(matcher);
    return NULL;
  }
  *failed = false;
  return matcher;
}

struct matcher *matcher_create_for_thread(const struct matcher *shared) {
  struct matcher *matcher = calloc(1, sizeof *matcher);
  if (!matcher) {
    return NULL;
  }
  *matcher = (struct matcher){.line_program = shared->line_program,
                              .buffer_program = shared->buffer_program,
                              .word_at_start_program = shared->word_at_start_program,
                              .literals = shared->literals,
                              .candidates_in_lines = shared->candidates_in_lines,
                              .earliest = shared->earliest,
                              .utf = shared->utf,
                              .word = shared->word,
                              .borrows_programs = true};
  if (!matcher_add_all_match_data(matcher)) {
    matcher_free(matcher);
    return NULL;
  }
  return matcher;
}

void matcher_free(struct matcher *matcher) {
  if (!matcher) {
    return;
  }
  jrx_match_data_free(matcher->line_data);
  jrx_match_data_free(matcher->buffer_data);
  jrx_match_data_free(matcher->word_at_start_data);
  if (!matcher->borrows_programs) {
    jrx_inner_literals_free(matcher->literals); /* before the program it was made from */
    jrx_free(matcher->line_program);
    jrx_free(matcher->buffer_program);
    jrx_free(matcher->word_at_start_program);
  }
  free(matcher);
}

/* Runs program; the match reported is the -w wrapper's capture in the
 * line programs, the whole match in the many-line one. */
static int matcher_run(const struct matcher *matcher, const jrx *program, jrx_match_data *data,
                       const char *subject, size_t length, size_t start, uint32_t options,
                       size_t *match_start, size_t *match_end) {
  size_t ovector[4] = {JRX_UNSET, JRX_UNSET, JRX_UNSET, JRX_UNSET};
  int status = jrx_match_with(program, data, subject, length, start, options, ovector, 2);
  if (status == JRX_NOMATCH) {
    return 0;
  }
  if (status < 0) {
    return status;
  }
  size_t pair = matcher->word && program != matcher->buffer_program ? 1 : 0;
  if (ovector[2 * pair] == JRX_UNSET) {
    return JRX_ERROR_INTERNAL;
  }
  *match_start = ovector[2 * pair];
  *match_end = ovector[2 * pair + 1];
  return 1;
}

/* Searches subject with the line program from offset from. With -w the
 * wrapper's (?:^|\W) must be able to consume the character before from,
 * as grep's (?<!\w) looks at it, so the search starts one character
 * earlier; NOTBOL then keeps the match from starting before from. */
static int matcher_search(const struct matcher *matcher, const char *subject, size_t length,
                          size_t from, uint32_t options, size_t *match_start, size_t *match_end) {
  if (matcher->word && from > 0) {
    from--;
    while (matcher->utf && from > 0 && ((unsigned char)subject[from] & 0xc0) == 0x80) {
      from--;
    }
    options |= JRX_NOTBOL;
  }
  return matcher_run(matcher, matcher->line_program, matcher->line_data, subject, length, from,
                     options, match_start, match_end);
}

/* Continuation bytes and bytes no UTF-8 sequence starts with (mbrlen
 * rejects them on their own, where a lead byte is merely incomplete). */
static bool matcher_never_starts_character(char character) {
  unsigned char byte = (unsigned char)character;
  return (byte >= 0x80 && byte <= 0xc1) || byte >= 0xf5;
}

/* A line with invalid UTF-8: each valid stretch is its own subject. ^ and
 * $ keep meaning the line's ends (NOTBOL/NOTEOL inside the line) and the
 * invalid bytes act as non-word characters, as PCRE2 treats them. */
static int matcher_find_in_stretches(const struct matcher *matcher, const char *line,
                                     size_t length, size_t start, size_t *match_start,
                                     size_t *match_end) {
  /* Like grep, bytes that can never start a character are skipped before
   * the search starts, and the search then cannot match ^ there. */
  size_t stretch_start = 0;
  if (start < length && matcher_never_starts_character(line[start])) {
    stretch_start = start;
    while (stretch_start < length && matcher_never_starts_character(line[stretch_start])) {
      stretch_start++;
    }
  }
  for (;;) {
    size_t stretch_end =
        stretch_start + lines_valid_utf8_prefix(line + stretch_start, length - stretch_start);
    if (stretch_end >= start) {
      size_t from = start > stretch_start ? start - stretch_start : 0;
      uint32_t options = (stretch_start > 0 ? JRX_NOTBOL : 0) |
                         (stretch_end < length ? JRX_NOTEOL : 0);
      int status = 0;
      if (matcher->word_at_start_program && stretch_start > 0 && from == 0) {
        status = matcher_run(matcher, matcher->word_at_start_program,
                             matcher->word_at_start_data, line + stretch_start,
                             stretch_end - stretch_start, 0, options | JRX_ANCHORED, match_start,
                             match_end);
      }
      if (status == 0) {
        status = matcher_search(matcher, line + stretch_start, stretch_end - stretch_start, from,
                                options, match_start, match_end);
      }
      if (status != 0) {
        if (status == 1) {
          *match_start += stretch_start;
          *match_end += stretch_start;
        }
        return status;
      }
    }
    if (stretch_end >= length) {
      return 0;
    }
    stretch_start = stretch_end + 1;
  }
}

int matcher_find_in_line(const struct matcher *matcher, const char *line, size_t length,
                         size_t start, size_t *match_start, size_t *match_end) {
  if (!matcher->line_program) {
    return 0;
  }
  int status = matcher_search(matcher, line, length, start, 0, match_start, match_end);
  /* A start inside an invalid sequence may be reported before the subject
   * as a whole is found invalid. */
  if ((status == JRX_ERROR_BAD_UTF || status == JRX_ERROR_BAD_UTF_OFFSET) && matcher->utf) {
    return matcher_find_in_stretches(matcher, line, length, start, match_start, match_end);
  }
  return status;
}

bool matcher_has_required_literal(const struct matcher *matcher) {
  return matcher->literals != NULL;
}

int matcher_find_required_literal(const struct matcher *matcher, const char *text, size_t length,
                                  size_t *at) {
  return jrx_inner_literals_find(matcher->literals, text, length, 0, at);
}

bool matcher_has_candidate_search(const struct matcher *matcher) {
  return matcher->buffer_program != NULL;
}

bool matcher_candidates_stay_in_lines(const struct matcher *matcher) {
  return matcher->candidates_in_lines;
}

int matcher_find_candidate(const struct matcher *matcher, const char *text, size_t length,
                           size_t *match_start, size_t *match_end) {
  return matcher_run(matcher, matcher->buffer_program, matcher->buffer_data, text, length, 0,
                     JRX_NO_UTF_CHECK, match_start, match_end);
}

int matcher_find_candidate_line(const struct matcher *matcher, const char *text, size_t length,
                                size_t *at) {
  if (matcher->earliest) {
    int status = jrx_earliest_end(matcher->buffer_program, matcher->buffer_data, text, length, 0,
                                  JRX_NO_UTF_CHECK, at);
    if (status != JRX_EARLIEST_DECLINED) {
      return status == JRX_NOMATCH ? 0 : status;
    }
  }
  size_t match_end;
  return matcher_find_candidate(matcher, text, length, at, &match_end);
}

size_t matcher_next_character(const struct matcher *matcher, const char *line, size_t length,
                              size_t position) {
  if (matcher->utf) {
    uint32_t code_point;
    size_t width = utf8_decode((const unsigned char *)line + position, length - position,
                               &code_point);
    if (width > 0) {
      return position + width;
    }
  }
  return position + 1;
}
