/* lookaround: whether a lookaround holds at a position, as an assertion.
 * A lookaround whose body has a bounded length is checked directly: a
 * lookahead runs its body forwards from the position; a lookbehind runs
 * each top-level branch forwards from that branch's fixed number of
 * characters before the position (PCRE2's own method) and must end there.
 * Bodies are atomic, so only whether some path matches counts (the
 * groups of the one passed are filled after the match,
 * lookaround_capture.h); the check simulates the body as a set of states, each
 * instruction at most once per byte, so it costs O(bytes * instructions)
 * of the body, both bounded by the limits below. Any other lookaround is
 * answered from its table (lookaround_table.h, the method of Barriere and
 * Pit-Claudel, PLDI 2024), filled by one pass over the subject before the
 * search: a search's work stays O(n * m). */
#ifndef JRX_LOOKAROUND_H
#define JRX_LOOKAROUND_H

#include <stddef.h>
#include <stdint.h>

#include "grapheme.h"
#include "nfa.h"

/* Most bytes a body may match, and most instructions its branches (with
 * lookarounds nested in them) may compile to, for the direct check:
 * beyond either the lookaround gets a table. */
#define LOOKAROUND_MAX_BODY_BYTES 255u
#define LOOKAROUND_MAX_BODY_INSTRUCTIONS 1024u
/* Every LOOKAROUND_TABLE_NESTING-th level of lookarounds nested inside
 * each other gets a table, so that direct checks nest less deep than that
 * (each level of the check takes about 2.5 KiB of the C stack); the
 * parser's nesting limit bounds the levels. */
#define LOOKAROUND_TABLE_NESTING 8u

/* One branch of a lookaround's body: its entry in the program, and for a
 * lookbehind the number of characters it always matches. The branch ends
 * in an NFA_MATCH of its own. */
typedef struct lookaround_branch {
  uint32_t start;
  uint32_t characters;
} lookaround_branch;

/* lookaround.table of a lookaround checked directly. */
#define LOOKAROUND_NO_TABLE UINT32_MAX

/* lookaround.position_slot of a lookaround whose groups nobody fills. */
#define LOOKAROUND_NO_POSITION_SLOT UINT32_MAX

/* lookaround.byte_set of a lookaround no single byte decides. */
#define LOOKAROUND_NO_BYTE_SET UINT32_MAX

typedef struct lookaround {
  uint32_t first_branch; /* into nfa_program.lookaround_branches */
  uint32_t branch_count; /* 1 for a lookahead; each top-level branch for a lookbehind */
  uint32_t body_begin;   /* instructions [body_begin, body_begin + body_count) hold the branches */
  uint32_t body_count;
  uint32_t table; /* LOOKAROUND_NO_TABLE, or its table among the search's */
  /* LOOKAROUND_NO_BYTE_SET, or the lookaround is decided by one byte:
   * nfa_program.lookaround_byte_sets[byte_set] (lookaround_byte_sets.c). */
  uint32_t byte_set;
  /* LOOKAROUND_NO_POSITION_SLOT, or the lookaround is positive, holds a
   * group PCRE2 may set, and is inside no negative one: the slot, after
   * the groups' slots, where the match last passed it
   * (lookaround_capture.h). The copies of a lookaround that a repeat
   * compiles save to one slot, and only the last copy names it here. */
  uint32_t position_slot;
  /* 0, or the lookaround holds where the first match of lookaround
   * `source`'s body sets group `group`, and its position slot marks the
   * last pass of `source` where it does: the fill runs source's body
   * there for that group alone (nfa_compile.c, compile_conditions). */
  uint32_t group;
  uint32_t source;
  uint8_t behind;
  uint8_t negated;
  /* 1: a conditional lookaround (ast_node.as.lookaround.conditional),
   * whose groups its conditions follow. */
  uint8_t conditional;
  /* 1: a lookahead whose body is C*X (C* greedy or lazy, C one class):
   * it holds at s exactly where no character outside C begins in
   * [s, w), w the first start at or after s of a match of X, the body
   * entered at run_exit (lookahead_filter.h). run_breaks: the bytes that begin the
   * characters outside C, all of them single bytes (in UTF mode C holds
   * every code point from U+0080 up). */
  uint8_t run;
  uint32_t run_exit;
  uint64_t run_breaks[4];
} lookaround;

struct lookaround_tables;

/* Whether every pass of lookaround `index` (of lookarounds, over
 * instructions) sets group `group`: a condition for that group, or a
 * positive lookaround that is no condition, not conditional, and holds
 * the group (such a one sets every group it holds, parse_lookaround.c).
 * A conditional lookaround's conditions (nfa_compile.c,
 * compile_conditions) follow a group through the lookarounds nested in
 * its body that set it. */
int lookaround_sets_group(const nfa_instruction *instructions, const lookaround *lookarounds,
                          uint32_t index, uint32_t group);

/* Finds the lookarounds one byte decides, whose body is one character
 * class that a single byte matches (in UTF mode ASCII only, as an ASCII
 * byte is never part of another character), with every branch of a
 * lookbehind one character long: a lookahead holds where the byte after
 * the position is in its set (not at the end of the subject), a
 * lookbehind where the byte before it is (not at the start), each
 * negated if the lookaround is. Sets their byte_set and fills
 * nfa_program.lookaround_byte_sets (distinct sets, at most
 * NFA_MAX_LOOKAROUND_BYTE_SETS; the others keep LOOKAROUND_NO_BYTE_SET).
 * Returns whether every lookaround of the program got one. */
int lookaround_find_byte_sets(nfa_program *program);

/* Whether the lazy DFA can run every assertion of program other than
 * its lookarounds, from any start offset: no \K, no \G (which holds at
 * the start offset only), no \b or \B under UCP, no \X. */
int lookaround_dfa_asserts_all(const nfa_program *program);

/* A program of count instructions entered at start, sharing program's
 * lookarounds and byte sets, with the rest of its facts for nfa_analyze
 * to fill: a program derived from program (lookbehind_prefix.h,
 * lookahead_filter.h). */
nfa_program lookaround_derived_program(const nfa_program *program, nfa_instruction *instructions,
                                       uint32_t count, uint32_t start);

/* What an assertion at a position may read. */
typedef struct lookaround_subject {
  const nfa_program *program;
  const unsigned char *subject;
  size_t length;
  size_t start_offset; /* for \G */
  uint32_t options;    /* JRX_NOTBOL and JRX_NOTEOL */
  size_t check_from;   /* lookaround_check_from */
  uint64_t *work;      /* NULL, or += every instruction a lookaround check visits,
                          and every character \X counts back */
  /* \X's count of regional indicators, kept by the Pike VM's search. */
  grapheme_regional_cache *regional_cache;
  /* Filled for this subject (lookaround_tables_fill) when the program has
   * lookarounds with tables; NULL otherwise. */
  const struct lookaround_tables *tables;
} lookaround_subject;

/* Where PCRE2 10.42 validates a UTF-8 subject from: start_offset, moved
 * back max_lookbehind characters (ast_max_lookbehind); 0 in byte mode.
 * In UTF mode a lookbehind cannot step back from there either (PCRE2's
 * check_subject), even where the subject goes on before it. A search
 * from a continuation byte is JRX_MATCH_INVALID_UTF's search of a
 * fragment from the byte before it (jrx_invalid_utf.c): lookbehinds and
 * \b then stop at the fragment's start, as PCRE2's check_subject does
 * there (bytes before it are invalid, or the rest of the character the
 * start offset was inside). */
size_t lookaround_check_from(const nfa_program *program, const unsigned char *subject,
                             size_t length, size_t start_offset);

/* Where a lookbehind branch of `characters` characters starts when it
 * ends at position, or SIZE_MAX when it would start before check_from
 * (reads subject's program, subject and check_from). */
size_t lookaround_branch_start(const lookaround_subject *subject, size_t position,
                               uint32_t characters);

/* Whether the assertion of an NFA_ASSERT instruction holds at position
 * (<= length): PCRE2's rules for ^ $ \A \Z \z \b \B \G, and lookarounds.
 * pike.c and the native Pike VM's lookaround calls ask this. */
int lookaround_assertion_holds(const lookaround_subject *subject,
                               const nfa_instruction *instruction, size_t position);

/* The native Pike VM's call for an NFA_ASSERT of AST_ASSERT_LOOKAROUND:
 * lookaround `index` of the subject's program at position. Returns 1 or 0. */
int lookaround_holds_native(const lookaround_subject *subject, uint32_t index, size_t position);

/* The native Pike VM's call for the assertions it leaves to C (\b and \B
 * under UCP and \X's, which decode characters): whether `assertion` (an
 * ast_assertion other than AST_ASSERT_LOOKAROUND) holds at position.
 * Returns 1 or 0. */
int lookaround_anchor_holds_native(const lookaround_subject *subject, uint32_t assertion,
                                   size_t position);

#endif
