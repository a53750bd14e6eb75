;; The same checks as unstable-seek-filestat.wat in preview1 terms: whence SET=0, CUR=1, END=2,
;; filestat 64 bytes with a u64 nlink at 24 and size at 32 (typenames.witx). Exits with the
;; number of the first failed check, or writes "preview1 ok" and exits 0.
(module
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "file.txt")
  (data (i32.const 16) "preview1 ok\n")

  (func $fail_if (param $failed i32) (param $code i32)
    (if (local.get $failed) (then (call $proc_exit (local.get $code)))))

  (func $seek (param $offset i64) (param $whence i32) (param $expect i64) (param $code i32)
    (call $fail_if
      (call $fd_seek (i32.load (i32.const 32)) (local.get $offset) (local.get $whence) (i32.const 40))
      (local.get $code))
    (call $fail_if (i64.ne (i64.load (i32.const 40)) (local.get $expect)) (i32.add (local.get $code) (i32.const 1))))

  (func (export "_start")
    (call $fail_if
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 0) (i32.const 8) (i32.const 0)
        (i64.const 0x200026) (i64.const 0) (i32.const 0) (i32.const 32))
      (i32.const 10))
    (call $seek (i64.const -2) (i32.const 2) (i64.const 4) (i32.const 11)) ;; END
    (call $seek (i64.const 1) (i32.const 0) (i64.const 1) (i32.const 13))  ;; SET
    (call $seek (i64.const 2) (i32.const 1) (i64.const 3) (i32.const 15))  ;; CUR
    (call $fail_if (call $fd_filestat_get (i32.load (i32.const 32)) (i32.const 64)) (i32.const 20))
    (call $fail_if (i32.ne (i32.load8_u (i32.const 80)) (i32.const 4)) (i32.const 21))  ;; filetype @16
    (call $fail_if (i64.ne (i64.load (i32.const 88)) (i64.const 1)) (i32.const 22))     ;; nlink u64 @24
    (call $fail_if (i64.ne (i64.load (i32.const 96)) (i64.const 6)) (i32.const 23))     ;; size @32
    (i32.store (i32.const 48) (i32.const 16))
    (i32.store (i32.const 52) (i32.const 12))
    (call $fail_if (call $fd_write (i32.const 1) (i32.const 48) (i32.const 1) (i32.const 56)) (i32.const 30))))
