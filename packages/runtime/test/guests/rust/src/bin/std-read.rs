//! Reads each path given with std::fs::read_to_string, as an ordinary program would, and prints
//! `ok <content>` or `err <wasi errno>` per path (wasi-libc maps the path onto a preopen first).

use std::{env, fs};

fn main() {
    for path in env::args().skip(1) {
        match fs::read_to_string(&path) {
            Ok(text) => println!("ok {}", text.trim_end()),
            Err(e) => println!("err {}", e.raw_os_error().map(|n| n.to_string()).unwrap_or_else(|| format!("{:?}", e.kind()))),
        }
    }
}
