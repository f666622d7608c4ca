/* test_utf8_check: the vector UTF-8 checks (search/utf8_check.h) of
 * every level this CPU has (SSE2's may give up on text that needs the
 * lookups it lacks) against decoding one sequence at a time
 * (utf8_decode, itself checked against PCRE2 by test_utf8; long Chinese
 * and two-byte texts against PCRE2 too): texts of one-
 * to four-byte characters, or of one script's mix, of every length 0-300
 * at every alignment, bytes replaced by bytes that break the text (or
 * not) at every position of some lengths and spread over the others,
 * truncations at the end, the second bytes of E0, ED, F0, F4 and the
 * overlong leads at every lane of two blocks, every pair of first bytes
 * at two lanes, long texts changing script every few blocks (answers and
 * error offsets of utf8_validate), long Chinese and two-byte texts
 * broken by each kind of sequence at every position, texts against
 * PROT_NONE pages on either side, overlong two-byte forms across the
 * end of a block after each kind of block, and a lead right after a
 * three-byte lead across the end of a block. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <pcre2.h>

#include "guarded_page.h"
#include "regex/search/simd_level.h"
#include "regex/search/utf8_check.h"
#include "regex/utf8.h"

#define MAX_LENGTH 300
#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static const simd_level all_levels[] = {SIMD_LEVEL_SSE2, SIMD_LEVEL_SSSE3, SIMD_LEVEL_AVX2,
                                         SIMD_LEVEL_NEON};

static uint32_t next_random(uint32_t *seed) {
  *seed = *seed * 1103515245u + 12345u;
  return *seed >> 8;
}

/* The offset of the first sequence that does not decode, or length. */
static size_t first_error(const unsigned char *text, size_t length) {
  size_t offset = 0;
  while (offset < length) {
    uint32_t code_point;
    size_t sequence = utf8_decode(text + offset, length - offset, &code_point);
    if (sequence == 0) {
      return offset;
    }
    offset += sequence;
  }
  return length;
}

static bool decodes(const unsigned char *text, size_t length) {
  return first_error(text, length) == length;
}

/* What valid_text draws from: every kind of character, or a script's
 * mix, so that the kernels' cheaper checks for text without three- or
 * four-byte characters (utf8_check_kernel.h) see whole blocks of it. */
typedef enum text_profile {
  PROFILE_ANY,      /* edges of every length, ASCII, anything */
  PROFILE_TWO_BYTE, /* ASCII and U+0080..U+07FF (Cyrillic, Latin-1, ...) */
  PROFILE_CJK,      /* ASCII, two-byte and U+1000..U+CFFF (leads E1..EC) */
  PROFILE_NARROW,   /* CJK with U+0800..U+0FFF and U+D000..U+D7FF (E0, ED) */
  PROFILE_COUNT
} text_profile;

static uint32_t profile_code_point(uint32_t *seed, text_profile profile) {
  static const uint32_t edges[] = {0x7f,   0x80,   0x7ff,   0x800,   0xd7ff, 0xe000,
                                   0xffff, 0x10000, 0x10ffff, 0x444, 0x592d, 0x1f600};
  uint32_t draw = next_random(seed) % 8;
  if (draw < 3) {
    return 0x20 + next_random(seed) % 0x5f;
  }
  switch (profile) {
    case PROFILE_TWO_BYTE:
      return 0x80 + next_random(seed) % 0x780;
    case PROFILE_CJK:
      return draw < 4 ? 0x80 + next_random(seed) % 0x780 : 0x1000 + next_random(seed) % 0xc000;
    case PROFILE_NARROW:
      return draw < 5   ? 0x1000 + next_random(seed) % 0xc000
             : draw < 6 ? 0x800 + next_random(seed) % 0x800
                        : 0xd000 + next_random(seed) % 0x800;
    default:
      return draw < 7 ? edges[next_random(seed) % COUNT_OF(edges)]
                      : 0x80 + next_random(seed) % 0x10ff7f;
  }
}

/* Valid text of length bytes or a little less, drawn as profile says. */
static size_t valid_text(uint32_t *seed, unsigned char *out, size_t length, text_profile profile) {
  size_t used = 0;
  for (;;) {
    unsigned char bytes[4];
    size_t encoded = utf8_encode(profile_code_point(seed, profile), bytes);
    if (encoded == 0) {
      continue;
    }
    if (used + encoded > length) {
      return used;
    }
    memcpy(out + used, bytes, encoded);
    used += encoded;
  }
}

/* Whether the SSE2 kernel, which has no lookups, may give up on text (say
 * false of valid text): it holds a four-byte lead, E0 or ED. */
static bool needs_lookups(const unsigned char *text, size_t length) {
  for (size_t i = 0; i < length; i++) {
    if (text[i] >= 0xf0u || text[i] == 0xe0u || text[i] == 0xedu) {
      return true;
    }
  }
  return false;
}

static void expect_same(utf8_check_kernel check, const unsigned char *text, size_t length) {
  bool expected = decodes(text, length);
  bool checked = check(text, length);
  bool gave_up = !checked && simd_level_current() == SIMD_LEVEL_SSE2 && needs_lookups(text, length);
  if (checked != expected && !gave_up) {
    char hex[3 * 16 + 1] = "";
    for (size_t i = 0; i < length && i < 16; i++) {
      snprintf(hex + 3 * i, 4, " %02x", text[i]);
    }
    fail_msg("level %d: %zu bytes (%s ...): check says %d, decoding %d",
             (int)simd_level_current(), length, hex, !expected, expected);
  }
}

static void test_against_decoding(void **state) {
  (void)state;
  static const unsigned char breakers[] = {0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed,
                                           0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x00, 'a', 0x9f};
  static _Alignas(64) unsigned char buffer[64 + MAX_LENGTH];
  uint32_t seed = 31u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    utf8_check_kernel check = utf8_check_kernel_current();
    assert_non_null(check);
    for (text_profile profile = 0; profile < PROFILE_COUNT; profile++) {
      for (size_t length = 0; length <= MAX_LENGTH; length++) {
        unsigned char *text = buffer + (length + 17 * profile) % 64;
        size_t used = valid_text(&seed, text, length, profile);
        expect_same(check, text, used);
        for (size_t cut = used > 4 ? used - 4 : 0; cut < used; cut++) {
          expect_same(check, text, cut);
        }
        /* Every position of some lengths, spread over the others. */
        size_t step = length % 23 == 0 ? 1 : 1 + length / 20;
        for (size_t position = (length * 7) % step; position < used; position += step) {
          unsigned char kept = text[position];
          for (size_t b = 0; b < COUNT_OF(breakers); b++) {
            text[position] = breakers[b];
            expect_same(check, text, used);
          }
          text[position] = kept;
        }
      }
    }
  }
  simd_level_cap(simd_level_detected());
}

/* Second bytes of E0, ED, F0 and F4 just inside and outside their
 * ranges, in every lane of two blocks, in text the compare checks would
 * take (two- and three-byte characters around them). */
static void test_narrow_second_bytes(void **state) {
  (void)state;
  static const unsigned char pairs[][2] = {{0xe0, 0x9f}, {0xe0, 0xa0}, {0xed, 0x9f}, {0xed, 0xa0},
                                           {0xf0, 0x8f}, {0xf0, 0x90}, {0xf4, 0x8f}, {0xf4, 0x90},
                                           {0xc0, 0x80}, {0xc1, 0xbf}, {0xc2, 0x80}, {0xe1, 0x80}};
  static _Alignas(64) unsigned char text[288];
  uint32_t seed = 11u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    utf8_check_kernel check = utf8_check_kernel_current();
    for (size_t p = 0; p < COUNT_OF(pairs); p++) {
      for (size_t at = 0; at + 4 <= 260; at++) {
        text_profile profile = at % 2 == 0 ? PROFILE_TWO_BYTE : PROFILE_CJK;
        size_t used = valid_text(&seed, text, sizeof text, profile);
        /* The pair then one or two continuations, at a character start. */
        size_t start = at;
        while (start < used && (text[start] & 0xc0u) == 0x80u) {
          start++;
        }
        if (start + 4 > used) {
          continue;
        }
        memset(text + start, ' ', 4);
        for (size_t k = start + 4; k < used && (text[k] & 0xc0u) == 0x80u; k++) {
          text[k] = ' '; /* the rest of a character cut short */
        }
        text[start] = pairs[p][0];
        text[start + 1] = pairs[p][1];
        if (pairs[p][0] >= 0xe0u) {
          text[start + 2] = 0x80;
        }
        if (pairs[p][0] >= 0xf0u) {
          text[start + 3] = 0xbf;
        }
        expect_same(check, text, used);
      }
    }
  }
  simd_level_cap(simd_level_detected());
}

static void test_page_edges(void **state) {
  (void)state;
  guarded_page guarded;
  guarded_page_create(&guarded);
  uint32_t seed = 5u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    utf8_check_kernel check = utf8_check_kernel_current();
    for (size_t length = 0; length <= 100; length++) {
      unsigned char text[100];
      size_t used = valid_text(&seed, text, length, (text_profile)(length % PROFILE_COUNT));
      for (int at_end = 0; at_end < 2; at_end++) {
        unsigned char *subject = guarded_page_subject(&guarded, used, at_end);
        memcpy(subject, text, used);
        expect_same(check, subject, used);
      }
    }
  }
  simd_level_cap(simd_level_detected());
  guarded_page_release(&guarded);
}

/* Every pair of first bytes, with two continuations after them, in
 * Chinese-like text at a lane inside a block and across the end of one
 * (the NEON kernel's lead table check and its fall back to the lookups
 * on the same block). */
static void test_every_lead_pair(void **state) {
  (void)state;
  static _Alignas(64) unsigned char text[160];
  uint32_t seed = 3u;
  size_t used = valid_text(&seed, text, sizeof text, PROFILE_CJK);
  static const size_t lanes[] = {70, 126};
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    utf8_check_kernel check = utf8_check_kernel_current();
    for (size_t lane = 0; lane < COUNT_OF(lanes); lane++) {
      unsigned char kept[4];
      size_t at = lanes[lane];
      memcpy(kept, text + at, 4);
      for (unsigned pair = 0; pair < 0x10000u; pair++) {
        text[at] = (unsigned char)(pair >> 8);
        text[at + 1] = (unsigned char)pair;
        text[at + 2] = 0x80;
        text[at + 3] = 0xbf;
        expect_same(check, text, used);
      }
      memcpy(text + at, kept, 4);
    }
  }
  simd_level_cap(simd_level_detected());
}

/* Long texts whose script changes every few blocks (so the kernels move
 * between their checks, and the NEON kernel's run of lookup blocks after
 * E0 or ED starts and ends), with a byte broken at every position of a
 * stretch: utf8_validate's answer and error offset against decoding. */
static void test_long_texts(void **state) {
  (void)state;
  static const unsigned char breakers[] = {0x80, 0xc1, 0xe0, 0xed, 0xf0, 0xf5, 'a', 0xe4};
  enum { LONG_LENGTH = 4096, SPAN = 200 };
  static unsigned char text[LONG_LENGTH];
  uint32_t seed = 77u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    for (text_profile first = 0; first < PROFILE_COUNT; first++) {
      size_t used = 0;
      for (size_t part = 0; used + SPAN < LONG_LENGTH; part++) {
        text_profile profile = (text_profile)((first + part * (part % 3)) % PROFILE_COUNT);
        used += valid_text(&seed, text + used, SPAN + part % 97, profile);
      }
      size_t error_offset = 0;
      assert_int_equal(utf8_validate(text, used, &error_offset), 1);
      size_t stretch = 300 + 1000 * first;
      for (size_t position = stretch; position < stretch + 160 && position < used; position++) {
        unsigned char kept = text[position];
        text[position] = breakers[position % COUNT_OF(breakers)];
        size_t expected = first_error(text, used);
        int valid = utf8_validate(text, used, &error_offset);
        assert_int_equal(valid, expected == used);
        if (!valid) {
          assert_int_equal(error_offset, expected);
        }
        text[position] = kept;
      }
    }
  }
  simd_level_cap(simd_level_detected());
}

/* What test_dense_breaks and test_two_byte_breaks write into Chinese
 * and Russian-like text: each kind of invalid sequence (overlong,
 * surrogate, above U+10FFFF, a lead cut short, a continuation without a
 * lead, C1 alone) and valid ones the NEON kernel's lead table check
 * leaves to the lookups (E0, ED, four bytes, two bytes) or its two-byte
 * runs to check_block (three and four bytes: E2 80 94 is a dash). */
typedef struct dense_break {
  unsigned char bytes[4];
  size_t length;
} dense_break;

static const dense_break dense_breaks[] = {
    {{0xc0, 0x80}, 2},             {{0xc1, 0xbf}, 2},             {{0xe0, 0x80, 0x80}, 3},
    {{0xe0, 0x9f, 0xbf}, 3},       {{0xf0, 0x8f, 0xbf, 0xbf}, 4}, {{0xed, 0xa0, 0x80}, 3},
    {{0xed, 0xbf, 0xbf}, 3},       {{0xf4, 0x90, 0x80, 0x80}, 4}, {{0xf5, 0x80, 0x80, 0x80}, 4},
    {{0xff}, 1},                   {{0x80}, 1},                   {{0xbf, 0xbf}, 2},
    {{0xe4, 0xb8}, 2},             {{0xc3}, 1},                   {{0xe0, 0xa0, 0x80}, 3},
    {{0xed, 0x9f, 0xbf}, 3},       {{0xf0, 0x9f, 0x98, 0x80}, 4}, {{0xf4, 0x8f, 0xbf, 0xbf}, 4},
    {{0xc2, 0x80}, 2},             {{0xc1}, 1},                   {{0xe2, 0x80, 0x94}, 3},
};

/* PCRE2's UTF-8 check: an empty UTF pattern matches any valid subject;
 * for an invalid one pcre2_get_startchar gives the error's offset. */
typedef struct pcre2_oracle {
  pcre2_code *code;
  pcre2_match_data *match_data;
} pcre2_oracle;

static void pcre2_oracle_create(pcre2_oracle *oracle) {
  int error_code;
  PCRE2_SIZE error_offset;
  oracle->code = pcre2_compile((PCRE2_SPTR) "", 0, PCRE2_UTF, &error_code, &error_offset, NULL);
  oracle->match_data = pcre2_match_data_create(1, NULL);
  assert_non_null(oracle->code);
  assert_non_null(oracle->match_data);
}

static void pcre2_oracle_release(pcre2_oracle *oracle) {
  pcre2_code_free(oracle->code);
  pcre2_match_data_free(oracle->match_data);
}

/* utf8_validate's answer and error offset for text, PCRE2's and the
 * decoding's (expected: the first error, or length) all agree. */
static void expect_pcre2_answer(const pcre2_oracle *oracle, const unsigned char *text,
                                size_t length, size_t expected) {
  int status = pcre2_match(oracle->code, text, length, 0, 0, oracle->match_data, NULL);
  size_t pcre2_offset = status >= 0 ? length : (size_t)pcre2_get_startchar(oracle->match_data);
  size_t error_offset = 0;
  size_t offset = utf8_validate(text, length, &error_offset) ? length : error_offset;
  if (offset != pcre2_offset || offset != expected) {
    fail_msg("%zu bytes: PCRE2's first error at %zu, utf8_validate's %zu, decoding's %zu "
             "(%zu: none)",
             length, pcre2_offset, offset, expected, length);
  }
}

/* The answer for text, valid before bytes were written at position:
 * only the characters the write touched can be wrong, so decoding them
 * alone gives the first error (or length). */
static size_t first_error_near(const unsigned char *original, const unsigned char *text,
                               size_t length, size_t position, size_t written) {
  size_t start = position;
  while (start > 0 && (original[start] & 0xc0u) == 0x80u) {
    start--;
  }
  size_t end = position + written < length ? position + written : length;
  while (end < length && (original[end] & 0xc0u) == 0x80u) {
    end++;
  }
  size_t error = start + first_error(text + start, end - start);
  return error == end ? length : error;
}

/* Each dense_break written at every position of text (valid, used
 * bytes): the kernels' answers, and utf8_validate's answer and error
 * offset against PCRE2's and decoding's (where the kernel says valid and
 * at every 17th position), the text against the lower and upper
 * PROT_NONE page in turn; and the text cut short inside its last
 * character (last bytes long). */
static void expect_breaks_found(const unsigned char *original, size_t used, size_t last) {
  guarded_page guarded;
  guarded_page_create(&guarded);
  pcre2_oracle oracle;
  pcre2_oracle_create(&oracle);
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    utf8_check_kernel check = utf8_check_kernel_current();
    for (size_t b = 0; b < COUNT_OF(dense_breaks); b++) {
      const dense_break *written = &dense_breaks[b];
      unsigned char *text = guarded_page_subject(&guarded, used, (int)(b % 2));
      memcpy(text, original, used);
      expect_same(check, text, used);
      for (size_t position = 0; position + written->length <= used; position++) {
        memcpy(text + position, written->bytes, written->length);
        size_t expected = first_error_near(original, text, used, position, written->length);
        bool checked = check(text, used);
        bool gave_up = !checked && all_levels[l] == SIMD_LEVEL_SSE2;
        if (checked != (expected == used) && !gave_up) {
          fail_msg("level %d: break %zu at %zu: check says %d, decoding %d", (int)all_levels[l], b,
                   position, checked, expected == used);
        }
        if (checked || position % 17 == b % 17) {
          expect_pcre2_answer(&oracle, text, used, expected);
        }
        memcpy(text + position, original + position, written->length);
      }
    }
    for (size_t cut = 1; cut < last; cut++) {
      expect_same(check, original, used - cut);
    }
  }
  simd_level_cap(simd_level_detected());
  pcre2_oracle_release(&oracle);
  guarded_page_release(&guarded);
}

/* Text of profile: valid_text up to ascii_at, ascii_length bytes of
 * ASCII, more valid_text, then last (length bytes in all at most). */
static size_t text_with_ascii(unsigned char *out, size_t length, text_profile profile,
                              size_t ascii_at, size_t ascii_length, const unsigned char *last,
                              size_t last_length) {
  uint32_t seed = 19u;
  size_t used = valid_text(&seed, out, ascii_at, profile);
  memset(out + used, 'a', ascii_length);
  used += ascii_length;
  used += valid_text(&seed, out + used, length - last_length - used, profile);
  memcpy(out + used, last, last_length);
  return used + last_length;
}

/* Chinese text long enough for the NEON kernel's dense runs to reach
 * their largest chunk (blocks 1, 2-3, 4-7, 8-15, 16-23 after the block
 * that starts the run), with a stretch of ASCII that ends a run, broken
 * as expect_breaks_found says. */
static void test_dense_breaks(void **state) {
  (void)state;
  static unsigned char original[3100];
  static const unsigned char last_character[] = {0xe4, 0xb8, 0xad};
  size_t used = text_with_ascii(original, sizeof original, PROFILE_CJK, 1500, 40, last_character,
                                sizeof last_character);
  expect_breaks_found(original, used, sizeof last_character);
}

/* Two-byte text (as Russian) long enough for the NEON kernel's
 * two-byte runs to test their sums twice (every 24 blocks after the
 * block that starts the run), with a stretch of ASCII holding a whole
 * block (128-255), which ends a run, broken as expect_breaks_found says;
 * at most a page (guarded_page). */
static void test_two_byte_breaks(void **state) {
  (void)state;
  static unsigned char original[4000];
  static const unsigned char last_character[] = {0xd0, 0x96};
  size_t used = text_with_ascii(original, sizeof original, PROFILE_TWO_BYTE, 128, 256,
                                last_character, sizeof last_character);
  expect_breaks_found(original, used, sizeof last_character);
}

/* Two-byte text whose blocks (128 bytes from the start) the NEON
 * kernel's two-byte runs check two at a time: a dash (three bytes) in
 * the first block of a step, in the second, in both, a block of ASCII
 * alone at an odd and an even block, and an odd number of blocks before
 * the text's end, broken as expect_breaks_found says. */
static void test_two_byte_steps(void **state) {
  (void)state;
  enum { BLOCK = 128, BLOCKS = 27 };
  static unsigned char original[BLOCKS * BLOCK + 40];
  static const unsigned char dash[] = {0xe2, 0x80, 0x94};
  static const unsigned char last_character[] = {0xd1, 0x8f};
  static const size_t dash_blocks[] = {3, 6, 11, 12, 19};
  static const size_t ascii_blocks[] = {8, 15};
  uint32_t seed = 23u;
  size_t used = 0;
  for (size_t block = 0; block < BLOCKS; block++) {
    bool ascii = false;
    bool dashed = false;
    for (size_t k = 0; k < COUNT_OF(ascii_blocks); k++) {
      ascii = ascii || ascii_blocks[k] == block;
    }
    for (size_t k = 0; k < COUNT_OF(dash_blocks); k++) {
      dashed = dashed || dash_blocks[k] == block;
    }
    size_t end = (block + 1) * BLOCK;
    if (ascii) {
      memset(original + used, 'a', end - used);
      used = end;
      continue;
    }
    /* The dash at a character start near the block's middle. */
    if (dashed) {
      used += valid_text(&seed, original + used, block * BLOCK + 60 - used, PROFILE_TWO_BYTE);
      memcpy(original + used, dash, sizeof dash);
      used += sizeof dash;
    }
    used += valid_text(&seed, original + used, end - used, PROFILE_TWO_BYTE);
  }
  used += valid_text(&seed, original + used, sizeof original - sizeof last_character - used,
                     PROFILE_TWO_BYTE);
  memcpy(original + used, last_character, sizeof last_character);
  expect_breaks_found(original, used + sizeof last_character, sizeof last_character);
}

/* An overlong two-byte form (C0 or C1, then a continuation) across the
 * end of a block, after a block that holds a dash (the NEON kernel's lead
 * table check), E0, ED or a four-byte character (the lookups), or after
 * Chinese text (its dense runs), and before two-byte text (the compares, or a two-byte run): the block
 * before ends on the lead, whose error only the block after can see;
 * utf8_validate's answer and offset against PCRE2's. */
static void test_overlong_across_blocks(void **state) {
  (void)state;
  static const unsigned char before[][4] = {
      {0xe2, 0x80, 0x94}, {0xe0, 0xa0, 0x80}, {0xed, 0x9f, 0xbf}, {0xf0, 0x9f, 0x98, 0x80}};
  static const unsigned char overlong[][2] = {{0xc0, 0x80}, {0xc1, 0xbf}, {0xc2, 0x80}};
  static unsigned char text[700];
  pcre2_oracle oracle;
  pcre2_oracle_create(&oracle);
  uint32_t seed = 41u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    utf8_check_kernel check = utf8_check_kernel_current();
    for (size_t end = 64; end <= 512; end += 64) {
      for (size_t b = 0; b <= COUNT_OF(before); b++) {
        for (size_t o = 0; o < COUNT_OF(overlong); o++) {
          size_t used;
          if (b < COUNT_OF(before)) {
            used = valid_text(&seed, text, end - 40, PROFILE_TWO_BYTE);
            size_t length = before[b][0] >= 0xf0u ? 4 : 3;
            memcpy(text + used, before[b], length);
            used += length;
            used += valid_text(&seed, text + used, end - 1 - used, PROFILE_TWO_BYTE);
          } else {
            /* Chinese text, then ASCII in the block's last vector: a
             * dense run stops at the block. */
            used = valid_text(&seed, text, end - 24, PROFILE_CJK);
          }
          memset(text + used, 'a', end - 1 - used);
          memcpy(text + end - 1, overlong[o], 2);
          used = end + 1 + valid_text(&seed, text + end + 1, 150, PROFILE_TWO_BYTE);
          expect_same(check, text, used);
          expect_pcre2_answer(&oracle, text, used, first_error(text, used));
        }
      }
    }
  }
  simd_level_cap(simd_level_detected());
  pcre2_oracle_release(&oracle);
}

/* A lead right after a three-byte lead (E4 then C3 A9, E5 A4 8F or
 * E4 B8 AD, each whole), at the last lanes of a block and the first of
 * the next, in Chinese text (the NEON kernel's dense runs and lead table
 * check) and in two-byte text with a dash before it (its two-byte runs
 * going on past a block by the lead table check): the NEON lead table
 * check finds that error in the lead's own lane alone (where the byte
 * before is the three-byte lead), so whichever check takes that lane
 * must see it; utf8_validate's answer and offset against PCRE2's. */
static void test_lead_after_three_byte_lead(void **state) {
  (void)state;
  static const unsigned char leads[][3] = {{0xc3, 0xa9}, {0xe5, 0xa4, 0x8f}, {0xe4, 0xb8, 0xad}};
  static const unsigned char dash[] = {0xe2, 0x80, 0x94};
  static unsigned char text[1400];
  pcre2_oracle oracle;
  pcre2_oracle_create(&oracle);
  uint32_t seed = 43u;
  for (size_t l = 0; l < COUNT_OF(all_levels); l++) {
    if (!simd_level_available(all_levels[l])) {
      continue;
    }
    simd_level_cap(all_levels[l]);
    utf8_check_kernel check = utf8_check_kernel_current();
    for (size_t end = 64; end <= 1152; end += 64) {
      for (size_t at = end - 3; at <= end + 1; at++) {
        for (size_t x = 0; x < COUNT_OF(leads); x++) {
          for (int two_byte = 0; two_byte < 2; two_byte++) {
            size_t used = 0;
            if (two_byte) {
              used = valid_text(&seed, text, at - 20, PROFILE_TWO_BYTE);
              memcpy(text + used, dash, sizeof dash);
              used += sizeof dash;
            }
            used += valid_text(&seed, text + used, at - used, two_byte ? PROFILE_TWO_BYTE
                                                                        : PROFILE_CJK);
            memset(text + used, 'a', at - used);
            size_t length = leads[x][0] >= 0xe0u ? 3 : 2;
            text[at] = 0xe4;
            memcpy(text + at + 1, leads[x], length);
            used = at + 1 + length;
            used += valid_text(&seed, text + used, 200, two_byte ? PROFILE_TWO_BYTE : PROFILE_CJK);
            expect_same(check, text, used);
            expect_pcre2_answer(&oracle, text, used, first_error(text, used));
          }
        }
      }
    }
  }
  simd_level_cap(simd_level_detected());
  pcre2_oracle_release(&oracle);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_against_decoding),
      cmocka_unit_test(test_narrow_second_bytes),
      cmocka_unit_test(test_page_edges),
      cmocka_unit_test(test_every_lead_pair),
      cmocka_unit_test(test_long_texts),
      cmocka_unit_test(test_dense_breaks),
      cmocka_unit_test(test_two_byte_breaks),
      cmocka_unit_test(test_two_byte_steps),
      cmocka_unit_test(test_overlong_across_blocks),
      cmocka_unit_test(test_lead_after_three_byte_lead),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
