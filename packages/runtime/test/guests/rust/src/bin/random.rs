//! Fills two buffers of the given length with random_get and prints them in hex, one a line.

use std::env;
use wasi_probes::{outcome, raw};

fn main() {
    let len: usize = env::args().nth(1).map(|n| n.parse().unwrap()).unwrap_or(32);
    for _ in 0..2 {
        let mut buf = vec![0u8; len];
        match unsafe { outcome(raw::random_get(buf.as_mut_ptr(), len as i32)) } {
            Ok(()) => println!("{}", buf.iter().map(|b| format!("{:02x}", b)).collect::<String>()),
            Err(e) => println!("{}", e),
        }
    }
}
