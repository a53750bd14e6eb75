//! Counts the lines, words and bytes of standard input, like `wc`.

use std::io::{self, Read};
use std::process;

fn main() {
    let mut input = Vec::new();
    if let Err(err) = io::stdin().read_to_end(&mut input) {
        eprintln!("error: cannot read standard input: {}", err);
        process::exit(1);
    }
    let lines = input.iter().filter(|&&byte| byte == b'\n').count();
    let words = String::from_utf8_lossy(&input).split_whitespace().count();
    println!("{} {} {}", lines, words, input.len());
}
