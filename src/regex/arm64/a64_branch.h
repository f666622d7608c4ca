/* a64_branch: control flow and PC-relative addresses. Branches to labels
 * (B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ) and ADR take an a64_label from
 * a64_label_new, bound before or after; their reach is +-128 MiB,
 * +-1 MiB, +-1 MiB, +-32 KiB and +-1 MiB, and a target beyond it records
 * JRX_ERROR_PROGRAM_TOO_BIG. */
#ifndef JRX_A64_BRANCH_H
#define JRX_A64_BRANCH_H

#include <stdint.h>

#include "a64_buffer.h"
#include "a64_label.h"
#include "a64_operand.h"

void a64_b(a64_buffer *buffer, a64_label target);
void a64_bl(a64_buffer *buffer, a64_label target);
void a64_b_cond(a64_buffer *buffer, a64_condition condition, a64_label target);

/* Branch if rt (W or X, not SP) is zero / not zero. */
void a64_cbz(a64_buffer *buffer, a64_reg rt, a64_label target);
void a64_cbnz(a64_buffer *buffer, a64_reg rt, a64_label target);

/* Branch if bit number bit of rt is zero / not zero; bit is below the
 * width of rt (a W register for bits 0..31 reads the same bit). */
void a64_tbz(a64_buffer *buffer, a64_reg rt, unsigned bit, a64_label target);
void a64_tbnz(a64_buffer *buffer, a64_reg rt, unsigned bit, a64_label target);

/* rd (an X register) = address of target. */
void a64_adr(a64_buffer *buffer, a64_reg rd, a64_label target);

/* rd (an X register) = this instruction's 4 KiB page + page_offset, which
 * must be a multiple of 4096 within +-4 GiB (else JRX_ERROR_INTERNAL). */
void a64_adrp(a64_buffer *buffer, a64_reg rd, int64_t page_offset);

/* Branch (and link) to the address in rn, an X register. */
void a64_br(a64_buffer *buffer, a64_reg rn);
void a64_blr(a64_buffer *buffer, a64_reg rn);

/* Return to the address in the link register. */
void a64_ret(a64_buffer *buffer);

void a64_nop(a64_buffer *buffer);

/* Breakpoint with a 16-bit comment, e.g. to trap on unreachable paths. */
void a64_brk(a64_buffer *buffer, uint32_t imm16);

#endif
