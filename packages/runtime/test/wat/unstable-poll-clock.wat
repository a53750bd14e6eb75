;; wasi_unstable poll_oneoff: a subscription is 56 bytes there, because subscription_clock starts
;; with a u64 `identifier` (clock_id at 24, timeout at 32, precision at 40, flags at 48). Two
;; relative monotonic clocks, 5 s (userdata 0xaaaa) and 30 ms (userdata 0xbbbb, the second
;; subscription): exactly the 30 ms one must fire, after at least 30 ms. Exits with the number of
;; the first failed check, or writes "unstable poll ok" and exits 0.
(module
  (import "wasi_unstable" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_unstable" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_unstable" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 512) "unstable poll ok\n")
  ;; 0..112: two subscriptions, 128..160: one event, 200: nevents, 208/216: clock readings

  (func $fail_if (param $failed i32) (param $code i32)
    (if (local.get $failed) (then (call $proc_exit (local.get $code)))))

  (func $subscribe (param $at i32) (param $userdata i64) (param $timeout i64)
    (i64.store (local.get $at) (local.get $userdata))
    (i32.store8 (i32.add (local.get $at) (i32.const 8)) (i32.const 0))          ;; tag: clock
    (i64.store (i32.add (local.get $at) (i32.const 16)) (i64.const 0x1d))       ;; identifier
    (i32.store (i32.add (local.get $at) (i32.const 24)) (i32.const 1))          ;; monotonic
    (i64.store (i32.add (local.get $at) (i32.const 32)) (local.get $timeout))
    (i64.store (i32.add (local.get $at) (i32.const 40)) (i64.const 0))
    (i32.store16 (i32.add (local.get $at) (i32.const 48)) (i32.const 0)))       ;; relative

  (func (export "_start")
    (call $subscribe (i32.const 0) (i64.const 0xaaaa) (i64.const 5000000000))
    (call $subscribe (i32.const 56) (i64.const 0xbbbb) (i64.const 30000000))
    (call $fail_if (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 208)) (i32.const 9))
    (call $fail_if (call $poll_oneoff (i32.const 0) (i32.const 128) (i32.const 2) (i32.const 200)) (i32.const 10))
    (call $fail_if (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 216)) (i32.const 9))
    (call $fail_if (i32.ne (i32.load (i32.const 200)) (i32.const 1)) (i32.const 11))
    (call $fail_if (i64.ne (i64.load (i32.const 128)) (i64.const 0xbbbb)) (i32.const 12))
    (call $fail_if (i32.ne (i32.load16_u (i32.const 136)) (i32.const 0)) (i32.const 13))   ;; error
    (call $fail_if (i32.ne (i32.load8_u (i32.const 138)) (i32.const 0)) (i32.const 14))    ;; type: clock
    (call $fail_if
      (i64.lt_u (i64.sub (i64.load (i32.const 216)) (i64.load (i32.const 208))) (i64.const 30000000))
      (i32.const 15))
    (i32.store (i32.const 224) (i32.const 512))
    (i32.store (i32.const 228) (i32.const 17))
    (drop (call $fd_write (i32.const 1) (i32.const 224) (i32.const 1) (i32.const 232)))))
