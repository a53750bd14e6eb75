//! Lists the entries of a directory with their sizes.
//!
//! Under WASI the directory must be granted to the guest (`wasi-kit run --dir=. sizer.wasm .`);
//! without a grant, std's own error about the missing pre-opened directory is printed.

use std::env;
use std::fs;
use std::process;

fn main() {
    let args: Vec<String> = env::args().collect();
    let program = args.first().map(String::as_str).unwrap_or("sizer");
    let folder = match args.get(1) {
        Some(folder) => folder,
        None => {
            eprintln!("{} <input_folder>", program);
            process::exit(1);
        }
    };

    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(err) => {
            eprintln!("error: cannot read {:?}: {}", folder, err);
            process::exit(1);
        }
    };

    // read_dir's order depends on the filesystem; sorting keeps the listing stable.
    let mut listing: Vec<(String, u64)> = Vec::new();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                eprintln!("error: cannot read an entry of {:?}: {}", folder, err);
                process::exit(1);
            }
        };
        let size = entry.metadata().map(|meta| meta.len()).unwrap_or(0);
        listing.push((entry.file_name().to_string_lossy().into_owned(), size));
    }
    listing.sort();

    for (name, size) in listing {
        println!("filename: {:?}, filesize: {} bytes", name, size);
    }
}
