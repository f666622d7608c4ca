/* fuzz_options: one input byte to a set of JRX_* options, the same way in
 * every target, so each bit of the byte toggles exactly one option and
 * mutations move between neighbouring option sets. */
#ifndef JRX_FUZZ_OPTIONS_H
#define JRX_FUZZ_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

/* Bits 0..7: JRX_CASELESS, JRX_MULTILINE, JRX_DOTALL, JRX_EXTENDED,
 * JRX_UTF, JRX_ANCHORED, JRX_UNGREEDY, JRX_NO_JIT. */
uint32_t fuzz_options_compile(uint8_t byte);

/* The differential layout's fourth byte (fuzz_case.h): bit 0 JRX_UCP,
 * the option the compile byte has no bit left for; bits 1..7 are unused
 * (left for options to come, so that adding one keeps the corpus). */
uint32_t fuzz_options_compile_more(uint8_t byte);

/* Bits 0..4: JRX_NOTBOL, JRX_NOTEOL, JRX_NOTEMPTY, JRX_NOTEMPTY_ATSTART,
 * JRX_ANCHORED; bits 5..7 are left to the target. */
uint32_t fuzz_options_match(uint8_t byte);

/* Writes options as "JRX_A|JRX_B" ("0" for none; unknown bits in hex). */
void fuzz_options_print(FILE *out, uint32_t options);

#endif
