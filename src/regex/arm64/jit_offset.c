/* jit_offset: an ADD of the offset's bits above the low 12 (ADD's
 * shifted immediate), leaving a remainder every access size can scale. */
#include "jit_offset.h"

a64_reg jit_offset_base(a64_buffer *buffer, a64_reg base, uint64_t *offset, unsigned access_size,
                        a64_reg temp) {
  if (*offset < 4096u * (uint64_t)access_size) {
    return base;
  }
  a64_add_imm(buffer, temp, base, *offset & ~(uint64_t)0xfff);
  *offset &= 0xfff;
  return temp;
}
