//! Opens and reads `argv[1]` beneath fd 3 over and over for argv[2] ms, then prints every
//! distinct outcome (file content or errno) with its count, so a test can look for leaks.

use std::collections::BTreeMap;
use std::env;
use wasi_probes::{outcome, path_args, raw};

fn main() {
    let path = env::args().nth(1).expect("path");
    let millis: u64 = env::args().nth(2).expect("duration ms").parse().unwrap();
    let deadline = now() + millis * 1_000_000;
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    while now() < deadline {
        *seen.entry(read_once(&path)).or_insert(0) += 1;
    }
    for (what, count) in seen {
        println!("{} {}", count, what);
    }
}

fn read_once(path: &str) -> String {
    let (p, n) = path_args(path);
    let mut fd = 0u32;
    unsafe {
        let rights = raw::FD_READ;
        if let Err(e) = outcome(raw::path_open(3, 1, p, n, 0, rights, rights, 0, &mut fd)) {
            return e;
        }
        let mut buf = [0u8; 64];
        let iov = [buf.as_mut_ptr() as u32, buf.len() as u32];
        let mut got = 0u32;
        let r = outcome(raw::fd_read(fd as i32, iov.as_ptr(), 1, &mut got));
        raw::fd_close(fd as i32);
        match r {
            Ok(()) => format!("content:{}", String::from_utf8_lossy(&buf[..got as usize]).trim()),
            Err(e) => format!("read:{}", e),
        }
    }
}

fn now() -> u64 {
    let mut t = 0u64;
    unsafe { outcome(raw::clock_time_get(1, 1, &mut t)).expect("monotonic clock") };
    t
}
