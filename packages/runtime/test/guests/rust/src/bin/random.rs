//! Fills two buffers of argv[1] bytes with random_get. Up to 64 bytes it prints them in hex, one
//! a line; larger buffers print `distinct=<byte values seen> tail=<distinct in the last 256>`, so a
//! host that fills only a prefix (e.g. a 65,536-byte getRandomValues limit) shows a dead tail.

use std::collections::BTreeSet;
use std::env;
use wasi_probes::{outcome, raw};

fn main() {
    let len: usize = env::args().nth(1).map(|n| n.parse().unwrap()).unwrap_or(32);
    for _ in 0..2 {
        let mut buf = vec![0u8; len];
        match unsafe { outcome(raw::random_get(buf.as_mut_ptr(), len as i32)) } {
            Ok(()) if len <= 64 => println!("{}", buf.iter().map(|b| format!("{:02x}", b)).collect::<String>()),
            Ok(()) => {
                let distinct = |bytes: &[u8]| bytes.iter().collect::<BTreeSet<_>>().len();
                println!("distinct={} tail={}", distinct(&buf), distinct(&buf[len.saturating_sub(256)..]));
            }
            Err(e) => println!("{}", e),
        }
    }
}
