#!/usr/bin/env python3
"""Replaces one generated section of bench/README.md with new text.

A section lies between the lines "<!-- begin NAME -->" and
"<!-- end NAME -->"; bench/run.sh and bench/grep_bench.sh write their
latest measurements there so the README always shows the last real run.
Usage: update_readme.py README NAME CONTENT_FILE
"""
import sys


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    readme, name, content_file = sys.argv[1:]
    begin, end = "<!-- begin %s -->" % name, "<!-- end %s -->" % name
    with open(readme, encoding="utf-8") as handle:
        text = handle.read()
    with open(content_file, encoding="utf-8") as handle:
        content = handle.read().rstrip("\n")
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        raise SystemExit("update_readme: %s has no section %s" % (readme, name))
    text = text[:start + len(begin)] + "\n" + content + "\n" + text[stop:]
    with open(readme, "w", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
