//! Shows what a WASI guest is given: its arguments, one environment variable and its stdin.
//!
//! `wasi-kit run --bin hello --env GREETING=hi -- a b < some-file`

use std::env;
use std::io::{self, Read};
use std::process;

fn main() {
    println!("{} says hi", env!("CARGO_PKG_NAME"));

    let args: Vec<String> = env::args().skip(1).collect();
    println!("args: {:?}", args);

    match env::var("GREETING") {
        Ok(greeting) => println!("GREETING: {}", greeting),
        Err(_) => println!("GREETING is not set"),
    }

    let mut input = String::new();
    if let Err(err) = io::stdin().read_to_string(&mut input) {
        eprintln!("error: cannot read stdin: {}", err);
        process::exit(1);
    }
    println!("stdin: {:?} ({} bytes)", input, input.len());
}
