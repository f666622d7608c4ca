"""The UTF-8 byte automaton of a code point set, built exactly as
src/regex/utf8_ranges.c and src/regex/nfa_compile_class.c build it at
compile time (same sequences, same trie, same suffix sharing, same
emission order), so gen_unicode_tables.py can store it precomputed and
jrx copies it instead of building it. test_nfa_class_tables checks that
the stored automata equal what the C code builds."""

MAX_CODE_POINT = 0x10FFFF
SURROGATE_LOW = 0xD800
SURROGATE_HIGH = 0xDFFF
LENGTH_ENDS = (0x7F, 0x7FF, 0xFFFF)
# nfa_compile_class.c: classes of more sequences are compiled as a trie.
TRIE_MIN_SEQUENCES = 16


def encode(code_point):
    if code_point < 0x80:
        return [code_point]
    if code_point < 0x800:
        return [0xC0 | code_point >> 6, 0x80 | code_point & 0x3F]
    if code_point < 0x10000:
        return [0xE0 | code_point >> 12, 0x80 | code_point >> 6 & 0x3F, 0x80 | code_point & 0x3F]
    return [0xF0 | code_point >> 18, 0x80 | code_point >> 12 & 0x3F,
            0x80 | code_point >> 6 & 0x3F, 0x80 | code_point & 0x3F]


def split_scalar(low, high, out):
    for end in LENGTH_ENDS:
        if low <= end < high:
            split_scalar(low, end, out)
            split_scalar(end + 1, high, out)
            return
    for bits in (6, 12, 18):
        mask = (1 << bits) - 1
        if low & ~mask == high & ~mask:
            break
        if low & mask != 0:
            split_scalar(low, low | mask, out)
            split_scalar((low | mask) + 1, high, out)
            return
        if high & mask != mask:
            split_scalar(low, (high & ~mask) - 1, out)
            split_scalar(high & ~mask, high, out)
            return
    out.append(tuple(zip(encode(low), encode(high))))


def split(low, high, out):
    if low < SURROGATE_LOW and high > SURROGATE_HIGH:
        split_scalar(low, SURROGATE_LOW - 1, out)
        split_scalar(SURROGATE_HIGH + 1, high, out)
        return
    if SURROGATE_LOW <= low <= SURROGATE_HIGH:
        low = SURROGATE_HIGH + 1
    if SURROGATE_LOW <= high <= SURROGATE_HIGH:
        high = SURROGATE_LOW - 1
    if low <= high:
        split_scalar(low, high, out)


# Where an instruction continues past the class (the compiler's next).
NEXT = -1


def build(ranges):
    """Returns (instructions, entry) for a set of more than
    TRIE_MIN_SEQUENCES sequences, None for a smaller one. An instruction
    is ("range", low, high, next) or ("split", next, alternative); targets
    are indexes into the list or NEXT."""
    sequences = []
    for low, high in ranges:
        split(low, high, sequences)
    if len(sequences) <= TRIE_MIN_SEQUENCES:
        return None
    instructions = []
    cache = {}

    def emit(instruction):
        instructions.append(instruction)
        return len(instructions) - 1

    def trie(start, stop, depth):
        entry = None
        group = start
        while group < stop:
            byte_range = sequences[group][depth]
            end = group + 1
            while end < stop and sequences[end][depth] == byte_range:
                end += 1
            rest = NEXT
            if depth + 1 < len(sequences[group]):
                rest = trie(group, end, depth + 1)
            key = (byte_range[0], byte_range[1], rest)
            alternative = cache.get(key)
            if alternative is None:
                alternative = emit(("range", byte_range[0], byte_range[1], rest))
                cache[key] = alternative
            entry = alternative if entry is None else emit(("split", alternative, entry))
            group = end
        return entry

    entry = trie(0, len(sequences), 0)
    return instructions, entry


# The stored form of gen_unicode_tables.py's unicode_automata.c: three
# 32-bit words per instruction, laid out as nfa.h's nfa_instruction is on a
# little-endian target (opcode | low << 8 | high << 16; next; a split's
# alternative, else 0), so that the copy is a relocation, not a decoding.
# A target inside the automaton holds its index with PLACED_BIT set, which
# the copy replaces by the index plus the automaton's base; a target that
# is the class's next holds 0 and is listed among the exits (word offsets).
WORDS = 3
PLACED_BIT = 1 << 31
OPCODE_BYTE_RANGE = 0
OPCODE_SPLIT = 1
MAX_WORDS = 1 << 16


def target(index, offset, exits):
    if index == NEXT:
        exits.append(offset)
        return 0
    return PLACED_BIT | index


def words(instructions):
    """The words and the exits of the automaton's instructions."""
    if len(instructions) * WORDS > MAX_WORDS:
        raise ValueError("automaton too long for its exit offsets")
    stored = []
    exits = []
    for instruction in instructions:
        offset = len(stored)
        if instruction[0] == "range":
            _, low, high, next_index = instruction
            stored.extend([OPCODE_BYTE_RANGE | low << 8 | high << 16,
                           target(next_index, offset + 1, exits), 0])
        else:
            _, next_index, alternative = instruction
            stored.extend([OPCODE_SPLIT, target(next_index, offset + 1, exits),
                           target(alternative, offset + 2, exits)])
    return stored, exits
