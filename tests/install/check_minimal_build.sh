#!/bin/sh
# Builds and installs jrx from source with -DBUILD_TESTING=OFF while CMake
# cannot see PCRE2 or cmocka (their directories in CMAKE_IGNORE_PATH), as a
# user without them would: the libraries, jrxgrep and jrx-explain must build
# and install, and nothing of the tests, fuzz targets or benchmarks may be
# built. The same configure with the tests on must fail, which shows the
# directories really were out of sight. Then the installed tools run and
# the consumer builds against the installed package.
# usage: check_minimal_build.sh SOURCE_DIR CONSUMER_DIR WORK_DIR C_COMPILER LIBDIR IGNORED_DIRS
# (IGNORED_DIRS: the directories to hide, :-separated)
set -eu
source=$1
consumer=$2
work=$3
compiler=$4
libdir=$5
ignored=$(printf '%s' "$6" | tr ':' ';')

rm -rf "$work"
mkdir -p "$work"
build=$work/build
prefix=$work/prefix

echo "== configure with BUILD_TESTING=OFF, PCRE2 and cmocka hidden ($ignored)"
if ! cmake -S "$source" -B "$build" -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$compiler" -DCMAKE_IGNORE_PATH="$ignored" >"$work/configure.log" 2>&1; then
  cat "$work/configure.log"
  echo "FAIL: the library does not configure without PCRE2 and cmocka"
  exit 1
fi
if grep -qiE '^(PCRE2|CMOCKA)_' "$build/CMakeCache.txt"; then
  grep -iE '^(PCRE2|CMOCKA)_' "$build/CMakeCache.txt"
  echo "FAIL: the configure looked for PCRE2 or cmocka"
  exit 1
fi

echo "== the same with BUILD_TESTING=ON must not find PCRE2"
if cmake -S "$source" -B "$work/probe" -DBUILD_TESTING=ON -DCMAKE_C_COMPILER="$compiler" \
    -DCMAKE_IGNORE_PATH="$ignored" >"$work/probe.log" 2>&1; then
  echo "FAIL: PCRE2 was found: the ignored directories do not hide it"
  exit 1
fi

echo "== build and install"
cmake --build "$build" -j 2 >"$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
objects=$(find "$build" -name '*.o' | wc -l)
for directory in tests fuzz bench; do
  if [ -e "$build/$directory" ]; then
    echo "FAIL: $directory/ was configured in a build without tests"
    exit 1
  fi
done
echo "$objects objects compiled"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
for file in include/jrx.h include/jitmem.h bin/jrxgrep bin/jrx-explain \
    share/man/man1/jrxgrep.1 share/man/man3/jrx.3 share/doc/jrx/migrating-from-pcre2.md \
    "$libdir/libjrx.a" "$libdir/libjrx.so" "$libdir/libjitmem.so" \
    "$libdir/cmake/jrx/jrxConfig.cmake" "$libdir/pkgconfig/jrx.pc"; do
  if [ ! -e "$prefix/$file" ]; then
    echo "FAIL: not installed: $file"
    exit 1
  fi
done

echo "== the installed tools and the consumer"
printf 'one\ntwo words\n' >"$work/input.txt"
if [ "$("$prefix/bin/jrxgrep" -c 'o\w*' "$work/input.txt")" != 2 ]; then
  echo "FAIL: the installed jrxgrep does not count 2 matching lines"
  exit 1
fi
"$prefix/bin/jrx-explain" 'a+b' | grep -q '^engine: ' || { echo "FAIL: jrx-explain"; exit 1; }
cmake -S "$consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$compiler" >"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; exit 1; }
cmake --build "$work/consumer" >>"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; exit 1; }
"$work/consumer/consumer_shared"
"$work/consumer/consumer_static"
echo "minimal build test passed"
