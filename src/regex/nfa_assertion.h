/* nfa_assertion: whether an NFA_ASSERT holds at a position, by PCRE2's
 * rules with LF as the newline, once for every engine written in C (the
 * Pike VM, the backtracker, the one-pass DFA); the generated code follows
 * the same rules in arm64/jit_assertion_emit.c. NOTBOL and NOTEOL apply to
 * what ^ and $ compile to, never to \A, \Z and \z. Inline: engines test
 * assertions in their inner loops. */
#ifndef JRX_NFA_ASSERTION_H
#define JRX_NFA_ASSERTION_H

#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "grapheme.h"
#include "jrx.h"

/* What the assertions of one search read besides the position. */
typedef struct nfa_assertion_input {
  const unsigned char *subject;
  size_t length;
  size_t start_offset; /* where \G holds */
  uint32_t options;    /* JRX_NOTBOL and JRX_NOTEOL are read */
  /* \b and \B see no character before this offset, and \X counts no
   * regional indicator before it: 0, except where a lookbehind reads
   * before PCRE2's validity start (lookaround.c). */
  size_t check_from;
  int utf; /* \b and \B under UCP and \X decode UTF-8 characters, else take bytes */
  /* \X's count of regional indicators: remembered here when not NULL
   * (the Pike VMs'), and its steps added to *work when that is not NULL. */
  grapheme_regional_cache *regional_cache;
  uint64_t *work;
} nfa_assertion_input;

/* Whether the characters before and after position differ in being word
 * characters under UCP (unicode_property_is_word); a missing or invalid
 * character is not one. */
int nfa_assertion_ucp_word_change(const nfa_assertion_input *input, size_t position);

static inline int nfa_assertion_holds(const nfa_assertion_input *input, ast_assertion assertion,
                                      size_t position) {
  const unsigned char *subject = input->subject;
  size_t length = input->length;
  int not_bol = (input->options & JRX_NOTBOL) != 0;
  int not_eol = (input->options & JRX_NOTEOL) != 0;
  switch (assertion) {
    case AST_ASSERT_TEXT_START:
      return position == 0;
    case AST_ASSERT_CARET_START:
      return position == 0 && !not_bol;
    case AST_ASSERT_LINE_START:
      if (position == 0) {
        return !not_bol;
      }
      return position < length && subject[position - 1] == '\n';
    case AST_ASSERT_TEXT_END:
      return position == length;
    case AST_ASSERT_TEXT_END_NEWLINE:
      return position == length || (position + 1 == length && subject[position] == '\n');
    case AST_ASSERT_DOLLAR_END:
      return !not_eol &&
             (position == length || (position + 1 == length && subject[position] == '\n'));
    case AST_ASSERT_LINE_END:
      if (position == length) {
        return !not_eol;
      }
      return subject[position] == '\n';
    case AST_ASSERT_WORD_BOUNDARY:
    case AST_ASSERT_NOT_WORD_BOUNDARY: {
      int before = position > input->check_from && ast_is_word_byte(subject[position - 1]);
      int after = position < length && ast_is_word_byte(subject[position]);
      return (before != after) == (assertion == AST_ASSERT_WORD_BOUNDARY);
    }
    case AST_ASSERT_UCP_WORD_BOUNDARY:
      return nfa_assertion_ucp_word_change(input, position);
    case AST_ASSERT_UCP_NOT_WORD_BOUNDARY:
      return !nfa_assertion_ucp_word_change(input, position);
    case AST_ASSERT_MATCH_START:
      return position == input->start_offset;
    AST_ASSERT_GRAPHEME_CASES:
      return grapheme_assertion_holds(input, assertion, position);
    case AST_ASSERT_LOOKAROUND:
      break; /* lookaround_assertion_holds answers it, running the lookaround */
  }
  return 0;
}

/* Whether every assertion of a set (bit 1 << ast_assertion for each)
 * holds at the position. */
static inline int nfa_assertions_hold(const nfa_assertion_input *input, uint32_t assertions,
                                      size_t position) {
  while (assertions != 0) {
    unsigned assertion = (unsigned)__builtin_ctz(assertions);
    if (!nfa_assertion_holds(input, (ast_assertion)assertion, position)) {
      return 0;
    }
    assertions &= assertions - 1;
  }
  return 1;
}

/* nfa_assertions_hold out of line (nfa_assertion.c), for
 * nfa_assertions_hold_seldom. */
int nfa_assertions_hold_called(const nfa_assertion_input *input, uint32_t assertions,
                               size_t position);

/* nfa_assertions_hold for engines whose paths mostly assert nothing
 * (the one-pass DFA, the node backtracker): those pay a test and no
 * call. The assertion switch stays out of line: inlined, it kept those
 * engines' loop values from their registers, and a compiler that would
 * not inline it made every test a call. */
static inline __attribute__((always_inline)) int nfa_assertions_hold_seldom(
    const nfa_assertion_input *input, uint32_t assertions, size_t position) {
  return assertions == 0 || nfa_assertions_hold_called(input, assertions, position);
}

#endif
