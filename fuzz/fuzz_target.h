/* fuzz_target: the libFuzzer entry point every target in fuzz/ defines,
 * declared once so that the targets and replay_main agree on it. A target
 * returns 0 for every input and calls abort() on a finding. */
#ifndef JRX_FUZZ_TARGET_H
#define JRX_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
