/* test_unsupported_construct: the detectors that decide which rejections
 * the comparisons with PCRE2 excuse. Each unsupported construct, compiled
 * by jrx, is found where jrx reports it; the same text escaped, quoted,
 * commented out or inside a class is not, and neither is a construct
 * jrx runs when a rejection wrongly names it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "jrx.h"
#include "unsupported_construct.h"

typedef struct rejected_case {
  const char *pattern;
  uint32_t options;
  int code;
} rejected_case;

static const rejected_case rejected[] = {
    {"(a)\\1", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE},
    {"(?<n>a)\\k<n>", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE},
    {"(?P<n>a)(?P=n)", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE},
    {"(a)\\g{-1}", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE},
    {"(?>a+)a", 0, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP},
    {"(*atomic:a+)a", 0, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP},
    {"a*+a", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE},
    {"a{2,3}+a", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE},
    {"[[:]<?+<:]", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE},
    {"a?  +a", JRX_EXTENDED, JRX_ERROR_UNSUPPORTED_POSSESSIVE},
    {"(?x)a+ +a", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE},
    {"(?:a\\X*b)++", JRX_UTF, JRX_ERROR_UNSUPPORTED_POSSESSIVE},
    {"(?>\\X{1,5}a)", 0, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP},
    {"(a|(?R))", 0, JRX_ERROR_UNSUPPORTED_RECURSION},
    {"(a)(?-1)", 0, JRX_ERROR_UNSUPPORTED_RECURSION},
    {"(?<n>a)(?&n)", 0, JRX_ERROR_UNSUPPORTED_RECURSION},
    {"(a)\\g<1>", 0, JRX_ERROR_UNSUPPORTED_RECURSION},
    {"(?(1)a|b)", 0, JRX_ERROR_UNSUPPORTED_CONDITIONAL},
    {"a(*SKIP)(*F)|b", 0, JRX_ERROR_UNSUPPORTED_VERB},
    {"[\\Qa-z\\E]+a(*SKIP)z(*F)|b", 0, JRX_ERROR_UNSUPPORTED_VERB},
    {"(*:mark)a", 0, JRX_ERROR_UNSUPPORTED_VERB},
    {"(*UCP)(*UTF)(*CR)a", 0, JRX_ERROR_UNSUPPORTED_VERB},
    {"a(*UCP)", 0, JRX_ERROR_UNSUPPORTED_VERB},
    {"(?C1)a", 0, JRX_ERROR_UNSUPPORTED_CALLOUT},
    {"a\\Cb", 0, JRX_ERROR_UNSUPPORTED_SINGLE_BYTE},
    {"[[:<:]]a", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT},
    {"(*sr:a)", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT},
    {"^b\\G", JRX_MATCH_INVALID_UTF, JRX_ERROR_UNSUPPORTED_CONSTRUCT},
    {"(?iJ)(?<n>a)|(?<n>b)", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT},
    {"(?|(a)|(b))", 0, JRX_ERROR_UNSUPPORTED_BRANCH_RESET},
    {".+\\R", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE},
    {"\\R\\n", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE},
};

static void test_each_rejection_is_found_where_jrx_reports_it(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof rejected / sizeof rejected[0]; i++) {
    const rejected_case *item = &rejected[i];
    int code = 0;
    size_t offset = 0;
    jrx *re = jrx_compile(item->pattern, strlen(item->pattern), item->options, &code, &offset);
    assert_null(re);
    if (code != item->code ||
        !unsupported_construct_present(code, item->pattern, strlen(item->pattern), offset,
                                       item->options)) {
      fail_msg("/%s/: jrx error %d at %zu, expected %d with the construct there", item->pattern,
               code, offset, item->code);
    }
  }
}

typedef struct absent_case {
  const char *pattern;
  uint32_t options;
  int code;      /* the rejection that would be wrong */
  size_t offset; /* where it would be reported */
} absent_case;

/* Rejections no detector may excuse: the construct's text is escaped,
 * quoted, commented out, inside a class, or somewhere else. */
static const absent_case absent[] = {
    {"\\(?=a)", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"\\(?=a)", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 1},
    {"[(?=a)]", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 1},
    {"[\\Q\\E](?=a)]", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 6},
    {"[\\Q\\E^](?=a)]", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 7},
    {"[^](?=a)]", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"[[:alpha:](?=]", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 10},
    {"\\Q(?=a)\\E", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 2},
    {"(?#(?=a))b", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"a #(?=b)\n", JRX_EXTENDED, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"a(?=b)", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    /* Lookarounds jrx checks at a position are no excuse. */
    {"a(?=b)", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 1},
    {"(?<!\\\\)\"", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"(*pla:\\d{3})", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"(?=[*+]{2})", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"(?=(?:ab|c)?\\*)", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    /* Nor are lookarounds of unbounded length, which tables answer. */
    {"a(?=b+)", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 1},
    {"(?!.*x)b", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"x(?=[ab]{2,})", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 1},
    {"(?=a{300})", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"(?<=a{300})", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"(?=a)", JRX_MATCH_INVALID_UTF, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"(*napla:a)", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    /* Nor are repeated lookarounds that may leave a group unset, those
     * whose body holds a lookaround with a group included. */
    {"(?:(?<=(?:(a)|b)c)c)+", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(?=.*(b)?)x)*", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(*positive_lookahead:a|(?<n>b)?)x){2}", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(?*(a)?b)x)+", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(*naplb:(?:(a)|b)c)x)+", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(?=(?!(a))b(c)?)x)+", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(?<=(?<=(a)|b)c)c)+", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(?=.*(?=(b)?))x)*", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(*positive_lookahead:a|(?=(?<n>b)?))x){2}", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(?*(?*(a)?)b)x)+", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?:(*naplb:(*pla:(a)|b)c)x)+", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 3},
    {"(?*a)", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"(?<*a)", 0, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 0},
    {"x(?<=a)", JRX_MATCH_INVALID_UTF, JRX_ERROR_UNSUPPORTED_LOOKAROUND, 1},
    {"a\\Kb", 0, JRX_ERROR_UNSUPPORTED_MATCH_RESET, 1},
    {"a\\Kb", JRX_MATCH_INVALID_UTF, JRX_ERROR_UNSUPPORTED_MATCH_RESET, 1},
    {"a+", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 1},
    {"a\\++", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 3},
    {"a\\Q*\\E+", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 6},
    {"a* +", 0, JRX_ERROR_UNSUPPORTED_POSSESSIVE, 3},
    {"[\\1]", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 1},
    {"\\\\1", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 1},
    {"\\0", 0, JRX_ERROR_UNSUPPORTED_BACKREFERENCE, 0},
    {"(?i)a", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT, 0},
    {"[[:alpha:]]", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT, 0},
    {"a\\b", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT, 1},
    {"(*UCP)a\\b", 0, JRX_ERROR_UNSUPPORTED_CONSTRUCT, 7},
    {"\\Ba", JRX_UCP, JRX_ERROR_UNSUPPORTED_CONSTRUCT, 0},
    {"(?:a)", 0, JRX_ERROR_UNSUPPORTED_RECURSION, 0},
    {"(*", 0, JRX_ERROR_UNSUPPORTED_VERB, 0},
    /* The start items jrx reads are no verbs where they open the pattern. */
    {"(*UCP)\\w", 0, JRX_ERROR_UNSUPPORTED_VERB, 0},
    {"(*UTF)(*UTF8)(*UCP)\\X", 0, JRX_ERROR_UNSUPPORTED_VERB, 13},
    {"\\\\R", 0, JRX_ERROR_UNSUPPORTED_NEWLINE_SEQUENCE, 0},
    {"a", 0, JRX_ERROR_BAD_ESCAPE_VALUE, 0},
};

static void test_text_that_is_not_the_construct_is_not_excused(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
    const absent_case *item = &absent[i];
    if (unsupported_construct_present(item->code, item->pattern, strlen(item->pattern),
                                      item->offset, item->options)) {
      fail_msg("/%s/: error %d at %zu would be excused", item->pattern, item->code, item->offset);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_each_rejection_is_found_where_jrx_reports_it),
      cmocka_unit_test(test_text_that_is_not_the_construct_is_not_excused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
