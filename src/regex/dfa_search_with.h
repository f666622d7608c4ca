/* dfa_search_with: the search around the byte loops (see dfa_search.c)
 * as always-inline functions taking the scan function, so that a caller
 * passing its own loop gets a copy with that loop inlined: no calls
 * through pointers, no frame per direction, which matters when matches
 * are a few bytes apart. dfa_search_with in dfa.h is the out-of-line copy
 * for loops chosen at run time. */
#ifndef JRX_DFA_SEARCH_WITH_H
#define JRX_DFA_SEARCH_WITH_H

#include "dfa.h"
#include "jrx.h"

#define DFA_INLINE static inline __attribute__((always_inline))

static inline int dfa_search_is_anchored(const dfa *automaton, uint32_t options) {
  return (options & JRX_ANCHORED) != 0 || automaton->forward.program->anchored;
}

/* What dfa_find_end returns when its scan stopped before the end of the
 * text with the DFA alive: the match may still grow, or begin, further on. */
#define DFA_UNDECIDED 3

/* Where the leftmost-first match ends, or SIZE_MAX, from a forward scan
 * that reads no further than to (at most input->length): DFA_UNDECIDED
 * when the DFA is still alive there before the end of the text. With
 * first not NULL, the scan is scan_first, and *first is where the scan
 * first saw a match end (SIZE_MAX when it saw none). */
DFA_INLINE int dfa_find_end(const dfa *automaton, dfa_lazy *lazy, const dfa_input *input,
                            size_t to, int anchored, dfa_scan_function scan,
                            dfa_first_scan_function scan_first, void *context, size_t *end,
                            size_t *first) {
  uint32_t state;
  *end = SIZE_MAX;
  dfa_lazy_begin_search(lazy, input->scan_from);
  int status = dfa_forward_start_state(&automaton->forward, lazy, input, input->scan_from,
                                       anchored, &state);
  if (status == 0 && state != DFA_DEAD) {
    status = first != NULL
                 ? scan_first(context, lazy, input, input->scan_from, to, &state, end, first)
                 : scan(context, lazy, input, input->scan_from, to, &state, end);
  }
  if (status == 0 && state != DFA_DEAD && to != input->length) {
    return DFA_UNDECIDED;
  }
  if (status == 0 && state != DFA_DEAD &&
      dfa_lazy_end_matches(lazy, state, dfa_edge_context(input, JRX_NOTEOL), 0)) {
    *end = input->length;
    if (first != NULL && *first == SIZE_MAX) {
      *first = input->length;
    }
  }
  return status;
}

/* The start of the count characters (bytes outside UTF mode) that end
 * at end, never before input->scan_from, where the scan that found end
 * started. In UTF mode a character is its lead byte and the continuation
 * bytes after it: the program's byte ranges take whole characters only. */
DFA_INLINE size_t dfa_start_of_characters(const dfa_input *input, int utf, size_t end,
                                          uint32_t count) {
  size_t start = end;
  for (uint32_t i = 0; i < count && start > input->scan_from; i++) {
    start--;
    while (utf && start > input->scan_from && (input->subject[start] & 0xc0u) == 0x80u) {
      start--;
    }
  }
  return start;
}

/* Where the leftmost match starts when the program says that a character
 * is a match by itself (nfa_program.first_character_matches): at the
 * character that ends where the scan first saw a match end (first > the
 * start offset). No match starts before that character, as every match
 * begins with one that would have ended a match earlier; none starting
 * later can end that early, since a character's continuation bytes start
 * none. */
DFA_INLINE size_t dfa_start_of_first_character(const dfa_input *input, int utf, size_t first) {
  return dfa_start_of_characters(input, utf, first, 1);
}

/* Where the match ending at end starts: the earliest start, which the
 * leftmost-first match has since no match starts further left. */
DFA_INLINE int dfa_find_start(const dfa *automaton, dfa_lazy *lazy, const dfa_input *input,
                              size_t end, dfa_scan_function scan, void *context, size_t *start) {
  const dfa_automaton *backward = &automaton->backward;
  dfa_context after = end == input->length
                      ? dfa_edge_context(input, JRX_NOTEOL)
                      : backward->column_context[dfa_column_at(backward, input, end)];
  uint32_t state;
  *start = SIZE_MAX;
  dfa_lazy_begin_search(lazy, end);
  int status = dfa_lazy_start_state(lazy, lazy->program->start,
                                    after & backward->remembered_context, end, &state);
  if (status == 0 && state != DFA_DEAD) {
    status = scan(context, lazy, input, end, input->start_offset, &state, start);
  }
  if (status != 0 || state == DFA_DEAD) {
    return status;
  }
  dfa_context before = dfa_context_before(backward, input, input->start_offset);
  if (dfa_lazy_end_matches(lazy, state, before, 1) &&
      dfa_is_character_start(backward->program, input, input->start_offset)) {
    *start = input->start_offset;
  }
  return 0;
}

/* Where the match ending at end starts when the program says it starts
 * after the last excluded byte (nfa_program.starts_after_excluded): back
 * from end over bytes a match may hold, down to the start offset at most;
 * SIZE_MAX in the rare case that lands inside a UTF-8 character, which
 * the backward scan must then settle. The bytes read count as scanned. */
DFA_INLINE size_t dfa_start_after_excluded(const dfa *automaton, dfa_lazy *lazy,
                                           const dfa_input *input, size_t end) {
  const nfa_program *program = automaton->forward.program;
  size_t loop_to = automaton->excluded_scan != 0 &&
                           end - input->start_offset > DFA_EXCLUDED_LOOP_BYTES
                       ? end - DFA_EXCLUDED_LOOP_BYTES
                       : input->start_offset;
  size_t position = end;
  while (position > loop_to && !automaton->excluded_byte[input->subject[position - 1]]) {
    position--;
  }
  if (position == loop_to && loop_to != input->start_offset) {
    position = dfa_accelerate_backward(automaton->excluded_scan, input->subject, position,
                                       input->start_offset);
  }
  lazy->stats.bytes_scanned += end - position;
  return dfa_is_character_start(program, input, position) ? position : SIZE_MAX;
}

/* Where the match ending at end starts when the program says it starts
 * at the start of its item's run (nfa_program.starts_at_run_start): back
 * from end over characters of the item (one or two bytes), down to the
 * start offset at most; SIZE_MAX when that passes no character (only a
 * subject that is not UTF-8, passed unchecked, can end a match so), which
 * the backward scan must then settle. The bytes read count as scanned. */
DFA_INLINE size_t dfa_start_of_run(const nfa_program *program, dfa_lazy *lazy,
                                   const dfa_input *input, size_t end) {
  const unsigned char *subject = input->subject;
  size_t position = end;
  while (position > input->start_offset) {
    uint32_t last = subject[position - 1];
    uint32_t code_point = last;
    size_t size = 1;
    if (last >= 0x80u) {
      uint32_t lead = position - input->start_offset >= 2 ? subject[position - 2] : 0;
      if ((last & 0xc0u) != 0x80u || lead < 0xc2u || lead >= 0xe0u) {
        break;
      }
      code_point = ((lead & 0x1fu) << 6) | (last & 0x3fu);
      size = 2;
    }
    if (!nfa_run_class_has(program, code_point)) {
      break;
    }
    position -= size;
  }
  lazy->stats.bytes_scanned += end - position;
  return position != end ? position : SIZE_MAX;
}

/* Where the leftmost-first match ending at end starts when the program
 * knows it, the cheapest way first (a fixed length in bytes, or in
 * characters, stepped back over; with from_first, the character ending at
 * first, where the forward scan first saw a match end; after the last
 * excluded byte; at the start of its item's run), else SIZE_MAX: the
 * backward scan's to find. */
DFA_INLINE size_t dfa_known_start(const dfa *automaton, dfa_cache *cache, const dfa_input *input,
                                   size_t end, int from_first, size_t first) {
  const nfa_program *program = automaton->forward.program;
  return program->fixed_length != SIZE_MAX ? end - program->fixed_length
         : program->fixed_characters != 0
             ? dfa_start_of_characters(input, program->utf, end, program->fixed_characters)
         : from_first ? dfa_start_of_first_character(input, program->utf, first)
         : program->starts_after_excluded
             ? dfa_start_after_excluded(automaton, &cache->backward, input, end)
         : program->starts_at_run_start ? dfa_start_of_run(program, &cache->backward, input, end)
                                        : SIZE_MAX;
}

/* Where the leftmost-first match ending at end starts, in *start: where
 * the program knows it (dfa_known_start), else from the backward scan.
 * Returns 0, the backward scan's error, or JRX_ERROR_INTERNAL when the
 * backward scan finds no start for the match the forward scan saw. */
DFA_INLINE int dfa_match_start(const dfa *automaton, dfa_cache *cache, const dfa_input *input,
                               size_t end, int from_first, size_t first, dfa_scan_function scan,
                               void *context, size_t *start) {
  *start = dfa_known_start(automaton, cache, input, end, from_first, first);
  if (*start != SIZE_MAX) {
    return 0;
  }
  /* Made by the first search that needs it: the call only then (under
   * qemu its return cost a TB lookup every match). */
  dfa_lazy *backward = &cache->backward;
  int status = backward->automaton != NULL ? 0 : dfa_cache_backward(cache, &backward);
  if (status == 0) {
    status = dfa_find_start(automaton, backward, input, end, scan, context, start);
  }
  return status == 0 && *start == SIZE_MAX ? JRX_ERROR_INTERNAL : status;
}

/* Adds (sign 1) or takes away (sign -1, modulo 2^64) counted from stats:
 * taking a cache's counters away before a search and adding them after it
 * leaves what the search did, with nothing to keep in between. */
static inline void dfa_stats_add(dfa_stats *stats, const dfa_stats *counted, int sign) {
  uint64_t factor = (uint64_t)(int64_t)sign;
  stats->bytes_scanned += factor * counted->bytes_scanned;
  stats->transitions_computed += factor * counted->transitions_computed;
  stats->closure_steps += factor * counted->closure_steps;
  stats->states_built += factor * counted->states_built;
  stats->cache_resets += factor * counted->cache_resets;
  stats->prefilter_candidates += factor * counted->prefilter_candidates;
  stats->prefilter_stand_downs += factor * counted->prefilter_stand_downs;
}

/* A skipping search tries the match anchored at its first candidate
 * while most tries find one: always for the first
 * DFA_CANDIDATE_PROBATION misses of a cache, then while at most a quarter
 * of its tries missed. A miss costs a forward scan no longer than the
 * unanchored scan from the candidate that follows it (the thread started
 * at the candidate lives in both), so at most doubles that search. */
#define DFA_CANDIDATE_PROBATION 16u

/* Whether a match's start takes more than a subtraction from its end:
 * its matches have no fixed length and no start the program knows
 * (after an excluded byte, at a run's start), cannot be empty and the
 * program has no \G. The backward scan finds it then, or, for a fixed
 * number of UTF characters, a step back over them. */
static inline int dfa_start_needs_search(const dfa *automaton) {
  const nfa_program *program = automaton->forward.program;
  return program->fixed_length == SIZE_MAX && !program->can_match_empty &&
         !program->starts_after_excluded && !program->starts_at_run_start &&
         !automaton->forward.uses_match_start;
}

/* Whether a skipping search of this program (or the portable dense
 * search, dfa_dense_match_at_first_byte) should try the match at its
 * first candidate first: it needs the backward scan otherwise (a step
 * back over fixed_characters costs less than a try), and the tries
 * still pay. */
static inline int dfa_candidate_try_applies(const dfa *automaton) {
  return dfa_start_needs_search(automaton) && automaton->forward.program->fixed_characters == 0;
}
/* The cache's part: its tries still pay. */
static inline int dfa_candidate_tries_still_pay(const dfa_cache *cache) {
  return cache->candidate_misses < DFA_CANDIDATE_PROBATION ||
         4 * cache->candidate_misses <= cache->candidate_tries;
}
static inline int dfa_candidate_try_pays(const dfa *automaton, const dfa_cache *cache) {
  return dfa_candidate_try_applies(automaton) && dfa_candidate_tries_still_pay(cache);
}

/* The leftmost-first match when it starts at input->scan_from, a
 * candidate before which no match starts (and where the program, which
 * cannot match the empty string, has no \G to see a start offset): the
 * forward DFA anchored there, reading no further than to, with no
 * backward scan. Returns 1 with the bounds, JRX_NOMATCH when no match
 * starts there (the caller then searches on from the candidate as usual),
 * DFA_UNDECIDED when the DFA is still alive at to before the end of the
 * text, or the scan's error. scan must not skip. Adds what it did to
 * stats, unless NULL. */
DFA_INLINE int dfa_match_at_candidate_before(const dfa *automaton, dfa_cache *cache,
                                             const dfa_input *input, size_t to,
                                             dfa_scan_function scan, void *context,
                                             size_t *match_start, size_t *match_end,
                                             dfa_stats *stats) {
  size_t end;
  cache->candidate_tries++;
  if (stats != NULL) {
    dfa_stats_add(stats, &cache->forward.stats, -1);
  }
  int status =
      dfa_find_end(automaton, &cache->forward, input, to, 1, scan, NULL, context, &end, NULL);
  if (stats != NULL) {
    dfa_stats_add(stats, &cache->forward.stats, 1);
  }
  if (status != 0) {
    return status;
  }
  if (end == SIZE_MAX) {
    cache->candidate_misses++;
    return JRX_NOMATCH;
  }
  *match_start = input->scan_from;
  *match_end = end;
  return 1;
}

/* dfa_match_at_candidate_before up to the end of the text. */
DFA_INLINE int dfa_match_at_candidate(const dfa *automaton, dfa_cache *cache,
                                      const dfa_input *input, dfa_scan_function scan,
                                      void *context, size_t *match_start, size_t *match_end,
                                      dfa_stats *stats) {
  return dfa_match_at_candidate_before(automaton, cache, input, input->length, scan, context,
                                       match_start, match_end, stats);
}

/* The dense search's try of the match anchored at the first byte from
 * input->scan_from that a match may begin with (nfa_program.first_bytes),
 * before the backward scan it saves when the try finds one: where matches
 * are short and dense, one forward scan of each instead of a scan forward
 * and one back (key=value pairs, CSV fields). No match starts before that
 * byte, so the one anchored there is the leftmost-first. Moves
 * input->scan_from to the byte. Returns what dfa_match_at_candidate_before
 * returns (JRX_NOMATCH: the caller searches on from input as usual), also
 * when no such byte comes before to: JRX_NOMATCH at the end of the text,
 * DFA_UNDECIDED before it (a dense run's window). */
DFA_INLINE int dfa_dense_match_at_first_byte(const dfa *automaton, dfa_cache *cache,
                                             dfa_input *input, size_t to,
                                             dfa_scan_function scan, void *context,
                                             size_t *match_start, size_t *match_end) {
  const nfa_program *program = automaton->forward.program;
  const unsigned char *subject = input->subject;
  size_t candidate = input->scan_from;
  while (candidate < to && !nfa_byte_set_has(program->first_bytes, subject[candidate])) {
    candidate++;
  }
  cache->forward.stats.bytes_scanned += candidate - input->scan_from;
  if (candidate == to) {
    input->scan_from = candidate;
    return to == input->length ? JRX_NOMATCH : DFA_UNDECIDED;
  }
  if (!dfa_is_character_start(program, input, candidate)) {
    return JRX_NOMATCH;
  }
  input->scan_from = candidate;
  return dfa_match_at_candidate_before(automaton, cache, input, to, scan, context, match_start,
                                       match_end, NULL);
}

/* Whether dfa_search_dense_run's later searches try the match anchored
 * at each byte a match may begin with (the candidate try of
 * dfa_dense_match_at_first_byte, while the tries pay:
 * dfa_dense_restart_at_first_byte) before the general search; a program
 * whose first character matches restarts from the first match end the
 * scan sees instead, in dfa_search_unanchored (dfa_dense_restart).
 * try_candidate as in dfa_search_unanchored. */
static inline int dfa_dense_restarts_at_first_byte(const dfa *automaton, int try_candidate) {
  const nfa_program *program = automaton->forward.program;
  if (program->first_character_matches && program->fixed_length == SIZE_MAX) {
    return 0;
  }
  return try_candidate && dfa_candidate_try_applies(automaton);
}

/* The start state for a scan from position (flags: DFA_STATE_ONE_START
 * or 0) from the start state cache, or DFA_UNKNOWN when it is not there. */
static inline uint32_t dfa_dense_cached_start(const dfa_lazy *lazy, const dfa_input *input,
                                              size_t position, uint32_t flags) {
  const dfa_automaton *forward = lazy->automaton;
  if (forward->remembered_context != 0) {
    flags |= dfa_context_before(forward, input, position) & forward->remembered_context;
  }
  for (uint32_t i = 0; i < lazy->start_count; i++) {
    if (lazy->start_flags[i] == flags) {
      return lazy->start_states[i];
    }
  }
  return DFA_UNKNOWN;
}

/* What dfa_dense_scan found. */
typedef enum dfa_dense_scan_result {
  DFA_DENSE_OTHER,   /* an unknown step, or `to`: for the general search */
  DFA_DENSE_MATCHED, /* the DFA died after a match */
  DFA_DENSE_DIED,    /* the DFA died before any match */
  DFA_DENSE_JUMP     /* an accelerated state's self-loop, for the caller */
} dfa_dense_scan_result;

/* The table stepped in C from *state at *at_position, with nothing
 * around it, until the DFA dies: every transition known and before to
 * (which is at most the final newline). *last is the last match end
 * seen, SIZE_MAX before the first, which sets *first too. Returns
 * DFA_DENSE_MATCHED with *at_position the byte the DFA died on;
 * DFA_DENSE_JUMP with *state the accelerated transition (tagged) over
 * the byte at *at_position, for dfa_dense_scan_jumping to take. With
 * keep_staying (a constant), a step that stays in its state leaves the
 * state variable as it is, so that the next load need not wait for this
 * one (between words, and within them, most steps stay): x86-64 reads
 * \w+ a quarter faster so; the native code's build leaves it out, as
 * under qemu the extra branch costs more than it saves. */
DFA_INLINE dfa_dense_scan_result dfa_dense_scan(const dfa_lazy *lazy, const unsigned char *subject,
                                                size_t *at_position, size_t to, uint32_t *state,
                                                int keep_staying, size_t *first, size_t *last) {
  const uint32_t *table = lazy->table;
  const unsigned char *class_of = lazy->automaton->class_of;
  size_t at = *at_position;
  uint32_t current = *state;
  uint32_t next;
  if (*last == SIZE_MAX) {
    /* Untagged steps up to the first match end, */
    for (;;) {
      if (at == to) {
        return DFA_DENSE_OTHER;
      }
      next = table[(current & DFA_ID_MASK) + class_of[subject[at]]];
      if (!keep_staying || next != current) {
        if ((next & DFA_TAG_MASK) != 0) {
          break;
        }
        current = next;
      }
      at++;
    }
    if ((next & DFA_TAG_UNKNOWN) != 0) {
      *at_position = at;
      *state = next;
      return next == DFA_UNKNOWN ? DFA_DENSE_OTHER : DFA_DENSE_JUMP;
    }
    if ((next & DFA_TAG_MATCH) == 0) {
      *at_position = at;
      return DFA_DENSE_DIED;
    }
    *first = at;
    *last = at;
    if (next == DFA_MATCH_THEN_DEAD) {
      *at_position = at;
      return DFA_DENSE_MATCHED;
    }
    current = next;
    at++;
  }
  /* then steps to the death, the last match end recorded. */
  size_t end = *last;
  for (;;) {
    if (at == to) {
      return DFA_DENSE_OTHER;
    }
    next = table[(current & DFA_ID_MASK) + class_of[subject[at]]];
    while (keep_staying && next == current) {
      end = (current & DFA_TAG_MATCH) != 0 ? at : end;
      if (++at == to) {
        return DFA_DENSE_OTHER;
      }
      next = table[(current & DFA_ID_MASK) + class_of[subject[at]]];
    }
    if ((next & DFA_TAG_UNKNOWN) != 0) {
      *at_position = at;
      *state = next;
      *last = end;
      return next == DFA_UNKNOWN ? DFA_DENSE_OTHER : DFA_DENSE_JUMP;
    }
    end = (next & DFA_TAG_MATCH) != 0 ? at : end;
    if ((next & DFA_TAG_DEAD) != 0) {
      break;
    }
    current = next;
    at++;
  }
  *at_position = at;
  *last = end;
  return DFA_DENSE_MATCHED;
}

/* dfa_dense_scan from state at *at_position, taking the jumps of
 * accelerated states (a CSV field's [^,\n]+) as dfa_search's loop does:
 * DFA_DENSE_MATCHED with *first and *end as there (*end the last match
 * end), or DFA_DENSE_DIED or DFA_DENSE_OTHER. */
DFA_INLINE dfa_dense_scan_result dfa_dense_scan_jumping(const dfa_lazy *lazy,
                                                        const unsigned char *subject,
                                                        size_t *at_position, size_t to,
                                                        uint32_t state, int keep_staying,
                                                        size_t *first, size_t *end) {
  *end = SIZE_MAX;
  for (;;) {
    dfa_dense_scan_result result =
        dfa_dense_scan(lazy, subject, at_position, to, &state, keep_staying, first, end);
    if (result != DFA_DENSE_JUMP) {
      return result;
    }
    size_t at = *at_position;
    state = dfa_without_acceleration(state);
    size_t landing = dfa_accelerate_forward(
        lazy->table[(state & DFA_ID_MASK) + lazy->automaton->acceleration_column], subject,
        at + 1, to);
    if ((state & DFA_TAG_MATCH) != 0) {
      *first = *end == SIZE_MAX ? at : *first;
      *end = landing - 1;
    }
    *at_position = landing;
  }
}

/* The end of the scans of dfa_search_dense_run's later searches: before
 * the final newline, whose column is not its class. */
static inline size_t dfa_dense_scan_limit(const dfa_input *input, size_t from, size_t to) {
  return input->final_newline >= from && input->final_newline < to ? input->final_newline : to;
}

/* Whether the program knows where a match starts from its end alone
 * (dfa_known_start without from_first), so that a scan to the match's
 * end is a whole search. */
static inline int dfa_start_is_known(const nfa_program *program) {
  return program->fixed_length != SIZE_MAX || program->fixed_characters != 0 ||
         program->starts_after_excluded || program->starts_at_run_start;
}

/* dfa_search_unanchored from input->scan_from for a program whose first
 * character matches (from_first: the start is that character's, ending
 * where the scan first saw a match end) or whose start is known
 * (dfa_start_is_known), in the common case only: the start state is in
 * the start state cache, dfa_dense_scan finds the match before to and
 * dfa_known_start its start. Then stores the match in bounds and returns
 * 1; returns 0 (having changed nothing but the backward cache's count of
 * bytes scanned) otherwise, for dfa_search_unanchored to answer. */
DFA_INLINE int dfa_dense_restart(const dfa *automaton, dfa_cache *cache, const dfa_input *input,
                                 size_t to, int keep_staying, int from_first, size_t *bounds) {
  dfa_lazy *lazy = &cache->forward;
  size_t from = input->scan_from;
  uint32_t current = dfa_dense_cached_start(lazy, input, from, 0);
  if ((current & (DFA_TAG_UNKNOWN | DFA_TAG_DEAD)) != 0) {
    return 0;
  }
  size_t at = from;
  size_t first;
  size_t end;
  if (dfa_dense_scan_jumping(lazy, input->subject, &at, dfa_dense_scan_limit(input, from, to),
                             current, keep_staying, &first, &end) != DFA_DENSE_MATCHED) {
    return 0;
  }
  size_t start = dfa_known_start(automaton, cache, input, end, from_first, first);
  if (start == SIZE_MAX) {
    return 0;
  }
  lazy->stats.bytes_scanned += at + 1 - from;
  bounds[0] = start;
  bounds[1] = end;
  return 1;
}

/* After a try at candidate that found no match, the last byte of the
 * run of the program's leading run bytes that begins at candidate
 * (nfa_program.has_leading_run), before limit: no match starts in that
 * run after candidate, so the tries go on after it (a word followed by
 * punctuation fails a word pair's try once, not at each of its letters);
 * candidate itself for other programs. */
static inline size_t dfa_leading_run_last(const nfa_program *program,
                                          const unsigned char *subject, size_t candidate,
                                          size_t limit) {
  if (program->has_leading_run) {
    while (candidate + 1 < limit &&
           nfa_byte_set_has(program->leading_run_bytes, subject[candidate + 1])) {
      candidate++;
    }
  }
  return candidate;
}

/* How many bytes dfa_dense_restart_at_first_byte's tries that find no
 * match may step, beyond twice the bytes from `from` to the try: a word
 * followed by punctuation fails a word pair's tries at each of its
 * letters, a few bytes each, which costs less than one general search;
 * the bound keeps the tries linear where they would not be (a long word
 * and no space after it). */
#define DFA_DENSE_MISS_ALLOWANCE 64u

/* dfa_search_unanchored from `from` for a program whose tries at the
 * first byte apply (dfa_candidate_try_applies), in the common case only:
 * the match anchored at each byte from `from` a match may begin with,
 * the first that has one, as dfa_dense_match_at_first_byte tries the
 * first (none starts before it), each try with its start state in the
 * start state cache and dfa_dense_scan deciding it. Then stores the
 * match in bounds and returns 1; returns 0 otherwise, or once the tries
 * that found nothing stepped more than DFA_DENSE_MISS_ALLOWANCE bytes
 * beyond twice the distance from `from`, for dfa_search_unanchored to
 * answer. Counts its match as a try of the cache (the misses are bounded
 * here, not by the cache's count, which must still pay: only that is
 * checked, the caller having checked that the tries apply). */
DFA_INLINE int dfa_dense_restart_at_first_byte(dfa_cache *cache, const dfa *automaton,
                                               const dfa_input *input, size_t from, size_t to,
                                               int keep_staying, size_t *bounds) {
  if (!dfa_candidate_tries_still_pay(cache)) {
    return 0;
  }
  dfa_lazy *lazy = &cache->forward;
  const nfa_program *program = automaton->forward.program;
  const unsigned char *subject = input->subject;
  size_t limit = dfa_dense_scan_limit(input, from, to);
  size_t missed = 0;
  for (size_t candidate = from;; candidate++) {
    while (candidate < limit && !nfa_byte_set_has(program->first_bytes, subject[candidate])) {
      candidate++;
    }
    if (candidate == limit || missed > 2 * (candidate - from) + DFA_DENSE_MISS_ALLOWANCE) {
      return 0;
    }
    if (!dfa_is_character_start(program, input, candidate)) {
      continue;
    }
    uint32_t current = dfa_dense_cached_start(lazy, input, candidate, DFA_STATE_ONE_START);
    if ((current & (DFA_TAG_UNKNOWN | DFA_TAG_DEAD)) != 0) {
      return 0;
    }
    size_t at = candidate;
    size_t first;
    size_t end;
    dfa_dense_scan_result result =
        dfa_dense_scan_jumping(lazy, subject, &at, limit, current, keep_staying, &first, &end);
    if (result == DFA_DENSE_OTHER) {
      return 0;
    }
    size_t tried = at + 1 - candidate;
    if (result == DFA_DENSE_MATCHED) {
      lazy->stats.bytes_scanned += missed + tried + candidate - from;
      cache->candidate_tries++;
      bounds[0] = candidate;
      bounds[1] = end;
      return 1;
    }
    missed += tried;
    candidate = dfa_leading_run_last(program, subject, candidate, limit);
  }
}

/* dfa_search_inlining's steps for an unanchored search that counts
 * nothing, written out: there the tests for an anchored search and the
 * counters cost a dozen instructions a match, which matters where
 * matches are a few bytes apart (jrx_match_dense). Neither the options
 * nor the program anchor the search, and the program has no \G. A
 * program whose first character matches (\w+, \p{L}+) is scanned
 * forwards with scan_first, whose first match end gives the start, after
 * dfa_dense_restart's steps in C (keep_staying as there) in the common
 * case: on a short subject, one call's whole search (\w+ over 20-byte
 * subjects: the scan's set-up and the generated loop's call cost more
 * than the few bytes to the end of the first word). A program whose start
 * is known from the match's end (\w+(?=\s): after the last non-word
 * byte) takes the same steps when its match ends within
 * DFA_DENSE_AHEAD_BYTES: a match every few bytes paid the generated
 * loop's call and set-up for each (under qemu a third of a pass's host
 * instructions, with the call's and return's unchained exits). The
 * forward scan reads no further than to, as in dfa_find_end. With
 * try_candidate (a constant: the portable build's), a program whose start
 * the backward scan would find tries dfa_dense_match_at_first_byte first,
 * while the tries pay. The match goes to bounds[0] and bounds[1]. */
DFA_INLINE int dfa_search_unanchored(const dfa *automaton, dfa_cache *cache,
                                     const dfa_input *input, size_t to, dfa_scan_function scan,
                                     dfa_first_scan_function scan_first, void *context,
                                     int keep_staying, int try_candidate, size_t *bounds) {
  const nfa_program *program = automaton->forward.program;
  int from_first = program->first_character_matches && program->fixed_length == SIZE_MAX;
  if (from_first && dfa_dense_restart(automaton, cache, input, to, keep_staying, 1, bounds)) {
    return 1;
  }
  /* A program whose start is known reads no further than the dense run's
   * window in C: where its matches are sparse, the scan's loop reads
   * faster, and the bytes read twice stay a window a search. */
  if (!from_first && dfa_start_is_known(program)) {
    size_t window = to - input->scan_from > DFA_DENSE_AHEAD_BYTES
                        ? input->scan_from + DFA_DENSE_AHEAD_BYTES
                        : to;
    if (dfa_dense_restart(automaton, cache, input, window, keep_staying, 0, bounds)) {
      return 1;
    }
  }
  dfa_input from_candidate;
  if (try_candidate && !from_first && dfa_candidate_try_pays(automaton, cache)) {
    from_candidate = *input;
    int status = dfa_dense_match_at_first_byte(automaton, cache, &from_candidate, to, scan,
                                               context, &bounds[0], &bounds[1]);
    if (status != JRX_NOMATCH) {
      return status;
    }
    input = &from_candidate;
  }
  size_t end;
  size_t first = SIZE_MAX;
  int status = dfa_find_end(automaton, &cache->forward, input, to, 0, scan, scan_first, context,
                            &end, from_first ? &first : NULL);
  if (status != 0 || end == SIZE_MAX) {
    return status != 0 ? status : JRX_NOMATCH;
  }
  size_t start;
  status = dfa_match_start(automaton, cache, input, end, from_first, first, scan, context, &start);
  if (status != 0) {
    return status;
  }
  bounds[0] = start;
  bounds[1] = end;
  return 1;
}

/* dfa_search_unanchored from input->start_offset, then, up to capacity
 * matches in all, the next searches of an iteration, each from where the
 * last match ended (the program matches nothing empty), as long as they
 * end within DFA_DENSE_AHEAD_BYTES after the first match: the matches'
 * bounds in bounds[0 .. 2 * capacity), one search's fixed cost shared by
 * several. Returns how many (at least 1), or what the first search
 * returned when it found none. A later search that finds none, fails or
 * is undecided at the window's end ends the run; the iteration's next
 * search finds the same on its own, stepping the DFA over the same bytes
 * again: so the run is made only when the first match ended within
 * DFA_DENSE_RUN_MAX_GAP bytes of the start offset, the gap before it
 * taken for the gaps after it (sparse matches, [A-Za-z]{8,13} over
 * English text or [aо的]\X over Chinese, a match every 80 bytes, paid
 * 1.2 to 1.4 times the instructions with a run). Moves input's start
 * offset.
 * keep_staying as in dfa_dense_scan, try_candidate as in
 * dfa_search_unanchored. */
DFA_INLINE int dfa_search_dense_run(const dfa *automaton, dfa_cache *cache, dfa_input *input,
                                    dfa_scan_function scan, dfa_first_scan_function scan_first,
                                    void *context, int keep_staying, int try_candidate,
                                    size_t *bounds, size_t capacity) {
  int status = dfa_search_unanchored(automaton, cache, input, input->length, scan, scan_first,
                                     context, keep_staying, try_candidate, bounds);
  /* (A single match, jrx_match_with's, asks no more: none of the run's
   * set-up then, 20 x86-64 instructions a call of \w+.) */
  if (status != 1 || capacity == 1 || bounds[1] - input->start_offset > DFA_DENSE_RUN_MAX_GAP) {
    return status;
  }
  size_t window_end = input->length - bounds[1] > DFA_DENSE_AHEAD_BYTES
                          ? bounds[1] + DFA_DENSE_AHEAD_BYTES
                          : input->length;
  int at_first_byte = dfa_dense_restarts_at_first_byte(automaton, try_candidate);
  size_t count = 1;
  while (count < capacity) {
    input->start_offset = bounds[2 * count - 1];
    input->scan_from = input->start_offset;
    int restarted = at_first_byte &&
                    dfa_dense_restart_at_first_byte(cache, automaton, input, input->start_offset,
                                                    window_end, keep_staying, &bounds[2 * count]);
    if (!restarted &&
        dfa_search_unanchored(automaton, cache, input, window_end, scan, scan_first, context,
                              keep_staying, try_candidate, &bounds[2 * count]) != 1) {
      break;
    }
    count++;
  }
  return (int)count;
}

/* dfa_search_with (dfa.h), inlined into the caller with its scan. */
DFA_INLINE int dfa_search_inlining(const dfa *automaton, dfa_cache *cache, const dfa_input *input,
                                   dfa_scan_function scan, void *context, size_t *match_start,
                                   size_t *match_end, dfa_stats *stats) {
  int anchored = dfa_search_is_anchored(automaton, input->options);
  size_t end;
  size_t start = input->start_offset;
  /* The caches' counters keep growing; a caller counting this search gets
   * the difference. */
  if (stats != NULL) {
    dfa_stats_add(stats, &cache->forward.stats, -1);
    dfa_stats_add(stats, &cache->backward.stats, -1);
  }
  int status = dfa_find_end(automaton, &cache->forward, input, input->length, anchored, scan, NULL,
                            context, &end, NULL);
  if (status == 0 && end != SIZE_MAX && !anchored) {
    status = dfa_match_start(automaton, cache, input, end, 0, SIZE_MAX, scan, context, &start);
  }
  if (stats != NULL) {
    dfa_stats_add(stats, &cache->forward.stats, 1);
    dfa_stats_add(stats, &cache->backward.stats, 1);
  }
  if (status != 0) {
    return status;
  }
  if (end == SIZE_MAX) {
    return JRX_NOMATCH;
  }
  *match_start = start;
  *match_end = end;
  return 1;
}

#endif
