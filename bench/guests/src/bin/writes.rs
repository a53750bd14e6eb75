//! N small writes to stdout: one 16-byte line per `fd_write`, so the host's syscall path is
//! what is measured. The count goes to stderr for the harness to check.

use bench_guests::number_arg;
use std::io::{self, Write};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let count = number_arg(&args, 1, "writes <count>");
    let stdout = io::stdout();
    let mut out = stdout.lock();
    // std's stdout is line-buffered: each line ending in '\n' is flushed as one write.
    for _ in 0..count {
        out.write_all(b"0123456789abcde\n").expect("write to stdout");
    }
    out.flush().expect("flush stdout");
    eprintln!("writes: {}", count);
}
