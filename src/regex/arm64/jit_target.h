/* jit_target: whether this compilation runs the generated A64 code. The
 * compiler's own target decides, once per slice of a macOS universal
 * build, never the build system's processor: arm64 Linux and arm64 macOS
 * run it. iOS, tvOS, watchOS and Mac Catalyst lack
 * pthread_jit_write_protect_np, so jitmem has no executable memory there
 * and jrx runs its portable engine, as on every other architecture. */
#ifndef JRX_JIT_TARGET_H
#define JRX_JIT_TARGET_H

#if defined(__APPLE__)
#include <TargetConditionals.h>
#endif

#if defined(__aarch64__) && (!defined(__APPLE__) || (defined(TARGET_OS_OSX) && TARGET_OS_OSX))
#define JRX_HAVE_JIT 1
#else
#define JRX_HAVE_JIT 0
#endif

#endif
