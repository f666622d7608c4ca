/* a64_label: label slots and the per-label chain of pending fixups. Each
 * fixup is patched exactly once, when its label is bound; pending_fixups
 * counts those still waiting so finishing can detect unbound labels. */
#include "a64_label.h"

#include "a64_encoding.h"
#include "jrx.h"

#define A64_NONE SIZE_MAX

struct a64_label_slot {
  size_t position;    /* word index, or A64_NONE while unbound */
  size_t first_fixup; /* head of this label's pending fixups, or A64_NONE */
};

struct a64_fixup {
  size_t position;   /* word index of the referring instruction */
  size_t next_fixup; /* next pending fixup of the same label, or A64_NONE */
  a64_fixup_kind kind;
};

static uint32_t place_displacement(a64_fixup_kind kind, uint32_t value) {
  switch (kind) {
  case A64_FIXUP_BRANCH26:
    return a64_imm26(value);
  case A64_FIXUP_BRANCH19:
    return a64_imm19(value);
  case A64_FIXUP_BRANCH14:
    return a64_imm14(value);
  case A64_FIXUP_ADR21:
    break;
  }
  return a64_adr_immediate(value);
}

static unsigned displacement_bits(a64_fixup_kind kind) {
  switch (kind) {
  case A64_FIXUP_BRANCH26:
    return 26;
  case A64_FIXUP_BRANCH19:
    return 19;
  case A64_FIXUP_BRANCH14:
    return 14;
  case A64_FIXUP_ADR21:
    break;
  }
  return 21;
}

int a64_patch_displacement(uint32_t *word, a64_fixup_kind kind, int64_t byte_displacement) {
  /* Branches count words, ADR counts bytes. */
  int64_t unit = kind == A64_FIXUP_ADR21 ? 1 : 4;
  if (byte_displacement % unit != 0) {
    return JRX_ERROR_PROGRAM_TOO_BIG;
  }
  int64_t value = byte_displacement / unit;
  int64_t limit = (int64_t)1 << (displacement_bits(kind) - 1);
  if (value < -limit || value >= limit) {
    return JRX_ERROR_PROGRAM_TOO_BIG;
  }
  uint32_t field_mask = place_displacement(kind, UINT32_MAX);
  *word = (*word & ~field_mask) | place_displacement(kind, (uint32_t)value);
  return 0;
}

static int64_t byte_distance(size_t from_word, size_t to_word) {
  return ((int64_t)to_word - (int64_t)from_word) * 4;
}

static bool label_valid(a64_buffer *buffer, a64_label label) {
  return a64_require(buffer, label < buffer->label_count);
}

a64_label a64_label_new(a64_buffer *buffer) {
  if (buffer->error != 0) {
    return A64_LABEL_INVALID;
  }
  void *labels = buffer->labels;
  if (!a64_buffer_reserve(buffer, &labels, &buffer->label_capacity, buffer->label_count + 1,
                          sizeof(a64_label_slot))) {
    return A64_LABEL_INVALID;
  }
  buffer->labels = labels;
  buffer->labels[buffer->label_count] = (a64_label_slot){A64_NONE, A64_NONE};
  return buffer->label_count++;
}

void a64_label_bind(a64_buffer *buffer, a64_label label) {
  if (buffer->error != 0 || !label_valid(buffer, label)) {
    return;
  }
  a64_label_slot *slot = &buffer->labels[label];
  if (!a64_require(buffer, slot->position == A64_NONE)) {
    return;
  }
  slot->position = buffer->word_count;
  for (size_t index = slot->first_fixup; index != A64_NONE;) {
    const a64_fixup *fixup = &buffer->fixups[index];
    int status = a64_patch_displacement(&buffer->words[fixup->position], fixup->kind,
                                        byte_distance(fixup->position, slot->position));
    if (status != 0) {
      a64_fail(buffer, status);
      return;
    }
    buffer->pending_fixups--;
    index = fixup->next_fixup;
  }
  slot->first_fixup = A64_NONE;
}

void a64_emit_label_reference(a64_buffer *buffer, uint32_t word, a64_fixup_kind kind,
                              a64_label label) {
  if (buffer->error != 0 || !label_valid(buffer, label)) {
    return;
  }
  a64_label_slot *slot = &buffer->labels[label];
  size_t position = buffer->word_count;
  if (slot->position != A64_NONE) {
    int status = a64_patch_displacement(&word, kind, byte_distance(position, slot->position));
    if (status != 0) {
      a64_fail(buffer, status);
      return;
    }
    a64_emit(buffer, word);
    return;
  }
  void *fixups = buffer->fixups;
  if (!a64_buffer_reserve(buffer, &fixups, &buffer->fixup_capacity, buffer->fixup_count + 1,
                          sizeof(a64_fixup))) {
    return;
  }
  buffer->fixups = fixups;
  a64_emit(buffer, word);
  if (buffer->error != 0) {
    return;
  }
  buffer->fixups[buffer->fixup_count] = (a64_fixup){position, slot->first_fixup, kind};
  slot->first_fixup = buffer->fixup_count++;
  buffer->pending_fixups++;
}
