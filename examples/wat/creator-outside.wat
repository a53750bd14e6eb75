;; Tries to create "../some_folder": a folder NEXT TO the granted one, outside the sandbox.
;; Exits with the errno it got back: 63 (EPERM), and nothing is created outside.
;; Run it: wasi-kit run --dir=. creator-outside.wat
(module
  ;; path_create_directory(fd, path, path_len) -> errno
  (import "wasi_unstable" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  ;; proc_exit(code): ends the run with that exit code.
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))

  (memory 1)
  (export "memory" (memory 0))

  ;; The path, 14 bytes at offset 0 (WASI paths are pointer + length, not NUL-terminated).
  (data (i32.const 0) "../some_folder")

  (func $main (export "_start")
    (call $path_create_directory
      (i32.const 3)  ;; fd 3: the first --dir grant (0, 1 and 2 are stdin, stdout and stderr)
      (i32.const 0)  ;; path
      (i32.const 14) ;; path_len
    )
    ;; The errno becomes the exit code: 0 on success, 63 (EPERM), 44 (ENOENT), ...
    call $proc_exit))
