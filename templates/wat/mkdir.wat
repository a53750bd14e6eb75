;; Creates the directory `made-by-wat` inside the first granted folder, then says so on stdout.
;; Run it: wasi-kit run mkdir.wat --dir=.
;; Without a --dir grant there is no fd 3, and it exits with errno 8 (BADF).
(module
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)

  (data (i32.const 64) "made-by-wat")
  (data (i32.const 96) "created made-by-wat\n")
  ;; iovec { buf = 96, len = 20 } at offset 0.
  (data (i32.const 0) "\60\00\00\00\14\00\00\00")

  (func (export "_start")
    (local $errno i32)
    ;; fd 3 is the first preopened directory; the path is relative to it (11 bytes at 64).
    (local.set $errno (call $path_create_directory (i32.const 3) (i32.const 64) (i32.const 11)))
    (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
    (local.set $errno (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (if (local.get $errno) (then (call $proc_exit (local.get $errno))))))
