/* matcher: turns the pattern list and -F/-i/-w/-x into compiled jrx
 * programs and answers "where is the next match" the way grep -P defines
 * it: within one line, a line being the text between newlines. */
#ifndef JRXGREP_MATCHER_H
#define JRXGREP_MATCHER_H

#include <stdbool.h>
#include <stddef.h>

#include "patterns.h"

struct matcher_settings {
  bool fixed_strings, ignore_case, word, line;
  bool utf; /* UTF-8 locale: patterns and lines are UTF-8 */
  bool ucp; /* --ucp: JRX_UCP, as a (*UCP) at the start of the pattern */
};

struct matcher;

/* Compiles every pattern. A bad pattern is reported on stderr (message,
 * pattern, caret under the offset); the return is then NULL with *failed
 * set. With no pattern at all the matcher matches nothing. */
struct matcher *matcher_create(const struct pattern_list *patterns,
                               const struct matcher_settings *settings, bool *failed);

/* A matcher for one more thread: it shares shared's compiled programs and
 * has match data of its own, so threads match at full speed without
 * compiling the patterns again. shared must outlive it. NULL when memory
 * is lacking. */
struct matcher *matcher_create_for_thread(const struct matcher *shared);

/* Frees a matcher (NULL is ignored); a thread's before the one it
 * shares. */
void matcher_free(struct matcher *matcher);

/* Searches line[0..length) (no newline inside) for the first match that
 * starts at or after start. Returns 1 and the match bounds, 0 when there is
 * none, or a negative JRX_ERROR_* code. Invalid UTF-8 in UTF mode never
 * matches and separates the valid stretches around it, as with PCRE2's
 * MATCH_INVALID_UTF. */
int matcher_find_in_line(const struct matcher *matcher, const char *line, size_t length,
                         size_t start, size_t *match_start, size_t *match_end);

/* Searches text[0..length), several whole lines with their newlines, for
 * a match. Every line that has a match of its own contains a
 * reported match start at or before its own, so lines before the reported
 * start have no match; the reported match itself may cross lines and must
 * be checked with matcher_find_in_line. In UTF mode the text must be valid
 * UTF-8 (the caller validated it once per block): jrx does not check it
 * again (JRX_NO_UTF_CHECK), which would read the rest of the block at
 * every call. Returns 1, 0 or a negative code. Only for matchers with
 * matcher_has_candidate_search. */
int matcher_find_candidate(const struct matcher *matcher, const char *text, size_t length,
                           size_t *match_start, size_t *match_end);

/* Searches text[0..length) as matcher_find_candidate does, for patterns
 * whose candidates stay in lines (matcher_candidates_stay_in_lines), but
 * answers only a position in the first line with a match: *at is the
 * earliest end of any match where the library can tell it with the DFA's
 * forward scan alone (jrx_earliest_end), else the start of the first
 * match. A match at length is an empty one after the final newline,
 * which no line has. Returns 1, 0 or a negative code. */
int matcher_find_candidate_line(const struct matcher *matcher, const char *text, size_t length,
                                size_t *at);

/* Whether matcher_find_candidate can be used at all for these patterns. */
bool matcher_has_candidate_search(const struct matcher *matcher);

/* Whether no match matcher_find_candidate reports can hold a newline
 * (so none crosses a line end). */
bool matcher_candidates_stay_in_lines(const struct matcher *matcher);

/* Whether every match holds one of a few literals (jrx's inner literals
 * of the line program), worth searching for first:
 * a line without one has no match. */
bool matcher_has_required_literal(const struct matcher *matcher);

/* Finds the next occurrence of one of those literals in text[0..length)
 * (bytes, in any locale). Returns 1 with its offset in *at, 0 when
 * there is none, or a negative code. Only for matchers with
 * matcher_has_required_literal. */
int matcher_find_required_literal(const struct matcher *matcher, const char *text, size_t length,
                                  size_t *at);

/* Advances past one character at line[position] (one byte in byte mode
 * or at invalid UTF-8); used to step over empty matches. */
size_t matcher_next_character(const struct matcher *matcher, const char *line, size_t length,
                              size_t position);

#endif
