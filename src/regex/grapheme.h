/* grapheme: PCRE2 10.42's extended grapheme cluster (\X) as tests of the
 * characters around a position, which parse_grapheme.c strings together
 * with single characters into \X. PCRE2 takes a first character, then
 * each next one while its pair table allows no break after the value
 * (Grapheme_Cluster_Break, Extended_Pictographic as one more) it keeps
 * for the left side: the previous character's, except that after
 * Extended_Pictographic it keeps that value over Extend and ZWJ; and two
 * regional indicators join only when an even number of regional
 * indicators comes right before the left one, counted back as far as
 * they go, before the match too but not before where PCRE2 checks the
 * subject from (nfa_assertion_input.check_from: the start offset, less
 * the longest lookbehind, or a character for \A \b \B). \X's program knows
 * in which of the two cases it is, so a test reads the next character,
 * and for the join test the previous one and that count. The count is
 * remembered (grapheme_regional_cache) for the next regional indicator,
 * which a search asks next, or the one before, which a lookahead's table
 * (filled from the end backwards) asks next: a run of them costs linear
 * time in a search, and each search counts no further back than its own
 * start. */
#ifndef JRX_GRAPHEME_H
#define JRX_GRAPHEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"

struct nfa_assertion_input;

/* The last count of regional indicators of one search (zeroed: none
 * yet): `count` of them end right at `left`, the start of a regional
 * indicator that ends at left_end. */
typedef struct grapheme_regional_cache {
  bool known;
  size_t left;
  size_t left_end;
  size_t count;
} grapheme_regional_cache;

/* The end of the cluster one \X matches from start (< length) when the
 * pattern is \X alone, so that regional indicators are counted back no
 * further than start (PCRE2 checks the subject from there); in UTF mode
 * subject is valid UTF-8 from start to length. Returns SIZE_MAX when the
 * first character is not valid UTF-8 (the caller then runs \X's program,
 * which says what happens there). PCRE2's own loop over the pair table:
 * one lookup a character, and an ASCII character before one more is a
 * cluster by itself unless it is a CR before an LF. */
size_t grapheme_cluster_end(const unsigned char *subject, size_t length, size_t start, int utf);

/* Whether the character at start (< length) is a cluster by itself for
 * being ASCII before ASCII or the end, and not a CR: the test every
 * cluster end takes first, which a caller with more to prepare for the
 * full test (grapheme_cluster_end_after's check_from) takes inline. */
static inline bool grapheme_ascii_alone(const unsigned char *subject, size_t length,
                                        size_t start) {
  unsigned char first = subject[start];
  return first < 0x80u && (start + 1 == length || (subject[start + 1] < 0x80u && first != '\r'));
}

/* The same for a cluster that \X matches from start after other items,
 * whose regional indicators right before start count back to check_from
 * (nfa_assertion_input.check_from of the search). */
size_t grapheme_cluster_end_after(const unsigned char *subject, size_t length, size_t start,
                                  int utf, size_t check_from);

/* The clusters \X alone matches one after the other from start, each
 * from the end of the one before, as grapheme_cluster_end finds them: at
 * most capacity of them, their bounds in pairs in bounds, up to length or
 * a cluster whose first character is not valid UTF-8. Returns how many. */
size_t grapheme_clusters_from(const unsigned char *subject, size_t length, size_t start, int utf,
                              size_t *bounds, size_t capacity);

/* Whether the \X test (ast_assertion_is_grapheme) holds at position. */
int grapheme_assertion_holds(const struct nfa_assertion_input *input, ast_assertion assertion,
                             size_t position);

#endif
