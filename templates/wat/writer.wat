;; Writes one line to stdout by calling WASI directly: no compiler, no libc.
;; Run it: wasi-kit run writer.wat
(module
  ;; fd_write(fd, iovs, iovs_len, nwritten) -> errno, from the pre-snapshot WASI ABI.
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  ;; The line at offset 16; one iovec { buf = 16, len = 28 } at offset 0.
  (data (i32.const 16) "hello from hand-written wat\n")
  (data (i32.const 0) "\10\00\00\00\1c\00\00\00")

  (func (export "_start")
    (local $errno i32)
    ;; stdout is fd 1; the number of bytes written lands at offset 8.
    (local.set $errno (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (if (local.get $errno) (then (call $proc_exit (local.get $errno))))))
