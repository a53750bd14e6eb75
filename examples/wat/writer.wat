;; Writes "Hooray it's WASI" to stdout by calling WASI directly: no compiler, no libc.
;; Run it: wasi-kit run writer.wat
(module
  ;; fd_write(fd, iovs, iovs_len, nwritten) -> errno, from the pre-snapshot WASI namespace.
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))

  (memory 1)
  (export "memory" (memory 0))

  ;; The text lives at offset 12; its 17 bytes end with the newline that makes the line appear.
  (data (i32.const 12) "Hooray it's WASI\n")

  (func $main (export "_start")
    ;; One iovec at offset 0: { buf = 12, buf_len = 17 }.
    (i32.store (i32.const 0) (i32.const 12))
    (i32.store (i32.const 4) (i32.const 17))

    (call $fd_write
      (i32.const 1)  ;; fd 1: stdout
      (i32.const 0)  ;; iovs: the iovec array at offset 0
      (i32.const 1)  ;; iovs_len: one iovec
      (i32.const 20) ;; nwritten: where the host stores how many bytes it wrote (a u32, 4-aligned)
    )
    ;; The errno is dropped, as in the tutorial; `wasi-kit run --trace writer.wat` shows it.
    drop))
