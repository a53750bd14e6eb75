;; wasi_unstable fd_write on a closed fd and on fd 1 with two iovecs: exits with the first errno
;; (EBADF is 8 in both ABIs) after writing "ab" + "cd\n" to stdout.
(module
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "ab")
  (data (i32.const 40) "cd\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 32))
    (i32.store (i32.const 4) (i32.const 2))
    (i32.store (i32.const 8) (i32.const 40))
    (i32.store (i32.const 12) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 2) (i32.const 16)))
    (call $proc_exit (call $fd_write (i32.const 77) (i32.const 0) (i32.const 2) (i32.const 16)))))
