#!/bin/sh
# Checks that a shared library exports the public API and nothing else:
# every defined dynamic symbol starts with jrx_ or jitmem_, and every
# function the headers declare with JRX_EXPORT or JITMEM_EXPORT is there.
# usage: check_exports.sh NM LIBRARY HEADER...
set -eu
nm_tool=$1
library=$2
shift 2

exported=$("$nm_tool" -D --defined-only "$library" | awk '{ print $NF }')
status=0
for symbol in $exported; do
  case $symbol in
    jrx_* | jitmem_*) ;;
    *) echo "exported but not public: $symbol"; status=1 ;;
  esac
done

declared=$(grep -v '^#' "$@" | sed -n 's/.*_EXPORT[^(]*[ *]\([a-z_0-9]*\)(.*/\1/p')
declared_count=0
for function in $declared; do
  declared_count=$((declared_count + 1))
  if ! printf '%s\n' "$exported" | grep -qx "$function"; then
    echo "declared but not exported: $function"
    status=1
  fi
done
# Guards against the header parsing silently finding nothing.
if [ "$declared_count" -lt 20 ]; then
  echo "only $declared_count exported functions found in $*"
  status=1
fi
echo "$declared_count public functions exported, $(printf '%s\n' "$exported" | wc -l) symbols in all"
exit "$status"
