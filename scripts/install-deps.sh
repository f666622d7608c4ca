#!/usr/bin/env bash
# Installs every system package jrx needs to build and test both
# configurations (native x86-64 and arm64 under qemu-aarch64).
# Idempotent: packages already present are left alone.
set -euo pipefail

native_packages=(
  build-essential cmake pkg-config python3
  libpcre2-dev libcmocka-dev
  unicode-data
  gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
  qemu-user
  llvm-14 clang-14 libclang-rt-14-dev
  libstdc++-12-dev-arm64-cross
  # bench/: the suite is C++ (RE2), compared engines, plot, grep comparison
  g++ g++-aarch64-linux-gnu libre2-dev libvectorscan-dev
  gnuplot-nox hyperfine ripgrep pcre2-utils
  # tests/cli/tree_equivalence.py counts jrxgrep's stat calls
  strace
)
arm64_packages=(
  libpcre2-dev:arm64 libcmocka-dev:arm64 libc6-dev:arm64 libclang-rt-14-dev:arm64
  libre2-dev:arm64 libvectorscan-dev:arm64
)

if [ "$(uname -s)" != "Linux" ] || ! command -v apt-get >/dev/null 2>&1; then
  cat >&2 <<'MSG'
install-deps: this script knows Debian/Ubuntu (apt-get) only.
Install by hand: CMake >= 3.25, a C11 compiler, PCRE2 (libpcre2-8 with headers),
cmocka, Python 3. For the arm64 configuration on an x86-64 host you also need
an aarch64 cross compiler, qemu-aarch64 (user mode) and arm64 builds of PCRE2
and cmocka. On an arm64 host (Linux or macOS) the native build is the arm64 one.
MSG
  exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for package in "${native_packages[@]}" "${arm64_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  "${sudo_cmd[@]}" dpkg --add-architecture arm64
fi
echo "install-deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
