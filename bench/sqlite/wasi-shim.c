/* Debian 12's wasi-libc (2022) has neither chmod nor realpath; WASI preview1 has no file
   permissions and no realpath call. chmod succeeds for a path that exists (there is nothing to
   change: a WASI file's mode is what the host gives it), so writefile() goes on to set mtime;
   realpath fails, and the shell's realpath() SQL function returns NULL. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
int chmod(const char *path, mode_t mode) { struct stat st; (void)mode; return stat(path, &st); }
char *realpath(const char *restrict path, char *restrict resolved) { (void)path; (void)resolved; errno = ENOTSUP; return NULL; }
