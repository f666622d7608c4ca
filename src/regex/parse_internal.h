/* parse_internal: what the parser's files share. parse.c drives the pass
 * and owns the state; parse_lexer.c reads code points and skips what PCRE2
 * ignores; parse_escape.c, parse_class.c, parse_group.c, parse_quantifier.c,
 * parse_sets.c, parse_names.c and parse_newline.c each own one kind of
 * construct. Functions that may change the parse state record their errors
 * there through parse_fail (first error wins) and return the code; the
 * others return a code (or say where the error is) for the caller to
 * record. */
#ifndef JRX_PARSE_INTERNAL_H
#define JRX_PARSE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "charset.h"
#include "jrx.h"
#include "parse.h"
#include "unicode_property.h"

/* Options in force at a point of the pattern: the JRX_* compile option bits
 * of the same meaning, plus the two that exist only inline. */
#define PARSE_OPTION_CASELESS JRX_CASELESS
#define PARSE_OPTION_MULTILINE JRX_MULTILINE
#define PARSE_OPTION_DOTALL JRX_DOTALL
#define PARSE_OPTION_EXTENDED JRX_EXTENDED
#define PARSE_OPTION_UNGREEDY JRX_UNGREEDY
#define PARSE_OPTION_EXTENDED_MORE 0x00010000u   /* (?xx) */
#define PARSE_OPTION_NO_AUTO_CAPTURE 0x00020000u /* (?n) */
/* What (?^) switches off. */
#define PARSE_OPTIONS_RESET_BY_CARET                                                               \
  (PARSE_OPTION_CASELESS | PARSE_OPTION_MULTILINE | PARSE_OPTION_DOTALL | PARSE_OPTION_EXTENDED |  \
   PARSE_OPTION_EXTENDED_MORE | PARSE_OPTION_NO_AUTO_CAPTURE)

/* Longest group name PCRE2 accepts, in code units (bytes). */
#define PARSE_MAX_NAME_LENGTH 32u
#define PARSE_MAX_CAPTURES 65535u

/* Group names seen so far: insertion order plus a hash index, so duplicate
 * detection stays O(1) per name however many groups there are. */
typedef struct parse_names {
  const jrx_allocator *allocator;
  ast_group_name *entries;
  size_t count;
  size_t capacity;
  uint32_t *slots; /* entry index + 1, or 0 for an empty slot */
  size_t slot_count;
} parse_names;

/* Nodes that the checks after parsing must find again: the kinds of a mark. */
#define PARSE_MARK_NEWLINE_SEQUENCE 0x1u          /* the alternation built for \R */
#define PARSE_MARK_ANY 0x2u                       /* . without DOTALL, or \N */
#define PARSE_MARK_REPEATED_ANY 0x4u              /* a variable quantifier on . or \N itself */
#define PARSE_MARK_REPEATED_NEWLINE_SEQUENCE 0x8u /* a variable quantifier on \R itself */
#define PARSE_MARK_ATOMIC 0x10u                   /* the content of an atomic group */
#define PARSE_MARK_POSSESSIVE 0x20u               /* a possessive quantifier's repeat */
#define PARSE_MARK_GRAPHEME 0x40u                 /* the tree built for \X */

typedef struct parse_mark {
  const ast_node *node;
  unsigned kinds;
  size_t offset; /* where the marked construct is written */
} parse_mark;

typedef struct parse_state {
  const jrx_allocator *allocator; /* of the tree and everything the parse builds */
  const jrx_allocator *nodes;     /* of the tree's nodes: its arena (ast_tree.nodes) */
  const unsigned char *pattern;
  size_t length;
  size_t position;
  uint32_t options;
  int utf;
  int ucp;                 /* JRX_UCP: \d \s \w and POSIX classes by Unicode properties */
  int invalid_utf;         /* JRX_MATCH_INVALID_UTF (parse_startline.c) */
  uint32_t max_code_point; /* CHARSET_MAX_BYTE or CHARSET_MAX_UNICODE */
  int in_quote;            /* between \Q and \E */
  uint32_t capture_count;  /* capturing groups opened so far */
  /* Whether the tree has a lookaround or \K: only then has
   * parse_check_lookarounds anything to look for. */
  int lookaround_or_reset;
  parse_names names;
  parse_mark *marks; /* in creation order until parse_startline.c sorts them */
  size_t mark_count;
  size_t mark_capacity;
  int has_newline_sequence;
  int has_atomic;   /* a possessive quantifier or an atomic group was marked */
  int marks_sorted; /* parse_sort_marks ran since the last mark */
  int has_match_start;       /* the pattern has a \G */
  size_t match_start_offset; /* where the first \G is */
  int error;
  size_t error_offset;
} parse_state;

/* Records the first error and returns its code. */
int parse_fail(parse_state *state, int code, size_t offset);

static inline int parse_is_digit(uint32_t code_point) {
  return code_point >= '0' && code_point <= '9';
}

/* --- parse_lexer.c --- */

/* Decodes the character at position (which must be < length): a byte in
 * byte mode, a code point in UTF mode (the pattern was validated up front).
 * Returns its length in bytes. */
size_t parse_decode(const parse_state *state, size_t position, uint32_t *code_point);
/* 1 if the pattern at position starts with text (of text_length bytes). */
int parse_looking_at(const parse_state *state, size_t position, const char *text,
                     size_t text_length);
/* Skips everything PCRE2 ignores between items outside classes: extended
 * mode white space and # comments, (?#...) comments, \E, and \Q\E pairs;
 * a \Q followed by more text switches to quoting instead. */
int parse_skip_ignored(parse_state *state);

/* --- parse_sets.c --- */

typedef enum parse_set_name {
  PARSE_SET_DIGIT,            /* \d, [:digit:] */
  PARSE_SET_WORD,             /* \w, [:word:] */
  PARSE_SET_SPACE,            /* \s, [:space:] */
  PARSE_SET_HORIZONTAL_SPACE, /* \h */
  PARSE_SET_VERTICAL_SPACE,   /* \v */
  PARSE_SET_ALPHA,
  PARSE_SET_ALNUM,
  PARSE_SET_ASCII,
  PARSE_SET_BLANK,
  PARSE_SET_CNTRL,
  PARSE_SET_GRAPH,
  PARSE_SET_LOWER,
  PARSE_SET_PRINT,
  PARSE_SET_PUNCT,
  PARSE_SET_UPPER,
  PARSE_SET_XDIGIT
} parse_set_name;

/* Adds the named set (or its complement within 0..max_code_point, without
 * surrogates in UTF mode) to set. */
int parse_set_add(charset *set, parse_set_name name, int negated, const parse_state *state);
/* Looks up a POSIX class name such as "alpha"; returns 1 if it is known. */
int parse_set_lookup_posix(const unsigned char *name, size_t length, parse_set_name *result);

/* --- parse_escape.c --- */

typedef enum parse_escape_kind {
  PARSE_ESCAPE_LITERAL,          /* code_point */
  PARSE_ESCAPE_SET,              /* set, negated */
  PARSE_ESCAPE_ASSERTION,        /* assertion */
  PARSE_ESCAPE_NOT_NEWLINE,      /* \N */
  PARSE_ESCAPE_NEWLINE_SEQUENCE, /* \R */
  PARSE_ESCAPE_QUOTE_START,      /* \Q */
  PARSE_ESCAPE_QUOTE_END,        /* \E */
  PARSE_ESCAPE_MATCH_RESET,      /* \K */
  PARSE_ESCAPE_PROPERTY,         /* \p{..} \P{..}: property, negated */
  PARSE_ESCAPE_GRAPHEME_CLUSTER, /* \X */
  /* Inside a class, an escape PCRE2 rejects only after checking that it
   * does not end a range: error and error_offset say how to reject it. */
  PARSE_ESCAPE_NOT_IN_CLASS
} parse_escape_kind;

typedef struct parse_escape {
  parse_escape_kind kind;
  uint32_t code_point;
  parse_set_name set;
  unicode_property property;
  int negated;
  ast_assertion assertion;
  int error;
  size_t error_offset;
} parse_escape;

/* Reads the escape whose backslash is at state->position and moves past
 * it. in_class selects the rules inside [...]. */
int parse_escape_read(parse_state *state, int in_class, parse_escape *escape);

/* --- parse_property.c --- */

/* Reads the \p or \P whose backslash is at backslash (negated for \P)
 * and moves past it. */
int parse_property_read(parse_state *state, size_t backslash, int negated, parse_escape *escape);
/* Adds the property escape's code points to set (without surrogates in
 * UTF mode). Returns 0 or JRX_ERROR_NOMEMORY. */
int parse_property_add(const parse_state *state, charset *set, const parse_escape *escape);

/* --- parse_grapheme.c --- */

/* The tree of \X at offset (see parse_grapheme.c), or NULL when out of
 * memory. */
ast_node *parse_grapheme_cluster(const parse_state *state, size_t offset);

/* Sets tree->grapheme_last (ast.h) when *root ends with a \X that is
 * neither alone nor repeated, and then puts \X's first character in its
 * place. Call it last, on a tree whose marks are sorted, outside
 * JRX_MATCH_INVALID_UTF. Returns 0 or JRX_ERROR_NOMEMORY. */
int parse_grapheme_last(parse_state *state, ast_node **root, ast_tree *tree);

/* The largest bounded maximum of a repeat around \X followed by more
 * items of its atomic group that parse_grapheme_rewrite_atomic_repeat
 * rewrites. */
#define PARSE_ATOMIC_BOUNDED_MAX 4

/* Rewrites repeat, a greedy repeat min < max of a fixed item (\X, or a
 * sequence of character items with a \X, maybe inside capturing groups)
 * whose atomicity ends after it or after the count fixed items of rest,
 * into the form that matches only as its atomic form does
 * (parse_atomic.c): with no rest, item{n,} E or (?:item{m}|item{n,m-1} E)
 * where E is \z for \X and (?!item) otherwise; with a rest and an
 * unbounded maximum, item{n,} (?!item+ rest); with a rest and a maximum
 * m (at most PARSE_ATOMIC_BOUNDED_MAX), (?:item{m}|item{m-1}
 * (?!item{1,1} rest)|...|item{n} (?!item{1,m-n} rest)). Copies of item keep
 * its groups, those inside a lookahead have none. The node stays where
 * it is (its marks stay with it). Returns 0 or JRX_ERROR_NOMEMORY (the
 * node is then unchanged). */
int parse_grapheme_rewrite_atomic_repeat(parse_state *state, ast_node *repeat,
                                         const ast_node *const *rest, size_t count);

/* Rewrites repeat, a greedy repeat of a group that takes a character
 * and ends in a run of \X that parse_grapheme_rewrite_atomic_repeat has
 * made \X{n,}\z (parse_atomic.c): the group matches at most once in a
 * row, at the end of the subject, so a minimum of 1 or more becomes the
 * maximum too, and G{0,m} becomes (?:G|(?!G)), the copy in the lookahead
 * without capturing groups. Returns 0 or JRX_ERROR_NOMEMORY (the node is
 * then unchanged). */
int parse_grapheme_rewrite_group_run(parse_state *state, ast_node *repeat);

/* --- parse_quantifier.c --- */

/* If a {n}, {n,} or {n,m} quantifier starts at position (at its '{'),
 * returns 1 and stores the counts and the offset just past its '}'.
 * Anything else there is literal text and returns 0. A well-formed
 * quantifier with a count over PARSE_MAX_REPEAT_COUNT or with n > m is an
 * error, as in PCRE2: returns its negative code and stores in *end the
 * offset PCRE2 reports for a quantifier (the caller records it). */
int parse_read_braced_quantifier(const parse_state *state, size_t position, uint32_t *min,
                                 uint32_t *max, size_t *end);

/* --- parse_class.c --- */

/* Parses the class whose '[' is at state->position into a new AST_CLASS. */
int parse_class(parse_state *state, ast_node **node);
/* Finishes a set for use as a class: case variants when caseless was given
 * and, in UTF mode, no surrogates. */
int parse_finish_set(parse_state *state, charset *set, int caseless);

/* --- parse_group.c --- */

typedef enum parse_group_kind {
  PARSE_GROUP_CAPTURE,     /* ( or a named group */
  PARSE_GROUP_NON_CAPTURE, /* (?: or (?flags: or a plain ( under (?n) */
  PARSE_GROUP_ATOMIC,      /* (?> and (*atomic: (parse_atomic.c decides) */
  PARSE_GROUP_OPTION_SET,  /* (?flags): options change until the group ends */
  PARSE_GROUP_LOOKAHEAD,   /* (?= (?! and their (*pla: (*nla: spellings */
  PARSE_GROUP_LOOKBEHIND   /* (?<= (?<! and their (*plb: (*nlb: spellings */
} parse_group_kind;

typedef struct parse_group_open {
  parse_group_kind kind;
  uint32_t options;   /* options inside the group (or from now on) */
  size_t name_start;  /* offset of the name of a named group */
  size_t name_length; /* 0 for an unnamed group */
  size_t name_end;    /* offset just past the name's terminator */
  int negated;        /* a negative lookaround */
} parse_group_open;

/* Reads the opening of the group whose '(' is at state->position and moves
 * past it; rejects everything outside jrx's subset. */
int parse_group_read_open(parse_state *state, parse_group_open *group);

/* --- parse_lookaround.c --- */

/* What PCRE2 10.42 checks once the whole pattern is read: every top-level
 * branch of a lookbehind has a fixed length (JRX_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH
 * at its '(') of at most 65535 characters (JRX_ERROR_LOOKBEHIND_TOO_LONG,
 * there too), then no \K inside a lookaround
 * (JRX_ERROR_MATCH_RESET_IN_LOOKAROUND at the end of the pattern). Marks
 * each positive lookaround inside a group repeated more than once whose
 * body may match without setting each of its groups: compiled as its
 * branches (ast_node.as.lookaround.split) when each top-level branch
 * sets all of its own, otherwise recording at each pass which groups it
 * sets (ast_node.as.lookaround.conditional). */
int parse_check_lookarounds(parse_state *state, ast_node *root);

/* --- parse_names.c --- */

void parse_names_init(parse_names *names, const jrx_allocator *allocator);
void parse_names_release(parse_names *names);
/* Registers name (not NUL-terminated) for group index; fails with
 * JRX_ERROR_DUPLICATE_GROUP_NAME when the name is already taken. */
int parse_names_add(parse_names *names, const unsigned char *name, size_t length, uint32_t index);
/* Moves the names into tree->names, sorted by name. */
void parse_names_finish(parse_names *names, ast_tree *tree);
/* What a code point may be in a group name: 0 not allowed, 1 a letter or
 * underscore, 2 a digit (allowed, but not first). */
int parse_name_character_kind(uint32_t code_point, int utf);

/* --- parse_newline.c --- */

/* Remembers node with the PARSE_MARK_* kinds, written at offset, for the
 * checks after parsing. */
int parse_mark_node(parse_state *state, const ast_node *node, unsigned kinds, size_t offset);
/* Sorts the marks by node, for parse_marks_of (once, until the next
 * mark). */
void parse_sort_marks(parse_state *state);
/* The kinds of every mark of node (the marks sorted); *offset, when not
 * NULL, gets the smallest offset among its marks of any of wanted (or
 * SIZE_MAX). */
unsigned parse_marks_of(const parse_state *state, const ast_node *node, unsigned wanted,
                        size_t *offset);
/* Rejects every \R whose behaviour in PCRE2 10.42 could differ from the
 * plain alternation jrx gives it (see the file for the exact rules). */
int parse_check_newline_sequences(parse_state *state, const ast_node *root);

/* --- parse_atomic.c --- */

/* Rejects every possessive quantifier and atomic group that could change
 * a match (see the file); the others stay plain greedy repeats and groups.
 * Runs first of the checks after parsing; costs nothing without them. */
int parse_check_atomic(parse_state *state, ast_node *root);

/* --- parse_startline.c --- */

/* Under JRX_MATCH_INVALID_UTF, sets *startline when PCRE2 would mark the
 * pattern PCRE2_STARTLINE (else 0), and rejects such a pattern with a \G
 * (see the file). Runs last of the checks after parsing. */
int parse_check_startline(parse_state *state, const ast_node *root, int *startline);

#endif
