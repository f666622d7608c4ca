/* explain_strategy: the choices jrx_compile made, as the match path in
 * src/regex/jrx.c takes them: native loops or C for the DFA, the
 * prefilter of that engine (the NEON probes, staged or not, or lookups,
 * or the C one's kind), the capture engine for groups; or the Pike VM
 * alone for a pattern with \K or a lookaround no single byte decides. */
#include "explain_strategy.h"

#include "explain_bytes.h"
#include "jit.h"
#include "jit_code.h"
#include "jit_pike.h"
#include "regex/byte_frequency.h"
#include "regex/capture.h"
#include "regex/dfa_search_with.h"
#include "regex/jrx_internal.h"
#include "regex/lookaround.h"

static void print_native_probes(FILE *out, const jit_prefilter_plan *plan) {
  fprintf(out, "NEON probes");
  for (size_t i = 0; i < plan->probe_count; i++) {
    const jit_prefilter_probe *probe = &plan->probes[i];
    unsigned char member[256] = {0};
    for (unsigned v = 0; v < probe->count; v++) {
      for (unsigned byte = 0; byte < 256; byte++) {
        member[byte] |= (byte | probe->masks[v]) == probe->values[v];
      }
    }
    fprintf(out, "%s[", i == 0 ? " " : ", ");
    explain_print_byte_set(out, member, EXPLAIN_STYLE_TEXT);
    fprintf(out, "] at +%u", (unsigned)probe->offset);
  }
  if (plan->staged) {
    fprintf(out, ", staged");
  }
}

/* Teddy's lookups: at each offset the bytes whose table entry holds a
 * bucket. */
static void print_native_lookups(FILE *out, const jit_prefilter_plan *plan) {
  fprintf(out, "NEON lookups");
  for (size_t i = 0; i < plan->lookup_count; i++) {
    const jit_prefilter_lookup *lookup = &plan->lookups[i];
    unsigned char member[256] = {0};
    for (unsigned entry = 0; entry < lookup->size; entry++) {
      member[lookup->base + entry] = lookup->buckets[entry] != 0;
    }
    fprintf(out, "%s[", i == 0 ? " " : ", ");
    explain_print_byte_set(out, member, EXPLAIN_STYLE_TEXT);
    fprintf(out, "] at +%u", (unsigned)lookup->offset);
  }
}

static void print_native_prefilter(FILE *out, const jrx *re, const jit_code *code) {
  if (code->prefilter == NULL) {
    fprintf(out, "none (%s)\n",
            re->program.anchored || re->automaton->forward.uses_match_start
                ? "matches start only at the start offset"
                : "no offset's bytes fit a probe");
    return;
  }
  if (code->prefilter_plan.lookup_count > 0) {
    print_native_lookups(out, &code->prefilter_plan);
  } else {
    print_native_probes(out, &code->prefilter_plan);
  }
  fprintf(out, ", %s\n",
          code->prefilter_in_loop ? "jumped to by the forward loop itself"
                                  : "called between runs of the forward loop");
}

static void print_portable_prefilter(FILE *out, const jrx *re) {
  const prefilter *filter = &re->search.bytes;
  static const char *const kinds[] = {[PREFILTER_MEMCHR] = "memchr",
                                      [PREFILTER_NEEDLES] = "SSE2 search",
                                      [PREFILTER_BYTE_TABLE] = "byte table",
                                      [PREFILTER_PAIR] = "vector pair search"};
  if (filter->kind == PREFILTER_NONE) {
    fprintf(out, "none (anchored, \\G, empty matches, or no rare enough byte)\n");
    return;
  }
  fprintf(out, "%s for [", kinds[filter->kind]);
  explain_print_byte_set(out, filter->in_searched_set, EXPLAIN_STYLE_TEXT);
  fprintf(out, "] at +%u", (unsigned)filter->searched_position);
  if (filter->kind == PREFILTER_PAIR) {
    unsigned char member[256] = {0};
    for (uint32_t i = 0; i < filter->pair.counts[1]; i++) {
      member[filter->pair.bytes[1][i]] = 1;
    }
    fprintf(out, " and [");
    explain_print_byte_set(out, member, EXPLAIN_STYLE_TEXT);
    fprintf(out, "] at +%u", (unsigned)filter->pair.offsets[1]);
  }
  fprintf(out, "\n");
}

/* The lookarounds whose groups are filled after the match
 * (lookaround_capture.h), if any. */
static void explain_lookaround_groups(FILE *out, const jrx *re) {
  if (re->program.position_slot_count > 0) {
    fprintf(out, "  lookaround groups: %u lookarounds with groups, whose bodies the Pike VM "
                 "(in C) runs again after a match, where it last passed them\n",
            (unsigned)re->program.position_slot_count);
  }
}

void explain_strategy(FILE *out, const jrx *re) {
  /* The search code a first search would build (NULL without one). */
  const jit_code *code = NULL;
  int native = re->engine == JRX_ENGINE_ARM64_JIT &&
               (re->automaton == NULL || (jrx_native_search_code(re, &code) == 0 && code != NULL));
  if (re->automaton == NULL) {
    uint32_t tables = re->program.lookaround_table_count;
    fprintf(out,
            "strategy:\n  search: Pike VM alone, %s (the pattern has \\K or a lookaround "
            "no single byte decides)\n"
            "  lookarounds: %u checked at a position by running their bounded bodies, %u "
            "answered from a table filled by one pass over the subject per search\n",
            native ? "native (arm64-jit)" : "in C",
            (unsigned)(re->program.lookaround_count - tables), (unsigned)tables);
    explain_lookaround_groups(out, re);
    return;
  }
  /* The native search checks a sequence where its generated prefilter
   * stops, when it has one. */
  bool sequence_search = search_plan_skips_dfa(&re->search) &&
                         (!native || jit_literal_scan(code) != NULL);
  fprintf(out, "strategy:\n  search: %s (%s), ", search_strategy_name(re->search.strategy),
          re->search.reason);
  if (re->search.strategy == SEARCH_STRATEGY_LITERALS) {
    fprintf(out, "no DFA, %s\n",
            jit_literal_scan(code) != NULL ? "native literal scan (arm64-jit)" : "in C");
  } else if (re->search.strategy == SEARCH_STRATEGY_LITERAL_SEQUENCE) {
    fprintf(out, "no DFA: %u positions checked in C where the %s stops\n",
            re->search.sequence.position_count,
            jit_literal_scan(code) != NULL ? "native prefilter (arm64-jit)" : "prefix search");
  } else if (sequence_search) {
    fprintf(out, "no DFA: a sequence of byte sets, checked in C where the %s stops (the first "
                 "fit is the match; the lazy DFA%s once its hits come too densely)\n",
            native ? "native prefilter" : "prefilter", native ? ", native loops," : "");
  } else {
    fprintf(out, "lazy DFA, %s\n", native ? "native loops (arm64-jit)" : "in C");
  }
  if (re->run_alone) {
    fprintf(out, "  run: every search takes the run of the repeated set's bytes from its start "
                 "offset (%s), no engine; after an empty match, the run from the next "
                 "character\n",
            re->run.only_leaving >= 0 ? "memchr for the one byte that ends it"
            : dfa_acceleration_kind_of(re->run.word) == DFA_ACCELERATION_TO_END
                ? "to the subject's end: no byte ends it"
            : re->run.word != 0 ? "a vector scan for the bytes that end it"
                                : "a byte loop over the set");
  }
  if (re->lookbehind_bytes > 0) {
    fprintf(out, "  lookbehind: the leading one (%u bytes) searched as bytes of the match, "
                 "from %u bytes before the start offset; the match starts %u bytes later\n",
            (unsigned)re->lookbehind_bytes, (unsigned)re->lookbehind_bytes,
            (unsigned)re->lookbehind_bytes);
  }
  if (re->lookahead != NULL) {
    fprintf(out, "  lookaheads: the %u leading ones checked by DFAs of their own at %s\n",
            (unsigned)re->lookahead->count,
            re->lookahead->line_starts ? "each line start, before the rest"
                                      : "the start of each match of the rest");
  }
  uint32_t decided = 0;
  for (uint32_t i = 0; i < re->program.lookaround_count; i++) {
    decided += re->program.lookarounds[i].byte_set != LOOKAROUND_NO_BYTE_SET;
  }
  if (decided > 0) {
    fprintf(out, "  lookarounds: %u, each decided by the byte before or after the position, "
                 "which the DFA's states and columns know (as for \\b)\n",
            (unsigned)decided);
  }
  explain_lookaround_groups(out, re);
  if (re->search.strategy == SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS) {
    fprintf(out, "  under %u bytes from the start offset: the plain DFA\n",
            SEARCH_INNER_MIN_SUBJECT);
  }
  if (search_plan_runs_plain_dfa(&re->search, 0, 0) && !re->program.anchored &&
      re->program.required_byte_count > 0) {
    fprintf(out, "  before the DFA: memchr for [");
    for (uint32_t i = 0; i < re->program.required_byte_count; i++) {
      explain_print_byte(out, re->program.required_bytes[i], EXPLAIN_STYLE_TEXT);
    }
    fprintf(out, "], which every match holds (none from the start offset on: no match)\n");
  }
  const literal_searcher *inner = search_plan_inner_literals(&re->search);
  if (inner != NULL) {
    fprintf(out, "  inner literals: %u, every match holds one (the first: \"", inner->set->count);
    const unsigned char *bytes = literal_set_bytes(inner->set, 0);
    for (uint32_t i = 0; i < inner->set->literals[0].length; i++) {
      explain_print_byte(out, bytes[i], EXPLAIN_STYLE_TEXT);
    }
    fprintf(out,
            "\"%s, estimated from byte frequencies at %.3g per 100,000 bytes); the DFA starts "
            "where the bytes before the next one begin\n",
            inner->set->any_fold ? ", some bytes in either case" : "",
            re->search.inner_rate * (100000.0 / BYTE_FREQUENCY_SCALE));
    if (native && search_plan_candidates(&re->search) == NULL) {
      fprintf(out, "  native loops: no skipping to them (expected too often to leave the "
                   "generated code for)\n");
    }
  }
  fprintf(out, "  match start: ");
  if (re->program.anchored) {
    fprintf(out, "the start offset (the pattern is anchored)\n");
  } else if (re->program.fixed_length != SIZE_MAX) {
    fprintf(out, "the end less the fixed length %zu (no backward scan)\n",
            re->program.fixed_length);
  } else if (re->program.fixed_characters != 0) {
    fprintf(out, "back from the end over its %u character%s (no backward scan)\n",
            re->program.fixed_characters, re->program.fixed_characters == 1 ? "" : "s");
  } else if (re->program.starts_after_excluded) {
    fprintf(out, "after the last byte before the end that no match holds (no backward scan; "
                 "a backward DFA scan if that lands inside a character)\n");
  } else if (re->program.starts_at_run_start) {
    fprintf(out, "back from the end over the repeated item's characters (no backward DFA "
                 "scan)\n");
  } else {
    fprintf(out, "a backward DFA scan from the end\n");
  }
  if (jrx_whole_match_by_capture_engine(re)) {
    fprintf(out, "  whole match only%s: an iterator's later searches run the %s%s%s\n",
            re->captures.has_groups ? " (at most one ovector pair, groups not wanted)" : "",
            capture_engine_name(jrx_whole_match_engines(re)),
            re->captures.has_groups ? ", of the pattern without its groups" : "",
            re->dense_iteration ? " (no dense path)" : "");
  } else if (re->dense_iteration) {
    int from_first =
        re->program.first_character_matches && re->program.fixed_length == SIZE_MAX;
    /* dfa_search_unanchored's restart of a program whose start is known. */
    int start_known = !from_first && dfa_start_is_known(&re->program);
    char restart[128] = "the ";
    if (start_known) {
      snprintf(restart, sizeof restart,
               "the DFA's table stepped in C from the start state when the match ends within %u "
               "bytes, else the ",
               DFA_DENSE_AHEAD_BYTES);
    }
    fprintf(out, "  dense path: %s on a match data%s, with no option but JRX_NO_UTF_CHECK: %s%s, "
                 "then the match start %s, with none of the general search's choices\n",
            re->program.required_byte_count == 0 ? "jrx_match_with and an iterator's later searches"
                                                 : "an iterator's later searches",
            capture_groups_wanted(&re->captures, 1) ? " asked for no ovector pair"
            : re->capture_count > 0                 ? " asked for one ovector pair (the whole match)"
                                                    : "",
            restart,
            native ? (from_first ? "native forward loop recording its first match"
                                 : "native forward loop")
                   : (from_first ? "forward DFA in C recording its first match"
                                 : "forward DFA in C"),
            from_first ? "at the character ending where the scan first matched (no backward scan)"
            : start_known ? "as the match start line says"
            : !native && dfa_candidate_try_applies(re->automaton)
                ? "at the first byte a match may begin with, where the forward DFA anchored "
                  "there finds one (one forward scan, no backward scan; tried while at most a "
                  "quarter of the tries miss), else as every search finds it"
                : "as every search finds it");
    if (!native && re->search.dense_skips) {
      fprintf(out, "  dense skip: each search there first looks for the next of the literals "
                   "every match begins with (search: below; one is a single byte, too common "
                   "for the general search to skip to), then steps the DFA from it\n");
    }
    if (!native || code->prefilter == NULL) {
      fprintf(out, "  dense run: an iterator's search there also finds the next matches, up to %u "
                   "within %u bytes after its own, %s; the next calls take them\n",
              JRX_DENSE_AHEAD, DFA_DENSE_AHEAD_BYTES,
              from_first ? "each stepped through the DFA's table in C from the start state"
                         : "each searched as above");
    }
  }
  fprintf(out, "  prefilter: ");
  if (native) {
    print_native_prefilter(out, re, code);
  } else {
    print_portable_prefilter(out, re);
  }
  if (capture_groups_placed(&re->captures) && capture_searches(&re->captures) &&
      !re->program.anchored && search_plan_skips_dfa(&re->search)) {
    fprintf(out, "  capture groups: placed by the bounds of a match the %s finds (each a "
                 "fixed distance from its start or end), no engine runs\n",
            re->search.strategy == SEARCH_STRATEGY_LITERALS ? "literal search"
            : sequence_search                                ? "sequence search"
                                                             : "DFA");
  } else if (capture_groups_placed(&re->captures) && capture_searches(&re->captures) &&
             !re->program.anchored) {
    fprintf(out, "  capture groups: placed by the bounds of a match the DFA finds (each a "
                 "fixed distance from its start or end); the %s searches on its own first\n",
            capture_engine_name(&re->captures));
  } else if (capture_groups_placed(&re->captures)) {
    fprintf(out, "  capture groups: placed by the match's bounds (each a fixed distance from "
                 "its start or end), no engine runs\n");
  } else {
    fprintf(out, "  capture groups: %s\n",
            re->capture_count == 0 ? "none" : capture_engine_name(&re->captures));
  }
  fprintf(out, "  anchored whole match: %s\n", capture_whole_match_name(&re->captures));
  if (re->bit_parallel != NULL) {
    fprintf(out, "  when the DFA thrashes or gives up: the bit-parallel NFA, %s, for every later "
                 "search of that match data\n",
            native ? "native loop" : "in C");
  } else {
    const char *pike = "Pike VM in C";
    if (native) {
      pike = jit_pike_pays(&re->program)
                 ? "native Pike VM (built by the first search that needs it)"
                 : "Pike VM in C (the program is too long to gain from native code)";
    }
    fprintf(out, "  when the DFA gives up: %s\n", pike);
  }
}
