/* ast: the parse tree the parser builds and the NFA compiler consumes.
 * The parser resolves every option into the nodes themselves: caseless
 * literals become classes, `.` becomes a class, `$` becomes the right
 * assertion for the multiline mode, lazy/greedy is explicit on each repeat.
 * After parsing nothing downstream needs to know about inline options.
 * Nodes are owned by their parent; ast_node_free releases a whole tree.
 *
 * Shapes the parser produces: CONCAT and ALTERNATE always have two or more
 * children (an empty branch is AST_EMPTY); a caseless character without
 * other cases stays an AST_LITERAL; a REPEAT's child may itself match the
 * empty string or be an assertion or another REPEAT ((?:a*)*, (?:\b)*);
 * a class may be empty ([^\x00-\xff] in byte mode) and then never matches;
 * in UTF mode no class contains a surrogate (see charset.h); \R arrives as
 * (alt (cat '\r' '\n') [\n\x0b\f\r\x85...]), accepted only where that
 * alternation gives PCRE2's answers. The tree is at most about four levels
 * deeper than the pattern's group nesting, which the parser limits, so
 * recursive walks over it are bounded. */
#ifndef JRX_AST_H
#define JRX_AST_H

#include <stddef.h>
#include <stdint.h>

#include "charset.h"
#include "jrx.h"

typedef enum ast_kind {
  AST_EMPTY,     /* matches the empty string */
  AST_LITERAL,   /* one code point, case-sensitive */
  AST_CLASS,     /* one code point from a set */
  AST_CONCAT,    /* children in order */
  AST_ALTERNATE, /* children in priority order (leftmost first) */
  AST_REPEAT,    /* child repeated min..max times */
  AST_CAPTURE,   /* capturing group */
  AST_ASSERT,    /* zero-width assertion */
  AST_LOOKAROUND, /* (?=...) (?!...) (?<=...) (?<!...): atomic, zero-width */
  AST_MATCH_RESET /* \K: the reported match starts here */
} ast_kind;

typedef enum ast_assertion {
  AST_ASSERT_TEXT_START, /* \A: at the start of the subject, whatever JRX_NOTBOL says */
  AST_ASSERT_LINE_START, /* ^ with multiline: start or after \n (not after a final \n at end) */
  AST_ASSERT_TEXT_END,   /* \z */
  AST_ASSERT_TEXT_END_NEWLINE,  /* \Z: end or before a final \n, whatever JRX_NOTEOL says */
  AST_ASSERT_LINE_END,          /* $ with multiline: before any \n or at end */
  AST_ASSERT_WORD_BOUNDARY,     /* \b (ASCII word characters) */
  AST_ASSERT_NOT_WORD_BOUNDARY, /* \B */
  AST_ASSERT_MATCH_START,       /* \G: at the start_offset of the match call */
  AST_ASSERT_CARET_START,       /* ^ without multiline: as \A, but never under JRX_NOTBOL */
  AST_ASSERT_DOLLAR_END,        /* $ without multiline: as \Z, but never under JRX_NOTEOL */
  /* \b and \B under UCP: word characters are the code points (bytes in
   * byte mode) \w matches under UCP, decoded on each side of the
   * position; only the Pike VM evaluates them (nfa_program.needs_pike). */
  AST_ASSERT_UCP_WORD_BOUNDARY,
  AST_ASSERT_UCP_NOT_WORD_BOUNDARY,
  /* The tests \X is built from (parse_grapheme.c; grapheme.h has the
   * rules): each reads the characters on both sides of the position (the
   * regional indicator count reads further back); only the Pike VM
   * evaluates them (nfa_program.needs_pike). */
  AST_ASSERT_GRAPHEME_NEXT_PICTOGRAPHIC,     /* next is Extended_Pictographic */
  AST_ASSERT_GRAPHEME_NEXT_NOT_PICTOGRAPHIC, /* next is another character */
  AST_ASSERT_GRAPHEME_JOIN,                  /* no cluster break between previous and next */
  AST_ASSERT_GRAPHEME_BREAK,                 /* a break, or no next character */
  /* After Extended_Pictographic (Extend | ZWJ)*, where PCRE2 keeps
   * Extended_Pictographic as the value to the left: */
  AST_ASSERT_GRAPHEME_PICTOGRAPHIC_EXTEND,  /* next is Extend, ZWJ or Extended_Pictographic */
  AST_ASSERT_GRAPHEME_PICTOGRAPHIC_SPACING, /* next is SpacingMark */
  AST_ASSERT_GRAPHEME_PICTOGRAPHIC_BREAK,   /* neither, or no next character */
  /* Only in programs, never in a tree: an AST_LOOKAROUND checked at the
   * position (nfa_instruction.lookaround says which; see lookaround.h). */
  AST_ASSERT_LOOKAROUND
} ast_assertion;

/* The case labels of \X's assertions, for a switch that treats them
 * alike and still names every assertion. */
#define AST_ASSERT_GRAPHEME_CASES                 \
  case AST_ASSERT_GRAPHEME_NEXT_PICTOGRAPHIC:     \
  case AST_ASSERT_GRAPHEME_NEXT_NOT_PICTOGRAPHIC: \
  case AST_ASSERT_GRAPHEME_JOIN:                  \
  case AST_ASSERT_GRAPHEME_BREAK:                 \
  case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_EXTEND:   \
  case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_SPACING:  \
  case AST_ASSERT_GRAPHEME_PICTOGRAPHIC_BREAK

/* Whether an assertion is one of \X's. */
static inline int ast_assertion_is_grapheme(ast_assertion assertion) {
  return assertion >= AST_ASSERT_GRAPHEME_NEXT_PICTOGRAPHIC &&
         assertion <= AST_ASSERT_GRAPHEME_PICTOGRAPHIC_BREAK;
}

/* The word characters of \b and \B: ASCII letters, digits and _, in
 * every mode, as PCRE2 without PCRE2_UCP. Every engine asks this. */
static inline int ast_is_word_byte(unsigned byte) {
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
         (byte >= '0' && byte <= '9') || byte == '_';
}

#define AST_REPEAT_INFINITE UINT32_MAX

typedef struct ast_node ast_node;
struct ast_node {
  /* of the node and its list of children: the arena of the tree's nodes
   * (ast_tree.nodes) for a parsed tree; a class's set has its own */
  const jrx_allocator *allocator;
  ast_kind kind;
  size_t pattern_offset; /* where the construct starts, for diagnostics */
  union {
    uint32_t code_point; /* AST_LITERAL */
    charset set;         /* AST_CLASS */
    struct {             /* AST_CONCAT, AST_ALTERNATE */
      ast_node **items;
      size_t count;
      size_t capacity;
    } list;
    struct { /* AST_REPEAT */
      ast_node *child;
      uint32_t min;
      uint32_t max; /* AST_REPEAT_INFINITE for no upper bound */
      int greedy;
      /* The quantifier follows a lookahead's own ')' ((?=a)?, not
       * (?:(?=a))?): ast_is_repeated_lookahead. */
      int of_lookahead;
    } repeat;
    struct { /* AST_CAPTURE */
      ast_node *child;
      uint32_t index; /* 1-based group number */
    } capture;
    ast_assertion assertion; /* AST_ASSERT */
    struct {                 /* AST_LOOKAROUND */
      ast_node *child;
      int behind;  /* lookbehind: the body ends at the position */
      int negated; /* holds where the body cannot match */
      /* The body's top-level branches: the child's items when it is an
       * AST_ALTERNATE of the body's | (not of an \R), else 1. */
      size_t branch_count;
      /* Compiled as its branches, each a lookaround of its own, tried in
       * order (parse_check_lookarounds): a positive one passed several
       * times whose groups not every match sets, each branch setting all
       * of its own. */
      int split;
      /* Passed several times, with a branch that may leave one of its
       * groups unset: each pass also records, for each group, whether the
       * body's first match there sets it (nfa_compile.c, compile_conditions). */
      int conditional;
    } lookaround;
  } as;
};

typedef struct ast_group_name {
  char *name; /* NUL-terminated */
  uint32_t index;
} ast_group_name;

/* At most so many capturing groups around a last \X (ast_tree.grapheme_last). */
#define AST_GRAPHEME_LAST_GROUPS 8

/* The result of parsing one pattern. */
typedef struct ast_tree {
  const jrx_allocator *allocator; /* of the names; nodes carry their own */
  /* The nodes and their lists of children, freed with the tree (a pattern
   * makes hundreds of small nodes: one per character); NULL before a parse. */
  struct memory_arena *nodes;
  ast_node *root;
  uint32_t capture_count;
  ast_group_name *names; /* sorted by name */
  size_t name_count;
  int utf; /* code points are Unicode (1) or bytes (0) */
  /* Under JRX_MATCH_INVALID_UTF: PCRE2 marks the pattern PCRE2_STARTLINE
   * (parse_startline.c); 0 otherwise. */
  int startline;
  /* The pattern is one \X, maybe inside groups of any kind (each
   * capturing group then holds the whole match). */
  int grapheme_alone;
  /* The pattern is \X+ (greedy or possessive, \X{1,} too), maybe inside
   * non-capturing or atomic groups. */
  int grapheme_run;
  /* The pattern ends with \X, which is neither alone nor repeated: it is
   * the last item of the pattern's sequence, maybe inside capturing
   * groups and sequences of their own, and not under
   * JRX_MATCH_INVALID_UTF. The tree has \X's first character (any one)
   * in its place (parse_grapheme_last), so a match of the tree ends
   * after that character where a match of the pattern ends after its
   * cluster, and so do the groups grapheme_last_groups (outermost first)
   * of the cluster: each path of the rest matches before \X as it does
   * before that character, and \X matches where one follows. */
  int grapheme_last;
  uint32_t grapheme_last_groups[AST_GRAPHEME_LAST_GROUPS];
  uint32_t grapheme_last_group_count;
} ast_tree;

void ast_tree_init(ast_tree *tree, const jrx_allocator *allocator);
void ast_tree_release(ast_tree *tree);
void ast_node_free(ast_node *node);

/* Returns a new node of that kind with an empty payload (an empty set for
 * AST_CLASS, from the allocator behind allocator when that is an arena's,
 * see memory_backing_allocator; no children for AST_CONCAT and
 * AST_ALTERNATE), or NULL when out of memory. */
ast_node *ast_node_new(const jrx_allocator *allocator, ast_kind kind, size_t pattern_offset);

/* Appends item to an AST_CONCAT or AST_ALTERNATE node. Takes ownership of
 * item in every case: on failure (JRX_ERROR_NOMEMORY) item is freed. */
int ast_list_append(ast_node *list, ast_node *item);

/* Writes node as an S-expression, e.g. (cat 'a' (rep 0 inf [0-9]) @line-end)
 * for `a[0-9]*$` under multiline; lazy repeats print as (rep? ...),
 * captures as (cap N ...), alternations as (alt ...), the empty node as ().
 * Characters outside printable ASCII print as \x{hex}. Like snprintf:
 * writes at most size bytes including the NUL and returns the length the
 * whole text needs. */
size_t ast_format(const ast_node *node, char *buffer, size_t size);

/* The number of characters every match of node has, PCRE2 10.42's rule
 * for lookbehinds (a group must have one length whatever branch matches),
 * or AST_LENGTH_VARIES. Saturates below AST_LENGTH_VARIES. */
#define AST_LENGTH_VARIES UINT32_MAX
uint32_t ast_fixed_characters(const ast_node *node);

/* Whether node is a quantifier written right after a lookahead: its
 * length is 0 whatever the quantifier, as PCRE2 measures a lookbehind
 * branch (it skips any quantifier after a lookahead's ')';
 * (?<=(?=(.))?a) has one length, and (?<=(?<=a)?b) and
 * (?<=(?:(?=a))?b) none). */
int ast_is_repeated_lookahead(const ast_node *node);

/* The most bytes a match of node can take (assertions and lookarounds
 * take none; in UTF mode a class takes as many as its highest code
 * point needs), or AST_BYTES_UNBOUNDED. */
#define AST_BYTES_UNBOUNDED SIZE_MAX
size_t ast_max_bytes(const ast_node *node, int utf);

/* The index-th top-level branch of an AST_LOOKAROUND's body. */
const ast_node *ast_lookaround_branch(const ast_node *lookaround, size_t index);

/* PCRE2 10.42's max_lookbehind: the characters of the longest lookbehind
 * branch in the tree, at least 1 when it has \A, \b or \B, counting even
 * what can never run (inside a group repeated {0}). PCRE2 validates a UTF-8
 * subject from that many characters before the start offset, and its
 * lookbehinds and \b cannot read before there; jrx must do the same. */
uint32_t ast_max_lookbehind(const ast_node *node);

/* Whether node holds a capture group PCRE2 could set: one that no
 * negative lookaround encloses (PCRE2 never sets those). */
int ast_has_settable_capture(const ast_node *node);

#endif
