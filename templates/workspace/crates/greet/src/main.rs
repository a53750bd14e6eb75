//! Greets whoever is named on the command line, or the world.

use std::env;

fn main() {
    let names: Vec<String> = env::args().skip(1).collect();
    if names.is_empty() {
        println!("Hello, world!");
    } else {
        println!("Hello, {}!", names.join(" and "));
    }
}
