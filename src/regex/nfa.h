/* nfa: the byte-level instruction graph every matching backend consumes.
 * Invariants: every cycle consumes a byte (epsilon edges form a DAG), a
 * thread's only state is its instruction index and capture slots. */
#ifndef JRX_NFA_H
#define JRX_NFA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#elif defined(__ARM_NEON)
#include <arm_neon.h>
#endif

#include "ast.h"
#include "jrx.h"

typedef enum nfa_opcode {
  NFA_BYTE_RANGE, /* consume one byte in [low, high], continue at next */
  NFA_SPLIT,      /* continue at next, and at alternative with lower priority */
  NFA_SAVE,       /* store the current position in capture slot `slot` */
  NFA_ASSERT,     /* continue at next only where `assertion` holds */
  NFA_MATCH,      /* the whole pattern has matched */
  NFA_FAIL        /* dead end (a class that matches nothing) */
} nfa_opcode;

typedef struct nfa_instruction {
  uint8_t opcode;      /* nfa_opcode */
  uint8_t low;         /* NFA_BYTE_RANGE */
  uint8_t high;        /* NFA_BYTE_RANGE */
  uint8_t assertion;   /* NFA_ASSERT: an ast_assertion */
  uint32_t next;       /* unused by NFA_MATCH and NFA_FAIL */
  union {
    uint32_t alternative; /* NFA_SPLIT */
    uint32_t slot;        /* NFA_SAVE: 2 * group for its start, + 1 for its end */
    uint32_t lookaround;  /* NFA_ASSERT of AST_ASSERT_LOOKAROUND: into nfa_program.lookarounds */
  };
} nfa_instruction;

/* The default bound on program size: about 12 MB of instructions, reached
 * by patterns such as (.{1000}){100} in UTF mode. Compiling anything larger
 * fails with JRX_ERROR_PROGRAM_TOO_BIG before allocating it. */
#define NFA_DEFAULT_MAX_INSTRUCTIONS 1000000u

/* Longest literal prefix recorded in nfa_program.literal_prefix. */
#define NFA_MAX_LITERAL_PREFIX 32u

/* Most offsets nfa_program.prefix_byte_sets describes. */
#define NFA_MAX_PREFIX_BYTE_SETS 16u

/* Most offsets, and distinct byte sets, of nfa_program.sequence_length. */
#define NFA_MAX_SEQUENCE 64u
#define NFA_MAX_SEQUENCE_SETS 8u
/* Most offsets of a sequence checked by vector compares
 * (nfa_program.sequence_lanes): two vectors of 16. */
#define NFA_MAX_SEQUENCE_LANES 32u

/* Most bytes of nfa_program.required_bytes. */
#define NFA_MAX_REQUIRED_BYTES 3u

/* The default bound on the lookaround tables of one search: 64 MiB, a
 * bit per position of a 512 MiB subject for one unbounded lookaround. */
#define NFA_DEFAULT_MAX_LOOKAROUND_TABLE_BYTES ((size_t)64 << 20)

/* Most distinct byte sets of lookarounds one byte decides
 * (nfa_program.lookaround_byte_sets): the lazy DFA gives each a bit of
 * its position contexts. */
#define NFA_MAX_LOOKAROUND_BYTE_SETS 8u

/* Most stored regions nfa_program.stored_regions records; the analyses
 * walk any further ones like other instructions. */
#define NFA_MAX_STORED_REGIONS 4u

struct unicode_automaton;

/* Instructions [first, first + automaton->count): a copy of a stored
 * Unicode automaton (nfa_class_automata.c). Nothing outside them targets
 * any but entry; every path from entry consumes automaton->min_length to
 * ->max_length bytes, passing only splits and byte ranges, and continues
 * at exit. The analyses take the automaton's stored facts for them
 * instead of walking its instructions; the engines run them as any. */
typedef struct nfa_stored_region {
  const struct unicode_automaton *automaton;
  uint32_t first;
  uint32_t entry;
  uint32_t exit;
} nfa_stored_region;

typedef struct nfa_compile_limits {
  uint32_t max_instructions;
  size_t max_lookaround_table_bytes; /* nfa_program.max_lookaround_table_bytes */
} nfa_compile_limits;

struct lookaround;
struct lookaround_branch;

typedef struct nfa_program {
  const jrx_allocator *allocator; /* of instructions, and of what is built from the program */
  nfa_instruction *instructions;
  uint32_t count;
  uint32_t start;            /* entry instruction */
  uint32_t slot_count;       /* 2 * (capture groups + 1), + position slots rounded up to even */
  /* Slots after the groups' where a lookaround with groups was passed
   * (lookaround.position_slot); 0 for most programs. */
  uint32_t position_slot_count;
  uint32_t thread_capacity;  /* NFA_BYTE_RANGE and NFA_MATCH instructions */
  int utf;                   /* matches must start on UTF-8 character boundaries */
  uint32_t max_lookbehind;   /* PCRE2's, in characters (ast_max_lookbehind, lookaround_check_from) */
  /* Lookarounds (lookaround.h); their branches are instructions of this
   * program that program->start never reaches. A program with \K, with
   * \b or \B under UCP, with \X, or with a lookaround that no single
   * byte decides (needs_pike) is run by the Pike VM alone: the DFA
   * neither checks such lookarounds nor moves a match start, and its
   * contexts know bytes, not the characters UCP's \b and \X decode. A
   * nested lookaround comes before the one holding it. */
  struct lookaround *lookarounds;
  uint32_t lookaround_count;
  /* Of those, the ones answered from a table filled before each search
   * (lookaround_table.h), and the bound on the tables' bytes per search. */
  uint32_t lookaround_table_count;
  size_t max_lookaround_table_bytes;
  /* The lengths of all lookbehinds added up, in characters: in byte mode
   * no lookbehind, however nested, reads further before the start offset. */
  size_t lookbehind_reach;
  struct lookaround_branch *lookaround_branches;
  uint32_t lookaround_branch_count;
  /* The byte sets of lookarounds one byte decides (lookaround.byte_set):
   * the lazy DFA reads them as it reads \b, from the bytes either side of
   * a position. */
  uint32_t lookaround_byte_set_count;
  uint64_t lookaround_byte_sets[NFA_MAX_LOOKAROUND_BYTE_SETS][4];
  int needs_pike;
  /* The stored regions, by first (0 to NFA_MAX_STORED_REGIONS of them). */
  uint32_t stored_region_count;
  nfa_stored_region stored_regions[NFA_MAX_STORED_REGIONS];

  /* Facts for prefilters; each holds for every match the program can make. */
  int anchored;              /* a match can only start at the start offset */
  int can_match_empty;       /* the empty string may match (ignoring assertions) */
  uint64_t first_bytes[4];   /* bit b: a non-empty match may begin with byte b */
  size_t min_length;         /* shortest match in bytes; SIZE_MAX if none can match */
  /* The length in bytes of every match (a match then starts that far
   * before its end), or SIZE_MAX: when paths to a match consume different
   * numbers of bytes (assertions consume none; in UTF mode one character
   * may take one to four), or when no match is possible. */
  size_t fixed_length;
  /* In UTF mode, the number of characters of every match when it is one
   * (PCRE2's lookbehind rule, ast_fixed_characters: \p{L}, .{3}, [ab]|c),
   * else 0: a match then starts that many characters before its end,
   * found without the backward DFA, whose reversed program a big class
   * makes costly (\p{L}: 383K instructions at the first search). */
  uint32_t fixed_characters;
  /* Bytes no match contains (in none of the program's byte ranges), and
   * whether the leftmost match always starts right after the last such
   * byte before its end, or at the start offset if that comes later: the
   * program has no assertion, and one more byte outside this set in front
   * of any match still makes a match (\w+, [a-z]+ing). A search then
   * finds the start without the backward DFA (dfa_search). */
  uint64_t excluded_bytes[4];
  int starts_after_excluded;
  /* The pattern is one character (a literal or a class) repeated at
   * least once (\w+, \p{L}+): every match begins with a character that
   * is a match by itself. The leftmost match then starts with the
   * character that ends where the forward scan first sees a match, found
   * without the backward DFA (dfa_search_unanchored). */
  int first_character_matches;
  /* In UTF mode, the pattern is one character item (a literal or a
   * class) repeated at least once with no upper bound, then nothing but
   * lookaheads ([а-я]+(?=\s), [a-zé]+), and the item holds no code point
   * from U+0800 up; run_class bit c says code point c is one of the
   * item's. The leftmost match then starts where the run
   * of such characters that ends at its end starts, or at the start
   * offset: from there a match reaches that end too, the lookaheads
   * reading only what follows it. A search finds the start by stepping
   * back over those characters (dfa_start_of_run), without the backward
   * DFA, which cannot be told so by bytes alone (a character outside the
   * item may share all its bytes with characters of the item). */
  int starts_at_run_start;
  uint64_t run_class[32];
  /* The pattern begins with a repeat {n,} (n >= 1, greedy or lazy, maybe
   * inside capturing groups) of one character item whose code points are
   * single bytes (below 0x80 in UTF mode): (\w+)\s+(\w+), \w+=\S+.
   * leading_run_bytes holds them. When no match starts at a byte of a run
   * of such bytes, none starts later in that run either: a match from
   * there takes some of the run's bytes, then goes on from where they
   * end, which the repeat from the earlier byte reaches too. The dense
   * search's tries at each first byte skip the rest of a run whose try
   * failed so (dfa_dense_restart_at_first_byte). */
  int has_leading_run;
  uint64_t leading_run_bytes[4];
  uint32_t literal_prefix_length;
  unsigned char literal_prefix[NFA_MAX_LITERAL_PREFIX]; /* every match begins with it */
  /* Every match is longer than prefix_byte_set_count bytes, and for each
   * offset d below that count, bit b of prefix_byte_sets[d] is set if a
   * match may have byte b at offset d from its start. */
  uint32_t prefix_byte_set_count;
  uint64_t prefix_byte_sets[NFA_MAX_PREFIX_BYTE_SETS][4];
  /* A sequence of byte sets (\d{4}-\d\d): the matches are exactly the
   * strings of sequence_length bytes whose byte at each offset d is in
   * the set of bit sequence_masks[d] of sequence_membership[byte]. The
   * program has no assertion, and in UTF mode no set at offset 0 holds a
   * continuation byte. 0 when the program is not one (also when it needs
   * more offsets or distinct sets than fit). Where the sequence fits
   * (nfa_sequence_fits) is then where a match is, found without the DFA. */
  uint32_t sequence_length;
  uint8_t sequence_masks[NFA_MAX_SEQUENCE];
  uint8_t sequence_membership[256];
  /* A sequence of 8 to 32 offsets whose every set is one range of bytes
   * (\d, /, [a-f]) is checked by vector compares where the target has
   * them: lane i fits when its byte minus sequence_lane_low[i] (wrapping)
   * is at most sequence_lane_width[i]. 16 lanes: offsets 0-7 and the last
   * eight (two 8-byte loads, overlapping when the length is under 16);
   * 32 lanes: offsets 0-15 and the last sixteen. 0 when the sets are not
   * all ranges, or the length is out of that span. */
  uint32_t sequence_lanes;
  uint8_t sequence_lane_low[NFA_MAX_SEQUENCE_LANES];
  uint8_t sequence_lane_width[NFA_MAX_SEQUENCE_LANES];
  /* A byte set text has little of (at most NFA_MAX_REQUIRED_BYTES
   * bytes, required_bytes[0 .. required_byte_count)) such that every
   * match holds one of its bytes: an unanchored search where none occurs
   * from the start offset on has no match. 0 when there is none, or when
   * nfa_find_required_bytes was not asked (only searches with no
   * prefilter use it). */
  uint32_t required_byte_count;
  unsigned char required_bytes[NFA_MAX_REQUIRED_BYTES];
} nfa_program;

/* Fills limits with the defaults above. */
void nfa_default_limits(nfa_compile_limits *limits);

/* Compiles a parsed pattern, allocating through the tree's allocator,
 * which the program keeps. On success returns 0 and fills *program. On
 * failure returns JRX_ERROR_PROGRAM_TOO_BIG or JRX_ERROR_NOMEMORY, stores
 * in *error_offset the pattern offset of the innermost construct being
 * compiled when it happened, and leaves *program empty. */
int nfa_compile(const ast_tree *tree, const nfa_compile_limits *limits, nfa_program *program,
                size_t *error_offset);

/* Releases the instructions; the program is empty afterwards. */
void nfa_program_release(nfa_program *program);

/* Whether code point (any value) is in program->run_class. */
static inline int nfa_run_class_has(const nfa_program *program, uint32_t code_point) {
  return code_point < 0x800u &&
         ((program->run_class[code_point >> 6] >> (code_point & 63u)) & 1u) != 0;
}

/* The instructions control may go to after instruction, in priority
 * order (a SPLIT's next, then its alternative), into successors; returns
 * how many (none after NFA_MATCH and NFA_FAIL). For the walks over the
 * program's graph (nfa_analyze.c, capture.c, onepass.c). */
static inline uint32_t nfa_successors(const nfa_instruction *instruction,
                                      uint32_t successors[2]) {
  switch ((nfa_opcode)instruction->opcode) {
    case NFA_SPLIT:
      successors[0] = instruction->next;
      successors[1] = instruction->alternative;
      return 2;
    case NFA_BYTE_RANGE:
    case NFA_SAVE:
    case NFA_ASSERT:
      successors[0] = instruction->next;
      return 1;
    case NFA_MATCH:
    case NFA_FAIL:
      break;
  }
  return 0;
}

/* The stored region whose entry is index, or NULL. */
static inline const nfa_stored_region *nfa_stored_region_entered(const nfa_program *program,
                                                                 uint32_t index) {
  for (uint32_t i = 0; i < program->stored_region_count; i++) {
    if (program->stored_regions[i].entry == index) {
      return &program->stored_regions[i];
    }
  }
  return NULL;
}

/* For a scan of the instructions in order: the stored region that begins
 * at index, moving *next_region past it, or NULL. *next_region starts at
 * 0; the scan then skips the region's instructions. */
static inline const nfa_stored_region *nfa_stored_region_from(const nfa_program *program,
                                                              uint32_t index,
                                                              uint32_t *next_region) {
  if (*next_region < program->stored_region_count &&
      program->stored_regions[*next_region].first == index) {
    return &program->stored_regions[(*next_region)++];
  }
  return NULL;
}

/* Whether byte is in a 256-bit byte set (first_bytes, prefix_byte_sets). */
static inline int nfa_byte_set_has(const uint64_t set[4], unsigned byte) {
  return (int)((set[byte >> 6] >> (byte & 63u)) & 1u);
}

/* Adds the bytes low..high (low <= high <= 255) to a 256-bit byte set, a
 * word at a time: compiling adds every range of a program several times. */
static inline void nfa_byte_set_add_range(uint64_t set[4], unsigned low, unsigned high) {
  for (unsigned word = low >> 6; word <= high >> 6; word++) {
    unsigned from = word == low >> 6 ? low & 63u : 0;
    unsigned to = word == high >> 6 ? high & 63u : 63;
    set[word] |= (~(uint64_t)0 >> (63u - to)) & (~(uint64_t)0 << from);
  }
}

/* Finds nfa_program.required_bytes, a walk of the program for each of a
 * few candidates (not done by nfa_compile: only searches that have no
 * prefilter ask). Returns 0 or JRX_ERROR_NOMEMORY. */
int nfa_find_required_bytes(nfa_program *program);

/* Whether the byte is in program->first_bytes. */
int nfa_first_byte_possible(const nfa_program *program, unsigned char byte);

/* Whether the bytes at `at` fit every prefix byte set and the literal
 * prefix, as the start of every match does. Reads the first min_length
 * bytes at most (the prefix facts never reach further). */
int nfa_prefix_fits(const nfa_program *program, const unsigned char *at);

#if defined(__SSE2__)
/* nfa_sequence_fits_in_ranges's compare of 16 lanes: the bytes minus
 * low, saturated down by width, all zero. */
static inline int nfa_lanes_fit(__m128i bytes, const uint8_t *low, const uint8_t *width) {
  __m128i offset = _mm_sub_epi8(bytes, _mm_loadu_si128((const __m128i *)(const void *)low));
  __m128i over = _mm_subs_epu8(offset, _mm_loadu_si128((const __m128i *)(const void *)width));
  return _mm_movemask_epi8(_mm_cmpeq_epi8(over, _mm_setzero_si128())) == 0xffff;
}

static inline __m128i nfa_load_eight_and_eight(const unsigned char *first,
                                               const unsigned char *second) {
  return _mm_unpacklo_epi64(_mm_loadl_epi64((const __m128i *)(const void *)first),
                            _mm_loadl_epi64((const __m128i *)(const void *)second));
}

static inline __m128i nfa_load_sixteen(const unsigned char *at) {
  return _mm_loadu_si128((const __m128i *)(const void *)at);
}
#define NFA_SEQUENCE_VECTORS 1
#elif defined(__ARM_NEON)
static inline int nfa_lanes_fit(uint8x16_t bytes, const uint8_t *low, const uint8_t *width) {
  uint8x16_t fits = vcleq_u8(vsubq_u8(bytes, vld1q_u8(low)), vld1q_u8(width));
  return vminvq_u8(fits) == 0xff;
}

static inline uint8x16_t nfa_load_eight_and_eight(const unsigned char *first,
                                                  const unsigned char *second) {
  return vcombine_u8(vld1_u8(first), vld1_u8(second));
}

static inline uint8x16_t nfa_load_sixteen(const unsigned char *at) {
  return vld1q_u8(at);
}
#define NFA_SEQUENCE_VECTORS 1
#else
#define NFA_SEQUENCE_VECTORS 0
#endif

#if NFA_SEQUENCE_VECTORS
/* nfa_sequence_fits for a program with sequence_lanes: one or two
 * vector compares, reading only the sequence's bytes. */
static inline int nfa_sequence_fits_in_ranges(const nfa_program *program,
                                              const unsigned char *at) {
  uint32_t length = program->sequence_length;
  const uint8_t *low = program->sequence_lane_low;
  const uint8_t *width = program->sequence_lane_width;
  if (program->sequence_lanes == 16) {
    return nfa_lanes_fit(nfa_load_eight_and_eight(at, at + length - 8), low, width);
  }
  return nfa_lanes_fit(nfa_load_sixteen(at), low, width) &&
         nfa_lanes_fit(nfa_load_sixteen(at + length - 16), low + 16, width + 16);
}
#endif

/* Whether the sequence_length bytes at `at` (which must all be in the
 * subject) are a match of a sequence program (sequence_length > 0). */
static inline int nfa_sequence_fits(const nfa_program *program, const unsigned char *at) {
  uint32_t length = program->sequence_length;
  const uint8_t *sets = program->sequence_membership;
  if ((sets[at[0]] & program->sequence_masks[0]) == 0) {
    return 0; /* most candidates that fail do so at once */
  }
#if NFA_SEQUENCE_VECTORS
  if (program->sequence_lanes != 0) {
    return nfa_sequence_fits_in_ranges(program, at);
  }
#endif
  if (length < 8) {
    for (uint32_t offset = 1; offset < length; offset++) {
      if ((sets[at[offset]] & program->sequence_masks[offset]) == 0) {
        return 0;
      }
    }
    return 1;
  }
  /* Eight offsets at a time, each byte's sets in its own byte of a word:
   * every mask is one set's bit, so the eight fit when the word holds all
   * their bits. The last eight overlap the ones before them when length
   * is not a multiple of eight. */
  for (uint32_t offset = 0;;) {
    uint64_t wanted;
    memcpy(&wanted, program->sequence_masks + offset, sizeof wanted);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    wanted = __builtin_bswap64(wanted);
#endif
    uint64_t found = 0;
    for (unsigned i = 0; i < 8; i++) {
      found |= (uint64_t)sets[at[offset + i]] << (8 * i);
    }
    if ((found & wanted) != wanted) {
      return 0;
    }
    if (offset + 8 == length) {
      return 1;
    }
    offset = offset + 16 <= length ? offset + 8 : length - 8;
  }
}

/* Readable listing, one instruction per line, and Graphviz dot. Both
 * behave like snprintf: write at most size bytes including the NUL and
 * return the length the whole text needs. */
size_t nfa_format_listing(const nfa_program *program, char *buffer, size_t size);
size_t nfa_format_dot(const nfa_program *program, char *buffer, size_t size);

#endif
