/* utf8_check_kernel: the check written once over the simd_* operations;
 * utf8_check_<level>.c defines UTF8_CHECK_KERNEL and includes it. The
 * text goes in blocks (BLOCK_BYTES), each checked by the cheapest of four
 * ways its bytes and the vector before it allow (the largest byte says):
 *  - all ASCII: nothing to check;
 *  - no byte from E0 (ASCII and two-byte characters: Latin, Greek,
 *    Cyrillic, Hebrew, Arabic, ...): a byte must be a continuation
 *    (10______) exactly when the byte before it is a lead (11______), and
 *    no lead may be C0 or C1;
 *  - no byte from F0 (CJK, most other scripts): the same with three-byte
 *    leads (1110____) requiring a continuation two on, unless the block
 *    or the one before it holds E0 or ED, whose second byte has a
 *    narrower range;
 *  - otherwise Keiser and Lemire's lookup algorithm: each lane is
 *    classified by its byte's high nibble and the previous byte's two
 *    nibbles into error bits that cancel only for a valid pair; the third
 *    and fourth bytes of a sequence are then required where the lead two
 *    and three back says so.
 * The first three use compares alone, several times cheaper than the
 * table lookups (TBL, PSHUFB) of the last, and under qemu much more so.
 * A level with a 64-byte table lookup in one instruction (NEON's TBL of
 * four registers: SIMD_TABLE64) replaces the third with the lead table
 * check: a lookup of the byte before each lane says whether
 * a continuation is due there and flags the leads whose second byte has
 * a narrower range (C0, C1, E0, ED, F0 and up), whose block then goes to
 * the lookup algorithm: five instructions a vector, and three loads of
 * 64 bytes (the bytes, and the bytes one and two before them) a group
 * of four; after a block that passes, a run of such blocks (a chunk at
 * a time) that does not first find their largest byte. Chinese text
 * under qemu: 0.67 -> 0.47 -> 0.42 guest instructions a byte
 * (bench/utf8_bench).
 * Such a level also checks the blocks after a two-byte one in a
 * two-byte run: the bytes one before read from memory instead of
 * shifted, a lead mask against a continuation mask (SABA) whose sums
 * count where the bytes ^ 0x1F are below DE (so no C0, C1 or byte from
 * E0), found once for four blocks, five instructions a vector; and
 * skips the blocks after an ASCII one in a loop of their largest bytes.
 * Russian text under qemu: 0.65 -> 0.45 -> 0.41 guest instructions a
 * byte.
 * A level without byte shuffles (SSE2) defines UTF8_CHECK_WITHOUT_LOOKUPS:
 * its kernel gives up (false) at the first block that needs them.
 * A sequence cut off by the end of a vector is checked by the next
 * vector, which sees the bytes before it, or by the last lanes' limits
 * at the end. The text's last partial block is copied into a zeroed one,
 * so nothing past the text is read. */
#include <stdint.h>
#include <string.h>

#include "utf8_check.h"

enum {
  TOO_SHORT = 1u << 0,      /* 11______ then 0_______ or 11______ */
  TOO_LONG = 1u << 1,       /* 0_______ then 10______ */
  OVERLONG_3 = 1u << 2,     /* 11100000 100_____ */
  TOO_LARGE = 1u << 3,      /* 11110100 1001____, 11110100 101_____, 11110101+ ... */
  SURROGATE = 1u << 4,      /* 11101101 101_____ */
  OVERLONG_2 = 1u << 5,     /* 1100000_ 10______ */
  TOO_LARGE_1000 = 1u << 6, /* 11110101+ 1000____ */
  OVERLONG_4 = 1u << 6,     /* 11110000 1000____ */
  TWO_CONTINUATIONS = 1u << 7,
  CARRY = TOO_SHORT | TOO_LONG | TWO_CONTINUATIONS
};

#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
static const unsigned char first_high[16] = {
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
    TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS,
    TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4};

static const unsigned char first_low[16] = {
    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
    CARRY | OVERLONG_2,
    CARRY,
    CARRY,
    CARRY | TOO_LARGE,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
    CARRY | TOO_LARGE | TOO_LARGE_1000,
    CARRY | TOO_LARGE | TOO_LARGE_1000};

static const unsigned char second_high[16] = {
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
    TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
    TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE,
    TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE,
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT};
#endif

#ifdef SIMD_TABLE64
/* What a byte from C0 asks of the byte after it, by byte - 0xC0: 0xff
 * (-1) for the leads whose second byte may be any continuation (C2-DF,
 * E1-EC, EE, EF), 2 for the others (C0, C1, E0, ED, F0 and up), which
 * the lead table check leaves to the lookups. */
static const unsigned char lead_class[64] = {
    0x02, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0xff, 0xff, 0x02, 0x02, 0x02, 0x02,
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02};

/* Blocks checked by the lookups alone after one the lead table check
 * could not pass (text with E0 or ED leads, as Devanagari, Thai or
 * Hangul, would otherwise pay for both checks on every block). */
#define LOOKUP_RUN 8u
#endif

/* Eight 16-byte vectors a block; two 32-byte ones (AVX2 has 16
 * registers, and eight of its vectors would not stay in them). */
#define BLOCK_VECTORS (SIMD_BYTES == 16u ? 8u : 2u)
#define BLOCK_BYTES (BLOCK_VECTORS * SIMD_BYTES)

typedef struct utf8_state {
#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
  simd_vector first_high;
  simd_vector first_low;
  simd_vector second_high;
#endif
  simd_vector previous; /* the vector before the block (zero before the text) */
  simd_vector error;    /* any bit set is an error (the lookup algorithm's) */
  /* Bit 7 set in a lane where a continuation byte is missing or extra
   * (the compare checks; the lower bits mean nothing). */
  simd_vector sequence_error;
  /* The least byte ^ 0xC0 of the compare checks' blocks: below 2 where
   * there was a C0 or C1 (a two-byte lead of an overlong form). */
  simd_vector lead_least;
  /* The last block holds E0 or ED, or (as far as is known) F0 and up:
   * the next may only use the lookups. */
  bool narrow;
#ifdef SIMD_TABLE64
  simd_table64_vectors lead_class;
  unsigned lookup_blocks; /* blocks left to check by the lookups alone */
  /* The last block passed the three-byte lead table check and its last
   * vector holds a three-byte lead: the next blocks are likely more of
   * the same script (CJK) and go to a dense run of that check without
   * first finding their largest byte (which is for skipping ASCII and
   * two-byte text; a byte from F0 fails the check). */
  bool dense;
#endif
} utf8_state;

#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
/* The lookup algorithm on one vector of a block. */
static inline __attribute__((always_inline)) void look_up_vector(utf8_state *state,
                                                                simd_vector previous,
                                                                simd_vector input) {
  simd_vector previous1 = simd_previous(input, previous, 1);
  simd_vector special =
      simd_and(simd_and(simd_lookup(state->first_high, simd_high_nibbles(previous1)),
                        simd_lookup(state->first_low, simd_low_nibbles(previous1))),
               simd_lookup(state->second_high, simd_high_nibbles(input)));
  simd_vector previous2 = simd_previous(input, previous, 2);
  simd_vector previous3 = simd_previous(input, previous, 3);
  /* Only 111_____ two back and 1111____ three back stay >= 0x80. */
  simd_vector must_continue =
      simd_or(simd_subtract_saturated(previous2, simd_splat(0xe0u - 0x80u)),
              simd_subtract_saturated(previous3, simd_splat(0xf0u - 0x80u)));
  simd_vector must_continue_80 = simd_and(must_continue, simd_splat(0x80u));
  /* A continuation byte where one must be clears the 0x80 bit
   * (TWO_CONTINUATIONS) the lookups set for it; anything left is an
   * error. */
  state->error = simd_or(state->error, simd_xor(special, must_continue_80));
}
#endif

/* Takes a vector's bytes into lead_least, where C0 or C1 (an overlong
 * two-byte lead, an error wherever it is) makes it below 2. Blocks the
 * lookups or the lead table check passed take their last vector too:
 * those checks find a C0 or C1 by the lane after it, which for one that
 * ends the block is the next block's, and the compares there (or a
 * two-byte run) would take C0 80 for a sequence. */
static inline __attribute__((always_inline)) void take_overlong_leads(utf8_state *state,
                                                                     simd_vector vector) {
  state->lead_least = simd_min(state->lead_least, simd_xor(vector, simd_splat(0xc0u)));
}

/* 0xff in each lane holding a continuation byte: 0x80-0xBF are the
 * signed bytes below -64 (0xC0). */
static inline __attribute__((always_inline)) simd_vector continuations(simd_vector input) {
  return simd_signed_less(input, simd_splat(0xc0u));
}

/* The compare check of one vector of a block whose bytes, and the
 * previous vector's, are below 0xE0 (three_byte false) or 0xF0: the
 * lanes that must be continuations have bit 7 set in must (a lead just
 * before, 0xC0 and up less 0x40, or a three-byte lead two before, 0xE0
 * and up less 0x60), and continuations are all ones. */
static inline __attribute__((always_inline)) void compare_vector(utf8_state *state,
                                                                simd_vector previous,
                                                                simd_vector input,
                                                                bool three_byte) {
  simd_vector must =
      simd_subtract_saturated(simd_previous(input, previous, 1), simd_splat(0x40u));
  if (three_byte) {
    must = simd_or(must, simd_subtract_saturated(simd_previous(input, previous, 2),
                                                 simd_splat(0x60u)));
  }
  state->sequence_error = simd_or(state->sequence_error, simd_xor(must, continuations(input)));
  take_overlong_leads(state, input);
}

/* Whether the block holds E0 or ED. */
static inline __attribute__((always_inline)) bool narrow_second_bytes(const simd_vector *vectors) {
  simd_vector found = simd_zero();
  _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
    found = simd_or(found, simd_or(simd_equal(vectors[i], simd_splat(0xe0u)),
                                   simd_equal(vectors[i], simd_splat(0xedu))));
  }
  return !simd_is_zero(found);
}

#ifdef SIMD_TABLE64
/* The lead table check of 64 bytes, four vectors (simd_load4), given
 * the vectors one and two bytes before them. Per lane, as signed bytes:
 * must = lead_class of the byte before where it is a lead (C0 and up),
 * else -1 if the byte two before is a three-byte lead (E0 and up), else
 * 0; a continuation is -1, any other byte 0. The lane is valid exactly
 * when the two are equal: -1 and -1 (a continuation where one is due),
 * 0 and 0; the leads lead_class leaves to the lookups make must 2,
 * unequal to either. A lead right after a three-byte lead takes must
 * from its own class alone (TBX: one instruction where TBL and an ADD of
 * the two took two, 0.48 -> 0.42 guest instructions a byte of Chinese
 * text): the lead is then the error, found in its own lane, where the
 * byte before is that three-byte lead. Every check that passes a lane
 * finds it there (the lookups' TOO_SHORT; a block with a byte from E0
 * never goes to the compares, a two-byte run or the ASCII skip).
 * |must - continuation| (0 to 3) goes into distance (SABA), which stays
 * zero only if every lane was. */
static inline __attribute__((always_inline)) simd_vector lead_table_group(
    const simd_table64_vectors *classes, simd_vectors4 two_before, simd_vectors4 one_before,
    simd_vectors4 bytes, simd_vector distance) {
  _Pragma("GCC unroll 4") for (size_t k = 0; k < 4; k++) {
    simd_vector must =
        simd_lookup64_or(*classes, simd_xor(one_before.val[k], simd_splat(0xc0u)),
                         simd_greater(two_before.val[k], simd_splat(0xdfu)));
    distance = simd_add_signed_distance(distance, must, continuations(bytes.val[k]));
  }
  return distance;
}

/* The groups of 64 bytes in a block (two on NEON). */
#define BLOCK_GROUPS (BLOCK_BYTES / 64u)

/* distance plus the lead table check of the block's groups from first
 * on, their bytes before read from memory (a block came before them). */
static inline __attribute__((always_inline)) simd_vector lead_table_groups(
    const simd_table64_vectors *classes, const unsigned char *block, size_t first,
    simd_vector distance) {
  _Pragma("GCC unroll 2") for (size_t g = first; g < BLOCK_GROUPS; g++) {
    const unsigned char *group = block + g * 64u;
    distance = lead_table_group(classes, simd_load4(group - 2), simd_load4(group - 1),
                                simd_load4(group), distance);
  }
  return distance;
}

/* The lead table check of a block whose bytes, and the previous
 * vector's, are below F0: whether it passed. The block may be the
 * text's first, so its first group's bytes before come from shifting
 * vectors together (the previous vector, then its own) instead of from
 * memory. */
static inline __attribute__((always_inline)) bool lead_table_block(const utf8_state *state,
                                                                  simd_vector previous,
                                                                  const unsigned char *block) {
  simd_vectors4 bytes = simd_load4(block);
  simd_vectors4 one_before;
  simd_vectors4 two_before;
  _Pragma("GCC unroll 4") for (size_t k = 0; k < 4; k++) {
    simd_vector before = k == 0 ? previous : bytes.val[k - 1];
    one_before.val[k] = simd_previous(bytes.val[k], before, 1);
    two_before.val[k] = simd_previous(bytes.val[k], before, 2);
  }
  simd_vector distance =
      lead_table_group(&state->lead_class, two_before, one_before, bytes, simd_zero());
  return simd_is_zero(lead_table_groups(&state->lead_class, block, 1, distance));
}

/* The most blocks a dense run checks before it tests their distances
 * (testing is a reduction and a branch, a tenth of a group's work). A
 * chunk that fails is checked again by the lookups, LOOKUP_RUN blocks
 * of them as after any block that fails, so no more work is done twice
 * than before runs. */
#define DENSE_CHUNK_BLOCKS LOOKUP_RUN

/* A dense run (utf8_state.dense): the lead table check on up to blocks
 * blocks at text, a chunk at a time, while every chunk passes and its
 * last vector holds a three-byte lead (else the text went back to ASCII
 * or two-byte characters, which the other checks skip or do more
 * cheaply). A block came before text (the run follows one), so the two
 * bytes before a group are read from memory. The first chunk
 * is one block and each next one twice as long, so text that is Chinese
 * only for a quote (English with curly quotes) pays little. The number of
 * blocks that passed; *failed when the run stopped at a chunk that did
 * not pass. */
static size_t lead_table_run(const utf8_state *state, const unsigned char *text, size_t blocks,
                             bool *failed) {
  simd_table64_vectors classes = state->lead_class;
  const unsigned char *group = text;
  const unsigned char *one_before = text - 1; /* three pointers: LD1 has */
  const unsigned char *two_before = text - 2; /* no offset but post-index */
  size_t passed = 0;
  size_t chunk = 1;
  *failed = false;
  while (passed < blocks) {
    chunk = blocks - passed < chunk ? blocks - passed : chunk;
    const unsigned char *end = group + chunk * BLOCK_BYTES;
    simd_vector distance = simd_zero();
    do {
      distance = lead_table_group(&classes, simd_load4(two_before), simd_load4(one_before),
                                  simd_load4(group), distance);
      two_before += 64u;
      one_before += 64u;
      group += 64u;
    } while (group != end);
    if (!simd_is_zero(distance)) {
      *failed = true;
      return passed;
    }
    passed += chunk;
    if (simd_all_below(simd_load(end - SIMD_BYTES), 0xe0u)) {
      break;
    }
    chunk = chunk < DENSE_CHUNK_BLOCKS ? 2 * chunk : DENSE_CHUNK_BLOCKS;
  }
  return passed;
}

/* The two-byte check of 64 bytes, four vectors (simd_load4), given the
 * vectors one byte before them: a continuation must follow a lead (C0
 * and up) and nothing else, so the lead mask of the bytes before and
 * the continuation mask (-1 or 0 each) go into distance (SABA) as
 * |lead - continuation|, 0 or 1. The bytes are flipped (two_byte_flip);
 * their continuations stay 80-BF. */
static inline __attribute__((always_inline)) simd_vector two_byte_group(
    simd_vectors4 one_before, simd_vectors4 flipped, simd_vector distance) {
  _Pragma("GCC unroll 4") for (size_t k = 0; k < 4; k++) {
    simd_vector lead = simd_greater(one_before.val[k], simd_splat(0xbfu));
    distance = simd_add_signed_distance(distance, lead, continuations(flipped.val[k]));
  }
  return distance;
}

/* The bytes ^ 0x1F: the bytes the two-byte check cannot pass (C0 and
 * C1, overlong leads; E0 and up, which lead longer sequences) become
 * DE-FF, above all others; continuations stay 80-BF, ASCII below 80. */
static inline __attribute__((always_inline)) simd_vectors4 two_byte_flip(simd_vectors4 bytes) {
  _Pragma("GCC unroll 4") for (size_t k = 0; k < 4; k++) {
    bytes.val[k] = simd_xor(bytes.val[k], simd_splat(0x1fu));
  }
  return bytes;
}

/* Blocks whose distances a two-byte run sums before it tests them (a
 * lane's sum grows by at most 8 a block, and wraps past 255). */
#define TWO_BYTE_TEST_BLOCKS 24u

/* Blocks a two-byte run's step checks before it tests their largest
 * byte: one UMAXV, its compare and branch for 512 bytes. */
#define TWO_BYTE_STEP_BLOCKS 4u
#define TWO_BYTE_STEP_BYTES (TWO_BYTE_STEP_BLOCKS * BLOCK_BYTES)

/* The two-byte check of the block at *next, whose bytes one before are
 * at *one_before (both move on by a block): *distance its distances
 * whatever the bytes, and the largest flipped byte (as a vector) says
 * whether they count. A group's loads
 * wait for the group before (the empty asm clobbers memory):
 * interleaved, the groups' vectors spill. */
static inline __attribute__((always_inline)) simd_vector two_byte_block(
    const unsigned char **next, const unsigned char **one_before, simd_vector *distance) {
  simd_vector largest = simd_zero();
  *distance = simd_zero();
  _Pragma("GCC unroll 2") for (size_t g = 0; g < BLOCK_GROUPS; g++) {
    simd_vectors4 flipped = two_byte_flip(simd_load4_next(next));
    simd_vector group_largest = simd_max(simd_max(flipped.val[0], flipped.val[1]),
                                         simd_max(flipped.val[2], flipped.val[3]));
    largest = g == 0 ? group_largest : simd_max(largest, group_largest);
    *distance = two_byte_group(simd_load4_next(one_before), flipped, *distance);
    __asm__ volatile("" : : : "memory");
  }
  return largest;
}

/* Whether the largest flipped byte of two-byte-checked blocks lets their
 * distances count: not ASCII alone, nothing from DE. */
static inline __attribute__((always_inline)) bool two_byte_passes(simd_vector largest) {
  return simd_largest_lane(largest) - 0x80u < 0xdeu - 0x80u;
}

/* Whether a two-byte run goes on past a block the two-byte check did
 * not pass (largest, its largest flipped byte): not if it is ASCII alone
 * (check_block skips such blocks more cheaply), nor if its last vector
 * holds a byte the flip takes to DE and up (a three-byte lead there
 * would need continuations in the next block, which the two-byte check
 * does not allow; loaded again, as kept it would spill), nor unless it
 * passes the lead table check, reading the bytes before from memory: a
 * dash or an ellipsis in Russian text. */
static inline __attribute__((always_inline)) bool two_byte_goes_on(
    const simd_table64_vectors *classes, const unsigned char *block, simd_vector largest) {
  simd_vector last = simd_xor(simd_load(block + BLOCK_BYTES - SIMD_BYTES), simd_splat(0x1fu));
  return !simd_is_ascii(largest) && simd_largest_lane(last) < 0xdeu &&
         simd_is_zero(lead_table_groups(classes, block, 0, simd_zero()));
}

/* After the two-byte check of block (two_byte_block's largest and
 * block_distance): its distances go into *distance where it passed;
 * whether the run stops before it (it did not pass, and the run does not
 * go on past it). */
static inline __attribute__((always_inline)) bool two_byte_stops(
    const simd_table64_vectors *classes, const unsigned char *block, simd_vector largest,
    simd_vector block_distance, simd_vector *distance) {
  if (two_byte_passes(largest)) {
    *distance = simd_add(*distance, block_distance);
    return false;
  }
  return !two_byte_goes_on(classes, block, largest);
}

/* One block of a two-byte run at *next (two_byte_block, two_byte_stops):
 * the block the run stops before, or NULL. */
static inline __attribute__((always_inline)) const unsigned char *two_byte_single(
    const simd_table64_vectors *classes, const unsigned char **next,
    const unsigned char **one_before, simd_vector *distance) {
  const unsigned char *block = *next;
  simd_vector block_distance;
  simd_vector largest = two_byte_block(next, one_before, &block_distance);
  return two_byte_stops(classes, block, largest, block_distance, distance) ? block : NULL;
}

/* A two-byte run (after a block that passed the compares, or the lead
 * table check without a three-byte lead in its last vector): the
 * two-byte check on up to blocks blocks at text, without the compares'
 * shifts (the bytes before are read from memory), four blocks a step
 * whose distances count when their largest flipped byte, found once for
 * the step, says so. A block that does not pass (three-byte text, or an
 * error) goes to two_byte_goes_on, and where the run does not go on,
 * it stops before the block (check_block checks it). The run's first
 * block goes alone: after a block of Latin text with an accent, the run
 * often stops there. A checked vector all below E0 came just before
 * text. The number of blocks checked; *invalid when one is not valid
 * UTF-8 (every byte in the blocks the two-byte check passed, and the
 * one before, is below E0 and not C0 or C1, so any distance is an
 * error). */
static __attribute__((noinline)) size_t two_byte_run(const utf8_state *state,
                                                    const unsigned char *text, size_t blocks,
                                                    bool *invalid) {
  simd_table64_vectors classes = state->lead_class;
  const unsigned char *next = text;           /* the next block to load */
  const unsigned char *one_before = text - 1; /* and its bytes one before */
  const unsigned char *text_end = text + blocks * BLOCK_BYTES;
  *invalid = false;
  /* The run's first block alone, its distances summed with the first
   * span's (25 blocks: at most 200 a lane). */
  simd_vector distance = simd_zero();
  const unsigned char *stop = two_byte_single(&classes, &next, &one_before, &distance);
  while (next != text_end && stop == NULL) {
    size_t left = (size_t)(text_end - next);
    size_t span =
        left < TWO_BYTE_TEST_BLOCKS * BLOCK_BYTES ? left : TWO_BYTE_TEST_BLOCKS * BLOCK_BYTES;
    const unsigned char *end = next + span;
    const unsigned char *steps_end = end - span % TWO_BYTE_STEP_BYTES;
    while (stop == NULL && next != steps_end) {
      simd_vector distances[TWO_BYTE_STEP_BLOCKS];
      simd_vector largests[TWO_BYTE_STEP_BLOCKS];
      _Pragma("GCC unroll 4") for (size_t b = 0; b < TWO_BYTE_STEP_BLOCKS; b++) {
        largests[b] = two_byte_block(&next, &one_before, &distances[b]);
      }
      simd_vector largest = largests[0];
      simd_vector step_distance = distances[0];
      _Pragma("GCC unroll 4") for (size_t b = 1; b < TWO_BYTE_STEP_BLOCKS; b++) {
        largest = simd_max(largest, largests[b]);
        step_distance = simd_add(step_distance, distances[b]);
      }
      if (two_byte_passes(largest)) {
        distance = simd_add(distance, step_distance);
        continue;
      }
      /* The step's first block, found again only where it is needed:
       * kept, it would cost moves. */
      const unsigned char *first = next - TWO_BYTE_STEP_BYTES;
      _Pragma("GCC unroll 4") for (size_t b = 0; b < TWO_BYTE_STEP_BLOCKS; b++) {
        if (two_byte_stops(&classes, first + b * BLOCK_BYTES, largests[b], distances[b],
                           &distance)) {
          stop = first + b * BLOCK_BYTES;
          break;
        }
      }
    }
    while (stop == NULL && next != end) { /* the text's last blocks */
      stop = two_byte_single(&classes, &next, &one_before, &distance);
    }
    if (!simd_is_zero(distance)) {
      break;
    }
    distance = simd_zero();
  }
  if (!simd_is_zero(distance)) {
    *invalid = true;
    return 0;
  }
  return (size_t)((stop != NULL ? stop : next) - text) / BLOCK_BYTES;
}

/* The lookups on a block, out of line: the lead table check's loop keeps
 * its registers for itself, and the state, passed by value (its tables
 * in, its error out), stays in registers. */
static __attribute__((noinline)) simd_vector look_up_block(utf8_state lookups,
                                                           simd_vector previous,
                                                           const unsigned char *block) {
  _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
    simd_vector input = simd_load(block + i * SIMD_BYTES);
    look_up_vector(&lookups, previous, input);
    previous = input;
  }
  return lookups.error;
}

/* The blocks of ASCII alone at text (at most blocks), after a block
 * whose last vector is ASCII: their own largest byte says, the vector
 * before needs nothing of them. */
static inline __attribute__((always_inline)) size_t ascii_blocks(const unsigned char *text,
                                                                size_t blocks) {
  const unsigned char *block = text;
  const unsigned char *end = text + blocks * BLOCK_BYTES;
  for (; block != end; block += BLOCK_BYTES) {
    simd_vectors4 first = simd_load4(block);
    simd_vectors4 second = simd_load4(block + 64u);
    simd_vector largest = simd_max(first.val[0], second.val[0]);
    _Pragma("GCC unroll 4") for (size_t k = 1; k < 4; k++) {
      largest = simd_max(largest, simd_max(first.val[k], second.val[k]));
    }
    if (!simd_is_ascii(largest)) {
      break;
    }
  }
  return (size_t)(block - text) / BLOCK_BYTES;
}

/* After a block whose last vector (the state's previous) is all below
 * E0: a two-byte run on the following blocks, the state
 * kept. 1 + the blocks the run checked, or 0 where they are not valid. */
static inline __attribute__((always_inline)) size_t two_byte_blocks(utf8_state *state,
                                                                   const unsigned char *text,
                                                                   size_t blocks) {
  if (blocks == 0) {
    return 1;
  }
  bool invalid;
  size_t passed = two_byte_run(state, text, blocks, &invalid);
  if (invalid) {
    return 0;
  }
  if (passed > 0) {
    state->previous = simd_load(text + passed * BLOCK_BYTES - SIMD_BYTES);
  }
  return 1 + passed;
}

/* Checks a block: ASCII skipped; ASCII and two-byte characters by the
 * compares (TBL is a helper call under qemu, which made Russian text 2x
 * slower there with the lead table check for 5% fewer instructions);
 * three-byte characters by the lead table check, unless a block just
 * before needed the lookups; the rest, and a block the lead table check
 * does not pass, by the lookups. A block that passes the lead table
 * check with a three-byte lead in its last vector starts a dense run;
 * one that passes the compares, or the lead table check without it,
 * checks a two-byte run of the following blocks (at most following).
 * The blocks checked, or 0 where they are not valid. */
static inline __attribute__((always_inline)) size_t check_block(utf8_state *state,
                                                               const unsigned char *block,
                                                               size_t following) {
  simd_vector vectors[BLOCK_VECTORS];
  _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
    vectors[i] = simd_load(block + i * SIMD_BYTES);
  }
  simd_vector previous = state->previous;
  state->previous = vectors[BLOCK_VECTORS - 1];
  simd_vector largest = previous;
  _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
    largest = simd_max(largest, vectors[i]);
  }
  if (simd_is_ascii(largest)) {
    size_t ascii = ascii_blocks(block + BLOCK_BYTES, following);
    if (ascii > 0) {
      state->previous = simd_load(block + (ascii + 1) * BLOCK_BYTES - SIMD_BYTES);
    }
    return 1 + ascii;
  }
  if (simd_all_below(largest, 0xe0u)) {
    _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
      compare_vector(state, i == 0 ? previous : vectors[i - 1], vectors[i], false);
    }
    return two_byte_blocks(state, block + BLOCK_BYTES, following);
  }
  if (simd_all_below(largest, 0xf0u)) {
    if (state->lookup_blocks == 0) {
      if (lead_table_block(state, previous, block)) {
        take_overlong_leads(state, vectors[BLOCK_VECTORS - 1]);
        unsigned last = simd_largest_lane(vectors[BLOCK_VECTORS - 1]);
        state->dense = last >= 0xe0u;
        /* A two-byte lead last: a dash or an ellipsis in Russian text. */
        return last < 0xc0u || state->dense ? 1
                                            : two_byte_blocks(state, block + BLOCK_BYTES, following);
      }
      state->lookup_blocks = LOOKUP_RUN;
    }
    state->lookup_blocks--;
  }
  state->error = look_up_block(*state, previous, block);
  take_overlong_leads(state, vectors[BLOCK_VECTORS - 1]);
  return 1;
}

/* A dense run from text (at most blocks blocks), its state kept: the
 * blocks checked, none if the first chunk did not pass (its first block
 * then goes to check_block, which uses the lookups). */
static inline __attribute__((always_inline)) size_t dense_blocks(utf8_state *state,
                                                                const unsigned char *text,
                                                                size_t blocks) {
  state->dense = false;
  bool failed;
  size_t passed = lead_table_run(state, text, blocks, &failed);
  if (failed) {
    state->lookup_blocks = LOOKUP_RUN;
  }
  if (passed > 0) {
    state->previous = simd_load(text + passed * BLOCK_BYTES - SIMD_BYTES);
    take_overlong_leads(state, state->previous);
  }
  return passed;
}
#else
/* Checks a block (following, the blocks after it, is for the runs of
 * SIMD_TABLE64): 1, or 0 where it needs the lookups and the level has
 * none. */
static inline __attribute__((always_inline)) size_t check_block(utf8_state *state,
                                                               const unsigned char *block,
                                                               size_t following) {
  (void)following;
  simd_vector vectors[BLOCK_VECTORS];
  simd_vector largest = state->previous;
  _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
    vectors[i] = simd_load(block + i * SIMD_BYTES);
    largest = simd_max(largest, vectors[i]);
  }
  simd_vector previous = state->previous;
  state->previous = vectors[BLOCK_VECTORS - 1];
  if (simd_is_ascii(largest)) {
    state->narrow = false;
  } else if (simd_all_below(largest, 0xe0u)) {
    state->narrow = false;
    _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
      compare_vector(state, i == 0 ? previous : vectors[i - 1], vectors[i], false);
    }
  } else {
    /* E0 or ED in the last block leaves its second byte to this one. */
    bool narrow_before = state->narrow;
    state->narrow = !simd_all_below(largest, 0xf0u) || narrow_second_bytes(vectors);
    bool look_up = state->narrow || narrow_before;
#ifdef UTF8_CHECK_WITHOUT_LOOKUPS
    if (look_up) {
      return 0;
    }
#endif
    _Pragma("GCC unroll 8") for (size_t i = 0; i < BLOCK_VECTORS; i++) {
      simd_vector before = i == 0 ? previous : vectors[i - 1];
#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
      if (look_up) {
        look_up_vector(state, before, vectors[i]);
        if (i == BLOCK_VECTORS - 1) {
          take_overlong_leads(state, vectors[i]);
        }
        continue;
      }
#endif
      compare_vector(state, before, vectors[i], true);
    }
  }
  return true;
}
#endif

bool UTF8_CHECK_KERNEL(const unsigned char *text, size_t length) {
  utf8_state state = {
#ifndef UTF8_CHECK_WITHOUT_LOOKUPS
                      .first_high = simd_table(first_high),
                      .first_low = simd_table(first_low),
                      .second_high = simd_table(second_high),
#endif
                      .previous = simd_zero(),
                      .error = simd_zero(),
                      .sequence_error = simd_zero(),
                      .lead_least = simd_splat(0xffu),
                      .narrow = false,
#ifdef SIMD_TABLE64
                      .lead_class = simd_table64(lead_class),
                      .lookup_blocks = 0,
                      .dense = false
#endif
  };
  const unsigned char *end = text + length;
  const unsigned char *at = text;
  size_t blocks = length / BLOCK_BYTES;
  while (blocks > 0) {
#ifdef SIMD_TABLE64
    if (state.dense) {
      size_t passed = dense_blocks(&state, at, blocks);
      at += passed * BLOCK_BYTES;
      blocks -= passed;
      if (passed > 0) {
        continue;
      }
    }
#endif
    size_t checked = check_block(&state, at, blocks - 1);
    if (checked == 0) {
      return false;
    }
    at += checked * BLOCK_BYTES;
    blocks -= checked;
  }
  if (at < end) {
    unsigned char tail[BLOCK_BYTES];
    memset(tail, 0, sizeof tail);
    memcpy(tail, at, (size_t)(end - at));
#ifdef SIMD_TABLE64
    state.dense = false; /* a dense run reads before its first block */
#endif
    if (check_block(&state, tail, 0) == 0) {
      return false;
    }
  }
  /* The last lanes may not start a sequence longer than the lanes left. */
  unsigned char limits[SIMD_BYTES];
  memset(limits, 0xff, sizeof limits);
  limits[SIMD_BYTES - 3] = 0xf0u - 1;
  limits[SIMD_BYTES - 2] = 0xe0u - 1;
  limits[SIMD_BYTES - 1] = 0xc0u - 1;
  simd_vector error = simd_subtract_saturated(state.previous, simd_load(limits));
  error = simd_or(error, state.error);
  error = simd_or(error, simd_and(state.sequence_error, simd_splat(0x80u)));
  /* lead_least below 2: 2 less it is not zero. */
  error = simd_or(error, simd_subtract_saturated(simd_splat(2u), state.lead_least));
  return simd_is_zero(error);
}
