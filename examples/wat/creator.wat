;; Creates the folder "wasi-folder" inside the folder granted with --dir, then exits with the errno
;; it got back, so the exit code tells what happened (0 = created).
;; Run it: wasi-kit run --dir=. creator.wat
(module
  ;; path_create_directory(fd, path, path_len) -> errno
  (import "wasi_unstable" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  ;; proc_exit(code): ends the run with that exit code.
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))

  (memory 1)
  (export "memory" (memory 0))

  ;; The path, 11 bytes at offset 0 (WASI paths are pointer + length, not NUL-terminated).
  (data (i32.const 0) "wasi-folder")

  (func $main (export "_start")
    (call $path_create_directory
      (i32.const 3)  ;; fd 3: the first --dir grant (0, 1 and 2 are stdin, stdout and stderr)
      (i32.const 0)  ;; path
      (i32.const 11) ;; path_len
    )
    ;; The errno becomes the exit code: 0 on success, 76 (ENOTCAPABLE), 44 (ENOENT), ...
    call $proc_exit))
