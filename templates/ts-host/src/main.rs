//! The guest: counts the words in its arguments and prints one line of JSON for the host to read.

use std::env;

fn main() {
    let words: Vec<String> = env::args().skip(1).flat_map(|arg| arg.split_whitespace().map(String::from).collect::<Vec<_>>()).collect();
    let longest = words.iter().fold("", |best, word| if word.len() > best.len() { word.as_str() } else { best });
    println!("{{\"words\":{},\"longest\":{:?}}}", words.len(), longest);
}
