/* jrx_internal: what a compiled jrx and a match data hold. A jrx is
 * immutable after jrx_compile except for its few cached match data, which
 * are only ever moved in and out with atomic exchanges, and its native
 * search code and Pike VM, each built once by the first match that needs
 * it and published with a compare-and-swap, so any number of threads may
 * match at once. */
#ifndef JRX_INTERNAL_H
#define JRX_INTERNAL_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "jrx.h"
#include "bitnfa.h"
#include "byte_run.h"
#include "capture.h"
#include "dfa.h"
#include "lookahead_filter.h"
#include "nfa.h"
#include "pike.h"
#include "search/strategy.h"

/* Which backend runs the program. */
typedef enum jrx_engine_kind {
  JRX_ENGINE_INTERPRETER,
  JRX_ENGINE_ARM64_JIT /* the DFA scanned by native loops (arm64/jit.h) */
} jrx_engine_kind;

typedef struct jrx_group_name {
  const char *name; /* points into the same allocation as the array */
  uint32_t number;
} jrx_group_name;

/* How many matches an iteration's dense path finds in one search at
 * most (jrx_match_dense). */
#define JRX_DENSE_AHEAD 16u

/* How many an iteration's literal search finds (jrx_match_literals):
 * more, since a search there costs a few hundred instructions around the
 * literal search itself (iterator_search, jrx_match_literals, setting up
 * search_find_successive), 11 a match of alternation-5 at 16 (Sherlock
 * 647K -> 640K guest instructions a pass, sample-en 361K -> 349K at 64);
 * what it finds ahead stays within a window after each match
 * (jrx.c's LITERALS_AHEAD_WINDOW). */
#define JRX_LITERALS_AHEAD 64u
_Static_assert(JRX_LITERALS_AHEAD >= JRX_DENSE_AHEAD, "dense_ahead holds either's");

/* How many slots the matches an iteration's capture engine finds in one
 * search (jrx_match_captures) hold at most: 32 matches of 8 slots, or
 * fewer of more. */
#define JRX_CAPTURES_AHEAD_SLOTS 256u
#define JRX_CAPTURES_AHEAD_MATCHES 32u

/* Everything one match needs besides the compiled pattern; the lazy DFA
 * cache stays warm from one match to the next. Used by one match at a
 * time. */
struct jrx_match_data {
  const jrx *re; /* the pattern it was made for */
  /* Made by the first search that runs the Pike VM: native when the jrx
   * has a native Pike VM, else pike.c's. */
  struct jit_pike_scratch *native_pike;
  pike_scratch *pike;
  /* slot_count slots: a match's with its lookarounds' groups
   * (lookaround_capture.h); made by the first match that needs them. */
  size_t *lookaround_slots;
  dfa_cache *dfa;
  /* The DFA caches of the pattern's leading lookaheads and probe
   * (lookahead_filter.h), made by the first search that runs one. */
  dfa_cache *lookahead_dfa[LOOKAHEAD_FILTER_CACHES];
  /* What those searches learnt of lookaheads C*X (lookahead_filter.h),
   * kept while an iteration searches its unchanged subject again. */
  lookahead_witness lookahead_witnesses[LOOKAHEAD_FILTER_MAX];
  capture_scratch captures; /* for the jrx's capture engine */
  size_t error_offset;      /* of the last JRX_ERROR_BAD_UTF(_OFFSET), or JRX_UNSET */
  /* The iterator that last searched on it since jrx_iterator_set_match_data
   * gave it one or jrx_match's cache lent it to one (NULL: none), and whether the search running now is on
   * that iterator's subject again, unchanged: the lookaround tables of its
   * last search may then be kept (lookaround_tables_keep_subject). */
  const struct jrx_iterator *iterator;
  unsigned iteration; /* that iterator's jrx_iterator.iteration then */
  bool subject_kept;
  /* Matches that iterator's dense path found ahead (jrx_match_dense):
   * pairs dense_next .. dense_count - 1 of dense_ahead, each what the
   * iteration's search from the end of the pair before finds, and the
   * counter of stats each adds one to when taken (JRX_DENSE_AHEAD of
   * them at most; jrx_match_literals' JRX_LITERALS_AHEAD). */
  uint32_t dense_next;
  uint32_t dense_count;
  uint64_t *dense_counter;
  size_t dense_ahead[2 * JRX_LITERALS_AHEAD];
  /* jrx_match_placed leaves its matches there too (jrx.placed_direct,
   * whose searches never take the dense path), each search counted when
   * made; dense_none_after: the search from the end of the last found
   * none. */
  bool dense_none_after;
  /* jrx_match_literals' last search ahead, from literals_clear_from (the
   * end of the last match it left there), found that no match starts
   * before literals_clear_to (0: it learnt nothing); the next search from
   * literals_clear_from starts there. Kept while the iterator is this
   * data's: its subject is the same. */
  size_t literals_clear_from;
  size_t literals_clear_to;
  /* Matches that iterator's capture engine found ahead (jrx_match_captures)
   * the same way: captures_next .. captures_count - 1 of captures_ahead,
   * captures_slot_count slots each (the program's slot_count, or 2 when
   * its group-less twin found them, captures_whole_only: they answer
   * whole matches only), none empty; captures_none_after: the search
   * from the end of the last found none; captures_native: native code
   * found them (they count as native_capture_searches, else as
   * capture_searches). captures_ahead holds captures_capacity matches of
   * the program's slot_count slots (0 and NULL: the pattern's searches
   * never take jrx_match_captures). */
  uint32_t captures_slot_count;
  bool captures_whole_only;
  bool captures_native;
  uint32_t captures_next;
  uint32_t captures_count;
  uint32_t captures_capacity;
  bool captures_none_after;
  size_t *captures_ahead;
  /* Counting (jrx_match_stats in jrx.h, read by jrx_match_data_stats):
   * whatever answers a search adds one to its counter here, where it
   * answers (an engine of its own gets a counter of its own in
   * jrx_match_stats); the DFA's work is not counted on the way but read
   * from the cache's own counters, less dfa_counted_before, when asked. */
  jrx_match_stats stats;
  dfa_stats dfa_counted_before;
};

/* How many match data a jrx keeps for jrx_match: enough for a handful of
 * threads sharing the pattern to find a warm one. */
#define JRX_CACHED_MATCH_DATA 4

/* The searches jrx_match_with answers by a path of their own, chosen at
 * compile time: the general path would take the same engine after a
 * dozen tests on the pattern, the match data and the options, which cost
 * a short subject's search as much as its scan. */
typedef enum jrx_quick_path {
  JRX_QUICK_NONE,
  JRX_QUICK_DENSE,   /* jrx.dense_iteration with no required byte: the DFA's dense search */
  JRX_QUICK_LITERALS, /* a literal search is the whole match (no groups, no lookahead) */
  JRX_QUICK_BOUNDS,   /* no groups, unanchored: the bounds are the match */
  /* groups, anchored, the one-pass DFA as native code (a log line's
   * parse): when the groups are wanted, that code's one run is the search */
  JRX_QUICK_ANCHORED_GROUPS,
  /* anchored, the one-pass DFA of the whole match alone as native code (a
   * log line's check, groups not wanted): that code's one run is the
   * search */
  JRX_QUICK_ANCHORED_WHOLE
} jrx_quick_path;

/* How jrx_iterator_next answers a match an iteration's search left ahead
 * in the match data (jrx_match_data.dense_ahead), chosen at compile time
 * so that an iteration over dense matches pays one test a match for it. */
typedef enum jrx_ahead_answer {
  /* jrx_iterator_next's general choices (groups, clusters, stats) */
  JRX_AHEAD_GENERAL,
  /* no groups, the matches ahead are jrx_match_literals' or
   * jrx_match_placed's: the answer is the bounds */
  JRX_AHEAD_BOUNDS,
  /* no groups, the matches ahead are jrx_match_dense's: the bounds,
   * counted in the match data's dense_counter */
  JRX_AHEAD_BOUNDS_COUNTED
} jrx_ahead_answer;

struct jrx {
  jrx_context *context; /* holds a reference */
  const jrx_allocator *allocator; /* the context's, of everything the jrx owns */
  nfa_program program;
  uint32_t capture_count;
  uint32_t compile_options;
  /* PCRE2 would mark it PCRE2_STARTLINE (only computed under
   * JRX_MATCH_INVALID_UTF, where it changes answers: jrx_invalid_utf.c). */
  int startline;
  jrx_engine_kind engine;
  jrx_group_name *names; /* sorted by name; one allocation with their text */
  size_t name_count;
  dfa *automaton; /* finds the match bounds; the Pike VM adds the groups */
  /* A pattern opening with a positive lookbehind of a fixed number of
   * bytes is searched as lookbehind_program (lookbehind_prefix.h), whose
   * matches start lookbehind_bytes before the pattern's; 0 and NULL
   * otherwise. The search's DFA, plan and native code are then that
   * program's. */
  nfa_program *lookbehind_program;
  uint32_t lookbehind_bytes;
  /* A pattern opening with lookaheads no byte decides searches the rest
   * of it (lookahead_filter.h), checking them at each match's start;
   * NULL otherwise. The search's DFA, plan and native code are then the
   * rest's. Both are pointers, made only for the few patterns that have
   * them: a compile zeroes the whole jrx, and the filter alone is 17 KB. */
  lookahead_filter *lookahead;
  /* Finds them instead of a thrashing DFA (bitnfa.h); NULL when the
   * program does not qualify. */
  bitnfa *bit_parallel;
  search_plan search; /* how matches are found (search/strategy.h) */
  /* JRX_ENGINE_ARM64_JIT with an automaton: native loops over it and the
   * prefilter (arm64/jit.h), built at compile time only until some
   * pattern's were installed in this process, else by the first search
   * (jrx_native_search_code); NULL until then. native_failed: building it
   * failed for good (no executable memory, or generation failed), the
   * C engines search instead. */
  _Atomic(struct jit_code *) native;
  atomic_int native_failed;
  /* With groups: fills them for the bounds the DFA found, or finds an
   * anchored match itself (capture.h). */
  capture_engines captures;
  /* JRX_ENGINE_ARM64_JIT: the Pike VM as native code (arm64/jit_pike.h),
   * for searches the lazy DFA gives up on and capture spans too long for
   * the backtracker. Built when first needed (few patterns ever need it,
   * and building it costs as much as the rest of a compile); NULL until
   * then. pike_code_failed: building it failed for good (its code would be
   * out of a branch's reach, or no executable memory), pike.c runs instead. */
  _Atomic(struct jit_pike_code *) pike_code;
  atomic_int pike_code_failed;
  /* jrx_engine's answer, saying why native code is missing; only a failed
   * build of the search code or of the Pike VM changes it after compiling. */
  _Atomic(const char *) engine_name;
  dfa_limits dfa_limits; /* for each match's cache */
  /* An iteration's later searches may take jrx_match_dense, and a
   * jrx_match_with on a match data its search (jrx.c), when the groups
   * are not wanted (jrx_dense_applies): the plain DFA strategy finds the
   * whole match (no empty match, no JRX_ANCHORED or \G, nothing read
   * before the start offset). */
  bool dense_iteration;
  /* jrx_earliest_end may answer (jrx_earliest.c: the plain DFA is the
   * whole search). */
  bool earliest;
  /* jrx_earliest_end answers by jrx_sequence_end (jrx.c: the strategy
   * finds a sequence of byte sets without the DFA, and it is the whole
   * search). */
  bool earliest_sequence;
  /* jrx_dense_applies to a search for fewer ovector pairs than this: 0
   * when it never does, SIZE_MAX for a pattern without groups or whose
   * groups the bounds place (jrx.c's dense_pairs_below_of), else 1 or 2
   * (capture_groups_wanted). Set with dense_iteration, once the
   * capture engines are built: jrx_whole_match_by_capture_engine, which
   * it excludes, depends on nothing a search may change but a whole
   * search's table or native code failing to build, at its first search
   * (CAPTURE_ENGINE_WHOLE_SEARCH), after which the dense path stays
   * closed (the DFA still answers). */
  size_t dense_pairs_below;
  /* From how many ovector pairs such a search wants the groups, which
   * the bounds then place: SIZE_MAX when it never does (no groups, or
   * not placed), else 1 or 2. One comparison for each match an
   * iteration's dense path hands out. */
  size_t dense_placed_from;
  /* An iteration's later searches that want the groups (or, where
   * jrx_whole_match_by_capture_engine holds, the whole match) may take
   * jrx_match_captures: the capture engine's own search is the whole
   * search (an unanchored pattern whose engine searches, with no
   * lookaround, no groups placed by bounds that a search without the DFA
   * finds, nothing read before the start offset). */
  bool captures_direct;
  /* An iteration's later searches may take jrx_match_placed: the groups
   * are placed by the bounds of a search without the DFA (literals, a
   * sequence of byte sets), or there are none and such a search finds a
   * sequence of byte sets, for an unanchored pattern with no lookaround
   * and nothing read before the start offset. */
  bool placed_direct;
  /* The path jrx_match_with takes at once, past the choices of the
   * general one, for a search on a match data with no option but
   * JRX_NO_UTF_CHECK (jrx.c: jrx_quick_path). */
  jrx_quick_path quick_path;
  /* jrx_iterator_next's answer for the matches ahead (jrx.c's
   * ahead_answer_of). */
  jrx_ahead_answer ahead_answer;
  /* The pattern is \X alone, maybe captured (ast_tree.grapheme_alone),
   * not under JRX_MATCH_INVALID_UTF: a search takes the cluster at its
   * start offset with grapheme_cluster_end, every group the same, and
   * runs no engine. */
  bool grapheme_alone;
  /* The pattern is \X+ (ast_tree.grapheme_run), not under
   * JRX_MATCH_INVALID_UTF: a search takes grapheme_cluster_end's clusters
   * from its start offset to the end. */
  bool grapheme_run;
  /* The pattern is one greedy repetition of a character set from zero
   * times up, maybe captured (byte_run.h: .*, (?s).*), not under
   * JRX_MATCH_INVALID_UTF: a search takes the run of run's bytes from
   * its start offset (jrx_match_run), every group the same, and runs no
   * engine. */
  bool run_alone;
  byte_run run;
  /* The pattern ends with \X (ast_tree.grapheme_last), compiled as one
   * character: a search's match and the groups grapheme_last_groups then
   * end with the cluster from that character on (jrx_extend_last_cluster):
   * match_knowing_inlined's search (the dense one too), the dense
   * iteration (jrx_match_dense) and an iteration's direct capture
   * search (jrx_match_captures) take it in; no quick path,
   * jrx_match_placed or earliest end runs, and the dense path places no
   * group by its bounds (jrx.c's dense_pairs_below_of). */
  bool grapheme_last;
  uint32_t grapheme_last_group_count;
  uint32_t grapheme_last_groups[AST_GRAPHEME_LAST_GROUPS];
  /* For matches given no match data; a slot is NULL while a match uses
   * its match data, or before one was needed. */
  _Atomic(jrx_match_data *) cached_match_data[JRX_CACHED_MATCH_DATA];
};

/* The engines that find the whole match alone, where a capture engine
 * does: a pattern's own without groups, else its group-less twin's
 * (capture_engines.whole_only), so that groups nobody asked for change
 * nothing; NULL when it has none (the DFA finds it, as for the twin). */
static inline const capture_engines *jrx_whole_match_engines(const jrx *re) {
  return re->captures.has_groups ? re->captures.whole_only : &re->captures;
}

/* Whether a search of re for the whole match alone (its groups, if any,
 * not wanted) runs the capture engines' whole search (jrx_whole_match_engines)
 * in an iteration's later searches (jrx_match_captures): in the arm64
 * build, where that search is generated code (the one-pass DFA or the
 * node backtracker of the whole match, forward only), it runs fewer
 * instructions than the DFA's forward and backward scans on dense short
 * matches and gives up to the DFA within its budget on sparse ones.
 * Only where jrx.c's whole_search_applies planned one. */
static inline bool jrx_whole_match_by_capture_engine(const jrx *re) {
  const capture_engines *captures = jrx_whole_match_engines(re);
  return re->engine == JRX_ENGINE_ARM64_JIT && captures != NULL && capture_searches(captures) &&
         capture_search_is_native(captures);
}

/* Whether a search of re for ovector_pairs pairs may take the dense path
 * (jrx.dense_iteration): the DFA's bounds are the whole answer, as for a
 * pattern without groups, or one whose groups the caller did not ask for
 * (capture_groups_wanted) and no capture engine searches for, or the
 * bounds place them (jrx_placed_answer then answers). One
 * comparison (jrx.dense_pairs_below): the iteration asks for each match. */
static inline bool jrx_dense_applies(const jrx *re, size_t ovector_pairs) {
  return ovector_pairs < re->dense_pairs_below;
}

/* The program the DFA, search plan, bit-parallel NFA and native code
 * search: the pattern's, or the one a leading lookbehind or leading
 * lookaheads make. */
const nfa_program *jrx_searched_program(const jrx *re);

/* The native search code of re, built now if no search has built it yet
 * (for tools and tests that look at it): stores NULL when re has none
 * (not JRX_ENGINE_ARM64_JIT, no DFA, or the build failed for good).
 * Returns 0 or JRX_ERROR_NOMEMORY. */
int jrx_native_search_code(const jrx *re, const struct jit_code **code);

/* jrx_earliest_end for a jrx.earliest_sequence pattern: the end of the
 * leftmost match from start_offset by the strategy's search (native code
 * where it runs), on arguments jrx_earliest_end checked. Returns 1 with
 * *end, JRX_NOMATCH, DFA_GAVE_UP (the DFA the sequence search handed
 * over to gave up; the portable search leaves the bit-parallel NFA to
 * jrx_match_with) or an error. */
int jrx_sequence_end(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                     size_t length, size_t start_offset, uint32_t options, size_t *end);

/* What calls have learnt of a subject's UTF-8, kept by the iterator so
 * that its later calls need not check it again: [valid_from, valid_to) is
 * valid UTF-8, and valid_to is the subject's length or the first byte of
 * an invalid sequence (nothing is known while valid_from > valid_to).
 * error_offset is where the last call that failed with JRX_ERROR_BAD_UTF
 * or JRX_ERROR_BAD_UTF_OFFSET found the fault. */
typedef struct jrx_subject_utf jrx_utf_knowledge; /* the iterator's, in jrx.h */

#define JRX_UTF_UNKNOWN ((jrx_utf_knowledge){1, 0, JRX_UNSET})

/* length, or the subject's up to its NUL for JRX_ZERO_TERMINATED (a NULL
 * subject keeps it, for the argument check to reject). */
size_t jrx_subject_length(const char *subject, size_t length);

/* jrx_match_with (length already resolved) that uses and adds to known. */
int jrx_match_knowing(const jrx *re, jrx_match_data *data, const char *subject, size_t length,
                      size_t start_offset, uint32_t options, size_t *ovector, size_t ovector_pairs,
                      jrx_utf_knowledge *known);

/* The search once the arguments are checked and the subject is known to
 * be valid where it is read: the engines, then the ovector. options are
 * the final ones (the pattern's JRX_ANCHORED already added). */
int jrx_search(const jrx *re, jrx_match_data *data, const unsigned char *subject, size_t length,
               size_t start_offset, uint32_t options, size_t *ovector, size_t ovector_pairs);

/* A jrx.grapheme_last pattern's answer status from a search from
 * start_offset (the program's, with one character where the pattern has
 * \X): the match, and each group around \X the ovector holds, end with
 * the cluster from that character on, whose regional indicators count
 * back to where the search checks the subject from, as \X's program
 * does. Returns status. */
int jrx_extend_last_cluster(const jrx *re, const unsigned char *subject, size_t length,
                            size_t start_offset, int status, size_t *ovector,
                            size_t ovector_pairs);

/* The answer status of a search of re from start_offset: status, with
 * the last cluster taken in (jrx_extend_last_cluster) for a
 * jrx.grapheme_last pattern. */
static inline int jrx_search_answer(const jrx *re, const unsigned char *subject, size_t length,
                                    size_t start_offset, int status, size_t *ovector,
                                    size_t ovector_pairs) {
  return re->grapheme_last ? jrx_extend_last_cluster(re, subject, length, start_offset, status,
                                                     ovector, ovector_pairs)
                           : status;
}

/* What jrx_match_dense returns when the search is not one it answers. */
#define JRX_DENSE_DECLINED (-10000)

/* jrx_match_knowing for a search of an iteration on a jrx_iterator that
 * has already searched this subject on data, with no options but
 * JRX_NO_UTF_CHECK, for ovector_pairs a pattern jrx_dense_applies to: the
 * DFA's search alone, with none of the general path's choices. Returns what
 * jrx_match_knowing would, or JRX_DENSE_DECLINED when known does not
 * already cover the subject from the start offset, when the DFA gave up,
 * or when it has thrashed with a bit-parallel NFA to take over (the
 * general path then answers). The iteration's next matches, when they
 * come close after this one, are left in data->dense_ahead. */
int jrx_match_dense(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                    size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                    size_t ovector_pairs, jrx_utf_knowledge *known);

/* jrx_match_knowing for a search of an iteration on a jrx_iterator that
 * has already searched this subject on data, with no options but
 * JRX_NO_UTF_CHECK, after no empty match, of a jrx.captures_direct
 * pattern: the capture engine's search alone, with none of the general
 * path's choices. Returns what jrx_match_knowing would, or
 * JRX_DENSE_DECLINED when known does not already cover the subject from
 * the start offset, when the search is not one the capture engine answers
 * (the groups not wanted, unless jrx_whole_match_by_capture_engine holds
 * and native code runs), or when the engine hands it to the DFA (the
 * general path then answers, without trying the engine again). */
int jrx_match_captures(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                       size_t ovector_pairs, jrx_utf_knowledge *known);

/* jrx_match_captures' next match found ahead, when the iteration stands
 * at offset, the end of the one before (data is its iterator's): what
 * jrx_match_captures would return, or JRX_DENSE_DECLINED. */
int jrx_match_captures_ahead(const jrx *re, jrx_match_data *data, size_t offset, size_t *ovector,
                             size_t ovector_pairs);

/* Whether the iteration stands where jrx_match_captures' last match
 * handed out ended (data's next match ahead, or their end), and those
 * matches answer ovector_pairs. Inline, so that jrx_iterate.c's
 * general path makes this test and then a tail call of
 * jrx_take_captures_ahead, with no frame of its own. */
static inline bool jrx_captures_ahead_stand(const jrx *re, const jrx_match_data *data,
                                            size_t offset, size_t ovector_pairs) {
  uint32_t next = data->captures_next;
  return next != 0 && next <= data->captures_count &&
         data->captures_ahead[(next - 1) * data->captures_slot_count + 1] == offset &&
         !(data->captures_whole_only && capture_groups_wanted(&re->captures, ovector_pairs));
}

/* jrx_match_captures_ahead's answer where jrx_captures_ahead_stand holds
 * and a match is ahead (captures_next < captures_count): that match,
 * taken, *offset moved to its end. */
int jrx_take_captures_ahead(const jrx *re, jrx_match_data *data, size_t *offset, size_t *ovector,
                            size_t ovector_pairs);

/* The answer of a grapheme_alone pattern whose match is the cluster
 * bounds[0..1]: every group holds it too. What jrx_match_knowing returns:
 * the pairs set, or 0 when the ovector holds fewer (it holds those; at
 * least one). */
static inline int jrx_cluster_answer(const jrx *re, const size_t bounds[2], size_t *ovector,
                                     size_t ovector_pairs) {
  size_t start = bounds[0];
  size_t end = bounds[1];
  ovector[0] = start;
  ovector[1] = end;
  size_t pairs = (size_t)re->capture_count + 1;
  size_t filled = ovector_pairs < pairs ? ovector_pairs : pairs;
  for (size_t pair = 1; pair < filled; pair++) {
    ovector[2 * pair] = start;
    ovector[2 * pair + 1] = end;
  }
  return pairs > ovector_pairs ? 0 : (int)pairs;
}

/* jrx_match_dense's counterpart for a jrx.grapheme_alone pattern: the
 * cluster at the start offset, and the clusters after it, each from the
 * end of the one before, left in data->dense_ahead for the iteration's
 * next matches (jrx_iterator_next). Returns what jrx_match_knowing would,
 * or JRX_DENSE_DECLINED when known does not already cover the subject
 * from the start offset or the first character is not valid UTF-8 (a
 * subject passed with JRX_NO_UTF_CHECK: the general path answers). */
int jrx_match_clusters(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                       size_t ovector_pairs, jrx_utf_knowledge *known);

/* The search of a jrx.run_alone pattern for an iteration, on checked
 * options: the run from the start offset, with match data or without.
 * Returns what jrx_match_knowing would, or JRX_DENSE_DECLINED when known
 * does not already cover the subject from the start offset. */
int jrx_match_run(const jrx *re, const unsigned char *subject, size_t length,
                  size_t start_offset, uint32_t options, size_t *ovector, size_t ovector_pairs,
                  const jrx_utf_knowledge *known);

/* jrx_match_captures' counterpart for a jrx.placed_direct pattern: the
 * search for the match's bounds alone (the Pike VM's when the DFA gives
 * up), the groups placed by them. Returns what jrx_match_knowing would,
 * or JRX_DENSE_DECLINED when known does not already cover the subject
 * from the start offset. The iteration's next matches are left in
 * data->dense_ahead (jrx_placed_answer answers them). */
int jrx_placed_answer(const jrx *re, const size_t bounds[2], size_t *ovector,
                      size_t ovector_pairs);
int jrx_match_placed(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                     size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                     size_t ovector_pairs, jrx_utf_knowledge *known);

/* jrx_match_captures' counterpart for a pattern whose quick path is
 * JRX_QUICK_LITERALS (jrx.quick_path): the literal search alone, with
 * none of the general path's choices. Returns what jrx_match_knowing
 * would, or JRX_DENSE_DECLINED when known does not already cover the
 * subject from the start offset or the program looks behind it. */
int jrx_match_literals(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                       size_t ovector_pairs, jrx_utf_knowledge *known);

/* jrx_match_knowing for a JRX_MATCH_INVALID_UTF pattern, on checked
 * arguments (jrx_invalid_utf.c). */
int jrx_match_invalid_utf(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                          size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                          size_t ovector_pairs, jrx_utf_knowledge *known);

/* The cache of match data for matches given none (jrx_match_data.c):
 * take one of the cached match data, or a new one when every slot is
 * empty; give it back afterwards, which frees it when every slot is full.
 * The cache is emptied by jrx_free. */
int jrx_match_data_take_cached(const jrx *re, jrx_match_data **data);
void jrx_match_data_give_back(const jrx *re, jrx_match_data *data);
void jrx_match_data_free_cached(jrx *re);

#endif
