/* jit_frame: pairs are stored above the frame record, x19/x20 first. */
#include "jit_frame.h"

#define JIT_FRAME_MAX_PAIRS 5u
#define PAIR_BYTES 16

static int64_t frame_bytes(unsigned saved_pairs) {
  return (int64_t)(saved_pairs + 1) * PAIR_BYTES;
}

void jit_frame_enter(a64_buffer *buffer, unsigned saved_pairs) {
  if (!a64_require(buffer, saved_pairs <= JIT_FRAME_MAX_PAIRS)) {
    return;
  }
  a64_stp_pre(buffer, A64_FP, A64_LR, A64_SP, -frame_bytes(saved_pairs));
  a64_mov_reg(buffer, A64_FP, A64_SP);
  for (unsigned pair = 0; pair < saved_pairs; pair++) {
    a64_stp_offset(buffer, A64_X(19 + 2 * pair), A64_X(20 + 2 * pair), A64_SP,
                   (int64_t)(pair + 1) * PAIR_BYTES);
  }
}

void jit_frame_leave_and_return(a64_buffer *buffer, unsigned saved_pairs) {
  if (!a64_require(buffer, saved_pairs <= JIT_FRAME_MAX_PAIRS)) {
    return;
  }
  for (unsigned pair = saved_pairs; pair-- > 0;) {
    a64_ldp_offset(buffer, A64_X(19 + 2 * pair), A64_X(20 + 2 * pair), A64_SP,
                   (int64_t)(pair + 1) * PAIR_BYTES);
  }
  a64_ldp_post(buffer, A64_FP, A64_LR, A64_SP, frame_bytes(saved_pairs));
  a64_ret(buffer);
}
