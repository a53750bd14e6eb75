//! What an ordinary std program does with a preopen at argv[1]: read `in.txt`, write `out.txt`,
//! list the directory. Exercises wasi-libc's prestat lookup of absolute guest paths.

use std::{env, fs};

fn main() {
    let root = env::args().nth(1).expect("preopen guest path");
    let text = fs::read_to_string(format!("{}/in.txt", root)).expect("read in.txt");
    fs::write(format!("{}/out.txt", root), text.to_uppercase()).expect("write out.txt");
    let mut names: Vec<String> = fs::read_dir(&root)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().into_string().unwrap())
        .collect();
    names.sort();
    println!("{}", names.join(","));
}
