# Cross-compiles for arm64 Linux with Debian's gcc-aarch64-linux-gnu and runs
# the results under qemu-aarch64 user mode (binfmt is not assumed, so ctest
# calls the emulator itself through CMAKE_CROSSCOMPILING_EMULATOR).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

# Debian multiarch: arm64 libraries live in /usr/lib/aarch64-linux-gnu, the
# headers are shared in /usr/include; the toolchain's own sysroot holds libc.
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /usr)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The emulator runs binaries with Debian's arm64 loader and libc from
# multiarch (libc6:arm64, "-L /"). Mixing the cross toolchain's loader
# (/usr/aarch64-linux-gnu) with multiarch's libc.so.6, which is a different
# build, makes pthread_create and fork loop forever inside libc.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64;-L;/)
