//! Copies stdin to stdout (through std), writes `to stderr` on stderr, exits with argv[1].

use std::io::{self, Read, Write};
use std::{env, process};

fn main() {
    let mut input = Vec::new();
    io::stdin().read_to_end(&mut input).expect("read stdin");
    io::stdout().write_all(&input).expect("write stdout");
    eprint!("to stderr");
    process::exit(env::args().nth(1).map(|c| c.parse().unwrap()).unwrap_or(0));
}
