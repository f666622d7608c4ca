#!/usr/bin/env python3
"""Writes the benchmark's word lists, taken from its haystacks.

A list of N words for a haystack: its distinct words (Unicode \\w+ runs)
of four characters or more without digits, ranked by how often they occur
(most first, then by text), and N of them picked at even steps through
that ranking, so that a list mixes common words with rare ones, as a list
of terms to search for would (all of them when there are no more than N).
The lists are written as HAYSTACK-N.txt, one word a line, for
bench_suite --word-lists and for `jrxgrep -f` in grep_bench.sh; this script
is their source (expected_counts.py imports word_list).

Usage: word_lists.py BENCH_DATA_DIR OUT_DIR
"""
import collections
import os
import re
import sys

# The lists the workloads use: (haystack, word count).
LISTS = [
    ("subtitles-en", 100), ("subtitles-en", 1000), ("subtitles-en", 10000),
    ("subtitles-ru", 100), ("subtitles-ru", 1000), ("subtitles-ru", 10000),
]
DATA_FILES = {
    "subtitles-en": "opensubtitles/en-sampled.txt",
    "subtitles-ru": "opensubtitles/ru-sampled.txt",
}
MIN_LENGTH = 4


def word_list(text, count):
    """The list of count words for text (bytes, UTF-8)."""
    words = collections.Counter(
        word for word in re.findall(r"\w+", text.decode("utf-8"))
        if len(word) >= MIN_LENGTH and not any(character.isdigit() for character in word))
    ranked = sorted(words, key=lambda word: (-words[word], word))
    if len(ranked) <= count:
        return ranked
    return [ranked[index * len(ranked) // count] for index in range(count)]


def list_path(out_dir, haystack, count):
    return os.path.join(out_dir, "%s-%d.txt" % (haystack, count))


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    data_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    for haystack, count in LISTS:
        with open(os.path.join(data_dir, DATA_FILES[haystack]), "rb") as handle:
            words = word_list(handle.read(), count)
        with open(list_path(out_dir, haystack, count), "w", encoding="utf-8") as handle:
            handle.write("".join(word + "\n" for word in words))


if __name__ == "__main__":
    main()
