# The arm64 toolchain of cmake/aarch64-linux-gnu.cmake with clang-14 as the
# compiler, for the libFuzzer builds of fuzz/run.sh (libFuzzer's runtime is
# clang's; gcc has none). Results run under qemu-aarch64 like the rest.
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/aarch64-linux-gnu.cmake)
set(CMAKE_C_COMPILER clang-14)
set(CMAKE_C_COMPILER_TARGET aarch64-linux-gnu)
set(CMAKE_CXX_COMPILER clang++-14)
set(CMAKE_CXX_COMPILER_TARGET aarch64-linux-gnu)
