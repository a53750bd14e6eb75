// The runtime's native beneath-resolver and the *at calls Node does not expose (issue 12).
//
// Every function returns a number: >= 0 on success, -errno on failure (never a JS exception for an
// errno, so a failing syscall costs no allocation). Only a wrong argument *type* throws: that is a
// bug in the TypeScript caller, not something a guest can cause. Every pointer and length into
// guest memory is checked against the buffer's length here as well as in TypeScript.
//
// Paths are resolved beneath a directory fd with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS)
// (Linux 5.6+), as cap-std does. Where openat2 is missing (ENOSYS) or blocked by a seccomp filter
// (EPERM), `resolve_walk` does the same one component at a time with openat(O_NOFOLLOW), expanding
// symlinks itself (cap-std's manually/open.rs). Escapes report EXDEV on both paths.
#define _GNU_SOURCE
#define NAPI_VERSION 8
#include <node_api.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define MAX_SYMLINK_EXPANSIONS 40
#define MAX_DEPTH 256
#define MAX_IOVECS 1024
// WASI fstflags (preview1 witx).
#define FST_ATIM 1
#define FST_ATIM_NOW 2
#define FST_MTIM 4
#define FST_MTIM_NOW 8

static bool use_openat2 = false;

static long sys_openat2(int dirfd, const char *path, struct open_how *how) {
  return syscall(SYS_openat2, dirfd, path, how, sizeof(*how));
}

// ---- the portable walk: openat(O_NOFOLLOW) one component at a time ----

// Replaces `rest` by `target` + "/" + `rest`: the symlink's components come first.
static int splice_link(char *rest, size_t *rest_len, const char *target, size_t target_len) {
  if (target_len == 0) return -ENOENT;
  if (target[0] == '/') return -EXDEV;
  // Nothing left after the link: no separator, or "link" would become "target/" (a directory).
  size_t separator = *rest_len > 0 ? 1 : 0;
  if (target_len + separator + *rest_len >= PATH_MAX) return -ENAMETOOLONG;
  memmove(rest + target_len + separator, rest, *rest_len + 1);
  memcpy(rest, target, target_len);
  if (separator) rest[target_len] = '/';
  *rest_len += target_len + separator;
  return 0;
}

// Reads the symlink dirfd/name into buf; -EINVAL when it is not a symlink.
static ssize_t read_link(int dirfd, const char *name, char *buf) {
  ssize_t n = readlinkat(dirfd, name, buf, PATH_MAX - 1);
  if (n < 0) return -errno;
  buf[n] = '\0';
  return n;
}

static int resolve_walk(int root, const char *path, int flags, mode_t mode, bool follow) {
  int stack[MAX_DEPTH];
  int depth = 0;
  int expansions = 0;
  char rest[PATH_MAX];
  char target[PATH_MAX];
  char name[NAME_MAX + 1];
  size_t rest_len = strlen(path);
  int result;
  if (rest_len >= PATH_MAX) return -ENAMETOOLONG;
  memcpy(rest, path, rest_len + 1);

  for (;;) {
    int cur = depth == 0 ? root : stack[depth - 1];
    size_t start = 0;
    while (start < rest_len && rest[start] == '/') start++;
    size_t end = start;
    while (end < rest_len && rest[end] != '/') end++;
    size_t after = end;
    while (after < rest_len && rest[after] == '/') after++;
    bool last = after == rest_len;
    bool slashed = last && after > end;
    size_t len = end - start;
    if (len > NAME_MAX) { result = -ENAMETOOLONG; goto done; }
    if (len == 0) strcpy(name, ".");
    else { memcpy(name, rest + start, len); name[len] = '\0'; }
    // Consume the component.
    memmove(rest, rest + after, rest_len - after + 1);
    rest_len -= after;

    if (strcmp(name, "..") == 0) {
      if (depth == 0) { result = -EXDEV; goto done; }
      close(stack[--depth]);
      if (!last) continue;
      strcpy(name, ".");
      cur = depth == 0 ? root : stack[depth - 1];
    } else if (strcmp(name, ".") == 0 && !last) {
      continue;
    }

    if (!last) {
      int fd = openat(cur, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd >= 0) {
        if (depth == MAX_DEPTH) { close(fd); result = -ENAMETOOLONG; goto done; }
        stack[depth++] = fd;
        continue;
      }
      int err = errno;
      if (err != ENOTDIR && err != ELOOP) { result = -err; goto done; }
      ssize_t n = read_link(cur, name, target);
      if (n == -EINVAL) { result = -ENOTDIR; goto done; }
      if (n < 0) { result = (int)n; goto done; }
      if (++expansions > MAX_SYMLINK_EXPANSIONS) { result = -ELOOP; goto done; }
      int spliced = splice_link(rest, &rest_len, target, (size_t)n);
      if (spliced < 0) { result = spliced; goto done; }
      continue;
    }

    // The final component: opened without following; a symlink is expanded here when asked.
    bool want_follow = follow || slashed;
    int final_flags = flags | O_NOFOLLOW | O_CLOEXEC | (slashed ? O_DIRECTORY : 0);
    int fd = openat(cur, name, final_flags, mode);
    if (fd >= 0 && want_follow && (flags & O_PATH) != 0) {
      // O_PATH|O_NOFOLLOW opens a symlink itself: expand it instead.
      struct stat st;
      if (fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) { close(fd); fd = -1; errno = ELOOP; }
    }
    if (fd >= 0) { result = fd; goto done; }
    int err = errno;
    if (!want_follow || (err != ELOOP && err != ENOTDIR && err != EMLINK)) { result = -err; goto done; }
    ssize_t n = read_link(cur, name, target);
    if (n < 0) { result = -err; goto done; }
    if (++expansions > MAX_SYMLINK_EXPANSIONS) { result = -ELOOP; goto done; }
    if (slashed) {
      if (rest_len + 1 >= PATH_MAX) { result = -ENAMETOOLONG; goto done; }
      rest[rest_len++] = '/';
      rest[rest_len] = '\0';
    }
    int spliced = splice_link(rest, &rest_len, target, (size_t)n);
    if (spliced < 0) { result = spliced; goto done; }
  }
done:
  while (depth > 0) close(stack[--depth]);
  return result;
}

// ---- lookup descriptors, closed in batches ----
//
// A stat of `a/b` or a call on the last component of `a/b/c` opens an O_PATH descriptor it is done
// with one call later; closing each one is a third syscall per call. They are held instead, at
// most PENDING_MAX per thread (each Node-API environment has its own thread), and closed by
// close_range, one call per run of consecutive numbers: every number in such a run came from
// openat2 here and is still held, so no number any other code owns is ever in a range. They are
// O_PATH | O_CLOEXEC: they grant nothing, reach no child process, and are closed before a lookup
// could run out of descriptors (EMFILE) and when the environment is torn down.
#define PENDING_MAX 32
static __thread int pending[PENDING_MAX];
static __thread int pending_count = 0;

static void close_run(int first, int last) {
  // close_range is Linux 5.9+; openat2 (5.6+) may be there without it.
  if (syscall(SYS_close_range, (unsigned)first, (unsigned)last, 0) != 0) {
    for (int fd = first; fd <= last; fd++) close(fd);
  }
}

static void close_pending(void) {
  // Sorted (insertion sort of at most PENDING_MAX), then each run of consecutive numbers at once.
  for (int i = 1; i < pending_count; i++) {
    int fd = pending[i], j = i;
    for (; j > 0 && pending[j - 1] > fd; j--) pending[j] = pending[j - 1];
    pending[j] = fd;
  }
  int first = 0;
  for (int i = 1; i <= pending_count; i++) {
    if (i == pending_count || pending[i] != pending[i - 1] + 1) {
      close_run(pending[first], pending[i - 1]);
      first = i;
    }
  }
  pending_count = 0;
}

// Done with a lookup descriptor: held until the batch is closed.
static void release_lookup(int fd) {
  pending[pending_count++] = fd;
  if (pending_count == PENDING_MAX) close_pending();
}

// Whether this thread's environment has the hook below: a second load of the addon into the same
// environment (one more copy of the module, as jest's per-file module registry makes) must not add
// it again, which Node refuses by aborting the process.
static __thread bool cleanup_hook_added = false;

static void close_pending_at_exit(void *arg) {
  (void)arg;
  close_pending();
  cleanup_hook_added = false;
}

static int open_beneath_once(int dirfd, const char *path, int flags, mode_t mode, bool follow);

// Opens `path` beneath `dirfd`; out of descriptors, the held lookup descriptors go first.
static int open_beneath(int dirfd, const char *path, int flags, mode_t mode, bool follow) {
  int fd = open_beneath_once(dirfd, path, flags, mode, follow);
  if ((fd == -EMFILE || fd == -ENFILE) && pending_count > 0) {
    close_pending();
    fd = open_beneath_once(dirfd, path, flags, mode, follow);
  }
  return fd;
}

// Opens `path` beneath `dirfd`: one openat2 call, or the walk where openat2 is unavailable.
static int open_beneath_once(int dirfd, const char *path, int flags, mode_t mode, bool follow) {
  if (!use_openat2) return resolve_walk(dirfd, path, flags, mode, follow);
  struct open_how how = {
    .flags = (uint64_t)(flags | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW)),
    // openat2 refuses a mode without O_CREAT or O_TMPFILE (which includes O_DIRECTORY's bit).
    .mode = ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0,
    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
  };
  for (int attempt = 0; attempt < 8; attempt++) {
    long fd = sys_openat2(dirfd, path, &how);
    if (fd >= 0) return (int)fd;
    // EAGAIN: a concurrent rename raced a ".." lookup; the kernel asks to retry.
    if (errno != EAGAIN) return -errno;
  }
  return resolve_walk(dirfd, path, flags, mode, follow);
}

// ---- argument helpers ----

#define ARGS(n)                                                            \
  size_t argc = n;                                                         \
  napi_value argv[n];                                                      \
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < n) return throw_type(env, "wrong argument count");

static napi_value throw_type(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

// A small integer as a V8 Smi (no heap number per call); byte counts past 2^31 as a double.
static napi_value number(napi_env env, double value) {
  napi_value result;
  if (value >= INT32_MIN && value <= INT32_MAX) napi_create_int32(env, (int32_t)value, &result);
  else napi_create_double(env, value, &result);
  return result;
}

static bool get_i32(napi_env env, napi_value value, int32_t *out) {
  return napi_get_value_int32(env, value, out) == napi_ok;
}

static bool get_f64(napi_env env, napi_value value, double *out) {
  return napi_get_value_double(env, value, out) == napi_ok;
}

// A JS string as a C path; false for a non-string. Too long → *error = -ENAMETOOLONG, an embedded NUL → -EINVAL.
static bool get_path(napi_env env, napi_value value, char *buf, int *error) {
  size_t len;
  *error = 0;
  // One copy into a buffer one byte longer than any path. Node stops short of a character it
  // cannot fit, so a copy that nearly fills the buffer asks for the real length before trusting it.
  if (napi_get_value_string_utf8(env, value, buf, PATH_MAX + 1, &len) != napi_ok) return false;
  if (len + 4 >= PATH_MAX && (napi_get_value_string_utf8(env, value, NULL, 0, &len) != napi_ok || len >= PATH_MAX)) *error = -ENAMETOOLONG;
  else if (strlen(buf) != len) *error = -EINVAL;
  return true;
}

// The bytes of a typed array (guest memory or a scratch buffer).
static bool get_bytes(napi_env env, napi_value value, uint8_t **data, size_t *length);
static bool in_bounds(double ptr, double len, size_t size);

// A path given as a JS string, or as guest bytes: a Uint8Array with the start and length that follow
// it in the call (a hot call then copies the guest's path once, with no JS string). The span is
// checked against the array (-EFAULT); an embedded NUL is -EINVAL, too long -ENAMETOOLONG.
static bool get_path_arg(napi_env env, napi_value value, napi_value start_value, napi_value length_value, char *buf, int *error) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok) return false;
  if (type == napi_string) return get_path(env, value, buf, error);
  uint8_t *data;
  size_t size;
  double start, length;
  if (!get_bytes(env, value, &data, &size) || !get_f64(env, start_value, &start) || !get_f64(env, length_value, &length)) return false;
  *error = 0;
  if (!in_bounds(start, length, size)) *error = -EFAULT;
  else if (length >= PATH_MAX) *error = -ENAMETOOLONG;
  else {
    memcpy(buf, data + (size_t)start, (size_t)length);
    buf[(size_t)length] = '\0';
    if (memchr(buf, '\0', (size_t)length) != NULL) *error = -EINVAL;
  }
  return true;
}
static bool get_bytes(napi_env env, napi_value value, uint8_t **data, size_t *length) {
  napi_typedarray_type type;
  size_t count;
  void *base;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, value, &type, &count, &base, &buffer, &offset) != napi_ok) return false;
  size_t unit = type == napi_biguint64_array || type == napi_bigint64_array || type == napi_float64_array ? 8
              : type == napi_uint32_array || type == napi_int32_array || type == napi_float32_array ? 4
              : type == napi_uint16_array || type == napi_int16_array ? 2 : 1;
  *data = base;
  *length = count * unit;
  return true;
}

// [ptr, ptr+len) lies inside a buffer of `size` bytes.
static bool in_bounds(double ptr, double len, size_t size) {
  return ptr >= 0 && len >= 0 && ptr <= (double)size && len <= (double)size - ptr;
}

// A time as WASI's u64 nanoseconds since the epoch. One before the epoch cannot be represented and is
// 0, as wasmtime reports it (a missing time), not a wrapped date centuries ahead.
static uint64_t nanoseconds(const struct timespec *ts) {
  if (ts->tv_sec < 0) return 0;
  return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

// The stat words the TypeScript side reads without a BigInt: dev, ino, mode, nlink, size, atim, mtim, ctim (ns).
static void put_stat(uint64_t *out, const struct stat *st) {
  out[0] = (uint64_t)st->st_dev;
  out[1] = (uint64_t)st->st_ino;
  out[2] = (uint64_t)st->st_mode;
  out[3] = (uint64_t)st->st_nlink;
  out[4] = (uint64_t)st->st_size;
  out[5] = nanoseconds(&st->st_atim);
  out[6] = nanoseconds(&st->st_mtim);
  out[7] = nanoseconds(&st->st_ctim);
}

static uint8_t filetype_of_mode(mode_t mode);

// Where filestatBeneath/filestatFd write the guest's `filestat` itself (one crossing, no JS copy):
// guest memory, the struct's offset and its layout (preview1, 64 bytes; or wasi_unstable, 56 bytes
// with a u32 nlink).
typedef struct {
  uint8_t *memory;
  size_t size;
  double ptr;
  bool unstable;
} filestat_target;

static void put_u64(uint8_t *at, uint64_t value) { memcpy(at, &value, 8); }


// Writes the guest's filestat (preview1 witx: dev @0, ino @8, filetype u8 @16, nlink u64 @24, size
// @32, atim @40, mtim @48, ctim @56; snapshot 0: nlink u32 @20, size @24 … ctim @48) with every
// padding byte zeroed. -EFAULT, writing nothing, when it does not lie inside memory 8-byte aligned:
// the caller then traps, as fs/host-stat.ts's write would.
static int put_filestat(const filestat_target *target, const struct stat *st) {
  size_t size = target->unstable ? 56 : 64;
  if (!in_bounds(target->ptr, (double)size, target->size) || ((uint64_t)target->ptr & 7) != 0) return -EFAULT;
  uint8_t *at = target->memory + (size_t)target->ptr;
  memset(at, 0, size);
  put_u64(at, (uint64_t)st->st_dev);
  put_u64(at + 8, (uint64_t)st->st_ino);
  at[16] = filetype_of_mode(st->st_mode);
  size_t tail = 24;
  if (!target->unstable) put_u64(at + 24, (uint64_t)st->st_nlink), tail = 32;
  else { uint32_t nlink = (uint32_t)st->st_nlink; memcpy(at + 20, &nlink, 4); }
  put_u64(at + tail, (uint64_t)st->st_size);
  put_u64(at + tail + 8, nanoseconds(&st->st_atim));
  put_u64(at + tail + 16, nanoseconds(&st->st_mtim));
  put_u64(at + tail + 24, nanoseconds(&st->st_ctim));
  return 0;
}

static bool get_stat_out(napi_env env, napi_value value, uint64_t **out) {
  uint8_t *data;
  size_t length;
  if (!get_bytes(env, value, &data, &length) || length < 8 * sizeof(uint64_t) || ((uintptr_t)data & 7) != 0) return false;
  *out = (uint64_t *)data;
  return true;
}

// ---- exported functions ----

// openBeneath(dirfd, path, flags, mode, follow, statOut | null[, pathStart, pathLength]) → fd | -errno;
// statOut gets the opened object's type as far as the open says it without another call: S_IFDIR
// when O_DIRECTORY opened it, else st_mode 0, the type left unread (the caller reads it if the guest
// ever needs it: fd/entry.ts). `path` is a string, or bytes with the span after statOut.
static napi_value js_open_beneath(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 6) return throw_type(env, "wrong argument count");
  int32_t dirfd, flags, mode;
  bool follow;
  char path[PATH_MAX + 1];
  int error;
  if (!get_i32(env, argv[0], &dirfd) || !get_path_arg(env, argv[1], argv[6], argv[7], path, &error) || !get_i32(env, argv[2], &flags) ||
      !get_i32(env, argv[3], &mode) || napi_get_value_bool(env, argv[4], &follow) != napi_ok) return throw_type(env, "openBeneath(dirfd, path, flags, mode, follow, statOut)");
  napi_valuetype out_type;
  napi_typeof(env, argv[5], &out_type);
  uint64_t *out = NULL;
  if (out_type != napi_null && !get_stat_out(env, argv[5], &out)) return throw_type(env, "statOut: a BigUint64Array(8)");
  if (error != 0) return number(env, error);
  int fd = open_beneath(dirfd, path, flags, (mode_t)mode, follow);
  if (fd >= 0 && out != NULL) {
    // No fstat: most opened files are read or written before (or without) their type is asked.
    struct stat st;
    memset(&st, 0, sizeof(st));
    if ((flags & O_DIRECTORY) != 0) st.st_mode = S_IFDIR;
    put_stat(out, &st);
  }
  return number(env, fd);
}

// The stat of `path` beneath dirfd: one fstatat for a plain name (unless it is a symlink to follow),
// else one lookup and one fstat. 0 | -errno.
static int stat_beneath(int dirfd, const char *path, bool follow, bool must_be_dir, struct stat *st) {
  if (strchr(path, '/') == NULL && strcmp(path, "..") != 0) {
    // One component names an entry of dirfd itself.
    if (fstatat(dirfd, path, st, AT_SYMLINK_NOFOLLOW) != 0) return -errno;
    if (!S_ISLNK(st->st_mode) || !(follow || must_be_dir)) return must_be_dir && !S_ISDIR(st->st_mode) ? -ENOTDIR : 0;
  }
  int fd = open_beneath(dirfd, path, O_PATH | (must_be_dir ? O_DIRECTORY : 0), 0, follow);
  if (fd < 0) return fd;
  int rc = fstat(fd, st) == 0 ? 0 : -errno;
  release_lookup(fd);
  return rc;
}

// statBeneath(dirfd, path, follow, mustBeDir, statOut[, pathStart, pathLength]) → 0 | -errno.
// `path` is a string, or bytes with the span after statOut.
static napi_value js_stat_beneath(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5) return throw_type(env, "wrong argument count");
  int32_t dirfd;
  bool follow, must_be_dir;
  char path[PATH_MAX + 1];
  int error;
  uint64_t *out;
  if (!get_i32(env, argv[0], &dirfd) || !get_path_arg(env, argv[1], argv[5], argv[6], path, &error) || napi_get_value_bool(env, argv[2], &follow) != napi_ok ||
      napi_get_value_bool(env, argv[3], &must_be_dir) != napi_ok || !get_stat_out(env, argv[4], &out)) return throw_type(env, "statBeneath(dirfd, path, follow, mustBeDir, statOut)");
  if (error != 0) return number(env, error);
  struct stat st;
  int rc = stat_beneath(dirfd, path, follow, must_be_dir, &st);
  if (rc == 0) put_stat(out, &st);
  return number(env, rc);
}

// filestat flags: follow a final symlink, require a directory, write wasi_unstable's layout.
#define FILESTAT_FOLLOW 1
#define FILESTAT_MUST_BE_DIR 2
#define FILESTAT_UNSTABLE 4

// filestatBeneath(dirfd, memory, pathStart, pathLength, flags, ptr) → 0 | -errno: path_filestat_get
// in one crossing, with as few arguments as it can (the hottest call of a metadata walk): the path
// is guest bytes in `memory`, and the guest's filestat is written at ptr in the same memory
// (-EFAULT, writing nothing, when the span or the struct is not inside it).
static napi_value js_filestat_beneath(napi_env env, napi_callback_info info) {
  ARGS(6)
  int32_t dirfd, flags;
  filestat_target target;
  double start, length;
  if (!get_i32(env, argv[0], &dirfd) || !get_bytes(env, argv[1], &target.memory, &target.size) || !get_f64(env, argv[2], &start) ||
      !get_f64(env, argv[3], &length) || !get_i32(env, argv[4], &flags) || !get_f64(env, argv[5], &target.ptr)) return throw_type(env, "filestatBeneath(dirfd, memory, pathStart, pathLength, flags, ptr)");
  char path[PATH_MAX + 1];
  if (!in_bounds(start, length, target.size)) return number(env, -EFAULT);
  if (length >= PATH_MAX) return number(env, -ENAMETOOLONG);
  memcpy(path, target.memory + (size_t)start, (size_t)length);
  path[(size_t)length] = '\0';
  if (memchr(path, '\0', (size_t)length) != NULL) return number(env, -EINVAL);
  target.unstable = (flags & FILESTAT_UNSTABLE) != 0;
  struct stat st;
  int rc = stat_beneath(dirfd, path, (flags & FILESTAT_FOLLOW) != 0, (flags & FILESTAT_MUST_BE_DIR) != 0, &st);
  return number(env, rc == 0 ? put_filestat(&target, &st) : rc);
}

// statAt(dirfd, name, statOut) → 0 | -errno; never follows a final symlink ("" is dirfd itself).
static napi_value js_stat_at(napi_env env, napi_callback_info info) {
  ARGS(3)
  int32_t dirfd;
  char name[PATH_MAX + 1];
  int error;
  uint64_t *out;
  if (!get_i32(env, argv[0], &dirfd) || !get_path(env, argv[1], name, &error) || !get_stat_out(env, argv[2], &out)) return throw_type(env, "statAt(dirfd, name, statOut)");
  if (error != 0) return number(env, error);
  struct stat st;
  if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW | (name[0] == '\0' ? AT_EMPTY_PATH : 0)) != 0) return number(env, -errno);
  put_stat(out, &st);
  return number(env, 0);
}

// statFd(fd, statOut) → 0 | -errno: one fstat, with no name to copy or look up.
static napi_value js_stat_fd(napi_env env, napi_callback_info info) {
  ARGS(2)
  int32_t fd;
  uint64_t *out;
  if (!get_i32(env, argv[0], &fd) || !get_stat_out(env, argv[1], &out)) return throw_type(env, "statFd(fd, statOut)");
  struct stat st;
  if (fstat(fd, &st) != 0) return number(env, -errno);
  put_stat(out, &st);
  return number(env, 0);
}

// filestatFd(fd, memory, flags, ptr) → the WASI filetype | -errno: fd_filestat_get's one fstat, the
// guest's filestat written at ptr as filestatBeneath writes it (only FILESTAT_UNSTABLE counts in
// flags). The type comes back so a descriptor opened without reading it learns it here for free.
static napi_value js_filestat_fd(napi_env env, napi_callback_info info) {
  ARGS(4)
  int32_t fd, flags;
  filestat_target target;
  if (!get_i32(env, argv[0], &fd) || !get_bytes(env, argv[1], &target.memory, &target.size) || !get_i32(env, argv[2], &flags) ||
      !get_f64(env, argv[3], &target.ptr)) return throw_type(env, "filestatFd(fd, memory, flags, ptr)");
  target.unstable = (flags & FILESTAT_UNSTABLE) != 0;
  struct stat st;
  if (fstat(fd, &st) != 0) return number(env, -errno);
  int rc = put_filestat(&target, &st);
  return number(env, rc < 0 ? rc : filetype_of_mode(st.st_mode));
}

// `mkdir -p` (create_dir_all) of a directory that is there is the common mkdir of a nested path,
// and mkdirat needs its parent opened first: two calls where node:wasi's mkdir is one. While the
// last nested mkdir found its directory there, the whole path is looked up first (one openat2, its
// last component not followed): something there is EEXIST, as mkdirat would answer (Linux reports
// EEXIST before EACCES or EROFS). A run of new directories pays one lookup, then stops looking.
static __thread bool mkdir_finds_existing = true;

// -EEXIST when `path` (beneath dirfd) names something, 0 when the mkdir should go ahead.
static int mkdir_probe(int dirfd, const char *path) {
  int fd = open_beneath(dirfd, path, O_PATH, 0, false);
  if (fd < 0) return 0;
  release_lookup(fd);
  return -EEXIST;
}

// changeEntry(change, dirfd, bytes, start, length) → 0 | -errno: mkdir (change 0, mode 0777),
// unlink (1) or rmdir (2) of the path's last component, its parent resolved beneath dirfd (symlinks
// followed beneath it) in the same call. The caller has applied the path rules: the last component
// is a plain name (never "", "." or ".."; those are -EINVAL here) and nothing trails it.
static napi_value js_change_entry(napi_env env, napi_callback_info info) {
  ARGS(5)
  int32_t change, dirfd;
  char path[PATH_MAX + 1];
  int error;
  if (!get_i32(env, argv[0], &change) || change < 0 || change > 2 || !get_i32(env, argv[1], &dirfd) ||
      !get_path_arg(env, argv[2], argv[3], argv[4], path, &error)) return throw_type(env, "changeEntry(change, dirfd, bytes, start, length)");
  if (error != 0) return number(env, error);
  char *slash = strrchr(path, '/');
  const char *name = slash != NULL ? slash + 1 : path;
  if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) return number(env, -EINVAL);
  if (change == 0 && slash != NULL && mkdir_finds_existing) {
    int existing = mkdir_probe(dirfd, path);
    if (existing != 0) return number(env, existing);
  }
  int parent = dirfd;
  if (slash != NULL) {
    *slash = '\0';
    parent = open_beneath(dirfd, path, O_PATH | O_DIRECTORY, 0, true);
    if (parent < 0) return number(env, parent);
  }
  int rc = change == 0 ? mkdirat(parent, name, 0777) : unlinkat(parent, name, change == 2 ? AT_REMOVEDIR : 0);
  rc = rc == 0 ? 0 : -errno;
  if (slash != NULL) release_lookup(parent);
  if (change == 0 && slash != NULL) mkdir_finds_existing = rc == -EEXIST;
  return number(env, rc);
}

// mkdirAt(dirfd, name, mode) → 0 | -errno
static napi_value js_mkdir_at(napi_env env, napi_callback_info info) {
  ARGS(3)
  int32_t dirfd, mode;
  char name[PATH_MAX + 1];
  int error;
  if (!get_i32(env, argv[0], &dirfd) || !get_path(env, argv[1], name, &error) || !get_i32(env, argv[2], &mode)) return throw_type(env, "mkdirAt(dirfd, name, mode)");
  if (error != 0) return number(env, error);
  return number(env, mkdirat(dirfd, name, (mode_t)mode) == 0 ? 0 : -errno);
}

// unlinkAt(dirfd, name, removeDir) → 0 | -errno
static napi_value js_unlink_at(napi_env env, napi_callback_info info) {
  ARGS(3)
  int32_t dirfd;
  bool remove_dir;
  char name[PATH_MAX + 1];
  int error;
  if (!get_i32(env, argv[0], &dirfd) || !get_path(env, argv[1], name, &error) || napi_get_value_bool(env, argv[2], &remove_dir) != napi_ok) return throw_type(env, "unlinkAt(dirfd, name, removeDir)");
  if (error != 0) return number(env, error);
  return number(env, unlinkat(dirfd, name, remove_dir ? AT_REMOVEDIR : 0) == 0 ? 0 : -errno);
}

// renameAt / linkAt(oldDirfd, oldName, newDirfd, newName) → 0 | -errno; linkat never follows the source symlink.
static napi_value two_names(napi_env env, napi_callback_info info, bool link) {
  ARGS(4)
  int32_t old_dir, new_dir;
  char old_name[PATH_MAX + 1], new_name[PATH_MAX + 1];
  int error1, error2;
  if (!get_i32(env, argv[0], &old_dir) || !get_path(env, argv[1], old_name, &error1) || !get_i32(env, argv[2], &new_dir) || !get_path(env, argv[3], new_name, &error2)) {
    return throw_type(env, link ? "linkAt(oldDirfd, oldName, newDirfd, newName)" : "renameAt(oldDirfd, oldName, newDirfd, newName)");
  }
  if (error1 != 0 || error2 != 0) return number(env, error1 != 0 ? error1 : error2);
  int rc = link ? linkat(old_dir, old_name, new_dir, new_name, 0) : renameat(old_dir, old_name, new_dir, new_name);
  return number(env, rc == 0 ? 0 : -errno);
}

static napi_value js_rename_at(napi_env env, napi_callback_info info) { return two_names(env, info, false); }
static napi_value js_link_at(napi_env env, napi_callback_info info) { return two_names(env, info, true); }

// symlinkAt(target, dirfd, name) → 0 | -errno
static napi_value js_symlink_at(napi_env env, napi_callback_info info) {
  ARGS(3)
  int32_t dirfd;
  char target[PATH_MAX + 1], name[PATH_MAX + 1];
  int error1, error2;
  if (!get_path(env, argv[0], target, &error1) || !get_i32(env, argv[1], &dirfd) || !get_path(env, argv[2], name, &error2)) return throw_type(env, "symlinkAt(target, dirfd, name)");
  if (error1 != 0 || error2 != 0) return number(env, error1 != 0 ? error1 : error2);
  return number(env, symlinkat(target, dirfd, name) == 0 ? 0 : -errno);
}

// readlinkAt(dirfd, name, memory, ptr, len) → bytes written (cut to len) | -errno
static napi_value js_readlink_at(napi_env env, napi_callback_info info) {
  ARGS(5)
  int32_t dirfd;
  double ptr, len;
  char name[PATH_MAX + 1], target[PATH_MAX];
  int error;
  uint8_t *memory;
  size_t size;
  if (!get_i32(env, argv[0], &dirfd) || !get_path(env, argv[1], name, &error) || !get_bytes(env, argv[2], &memory, &size) ||
      !get_f64(env, argv[3], &ptr) || !get_f64(env, argv[4], &len)) return throw_type(env, "readlinkAt(dirfd, name, memory, ptr, len)");
  if (!in_bounds(ptr, len, size)) return number(env, -EFAULT);
  if (error != 0) return number(env, error);
  ssize_t n = readlinkat(dirfd, name, target, sizeof(target));
  if (n < 0) return number(env, -errno);
  size_t copied = (size_t)n < (size_t)len ? (size_t)n : (size_t)len;
  memcpy(memory + (size_t)ptr, target, copied);
  return number(env, (double)copied);
}

static void to_timespec(struct timespec *ts, uint64_t ns, int fstflags, int set_bit, int now_bit) {
  if (fstflags & now_bit) { ts->tv_sec = 0; ts->tv_nsec = UTIME_NOW; }
  else if (fstflags & set_bit) { ts->tv_sec = (time_t)(ns / 1000000000u); ts->tv_nsec = (long)(ns % 1000000000u); }
  else { ts->tv_sec = 0; ts->tv_nsec = UTIME_OMIT; }
}

// Sets an fd's times. An open file or directory takes futimens (no name for the kernel to look
// up); an O_PATH fd (a lookup, `path_fd`), which futimens refuses with EBADF, an empty name.
static int utimens_fd(int fd, bool path_fd, const struct timespec times[2]) {
  if (!path_fd) {
    if (futimens(fd, times) == 0) return 0;
    if (errno != EBADF) return -errno;
  }
  return utimensat(fd, "", times, AT_EMPTY_PATH) == 0 ? 0 : -errno;
}

// The set-times arguments every utimens call takes: atim and mtim as BigInts (the guest's u64), the fstflags.
static bool get_times(napi_env env, napi_value atim_value, napi_value mtim_value, napi_value flags_value, struct timespec times[2]) {
  uint64_t atim, mtim;
  bool lossless;
  int32_t fstflags;
  if (napi_get_value_bigint_uint64(env, atim_value, &atim, &lossless) != napi_ok || napi_get_value_bigint_uint64(env, mtim_value, &mtim, &lossless) != napi_ok ||
      !get_i32(env, flags_value, &fstflags)) return false;
  to_timespec(&times[0], atim, fstflags, FST_ATIM, FST_ATIM_NOW);
  to_timespec(&times[1], mtim, fstflags, FST_MTIM, FST_MTIM_NOW);
  return true;
}

// utimensAt(fd, name, atim, mtim, fstflags) → 0 | -errno, to the nanosecond. A name is looked up
// without following a final symlink; "" acts on fd itself (an O_PATH fd or an open file).
static napi_value js_utimens_at(napi_env env, napi_callback_info info) {
  ARGS(5)
  int32_t fd;
  char name[PATH_MAX + 1];
  int error;
  struct timespec times[2];
  if (!get_i32(env, argv[0], &fd) || !get_path(env, argv[1], name, &error) || !get_times(env, argv[2], argv[3], argv[4], times)) {
    return throw_type(env, "utimensAt(fd, name, atim, mtim, fstflags)");
  }
  if (error != 0) return number(env, error);
  if (name[0] == '\0') return number(env, utimens_fd(fd, false, times));
  return number(env, utimensat(fd, name, times, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : -errno);
}

// utimensBeneath(dirfd, path, start, length, follow, atim, mtim, fstflags) → 0 | -errno:
// path_filestat_set_times in one call: the path resolved beneath dirfd (its final symlink followed
// only with `follow`, else the link itself is the one changed) to an O_PATH fd, its times set, the
// fd handed back to the batch. The caller has applied the path rules (no trailing slash).
static napi_value js_utimens_beneath(napi_env env, napi_callback_info info) {
  ARGS(8)
  int32_t dirfd;
  char path[PATH_MAX + 1];
  int error;
  bool follow;
  struct timespec times[2];
  if (!get_i32(env, argv[0], &dirfd) || !get_path_arg(env, argv[1], argv[2], argv[3], path, &error) || napi_get_value_bool(env, argv[4], &follow) != napi_ok ||
      !get_times(env, argv[5], argv[6], argv[7], times)) return throw_type(env, "utimensBeneath(dirfd, path, start, length, follow, atim, mtim, fstflags)");
  if (error != 0) return number(env, error);
  int fd = open_beneath(dirfd, path, O_PATH, 0, follow);
  if (fd < 0) return number(env, fd);
  int rc = utimens_fd(fd, true, times);
  release_lookup(fd);
  return number(env, rc);
}

// syncFd(fd, dataOnly) → 0 | -errno: fd_sync's fsync or fd_datasync's fdatasync (a database commits with several a transaction).
static napi_value js_sync_fd(napi_env env, napi_callback_info info) {
  ARGS(2)
  int32_t fd;
  bool data_only;
  if (!get_i32(env, argv[0], &fd) || napi_get_value_bool(env, argv[1], &data_only) != napi_ok) return throw_type(env, "syncFd(fd, dataOnly)");
  return number(env, (data_only ? fdatasync(fd) : fsync(fd)) == 0 ? 0 : -errno);
}

// truncateFd(fd, size) → 0 | -errno: fd_filestat_set_size's ftruncate (a journal truncated per
// transaction). size is a whole number from 0 to 2^53 (guest-numbers.ts checked the guest's u64).
static napi_value js_truncate_fd(napi_env env, napi_callback_info info) {
  ARGS(2)
  int32_t fd;
  double size;
  if (!get_i32(env, argv[0], &fd) || !get_f64(env, argv[1], &size) || !(size >= 0 && size <= 9007199254740992.0) || size != (double)(int64_t)size) {
    return throw_type(env, "truncateFd(fd, size)");
  }
  return number(env, ftruncate(fd, (off_t)size) == 0 ? 0 : -errno);
}

// WASI dirent (preview1 witx): d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20; 24 bytes, then the name.
#define DIRENT_SIZE 24
// linux d_type → WASI filetype; a FIFO is UNKNOWN (fs/filestat.ts's filetypeOf has it so too).
static uint8_t filetype_of_dtype(unsigned dtype) {
  switch (dtype) {
    case DT_BLK: return 1;
    case DT_CHR: return 2;
    case DT_DIR: return 3;
    case DT_REG: return 4;
    case DT_SOCK: return 6;
    case DT_LNK: return 7;
    default: return 0;
  }
}

static uint8_t filetype_of_mode(mode_t mode) {
  return S_ISBLK(mode) ? 1 : S_ISCHR(mode) ? 2 : S_ISDIR(mode) ? 3 : S_ISREG(mode) ? 4 : S_ISSOCK(mode) ? 6 : S_ISLNK(mode) ? 7 : 0;
}

// Appends one WASI dirent (entry number `index`, so d_next is index + 1); false when it does not fit.
static bool put_dirent(uint8_t *out, size_t size, size_t *used, uint32_t *starts, size_t starts_length, uint32_t index, uint64_t ino, uint8_t type, const char *name, size_t name_length) {
  if (DIRENT_SIZE + name_length > size - *used || index + 1 >= starts_length) return false;
  uint8_t *at = out + *used;
  uint64_t next = (uint64_t)index + 1;
  uint32_t namlen = (uint32_t)name_length;
  memset(at, 0, DIRENT_SIZE);
  memcpy(at, &next, 8);
  memcpy(at + 8, &ino, 8);
  memcpy(at + 16, &namlen, 4);
  at[20] = type;
  memcpy(at + DIRENT_SIZE, name, name_length);
  starts[index] = (uint32_t)*used;
  *used += DIRENT_SIZE + name_length;
  return true;
}

// listDirectory(fd, out, starts, rewind) → entry count | -errno | -ENOBUFS (out or starts too small: grow both
// and call again). The whole listing from the start, as WASI dirents back to back in `out`: `.` and
// `..` first (as wasmtime lists them, both with `.`'s inode: the parent may be outside the sandbox),
// then getdents64's entries in its order, each with its inode and type (an fstatat without following
// only where the file system says DT_UNKNOWN). starts[i] is where entry i begins; starts[count] the end.
// `rewind` seeks to the start first: false only for a descriptor never read (it is at the start).
static napi_value js_list_directory(napi_env env, napi_callback_info info) {
  ARGS(4)
  int32_t fd;
  uint8_t *out, *starts_bytes;
  size_t size, starts_size;
  bool rewind;
  if (!get_i32(env, argv[0], &fd) || !get_bytes(env, argv[1], &out, &size) || !get_bytes(env, argv[2], &starts_bytes, &starts_size) ||
      ((uintptr_t)starts_bytes & 3) != 0 || napi_get_value_bool(env, argv[3], &rewind) != napi_ok) return throw_type(env, "listDirectory(fd, out, starts, rewind)");
  uint32_t *starts = (uint32_t *)starts_bytes;
  size_t starts_length = starts_size / 4;
  if (rewind && lseek(fd, 0, SEEK_SET) < 0) return number(env, -errno);
  size_t used = 0;
  uint32_t count = 0;
  // `.` and `..` first; their inode is filled in when getdents64 reports `.`.
  if (!put_dirent(out, size, &used, starts, starts_length, count++, 0, 3, ".", 1) ||
      !put_dirent(out, size, &used, starts, starts_length, count++, 0, 3, "..", 2)) return number(env, -ENOBUFS);
  bool dot_seen = false;
  static __thread uint8_t records[32 * 1024] __attribute__((aligned(8)));
  for (;;) {
    long n = syscall(SYS_getdents64, fd, records, sizeof(records));
    if (n < 0) return number(env, -errno);
    if (n == 0) break;
    for (long at = 0; at < n;) {
      const uint8_t *record = records + at;
      uint64_t ino;
      uint16_t reclen;
      memcpy(&ino, record, 8);
      memcpy(&reclen, record + 16, 2);
      if (reclen <= 19 || reclen > n - at) return number(env, -EIO);
      at += reclen;
      const char *name = (const char *)record + 19;
      size_t name_length = strnlen(name, reclen - 19);
      if (name[0] == '.' && (name_length == 1 || (name_length == 2 && name[1] == '.'))) {
        if (name_length == 1) {
          memcpy(out + starts[0] + 8, &ino, 8);
          memcpy(out + starts[1] + 8, &ino, 8);
          dot_seen = true;
        }
        continue;
      }
      uint8_t type = filetype_of_dtype(record[18]);
      if (record[18] == DT_UNKNOWN) {
        struct stat st;
        type = fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? filetype_of_mode(st.st_mode) : 0;
      }
      if (!put_dirent(out, size, &used, starts, starts_length, count++, ino, type, name, name_length)) return number(env, -ENOBUFS);
    }
  }
  if (!dot_seen) {
    struct stat st;
    if (fstat(fd, &st) != 0) return number(env, -errno);
    uint64_t ino = (uint64_t)st.st_ino;
    memcpy(out + starts[0] + 8, &ino, 8);
    memcpy(out + starts[1] + 8, &ino, 8);
  }
  starts[count] = (uint32_t)used;
  return number(env, count);
}

static ssize_t write_fd(int fd, const void *buf, size_t len) { return write(fd, buf, len); }

// Builds host iovecs from the guest's iovec array (u32 buf, u32 len pairs), each checked against memory.
static int guest_iovecs(uint8_t *memory, size_t size, double iovs, double count, struct iovec *out) {
  if (count < 0 || count > MAX_IOVECS || !in_bounds(iovs, count * 8, size)) return -EFAULT;
  for (size_t i = 0; i < (size_t)count; i++) {
    uint32_t buf, len;
    memcpy(&buf, memory + (size_t)iovs + i * 8, 4);
    memcpy(&len, memory + (size_t)iovs + i * 8 + 4, 4);
    // An empty iovec is skipped wherever it points, as Linux and wasmtime do.
    if (len == 0) { out[i].iov_base = NULL; out[i].iov_len = 0; continue; }
    if (!in_bounds(buf, len, size)) return -EFAULT;
    out[i].iov_base = memory + buf;
    out[i].iov_len = len;
  }
  return 0;
}

// preadv/pwritev(fd, memory, iovsPtr, iovsLen, offset) → bytes | -errno. offset < 0: readv/writev at the current position.
static napi_value transfer(napi_env env, napi_callback_info info, bool write) {
  ARGS(5)
  int32_t fd;
  uint8_t *memory;
  size_t size;
  double iovs, count, offset;
  if (!get_i32(env, argv[0], &fd) || !get_bytes(env, argv[1], &memory, &size) || !get_f64(env, argv[2], &iovs) || !get_f64(env, argv[3], &count) ||
      !get_f64(env, argv[4], &offset)) return throw_type(env, "preadv/pwritev(fd, memory, iovsPtr, iovsLen, offset)");
  struct iovec vec[MAX_IOVECS];
  int checked = guest_iovecs(memory, size, iovs, count, vec);
  if (checked < 0) return number(env, checked);
  int n = (int)count;
  ssize_t done;
  if (n == 1) {
    // One buffer (the common case: a line to a pipe, a chunk of a copy): the plain call, as uvwasi makes it.
    void *buf = vec[0].iov_base;
    size_t len = vec[0].iov_len;
    if (offset < 0) done = write ? write_fd(fd, buf, len) : read(fd, buf, len);
    else done = write ? pwrite(fd, buf, len, (off_t)offset) : pread(fd, buf, len, (off_t)offset);
  } else if (offset < 0) done = write ? writev(fd, vec, n) : readv(fd, vec, n);
  else done = write ? pwritev(fd, vec, n, (off_t)offset) : preadv(fd, vec, n, (off_t)offset);
  return number(env, done >= 0 ? (double)done : -errno);
}

// pollReadable(fds: Int32Array, timeoutMs) → a bit mask of the fds a read would not block on (data,
// end of stream or an error to report), 0 when the timeout passed first, or -errno. At most 31
// fds; a negative timeout waits as long as it takes. EINTR is 0: the caller waits again for what is left.
static napi_value js_poll_readable(napi_env env, napi_callback_info info) {
  ARGS(2)
  uint8_t *bytes;
  size_t size;
  double timeout;
  if (!get_bytes(env, argv[0], &bytes, &size) || !get_f64(env, argv[1], &timeout) || size % 4 != 0 || size / 4 > 31) {
    return throw_type(env, "pollReadable(fds: Int32Array, timeoutMs)");
  }
  size_t count = size / 4;
  struct pollfd polled[31];
  for (size_t i = 0; i < count; i++) {
    memcpy(&polled[i].fd, bytes + i * 4, 4);
    polled[i].events = POLLIN;
    polled[i].revents = 0;
  }
  int wait = timeout < 0 ? -1 : timeout > INT_MAX ? INT_MAX : (int)timeout;
  int n = poll(polled, (nfds_t)count, wait);
  if (n < 0) return number(env, errno == EINTR ? 0 : -errno);
  double mask = 0;
  for (size_t i = 0; i < count; i++) {
    if (polled[i].revents != 0) mask += (double)(1u << i);
  }
  return number(env, mask);
}

static napi_value js_preadv(napi_env env, napi_callback_info info) { return transfer(env, info, false); }
static napi_value js_pwritev(napi_env env, napi_callback_info info) { return transfer(env, info, true); }

// releaseLookup(fd): done with an O_PATH descriptor openBeneath gave (a parent for a call on its
// last component, or the object a set-times followed to); it is closed with the next batch. The
// caller hands over only such descriptors and never closes them itself.
static napi_value js_release_lookup(napi_env env, napi_callback_info info) {
  ARGS(1)
  int32_t fd;
  if (!get_i32(env, argv[0], &fd) || fd < 0) return throw_type(env, "releaseLookup(fd)");
  release_lookup(fd);
  return number(env, 0);
}

// close(fd) → 0 | -errno: closes a descriptor openBeneath gave to the guest. Node tracks the fds
// its own fs calls open (in a Worker it warns when fs.closeSync closes one it did not open), so
// each host fd is closed by whoever opened it: fd/table.ts knows which (FdEntry.hostOpener).
static napi_value js_close(napi_env env, napi_callback_info info) {
  ARGS(1)
  int32_t fd;
  if (!get_i32(env, argv[0], &fd) || fd < 0) return throw_type(env, "close(fd)");
  // Linux closes the descriptor even when close reports EINTR: never retried.
  return number(env, close(fd) == 0 ? 0 : -errno);
}

// resolver() → "openat2" or "openat-walk"; useWalk(true) forces the walk (to test it where openat2 works).
static napi_value js_resolver(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value result;
  napi_create_string_utf8(env, use_openat2 ? "openat2" : "openat-walk", NAPI_AUTO_LENGTH, &result);
  return result;
}

static napi_value js_use_walk(napi_env env, napi_callback_info info) {
  ARGS(1)
  bool walk;
  if (napi_get_value_bool(env, argv[0], &walk) != napi_ok) return throw_type(env, "useWalk(boolean)");
  if (walk) use_openat2 = false;
  return NULL;
}

// openat2 works when it opens "." beneath the working directory; ENOSYS (old kernel) or EPERM
// (a seccomp filter, as in some containers) mean the walk is used.
static void probe_openat2(void) {
  struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS };
  long fd = sys_openat2(AT_FDCWD, ".", &how);
  use_openat2 = fd >= 0;
  if (fd >= 0) close((int)fd);
}

NAPI_MODULE_INIT() {
  probe_openat2();
  if (!cleanup_hook_added && napi_add_env_cleanup_hook(env, close_pending_at_exit, NULL) == napi_ok) cleanup_hook_added = true;
  napi_property_descriptor functions[] = {
    { "openBeneath", NULL, js_open_beneath, NULL, NULL, NULL, napi_enumerable, NULL },
    { "statBeneath", NULL, js_stat_beneath, NULL, NULL, NULL, napi_enumerable, NULL },
    { "statAt", NULL, js_stat_at, NULL, NULL, NULL, napi_enumerable, NULL },
    { "statFd", NULL, js_stat_fd, NULL, NULL, NULL, napi_enumerable, NULL },
    { "filestatBeneath", NULL, js_filestat_beneath, NULL, NULL, NULL, napi_enumerable, NULL },
    { "filestatFd", NULL, js_filestat_fd, NULL, NULL, NULL, napi_enumerable, NULL },
    { "changeEntry", NULL, js_change_entry, NULL, NULL, NULL, napi_enumerable, NULL },
    { "mkdirAt", NULL, js_mkdir_at, NULL, NULL, NULL, napi_enumerable, NULL },
    { "unlinkAt", NULL, js_unlink_at, NULL, NULL, NULL, napi_enumerable, NULL },
    { "renameAt", NULL, js_rename_at, NULL, NULL, NULL, napi_enumerable, NULL },
    { "linkAt", NULL, js_link_at, NULL, NULL, NULL, napi_enumerable, NULL },
    { "symlinkAt", NULL, js_symlink_at, NULL, NULL, NULL, napi_enumerable, NULL },
    { "readlinkAt", NULL, js_readlink_at, NULL, NULL, NULL, napi_enumerable, NULL },
    { "utimensAt", NULL, js_utimens_at, NULL, NULL, NULL, napi_enumerable, NULL },
    { "utimensBeneath", NULL, js_utimens_beneath, NULL, NULL, NULL, napi_enumerable, NULL },
    { "syncFd", NULL, js_sync_fd, NULL, NULL, NULL, napi_enumerable, NULL },
    { "truncateFd", NULL, js_truncate_fd, NULL, NULL, NULL, napi_enumerable, NULL },
    { "listDirectory", NULL, js_list_directory, NULL, NULL, NULL, napi_enumerable, NULL },
    { "preadv", NULL, js_preadv, NULL, NULL, NULL, napi_enumerable, NULL },
    { "pwritev", NULL, js_pwritev, NULL, NULL, NULL, napi_enumerable, NULL },
    { "pollReadable", NULL, js_poll_readable, NULL, NULL, NULL, napi_enumerable, NULL },
    { "close", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL },
    { "releaseLookup", NULL, js_release_lookup, NULL, NULL, NULL, napi_enumerable, NULL },
    { "resolver", NULL, js_resolver, NULL, NULL, NULL, napi_enumerable, NULL },
    { "useWalk", NULL, js_use_walk, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  napi_define_properties(env, exports, sizeof(functions) / sizeof(functions[0]), functions);
  return exports;
}
