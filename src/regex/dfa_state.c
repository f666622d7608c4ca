/* dfa_state: the state store of one lazy DFA direction. Owns the rows of
 * the transition table, the thread lists, the hash index from content to
 * state and the start state cache. Invariant: memory_used never exceeds
 * the budget; a state that does not fit empties the whole store first,
 * which is the only way states are ever forgotten (start cache included),
 * so every id stored in the table stays valid. */
#include <string.h>

#include "dfa.h"
#include "jrx.h"
#include "memory.h"

int dfa_lazy_init(dfa_lazy *lazy, const dfa_automaton *automaton, const nfa_program *program,
                  const dfa_limits *limits) {
  dfa_stats counted = lazy->stats;
  memset(lazy, 0, sizeof *lazy);
  lazy->stats = counted;
  lazy->allocator = program->allocator;
  lazy->limits = *limits;
  /* One allocation for the four arrays. Stamps and added are zeroed by
   * the first step (dfa_build.c's next_generation wraps the generation
   * to 0 and zeroes them then), so that a direction that never builds a
   * state, as in a match data whose searches take another engine, never
   * pays for a zeroing sized by the program. */
  size_t count = (size_t)program->count + 1;
  uint32_t *scratch = memory_allocate_array(lazy->allocator, 4 * count, sizeof *scratch);
  if (scratch == NULL) {
    return JRX_ERROR_NOMEMORY; /* automaton stays NULL: not made */
  }
  lazy->automaton = automaton;
  lazy->program = program;
  lazy->generation = UINT32_MAX;
  lazy->stamps = scratch;
  lazy->added = scratch + count;
  lazy->stack = scratch + 2 * count;
  lazy->next_items = scratch + 3 * count;
  return 0;
}

void dfa_lazy_release(dfa_lazy *lazy) {
  const jrx_allocator *allocator = lazy->allocator;
  memory_free(allocator, lazy->table);
  memory_free(allocator, lazy->states);
  memory_free(allocator, lazy->items);
  memory_free(allocator, lazy->hash_slots);
  memory_free(allocator, lazy->stamps); /* with added, stack and next_items */
  memset(lazy, 0, sizeof *lazy);
}

/* FNV-1a over the flags and items; cheap, and good enough for probing. */
static uint32_t content_hash(const uint32_t *items, uint32_t count, uint32_t flags) {
  uint32_t hash = 2166136261u ^ flags;
  for (uint32_t i = 0; i < count; i++) {
    hash = (hash ^ items[i]) * 16777619u;
  }
  return hash ^ (hash >> 15);
}

static size_t state_cost(const dfa_lazy *lazy, uint32_t item_count) {
  return (size_t)lazy->automaton->stride * sizeof *lazy->table + sizeof *lazy->states +
         (size_t)item_count * sizeof *lazy->items + 2 * sizeof *lazy->hash_slots;
}

/* The slot holding the state with this content, or the empty slot where
 * it belongs. */
static uint32_t *find_slot(const dfa_lazy *lazy, const uint32_t *items, uint32_t count,
                           uint32_t flags, uint32_t hash) {
  uint32_t mask = lazy->hash_capacity - 1;
  for (uint32_t probe = hash & mask;; probe = (probe + 1) & mask) {
    uint32_t *slot = &lazy->hash_slots[probe];
    if (*slot == 0) {
      return slot;
    }
    const dfa_state_record *record = &lazy->states[*slot - 1];
    if (record->hash == hash && record->flags == flags && record->item_count == count &&
        memcmp(&lazy->items[record->item_offset], items, count * sizeof *items) == 0) {
      return slot;
    }
  }
}

/* Empties the store, or gives up when this search already did so and has
 * scanned too few bytes per state since: the cache is thrashing. Too few
 * bytes per state since the last emptying, counting earlier searches too,
 * marks the store as thrashed for good (dfa_lazy.thrashed). */
static int reset(dfa_lazy *lazy, size_t position) {
  size_t scanned = position > lazy->reset_position ? position - lazy->reset_position
                                                   : lazy->reset_position - position;
  size_t in_scan = position > lazy->scan_start ? position - lazy->scan_start
                                               : lazy->scan_start - position;
  uint64_t scanned_now = lazy->stats.bytes_scanned + in_scan;
  uint64_t least = (uint64_t)lazy->limits.min_bytes_per_state * lazy->state_count;
  if (scanned_now - lazy->scanned_at_reset < least) {
    lazy->thrashed = 1;
  }
  if (lazy->search_resets > 0 && scanned < least) {
    return DFA_GAVE_UP;
  }
  lazy->scanned_at_reset = scanned_now;
  lazy->search_resets++;
  lazy->stats.cache_resets++;
  lazy->reset_position = position;
  lazy->state_count = 0;
  lazy->item_count = 0;
  lazy->memory_used = 0;
  lazy->start_count = 0;
  if (lazy->hash_slots != NULL) {
    memset(lazy->hash_slots, 0, lazy->hash_capacity * sizeof *lazy->hash_slots);
  }
  return 0;
}

static int rehash(dfa_lazy *lazy, uint32_t capacity) {
  uint32_t *slots = memory_allocate_zeroed_array(lazy->allocator, capacity, sizeof *slots);
  if (slots == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  memory_free(lazy->allocator, lazy->hash_slots);
  lazy->hash_slots = slots;
  lazy->hash_capacity = capacity;
  for (uint32_t i = 0; i < lazy->state_count; i++) {
    const dfa_state_record *record = &lazy->states[i];
    *find_slot(lazy, &lazy->items[record->item_offset], record->item_count, record->flags,
               record->hash) = i + 1;
  }
  return 0;
}

/* Room for one more state of count items; arrays double as they grow and
 * the hash index stays at most half full. */
static int make_room(dfa_lazy *lazy, uint32_t count) {
  /* The table's rows and the state records grow to the same capacity; if
   * the second fails, the first merely has spare room. */
  size_t needed = (size_t)lazy->state_count + 1;
  size_t rows = lazy->state_capacity;
  void *table = lazy->table;
  if (!memory_grow_array(lazy->allocator, &table, &rows, needed,
                         lazy->automaton->stride * sizeof(uint32_t), 16)) {
    return JRX_ERROR_NOMEMORY;
  }
  lazy->table = table;
  size_t records = lazy->state_capacity;
  void *states = lazy->states;
  if (!memory_grow_array(lazy->allocator, &states, &records, needed, sizeof(dfa_state_record),
                         16)) {
    return JRX_ERROR_NOMEMORY;
  }
  lazy->states = states;
  lazy->state_capacity = (uint32_t)records;
  void *items = lazy->items;
  if (!memory_grow_array(lazy->allocator, &items, &lazy->item_capacity, lazy->item_count + count,
                         sizeof(uint32_t), 64)) {
    return JRX_ERROR_NOMEMORY;
  }
  lazy->items = items;
  if (((size_t)lazy->state_count + 1) * 2 > lazy->hash_capacity) {
    return rehash(lazy, lazy->hash_capacity < 64 ? 64 : lazy->hash_capacity * 2);
  }
  return 0;
}

int dfa_lazy_intern(dfa_lazy *lazy, const uint32_t *items, uint32_t count, uint32_t flags,
                    size_t position, uint32_t *state) {
  if (count == 0) {
    /* Nothing can follow, so nothing but the match matters. */
    *state = (flags & DFA_STATE_MATCHED) != 0 ? DFA_MATCH_THEN_DEAD : DFA_DEAD;
    return 0;
  }
  uint32_t hash = content_hash(items, count, flags);
  if (lazy->hash_capacity > 0) {
    uint32_t *slot = find_slot(lazy, items, count, flags, hash);
    if (*slot != 0) {
      *state = lazy->states[*slot - 1].id;
      return 0;
    }
  }
  size_t cost = state_cost(lazy, count);
  size_t stride = lazy->automaton->stride;
  int full = lazy->memory_used + cost > lazy->limits.memory_budget ||
             ((size_t)lazy->state_count + 1) * stride > (size_t)DFA_ID_MASK + 1;
  if (full) {
    int status = reset(lazy, position);
    if (status != 0) {
      return status;
    }
    if (cost > lazy->limits.memory_budget) {
      return DFA_GAVE_UP;
    }
  }
  int status = make_room(lazy, count);
  if (status != 0) {
    return status;
  }
  uint32_t index = lazy->state_count++;
  uint32_t id = (uint32_t)(index * stride) | ((flags & DFA_STATE_MATCHED) ? DFA_TAG_MATCH : 0);
  lazy->states[index] = (dfa_state_record){.id = id,
                                           .flags = flags,
                                           .item_offset = (uint32_t)lazy->item_count,
                                           .item_count = count,
                                           .hash = hash};
  memcpy(&lazy->items[lazy->item_count], items, count * sizeof *items);
  lazy->item_count += count;
  lazy->memory_used += cost;
  uint32_t *row = &lazy->table[index * stride];
  for (size_t column = 0; column < lazy->automaton->acceleration_column; column++) {
    row[column] = DFA_UNKNOWN;
  }
  row[lazy->automaton->acceleration_column] = DFA_ACCELERATION_UNCHECKED;
  *find_slot(lazy, items, count, flags, hash) = index + 1;
  lazy->stats.states_built++;
  *state = id;
  return 0;
}

int dfa_lazy_intern_start_state(dfa_lazy *lazy, uint32_t item, uint32_t flags, size_t position,
                                uint32_t *state) {
  int status = dfa_lazy_intern(lazy, &item, 1, flags, position, state);
  /* Interning may have emptied the store and with it this cache; the new
   * state is valid either way. Past the last slot, starts are hashed. */
  if (status == 0 && lazy->start_count < DFA_START_CACHE_SIZE) {
    lazy->start_flags[lazy->start_count] = flags;
    lazy->start_states[lazy->start_count] = *state;
    lazy->start_count++;
  }
  return status;
}
