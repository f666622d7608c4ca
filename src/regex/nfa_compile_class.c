/* nfa_compile_class: literals and classes to byte ranges; in UTF mode via
 * utf8_ranges_split, built back to front through a per-class suffix cache.
 * A class of many sequences (a Unicode property, \w under UCP) becomes a
 * trie of them: one alternative per distinct first byte range, then per
 * distinct second one under it, and so on, so that an engine following
 * every alternative (the Pike VM) tries a few dozen lead bytes rather
 * than every sequence. The sequences come in code point order, which is
 * their byte order, so those sharing a prefix are neighbours; and two of
 * them at the same depth under the same prefix have equal or disjoint
 * byte ranges there (a range of several lead bytes only comes with full
 * continuation ranges behind it). A small class keeps one alternative per
 * sequence, which is what literal extraction reads caseless letters from.
 * A class's alternatives never overlap, so their order does not matter.
 * The biggest Unicode property sets have this automaton precomputed
 * (nfa_class_automata.c), copied rather than built. */

#include "jrx.h"
#include "memory.h"
#include "nfa_builder.h"
#include "utf8.h"
#include "utf8_ranges.h"

static int emit_byte_range(nfa_builder *builder, uint8_t low, uint8_t high, uint32_t next,
                           uint32_t *index) {
  nfa_instruction range = {.opcode = NFA_BYTE_RANGE, .low = low, .high = high, .next = next};
  return nfa_builder_emit(builder, range, index);
}

/* Adds entry as one more alternative of the class built so far. */
static int add_alternative(nfa_builder *builder, int *has_entry, uint32_t alternative,
                           uint32_t *entry) {
  if (!*has_entry) {
    *has_entry = 1;
    *entry = alternative;
    return 0;
  }
  nfa_instruction split = {.opcode = NFA_SPLIT, .next = alternative, .alternative = *entry};
  return nfa_builder_emit(builder, split, entry);
}

int nfa_compile_code_point(nfa_builder *builder, uint32_t code_point, int utf, uint32_t next,
                           uint32_t *entry) {
  unsigned char bytes[4];
  size_t length = 1;
  if (utf) {
    length = utf8_encode(code_point, bytes);
    if (length == 0) {
      return JRX_ERROR_INTERNAL;
    }
  } else {
    bytes[0] = (unsigned char)code_point;
  }
  *entry = next;
  int status = 0;
  for (size_t i = length; status == 0 && i > 0; i--) {
    status = emit_byte_range(builder, bytes[i - 1], bytes[i - 1], *entry, entry);
  }
  return status;
}

/* Open-addressing map from (low, high, next) to the instruction emitted for
 * it while compiling one class. */
typedef struct suffix_cache {
  uint64_t *keys;     /* 0 marks an empty slot; stored keys have bit 63 set */
  uint32_t *values;
  size_t capacity;    /* a power of two */
  size_t used;
} suffix_cache;

/* Classes of more sequences than this are compiled as a trie. */
#define TRIE_MIN_SEQUENCES 16u

/* One sequence of utf8_ranges_split. */
typedef struct utf8_sequence {
  utf8_byte_range ranges[UTF8_RANGES_MAX_LENGTH];
  size_t length;
} utf8_sequence;

typedef struct utf8_class_compiler {
  nfa_builder *builder;
  uint32_t next;
  suffix_cache cache;
  utf8_sequence *sequences;
  size_t count;
  size_t capacity;
  int share_prefixes; /* more than TRIE_MIN_SEQUENCES sequences */
} utf8_class_compiler;

static uint64_t suffix_key(uint8_t low, uint8_t high, uint32_t next) {
  return (UINT64_C(1) << 63) | ((uint64_t)low << 40) | ((uint64_t)high << 32) | next;
}

static size_t suffix_slot(const suffix_cache *cache, uint64_t key) {
  size_t mask = cache->capacity - 1;
  size_t slot = (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & mask;
  while (cache->keys[slot] != 0 && cache->keys[slot] != key) {
    slot = (slot + 1) & mask;
  }
  return slot;
}

/* Makes the cache hold capacity slots (a power of two, more than it has),
 * keeping its entries. */
static int suffix_cache_resize(const jrx_allocator *allocator, suffix_cache *cache,
                               size_t capacity) {
  suffix_cache grown = {.capacity = capacity};
  grown.keys = memory_allocate_zeroed_array(allocator, grown.capacity, sizeof *grown.keys);
  grown.values = memory_allocate_array(allocator, grown.capacity, sizeof *grown.values);
  if (grown.keys == NULL || grown.values == NULL) {
    memory_free(allocator, grown.keys);
    memory_free(allocator, grown.values);
    return JRX_ERROR_NOMEMORY;
  }
  for (size_t i = 0; i < cache->capacity; i++) {
    if (cache->keys[i] != 0) {
      size_t slot = suffix_slot(&grown, cache->keys[i]);
      grown.keys[slot] = cache->keys[i];
      grown.values[slot] = cache->values[i];
      grown.used++;
    }
  }
  memory_free(allocator, cache->keys);
  memory_free(allocator, cache->values);
  *cache = grown;
  return 0;
}

/* The instruction matching low..high then continuing at next, reused when
 * this class already has one. */
static int cached_byte_range(utf8_class_compiler *compiler, uint8_t low, uint8_t high,
                             uint32_t next, uint32_t *index) {
  suffix_cache *cache = &compiler->cache;
  if (2 * (cache->used + 1) > cache->capacity) {
    int status = suffix_cache_resize(compiler->builder->allocator, cache,
                                     cache->capacity == 0 ? 64 : cache->capacity * 2);
    if (status != 0) {
      return status;
    }
  }
  uint64_t key = suffix_key(low, high, next);
  size_t slot = suffix_slot(cache, key);
  if (cache->keys[slot] == key) {
    *index = cache->values[slot];
    return 0;
  }
  int status = emit_byte_range(compiler->builder, low, high, next, index);
  if (status == 0) {
    cache->keys[slot] = key;
    cache->values[slot] = *index;
    cache->used++;
  }
  return status;
}

static int collect_utf8_sequence(void *context, const utf8_byte_range *sequence, size_t length) {
  utf8_class_compiler *compiler = context;
  if (compiler->count == compiler->capacity) {
    void *items = compiler->sequences;
    if (!memory_grow_array(compiler->builder->allocator, &items, &compiler->capacity,
                           compiler->count + 1, sizeof *compiler->sequences, 64)) {
      return JRX_ERROR_NOMEMORY;
    }
    compiler->sequences = items;
  }
  utf8_sequence *stored = &compiler->sequences[compiler->count++];
  for (size_t i = 0; i < length; i++) {
    stored->ranges[i] = sequence[i];
  }
  stored->length = length;
  return 0;
}

static int same_range(const utf8_byte_range *a, const utf8_byte_range *b) {
  return a->low == b->low && a->high == b->high;
}

/* The alternatives of sequences[from..to) (which share their first depth
 * ranges) from position depth on: one per distinct range there (per
 * sequence without share_prefixes), each followed by the trie of the
 * sequences that have it. Recursion depth is at most
 * UTF8_RANGES_MAX_LENGTH. */
static int compile_utf8_trie(utf8_class_compiler *compiler, size_t from, size_t to, size_t depth,
                             uint32_t *entry) {
  if (depth >= UTF8_RANGES_MAX_LENGTH) {
    return JRX_ERROR_INTERNAL; /* no sequence is longer */
  }
  int has_entry = 0;
  int status = 0;
  size_t group = from;
  while (status == 0 && group < to) {
    const utf8_sequence *first = &compiler->sequences[group];
    const utf8_byte_range *range = &first->ranges[depth];
    size_t end = group + 1;
    while (compiler->share_prefixes && end < to &&
           same_range(&compiler->sequences[end].ranges[depth], range)) {
      end++;
    }
    uint32_t rest = compiler->next;
    if (depth + 1 < first->length) {
      status = compile_utf8_trie(compiler, group, end, depth + 1, &rest);
    }
    uint32_t alternative;
    if (status == 0) {
      status = cached_byte_range(compiler, range->low, range->high, rest, &alternative);
    }
    if (status == 0) {
      status = add_alternative(compiler->builder, &has_entry, alternative, entry);
    }
    group = end;
  }
  return status;
}

static int compile_utf8_charset(nfa_builder *builder, const charset *set, uint32_t next,
                                int *has_entry, uint32_t *entry) {
  utf8_class_compiler compiler = {.builder = builder, .next = next};
  int status = 0;
  for (size_t i = 0; status == 0 && i < set->count; i++) {
    status = utf8_ranges_split(set->ranges[i].low, set->ranges[i].high, collect_utf8_sequence,
                               &compiler);
  }
  *has_entry = status == 0 && compiler.count > 0;
  compiler.share_prefixes = compiler.count > TRIE_MIN_SEQUENCES;
  if (*has_entry && compiler.share_prefixes) {
    /* A trie emits about one range per sequence (a Unicode property
     * 1.2): sized once for that at half load, the cache never regrows. */
    size_t capacity = 64;
    while (capacity < 3 * compiler.count) {
      capacity *= 2;
    }
    status = suffix_cache_resize(builder->allocator, &compiler.cache, capacity);
  }
  if (status == 0 && *has_entry) {
    status = compile_utf8_trie(&compiler, 0, compiler.count, 0, entry);
  }
  memory_free(builder->allocator, compiler.sequences);
  memory_free(builder->allocator, compiler.cache.keys);
  memory_free(builder->allocator, compiler.cache.values);
  return status;
}

static int compile_charset(nfa_builder *builder, const charset *set, int utf, int use_stored,
                           uint32_t next, uint32_t *entry) {
  if (utf && use_stored) {
    const unicode_automaton *stored = nfa_class_automaton_of(set);
    if (stored != NULL) {
      return nfa_class_automaton_copy(builder, stored, next, entry);
    }
  }
  int has_entry = 0;
  int status = 0;
  if (utf) {
    status = compile_utf8_charset(builder, set, next, &has_entry, entry);
  } else {
    for (size_t i = 0; status == 0 && i < set->count; i++) {
      uint32_t range;
      status = emit_byte_range(builder, (uint8_t)set->ranges[i].low,
                               (uint8_t)set->ranges[i].high, next, &range);
      if (status == 0) {
        status = add_alternative(builder, &has_entry, range, entry);
      }
    }
  }
  if (status == 0 && !has_entry) {
    /* An empty class, or one of surrogates only, matches nothing. */
    nfa_instruction fail = {.opcode = NFA_FAIL};
    status = nfa_builder_emit(builder, fail, entry);
  }
  return status;
}

int nfa_compile_charset(nfa_builder *builder, const charset *set, int utf, uint32_t next,
                        uint32_t *entry) {
  return compile_charset(builder, set, utf, 1, next, entry);
}

int nfa_compile_charset_built(nfa_builder *builder, const charset *set, int utf, uint32_t next,
                              uint32_t *entry) {
  return compile_charset(builder, set, utf, 0, next, entry);
}
