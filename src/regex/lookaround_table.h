/* lookaround_table: the truth of a lookaround of unbounded length at every
 * position of a subject, a bit per position, by the method of Barriere and
 * Pit-Claudel (PLDI 2024). A lookbehind's table is filled by one pass of
 * its body forwards over the subject, the body started afresh at every
 * position (the bit: some branch ends here); a lookahead's by one pass
 * backwards, where a body instruction's state at a position is whether a
 * path from it reaches the body's end (the bit: the body's start can).
 * Either pass visits each body instruction once per position, in an order
 * where every instruction comes after (forwards: before) those its
 * epsilon edges lead to: O(positions * body) per table, nested lookarounds
 * answered from their own tables, filled first, or checked directly.
 * The tables of a search cover the positions it can ask about: from the
 * start offset, moved back as far as lookbehinds can read (in UTF mode to
 * lookaround_check_from, where a lookbehind stops), to the subject's end,
 * which a lookahead may read up to. Their bytes are bounded by
 * nfa_program.max_lookaround_table_bytes. A search whose subject its
 * caller promises unchanged since the last fill (an iteration over one
 * subject) reuses the last fill when it covers the search and its bits
 * mean the same there, so iterating over k matches fills each position
 * once, not k times. */
#ifndef JRX_LOOKAROUND_TABLE_H
#define JRX_LOOKAROUND_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lookaround.h"
#include "nfa.h"

typedef struct lookaround_tables lookaround_tables;

/* The tables of program's searches: the passes' orders and state, with
 * no positions yet. Stores NULL when the program has no lookaround with a
 * table. Returns 0 or JRX_ERROR_NOMEMORY. */
int lookaround_tables_create(const nfa_program *program, lookaround_tables **result);
void lookaround_tables_destroy(lookaround_tables *tables);

/* Fills every table for the search subject describes (its program the
 * tables' program; its tables field is set to tables on success), each
 * nested lookaround's before the one holding it, adding the work to
 * subject->work. Returns 0, JRX_ERROR_LOOKAROUND_TABLE_LIMIT when the
 * tables would take more than the program's bound, or JRX_ERROR_NOMEMORY. */
int lookaround_tables_fill(lookaround_tables *tables, lookaround_subject *subject);

/* What lookaround_tables_fill would answer about the bound for a search
 * of program from start_offset: 0 when its tables fit, else
 * JRX_ERROR_LOOKAROUND_TABLE_LIMIT. For a search that needs no tables
 * but keeps their limit. */
int lookaround_tables_fit(const nfa_program *program, const unsigned char *subject,
                          size_t length, size_t start_offset);

/* Whether the next fill's subject is the last fill's, its bytes unchanged
 * (only an iteration, which owns its subject, may say so): the fill then
 * keeps the last one's bits when they hold for it (same length and
 * NOTBOL/NOTEOL, a first position at or after the last one's, and a
 * program whose tables do not depend on the start offset: no \G, and in
 * UTF mode no lookbehind with an assertion in its body, which could read
 * before the validity start that moves with it; nor a search starting
 * inside a character, a fragment's, which stops every lookbehind). Every
 * fill forgets the promise. tables may be NULL. */
void lookaround_tables_keep_subject(lookaround_tables *tables, bool kept);

/* Whether the body of the lookaround with table `table` matches at
 * position (a lookahead's starting there, a lookbehind's ending there),
 * position inside what the last fill covered. */
int lookaround_table_matches(const lookaround_tables *tables, uint32_t table, size_t position);

/* A test hook: while on, every lookaround compiled gets a table, however
 * short its body, so that differential tests run the tables on all their
 * patterns. Nothing in the library turns it on; safe from any thread. */
void lookaround_force_tables(bool on);
bool lookaround_tables_forced(void);

#endif
