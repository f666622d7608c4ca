/* apple_sdk_stubs (tests): not Apple's header. The declarations of
 * <pthread.h> that jitmem's Apple platform files use, as Apple documents
 * them in pthread_jit_write_protect_np(3) and marks them in the SDK:
 * available from macOS 11.0, unavailable on iOS, tvOS and watchOS (and so
 * on Mac Catalyst, which follows iOS). Nothing else of the header. */
#ifndef JRX_STUB_PTHREAD_H
#define JRX_STUB_PTHREAD_H

#define JRX_STUB_JIT_AVAILABILITY                                                        \
  __attribute__((availability(macos, introduced = 11.0)))                                \
  __attribute__((availability(ios, unavailable))) __attribute__((availability(tvos, unavailable))) \
  __attribute__((availability(watchos, unavailable)))

JRX_STUB_JIT_AVAILABILITY int pthread_jit_write_protect_supported_np(void);
JRX_STUB_JIT_AVAILABILITY void pthread_jit_write_protect_np(int enabled);

#endif
