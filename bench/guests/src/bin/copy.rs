//! Copies one file to another in 64 KiB reads and writes (no `io::copy`, whose buffer size
//! and fast paths differ between platforms).

use bench_guests::text_arg;
use std::fs::File;
use std::io::{Read, Write};

const CHUNK: usize = 64 * 1024;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "copy <from> <to>";
    let from = text_arg(&args, 1, usage);
    let to = text_arg(&args, 2, usage);
    let mut source = File::open(from).unwrap_or_else(|err| panic!("open {}: {}", from, err));
    let mut destination = File::create(to).unwrap_or_else(|err| panic!("create {}: {}", to, err));
    let mut buffer = vec![0u8; CHUNK];
    let mut copied: u64 = 0;
    loop {
        let read = source.read(&mut buffer).expect("read source");
        if read == 0 {
            break;
        }
        destination.write_all(&buffer[..read]).expect("write destination");
        copied += read as u64;
    }
    eprintln!("copied: {}", copied);
}
