;; A reactor: `_initialize` sets a flag, `hello` writes "initialized\n" when it was called and
;; "not initialized\n" otherwise, so a test can tell that WASI.initialize() ran it.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $ready (mut i32) (i32.const 0))
  (data (i32.const 32) "not initialized\n")
  (func (export "_initialize") (global.set $ready (i32.const 1)))
  (func (export "hello")
    ;; "initialized\n" is the tail of "not initialized\n" (skip 4 bytes).
    (i32.store (i32.const 0) (select (i32.const 36) (i32.const 32) (global.get $ready)))
    (i32.store (i32.const 4) (select (i32.const 12) (i32.const 16) (global.get $ready)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
