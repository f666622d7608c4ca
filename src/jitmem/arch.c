/* arch: trap fill and return-constant encodings for arm64 and x86-64.
 * Instruction words are stored little-endian byte by byte, which is how
 * arm64 fetches them whatever the data endianness. */
#include "jitmem/arch.h"

#if defined(__aarch64__)

/* BRK #0 */
static const unsigned char trap_pattern[4] = {0x00, 0x00, 0x20, 0xd4};

static void store_word(unsigned char *destination, uint32_t word) {
  destination[0] = (unsigned char)word;
  destination[1] = (unsigned char)(word >> 8);
  destination[2] = (unsigned char)(word >> 16);
  destination[3] = (unsigned char)(word >> 24);
}

size_t jitmem_arch_return_constant(uint16_t value,
                                   unsigned char code[JITMEM_ARCH_RETURN_CONSTANT_MAX]) {
  store_word(code, 0x52800000u | ((uint32_t)value << 5)); /* movz w0, #value */
  store_word(code + 4, 0xd65f03c0u);                      /* ret */
  return 8;
}

#elif defined(__x86_64__)

/* INT3, one byte, repeated so the pattern has the same period as arm64's */
static const unsigned char trap_pattern[4] = {0xcc, 0xcc, 0xcc, 0xcc};

size_t jitmem_arch_return_constant(uint16_t value,
                                   unsigned char code[JITMEM_ARCH_RETURN_CONSTANT_MAX]) {
  code[0] = 0xb8; /* mov eax, imm32 */
  code[1] = (unsigned char)value;
  code[2] = (unsigned char)(value >> 8);
  code[3] = 0x00;
  code[4] = 0x00;
  code[5] = 0xc3; /* ret */
  return 6;
}

#else
#error "jitmem: no machine code known for this architecture (arm64 and x86-64 only)"
#endif

void jitmem_arch_fill_traps(unsigned char *destination, size_t size) {
  for (size_t i = 0; i < size; i++) {
    destination[i] = trap_pattern[i % sizeof trap_pattern];
  }
}

typedef int (*constant_function)(void);

int jitmem_arch_run_constant(const void *entry) {
  constant_function function = (constant_function)entry;
  return function();
}
