/* jrx: the public entry points: argument checks, pattern -> AST -> program,
 * group names, and pcre2_match's ovector conventions. Matching runs on the
 * caller's match data or on one of the pattern's cached ones
 * (jrx_match_data.c), which keeps the common match path free of
 * allocations. */
#include "jrx.h"

#include <stdlib.h>
#include <string.h>

#include "arm64/jit.h"
#include "arm64/jit_capture.h"
#include "arm64/jit_pike.h"
#include "arm64/jit_prefilter_plan.h"
#include "jrx_context.h"
#include "jrx_internal.h"
#include "memory.h"
#include "parse.h"
#include "utf8.h"

#define JRX_COMPILE_OPTIONS                                                              \
  (JRX_CASELESS | JRX_MULTILINE | JRX_DOTALL | JRX_EXTENDED | JRX_UTF | JRX_ANCHORED | \
   JRX_UNGREEDY | JRX_NO_JIT)
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
                                 .dfa_cache_size = cache.memory_budget};
}

/* Native code when the platform gives executable memory; otherwise the
 * pattern stays on the interpreter and its engine name says why. Only a
 * failure of the allocator is an error of the compilation. The Pike VM's
 * code is left to the first search that needs it (native_pike_code). */
static int attach_native_code(jrx *re) {
  int reason = 0;
  /* A literal the search looks for gets a scan of its own rare bytes. */
  jit_prefilter_plan literal_probes;
  const substring_searcher *literal = search_plan_single_literal(&re->search);
  int has_probes = literal != NULL && jit_prefilter_plan_for_literal(literal, &literal_probes);
  int status = jit_compile_with_probes(&re->program, re->automaton,
                                       has_probes ? &literal_probes : NULL, re->context->pool,
                                       &re->native, &reason);
  if (status == JIT_UNAVAILABLE) {
    atomic_store(&re->engine_name, jit_unavailable_engine(reason));
    return 0;
  }
  if (status != 0) {
    return status;
  }
  re->engine = JRX_ENGINE_ARM64_JIT;
  atomic_store(&re->engine_name, "arm64-jit");
  if (re->capture_count > 0) {
    status = jit_capture_compile(&re->program, re->allocator, re->context->pool, &re->captures);
    if (status == JRX_ERROR_NOMEMORY) {
      return status;
    }
    if (status != 0) {
      atomic_store(&re->engine_name,
                   "arm64-jit (capture groups on the interpreter: no native capture code)");
    }
  }
  return 0;
}

static int compile_pattern(const char *pattern, size_t length, uint32_t options,
                           const jrx_compile_limits *user_limits, jrx_context *context,
                           jrx **result, size_t *error_offset) {
  parse_limits limits = {.max_pattern_length = user_limits->max_pattern_length,
                         .max_nesting_depth = user_limits->max_nesting_depth};
  const jrx_allocator *allocator = jrx_context_allocator(context);
  ast_tree tree;
  int status = parse_pattern(pattern, length, options, &limits, allocator, &tree, error_offset);
  if (status != 0) {
    return status;
  }
  jrx *re = memory_allocate_zeroed_array(allocator, 1, sizeof *re);
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
  re->engine = JRX_ENGINE_INTERPRETER;
  atomic_init(&re->engine_name, "interpreter");
  atomic_init(&re->pike_code, NULL);
  atomic_init(&re->pike_code_failed, 0);
  dfa_default_limits(&re->dfa_limits);
  re->dfa_limits.memory_budget = user_limits->dfa_cache_size;
  nfa_compile_limits nfa_limits = {.max_instructions = user_limits->max_program_size};
  status = nfa_compile(&tree, &nfa_limits, &re->program, error_offset);
  if (status == 0) {
    status = copy_group_names(re, &tree);
  }
  if (status == 0) {
    status = dfa_create(&re->program, &re->automaton);
  }
  if (status == 0) {
    status = search_plan_build(&re->search, &re->program, re->automaton);
  }
  if (status == 0 && JRX_HAVE_JIT && (options & JRX_NO_JIT) == 0) {
    status = attach_native_code(re);
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
 * one character earlier when the pattern has \A, \b or \B anywhere. */
static int check_utf(const jrx *re, const unsigned char *subject, size_t length,
                     size_t start_offset) {
  if (start_offset > 0 && start_offset < length && is_utf8_continuation(subject[start_offset])) {
    return JRX_ERROR_BAD_UTF_OFFSET;
  }
  size_t check_from = start_offset;
  if (re->program.looks_behind && check_from > 0) {
    do {
      check_from--;
    } while (check_from > 0 && is_utf8_continuation(subject[check_from]));
  }
  size_t error_offset;
  return utf8_validate(subject + check_from, length - check_from, &error_offset)
             ? 0
             : JRX_ERROR_BAD_UTF;
}

/* pcre2_match's conventions: pairs past the pattern's groups are left
 * alone, unset groups read JRX_UNSET, and 0 means the ovector was too small
 * for every set pair. */
static int fill_ovector(const jrx *re, const size_t *slots, size_t *ovector,
                        size_t ovector_pairs) {
  size_t pairs = (size_t)re->capture_count + 1;
  size_t set_pairs = pairs;
  while (set_pairs > 1 && slots[2 * (set_pairs - 1)] == JRX_UNSET) {
    set_pairs--;
  }
  size_t filled = ovector_pairs < pairs ? ovector_pairs : pairs;
  for (size_t i = 0; i < filled; i++) {
    int set = slots[2 * i] != JRX_UNSET && slots[2 * i + 1] != JRX_UNSET;
    ovector[2 * i] = set ? slots[2 * i] : JRX_UNSET;
    ovector[2 * i + 1] = set ? slots[2 * i + 1] : JRX_UNSET;
  }
  return set_pairs > ovector_pairs ? 0 : (int)set_pairs;
}

/* The native Pike VM of a JRX_ENGINE_ARM64_JIT pattern, built by the
 * first search that needs it; the loser of a race frees its own. *code
 * stays NULL when it cannot be built (pike.c runs instead, and the engine
 * name says so). Returns 0 or JRX_ERROR_NOMEMORY (a later search tries
 * again). */
static int native_pike_code(const jrx *re, jit_pike_code **code) {
  jrx *shared = (jrx *)re; /* its Pike VM slot is mutable, like its cached match data */
  *code = atomic_load_explicit(&shared->pike_code, memory_order_acquire);
  if (*code != NULL || re->engine != JRX_ENGINE_ARM64_JIT ||
      atomic_load_explicit(&shared->pike_code_failed, memory_order_relaxed)) {
    return 0;
  }
  jit_pike_code *built = NULL;
  int status = jit_pike_compile(&re->program, re->allocator, re->context->pool, &built);
  if (status == JRX_ERROR_NOMEMORY) {
    return status;
  }
  if (status != 0) {
    atomic_store(&shared->engine_name,
                 "arm64-jit (searches the DFA gives up on, and long capture spans, run on the "
                 "interpreter's Pike VM: no native Pike VM)");
    atomic_store_explicit(&shared->pike_code_failed, 1, memory_order_relaxed);
    return 0;
  }
  jit_pike_code *published = NULL;
  if (!atomic_compare_exchange_strong_explicit(&shared->pike_code, &published, built,
                                               memory_order_acq_rel, memory_order_acquire)) {
    jit_pike_release(built);
    built = published;
  }
  *code = built;
  return 0;
}

/* pike_match's search, on the native Pike VM when the pattern has one;
 * the match data gets its scratch on first use. */
static int pike_search(const jrx *re, jrx_match_data *data, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options,
                       const size_t **slots) {
  jit_pike_code *code = NULL;
  int status = native_pike_code(re, &code);
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
    return jit_pike_match(code, data->native_pike, subject, length, start_offset, options,
                          slots);
  }
  if (data->pike == NULL) {
    status = pike_scratch_create(&re->program, &data->pike);
    if (status != 0) {
      return status;
    }
  }
  return pike_match(&re->program, data->pike, subject, length, start_offset, options, slots,
                    NULL);
}

/* The search step: the bounds of the leftmost-first match by the
 * pattern's strategy (search/strategy.h), on its native code when it has
 * some. cache may be NULL for the literal strategy. */
static int find_bounds(const jrx *re, dfa_cache *cache, const unsigned char *subject,
                       size_t length, size_t start_offset, uint32_t options, size_t bounds[2]) {
  if (re->search.strategy == SEARCH_STRATEGY_LITERALS) {
    return search_find_literals(&re->search, jit_literal_scan(re->native), subject, length,
                                start_offset, options, bounds);
  }
  if (re->engine == JRX_ENGINE_ARM64_JIT) {
    return jit_search_skipping(re->native, cache, subject, length, start_offset, options,
                               search_plan_candidates(&re->search), &re->search, &bounds[0],
                               &bounds[1], NULL);
  }
  return search_find(&re->search, re->automaton, cache, subject, length, start_offset, options,
                     bounds);
}

/* The search step finds the bounds of the match; only a pattern with
 * groups then needs its native capture code or, without it or over its
 * span cap, the Pike VM, over the match alone. The Pike VM answers by
 * itself when the DFA gives up (its cache thrashed). */
static int dfa_then_pike_search(const jrx *re, jrx_match_data *data,
                                const unsigned char *subject, size_t length,
                                size_t start_offset, uint32_t options, size_t bounds[2],
                                const size_t **slots) {
  int status = find_bounds(re, data->dfa, subject, length, start_offset, options, bounds);
  if (status == DFA_GAVE_UP) {
    return pike_search(re, data, subject, length, start_offset, options, slots);
  }
  if (status != 1) {
    return status;
  }
  if (re->capture_count == 0) {
    *slots = bounds;
    return 1;
  }
  if (data->captures != NULL) {
    status = jit_capture_match(re->captures, data->captures, subject, length, bounds[0],
                               bounds[1], start_offset, options, slots);
    if (status != JIT_CAPTURE_SPAN_TOO_LONG) {
      return status == JRX_NOMATCH ? JRX_ERROR_INTERNAL : status;
    }
  }
  uint32_t rerun_options;
  if (dfa_rerun_options(re->automaton, start_offset, bounds[0], options, &rerun_options)) {
    status = pike_search(re, data, subject, length, bounds[0], rerun_options, slots);
  } else {
    status = pike_search(re, data, subject, length, start_offset, options, slots);
  }
  /* Both engines run the same program: a match one finds the other finds. */
  if (status == JRX_ERROR_NOMEMORY) {
    return status;
  }
  return status == 1 ? 1 : JRX_ERROR_INTERNAL;
}

static int match_valid_arguments(const jrx *re, jrx_match_data *data,
                                 const unsigned char *subject, size_t length,
                                 size_t start_offset, uint32_t options, size_t *ovector,
                                 size_t ovector_pairs) {
  options |= re->compile_options & JRX_ANCHORED;
  size_t bounds[2];
  if (re->search.strategy == SEARCH_STRATEGY_LITERALS && re->capture_count == 0) {
    /* The literal search is the whole match: no DFA cache, so no match
     * data, which keeps dense matches cheap. */
    int found = find_bounds(re, NULL, subject, length, start_offset, options, bounds);
    return found == 1 ? fill_ovector(re, bounds, ovector, ovector_pairs) : found;
  }
  jrx_match_data *used = data;
  int status = data != NULL ? 0 : jrx_match_data_take_cached(re, &used);
  if (status != 0) {
    return status;
  }
  const size_t *slots = NULL;
  status = dfa_then_pike_search(re, used, subject, length, start_offset, options, bounds, &slots);
  if (status == 1) {
    status = fill_ovector(re, slots, ovector, ovector_pairs);
  }
  if (data == NULL) {
    jrx_match_data_give_back(re, used);
  }
  return status;
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

int jrx_match_with(const jrx *re, jrx_match_data *data, const char *subject, size_t length,
                   size_t start_offset, uint32_t options, size_t *ovector, size_t ovector_pairs) {
  int status =
      check_arguments(re, data, subject, length, start_offset, options, ovector, ovector_pairs);
  if (status != 0) {
    return status;
  }
  const unsigned char *bytes = subject_bytes(subject);
  if (re->program.utf && (options & JRX_NO_UTF_CHECK) == 0) {
    status = check_utf(re, bytes, length, start_offset);
    if (status != 0) {
      return status;
    }
  }
  return match_valid_arguments(re, data, bytes, length, start_offset, options, ovector,
                               ovector_pairs);
}

int jrx_match(const jrx *re, const char *subject, size_t length, size_t start_offset,
              uint32_t options, size_t *ovector, size_t ovector_pairs) {
  return jrx_match_with(re, NULL, subject, length, start_offset, options, ovector,
                        ovector_pairs);
}

int jrx_match_checked_subject(const jrx *re, jrx_match_data *data, const char *subject,
                              size_t length, size_t start_offset, uint32_t options,
                              size_t *ovector, size_t ovector_pairs) {
  int status =
      check_arguments(re, data, subject, length, start_offset, options, ovector, ovector_pairs);
  if (status != 0) {
    return status;
  }
  return match_valid_arguments(re, data, subject_bytes(subject), length, start_offset, options,
                               ovector, ovector_pairs);
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
  return found != NULL ? (int)found->number : JRX_NOMATCH;
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
  jit_capture_release(re->captures);
  jit_pike_release(atomic_load(&re->pike_code));
  jit_release(re->native);
  search_plan_release(&re->search);
  dfa_destroy(re->automaton);
  nfa_program_release(&re->program);
  jrx_context *context = re->context;
  memory_free(re->allocator, re->names);
  memory_free(re->allocator, re);
  jrx_context_free(context);
}

const char *jrx_version(void) {
  return JRX_VERSION_STRING;
}
