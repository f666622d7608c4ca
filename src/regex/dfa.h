/* dfa: the lazy DFA, a faster search over an nfa_program that finds where
 * the leftmost-first match starts and ends (never captures). States are
 * built on demand during searches and kept in a bounded cache the caller
 * owns; a search whose cache thrashes gives up so the caller uses the Pike
 * VM instead, which keeps every search linear and its memory bounded.
 * A dfa is immutable and shared; each thread brings its own dfa_cache. */
#ifndef JRX_DFA_H
#define JRX_DFA_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "jrx.h"
#include "nfa.h"

/* ---- Searching --------------------------------------------------------
 *
 * The forward DFA runs from start_offset with leftmost-first priority and
 * remembers the last position where it was in a match state; it stops
 * when it dies, so that position is the end of the leftmost-first match.
 * Unless the search is anchored, the reverse DFA (built from the reversed
 * program, longest-match semantics) then runs backwards from that end down
 * to start_offset; the earliest position where it matches is the start.
 * When every match has the same length (nfa_program.fixed_length) the
 * start is the end less that length, without the backward run.
 * Every option of pike_match is supported, JRX_NOTEMPTY and
 * JRX_NOTEMPTY_ATSTART included, and the answers equal pike_match's
 * overall match (slots 0 and 1) for every program, subject and option. */

/* dfa_search's result when the cache thrashed: the caller must answer with
 * the Pike VM instead. Not an error and never returned by pike_match. */
#define DFA_GAVE_UP 2

typedef struct dfa dfa;
typedef struct dfa_cache dfa_cache;

typedef struct dfa_limits {
  /* Bytes of states and transitions each direction's cache may hold
   * (the arrays grow by doubling, so up to about twice this is allocated).
   * When a new state does not fit, the cache is emptied. */
  size_t memory_budget;
  /* Give up when the cache is emptied a second time in one search and
   * fewer than this many bytes per state built were scanned since the
   * previous emptying: the DFA is then slower than the Pike VM. */
  uint32_t min_bytes_per_state;
} dfa_limits;

#define DFA_DEFAULT_MEMORY_BUDGET ((size_t)1 << 20)
#define DFA_DEFAULT_MIN_BYTES_PER_STATE 10u

/* Work counters so tests can bound the work without timing it, and
 * jrx_match_data_stats can report it. A cache's own counters only ever
 * grow (dfa_cache_stats reads them); a search given stats adds what it
 * did to them. */
typedef struct dfa_stats {
  uint64_t bytes_scanned;        /* forward and reverse */
  uint64_t transitions_computed; /* cache misses, each one closure */
  uint64_t closure_steps;        /* instruction visits inside closures */
  uint64_t states_built;
  uint64_t cache_resets;
  uint64_t prefilter_candidates;  /* places a prefilter's byte search stopped at */
  uint64_t prefilter_stand_downs; /* scans whose prefilter stopped: hits too dense */
} dfa_stats;

void dfa_default_limits(dfa_limits *limits);

/* Prepares the DFA of program, which must outlive it. Returns 0 or
 * JRX_ERROR_NOMEMORY. */
int dfa_create(const nfa_program *program, dfa **result);
void dfa_destroy(dfa *automaton);

/* A cache for searching with automaton; one per thread. Returns 0 or
 * JRX_ERROR_NOMEMORY. limits may be NULL for the defaults. */
int dfa_cache_create(const dfa *automaton, const dfa_limits *limits, dfa_cache **cache);
void dfa_cache_destroy(dfa_cache *cache);

/* Stores in *total everything the cache's searches have counted, both
 * directions together, since it was made. */
void dfa_cache_stats(const dfa_cache *cache, dfa_stats *total);

/* Searches subject[0..length) from start_offset (<= length) with the
 * options of pike_match. Returns 1 and stores the match bounds, or
 * JRX_NOMATCH, DFA_GAVE_UP, JRX_ERROR_NOMEMORY. If stats is not NULL the
 * work done is added to it. */
int dfa_search(const dfa *automaton, dfa_cache *cache, const unsigned char *subject, size_t length,
               size_t start_offset, uint32_t options, size_t *match_start, size_t *match_end,
               dfa_stats *stats);

/* dfa_search of an unanchored search (no JRX_ANCHORED) for a program
 * that is not anchored, has no \G and matches nothing empty, counting
 * nothing: the same answers with less around the scans (jrx_match_dense,
 * where matches are a few bytes apart). With capacity > 1 it also finds
 * the iteration's next matches when they come close after the first
 * (dfa_search_dense_run): bounds holds capacity pairs, and it returns how
 * many it found (at least 1) or JRX_NOMATCH, DFA_GAVE_UP,
 * JRX_ERROR_NOMEMORY. */
#define DFA_DENSE_AHEAD_BYTES 128u /* how far past the first match's end it looks:
                                      what a caller that stops iterating early pays */
#define DFA_DENSE_RUN_MAX_GAP 32u /* it looks ahead only after a first match that ended
                                     within so many bytes of the start offset */
int dfa_search_dense(const dfa *automaton, dfa_cache *cache, const unsigned char *subject,
                     size_t length, size_t start_offset, uint32_t options, size_t *bounds,
                     size_t capacity);

/* Where the match that ends first ends: the forward scan from
 * start_offset stops at the first position where any thread of the
 * unanchored (or anchored) search is in a match state, with no
 * leftmost-first end to find and no backward scan for the start. A
 * caller that only asks whether a match exists, or where the first one
 * ends at the earliest (a line that holds a match, with no match crossing
 * lines), needs no more. Same options and answers as dfa_search but for
 * the bounds: returns 1 with *match_end, JRX_NOMATCH, DFA_GAVE_UP or
 * JRX_ERROR_NOMEMORY. Counts the bytes it read in the cache's stats. */
int dfa_search_earliest(const dfa *automaton, dfa_cache *cache, const unsigned char *subject,
                        size_t length, size_t start_offset, uint32_t options, size_t *match_end);

/* Captures are not the DFA's job. To fill the groups of a match found by
 * dfa_search, run pike_match from match_start with the options this
 * stores in *rerun_options (the caller's plus JRX_ANCHORED, less
 * JRX_NOTEMPTY_ATSTART when match_start is not start_offset): the same
 * match comes out, groups and all, since no thread starting further left
 * can match. Returns 0 when such a rerun would not be exact (the program
 * has \G and the match starts after start_offset, so \G would hold at the
 * wrong place); run pike_match with the original arguments instead. */
int dfa_rerun_options(const dfa *automaton, size_t start_offset, size_t match_start,
                      uint32_t options, uint32_t *rerun_options);

/* ---- The transition table, shared with native search loops -----------
 *
 * Bytes are mapped to equivalence classes (class_of[byte]) such that no
 * byte range of the program and no assertion can tell two bytes of one
 * class apart; each class is one interval of byte values. Each direction's
 * table is a uint32_t array of rows, one row of `stride` entries per
 * state: columns 0 .. class_count-1 are the byte classes, then come two
 * "final newline" columns for a \n that is the subject's last byte, which
 * \Z and non-multiline $ must tell apart from other newlines: column
 * class_count without JRX_NOTEOL, class_count + 1 with it (then $ may not
 * match before it, but \Z still does). Search loops read that column for
 * that byte instead of class_of['\n'] (dfa_column_at). The last entry,
 * column class_count + 2 (acceleration_column), is not a transition but the
 * state's acceleration word (below). The end of the text has no column:
 * dfa_lazy_end_matches answers it.
 *
 * A state id is premultiplied: the state's row starts at table[id &
 * DFA_ID_MASK]. Its top three bits are tags, so a loop of the shape
 *     next = table[(state & DFA_ID_MASK) + class_of[byte]];
 *     if (next & DFA_TAG_MASK) { slow path }
 * leaves the fast path only for the cases below:
 *   DFA_UNKNOWN (exactly this value): the transition is not computed yet;
 *     call dfa_lazy_transition, which may empty the cache (then every id
 *     held is stale, and the table may have moved: reload it).
 *   DFA_DEAD (exactly this value): no match can follow; stop.
 *   DFA_MATCH_THEN_DEAD (exactly DFA_DEAD with DFA_TAG_MATCH): a match
 *     ended at this byte, as below, and no thread is left: record it and
 *     stop (no state is built for the empty list after a match).
 *   DFA_TAG_MATCH set: a state reached by a byte at which a match ended, so
 *     forwards the match ends before that byte (position of the byte) and
 *     backwards the match starts after it (position of the byte plus one;
 *     in UTF mode only if that is not inside a character). The rest of the
 *     id is an ordinary state.
 *   DFA_TAG_ACCELERATED (both of the bits above, so never one of those
 *     exact values): a self-loop of an accelerated state; strip the tag
 *     (dfa_without_acceleration) for the transition, which may carry
 *     DFA_TAG_MATCH, and jump over the bytes that follow it while they loop
 *     too (dfa_accelerate_forward/_backward).
 * Forwards a match ending at the end of the text, backwards a match
 * starting at start_offset, are found by dfa_lazy_end_matches. */
#define DFA_TAG_UNKNOWN 0x80000000u
#define DFA_TAG_DEAD 0x40000000u
#define DFA_TAG_MATCH 0x20000000u
#define DFA_TAG_MASK 0xe0000000u
#define DFA_ID_MASK 0x1fffffffu
#define DFA_UNKNOWN DFA_TAG_UNKNOWN
#define DFA_DEAD DFA_TAG_DEAD
#define DFA_MATCH_THEN_DEAD (DFA_TAG_DEAD | DFA_TAG_MATCH)
#define DFA_TAG_ACCELERATED (DFA_TAG_UNKNOWN | DFA_TAG_DEAD)

/* Whether next is DFA_DEAD or DFA_MATCH_THEN_DEAD: the scan stops. */
static inline int dfa_is_dead(uint32_t next) {
  return (next & ~DFA_TAG_MATCH) == DFA_DEAD;
}

static inline int dfa_is_accelerated(uint32_t next) {
  return (next & DFA_TAG_ACCELERATED) == DFA_TAG_ACCELERATED;
}

static inline uint32_t dfa_without_acceleration(uint32_t next) {
  return next & ~DFA_TAG_ACCELERATED;
}

/* ---- Accelerated states (dfa_accelerate.c) ----------------------------
 *
 * A state that leads back to itself on every byte but a few is
 * accelerated: a search there finds the next byte that leaves it with a
 * vector scan instead of stepping (.* to the end of a line, [^"]* to the
 * quote, (?s).* to the end of the subject). The acceleration word of a
 * state (its row's acceleration_column) says which bytes stay:
 *   bits 24-31: a dfa_acceleration_kind; bits 0-7, 8-15, 16-23: bytes
 *   DFA_ACCELERATION_ESCAPES: every byte but the three bytes stays (one or
 *     two escapes are written three times over);
 *   DFA_ACCELERATION_RANGE: the bytes from byte 0 to byte 1 stay, no other;
 *   DFA_ACCELERATION_TO_END: every byte stays;
 *   DFA_ACCELERATION_LEAVING_RANGE: the bytes from byte 0 to byte 1 leave,
 *     every other stays (the start state of a search for [0-9]...).
 * Only bytes of class columns count: a scan stops before a final newline,
 * which has columns of its own. */
typedef enum dfa_acceleration_kind {
  DFA_ACCELERATION_UNCHECKED = 0, /* not examined yet: the word of a new row */
  DFA_ACCELERATION_NONE = 1,      /* examined, steps byte by byte */
  DFA_ACCELERATION_ESCAPES = 2,
  DFA_ACCELERATION_RANGE = 3,
  DFA_ACCELERATION_TO_END = 4,
  DFA_ACCELERATION_LEAVING_RANGE = 5
} dfa_acceleration_kind;

#define DFA_ACCELERATION_KIND_SHIFT 24u

static inline dfa_acceleration_kind dfa_acceleration_kind_of(uint32_t word) {
  return (dfa_acceleration_kind)(word >> DFA_ACCELERATION_KIND_SHIFT);
}

/* The first position in [from, to) whose byte leaves a state with this
 * acceleration word (ESCAPES, RANGE or TO_END), or to. Reads only
 * subject[from .. to). */
size_t dfa_accelerate_forward(uint32_t word, const unsigned char *subject, size_t from, size_t to);

/* Backwards, reading subject[to .. from): the highest position p in
 * (to, from] whose byte before it, subject[p - 1], leaves the state, or to
 * when every byte there stays. */
size_t dfa_accelerate_backward(uint32_t word, const unsigned char *subject, size_t from,
                               size_t to);

/* The item of a state's thread list that stands for "a new thread starts
 * here, at the lowest priority"; never an instruction index, as programs
 * have fewer than DFA_ID_MASK instructions. */
#define DFA_START_ITEM UINT32_MAX

/* Facts about the bytes either side of a position (bit set). */
typedef uint16_t dfa_context;
enum {
  DFA_CONTEXT_TEXT_EDGE = 1u << 0,     /* the start or the end of the text */
  DFA_CONTEXT_LINE_EDGE = 1u << 1,     /* that edge, and ^ or $ may match at it */
  DFA_CONTEXT_NEWLINE = 1u << 2,       /* the byte is \n */
  DFA_CONTEXT_FINAL_NEWLINE = 1u << 3, /* the byte is a \n and the subject's last */
  DFA_CONTEXT_WORD = 1u << 4,          /* an ASCII word character */
  DFA_CONTEXT_CONTINUATION = 1u << 5,  /* a UTF-8 continuation byte */
  DFA_CONTEXT_DOLLAR_NEWLINE = 1u << 6, /* a final newline $ may match before */
  /* The byte is in nfa_program.lookaround_byte_sets[i]: bit
   * DFA_CONTEXT_BYTE_SET << i, for a lookaround one byte decides. */
  DFA_CONTEXT_BYTE_SET = 1u << 7
};
_Static_assert(7 + NFA_MAX_LOOKAROUND_BYTE_SETS <= 16, "byte set contexts fit a dfa_context");

typedef enum dfa_direction {
  DFA_FORWARD, /* leftmost-first; a state remembers the byte before it */
  DFA_BACKWARD /* longest match; a state remembers the byte after it */
} dfa_direction;

/* ---- Internals of the dfa_*.c files -------------------------------------
 * A native loop needs dfa_automaton (class_of), dfa_lazy's table and
 * dfa_lazy_transition for its slow path, and plugs in through
 * dfa_search_with (at the end of this file) or its inline form
 * (dfa_search_with.h); the rest is private. */

/* One direction's immutable automaton description. Its classes cover
 * the byte ranges and assertions of the original program, which the
 * reversed program has all of, no more (dfa_reverse_program): so both
 * directions' classes are made before the reversed program is. */
typedef struct dfa_automaton {
  /* The original program, in both directions: its lookarounds are the
   * ones the assertions name, and its utf flag the reversed one's. The
   * program a direction runs is its dfa_lazy's. */
  const nfa_program *program;
  dfa_direction direction;
  uint32_t class_count; /* byte classes; the two final-newline columns follow */
  uint32_t acceleration_column; /* class_count + 2: the acceleration word */
  uint32_t stride;              /* class_count + 3 */
  uint8_t class_of[256];
  dfa_context column_context[258]; /* DFA_CONTEXT_* of each column's bytes */
  uint8_t column_byte[258];        /* a byte of each column, to test ranges with */
  dfa_context remembered_context;  /* the DFA_CONTEXT_* bits a state keeps */
  int uses_match_start;            /* the program has \G */
} dfa_automaton;

struct dfa {
  dfa_automaton forward;
  dfa_automaton backward;
  /* The program backward runs, owned, allocated by the original's
   * allocator: NULL until the first search that needs it builds it
   * (dfa_reversed_program). A dfa is shared between threads, so it is
   * published as the Pike VM's code is (jrx.c, native_pike_code): by a
   * compare-and-swap, the loser of a race freeing its own. Most patterns
   * of a fixed length, and every anchored one, never need it; compiling
   * a big class (\p{L}) would spend a fifth of its time reversing. */
  _Atomic(nfa_program *) reversed;
  /* With nfa_program.starts_after_excluded, the acceleration word whose
   * leaving bytes are the excluded ones (ESCAPES or RANGE) when there is
   * one, so that the scan back to the start, past the bytes the loop over
   * excluded_byte reads first (DFA_EXCLUDED_LOOP_BYTES), is a vector
   * scan; 0 (that loop alone) otherwise. */
  uint32_t excluded_scan;
  uint8_t excluded_byte[256]; /* 1 for the program's excluded bytes */
};

/* How many bytes back from a match's end the byte loop over
 * dfa.excluded_byte looks for its start before the vector scan takes
 * over: most matches start within a few bytes, where the scan's set-up
 * and call cost more than the loop's steps (20-byte subjects of
 * [a-z]+ing: 119 x86-64 instructions a scan with the vectors). */
#define DFA_EXCLUDED_LOOP_BYTES 16u

/* What the program's instructions tell both directions' classes: where
 * its byte ranges start and end, and the context bits its assertions
 * read of the byte before and after. One scan of the program for both. */
typedef struct dfa_program_reads {
  uint8_t class_starts[256]; /* 1 where a byte range starts or ends after */
  dfa_context before;
  dfa_context after;
  int uses_match_start;
} dfa_program_reads;

void dfa_program_reads_of(const nfa_program *program, dfa_program_reads *reads);

/* Classes and contexts of program (the original) for one direction,
 * from its reads. */
void dfa_automaton_init(dfa_automaton *automaton, const nfa_program *program,
                        const dfa_program_reads *reads, dfa_direction direction);

/* Both directions' automata, as dfa_automaton_init makes them; the
 * backward one takes the forward one's classes when the bits its columns
 * read add no class start (most programs: the byte ranges have them), so
 * the 256 bytes are classed once. */
void dfa_automata_init(dfa_automaton *forward, dfa_automaton *backward,
                       const nfa_program *program, const dfa_program_reads *reads);

/* The acceleration word that stops on exactly the bytes of set (TO_END
 * for none), or 0 when none does (more than three bytes, and the rest not
 * one interval). */
uint32_t dfa_acceleration_word_leaving_on(const uint64_t set[4]);

/* Builds into *reversed a program accepting the reverse of every path of
 * program: it starts at program's matches and matches where program
 * starts; assertions keep their meaning at each position. Returns 0 or
 * JRX_ERROR_NOMEMORY. */
int dfa_reverse_program(const nfa_program *program, nfa_program *reversed);

/* The reversed program of automaton in *reversed, built by the first
 * call (from any thread; see struct dfa). Returns 0 or
 * JRX_ERROR_NOMEMORY (a later call tries again). */
int dfa_reversed_program(const dfa *automaton, const nfa_program **reversed);

/* A state of the store: where its thread list lives and what it is. */
typedef struct dfa_state_record {
  uint32_t id;          /* premultiplied, with DFA_TAG_MATCH if matching */
  uint32_t flags;       /* remembered context and DFA_STATE_* bits */
  uint32_t item_offset; /* into items */
  uint32_t item_count;
  uint32_t hash;
  /* The last two answers of dfa_lazy_end_matches, the latest first (see
   * dfa_build.c): a search that reaches the end, as most searches of a
   * short subject do, asks again on every call. */
  uint32_t end_answers[2];
} dfa_state_record;

/* State flags beyond the remembered DFA_CONTEXT_* bits. */
enum {
  DFA_STATE_MATCHED = 1u << 16,        /* a match ended (began) at the byte that led here */
  DFA_STATE_AT_MATCH_START = 1u << 17, /* forward: the position is the start offset */
  DFA_STATE_ONE_START = 1u << 18,      /* the start item does not survive the next byte */
  DFA_STATE_REJECT_EMPTY = 1u << 19,   /* the next closure ignores empty matches */
  DFA_STATE_KEEP_REJECTING = 1u << 20  /* and so does every later one (NOTEMPTY) */
};

/* Start states a dfa_lazy remembers by their flags. A search needs one or
 * two (forward, and after a skip), so a few slots hold every combination
 * of context and options a caller is likely to use. */
#define DFA_START_CACHE_SIZE 8u

/* The state store and table of one direction, bounded by a memory budget,
 * with the scratch space for computing transitions. */
typedef struct dfa_lazy {
  const dfa_automaton *automaton;
  const nfa_program *program;     /* the one it runs: automaton's, or the reversed one */
  const jrx_allocator *allocator; /* the program's */
  dfa_limits limits;
  uint32_t *table;
  dfa_state_record *states;
  uint32_t state_count;
  uint32_t state_capacity;
  uint32_t *items;
  size_t item_count;
  size_t item_capacity;
  uint32_t *hash_slots; /* state index + 1, or 0 for empty */
  uint32_t hash_capacity;
  size_t memory_used; /* what the budget is measured against */

  /* The direction's start states by flags, so that a search finds its
   * start without hashing; emptied with the store, as the ids go stale. */
  uint32_t start_flags[DFA_START_CACHE_SIZE];
  uint32_t start_states[DFA_START_CACHE_SIZE];
  uint32_t start_count;

  /* Closure scratch, sized by the program once: one allocation, stamps
   * first. */
  uint32_t *stamps; /* instruction -> generation of its last visit */
  uint32_t *added;  /* instruction -> generation it joined the new list */
  uint32_t generation;
  uint32_t *stack;
  uint32_t *next_items; /* the thread list being built */
  uint32_t next_count;

  /* Give-up accounting for the current search. */
  size_t reset_position; /* where the last emptying happened */
  uint32_t search_resets;
  size_t scan_start; /* where the search's scan began */
  /* What the direction did since the cache was made; the loops add the
   * bytes a scan read when it ends. Searches report the difference. */
  dfa_stats stats;

  /* Across searches: the bytes scanned until the last emptying, and
   * whether an emptying ever came after fewer than
   * limits.min_bytes_per_state bytes per state built (a state every few
   * bytes: the DFA is no faster than an NFA there, however many searches
   * share the work). Never cleared. */
  uint64_t scanned_at_reset;
  int thrashed;
} dfa_lazy;

struct dfa_cache {
  const jrx_allocator *allocator; /* the program's, for the cache and its states */
  const dfa *automaton;
  dfa_limits limits;
  dfa_lazy forward;
  /* Made by the first search that needs it (dfa_cache_backward); until
   * then zeroed but for its stats, which count from the cache's start. */
  dfa_lazy backward;
  /* A search for a sequence of byte sets (prefilter_search) met
   * candidates too dense to check one by one: the searches of this cache
   * leave them to the DFA from then on. */
  int sequence_stood_down;
  /* The skipping searches' tries of the match anchored at their first
   * candidate (dfa_match_at_candidate), and how many found none there. */
  uint64_t candidate_tries;
  uint64_t candidate_misses;
};

/* Makes lazy a store for automaton's direction running program; its
 * stats are kept (see dfa_cache.backward). */
int dfa_lazy_init(dfa_lazy *lazy, const dfa_automaton *automaton, const nfa_program *program,
                  const dfa_limits *limits);

/* The backward store of cache in *backward, made on first use with the
 * reversed program (dfa_reversed_program). Returns 0 or
 * JRX_ERROR_NOMEMORY. */
int dfa_cache_backward(dfa_cache *cache, dfa_lazy **backward);
void dfa_lazy_release(dfa_lazy *lazy);

/* Prepares for a search (give-up accounting starts afresh); inline, as
 * every search calls it once or twice. */
static inline void dfa_lazy_begin_search(dfa_lazy *lazy, size_t position) {
  lazy->reset_position = position;
  lazy->scan_start = position;
  lazy->search_resets = 0;
}

/* Whether the forward DFA of cache has thrashed (dfa_lazy.thrashed): a
 * caller with another linear engine for the program had better use it. */
static inline int dfa_cache_thrashed(const dfa_cache *cache) {
  return cache->forward.thrashed;
}

/* The state whose thread list is items[0..count) (DFA_START_ITEM allowed)
 * with those flags, added if new; an empty list is DFA_DEAD, or
 * DFA_MATCH_THEN_DEAD when it comes with DFA_STATE_MATCHED.
 * Adding may empty the cache; when the budget cannot hold even this one
 * state, or emptying happens too often for position, returns DFA_GAVE_UP.
 * Returns 0 or JRX_ERROR_NOMEMORY otherwise. */
int dfa_lazy_intern(dfa_lazy *lazy, const uint32_t *items, uint32_t count, uint32_t flags,
                    size_t position, uint32_t *state);

/* dfa_lazy_intern of the thread list {item}, where item is the
 * direction's start item (the same in every call), remembered in the start
 * state cache. */
int dfa_lazy_intern_start_state(dfa_lazy *lazy, uint32_t item, uint32_t flags, size_t position,
                                uint32_t *state);

/* dfa_lazy_intern_start_state, answered from the cache when it can be:
 * inline, as every search starts here once or twice. */
static inline int dfa_lazy_start_state(dfa_lazy *lazy, uint32_t item, uint32_t flags,
                                       size_t position, uint32_t *state) {
  for (uint32_t i = 0; i < lazy->start_count; i++) {
    if (lazy->start_flags[i] == flags) {
      *state = lazy->start_states[i];
      return 0;
    }
  }
  return dfa_lazy_intern_start_state(lazy, item, flags, position, state);
}

/* Computes, stores and returns in *next the transition of state (not
 * tagged DEAD or UNKNOWN) on column; position is the offset of the byte
 * being read, for give-up accounting. Returns 0, DFA_GAVE_UP or
 * JRX_ERROR_NOMEMORY. */
int dfa_lazy_transition(dfa_lazy *lazy, uint32_t state, uint32_t column, size_t position,
                        uint32_t *next);

/* The record of a state (tags ignored). */
static inline const dfa_state_record *dfa_lazy_record(const dfa_lazy *lazy, uint32_t state) {
  return &lazy->states[(state & DFA_ID_MASK) / lazy->automaton->stride];
}

/* An entry of dfa_state_record.end_answers: the context, the start
 * offset bit and the answer, marked known (0 is an empty entry). */
enum {
  DFA_END_AT_MATCH_START = 1u << 16,
  DFA_END_MATCHES = 1u << 17,
  DFA_END_KNOWN = 1u << 18
};

/* dfa_lazy_end_matches when the state has not remembered the answer
 * (dfa_build.c): runs the state's threads to the end and remembers it. */
int dfa_lazy_end_matches_run(dfa_lazy *lazy, uint32_t state, dfa_context context,
                             int at_match_start);

/* Whether a match ends (forward) or starts (backward) at the end of the
 * input in state: context holds the DFA_CONTEXT_* bits of the text edge or
 * byte beyond it. Backwards at_match_start says whether that is the start
 * offset (for \G); forward states know that themselves. The answer is
 * remembered in the state for the next search; inline, since a short
 * subject's search that reaches its end, as most do, asks again on every
 * call and finds it. */
static inline int dfa_lazy_end_matches(dfa_lazy *lazy, uint32_t state, dfa_context context,
                                       int at_match_start) {
  const dfa_state_record *record = dfa_lazy_record(lazy, state);
  if (record->item_count == 0) {
    /* The state after the last thread died on a match: the common end of
     * a backward scan, where nothing is left to run. */
    return 0;
  }
  uint32_t key = DFA_END_KNOWN | (at_match_start ? DFA_END_AT_MATCH_START : 0) | context;
  for (uint32_t i = 0; i < 2; i++) {
    uint32_t entry = record->end_answers[i];
    if ((entry & ~(uint32_t)DFA_END_MATCHES) == key) {
      return (entry & DFA_END_MATCHES) != 0;
    }
  }
  return dfa_lazy_end_matches_run(lazy, state, context, at_match_start);
}

/* The thread list of the state that record's state moves to on column,
 * left in lazy->next_items[0 .. next_count) (sorted backwards, as states
 * keep them), and its flags as dfa_lazy_intern takes them. Interns
 * nothing, so the cache stays as it was. */
uint32_t dfa_lazy_successor(dfa_lazy *lazy, const dfa_state_record *record, uint32_t column);

/* Examines whether state, which has just been seen to loop on a column,
 * is accelerated, and writes its row's acceleration word (and the
 * DFA_TAG_ACCELERATED self-loops) accordingly (dfa_accelerate.c). Interns
 * nothing. */
void dfa_lazy_examine_acceleration(dfa_lazy *lazy, uint32_t state);


/* ---- Plugging in another byte loop -----------------------------------
 * dfa_search_with is dfa_search with the byte loop supplied by the caller,
 * so a native loop reuses everything else unchanged: start states, the
 * end-of-text and start-offset steps, the backward pass and the stats. */

/* One search's subject and options as the loops see them. */
typedef struct dfa_input {
  const unsigned char *subject;
  size_t length;
  size_t start_offset;
  /* Where the forward scan begins: start_offset, or a later position
   * before which no match starts (a prefilter's first candidate, found by
   * a caller whose program cannot match the empty string and has no \G).
   * Everything else, the backward scan's bound included, stays at
   * start_offset, so that scan ends on the byte that kills it rather than
   * asking whether a match starts exactly at the candidate. */
  size_t scan_from;
  size_t final_newline; /* index of the last byte if it is \n, or SIZE_MAX */
  uint32_t options;
} dfa_input;

/* Inline, as every search calls it. */
static inline void dfa_input_init(dfa_input *input, const unsigned char *subject, size_t length,
                                  size_t start_offset, uint32_t options) {
  *input = (dfa_input){.subject = subject,
                       .length = length,
                       .start_offset = start_offset,
                       .scan_from = start_offset,
                       .final_newline = SIZE_MAX,
                       .options = options};
  if (length > 0 && subject[length - 1] == '\n') {
    input->final_newline = length - 1;
  }
}

/* The DFA_CONTEXT_* bits of the text edge at the start (before, given
 * JRX_NOTBOL) or the end (after, given JRX_NOTEOL). */
static inline dfa_context dfa_edge_context(const dfa_input *input, uint32_t notbol_or_noteol) {
  return (dfa_context)(DFA_CONTEXT_TEXT_EDGE |
                       ((input->options & notbol_or_noteol) != 0 ? 0 : DFA_CONTEXT_LINE_EDGE));
}

/* A byte loop: runs lazy from *state over the bytes between positions
 * from and to, forwards (from < to) reading subject[p] at p, backwards
 * reading subject[p - 1], with dfa_column_at's column for each. Calls
 * dfa_record_match for every DFA_TAG_MATCH transition. Adds the bytes it
 * read to lazy->stats.bytes_scanned. Returns 0 with *state the state at
 * `to`, or DFA_DEAD if the DFA died on the way; or DFA_GAVE_UP or
 * JRX_ERROR_NOMEMORY from dfa_lazy_transition. The forward scan is called
 * once per search, from the start offset with the start state. */
typedef int (*dfa_scan_function)(void *context, dfa_lazy *lazy, const dfa_input *input, size_t from,
                                 size_t to, uint32_t *state, size_t *found);

/* A forward byte loop that also stores in *first where it first records
 * a match end (dfa_record_match), left as it was when it records none; a
 * program whose first character matches (nfa_program.first_character_matches)
 * finds its matches' start from it (dfa_search_unanchored). */
typedef int (*dfa_first_scan_function)(void *context, dfa_lazy *lazy, const dfa_input *input,
                                       size_t from, size_t to, uint32_t *state, size_t *found,
                                       size_t *first);

/* dfa_search over input, scanning with scan(context, ...); a caller whose
 * scan is known at compile time uses dfa_search_inlining
 * (dfa_search_with.h) instead. */
int dfa_search_with(const dfa *automaton, dfa_cache *cache, const dfa_input *input,
                    dfa_scan_function scan, void *context, size_t *match_start, size_t *match_end,
                    dfa_stats *stats);

/* Where a match may start next: a position at or after from (from <
 * length) where one can, or SIZE_MAX. Every position it passes over must
 * be one where no match can start. Adds its hits to *hits (see
 * dfa_skipping_pays). */
typedef size_t (*dfa_candidate_function)(const void *context, const unsigned char *subject,
                                         size_t length, size_t from, size_t *hits);

/* Whether a prefilter is worth its hits (the places its byte search
 * stopped, checked or not): once there are DFA_SKIP_PROBATION of them,
 * they must have moved the scan at least DFA_SKIP_MIN_ADVANCE bytes each on
 * average, since stopping every few bytes costs more than stepping the DFA
 * over them (DNA text and a pattern made of its letters, say). Candidate
 * functions return early when their hits stop paying, and the portable and
 * native loops stop skipping for the rest of the scan. */
#define DFA_SKIP_PROBATION 64u
#define DFA_SKIP_MIN_ADVANCE 16u
static inline int dfa_skipping_pays(size_t hits, size_t bytes_advanced) {
  return hits < DFA_SKIP_PROBATION || bytes_advanced / DFA_SKIP_MIN_ADVANCE >= hits;
}

/* dfa_search whose forward loop, whenever it is in the unanchored start
 * state (no thread in progress), jumps to next_candidate(context, ...);
 * with no candidate left the search ends there; first, while such tries
 * pay, the match anchored at the first candidate (dfa_match_at_candidate).
 * Searches exactly as dfa_search when the search is anchored or the
 * program has \G, where moving the start would change the answer. */
int dfa_search_skipping(const dfa *automaton, dfa_cache *cache, const unsigned char *subject,
                        size_t length, size_t start_offset, uint32_t options,
                        dfa_candidate_function next_candidate, const void *context,
                        size_t *match_start, size_t *match_end, dfa_stats *stats);

/* Stores in *found where the match seen on the DFA_TAG_MATCH transition
 * over subject[index] ends (forward) or starts (backward), unless it would
 * start inside a UTF-8 character. */
void dfa_record_match(const dfa_lazy *lazy, const dfa_input *input, size_t index, size_t *found);

/* The few helpers below are inline: every search calls them once or twice
 * and the native loops' matches can be a few bytes apart. */

/* The column of subject[index]: its class, or a final-newline column. */
static inline uint32_t dfa_column_at(const dfa_automaton *automaton, const dfa_input *input,
                                     size_t index) {
  if (index == input->final_newline) {
    return automaton->class_count + ((input->options & JRX_NOTEOL) != 0 ? 1 : 0);
  }
  return automaton->class_of[input->subject[index]];
}

/* The DFA_CONTEXT_* bits of what precedes position: the text edge (with
 * JRX_NOTBOL applied) or the byte. */
static inline dfa_context dfa_context_before(const dfa_automaton *automaton,
                                             const dfa_input *input, size_t position) {
  if (position == 0) {
    return dfa_edge_context(input, JRX_NOTBOL);
  }
  return automaton->column_context[automaton->class_of[input->subject[position - 1]]];
}

/* Whether a match may start at position (always outside UTF mode). */
static inline int dfa_is_character_start(const nfa_program *program, const dfa_input *input,
                                         size_t position) {
  return !program->utf || position == input->length || (input->subject[position] & 0xc0u) != 0x80u;
}

/* The forward start state at position, as dfa_search starts there: a new
 * thread at the lowest priority, once (anchored) or at every position. */
static inline int dfa_forward_start_state(const dfa_automaton *forward, dfa_lazy *lazy,
                                          const dfa_input *input, size_t position, int anchored,
                                          uint32_t *state) {
  uint32_t flags = forward->remembered_context == 0
                       ? 0
                       : dfa_context_before(forward, input, position) & forward->remembered_context;
  if (forward->uses_match_start) {
    flags |= DFA_STATE_AT_MATCH_START;
  }
  if (anchored) {
    flags |= DFA_STATE_ONE_START;
  }
  if ((input->options & (JRX_NOTEMPTY | JRX_NOTEMPTY_ATSTART)) != 0) {
    flags |= DFA_STATE_REJECT_EMPTY;
  }
  if ((input->options & JRX_NOTEMPTY) != 0) {
    flags |= DFA_STATE_KEEP_REJECTING;
  }
  return dfa_lazy_start_state(lazy, DFA_START_ITEM, flags, position, state);
}

#endif
