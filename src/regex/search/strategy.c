/* strategy: the choice of a search strategy, in one place. The order is
 * the order of preference; each step says when it applies and why it
 * beats the ones after it. */
#include "strategy.h"

#include "inner_literal.h"
#include "literal_extract.h"
#include "regex/byte_frequency.h"

/* Literal sets the walk may produce. An exact set may be large (a word
 * list given as one alternation). Prefixes only have to be selective:
 * Teddy's few, after case variants are merged, from the shortest walk
 * and from longer ones while they give as few. */
static const literal_limits exact_limits = {
    .max_count = 100000, .max_length = 1024, .max_total_bytes = 8u << 20, .only_exact = true};
static const uint32_t prefix_lengths[] = {8, 16, 256};
#define PREFIX_WALK_COUNT 4096u
/* Exact sets are mostly small. A bigger one is a word list, which needs
 * the whole set, or the case variants of a caseless literal (two or three
 * forms of each Cyrillic letter multiply into tens of thousands, merged
 * into a handful at great cost), which a few prefixes begin. */
#define EXACT_FIRST_WALK_COUNT 1024u

/* An exact set's bytes stay within a multiple of the program: a word
 * list's bytes are written in the pattern, one instruction or more each,
 * and expanded classes multiply a few. A counted repeat of one byte,
 * a{2,1000}, is a set of 999 literals of half a megabyte whose
 * Aho-Corasick automaton cost a hundred times the rest of the compile;
 * its DFA, skipping to its prefixes, finds the same matches. */
#define EXACT_BYTES_FLOOR (64u << 10)
#define EXACT_BYTES_PER_INSTRUCTION 16u

static size_t exact_bytes_bound(const nfa_program *program) {
  size_t bound = EXACT_BYTES_FLOOR + EXACT_BYTES_PER_INSTRUCTION * (size_t)program->count;
  return bound < exact_limits.max_total_bytes ? bound : exact_limits.max_total_bytes;
}

/* Beyond the first EXACT_FIRST_WALK_COUNT, a walk makes at most four
 * literals per program instruction. A word list has one literal per word,
 * all written in the pattern; a finite language such as an IPv4 address
 * or a date has billions of strings that no search wants listed, and
 * walking even 100,000 of them cost a thousand times the rest of the
 * compile. This keeps the walks linear in the pattern. */
static uint32_t walk_count_bound(const nfa_program *program, uint32_t limit) {
  size_t bound = EXACT_FIRST_WALK_COUNT + 4 * (size_t)program->count;
  return bound < limit ? (uint32_t)bound : limit;
}

/* An exact set this large is a word list if its prefixes are many too;
 * if a few prefixes of at least this many bytes begin it (the case
 * variants of one caseless literal), they are searched instead and the
 * DFA checks the rest. */
#define PREFIX_INSTEAD_OF_SET_LENGTH 4u
/* Shorter prefixes than this are not selective enough to skip to. */
#define PREFIX_MIN_LENGTH 2u
/* The walks for prefixes keep sets this short, for 7 alone. */
#define SHORT_PREFIX_LENGTH 1u
/* The most expected occurrences, per BYTE_FREQUENCY_SCALE bytes of text,
 * of few prefixes as short as one byte for the dense path to look for
 * (search_plan.dense_skips): one literal search a match costs it a few
 * dozen instructions, which the bytes skipped before a candidate repay.
 * [aо的]'s are 7,346 (a alone 5,934; one in 13.6 bytes); a space's 16,410
 * and e's 9,174 are too common. */
#define DENSE_SKIP_MAX_RATE (BYTE_FREQUENCY_SCALE / 10u)

static int use(search_plan *plan, search_strategy strategy, const char *reason) {
  plan->strategy = strategy;
  plan->reason = reason;
  plan->native_candidates = search_plan_candidates(plan);
  return 0;
}

/* The literal set of program as limits allow, case pairs merged; its
 * kind in *extraction (NONE: the set is empty). */
static int extract(const nfa_program *program, const literal_limits *limits, literal_set *set,
                   literal_extraction *extraction) {
  int status = literal_extract(program, limits, set, extraction);
  if (status == 0 && *extraction != LITERAL_EXTRACTION_NONE) {
    literal_set_merge_case_pairs(set);
  }
  return status;
}

/* At most TEDDY_MAX_LITERALS prefixes, each at least min_length bytes
 * long; the set is empty when no walk gives so few. Walks go from the
 * shortest prefixes to the longest while the count stays the same:
 * longer prefixes are more selective, but each candidate is verified
 * against every literal of its bucket, so fewer literals win. The 16-byte
 * prefixes of a caseless Cyrillic name are its 48 case variants (with
 * Unicode's extra forms of o and c), its 8-byte ones 4. A shorter walk's
 * literals begin a longer one's, so it rarely gives more: the first walk
 * that gives too many ends the search; walks gives how many lengths are
 * tried at most. At the end, prefixes that begin with another are
 * dropped: they add no place to skip to. */
_Static_assert(TEDDY_MAX_LITERALS <= LITERAL_EXTRACT_MAX_DISTINCT,
               "a walk for prefixes stops past Teddy's literals");
#define ALL_PREFIX_WALKS (sizeof prefix_lengths / sizeof *prefix_lengths)
static int extract_prefixes(const nfa_program *program, uint32_t min_length, size_t walks,
                            literal_set *set) {
  for (size_t i = 0; i < walks && i < ALL_PREFIX_WALKS; i++) {
    /* A longer walk is only taken if it gives as few: it stops as soon
     * as it is sure to give more. */
    literal_limits limits = {.max_count = walk_count_bound(program, PREFIX_WALK_COUNT),
                             .max_distinct = set->count > 0 ? set->count : TEDDY_MAX_LITERALS,
                             .max_length = prefix_lengths[i],
                             .max_total_bytes = 1u << 16,
                             .only_exact = false};
    literal_set longer;
    literal_set_init(&longer, program->allocator);
    literal_extraction extraction;
    int status = extract(program, &limits, &longer, &extraction);
    if (status != 0) {
      literal_set_release(set);
      return status;
    }
    bool better = extraction != LITERAL_EXTRACTION_NONE && longer.count <= TEDDY_MAX_LITERALS &&
                  longer.shortest >= min_length && (set->count == 0 || longer.count == set->count);
    if (!better) {
      literal_set_release(&longer);
      break;
    }
    literal_set_release(set);
    *set = longer;
  }
  literal_set_drop_covered_prefixes(set);
  return 0;
}

/* Whether a walk for prefixes could find at most TEDDY_MAX_LITERALS of
 * PREFIX_INSTEAD_OF_SET_LENGTH bytes or more, judged from the exact set
 * alone: each such prefix begins some of its literals, so the prefixes,
 * even merged, are at least as many as the literals' distinct first
 * PREFIX_INSTEAD_OF_SET_LENGTH bytes with bit 0x20 set in each (merging
 * joins only literals equal but for that bit). A word list has hundreds
 * of those, and its three walks cost more than the rest of the plan. */
static bool few_long_prefixes_possible(const literal_set *set) {
  if (set->shortest < PREFIX_INSTEAD_OF_SET_LENGTH) {
    return false;
  }
  uint32_t seen[TEDDY_MAX_LITERALS];
  uint32_t seen_count = 0;
  for (uint32_t i = 0; i < set->count; i++) {
    const unsigned char *bytes = literal_set_bytes(set, i);
    uint32_t key = 0;
    for (uint32_t j = 0; j < PREFIX_INSTEAD_OF_SET_LENGTH; j++) {
      key = key << 8 | (bytes[j] | LITERAL_FOLD);
    }
    uint32_t k = 0;
    while (k < seen_count && seen[k] != key) {
      k++;
    }
    if (k == seen_count) {
      if (seen_count == TEDDY_MAX_LITERALS) {
        return false;
      }
      seen[seen_count++] = key;
    }
  }
  return true;
}

/* Whether prefixes may stand for a big exact set: some, none shorter
 * than PREFIX_INSTEAD_OF_SET_LENGTH. */
static bool long_prefixes(const literal_set *prefixes) {
  return prefixes->count > 0 && prefixes->shortest >= PREFIX_INSTEAD_OF_SET_LENGTH;
}

/* The expected occurrences of any literal of set per
 * BYTE_FREQUENCY_SCALE bytes of text. */
static double expected_rate(const literal_set *set) {
  double rate = 0;
  for (uint32_t i = 0; i < set->count; i++) {
    rate += literal_set_expected_rate(set, i);
  }
  return rate;
}

/* Walks of inner literals: the shortest alone. Every dominator is
 * walked, and eight bytes inside a match are selective enough. */
#define INNER_WALKS 1u

int search_inner_literals(const nfa_program *program, bool prefixes_walked, literal_set *set,
                          uint64_t before[4]) {
  uint32_t dominators[INNER_LITERAL_MAX_DOMINATORS];
  int count = inner_literal_dominators(program, dominators);
  if (count < 0) {
    return count;
  }
  /* The walk passes saves by, so from the first instruction after the
   * start's saves it is the start's own: \p{L} as a whole pattern is
   * such a dominator, whose walk would cost as much again as step 4's. */
  uint32_t entry = program->start;
  while (prefixes_walked && program->instructions[entry].opcode == NFA_SAVE) {
    entry = program->instructions[entry].next;
  }
  double best_rate = 0;
  int best = -1;
  for (int i = 0; i < count; i++) {
    if (dominators[i] == program->start || dominators[i] == entry) {
      continue; /* its literals are the prefixes of step 4 */
    }
    nfa_program from_dominator = *program;
    from_dominator.start = dominators[i];
    literal_set walked;
    literal_set_init(&walked, program->allocator);
    int status = extract_prefixes(&from_dominator, PREFIX_MIN_LENGTH, INNER_WALKS, &walked);
    if (status != 0) {
      literal_set_release(set);
      return status;
    }
    double rate = expected_rate(&walked);
    if (walked.count > 0 && (best < 0 || rate < best_rate)) {
      literal_set_release(set);
      *set = walked;
      best = i;
      best_rate = rate;
    } else {
      literal_set_release(&walked);
    }
  }
  if (best < 0) {
    return 0;
  }
  int status = inner_literal_bytes_before(program, dominators[best], before);
  if (status != 0) {
    literal_set_release(set);
  }
  return status;
}

/* Makes the plan's searcher for its literals; when no searcher here
 * takes them, the set is dropped (*made false). */
static int make_searcher(search_plan *plan, bool *made) {
  int status = literal_searcher_init(&plan->searcher, &plan->literals);
  *made = status == 0;
  if (status != 0) {
    literal_set_release(&plan->literals);
  }
  return status == JRX_ERROR_NOMEMORY ? status : 0;
}

int search_plan_build(search_plan *plan, const nfa_program *program, const dfa *automaton) {
  *plan = (search_plan){.strategy = SEARCH_STRATEGY_DFA};
  literal_set_init(&plan->literals, program->allocator);
  prefilter_build(program, automaton, &plan->bytes);

  /* 1. Only the start offset can start a match (^, \A): the DFA reads
   * just what the match needs, there is nothing to skip. */
  if (program->anchored) {
    return use(plan, SEARCH_STRATEGY_DFA, "matches start only at the start offset");
  }
  /* 2. \G holds only at the start offset: moving the start would move it. */
  if (automaton->forward.uses_match_start) {
    return use(plan, SEARCH_STRATEGY_DFA, "\\G pins matches to the start offset");
  }
  /* 3. The pattern is a literal or a set of them: the leftmost-first
   * occurrence is the match, found at memory speed, and the DFA never
   * runs. Unless the set is too big for Teddy but begins with a few long
   * prefixes (a long caseless literal's case variants): 4 is faster. A
   * first walk makes at most EXACT_FIRST_WALK_COUNT literals; past that,
   * few long prefixes are looked for before the whole set is walked.
   * Prefixes are walked at most once, for 3 and 4 both. */
  literal_limits first_limits = exact_limits;
  first_limits.max_count = EXACT_FIRST_WALK_COUNT;
  first_limits.max_total_bytes = exact_bytes_bound(program);
  literal_extraction extraction;
  literal_set prefixes;
  literal_set_init(&prefixes, program->allocator);
  bool prefixes_walked = false;
  int status = extract(program, &first_limits, &plan->literals, &extraction);
  if (status == 0 && extraction == LITERAL_EXTRACTION_NONE) {
    status = extract_prefixes(program, SHORT_PREFIX_LENGTH, ALL_PREFIX_WALKS, &prefixes);
    prefixes_walked = true;
    if (status == 0 && !long_prefixes(&prefixes)) {
      literal_limits limits = exact_limits;
      limits.max_count = walk_count_bound(program, exact_limits.max_count);
      limits.max_total_bytes = first_limits.max_total_bytes;
      status = extract(program, &limits, &plan->literals, &extraction);
    }
  }
  bool made = false;
  if (status == 0 && extraction == LITERAL_EXTRACTION_EXACT) {
    bool prefixes_instead = false;
    if (plan->literals.count > TEDDY_MAX_LITERALS &&
        few_long_prefixes_possible(&plan->literals)) {
      if (!prefixes_walked) {
        status = extract_prefixes(program, SHORT_PREFIX_LENGTH, ALL_PREFIX_WALKS, &prefixes);
        prefixes_walked = true;
      }
      prefixes_instead = long_prefixes(&prefixes);
    }
    if (status == 0 && !prefixes_instead) {
      status = make_searcher(plan, &made);
      if (made) {
        literal_set_release(&prefixes);
        return use(plan, SEARCH_STRATEGY_LITERALS, "the matches are exactly the literals");
      }
    }
  }
  literal_set_release(&plan->literals);
  if (status != 0) {
    literal_set_release(&prefixes);
    return status;
  }
  /* 4. Every match begins with a literal of two bytes or more (or one of
   * a few): their search compares rare bytes at once, more selective than
   * any one byte set, and the DFA starts only where they occur. */
  if (!prefixes_walked) {
    status = extract_prefixes(program, SHORT_PREFIX_LENGTH, ALL_PREFIX_WALKS, &prefixes);
  }
  /* Prefixes as short as one byte are kept for 7 alone. */
  literal_set short_prefixes;
  literal_set_init(&short_prefixes, program->allocator);
  if (prefixes.count > 0 && prefixes.shortest < PREFIX_MIN_LENGTH) {
    short_prefixes = prefixes;
    literal_set_init(&prefixes, program->allocator);
  }
  plan->literals = prefixes;
  if (status == 0 && plan->literals.count > 0) {
    status = make_searcher(plan, &made);
  }
  /* 4a. The matches are a literal sequence (a caseless literal whose
   * case variants are too many for 3): where a prefix occurs, the
   * sequence says in one pass whether a match starts there, at a tenth
   * of what the DFA's run to the match end and back to its start cost. */
  if (status == 0 && made) {
    status = literal_sequence_build(program, &plan->sequence);
    if (status == 0 && plan->sequence.position_count > 0) {
      return use(plan, SEARCH_STRATEGY_LITERAL_SEQUENCE,
                 "the matches are exactly a literal sequence, every one beginning with the "
                 "literals");
    }
  }
  /* 4b. Otherwise the DFA starts only where the prefixes occur. */
  if (status == 0 && made) {
    return use(plan, SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS,
               "every match begins with the literals");
  }
  if (status != 0 || plan->bytes.kind != PREFILTER_NONE) {
    literal_set_release(&short_prefixes);
  }
  if (status != 0) {
    return status;
  }
  /* 5. A byte set at a fixed offset of every match start is rare in text. */
  if (plan->bytes.kind != PREFILTER_NONE) {
    return use(plan, SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES,
               "a byte set every match has near its start is rare");
  }
  /* 6. Every match holds one of a few literals of two bytes or more, not
   * at its start (\w+\s+Holmes): their search skips the text where no
   * match can start, and the DFA runs from the bytes before each. */
  status = search_inner_literals(program, true, &plan->literals, plan->inner_before);
  if (status == 0 && plan->literals.count > 0) {
    plan->utf = program->utf != 0;
    plan->inner_rate = expected_rate(&plan->literals);
    status = make_searcher(plan, &made);
    if (made) {
      literal_set_release(&short_prefixes);
      return use(plan, SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS,
                 "every match holds one of the inner literals");
    }
  }
  if (status != 0) {
    literal_set_release(&short_prefixes);
    return status;
  }
  /* 7. Anything else: every byte through the DFA; the dense path's
   * searches skip to the prefixes as short as one byte from 4, when they
   * are few and rare enough. */
  if (short_prefixes.count > 0 && expected_rate(&short_prefixes) <= DENSE_SKIP_MAX_RATE) {
    plan->literals = short_prefixes;
    status = make_searcher(plan, &made);
    plan->dense_skips = made;
  } else {
    literal_set_release(&short_prefixes);
  }
  if (status != 0) {
    return status;
  }
  return use(plan, SEARCH_STRATEGY_DFA, "no literal or rare byte to skip to");
}

void search_plan_release(search_plan *plan) {
  literal_sequence_release(&plan->sequence);
  literal_searcher_release(&plan->searcher);
  literal_set_release(&plan->literals);
}

const char *search_strategy_name(search_strategy strategy) {
  switch (strategy) {
    case SEARCH_STRATEGY_DFA:
      return "dfa";
    case SEARCH_STRATEGY_DFA_SKIPPING_TO_BYTES:
      return "dfa skipping to bytes";
    case SEARCH_STRATEGY_DFA_SKIPPING_TO_LITERALS:
      return "dfa skipping to literals";
    case SEARCH_STRATEGY_LITERALS:
      return "literals";
    case SEARCH_STRATEGY_LITERAL_SEQUENCE:
      return "literal sequence";
    case SEARCH_STRATEGY_DFA_FROM_INNER_LITERALS:
      return "dfa from inner literals";
  }
  return "?";
}
