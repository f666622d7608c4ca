/* byte_run: the run of a character set from a start offset (byte_run.h).
 * One leaving byte is memchr's (byte_run_end); more, up to three or one
 * interval, or none, take dfa_accelerate_forward's scan, the one the lazy
 * DFA's accelerated states take (16-byte blocks, or nothing at all for
 * none); any other set goes byte by byte through its bitmap. */
#include "byte_run.h"

#include "dfa.h"

static bool leaves(const byte_run *run, unsigned char byte) {
  return ((run->leaving[byte >> 6] >> (byte & 63u)) & 1u) != 0;
}

/* Whether set holds every code point from low to high (its ranges are
 * sorted, disjoint and not adjacent, so one range must cover them all). */
static bool holds_range(const charset *set, uint32_t low, uint32_t high) {
  for (size_t i = 0; i < set->count; i++) {
    if (set->ranges[i].low <= low && high <= set->ranges[i].high) {
      return true;
    }
  }
  return false;
}

bool byte_run_of(const ast_node *root, bool utf, byte_run *run) {
  const ast_node *node = root;
  while (node->kind == AST_CAPTURE) {
    node = node->as.capture.child;
  }
  if (node->kind != AST_REPEAT || !node->as.repeat.greedy || node->as.repeat.min != 0 ||
      node->as.repeat.max != AST_REPEAT_INFINITE || node->as.repeat.child->kind != AST_CLASS) {
    return false;
  }
  const charset *set = &node->as.repeat.child->as.set;
  /* No UTF-mode set holds a surrogate (charset.h). */
  if (utf && !(holds_range(set, 0x80u, CHARSET_SURROGATE_LOW - 1u) &&
               holds_range(set, CHARSET_SURROGATE_HIGH + 1u, CHARSET_MAX_UNICODE))) {
    return false;
  }
  unsigned ascii_or_bytes = utf ? 0x80u : 0x100u;
  for (unsigned byte = 0; byte < 256u; byte++) {
    bool stays = byte >= ascii_or_bytes || charset_contains(set, byte);
    uint64_t bit = (uint64_t)!stays << (byte & 63u);
    run->leaving[byte >> 6] = (byte & 63u) == 0 ? bit : run->leaving[byte >> 6] | bit;
  }
  run->word = dfa_acceleration_word_leaving_on(run->leaving);
  run->only_leaving = -1;
  if (dfa_acceleration_kind_of(run->word) == DFA_ACCELERATION_ESCAPES &&
      (run->word & 0xffu) == ((run->word >> 8) & 0xffu) &&
      (run->word & 0xffu) == ((run->word >> 16) & 0xffu)) {
    run->only_leaving = (int)(run->word & 0xffu);
  }
  return true;
}

size_t byte_run_scan(const byte_run *run, const unsigned char *subject, size_t from,
                     size_t length) {
  if (run->word != 0) {
    return dfa_accelerate_forward(run->word, subject, from, length);
  }
  size_t position = from;
  while (position < length && !leaves(run, subject[position])) {
    position++;
  }
  return position;
}

size_t byte_run_next_start(const byte_run *run, const unsigned char *subject, size_t from,
                           size_t length) {
  size_t position = from;
  while (position < length && leaves(run, subject[position])) {
    position++;
  }
  return position;
}
