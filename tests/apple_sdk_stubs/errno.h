/* apple_sdk_stubs (tests): not Apple's header; Darwin's errno values. */
#ifndef JRX_STUB_ERRNO_H
#define JRX_STUB_ERRNO_H

extern int *__error(void);
#define errno (*__error())

#define EPERM 1
#define ENOMEM 12
#define EACCES 13
#define EINVAL 22
#define EAGAIN 35

#endif
