/* jrx: the public entry points: argument checks, pattern -> AST -> program,
 * group names, and pcre2_match's ovector conventions. Matching runs on the
 * caller's match data or on one of the pattern's cached ones
 * (jrx_match_data.c), which keeps the common match path free of
 * allocations. */
#include "jrx.h"

#include <stdlib.h>
#include <string.h>

#include "arm64/jit.h"
#include "arm64/jit_code.h"
#include "arm64/jit_engine_name.h"
#include "arm64/jit_lazy.h"
#include "arm64/jit_pike.h"
#include "arm64/jit_prefilter_plan.h"
#include "capture_scan.h"
#include "dfa_search_with.h"
#include "grapheme.h"
#include "jitmem/code_sync.h"
#include "jitmem/write_scope.h"
#include "jrx_context.h"
#include "jrx_internal.h"
#include "lookaround.h"
#include "lookaround_capture.h"
#include "lookaround_table.h"
#include "lookbehind_prefix.h"
#include "memory.h"
#include "page_aligned.h"
#include "parse.h"
#include "utf8.h"

#define JRX_COMPILE_OPTIONS                                                            \
  (JRX_CASELESS | JRX_MULTILINE | JRX_DOTALL | JRX_EXTENDED | JRX_UTF | JRX_ANCHORED | \
   JRX_UNGREEDY | JRX_NO_JIT | JRX_MATCH_INVALID_UTF | JRX_UCP)
#define JRX_MATCH_OPTIONS \
  (JRX_ANCHORED | JRX_NOTBOL | JRX_NOTEOL | JRX_NOTEMPTY | JRX_NOTEMPTY_ATSTART | \
   JRX_NO_UTF_CHECK)

static int copy_group_names(jrx *re, const ast_tree *tree) {
  size_t text_size = 0;
  for (size_t i = 0; i < tree->name_count; i++) {
    text_size += strlen(tree->names[i].name) + 1;
  }
  if (tree->name_count == 0) {
    return 0;
  }
  re->names = memory_allocate(re->allocator, tree->name_count * sizeof *re->names + text_size);
  if (re->names == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  char *text = (char *)(re->names + tree->name_count);
  for (size_t i = 0; i < tree->name_count; i++) {
    size_t size = strlen(tree->names[i].name) + 1;
    memcpy(text, tree->names[i].name, size);
    re->names[i] = (jrx_group_name){text, tree->names[i].index};
    text += size;
  }
  re->name_count = tree->name_count;
  return 0;
}

void jrx_compile_limits_default(jrx_compile_limits *limits) {
  if (limits == NULL) {
    return;
  }
  parse_limits parse;
  parse_default_limits(&parse);
  nfa_compile_limits nfa;
  nfa_default_limits(&nfa);
  dfa_limits cache;
  dfa_default_limits(&cache);
  *limits = (jrx_compile_limits){.max_pattern_length = parse.max_pattern_length,
                                 .max_nesting_depth = parse.max_nesting_depth,
                                 .max_program_size = nfa.max_instructions,
                                 .dfa_cache_size = cache.memory_budget,
                                 .max_lookaround_table_size = nfa.max_lookaround_table_bytes};
}

/* Set by the first search code jrx installs: executable memory has been
 * seen to work here, so later patterns leave theirs to their first
 * search (native_search_code), which saves compiling it, and installing
 * it, for a pattern never searched. Only ever goes from 0 to 1. */
static atomic_bool search_code_installed;

const nfa_program *jrx_searched_program(const jrx *re) {
  return re->lookbehind_program != NULL ? re->lookbehind_program
         : re->lookahead != NULL        ? &re->lookahead->rest
                                        : &re->program;
}

/* The native search code (jit.h): the DFA's loops and the prefilter; a
 * literal the search looks for gets a scan of its own rare bytes, a few
 * literals that are the matches a scan of their lookups when their
 * prefix byte sets have no probes, and a probe scan of theirs confirms
 * its candidates by the literals' first bytes. Lookups not before: qemu runs each TBL as a
 * helper call of about 240 host instructions, so the lookups took 2.1
 * times the host instructions of the probes on five Russian names
 * (70.3M against 33.8M a pass) and under PCRE2-JIT's time on sherlock,
 * for half the guest instructions. Returns what jit_compile_with_probes
 * returns. */
static int build_search_code(const jrx *re, jit_code **code, int *reason) {
  jit_prefilter_plan literal_probes;
  const nfa_program *program = jrx_searched_program(re);
  const substring_searcher *literal = search_plan_single_literal(&re->search);
  const literal_set *few = search_plan_few_literals(&re->search);
  bool has_probes = literal != NULL ? jit_prefilter_plan_for_literal(literal, &literal_probes)
                    : few != NULL ? jit_prefilter_plan_make(program, &literal_probes) ||
                                        jit_prefilter_plan_for_set(few, &literal_probes)
                                  : false;
  if (has_probes && few != NULL) {
    jit_prefilter_plan_add_prefixes(few, &literal_probes);
  }
  return jit_compile_with_probes(program, re->automaton, re->bit_parallel,
                                 has_probes ? &literal_probes : NULL, re->context->pool, code,
                                 reason);
}

/* native_search_code's build, out of the way of every search after it;
 * the loser of a race frees its own. */
static __attribute__((noinline)) int build_native_search_code(const jrx *re,
                                                               const jit_code **code) {
  jrx *shared = (jrx *)re; /* its search code slot is mutable, like its Pike VM's */
  jit_code *built = NULL;
  int reason = 0;
  int status = build_search_code(re, &built, &reason);
  if (status == JRX_ERROR_NOMEMORY) {
    return status;
  }
  if (status != 0) {
    atomic_store(&shared->engine_name, jit_engine_name(JIT_PART_SEARCH, reason));
    atomic_store_explicit(&shared->native_failed, 1, memory_order_relaxed);
    return 0;
  }
  atomic_store_explicit(&search_code_installed, true, memory_order_relaxed);
  *code = JIT_LAZY_PUBLISH(&shared->native, built, jit_release);
  return 0;
}

/* The native search code of a JRX_ENGINE_ARM64_JIT pattern with a DFA,
 * built by the first search that needs it (or at compile time, see
 * attach_native_code). *code stays NULL when it cannot be built: the C
 * engines search instead, and the engine name says why. Returns 0 or
 * JRX_ERROR_NOMEMORY (a later search tries again). Inlined: every search
 * asks, and short subjects feel a call. */
static inline __attribute__((always_inline)) int native_search_code(const jrx *re,
                                                                    const jit_code **code) {
  *code = atomic_load_explicit(&((jrx *)re)->native, memory_order_acquire);
  if (*code != NULL) {
    jitmem_code_sync_thread(); /* another thread's search may have built it */
    return 0;
  }
  if (atomic_load_explicit(&((jrx *)re)->native_failed, memory_order_relaxed)) {
    return 0;
  }
  return build_native_search_code(re, code);
}

int jrx_native_search_code(const jrx *re, const jit_code **code) {
  *code = NULL;
  return re->engine == JRX_ENGINE_ARM64_JIT && re->automaton != NULL
             ? native_search_code(re, code)
             : 0;
}

/* Native code when the platform gives executable memory; otherwise the
 * pattern stays on the interpreter and its engine name says why. Only a
 * failure of the allocator is an error of the compilation. The search
 * code is built now only until some has been installed in this process
 * (so that jrx_engine() says at once when there is no executable memory
 * at all); after that, and for the Pike VM's code always, the first
 * search that needs it builds it. */
static int attach_native_code(jrx *re) {
  re->engine = JRX_ENGINE_ARM64_JIT;
  atomic_store(&re->engine_name, "arm64-jit");
  if (atomic_load_explicit(&search_code_installed, memory_order_relaxed)) {
    return 0;
  }
  const jit_code *code;
  int status = native_search_code(re, &code);
  if (status == 0 && code == NULL) {
    re->engine = JRX_ENGINE_INTERPRETER;
  }
  return status;
}

static int native_pike_code(const jrx *re, jit_part failing_part, jit_pike_code **code);

/* A program with lookarounds, \K, \b \B under UCP or \X runs on the Pike VM alone
 * (nfa_program.needs_pike): native when the platform gives executable
 * memory, built now rather than by the first search so that jrx_engine()
 * says at once what searches will run. Without it every search runs
 * pike.c, and the engine name says "interpreter" and why. */
static int attach_native_pike(jrx *re) {
  re->engine = JRX_ENGINE_ARM64_JIT;
  atomic_store(&re->engine_name, "arm64-jit");
  jit_pike_code *code;
  int status = native_pike_code(re, JIT_PART_SEARCH, &code);
  if (status == 0 && code == NULL) {
    re->engine = JRX_ENGINE_INTERPRETER;
  }
  return status;
}

/* Whether a search for the whole match alone (a pattern without groups,
 * or one with groups asked for at most one pair, which then runs its
 * group-less twin: capture_engines.whole_only) should find it with the
 * capture engines' native whole search (jrx_whole_match_by_capture_engine)
 * in an iteration's later searches (jrx_match_captures): where the plain
 * DFA, with nothing to skip to, would find the match start with a
 * backward scan. One forward pass then finds dense short matches with
 * fewer instructions under qemu (word pairs, CSV fields, key=value with
 * its required '=': 1.5 times fewer than the DFA's memchr, forward and
 * backward scans), and sparse ones give up to the DFA within the
 * engine's budget. Its first search builds it, so compiling costs
 * nothing more. Also where the DFA steps back over a fixed number of
 * characters: the whole search finds an iteration's matches ahead in
 * one call ([aо]\X, whose program is [aо] and its last \X a cluster
 * loop). */
static bool whole_search_applies(const jrx *re) {
  const nfa_program *program = &re->program;
  return re->search.strategy == SEARCH_STRATEGY_DFA &&
         re->lookbehind_bytes == 0 && re->lookahead == NULL && !program->anchored &&
         !program->first_character_matches && dfa_start_needs_search(re->automaton);
}

/* The capture step's engine (capture.h), as native code when the pattern
 * has some. */
static int attach_capture_engine(jrx *re) {
  const dfa_automaton *forward = &re->automaton->forward;
  int native_failure = 0;
  int status = capture_engines_build(&re->captures, &re->program, forward->class_of,
                                     forward->class_count, re->allocator,
                                     re->engine == JRX_ENGINE_ARM64_JIT,
                                     whole_search_applies(re), re->context->pool,
                                     &native_failure);
  if (status == 0 && native_failure != 0) {
    atomic_store(&re->engine_name, jit_engine_name(JIT_PART_CAPTURES, native_failure));
  }
  return status;
}

/* jrx.dense_iteration: the plain DFA strategy is the whole search, with
 * no prefilter to skip by, no JRX_ANCHORED or \G (the start state is the
 * unanchored one), no empty match (no retry after one), no lookbehind
 * program (whose search starts before the start offset) and nothing read
 * before the start offset (the UTF-8 check, if any, is then known at
 * once): where a search's fixed cost matters most, dense matches of \w+
 * or \p{L}+, and of (\w+)\s+(\w+) asked for the whole match only
 * (jrx_dense_applies: groups not wanted, so no capture engine runs).
 * With a last \X too, each match's cluster taken in after the search
 * (extend_dense_clusters); where its first items are rare ([aо的]\X over
 * Chinese text, a match every 80 bytes) the dense search once took 1.5
 * times the general path's time, stepping the DFA twice over the bytes
 * after its run's last match, which DFA_DENSE_RUN_MAX_GAP now spares. */
static bool dense_iteration_applies(const jrx *re) {
  const nfa_program *program = &re->program;
  return re->search.strategy == SEARCH_STRATEGY_DFA &&
         re->lookbehind_bytes == 0 && !program->needs_pike &&
         (re->compile_options & (JRX_ANCHORED | JRX_MATCH_INVALID_UTF)) == 0 &&
         !program->anchored && !program->can_match_empty && program->max_lookbehind == 0 &&
         !re->automaton->forward.uses_match_start;
}

/* Whether nothing takes part in the search but its strategy over the
 * program (no lookbehind program, leading lookaheads, Pike-only
 * construct, \G, \X or JRX_MATCH_INVALID_UTF). */
static bool strategy_is_whole_search(const jrx *re) {
  const nfa_program *program = &re->program;
  return re->lookbehind_bytes == 0 && re->lookahead == NULL && !program->needs_pike &&
         program->max_lookbehind == 0 && (re->compile_options & JRX_MATCH_INVALID_UTF) == 0 &&
         !re->grapheme_alone && !re->grapheme_run && !re->grapheme_last &&
         !re->automaton->forward.uses_match_start;
}

/* jrx.earliest: the plain DFA is the whole search (no prefilter or
 * literal search either), so its forward scan alone tells where the
 * first match ends (jrx_earliest_end). */
static bool earliest_applies(const jrx *re) {
  return re->search.strategy == SEARCH_STRATEGY_DFA && strategy_is_whole_search(re);
}

/* jrx.earliest_sequence: the matches are a sequence of byte sets that
 * the strategy finds without the DFA (search_plan_skips_dfa), and
 * nothing else takes part in the search: every match has the same
 * length, so the leftmost one ends first (jrx_sequence_end). */
static bool earliest_sequence_applies(const jrx *re) {
  return re->search.strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES &&
         search_plan_skips_dfa(&re->search) && strategy_is_whole_search(re);
}

/* jrx.dense_pairs_below: how many ovector pairs leave the groups unwanted
 * (capture_groups_wanted), for a dense_iteration pattern whose whole match
 * no capture engine finds instead; any number when the pattern has no
 * groups, or when the match's bounds place them (capture_groups_placed)
 * and the capture engine's search is not native code: in C the dense
 * search finds a CSV field, ("(?:[^"]|"")*"|[^,\n]+), groups and all, in
 * 0.64 times the node backtracker's x86-64 instructions. (Groups it does
 * not place, filled over each match by the capture engine, cost more than
 * that engine's own search: (\w+)\s+(\w+) took 1.2 times its
 * instructions.) A jrx.grapheme_last pattern's bounds place no group:
 * capture_offsets places them by the program's bounds, whose last
 * character the dense path has already taken to the end of its cluster
 * ((.)(.(\X)) in byte mode put group 3 and, its length fixed, the match's
 * end a fixed distance from the start, wherever the cluster ended). */
static size_t dense_pairs_below_of(const jrx *re) {
  if (!re->dense_iteration || jrx_whole_match_by_capture_engine(re)) {
    return 0;
  }
  if (!re->captures.has_groups ||
      (capture_groups_placed(&re->captures) && !capture_search_is_native(&re->captures) &&
       !re->grapheme_last)) {
    return SIZE_MAX;
  }
  return re->captures.every_match_sets_a_group ? 2 : 1;
}

/* jrx.dense_placed_from: from how many ovector pairs a dense search's
 * answer wants the groups its bounds place (dense_pairs_below_of). */
static size_t dense_placed_from_of(const jrx *re) {
  if (re->dense_pairs_below != SIZE_MAX || !re->captures.has_groups) {
    return SIZE_MAX;
  }
  return re->captures.every_match_sets_a_group ? 2 : 1;
}

/* Whether an iteration's later searches may skip the general path's
 * choices (jrx_match_captures, jrx_match_placed): an unanchored pattern
 * with a DFA, no lookaround, no \X but a last one (which
 * jrx_match_captures takes in: jrx_search_answer), nothing read before
 * the start offset (check_utf would check the subject from there). */
static bool direct_iteration_allowed(const jrx *re) {
  const nfa_program *program = &re->program;
  return re->automaton != NULL &&
         (re->compile_options & (JRX_ANCHORED | JRX_MATCH_INVALID_UTF)) == 0 &&
         !program->anchored && program->max_lookbehind == 0 &&
         program->position_slot_count == 0 && re->lookbehind_bytes == 0 &&
         re->lookahead == NULL && !re->grapheme_alone && !re->grapheme_run;
}

/* dfa_then_pike_search's bounds_suffice: groups placed by the bounds of a
 * search that goes without the DFA. */
static bool placed_by_search_bounds(const jrx *re) {
  return capture_groups_placed(&re->captures) && search_plan_skips_dfa(&re->search);
}

/* jrx.captures_direct: dfa_then_pike_search would run capture_search,
 * unanchored, before anything else (groups placed by the bounds of a
 * search with the DFA too: ("[^"]*"|[^,]+)), or the pattern has a
 * group-less twin for searches that want no group; and its answer needs
 * no more than fill_ovector (or fill_whole_match). */
static bool captures_direct_applies(const jrx *re) {
  return (capture_searches(&re->captures) || re->captures.whole_only != NULL) &&
         !placed_by_search_bounds(re) && direct_iteration_allowed(re);
}

/* jrx.placed_direct: dfa_then_pike_search would run bounds_search alone,
 * the groups, when wanted, placed by the bounds it finds; or, for a
 * pattern without groups, the bounds a sequence of byte sets gives
 * without the DFA are the whole answer ((?:\d{4})-(?:\d\d)-(?:\d\d) over
 * a log: every match one search). */
static bool placed_direct_applies(const jrx *re) {
  bool sequence_alone = re->capture_count == 0 && !re->captures.has_groups &&
                        re->search.strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES &&
                        search_plan_skips_dfa(&re->search);
  return (placed_by_search_bounds(re) || sequence_alone) && direct_iteration_allowed(re) &&
         !re->grapheme_last;
}

/* Whether the literal search of the pattern's strategy finds the whole
 * match: no groups to fill, no lookahead to check at its start. */
static bool literal_search_is_whole(const jrx *re) {
  return (re->search.strategy == SEARCH_STRATEGY_LITERALS ||
          re->search.strategy == SEARCH_STRATEGY_LITERAL_SEQUENCE) &&
         re->capture_count == 0 &&
         re->lookahead == NULL;
}

/* jrx.quick_path: the search match_knowing_inlined would run on a match
 * data with no option but JRX_NO_UTF_CHECK once the arguments and the
 * UTF-8 are checked, when nothing it tests first applies
 * (JRX_MATCH_INVALID_UTF, \X alone, repeated or last): the dense search when it would take
 * it, else search_inlined's literal search, else, for an unanchored
 * pattern with a DFA and no groups, dfa_then_pike_search for the bounds
 * alone, for an anchored one with groups that the native one-pass
 * DFA fills, its capture_search, and for another anchored one whose
 * whole match alone the native one-pass DFA finds (no groups: a log line
 * checked by a pattern written with (?:...)), its
 * capture_search_whole_match. */
static jrx_quick_path quick_path_of(const jrx *re) {
  if ((re->compile_options & JRX_MATCH_INVALID_UTF) != 0 || re->grapheme_alone ||
      re->grapheme_run || re->grapheme_last || re->run_alone) {
    return JRX_QUICK_NONE;
  }
  if (re->dense_iteration && re->program.required_byte_count == 0) {
    return JRX_QUICK_DENSE;
  }
  if (literal_search_is_whole(re)) {
    return JRX_QUICK_LITERALS;
  }
  bool unanchored = (re->compile_options & JRX_ANCHORED) == 0 && !re->program.anchored;
  if (re->automaton != NULL && !re->captures.has_groups && unanchored) {
    return JRX_QUICK_BOUNDS;
  }
  /* dfa_then_pike_search's capture_search, anchored, when nothing but the
   * one-pass DFA runs: no groups placed by the bounds, no lookaround
   * groups to fill after it. */
  if (re->automaton == NULL || unanchored) {
    return JRX_QUICK_NONE;
  }
  if (re->captures.native_onepass != NULL && re->captures.kind == CAPTURE_ENGINE_ONEPASS &&
      !capture_groups_placed(&re->captures) && re->program.position_slot_count == 0) {
    return JRX_QUICK_ANCHORED_GROUPS;
  }
  /* dfa_then_pike_search's capture_search_whole_match, for a search that
   * wants no group (a pattern without any, the groups then never wanted). */
  return re->captures.native_whole_match != NULL ? JRX_QUICK_ANCHORED_WHOLE : JRX_QUICK_NONE;
}

/* jrx.ahead_answer: for a pattern without groups (whose every answer is
 * its bounds, 1), by the path that leaves an iteration's matches ahead,
 * as jrx_iterate.c's general path chooses it: the dense path for any
 * number of pairs (dense_pairs_below_of), else jrx_match_literals or
 * jrx_match_placed. A \X alone keeps its own (jrx_cluster_answer). */
static jrx_ahead_answer ahead_answer_of(const jrx *re) {
  if (re->captures.has_groups || re->grapheme_alone) {
    return JRX_AHEAD_GENERAL;
  }
  if (re->dense_pairs_below == SIZE_MAX) {
    return JRX_AHEAD_BOUNDS_COUNTED;
  }
  return re->dense_pairs_below == 0 && (re->placed_direct || re->quick_path == JRX_QUICK_LITERALS)
             ? JRX_AHEAD_BOUNDS
             : JRX_AHEAD_GENERAL;
}

/* Zeroes the bytes [from, to) of re. */
static void zero_between(jrx *re, size_t from, size_t to) {
  memset((char *)re + from, 0, to - from);
}

/* A new pattern, zero but for program, search and captures, which their
 * builders set whole first thing (nfa_compile always runs; the others
 * are zeroed by compile_pattern where the compile does not reach them):
 * zeroing them here as well was 4.6 KB of the 4.9 KB a compile zeroed. */
static jrx *allocate_pattern(const jrx_allocator *allocator) {
  _Static_assert(offsetof(jrx, program) < offsetof(jrx, search) &&
                     offsetof(jrx, search) < offsetof(jrx, captures),
                 "the unzeroed fields in this order");
  jrx *re = memory_allocate(allocator, sizeof *re);
  if (re != NULL) {
    zero_between(re, 0, offsetof(jrx, program));
    zero_between(re, offsetof(jrx, program) + sizeof re->program, offsetof(jrx, search));
    zero_between(re, offsetof(jrx, search) + sizeof re->search, offsetof(jrx, captures));
    zero_between(re, offsetof(jrx, captures) + sizeof re->captures, sizeof *re);
  }
  return re;
}

static int compile_pattern(const char *pattern, size_t length, uint32_t options,
                           const jrx_compile_limits *user_limits, jrx_context *context,
                           jrx **result, size_t *error_offset) {
  parse_limits limits = {.max_pattern_length = user_limits->max_pattern_length,
                         .max_nesting_depth = user_limits->max_nesting_depth};
  const jrx_allocator *allocator = jrx_context_allocator(context);
  (void)parse_start_items(pattern, length, &options);
  if ((options & JRX_MATCH_INVALID_UTF) != 0) {
    options |= JRX_UTF; /* as PCRE2_MATCH_INVALID_UTF forces PCRE2_UTF */
  }
  ast_tree tree;
  int status = parse_pattern(pattern, length, options, &limits, allocator,
                             &tree, error_offset);
  if (status != 0) {
    return status;
  }
  jrx *re = allocate_pattern(allocator);
  if (re == NULL) {
    ast_tree_release(&tree);
    *error_offset = 0;
    return JRX_ERROR_NOMEMORY;
  }
  jrx_context_retain(context);
  re->context = context;
  re->allocator = allocator;
  for (size_t i = 0; i < JRX_CACHED_MATCH_DATA; i++) {
    atomic_init(&re->cached_match_data[i], NULL);
  }
  re->capture_count = tree.capture_count;
  re->compile_options = options;
  re->startline = tree.startline;
  re->grapheme_alone = tree.grapheme_alone && (options & JRX_MATCH_INVALID_UTF) == 0;
  re->grapheme_run = tree.grapheme_run && (options & JRX_MATCH_INVALID_UTF) == 0;
  re->run_alone = (options & JRX_MATCH_INVALID_UTF) == 0 && tree.root != NULL &&
                  byte_run_of(tree.root, (options & JRX_UTF) != 0, &re->run);
  re->grapheme_last = tree.grapheme_last;
  re->grapheme_last_group_count = tree.grapheme_last_group_count;
  memcpy(re->grapheme_last_groups, tree.grapheme_last_groups, sizeof re->grapheme_last_groups);
  re->engine = JRX_ENGINE_INTERPRETER;
  atomic_init(&re->engine_name, "interpreter");
  atomic_init(&re->native, NULL);
  atomic_init(&re->native_failed, 0);
  atomic_init(&re->pike_code, NULL);
  atomic_init(&re->pike_code_failed, 0);
  dfa_default_limits(&re->dfa_limits);
  re->dfa_limits.memory_budget = user_limits->dfa_cache_size;
  nfa_compile_limits nfa_limits = {
      .max_instructions = user_limits->max_program_size,
      .max_lookaround_table_bytes = user_limits->max_lookaround_table_size};
  status = nfa_compile(&tree, &nfa_limits, &re->program, error_offset);
  if (status == 0) {
    status = copy_group_names(re, &tree);
  }
  if (status == 0 && re->program.needs_pike) {
    status = lookbehind_prefix_create(&re->program, &re->lookbehind_program,
                                      &re->lookbehind_bytes);
  }
  if (status == 0 && re->program.needs_pike && re->lookbehind_bytes == 0) {
    status = lookahead_filter_create(&re->program, &re->lookahead);
  }
  nfa_program *searched = (nfa_program *)jrx_searched_program(re);
  int with_dfa = !searched->needs_pike;
  if (status == 0 && with_dfa) {
    status = dfa_create(searched, &re->automaton);
  }
  if (status == 0 && with_dfa) {
    bitnfa_refusal refusal;
    status = bitnfa_build(searched, &re->bit_parallel, &refusal);
  }
  if (status == 0 && with_dfa) {
    status = search_plan_build(&re->search, searched, re->automaton);
  } else {
    re->search = (search_plan){0};
  }
  if (status == 0 && with_dfa && !searched->anchored &&
      (re->search.strategy == SEARCH_STRATEGY_DFA ||
       re->search.strategy == SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS)) {
    status = nfa_find_required_bytes(searched); /* the plain DFA's check (find_bounds) */
  }
  if (status == 0 && JRX_HAVE_JIT && (options & JRX_NO_JIT) == 0) {
    status = with_dfa ? attach_native_code(re) : attach_native_pike(re);
  }
  if (status == 0 && JRX_HAVE_JIT && (options & JRX_NO_JIT) == 0 && re->lookahead != NULL) {
    status = lookahead_filter_attach_native(re->lookahead, re->context->pool);
  }
  if (status == 0 && with_dfa) {
    status = attach_capture_engine(re);
  } else {
    re->captures = (capture_engines){0};
  }
  if (status == 0 && with_dfa) {
    re->dense_iteration = dense_iteration_applies(re);
    re->earliest = earliest_applies(re);
    re->earliest_sequence = earliest_sequence_applies(re);
    re->dense_pairs_below = dense_pairs_below_of(re);
    re->dense_placed_from = dense_placed_from_of(re);
    re->captures_direct = captures_direct_applies(re);
    re->placed_direct = placed_direct_applies(re);
    re->quick_path = quick_path_of(re);
    re->ahead_answer = ahead_answer_of(re);
  }
  ast_tree_release(&tree);
  if (status != 0) {
    jrx_free(re);
    return status;
  }
  *result = re;
  return 0;
}

static jrx *compile_in_context(const char *pattern, size_t length, uint32_t options,
                               const jrx_compile_limits *limits, jrx_context *context,
                               int *errcode, size_t *erroffset) {
  jrx *re = NULL;
  size_t offset = 0;
  int status;
  if (length == JRX_ZERO_TERMINATED) {
    length = pattern != NULL ? strlen(pattern) : 1;
  }
  if (pattern == NULL && length > 0) {
    status = JRX_ERROR_NULL_PATTERN;
  } else if ((options & ~JRX_COMPILE_OPTIONS) != 0 || !jrx_context_limits_valid(limits)) {
    status = JRX_ERROR_BAD_COMPILE_OPTION;
  } else {
    status = compile_pattern(pattern != NULL ? pattern : "", length, options, limits, context,
                             &re, &offset);
  }
  if (errcode != NULL) {
    *errcode = status;
  }
  if (erroffset != NULL) {
    *erroffset = offset;
  }
  return re;
}

jrx *jrx_compile_with_limits(const char *pattern, size_t length, uint32_t options,
                             const jrx_compile_limits *limits, int *errcode, size_t *erroffset) {
  jrx_compile_limits defaults;
  if (limits == NULL) {
    jrx_compile_limits_default(&defaults);
    limits = &defaults;
  }
  return compile_in_context(pattern, length, options, limits, jrx_context_default(), errcode,
                            erroffset);
}

jrx *jrx_compile(const char *pattern, size_t length, uint32_t options, int *errcode,
                 size_t *erroffset) {
  return jrx_compile_with_limits(pattern, length, options, NULL, errcode, erroffset);
}

jrx *jrx_compile_in_context(const char *pattern, size_t length, uint32_t options,
                            jrx_context *context, int *errcode, size_t *erroffset) {
  if (context == NULL) {
    return jrx_compile(pattern, length, options, errcode, erroffset);
  }
  return compile_in_context(pattern, length, options, &context->limits, context, errcode,
                            erroffset);
}

static int is_utf8_continuation(unsigned char byte) {
  return (byte & 0xc0u) == 0x80u;
}

/* Like PCRE2, checks only what matching may read: from start_offset, or
 * one character earlier when the pattern has \A, \b or \B anywhere, or
 * as many as its longest lookbehind; not again what known says is valid. */
static inline __attribute__((always_inline)) int check_utf(const jrx *re,
                                                           const unsigned char *subject,
                                                           size_t length, size_t start_offset,
                                                           jrx_utf_knowledge *known) {
  if (start_offset > 0 && start_offset < length && is_utf8_continuation(subject[start_offset])) {
    known->error_offset = start_offset;
    return JRX_ERROR_BAD_UTF_OFFSET;
  }
  /* Most programs look at nothing before the start offset, and none
   * before 0 (where lookaround_check_from would skip a stray continuation
   * byte as the start of an invalid UTF fragment's search). */
  size_t check_from = re->program.max_lookbehind == 0 || start_offset == 0
                          ? start_offset
                          : lookaround_check_from(&re->program, subject, length, start_offset);
  if (known->valid_from <= check_from && known->valid_to == length) {
    return 0;
  }
  size_t error_offset;
  int valid = utf8_validate(subject + check_from, length - check_from, &error_offset);
  known->valid_from = check_from;
  known->valid_to = valid ? length : check_from + error_offset;
  if (!valid) {
    known->error_offset = known->valid_to;
    return JRX_ERROR_BAD_UTF;
  }
  return 0;
}

/* pcre2_match's conventions: pairs past the pattern's groups are left
 * alone, unset groups read JRX_UNSET, and 0 means the ovector was too small
 * for every set pair. One pass over the pairs the ovector holds, and a look
 * at the others only when it is too short for them. Inlined into every
 * caller: it runs once a match. */
static inline __attribute__((always_inline)) int fill_ovector(const jrx *re, const size_t *slots,
                                                              size_t *ovector,
                                                              size_t ovector_pairs) {
  size_t pairs = (size_t)re->capture_count + 1;
  size_t filled = ovector_pairs < pairs ? ovector_pairs : pairs;
  size_t set_pairs = 1;
  for (size_t i = 0; i < filled; i++) {
    size_t start = slots[2 * i];
    size_t end = slots[2 * i + 1];
    int set = start != JRX_UNSET && end != JRX_UNSET;
    set_pairs = start != JRX_UNSET ? i + 1 : set_pairs;
    ovector[2 * i] = set ? start : JRX_UNSET;
    ovector[2 * i + 1] = set ? end : JRX_UNSET;
  }
  for (size_t i = filled; i < pairs; i++) {
    if (slots[2 * i] != JRX_UNSET) {
      return 0;
    }
  }
  return (int)set_pairs;
}

/* Whether this search may run the pattern's generated code: it has some,
 * and the calling thread is not inside a jitmem write scope. In write mode
 * a thread cannot run JIT code on macOS (the call would fault), so such a
 * search runs the portable engine, with the same answers, on every
 * platform alike. Code a search reaches by loading its pointer
 * (native_search_code, native_pike_code) is synchronized with where it is
 * loaded (code_sync.h), whichever thread built it, at compile time or in
 * a search: a search running no other code needs nothing more, and
 * checks the generation once. */
static inline __attribute__((always_inline)) bool native_code_allowed(const jrx *re) {
  return re->engine == JRX_ENGINE_ARM64_JIT && !jitmem_write_scope_open();
}

/* native_code_allowed, with this thread synchronized with the code
 * compiled with the pattern, maybe on another thread: for the capture
 * engines' code, which a search reaches without loading a pointer. */
static inline __attribute__((always_inline)) bool native_code_runs(const jrx *re) {
  if (!native_code_allowed(re)) {
    return false;
  }
  jitmem_code_sync_thread();
  return true;
}

/* fill_ovector's answer when the groups were not wanted (slots may hold
 * the whole match only): capture_groups_wanted said the answer needs
 * nothing else. */
static int fill_whole_match(const jrx *re, const size_t *slots, size_t *ovector,
                            size_t ovector_pairs) {
  if (ovector_pairs > 0) {
    ovector[0] = slots[0];
    ovector[1] = slots[1];
  }
  return capture_whole_match_result(&re->captures, ovector_pairs);
}

/* fill_ovector's answer for the match [start, end) of a pattern whose
 * groups its bounds place (capture_groups_placed), written straight into
 * the ovector: every placed group is set, so no slot is checked. */
static int fill_placed_ovector(const jrx *re, size_t start, size_t end, size_t *ovector,
                               size_t ovector_pairs) {
  size_t pairs = (size_t)re->capture_count + 1;
  size_t filled = ovector_pairs < pairs ? ovector_pairs : pairs;
  capture_offsets_fill(&re->captures.offsets, start, end, 2 * filled, ovector);
  return pairs > ovector_pairs ? 0 : (int)pairs;
}

/* The answer of a dense search's match [bounds[0], bounds[1]) for
 * ovector_pairs (jrx_dense_applies): the groups, placed by the bounds
 * (counted in data), when wanted, else the whole match. */
static inline int dense_answer(const jrx *re, jrx_match_data *data, const size_t bounds[2],
                               size_t *ovector, size_t ovector_pairs) {
  if (capture_groups_wanted(&re->captures, ovector_pairs)) {
    data->stats.placed_groups++;
    return fill_placed_ovector(re, bounds[0], bounds[1], ovector, ovector_pairs);
  }
  return fill_whole_match(re, bounds, ovector, ovector_pairs);
}

/* The native Pike VM of a JRX_ENGINE_ARM64_JIT pattern, built by the
 * first search that needs it; the loser of a race frees its own. *code
 * stays NULL when the program is too long to gain from it (jit_pike_pays)
 * or when it cannot be built (pike.c runs instead, and then the engine
 * name says so, naming failing_part). Returns 0 or JRX_ERROR_NOMEMORY (a
 * later search tries again). */
static int native_pike_code(const jrx *re, jit_part failing_part, jit_pike_code **code) {
  jrx *shared = (jrx *)re; /* its Pike VM slot is mutable, like its cached match data */
  *code = atomic_load_explicit(&shared->pike_code, memory_order_acquire);
  if (*code != NULL) {
    jitmem_code_sync_thread(); /* another thread's search may have built it */
    return 0;
  }
  if (re->engine != JRX_ENGINE_ARM64_JIT || !jit_pike_pays(&re->program) ||
      atomic_load_explicit(&shared->pike_code_failed, memory_order_relaxed)) {
    return 0;
  }
  jit_pike_code *built = NULL;
  int status = jit_pike_compile(&re->program, re->allocator, re->context->pool, &built);
  if (status == JRX_ERROR_NOMEMORY) {
    return status;
  }
  if (status != 0) {
    atomic_store(&shared->engine_name, jit_engine_name(failing_part, status));
    atomic_store_explicit(&shared->pike_code_failed, 1, memory_order_relaxed);
    return 0;
  }
  *code = JIT_LAZY_PUBLISH(&shared->pike_code, built, jit_pike_release);
  return 0;
}

/* pike_match's search, on the native Pike VM when the pattern has one;
 * the match data gets its scratch on first use. A search answered here
 * is counted as one, unless it fills the groups of a match the DFA found
 * (filling_groups). */
static int pike_search(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options, bool native,
                       int filling_groups, const size_t **slots) {
  jit_pike_code *code = NULL;
  int status = native ? native_pike_code(re, JIT_PART_PIKE_VM, &code) : 0;
  if (status != 0) {
    return status;
  }
  if (code != NULL) {
    if (data->native_pike == NULL) {
      status = jit_pike_scratch_create(code, re->allocator, &data->native_pike);
      if (status != 0) {
        return status;
      }
    }
    data->stats.native_pike_searches += !filling_groups;
    jit_pike_scratch_keep_subject(data->native_pike, data->subject_kept);
    pike_stats counted = {0};
    status = jit_pike_match(code, data->native_pike, subject, length, start_offset, options,
                            slots, &counted);
    data->stats.lookaround_steps += counted.lookaround_steps;
    return status;
  }
  if (data->pike == NULL) {
    status = pike_scratch_create(&re->program, &data->pike);
    if (status != 0) {
      return status;
    }
  }
  data->stats.pike_searches += !filling_groups;
  pike_scratch_keep_subject(data->pike, data->subject_kept);
  pike_stats counted = {0};
  status = pike_match(&re->program, data->pike, subject, length, start_offset, options, slots,
                      &counted);
  data->stats.lookaround_steps += counted.lookaround_steps;
  return status;
}

/* The candidates the native DFA search skips to: its own generated probe
 * scan when it has one (vector compares; every match passes them, and the
 * search checks the prefix at each hit), else the strategy's literal
 * search. Teddy's table lookups cost more than compares, and under qemu,
 * which emulates TBL by a helper call, several times more. */
static dfa_candidate_function native_candidates(const jrx *re, const jit_code *code) {
  return jit_code_literal_scan(code) != NULL ? NULL : re->search.native_candidates;
}

/* Subjects up to this many bytes from the start offset are first looked
 * through for a candidate of a byte-skipping search
 * (short_subject_lacks_candidates); a longer one most likely has one. */
#define SHORT_SUBJECT_BYTES 64u

/* Whether the portable search that skips to a byte set
 * (SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES) would find no candidate in a
 * short subject: then there is no match, said before the DFA's set-up,
 * which costs such a search more than the scan for candidates (the
 * short date rows of the suite: most 20-byte subjects have none). Asked
 * before native code's search too, whose own prefilter is a call into
 * the generated code from inside the DFA search's set-up (under qemu,
 * the short date row: 602 -> 374 guest instructions a call). */
static inline __attribute__((always_inline)) bool short_subject_lacks_candidates(
    const jrx *re, const unsigned char *subject, size_t length, size_t start_offset) {
  size_t hits = 0;
  return re->search.strategy == SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES &&
         length - start_offset <= SHORT_SUBJECT_BYTES &&
         prefilter_next_candidate(&re->search.bytes, subject, length, start_offset, &hits) ==
             SIZE_MAX;
}

/* The bounds of the match by the pattern's strategy (search/strategy.h):
 * a literal search, or the lazy DFA behind the strategy's prefilter (for
 * the plain DFA strategy, a check that a byte every match holds occurs),
 * scanned by the native loops when there is code, or the bit-parallel
 * NFA when the pattern has one and the DFA thrashes (on a search it gives
 * up on, and from then on for every search of this match data). Returns
 * what dfa_search returns. data may be NULL for the literal strategy,
 * which needs no cache; other searches are counted in data's stats unless
 * the DFA gave up with no bit-parallel NFA to take over (the Pike VM then
 * does). */
static inline __attribute__((always_inline)) int find_searched_bounds(
    const jrx *re, const nfa_program *searched, jrx_match_data *data, const jit_code *code,
    const unsigned char *subject, size_t length, size_t start_offset, uint32_t options,
    size_t bounds[2]) {
  if (re->search.strategy == SEARCH_STRATEGY_LITERALS) {
    return search_find_literals(&re->search, jit_code_literal_scan(code), subject, length,
                                start_offset, options, bounds);
  }
  if (re->search.strategy == SEARCH_STRATEGY_LITERAL_SEQUENCE) {
    return search_find_sequence(&re->search, jit_code_literal_scan(code), subject, length,
                                start_offset, options, bounds);
  }
  /* The DFA's own prefilter, where it has no byte to skip to: a byte
   * every match holds is missing, as it is from most short subjects. Not
   * for an iteration's later searches (data->subject_kept): each starts
   * after a match, which held such a byte, and the check would mostly
   * find the next one a few bytes on, which the DFA reads anyway. The
   * same for a short subject with no candidate of the portable search
   * skipping to bytes. */
  bool plain_dfa = search_plan_runs_plain_dfa(&re->search, length, start_offset);
  if ((options & JRX_ANCHORED) == 0 && !searched->anchored && !data->subject_kept &&
      ((plain_dfa && searched->required_byte_count > 0 &&
        !prefilter_required_byte_occurs(searched, subject, length, start_offset)) ||
       short_subject_lacks_candidates(re, subject, length, start_offset))) {
    if (code != NULL) {
      data->stats.native_dfa_searches++;
    } else {
      data->stats.dfa_searches++;
    }
    return JRX_NOMATCH;
  }
  int status = DFA_GAVE_UP;
  if (re->bit_parallel == NULL || !dfa_cache_thrashed(data->dfa)) {
    /* The plain DFA strategy calls the DFA directly: one call less. Only
     * native code's search takes a cursor: the portable search makes its
     * own, and the plain DFA none. */
    if (code != NULL) {
      search_cursor cursor;
      search_cursor_init(&cursor, &re->search);
      status = jit_search_skipping(code, data->dfa, subject, length, start_offset, options,
                                   plain_dfa ? NULL : native_candidates(re, code), &cursor,
                                   &bounds[0], &bounds[1], NULL);
    } else if (plain_dfa) {
      status = dfa_search(re->automaton, data->dfa, subject, length, start_offset, options,
                          &bounds[0], &bounds[1], NULL);
    } else {
      status = search_find(&re->search, re->automaton, data->dfa, subject, length, start_offset,
                           options, bounds);
    }
    if (status == DFA_GAVE_UP) {
      data->stats.dfa_give_ups++;
    } else if (code != NULL) {
      data->stats.native_dfa_searches++;
    } else {
      data->stats.dfa_searches++;
    }
  }
  if (status == DFA_GAVE_UP && re->bit_parallel != NULL) {
    bitnfa_scan_function scan = code != NULL ? jit_bitnfa_scan(code) : bitnfa_scan;
    status = bitnfa_search(re->bit_parallel, scan, subject, length, start_offset, options,
                           &bounds[0], &bounds[1], NULL);
    data->stats.bitnfa_searches++;
  }
  return status;
}

/* find_searched_bounds on the rest of a pattern opening with lookaheads
 * no byte decides, adding the bytes it scanned to *scanned. */
static int rest_bounds(const jrx *re, jrx_match_data *data, const jit_code *code,
                       const unsigned char *subject, size_t length, size_t from,
                       uint32_t options, size_t bounds[2], uint64_t *scanned) {
  dfa_stats before;
  dfa_stats after;
  dfa_cache_stats(data->dfa, &before);
  int status = find_searched_bounds(re, &re->lookahead->rest, data, code, subject, length, from,
                                    options, bounds);
  dfa_cache_stats(data->dfa, &after);
  *scanned += after.bytes_scanned - before.bytes_scanned + (status == 1 ? bounds[1] - from : 0);
  return status;
}

/* lookahead_filter_holds at position, its bytes scanned also counted as
 * lookaround work in data's stats (jrx_match_stats.lookaround_steps). */
static int lookaheads_hold(const jrx *re, jrx_match_data *data, const jit_code *code,
                           const unsigned char *subject, size_t length, size_t position,
                           uint32_t options, size_t *resume, uint64_t *scanned) {
  uint64_t before = *scanned;
  int status = lookahead_filter_holds(re->lookahead, data->lookahead_dfa,
                                      data->lookahead_witnesses, &re->dfa_limits, subject, length,
                                      position, options, code != NULL, resume, scanned);
  data->stats.lookaround_steps += *scanned - before;
  return status;
}

/* The first line start at or after from (the subject's start, or after a
 * \n), or SIZE_MAX. */
static size_t line_start_from(const unsigned char *subject, size_t length, size_t from) {
  if (from == 0 || subject[from - 1] == '\n') {
    return from;
  }
  const unsigned char *newline = memchr(subject + from, '\n', length - from);
  return newline != NULL ? (size_t)(newline - subject) + 1 : SIZE_MAX;
}

/* find_searched_bounds for a pattern opening with lookaheads no byte
 * decides (lookahead_filter.h): from the start offset, and from the
 * character after each start where a lookahead fails, the next start
 * where they all hold and the rest matches: with a multiline ^, each
 * line start, the lookaheads checked first and then the rest anchored
 * there; otherwise the start of the rest's next match. The bytes the DFAs
 * scan count against the search's budget; past it the search gives up
 * (DFA_GAVE_UP) and the Pike VM answers it. A search whose lookaround
 * tables would be over their bound fails as the Pike VM's would. */
static int filtered_bounds(const jrx *re, jrx_match_data *data, const jit_code *code,
                           const unsigned char *subject, size_t length, size_t start_offset,
                           uint32_t options, size_t bounds[2]) {
  const lookahead_filter *filter = re->lookahead;
  int anchored = (options & JRX_ANCHORED) != 0 || filter->rest.anchored;
  int by_lines = filter->line_starts && !anchored;
  uint64_t scanned = 0;
  size_t from = start_offset;
  if (!data->subject_kept) {
    lookahead_filter_forget(data->lookahead_witnesses);
  }
  int status = lookaround_tables_fit(&re->program, subject, length, start_offset);
  while (status == 0) {
    size_t at = from;
    size_t resume = 0;
    if (by_lines && filter->probe_automaton != NULL) {
      status = lookahead_filter_probe(filter, data->lookahead_dfa, &re->dfa_limits, subject,
                                      length, from, options, code != NULL, &at, &scanned);
      if (status != 1) {
        return status;
      }
    } else if (by_lines) {
      at = line_start_from(subject, length, from);
    }
    if (by_lines) {
      if (at == SIZE_MAX) {
        return JRX_NOMATCH;
      }
      status = lookaheads_hold(re, data, code, subject, length, at, options, &resume, &scanned);
      if (status == 1) {
        status = rest_bounds(re, data, code, subject, length, at, options | JRX_ANCHORED,
                             bounds, &scanned);
        status = status == JRX_NOMATCH ? 0 : status;
      }
    } else {
      status = rest_bounds(re, data, code, subject, length, from, options, bounds, &scanned);
      if (status == 1) {
        at = bounds[0];
        status =
            lookaheads_hold(re, data, code, subject, length, at, options, &resume, &scanned);
      }
    }
    if (status != 0) {
      return status;
    }
    if (anchored || at >= length || resume == SIZE_MAX) {
      return JRX_NOMATCH;
    }
    from = resume > at + 1 ? resume : at + 1;
    while (re->program.utf && from < length && (subject[from] & 0xc0u) == 0x80u) {
      from++;
    }
    if (scanned >
        LOOKAHEAD_FILTER_SLACK + (uint64_t)LOOKAHEAD_FILTER_FACTOR * (from - start_offset)) {
      status = DFA_GAVE_UP;
    }
  }
  return status;
}

/* find_bounds for a pattern opening with a lookbehind of k bytes: its
 * lookbehind program searched from k bytes before the start offset (none
 * when the search is anchored there and fewer bytes precede it), and its
 * match starts k bytes later (lookbehind_prefix.h). Out of line: the
 * second copy of find_searched_bounds would double the code of every
 * search find_bounds is inlined into (the quick path's, see
 * jrx_match_with) for a rare pattern. */
static __attribute__((noinline)) int lookbehind_bounds(const jrx *re, jrx_match_data *data,
                                                       const jit_code *code,
                                                       const unsigned char *subject,
                                                       size_t length, size_t start_offset,
                                                       uint32_t options, size_t bounds[2]) {
  size_t shift = re->lookbehind_bytes;
  if (start_offset < shift && (options & JRX_ANCHORED) != 0) {
    return JRX_NOMATCH;
  }
  int status = find_searched_bounds(re, re->lookbehind_program, data, code, subject, length,
                                    start_offset < shift ? 0 : start_offset - shift, options,
                                    bounds);
  if (status == 1) {
    bounds[0] += shift;
  }
  return status;
}

/* find_searched_bounds for the pattern, or for what opens it with
 * lookarounds (filtered_bounds, lookbehind_bounds). */
static inline __attribute__((always_inline)) int find_bounds(const jrx *re, jrx_match_data *data,
                                                             const jit_code *code,
                                                             const unsigned char *subject,
                                                             size_t length, size_t start_offset,
                                                             uint32_t options, size_t bounds[2]) {
  if (re->lookahead != NULL) {
    return filtered_bounds(re, data, code, subject, length, start_offset, options, bounds);
  }
  if (re->lookbehind_bytes > 0) {
    return lookbehind_bounds(re, data, code, subject, length, start_offset, options, bounds);
  }
  return find_searched_bounds(re, &re->program, data, code, subject, length, start_offset,
                              options, bounds);
}

int jrx_sequence_end(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                     size_t length, size_t start_offset, uint32_t options, size_t *end) {
  const jit_code *code = NULL;
  int status = native_code_allowed(re) ? native_search_code(re, &code) : 0;
  if (status != 0) {
    return status;
  }
  size_t bounds[2];
  if (code != NULL) {
    status = find_bounds(re, data, code, subject, length, start_offset, options, bounds);
  } else {
    /* The portable search needs none of find_bounds's checks first (a
     * required byte, a short subject without candidates: the sequence
     * search's own first look) and no bit-parallel NFA after: when the
     * DFA it hands over to gives up, jrx_earliest_end declines. */
    status = prefilter_search(&re->search.bytes, re->automaton, data->dfa, subject, length,
                              start_offset, options, &bounds[0], &bounds[1], NULL);
    if (status == DFA_GAVE_UP) {
      data->stats.dfa_give_ups++;
    } else {
      data->stats.dfa_searches++;
    }
  }
  if (status == 1) {
    *end = bounds[1];
  }
  return status;
}

/* A search the capture engine answered on its own, counted. */
static int counted_capture_search(jrx_match_data *data, int status, bool native) {
  if (status != BACKTRACK_SPAN_TOO_LONG) {
    if (native) {
      data->stats.native_capture_searches++;
    } else {
      data->stats.capture_searches++;
    }
  }
  return status;
}

/* status, for a match whose groups its bounds (*slots)[0] and (*slots)[1]
 * place (capture_groups_placed): counted, and *placed set, as
 * fill_placed_ovector then writes the groups. */
static int placed_groups(jrx_match_data *data, int status, bool *placed) {
  if (status == 1) {
    data->stats.placed_groups++;
    *placed = true;
  }
  return status;
}

/* dfa_then_pike_search's search for the bounds of the match (find_bounds),
 * *slots pointed at them, the groups placed by them when wanted and
 * placed (capture_groups_placed: *placed set); the Pike VM's search, its
 * slots in *slots, when the DFA gave up. */
static inline __attribute__((always_inline)) int bounds_search(
    const jrx *re, jrx_match_data *data, const unsigned char *subject, size_t length,
    size_t start_offset, uint32_t options, bool native, int groups_wanted, size_t bounds[2],
    const size_t **slots, bool *placed) {
  const jit_code *code = NULL;
  int status = native ? native_search_code(re, &code) : 0;
  if (status != 0) {
    return status;
  }
  status = find_bounds(re, data, code, subject, length, start_offset, options, bounds);
  if (status == DFA_GAVE_UP) {
    return pike_search(re, data, subject, length, start_offset, options, native, 0, slots);
  }
  if (status != 1) {
    return status;
  }
  *slots = bounds;
  return groups_wanted && capture_groups_placed(&re->captures) ? placed_groups(data, 1, placed)
                                                               : 1;
}

/* When the groups are wanted, the capture engine may find the match
 * itself, groups and all (capture_search: always when anchored, else
 * from candidate starts within a budget), and so does a one-pass DFA of
 * an anchored search for the whole match. Otherwise find_bounds finds
 * the bounds of the match; groups placed by the bounds
 * (capture_groups_placed) are computed from them, with no engine, for
 * a match found so or by the anchored whole-match one-pass DFA; only
 * when the groups are wanted does the capture engine fill the others over the match alone, or, over its span
 * cap, the Pike VM. The Pike VM answers by itself when no engine found the
 * bounds (the DFA gave up and there is no bit-parallel NFA). Inlined into
 * jrx_search, its one caller: a call of its own costs short subjects. */
static inline __attribute__((always_inline)) int dfa_then_pike_search(const jrx *re,
                                                                      jrx_match_data *data,
                                const unsigned char *subject, size_t length,
                                size_t start_offset, uint32_t options, int groups_wanted,
                                size_t bounds[2], const size_t **slots, bool *placed) {
  bool native = native_code_runs(re);
  if (re->automaton == NULL) {
    return pike_search(re, data, subject, length, start_offset, options, native, 0, slots);
  }
  const capture_engines *captures = &re->captures;
  int anchored = (options & JRX_ANCHORED) != 0 || re->program.anchored;
  int groups_placed = groups_wanted && capture_groups_placed(captures);
  if ((!groups_wanted || groups_placed) && anchored && capture_finds_anchored_matches(captures)) {
    int status = capture_search_whole_match(captures, &data->captures, subject, length,
                                            start_offset, options, native, slots);
    /* (It gives up only when a whole search's table or native code could
     * not be built, or runs without native code: CAPTURE_ENGINE_WHOLE_SEARCH.) */
    if (status != BACKTRACK_SPAN_TOO_LONG) {
      status = counted_capture_search(data, status,
                                      native && capture_whole_match_is_native(captures));
      return groups_placed ? placed_groups(data, status, placed) : status;
    }
  }
  /* Groups placed by the bounds of a search that can go without the DFA
   * (literals, a sequence of byte sets: fixed length, no backward scan)
   * are found fastest so, in both builds: native code finds them with the
   * DFA's loops and probes sooner than the one-pass DFA's own search. */
  bool bounds_suffice = groups_placed && search_plan_skips_dfa(&re->search);
  /* (The whole match alone is found so only by an iteration's later
   * searches, jrx_match_captures: a single search on a short subject,
   * where matches are sparse, is faster with the DFA.) */
  if (groups_wanted && capture_searches(captures) && !bounds_suffice) {
    int status = capture_search(captures, &data->captures, subject, length, start_offset,
                                options, anchored, native, slots);
    status = counted_capture_search(data, status, native && capture_search_is_native(captures));
    if (status != BACKTRACK_SPAN_TOO_LONG) {
      return status;
    }
  }
  int status = bounds_search(re, data, subject, length, start_offset, options, native,
                             groups_wanted, bounds, slots, placed);
  /* Done unless the bounds were found and the groups they do not place
   * are wanted. */
  if (status != 1 || *slots != bounds || !groups_wanted || groups_placed) {
    return status;
  }
  status = capture_fill(captures, &data->captures, subject, length, bounds[0], bounds[1],
                        start_offset, options, native, slots);
  if (status != BACKTRACK_SPAN_TOO_LONG) {
    if (native && capture_fill_is_native(captures)) {
      data->stats.native_captures++;
    } else {
      data->stats.captures++;
    }
    return status;
  }
  data->stats.pike_captures++;
  uint32_t rerun_options;
  if (dfa_rerun_options(re->automaton, start_offset, bounds[0], options, &rerun_options)) {
    status = pike_search(re, data, subject, length, bounds[0], rerun_options, native, 1, slots);
  } else {
    status = pike_search(re, data, subject, length, start_offset, options, native, 1, slots);
  }
  /* Both engines run the same program: a match one finds the other finds. */
  if (status == JRX_ERROR_NOMEMORY) {
    return status;
  }
  return status == 1 ? 1 : JRX_ERROR_INTERNAL;
}

/* *slots, a match's, with the groups of the lookarounds it passed filled
 * in (lookaround_capture.h): a copy in the match data, which the search's
 * Pike VM scratch fills. Returns 1 or an error. */
static int fill_lookaround_groups(const jrx *re, jrx_match_data *data,
                                  const unsigned char *subject, size_t length,
                                  size_t start_offset, uint32_t options, const size_t **slots) {
  const nfa_program *program = &re->program;
  if (data->lookaround_slots == NULL) {
    data->lookaround_slots =
        memory_allocate_array(re->allocator, program->slot_count, sizeof *data->lookaround_slots);
    if (data->lookaround_slots == NULL) {
      return JRX_ERROR_NOMEMORY;
    }
  }
  memcpy(data->lookaround_slots, *slots, program->slot_count * sizeof **slots);
  if (data->pike == NULL) {
    int status = pike_scratch_create(program, &data->pike);
    if (status != 0) {
      return status;
    }
  }
  pike_stats counted = {0};
  int status = lookaround_capture_fill(program, data->pike, subject, length, start_offset, options,
                                       data->subject_kept, data->lookaround_slots, &counted);
  data->stats.lookaround_steps += counted.steps + counted.lookaround_steps;
  *slots = data->lookaround_slots;
  return status == 0 ? 1 : status;
}

/* search_inlined for a pattern whose literal search is the whole match
 * (literal_search_is_whole): no DFA cache, so no match data (data may be
 * NULL), which keeps dense matches cheap. */
static inline __attribute__((always_inline)) int literal_search(const jrx *re,
                                                                jrx_match_data *data,
                                                                const unsigned char *subject,
                                                                size_t length, size_t start_offset,
                                                                uint32_t options, size_t *ovector,
                                                                size_t ovector_pairs) {
  size_t bounds[2];
  const jit_code *code = NULL;
  int found = native_code_allowed(re) ? native_search_code(re, &code) : 0;
  if (found != 0) {
    return found;
  }
  found = find_bounds(re, NULL, code, subject, length, start_offset, options, bounds);
  if (data != NULL) {
    data->stats.literal_searches++;
  }
  return found == 1 ? fill_ovector(re, bounds, ovector, ovector_pairs) : found;
}

/* jrx_search, inlined into jrx_match_knowing: a call less for every
 * match, which counts when matches are a few bytes apart. */
static inline __attribute__((always_inline)) int search_inlined(const jrx *re,
                                                                jrx_match_data *data,
                                                                const unsigned char *subject,
                                                                size_t length, size_t start_offset,
                                                                uint32_t options, size_t *ovector,
                                                                size_t ovector_pairs) {
  if (literal_search_is_whole(re)) {
    return literal_search(re, data, subject, length, start_offset, options, ovector,
                          ovector_pairs);
  }
  size_t bounds[2];
  jrx_match_data *used = data;
  int status = data != NULL ? 0 : jrx_match_data_take_cached(re, &used);
  if (status != 0) {
    return status;
  }
  const size_t *slots = NULL;
  bool placed = false;
  /* A program the Pike VM runs alone fills every slot it has. */
  int groups_wanted =
      re->automaton == NULL ? 1 : capture_groups_wanted(&re->captures, ovector_pairs);
  status = dfa_then_pike_search(re, used, subject, length, start_offset, options, groups_wanted,
                                bounds, &slots, &placed);
  if (status == 1 && !placed && groups_wanted && ovector_pairs > 0 &&
      re->program.position_slot_count > 0) {
    status = fill_lookaround_groups(re, used, subject, length, start_offset, options, &slots);
  }
  if (status == 1 && placed) {
    status = fill_placed_ovector(re, slots[0], slots[1], ovector, ovector_pairs);
  } else if (status == 1 && groups_wanted) {
    status = fill_ovector(re, slots, ovector, ovector_pairs);
  } else if (status == 1) {
    status = fill_whole_match(re, slots, ovector, ovector_pairs);
  }
  if (data == NULL) {
    jrx_match_data_give_back(re, used);
  }
  return status;
}

int jrx_search(const jrx *re, jrx_match_data *data, const unsigned char *subject, size_t length,
               size_t start_offset, uint32_t options, size_t *ovector, size_t ovector_pairs) {
  return search_inlined(re, data, subject, length, start_offset, options, ovector, ovector_pairs);
}

static int check_arguments(const jrx *re, const jrx_match_data *data, const char *subject,
                           size_t length, size_t start_offset, uint32_t options,
                           const size_t *ovector, size_t ovector_pairs) {
  if (re == NULL || (subject == NULL && length > 0) || (ovector == NULL && ovector_pairs > 0)) {
    return JRX_ERROR_NULL;
  }
  if ((options & ~JRX_MATCH_OPTIONS) != 0) {
    return JRX_ERROR_BAD_OPTION;
  }
  if (data != NULL && data->re != re) {
    return JRX_ERROR_WRONG_MATCH_DATA;
  }
  return start_offset > length ? JRX_ERROR_BAD_OFFSET : 0;
}

static const unsigned char *subject_bytes(const char *subject) {
  return subject != NULL ? (const unsigned char *)subject : (const unsigned char *)"";
}

size_t jrx_subject_length(const char *subject, size_t length) {
  return length == JRX_ZERO_TERMINATED && subject != NULL ? strlen(subject) : length;
}

/* dfa_search_dense of a search_plan.dense_skips pattern: from the next
 * prefix on, as no match starts before it (the DFA's start state there
 * reads the context before it, as at the start offset); then, up to
 * capacity matches, the next ones from each match's end, each from its
 * own next prefix, while they start within DFA_DENSE_AHEAD_BYTES of the
 * first's end. The DFA's own run would step its table over every byte of
 * that window, where prefixes are rare ([aо的]\X over Chinese text, a
 * match every 80 bytes). A later search that fails ends the run (the
 * iteration's next search finds the same on its own). */
static inline __attribute__((always_inline)) int dense_skipping_search(
    const jrx *re, jrx_match_data *data, const unsigned char *subject, size_t length,
    size_t start_offset, uint32_t options, size_t *bounds, size_t capacity) {
  size_t from = start_offset;
  size_t window_end = SIZE_MAX;
  size_t count = 0;
  while (count < capacity) {
    size_t prefix_start;
    size_t prefix_end;
    if (!literal_searcher_find(&re->search.searcher, NULL, subject, length, from, &prefix_start,
                               &prefix_end) ||
        prefix_start > window_end) {
      break;
    }
    int status = dfa_search_dense(re->automaton, data->dfa, subject, length, prefix_start,
                                  options, &bounds[2 * count], 1);
    if (status != 1) {
      return count == 0 ? status : (int)count;
    }
    from = bounds[2 * count + 1];
    if (count++ == 0) {
      window_end = length - from > DFA_DENSE_AHEAD_BYTES ? from + DFA_DENSE_AHEAD_BYTES : length;
    }
  }
  return count == 0 ? JRX_NOMATCH : (int)count;
}

/* The search of jrx_match_dense, on checked arguments, into bounds
 * (capacity pairs, as dfa_search_dense): the DFA's search and its count,
 * or JRX_DENSE_DECLINED when the DFA gave up or has thrashed with a
 * bit-parallel NFA to take over. Returns how many matches it found (at
 * least 1) or JRX_NOMATCH or an error; only the first is counted here, in
 * the counter it leaves in data->dense_counter. */
static inline __attribute__((always_inline)) int dense_search(const jrx *re,
                                                              jrx_match_data *data,
                                                              const unsigned char *subject,
                                                              size_t length, size_t start_offset,
                                                              uint32_t options, size_t *bounds,
                                                              size_t capacity) {
  if (re->bit_parallel != NULL && dfa_cache_thrashed(data->dfa)) {
    return JRX_DENSE_DECLINED;
  }
  const jit_code *code = NULL;
  int status = native_code_allowed(re) ? native_search_code(re, &code) : 0;
  if (status != 0) {
    return status;
  }
  if (code == NULL && re->search.dense_skips) {
    status = dense_skipping_search(re, data, subject, length, start_offset, options, bounds,
                                   capacity);
  } else if (code == NULL) {
    status = dfa_search_dense(re->automaton, data->dfa, subject, length, start_offset, options,
                              bounds, capacity);
  } else if (capacity == 1) { /* a constant: one match calls its search directly */
    status = jit_search_dense_one(code, data->dfa, subject, length, start_offset, options, bounds);
  } else {
    status = jit_search_dense(code, data->dfa, subject, length, start_offset, options, bounds,
                              capacity);
  }
  if (status == DFA_GAVE_UP) {
    return JRX_DENSE_DECLINED;
  }
  data->dense_counter =
      code != NULL ? &data->stats.native_dfa_searches : &data->stats.dfa_searches;
  (*data->dense_counter)++;
  return status;
}

/* The search of a grapheme_alone pattern: the cluster at the start
 * offset, whatever the match options (none changes one \X's match), or
 * JRX_DENSE_DECLINED when its first character is not valid UTF-8 (a
 * subject passed with JRX_NO_UTF_CHECK). For a grapheme_run pattern, the
 * clusters from there on, as \X+ takes them: every one to the end when
 * the subject is known to be valid (each cluster takes at least one
 * character), else up to a character that is not valid UTF-8, each
 * cluster counting regional indicators from its own start, which breaks
 * a run of them only after a pair, as the Pike VM's count back to the
 * start offset does. */
static int grapheme_alone_search(const jrx *re, jrx_match_data *data,
                                 const unsigned char *subject, size_t length,
                                 size_t start_offset, bool subject_valid, size_t *ovector,
                                 size_t ovector_pairs) {
  size_t end = start_offset;
  if (start_offset < length && re->grapheme_run && subject_valid) {
    end = length;
  } else if (start_offset < length) {
    end = grapheme_cluster_end(subject, length, start_offset, re->program.utf);
    if (end == SIZE_MAX) {
      return JRX_DENSE_DECLINED;
    }
    size_t next;
    while (re->grapheme_run && end < length &&
           (next = grapheme_cluster_end(subject, length, end, re->program.utf)) != SIZE_MAX) {
      end = next;
    }
  }
  if (data != NULL) {
    data->stats.grapheme_searches++;
  }
  if (end == start_offset) {
    return JRX_NOMATCH;
  }
  size_t bounds[2] = {start_offset, end};
  return jrx_cluster_answer(re, bounds, ovector, ovector_pairs);
}

/* jrx_extend_last_cluster on pairs (a match's slots, or its ovector's
 * pair_count pairs) of a match that is not empty. The cluster of an ASCII
 * character alone takes no call. */
static inline __attribute__((always_inline)) void
extend_last_cluster(const jrx *re, const unsigned char *subject, size_t length,
                    size_t start_offset, size_t *pairs, size_t pair_count) {
  size_t character_end = pairs[1];
  size_t character = character_end - 1;
  while (re->program.utf && is_utf8_continuation(subject[character])) {
    character--;
  }
  size_t end = grapheme_ascii_alone(subject, length, character)
                   ? character + 1
                   : grapheme_cluster_end_after(
                         subject, length, character, re->program.utf,
                         lookaround_check_from(&re->program, subject, length, start_offset));
  pairs[1] = end;
  for (uint32_t index = 0; index < re->grapheme_last_group_count; index++) {
    size_t group = re->grapheme_last_groups[index];
    if (group < pair_count && pairs[2 * group + 1] == character_end) {
      pairs[2 * group + 1] = end;
    }
  }
}

int jrx_extend_last_cluster(const jrx *re, const unsigned char *subject, size_t length,
                            size_t start_offset, int status, size_t *ovector,
                            size_t ovector_pairs) {
  if (status >= 0 && ovector_pairs > 0) {
    extend_last_cluster(re, subject, length, start_offset, ovector, ovector_pairs);
  }
  return status;
}

/* The answer of a jrx.run_alone pattern from start_offset, on a subject
 * valid UTF-8 where it must be: the run there, which always matches,
 * unless it is empty where an empty match is refused. A JRX_ANCHORED
 * search then fails; JRX_NOTEMPTY_ATSTART takes the run from the next
 * byte (an ASCII character, or any byte outside UTF mode, ended the
 * empty one: byte_run.h), where it may be empty, and JRX_NOTEMPTY the
 * first run that is not. No other option changes the match. */
static int run_search(const jrx *re, const unsigned char *subject, size_t length,
                      size_t start_offset, uint32_t options, size_t *ovector,
                      size_t ovector_pairs) {
  const byte_run *run = &re->run;
  size_t bounds[2] = {start_offset, byte_run_end(run, subject, start_offset, length)};
  if (bounds[1] == start_offset && (options & (JRX_NOTEMPTY | JRX_NOTEMPTY_ATSTART)) != 0) {
    if (((options | re->compile_options) & JRX_ANCHORED) != 0 || start_offset == length) {
      return JRX_NOMATCH;
    }
    bounds[0] = (options & JRX_NOTEMPTY) != 0
                    ? byte_run_next_start(run, subject, start_offset, length)
                    : start_offset + 1;
    if (bounds[0] == length && (options & JRX_NOTEMPTY) != 0) {
      return JRX_NOMATCH;
    }
    bounds[1] = byte_run_end(run, subject, bounds[0], length);
  }
  return ovector_pairs == 0 ? fill_whole_match(re, bounds, ovector, ovector_pairs)
                            : jrx_cluster_answer(re, bounds, ovector, ovector_pairs);
}

/* jrx_match_knowing, inlined into jrx_match_with too: a call less for
 * every line a caller matches. A search on a match data with no options
 * but JRX_NO_UTF_CHECK, for a search jrx_dense_applies to, with no byte to
 * look for first (find_bounds) takes jrx_match_dense's search. */
static inline __attribute__((always_inline)) int match_knowing_inlined(
    const jrx *re, jrx_match_data *data, const char *subject, size_t length, size_t start_offset,
    uint32_t options, size_t *ovector, size_t ovector_pairs, jrx_utf_knowledge *known) {
  int status =
      check_arguments(re, data, subject, length, start_offset, options, ovector, ovector_pairs);
  if (status != 0) {
    return status;
  }
  const unsigned char *bytes = subject_bytes(subject);
  if ((re->compile_options & JRX_MATCH_INVALID_UTF) != 0) {
    return jrx_match_invalid_utf(re, data, bytes, length, start_offset, options, ovector,
                                 ovector_pairs, known);
  }
  if (re->program.utf && (options & JRX_NO_UTF_CHECK) == 0) {
    status = check_utf(re, bytes, length, start_offset, known);
    if (status != 0) {
      if (data != NULL) {
        data->error_offset = known->error_offset;
      }
      return status;
    }
  }
  if (re->run_alone) {
    return run_search(re, bytes, length, start_offset, options, ovector, ovector_pairs);
  }
  if (re->grapheme_alone || re->grapheme_run) {
    bool subject_valid = !re->program.utf || (options & JRX_NO_UTF_CHECK) == 0;
    int found = grapheme_alone_search(re, data, bytes, length, start_offset, subject_valid,
                                      ovector, ovector_pairs);
    if (found != JRX_DENSE_DECLINED) {
      return found;
    }
  }
  if (jrx_dense_applies(re, ovector_pairs) && data != NULL &&
      (options & ~JRX_NO_UTF_CHECK) == 0 && re->program.required_byte_count == 0) {
    size_t bounds[2];
    status = dense_search(re, data, bytes, length, start_offset, options, bounds, 1);
    if (status == 1 && re->grapheme_last) {
      extend_last_cluster(re, bytes, length, start_offset, bounds, 1);
    }
    if (status != JRX_DENSE_DECLINED) {
      return status == 1 ? dense_answer(re, data, bounds, ovector, ovector_pairs) : status;
    }
  }
  status = search_inlined(re, data, bytes, length, start_offset,
                          options | (re->compile_options & JRX_ANCHORED), ovector, ovector_pairs);
  return jrx_search_answer(re, bytes, length, start_offset, status, ovector, ovector_pairs);
}

int jrx_match_knowing(const jrx *re, jrx_match_data *data, const char *subject, size_t length,
                      size_t start_offset, uint32_t options, size_t *ovector, size_t ovector_pairs,
                      jrx_utf_knowledge *known) {
  return match_knowing_inlined(re, data, subject, length, start_offset, options, ovector,
                               ovector_pairs, known);
}

/* Whether a search from start_offset needs no UTF-8 check beyond what
 * known already says, for a program that looks at nothing before the
 * start offset: what check_utf answers at once (start_offset <= length). */
static inline __attribute__((always_inline)) bool utf_known(const jrx *re,
                                                            const unsigned char *subject,
                                                            size_t length, size_t start_offset,
                                                            uint32_t options,
                                                            const jrx_utf_knowledge *known) {
  return !re->program.utf || (options & JRX_NO_UTF_CHECK) != 0 ||
         (known->valid_from <= start_offset && known->valid_to == length &&
          (start_offset == length || !is_utf8_continuation(subject[start_offset])));
}

/* The count matches of a dense search from start_offset (bounds, a
 * pair each) with their last clusters taken in, each from its own
 * search's start, the end of the one before; how many of them stand: a
 * match that starts inside the cluster before it is dropped with those
 * after it (the iteration searches there again). One that starts at or
 * after that cluster's end is the match a search from there finds: no
 * match starts between (none did from the earlier end), and nothing the
 * dense search runs reads before its start offset. */
static uint32_t extend_dense_clusters(const jrx *re, const unsigned char *subject, size_t length,
                                      size_t start_offset, size_t *bounds, uint32_t count) {
  extend_last_cluster(re, subject, length, start_offset, bounds, 1);
  for (uint32_t index = 1; index < count; index++) {
    size_t previous_end = bounds[2 * index - 1];
    if (bounds[2 * index] < previous_end) {
      return index;
    }
    extend_last_cluster(re, subject, length, previous_end, &bounds[2 * index], 1);
  }
  return count;
}

int jrx_match_dense(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                    size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                    size_t ovector_pairs, jrx_utf_knowledge *known) {
  /* Anything check_utf does not answer at once is left to it on the
   * general path. */
  if (start_offset > length || !utf_known(re, subject, length, start_offset, options, known)) {
    return JRX_DENSE_DECLINED;
  }
  int status = dense_search(re, data, subject, length, start_offset, options, data->dense_ahead,
                            JRX_DENSE_AHEAD);
  if (status < 1) {
    data->dense_count = 0;
    return status;
  }
  data->dense_count =
      re->grapheme_last ? extend_dense_clusters(re, subject, length, start_offset,
                                                data->dense_ahead, (uint32_t)status)
                        : (uint32_t)status;
  data->dense_next = 1;
  return dense_answer(re, data, data->dense_ahead, ovector, ovector_pairs);
}

int jrx_match_run(const jrx *re, const unsigned char *subject, size_t length,
                  size_t start_offset, uint32_t options, size_t *ovector, size_t ovector_pairs,
                  const jrx_utf_knowledge *known) {
  if (start_offset > length || !utf_known(re, subject, length, start_offset, options, known)) {
    return JRX_DENSE_DECLINED;
  }
  return run_search(re, subject, length, start_offset, options, ovector, ovector_pairs);
}

int jrx_match_clusters(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                       size_t ovector_pairs, jrx_utf_knowledge *known) {
  if (start_offset > length || !utf_known(re, subject, length, start_offset, options, known)) {
    return JRX_DENSE_DECLINED;
  }
  size_t count = grapheme_clusters_from(subject, length, start_offset, re->program.utf,
                                        data->dense_ahead, JRX_DENSE_AHEAD);
  data->dense_count = (uint32_t)count;
  if (count == 0 && start_offset < length) {
    return JRX_DENSE_DECLINED;
  }
  data->stats.grapheme_searches++;
  if (count == 0) {
    return JRX_NOMATCH;
  }
  data->dense_next = 1;
  return jrx_cluster_answer(re, data->dense_ahead, ovector, ovector_pairs);
}

/* A match's answer from its slots: the groups when wanted, else the
 * whole match. Inlined: a match handed out from those found ahead then
 * takes no call beyond jrx_match_captures_ahead's. */
static inline __attribute__((always_inline)) int captures_answer(const jrx *re,
                                                                 const size_t *slots,
                                                                 size_t *ovector,
                                                                 size_t ovector_pairs) {
  return capture_groups_wanted(&re->captures, ovector_pairs)
             ? fill_ovector(re, slots, ovector, ovector_pairs)
             : fill_whole_match(re, slots, ovector, ovector_pairs);
}

/* A match's slot_count slots (an even count) copied: a few pairs, which a
 * call of memcpy would cost more than. */
static void copy_slots(size_t *to, const size_t *from, size_t slot_count) {
  for (size_t i = 0; i < slot_count; i += 2) {
    size_t start = from[i];
    size_t end = from[i + 1];
    to[i] = start;
    to[i + 1] = end;
  }
}

/* After the iteration's match in slots (not empty), the matches its next
 * searches find, each from the end of the one before, into
 * data->captures_ahead (the first being slots' copy): one search of the
 * capture engine after another (native_search: its native code's, else
 * capture_search in C) with none of the iteration's steps between them
 * (in C 16 x86-64 instructions fewer a match of (\w+)\s+(\w+), 22 of a
 * CSV field). Stops at an empty match (the iteration's own rules take it), at
 * a search the engine does not answer, and where the UTF-8 check would
 * have more to say; those are searched again by the iteration. A
 * jrx.grapheme_last pattern's matches have their last clusters taken in
 * (jrx_extend_last_cluster), each from its own search's start, before the
 * next search starts at their end. */
static void find_captures_ahead(const jrx *re, jrx_match_data *data,
                                const capture_engines *captures, capture_scratch *scratch,
                                const unsigned char *subject, size_t length,
                                size_t start_offset, uint32_t options, bool native_search,
                                const size_t *slots, const jrx_utf_knowledge *known) {
  bool whole_only = captures != &re->captures;
  size_t slot_count = whole_only ? 2 : re->program.slot_count;
  size_t *ahead = data->captures_ahead;
  copy_slots(ahead, slots, slot_count);
  if (re->grapheme_last) {
    extend_last_cluster(re, subject, length, start_offset, ahead, slot_count / 2);
  }
  uint32_t count = 1;
  bool none_after = false;
  /* In C, the engine's loop finds them all in one call (a one-pass
   * table, or one with alternatives): no engine set-up, dispatch or copy
   * a match (key=value pairs: some 86 x86-64 instructions fewer a
   * match). The UTF-8 check of its first search holds for the later
   * ones, which start further on. */
  int batch = 0;
  if (!native_search && !re->grapheme_last &&
      utf_known(re, subject, length, ahead[1], options, known)) {
    batch = capture_scan_c_ahead(captures, scratch, subject, length, options, ahead,
                                 (uint32_t)slot_count, data->captures_capacity, &count);
    none_after = batch == JRX_NOMATCH;
  }
  while (batch == 0 && count < data->captures_capacity) {
    size_t from = ahead[(count - 1) * slot_count + 1];
    if (from > length || !utf_known(re, subject, length, from, options, known)) {
      break;
    }
    const size_t *found = NULL;
    int status = native_search ? capture_scan_native(captures, scratch, subject, length, from,
                                                     options, &found)
                               : capture_scan_c(captures, scratch, subject, length, from, options,
                                                &found);
    if (status != 1 || found[0] == found[1]) {
      none_after = status == JRX_NOMATCH;
      break;
    }
    copy_slots(&ahead[count * slot_count], found, slot_count);
    if (re->grapheme_last) {
      extend_last_cluster(re, subject, length, from, &ahead[count * slot_count], slot_count / 2);
    }
    count++;
  }
  data->captures_slot_count = (uint32_t)slot_count;
  data->captures_whole_only = whole_only;
  data->captures_native = native_search;
  data->captures_count = count;
  data->captures_next = 1;
  data->captures_none_after = none_after;
}

/* On a page of its own: its loop finds an iteration's matches ahead. */
JRX_PAGE_ALIGNED int jrx_match_captures(const jrx *re, jrx_match_data *data,
                                        const unsigned char *subject, size_t length,
                                        size_t start_offset, uint32_t options, size_t *ovector,
                                        size_t ovector_pairs, jrx_utf_knowledge *known) {
  if (start_offset > length || !utf_known(re, subject, length, start_offset, options, known)) {
    return JRX_DENSE_DECLINED;
  }
  const capture_engines *captures = &re->captures;
  capture_scratch *scratch = &data->captures;
  bool native = native_code_runs(re);
  int groups_wanted = capture_groups_wanted(captures, ovector_pairs);
  if (groups_wanted ? !capture_searches(captures)
                    : !(native && jrx_whole_match_by_capture_engine(re))) {
    return JRX_DENSE_DECLINED;
  }
  if (!groups_wanted && captures->has_groups) {
    captures = captures->whole_only;
    scratch = scratch->whole_only;
  }
  const size_t *slots = NULL;
  bool native_search = native && capture_search_is_native(captures);
  int status = native_search ? capture_scan_native(captures, scratch, subject, length,
                                                   start_offset, options, &slots)
                             : capture_search(captures, scratch, subject, length,
                                              start_offset, options, 0, native, &slots);
  if (status == BACKTRACK_SPAN_TOO_LONG) {
    /* The general path's capture_search gives up again at once (only a
     * pattern with groups runs it there: find_match). */
    if (captures->has_groups) {
      capture_search_repeat_give_up(scratch);
    }
    return JRX_DENSE_DECLINED;
  }
  status = counted_capture_search(data, status, native_search);
  data->dense_count = 0;
  data->captures_count = 0;
  if (status != 1) {
    return status;
  }
  if (data->captures_capacity > 1 && slots[0] != slots[1]) {
    /* The matches ahead have their last clusters taken in already. */
    find_captures_ahead(re, data, captures, scratch, subject, length, start_offset, options,
                        native_search, slots, known);
    return captures_answer(re, data->captures_ahead, ovector, ovector_pairs);
  }
  status = captures_answer(re, slots, ovector, ovector_pairs);
  return jrx_search_answer(re, subject, length, start_offset, status, ovector, ovector_pairs);
}

int jrx_take_captures_ahead(const jrx *re, jrx_match_data *data, size_t *offset, size_t *ovector,
                            size_t ovector_pairs) {
  uint32_t next = data->captures_next;
  const size_t *slots = &data->captures_ahead[next * data->captures_slot_count];
  data->captures_next = next + 1;
  counted_capture_search(data, 1, data->captures_native);
  *offset = slots[1];
  return captures_answer(re, slots, ovector, ovector_pairs);
}

int jrx_match_captures_ahead(const jrx *re, jrx_match_data *data, size_t offset, size_t *ovector,
                             size_t ovector_pairs) {
  if (!jrx_captures_ahead_stand(re, data, offset, ovector_pairs)) {
    return JRX_DENSE_DECLINED;
  }
  if (data->captures_next < data->captures_count) {
    return jrx_take_captures_ahead(re, data, &offset, ovector, ovector_pairs);
  }
  if (!data->captures_none_after) {
    return JRX_DENSE_DECLINED;
  }
  data->captures_count = 0;
  counted_capture_search(data, JRX_NOMATCH, data->captures_native);
  return JRX_NOMATCH;
}

/* How far past the end of a match jrx_match_literals looks for the
 * iteration's next one: a search that finds none there stops, so an
 * iteration that ends early has scanned at most this much ahead a match,
 * and what it scanned is not scanned again (literals_clear_to). */
#define LITERALS_AHEAD_WINDOW 4096u

int jrx_match_literals(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options, size_t *ovector,
                       size_t ovector_pairs, jrx_utf_knowledge *known) {
  if (start_offset > length || re->program.max_lookbehind > 0 ||
      !utf_known(re, subject, length, start_offset, options, known)) {
    return JRX_DENSE_DECLINED;
  }
  options |= re->compile_options & JRX_ANCHORED;
  data->dense_count = 0;
  data->dense_none_after = false;
  if ((options & JRX_ANCHORED) != 0) {
    return literal_search(re, data, subject, length, start_offset, options, ovector,
                          ovector_pairs);
  }
  const jit_code *code = NULL;
  int status = native_code_allowed(re) ? native_search_code(re, &code) : 0;
  if (status != 0) {
    return status;
  }
  /* The last call's search ahead found no match from its end up to
   * literals_clear_to: this search starts there. */
  size_t from = start_offset;
  if (data->literals_clear_from == start_offset && data->literals_clear_to > start_offset) {
    from = data->literals_clear_to;
  }
  data->literals_clear_to = 0;
  size_t *ahead = data->dense_ahead;
  if (re->lookbehind_bytes > 0) {
    /* find_bounds moves a lookbehind's start back and the match's bounds
     * on: one search, no matches ahead. */
    status = find_bounds(re, NULL, code, subject, length, from, options, ahead);
    data->stats.literal_searches++;
    if (status != 1) {
      return status;
    }
    data->dense_count = 1;
    data->dense_next = 1;
    return fill_ovector(re, ahead, ovector, ovector_pairs);
  }
  /* The match and the iteration's next ones (jrx_iterator_next answers
   * them), each from the end of the one before, while they come within
   * the window after it; none is empty (a literal search's matches never
   * are). Each ends where a character does (its match is PCRE2's), and
   * the subject's UTF-8 is known valid from before start_offset, so what
   * utf_known says of start_offset holds at every later start. */
  size_t clear_to = 0;
  size_t found = search_find_successive(&re->search, jit_code_literal_scan(code), subject, length,
                                        from, LITERALS_AHEAD_WINDOW, ahead, JRX_LITERALS_AHEAD,
                                        &clear_to);
  data->stats.literal_searches += found + (found < JRX_LITERALS_AHEAD);
  if (found == 0) {
    return JRX_NOMATCH;
  }
  uint32_t count = (uint32_t)found;
  if (found < JRX_LITERALS_AHEAD) {
    data->dense_none_after = clear_to == length;
    data->literals_clear_from = ahead[2 * count - 1];
    data->literals_clear_to = clear_to;
  }
  data->dense_count = count;
  data->dense_next = 1;
  return fill_ovector(re, ahead, ovector, ovector_pairs);
}

/* The answer of a jrx.placed_direct match [bounds[0], bounds[1]): its
 * groups placed by them when wanted, else the whole match. */
int jrx_placed_answer(const jrx *re, const size_t bounds[2], size_t *ovector,
                      size_t ovector_pairs) {
  return capture_groups_wanted(&re->captures, ovector_pairs)
             ? fill_placed_ovector(re, bounds[0], bounds[1], ovector, ovector_pairs)
             : fill_whole_match(re, bounds, ovector, ovector_pairs);
}

/* On a page of its own: its loop finds an iteration's matches ahead. */
JRX_PAGE_ALIGNED int jrx_match_placed(const jrx *re, jrx_match_data *data,
                                      const unsigned char *subject, size_t length,
                                      size_t start_offset, uint32_t options, size_t *ovector,
                                      size_t ovector_pairs, jrx_utf_knowledge *known) {
  if (start_offset > length || !utf_known(re, subject, length, start_offset, options, known)) {
    return JRX_DENSE_DECLINED;
  }
  int groups_wanted = capture_groups_wanted(&re->captures, ovector_pairs);
  bool native = native_code_allowed(re);
  data->dense_count = 0;
  data->dense_none_after = false;
  /* The bounds of the match, then, while they are the DFA's and not
   * empty, those of the matches the iteration's next searches find, each
   * from the end of the one before, into data->dense_ahead (a search that
   * found none says so in dense_none_after; anything else is searched
   * again by the iteration, as is what the UTF-8 check would have more
   * to say about). */
  size_t *ahead = data->dense_ahead;
  size_t from = start_offset;
  uint32_t count = 0;
  const size_t *slots = NULL;
  int status;
  for (;;) {
    bool placed = false;
    status = bounds_search(re, data, subject, length, from, options, native, groups_wanted,
                           &ahead[2 * count], &slots, &placed);
    if (status != 1 || slots != &ahead[2 * count]) {
      data->dense_none_after = count > 0 && status == JRX_NOMATCH;
      break;
    }
    from = ahead[2 * count + 1];
    count++;
    if (count == JRX_DENSE_AHEAD || ahead[2 * count - 2] == from ||
        !utf_known(re, subject, length, from, options, known)) {
      break;
    }
  }
  if (count == 0) {
    return status != 1                     ? status
           : groups_wanted                 ? fill_ovector(re, slots, ovector, ovector_pairs)
                                           : fill_whole_match(re, slots, ovector, ovector_pairs);
  }
  data->dense_count = count;
  data->dense_next = 1;
  return jrx_placed_answer(re, ahead, ovector, ovector_pairs);
}

/* jrx_match_with past its quick paths, out of line: they then need no
 * frame beyond their own. */
static __attribute__((noinline)) int match_with_general(const jrx *re, jrx_match_data *data,
                                                        const char *subject, size_t length,
                                                        size_t start_offset, uint32_t options,
                                                        size_t *ovector, size_t ovector_pairs) {
  jrx_utf_knowledge known = JRX_UTF_UNKNOWN;
  return match_knowing_inlined(re, data, subject, jrx_subject_length(subject, length),
                               start_offset, options, ovector, ovector_pairs, &known);
}

/* jrx_match_with's quick paths (jrx.quick_path): the search
 * match_knowing_inlined would choose, on checked arguments and options
 * (none but JRX_NO_UTF_CHECK), with no UTF-8 to check. One out-of-line
 * function each, which jrx_match_with calls last (a jump): each saves
 * only the registers its own search uses, and jrx_match_with, its checks
 * alone, needs no frame. Only a literal pattern or one with anchored
 * groups may have been compiled with JRX_ANCHORED. */
static __attribute__((noinline)) int quick_literals(const jrx *re, jrx_match_data *data,
                                                    const unsigned char *subject, size_t length,
                                                    size_t start_offset, uint32_t options,
                                                    size_t *ovector, size_t ovector_pairs) {
  return literal_search(re, data, subject, length, start_offset,
                        options | (re->compile_options & JRX_ANCHORED), ovector, ovector_pairs);
}

/* On a page of its own (JRX_PAGE_ALIGNED): one short subject's whole
 * search runs through it, and at 7d5b369 a page boundary inside it cost
 * [a-z]+ing four unchained exits a call under qemu. */
static __attribute__((noinline)) JRX_PAGE_ALIGNED int
quick_bounds(const jrx *re, jrx_match_data *data, const unsigned char *subject, size_t length,
             size_t start_offset, uint32_t options, size_t *ovector, size_t ovector_pairs) {
  /* dfa_then_pike_search for a pattern with a DFA, no groups and no
   * anchor, on unanchored options: no capture engine runs, only
   * bounds_search. */
  size_t bounds[2];
  const size_t *slots = NULL;
  bool placed = false;
  int status = bounds_search(re, data, subject, length, start_offset, options,
                             native_code_allowed(re), 0, bounds, &slots, &placed);
  return status == 1 ? fill_whole_match(re, slots, ovector, ovector_pairs) : status;
}

static __attribute__((noinline)) int quick_dense(const jrx *re, jrx_match_data *data,
                                                 const unsigned char *subject, size_t length,
                                                 size_t start_offset, uint32_t options,
                                                 size_t *ovector, size_t ovector_pairs) {
  if (jrx_dense_applies(re, ovector_pairs)) {
    size_t bounds[2];
    int status = dense_search(re, data, subject, length, start_offset, options, bounds, 1);
    if (status != JRX_DENSE_DECLINED) {
      return status == 1 ? dense_answer(re, data, bounds, ovector, ovector_pairs) : status;
    }
  }
  return jrx_search(re, data, subject, length, start_offset, options, ovector, ovector_pairs);
}

/* search_inlined's answer for an anchored pattern whose whole match
 * alone the native one-pass DFA finds (capture_engines.native_whole_match),
 * when no group is wanted: one run of that code from the start offset (as
 * capture_search_whole_match's, counted alike; its code called from here,
 * with no C function between), the whole match's pair filled from its
 * slots. The general path took six C functions and their returns to reach
 * the same run, a fifth of an access-log line's qemu host instructions.
 * Groups wanted, or native code not allowed here, take jrx_search. */
static __attribute__((noinline)) int quick_anchored_whole(const jrx *re, jrx_match_data *data,
                                                          const unsigned char *subject,
                                                          size_t length, size_t start_offset,
                                                          uint32_t options, size_t *ovector,
                                                          size_t ovector_pairs) {
  options |= re->compile_options & JRX_ANCHORED;
  if (capture_groups_wanted(&re->captures, ovector_pairs) || !native_code_runs(re)) {
    return jrx_search(re, data, subject, length, start_offset, options, ovector, ovector_pairs);
  }
  const size_t *slots = NULL;
  int status = jit_onepass_scanner_search(data->captures.whole_match_scanner, re->program.utf,
                                          subject, length, start_offset, options, &slots);
  status = counted_capture_search(data, status, true);
  return status == 1 ? fill_whole_match(re, slots, ovector, ovector_pairs) : status;
}

/* search_inlined's answer for an anchored one-pass pattern with groups
 * wanted: one run of the native one-pass DFA from the start offset (as
 * capture_search's, counted alike; its code called from here, with no C
 * function between), the ovector filled from its slots. Groups not
 * wanted (at most one pair: the whole match's own engines) take
 * quick_anchored_whole's run; native code not allowed here takes
 * jrx_search. */
static __attribute__((noinline)) int quick_anchored_groups(const jrx *re, jrx_match_data *data,
                                                           const unsigned char *subject,
                                                           size_t length, size_t start_offset,
                                                           uint32_t options, size_t *ovector,
                                                           size_t ovector_pairs) {
  if (!capture_groups_wanted(&re->captures, ovector_pairs) &&
      re->captures.native_whole_match != NULL) {
    return quick_anchored_whole(re, data, subject, length, start_offset, options, ovector,
                                ovector_pairs);
  }
  options |= re->compile_options & JRX_ANCHORED;
  if (!capture_groups_wanted(&re->captures, ovector_pairs) || !native_code_runs(re)) {
    return jrx_search(re, data, subject, length, start_offset, options, ovector, ovector_pairs);
  }
  const size_t *slots = NULL;
  int status = jit_onepass_scanner_search(data->captures.scanner, re->program.utf, subject,
                                          length, start_offset, options, &slots);
  status = counted_capture_search(data, status, true);
  return status == 1 ? fill_ovector(re, slots, ovector, ovector_pairs) : status;
}

/* A search of a pattern with a quick path on a match data with no option
 * but JRX_NO_UTF_CHECK, on arguments check_arguments accepts (the length
 * given) and no UTF-8 to check, takes it; anything else takes the general
 * path. */
int jrx_match_with(const jrx *re, jrx_match_data *data, const char *subject, size_t length,
                   size_t start_offset, uint32_t options, size_t *ovector, size_t ovector_pairs) {
  /* start_offset < length + 1: start_offset <= length, and length is not
   * JRX_ZERO_TERMINATED (SIZE_MAX, where the sum wraps to 0), in one
   * compare, which leaves the tests few enough registers that the jump
   * saves none. */
  if (re != NULL && re->quick_path != JRX_QUICK_NONE && data != NULL && data->re == re &&
      subject != NULL && start_offset < length + 1 &&
      (ovector != NULL || ovector_pairs == 0) && (options & ~JRX_NO_UTF_CHECK) == 0 &&
      (!re->program.utf || options != 0)) {
    const unsigned char *bytes = (const unsigned char *)subject;
    switch (re->quick_path) {
      case JRX_QUICK_LITERALS:
        return quick_literals(re, data, bytes, length, start_offset, options, ovector,
                              ovector_pairs);
      case JRX_QUICK_BOUNDS:
        return quick_bounds(re, data, bytes, length, start_offset, options, ovector,
                            ovector_pairs);
      case JRX_QUICK_ANCHORED_GROUPS:
        return quick_anchored_groups(re, data, bytes, length, start_offset, options, ovector,
                                     ovector_pairs);
      case JRX_QUICK_ANCHORED_WHOLE:
        return quick_anchored_whole(re, data, bytes, length, start_offset, options, ovector,
                                    ovector_pairs);
      default: /* JRX_QUICK_DENSE */
        return quick_dense(re, data, bytes, length, start_offset, options, ovector,
                           ovector_pairs);
    }
  }
  return match_with_general(re, data, subject, length, start_offset, options, ovector,
                            ovector_pairs);
}

int jrx_match(const jrx *re, const char *subject, size_t length, size_t start_offset,
              uint32_t options, size_t *ovector, size_t ovector_pairs) {
  return jrx_match_with(re, NULL, subject, length, start_offset, options, ovector,
                        ovector_pairs);
}

uint32_t jrx_capture_count(const jrx *re) {
  return re != NULL ? re->capture_count : 0;
}

static int compare_group_names(const void *key, const void *element) {
  return strcmp(key, ((const jrx_group_name *)element)->name);
}

int jrx_name_to_number(const jrx *re, const char *name) {
  if (re == NULL || name == NULL) {
    return JRX_ERROR_NULL;
  }
  const jrx_group_name *found =
      re->name_count == 0
          ? NULL
          : bsearch(name, re->names, re->name_count, sizeof *re->names, compare_group_names);
  return found != NULL ? (int)found->number : JRX_ERROR_UNKNOWN_GROUP;
}

uint32_t jrx_name_count(const jrx *re) {
  return re != NULL ? (uint32_t)re->name_count : 0;
}

int jrx_name_table_entry(const jrx *re, uint32_t index, const char **name, uint32_t *number) {
  if (re == NULL || name == NULL || number == NULL) {
    return JRX_ERROR_NULL;
  }
  if (index >= re->name_count) {
    return JRX_ERROR_UNKNOWN_GROUP;
  }
  *name = re->names[index].name;
  *number = re->names[index].number;
  return 0;
}

const char *jrx_engine(const jrx *re) {
  if (re == NULL) {
    return NULL;
  }
  return atomic_load(&re->engine_name);
}

void jrx_free(jrx *re) {
  if (re == NULL) {
    return;
  }
  jrx_match_data_free_cached(re);
  capture_engines_release(&re->captures);
  jit_pike_release(atomic_load(&re->pike_code));
  jit_release(atomic_load(&re->native));
  bitnfa_destroy(re->bit_parallel);
  search_plan_release(&re->search);
  dfa_destroy(re->automaton);
  lookbehind_prefix_destroy(re->lookbehind_program);
  lookahead_filter_destroy(re->lookahead);
  nfa_program_release(&re->program);
  jrx_context *context = re->context;
  memory_free(re->allocator, re->names);
  memory_free(re->allocator, re);
  jrx_context_free(context);
}

const char *jrx_version(void) {
  return JRX_VERSION_STRING;
}
