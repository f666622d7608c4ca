/* a64_operand: validity of register operands. A register is either general
 * (W or X, possibly SP or ZR) or vector, never both, and the SP flag only
 * ever accompanies number 31. */
#include "a64_operand.h"

bool a64_operand_general(a64_reg reg, bool stack_pointer_field) {
  if (reg & A64_REG_VECTOR_FLAG) {
    return false;
  }
  unsigned number = reg & A64_REG_NUMBER_MASK;
  if (reg & A64_REG_SP_FLAG) {
    return stack_pointer_field && number == 31;
  }
  return number < 31 || !stack_pointer_field;
}

bool a64_operand_vector(a64_reg reg) {
  return (reg & (A64_REG_VECTOR_FLAG | A64_REG_SP_FLAG | A64_REG_64_FLAG)) ==
         A64_REG_VECTOR_FLAG;
}

bool a64_operand_same_width(a64_reg a, a64_reg b) {
  return a64_operand_is_64(a) == a64_operand_is_64(b);
}
