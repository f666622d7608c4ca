/* pike: the Pike VM, the portable engine and the JIT's reference: PCRE2's
 * leftmost-first match with captures in O(subject x program) time, using
 * only a pike_scratch sized once per program. */
#ifndef JRX_PIKE_H
#define JRX_PIKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nfa.h"

typedef struct pike_scratch pike_scratch;

/* Work counters so tests can bound the work without timing it. */
typedef struct pike_stats {
  uint64_t steps; /* instruction visits: closure visits plus thread steps */
  /* Lookaround checks' own work (lookaround_subject.work), the filling
   * of lookaround tables included. */
  uint64_t lookaround_steps;
} pike_stats;

/* Allocates scratch space for matching with program. Returns 0 or
 * JRX_ERROR_NOMEMORY. */
int pike_scratch_create(const nfa_program *program, pike_scratch **scratch);
void pike_scratch_destroy(pike_scratch *scratch);

/* Whether the next pike_match's subject is the last one's, unchanged
 * (lookaround_tables_keep_subject). */
void pike_scratch_keep_subject(pike_scratch *scratch, bool kept);

/* Searches subject[0..length) from start_offset (<= length) for the
 * leftmost-first match. options may hold JRX_ANCHORED, JRX_NOTBOL,
 * JRX_NOTEOL, JRX_NOTEMPTY and JRX_NOTEMPTY_ATSTART. On a match returns 1
 * and points *slots at program->slot_count positions (JRX_UNSET where a
 * group did not participate), valid until the scratch is used again;
 * otherwise returns JRX_NOMATCH, or the error of filling the lookaround
 * tables (JRX_ERROR_LOOKAROUND_TABLE_LIMIT, JRX_ERROR_NOMEMORY). If stats
 * is not NULL, the work done is added to it (the tables' fill included). */
int pike_match(const nfa_program *program, pike_scratch *scratch, const unsigned char *subject,
               size_t length, size_t start_offset, uint32_t options, const size_t **slots,
               pike_stats *stats);

/* pike_match anchored at from, a later position than start_offset (which
 * still decides \G and JRX_NOTEMPTY_ATSTART): JRX_MATCH_INVALID_UTF's
 * anchored search of a fragment, which begins after the search's start
 * (jrx_invalid_utf.c). JRX_ANCHORED in options is ignored. */
int pike_match_at(const nfa_program *program, pike_scratch *scratch, const unsigned char *subject,
                  size_t length, size_t start_offset, uint32_t options, size_t from,
                  const size_t **slots, pike_stats *stats);

/* The first match, in priority order, of the program entered at pc (a
 * lookaround branch, which ends in an NFA_MATCH of its own) anchored at
 * from, for a search of subject from start_offset with options: those
 * say what the assertions read (\G, JRX_NOTBOL, JRX_NOTEOL); JRX_ANCHORED,
 * JRX_NOTEMPTY and JRX_NOTEMPTY_ATSTART do not apply. Returns as
 * pike_match, the slots JRX_UNSET but those the branch set. */
int pike_match_branch(const nfa_program *program, pike_scratch *scratch,
                      const unsigned char *subject, size_t length, size_t start_offset,
                      uint32_t options, uint32_t pc, size_t from, const size_t **slots,
                      pike_stats *stats);

#endif
