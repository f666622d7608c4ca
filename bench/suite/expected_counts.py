#!/usr/bin/env python3
"""Computes the expected counts of workloads.tsv with Python's re, an
engine independent of every engine the benchmark compares.

For the patterns used re's semantics are PCRE2's: leftmost-first, a
repeated group reports its last iteration; in byte mode (ASCII patterns or
literal UTF-8 bytes) ASCII \\w \\d \\s \\b and ASCII case folding; rows with
the u flag (PCRE2_UTF) run as str patterns on the decoded text, where re
folds case as PCRE2's UTF mode does (their patterns avoid \\w \\d \\s \\b,
which re would widen to Unicode). \\p{NAME} (NAME a general category or a
script, which PCRE2 takes as its script extensions) becomes the explicit
class of its members, from Python's unicodedata for categories and from
the Unicode data's Scripts.txt and ScriptExtensions.txt for scripts (a
reading independent of scripts/gen_unicode_tables.py). re has no \\X: a
pattern \\X, or one character's pattern before \\X or (\\X), is counted by
cluster_matches, with PCRE2 10.42's pair table (which joins two
Extended_Pictographic characters, as no UAX #29 does) over
GraphemeBreakProperty.txt and emoji-data.txt. "@words:HAYSTACK:N" patterns are
word_lists.py's lists joined by |; haystack "NAME*K" is NAME's text K
times. Scan rows count non-overlapping matches; short rows count 20-byte
subjects with a match. Capture rows also fold every offset they report
into a checksum (FNV-1a's step over whole 64-bit words: xor the offset,
multiply by the FNV prime, unset groups as 2**64 - 1, as engine.h's
bench_checksum_fold) and are written "count/checksum": groups rows over
every match with all groups, matches rows over every match's whole match,
line rows over one match per line (offsets from the line's start;
line-match rows the whole match only). Pathological rows would make
re backtrack for years, so for them the claim "no match at all" is checked
by asking for the final character class alone.
Usage: expected_counts.py BENCH_DATA_DIR [--write]
  without --write: exit 1 if a count in workloads.tsv differs
  with --write:    rewrite the expected column (this script is its source)
"""
import functools
import os
import re
import sys
import unicodedata

import word_lists
import gen_logs

HERE = os.path.dirname(os.path.abspath(__file__))
TSV = os.path.join(HERE, "workloads.tsv")
DATA_FILES = {
    "sherlock": "sherlock.txt",
    "subtitles-en": "opensubtitles/en-sampled.txt",
    "subtitles-ru": "opensubtitles/ru-sampled.txt",
    "subtitles-zh": "opensubtitles/zh-sampled.txt",
    "log": "unstructured-to-json.log",
    "redos": "cloud-flare-redos.txt",
    "fasta": "regex-redux-100000.fasta",
}
LETTER_RUN_LENGTH = 4000  # haystacks.cpp's letter_run_length
SHORT_SUBJECT_LENGTH = 20
# The trailing part every match of a pathological pattern must contain.
PATHOLOGICAL_WITNESS = {"(x+x+)+[yz]": rb"[yz]"}


FNV_PRIME = 0x100000001b3
FNV_START = 0xcbf29ce484222325
UNSET = 2**64 - 1


def fold(checksum, offset):
    return ((checksum ^ (offset & UNSET)) * FNV_PRIME) & UNSET


def fold_match(checksum, match, pairs):
    for group in range(pairs):
        for offset in match.span(group):
            checksum = fold(checksum, offset)
    return checksum


def captures(kind, compiled, text):
    """count/checksum of a capture row."""
    checksum, count = FNV_START, 0
    if kind in ("groups", "matches"):
        pairs = 1 if kind == "matches" else compiled.groups + 1
        for match in compiled.finditer(text):
            checksum = fold_match(checksum, match, pairs)
            count += 1
        return "%d/%016x" % (count, checksum)
    lines = text.split(b"\n")
    if text.endswith(b"\n"):
        lines.pop()
    pairs = 1 if kind == "line-match" else compiled.groups + 1
    for line in lines:
        match = compiled.search(line)
        if match:
            checksum = fold_match(checksum, match, pairs)
            count += 1
    return "%d/%016x" % (count, checksum)


UNICODE_DATA_DIR = "/usr/share/unicode"
MAX_CODE_POINT = 0x10FFFF


def code_point_ranges(predicate):
    """The code points (surrogates excluded) where predicate holds, as a
    class body of ranges."""
    parts, start = [], None
    for code_point in range(MAX_CODE_POINT + 2):
        inside = (code_point <= MAX_CODE_POINT and not 0xD800 <= code_point <= 0xDFFF
                  and predicate(code_point))
        if inside and start is None:
            start = code_point
        elif not inside and start is not None:
            parts.append("\\U%08x-\\U%08x" % (start, code_point - 1))
            start = None
    return "".join(parts)


def script_extension_members(name):
    """Code points whose script, or one of whose script extensions, is the
    script called name (long or short)."""
    aliases = {}
    with open(os.path.join(UNICODE_DATA_DIR, "PropertyValueAliases.txt"), encoding="utf-8") as f:
        for line in f:
            fields = [field.strip() for field in line.split("#")[0].split(";")]
            if fields[0] == "sc":
                for alias in fields[1:]:
                    aliases[alias.lower()] = (fields[1], fields[2])
    short, long_name = aliases[name.lower()]
    members = set()
    for file_name, wanted in (("Scripts.txt", long_name), ("ScriptExtensions.txt", short)):
        with open(os.path.join(UNICODE_DATA_DIR, file_name), encoding="utf-8") as f:
            for line in f:
                fields = [field.strip() for field in line.split("#")[0].split(";")]
                if len(fields) == 2 and wanted in fields[1].split():
                    low, _, high = fields[0].partition("..")
                    members.update(range(int(low, 16), int(high or low, 16) + 1))
    return members


def property_values(file_name, known):
    """Code point -> value from a UCD property file, for values in known."""
    values = {}
    with open(os.path.join(UNICODE_DATA_DIR, file_name), encoding="utf-8") as f:
        for line in f:
            fields = [field.strip() for field in line.split("#")[0].split(";")]
            if len(fields) == 2 and fields[1] in known:
                low, _, high = fields[0].partition("..")
                for code_point in range(int(low, 16), int(high or low, 16) + 1):
                    values[code_point] = fields[1]
    return values


CONTROL = {"CR", "LF", "Control"}
HANGUL = {"L": {"L", "V", "LV", "LVT"}, "LV": {"V", "T"}, "V": {"V", "T"},
          "LVT": {"T"}, "T": {"T"}}


@functools.lru_cache(maxsize=None)
def grapheme_values():
    """Code point -> Grapheme_Cluster_Break, Extended_Pictographic in
    place of Other (as PCRE2's tables)."""
    values = property_values("auxiliary/GraphemeBreakProperty.txt",
                             CONTROL | set(HANGUL) | {"Extend", "ZWJ", "SpacingMark",
                                                      "Prepend", "Regional_Indicator"})
    values.update(property_values("emoji/emoji-data.txt", {"Extended_Pictographic"}))
    return values


def joins(left, right):
    """PCRE2 10.42's pair table: no break between left and right."""
    if left == "CR":
        return right == "LF"
    if left in CONTROL or right in CONTROL:
        return False
    if right in ("Extend", "ZWJ", "SpacingMark") or right in HANGUL.get(left, ()):
        return True
    if left == "Prepend":
        return right != "Extended_Pictographic"
    return left == right and left in ("Extended_Pictographic", "Regional_Indicator")


def cluster_end(text, start):
    """Where the cluster \\X matches from text[start] ends, by PCRE2
    10.42's rules (pcre2_extuni.c): a character joins the cluster unless
    the pair table breaks between the value kept on the left and its own;
    Extended_Pictographic stays the left value over Extend and ZWJ;
    regional indicators pair up from the cluster's start (no pattern
    counted here has one right before its cluster)."""
    values = grapheme_values()
    left = values.get(ord(text[start]), "Other")
    regional = 1 if left == "Regional_Indicator" else 0
    position = start + 1
    while position < len(text):
        right = values.get(ord(text[position]), "Other")
        if not joins(left, right) or (right == "Regional_Indicator" and left == right
                                      and regional % 2 == 0):
            break
        if left != "Extended_Pictographic" or right not in ("Extend", "ZWJ"):
            left = right
        regional = regional + 1 if right == "Regional_Indicator" else 0
        position += 1
    return position


def cluster_matches(pattern, text):
    """The matches of a pattern ending with \\X or (\\X) after a prefix
    of one character each match (re searches for it), one after another:
    the spans of the whole match and of every group, in characters."""
    captured = pattern.endswith("(\\X)")
    prefix = re.compile(pattern[:-4] if captured else pattern[:-2])
    position = 0
    while position < len(text):
        found = prefix.search(text, position)
        if found is None or found.end() == len(text):
            return
        end = cluster_end(text, found.end())
        groups = [found.span(group) for group in range(1, prefix.groups + 1)]
        yield [(found.start(), end)] + groups + ([(found.end(), end)] if captured else [])
        position = end


def cluster_row(kind, pattern, flags, data):
    """The expected count (scan) or count/checksum (groups) of a \\X row,
    offsets in bytes."""
    text = data.decode("utf-8" if "u" in flags else "latin-1")
    if kind == "scan":
        return sum(1 for _ in cluster_matches(pattern, text))
    byte_offsets = [0]
    for character in text:
        byte_offsets.append(byte_offsets[-1] + len(character.encode("utf-8"))
                            if "u" in flags else byte_offsets[-1] + 1)
    checksum, count = FNV_START, 0
    for spans in cluster_matches(pattern, text):
        count += 1
        for span in spans:
            for offset in span:
                checksum = fold(checksum, byte_offsets[offset])
    return "%d/%016x" % (count, checksum)


@functools.lru_cache(maxsize=None)
def property_class_body(name):
    if re.fullmatch(r"[A-Z][a-z]?", name):
        return code_point_ranges(lambda c: unicodedata.category(chr(c)).startswith(name))
    members = script_extension_members(name)
    return code_point_ranges(lambda c: c in members)


def expand_properties(pattern):
    """Replaces each \\p{NAME} by its members: a class body inside [...],
    a class outside."""
    output, in_class, position = [], False, 0
    while position < len(pattern):
        match = re.match(r"\\p\{(\w+)\}", pattern[position:])
        if match:
            body = property_class_body(match.group(1))
            output.append(body if in_class else "[" + body + "]")
            position += match.end()
            continue
        character = pattern[position]
        if character == "\\":
            output.append(pattern[position:position + 2])
            position += 2
            continue
        if character == "[" and not in_class:
            in_class = True
        elif character == "]" and in_class:
            in_class = False
        output.append(character)
        position += 1
    return "".join(output)


def python_syntax(pattern):
    """PCRE2's (?<name>...) is (?P<name>...) in Python; \\p{..} is spelled out;
    a leading (*UCP) makes \\w PCRE2 10.42's [\\p{L}\\p{N}_] (later PCRE2
    releases add Mn and Pc)."""
    if pattern.startswith("(*UCP)"):
        pattern = pattern[len("(*UCP)"):].replace("\\w", "[\\p{L}\\p{N}_]")
    return expand_properties(re.sub(r"\(\?<(?=[A-Za-z_])", "(?P<", pattern))


def haystack(name, data_dir):
    if name == "letter-run":
        return b"A" * LETTER_RUN_LENGTH
    if "*" in name:
        base, copies = name.split("*")
        return haystack(base, data_dir) * int(copies)
    if name in gen_logs.FILES:
        return gen_logs.texts()[name].encode("ascii")
    if name == "sample-en":
        path = os.path.join(HERE, "sample_en.txt")
    else:
        path = os.path.join(data_dir, DATA_FILES[name])
    with open(path, "rb") as handle:
        return handle.read()


def expand_words(pattern, data_dir):
    """The alternation an "@words:HAYSTACK:N" pattern stands for."""
    if not pattern.startswith("@words:"):
        return pattern
    _, name, count = pattern.split(":")
    return "|".join(word_lists.word_list(haystack(name, data_dir), int(count)))


def expected(kind, pattern, flags, text):
    options = re.IGNORECASE if "i" in flags else 0
    if kind == "pathological":
        witness = re.compile(PATHOLOGICAL_WITNESS[pattern], options)
        if witness.search(text):
            raise SystemExit("expected_counts: cannot vouch for " + pattern)
        return 0
    if pattern.endswith("\\X") or pattern.endswith("(\\X)"):
        return cluster_row(kind, pattern, flags, text)
    if "u" in flags:
        text = text.decode("utf-8")
        compiled = re.compile(python_syntax(pattern), options)
    else:
        compiled = re.compile(python_syntax(pattern).encode("utf-8"), options)
    if kind in ("groups", "matches", "line-groups", "line-match"):
        return captures(kind, compiled, text)
    if kind == "short":
        return sum(1 for offset in range(0, len(text), SHORT_SUBJECT_LENGTH)
                   if compiled.search(text[offset:offset + SHORT_SUBJECT_LENGTH]))
    return sum(1 for _ in compiled.finditer(text))


def main():
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--write"):
        raise SystemExit(__doc__)
    data_dir, write = sys.argv[1], len(sys.argv) == 3
    texts = {}
    output, differences = [], 0
    with open(TSV, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    for line in lines:
        fields = line.split("\t", 6)
        if line.startswith("#") or len(fields) != 7:
            output.append(line)
            continue
        name, kind, hay, flags, _, old, pattern = fields
        if kind != "compile" and hay != "source-c":
            if hay not in texts:
                texts[hay] = haystack(hay, data_dir)
            count = str(expected(kind, expand_words(pattern, data_dir), flags, texts[hay]))
            if count != old:
                differences += 1
                print("%s/%s (%s): %s, file says %s" % (name, hay, kind, count, old))
            fields[5] = count
        output.append("\t".join(fields))
    if write:
        with open(TSV, "w", encoding="utf-8", newline="\n") as handle:
            handle.write("\n".join(output))
    elif differences:
        sys.exit(1)


if __name__ == "__main__":
    main()
