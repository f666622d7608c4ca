/* test_class_items: every kind of class item jrx accepts, caseless above
 * all, against PCRE2 10.42's interpreter (its JIT differs from it: under
 * UCP in byte mode it leaves \s out of [[:graph:]\s]). PCRE2 closes only
 * literal members and ranges under case; \p{..}, \w \d \s \h \v, the
 * POSIX classes and their negations keep their members (without UCP,
 * caseless [:upper:] and [:lower:] are [:alpha:]), and so must jrx. And
 * in UTF mode PCRE2 loses the members above 0xff of \D \W \S and
 * [:^name:] in some classes (parse_class.c has the rules): a fuzzer found
 * [^\p{Lowercase}\W\d] matching U+0130 in PCRE2, caseless or not.
 * Checked, each item as a run of it (item+), on a subject of the code
 * points that have other cases (CaseFolding.txt), all of Latin-1 and
 * Latin Extended-A and B, and every STRIDE-th other code point PCRE2
 * 10.42 knows; in byte mode on every byte:
 * - every property jrx accepts (one name for each set of code points) as
 *   \p{..}, \P{..}, in a negated class and beside \W in a negated class,
 *   caseless (test_unicode_properties checks them without on every code
 *   point), in byte mode also under UCP;
 * - \d \s \w \h \v, the POSIX classes and their negations, bare, in a
 *   class and in a negated class;
 * - every ordered pair of a pool of items (properties, sets, POSIX
 *   classes, literals with other cases, characters above 0xff), in a
 *   class and in a negated class (every PAIR_STRIDE-th pair under qemu);
 * these two caseless and not, with and without UCP, in UTF and byte mode
 * (but the items naming characters above 0xff). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine_expectation.h"
#include "jrx.h"
#include "oracle_pcre2.h"
#include "oracle_unicode_data.h"
#include "oracle_unicode_gap.h"
#include "regex/unicode_tables.h"
#include "regex/utf8.h"

/* Under qemu (the arm64 build) every PAIR_STRIDE-th pair is checked, to
 * keep the test near 20 s there as natively. */
#ifndef PAIR_STRIDE
#define PAIR_STRIDE 1
#endif
#define EXIT_SKIPPED 77
#define STRIDE 409
#define MAX_PATTERN 160
#define MAX_REPORTED 4

typedef struct subject {
  char *text;
  size_t length;
  uint32_t utf;             /* JRX_UTF or 0 */
  uint32_t *code_points;    /* of the character starting at each offset */
  unsigned char *jrx_marks; /* per offset: inside a match of jrx's */
  unsigned char *pcre2_marks;
} subject;

static subject utf_subject;
static subject byte_subject;
static size_t items_checked;
static size_t differing_items;

/* The option sets each item is checked under. */
static const uint32_t option_sets[] = {JRX_CASELESS, JRX_CASELESS | JRX_UCP, 0, JRX_UCP};

static int subject_allocate(subject *text, size_t capacity) {
  text->text = malloc(capacity);
  text->code_points = malloc(capacity * sizeof *text->code_points);
  text->jrx_marks = malloc(capacity);
  text->pcre2_marks = malloc(capacity);
  return text->text != NULL && text->code_points != NULL && text->jrx_marks != NULL &&
                 text->pcre2_marks != NULL
             ? 0
             : -1;
}

static void subject_free(subject *text) {
  free(text->text);
  free(text->code_points);
  free(text->jrx_marks);
  free(text->pcre2_marks);
}

/* Marks every code point of CaseFolding.txt (either side of a simple or
 * Turkic folding, the first of a full one) in wanted. */
static int mark_case_folding(unsigned char *wanted) {
  FILE *file = oracle_unicode_open("CaseFolding.txt");
  if (file == NULL) {
    return -1;
  }
  char line[512];
  char *fields[4];
  while (fgets(line, sizeof line, file) != NULL) {
    if (oracle_unicode_split_fields(line, fields, 4) < 3) {
      continue;
    }
    wanted[strtoul(fields[0], NULL, 16)] = 1;
    if (strcmp(fields[1], "F") != 0) {
      wanted[strtoul(fields[2], NULL, 16)] = 1;
    }
  }
  fclose(file);
  return 0;
}

static int build_subjects(void) {
  unsigned char *wanted = calloc(0x110000, 1);
  if (wanted == NULL || subject_allocate(&utf_subject, 0x110000 * 4) != 0 ||
      subject_allocate(&byte_subject, 256) != 0) {
    free(wanted);
    return -1;
  }
  if (mark_case_folding(wanted) != 0) {
    free(wanted);
    return 1;
  }
  for (uint32_t code_point = 0; code_point <= 0x10ffff; code_point++) {
    int sampled = wanted[code_point] || code_point < 0x250 || code_point % STRIDE == 0;
    if (!sampled || (code_point >= 0xd800 && code_point <= 0xdfff) ||
        oracle_unicode_assigned_later(code_point) ||
        oracle_unicode_changed_later(NULL, code_point)) {
      continue;
    }
    utf_subject.code_points[utf_subject.length] = code_point;
    utf_subject.length +=
        utf8_encode(code_point, (unsigned char *)utf_subject.text + utf_subject.length);
  }
  free(wanted);
  utf_subject.utf = JRX_UTF;
  for (unsigned byte = 0; byte < 256; byte++) {
    byte_subject.text[byte] = (char)byte;
    byte_subject.code_points[byte] = byte;
  }
  byte_subject.length = 256;
  return 0;
}

/* Marks the characters of text inside jrx's matches of pattern, searched
 * each from the end of the previous one. */
static void mark_jrx(const char *pattern, uint32_t options, const subject *text) {
  int error = 0;
  size_t offset = 0;
  jrx *re = jrx_compile(pattern, strlen(pattern), options, &error, &offset);
  if (re == NULL) {
    fail_msg("jrx rejects /%s/ (options %#x): %d at %zu", pattern, options, error, offset);
  }
  memset(text->jrx_marks, 0, text->length);
  size_t start = 0;
  size_t ovector[2];
  int rc;
  while ((rc = jrx_match(re, text->text, text->length, start, JRX_NO_UTF_CHECK, ovector, 1)) >
         0) {
    memset(text->jrx_marks + ovector[0], 1, ovector[1] - ovector[0]);
    start = ovector[1];
  }
  if (rc != JRX_NOMATCH) {
    fail_msg("jrx /%s/: match error %d", pattern, rc);
  }
  if (!engine_expectation_met(re, options)) {
    fail_msg(ENGINE_EXPECTATION_FAILURE, jrx_engine(re), engine_expectation_expected(options));
  }
  jrx_free(re);
}

static void mark_pcre2(const char *pattern, uint32_t options, const subject *text) {
  int error = 0;
  size_t offset = 0;
  pcre2_code *code = oracle_pcre2_compile(pattern, strlen(pattern), options, &error, &offset);
  if (code == NULL) {
    fail_msg("PCRE2 rejects /%s/ (options %#x): %d at %zu", pattern, options, error, offset);
  }
  pcre2_match_data *data = pcre2_match_data_create_from_pattern(code, NULL);
  assert_non_null(data);
  memset(text->pcre2_marks, 0, text->length);
  size_t start = 0;
  int rc;
  while ((rc = pcre2_match(code, (PCRE2_SPTR)text->text, text->length, start,
                           PCRE2_NO_UTF_CHECK, data, NULL)) > 0) {
    const PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(data);
    memset(text->pcre2_marks + ovector[0], 1, ovector[1] - ovector[0]);
    start = ovector[1];
  }
  pcre2_match_data_free(data);
  pcre2_code_free(code);
  if (rc != PCRE2_ERROR_NOMATCH) {
    fail_msg("PCRE2 /%s/: match error %d", pattern, rc);
  }
}

/* Each test counts its own items. */
static int reset_counts(void **state) {
  (void)state;
  items_checked = 0;
  differing_items = 0;
  return 0;
}

static const char *options_name(uint32_t options) {
  static char name[8];
  snprintf(name, sizeof name, "%s%s%s", (options & JRX_CASELESS) != 0 ? "i" : "",
           (options & JRX_UTF) != 0 ? "u" : "", (options & JRX_UCP) != 0 ? "p" : "");
  return name;
}

/* The single-character item must match the characters of text PCRE2's
 * does and no others; prints the first ranges of code points where not. */
static void check_item(const char *item, uint32_t options, const subject *text) {
  char pattern[MAX_PATTERN];
  snprintf(pattern, sizeof pattern, "%s+", item);
  options |= text->utf;
  mark_jrx(pattern, options, text);
  mark_pcre2(pattern, options, text);
  items_checked++;
  size_t ranges = 0;
  size_t open = SIZE_MAX; /* the first offset of a differing range */
  size_t last = 0;
  for (size_t offset = 0; offset <= text->length; offset++) {
    int at_end = offset == text->length;
    if (!at_end && text->utf && (text->text[offset] & 0xc0) == 0x80) {
      continue;
    }
    int differs = !at_end && text->jrx_marks[offset] != text->pcre2_marks[offset];
    if (open != SIZE_MAX && (!differs || text->jrx_marks[offset] != text->jrx_marks[open])) {
      if (ranges++ < MAX_REPORTED) {
        print_error("/%s/%s: U+%04X..U+%04X: jrx %s\n", item, options_name(options),
                    text->code_points[open], text->code_points[last],
                    text->jrx_marks[open] ? "matches, PCRE2 does not"
                                          : "does not match, PCRE2 does");
      }
      open = SIZE_MAX;
    }
    if (differs && open == SIZE_MAX) {
      open = offset;
    }
    last = offset;
  }
  differing_items += ranges > 0;
}

/* The item under every option set, in UTF mode and, unless it names a
 * character above 0xff, in byte mode. */
static void check_item_everywhere(const char *item, int bytes_too) {
  for (size_t i = 0; i < sizeof option_sets / sizeof option_sets[0]; i++) {
    check_item(item, option_sets[i], &utf_subject);
    if (bytes_too) {
      check_item(item, option_sets[i], &byte_subject);
    }
  }
}

/* One name for each set of code points a \p name can stand for: the
 * first of each (kind, set, extensions) in jrx's table, and sc: before a
 * script whose extensions differ from it. */
static void test_properties(void **state) {
  (void)state;
  static const char *const forms[] = {"\\p{%s}", "\\P{%s}", "[^\\p{%s}]", "[^\\p{%s}\\W]"};
  for (size_t n = 0; n < unicode_property_name_count; n++) {
    const unicode_property_name *name = &unicode_property_names[n];
    size_t earlier = 0;
    while (earlier < n && (unicode_property_names[earlier].kind != name->kind ||
                           unicode_property_names[earlier].set != name->set ||
                           unicode_property_names[earlier].extensions != name->extensions)) {
      earlier++;
    }
    if (earlier < n) {
      continue;
    }
    char spelled[MAX_PATTERN / 2];
    int script_differs = name->kind == UNICODE_NAME_SCRIPT && name->set != name->extensions;
    for (int script = 0; script <= script_differs; script++) {
      snprintf(spelled, sizeof spelled, "%s%s", script ? "sc:" : "", name->name);
      for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
        char item[MAX_PATTERN];
        snprintf(item, sizeof item, forms[f], spelled);
        check_item(item, JRX_CASELESS, &utf_subject);
        check_item(item, JRX_CASELESS, &byte_subject);
        check_item(item, JRX_CASELESS | JRX_UCP, &byte_subject);
      }
    }
  }
  print_message("%zu items checked, %zu differ from PCRE2\n", items_checked, differing_items);
  assert_int_equal(differing_items, 0);
}

static const char *const posix_names[] = {"alpha", "lower", "upper", "alnum", "ascii",
                                          "blank", "cntrl", "digit", "graph", "print",
                                          "punct", "space", "word",  "xdigit"};

/* \d \s \w \h \v, the POSIX classes and their negations, bare (the
 * escapes), in a class and in a negated class. */
static void test_sets(void **state) {
  (void)state;
  static const char *const escapes[] = {"\\d", "\\D", "\\s", "\\S", "\\w",
                                        "\\W", "\\h", "\\H", "\\v", "\\V"};
  char item[MAX_PATTERN];
  for (size_t e = 0; e < sizeof escapes / sizeof escapes[0]; e++) {
    check_item_everywhere(escapes[e], 1);
    snprintf(item, sizeof item, "[%s]", escapes[e]);
    check_item_everywhere(item, 1);
    snprintf(item, sizeof item, "[^%s]", escapes[e]);
    check_item_everywhere(item, 1);
  }
  for (size_t p = 0; p < sizeof posix_names / sizeof posix_names[0]; p++) {
    for (int negated_class = 0; negated_class <= 1; negated_class++) {
      for (int negated_name = 0; negated_name <= 1; negated_name++) {
        snprintf(item, sizeof item, "[%s[:%s%s:]]", negated_class ? "^" : "",
                 negated_name ? "^" : "", posix_names[p]);
        check_item_everywhere(item, 1);
      }
    }
  }
  print_message("%zu items checked, %zu differ from PCRE2\n", items_checked, differing_items);
  assert_int_equal(differing_items, 0);
}

/* Every ordered pair of these in a class and in a negated class: what
 * decides PCRE2's members above 0xff (properties, negative specials, a
 * positive POSIX class after them, members above 0xff, case variants of
 * literals, UCP) and the sets caseless matching changes or must not. */
static const char *const pool[] = {
    "\\p{Lu}",    "\\P{Ll}",     "\\W",          "\\D",        "\\h",
    "[:alpha:]",   "[:^alpha:]",   "[:upper:]",    "[:ascii:]",   "[:^ascii:]",
    "[:^xdigit:]", "k",            "\\x{b5}",     "\\x{130}",   "\\x{212a}",
};

static int names_code_point_above_byte(const char *item) {
  return strstr(item, "\\x{1") != NULL || strstr(item, "\\x{2") != NULL;
}

static void test_pairs(void **state) {
  (void)state;
  size_t count = sizeof pool / sizeof pool[0];
  char item[MAX_PATTERN];
  for (size_t a = 0; a < count; a++) {
    for (size_t b = 0; b < count; b++) {
      for (int negated = 0; negated <= 1 && (a * count + b) % PAIR_STRIDE == 0; negated++) {
        snprintf(item, sizeof item, "[%s%s%s]", negated ? "^" : "", pool[a], pool[b]);
        check_item_everywhere(item, !names_code_point_above_byte(item));
      }
    }
  }
  print_message("%zu items checked, %zu differ from PCRE2\n", items_checked, differing_items);
  assert_int_equal(differing_items, 0);
}

int main(void) {
  int built = build_subjects();
  if (built != 0) {
    if (built < 0) {
      fprintf(stderr, "out of memory for the subjects\n");
      return 1;
    }
    fprintf(stderr, "CaseFolding.txt not found in %s (JRX_UNICODE_DATA_DIR)\n",
            oracle_unicode_data_directory());
    return EXIT_SKIPPED;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(test_sets, reset_counts),
      cmocka_unit_test_setup(test_pairs, reset_counts),
      cmocka_unit_test_setup(test_properties, reset_counts),
  };
  int failures = cmocka_run_group_tests(tests, NULL, NULL);
  subject_free(&utf_subject);
  subject_free(&byte_subject);
  return failures;
}
