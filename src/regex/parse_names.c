/* parse_names: group names. Which characters a name may hold (ASCII word
 * characters, plus Unicode letters and decimal digits in UTF mode, from the
 * generated parse_name_table.c), and the set of names defined so far: an
 * open-addressing hash over the entries keeps duplicate checks O(1). */
#include "parse_internal.h"

#include <string.h>

#include "memory.h"
#include "sort.h"
#include "parse_name_table.h"

int parse_name_character_kind(uint32_t code_point, int utf) {
  if (code_point >= '0' && code_point <= '9') {
    return 2;
  }
  if ((code_point >= 'A' && code_point <= 'Z') || (code_point >= 'a' && code_point <= 'z') ||
      code_point == '_') {
    return 1;
  }
  if (!utf || code_point < 0x80) {
    return 0;
  }
  if (charset_ranges_contain(parse_name_letter_ranges, parse_name_letter_range_count, code_point)) {
    return 1;
  }
  return charset_ranges_contain(parse_name_digit_ranges, parse_name_digit_range_count, code_point)
             ? 2
             : 0;
}

void parse_names_init(parse_names *names, const jrx_allocator *allocator) {
  names->allocator = allocator;
  names->entries = NULL;
  names->count = 0;
  names->capacity = 0;
  names->slots = NULL;
  names->slot_count = 0;
}

void parse_names_release(parse_names *names) {
  for (size_t index = 0; index < names->count; index++) {
    memory_free(names->allocator, names->entries[index].name);
  }
  memory_free(names->allocator, names->entries);
  memory_free(names->allocator, names->slots);
  parse_names_init(names, names->allocator);
}

/* FNV-1a: names are short and this needs no state. */
static size_t hash_name(const unsigned char *name, size_t length) {
  uint32_t hash = 2166136261u;
  for (size_t index = 0; index < length; index++) {
    hash = (hash ^ name[index]) * 16777619u;
  }
  return hash;
}

/* The slot holding name, or the empty slot where it would go. */
static size_t find_slot(const parse_names *names, const unsigned char *name, size_t length) {
  size_t mask = names->slot_count - 1;
  size_t slot = hash_name(name, length) & mask;
  while (names->slots[slot] != 0) {
    const char *existing = names->entries[names->slots[slot] - 1].name;
    if (strlen(existing) == length && memcmp(existing, name, length) == 0) {
      break;
    }
    slot = (slot + 1) & mask;
  }
  return slot;
}

/* Keeps the table at most half full so probes stay short. */
static int grow_slots(parse_names *names) {
  if (names->slot_count != 0 && (names->count + 1) * 2 <= names->slot_count) {
    return 0;
  }
  size_t slot_count = names->slot_count == 0 ? 16 : names->slot_count * 2;
  uint32_t *slots = memory_allocate_zeroed_array(names->allocator, slot_count, sizeof *slots);
  if (slots == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  memory_free(names->allocator, names->slots);
  names->slots = slots;
  names->slot_count = slot_count;
  for (size_t index = 0; index < names->count; index++) {
    const char *name = names->entries[index].name;
    names->slots[find_slot(names, (const unsigned char *)name, strlen(name))] = (uint32_t)index + 1;
  }
  return 0;
}

int parse_names_add(parse_names *names, const unsigned char *name, size_t length, uint32_t index) {
  int status = grow_slots(names);
  if (status != 0) {
    return status;
  }
  size_t slot = find_slot(names, name, length);
  if (names->slots[slot] != 0) {
    return JRX_ERROR_DUPLICATE_GROUP_NAME;
  }
  void *entries = names->entries;
  if (!memory_grow_array(names->allocator, &entries, &names->capacity, names->count + 1,
                         sizeof(ast_group_name), 8)) {
    return JRX_ERROR_NOMEMORY;
  }
  names->entries = entries;
  char *copy = memory_allocate(names->allocator, length + 1);
  if (copy == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  memcpy(copy, name, length);
  copy[length] = '\0';
  names->entries[names->count].name = copy;
  names->entries[names->count].index = index;
  names->slots[slot] = (uint32_t)names->count + 1;
  names->count++;
  return 0;
}

static int compare_names(const void *left, const void *right) {
  const ast_group_name *a = left;
  const ast_group_name *b = right;
  return strcmp(a->name, b->name);
}

void parse_names_finish(parse_names *names, ast_tree *tree) {
  if (names->count > 0) {
    sort_items(names->entries, names->count, sizeof *names->entries, compare_names);
  }
  tree->names = names->entries;
  tree->name_count = names->count;
  memory_free(names->allocator, names->slots);
  parse_names_init(names, names->allocator);
}
