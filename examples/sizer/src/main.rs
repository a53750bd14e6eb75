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

    match listing(folder) {
        Ok(listing) => {
            for (name, size) in listing {
                println!("{}", format_entry(&name, size));
            }
        }
        Err(message) => {
            eprintln!("error: {}", message);
            process::exit(1);
        }
    }
}

/// The folder's entries as (name, size), sorted by name: read_dir's order depends on the filesystem.
fn listing(folder: &str) -> Result<Vec<(String, u64)>, String> {
    let entries = fs::read_dir(folder).map_err(|err| format!("cannot read {:?}: {}", folder, err))?;
    let mut listing: Vec<(String, u64)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| format!("cannot read an entry of {:?}: {}", folder, err))?;
        let size = entry.metadata().map(|meta| meta.len()).unwrap_or(0);
        listing.push((entry.file_name().to_string_lossy().into_owned(), size));
    }
    listing.sort();
    Ok(listing)
}

fn format_entry(name: &str, size: u64) -> String {
    format!("filename: {:?}, filesize: {} bytes", name, size)
}

// `wasi-kit test` runs these under the sandbox with the crate folder granted as ".".
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_an_entry_with_a_quoted_name() {
        assert_eq!(format_entry("a \"b\".txt", 6), "filename: \"a \\\"b\\\".txt\", filesize: 6 bytes");
    }

    #[test]
    fn lists_the_granted_crate_folder_sorted() {
        let names: Vec<String> = listing(".").unwrap().into_iter().map(|(name, _)| name).collect();
        assert!(names.contains(&"Cargo.toml".to_string()), "{:?}", names);
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
    }

    #[test]
    fn reports_a_missing_folder() {
        assert!(listing("./does-not-exist").unwrap_err().starts_with("cannot read \"./does-not-exist\""));
    }
}
