/* parse: the driver. One left-to-right pass with an explicit stack of open
 * groups (no recursion, so nesting is bounded only by the limit), building
 * the AST as it goes. Each frame owns its finished branches and the branch
 * being built; on any error everything built so far is freed. Options are
 * resolved into the nodes as they are created (see ast.h). */
#include "parse.h"

#include "memory.h"
#include "parse_internal.h"
#include "utf8.h"

#define COMPILE_OPTIONS                                                                            \
  (JRX_CASELESS | JRX_MULTILINE | JRX_DOTALL | JRX_EXTENDED | JRX_UTF | JRX_ANCHORED |             \
   JRX_UNGREEDY | JRX_NO_JIT | JRX_MATCH_INVALID_UTF | JRX_UCP)

/* One open group (frame 0 is the whole pattern). */
typedef struct parse_frame {
  ast_node *branches;     /* AST_ALTERNATE of the finished branches, or NULL */
  ast_node *branch;       /* AST_CONCAT being built */
  uint32_t saved_options; /* options to restore when the group closes */
  uint32_t capture_index; /* 0 when the group does not capture */
  parse_group_kind kind;  /* of the group (frame 0: PARSE_GROUP_NON_CAPTURE) */
  int negated;            /* a negative lookaround */
  size_t open_offset;
} parse_frame;

typedef struct parser {
  parse_state state;
  const parse_limits *limits;
  parse_frame *frames;
  size_t depth; /* open groups, not counting frame 0 */
  size_t frame_capacity;
  int can_repeat;           /* the last item of the branch may take a quantifier */
  int last_item_lookahead;  /* the last item is a lookahead closed by its own ')' */
  unsigned last_item_marks; /* PARSE_MARK_* of the last item when it is a bare . \N or \R */
} parser;

void parse_default_limits(parse_limits *limits) {
  limits->max_pattern_length = PARSE_DEFAULT_MAX_PATTERN_LENGTH;
  limits->max_nesting_depth = PARSE_DEFAULT_MAX_NESTING_DEPTH;
}

static parse_frame *current_frame(parser *p) {
  return &p->frames[p->depth];
}

static int fail_status(parser *p, int status, size_t offset) {
  return parse_fail(&p->state, status, offset);
}

/* Starts frame p->depth with an empty branch at offset. */
static int start_frame(parser *p, uint32_t saved_options, const parse_group_open *group,
                       uint32_t capture_index, size_t open_offset, size_t content_offset) {
  void *frames = p->frames;
  if (!memory_grow_array(p->state.allocator, &frames, &p->frame_capacity, p->depth + 1,
                         sizeof(parse_frame), 8)) {
    return fail_status(p, JRX_ERROR_NOMEMORY, open_offset);
  }
  p->frames = frames;
  parse_frame *frame = &p->frames[p->depth];
  frame->branches = NULL;
  frame->branch = ast_node_new(p->state.nodes, AST_CONCAT, content_offset);
  frame->saved_options = saved_options;
  frame->capture_index = capture_index;
  frame->kind = group != NULL ? group->kind : PARSE_GROUP_NON_CAPTURE;
  frame->negated = group != NULL && group->negated;
  frame->open_offset = open_offset;
  if (frame->branch == NULL) {
    return fail_status(p, JRX_ERROR_NOMEMORY, open_offset);
  }
  return 0;
}

static void release_frames(parser *p) {
  if (p->frames == NULL) {
    return;
  }
  for (size_t index = 0; index <= p->depth; index++) {
    ast_node_free(p->frames[index].branches);
    ast_node_free(p->frames[index].branch);
  }
  memory_free(p->state.allocator, p->frames);
  p->frames = NULL;
}

static int append_item(parser *p, ast_node *node, int repeatable) {
  if (node == NULL) {
    return fail_status(p, JRX_ERROR_NOMEMORY, p->state.position);
  }
  size_t offset = node->pattern_offset;
  int status = ast_list_append(current_frame(p)->branch, node);
  if (status != 0) {
    return fail_status(p, status, offset);
  }
  p->can_repeat = repeatable;
  p->last_item_marks = 0;
  p->last_item_lookahead = 0;
  return 0;
}

/* Appends a . \N or \R item and marks it for parse_newline.c. */
static int append_marked_item(parser *p, ast_node *node, unsigned kinds) {
  int status = append_item(p, node, 1);
  if (status == 0 && kinds != 0) {
    status = parse_mark_node(&p->state, node, kinds, node->pattern_offset);
    p->last_item_marks = kinds;
  }
  return status;
}

/* Takes the frame's current branch as one node: an empty branch becomes
 * AST_EMPTY and a single item stands for itself. */
static ast_node *take_branch(parse_frame *frame) {
  ast_node *branch = frame->branch;
  frame->branch = NULL;
  if (branch->as.list.count > 1) {
    return branch;
  }
  ast_node *single = branch->as.list.count == 1
                         ? branch->as.list.items[0]
                         : ast_node_new(branch->allocator, AST_EMPTY, branch->pattern_offset);
  branch->as.list.count = 0;
  ast_node_free(branch);
  return single;
}

/* The whole content of a frame: its alternation, or its only branch. */
static int take_frame_content(parser *p, parse_frame *frame, ast_node **content) {
  ast_node *branch = take_branch(frame);
  if (branch == NULL) {
    return fail_status(p, JRX_ERROR_NOMEMORY, frame->open_offset);
  }
  if (frame->branches == NULL) {
    *content = branch;
    return 0;
  }
  ast_node *branches = frame->branches;
  frame->branches = NULL;
  int status = ast_list_append(branches, branch);
  if (status != 0) {
    ast_node_free(branches);
    return fail_status(p, status, frame->open_offset);
  }
  *content = branches;
  return 0;
}

static int next_branch(parser *p) {
  parse_frame *frame = current_frame(p);
  size_t bar = p->state.position;
  if (frame->branches == NULL) {
    frame->branches =
        ast_node_new(p->state.nodes, AST_ALTERNATE, frame->branch->pattern_offset);
    if (frame->branches == NULL) {
      return fail_status(p, JRX_ERROR_NOMEMORY, bar);
    }
  }
  ast_node *branch = take_branch(frame);
  if (branch == NULL) {
    return fail_status(p, JRX_ERROR_NOMEMORY, bar);
  }
  int status = ast_list_append(frame->branches, branch);
  if (status != 0) {
    return fail_status(p, status, bar);
  }
  frame->branch = ast_node_new(p->state.nodes, AST_CONCAT, bar + 1);
  if (frame->branch == NULL) {
    return fail_status(p, JRX_ERROR_NOMEMORY, bar);
  }
  p->state.position = bar + 1;
  p->can_repeat = 0;
  return 0;
}

static int open_group(parser *p) {
  parse_state *state = &p->state;
  size_t open = state->position;
  parse_group_open group;
  int status = parse_group_read_open(state, &group);
  if (status != 0) {
    return status;
  }
  if (group.kind == PARSE_GROUP_OPTION_SET) {
    state->options = group.options;
    p->can_repeat = 0;
    return 0;
  }
  if (p->depth + 1 > p->limits->max_nesting_depth) {
    return fail_status(p, JRX_ERROR_NESTING_TOO_DEEP, state->position);
  }
  uint32_t capture_index = 0;
  if (group.kind == PARSE_GROUP_CAPTURE) {
    if (state->capture_count >= PARSE_MAX_CAPTURES) {
      return fail_status(p, JRX_ERROR_TOO_MANY_CAPTURES, state->position);
    }
    capture_index = ++state->capture_count;
    if (group.name_length > 0) {
      status = parse_names_add(&state->names, state->pattern + group.name_start, group.name_length,
                               capture_index);
      if (status != 0) {
        return fail_status(p, status,
                           status == JRX_ERROR_DUPLICATE_GROUP_NAME ? group.name_end : open);
      }
    }
  }
  p->depth++;
  status = start_frame(p, state->options, &group, capture_index, open, state->position);
  if (status != 0) {
    p->depth--;
    return status;
  }
  state->options = group.options;
  p->can_repeat = 0;
  return 0;
}

static int close_group(parser *p) {
  parse_state *state = &p->state;
  if (p->depth == 0) {
    return fail_status(p, JRX_ERROR_UNMATCHED_PARENTHESIS, state->position);
  }
  parse_frame *frame = current_frame(p);
  size_t branch_count = frame->branches != NULL ? frame->branches->as.list.count + 1 : 1;
  ast_node *content;
  int status = take_frame_content(p, frame, &content);
  if (status != 0) {
    return status;
  }
  if (frame->capture_index != 0) {
    ast_node *capture = ast_node_new(p->state.nodes, AST_CAPTURE, frame->open_offset);
    if (capture == NULL) {
      ast_node_free(content);
      return fail_status(p, JRX_ERROR_NOMEMORY, frame->open_offset);
    }
    capture->as.capture.child = content;
    capture->as.capture.index = frame->capture_index;
    content = capture;
  }
  if (frame->kind == PARSE_GROUP_LOOKAHEAD || frame->kind == PARSE_GROUP_LOOKBEHIND) {
    ast_node *lookaround = ast_node_new(p->state.nodes, AST_LOOKAROUND, frame->open_offset);
    if (lookaround == NULL) {
      ast_node_free(content);
      return fail_status(p, JRX_ERROR_NOMEMORY, frame->open_offset);
    }
    p->state.lookaround_or_reset = 1;
    lookaround->as.lookaround.child = content;
    lookaround->as.lookaround.behind = frame->kind == PARSE_GROUP_LOOKBEHIND;
    lookaround->as.lookaround.negated = frame->negated;
    lookaround->as.lookaround.branch_count = branch_count;
    content = lookaround;
  }
  if (frame->kind == PARSE_GROUP_ATOMIC) {
    /* Kept only where parse_atomic.c shows it cannot change a match. */
    status = parse_mark_node(state, content, PARSE_MARK_ATOMIC, frame->open_offset);
    if (status != 0) {
      ast_node_free(content);
      return status;
    }
  }
  int lookahead = frame->kind == PARSE_GROUP_LOOKAHEAD;
  state->options = frame->saved_options;
  p->depth--;
  state->position++;
  status = append_item(p, content, 1);
  p->last_item_lookahead = lookahead;
  return status;
}

/* A character as an item: a literal, or under caseless matching the class
 * of all its cases when it has others. */
static int add_character(parser *p, uint32_t code_point, size_t offset) {
  parse_state *state = &p->state;
  if ((state->options & PARSE_OPTION_CASELESS) != 0) {
    ast_node *class_node = ast_node_new(p->state.nodes, AST_CLASS, offset);
    if (class_node == NULL) {
      return fail_status(p, JRX_ERROR_NOMEMORY, offset);
    }
    int status = charset_add_range(&class_node->as.set, code_point, code_point);
    if (status == 0) {
      status = parse_finish_set(state, &class_node->as.set, 1);
    }
    if (status != 0) {
      ast_node_free(class_node);
      return fail_status(p, status, offset);
    }
    if (charset_size(&class_node->as.set) > 1) {
      return append_item(p, class_node, 1);
    }
    ast_node_free(class_node);
  }
  ast_node *literal = ast_node_new(p->state.nodes, AST_LITERAL, offset);
  if (literal != NULL) {
    literal->as.code_point = code_point;
  }
  return append_item(p, literal, 1);
}

static int add_pattern_character(parser *p) {
  parse_state *state = &p->state;
  size_t offset = state->position;
  uint32_t code_point;
  state->position += parse_decode(state, offset, &code_point);
  return add_character(p, code_point, offset);
}

/* A class item from a predefined set, or everything but \n when set is
 * NULL (for . and \N; only "everything" under DOTALL). */
static int add_set_class(parser *p, const parse_escape *set, int dot_all, size_t offset) {
  parse_state *state = &p->state;
  ast_node *class_node = ast_node_new(p->state.nodes, AST_CLASS, offset);
  if (class_node == NULL) {
    return fail_status(p, JRX_ERROR_NOMEMORY, offset);
  }
  int status;
  if (set != NULL) {
    status = parse_set_add(&class_node->as.set, set->set, set->negated, state);
  } else {
    status = dot_all ? 0 : charset_add_range(&class_node->as.set, '\n', '\n');
    if (status == 0) {
      status = charset_negate(&class_node->as.set, state->max_code_point);
    }
  }
  if (status != 0) {
    ast_node_free(class_node);
    return fail_status(p, status, offset);
  }
  return append_marked_item(p, class_node, set == NULL && !dot_all ? PARSE_MARK_ANY : 0);
}

static int add_property_class(parser *p, const parse_escape *property, size_t offset) {
  ast_node *class_node = ast_node_new(p->state.nodes, AST_CLASS, offset);
  int status = class_node == NULL ? JRX_ERROR_NOMEMORY
                                  : parse_property_add(&p->state, &class_node->as.set, property);
  if (status != 0) {
    ast_node_free(class_node);
    return fail_status(p, status, offset);
  }
  return append_item(p, class_node, 1);
}

static int add_assertion(parser *p, ast_assertion assertion, size_t offset) {
  if (assertion == AST_ASSERT_MATCH_START && !p->state.has_match_start) {
    p->state.has_match_start = 1;
    p->state.match_start_offset = offset;
  }
  ast_node *node = ast_node_new(p->state.nodes, AST_ASSERT, offset);
  if (node != NULL) {
    node->as.assertion = assertion;
  }
  return append_item(p, node, 0);
}

static int append_literal(ast_node *list, uint32_t code_point, size_t offset) {
  ast_node *literal = ast_node_new(list->allocator, AST_LITERAL, offset);
  if (literal == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  literal->as.code_point = code_point;
  return ast_list_append(list, literal);
}

/* \R as (?:\r\n|[\n\x0b\f\r\x85\x{2028}\x{2029}]); parse_newline.c
 * later rejects the uses where PCRE2's \R would behave differently. */
static ast_node *new_newline_sequence(const parse_state *state, size_t offset) {
  ast_node *sequence = ast_node_new(state->nodes, AST_ALTERNATE, offset);
  ast_node *pair = ast_node_new(state->nodes, AST_CONCAT, offset);
  ast_node *single = ast_node_new(state->nodes, AST_CLASS, offset);
  if (sequence == NULL || pair == NULL || single == NULL) {
    ast_node_free(sequence);
    ast_node_free(pair);
    ast_node_free(single);
    return NULL;
  }
  /* Attach both branches first so that freeing sequence frees everything. */
  int status = ast_list_append(sequence, pair);
  if (status != 0) {
    ast_node_free(single);
  } else {
    status = ast_list_append(sequence, single);
  }
  if (status == 0) {
    status = append_literal(pair, '\r', offset);
  }
  if (status == 0) {
    status = append_literal(pair, '\n', offset);
  }
  if (status == 0) {
    status = charset_add_range(&single->as.set, 0x0a, 0x0d);
  }
  if (status == 0) {
    status = charset_add_range(&single->as.set, 0x85, 0x85);
  }
  if (status == 0 && state->utf) {
    status = charset_add_range(&single->as.set, 0x2028, 0x2029);
  }
  if (status != 0) {
    ast_node_free(sequence);
    return NULL;
  }
  return sequence;
}

static int add_escape(parser *p) {
  parse_state *state = &p->state;
  size_t offset = state->position;
  parse_escape escape;
  int status = parse_escape_read(state, 0, &escape);
  if (status != 0) {
    return status;
  }
  switch (escape.kind) {
  case PARSE_ESCAPE_LITERAL: return add_character(p, escape.code_point, offset);
  case PARSE_ESCAPE_SET: return add_set_class(p, &escape, 0, offset);
  case PARSE_ESCAPE_PROPERTY: return add_property_class(p, &escape, offset);
  case PARSE_ESCAPE_ASSERTION: return add_assertion(p, escape.assertion, offset);
  case PARSE_ESCAPE_NOT_NEWLINE: return add_set_class(p, NULL, 0, offset);
  case PARSE_ESCAPE_NEWLINE_SEQUENCE:
    return append_marked_item(p, new_newline_sequence(state, offset), PARSE_MARK_NEWLINE_SEQUENCE);
  case PARSE_ESCAPE_QUOTE_START: state->in_quote = 1; return 0;
  case PARSE_ESCAPE_QUOTE_END: return 0;
  case PARSE_ESCAPE_MATCH_RESET:
    state->lookaround_or_reset = 1;
    return append_item(p, ast_node_new(state->nodes, AST_MATCH_RESET, offset), 0);
  case PARSE_ESCAPE_GRAPHEME_CLUSTER:
    return append_marked_item(p, parse_grapheme_cluster(state, offset), PARSE_MARK_GRAPHEME);
  case PARSE_ESCAPE_NOT_IN_CLASS: break; /* only ever read inside classes */
  }
  return fail_status(p, JRX_ERROR_INTERNAL, offset);
}

/* Wraps the branch's last item in a repeat. The quantifier has been read
 * up to quantifier_end; error_offset is where PCRE2 reports a quantifier
 * with nothing to repeat (its last character). */
static int apply_quantifier(parser *p, uint32_t min, uint32_t max, size_t quantifier_end,
                            size_t error_offset) {
  parse_state *state = &p->state;
  if (!p->can_repeat) {
    return fail_status(p, JRX_ERROR_NOTHING_TO_REPEAT, error_offset);
  }
  state->position = quantifier_end;
  /* The lazy or possessive mark may follow after ignored text. */
  int status = parse_skip_ignored(state);
  if (status != 0) {
    return status;
  }
  int greedy = 1;
  size_t possessive_offset = SIZE_MAX;
  if (!state->in_quote && state->position < state->length) {
    if (state->pattern[state->position] == '?') {
      greedy = 0;
      state->position++;
    } else if (state->pattern[state->position] == '+') {
      possessive_offset = state->position;
      state->position++;
    }
  }
  if ((state->options & PARSE_OPTION_UNGREEDY) != 0 && possessive_offset == SIZE_MAX) {
    greedy = !greedy;
  }
  ast_node *branch = current_frame(p)->branch;
  ast_node *item = branch->as.list.items[branch->as.list.count - 1];
  ast_node *repeat = ast_node_new(p->state.nodes, AST_REPEAT, item->pattern_offset);
  if (repeat == NULL) {
    return fail_status(p, JRX_ERROR_NOMEMORY, error_offset);
  }
  repeat->as.repeat.child = item;
  repeat->as.repeat.min = min;
  repeat->as.repeat.max = max;
  repeat->as.repeat.greedy = greedy;
  repeat->as.repeat.of_lookahead = p->last_item_lookahead;
  branch->as.list.items[branch->as.list.count - 1] = repeat;
  p->can_repeat = 0;
  if (possessive_offset != SIZE_MAX) {
    /* Kept only where parse_atomic.c shows it cannot change a match. */
    status = parse_mark_node(state, repeat, PARSE_MARK_POSSESSIVE, possessive_offset);
    if (status != 0) {
      return status;
    }
  }
  /* PCRE2 optimizes variable quantifiers written on . \N and \R
   * themselves; parse_newline.c needs to see them. */
  unsigned repeated =
      (p->last_item_marks & PARSE_MARK_ANY ? PARSE_MARK_REPEATED_ANY : 0) |
      (p->last_item_marks & PARSE_MARK_NEWLINE_SEQUENCE ? PARSE_MARK_REPEATED_NEWLINE_SEQUENCE : 0);
  p->last_item_marks = 0;
  if (repeated != 0 && min < max) {
    return parse_mark_node(state, repeat, repeated, repeat->pattern_offset);
  }
  return 0;
}

static int read_single_quantifier(parser *p, unsigned char byte) {
  size_t offset = p->state.position;
  uint32_t min = byte == '+' ? 1 : 0;
  uint32_t max = byte == '?' ? 1 : AST_REPEAT_INFINITE;
  return apply_quantifier(p, min, max, offset + 1, offset);
}

/* '{' starts a quantifier only when the whole {n,m} is well formed. */
static int read_brace(parser *p) {
  parse_state *state = &p->state;
  uint32_t min;
  uint32_t max;
  size_t end;
  int quantifier = parse_read_braced_quantifier(state, state->position, &min, &max, &end);
  if (quantifier < 0) {
    return fail_status(p, quantifier, end);
  }
  if (quantifier == 0) {
    return add_pattern_character(p);
  }
  return apply_quantifier(p, min, max, end, end - 1);
}

static int add_class(parser *p) {
  ast_node *class_node;
  int status = parse_class(&p->state, &class_node);
  return status != 0 ? status : append_item(p, class_node, 1);
}

static int read_item(parser *p) {
  parse_state *state = &p->state;
  if (state->in_quote) {
    return add_pattern_character(p);
  }
  size_t offset = state->position;
  unsigned char byte = state->pattern[offset];
  int multiline = (state->options & PARSE_OPTION_MULTILINE) != 0;
  switch (byte) {
  case '(': return open_group(p);
  case ')': return close_group(p);
  case '|': return next_branch(p);
  case '*':
  case '+':
  case '?': return read_single_quantifier(p, byte);
  case '{': return read_brace(p);
  case '[': return add_class(p);
  case '\\': return add_escape(p);
  case '.':
    state->position++;
    return add_set_class(p, NULL, (state->options & PARSE_OPTION_DOTALL) != 0, offset);
  case '^':
    state->position++;
    return add_assertion(p, multiline ? AST_ASSERT_LINE_START : AST_ASSERT_CARET_START, offset);
  case '$':
    state->position++;
    return add_assertion(p, multiline ? AST_ASSERT_LINE_END : AST_ASSERT_DOLLAR_END, offset);
  default: return add_pattern_character(p);
  }
}

static int parse_items(parser *p) {
  parse_state *state = &p->state;
  for (;;) {
    int status = parse_skip_ignored(state);
    if (status != 0) {
      return status;
    }
    if (state->position >= state->length) {
      break;
    }
    status = read_item(p);
    if (status != 0) {
      return status;
    }
  }
  if (p->depth > 0) {
    return fail_status(p, JRX_ERROR_MISSING_PARENTHESIS, state->length);
  }
  return 0;
}

/* Checks that fail before any parsing, at offset 0 (or at the bad UTF-8). */
static int check_arguments(const char *pattern, size_t length, uint32_t options,
                           const parse_limits *limits, size_t *error_offset) {
  *error_offset = 0;
  if (pattern == NULL && length > 0) {
    return JRX_ERROR_NULL_PATTERN;
  }
  if ((options & ~COMPILE_OPTIONS) != 0) {
    return JRX_ERROR_BAD_COMPILE_OPTION;
  }
  if (length > limits->max_pattern_length) {
    return JRX_ERROR_PATTERN_TOO_LONG;
  }
  if ((options & JRX_UTF) != 0 && length > 0 &&
      !utf8_validate((const unsigned char *)pattern, length, error_offset)) {
    return JRX_ERROR_BAD_UTF_PATTERN;
  }
  return 0;
}

int parse_pattern(const char *pattern, size_t length, uint32_t options, const parse_limits *limits,
                  const jrx_allocator *allocator, ast_tree *tree, size_t *error_offset) {
  size_t ignored_offset;
  if (error_offset == NULL) {
    error_offset = &ignored_offset;
  }
  *error_offset = 0;
  if (tree == NULL) {
    return JRX_ERROR_NULL;
  }
  ast_tree_init(tree, allocator);
  parse_limits default_limits;
  if (limits == NULL) {
    parse_default_limits(&default_limits);
    limits = &default_limits;
  }
  size_t start = parse_start_items(pattern, length, &options);
  int status = check_arguments(pattern, length, options, limits, error_offset);
  if (status != 0) {
    return status;
  }

  memory_arena *nodes = memory_arena_create(allocator);
  if (nodes == NULL) {
    return JRX_ERROR_NOMEMORY;
  }
  parser p = {.limits = limits};
  parse_state *state = &p.state;
  state->allocator = allocator;
  state->nodes = memory_arena_allocator(nodes);
  state->pattern = (const unsigned char *)(pattern != NULL ? pattern : "");
  state->length = length;
  state->position = start;
  state->options = options & (PARSE_OPTION_CASELESS | PARSE_OPTION_MULTILINE | PARSE_OPTION_DOTALL |
                              PARSE_OPTION_EXTENDED | PARSE_OPTION_UNGREEDY);
  state->utf = (options & JRX_UTF) != 0;
  state->invalid_utf = (options & JRX_MATCH_INVALID_UTF) != 0;
  state->ucp = (options & JRX_UCP) != 0;
  state->max_code_point = state->utf ? CHARSET_MAX_UNICODE : CHARSET_MAX_BYTE;
  parse_names_init(&state->names, allocator);

  ast_node *root = NULL;
  status = start_frame(&p, state->options, NULL, 0, 0, 0);
  if (status == 0) {
    status = parse_items(&p);
  }
  if (status == 0) {
    status = take_frame_content(&p, current_frame(&p), &root);
  }
  if (status == 0) {
    status = parse_check_atomic(state, root);
  }
  if (status == 0) {
    status = parse_check_newline_sequences(state, root);
  }
  if (status == 0) {
    status = parse_check_lookarounds(state, root);
  }
  if (status == 0) {
    status = parse_check_startline(state, root, &tree->startline);
  }
  if (status == 0 && state->mark_count > 0) {
    parse_sort_marks(state);
    const ast_node *alone = root;
    while (alone->kind == AST_CAPTURE) {
      alone = alone->as.capture.child;
    }
    tree->grapheme_alone = (parse_marks_of(state, alone, 0, NULL) & PARSE_MARK_GRAPHEME) != 0;
    tree->grapheme_run =
        root->kind == AST_REPEAT && root->as.repeat.greedy && root->as.repeat.min == 1 &&
        root->as.repeat.max == AST_REPEAT_INFINITE &&
        (parse_marks_of(state, root->as.repeat.child, 0, NULL) & PARSE_MARK_GRAPHEME) != 0;
    if (!tree->grapheme_alone && !state->invalid_utf) {
      status = parse_grapheme_last(state, &root, tree);
    }
  }
  release_frames(&p);
  memory_free(allocator, state->marks);
  if (status != 0) {
    ast_node_free(root);
    memory_arena_destroy(nodes);
    parse_names_release(&state->names);
    *error_offset = state->error_offset;
    return state->error != 0 ? state->error : status;
  }
  tree->nodes = nodes;
  tree->root = root;
  tree->capture_count = state->capture_count;
  tree->utf = state->utf;
  parse_names_finish(&state->names, tree);
  return 0;
}
