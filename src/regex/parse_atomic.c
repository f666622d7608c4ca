/* parse_atomic: which possessive quantifiers and atomic groups may be run
 * as the plain greedy repeats and groups they are written around. jrx
 * cannot run atomicity in linear time, so it accepts one only where
 * atomicity provably changes no match, by the rule PCRE2 uses to make
 * repeats possessive on its own (pcre2_auto_possess.c): a greedy repeat
 * of one character item (a literal or a class, case variants included)
 * whose continuation can never start with a character the item matches.
 * Giving back an iteration then leaves the continuation facing a
 * character of the item, which it cannot take, so backtracking into the
 * repeat never finds a match the possessive form misses.
 *
 * The continuation is everything that may come next: the rest of the
 * branch, then of the enclosing groups, another iteration of an enclosing
 * repeat, up to the pattern's end or the end of a lookaround body (a
 * lookaround is atomic, so reaching its end is as final as the pattern's).
 * Zero-width items in it are safe when they fail where the repeat could
 * have given back (\z; $, \Z and multiline $ when the item cannot match a
 * newline; a positive lookahead whose body starts like a safe
 * continuation) or pass unconditionally (captures, \K, optional items);
 * any other (\b, \B, ^, \A, \G, negative or behind lookarounds) rejects.
 * A repeat of fixed count has one way to match and is always accepted.
 *
 * A character item may sit inside capturing groups ((a)++b): a capture
 * of one character has one way to match and records the last iteration
 * either way.
 *
 * \X counts as a character item that may start with any character. Its
 * tree (parse_grapheme.c) has one path at each position, so one \X has
 * one way to match, as PCRE2's atomic \X, and a repeat of it gives back
 * whole clusters, each starting with some character: the rule holds as
 * for a class of every character. (?>\X) is \X, and \X*+ is \X* where
 * nothing but the end (of the pattern, of a lookaround body, \z) may
 * follow it.
 *
 * Where the rule fails, a greedy repeat of a fixed item with a \X in it
 * (\X, or a sequence of character items such as a\X, each maybe inside
 * capturing groups) is rewritten exactly instead of rejected when its
 * atomicity ends right after it (possessive, or the last item of an
 * atomic group) or after fixed items of its atomic group. A fixed item
 * has one way to match from any position and takes at least one
 * character, so the first way the greedy repeat matches takes iterations
 * while the next one matches, up to its maximum count; \X matches
 * wherever a character follows, so its run ends at the end of the
 * subject (of the fragment under JRX_MATCH_INVALID_UTF, where \z holds
 * too, as in PCRE2). That is the only way the atomic form matches:
 *   \X{n,}      becomes  \X{n,} \z
 *   \X{n,m}     becomes  (?: \X{m} | \X{n,m-1} \z )   (n < m)
 *   G{n,}       becomes  G{n,} (?!G)                  (G another fixed item)
 *   G{n,m}      becomes  (?: G{m} | G{n,m-1} (?!G) )
 * When fixed items R follow in the atomic group, its first match gives
 * back iterations, last first, until R matches after them: it takes the
 * most iterations after which R matches, and nothing else:
 *   (?> G{n,} R )   becomes  G{n,} (?!G+ R) R
 *   (?> G? R )      becomes  (?: G | (?!G R) ) R
 *   (?> G{n,m} R )  becomes  (?: G{m} | G{m-1} (?!G{1,1} R) | ...
 *                                | G{n} (?!G{1,m-n} R) ) R
 * (for a count of 0 the lookahead alone; a bounded maximum above
 * PARSE_ATOMIC_BOUNDED_MAX is rejected there: the form has O(m^2)
 * copies of G, and each copy in a lookahead costs its instructions at
 * every position of the lookahead's table). Each right side has at
 * most one way to match, the same iterations with the same captures, so
 * whatever follows sees what the atomic form gives it (\X++a never
 * matches; (?>\X+)$ is \X+\z$). Iterations are whole, so the clusters
 * after a position the lookahead starts from are those the repeat would
 * have taken. The copies inside a lookahead have no capturing groups;
 * lookaheads whose bodies have no bounded length run from a table filled
 * in one pass (lookaround.h), so matching stays linear.
 *
 * A run of \X with no maximum goes to the end of the subject also when
 * the rest of its atomic group matches the empty string there, in one
 * way (optional repeats of items that take a character: (?>\X+a?)), and
 * inside a group G that takes a character: fixed items, then the run,
 * then such optional items ((?:a\X*b?)++). The atomic form's first
 * match takes the run to the end, where the rest matches empty, so:
 *   (?> \X{n,} N )   becomes  \X{n,} \z N'         (N' = N cut to empty:
 *                                                    its repeats {0})
 * and G, whose iterations end at the end of the subject, can match only
 * once in a row (a second one has no character to take):
 *   G{n,m}  (n > 0)   becomes  G'{n}              (G' = F \X{j,} \z N')
 *   G{0,m}            becomes  (?: G' | (?!G') )
 * with the rest of an atomic group after it cut as N. The copy in the
 * lookahead has no capturing groups and runs from a table.
 *
 * An atomic group is accepted when its content has at most one way to
 * match: empty, one character item, or a sequence of character items,
 * greedy repeats of fixed items or of groups ending in a run of \X, and
 * optional items, every such repeat passing the rule above (its
 * continuation starting inside the group) or rewritten as above; a
 * capturing group of such content counts as its content. Alternations,
 * lazy repeats (but those cut to empty at the end of the subject) and
 * other nested groups are rejected. Everything
 * rejected keeps the error and offset jrx always gave:
 * JRX_ERROR_UNSUPPORTED_POSSESSIVE at the '+',
 * JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP at the '(', the leftmost.
 *
 * The walk visits each node once; each checked repeat reads at most
 * ATOMIC_FOLLOW_BUDGET nodes of its continuation (past that it is
 * rejected), so the work stays linear in the pattern. */
#include <stdint.h>

#include "parse_internal.h"

#define ATOMIC_FOLLOW_BUDGET 256
/* Most fixed items after a rewritten repeat in its atomic group. */
#define ATOMIC_REST_MAX 64

/* A place in what follows a node: the items of a concatenation from
 * index on, or (node an AST_REPEAT) another iteration of that repeat;
 * then outer. NULL is the end of the pattern or of a lookaround body. */
typedef struct atomic_follow {
  const ast_node *node;
  size_t index;
  const struct atomic_follow *outer;
} atomic_follow;

typedef struct atomic_check {
  parse_state *state;
  size_t budget;         /* nodes the current repeat's continuation may still read */
  size_t first_rejected; /* offset of the leftmost rejection, or SIZE_MAX */
  int error;
  int status; /* JRX_ERROR_NOMEMORY once a rewrite ran out of memory */
} atomic_check;

/* What a continuation starting with a node does where the repeat gave
 * back an iteration (the next character is one the repeat matches). */
typedef struct atomic_first {
  int unsafe;   /* it might succeed there */
  int passable; /* it might get through without consuming or failing */
} atomic_first;

static int is_grapheme(const atomic_check *check, const ast_node *node) {
  return (parse_marks_of(check->state, node, 0, NULL) & PARSE_MARK_GRAPHEME) != 0;
}

/* node without the capturing groups around it. */
static const ast_node *uncaptured(const ast_node *node) {
  while (node->kind == AST_CAPTURE) {
    node = node->as.capture.child;
  }
  return node;
}

static int is_character_item(const atomic_check *check, const ast_node *node) {
  node = uncaptured(node);
  return node->kind == AST_LITERAL || node->kind == AST_CLASS || is_grapheme(check, node);
}

/* A character item, or a sequence of fixed items, maybe captured: one
 * way to match from any position. */
static int is_fixed(const atomic_check *check, const ast_node *node) {
  node = uncaptured(node);
  if (node->kind != AST_CONCAT) {
    return is_character_item(check, node);
  }
  for (size_t index = 0; index < node->as.list.count; index++) {
    if (!is_fixed(check, node->as.list.items[index])) {
      return 0;
    }
  }
  return 1;
}

/* Whether a fixed item has a \X in it. */
static int has_cluster(const atomic_check *check, const ast_node *node) {
  node = uncaptured(node);
  if (node->kind != AST_CONCAT) {
    return is_grapheme(check, node);
  }
  for (size_t index = 0; index < node->as.list.count; index++) {
    if (has_cluster(check, node->as.list.items[index])) {
      return 1;
    }
  }
  return 0;
}

static int is_cluster(const atomic_check *check, const ast_node *node) {
  return is_grapheme(check, uncaptured(node));
}

/* A greedy repeat of \X (maybe captured) with no maximum: it takes every
 * cluster to the end of the subject. */
static int is_cluster_run(const atomic_check *check, const ast_node *node) {
  node = uncaptured(node);
  return node->kind == AST_REPEAT && node->as.repeat.greedy &&
         node->as.repeat.max == AST_REPEAT_INFINITE && is_cluster(check, node->as.repeat.child);
}

static ast_node *cluster_run_at_end(const atomic_check *check, ast_node *node, int cut,
                                    int *consumes);

/* Whether node matches only the empty string, and one way, at the end of
 * the subject: empty, or optional repeats of items that take a character
 * wherever they match (fixed items, groups ending in a run of \X after
 * one), maybe in sequences and capturing groups. */
static int is_empty_at_end(const atomic_check *check, const ast_node *node) {
  node = uncaptured(node);
  if (node->kind == AST_CONCAT) {
    for (size_t index = 0; index < node->as.list.count; index++) {
      if (!is_empty_at_end(check, node->as.list.items[index])) {
        return 0;
      }
    }
    return 1;
  }
  if (node->kind != AST_REPEAT) {
    return node->kind == AST_EMPTY;
  }
  int consumes = 0;
  return node->as.repeat.min == 0 &&
         (is_fixed(check, node->as.repeat.child) ||
          (cluster_run_at_end(check, node->as.repeat.child, 0, &consumes) != NULL && consumes));
}

/* Leaves node, one that is_empty_at_end, to match the empty string as it
 * does at the end of the subject: its repeats take no iteration. */
static void cut_to_empty(ast_node *node) {
  node = (ast_node *)uncaptured(node);
  if (node->kind == AST_CONCAT) {
    for (size_t index = 0; index < node->as.list.count; index++) {
      cut_to_empty(node->as.list.items[index]);
    }
  } else if (node->kind == AST_REPEAT) {
    node->as.repeat.min = 0;
    node->as.repeat.max = 0;
    node->as.repeat.greedy = 1;
  }
}

/* The run of \X (is_cluster_run) that node ends with: node is the run,
 * or a sequence of fixed items, then an item that ends with a run, then
 * items that are empty at the end of the subject, maybe all inside
 * capturing groups; NULL if none. *consumes: whether node takes at least
 * one character wherever it matches. With cut, the items after the run
 * are cut to the empty string (cut_to_empty), which is what they match
 * after it. */
static ast_node *cluster_run_at_end(const atomic_check *check, ast_node *node, int cut,
                                    int *consumes) {
  node = (ast_node *)uncaptured(node);
  if (is_cluster_run(check, node)) {
    *consumes = node->as.repeat.min > 0;
    return node;
  }
  if (node->kind != AST_CONCAT) {
    return NULL;
  }
  size_t index = 0;
  while (index < node->as.list.count && is_fixed(check, node->as.list.items[index])) {
    index++;
  }
  if (index == node->as.list.count) {
    return NULL;
  }
  ast_node *run = cluster_run_at_end(check, node->as.list.items[index], cut, consumes);
  *consumes |= index > 0;
  for (size_t after = index + 1; run != NULL && after < node->as.list.count; after++) {
    if (!is_empty_at_end(check, node->as.list.items[after])) {
      return NULL;
    }
    if (cut) {
      cut_to_empty(node->as.list.items[after]);
    }
  }
  return run;
}

/* Whether two character items may match the same first character. */
static int items_overlap(const atomic_check *check, const ast_node *left,
                         const ast_node *right) {
  left = uncaptured(left);
  right = uncaptured(right);
  if (is_grapheme(check, left) || is_grapheme(check, right)) {
    return 1;
  }
  if (left->kind == AST_LITERAL && right->kind == AST_LITERAL) {
    return left->as.code_point == right->as.code_point;
  }
  if (left->kind == AST_LITERAL) {
    return charset_contains(&right->as.set, left->as.code_point);
  }
  if (right->kind == AST_LITERAL) {
    return charset_contains(&left->as.set, right->as.code_point);
  }
  return charset_intersects(&left->as.set, &right->as.set);
}

static int item_matches_newline(const atomic_check *check, const ast_node *item) {
  item = uncaptured(item);
  if (is_grapheme(check, item)) {
    return 1;
  }
  return item->kind == AST_LITERAL ? item->as.code_point == '\n'
                                   : charset_contains(&item->as.set, '\n');
}

static atomic_first first_of(atomic_check *check, const ast_node *item, const ast_node *node);

static atomic_first first_of_assertion(const atomic_check *check, const ast_node *item,
                                       ast_assertion assertion) {
  switch (assertion) {
  case AST_ASSERT_TEXT_END: return (atomic_first){0, 0};
  case AST_ASSERT_TEXT_END_NEWLINE:
  case AST_ASSERT_DOLLAR_END:
  case AST_ASSERT_LINE_END: return (atomic_first){item_matches_newline(check, item), 0};
  default: return (atomic_first){1, 0};
  }
}

static atomic_first compute_first(atomic_check *check, const ast_node *item,
                                  const ast_node *node) {
  if (is_grapheme(check, node)) {
    return (atomic_first){items_overlap(check, item, node), 0};
  }
  switch (node->kind) {
  case AST_EMPTY:
  case AST_MATCH_RESET: return (atomic_first){0, 1};
  case AST_LITERAL:
  case AST_CLASS: return (atomic_first){items_overlap(check, item, node), 0};
  case AST_CAPTURE: return first_of(check, item, node->as.capture.child);
  case AST_CONCAT: {
    atomic_first result = {0, 1};
    for (size_t index = 0; index < node->as.list.count && result.passable; index++) {
      atomic_first next = first_of(check, item, node->as.list.items[index]);
      result.unsafe |= next.unsafe;
      result.passable = next.passable;
    }
    return result;
  }
  case AST_ALTERNATE: {
    atomic_first result = {0, 0};
    for (size_t index = 0; index < node->as.list.count; index++) {
      atomic_first branch = first_of(check, item, node->as.list.items[index]);
      result.unsafe |= branch.unsafe;
      result.passable |= branch.passable;
    }
    return result;
  }
  case AST_REPEAT: {
    if (node->as.repeat.max == 0) {
      return (atomic_first){0, 1};
    }
    atomic_first child = first_of(check, item, node->as.repeat.child);
    child.passable |= node->as.repeat.min == 0;
    return child;
  }
  case AST_ASSERT: return first_of_assertion(check, item, node->as.assertion);
  case AST_LOOKAROUND: {
    if (node->as.lookaround.behind || node->as.lookaround.negated) {
      return (atomic_first){1, 0};
    }
    /* Fails there unless its body could start there. */
    atomic_first body = first_of(check, item, node->as.lookaround.child);
    return (atomic_first){body.unsafe || body.passable, 0};
  }
  }
  return (atomic_first){1, 0};
}

static atomic_first first_of(atomic_check *check, const ast_node *item, const ast_node *node) {
  if (check->budget == 0) {
    return (atomic_first){1, 0};
  }
  check->budget--;
  return compute_first(check, item, node);
}

/* Whether the greedy repeat, followed by follow, matches just as its
 * possessive form does. */
static int repeat_is_safe(atomic_check *check, const ast_node *repeat,
                          const atomic_follow *follow) {
  const ast_node *item = repeat->as.repeat.child;
  if (!is_character_item(check, item) || !repeat->as.repeat.greedy) {
    return 0;
  }
  if (repeat->as.repeat.min == repeat->as.repeat.max) {
    return 1;
  }
  check->budget = ATOMIC_FOLLOW_BUDGET;
  for (; follow != NULL; follow = follow->outer) {
    const ast_node *node = follow->node;
    if (node->kind == AST_REPEAT) {
      /* Another iteration may come, or what follows the repeat. */
      if (first_of(check, item, node->as.repeat.child).unsafe) {
        return 0;
      }
      continue;
    }
    for (size_t index = follow->index; index < node->as.list.count; index++) {
      atomic_first next = first_of(check, item, node->as.list.items[index]);
      if (next.unsafe) {
        return 0;
      }
      if (!next.passable) {
        return 1;
      }
    }
  }
  return 1;
}

/* The content of an atomic group that has one way to match at most, once
 * each repeat in it passes repeat_is_safe or is rewritten. */
static int atomic_content_is_one_way(const atomic_check *check, ast_node *content);

static int is_one_way_item(const atomic_check *check, ast_node *node) {
  if (node->kind == AST_CAPTURE) {
    return atomic_content_is_one_way(check, node->as.capture.child);
  }
  int consumes;
  return is_character_item(check, node) || is_empty_at_end(check, node) ||
         (node->kind == AST_REPEAT && node->as.repeat.greedy &&
          (is_fixed(check, node->as.repeat.child) ||
           cluster_run_at_end(check, node->as.repeat.child, 0, &consumes) != NULL));
}

static int atomic_content_is_one_way(const atomic_check *check, ast_node *content) {
  if (content->kind != AST_CONCAT) {
    return is_one_way_item(check, content);
  }
  for (size_t index = 0; index < content->as.list.count; index++) {
    if (!is_one_way_item(check, content->as.list.items[index])) {
      return 0;
    }
  }
  return 1;
}

static void reject(atomic_check *check, size_t offset, int error) {
  if (offset < check->first_rejected) {
    check->first_rejected = offset;
    check->error = error;
  }
}

/* The items from follow up to the end of the atomic group (atomic_end),
 * when all are fixed and there are at most ATOMIC_REST_MAX: their count,
 * else SIZE_MAX. */
static size_t rest_of_group(const atomic_check *check, const atomic_follow *follow,
                            const atomic_follow *atomic_end, const ast_node **rest) {
  size_t count = 0;
  for (; follow != atomic_end; follow = follow->outer) {
    if (follow == NULL || follow->node->kind != AST_CONCAT) {
      return SIZE_MAX;
    }
    for (size_t index = follow->index; index < follow->node->as.list.count; index++) {
      const ast_node *item = follow->node->as.list.items[index];
      if (item->kind == AST_EMPTY) {
        continue;
      }
      if (!is_fixed(check, item) || count == ATOMIC_REST_MAX) {
        return SIZE_MAX;
      }
      rest[count++] = item;
    }
  }
  return count;
}

/* Whether the items from follow up to the end of the atomic group
 * (atomic_end) are empty at the end of the subject (is_empty_at_end);
 * with cut, cuts them to the empty string. */
static int rest_is_empty_at_end(const atomic_check *check, const atomic_follow *follow,
                                const atomic_follow *atomic_end, int cut) {
  for (; follow != atomic_end; follow = follow->outer) {
    if (follow == NULL || follow->node->kind != AST_CONCAT) {
      return 0;
    }
    for (size_t index = follow->index; index < follow->node->as.list.count; index++) {
      ast_node *item = follow->node->as.list.items[index];
      if (!is_empty_at_end(check, item)) {
        return 0;
      }
      if (cut) {
        cut_to_empty(item);
      }
    }
  }
  return 1;
}

static void note_status(atomic_check *check, int status) {
  if (status != 0 && check->status == 0) {
    check->status = status;
  }
}

/* A repeat whose atomicity ends after it (possessive) or at atomic_end
 * (in an atomic group), not safe by the rule: rewritten when it
 * repeats a fixed item with a \X or a group ending in a run of \X (see
 * the top of the file), else rejected at the leftmost of its possessive
 * '+' and its atomic group's '('. Returns whether it was rewritten. */
static int make_repeat_atomic(atomic_check *check, ast_node *repeat, const atomic_follow *follow,
                              const atomic_follow *atomic_end, size_t possessive_offset,
                              size_t atomic_offset) {
  int possessive = possessive_offset != SIZE_MAX;
  int in_group = atomic_offset != SIZE_MAX;
  ast_node *item = repeat->as.repeat.child;
  uint32_t max = repeat->as.repeat.max;
  int runs_to_end = is_cluster_run(check, repeat);
  int rest_at_end = in_group && rest_is_empty_at_end(check, follow, atomic_end, 0);
  const ast_node *rest[ATOMIC_REST_MAX];
  size_t count = SIZE_MAX;
  if (repeat->as.repeat.greedy && is_fixed(check, item) && has_cluster(check, item)) {
    if (possessive || (runs_to_end && rest_at_end)) {
      count = 0;
    } else if (in_group) {
      count = rest_of_group(check, follow, atomic_end, rest);
      if (count != 0 && max != AST_REPEAT_INFINITE && max > PARSE_ATOMIC_BOUNDED_MAX) {
        count = SIZE_MAX;
      }
    }
  }
  int consumes = 0;
  int group_to_end = count == SIZE_MAX && repeat->as.repeat.greedy && (possessive || rest_at_end) &&
                     cluster_run_at_end(check, item, 0, &consumes) != NULL && consumes;
  if (count != SIZE_MAX) {
    note_status(check, parse_grapheme_rewrite_atomic_repeat(check->state, repeat, rest, count));
  } else if (group_to_end) {
    ast_node *run = cluster_run_at_end(check, item, 1, &consumes);
    note_status(check, parse_grapheme_rewrite_atomic_repeat(check->state, run, NULL, 0));
    note_status(check, parse_grapheme_rewrite_group_run(check->state, repeat));
  }
  if (count != SIZE_MAX || group_to_end) {
    if ((runs_to_end || group_to_end) && rest_at_end) {
      /* It ends at the end of the subject, where the rest matches empty. */
      rest_is_empty_at_end(check, follow, atomic_end, 1);
    }
    return 1;
  }
  if (atomic_offset < possessive_offset) {
    reject(check, atomic_offset, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP);
  } else {
    reject(check, possessive_offset, JRX_ERROR_UNSUPPORTED_POSSESSIVE);
  }
  return 0;
}

/* Visits node, followed by follow. atomic_offset is the offset of the
 * atomic group whose one-way content node is (part of), SIZE_MAX if
 * none: its repeats must be safe; atomic_end is the innermost such
 * group's own follow, where its atomicity ends. */
static void visit(atomic_check *check, ast_node *node, const atomic_follow *follow,
                  size_t atomic_offset, const atomic_follow *atomic_end) {
  size_t possessive_offset;
  size_t own_atomic_offset;
  unsigned kinds = parse_marks_of(check->state, node, PARSE_MARK_POSSESSIVE, &possessive_offset);
  (void)parse_marks_of(check->state, node, PARSE_MARK_ATOMIC, &own_atomic_offset);
  if ((kinds & PARSE_MARK_ATOMIC) != 0) {
    if (!atomic_content_is_one_way(check, node)) {
      reject(check, own_atomic_offset, JRX_ERROR_UNSUPPORTED_ATOMIC_GROUP);
    }
    if (own_atomic_offset < atomic_offset) {
      atomic_offset = own_atomic_offset;
    }
    atomic_end = follow;
  }
  if ((kinds & PARSE_MARK_GRAPHEME) != 0) {
    return; /* no quantifier or group written inside */
  }
  switch (node->kind) {
  case AST_CONCAT:
    for (size_t index = 0; index < node->as.list.count; index++) {
      atomic_follow rest = {node, index + 1, follow};
      visit(check, node->as.list.items[index], &rest, atomic_offset, atomic_end);
    }
    return;
  case AST_ALTERNATE:
    for (size_t index = 0; index < node->as.list.count; index++) {
      visit(check, node->as.list.items[index], follow, SIZE_MAX, NULL);
    }
    return;
  case AST_REPEAT: {
    if (node->as.repeat.max == 0) {
      return; /* matches the empty string, one way */
    }
    int checked = (kinds & PARSE_MARK_POSSESSIVE) != 0 || atomic_offset != SIZE_MAX;
    if (checked && !repeat_is_safe(check, node, follow) &&
        make_repeat_atomic(check, node, follow, atomic_end, possessive_offset, atomic_offset)) {
      return; /* fixed items, or cut to match at the end: nothing to check in them */
    }
    atomic_follow again = {node, 0, follow};
    visit(check, node->as.repeat.child, node->as.repeat.max > 1 ? &again : follow, SIZE_MAX,
          NULL);
    return;
  }
  case AST_CAPTURE:
    visit(check, node->as.capture.child, follow, atomic_offset, atomic_end);
    return;
  case AST_LOOKAROUND: visit(check, node->as.lookaround.child, NULL, SIZE_MAX, NULL); return;
  default: return;
  }
}

int parse_check_atomic(parse_state *state, ast_node *root) {
  if (!state->has_atomic) {
    return 0;
  }
  parse_sort_marks(state);
  atomic_check check = {state, 0, SIZE_MAX, 0, 0};
  visit(&check, root, NULL, SIZE_MAX, NULL);
  if (check.status != 0) {
    return parse_fail(state, check.status, 0);
  }
  if (check.first_rejected != SIZE_MAX) {
    return parse_fail(state, check.error, check.first_rejected);
  }
  return 0;
}
