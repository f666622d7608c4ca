#!/bin/sh
# Installs the build tree into a fresh prefix and builds the consumer in
# consumer/ against it twice, with find_package(jrx) and with pkg-config,
# then runs every build. A sanitized jrx needs a sanitized program, so the
# build's sanitizer flags are passed on to the consumer.
# usage: run_install_test.sh BUILD_DIR CONSUMER_DIR WORK_DIR C_COMPILER LIBDIR [FLAGS]
set -eu
build=$1
consumer=$2
work=$3
compiler=$4
libdir=$5
flags=${6:-}

rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log"

# jrx-explain is installed when it was built (JRX_BUILD_TOOLS).
explain=
if [ -e "$build/tools/jrx-explain" ]; then
  explain=bin/jrx-explain
fi
for file in include/jrx.h include/jitmem.h bin/jrxgrep $explain \
    share/man/man1/jrxgrep.1 share/man/man3/jrx.3 share/doc/jrx/migrating-from-pcre2.md \
    "$libdir/libjrx.a" "$libdir/libjrx.so" "$libdir/libjitmem.a" "$libdir/libjitmem.so" \
    "$libdir/cmake/jrx/jrxConfig.cmake" "$libdir/cmake/jrx/jrxConfigVersion.cmake" \
    "$libdir/pkgconfig/jrx.pc" "$libdir/pkgconfig/jitmem.pc"; do
  if [ ! -e "$prefix/$file" ]; then
    echo "not installed: $file"
    exit 1
  fi
done
if [ "$(readlink "$prefix/$libdir/libjrx.so")" != libjrx.so.0 ] ||
   [ ! -f "$prefix/$libdir/libjrx.so.0.1.0" ]; then
  echo "libjrx.so is not the libjrx.so.0 -> libjrx.so.0.1.0 chain"
  exit 1
fi

echo "== find_package(jrx)"
cmake -S "$consumer" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$compiler" -DCMAKE_C_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$flags" >"$work/configure.log"
cmake --build "$work/cmake" >"$work/build.log"
"$work/cmake/consumer_shared"
"$work/cmake/consumer_static"

echo "== pkg-config"
PKG_CONFIG_PATH=$prefix/$libdir/pkgconfig
export PKG_CONFIG_PATH
# shellcheck disable=SC2046,SC2086 # the flags are word lists
"$compiler" $flags -o "$work/consumer_pkgconfig" "$consumer/consumer.c" \
  $(pkg-config --cflags --libs jrx)
LD_LIBRARY_PATH=$prefix/$libdir "$work/consumer_pkgconfig"
if ! pkg-config --static --libs jrx | grep -q -- -lpthread; then
  echo "pkg-config --static --libs jrx does not list -lpthread"
  exit 1
fi
if [ "$(pkg-config --modversion jrx)" != "$("$work/cmake/consumer_shared" --version)" ]; then
  echo "pkg-config's version differs from the installed library's"
  exit 1
fi
echo "install test passed"
