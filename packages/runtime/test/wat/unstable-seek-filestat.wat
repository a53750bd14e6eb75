;; The legacy `wasi_unstable` ABI: whence is CUR=0, END=1, SET=2 (preview1: SET=0, CUR=1, END=2)
;; and filestat is 56 bytes with a u32 nlink at 20 and size at 24 (preview_0.rs / wasi_unstable
;; typenames). Opens /sb/file.txt ("inside", 6 bytes) on fd 3; exits with the number of the first
;; failed check, or writes "unstable ok" and exits 0.
(module
  (import "wasi_unstable" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_unstable" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "file.txt")
  (data (i32.const 16) "unstable ok\n")
  ;; 32: opened fd, 40: new offset, 48: iovec, 64: filestat (56 bytes)

  (func $fail_if (param $failed i32) (param $code i32)
    (if (local.get $failed) (then (call $proc_exit (local.get $code)))))

  (func $seek (param $offset i64) (param $whence i32) (param $expect i64) (param $code i32)
    (call $fail_if
      (call $fd_seek (i32.load (i32.const 32)) (local.get $offset) (local.get $whence) (i32.const 40))
      (local.get $code))
    (call $fail_if (i64.ne (i64.load (i32.const 40)) (local.get $expect)) (i32.add (local.get $code) (i32.const 1))))

  (func (export "_start")
    ;; rights: fd_read | fd_seek | fd_tell | fd_filestat_get
    (call $fail_if
      (call $path_open (i32.const 3) (i32.const 1) (i32.const 0) (i32.const 8) (i32.const 0)
        (i64.const 0x200026) (i64.const 0) (i32.const 0) (i32.const 32))
      (i32.const 10))
    (call $seek (i64.const -2) (i32.const 1) (i64.const 4) (i32.const 11)) ;; END
    (call $seek (i64.const 1) (i32.const 2) (i64.const 1) (i32.const 13))  ;; SET
    (call $seek (i64.const 2) (i32.const 0) (i64.const 3) (i32.const 15))  ;; CUR
    (call $fail_if (call $fd_filestat_get (i32.load (i32.const 32)) (i32.const 64)) (i32.const 20))
    (call $fail_if (i32.ne (i32.load8_u (i32.const 80)) (i32.const 4)) (i32.const 21))  ;; filetype @16
    (call $fail_if (i32.ne (i32.load (i32.const 84)) (i32.const 1)) (i32.const 22))     ;; nlink u32 @20
    (call $fail_if (i64.ne (i64.load (i32.const 88)) (i64.const 6)) (i32.const 23))     ;; size @24
    (i32.store (i32.const 48) (i32.const 16))
    (i32.store (i32.const 52) (i32.const 12))
    (call $fail_if (call $fd_write (i32.const 1) (i32.const 48) (i32.const 1) (i32.const 56)) (i32.const 30))))
