/* aho_corasick: many literals at once, in time linear in the haystack.
 * A trie of the literals over byte classes (bytes no literal has share
 * one class; a folded pair (a letter's two cases) that is only ever folded
 * is one class for both
 * cases), with failure links computed breadth-first, so building is
 * linear in the literals' total length. Small automata become a full DFA
 * table (one lookup a byte); big ones keep sparse transitions and follow
 * failure links (amortized constant per byte).
 *
 * Leftmost-first: a state is the longest suffix of the text read that is
 * a prefix of some literal, so position - depth is the earliest start any
 * literal still in progress can have. Once a match is seen the scan goes
 * on only while that earliest start is not after the match's start, and
 * keeps the earliest-starting match, the first-listed at equal starts.
 * Immutable once built. */
#ifndef JRX_SEARCH_AHO_CORASICK_H
#define JRX_SEARCH_AHO_CORASICK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "literal_set.h"

/* The full table is used while it has at most this many entries (4 bytes
 * each): 16 MiB, about 10,000 English words. */
#define AHO_CORASICK_MAX_TABLE_ENTRIES (4u << 20)

/* The per-state facts after the transitions in a full table's row. */
enum { AHO_CORASICK_DEPTH, AHO_CORASICK_OUTPUT_LENGTH, AHO_CORASICK_OUTPUT_LITERAL,
       AHO_CORASICK_ROW_FACTS };

typedef struct aho_corasick {
  const jrx_allocator *allocator;
  uint8_t class_of[256];
  uint32_t class_count;
  uint32_t state_count;
  /* States are numbered breadth-first with every state that has an
   * output at first_output or above; state 0 is the root. */
  uint32_t first_output;
  uint32_t *depth;          /* per state: length of its trie path */
  uint32_t *output_length;  /* per state: the longest literal ending here, 0 for none */
  uint32_t *output_literal; /* its index in the set (the first of equal ones) */
  /* With a full table: a row per state of stride entries, the next
   * state of each class (its row's offset, state * stride) followed by
   * the state's depth, output length and output literal, so that a scan
   * never divides to find them. */
  uint32_t *table;
  uint32_t stride;
  /* Without: sparse trie edges, sorted by class, and failure links; the
   * root's are dense in root_next. */
  uint32_t *edge_start; /* state_count + 1 */
  uint8_t *edge_class;
  uint32_t *edge_target;
  uint32_t *fail;
  uint32_t *root_next; /* per class */
} aho_corasick;

/* Builds the automaton of set (at least one literal, none empty), with a
 * full table if it has at most max_table_entries entries
 * (AHO_CORASICK_MAX_TABLE_ENTRIES; tests pass 0 for sparse edges).
 * Returns 0, JRX_ERROR_NOMEMORY, or JRX_ERROR_INTERNAL when a pair is
 * folded in some literals and exact in others so often that the case
 * variants would be too many. */
int aho_corasick_build(aho_corasick *automaton, const literal_set *set, size_t max_table_entries);
void aho_corasick_release(aho_corasick *automaton);

/* The leftmost-first occurrence at or after from (<= length): returns 1
 * with its bounds and literal, or 0. */
int aho_corasick_find(const aho_corasick *automaton, const unsigned char *haystack, size_t length,
                      size_t from, size_t *start, size_t *end);

/* The first-listed literal occurring exactly at position: 1 and its end,
 * or 0. */
int aho_corasick_match_at(const aho_corasick *automaton, const unsigned char *haystack,
                          size_t length, size_t position, size_t *end);

#endif
