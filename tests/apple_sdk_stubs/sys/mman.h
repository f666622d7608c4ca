/* apple_sdk_stubs (tests): not Apple's header. What jitmem's macOS
 * platform uses of <sys/mman.h>, with Darwin's values (MAP_JIT is 0x800;
 * mmap(2): "MAP_JIT ... requires the com.apple.security.cs.allow-jit
 * entitlement" under the hardened runtime). */
#ifndef JRX_STUB_SYS_MMAN_H
#define JRX_STUB_SYS_MMAN_H

#include <stddef.h>
#include <sys/types.h>

#define PROT_NONE 0x00
#define PROT_READ 0x01
#define PROT_WRITE 0x02
#define PROT_EXEC 0x04

#define MAP_SHARED 0x0001
#define MAP_PRIVATE 0x0002
#define MAP_FIXED 0x0010
#define MAP_JIT 0x0800
#define MAP_ANON 0x1000

#define MAP_FAILED ((void *)-1)

void *mmap(void *address, size_t length, int protection, int flags, int descriptor, off_t offset);
int munmap(void *address, size_t length);
int mprotect(void *address, size_t length, int protection);

#endif
