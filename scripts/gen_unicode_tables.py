#!/usr/bin/env python3
"""Generates src/regex/unicode_tables.{h,c}: the code point sets behind
\\p{..} and the property names PCRE2 10.42 accepts for them.

Every property becomes a sorted list of disjoint, non-adjacent code point
ranges (identical lists are stored once), and every accepted name a row of
a table sorted by its loose form (lower case, without spaces, hyphens and
underscores, as PCRE2 compares names). The sets come from the installed
unicode-data (its version is named in the output); the names follow
PCRE2 10.42: general categories by their short names plus L& and Any,
scripts by both names (a script that has no code point assigned by
--unicode-version, such as Kawi in 15.0, is left out; so is
Katakana_Or_Hiragana, which no code point has as its script), Bidi_Class
values as "bidi" + short name, the binary properties PCRE2 lists by both
names, and PCRE2's specials Xan, Xps, Xsp, Xuc and Xwd. Also the
Grapheme_Cluster_Break value of every code point that \\X reads, as
PCRE2 10.42 assigns them: auxiliary/GraphemeBreakProperty.txt, with
Extended_Pictographic (emoji/emoji-data.txt) as one more value in place
of Other. And src/regex/unicode_automata.{h,c}: the UTF-8 byte automata
of the big sets (utf8_automaton.py), which jrx copies rather than builds.

Usage: gen_unicode_tables.py [UNICODE_DIR] [--unicode-version 14.0] [--check]
"""

import os
import sys

import gen_casefold
import utf8_automaton

HEADER_NAME = "unicode_tables.h"
SOURCE_NAME = "unicode_tables.c"
AUTOMATA_HEADER_NAME = "unicode_automata.h"
AUTOMATA_SOURCE_NAME = "unicode_automata.c"
# Sets whose UTF-8 automaton has at least this many instructions get it
# stored: building one costs jrx about 240 host instructions each (a 64 one
# half of PCRE2-JIT's whole compile of \p{L}); the smaller ones are built
# at compile time, keeping the tables small.
MIN_STORED_AUTOMATON = 64
MAX_CODE_POINT = 0x10FFFF

# The binary properties PCRE2 10.42 accepts (pcre2pattern, "Binary (true/false)
# properties"), by their long names; PropertyAliases.txt gives the short ones.
PCRE2_BINARY_PROPERTIES = [
    "ASCII", "ASCII_Hex_Digit", "Alphabetic", "Bidi_Control", "Bidi_Mirrored", "Case_Ignorable",
    "Cased", "Changes_When_Casefolded", "Changes_When_Casemapped", "Changes_When_Lowercased",
    "Changes_When_Titlecased", "Changes_When_Uppercased", "Dash", "Default_Ignorable_Code_Point",
    "Deprecated", "Diacritic", "Emoji", "Emoji_Component", "Emoji_Modifier",
    "Emoji_Modifier_Base", "Emoji_Presentation", "Extended_Pictographic", "Extender",
    "Grapheme_Base", "Grapheme_Extend", "Grapheme_Link", "Hex_Digit", "IDS_Binary_Operator",
    "IDS_Trinary_Operator", "ID_Continue", "ID_Start", "Ideographic", "Join_Control",
    "Logical_Order_Exception", "Lowercase", "Math", "Noncharacter_Code_Point", "Pattern_Syntax",
    "Pattern_White_Space", "Prepended_Concatenation_Mark", "Quotation_Mark", "Radical",
    "Regional_Indicator", "Sentence_Terminal", "Soft_Dotted", "Terminal_Punctuation",
    "Unified_Ideograph", "Uppercase", "Variation_Selector", "White_Space", "XID_Continue",
    "XID_Start",
]
BINARY_PROPERTY_FILES = ["PropList.txt", "DerivedCoreProperties.txt", "emoji/emoji-data.txt"]
# PCRE2 10.42 takes Bidi_Mirrored from BidiMirroring.txt: only the
# characters that have a mirrored glyph there (U+2201 COMPLEMENT, which
# UnicodeData.txt calls mirrored, is not).
BIDI_MIRRORING_FILE = "BidiMirroring.txt"
# General categories made of others (PropertyValueAliases.txt lists them
# only as names); LC is PCRE2's L&.
GENERAL_CATEGORY_GROUPS = {
    "C": ["Cc", "Cf", "Cn", "Co", "Cs"],
    "L": ["Lu", "Ll", "Lt", "Lm", "Lo"],
    "LC": ["Lu", "Ll", "Lt"],
    "M": ["Mc", "Me", "Mn"],
    "N": ["Nd", "Nl", "No"],
    "P": ["Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps"],
    "S": ["Sc", "Sk", "Sm", "So"],
    "Z": ["Zl", "Zp", "Zs"],
}

# Grapheme_Cluster_Break values in the order of the generated enum
# (unicode_grapheme_break); code points in no range are Other.
GRAPHEME_BREAK_FILE = os.path.join("auxiliary", "GraphemeBreakProperty.txt")
# unicode_grapheme_blocks indexes the ranges by code point >> this.
GRAPHEME_BLOCK_SHIFT = 8
GRAPHEME_BREAK_VALUES = ["Other", "CR", "LF", "Control", "Extend", "Prepend", "SpacingMark", "L",
                         "V", "T", "LV", "LVT", "Regional_Indicator", "ZWJ",
                         "Extended_Pictographic"]

KIND_GENERAL = "UNICODE_NAME_GENERAL_CATEGORY"
KIND_SCRIPT = "UNICODE_NAME_SCRIPT"
KIND_BIDI = "UNICODE_NAME_BIDI_CLASS"
KIND_BINARY = "UNICODE_NAME_BINARY"
KIND_SPECIAL = "UNICODE_NAME_SPECIAL"


def loose(name):
    return name.lower().replace(" ", "").replace("-", "").replace("_", "")


def parse_range(text):
    low, _, high = text.partition("..")
    return int(low, 16), int(high or low, 16)


def to_ranges(code_points):
    """Sorted disjoint non-adjacent ranges of an iterable of code points."""
    ranges = []
    for code_point in sorted(code_points):
        if ranges and ranges[-1][1] + 1 == code_point:
            ranges[-1][1] = code_point
        else:
            ranges.append([code_point, code_point])
    return [tuple(r) for r in ranges]


def merge(*range_lists):
    points = []
    for ranges in range_lists:
        points.extend(ranges)
    points.sort()
    merged = []
    for low, high in points:
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [tuple(r) for r in merged]


def read_property_file(path, default=None):
    """Maps each value of the file's second field to its range list."""
    values = {}
    for fields in gen_casefold.data_lines(path):
        value = fields[1].split()[0] if len(fields) > 1 else default
        values.setdefault(value, []).extend([parse_range(fields[0])])
    return {value: merge(ranges) for value, ranges in values.items()}


def read_bidi_classes(unicode_dir, value_aliases):
    """Per bidi class (short name), its ranges: the file's explicit entries
    over its @missing defaults, a later default over an earlier one."""
    long_to_short = {aliases[1]: aliases[0] for aliases in value_aliases["bc"]}
    path = os.path.join(unicode_dir, "extracted", "DerivedBidiClass.txt")
    classes = [None] * (MAX_CODE_POINT + 1)
    with open(path, encoding="utf-8") as data:
        for line in data:
            if line.startswith("# @missing:"):
                code_points, _, value = line[len("# @missing:"):].partition(";")
                low, high = parse_range(code_points.strip())
                classes[low:high + 1] = [long_to_short[value.strip()]] * (high - low + 1)
    for fields in gen_casefold.data_lines(path):
        low, high = parse_range(fields[0])
        classes[low:high + 1] = [fields[1]] * (high - low + 1)
    members = {}
    for code_point, value in enumerate(classes):
        members.setdefault(value, []).append(code_point)
    return {value: to_ranges(code_points) for value, code_points in members.items()}


def read_general_categories(unicode_dir):
    """Per general category, its ranges; unlisted code points are Cn."""
    category = {}
    pending_first = None
    for fields in gen_casefold.data_lines(os.path.join(unicode_dir, "UnicodeData.txt")):
        code_point = int(fields[0], 16)
        if fields[1].endswith(", First>"):
            pending_first = code_point
            continue
        low = pending_first if fields[1].endswith(", Last>") else code_point
        pending_first = None
        category.setdefault(fields[2], []).append((low, code_point))
    categories = {name: merge(ranges) for name, ranges in category.items()}
    assigned = merge(*categories.values())
    categories["Cn"] = complement(assigned)
    return categories


def complement(ranges):
    result = []
    next_low = 0
    for low, high in ranges:
        if low > next_low:
            result.append((next_low, low - 1))
        next_low = high + 1
    if next_low <= MAX_CODE_POINT:
        result.append((next_low, MAX_CODE_POINT))
    return result


def read_aliases(unicode_dir):
    """PropertyValueAliases.txt: per property, the alias lists of its values;
    PropertyAliases.txt: per long property name, its names."""
    value_aliases = {}
    for fields in gen_casefold.data_lines(os.path.join(unicode_dir, "PropertyValueAliases.txt")):
        value_aliases.setdefault(fields[0], []).append(fields[1:])
    property_aliases = {}
    for fields in gen_casefold.data_lines(os.path.join(unicode_dir, "PropertyAliases.txt")):
        property_aliases[fields[1]] = fields
    return value_aliases, property_aliases


def read_scripts(unicode_dir, value_aliases, assigned):
    """(names, script ranges, extension ranges) of each script PCRE2 has."""
    scripts = read_property_file(os.path.join(unicode_dir, "Scripts.txt"))
    extensions = {}
    short_to_long = {}
    for aliases in value_aliases["sc"]:
        short_to_long[aliases[0]] = aliases[1]
    for fields in gen_casefold.data_lines(os.path.join(unicode_dir, "ScriptExtensions.txt")):
        for short in fields[1].split():
            extensions.setdefault(short_to_long[short], []).append(parse_range(fields[0]))
    scripts["Unknown"] = complement(merge(*scripts.values()))
    result = []
    for aliases in value_aliases["sc"]:
        long_name = aliases[1]
        ranges = scripts.get(long_name)
        if ranges is None:
            continue
        if long_name != "Unknown" and not any(assigned(low) or any(
                assigned(c) for c in range(low, high + 1)) for low, high in ranges):
            continue
        # PCRE2 10.42 matches scx:X where X is the script or one of the
        # extensions.
        extended = merge(ranges, extensions.get(long_name, []))
        result.append((aliases, ranges, extended))
    return result


def read_grapheme_breaks(unicode_dir, pictographic):
    """Sorted (low, high, value index) ranges of every code point whose
    Grapheme_Cluster_Break is not Other; Extended_Pictographic code points
    (all Other in the file) get that value, as PCRE2's generator gives."""
    values = read_property_file(os.path.join(unicode_dir, GRAPHEME_BREAK_FILE))
    values["Extended_Pictographic"] = merge(values.get("Extended_Pictographic", []),
                                            pictographic)
    ranges = []
    for value, value_ranges in values.items():
        index = GRAPHEME_BREAK_VALUES.index(value)
        ranges.extend((low, high, index) for low, high in value_ranges)
    ranges.sort()
    for previous, current in zip(ranges, ranges[1:]):
        if current[0] <= previous[1]:
            sys.exit(f"code point {current[0]:04X} has two grapheme break values")
    joined = []
    for low, high, index in ranges:
        if joined and joined[-1][2] == index and joined[-1][1] + 1 == low:
            joined[-1][1] = high
        else:
            joined.append([low, high, index])
    return [tuple(r) for r in joined]


def grapheme_enum_name(value):
    return "UNICODE_GRAPHEME_" + value.upper()


class Tables:
    def __init__(self):
        self.lists = []
        self.grapheme_breaks = []
        self.index_of_list = {}
        self.names = {}

    def add_list(self, ranges):
        key = tuple(ranges)
        if key not in self.index_of_list:
            self.index_of_list[key] = len(self.lists)
            self.lists.append(key)
        return self.index_of_list[key]

    def add_name(self, name, kind, ranges, extended=None):
        key = loose(name)
        row = (kind, self.add_list(ranges), self.add_list(extended or ranges))
        previous = self.names.get(key)
        if previous is not None and previous != row:
            sys.exit(f"the loose name {key} means two properties")
        self.names[key] = row


def build(unicode_dir, version):
    value_aliases, property_aliases = read_aliases(unicode_dir)
    assigned = gen_casefold.read_assigned_until(unicode_dir, version)
    tables = Tables()

    categories = read_general_categories(unicode_dir)
    for group, members in GENERAL_CATEGORY_GROUPS.items():
        categories[group] = merge(*(categories.get(member, []) for member in members))
    for aliases in value_aliases["gc"]:
        tables.add_name(aliases[0], KIND_GENERAL, categories[aliases[0]])
    tables.add_name("L&", KIND_GENERAL, categories["LC"])

    for aliases, ranges, extended in read_scripts(unicode_dir, value_aliases, assigned):
        for name in aliases:
            tables.add_name(name, KIND_SCRIPT, ranges, extended)

    bidi = read_bidi_classes(unicode_dir, value_aliases)
    for aliases in value_aliases["bc"]:
        tables.add_name("bidi" + aliases[0], KIND_BIDI, bidi.get(aliases[0], []))

    mirrored = [parse_range(fields[0]) for fields in
                gen_casefold.data_lines(os.path.join(unicode_dir, BIDI_MIRRORING_FILE))]
    binary = {"ASCII": [(0, 0x7F)], "Bidi_Mirrored": merge(mirrored)}
    for file_name in BINARY_PROPERTY_FILES:
        for name, ranges in read_property_file(os.path.join(unicode_dir, file_name)).items():
            binary[name] = merge(binary.get(name, []), ranges)
    for long_name in PCRE2_BINARY_PROPERTIES:
        for name in property_aliases.get(long_name, [long_name, long_name]):
            tables.add_name(name, KIND_BINARY, binary[long_name])
    # PCRE2 also accepts "space" for White_Space.
    tables.add_name("space", KIND_BINARY, binary["White_Space"])
    tables.grapheme_breaks = read_grapheme_breaks(unicode_dir, binary["Extended_Pictographic"])

    letters_numbers = merge(categories["L"], categories["N"])
    # PCRE2's Perl and POSIX spaces: Z, and the characters of \h and \v.
    perl_space = merge(categories["Z"], [(0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0),
                                         (0x1680, 0x1680), (0x180E, 0x180E), (0x2000, 0x200A),
                                         (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F),
                                         (0x3000, 0x3000)])
    tables.add_name("Any", KIND_SPECIAL, [(0, MAX_CODE_POINT)])
    tables.add_name("Xan", KIND_SPECIAL, letters_numbers)
    tables.add_name("Xps", KIND_SPECIAL, perl_space)
    tables.add_name("Xsp", KIND_SPECIAL, perl_space)
    tables.add_name("Xwd", KIND_SPECIAL, merge(letters_numbers, [(0x5F, 0x5F)]))
    tables.add_name("Xuc", KIND_SPECIAL,
                    [(0x24, 0x24), (0x40, 0x40), (0x60, 0x60), (0xA0, 0xD7FF),
                     (0xE000, MAX_CODE_POINT)])
    return tables


def render(tables, data_version):
    offsets = []
    total = 0
    for ranges in tables.lists:
        offsets.append(total)
        total += len(ranges)
    longest_name = max(len(name) for name in tables.names)
    word_set = tables.names[loose("Xwd")][1]
    banner = (f"/* generated by scripts/gen_unicode_tables.py, do not edit.\n"
              f" * Unicode property sets from data version {data_version} and the\n"
              f" * property names PCRE2 10.42 accepts, in their loose form. */\n")
    grapheme_enum = ",\n".join("  " + grapheme_enum_name(value) for value in GRAPHEME_BREAK_VALUES)
    header = banner + f"""#ifndef JRX_UNICODE_TABLES_H
#define JRX_UNICODE_TABLES_H

#include <stddef.h>
#include <stdint.h>

#include "charset.h"

#define UNICODE_TABLES_VERSION "{data_version}"
/* Longest loose name in unicode_property_names. */
#define UNICODE_MAX_NAME_LENGTH {longest_name}
/* The set of Xwd (\\w under UCP), which \\b and \\B under UCP look up
 * for every character they read. */
#define UNICODE_WORD_SET {word_set}

/* Grapheme_Cluster_Break, with Extended_Pictographic as a value of its
 * own, as PCRE2 10.42's \\X reads it. */
typedef enum unicode_grapheme_break {{
{grapheme_enum}
}} unicode_grapheme_break;

/* [low, high] have the value (a unicode_grapheme_break); sorted, and
 * every code point in none of them is UNICODE_GRAPHEME_OTHER. */
typedef struct unicode_grapheme_range {{
  uint32_t low;
  uint32_t high;
  uint8_t value;
}} unicode_grapheme_range;

/* unicode_grapheme_blocks[b]: the first range that ends at or after code
 * point b << UNICODE_GRAPHEME_BLOCK_SHIFT (the range count past the
 * last), so that a code point's range is among [blocks[b], blocks[b + 1]]. */
#define UNICODE_GRAPHEME_BLOCK_SHIFT {GRAPHEME_BLOCK_SHIFT}

typedef enum unicode_name_kind {{
  {KIND_GENERAL},
  {KIND_SCRIPT},
  {KIND_BIDI},
  {KIND_BINARY},
  {KIND_SPECIAL}
}} unicode_name_kind;

/* unicode_ranges[start .. start + count): one property's code points. */
typedef struct unicode_range_list {{
  uint32_t start;
  uint32_t count;
}} unicode_range_list;

/* One accepted name: its set and, for a script, the set of its extensions
 * (what a bare script name and scx: mean), as indexes into
 * unicode_range_lists. */
typedef struct unicode_property_name {{
  const char *name;
  uint8_t kind;
  uint16_t set;
  uint16_t extensions;
}} unicode_property_name;

extern const charset_range unicode_ranges[];
extern const unicode_range_list unicode_range_lists[];
/* Sorted by name (strcmp), for binary search. */
extern const unicode_property_name unicode_property_names[];
extern const size_t unicode_property_name_count;
extern const unicode_grapheme_range unicode_grapheme_ranges[];
extern const size_t unicode_grapheme_range_count;
extern const uint16_t unicode_grapheme_blocks[];

#endif
"""
    lines = [banner, f'#include "{HEADER_NAME}"\n\n', "const charset_range unicode_ranges[] = {\n"]
    for index, ranges in enumerate(tables.lists):
        lines.append(f"  /* {index} */\n")
        for position in range(0, len(ranges), 4):
            chunk = ranges[position:position + 4]
            lines.append("  " + " ".join(f"{{0x{low:x}, 0x{high:x}}}," for low, high in chunk) + "\n")
    lines.append("};\n\nconst unicode_range_list unicode_range_lists[] = {\n")
    for index, ranges in enumerate(tables.lists):
        lines.append(f"  {{{offsets[index]}, {len(ranges)}}},\n")
    lines.append("};\n\nconst unicode_property_name unicode_property_names[] = {\n")
    for name in sorted(tables.names):
        kind, primary, extended = tables.names[name]
        lines.append(f'  {{"{name}", {kind}, {primary}, {extended}}},\n')
    lines.append("};\n\n")
    lines.append(f"const size_t unicode_property_name_count = {len(tables.names)};\n")
    lines.append("\nconst unicode_grapheme_range unicode_grapheme_ranges[] = {\n")
    for low, high, index in tables.grapheme_breaks:
        lines.append(f"  {{0x{low:x}, 0x{high:x}, "
                     f"{grapheme_enum_name(GRAPHEME_BREAK_VALUES[index])}}},\n")
    lines.append("};\n\n")
    lines.append("const size_t unicode_grapheme_range_count = "
                 f"{len(tables.grapheme_breaks)};\n")
    lines.append("\nconst uint16_t unicode_grapheme_blocks[] = {\n")
    blocks = []
    index = 0
    for block in range((MAX_CODE_POINT >> GRAPHEME_BLOCK_SHIFT) + 2):
        while (index < len(tables.grapheme_breaks) and
               tables.grapheme_breaks[index][1] < block << GRAPHEME_BLOCK_SHIFT):
            index += 1
        blocks.append(index)
    for position in range(0, len(blocks), 12):
        lines.append("  " + " ".join(f"{value}," for value in blocks[position:position + 12]) + "\n")
    lines.append("};\n")
    files = {HEADER_NAME: header, SOURCE_NAME: "".join(lines)}
    files.update(render_automata(tables, banner))
    return files


def automaton_facts(instructions, entry):
    """The facts unicode_automaton stores beside an automaton, as the
    analyses would find them walking it (test_nfa_class_automata checks
    that they do)."""
    bytes_held = [0, 0, 0, 0]
    boundaries = [0, 0, 0, 0]

    def add(byte_set, byte):
        byte_set[byte >> 6] |= 1 << (byte & 63)

    ranges = [instruction for instruction in instructions if instruction[0] == "range"]
    for _, low, high, _ in ranges:
        for byte in range(low, high + 1):
            add(bytes_held, byte)
        add(boundaries, low)
        if high < 255:
            add(boundaries, high + 1)
    lengths = {}

    def path_lengths(index):
        if index == utf8_automaton.NEXT:
            return (0, 0)
        if index not in lengths:
            instruction = instructions[index]
            if instruction[0] == "range":
                shortest, longest = path_lengths(instruction[3])
                lengths[index] = (shortest + 1, longest + 1)
            else:
                first, second = path_lengths(instruction[1]), path_lengths(instruction[2])
                lengths[index] = (min(first[0], second[0]), max(first[1], second[1]))
        return lengths[index]

    def lead_widths(index):
        instruction = instructions[index]
        if instruction[0] == "range":
            return [instruction[2] - instruction[1]]
        return lead_widths(instruction[1]) + lead_widths(instruction[2])

    def closure_ranges(seeds):
        found, stack = set(), list(seeds)
        while stack:
            index = stack.pop()
            if instructions[index][0] == "range":
                found.add(index)
            else:
                stack.extend(instructions[index][1:])
        return found

    bytes_at = []
    ends = 0
    layer = closure_ranges([entry])
    while layer:
        layer_bytes = [0, 0, 0, 0]
        for index in layer:
            for byte in range(instructions[index][1], instructions[index][2] + 1):
                add(layer_bytes, byte)
            if instructions[index][3] == utf8_automaton.NEXT:
                ends |= 1 << (len(bytes_at) + 1)
        bytes_at.append(layer_bytes)
        layer = closure_ranges(instructions[index][3] for index in layer
                               if instructions[index][3] != utf8_automaton.NEXT)
    shortest, longest = path_lengths(entry)
    return {"range_count": len(ranges), "min_length": shortest, "max_length": longest,
            "leads": sorted(closure_ranges([entry])),
            "ends": ends, "bytes_at": bytes_at + [[0, 0, 0, 0]] * (4 - len(bytes_at)),
            "widest_range": max(high - low for _, low, high, _ in ranges),
            "widest_lead_range": max(lead_widths(entry)),
            "bytes": bytes_held, "boundaries": boundaries}


def has_interior_dominator(instructions, entry):
    """Whether an instruction other than entry lies on every path from
    entry to the class's next. Such an automaton is not stored: the search
    for inner literals (search/inner_literal.c) takes a stored one's other
    instructions for no dominators without testing them. A dominator lies
    on every path, so only those of one path (each split's next) are
    tested, each by a search that may not pass it."""
    def reaches_next(avoid):
        stack, seen = [entry], {entry}
        while stack:
            instruction = instructions[stack.pop()]
            targets = [instruction[3]] if instruction[0] == "range" else instruction[1:]
            for target in targets:
                if target == utf8_automaton.NEXT:
                    return True
                if target != avoid and target not in seen:
                    seen.add(target)
                    stack.append(target)
        return False

    index = entry
    while index != utf8_automaton.NEXT:
        if index != entry and not reaches_next(index):
            return True
        instruction = instructions[index]
        index = instruction[3] if instruction[0] == "range" else instruction[1]
    return False


def byte_set_initializer(byte_set):
    return "{" + ", ".join(f"0x{word:016x}u" for word in byte_set) + "}"


def render_automata(tables, banner):
    """The stored automata of the sets a UTF-mode class can equal (none
    with a surrogate: the parser removes them, none with an instruction but
    its entry on every path: none has one today), by their sets' range
    counts, so that a search for a small class stops at the first."""
    rows = []
    words = []
    exits = []
    leads = []
    for index, ranges in enumerate(tables.lists):
        if any(low <= utf8_automaton.SURROGATE_HIGH and high >= utf8_automaton.SURROGATE_LOW
               for low, high in ranges):
            continue
        built = utf8_automaton.build(ranges)
        if (built is None or len(built[0]) < MIN_STORED_AUTOMATON
                or has_interior_dominator(*built)):
            continue
        instructions, entry = built
        stored, stored_exits = utf8_automaton.words(instructions)
        facts = automaton_facts(instructions, entry)
        rows.append((len(ranges), index, entry, len(words) // utf8_automaton.WORDS,
                     len(instructions), len(exits), len(stored_exits), len(leads), facts))
        words.extend(stored)
        exits.extend(stored_exits)
        leads.extend(facts["leads"])
    rows.sort()
    header = banner + f"""#ifndef JRX_UNICODE_AUTOMATA_H
#define JRX_UNICODE_AUTOMATA_H

#include <stddef.h>
#include <stdint.h>

/* One instruction of a stored automaton: UNICODE_AUTOMATON_WORDS 32-bit
 * words laid out as nfa_instruction is on a little-endian target (opcode
 * | low << 8 | high << 16; next; a split's alternative, else 0), so that
 * copying it is a relocation (nfa_class_automata.c checks the layout). A
 * target inside the automaton holds its index with
 * UNICODE_AUTOMATON_PLACED set, to which the copy adds the automaton's
 * first index in the program; a target that is where the class continues
 * holds 0 and its word is listed among the automaton's exits. */
#define UNICODE_AUTOMATON_WORDS {utf8_automaton.WORDS}u
#define UNICODE_AUTOMATON_PLACED 0x{utf8_automaton.PLACED_BIT:x}u
#define UNICODE_AUTOMATON_OPCODE_BYTE_RANGE {utf8_automaton.OPCODE_BYTE_RANGE}u
#define UNICODE_AUTOMATON_OPCODE_SPLIT {utf8_automaton.OPCODE_SPLIT}u

/* The automaton of unicode_range_lists[set]: the instructions of words
 * unicode_automaton_words[UNICODE_AUTOMATON_WORDS * start ..] (count of
 * them), entered at entry, whose words at the offsets
 * unicode_automaton_exits[exit_start .. exit_start + exit_count) are the
 * class's next; exactly what nfa_compile_class.c builds for that set in
 * UTF mode. No instruction but entry lies on every path from entry to
 * the class's next. Sorted by the sets' range counts. */
typedef struct unicode_automaton {{
  uint16_t set;
  uint16_t entry;
  uint32_t start;
  uint32_t count;
  uint32_t exit_start;
  uint32_t exit_count;
  /* The byte ranges entry reaches by splits alone (the lead bytes'), by
   * their indexes in the automaton, in order: unicode_automaton_leads
   * [lead_start .. lead_start + lead_count). A closure that reaches entry
   * has these in its frontier, without walking the splits to them. */
  uint32_t lead_start;
  uint32_t lead_count;
  /* Facts of the automaton, which the analyses of a program holding a
   * copy take instead of walking it (nfa_program.stored_regions): its
   * byte ranges; the fewest and most bytes a path from entry to the
   * class's next consumes; the largest high - low of its ranges, and of
   * the ranges entry reaches by splits alone (the lead bytes); bit n of
   * ends: a path of n bytes; bit b of bytes: some range holds b; bit b of
   * boundaries: a range starts at b or ends at b - 1; bit b of
   * bytes_at[d]: a range reached after exactly d bytes holds b. */
  uint16_t range_count;
  uint8_t min_length;
  uint8_t max_length;
  uint8_t widest_range;
  uint8_t widest_lead_range;
  uint8_t ends;
  uint64_t bytes[4];
  uint64_t boundaries[4];
  uint64_t bytes_at[4][4];
}} unicode_automaton;

extern const uint32_t unicode_automaton_words[];
extern const uint16_t unicode_automaton_exits[];
extern const uint16_t unicode_automaton_leads[];
extern const unicode_automaton unicode_automata[];
extern const size_t unicode_automaton_count;

#endif
"""
    lines = [banner, f'#include "{AUTOMATA_HEADER_NAME}"\n\n',
             "const uint32_t unicode_automaton_words[] = {\n"]
    for position in range(0, len(words), 6):
        lines.append("  " + " ".join(f"0x{word:x}," for word in words[position:position + 6])
                     + "\n")
    lines.append("};\n\nconst uint16_t unicode_automaton_exits[] = {\n")
    for position in range(0, len(exits), 12):
        lines.append("  " + " ".join(f"{offset}," for offset in exits[position:position + 12])
                     + "\n")
    lines.append("};\n\nconst uint16_t unicode_automaton_leads[] = {\n")
    for position in range(0, len(leads), 12):
        lines.append("  " + " ".join(f"{offset}," for offset in leads[position:position + 12])
                     + "\n")
    lines.append("};\n\nconst unicode_automaton unicode_automata[] = {\n")
    for _, index, entry, start, count, exit_start, exit_count, lead_start, facts in rows:
        lines.append(f"  {{{index}, {entry}, {start}, {count}, {exit_start}, {exit_count}, "
                     f"{lead_start}, {len(facts['leads'])}, "
                     f"{facts['range_count']}, "
                     f"{facts['min_length']}, {facts['max_length']}, {facts['widest_range']}, "
                     f"{facts['widest_lead_range']}, 0x{facts['ends']:x},\n"
                     f"   {byte_set_initializer(facts['bytes'])},\n"
                     f"   {byte_set_initializer(facts['boundaries'])},\n"
                     "   {" + ",\n    ".join(byte_set_initializer(layer)
                                             for layer in facts['bytes_at']) + "}},\n")
    lines.append("};\n\n")
    lines.append(f"const size_t unicode_automaton_count = {len(rows)};\n")
    return {AUTOMATA_HEADER_NAME: header, AUTOMATA_SOURCE_NAME: "".join(lines)}


def main():
    arguments = gen_casefold.parse_arguments(
        __doc__, "leave out scripts with no code point assigned by this version")

    needed = ["UnicodeData.txt", "Scripts.txt", "ScriptExtensions.txt", "DerivedAge.txt",
              "PropertyAliases.txt", "PropertyValueAliases.txt",
              "extracted/DerivedBidiClass.txt", BIDI_MIRRORING_FILE, GRAPHEME_BREAK_FILE] + BINARY_PROPERTY_FILES
    for name in needed:
        if not os.path.isfile(os.path.join(arguments.unicode_dir, name)):
            print(f"{name} not found in {arguments.unicode_dir}", file=sys.stderr)
            return gen_casefold.EXIT_DATA_MISSING
    data_version = gen_casefold.read_file_version(
        os.path.join(arguments.unicode_dir, "DerivedAge.txt"))
    tables = build(arguments.unicode_dir, arguments.unicode_version)
    files = render(tables, data_version)
    return gen_casefold.write_or_check(files, arguments.output_dir, arguments.check,
                                       "gen_unicode_tables.py")


if __name__ == "__main__":
    sys.exit(main())
