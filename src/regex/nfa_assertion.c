/* nfa_assertion: \b and \B under UCP, the assertions too long to inline:
 * each side's character is decoded (in UTF mode) and looked up in the
 * Unicode word set. */
#include "nfa_assertion.h"

#include "unicode_property.h"
#include "utf8.h"

static int is_continuation(unsigned char byte) {
  return (byte & 0xc0u) == 0x80u;
}

/* Whether the character ending at position (after check_from) is a word
 * character. A search that starts inside a character (JRX_MATCH_INVALID_UTF
 * searches a fragment from the byte before it, jrx_invalid_utf.c) does not
 * see that character: PCRE2's fragment begins after it. */
static int word_before(const nfa_assertion_input *input, size_t position) {
  if (position <= input->check_from) {
    return 0;
  }
  const unsigned char *subject = input->subject;
  if (!input->utf) {
    return unicode_property_is_word(subject[position - 1]);
  }
  size_t start = position - 1;
  while (start > input->check_from && position - start < 4 && is_continuation(subject[start])) {
    start--;
  }
  if (start < input->start_offset && input->start_offset < position) {
    return 0;
  }
  uint32_t code_point;
  size_t length = utf8_decode(subject + start, position - start, &code_point);
  return length == position - start && unicode_property_is_word(code_point);
}

/* Whether the character starting at position is a word character. */
static int word_after(const nfa_assertion_input *input, size_t position) {
  if (position >= input->length) {
    return 0;
  }
  const unsigned char *subject = input->subject;
  if (!input->utf) {
    return unicode_property_is_word(subject[position]);
  }
  uint32_t code_point;
  size_t length = utf8_decode(subject + position, input->length - position, &code_point);
  return length != 0 && unicode_property_is_word(code_point);
}

int nfa_assertion_ucp_word_change(const nfa_assertion_input *input, size_t position) {
  return word_before(input, position) != word_after(input, position);
}

__attribute__((noinline)) int nfa_assertions_hold_called(const nfa_assertion_input *input,
                                                         uint32_t assertions, size_t position) {
  return nfa_assertions_hold(input, assertions, position);
}
