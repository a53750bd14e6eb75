;; Loads far past the end of its one page of memory: an out-of-bounds memory trap.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.load (i32.const 0x7ffffff0)))))
