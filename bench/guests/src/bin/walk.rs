//! Walks a directory tree and stats every entry: the metadata-heavy workload
//! (`fd_readdir`, `path_open`, `path_filestat_get` under WASI).

use bench_guests::text_arg;
use std::fs;
use std::path::Path;

fn walk(dir: &Path, files: &mut u64, bytes: &mut u64) {
    let entries = fs::read_dir(dir).unwrap_or_else(|err| panic!("read_dir {}: {}", dir.display(), err));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let metadata = fs::metadata(&path).unwrap_or_else(|err| panic!("metadata {}: {}", path.display(), err));
        if metadata.is_dir() {
            walk(&path, files, bytes);
        } else {
            *files += 1;
            *bytes += metadata.len();
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = text_arg(&args, 1, "walk <dir>");
    let (mut files, mut bytes) = (0, 0);
    walk(Path::new(root), &mut files, &mut bytes);
    eprintln!("files: {} bytes: {}", files, bytes);
}
