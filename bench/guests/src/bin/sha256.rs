//! SHA-256 of N MiB generated in memory: compute-bound, the host is idle until the end.
//! Byte i of the input is `(i * 31 + (i >> 11)) mod 256`, which the harness reproduces to
//! check the digest against node:crypto.

use bench_guests::number_arg;
use bench_guests::sha256::{to_hex, Sha256};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mebibytes = number_arg(&args, 1, "sha256 <mebibytes>");
    let total = mebibytes * 1024 * 1024;
    let mut block = vec![0u8; 1024 * 1024];
    let mut hasher = Sha256::default();
    let mut offset: u64 = 0;
    while offset < total {
        for (i, byte) in block.iter_mut().enumerate() {
            let index = offset + i as u64;
            *byte = (index.wrapping_mul(31).wrapping_add(index >> 11)) as u8;
        }
        hasher.update(&block);
        offset += block.len() as u64;
    }
    eprintln!("sha256: {}", to_hex(&hasher.finish()));
}
