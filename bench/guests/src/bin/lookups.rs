//! A build tool's lookups, where most answers are "not there": for each of <names> headers, try
//! each of 8 include directories in turn (a stat that finds nothing until the last), read the one
//! found, and make sure its output directory exists (`create_dir_all` of a directory that is
//! already there). Failure-heavy: `path_filestat_get` → ENOENT, `path_create_directory` → EEXIST.

use bench_guests::{number_arg, text_arg};
use std::fs;
use std::io::ErrorKind;
use std::path::Path;

const INCLUDE_DIRS: usize = 8;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "lookups <dir> <names>";
    let root = Path::new(text_arg(&args, 1, usage));
    let names = number_arg(&args, 2, usage);
    let found_dir = root.join(format!("inc{}", INCLUDE_DIRS - 1));
    let out = root.join("out").join("obj");
    for dir in 0..INCLUDE_DIRS {
        fs::create_dir_all(root.join(format!("inc{}", dir))).expect("create an include directory");
    }
    for i in 0..names {
        fs::write(found_dir.join(format!("h{}.h", i)), "x").expect("write a header");
    }
    let (mut misses, mut bytes) = (0u64, 0u64);
    for i in 0..names {
        let name = format!("h{}.h", i);
        for dir in 0..INCLUDE_DIRS {
            let candidate = root.join(format!("inc{}", dir)).join(&name);
            match fs::metadata(&candidate) {
                Ok(_) => {
                    bytes += fs::read(&candidate).expect("read the header").len() as u64;
                    break;
                }
                Err(err) if err.kind() == ErrorKind::NotFound => misses += 1,
                Err(err) => panic!("stat {}: {}", candidate.display(), err),
            }
        }
        fs::create_dir_all(&out).expect("create the output directory");
    }
    eprintln!("misses: {} bytes: {}", misses, bytes);
}
