/* apple_sdk_stubs (tests): not Apple's header. sys_icache_invalidate,
 * which Apple's JIT porting guide asks for before running new code. */
#ifndef JRX_STUB_OS_CACHE_CONTROL_H
#define JRX_STUB_OS_CACHE_CONTROL_H

#include <stddef.h>

void sys_icache_invalidate(void *start, size_t length);

#endif
