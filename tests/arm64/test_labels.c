/* Labels and fixups: references to labels bound before and after them,
 * for every PC-relative kind, right up to the edge of each reach and one
 * step beyond it (JRX_ERROR_PROGRAM_TOO_BIG), several references to one
 * label, unbound and misused labels, and the sticky error. Displacements
 * are read back with decoders written here from the architecture manual. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "jrx.h"
#include "regex/arm64/a64.h"
#include "regex/memory.h"

typedef enum reference_kind {
  REFERENCE_B,
  REFERENCE_BL,
  REFERENCE_B_COND,
  REFERENCE_CBZ,
  REFERENCE_CBNZ,
  REFERENCE_TBZ,
  REFERENCE_TBNZ,
  REFERENCE_ADR,
  REFERENCE_KIND_COUNT
} reference_kind;

static void emit_reference(a64_buffer *buffer, reference_kind kind, a64_label target) {
  switch (kind) {
  case REFERENCE_B:
    a64_b(buffer, target);
    break;
  case REFERENCE_BL:
    a64_bl(buffer, target);
    break;
  case REFERENCE_B_COND:
    a64_b_cond(buffer, A64_NE, target);
    break;
  case REFERENCE_CBZ:
    a64_cbz(buffer, A64_X(3), target);
    break;
  case REFERENCE_CBNZ:
    a64_cbnz(buffer, A64_W(3), target);
    break;
  case REFERENCE_TBZ:
    a64_tbz(buffer, A64_X(3), 40, target);
    break;
  case REFERENCE_TBNZ:
    a64_tbnz(buffer, A64_W(3), 5, target);
    break;
  case REFERENCE_ADR:
  case REFERENCE_KIND_COUNT:
    a64_adr(buffer, A64_X(3), target);
    break;
  }
}

static int64_t sign_extend(uint64_t value, unsigned bits) {
  uint64_t sign = (uint64_t)1 << (bits - 1);
  return (int64_t)((value ^ sign) - sign);
}

/* The byte displacement an instruction of the kind holds. */
static int64_t decode_displacement(reference_kind kind, uint32_t word) {
  switch (kind) {
  case REFERENCE_B:
  case REFERENCE_BL:
    return sign_extend(word & 0x3ffffffu, 26) * 4;
  case REFERENCE_B_COND:
  case REFERENCE_CBZ:
  case REFERENCE_CBNZ:
    return sign_extend((word >> 5) & 0x7ffffu, 19) * 4;
  case REFERENCE_TBZ:
  case REFERENCE_TBNZ:
    return sign_extend((word >> 5) & 0x3fffu, 14) * 4;
  case REFERENCE_ADR:
  case REFERENCE_KIND_COUNT:
    break;
  }
  return sign_extend(((word >> 29) & 3u) | (((word >> 5) & 0x7ffffu) << 2), 21);
}

/* Largest reach in words, forward; backward reaches one word further. */
static size_t forward_reach_words(reference_kind kind) {
  switch (kind) {
  case REFERENCE_B:
  case REFERENCE_BL:
    return ((size_t)1 << 25) - 1;
  case REFERENCE_TBZ:
  case REFERENCE_TBNZ:
    return ((size_t)1 << 13) - 1;
  default:
    return ((size_t)1 << 18) - 1; /* imm19 words, and ADR's 1 MiB of bytes */
  }
}

static void emit_nops(a64_buffer *buffer, size_t count) {
  for (size_t i = 0; i < count; i++) {
    a64_nop(buffer);
  }
}

/* A reference `distance` words before its label (zero or negative: the
 * label is bound first, at or before the reference). Returns the buffer's
 * status; on success checks the encoded displacement. */
static int reference_at_distance(reference_kind kind, int64_t distance) {
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_label target = a64_label_new(&buffer);
  size_t position;
  if (distance > 0) {
    position = a64_buffer_position(&buffer);
    emit_reference(&buffer, kind, target);
    emit_nops(&buffer, (size_t)distance - 1);
    a64_label_bind(&buffer, target);
  } else {
    a64_label_bind(&buffer, target);
    emit_nops(&buffer, (size_t)-distance);
    position = a64_buffer_position(&buffer);
    emit_reference(&buffer, kind, target);
  }
  int status = a64_buffer_finish(&buffer);
  if (status == 0) {
    size_t count = 0;
    const uint32_t *words = a64_buffer_words(&buffer, &count);
    assert_non_null(words);
    assert_true(decode_displacement(kind, words[position]) == distance * 4);
  }
  a64_buffer_release(&buffer);
  return status;
}

static void short_references_of_every_kind(void **state) {
  (void)state;
  for (int kind = 0; kind < REFERENCE_KIND_COUNT; kind++) {
    for (int64_t distance = -3; distance <= 3; distance++) {
      assert_int_equal(reference_at_distance((reference_kind)kind, distance), 0);
    }
  }
}

/* Buffers for the 1 MiB reaches stay small enough to build quickly;
 * B and BL (128 MiB) are checked at the edges through the patcher. */
static void edges_of_reach_in_buffers(void **state) {
  (void)state;
  for (int kind = REFERENCE_B_COND; kind < REFERENCE_KIND_COUNT; kind++) {
    int64_t reach = (int64_t)forward_reach_words((reference_kind)kind);
    assert_int_equal(reference_at_distance((reference_kind)kind, reach), 0);
    assert_int_equal(reference_at_distance((reference_kind)kind, reach + 1),
                     JRX_ERROR_PROGRAM_TOO_BIG);
    assert_int_equal(reference_at_distance((reference_kind)kind, -reach - 1), 0);
    assert_int_equal(reference_at_distance((reference_kind)kind, -reach - 2),
                     JRX_ERROR_PROGRAM_TOO_BIG);
  }
}

/* Field masks and reaches from the architecture manual. */
static void edges_of_reach_in_the_patcher(void **state) {
  (void)state;
  static const struct {
    a64_fixup_kind fixup;
    reference_kind reference;
    int64_t unit;
    int64_t reach_bytes;
    uint32_t field_mask;
  } kinds[] = {
    {A64_FIXUP_BRANCH26, REFERENCE_B, 4, (int64_t)1 << 27, 0x03ffffffu},
    {A64_FIXUP_BRANCH19, REFERENCE_CBZ, 4, (int64_t)1 << 20, 0x00ffffe0u},
    {A64_FIXUP_BRANCH14, REFERENCE_TBZ, 4, (int64_t)1 << 15, 0x0007ffe0u},
    {A64_FIXUP_ADR21, REFERENCE_ADR, 1, (int64_t)1 << 20, 0x60ffffe0u},
  };
  for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
    int64_t unit = kinds[i].unit;
    int64_t reach = kinds[i].reach_bytes;
    const int64_t accepted[] = {0, unit, -unit, reach - unit, -reach};
    const int64_t rejected[] = {reach, -reach - unit, INT64_MAX, INT64_MIN};
    for (size_t j = 0; j < sizeof(accepted) / sizeof(accepted[0]); j++) {
      uint32_t word = 0xffffffffu;
      assert_int_equal(a64_patch_displacement(&word, kinds[i].fixup, accepted[j]), 0);
      assert_true(decode_displacement(kinds[i].reference, word) == accepted[j]);
      assert_int_equal(word | kinds[i].field_mask, 0xffffffffu); /* other bits kept */
      assert_int_equal(a64_patch_displacement(&word, kinds[i].fixup, 0), 0);
      assert_int_equal(word, ~kinds[i].field_mask); /* the field, and only it, replaced */
    }
    for (size_t j = 0; j < sizeof(rejected) / sizeof(rejected[0]); j++) {
      uint32_t word = 0x12345678u;
      assert_int_equal(a64_patch_displacement(&word, kinds[i].fixup, rejected[j]),
                       JRX_ERROR_PROGRAM_TOO_BIG);
      assert_int_equal(word, 0x12345678u);
    }
    if (unit == 4) {
      uint32_t word = 0;
      assert_int_equal(a64_patch_displacement(&word, kinds[i].fixup, 6),
                       JRX_ERROR_PROGRAM_TOO_BIG);
    }
  }
}

/* Many forward and backward references to a few labels, interleaved: each
 * must land on its own label. */
static void many_references_to_shared_labels(void **state) {
  (void)state;
  enum { LABELS = 5, ROUNDS = 40 };
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_label early = a64_label_new(&buffer);
  a64_label_bind(&buffer, early);
  a64_nop(&buffer);
  a64_label labels[LABELS];
  size_t positions[ROUNDS * LABELS];
  reference_kind kinds[ROUNDS * LABELS];
  size_t early_positions[ROUNDS];
  for (int i = 0; i < LABELS; i++) {
    labels[i] = a64_label_new(&buffer);
  }
  for (int round = 0; round < ROUNDS; round++) {
    for (int i = 0; i < LABELS; i++) {
      int index = round * LABELS + i;
      kinds[index] = (reference_kind)((round + i) % REFERENCE_KIND_COUNT);
      positions[index] = a64_buffer_position(&buffer);
      emit_reference(&buffer, kinds[index], labels[i]);
    }
    early_positions[round] = a64_buffer_position(&buffer);
    a64_b(&buffer, early);
  }
  size_t label_positions[LABELS];
  for (int i = 0; i < LABELS; i++) {
    emit_nops(&buffer, (size_t)i);
    label_positions[i] = a64_buffer_position(&buffer);
    a64_label_bind(&buffer, labels[i]);
  }
  assert_int_equal(a64_buffer_finish(&buffer), 0);
  size_t count = 0;
  const uint32_t *words = a64_buffer_words(&buffer, &count);
  assert_non_null(words);
  for (int index = 0; index < ROUNDS * LABELS; index++) {
    int64_t expected = ((int64_t)label_positions[index % LABELS] - (int64_t)positions[index]) * 4;
    assert_true(decode_displacement(kinds[index], words[positions[index]]) == expected);
  }
  for (int round = 0; round < ROUNDS; round++) {
    assert_true(decode_displacement(REFERENCE_B, words[early_positions[round]]) ==
                -(int64_t)early_positions[round] * 4);
  }
  a64_buffer_release(&buffer);
}

static void unbound_label_fails_at_finish(void **state) {
  (void)state;
  for (int kind = 0; kind < REFERENCE_KIND_COUNT; kind++) {
    a64_buffer buffer;
    a64_buffer_init(&buffer, memory_default_allocator());
    a64_label bound = a64_label_new(&buffer);
    a64_label never_bound = a64_label_new(&buffer);
    a64_label never_used = a64_label_new(&buffer);
    (void)never_used;
    emit_reference(&buffer, (reference_kind)kind, bound);
    emit_reference(&buffer, (reference_kind)kind, never_bound);
    a64_label_bind(&buffer, bound);
    size_t count = 1;
    assert_null(a64_buffer_words(&buffer, &count));
    assert_int_equal(count, 0);
    assert_int_equal(a64_buffer_error(&buffer), 0);
    assert_int_equal(a64_buffer_finish(&buffer), JRX_ERROR_INTERNAL);
    assert_null(a64_buffer_words(&buffer, &count));
    a64_buffer_release(&buffer);
  }
}

static void labels_unused_or_bound_without_references_are_fine(void **state) {
  (void)state;
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_label unused = a64_label_new(&buffer);
  a64_label bound = a64_label_new(&buffer);
  (void)unused;
  a64_label_bind(&buffer, bound);
  a64_ret(&buffer);
  assert_int_equal(a64_buffer_finish(&buffer), 0);
  size_t count = 0;
  assert_non_null(a64_buffer_words(&buffer, &count));
  assert_int_equal(count, 1);
  a64_buffer_release(&buffer);
}

static void binding_twice_is_an_error(void **state) {
  (void)state;
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_label target = a64_label_new(&buffer);
  a64_label_bind(&buffer, target);
  a64_nop(&buffer);
  a64_label_bind(&buffer, target);
  assert_int_equal(a64_buffer_error(&buffer), JRX_ERROR_INTERNAL);
  a64_buffer_release(&buffer);
}

static void labels_from_nowhere_are_errors(void **state) {
  (void)state;
  const a64_label bogus[] = {1, 1000, A64_LABEL_INVALID};
  for (size_t i = 0; i < sizeof(bogus) / sizeof(bogus[0]); i++) {
    a64_buffer buffer;
    a64_buffer_init(&buffer, memory_default_allocator());
    (void)a64_label_new(&buffer);
    a64_b(&buffer, bogus[i]);
    assert_int_equal(a64_buffer_error(&buffer), JRX_ERROR_INTERNAL);
    assert_int_equal(a64_buffer_position(&buffer), 0);
    a64_buffer_release(&buffer);

    a64_buffer_init(&buffer, memory_default_allocator());
    a64_label_bind(&buffer, bogus[i]);
    assert_int_equal(a64_buffer_error(&buffer), JRX_ERROR_INTERNAL);
    a64_buffer_release(&buffer);
  }
}

/* After the first error nothing more is emitted or allocated, the error
 * is kept, and label_new says so with A64_LABEL_INVALID. */
static void first_error_is_sticky(void **state) {
  (void)state;
  a64_buffer buffer;
  a64_buffer_init(&buffer, memory_default_allocator());
  a64_label target = a64_label_new(&buffer);
  a64_nop(&buffer);
  a64_tbz(&buffer, A64_W(0), 32, target); /* bit beyond a W register */
  assert_int_equal(a64_buffer_error(&buffer), JRX_ERROR_INTERNAL);
  a64_nop(&buffer);
  a64_b(&buffer, target);
  a64_label_bind(&buffer, target);
  assert_int_equal(a64_label_new(&buffer), A64_LABEL_INVALID);
  assert_int_equal(a64_buffer_position(&buffer), 1);
  assert_int_equal(a64_buffer_finish(&buffer), JRX_ERROR_INTERNAL);
  size_t count = 1;
  assert_null(a64_buffer_words(&buffer, &count));
  assert_int_equal(count, 0);
  a64_buffer_release(&buffer);
  /* release leaves an empty, usable buffer */
  a64_nop(&buffer);
  assert_int_equal(a64_buffer_finish(&buffer), 0);
  assert_non_null(a64_buffer_words(&buffer, &count));
  assert_int_equal(count, 1);
  a64_buffer_release(&buffer);
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(short_references_of_every_kind),
    cmocka_unit_test(edges_of_reach_in_buffers),
    cmocka_unit_test(edges_of_reach_in_the_patcher),
    cmocka_unit_test(many_references_to_shared_labels),
    cmocka_unit_test(unbound_label_fails_at_finish),
    cmocka_unit_test(labels_unused_or_bound_without_references_are_fine),
    cmocka_unit_test(binding_twice_is_an_error),
    cmocka_unit_test(labels_from_nowhere_are_errors),
    cmocka_unit_test(first_error_is_sticky),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
