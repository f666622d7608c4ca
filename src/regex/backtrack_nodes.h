/* backtrack_nodes: the bounded backtracker over a onepass table built
 * with alternatives (onepass.h), for programs that are not one-pass. A
 * step reads one byte and takes one transition, as the one-pass DFA does;
 * where a class has several transitions (ONEPASS_ALTERNATIVES) they are
 * tried in priority order, the later ones pushed on the job stack with
 * the node and position, and slot stores made while a job is pending are
 * undone on the way back. The first path accepted is pike_match's.
 *
 * Linear: while a job is pending, a visited bit per (node, position)
 * lets no pair be explored twice (a later arrival has a lower priority
 * and the same future, which failed); with no job pending no pair can be
 * met again, so no bit is needed and deterministic stretches run as fast
 * as the one-pass DFA. A run goes without the bits first, within a
 * budget linear in the bytes it reaches, and is redone with them past it
 * (scratch->bit_reruns counts those). The bitmap rows and the job stack
 * grow on demand up to BACKTRACK_MAX_SCRATCH_BYTES; a match needing more answers
 * BACKTRACK_SPAN_TOO_LONG and the caller runs the Pike VM (or, for a
 * search, the DFA and then the Pike VM). In the arm64 build searches run
 * as native code first (jit_onepass_nodes_search: the bitless run alone,
 * handing the run to backtrack_nodes_search past its budget). */
#ifndef JRX_BACKTRACK_NODES_H
#define JRX_BACKTRACK_NODES_H

#include <stddef.h>
#include <stdint.h>

#include "backtrack.h"
#include "onepass.h"

/* onepass_fill's contract for any table (the scratch made for the
 * program's slot count): returns 1 with *slots (valid until the scratch
 * is used again), JRX_NOMATCH, BACKTRACK_SPAN_TOO_LONG or
 * JRX_ERROR_NOMEMORY. */
int backtrack_nodes_fill(const onepass *automaton, backtrack_scratch *scratch,
                         const unsigned char *subject, size_t length, size_t match_start,
                         size_t match_end, size_t start_offset, uint32_t options,
                         const size_t **slots);

struct capture_starts;

/* onepass_search's contract for any table: the same answers, or
 * BACKTRACK_SPAN_TOO_LONG or JRX_ERROR_NOMEMORY. */
int backtrack_nodes_search(const onepass *automaton, backtrack_scratch *scratch,
                           const unsigned char *subject, size_t length, size_t start,
                           size_t start_offset, uint32_t options, const size_t **slots,
                           size_t *stopped);

/* onepass_scan's loop (capture_search's unanchored search in C, for a
 * program that cannot match the empty string) over
 * backtrack_nodes_search's attempts, in one call: natively, a key=value
 * pair's search takes some 50 x86-64 instructions fewer than through
 * capture_search's own loop, which calls an attempt through two more
 * functions of ten arguments. Returns 1 with *slots, JRX_NOMATCH,
 * ONEPASS_SCAN_SPENT, or an attempt's BACKTRACK_SPAN_TOO_LONG or
 * JRX_ERROR_NOMEMORY. */
int backtrack_nodes_scan(const onepass *automaton, backtrack_scratch *scratch,
                         const struct capture_starts *starts, uint32_t start_loop,
                         const unsigned char *subject, size_t length, size_t start_offset,
                         uint32_t options, size_t *failed, const size_t **slots);

/* backtrack_nodes_scan repeated for an iteration's matches ahead
 * (jrx_match_captures), on one run set up once: from the end of match
 * *count - 1 (> 0) of ahead (slot_count slots each, the scratch's),
 * searched with that end as its start offset, each match found written
 * in place as match *count, until capacity matches are there. Stops
 * before a search from inside a UTF-8 character (the iteration's own
 * check answers it). Returns the last search's answer (1 when ahead is
 * full or a search was not made), *count updated. The program cannot
 * match the empty string (backtrack_nodes_scan's condition), so no match
 * found is empty. */
int backtrack_nodes_scan_ahead(const onepass *automaton, backtrack_scratch *scratch,
                               const struct capture_starts *starts, uint32_t start_loop,
                               const unsigned char *subject, size_t length, uint32_t options,
                               size_t *ahead, uint32_t capacity, uint32_t *count);

#endif
