/* guarded_page: the mapping behind the page-boundary tests. */
#include "guarded_page.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

void guarded_page_create(guarded_page *guarded) {
  guarded->size = (size_t)sysconf(_SC_PAGESIZE);
  guarded->mapping =
      mmap(NULL, 3 * guarded->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(guarded->mapping != MAP_FAILED);
  assert_int_equal(mprotect(guarded->mapping, guarded->size, PROT_NONE), 0);
  assert_int_equal(mprotect(guarded->mapping + 2 * guarded->size, guarded->size, PROT_NONE), 0);
}

void guarded_page_release(guarded_page *guarded) {
  assert_int_equal(munmap(guarded->mapping, 3 * guarded->size), 0);
}

unsigned char *guarded_page_subject(const guarded_page *guarded, size_t length, int at_end) {
  unsigned char *page = guarded->mapping + guarded->size;
  return at_end ? page + guarded->size - length : page;
}
