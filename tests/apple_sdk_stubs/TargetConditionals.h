/* apple_sdk_stubs (tests): not Apple's header. The one macro of
 * <TargetConditionals.h> jrx reads, with the meaning Apple documents:
 * TARGET_OS_OSX is 1 when compiling for macOS, 0 for iOS, tvOS, watchOS
 * and Mac Catalyst. Taken from clang's own view of the target, so a
 * -target triple picks it as the SDK's header would. */
#ifndef JRX_STUB_TARGET_CONDITIONALS_H
#define JRX_STUB_TARGET_CONDITIONALS_H

#if __is_target_os(macos) && !__is_target_environment(macabi)
#define TARGET_OS_OSX 1
#else
#define TARGET_OS_OSX 0
#endif

#endif
