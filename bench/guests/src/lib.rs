//! Shared pieces of the benchmark guests.

pub mod sha256;

use std::process;

/// Reads the numeric argument at `index`, or exits with a usage line.
pub fn number_arg(args: &[String], index: usize, usage: &str) -> u64 {
    match args.get(index).and_then(|text| text.parse().ok()) {
        Some(value) => value,
        None => {
            eprintln!("usage: {}", usage);
            process::exit(2);
        }
    }
}

/// Reads the string argument at `index`, or exits with a usage line.
pub fn text_arg<'a>(args: &'a [String], index: usize, usage: &str) -> &'a str {
    match args.get(index) {
        Some(value) => value,
        None => {
            eprintln!("usage: {}", usage);
            process::exit(2);
        }
    }
}
