/* apple_sdk_stubs (tests): not Apple's header; memcpy only. */
#ifndef JRX_STUB_STRING_H
#define JRX_STUB_STRING_H

#include <stddef.h>

void *memcpy(void *destination, const void *source, size_t size);

#endif
