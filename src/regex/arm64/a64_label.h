/* a64_label: positions in an a64_buffer that PC-relative instructions refer
 * to before or after they are bound. A reference to a bound label is
 * encoded at once; one to an unbound label is patched when the label is
 * bound. Displacements that do not fit give JRX_ERROR_PROGRAM_TOO_BIG. */
#ifndef JRX_A64_LABEL_H
#define JRX_A64_LABEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "a64_buffer.h"

typedef size_t a64_label;

#define A64_LABEL_INVALID SIZE_MAX

/* Where a PC-relative instruction keeps its displacement. */
typedef enum a64_fixup_kind {
  A64_FIXUP_BRANCH26, /* B, BL: words, imm26 */
  A64_FIXUP_BRANCH19, /* B.cond, CBZ, CBNZ: words, imm19 */
  A64_FIXUP_BRANCH14, /* TBZ, TBNZ: words, imm14 */
  A64_FIXUP_ADR21     /* ADR: bytes, immhi:immlo */
} a64_fixup_kind;

/* A new unbound label, or A64_LABEL_INVALID once the buffer has an error
 * (which then is JRX_ERROR_NOMEMORY if this allocation failed). */
a64_label a64_label_new(a64_buffer *buffer);

/* Binds label to the current position (the next word emitted) and patches
 * the references made so far. Binding twice is an error. */
void a64_label_bind(a64_buffer *buffer, a64_label label);

/* Emits word, an instruction of the given kind with a zero displacement
 * field, referring to label. */
void a64_emit_label_reference(a64_buffer *buffer, uint32_t word, a64_fixup_kind kind,
                              a64_label label);

/* Stores byte_displacement (from the instruction to its target) in the
 * displacement field of *word. Returns 0, or JRX_ERROR_PROGRAM_TOO_BIG when
 * it is out of range or not a multiple of the unit (*word then unchanged). */
int a64_patch_displacement(uint32_t *word, a64_fixup_kind kind, int64_t byte_displacement);

#endif
